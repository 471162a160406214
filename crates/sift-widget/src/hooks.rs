//! The widget's hooks: opening the index, searching with cancellation, keeping the form in
//! the URL, and debouncing a value.

mod use_debounce;
mod use_index;
mod use_search;
mod use_url_state;

pub(crate) use use_debounce::use_debounce;
pub(crate) use use_index::use_index;
pub(crate) use use_search::{use_search, Plan};
pub(crate) use use_url_state::{form_from_location, use_url_state};
