//! Searching: what a request needs, and its answer once the caller has supplied that.
//!
//! [`Index::search`] runs in stages. Each stage looks up the files it needs in the
//! [`FileCache`]; if any is absent, the search stops and returns [`Outcome::Need`] with
//! their names, and the caller fetches them and asks again. Earlier stages are cheap
//! lookups, so asking again costs little. The stages:
//! 1. the directory, facet and date columns the filters use, the typo dictionaries;
//! 2. the term shards, in every segment, of every word, stem, prefix, transliteration and
//!    typo candidate, and positions for phrases;
//! 3. the shards of stem-group and transliteration members that live elsewhere;
//! 4. the block table pages, then the meta blocks (and, for snippets, the text blocks) of
//!    the results on the requested page.

mod eval;
mod hits;
mod loader;
mod resolve;
mod typo;

pub use typo::typo_eligible;

use crate::document::Date;
use crate::index::{FileCache, Index};
use crate::query::Query;
use crate::snippet::Highlighted;

use loader::Loader;

/// The order of results.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Sort {
    /// Best match first; newer first among equals. Without words, the same as `Newest`.
    #[default]
    Relevance,
    /// Newest first; undated documents last.
    Newest,
    /// Oldest first; undated documents last.
    Oldest,
}

/// A search: the query, filters, order and page.
#[derive(Clone, Debug, PartialEq)]
pub struct SearchRequest {
    /// The words. An empty query lists every document that passes the filters.
    pub query: Query,
    /// Facet name and its selected values, one entry per facet: a document must have one
    /// of the selected values of every facet named here. Unknown facets and values match
    /// nothing. (A list, not a map: the widget pays for every map type's code.)
    pub filters: Vec<(String, Vec<String>)>,
    /// Only documents dated on or after this day.
    pub date_from: Option<Date>,
    /// Only documents dated on or before this day.
    pub date_to: Option<Date>,
    /// The order of results.
    pub sort: Sort,
    /// How many results to skip (for paging).
    pub offset: usize,
    /// How many results to return.
    pub limit: usize,
    /// Whether to look for words within one or two typos (needs the typo dictionaries).
    pub typos: bool,
    /// Whether to count, for each facet value, the results it would give.
    pub facet_counts: bool,
    /// Whether results carry snippets (which need the documents' text blocks). Without,
    /// a result needs only its small meta block: enough to show a first result at once.
    pub snippets: bool,
}

impl Default for SearchRequest {
    fn default() -> SearchRequest {
        SearchRequest {
            query: Query::default(),
            filters: Vec::new(),
            date_from: None,
            date_to: None,
            sort: Sort::Relevance,
            offset: 0,
            limit: 10,
            typos: true,
            facet_counts: false,
            snippets: true,
        }
    }
}

/// What a search returns: the files it still needs, or its answer.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// Fetch these files (names relative to the index), insert them into the cache, and
    /// search again.
    Need(Vec<String>),
    /// The answer.
    Ready(SearchResults),
}

/// The answer to a search.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SearchResults {
    /// How many documents match in all.
    pub total: usize,
    /// The requested page of results.
    pub hits: Vec<Hit>,
    /// Per facet, the count of each value under the query and the other facets' filters
    /// (when requested).
    pub facets: Vec<FacetCounts>,
    /// Files recorded as missing that this answer needed: it may be incomplete.
    pub unavailable: Vec<String>,
    /// Words found only as something else, a typo's correction or a Russian word typed in
    /// Latin letters: `(typed, taken)`, both folded (`("cocao", "cocoa")`), so the reader
    /// can be told "Showing results for cocoa".
    pub corrections: Vec<(String, String)>,
}

/// One result.
#[derive(Clone, Debug, PartialEq)]
pub struct Hit {
    /// Document number within its index (0 is the oldest).
    pub doc: u32,
    /// Relevance score (0 when there are no words).
    pub score: f32,
    /// The link to the article.
    pub url: String,
    /// The title, with the matched words marked.
    pub title: Highlighted,
    /// A passage of the body around the matched words, marked.
    pub snippet: Highlighted,
    /// The publication date.
    pub date: Option<Date>,
    /// The document's language tag.
    pub lang: String,
    /// Facet name to the document's values, in the index's facet order.
    pub facets: Vec<(String, Vec<String>)>,
    /// The site label of the index it came from.
    pub site: String,
}

/// Counts of one facet's values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FacetCounts {
    /// The facet.
    pub name: String,
    /// Every value with its count, in the index's value order.
    pub values: Vec<(String, u32)>,
}

impl Index {
    /// Runs `request` against the files in `files`. See the module documentation.
    pub fn search(&self, request: &SearchRequest, files: &FileCache) -> Outcome {
        files.begin_search();
        let mut loader = Loader::new(files, self.dictionary_name());

        // Stage 1: what the request needs regardless of its words.
        let directory = loader.directory(&self.directory_name());
        let filters = eval::Filters::load(self, request, &mut loader);
        let typo = resolve::TypoDictionaries::load(directory, request, &mut loader);
        if let Some(need) = loader.take_need() {
            return Outcome::Need(need);
        }

        // Stages 2 and 3: the terms of every atom (members found in other shards are asked
        // for on the next call).
        let resolved = resolve::resolve(self, &request.query, directory, &typo, &mut loader);
        if let Some(need) = loader.take_need() {
            return Outcome::Need(need);
        }

        // Stage 4: evaluate, then fetch the page's documents.
        let matches = eval::evaluate(self, directory, &request.query, &resolved, &mut loader);
        if let Some(need) = loader.take_need() {
            return Outcome::Need(need);
        }
        let filtered = filters.apply(matches);
        let facets =
            if request.facet_counts { filters.counts(self, &filtered) } else { Vec::new() };
        let order = hits::order(self, &filtered, request.sort, request.offset + request.limit);
        let page: Vec<(u32, f32)> =
            order.into_iter().skip(request.offset).take(request.limit).collect();
        let hits = hits::hits(
            self,
            directory,
            &page,
            &resolved,
            &request.query,
            request.snippets,
            &mut loader,
        );
        if let Some(need) = loader.take_need() {
            return Outcome::Need(need);
        }
        let corrections = if hits.is_empty() { Vec::new() } else { resolved.corrections };
        Outcome::Ready(SearchResults {
            total: filtered.total,
            hits,
            facets,
            unavailable: loader.into_unavailable(),
            corrections,
        })
    }
}
