//! Previous / next page buttons and "page 2 of 9".

use yew::prelude::*;

use crate::i18n::Lang;

/// `nav.sift-pager` at `page` (1-based) of `pages`; `onpage` is called with the page to go to.
pub(crate) fn pager(page: usize, pages: usize, onpage: &Callback<usize>, lang: Lang) -> Html {
    let text = lang.text();
    let go = |page: usize| {
        let onpage = onpage.clone();
        Callback::from(move |_: MouseEvent| onpage.emit(page))
    };
    let page = page.min(pages.max(1));
    html! {
        <nav class="sift-pager" aria-label={text.page}>
            <button type="button" class="sift-prev" disabled={page <= 1} onclick={go(page.saturating_sub(1).max(1))}>
                { "← " }{ text.prev }
            </button>
            <span class="sift-page">{ format!("{} {page} {} {}", text.page, text.of, pages.max(1)) }</span>
            <button type="button" class="sift-next" disabled={page >= pages} onclick={go(page + 1)}>
                { text.next }{ " →" }
            </button>
        </nav>
    }
}
