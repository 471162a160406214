//! Typo tolerance: which words are searched with typos, the automaton that finds the index's
//! words within one or two edits of them, and the distance that ranks those words.
//!
//! An edit is a letter inserted, deleted or replaced, or two neighbouring letters swapped
//! (optimal string alignment, the Damerau-Levenshtein distance without repeated edits of one
//! substring): `cocao` is one edit from `cocoa`, as a reader who typed it would expect.
//! fst's own `Levenshtein` automaton counts a swap as two edits, so this one is ours. It
//! works on characters, decoding the dictionary's UTF-8 bytes as it goes, so Cyrillic words
//! get exactly the same tolerance as Latin ones.

use fst::Automaton;

use crate::query::{Atom, Query};

/// Words shorter than this are not searched with typos ...
pub(crate) const MIN_WORD: usize = 5;
/// From this length on, a word is searched within two edits instead of one.
const TWO_EDITS: usize = 9;
/// The longest word the automaton takes, in characters (terms are at most 48 bytes).
const MAX_CHARS: usize = 48;

/// How many edits a typed word may be from what the reader meant: 0 (no typo search), 1 from
/// five letters, 2 from nine; and 1 for a four-letter word the index has nothing for
/// (`has_matches` false: no such word, stem or completion), since the brief's "a word of
/// five letters" is the word meant, which has four when typed with a letter missing. Only
/// alphabetic words are searched with typos (numbers and codes must match as typed).
pub(crate) fn allowed_edits(word: &str, has_matches: bool) -> u8 {
    let len = word.chars().count();
    if len > MAX_CHARS || !word.chars().all(char::is_alphabetic) {
        0
    } else if len >= TWO_EDITS {
        2
    } else if len >= MIN_WORD || (len + 1 == MIN_WORD && !has_matches) {
        1
    } else {
        0
    }
}

/// Whether some positive word of `query` is long enough to be searched with typos.
pub fn typo_eligible(query: &Query) -> bool {
    query.clauses.iter().filter(|c| !c.negated).flat_map(|c| &c.atoms).any(|atom| match atom {
        Atom::Word { term, .. } => allowed_edits(term, false) > 0,
        Atom::Phrase { .. } => false,
    })
}

/// The optimal-string-alignment distance between `a` and `b`, in characters.
pub(crate) fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // Three rows of the classic table: two back (for swaps), one back, and the current.
    let mut before: Vec<usize> = vec![0; a.len() + 1];
    let mut previous: Vec<usize> = (0..=a.len()).collect();
    let mut current = vec![0; a.len() + 1];
    for j in 1..=b.len() {
        current[0] = j;
        for i in 1..=a.len() {
            let replace = previous[i - 1] + usize::from(a[i - 1] != b[j - 1]);
            let mut best = replace.min(previous[i] + 1).min(current[i - 1] + 1);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(before[i - 2] + 1);
            }
            current[i] = best;
        }
        std::mem::swap(&mut before, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    previous[a.len()]
}

/// An `fst::Automaton` matching the keys within `edits` of `word` (optimal string alignment).
///
/// Its state is the last two rows of the distance table over `word`'s characters (each entry
/// capped at `edits + 1`), the last character read, and the bytes of a character still being
/// decoded. A key is abandoned as soon as no entry of its row is within `edits`: a swap can
/// only lower a later entry to one more than an entry of the row before it, which the row
/// after that already bounds.
#[derive(Clone, Debug)]
pub(crate) struct Typos {
    word: Vec<char>,
    edits: u8,
}

/// The state of [`Typos`] after some bytes of a key.
#[derive(Clone, Debug)]
pub(crate) struct TypoState {
    /// The row before `row` (distances to the key without its last character).
    before: [u8; MAX_CHARS + 1],
    /// Distances from each prefix of the word to the key read so far.
    row: [u8; MAX_CHARS + 1],
    /// The key's last complete character, if any.
    last: Option<char>,
    /// A character being decoded: the bits so far and how many bytes it still needs.
    partial: u32,
    needed: u8,
    /// The key is not valid UTF-8: nothing can match.
    broken: bool,
}

impl Typos {
    /// The automaton for `word` within `edits` (at most 2); `None` for a word longer than the
    /// automaton takes.
    pub(crate) fn new(word: &str, edits: u8) -> Option<Typos> {
        let word: Vec<char> = word.chars().collect();
        (word.len() <= MAX_CHARS).then_some(Typos { word, edits: edits.min(2) })
    }

    fn cap(&self) -> u8 {
        self.edits + 1
    }

    /// The next row after reading the whole character `c`.
    fn step(&self, state: &TypoState, c: char) -> TypoState {
        let n = self.word.len();
        let cap = self.cap();
        let mut next = TypoState { before: state.row, last: Some(c), ..state.clone() };
        next.row[0] = state.row[0].saturating_add(1).min(cap);
        for i in 1..=n {
            let replace = state.row[i - 1] + u8::from(self.word[i - 1] != c);
            let mut best = replace.min(state.row[i] + 1).min(next.row[i - 1] + 1);
            if i > 1 && state.last == Some(self.word[i - 1]) && self.word[i - 2] == c {
                best = best.min(state.before[i - 2] + 1);
            }
            next.row[i] = best.min(cap);
        }
        next
    }
}

