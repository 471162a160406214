//! The numbered list of results of the advanced search and All news.

use sift_core::Hit;
use yew::prelude::*;

use super::result_item::result_item;
use crate::i18n::Lang;

/// `ol.sift-results` numbered from `start`, one `li.sift-result` per hit; `show_site` when
/// results say their site.
pub(crate) fn result_list(hits: &[Hit], start: usize, show_site: bool, lang: Lang) -> Html {
    html! {
        <ol class="sift-results" start={start.to_string()} aria-label={lang.text().results_label}>
            { for hits.iter().map(|hit| html! {
                <li class="sift-result">{ result_item(hit, show_site, true, lang) }</li>
            }) }
        </ol>
    }
}
