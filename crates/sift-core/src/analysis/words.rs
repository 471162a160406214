//! Word boundaries: the rules of Unicode UAX #29 that shape a word with a letter or digit in
//! it, on character classes read from the standard library's Unicode tables plus a few short
//! lists, instead of the full word-break property table (18 KB of wasm).
//!
//! The spans are those of `unicode-segmentation`'s `split_word_bound_indices` (1.13) for every
//! word with a letter or digit in it: the tests compare the two on every article of the shared
//! corpora and on every character of the scripts they are written in. Punctuation, spaces and
//! symbols between words are not returned. Where the two differ: vowel signs and other marks
//! that Unicode counts as letters (Devanagari and the other Brahmic scripts, Thai, Tibetan)
//! are letters here and marks there, which changes a word only where such a mark starts it,
//! and the numbers of a few historic scripts are digits here.

use super::fold;

/// The word-break class of a character (UAX #29, table 3), as far as the rules below use it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    /// `ALetter`: letters of alphabets and syllabaries.
    Letter,
    /// `Hebrew_Letter`.
    Hebrew,
    /// `Numeric`: decimal digits.
    Numeric,
    /// `Katakana`.
    Katakana,
    /// `ExtendNumLet`: `_` and its kin, which join anything wordlike.
    ExtendNumLet,
    /// `MidLetter`: `:` and `·`, between letters only.
    MidLetter,
    /// `MidNum`: `,` and `;`, between digits only.
    MidNum,
    /// `MidNumLet`: `.` and `’`, between letters or between digits.
    MidNumLet,
    /// `Single_Quote`: `'`, like `MidNumLet`, and after a Hebrew letter.
    SingleQuote,
    /// `Double_Quote`: `"`, between Hebrew letters.
    DoubleQuote,
    /// `Extend`, `Format` and `ZWJ`: marks and invisible characters that belong to the
    /// character before them (rule WB4).
    Ignored,
    /// `CR`, `LF`, `Newline`: nothing attaches to them.
    Newline,
    /// Everything else: a segment of its own.
    Other,
}

use Class::*;

/// The byte span of every word of `text` that has a letter or a digit in it, in order.
pub(super) fn word_spans(text: &str) -> impl Iterator<Item = (usize, &str)> + '_ {
    let units = units(text);
    let mut start = 0;
    (0..units.len()).filter_map(move |i| {
        let end = units.get(i + 1).map_or(text.len(), |u| u.0);
        let class = |j: usize| units.get(j).map(|u| u.1);
        let joined = i + 1 < units.len()
            && !breaks(i.checked_sub(1).and_then(class), units[i].1, units[i + 1].1, class(i + 2));
        if joined {
            return None;
        }
        let word = (start, &text[start..end]);
        start = end;
        word.1.chars().any(char::is_alphanumeric).then_some(word)
    })
}

/// The characters of `text` that the rules look at, each with the marks and invisible
/// characters after it (rule WB4): the byte where each starts, and its class.
fn units(text: &str) -> Vec<(usize, Class)> {
    let mut units: Vec<(usize, Class)> = Vec::new();
    for (at, c) in text.char_indices() {
        let class = class(c);
        let attaches = class == Ignored && units.last().is_some_and(|u| u.1 != Newline);
        if !attaches {
            units.push((at, class));
        }
    }
    units
}

/// Whether a word ends between `left` and `right` (with `before` before `left` and `after`
/// after `right`): rules WB5 to WB13b of UAX #29; every other pair breaks (WB999).
fn breaks(before: Option<Class>, left: Class, right: Class, after: Option<Class>) -> bool {
    let letter = |c: Class| matches!(c, Letter | Hebrew);
    let letter_at = |c: Option<Class>| c.is_some_and(letter);
    let numeric_at = |c: Option<Class>| c == Some(Numeric);
    let mid_letter = |c: Class| matches!(c, MidLetter | MidNumLet | SingleQuote);
    let mid_num = |c: Class| matches!(c, MidNum | MidNumLet | SingleQuote);
    let joins = (letter(left) && letter(right))
        || (letter(left) && mid_letter(right) && letter_at(after))
        || (mid_letter(left) && letter(right) && letter_at(before))
        || (left == Hebrew && right == SingleQuote)
        || (left == Hebrew && right == DoubleQuote && after == Some(Hebrew))
        || (left == DoubleQuote && right == Hebrew && before == Some(Hebrew))
        || (matches!(left, Letter | Hebrew | Numeric)
            && matches!(right, Letter | Hebrew | Numeric))
        || (mid_num(left) && right == Numeric && numeric_at(before))
        || (left == Numeric && mid_num(right) && numeric_at(after))
        || (left == Katakana && right == Katakana)
        || (matches!(left, Letter | Hebrew | Numeric | Katakana | ExtendNumLet)
            && right == ExtendNumLet)
        || (left == ExtendNumLet && matches!(right, Letter | Hebrew | Numeric | Katakana));
    !joins
}

