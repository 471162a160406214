//! The queries of the speed runs: the fixed lists (single words, two words, prefixes, typos and
//! phrases, in English, and in Russian for Russian corpora), and queries drawn at random from
//! the corpus's titles so that no figure is tuned to a list.

use std::collections::HashSet;

use crate::corpus::Record;
use crate::random::Rng;
use crate::words::words;

/// What a query exercises; the report counts answers per kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Kind {
    Word,
    Words,
    Prefix,
    Typo,
    Phrase,
    /// Drawn from a title.
    Title,
}

/// One query of the list.
#[derive(Clone, Debug, serde::Serialize)]
pub(crate) struct Query {
    pub(crate) text: String,
    pub(crate) kind: Kind,
}

const ENGLISH: &[(&str, Kind)] = &[
    ("oil", Kind::Word),
    ("coffee", Kind::Word),
    ("dollar", Kind::Word),
    ("wheat", Kind::Word),
    ("japan", Kind::Word),
    ("merger", Kind::Word),
    ("gold", Kind::Word),
    ("interest rates", Kind::Words),
    ("crude oil", Kind::Words),
    ("trade deficit", Kind::Words),
    ("stock split", Kind::Words),
    ("central bank", Kind::Words),
    ("petro", Kind::Prefix),
    ("agric", Kind::Prefix),
    ("compu", Kind::Prefix),
    ("goverment", Kind::Typo),
    ("inflaton", Kind::Typo),
    ("ecomomic growth", Kind::Typo),
    ("\"federal reserve\"", Kind::Phrase),
    ("\"trade surplus\"", Kind::Phrase),
];

const RUSSIAN: &[(&str, Kind)] = &[
    ("москва", Kind::Word),
    ("президент", Kind::Word),
    ("выборы", Kind::Word),
    ("нефть", Kind::Word),
    ("суд", Kind::Word),
    ("министр обороны", Kind::Words),
    ("выборы президента", Kind::Words),
    ("государственная дума", Kind::Words),
    ("прав", Kind::Prefix),
    ("украин", Kind::Prefix),
    ("правительсво", Kind::Typo),
    ("презедент", Kind::Typo),
    ("\"государственной думы\"", Kind::Phrase),
    ("\"чемпионат мира\"", Kind::Phrase),
];

/// The query list for a corpus whose main language is `lang`, cut to `limit` queries if given
/// (the cut keeps every kind represented as long as the limit allows).
pub(crate) fn for_language(lang: &str, limit: Option<usize>) -> Vec<Query> {
    let list = if lang.starts_with("ru") { RUSSIAN } else { ENGLISH };
    let mut queries: Vec<Query> =
        list.iter().map(|&(text, kind)| Query { text: text.to_owned(), kind }).collect();
    if let Some(limit) = limit {
        // Take round-robin over the kinds so that a short list still has a typo and a phrase.
        let kinds = [Kind::Word, Kind::Words, Kind::Prefix, Kind::Typo, Kind::Phrase];
        let mut picked = Vec::new();
        let mut round = 0;
        while picked.len() < limit.min(queries.len()) {
            for kind in kinds {
                if let Some(query) = queries.iter().filter(|q| q.kind == kind).nth(round) {
                    if picked.len() < limit {
                        picked.push(query.clone());
                    }
                }
            }
            round += 1;
        }
        queries = picked;
    }
    queries
}

/// `n` different queries drawn from the titles with `seed`: one to three neighbouring words of a
/// random title (words of letters only, stop words left out), lower-cased as readers type.
pub(crate) fn from_titles(records: &[Record], seed: u64, n: usize) -> Vec<Query> {
    let mut rng = Rng::new(seed, "title queries");
    let mut seen = HashSet::new();
    let mut queries = Vec::new();
    for _ in 0..n.saturating_mul(50) {
        if queries.len() == n || records.is_empty() {
            break;
        }
        let title = &rng.pick(records).title;
        let candidates: Vec<String> = words(title)
            .into_iter()
            .filter(|w| w.is_plain() && !w.is_stop() && w.len() >= 2)
            .map(|w| w.text)
            .collect();
        if candidates.is_empty() {
            continue;
        }
        let size = rng.between(1, 3).min(candidates.len());
        let start = rng.below(candidates.len() - size + 1);
        let text = candidates[start..start + size].join(" ");
        if seen.insert(text.clone()) {
            queries.push(Query { text, kind: Kind::Title });
        }
    }
    queries
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_list_keeps_every_kind() {
        let queries = for_language("en", Some(5));
        assert_eq!(queries.len(), 5);
        for kind in [Kind::Word, Kind::Words, Kind::Prefix, Kind::Typo, Kind::Phrase] {
            assert!(queries.iter().any(|q| q.kind == kind), "{kind:?} missing");
        }
        assert!(for_language("ru", None).iter().all(|q| !q.text.is_ascii()));
    }

    #[test]
    fn title_queries_are_one_to_three_title_words_and_a_seed_repeats_them() {
        let record = |title: &str| Record { title: title.into(), ..Record::default() };
        let records = [
            record("BAHIA COCOA REVIEW"),
            record("Президентом Чили выбрана женщина"),
            record("STANDARD OIL <SRD> TO FORM FINANCIAL UNIT"),
        ];
        let queries = from_titles(&records, 5, 12);
        assert!(queries.len() >= 6, "{queries:?}");
        for query in &queries {
            let words: Vec<&str> = query.text.split(' ').collect();
            assert!((1..=3).contains(&words.len()), "{query:?}");
            assert!(!words.contains(&"to") && query.text == query.text.to_lowercase());
            let title =
                records.iter().map(|r| r.title.to_lowercase()).find(|t| t.contains(words[0]));
            assert!(words.iter().all(|w| title.as_ref().unwrap().contains(w)), "{query:?}");
        }
        let texts =
            |seed| from_titles(&records, seed, 12).into_iter().map(|q| q.text).collect::<Vec<_>>();
        assert_eq!(texts(5), texts(5));
    }
}
