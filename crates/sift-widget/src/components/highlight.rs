//! Highlighted text as DOM nodes: plain text with `<mark>` elements, never HTML.

use sift_core::Highlighted;
use yew::prelude::*;

/// The text with its matched words in `<mark>`; every piece is a text node.
///
/// This and the other small pieces of the widget are functions that return [`Html`], not
/// components: a component costs some 1.6 KB of Yew code generic over its type.
pub(crate) fn highlight(text: &Highlighted) -> Html {
    text.segments()
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