/// The class of one character.
fn class(c: char) -> Class {
    if c.is_ascii() {
        return match c {
            'a'..='z' | 'A'..='Z' => Letter,
            '0'..='9' => Numeric,
            '_' => ExtendNumLet,
            ':' => MidLetter,
            ',' | ';' => MidNum,
            '.' => MidNumLet,
            '\'' => SingleQuote,
            '"' => DoubleQuote,
            '\n' | '\r' | '\u{b}' | '\u{c}' => Newline,
            _ => Other,
        };
    }
    let code = u32::from(c);
    let listed = |list: &[(u32, u32)]| list.iter().any(|&(from, to)| (from..=to).contains(&code));
    if let Some(&(_, _, class)) = LISTED.iter().find(|&&(from, to, _)| (from..=to).contains(&code))
    {
        class
    } else if fold::is_mark(c) {
        Ignored
    } else if c.is_alphabetic() {
        if listed(NOT_LETTERS) {
            Other
        } else {
            Letter
        }
    } else if c.is_numeric() && !listed(NOT_DIGITS) {
        Numeric
    } else if listed(SYMBOL_LETTERS) {
        Letter
    } else {
        Other
    }
}

/// Characters whose class the standard library's tables do not tell (UAX #29's
/// WordBreakProperty.txt, Unicode 16): punctuation between letters or digits, Hebrew
/// letters, Katakana, and the invisible characters that rule WB4 skips.
#[rustfmt::skip]
const LISTED: &[(u32, u32, Class)] = &[
    (0x85, 0x85, Newline), (0x2028, 0x2029, Newline),
    (0xad, 0xad, Ignored), (0x61c, 0x61c, Ignored), (0x180b, 0x180f, Ignored),
    (0x200c, 0x200f, Ignored), (0x202a, 0x202e, Ignored), (0x2060, 0x2064, Ignored),
    (0x2066, 0x206f, Ignored), (0xfe00, 0xfe0f, Ignored), (0xfeff, 0xfeff, Ignored),
    (0xff9e, 0xff9f, Ignored), (0xfff9, 0xfffb, Ignored), (0x13430, 0x1343f, Ignored),
    (0x1bca0, 0x1bca3, Ignored), (0x1d173, 0x1d17a, Ignored), (0x1f3fb, 0x1f3ff, Ignored),
    (0xe0001, 0xe0001, Ignored), (0xe0020, 0xe007f, Ignored), (0xe0100, 0xe01ef, Ignored),
    (0x34f, 0x34f, Ignored), (0x488, 0x489, Ignored), (0x7a6, 0x7b0, Ignored),
    (0x20dd, 0x20e0, Ignored), (0x20e2, 0x20e4, Ignored),
    (0xb7, 0xb7, MidLetter), (0x387, 0x387, MidLetter), (0x55f, 0x55f, MidLetter),
    (0x5f4, 0x5f4, MidLetter), (0x2027, 0x2027, MidLetter), (0xfe13, 0xfe13, MidLetter),
    (0xfe55, 0xfe55, MidLetter), (0xff1a, 0xff1a, MidLetter),
    (0x2018, 0x2019, MidNumLet), (0x2024, 0x2024, MidNumLet), (0xfe52, 0xfe52, MidNumLet),
    (0xff07, 0xff07, MidNumLet), (0xff0e, 0xff0e, MidNumLet),
    (0x37e, 0x37e, MidNum), (0x589, 0x589, MidNum), (0x60c, 0x60d, MidNum),
    (0x66c, 0x66c, MidNum), (0x7f8, 0x7f8, MidNum), (0x2044, 0x2044, MidNum),
    (0xfe50, 0xfe50, MidNum), (0xfe54, 0xfe54, MidNum), (0xff0c, 0xff0c, MidNum),
    (0xff1b, 0xff1b, MidNum),
    (0x202f, 0x202f, ExtendNumLet), (0x203f, 0x2040, ExtendNumLet), (0x2054, 0x2054, ExtendNumLet),
    (0xfe33, 0xfe34, ExtendNumLet), (0xfe4d, 0xfe4f, ExtendNumLet), (0xff3f, 0xff3f, ExtendNumLet),
    (0x5d0, 0x5ea, Hebrew), (0x5ef, 0x5f2, Hebrew), (0xfb1d, 0xfb1d, Hebrew),
    (0xfb1f, 0xfb28, Hebrew), (0xfb2a, 0xfb36, Hebrew), (0xfb38, 0xfb3c, Hebrew),
    (0xfb3e, 0xfb3e, Hebrew), (0xfb40, 0xfb41, Hebrew), (0xfb43, 0xfb44, Hebrew),
    (0xfb46, 0xfb4f, Hebrew),
    (0x3031, 0x3035, Katakana), (0x309b, 0x309c, Katakana), (0x30a0, 0x30fa, Katakana),
    (0x30fc, 0x30ff, Katakana), (0x31f0, 0x31ff, Katakana), (0x32d0, 0x32fe, Katakana),
    (0x3300, 0x3357, Katakana), (0xff66, 0xff9d, Katakana), (0x1aff0, 0x1aff3, Katakana),
    (0x1aff5, 0x1affb, Katakana), (0x1affd, 0x1affe, Katakana), (0x1b000, 0x1b000, Katakana),
    (0x1b120, 0x1b122, Katakana), (0x1b155, 0x1b155, Katakana), (0x1b164, 0x1b167, Katakana),
    (0xff10, 0xff19, Numeric), (0x66b, 0x66b, Numeric), (0x600, 0x605, Numeric),
    (0x6dd, 0x6dd, Numeric), (0x890, 0x891, Numeric), (0x8e2, 0x8e2, Numeric),
    (0x110bd, 0x110bd, Numeric), (0x110cd, 0x110cd, Numeric),
];

