//! The fixed query lists: single words, two words, prefixes, typos and phrases, in English, and
//! in Russian for Russian corpora.

/// What a query exercises; the report counts answers per kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Kind {
    Word,
    Words,
    Prefix,
    Typo,
    Phrase,
}

/// One query of the list.
#[derive(Clone, Debug, serde::Serialize)]
pub(crate) struct Query {
    pub(crate) text: &'static str,
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
    let mut queries: Vec<Query> = list.iter().map(|&(text, kind)| Query { text, kind }).collect();
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
}
