//! Text analysis: splitting text into words, folding them to search terms, and stemming.
//!
//! The same analysis runs when the index is built and when a query is typed, so a word
//! always meets itself. Folding is deliberately narrow (see [`fold`]): it removes what
//! readers do not type (case, accents, typographic variants) and keeps what changes a
//! word's meaning (the Russian й).

mod fold;
mod stem;

pub use fold::fold;
pub use stem::{stem, Language};

use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation;

/// The longest term the index keeps, in bytes after folding. Longer "words" are noise
/// (hashes, URLs, run-together tables) and would bloat the dictionary.
pub const MAX_TERM_BYTES: usize = 48;

/// One word of a text: its folded search term and where it stands in the original text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// The folded form that is indexed and looked up.
    pub term: String,
    /// Byte range of the word in the analysed text.
    pub span: Range<usize>,
}

/// Splits `text` into words (Unicode UAX #29 word boundaries) and folds each one.
///
/// Words without a letter or digit (punctuation, spaces) are skipped, and so are words that
/// fold to nothing or to more than [`MAX_TERM_BYTES`].
pub fn tokenize(text: &str) -> impl Iterator<Item = Token> + '_ {
    let mut buffer = String::new();
    text.split_word_bound_indices().filter_map(move |(start, word)| {
        if !word.chars().any(char::is_alphanumeric) {
            return None;
        }
        buffer.clear();
        fold_term_into(word, &mut buffer);
        // Checked again after folding: a mark that counts as a letter (Thaana's sukun after a
        // `?`, say) folds away and leaves punctuation behind.
        if buffer.len() > MAX_TERM_BYTES || !buffer.chars().any(char::is_alphanumeric) {
            return None;
        }
        Some(Token { term: buffer.clone(), span: start..start + word.len() })
    })
}

/// Folds one word into the term the index stores, appending it to `out`.
///
/// On top of [`fold`]: the English possessive `'s` is dropped, apostrophes vanish
/// (`o'brien` is `obrien`) and so do dots between letters (`U.S.` is `us`), so that all
/// the spellings a reader may type meet.
pub(crate) fn fold_term_into(word: &str, out: &mut String) {
    let start = out.len();
    fold::fold_into(word, out);
    // Spacing accents (`¸`, `´`, `¨`) unpack to a space and a mark: a term never holds a space.
    if out[start..].contains(char::is_whitespace) {
        let kept: String = out[start..].chars().filter(|c| !c.is_whitespace()).collect();
        out.truncate(start);
        out.push_str(&kept);
    }
    let folded = &out[start..];
    if !folded.contains(['\'', '.']) {
        return;
    }
    let mut cleaned = String::with_capacity(folded.len());
    let base = folded.strip_suffix("'s").unwrap_or(folded);
    let chars: Vec<char> = base.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let between_letters = i > 0
            && i + 1 < chars.len()
            && chars[i - 1].is_alphabetic()
            && chars[i + 1].is_alphabetic();
        match c {
            '\'' => {}
            '.' if between_letters
                || (i + 1 == chars.len() && i > 0 && chars[i - 1].is_alphabetic()) => {}
            c => cleaned.push(c),
        }
    }
    out.truncate(start);
    out.push_str(&cleaned);
}

/// Folds a single word as [`tokenize`] would, or `None` if it is not indexable.
pub fn term(word: &str) -> Option<String> {
    let mut out = String::new();
    fold_term_into(word, &mut out);
    (!out.is_empty() && out.len() <= MAX_TERM_BYTES && out.chars().any(char::is_alphanumeric))
        .then_some(out)
}

#[cfg(test)]
mod tests;
