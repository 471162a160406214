//! The rounds in which a search box searches: what the widget runs and the benchmark
//! measures, written once.
//!
//! A quick search answers in rounds so that the reader sees something at once: the top result
//! alone (its small meta block is all it needs), then the full drop-down with snippets, then,
//! only if few articles were found, the words read with typos (which reads the typo
//! dictionaries, the largest files a query can need), and, only if no article has every
//! word, the articles with some of them (a word the index lacks, mistyped past repair or
//! never written, should not hide the articles the other words find).

use crate::query::{ParseOptions, Query};
use crate::search::{typo_eligible, SearchRequest, SearchResults};

/// Results in the quick search's drop-down (and so the results whose data the benchmark's
/// warm query loads, as the brief measures: the top ten).
pub const QUICK_LIMIT: usize = 10;

/// The most rounds of fetching one search may take: a sound index needs at most eight (the
/// directory and columns, shards, members' shards, block pages, meta blocks, text blocks and
/// the dictionary); the bound keeps a damaged index from keeping a search looping.
pub const MAX_FETCH_ROUNDS: usize = 12;

/// One round of a search.
#[derive(Clone, Debug, PartialEq)]
pub struct Round {
    /// What to search.
    pub request: SearchRequest,
    /// Skip the round when the round before it found at least this many results.
    pub unless_found: Option<usize>,
    /// Whether the round looks for articles with only some of the words (the reader should
    /// be told).
    pub some_words: bool,
}

impl Round {
    /// A round that always runs.
    pub fn always(request: SearchRequest) -> Round {
        Round { request, unless_found: None, some_words: false }
    }

    /// Whether to run this round after one that found `found` results.
    pub fn wanted_after(&self, found: usize) -> bool {
        self.unless_found.is_none_or(|enough| found < enough)
    }
}

/// The rounds of the quick search box for `text` (the last word a prefix while it is being
/// typed); none for text with no word to search.
pub fn quick_rounds(text: &str) -> Vec<Round> {
    let query = Query::parse(text, ParseOptions { prefix_last: true }).query;
    if query.is_empty() || !query.has_positive() {
        return Vec::new();
    }
    let exact =
        SearchRequest { query, typos: false, limit: QUICK_LIMIT, ..SearchRequest::default() };
    let first = SearchRequest { limit: 1, snippets: false, ..exact.clone() };
    let mut rounds = vec![Round::always(first)];
    rounds.extend(with_typos(exact));
    rounds
}

/// `exact` (a request without typos), then the same with typos when a word is long enough to
/// have any and `exact` finds fewer results than it shows, then, when nothing was found and
/// there are several words, the articles with some of them.
pub fn with_typos(exact: SearchRequest) -> Vec<Round> {
    let typos = typo_eligible(&exact.query);
    let some = exact.query.clauses.iter().filter(|c| !c.negated).count() > 1;
    let typo_round = typos.then(|| Round {
        request: SearchRequest { typos: true, ..exact.clone() },
        unless_found: Some(exact.offset + exact.limit),
        some_words: false,
    });
    let some_round = some.then(|| Round {
        request: SearchRequest { query: exact.query.any_word(), typos, ..exact.clone() },
        unless_found: Some(1),
        some_words: true,
    });
    std::iter::once(Round::always(exact)).chain(typo_round).chain(some_round).collect()
}

/// Runs `rounds` in order with `search`, each only if the answer so far wants it, and
/// returns the last answer with whether it holds articles with only some of the words (none
/// for no rounds). The widget runs the same rule, awaiting each round.
pub fn run_rounds<E>(
    rounds: Vec<Round>,
    mut search: impl FnMut(&SearchRequest) -> Result<SearchResults, E>,
) -> Result<Option<(SearchResults, bool)>, E> {
    let mut answer: Option<(SearchResults, bool)> = None;
    for round in rounds {
        if answer.as_ref().is_some_and(|(results, _)| !round.wanted_after(results.total)) {
            break;
        }
        answer = Some((search(&round.request)?, round.some_words));
    }
    Ok(answer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quick_search_shows_one_result_then_the_list_then_typos_only_if_few() {
        let rounds = quick_rounds("cocao");
        assert_eq!(rounds.len(), 3);
        assert_eq!((rounds[0].request.limit, rounds[0].request.snippets), (1, false));
        assert_eq!((rounds[1].request.limit, rounds[1].request.typos), (QUICK_LIMIT, false));
        assert!(rounds[2].request.typos);
        assert!(rounds[2].wanted_after(3));
        assert!(!rounds[2].wanted_after(QUICK_LIMIT));
        assert_eq!(quick_rounds("oil").len(), 2, "no typos for three letters");
        let several = quick_rounds("coffee exprot");
        assert_eq!(several.len(), 4);
        assert!(several[3].some_words && several[3].wanted_after(0) && !several[3].wanted_after(1));
        assert_eq!(several[3].request.query.clauses.len(), 1);
        assert!(quick_rounds("  ").is_empty());
        assert!(quick_rounds("-excluded").is_empty());
    }
}
