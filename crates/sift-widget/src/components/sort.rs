//! The sort select: relevance, newest, oldest.

use sift_core::Sort;
use wasm_bindgen::JsCast;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::i18n::Lang;
use crate::state::url::{sort_from_name, sort_name};

/// Props of [`SortSelect`].
#[derive(Clone, Debug, PartialEq, Properties)]
pub(crate) struct SortSelectProps {
    /// The current order.
    pub(crate) sort: Sort,
    /// Called with the chosen order.
    pub(crate) onchange: Callback<Sort>,
    /// The UI language.
    pub(crate) lang: Lang,
}

/// `select[name=sort]`.
#[component]
pub(crate) fn SortSelect(props: &SortSelectProps) -> Html {
    let text = props.lang.text();
    let onchange = {
        let emit = props.onchange.clone();
        Callback::from(move |event: Event| {
            let select = event.target().and_then(|t| t.dyn_into::<HtmlSelectElement>().ok());
            if let Some(sort) = select.and_then(|s| sort_from_name(&s.value())) {
                emit.emit(sort);
            }
        })
    };
    let option = |sort: Sort, label: &'static str| {
        html! { <option value={sort_name(sort)} selected={props.sort == sort}>{ label }</option> }
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
