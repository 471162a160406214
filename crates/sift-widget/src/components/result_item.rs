//! One result: highlighted title with its link, date, type, site, snippet and tags.

use sift_core::Hit;
use yew::prelude::*;

use super::highlight::highlight;
use crate::i18n::Lang;

/// The facet whose values are shown as the type of information.
const TYPE_FACET: &str = "type";

/// `content` as the link to `url`, or as plain text when the result has no link (its URL was
/// not `http(s)` or relative: see `engine::link`).
pub(crate) fn link(url: &str, content: Html) -> Html {
    if url.is_empty() {
        html! { <span class="sift-link">{ content }</span> }
    } else {
        html! { <a class="sift-link" href={url.to_string()}>{ content }</a> }
    }
}

/// The inside of a result, shared by the quick drop-down and the result list: `show_site`
/// says which site it comes from (several indexes); `link_title` makes the title a link, which it is
/// not in the quick drop-down, whose option is itself what the reader activates (no
/// interactive content inside an option).
pub(crate) fn result_item(hit: &Hit, show_site: bool, link_title: bool, lang: Lang) -> Html {
    let text = lang.text();
    let title = if hit.title.text.trim().is_empty() {
        html! { { hit.url.clone() } }
    } else {
        highlight(&hit.title)
    };
    let date = hit.date.map(|date| {
        html! { <time datetime={date.to_string()}>{ text.date(date) }</time> }
    });
    let kind: Vec<&String> =
        hit.facets.iter().filter(|(f, _)| f == TYPE_FACET).flat_map(|(_, v)| v).collect();
    let kind = (!kind.is_empty()).then(|| {
        let kind = kind.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(", ");
        html! { <span class="sift-type">{ kind }</span> }
    });
    let site = (show_site && !hit.site.is_empty())
        .then(|| html! { <span class="sift-site">{ hit.site.clone() }</span> });
    let tags: Vec<Html> = hit
        .facets
        .iter()
        .filter(|(f, _)| f != TYPE_FACET)
        .flat_map(|(_, values)| values)
        .map(|value| html! { <li class="sift-tag">{ value.clone() }</li> })
        .collect();
    let snippet = (!hit.snippet.text.trim().is_empty()).then(|| {
        html! { <p class="sift-snippet">{ highlight(&hit.snippet) }</p> }
    });
    html! {
        <>
            if link_title {
                { link(&hit.url, html! { <span class="sift-title">{ title }</span> }) }
            } else {
                <span class="sift-title">{ title }</span>
            }
            <div class="sift-meta">{ date }{ kind }{ site }</div>
            { snippet }
            if !tags.is_empty() {
                <ul class="sift-tags">{ for tags }</ul>
            }
        </>
    }
}
