//! Case and diacritic folding.

use unicode_normalization::char::{decompose_compatible, is_combining_mark};
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// Folds text for matching: lower case, compatibility forms (ligatures, full-width letters)
/// unpacked, combining marks removed (`Mondelēz` is `mondelez`), letters such as `ø`, `ł`
/// and `ß` spelled as readers without them type them, `ё` to `е`, and typographic
/// apostrophes to `'`.
///
/// A blanket strip of combining marks would turn `й` into `и` and merge distinct Russian
/// words (`мой`, "my", and `мои`, "mine"), so `й` is kept whole.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_into(text, &mut out);
    out
}

pub(crate) fn fold_into(text: &str, out: &mut String) {
    if text.is_ascii() {
        out.extend(text.chars().map(|c| c.to_ascii_lowercase()));
        return;
    }
    // Decomposed input (`и` followed by a combining breve) must become `й` before marks go.
    if is_nfc_quick(text.chars()) == IsNormalized::Yes {
        fold_chars(text.chars(), out);
    } else {
        fold_chars(text.nfc(), out);
    }
}

fn fold_chars(chars: impl Iterator<Item = char>, out: &mut String) {
    for c in chars {
        for lower in c.to_lowercase() {
            match lower {
                'й' | 'ў' => out.push(lower),
                'ё' => out.push('е'),
                '\u{2018}' | '\u{2019}' | '\u{02bc}' | '\u{2032}' | '`' | '\u{00b4}' => {
                    out.push('\'')
                }
                // Letters whose stroke or ligature has no decomposition to strip.
                'ø' => out.push('o'),
                'ł' => out.push('l'),
                'đ' => out.push('d'),
                'ħ' => out.push('h'),
                'ı' => out.push('i'),
                'ß' => out.push_str("ss"),
                'æ' => out.push_str("ae"),
                'œ' => out.push_str("oe"),
                c if c.is_ascii() => out.push(c),
                c => decompose_compatible(c, |part| {
                    if !is_combining_mark(part) {
                        out.extend(part.to_lowercase());
                    }
                }),
            }
        }
    }
}
