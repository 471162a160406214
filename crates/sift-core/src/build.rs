//! Building an index: documents in, sealed index files out.
//!
//! [`analyze`] is pure and can run on many threads; [`IndexBuilder::add`] interns the terms
//! in input order (so the output does not depend on thread timing); [`IndexBuilder::finish`]
//! orders documents by date, inverts them, cuts shards and blocks, and seals every file.

mod invert;
pub(crate) mod layout;
mod shard_size;
mod update;

pub use update::Previous;

use std::collections::{BTreeMap, HashMap};

use crate::analysis::{self, Language};
use crate::document::{Date, Document};
use crate::error::{Error, Result};
use crate::format::{codec, compress, varint, FileKind, IndexFile};
use crate::score::RankingParams;

/// Settings of a build. Every field has a sensible default.
#[derive(Clone, Debug, PartialEq)]
pub struct BuildConfig {
    /// Label of the site, shown beside results when several indexes are searched together.
    pub site: String,
    /// Ranking parameters, stored in the index for its readers.
    pub ranking: RankingParams,
    /// Target size of a term shard's postings, in bytes before compression: smaller shards
    /// mean fewer bytes per query word, and more files and a larger directory. Default
    /// `None`: sized to the archive (12 KiB at 21,000 news articles, 48 KiB at 250,000).
    pub shard_bytes: Option<usize>,
    /// Target size of a document block, in bytes of text before compression. Default 40 KiB.
    pub block_bytes: usize,
    /// Most documents in one block. Default 128.
    pub block_docs: usize,
    /// The facets to keep, in display order; `None` keeps every facet the documents have.
    pub facets: Option<Vec<String>>,
    /// What facet values are called in other languages: language tag (`ru`) to value
    /// (`Russia`) to label (`Россия`). A reader whose interface is in that language sees the
    /// label; filters and URLs keep the value.
    pub labels: BTreeMap<String, BTreeMap<String, String>>,
    /// zstd level for every file (1 to 22). Higher is smaller and slower to build; reading
    /// speed does not change. Default 9: on reuters21578, 15 writes 2% fewer bytes in twice the
    /// build time.
    pub compression_level: i32,
    /// Size of the dictionary trained on the documents to compress text blocks with (0 for
    /// none). Readers fetch it before the first snippet. Default 64 KiB.
    pub dictionary_bytes: usize,
    /// The caller's fingerprint of everything but the documents that shapes the index (its
    /// version, reader rules, these settings): an incremental build on top of an index with
    /// another fingerprint is refused, so that a changed setting takes effect everywhere.
    pub fingerprint: u64,
}

impl Default for BuildConfig {
    fn default() -> BuildConfig {
        BuildConfig {
            site: String::new(),
            ranking: RankingParams::default(),
            shard_bytes: None,
            block_bytes: 40 << 10,
            block_docs: 128,
            facets: None,
            labels: BTreeMap::new(),
            compression_level: 9,
            dictionary_bytes: 64 << 10,
            fingerprint: 0,
        }
    }
}

impl BuildConfig {
    fn validate(&self) -> Result<()> {
        self.ranking.validate().map_err(Error::Config)?;
        if self.shard_bytes.is_some_and(|s| !crate::format::directory::SHARD_BYTES.contains(&s)) {
            return Err(Error::Config("shard_bytes must be between 1 KiB and 64 MiB".into()));
        }
        if !(1 << 10..=64 << 20).contains(&self.block_bytes) {
            return Err(Error::Config("block_bytes must be between 1 KiB and 64 MiB".into()));
        }
        if !(1..=65_536).contains(&self.block_docs) {
            return Err(Error::Config("block_docs must be between 1 and 65536".into()));
        }
        if !(1..=22).contains(&self.compression_level) {
            return Err(Error::Config("compression_level must be between 1 and 22".into()));
        }
        if self.dictionary_bytes > 1 << 20 {
            return Err(Error::Config("dictionary_bytes must be at most 1 MiB".into()));
        }
        Ok(())
    }
}

