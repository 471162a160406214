//! Words as a reader sees them in a title, found by the harness's own rules (independent of
//! sift-core's analyser, so no query is shaped by the engine it measures): lower-cased runs of
//! letters and digits, where an inner `.`, `'`, `’` or `-` joins two runs into one compound word
//! (`alcd.o`, `nat'l`, `johnson-sirleaf`, `санкт-петербургский`); and their document frequency.

use std::collections::{HashMap, HashSet};

use unicode_normalization::char::is_combining_mark;

/// The joiners that keep a compound word together.
const JOINERS: [char; 4] = ['.', '\'', '’', '-'];

/// Words that carry no meaning of their own in a query, English and Russian.
const STOP_WORDS: &[&str] = &[
    "a",
    "about",
    "after",
    "against",
    "all",
    "also",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "been",
    "before",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "for",
    "from",
    "had",
    "has",
    "have",
    "he",
    "her",
    "his",
    "how",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "may",
    "more",
    "most",
    "no",
    "not",
    "of",
    "off",
    "on",
    "or",
    "other",
    "our",
    "out",
    "over",
    "says",
    "said",
    "she",
    "should",
    "so",
    "some",
    "than",
    "that",
    "the",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "to",
    "under",
    "up",
    "was",
    "we",
    "were",
    "what",
    "when",
    "which",
    "while",
    "who",
    "will",
    "with",
    "would",
    "you",
    "а",
    "без",
    "бы",
    "был",
    "была",
    "были",
    "было",
    "в",
    "во",
    "вот",
    "все",
    "всё",
    "вы",
    "где",
    "да",
    "для",
    "до",
    "его",
    "ее",
    "её",
    "если",
    "есть",
    "же",
    "за",
    "и",
    "из",
    "или",
    "им",
    "их",
    "к",
    "как",
    "ко",
    "когда",
    "кто",
    "ли",
    "между",
    "мы",
    "на",
    "над",
    "не",
    "него",
    "нет",
    "ни",
    "но",
    "о",
    "об",
    "он",
    "она",
    "они",
    "оно",
    "от",
    "по",
    "под",
    "после",
    "при",
    "про",
    "с",
    "со",
    "так",
    "также",
    "там",
    "то",
    "того",
    "тоже",
    "только",
    "у",
    "уже",
    "что",
    "чтобы",
    "это",
    "этот",
    "я",
];

/// One word of a text, lower-cased.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Word {
    /// The whole word as written, joiners included (`alcd.o`).
    pub(crate) text: String,
    /// The runs the joiners separate (`alcd`, `o`); one part for a plain word.
    pub(crate) parts: Vec<String>,
}

impl Word {
    /// Whether the word has inner joiners.
    pub(crate) fn is_compound(&self) -> bool {
        self.parts.len() > 1
    }

    /// Whether the word is letters only (no digits, no joiners).
    pub(crate) fn is_plain(&self) -> bool {
        !self.is_compound() && self.text.chars().all(|c| c.is_alphabetic() || is_combining_mark(c))
    }

    /// Its length in characters.
    pub(crate) fn len(&self) -> usize {
        self.text.chars().count()
    }

