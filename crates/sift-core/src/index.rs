//! An opened index (its entry) and the cache of the other files a caller has fetched.

use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

use crate::docset::DocSet;

use crate::analysis::Language;
use crate::document::Date;
use crate::error::{Error, Result};
use crate::format::columns::{read_ids, DateColumn, FacetColumn};
use crate::format::compress::DictionaryDecoder;
use crate::format::directory::{BlockPage, Directory, ShardPage};
use crate::format::docs::{MetaBlock, TextBlock};
use crate::format::entry::Entry;
use crate::format::terms::{checked_map, PositionsData, TermShard};
use crate::format::typo::TypoDictionary;
use crate::format::{codec, file_name, header, open, payload, FileKind, ENTRY_FILE_NAME};
use crate::score::RankingParams;

/// An index, opened from its entry file. It never reads files itself: [`Index::search`]
/// names the files it needs, and the caller puts their bytes into a [`FileCache`].
#[derive(Debug)]
pub struct Index {
    pub(crate) entry: Entry,
    pub(crate) ranking: RankingParams,
    pub(crate) languages: Vec<Language>,
    /// The average body length in words, for BM25's length normalisation.
    pub(crate) avg_body_len: f32,
}

/// A facet of the index and its values, with how many documents have each.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FacetInfo {
    /// The facet's name (`type`, `country`...).
    pub name: String,
    /// Values and their document counts over the whole index, by value name.
    pub values: Vec<(String, u32)>,
    /// Per language tag, the label of each value (in the order of `values`; empty where the
    /// value is shown as it is).
    pub labels: Vec<(String, Vec<String>)>,
}

impl Index {
    /// Opens an index from the bytes of its entry file ([`crate::ENTRY_FILE_NAME`]).
    pub fn open(entry: &[u8]) -> Result<Index> {
        let payload = open(ENTRY_FILE_NAME, FileKind::Entry, entry)?;
        let entry: Entry = codec::decode(ENTRY_FILE_NAME, &payload)?;
        let corrupt =
            |reason: &str| Error::Corrupt { file: ENTRY_FILE_NAME.into(), reason: reason.into() };
        if let Some(reason) = entry.inconsistency() {
            return Err(corrupt(reason));
        }
        let ranking = RankingParams::from_stored(&entry.ranking);
        // Names the parameter but not its value: printing floats would bring Rust's float
        // formatting (some 15 KB) into the widget's wasm for a message no good index shows.
        if let Some((name, ..)) = ranking.out_of_range() {
            return Err(corrupt(&format!("ranking.{name} is out of range")));
        }
        let languages = entry.languages.iter().filter_map(|tag| Language::from_tag(tag)).collect();
        let avg_body_len = (entry.body_words as f64 / f64::from(entry.live_count.max(1))) as f32;
        Ok(Index { entry, ranking, languages, avg_body_len })
    }

    /// Number of documents.
    pub fn doc_count(&self) -> u32 {
        self.entry.live_count
    }

    /// The site label given at build time (may be empty).
    pub fn site(&self) -> &str {
        &self.entry.site
    }

    /// The ranking parameters the index was built with.
    pub fn ranking(&self) -> &RankingParams {
        &self.ranking
    }

    /// The facets and their values, with counts over the whole index.
    pub fn facets(&self) -> Vec<FacetInfo> {
        self.entry
            .facets
            .iter()
            .map(|f| FacetInfo {
                name: f.name.clone(),
                values: f.values.iter().cloned().zip(f.counts.iter().copied()).collect(),
                labels: f.labels.clone(),
            })
            .collect()
    }

    /// What `value` of `facet` is called in language `lang` (as the index's build was told),
    /// if it has a label there.
    pub fn label(&self, facet: &str, value: &str, lang: &str) -> Option<&str> {
        let facet = self.entry.facets.iter().find(|f| f.name == facet)?;
        let position = facet.values.iter().position(|v| v == value)?;
        let (_, labels) = facet.labels.iter().find(|(tag, _)| tag == lang)?;
        labels.get(position).map(String::as_str).filter(|label| !label.is_empty())
    }

