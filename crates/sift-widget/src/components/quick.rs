//! The quick search: a combobox whose drop-down shows results on every keystroke.
//!
//! It follows the WAI-ARIA combobox pattern with a listbox popup: focus stays in the input,
//! Up and Down move `aria-activedescendant`, Enter or a click opens the active result.
//! The options hold no links (a link inside `role=option` is nested interactive content,
//! which NVDA, JAWS and VoiceOver announce inconsistently and axe reports); each option
//! carries its article's URL in `data-href`, and the widget navigates itself. We chose this
//! over a plain list of links (with the count in a live region) because screen readers
//! support the listbox combobox well today, and it keeps the typed query and the arrow
//! keys in one place: a reader moves through the results without leaving the box, hears
//! each one announced, and can go on typing. The count is announced in a live region too.

use std::rc::Rc;

use sift_core::quick_rounds;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::error::error_message;
use super::result_item::result_item;
use crate::engine::Engine;
use crate::hooks::{use_index, use_search, Plan};
use crate::i18n::Lang;
use crate::state::{url::encode_query, Action, Edit, Form, QuickStatus, State};

/// Opens `href` in this tab.
fn go(href: &str) {
    if let Some(window) = web_sys::window() {
        let _ = window.location().assign(href);
    }
}

const LISTBOX_ID: &str = "sift-listbox";

fn option_id(i: usize) -> String {
    format!("sift-option-{i}")
}

/// Props of [`QuickSearch`].
#[derive(Clone, Debug, PartialEq, Properties)]
pub(crate) struct QuickSearchProps {
    /// The page's engine.
    pub(crate) engine: Rc<Engine>,
    /// The UI language.
    pub(crate) lang: Lang,
    /// Where Enter goes without a selected result (`?<prefix>q=` is added).
    pub(crate) search_page: AttrValue,
    /// The prefix of the widget's URL parameters.
    pub(crate) prefix: AttrValue,
}

/// The quick search box.
#[component]
pub(crate) fn QuickSearch(props: &QuickSearchProps) -> Html {
    let lang = props.lang;
    let text = lang.text();
    let state = use_reducer(|| State::new(Form::default(), sift_core::Sort::Relevance));
    let index = use_index(Rc::clone(&props.engine));
    let plan =
        use_memo(state.form.q.clone(), |q| Plan { rounds: quick_rounds(q), lenient: false, lang });
    let pending = use_search(Rc::clone(&props.engine), Rc::clone(&plan), state.dispatcher());

    let oninput = {
        let dispatch = state.dispatcher();
        Callback::from(move |event: InputEvent| {
            if let Some(input) = event.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
            {
                dispatch.dispatch(Action::Edit(Edit::Q(input.value())));
            }
        })
    };
    let hits = state.view.as_ref().map(|v| v.hits.clone()).unwrap_or_default();
    let onkeydown = {
        let dispatch = state.dispatcher();
        let (active, open, query) = (state.active, state.open, state.form.q.clone());
        let target = active.filter(|_| open).and_then(|a| hits.get(a)).map(|h| h.url.clone());
        let (search_page, prefix) = (props.search_page.to_string(), props.prefix.clone());
        Callback::from(move |event: KeyboardEvent| match event.key().as_str() {
            "ArrowDown" => {
                event.prevent_default();
                dispatch.dispatch(Action::Move(1));
            }
            "ArrowUp" => {
                event.prevent_default();
                dispatch.dispatch(Action::Move(-1));
            }
            "Escape" => {
                if open {
                    event.prevent_default();
                }
                dispatch.dispatch(Action::Close);
            }
            "Enter" => {
                event.prevent_default();
                // An active result without a link (its URL is not http(s)) goes nowhere.
                let href = target.clone().unwrap_or_else(|| {
                    let joiner = if search_page.contains('?') { '&' } else { '?' };
                    let q = encode_query(&[(format!("{prefix}q"), query.trim().to_string())]);
                    format!("{search_page}{joiner}{q}")
                });
                if !href.is_empty() {
                    go(&href);
                }
            }
            _ => {}
        })
    };

    // A click on an option opens its article; pressing the mouse must not take the focus
    // from the input (the drop-down would close before the click).
    let onclick = Callback::from(|event: MouseEvent| {
        let option = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|t| t.closest("[data-href]").ok().flatten());
        if let Some(href) = option.and_then(|o| o.get_attribute("data-href")) {
            go(&href);
        }
    });
    let onmousedown = Callback::from(|event: MouseEvent| event.prevent_default());

    // Focus leaving the widget (a click elsewhere, Tab) closes the drop-down.
    let onfocusout = {
        let dispatch = state.dispatcher();
        Callback::from(move |event: FocusEvent| {
            let inside = match (event.current_target(), event.related_target()) {
                (Some(widget), Some(to)) => {
                    let widget = widget.dyn_into::<web_sys::Node>().ok();
                    let to = to.dyn_into::<web_sys::Node>().ok();
                    widget.is_some_and(|w| w.contains(to.as_ref()))
                }
                _ => false,
            };
            if !inside {
                dispatch.dispatch(Action::Close);
            }
        })
    };
    let onfocus = {
        let dispatch = state.dispatcher();
        Callback::from(move |_: FocusEvent| dispatch.dispatch(Action::Open))
    };
    let has_query = !plan.rounds.is_empty();
    let expanded = state.open && has_query && !hits.is_empty();
    let status = match state.quick_status(has_query, pending) {
        QuickStatus::Quiet => String::new(),
        QuickStatus::Searching => text.searching.to_string(),
        QuickStatus::NoResults => text.no_results.to_string(),
        QuickStatus::Found(total) => {
            let view = state.view.as_ref();
            let corrections = view.map_or(&[][..], |v| v.corrections.as_slice());
            text.count_reading(total, corrections, view.is_some_and(|v| v.some_words))
        }
    };
    let notice = state.notice.or(index.notice);
    let active = state.active.filter(|_| expanded);
    let several = props.engine.several();
    let panel = state.open && has_query;
    html! {
        <div class="sift-quick" {onfocusout}>
            <input
                type="search"
                class="sift-input"
                role="combobox"
                aria-label={text.search}
                placeholder={text.placeholder}
                autocomplete="off"
                spellcheck="false"
                aria-autocomplete="list"
                aria-controls={LISTBOX_ID}
                aria-expanded={expanded.to_string()}
                aria-activedescendant={active.map(option_id)}
                value={state.form.q.clone()}
                {oninput}
                {onkeydown}
                {onfocus}
            />
            <div class="sift-panel" hidden={!panel} {onmousedown}>
            if panel {
                { error_message(notice, lang) }
            }
            <ul id={LISTBOX_ID} class="sift-listbox" role="listbox" aria-label={text.results_label} hidden={!expanded} {onclick}>
                { for hits.iter().enumerate().map(|(i, hit)| {
                    let selected = active == Some(i);
                    html! {
                        <li
                            id={option_id(i)}
                            role="option"
                            class={classes!("sift-option", selected.then_some("sift-active"))}
                            aria-selected={selected.to_string()}
                            data-href={(!hit.url.is_empty()).then(|| hit.url.clone())}
                        >
                            { result_item(hit, several, false, lang) }
                        </li>
                    }
                }) }
            </ul>
            <div class="sift-status" role="status" aria-live="polite">{ status }</div>
            </div>
            if !panel {
                { error_message(notice, lang) }
            }
        </div>
    }
}
