//! Keeping the advanced form in the page's URL: pushed on changes, restored on back and
//! forward.

use sift_core::Sort;
use wasm_bindgen::prelude::*;
use yew::prelude::*;

use super::use_debounce;
use crate::state::{Action, Form, State};

/// How long the form must keep still before it becomes a history entry, so that typing a
/// word makes one entry rather than one per letter.
const SETTLE_MILLIS: i32 = 400;

/// The form in the page's current URL.
pub(crate) fn form_from_location(default_sort: Sort) -> Form {
    let search = web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default();
    Form::from_query(&search, default_sort)
}

/// Mirrors `form` into the URL (`history.pushState`) and restores it on `popstate`.
#[hook]
pub(crate) fn use_url_state(form: Form, default_sort: Sort, dispatch: UseReducerDispatcher<State>) {
    let settled = use_debounce(form, SETTLE_MILLIS);

    use_effect_with(settled, move |form| {
        if let Some(window) = web_sys::window() {
            let location = window.location();
            let query = form.to_query(default_sort);
            let current = location.search().unwrap_or_default();
            let current = current.strip_prefix('?').unwrap_or(&current);
            // Compare forms, not strings: a hand-written URL may spell the same search
            // differently, and rewriting it would add a needless history entry.
            if Form::from_query(current, default_sort) != *form {
                let path = location.pathname().unwrap_or_default();
                let hash = location.hash().unwrap_or_default();
                let url = if query.is_empty() {
                    format!("{path}{hash}")
                } else {
                    format!("{path}?{query}{hash}")
                };
                if let Ok(history) = window.history() {
                    let _ = history.push_state_with_url(&JsValue::NULL, "", Some(&url));
                }
            }
        }
    });

    use_effect_with((), move |_| {
        let restore = Closure::<dyn Fn()>::new(move || {
            dispatch.dispatch(Action::Restore(form_from_location(default_sort)));
        });
        let window = web_sys::window();
        if let Some(window) = &window {
            let _ = window
                .add_event_listener_with_callback("popstate", restore.as_ref().unchecked_ref());
        }
        move || {
            if let Some(window) = window {
                let _ = window.remove_event_listener_with_callback(
                    "popstate",
                    restore.as_ref().unchecked_ref(),
                );
            }
        }
    });
}
