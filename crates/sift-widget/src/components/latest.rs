//! The latest news with one facet value, and a "More news" link to All news filtered by it.

use std::rc::Rc;

use sift_core::{Round, SearchRequest, Sort};
use yew::prelude::*;

use super::error::error_message;
use super::result_item::link;
use crate::engine::Engine;
use crate::hooks::{use_search, Plan};
use crate::i18n::Lang;
use crate::state::{url::facet_query, Form, State};

/// Props of [`LatestNews`].
#[derive(Clone, Debug, PartialEq, Properties)]
pub(crate) struct LatestNewsProps {
    /// The page's engine.
    pub(crate) engine: Rc<Engine>,
    /// The UI language.
    pub(crate) lang: Lang,
    /// The facet (`places`).
    pub(crate) facet: AttrValue,
    /// Its value (`usa`).
    pub(crate) value: AttrValue,
    /// How many articles.
    pub(crate) limit: usize,
    /// The "More news" link, if not `/news.html?<prefix><facet>=<value>`.
    pub(crate) more: Option<AttrValue>,
    /// The prefix of the widget's URL parameters.
    pub(crate) prefix: AttrValue,
}

/// `ul.sift-latest` and `a.sift-more`.
#[component]
pub(crate) fn LatestNews(props: &LatestNewsProps) -> Html {
    let lang = props.lang;
    let text = lang.text();
    let state = use_reducer(|| State::new(Form::default(), Sort::Newest));
    let plan = use_memo(
        (props.facet.clone(), props.value.clone(), props.limit),
        |(facet, value, limit)| {
            let mut filters = Vec::new();
            if !facet.is_empty() {
                filters.push((facet.to_string(), vec![value.to_string()]));
            }
            let request = SearchRequest {
                filters,
                sort: Sort::Newest,
                limit: *limit,
                typos: false,
                ..SearchRequest::default()
            };
            Plan { rounds: vec![Round::always(request)], lenient: false, lang }
        },
    );
    use_search(Rc::clone(&props.engine), Rc::clone(&plan), state.dispatcher());
    let more = props.more.clone().unwrap_or_else(|| {
        if props.facet.is_empty() {
            "/news.html".into()
        } else {
            format!("/news.html?{}", facet_query(&props.prefix, &props.facet, &props.value)).into()
        }
    });
    let heading = if props.value.is_empty() {
        text.latest_news.to_string()
    } else {
        text.latest(&props.value)
    };
    let hits = state.view.as_ref().map(|v| v.hits.clone()).unwrap_or_default();
    html! {
        <section class="sift-latest-news">
            <h2 class="sift-heading">{ heading }</h2>
            { error_message(state.notice, lang) }
            <ul class="sift-latest">
                { for hits.iter().map(|hit| html! {
                    <li>
                        { link(&hit.url, html! { { hit.title.text.clone() } }) }
                        if let Some(date) = hit.date {
                            <time datetime={date.to_string()}>{ text.date(date) }</time>
                        }
                    </li>
                }) }
            </ul>
            <a class="sift-more" href={more}>{ text.more_news }</a>
        </section>
    }
}
