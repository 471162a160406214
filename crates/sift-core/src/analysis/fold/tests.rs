//! The fold table against its definition: `reference` below is the folding rule written with
//! `unicode-normalization` (NFC, lower case, NFKD, combining marks removed, plus Sift's own
//! letters). `table.rs` is generated from it (`UPDATE_EXPECT=1 cargo test -p sift-core fold`
//! after a Unicode or rule change), and the tests prove the table-based [`fold`] equal to it
//! on every character, on the decomposed form of every character, and on random mixtures of
//! letters and marks.

use std::fmt::Write;

use expect_test::expect_file;
use proptest::prelude::*;
use unicode_normalization::char::{
    canonical_combining_class, decompose_compatible, is_combining_mark,
};
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

use super::{
    fold, lookup, Fold, ALTERNATE, DELTA, ITEM_TEXT, LEN_BITS, LIST, MARK_ABOVE, MARK_OTHER, TEXT,
};

/// The folding rule as first written (and as every index so far was built).
fn reference(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    if text.is_ascii() {
        out.extend(text.chars().map(|c| c.to_ascii_lowercase()));
        return out;
    }
    if is_nfc_quick(text.chars()) == IsNormalized::Yes {
        reference_chars(text.chars(), &mut out);
    } else {
        reference_chars(text.nfc(), &mut out);
    }
    out
}

