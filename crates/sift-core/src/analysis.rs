//! Text analysis: splitting text into words, folding them to search terms, and stemming.
//!
//! The same analysis runs when the index is built and when a query is typed, so a word
//! always meets itself. Folding is deliberately narrow (see [`fold`]): it removes what
//! readers do not type (case, accents, typographic variants) and keeps what changes a
//! word's meaning (the Russian й).

mod fold;
mod stem;
pub(crate) mod translit;
mod words;

pub use fold::fold;
pub use stem::{stem, Language};

use std::ops::Range;

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
/// fold to nothing or to more than [`MAX_TERM_BYTES`]. This is how queries are read: a
/// compound such as `ALCD.O` is one word, `alcdo` (see [`index_tokens`] for how it is indexed).
pub fn tokenize(text: &str) -> impl Iterator<Item = Token> + '_ {
    words(text).map(|(token, _)| token)
}

/// The words of `text` as the index holds them: every word of [`tokenize`], each followed by
/// the parts of a compound word (`alcd` after `alcdo` for `ALCD.O`, `nat` after `natl` for
/// `NAT'L`), marked `true`. A part stands at the position of its word, so phrases and
/// positions do not change, and a reader who types either the part or the whole finds it.
pub(crate) fn index_tokens(text: &str) -> impl Iterator<Item = (Token, bool)> + '_ {
    words(text).flat_map(|(token, word)| {
        let parts = compound_parts(word, token.span.start, &token.term);
        std::iter::once((token, false)).chain(parts.into_iter().map(|part| (part, true)))
    })
}

/// Every indexable word of `text`, folded, with its original spelling.
fn words(text: &str) -> impl Iterator<Item = (Token, &str)> + '_ {
    let mut buffer = String::new();
    words::word_spans(text)
        .filter_map(move |(start, word)| Some((fold_word(word, start, &mut buffer)?, word)))
}

/// The token of one word at byte `start` of its text, if it is indexable.
fn fold_word(word: &str, start: usize, buffer: &mut String) -> Option<Token> {
    if !word.chars().any(char::is_alphanumeric) {
        return None;
    }
    buffer.clear();
    fold_term_into(word, buffer);
    // Checked again after folding: a mark that counts as a letter (Thaana's sukun after a
    // `?`, say) folds away and leaves punctuation behind.
    if buffer.len() > MAX_TERM_BYTES || !buffer.chars().any(char::is_alphanumeric) {
        return None;
    }
    Some(Token { term: buffer.clone(), span: start..start + word.len() })
}

/// Characters that UAX #29 keeps inside a word and that join parts a reader may type alone:
/// `ALCD.O`, `NAT'L`, `o’Brien`, `foo:bar`, `snake_case`. (A hyphen already splits words.)
const JOINERS: [char; 6] = ['.', '\'', '\u{2019}', ':', '\u{b7}', '_'];

/// The parts of a compound word (of at least two characters, and other than the whole
/// term), split at joiners between letters or digits (not between two digits: `5.93` is a
/// number, not two).
fn compound_parts(word: &str, start: usize, whole: &str) -> Vec<Token> {
    if !word.contains(JOINERS) {
        return Vec::new();
    }
    let chars: Vec<(usize, char)> = word.char_indices().collect();
    let mut cuts = Vec::new();
    for i in 1..chars.len().saturating_sub(1) {
        let (before, c, after) = (chars[i - 1].1, chars[i].1, chars[i + 1].1);
        if JOINERS.contains(&c)
            && before.is_alphanumeric()
            && after.is_alphanumeric()
            && !(before.is_numeric() && after.is_numeric())
        {
            cuts.push(chars[i].0);
        }
    }
    if cuts.is_empty() {
        return Vec::new();
    }
    let mut parts: Vec<Token> = Vec::new();
    let mut from = 0;
    let mut buffer = String::new();
    for end in cuts.into_iter().chain(std::iter::once(word.len())) {
        let (piece_start, piece) = (from, &word[from..end]);
        // The next part starts after the joiner.
        from = end + word[end..].chars().next().map_or(0, char::len_utf8);
        let Some(token) = fold_word(piece, start + piece_start, &mut buffer) else { continue };
        if token.term.chars().count() >= 2
            && token.term != whole
            && !parts.iter().any(|p| p.term == token.term)
        {
            parts.push(token);
        }
    }
    parts
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
