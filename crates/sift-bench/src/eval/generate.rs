//! The known-item query generator: a reader's query for one article, made of two or three of its
//! title's rarer words, with exactly one kind of error in one word.
//!
//! Rules (the same for every engine, fixed before any engine is run):
//! - Candidate words are title words of letters only, three or more of them, not stop words,
//!   found in at most a quarter of the documents. Sorted by document frequency (title and body),
//!   the rarer half of them (at least three) is the pool the query draws from.
//! - The query must mean its article: no other article's title holds all its words (before the
//!   error is applied). A third word is added when two do not single the article out; an article
//!   that three do not single out is not used.
//! - Typos (swapped, missing, extra, neighbouring letter) go into a word of five or more letters,
//!   the length from which the brief promises typo tolerance; the unfinished word is a prefix of
//!   three or more letters of a word of four or more, typed last. Part of a compound and
//!   diacritics dropped use a title word that has one (even if it is not among the rarer half);
//!   Latin for Cyrillic writes a Russian word of the pool under a scheme drawn per query.
//! - Articles are drawn in a random order, each at most once per kind.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::errors;
use super::translit;
use crate::corpus::Record;
use crate::random::Rng;
use crate::words::{script, words, Frequencies, Script, Word};

/// A word found in more than this share of the documents is too common to be a "rarer" word.
const MAX_SHARE: f64 = 0.25;

/// The kinds of query, one error kind each.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Kind {
    Exact,
    Swapped,
    Missing,
    Extra,
    Neighbour,
    Unfinished,
    Compound,
    Diacritics,
    Latin,
}

impl Kind {
    pub(crate) const ALL: [Kind; 9] = [
        Kind::Exact,
        Kind::Swapped,
        Kind::Missing,
        Kind::Extra,
        Kind::Neighbour,
        Kind::Unfinished,
        Kind::Compound,
        Kind::Diacritics,
        Kind::Latin,
    ];

    /// How the table names the kind.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Kind::Exact => "exact",
            Kind::Swapped => "swapped letters",
            Kind::Missing => "missing letter",
            Kind::Extra => "extra letter",
            Kind::Neighbour => "keyboard neighbour",
            Kind::Unfinished => "unfinished last word",
            Kind::Compound => "part of a compound",
            Kind::Diacritics => "diacritics dropped",
            Kind::Latin => "Latin for Cyrillic",
        }
    }

    /// The success@5 the brief asks for (BRIEF section 4).
    pub(crate) fn target(self) -> f64 {
        if self == Kind::Latin {
            0.90
        } else {
            0.95
        }
    }

    /// What a title needs for this kind, as the table says when none has it.
    pub(crate) fn needs(self) -> &'static str {
        match self {
            Kind::Exact => "two rarer words",
            Kind::Swapped | Kind::Missing | Kind::Extra | Kind::Neighbour => {
                "a rarer word of 5+ letters"
            }
            Kind::Unfinished => "a rarer word of 4+ letters",
            Kind::Compound => "a word with an inner . ' ’ or -",
            Kind::Diacritics => "a word with diacritics (or ё)",
            Kind::Latin => "a rarer Cyrillic word",
        }
    }

    fn is_typo(self) -> bool {
        matches!(self, Kind::Swapped | Kind::Missing | Kind::Extra | Kind::Neighbour)
    }
}

/// One known-item query.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct KnownItem {
    pub(crate) kind: Kind,
    /// What the reader types.
    pub(crate) query: String,
    /// The article the reader means.
    pub(crate) url: String,
    pub(crate) title: String,
    /// The title word the error changed, and how it was typed.
    pub(crate) word: Option<String>,
    pub(crate) typed: Option<String>,
    /// The transliteration scheme, for Latin for Cyrillic.
    pub(crate) scheme: Option<&'static str>,
}

/// The queries drawn for one seed.
#[derive(Debug, Default)]
pub(crate) struct Draw {
    pub(crate) queries: Vec<KnownItem>,
    /// Per kind: how many titles have what the kind needs.
    pub(crate) candidates: BTreeMap<Kind, usize>,
}

/// One article's title, split into words.
struct Title {
    url: String,
    text: String,
    words: Vec<Word>,
}

/// The corpus as the generator needs it: titles, document frequencies and which titles hold
/// each word.
pub(crate) struct Generator {
    titles: Vec<Title>,
    frequencies: Frequencies,
    holding: HashMap<String, Vec<u32>>,
}

