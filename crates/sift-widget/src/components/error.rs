//! The short plain message shown when the index, or part of it, could not be loaded.

use yew::prelude::*;

use crate::i18n::Lang;
use crate::state::Notice;

/// Props of [`ErrorMessage`].
#[derive(Clone, Debug, PartialEq, Properties)]
pub(crate) struct ErrorMessageProps {
    /// What went wrong, if anything.
    pub(crate) notice: Option<Notice>,
    /// The UI language.
    pub(crate) lang: Lang,
}

/// The message, announced to screen readers; nothing when all is well.
#[component]
pub(crate) fn ErrorMessage(props: &ErrorMessageProps) -> Html {
    let text = props.lang.text();
    let message = match props.notice {
        None => return html! {},
        Some(Notice::Unavailable) => text.unavailable,
        Some(Notice::Version) => text.version,
        Some(Notice::Partial) => text.partial,
    };
    html! { <p class="sift-error" role="alert">{ message }</p> }
}