    /// Whether it is a stop word.
    pub(crate) fn is_stop(&self) -> bool {
        STOP_WORDS.contains(&self.text.as_str())
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

/// The words of `text` in order, lower-cased, compounds kept whole.
pub(crate) fn words(text: &str) -> Vec<Word> {
    let chars: Vec<char> = text.chars().flat_map(char::to_lowercase).collect();
    let mut words = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !is_word_char(chars[i]) {
            i += 1;
            continue;
        }
        let mut word = Word { text: String::new(), parts: vec![String::new()] };
        while i < chars.len() {
            let c = chars[i];
            if is_word_char(c) {
                word.text.push(c);
                word.parts.last_mut().expect("a part is open").push(c);
                i += 1;
            } else if JOINERS.contains(&c) && chars.get(i + 1).is_some_and(|&n| is_word_char(n)) {
                word.text.push(c);
                word.parts.push(String::new());
                i += 1;
            } else {
                break;
            }
        }
        words.push(word);
    }
    words
}

/// Document frequencies: in how many documents each word occurs, as a whole word or as a part
/// of a compound.
#[derive(Debug, Default)]
pub(crate) struct Frequencies {
    counts: HashMap<String, u32>,
    documents: usize,
}

impl Frequencies {
    /// Counts the words of each document's text.
    pub(crate) fn of(texts: impl IntoIterator<Item = impl AsRef<str>>) -> Frequencies {
        let mut frequencies = Frequencies::default();
        let mut seen: HashSet<String> = HashSet::new();
        for text in texts {
            seen.clear();
            for word in words(text.as_ref()) {
                if word.is_compound() {
                    for part in &word.parts {
                        seen.insert(part.clone());
                    }
                }
                seen.insert(word.text);
            }
            for word in seen.drain() {
                *frequencies.counts.entry(word).or_default() += 1;
            }
            frequencies.documents += 1;
        }
        frequencies
    }

    /// In how many documents `word` occurs.
    pub(crate) fn get(&self, word: &str) -> u32 {
        self.counts.get(word).copied().unwrap_or(0)
    }

    /// How many documents were counted.
    pub(crate) fn documents(&self) -> usize {
        self.documents
    }
}

/// The writing system of a word, for typos (which keyboard) and transliteration.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Script {
    Latin,
    Cyrillic,
    /// Mixed, or neither.
    Other,
}

/// The script of a word's letters (digits and joiners ignored).
pub(crate) fn script(word: &str) -> Script {
    let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.is_empty() {
        Script::Other
    } else if letters.iter().all(|&c| is_cyrillic(c)) {
        Script::Cyrillic
    } else if letters.iter().all(|&c| is_latin(c)) {
        Script::Latin
    } else {
        Script::Other
    }
}

pub(crate) fn is_cyrillic(c: char) -> bool {
    ('\u{0400}'..='\u{04ff}').contains(&c)
}

fn is_latin(c: char) -> bool {
    c.is_ascii_alphabetic()
        || (c.is_alphabetic()
            && (('\u{00c0}'..='\u{024f}').contains(&c) || ('\u{1e00}'..='\u{1eff}').contains(&c)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<String> {
        words(text).into_iter().map(|w| w.text).collect()
    }

    #[test]
    fn inner_joiners_make_compounds_and_other_punctuation_splits() {
        assert_eq!(texts("ALCIDE <ALCD.O> SAYS TESTS"), ["alcide", "alcd.o", "says", "tests"]);
        assert_eq!(
            texts("U.K.-BASED NAT'L, Johnson-Sirleaf’s"),
            ["u.k", "based", "nat'l", "johnson-sirleaf’s"]
        );
        assert_eq!(
            texts("Санкт-Петербургский «суд» — 2024"),
            ["санкт-петербургский", "суд", "2024"]
        );
        let word = &words("Johnson-Sirleaf")[0];
        assert_eq!(word.parts, ["johnson", "sirleaf"]);
        assert!(word.is_compound() && !word.is_plain());
        assert!(words("Mondelēz")[0].is_plain());
        assert!(!words("79th")[0].is_plain());
    }

    #[test]
    fn frequencies_count_documents_once_and_parts_of_compounds() {
        let frequencies = Frequencies::of(["oil oil ALCD.O", "Oil price", "price"]);
        assert_eq!(frequencies.get("oil"), 2);
        assert_eq!(frequencies.get("alcd"), 1);
        assert_eq!(frequencies.get("alcd.o"), 1);
        assert_eq!(frequencies.get("price"), 2);
        assert_eq!(frequencies.documents(), 3);
    }

    #[test]
    fn scripts() {
        assert_eq!(script("жовтис"), Script::Cyrillic);
        assert_eq!(script("gonçalves"), Script::Latin);
        assert_eq!(script("gazprom-газпром"), Script::Other);
    }
}