impl Generator {
    /// Reads the titles and counts words over titles and bodies.
    pub(crate) fn new(records: &[Record]) -> Generator {
        let frequencies =
            Frequencies::of(records.iter().map(|r| format!("{}\n{}", r.title, r.body)));
        let titles: Vec<Title> = records
            .iter()
            .map(|r| Title {
                url: r.url.clone(),
                text: r.title.clone(),
                words: unique(words(&r.title)),
            })
            .collect();
        let mut holding: HashMap<String, Vec<u32>> = HashMap::new();
        for (number, title) in titles.iter().enumerate() {
            for word in &title.words {
                holding.entry(word.text.clone()).or_default().push(number as u32);
            }
        }
        Generator { titles, frequencies, holding }
    }

    /// Up to `per_kind` queries of every kind for `seed`.
    pub(crate) fn draw(&self, seed: u64, per_kind: usize) -> Draw {
        let mut draw = Draw::default();
        for kind in Kind::ALL {
            let mut rng = Rng::new(seed, kind.label());
            let mut order: Vec<usize> = (0..self.titles.len()).collect();
            rng.shuffle(&mut order);
            let mut found = 0;
            for &number in &order {
                if found == per_kind {
                    break;
                }
                if let Some(query) = self.query(kind, number, &mut rng) {
                    draw.queries.push(query);
                    found += 1;
                }
            }
            let candidates = (0..self.titles.len()).filter(|&n| self.can_make(kind, n)).count();
            draw.candidates.insert(kind, candidates);
        }
        draw
    }

    /// The title's candidate words (indexes into its words), rarest first.
    fn pool(&self, title: &Title) -> Vec<usize> {
        let most = (self.frequencies.documents() as f64 * MAX_SHARE).max(1.0);
        let mut candidates: Vec<usize> = (0..title.words.len())
            .filter(|&i| {
                let word = &title.words[i];
                word.is_plain()
                    && word.len() >= 3
                    && !word.is_stop()
                    && f64::from(self.frequencies.get(&word.text)) <= most
            })
            .collect();
        candidates.sort_by_key(|&i| (self.frequencies.get(&title.words[i].text), i));
        let size = candidates.len().div_ceil(2).max(3).min(candidates.len());
        candidates.truncate(size);
        candidates
    }

    /// The words of the title that the kind's error could go into.
    fn focus_words(&self, kind: Kind, title: &Title, pool: &[usize]) -> Vec<usize> {
        let words = &title.words;
        let typeable =
            |i: &usize| matches!(script(&words[*i].text), Script::Latin | Script::Cyrillic);
        match kind {
            Kind::Exact => Vec::new(),
            _ if kind.is_typo() => {
                pool.iter().copied().filter(|&i| words[i].len() >= 5).filter(typeable).collect()
            }
            Kind::Unfinished => pool.iter().copied().filter(|&i| words[i].len() >= 4).collect(),
            Kind::Latin => pool
                .iter()
                .copied()
                .filter(|&i| script(&words[i].text) == Script::Cyrillic)
                .collect(),
            Kind::Compound => (0..words.len())
                .filter(|&i| words[i].is_compound() && !compound_parts(&words[i]).is_empty())
                .collect(),
            Kind::Diacritics => (0..words.len())
                .filter(|&i| !words[i].is_stop() && errors::has_diacritics(&words[i].text))
                .collect(),
            _ => unreachable!("every kind is matched"),
        }
    }

    /// Whether the title has what `kind` needs (the count the table shows).
    fn can_make(&self, kind: Kind, number: usize) -> bool {
        let title = &self.titles[number];
        let pool = self.pool(title);
        if kind == Kind::Exact {
            pool.len() >= 2
        } else {
            !self.focus_words(kind, title, &pool).is_empty()
        }
    }

