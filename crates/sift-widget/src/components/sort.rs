//! The sort select: relevance, newest, oldest.

use sift_core::Sort;
use wasm_bindgen::JsCast;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::i18n::Lang;
use crate::state::url::{sort_from_name, sort_name};

/// `select[name=sort]` showing `current`; `onchange` is called with the chosen order.
pub(crate) fn sort_select(current: Sort, onchange: Callback<Sort>, lang: Lang) -> Html {
    let text = lang.text();
    let onchange = Callback::from(move |event: Event| {
        let select = event.target().and_then(|t| t.dyn_into::<HtmlSelectElement>().ok());
        if let Some(sort) = select.and_then(|s| sort_from_name(&s.value())) {
            onchange.emit(sort);
        }
    });
    let option = |sort: Sort, label: &'static str| {
        html! { <option value={sort_name(sort)} selected={current == sort}>{ label }</option> }
    };
    html! {
        <label class="sift-sort">
            <span>{ text.sort }</span>
            <select name="sort" {onchange}>
                { option(Sort::Relevance, text.relevance) }
                { option(Sort::Newest, text.newest) }
                { option(Sort::Oldest, text.oldest) }
            </select>
        </label>
    }
}