impl Automaton for Typos {
    type State = TypoState;

    fn start(&self) -> TypoState {
        let cap = self.cap();
        let mut row = [cap; MAX_CHARS + 1];
        for (i, entry) in row.iter_mut().enumerate().take(self.word.len() + 1) {
            *entry = (i as u8).min(cap);
        }
        TypoState {
            before: [cap; MAX_CHARS + 1],
            row,
            last: None,
            partial: 0,
            needed: 0,
            broken: false,
        }
    }

    fn is_match(&self, state: &TypoState) -> bool {
        !state.broken && state.needed == 0 && state.row[self.word.len()] <= self.edits
    }

    fn can_match(&self, state: &TypoState) -> bool {
        !state.broken && state.row[..=self.word.len()].iter().any(|&d| d <= self.edits)
    }

    fn accept(&self, state: &TypoState, byte: u8) -> TypoState {
        if state.broken {
            return state.clone();
        }
        let broken = || TypoState { broken: true, ..state.clone() };
        let (bits, needed) = if state.needed > 0 {
            if byte & 0xC0 != 0x80 {
                return broken();
            }
            (state.partial << 6 | u32::from(byte & 0x3F), state.needed - 1)
        } else {
            match byte {
                0x00..=0x7F => (u32::from(byte), 0),
                0xC0..=0xDF => (u32::from(byte & 0x1F), 1),
                0xE0..=0xEF => (u32::from(byte & 0x0F), 2),
                0xF0..=0xF7 => (u32::from(byte & 0x07), 3),
                _ => return broken(),
            }
        };
        if needed > 0 {
            return TypoState { partial: bits, needed, ..state.clone() };
        }
        match char::from_u32(bits) {
            Some(c) => self.step(&TypoState { partial: 0, needed: 0, ..state.clone() }, c),
            None => broken(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fst::{IntoStreamer, Set, Streamer};

    fn matches(word: &str, edits: u8, keys: &[&str]) -> Vec<String> {
        let mut sorted = keys.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        let set = Set::from_iter(sorted).unwrap();
        let automaton = Typos::new(word, edits).unwrap();
        let mut stream = set.search(automaton).into_stream();
        let mut out = Vec::new();
        while let Some(key) = stream.next() {
            out.push(String::from_utf8(key.to_vec()).unwrap());
        }
        out
    }

    #[test]
    fn swapped_neighbours_are_one_edit_in_both_scripts() {
        assert_eq!(distance("cocao", "cocoa"), 1);
        assert_eq!(distance("exprot", "export"), 1);
        assert_eq!(distance("задрежан", "задержан"), 1);
        assert_eq!(distance("алмтаы", "алматы"), 1);
        assert_eq!(distance("kitten", "sitting"), 3);
        assert_eq!(distance("", "abc"), 3);
        // Optimal string alignment edits no substring twice: `ca` to `abc` is three.
        assert_eq!(distance("ca", "abc"), 3);
    }

    #[test]
    fn the_automaton_finds_exactly_the_keys_within_the_distance() {
        let keys = [
            "cocoa",
            "coca",
            "cocao",
            "cocaa",
            "cacao",
            "export",
            "exports",
            "expert",
            "report",
            "задержан",
            "задержана",
            "задерживать",
            "правозащитник",
            "правозащитники",
            "правозащитный",
        ];
        for (word, edits) in
            [("cocao", 1), ("exprot", 1), ("задрежан", 1), ("правозащитнк", 2), ("cocoa", 2)]
        {
            let found = matches(word, edits, &keys);
            let expected: Vec<String> = {
                let mut all: Vec<&str> = keys.to_vec();
                all.sort_unstable();
                all.into_iter()
                    .filter(|k| distance(word, k) <= usize::from(edits))
                    .map(String::from)
                    .collect()
            };
            assert_eq!(found, expected, "{word} within {edits}");
            assert!(!found.is_empty(), "{word}");
        }
        assert_eq!(matches("правозащитнк", 1, &keys), ["правозащитник"]);
    }

    #[test]
    fn only_alphabetic_words_of_five_letters_and_more_get_typos() {
        assert_eq!(allowed_edits("cat", false), 0);
        assert_eq!(allowed_edits("onth", false), 1, "month with its m missing");
        assert_eq!(allowed_edits("hels", true), 0, "a word being typed that the index completes");
        assert_eq!(allowed_edits("слово", true), 1);
        assert_eq!(allowed_edits("moscow", true), 1);
        assert_eq!(allowed_edits("kazakhstan", true), 2);
        assert_eq!(allowed_edits("правозащитник", true), 2);
        assert_eq!(allowed_edits("12345", false), 0);
        assert_eq!(allowed_edits(&"a".repeat(49), false), 0);
    }
}
