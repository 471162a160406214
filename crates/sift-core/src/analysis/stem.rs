//! Snowball stemming, chosen by the language of the document (or, for queries, by every
//! language the index holds).

use rust_stemmers::{Algorithm, Stemmer};
use std::borrow::Cow;

/// A language with a stemmer. Documents in other languages are indexed unstemmed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Language {
    /// English (Snowball "english", also called Porter2).
    English,
    /// Russian (Snowball "russian").
    Russian,
}

impl Language {
    /// The stemmer language for a language tag such as `en`, `en-GB` or `RU`, if any.
    pub fn from_tag(tag: &str) -> Option<Language> {
        let primary = tag.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
        match primary.as_str() {
            "en" | "eng" | "english" => Some(Language::English),
            "ru" | "rus" | "russian" => Some(Language::Russian),
            _ => None,
        }
    }

    /// The two-letter tag of this language.
    pub fn tag(self) -> &'static str {
        match self {
            Language::English => "en",
            Language::Russian => "ru",
        }
    }

    fn stemmer(self) -> Stemmer {
        Stemmer::create(match self {
            Language::English => Algorithm::English,
            Language::Russian => Algorithm::Russian,
        })
    }
}

/// The stem of a folded term in `language`. Stems are only compared with each other;
/// they are never shown.
pub fn stem(term: &str, language: Language) -> Cow<'_, str> {
    // Snowball's Russian stemmer expects `ё` folded already (fold does that); its English one
    // handles the possessive, which the tokenizer has removed anyway.
    let stemmed = language.stemmer().stem(term);
    match stemmed {
        Cow::Borrowed(s) => Cow::Borrowed(s),
        Cow::Owned(s) if s == term => Cow::Borrowed(term),
        Cow::Owned(s) => Cow::Owned(s),
    }
}
