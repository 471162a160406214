//! The numbered list of results of the advanced search and All news.

use sift_core::Hit;
use yew::prelude::*;

use super::result_item::ResultItem;
use crate::i18n::Lang;

/// Props of [`ResultList`].
#[derive(Clone, Debug, PartialEq, Properties)]
pub(crate) struct ResultListProps {
    /// The page's results.
    pub(crate) hits: Vec<Hit>,
    /// The number of the first (1-based).
    pub(crate) start: usize,
    /// Whether results say their site.
    pub(crate) show_site: bool,
    /// The UI language.
    pub(crate) lang: Lang,
}

/// `ol.sift-results`, one `li.sift-result` per result.
#[component]
pub(crate) fn ResultList(props: &ResultListProps) -> Html {
    let lang = props.lang;
    html! {
        <ol class="sift-results" start={props.start.to_string()} aria-label={lang.text().results_label}>
            { for props.hits.iter().map(|hit| html! {
                <li class="sift-result">
                    <ResultItem hit={hit.clone()} show_site={props.show_site} link=true {lang} />
                </li>
            }) }
        </ol>
    }
}
