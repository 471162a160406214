//! The root component: one engine for the element's index URLs, and the mode it shows.

use std::rc::Rc;

use yew::prelude::*;

use super::advanced::AdvancedSearch;
use super::latest::LatestNews;
use super::quick::QuickSearch;
use crate::engine::Engine;
use crate::i18n::Lang;
use crate::state::Mode;

/// The element's attributes.
#[derive(Clone, Debug, PartialEq, Properties)]
pub(crate) struct WidgetProps {
    /// Index directory URLs, space-separated.
    pub(crate) index: AttrValue,
    /// What to show.
    pub(crate) mode: Mode,
    /// The UI language.
    pub(crate) lang: Lang,
    /// Where the quick search goes on Enter without a selected result.
    pub(crate) search_page: AttrValue,
    /// Latest news: the facet.
    pub(crate) facet: AttrValue,
    /// Latest news: the facet's value.
    pub(crate) value: AttrValue,
    /// Latest news: how many articles.
    pub(crate) limit: usize,
    /// Latest news: the "More news" link, if not the default.
    pub(crate) more: Option<AttrValue>,
    /// The prefix of the widget's URL parameters (`sift-`).
    pub(crate) prefix: AttrValue,
}

/// The widget.
#[component]
pub(crate) fn Widget(props: &WidgetProps) -> Html {
    let engine = use_memo(props.index.clone(), |index| Engine::shared(index));
    let engine: Rc<Engine> = Rc::clone(&engine);
    let (lang, prefix) = (props.lang, props.prefix.clone());
    match props.mode {
        Mode::Quick => html! {
            <QuickSearch {engine} {lang} {prefix} search_page={props.search_page.clone()} />
        },
        Mode::Advanced | Mode::News => html! {
            <AdvancedSearch {engine} {lang} {prefix} mode={props.mode} />
        },
        Mode::Latest => html! {
            <LatestNews
                {engine}
                {lang}
                {prefix}
                facet={props.facet.clone()}
                value={props.value.clone()}
                limit={props.limit}
                more={props.more.clone()}
            />
        },
    }
}
