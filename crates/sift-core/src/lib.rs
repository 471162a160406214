//! Sift's search engine, shared by the index builder and the browser widget.
//!
//! The core does no I/O. Building: [`analyze`] documents, [`IndexBuilder::add`] them, and
//! [`IndexBuilder::finish`] returns the [`IndexFiles`] to write. Searching: [`Index::open`]
//! the entry file, then call [`Index::search`] with a [`FileCache`]; it answers, or names
//! the files it needs first ([`Outcome::Need`]), which the caller fetches and inserts.
//!
//! ```
//! use sift_core::*;
//!
//! let mut builder = IndexBuilder::new(BuildConfig::default());
//! builder.add(analyze(&Document {
//!     url: "/news/1".into(),
//!     title: "Helsinki movement: a source of inspiration".into(),
//!     body: "The Moscow Helsinki Group was the first Helsinki Committee.".into(),
//!     lang: "en".into(),
//!     ..Document::default()
//! }));
//! let index_files = builder.finish()?;
//! let entry = index_files.files.iter().find(|f| f.name == ENTRY_FILE_NAME).unwrap();
//! let index = Index::open(&entry.bytes)?;
//!
//! let request = SearchRequest {
//!     query: Query::parse("hels", ParseOptions { prefix_last: true }).query,
//!     ..SearchRequest::default()
//! };
//! let mut cache = FileCache::new(&index);
//! let results = loop {
//!     match index.search(&request, &cache) {
//!         Outcome::Need(names) => {
//!             for name in names {
//!                 let file = index_files.files.iter().find(|f| f.name == name).unwrap();
//!                 cache.insert(&name, &file.bytes)?;
//!             }
//!         }
//!         Outcome::Ready(results) => break results,
//!     }
//! };
//! assert_eq!(results.hits[0].url, "/news/1");
//! # Ok::<(), sift_core::Error>(())
//! ```

#![deny(missing_docs)]

mod analysis;
mod build;
mod docset;
mod document;
mod error;
mod format;
#[doc(hidden)]
pub mod fuzzing;
mod index;
mod link;
mod plan;
mod query;
mod score;
mod search;
mod snippet;

pub use analysis::{fold, stem, term, tokenize, Language, Token, MAX_TERM_BYTES};
pub use build::{
    analyze, AnalyzedDocument, BuildConfig, BuildStats, IndexBuilder, IndexFiles, Previous,
    SourceKey,
};
pub use document::{Date, Document};
pub use error::{Error, Result};
pub use format::{
    FileKind, IndexFile, ENTRY_FILE_NAME, FORMAT_VERSION, MAX_DOCUMENTS, OLDEST_READABLE_VERSION,
};
pub use index::{FacetInfo, FileCache, Index, DEFAULT_CACHE_BUDGET};
pub use link::is_link_allowed;
pub use plan::{
    quick_rounds, run_rounds, with_typos, Round, Rounds, MAX_FETCH_ROUNDS, QUICK_LIMIT,
};
pub use query::{AdvancedQuery, Atom, Clause, Diagnostic, Field, ParseOptions, ParsedQuery, Query};
pub use score::RankingParams;
pub use search::{typo_eligible, FacetCounts, Hit, Outcome, SearchRequest, SearchResults, Sort};
pub use snippet::Highlighted;