    /// The earliest and latest date of a document, if any document is dated.
    pub fn date_range(&self) -> Option<(Date, Date)> {
        Some((Date::from_days(self.entry.date_min?), Date::from_days(self.entry.date_max?)))
    }

    pub(crate) fn directory_name(&self) -> String {
        file_name(FileKind::Directory, self.entry.directory)
    }

    pub(crate) fn dictionary_name(&self) -> Option<String> {
        self.entry.dictionary.map(|hash| file_name(FileKind::Dictionary, hash))
    }
}

/// Decoded files, by name.
#[derive(Debug)]
pub(crate) enum Decoded {
    Directory(Directory),
    ShardPage(ShardPage),
    BlockPage(BlockPage),
    Terms(Box<TermShard>),
    Positions(Vec<u8>),
    Meta(MetaBlock),
    Text(TextBlock),
    Facet(Vec<DocSet>),
    Dates(DateColumn),
    Typo(fst::Map<Vec<u8>>),
    /// The compression dictionary (kept by the cache itself).
    Dictionary,
}

#[derive(Debug)]
enum State {
    Ready(Decoded),
    /// A text block waiting for the compression dictionary.
    Pending(Vec<u8>),
    /// Could not be fetched (maybe a passing network error): asked for again after
    /// [`FileCache::forget_missing`].
    Missing(String),
    /// Fetched but damaged: its name is its content, so it is never asked for again.
    Damaged(String),
}

#[derive(Debug)]
struct Slot {
    state: State,
    /// Bytes the slot holds (about what its decoded form takes in memory).
    bytes: usize,
    /// The search, counted by [`FileCache::begin_search`], that last used the slot.
    used: AtomicU64,
}

/// The cache's files, in a list sorted by name: a visit touches a few hundred at most, and
/// a hash map's code would cost the widget more than the binary searches do.
#[derive(Debug, Default)]
struct Slots(Vec<(String, Slot)>);

impl Slots {
    fn find(&self, name: &str) -> std::result::Result<usize, usize> {
        self.0.binary_search_by(|(n, _)| n.as_str().cmp(name))
    }

    fn get(&self, name: &str) -> Option<&Slot> {
        self.find(name).ok().map(|i| &self.0[i].1)
    }

    /// Puts `slot` under `name`; the slot it replaces.
    fn insert(&mut self, name: &str, slot: Slot) -> Option<Slot> {
        match self.find(name) {
            Ok(i) => Some(std::mem::replace(&mut self.0[i].1, slot)),
            Err(i) => {
                self.0.insert(i, (name.to_string(), slot));
                None
            }
        }
    }

    fn remove(&mut self, name: &str) -> Option<Slot> {
        self.find(name).ok().map(|i| self.0.remove(i).1)
    }

    fn iter(&self) -> impl Iterator<Item = (&String, &Slot)> {
        self.0.iter().map(|(name, slot)| (name, slot))
    }
}

/// What the cache knows of a file.
pub(crate) enum Status<'a> {
    Ready(&'a Decoded),
    /// Fetched, but it needs the compression dictionary first.
    Pending,
    /// Could not be fetched, or is damaged.
    Missing,
}

/// The index files a caller has fetched, decoded once and kept for later searches, up to a
/// memory budget.
///
/// A file that could not be fetched can be recorded with [`FileCache::insert_missing`]:
/// searches then answer what they can without it and list it in
/// [`crate::SearchResults::unavailable`]. A file that fails to decode is remembered as
/// damaged and never asked for again.
#[derive(Debug)]
pub struct FileCache {
    slots: Slots,
    dictionary: Option<DictionaryDecoder>,
    /// Checks decoded files against the index's document count, and the date column
    /// against the number of dated documents.
    doc_count: u32,
    dated: u32,
    /// The most bytes kept; beyond, the files least recently used are dropped.
    budget: usize,
    held: usize,
    searches: AtomicU64,
}