    /// A query of `kind` for the title `number`, if it has what the kind needs and its words
    /// single it out.
    fn query(&self, kind: Kind, number: usize, rng: &mut Rng) -> Option<KnownItem> {
        let title = &self.titles[number];
        let pool = self.pool(title);
        let focus = if kind == Kind::Exact {
            None
        } else {
            let eligible = self.focus_words(kind, title, &pool);
            if eligible.is_empty() {
                return None;
            }
            Some(*rng.pick(&eligible))
        };
        let mut others: Vec<usize> = pool.iter().copied().filter(|&i| Some(i) != focus).collect();
        rng.shuffle(&mut others);
        let mut spare = others.into_iter();
        let size = rng.between(2, 3);
        let mut chosen: Vec<usize> = focus.into_iter().collect();
        chosen.extend(spare.by_ref().take(size - chosen.len()));
        if chosen.len() < 2 {
            return None;
        }
        while !self.singles_out(title, number, &chosen) {
            if chosen.len() >= 3 {
                return None;
            }
            chosen.push(spare.next()?);
        }
        chosen.sort_unstable();

        let mut typed: Vec<String> = chosen.iter().map(|&i| title.words[i].text.clone()).collect();
        let mut item = KnownItem {
            kind,
            query: String::new(),
            url: title.url.clone(),
            title: title.text.clone(),
            word: None,
            typed: None,
            scheme: None,
        };
        if let Some(focus) = focus {
            let word = &title.words[focus];
            let slip = match kind {
                Kind::Swapped => errors::swap(&word.text, rng)?,
                Kind::Missing => errors::drop_letter(&word.text, rng)?,
                Kind::Extra => errors::add_letter(&word.text, rng)?,
                Kind::Neighbour => errors::neighbour(&word.text, rng)?,
                Kind::Unfinished => {
                    word.text.chars().take(rng.between(3, word.len() - 1)).collect()
                }
                Kind::Compound => (*rng.pick(&compound_parts(word))).to_owned(),
                Kind::Diacritics => errors::strip_diacritics(&word.text),
                Kind::Latin => {
                    let scheme = *rng.pick(&translit::SCHEMES);
                    item.scheme = Some(scheme);
                    translit::latin(&word.text, scheme)
                }
                Kind::Exact => unreachable!("an exact query has no focus word"),
            };
            let at = chosen.iter().position(|&i| i == focus).expect("the focus word is chosen");
            typed[at] = slip.clone();
            if kind == Kind::Unfinished {
                let last = typed.remove(at);
                typed.push(last);
            }
            item.word = Some(word.text.clone());
            item.typed = Some(slip);
        }
        item.query = typed.join(" ");
        Some(item)
    }

    /// Whether no title but `number`'s holds all the `chosen` words.
    fn singles_out(&self, title: &Title, number: usize, chosen: &[usize]) -> bool {
        let mut lists: Vec<&[u32]> =
            chosen.iter().map(|&i| self.holding[&title.words[i].text].as_slice()).collect();
        lists.sort_by_key(|list| list.len());
        let (first, rest) = lists.split_first().expect("two or more words");
        let holding =
            first.iter().filter(|n| rest.iter().all(|list| list.binary_search(n).is_ok()));
        holding.eq([number as u32].iter())
    }
}

/// Keeps the first of words written the same.
fn unique(words: Vec<Word>) -> Vec<Word> {
    let mut seen = std::collections::HashSet::new();
    words.into_iter().filter(|word| seen.insert(word.text.clone())).collect()
}

