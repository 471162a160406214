//! Typo dictionaries: per segment and word length, the index's alphabetic words with how many
//! documents hold each, searched with a typo automaton for the words a misspelling meant.
//!
//! Split by length so that a five-letter query reads the dictionaries of four- to six-letter
//! words only. A word's term shard is found from the directory, as any word's is.

use super::codec::{Decode, Encode};

/// Words shorter than this are not in the typo dictionaries (a five-letter word within one
/// typo can be four long).
const MIN_CHARS: usize = 4;
/// Words of this length and longer share the last dictionary.
const MAX_BUCKET: usize = 24;

/// The stored form: an `fst::Map` from each word to its document frequency.
#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode)]
pub(crate) struct TypoDictionary {
    pub(crate) fst: Vec<u8>,
}

/// The dictionary a word of `chars` characters belongs to, if any.
pub(crate) fn bucket(word: &str) -> Option<u8> {
    let chars = word.chars().count();
    (chars >= MIN_CHARS && word.chars().all(char::is_alphabetic))
        .then(|| chars.min(MAX_BUCKET) as u8)
}

/// The dictionaries holding the words within `edits` of a word of `chars` characters.
pub(crate) fn buckets_near(chars: usize, edits: usize) -> Vec<u8> {
    let mut buckets: Vec<u8> = (chars.saturating_sub(edits)..=chars + edits)
        .filter(|&len| len >= MIN_CHARS)
        .map(|len| len.min(MAX_BUCKET) as u8)
        .collect();
    buckets.dedup();
    buckets
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_go_to_the_dictionary_of_their_length() {
        assert_eq!(bucket("word"), Some(4));
        assert_eq!(bucket("слово"), Some(5));
        assert_eq!(bucket("abc"), None);
        assert_eq!(bucket("b52s"), None);
        assert_eq!(bucket(&"a".repeat(30)), Some(24));
        assert_eq!(buckets_near(6, 1), [5, 6, 7]);
        assert_eq!(buckets_near(10, 2), [8, 9, 10, 11, 12]);
        assert_eq!(buckets_near(5, 2), [4, 5, 6, 7]);
        assert_eq!(buckets_near(24, 2), [22, 23, 24]);
    }
}