fn reference_chars(chars: impl Iterator<Item = char>, out: &mut String) {
    for c in chars {
        for lower in c.to_lowercase() {
            match lower {
                'й' | 'ў' => out.push(lower),
                'ё' => out.push('е'),
                '\u{2018}' | '\u{2019}' | '\u{02bc}' | '\u{2032}' | '`' | '\u{00b4}' => {
                    out.push('\'')
                }
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

fn all_chars() -> impl Iterator<Item = char> {
    (0..=u32::from(char::MAX)).filter_map(char::from_u32)
}

/// What one character must fold to, as the table encodes it.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Target {
    Same,
    Mark { above: bool },
    Text(String),
}

fn target(c: char) -> Target {
    // Outside any context: a lone ASCII character would take `reference`'s ASCII shortcut,
    // which leaves '`' alone, while the table serves characters inside non-ASCII text.
    let folded = reference(&format!("é{c}"))["e".len()..].to_owned();
    let nfd: Vec<u8> = c.to_string().nfd().map(canonical_combining_class).collect();
    if nfd[0] != 0 {
        // A mark, or a character that decomposes into marks only (U+0344, U+0F73).
        assert!(nfd.iter().all(|&class| class != 0), "{c:?} mixes marks and letters");
        assert!(folded.is_empty(), "mark {c:?} folds to {folded:?}");
        Target::Mark { above: nfd.contains(&230) }
    } else if folded == c.to_string() {
        Target::Same
    } else {
        Target::Text(folded)
    }
}

fn is_hangul_syllable(c: char) -> bool {
    ('\u{AC00}'..='\u{D7A3}').contains(&c)
}

/// The fold of each character on its own (inside non-ASCII text).
fn fold_alone(c: char) -> String {
    match target(c) {
        Target::Same => c.to_string(),
        Target::Mark { .. } => String::new(),
        Target::Text(s) => s,
    }
}

/// Pairs of a letter and a mark that canonical composition joins into a character whose
/// fold is not the letter's fold (the mark's is empty): `и` + breve, `Æ` + macron, ...
fn composed_exceptions() -> Vec<(char, char, String)> {
    let mut pairs = Vec::new();
    for c in all_chars() {
        let nfd: Vec<char> = c.to_string().nfd().collect();
        // Every step of composing `c` back from its decomposition.
        for k in 1..nfd.len() {
            let mut head: Vec<char> = nfd[..k].iter().copied().collect::<String>().nfc().collect();
            let Some(letter) = head.pop().filter(|_| head.is_empty()) else { continue };
            let mark = nfd[k];
            if unicode_normalization::char::compose(letter, mark).is_none() {
                continue;
            }
            let text = format!("é{letter}{mark}");
            let folded = reference(&text)["e".len()..].to_owned();
            if folded != fold_alone(letter) + &fold_alone(mark) {
                pairs.push((letter, mark, folded));
            }
        }
    }
    pairs.sort();
    pairs.dedup();
    for (letter, mark, _) in &pairs {
        // What `composed` in fold.rs relies on.
        assert_eq!(canonical_combining_class(*mark), 230, "{letter:?} + {mark:?}");
        for other in all_chars() {
            if unicode_normalization::char::compose(*letter, other).is_some() {
                assert_eq!(canonical_combining_class(other), 230, "{letter:?} + {other:?}");
            }
        }
    }
    pairs
}

/// Writes `table.rs`: runs of characters with one rule each, longest run first, and lists
/// of characters with a rule each where no run is long enough to pay for its entry.
fn generate() -> String {
    let chars: Vec<(char, Target)> = all_chars()
        .filter(|&c| !c.is_ascii() && !is_hangul_syllable(c))
        .map(|c| (c, target(c)))
        .filter(|(_, t)| *t != Target::Same)
        .collect();
    let single = |t: &Target| match t {
        Target::Text(s) if s.chars().count() == 1 => s.chars().next().map(u32::from),
        _ => None,
    };
    let max_len = 1usize << LEN_BITS;
    // The best run from entry `i`: (characters covered, entries consumed, kind, delta).
    let best_run = |i: usize| -> (usize, usize, u32, i64) {
        let (first, ref t) = chars[i];
        let first = u32::from(first);
        let extent = |ok: &dyn Fn(u32, &Target) -> bool| {
            let mut n = 0;
            while i + n < chars.len()
                && n < max_len
                && u32::from(chars[i + n].0) == first + n as u32
                && ok(n as u32, &chars[i + n].1)
            {
                n += 1;
            }
            n
        };
        let n = extent(&|_, u| u == t);
        let mut best = match *t {
            Target::Mark { above: true } => (n, n, MARK_ABOVE, 0),
            Target::Mark { above: false } => (n, n, MARK_OTHER, 0),
            _ => (n, n, TEXT, 0),
        };
        if let Some(f) = single(t) {
            let delta = i64::from(f) - i64::from(first);
            let follows =
                |k: u32, u: &Target| single(u).map(i64::from) == Some(i64::from(first + k) + delta);
            let n = extent(&|k, u| follows(k, u));
            if n > best.0 {
                best = (n, n, DELTA, delta);
            }
            // Alternating runs: upper-case letters at even offsets, each followed by its
            // lower case (which folds to itself, so it is absent from `chars`).
            let (mut n, mut j) = (0u32, i);
            while j < chars.len() && (n as usize) + 2 < max_len {
                let (c, ref u) = chars[j];
                if u32::from(c) != first + n || !follows(n, u) {
                    break;
                }
                j += 1;
                if chars.get(j).is_some_and(|&(next, _)| u32::from(next) == first + n + 1) {
                    n += 1;
                    break;
                }
                n += 2;
            }
            if j - i > 1 && n as usize > best.0 {
                best = (n as usize, j - i, ALTERNATE, delta);
            }
        }
        best
    };

    // (first, length, kind, payload) and the items of LIST runs.
    let mut runs: Vec<(u32, u32, u32, Target, i64)> = Vec::new();
    let mut items: Vec<Target> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (covered, consumed, kind, delta) = best_run(i);
        // A run costs one entry (8 bytes), an item 4: list the characters of short runs.
        if covered >= 3 || matches!(kind, MARK_ABOVE | MARK_OTHER) {
            runs.push((u32::from(chars[i].0), covered as u32, kind, chars[i].1.clone(), delta));
            i += consumed;
            continue;
        }
        let first = u32::from(chars[i].0);
        let start = items.len() as i64;
        let mut next = first;
        while i < chars.len() {
            let code = u32::from(chars[i].0);
            let (covered, _, kind, _) = best_run(i);
            let gap = (code - next) as usize;
            if covered >= 3
                || matches!(kind, MARK_ABOVE | MARK_OTHER)
                || gap > 1
                || (code - first) as usize >= max_len
            {
                break;
            }
            items.extend((next..code).map(|_| Target::Same));
            items.push(chars[i].1.clone());
            next = code + 1;
            i += 1;
        }
        runs.push((first, next - first, LIST, Target::Same, start));
    }

    // One pool of text; a string already in it (even inside another) is not repeated.
    let run_texts = runs.iter().filter(|r| r.2 == TEXT).map(|r| &r.3);
    let item_texts = items.iter().filter(|t| single(t).is_none());
    let mut texts: Vec<&str> = run_texts
        .chain(item_texts)
        .filter_map(|t| match t {
            Target::Text(s) => Some(s.as_str()),
            _ => None,
        })
        .collect();
    texts.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    texts.dedup();
    let mut pool = String::new();
    for s in texts {
        if !pool.contains(s) {
            pool.push_str(s);
        }
    }
    let text_ref = |s: &str| -> u32 {
        let offset = if s.is_empty() { 0 } else { pool.find(s).unwrap() };
        assert!(s.len() < 64 && offset < 1 << 23);
        (offset as u32) << 6 | s.len() as u32
    };

    let mut keys = Vec::new();
    let mut vals = Vec::new();
    for (first, len, kind, t, payload) in &runs {
        keys.push(first << LEN_BITS | (len - 1));
        let payload = match (*kind, t) {
            (TEXT, Target::Text(s)) => text_ref(s),
            (DELTA | ALTERNATE, _) => (*payload as u32) & ((1 << 29) - 1),
            (LIST, _) => *payload as u32,
            _ => 0,
        };
        vals.push(kind << 29 | payload);
    }
    let mut item_values = Vec::new();
    for &(first, len, _, _, start) in runs.iter().filter(|r| r.2 == LIST) {
        for k in 0..len {
            item_values.push(match &items[start as usize + k as usize] {
                Target::Same => first + k,
                t @ Target::Text(s) => single(t).unwrap_or_else(|| ITEM_TEXT | text_ref(s)),
                Target::Mark { .. } => unreachable!("marks have runs of their own"),
            });
        }
    }

    let mut out = String::new();
    writeln!(
        out,
        "//! Generated by `UPDATE_EXPECT=1 cargo test -p sift-core fold` from the reference"
    )
    .unwrap();
    writeln!(
        out,
        "//! fold in `tests.rs` (unicode-normalization): do not edit. See `lookup` in `fold.rs`."
    )
    .unwrap();
    writeln!(out, "pub(super) static VALS: [u32; {}] = [", vals.len()).unwrap();
    for line in vals.chunks(8) {
        let line: Vec<String> = line.iter().map(|v| format!("0x{v:08x}")).collect();
        writeln!(out, "    {},", line.join(", ")).unwrap();
    }
    writeln!(out, "];").unwrap();
    // Keys and items as byte planes (see `Planes` in `fold.rs`).
    for (name, values) in [("KEYS", &keys), ("ITEMS", &item_values)] {
        writeln!(out, "pub(super) static {name}: [[u8; {}]; 4] = [", values.len()).unwrap();
        for plane in 0..4 {
            writeln!(out, "    [").unwrap();
            for line in values.chunks(16) {
                let bytes: Vec<String> =
                    line.iter().map(|v| format!("0x{:02x}", v.to_le_bytes()[plane])).collect();
                writeln!(out, "        {},", bytes.join(", ")).unwrap();
            }
            writeln!(out, "    ],").unwrap();
        }
        writeln!(out, "];").unwrap();
    }
    writeln!(out, "pub(super) static TEXT: &str = concat!(").unwrap();
    let pool: Vec<char> = pool.chars().collect();
    for line in pool.chunks(32) {
        let line: String = line.iter().collect();
        writeln!(out, "    {line:?},").unwrap();
    }
    writeln!(out, ");").unwrap();
    let composed = composed_exceptions();
    writeln!(out, "pub(super) static COMPOSED: [(char, char, &str); {}] = [", composed.len())
        .unwrap();
    for (letter, mark, folded) in composed {
        writeln!(out, "    ({letter:?}, {mark:?}, {folded:?}),").unwrap();
    }
    writeln!(out, "];").unwrap();
    out
}

#[test]
fn fold_table_is_generated_from_the_reference() {
    expect_file!["table.rs"].assert_eq(&generate());
}

#[test]
fn every_char_folds_as_the_reference() {
    for c in all_chars() {
        for text in [c.to_string(), format!("é{c}"), format!("{c}x")] {
            assert_eq!(fold(&text), reference(&text), "{c:?} in {text:?}");
        }
    }
}

#[test]
fn decomposed_chars_fold_as_the_reference() {
    // Canonical decomposition and composition (NFD, NFC) must not change a fold: the table
    // folds characters one by one, the reference composes first.
    for c in all_chars() {
        let nfd: String = c.to_string().nfd().collect();
        let nfkd: String = c.to_string().nfkd().collect();
        for text in [nfd, nfkd, format!("{c}\u{0306}"), format!("{c}\u{0328}\u{0306}")] {
            assert_eq!(fold(&text), reference(&text), "{c:?} as {text:?}");
        }
    }
}

#[test]
fn marks_of_every_class_are_in_the_table() {
    for c in all_chars() {
        let expected = match target(c) {
            Target::Mark { above } => Some(Fold::Mark { above }),
            _ => None,
        };
        match lookup(c) {
            mark @ Some(Fold::Mark { .. }) => assert_eq!(mark, expected, "{c:?}"),
            _ => assert_eq!(expected, None, "{c:?}"),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(20_000))]

    #[test]
    fn mixtures_of_letters_and_marks_fold_as_the_reference(
        chars in prop::collection::vec(
            prop_oneof![
                3 => prop::sample::select(vec![
                    'и', 'И', 'у', 'У', 'е', 'Е', 'ё', 'a', 'A', '`', 'é', 'ß', 'ﬁ', ' ', 'Å',
                    '\u{212B}', '\u{0306}', '\u{0308}', '\u{0300}', '\u{0328}', '\u{0345}',
                    '\u{0903}', '\u{0B47}', '\u{0B3E}', '\u{1100}', '\u{1161}', '\u{11A8}',
                    '\u{AC00}', '\u{0344}', '\u{0F73}', 'Ѝ', 'ѝ', '\u{0301}', '\u{0327}',
                ]),
                1 => any::<char>(),
            ],
            0..10,
        )
    ) {
        let text: String = chars.into_iter().collect();
        prop_assert_eq!(fold(&text), reference(&text));
    }
}