/// The default memory budget of a [`FileCache`]: far more than a reader's searches touch in
/// a visit, far less than a phone's browser allows a page.
pub const DEFAULT_CACHE_BUDGET: usize = 48 << 20;

/// Files used by this many of the latest searches are never dropped: a search that needs
/// several rounds of fetching must find its earlier rounds' files.
const KEEP_SEARCHES: u64 = 16;

impl FileCache {
    /// An empty cache for the files of `index`, with [`DEFAULT_CACHE_BUDGET`].
    pub fn new(index: &Index) -> FileCache {
        FileCache::with_budget(index, DEFAULT_CACHE_BUDGET)
    }

    /// An empty cache for the files of `index` that keeps at most about `budget` bytes.
    pub fn with_budget(index: &Index, budget: usize) -> FileCache {
        FileCache {
            slots: Slots::default(),
            dictionary: None,
            doc_count: index.entry.doc_numbers,
            dated: index.entry.doc_numbers - index.entry.undated,
            budget,
            held: 0,
            searches: AtomicU64::new(0),
        }
    }

    /// Decodes and keeps the file `name`. A file that fails to decode is recorded as
    /// damaged (so searches stop asking for it) and the error is returned.
    pub fn insert(&mut self, name: &str, bytes: &[u8]) -> Result<()> {
        let (state, size) = match self.decode(name, bytes) {
            Ok(Some((decoded, size))) => (State::Ready(decoded), size),
            Ok(None) => (State::Pending(bytes.to_vec()), bytes.len()),
            Err(error) => {
                self.put(name, State::Damaged(error.to_string()), 0);
                return Err(error);
            }
        };
        self.put(name, state, size);
        if FileKind::of_name(name) == Some(FileKind::Dictionary) {
            self.decode_pending();
        }
        self.shrink();
        Ok(())
    }

    fn put(&mut self, name: &str, state: State, bytes: usize) {
        let slot = Slot { state, bytes, used: AtomicU64::new(self.searches.load(Relaxed)) };
        if let Some(old) = self.slots.insert(name, slot) {
            self.held -= old.bytes;
        }
        self.held += bytes;
    }

    /// Decodes a file with the size it takes; `None` for a text block that waits for the
    /// dictionary.
    fn decode(&mut self, name: &str, bytes: &[u8]) -> Result<Option<(Decoded, usize)>> {
        let kind = FileKind::of_name(name)
            .filter(|k| !matches!(k, FileKind::Entry | FileKind::Sources))
            .ok_or_else(|| Error::Corrupt {
                file: name.to_string(),
                reason: "not a file a search reads".into(),
            })?;
        let header = header(name, kind, bytes)?;
        if header.needs_dictionary {
            // Only text blocks are written with the dictionary; any other file claiming it
            // (the dictionary itself, say) would wait for itself forever.
            if kind != FileKind::Text {
                let reason = "only text blocks are compressed with the dictionary".into();
                return Err(Error::Corrupt { file: name.to_string(), reason });
            }
            if self.dictionary.is_none() {
                return Ok(None);
            }
        }
        let payload = payload(name, header, bytes, self.dictionary.as_mut())?;
        let size = payload.len();
        if kind == FileKind::Dictionary {
            let decoder = DictionaryDecoder::parse(&payload)
                .map_err(|reason| Error::Corrupt { file: name.to_string(), reason })?;
            self.dictionary = Some(decoder);
            return Ok(Some((Decoded::Dictionary, size)));
        }
        let decoded = decode(name, kind, &payload, self.doc_count, self.dated)?;
        Ok(Some((decoded, size)))
    }