/// Marks, in [`AnalyzedDocument::ends`] and in a record's token stream, a term that is a
/// part of the compound word before it: it shares that word's position.
const PART: u32 = 1 << 31;

/// A document after analysis: its terms, and its stored fields compressed.
///
/// Made by [`analyze`], consumed by [`IndexBuilder::add`].
#[derive(Clone, Debug)]
pub struct AnalyzedDocument {
    /// Folded terms, title first, concatenated; `ends` marks where each one ends, with
    /// [`PART`] set for the parts of compound words.
    terms: String,
    ends: Vec<u32>,
    title_terms: u32,
    date: Option<Date>,
    lang: String,
    facets: BTreeMap<String, Vec<String>>,
    /// The stored fields (url, title, collapsed body), bincode, then zstd at a fast level.
    stored: Vec<u8>,
    /// Length of the stored fields before compression.
    stored_len: u32,
    /// Bytes of text in the stored fields (url, title and body), for sampling.
    text_len: u32,
    /// A hash of everything the index holds of the document (see [`AnalyzedDocument::digest`]).
    digest: u64,
    source: SourceKey,
}

/// Where a document came from, as the caller identifies its input records: a hash of the
/// record's identity (its file, or its id in a JSONL export; never 0) and one of its
/// content. The builder records them, so that an incremental build can tell which
/// documents changed ([`Previous::documents`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct SourceKey {
    /// The record's identity.
    pub key: u64,
    /// Its content.
    pub content: u64,
}

impl AnalyzedDocument {
    /// A hash of everything the index holds of the document: its URL, title and body as
    /// stored (whitespace collapsed), date, language and facets. Two documents with the same
    /// digest give the same index, so an incremental build can tell a page that a site
    /// generator rendered again around the same article (a new "latest news" aside) from a
    /// changed article. Never 0.
    pub fn digest(&self) -> u64 {
        self.digest
    }

    /// The document with its source recorded.
    pub fn with_source(mut self, source: SourceKey) -> AnalyzedDocument {
        self.source = source;
        self
    }
}

/// Analyses one document: tokenizes and folds its title and body and packs its stored
/// fields. Pure, so a builder may run it on every core.
pub fn analyze(doc: &Document) -> AnalyzedDocument {
    let mut terms = String::new();
    let mut ends = Vec::new();
    let mut title_terms = 0;
    for (field, text) in [&doc.title, &doc.body].into_iter().enumerate() {
        if field == 1 {
            title_terms = ends.len() as u32;
        }
        for (token, part) in analysis::index_tokens(text) {
            terms.push_str(&token.term);
            ends.push(terms.len() as u32 | if part { PART } else { 0 });
        }
    }
    let body: String = collapse_whitespace(&doc.body);
    let title = collapse_whitespace(&doc.title);
    let url = doc.url.trim().to_string();
    let text_len = (url.len() + title.len() + body.len()) as u32;
    let stored = codec::encode(&(url, title, body));
    let facets: BTreeMap<String, Vec<String>> = doc
        .facets
        .iter()
        .map(|(name, values)| {
            let mut values: Vec<String> =
                values.iter().map(|v| collapse_whitespace(v)).filter(|v| !v.is_empty()).collect();
            values.sort();
            values.dedup();
            (name.trim().to_string(), values)
        })
        .filter(|(name, values)| !name.is_empty() && !values.is_empty())
        .collect();
    let lang = doc.lang.trim().to_ascii_lowercase();
    let mut digest = blake3::Hasher::new();
    digest.update(&stored);
    digest.update(&codec::encode(&(doc.date.map(Date::days), &lang, &facets)));
    let digest =
        u64::from_le_bytes(digest.finalize().as_bytes()[..8].try_into().expect("8")).max(1);
    AnalyzedDocument {
        terms,
        ends,
        title_terms,
        date: doc.date,
        lang,
        facets,
        stored_len: stored.len() as u32,
        stored: compress::compress(&stored, 1, None),
        text_len,
        digest,
        source: SourceKey::default(),
    }
}

fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// What the builder keeps of a document until `finish`.
struct DocRecord {
    /// Term ids as varints, title first, each shifted left by one with the low bit set for
    /// a part of the compound word before it (which shares that word's position).
    tokens: Vec<u8>,
    /// Tokens (words and parts) of the title: the rest are the body's.
    title_len: u32,
    /// Words of the body (parts not counted): its length for ranking.
    body_len: u32,
    date: Option<i32>,
    lang: u16,
    /// `(facet id, value id)` in the builder's discovery order.
    facets: Vec<(u32, u32)>,
    stored: Vec<u8>,
    stored_len: u32,
    text_len: u32,
    digest: u64,
    source: SourceKey,
    /// In an update, the number of the previous document this one replaces.
    replaces: Option<u32>,
}

/// A facet as discovered while documents are added.
#[derive(Default)]
struct FacetValues {
    ids: HashMap<String, u32>,
    names: Vec<String>,
}

/// Collects analysed documents and writes the index. See the module documentation.
pub struct IndexBuilder {
    config: BuildConfig,
    term_ids: HashMap<Box<str>, u32>,
    terms: Vec<Box<str>>,
    /// Per term, a bit per [`Language`] of the documents it occurs in.
    term_languages: Vec<u8>,
    doc_languages: Vec<String>,
    facet_ids: HashMap<String, u32>,
    facets: Vec<(String, FacetValues)>,
    docs: Vec<DocRecord>,
    /// In an update: the index updated, and the numbers of its documents deleted.
    previous: Option<Previous>,
    deleted: Vec<u32>,
    /// In an update: previous documents kept as they are, with their record's new content
    /// hash.
    refreshed: Vec<(u32, u64)>,
}

/// The sealed files of an index, ready to be written into one directory.
#[derive(Clone, Debug)]
pub struct IndexFiles {
    /// Every file written anew; the entry ([`crate::ENTRY_FILE_NAME`]) is the last.
    pub files: Vec<IndexFile>,
    /// Files of the previous index that this one keeps as they are (an update's untouched
    /// shards and blocks): copy or link them from it, by name.
    pub reused: Vec<String>,
    /// Figures about the build, for the summary.
    pub stats: BuildStats,
}

/// Figures about a finished build.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BuildStats {
    /// Documents indexed.
    pub documents: u32,
    /// Distinct terms.
    pub terms: u32,
    /// Term shards (each one terms file and one positions file).
    pub shards: u32,
    /// Document blocks.
    pub blocks: u32,
    /// Facets and their number of values.
    pub facets: Vec<(String, u32)>,
    /// Files and bytes per kind of file.
    pub bytes: BTreeMap<FileKind, (u32, u64)>,
}

impl IndexBuilder {
    /// A builder with the given settings.
    pub fn new(config: BuildConfig) -> IndexBuilder {
        IndexBuilder {
            config,
            term_ids: HashMap::new(),
            terms: Vec::new(),
            term_languages: Vec::new(),
            doc_languages: Vec::new(),
            facet_ids: HashMap::new(),
            facets: Vec::new(),
            docs: Vec::new(),
            previous: None,
            deleted: Vec::new(),
            refreshed: Vec::new(),
        }
    }

    /// A builder that updates `previous` instead of starting afresh: its documents stay as
    /// they are unless [`replaced`](IndexBuilder::replace) or
    /// [`deleted`](IndexBuilder::delete), and [added](IndexBuilder::add) ones follow them.
    /// The caller must also re-add, with `replace`, every document
    /// [`Previous::reanalysed`] names (those the update rewrites). `finish` writes only what
    /// changed and names the rest in [`IndexFiles::reused`]; when an update cannot keep the
    /// index sound (an article dated before the newest, the archive outgrowing its tail, many
    /// changes since the last full build) it fails with [`Error::FullBuildNeeded`].
    pub fn update(config: BuildConfig, previous: Previous) -> IndexBuilder {
        IndexBuilder { previous: Some(previous), ..IndexBuilder::new(config) }
    }

