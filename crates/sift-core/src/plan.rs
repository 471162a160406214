//! The rounds in which a search box searches: what the widget runs and the benchmark
//! measures, written once.
//!
//! A quick search answers in rounds so that the reader sees something at once: the top result
//! alone (its small meta block is all it needs), then the full drop-down with snippets, then,
//! only if few articles were found, the words read with typos (which reads the typo
//! dictionaries, the largest files a query can need; again the top result first when nothing
//! is on screen yet), and, only if no article has every word, the articles with some of them
//! (a word the index lacks, mistyped past repair or never written, should not hide the
//! articles the other words find).

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
    /// Skip the round, and every one after it, when the last round shown in full found at
    /// least this many results.
    pub unless_found: Option<usize>,
    /// Whether the round looks for articles with only some of the words (the reader should
    /// be told).
    pub some_words: bool,
    /// A first look at the next round: its top result without snippets, which needs only a
    /// meta block. It runs when that round will and nothing is on screen yet, so a reader
    /// who mistyped sees the first correction's article as soon as one whose words were
    /// right.
    pub preview: bool,
}

impl Round {
    /// A round that always runs.
    pub fn always(request: SearchRequest) -> Round {
        Round { request, unless_found: None, some_words: false, preview: false }
    }

    /// The first look at `request`: its top result alone, without snippets.
    fn preview_of(request: &SearchRequest) -> Round {
        let request = SearchRequest { limit: 1, snippets: false, ..request.clone() };
        Round { preview: true, ..Round::always(request) }
    }

    /// Whether to run this round when the last round shown in full found `shown` results
    /// (`None` before any).
    fn wanted(&self, shown: Option<usize>) -> bool {
        match (self.unless_found, shown) {
            (Some(enough), Some(found)) => found < enough,
            _ => true,
        }
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
    let mut rounds = Vec::new();
    for round in with_typos(exact) {
        if !round.some_words {
            rounds.push(Round::preview_of(&round.request));
        }
        rounds.push(round);
    }
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
        ..Round::always(exact.clone())
    });
    let some_round = some.then(|| Round {
        request: SearchRequest { query: exact.query.any_word(), typos, ..exact.clone() },
        unless_found: Some(1),
        some_words: true,
        preview: false,
    });
    std::iter::once(Round::always(exact)).chain(typo_round).chain(some_round).collect()
}

/// Runs a plan's rounds in order: which round comes next after what the earlier ones found.
/// The widget, the command line and the benchmark all take their rounds from here.
#[derive(Clone, Debug)]
pub struct Rounds {
    rounds: Vec<Round>,
    next: usize,
    /// Results of the last round shown in full (not a preview).
    shown: Option<usize>,
    /// Results of the last round run.
    on_screen: usize,
}

impl Rounds {
    /// The plan `rounds`, none run yet.
    pub fn new(rounds: Vec<Round>) -> Rounds {
        Rounds { rounds, next: 0, shown: None, on_screen: 0 }
    }

    /// The index of the round to run next, if any.
    fn upcoming(&self) -> Option<usize> {
        let mut i = self.next;
        while let Some(round) = self.rounds.get(i) {
            if !round.preview {
                return round.wanted(self.shown).then_some(i);
            }
            let previewed = self.rounds.get(i + 1).is_some_and(|r| r.wanted(self.shown));
            if previewed && self.on_screen == 0 {
                return Some(i);
            }
            i += 1;
        }
        None
    }

    /// The next round to run; report what it found with [`Rounds::answered`].
    pub fn next_round(&mut self) -> Option<&Round> {
        let i = self.upcoming()?;
        self.next = i + 1;
        self.rounds.get(i)
    }

    /// Records that the round last returned found `total` results.
    pub fn answered(&mut self, total: usize) {
        self.on_screen = total;
        if self.next.checked_sub(1).and_then(|i| self.rounds.get(i)).is_some_and(|r| !r.preview) {
            self.shown = Some(total);
        }
    }

    /// Whether no round is left to run after the answers so far.
    pub fn is_done(&self) -> bool {
        self.upcoming().is_none()
    }
}

/// Runs `rounds` with `search` as [`Rounds`] orders them and returns the last answer with
/// whether it holds articles with only some of the words (none for no rounds).
pub fn run_rounds<E>(
    rounds: Vec<Round>,
    mut search: impl FnMut(&SearchRequest) -> Result<SearchResults, E>,
) -> Result<Option<(SearchResults, bool)>, E> {
    let mut plan = Rounds::new(rounds);
    let mut answer: Option<(SearchResults, bool)> = None;
    while let Some(round) = plan.next_round() {
        let some_words = round.some_words;
        let results = search(&round.request)?;
        plan.answered(results.total);
        answer = Some((results, some_words));
    }
    Ok(answer)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rounds of `text` that run when each round finds what `found` says for it (by
    /// whether it is a preview, reads typos, or looks for some of the words).
    fn ran(text: &str, found: impl Fn(&Round) -> usize) -> Vec<String> {
        let mut plan = Rounds::new(quick_rounds(text));
        let mut names = Vec::new();
        while let Some(round) = plan.next_round() {
            let r = &round.request;
            names.push(format!(
                "{}{}{}",
                if round.preview { "first " } else { "" },
                if round.some_words {
                    "some"
                } else if r.typos {
                    "typos"
                } else {
                    "exact"
                },
                if r.snippets { "" } else { " (no snippets)" },
            ));
            let total = found(round);
            plan.answered(total);
        }
        names
    }

    #[test]
    fn a_quick_search_shows_one_result_then_the_list_then_typos_only_if_few() {
        // Found exactly: the first result, then the list; no typos once the list is full.
        assert_eq!(ran("cocao", |_| 12), ["first exact (no snippets)", "exact"]);
        // A few found: their list stays on screen while the typo round adds to it.
        assert_eq!(
            ran("cocao", |r| if r.request.typos { 12 } else { 3 }),
            ["first exact (no snippets)", "exact", "typos"]
        );
        // Nothing found as typed: the first correction's article at once, then the list.
        assert_eq!(
            ran("правозащитнк", |r| if r.request.typos { 80 } else { 0 }),
            ["first exact (no snippets)", "exact", "first typos (no snippets)", "typos"]
        );
        // Several words, none found even with typos: the articles with some of them.
        assert_eq!(
            ran("coffee exprot", |r| if r.some_words { 40 } else { 0 }),
            ["first exact (no snippets)", "exact", "first typos (no snippets)", "typos", "some"]
        );
        assert_eq!(ran("oil", |_| 0), ["first exact (no snippets)", "exact"], "no typos at 3");
        assert!(quick_rounds("  ").is_empty());
        assert!(quick_rounds("-excluded").is_empty());
    }

    #[test]
    fn the_last_round_is_known_before_it_is_shown() {
        let mut plan = Rounds::new(quick_rounds("sentnced"));
        assert!(plan.next_round().is_some_and(|r| r.preview));
        plan.answered(0);
        assert!(plan.next_round().is_some_and(|r| !r.preview && !r.request.typos));
        plan.answered(10);
        assert!(plan.is_done(), "a full list needs no typos");
        assert!(plan.next_round().is_none());
    }
}
