//! Keeping the advanced form in the page's URL: pushed on changes, restored on back and
//! forward; only the widget's own (prefixed) parameters, never the host page's.

use sift_core::Sort;
use wasm_bindgen::prelude::*;
use yew::prelude::*;

use super::use_debounce;
use crate::state::url::with_state;
use crate::state::{Action, Form, State};

/// How long the form must keep still before it becomes a history entry, so that typing a
/// word makes one entry rather than one per letter.
const SETTLE_MILLIS: i32 = 400;

fn location_search() -> String {
    web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default()
}

/// The form in the page's current URL (its parameters starting with `prefix`).
pub(crate) fn form_from_location(prefix: &str, default_sort: Sort) -> Form {
    Form::from_query(&location_search(), prefix, default_sort)
}

/// Mirrors `form` into the URL (`history.pushState`) and restores it on `popstate`.
#[hook]
pub(crate) fn use_url_state(
    form: Form,
    prefix: AttrValue,
    default_sort: Sort,
    dispatch: UseReducerDispatcher<State>,
) {
    let settled = use_debounce(form, SETTLE_MILLIS);

    let own = prefix.clone();
    use_effect_with(settled, move |form| {
        let current = location_search();
        // Compare forms, not strings: a hand-written URL may spell the same search
        // differently, and rewriting it would add a needless history entry.
        if Form::from_query(&current, &own, default_sort) != *form {
            let query = with_state(&current, &own, &form.to_query(&own, default_sort));
            let location = web_sys::window().map(|w| w.location());
            let part = |get: fn(&web_sys::Location) -> Result<String, JsValue>| {
                location.as_ref().and_then(|l| get(l).ok()).unwrap_or_default()
            };
            let (path, hash) = (part(web_sys::Location::pathname), part(web_sys::Location::hash));
            let url = if query.is_empty() {
                format!("{path}{hash}")
            } else {
                format!("{path}?{query}{hash}")
            };
            if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
                let _ = history.push_state_with_url(&JsValue::NULL, "", Some(&url));
            }
        }
    });

    use_effect_with((), move |_| {
        let restore = Closure::<dyn Fn()>::new(move || {
            dispatch.dispatch(Action::Restore(form_from_location(&prefix, default_sort)));
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