    /// In an update, gives the current content of the previous document `number` (changed,
    /// or unchanged but re-analysed).
    pub fn replace(&mut self, number: u32, doc: AnalyzedDocument) {
        self.add(doc);
        if let Some(last) = self.docs.last_mut() {
            last.replaces = Some(number);
        }
    }

    /// In an update, keeps the previous document `number` as it is although its input
    /// record's bytes changed to `content` (a page rendered again around the same article:
    /// its [`AnalyzedDocument::digest`] is [`Previous::digest`]'s), and records the new hash
    /// so that the next build need not parse it. Nothing a search reads is rewritten for it;
    /// when nothing else changes either, not even the record is, and the index keeps its bytes.
    /// Not for a document [`Previous::reanalysed`] names: give those with `replace`.
    pub fn refresh(&mut self, number: u32, content: u64) {
        self.refreshed.push((number, content));
    }

    /// In an update, deletes the previous document `number`.
    pub fn delete(&mut self, number: u32) {
        self.deleted.push(number);
    }

    /// Number of documents added so far.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// Whether no document has been added.
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// Adds an analysed document. Documents keep the order they are added in among equal
    /// dates, so the output is the same on every run.
    pub fn add(&mut self, doc: AnalyzedDocument) {
        let lang_bit = match Language::from_tag(&doc.lang) {
            Some(Language::English) => 1,
            Some(Language::Russian) => 2,
            None => 0,
        };
        let mut tokens = Vec::with_capacity(doc.ends.len() * 2);
        let mut start = 0usize;
        let mut body_words = 0u32;
        for (i, &marked) in doc.ends.iter().enumerate() {
            let (end, part) = ((marked & !PART) as usize, marked & PART != 0);
            let term = &doc.terms[start..end];
            start = end;
            if !part && i as u32 >= doc.title_terms {
                body_words += 1;
            }
            let id = match self.term_ids.get(term) {
                Some(&id) => id,
                None => {
                    let id = self.terms.len() as u32;
                    self.terms.push(term.into());
                    self.term_languages.push(0);
                    self.term_ids.insert(term.into(), id);
                    id
                }
            };
            self.term_languages[id as usize] |= lang_bit;
            varint::write(&mut tokens, u64::from(id) << 1 | u64::from(part));
        }
        let lang = match self.doc_languages.iter().position(|l| *l == doc.lang) {
            Some(i) => i as u16,
            None => {
                self.doc_languages.push(doc.lang.clone());
                (self.doc_languages.len() - 1) as u16
            }
        };
        let mut facets = Vec::new();
        for (name, values) in &doc.facets {
            if let Some(wanted) = &self.config.facets {
                if !wanted.contains(name) {
                    continue;
                }
            }
            let facet = *self.facet_ids.entry(name.clone()).or_insert_with(|| {
                self.facets.push((name.clone(), FacetValues::default()));
                (self.facets.len() - 1) as u32
            });
            let entry = &mut self.facets[facet as usize].1;
            for value in values {
                let id = match entry.ids.get(value) {
                    Some(&id) => id,
                    None => {
                        entry.names.push(value.clone());
                        entry.ids.insert(value.clone(), (entry.names.len() - 1) as u32);
                        (entry.names.len() - 1) as u32
                    }
                };
                facets.push((facet, id));
            }
        }
        self.docs.push(DocRecord {
            tokens,
            title_len: doc.title_terms,
            body_len: body_words,
            date: doc.date.map(Date::days),
            lang,
            facets,
            stored: doc.stored,
            stored_len: doc.stored_len,
            text_len: doc.text_len,
            digest: doc.digest,
            source: doc.source,
            replaces: None,
        });
    }

    /// Orders, inverts and seals everything into index files.
    pub fn finish(self) -> Result<IndexFiles> {
        self.config.validate()?;
        layout::check_limits(self.docs.len(), &self.facets)?;
        if self.previous.is_some() {
            return update::write(self);
        }
        if self.docs.is_empty() {
            return Err(Error::EmptyCorpus);
        }
        layout::write(self)
    }
}