    fn decode_pending(&mut self) {
        let pending: Vec<(String, Vec<u8>)> = self
            .slots
            .iter()
            .filter_map(|(name, slot)| match &slot.state {
                State::Pending(bytes) => Some((name.clone(), bytes.clone())),
                _ => None,
            })
            .collect();
        for (name, bytes) in pending {
            // An error is recorded in the slot; the search that needs it will say so.
            let _ = self.insert(&name, &bytes);
        }
    }

    /// Drops the files least recently used until the cache is within its budget, sparing
    /// the dictionary and the files of the latest searches.
    fn shrink(&mut self) {
        if self.held <= self.budget {
            return;
        }
        let recent = self.searches.load(Relaxed).saturating_sub(KEEP_SEARCHES);
        let mut old: Vec<(u64, String)> = self
            .slots
            .iter()
            .filter(|(name, slot)| {
                slot.used.load(Relaxed) < recent
                    && FileKind::of_name(name) != Some(FileKind::Dictionary)
                    && matches!(slot.state, State::Ready(_) | State::Pending(_))
            })
            .map(|(name, slot)| (slot.used.load(Relaxed), name.clone()))
            .collect();
        old.sort_unstable();
        for (_, name) in old {
            if self.held <= self.budget {
                break;
            }
            if let Some(slot) = self.slots.remove(&name) {
                self.held -= slot.bytes;
            }
        }
    }

    /// Records that `name` could not be fetched, and why.
    pub fn insert_missing(&mut self, name: &str, reason: &str) {
        self.put(name, State::Missing(reason.to_string()), 0);
    }

    /// Whether `name` was inserted, decoded or missing.
    pub fn contains(&self, name: &str) -> bool {
        self.slots.get(name).is_some()
    }

    /// Why `name` is missing or damaged, if it is.
    pub fn missing_reason(&self, name: &str) -> Option<&str> {
        match &self.slots.get(name)?.state {
            State::Missing(reason) | State::Damaged(reason) => Some(reason),
            _ => None,
        }
    }

    /// Number of files held (decoded, missing or damaged).
    pub fn len(&self) -> usize {
        self.slots.0.len()
    }

    /// Whether the cache holds nothing.
    pub fn is_empty(&self) -> bool {
        self.slots.0.is_empty()
    }

    /// About how many bytes the cache holds.
    pub fn held_bytes(&self) -> usize {
        self.held
    }

    /// Forgets the files that could not be fetched, so that the next search asks for them
    /// again (damaged ones stay remembered: their bytes would not change).
    pub fn forget_missing(&mut self) {
        self.slots.0.retain(|(_, slot)| !matches!(slot.state, State::Missing(_)));
    }

    /// Counts a search, for the budget's "recently used".
    pub(crate) fn begin_search(&self) {
        self.searches.fetch_add(1, Relaxed);
    }

    pub(crate) fn status(&self, name: &str) -> Option<Status<'_>> {
        let slot = self.slots.get(name)?;
        slot.used.store(self.searches.load(Relaxed), Relaxed);
        Some(match &slot.state {
            State::Ready(decoded) => Status::Ready(decoded),
            State::Pending(_) => Status::Pending,
            State::Missing(_) | State::Damaged(_) => Status::Missing,
        })
    }
}

/// The most bytes the sets of one facet column may take decoded: a bound on what a damaged
/// column can make a reader allocate (a value's set takes at most the document count in bits).
const MAX_FACET_BYTES: u64 = 64 << 20;

