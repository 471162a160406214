//! Highlighted text as DOM nodes: plain text with `<mark>` elements, never HTML.

use sift_core::Highlighted;
use yew::prelude::*;

/// Props of [`Highlight`].
#[derive(Clone, Debug, PartialEq, Properties)]
pub(crate) struct HighlightProps {
    /// The text and its marked ranges.
    pub(crate) text: Highlighted,
}

/// The text with its matched words in `<mark>`; every piece is a text node.
#[component]
pub(crate) fn Highlight(props: &HighlightProps) -> Html {
    props
        .text
        .segments()
        .into_iter()
        .map(|(piece, marked)| {
            let piece = piece.to_string();
            if marked {
                html! { <mark>{ piece }</mark> }
            } else {
                html! { { piece } }
            }
        })
        .collect()
}
