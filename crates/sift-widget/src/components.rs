//! The widget's components: the root that picks a mode, the quick search, the advanced
//! search and All news, the latest-news block, and the pieces they share.

mod advanced;
mod date_range;
mod error;
mod facet;
mod highlight;
mod latest;
mod pager;
mod quick;
mod result_item;
mod results;
mod sort;
mod widget;

pub(crate) use widget::{Widget, WidgetProps};
