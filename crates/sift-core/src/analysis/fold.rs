//! Case and diacritic folding.
//!
//! The fold of each character comes from a compact table (`fold/table.rs`) generated from the
//! Unicode definition the rules below are written in: lower case, compatibility
//! decomposition, combining marks removed. The table's tests rebuild it from
//! `unicode-normalization` and check every character and every canonical composition
//! against that reference, so the browser does not have to carry Unicode's normalization
//! tables (over 100 KB of wasm) to apply a few hundred distinct rules.

#[rustfmt::skip]
mod table;
#[cfg(test)]
mod tests;

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
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match composed(c, chars.as_str()) {
            Some(folded) => out.push_str(folded),
            None => fold_char(c, out),
        }
    }
}

/// The fold of `c` composed with a mark in `rest`, for the few letters whose composition
/// folds differently from the letter and the mark apart: decomposed `и` with a combining
/// breve is `й` (kept whole), `Æ` with a macron is `ǣ` (folded to `æ`, not `ae`). Only
/// marks of class 230 (above) compose with these letters, so canonical composition (NFC)
/// joins the first such mark among those that follow the letter: an earlier one blocks a
/// later one, marks of other classes do not, and any character of class 0 ends the marks.
fn composed(c: char, rest: &str) -> Option<&'static str> {
    let first = table::COMPOSED.partition_point(|&(letter, _, _)| letter < c);
    let candidates = &table::COMPOSED[first..];
    if candidates.first().is_none_or(|&(letter, _, _)| letter != c) {
        return None;
    }
    let mark = rest.chars().find(|&m| lookup(m) != Some(Fold::Mark { above: false }))?;
    if lookup(mark) != Some(Fold::Mark { above: true }) {
        return None;
    }
    candidates
        .iter()
        .take_while(|&&(letter, _, _)| letter == c)
        .find(|&&(_, m, _)| m == mark)
        .map(|&(_, _, folded)| folded)
}

/// Appends the fold of one character (one to eighteen characters, or none for a mark).
fn fold_char(c: char, out: &mut String) {
    if c.is_ascii() {
        match c {
            '`' => out.push('\''),
            c => out.push(c.to_ascii_lowercase()),
        }
        return;
    }
    // Hangul syllables decompose arithmetically (Unicode §3.12) into conjoining jamo.
    let s = u32::from(c).wrapping_sub(0xAC00);
    if s < 11_172 {
        let jamo = [0x1100 + s / 588, 0x1161 + s % 588 / 28, 0x11A7 + s % 28];
        let count = if s % 28 == 0 { 2 } else { 3 };
        out.extend(jamo[..count].iter().filter_map(|&j| char::from_u32(j)));
        return;
    }
    match lookup(c) {
        None => out.push(c),
        Some(Fold::Mark { .. }) => {}
        Some(Fold::Text(text)) => out.push_str(text),
        Some(Fold::Char(folded)) => out.push(folded),
    }
}

/// Whether `c` is a combining mark that canonical ordering moves (combining class not 0).
pub(super) fn is_mark(c: char) -> bool {
    matches!(lookup(c), Some(Fold::Mark { .. }))
}

/// What the table says about a character; `None` from [`lookup`] means it folds to itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fold {
    /// A combining mark that canonical ordering moves (class not 0, or a character that
    /// decomposes into such marks): folds to nothing. `above` is class 230 (for a
    /// decomposing character: one of its marks is).
    Mark { above: bool },
    /// Folds to this text (possibly empty).
    Text(&'static str),
    /// Folds to this one character.
    Char(char),
}

// Layout of the table (`KEYS` and `ITEMS` as byte planes): `KEYS[i]` is `first << LEN_BITS | (length - 1)` for a run of
// characters, sorted; `VALS[i]` is `kind << 29 | payload`. The kinds:
const TEXT: u32 = 0; // payload `offset << 6 | len`: every character folds to `TEXT[offset..][..len]`
const DELTA: u32 = 1; // payload a signed 29-bit delta: each character folds to itself plus delta
const ALTERNATE: u32 = 2; // as DELTA at even offsets in the run; odd offsets fold to themselves
const MARK_ABOVE: u32 = 3; // combining marks of class 230
const MARK_OTHER: u32 = 4; // combining marks of another class than 0 and 230
const LIST: u32 = 5; // payload an index into ITEMS, where the run's characters have one item each
                     // An item of ITEMS: a character, or `ITEM_TEXT | offset << 6 | len` for text in TEXT.
const ITEM_TEXT: u32 = 1 << 31;
const LEN_BITS: u32 = 11;

/// A table of `u32` stored as four byte planes, the least significant first: the high bytes
/// of neighbouring entries are alike, and planes put them together (gzip then saves 1.9 KB of
/// the widget's 13 KB for the table).
type Planes<const N: usize> = [[u8; N]; 4];

/// Entry `i` of `planes`, if there is one.
fn entry<const N: usize>(planes: &Planes<N>, i: usize) -> Option<u32> {
    let [a, b, c, d] = planes;
    Some(u32::from_le_bytes([*a.get(i)?, *b.get(i)?, *c.get(i)?, *d.get(i)?]))
}

fn lookup(c: char) -> Option<Fold> {
    let code = u32::from(c);
    // The last run that starts at or before `code` (a binary search over the planes).
    let (mut low, mut high) = (0, table::KEYS[0].len());
    while low < high {
        let middle = (low + high) / 2;
        if entry(&table::KEYS, middle)? >> LEN_BITS <= code {
            low = middle + 1;
        } else {
            high = middle;
        }
    }
    let i = low.checked_sub(1)?;
    let key = entry(&table::KEYS, i)?;
    let offset = code - (key >> LEN_BITS);
    if offset > key & ((1 << LEN_BITS) - 1) {
        return None;
    }
    let value = table::VALS[i];
    let payload = value & ((1 << 29) - 1);
    // Sign-extend the 29-bit delta.
    let delta = ((payload << 3) as i32) >> 3;
    match value >> 29 {
        TEXT => text(payload),
        DELTA => char::from_u32(code.wrapping_add_signed(delta)).map(Fold::Char),
        ALTERNATE if offset.is_multiple_of(2) => {
            char::from_u32(code.wrapping_add_signed(delta)).map(Fold::Char)
        }
        MARK_ABOVE => Some(Fold::Mark { above: true }),
        MARK_OTHER => Some(Fold::Mark { above: false }),
        LIST => {
            let item = entry(&table::ITEMS, (payload + offset) as usize)?;
            if item & ITEM_TEXT == 0 {
                char::from_u32(item).map(Fold::Char)
            } else {
                text(item & !ITEM_TEXT)
            }
        }
        _ => None,
    }
}

/// The text at `offset << 6 | len` in the table's text.
fn text(at: u32) -> Option<Fold> {
    let start = (at >> 6) as usize;
    table::TEXT.get(start..start + (at & 63) as usize).map(Fold::Text)
}