/// The parts of a compound a reader could type alone: three or more characters with a letter.
fn compound_parts(word: &Word) -> Vec<&str> {
    word.parts
        .iter()
        .filter(|part| part.chars().count() >= 3 && part.chars().any(char::is_alphabetic))
        .map(String::as_str)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bundled sample corpus: English and Russian, names with diacritics, compounds.
    fn sample() -> Vec<Record> {
        xtask::sample::generate()
            .into_iter()
            .map(|r| serde_json::from_value(serde_json::to_value(r).unwrap()).unwrap())
            .collect()
    }

    #[test]
    fn each_query_is_title_words_with_one_error_of_its_kind_and_means_one_article() {
        let records = sample();
        let generator = Generator::new(&records);
        let draw = generator.draw(11, 12);
        for kind in Kind::ALL {
            let count = draw.queries.iter().filter(|q| q.kind == kind).count();
            assert!(count >= 6, "{kind:?}: {count} queries from the sample corpus");
        }
        for query in &draw.queries {
            let title: Vec<String> = words(&query.title).into_iter().map(|w| w.text).collect();
            let typed: Vec<&str> = query.query.split(' ').collect();
            assert!((2..=3).contains(&typed.len()), "{query:?}");
            // Every word but the changed one is a title word as written.
            let changed: Vec<&&str> =
                typed.iter().filter(|w| !title.contains(&w.to_string())).collect();
            let (word, slip) = (query.word.as_deref(), query.typed.as_deref());
            match query.kind {
                Kind::Exact => assert!(changed.is_empty() && word.is_none(), "{query:?}"),
                _ => {
                    let (word, slip) = (word.unwrap(), slip.unwrap());
                    assert_ne!(word, slip, "{query:?}");
                    assert!(title.contains(&word.to_owned()), "{query:?}");
                    assert!(typed.contains(&slip), "{query:?}");
                    assert!(changed.len() <= 1, "{query:?}");
                }
            }
            // No other title holds all the words the reader meant.
            let meant: Vec<String> = typed
                .iter()
                .map(|w| if Some(*w) == slip { word.unwrap().to_owned() } else { (*w).to_owned() })
                .collect();
            let holding = records.iter().filter(|r| {
                let title: Vec<String> = words(&r.title).into_iter().map(|w| w.text).collect();
                meant.iter().all(|w| title.contains(w))
            });
            assert_eq!(holding.map(|r| &r.url).collect::<Vec<_>>(), [&query.url], "{query:?}");
            let (word, slip) = (word.unwrap_or(""), slip.unwrap_or(""));
            let letters = |text: &str| text.chars().count();
            match query.kind {
                Kind::Swapped | Kind::Neighbour => {
                    assert!(letters(word) >= 5 && letters(slip) == letters(word), "{query:?}");
                    let differ = word.chars().zip(slip.chars()).filter(|(a, b)| a != b).count();
                    assert_eq!(
                        differ,
                        if query.kind == Kind::Swapped { 2 } else { 1 },
                        "{query:?}"
                    );
                }
                Kind::Missing => assert!(letters(word) >= 5 && letters(slip) + 1 == letters(word)),
                Kind::Extra => assert!(letters(word) >= 5 && letters(slip) == letters(word) + 1),
                Kind::Unfinished => {
                    assert!(word.starts_with(slip) && letters(slip) >= 3, "{query:?}");
                    assert_eq!(typed.last(), Some(&slip), "{query:?}");
                }
                Kind::Compound => {
                    assert!(words(word)[0].parts.iter().any(|p| p == slip), "{query:?}")
                }
                Kind::Diacritics => assert_eq!(errors::strip_diacritics(word), slip),
                Kind::Latin => {
                    assert!(script(word) == Script::Cyrillic && slip.is_ascii(), "{query:?}");
                    assert!(query.scheme.is_some(), "{query:?}");
                }
                Kind::Exact => {}
            }
        }
        // Russian titles get typos, diacritics (ё) and Latin spellings as English ones do.
        let russian = |kind: Kind| {
            draw.queries.iter().any(|q| {
                q.kind == kind && script(q.word.as_deref().unwrap_or("")) == Script::Cyrillic
            })
        };
        assert!([Kind::Swapped, Kind::Missing, Kind::Extra, Kind::Neighbour, Kind::Diacritics]
            .iter()
            .all(|&k| russian(k)));
    }

    #[test]
    fn queries_single_out_their_article_and_a_seed_repeats_its_draw() {
        let record = |url: &str, title: &str| Record {
            url: url.into(),
            title: title.into(),
            ..Record::default()
        };
        let records = [
            record("/1", "COFFEE EXPORT QUOTAS DEBATED IN LONDON"),
            record("/2", "COFFEE EXPORT QUOTAS DEBATED IN LONDON"),
            record("/3", "BRAZIL COFFEE EXPORTERS MEET QUOTAS DEADLINE"),
            record("/4", "Жовтис освобождён досрочно"),
        ];
        let generator = Generator::new(&records);
        let draw = generator.draw(3, 50);
        // The two identical titles can never be told apart, so no query means either.
        assert!(draw.queries.iter().all(|q| q.url == "/3" || q.url == "/4"), "{:?}", draw.queries);
        assert!(draw.queries.iter().any(|q| q.kind == Kind::Latin && q.url == "/4"));
        assert_eq!(draw.candidates[&Kind::Compound], 0);
        let texts = |seed| {
            generator.draw(seed, 50).queries.into_iter().map(|q| q.query).collect::<Vec<_>>()
        };
        assert_eq!(texts(3), texts(3));
        assert_ne!(texts(3), texts(4));
    }
}