/// Letters by the standard library's tables that UAX #29 does not join into words:
/// ideographs and Hiragana (a segment per character) and the scripts it leaves to
/// dictionaries (Thai, Lao, Myanmar, Khmer, Tai).
#[rustfmt::skip]
const NOT_LETTERS: &[(u32, u32)] = &[
    (0xe01, 0xedf), (0x1000, 0x103f), (0x1050, 0x108f), (0x109a, 0x109f), (0x1780, 0x17df),
    (0x1950, 0x19cf), (0x19da, 0x19df), (0x1a20, 0x1a7f), (0x1aa0, 0x1aaf), (0xa9e0, 0xa9ef),
    (0xa9fa, 0xa9ff), (0xaa60, 0xaadf), (0x11700, 0x1173f), (0x3005, 0x3007), (0x3021, 0x3029),
    (0x3038, 0x303a), (0x3041, 0x309f), (0x3400, 0x4dbf), (0x4e00, 0x9fff), (0xf900, 0xfaff),
    (0x1b001, 0x1b11f), (0x1b132, 0x1b132), (0x1b150, 0x1b152), (0x1f200, 0x1f200),
    (0x17000, 0x18dff), (0x1b170, 0x1b2ff), (0x20000, 0x3ffff),
];

/// Numbers by the standard library's tables that are not decimal digits (superscripts,
/// fractions, circled and other numbers): a segment of their own.
#[rustfmt::skip]
const NOT_DIGITS: &[(u32, u32)] = &[
    (0xb2, 0xb3), (0xb9, 0xb9), (0xbc, 0xbe), (0x9f4, 0x9f9), (0xb72, 0xb77), (0xbf0, 0xbf2),
    (0xc78, 0xc7e), (0xd58, 0xd5e), (0xd70, 0xd78), (0xf2a, 0xf33), (0x1369, 0x137c),
    (0x17f0, 0x17f9), (0x19da, 0x19da), (0x2070, 0x209f), (0x2150, 0x218f), (0x2460, 0x24ff),
    (0x2776, 0x2793), (0x2cfd, 0x2cfd), (0x3192, 0x3195), (0x3220, 0x3229), (0x3248, 0x325f),
    (0x3280, 0x3289), (0x32b1, 0x32bf), (0x10107, 0x10133), (0x1d2e0, 0x1d2f3),
    (0x1d360, 0x1d378), (0x1f100, 0x1f10c),
];

/// Symbols that UAX #29 counts as letters though the standard library's tables do not:
/// modifier letters of phonetics and Armenian punctuation that stands inside words.
#[rustfmt::skip]
const SYMBOL_LETTERS: &[(u32, u32)] = &[
    (0xb8, 0xb8),
    (0x2c2, 0x2c5), (0x2d2, 0x2d7), (0x2de, 0x2df), (0x2e5, 0x2eb), (0x2ed, 0x2ed),
    (0x2ef, 0x2ff), (0x55a, 0x55c), (0x55e, 0x55e), (0x58a, 0x58a), (0x5f3, 0x5f3),
    (0xa708, 0xa716), (0xa720, 0xa721), (0xa789, 0xa78a), (0xab5b, 0xab5b), (0xab6a, 0xab6b),
];

#[cfg(test)]
mod tests;
