//! Previous / next page buttons and "page 2 of 9".

use yew::prelude::*;

use crate::i18n::Lang;

/// Props of [`Pager`].
#[derive(Clone, Debug, PartialEq, Properties)]
pub(crate) struct PagerProps {
    /// The current page, 1-based.
    pub(crate) page: usize,
    /// How many pages there are.
    pub(crate) pages: usize,
    /// Called with the page to go to.
    pub(crate) onpage: Callback<usize>,
    /// The UI language.
    pub(crate) lang: Lang,
}

/// `nav.sift-pager`.
#[component]
pub(crate) fn Pager(props: &PagerProps) -> Html {
    let text = props.lang.text();
    let go = |page: usize| {
        let onpage = props.onpage.clone();
        Callback::from(move |_: MouseEvent| onpage.emit(page))
    };
    let page = props.page.min(props.pages.max(1));
    html! {
        <nav class="sift-pager" aria-label={text.page}>
            <button type="button" class="sift-prev" disabled={page <= 1} onclick={go(page.saturating_sub(1).max(1))}>
                { "← " }{ text.prev }
            </button>
            <span class="sift-page">{ format!("{} {page} {} {}", text.page, text.of, props.pages.max(1)) }</span>
            <button type="button" class="sift-next" disabled={page >= props.pages} onclick={go(page + 1)}>
                { text.next }{ " →" }
            </button>
        </nav>
    }
}
