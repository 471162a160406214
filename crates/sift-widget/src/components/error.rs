//! The short plain message shown when the index, or part of it, could not be loaded.

use yew::prelude::*;

use crate::i18n::Lang;
use crate::state::Notice;

/// The message about `notice` in `lang`, announced to screen readers; nothing when all is well.
pub(crate) fn error_message(notice: Option<Notice>, lang: Lang) -> Html {
    let text = lang.text();
    let message = match notice {
        None => return html! {},
        Some(Notice::Unavailable) => text.unavailable,
        Some(Notice::Version) => text.version,
        Some(Notice::Partial) => text.partial,
    };
    html! { <p class="sift-error" role="alert">{ message }</p> }
}