fn decode(
    name: &str,
    kind: FileKind,
    payload: &[u8],
    doc_count: u32,
    dated: u32,
) -> Result<Decoded> {
    let damaged = |reason: &str| Error::Corrupt { file: name.to_string(), reason: reason.into() };
    Ok(match kind {
        FileKind::Directory => Decoded::Directory(Directory::decode(name, payload, doc_count)?),
        FileKind::ShardPage => Decoded::ShardPage(ShardPage::decode(name, payload)?),
        FileKind::BlockPage => Decoded::BlockPage(BlockPage::decode(name, payload, doc_count)?),
        FileKind::Terms => Decoded::Terms(Box::new(TermShard::decode(name, payload)?)),
        FileKind::Positions => {
            Decoded::Positions(codec::decode::<PositionsData>(name, payload)?.positions)
        }
        FileKind::Meta => Decoded::Meta(codec::decode(name, payload)?),
        FileKind::Text => Decoded::Text(codec::decode(name, payload)?),
        FileKind::Facet => {
            let column: FacetColumn = codec::decode(name, payload)?;
            let mut sets = Vec::with_capacity(column.values.len());
            let mut held = 0u64;
            for bytes in &column.values {
                let set = read_ids(bytes, doc_count)
                    .ok_or_else(|| damaged("a facet value's documents are damaged"))?;
                held += set.heap_bytes() as u64;
                if held > MAX_FACET_BYTES {
                    return Err(damaged("the facet column is larger than any index has"));
                }
                sets.push(set);
            }
            Decoded::Facet(sets)
        }
        FileKind::Dates => {
            let column: DateColumn = codec::decode(name, payload)?;
            if !column.is_consistent(dated) {
                return Err(damaged("the dates do not match the dated documents"));
            }
            Decoded::Dates(column)
        }
        FileKind::Typo => {
            let dict: TypoDictionary = codec::decode(name, payload)?;
            let map =
                checked_map(dict.fst).ok_or_else(|| damaged("the typo dictionary is damaged"))?;
            Decoded::Typo(map)
        }
        FileKind::Entry | FileKind::Dictionary | FileKind::Sources => {
            return Err(damaged("not a file a search decodes"))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fuzzing::sample_index;

    fn sample() -> (Index, crate::IndexFiles) {
        let files = sample_index();
        let entry = files.files.iter().find(|f| f.name == ENTRY_FILE_NAME).unwrap();
        (Index::open(&entry.bytes).unwrap(), files)
    }

    #[test]
    fn a_dictionary_compressed_with_a_dictionary_is_corrupt_not_a_stack_overflow() {
        // Found by fuzzing: a header of kind "dictionary" and codec "zstd with dictionary".
        let mut bytes = b"SIFT".to_vec();
        bytes.extend(crate::format::FORMAT_VERSION.to_le_bytes());
        bytes.extend(b"\x09\x03\0\0\0\0\0\0\x19");
        let (index, _) = sample();
        let mut cache = FileCache::new(&index);
        let error = cache.insert("dict-0000000000000000.sift", &bytes).unwrap_err();
        assert!(error.to_string().contains("only text blocks"), "{error}");
    }

    #[test]
    fn damaged_files_are_remembered_and_missing_ones_forgotten() {
        let (index, _) = sample();
        let mut cache = FileCache::new(&index);
        assert!(cache.insert("terms-0000000000000001.sift", b"SIFT\x03\0\0\0\x03\x02").is_err());
        cache.insert_missing("terms-0000000000000002.sift", "HTTP 503");
        cache.forget_missing();
        assert!(cache.contains("terms-0000000000000001.sift"), "damage is remembered");
        assert!(!cache.contains("terms-0000000000000002.sift"), "a fetch failure is retried");
    }

    #[test]
    fn the_cache_keeps_to_its_budget_but_never_drops_what_recent_searches_used() {
        let (index, files) = sample();
        let mut cache = FileCache::with_budget(&index, 1);
        let shards: Vec<_> = files.files.iter().filter(|f| f.kind == FileKind::Terms).collect();
        assert!(!shards.is_empty());
        for file in &shards {
            cache.insert(&file.name, &file.bytes).unwrap();
        }
        assert_eq!(cache.len(), shards.len(), "every file is recent");
        for _ in 0..=KEEP_SEARCHES {
            cache.begin_search();
        }
        cache.insert(&shards[0].name, &shards[0].bytes).unwrap();
        assert_eq!(cache.len(), 1, "old files go once over budget");
        assert!(cache.contains(&shards[0].name));
    }
}
