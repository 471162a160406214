//! An opened index (its entry) and the cache of the other files a caller has fetched.

use roaring::RoaringBitmap;

use crate::analysis::Language;
use crate::document::Date;
use crate::error::{Error, Result};
use crate::format::compress::DictionaryDecoder;
use crate::format::docs::DocBlock;
use crate::format::entry::{BlockPage, DateColumn, Directory, Entry, FacetColumn, TypoDictionary};
use crate::format::terms::{PositionsData, TermShard};
use crate::format::{codec, file_name, header, open, payload, FileKind, ENTRY_FILE_NAME};
use crate::score::RankingParams;

/// An index, opened from its entry file. It never reads files itself: [`Index::search`]
/// names the files it needs, and the caller puts their bytes into a [`FileCache`].
#[derive(Debug)]
pub struct Index {
    pub(crate) entry: Entry,
    pub(crate) ranking: RankingParams,
    pub(crate) languages: Vec<Language>,
}

/// A facet of the index and its values, with how many documents have each.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FacetInfo {
    /// The facet's name (`type`, `country`...).
    pub name: String,
    /// Values and their document counts over the whole index, by value name.
    pub values: Vec<(String, u32)>,
}

impl Index {
    /// Opens an index from the bytes of its entry file ([`crate::ENTRY_FILE_NAME`]).
    pub fn open(entry: &[u8]) -> Result<Index> {
        let payload = open(ENTRY_FILE_NAME, FileKind::Entry, entry)?;
        let entry: Entry = codec::decode(ENTRY_FILE_NAME, &payload)?;
        let corrupt =
            |reason: &str| Error::Corrupt { file: ENTRY_FILE_NAME.into(), reason: reason.into() };
        if entry.facets.iter().any(|f| f.values.len() != f.counts.len()) {
            return Err(corrupt("facet values and counts differ in number"));
        }
        if entry.undated > entry.doc_count {
            return Err(corrupt("more undated documents than documents"));
        }
        let ranking = RankingParams::from_stored(&entry.ranking);
        // Names the parameter but not its value: printing floats would bring Rust's float
        // formatting (some 15 KB) into the widget's wasm for a message no good index shows.
        if let Some((name, ..)) = ranking.out_of_range() {
            return Err(corrupt(&format!("ranking.{name} is out of range")));
        }
        let languages = entry.languages.iter().filter_map(|tag| Language::from_tag(tag)).collect();
        Ok(Index { entry, ranking, languages })
    }

    /// Number of documents.
    pub fn doc_count(&self) -> u32 {
        self.entry.doc_count
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
            })
            .collect()
    }

    /// The earliest and latest date of a document, if any document is dated.
    pub fn date_range(&self) -> Option<(Date, Date)> {
        Some((Date::from_days(self.entry.date_min?), Date::from_days(self.entry.date_max?)))
    }

    /// Every file the index consists of besides the entry, as named in the entry, the
    /// directory and the block table pages (those in `files` list their shards and blocks).
    pub fn file_names(&self, files: &FileCache) -> Vec<String> {
        let mut names = vec![self.directory_name(), file_name(FileKind::Dates, self.entry.dates)];
        names.extend(self.entry.facets.iter().map(|f| file_name(FileKind::Facet, f.column)));
        names.extend(self.entry.typo.iter().map(|&(_, hash)| file_name(FileKind::Typo, hash)));
        names.extend(self.dictionary_name());
        if let Some(Decoded::Directory(dir)) = files.ready(&self.directory_name()) {
            for shard in &dir.shards {
                names.push(file_name(FileKind::Terms, shard.terms));
                names.push(file_name(FileKind::Positions, shard.positions));
            }
            names.extend(dir.blocks.iter().map(|b| file_name(FileKind::Docs, b.hash)));
            for page in &dir.pages {
                let name = file_name(FileKind::BlockPage, page.hash);
                if let Some(Decoded::BlockPage(page)) = files.ready(&name) {
                    names.extend(page.blocks.iter().map(|b| file_name(FileKind::Docs, b.hash)));
                }
                names.push(name);
            }
        }
        names
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
    BlockPage(BlockPage),
    Terms(TermShard),
    Positions(Vec<u8>),
    Docs(DocBlock),
    Facet(Vec<RoaringBitmap>),
    Dates(DateColumn),
    Typo(fst::Map<Vec<u8>>),
    /// The compression dictionary (kept by the cache itself).
    Dictionary,
}

#[derive(Debug)]
enum Slot {
    Ready(Decoded),
    /// A document block waiting for the compression dictionary.
    Pending(Vec<u8>),
    Missing(String),
}

/// What the cache knows of a file.
pub(crate) enum State<'a> {
    Ready(&'a Decoded),
    /// Fetched, but it needs the compression dictionary first.
    Pending,
    Missing,
}

/// The index files a caller has fetched, decoded once and kept for later searches.
///
/// A file that could not be fetched can be recorded with [`FileCache::insert_missing`]:
/// searches then answer what they can without it and list it in
/// [`crate::SearchResults::unavailable`].
///
/// The files are a list sorted by name, not a hash map: a map keyed by `String` would add its
/// own copy of the hash table's code to the widget.
#[derive(Debug, Default)]
pub struct FileCache {
    slots: Vec<(String, Slot)>,
    dictionary: Option<DictionaryDecoder>,
}

impl FileCache {
    /// An empty cache.
    pub fn new() -> FileCache {
        FileCache::default()
    }

    /// Decodes and keeps the file `name`. A file that fails to decode is recorded as
    /// missing (so searches stop asking for it) and the error is returned.
    pub fn insert(&mut self, name: &str, bytes: &[u8]) -> Result<()> {
        let decoded = match self.decode(name, bytes) {
            Ok(Some(decoded)) => Slot::Ready(decoded),
            Ok(None) => Slot::Pending(bytes.to_vec()),
            Err(error) => {
                self.put(name, Slot::Missing(error.to_string()));
                return Err(error);
            }
        };
        self.put(name, decoded);
        if FileKind::of_name(name) == Some(FileKind::Dictionary) {
            self.decode_pending();
        }
        Ok(())
    }

    /// Decodes a file; `None` for a document block that waits for the dictionary.
    fn decode(&mut self, name: &str, bytes: &[u8]) -> Result<Option<Decoded>> {
        let kind = FileKind::of_name(name).filter(|k| *k != FileKind::Entry).ok_or_else(|| {
            Error::Corrupt { file: name.to_string(), reason: "not an index file name".into() }
        })?;
        let header = header(name, kind, bytes)?;
        if header.needs_dictionary {
            // Only document blocks are written with the dictionary; any other file claiming
            // it (the dictionary itself, say) would wait for itself forever.
            if kind != FileKind::Docs {
                let reason = "only document blocks are compressed with the dictionary".into();
                return Err(Error::Corrupt { file: name.to_string(), reason });
            }
            if self.dictionary.is_none() {
                return Ok(None);
            }
        }
        let payload = payload(name, header, bytes, self.dictionary.as_mut())?;
        if kind == FileKind::Dictionary {
            let decoder = DictionaryDecoder::parse(&payload)
                .map_err(|reason| Error::Corrupt { file: name.to_string(), reason })?;
            self.dictionary = Some(decoder);
            return Ok(Some(Decoded::Dictionary));
        }
        decode(name, kind, header.version, &payload).map(Some)
    }

    fn decode_pending(&mut self) {
        let pending: Vec<(String, Vec<u8>)> = self
            .slots
            .iter()
            .filter_map(|(name, slot)| match slot {
                Slot::Pending(bytes) => Some((name.clone(), bytes.clone())),
                _ => None,
            })
            .collect();
        for (name, bytes) in pending {
            // An error is recorded in the slot; the search that needs it will say so.
            let _ = self.insert(&name, &bytes);
        }
    }

    /// Records that `name` could not be fetched, and why.
    pub fn insert_missing(&mut self, name: &str, reason: &str) {
        self.put(name, Slot::Missing(reason.to_string()));
    }

    /// Whether `name` was inserted, decoded or missing.
    pub fn contains(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// Why `name` is missing, if it is.
    pub fn missing_reason(&self, name: &str) -> Option<&str> {
        match self.get(name)? {
            Slot::Missing(reason) => Some(reason),
            _ => None,
        }
    }

    /// Number of files held (decoded or missing).
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    /// Whether the cache holds nothing.
    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// Forgets the files recorded as missing, so that the next search asks for them again.
    pub fn forget_missing(&mut self) {
        self.slots.retain(|(_, slot)| matches!(slot, Slot::Ready(_)));
    }

    pub(crate) fn state(&self, name: &str) -> Option<State<'_>> {
        Some(match self.get(name)? {
            Slot::Ready(decoded) => State::Ready(decoded),
            Slot::Pending(_) => State::Pending,
            Slot::Missing(_) => State::Missing,
        })
    }

    pub(crate) fn ready(&self, name: &str) -> Option<&Decoded> {
        match self.get(name)? {
            Slot::Ready(decoded) => Some(decoded),
            _ => None,
        }
    }

    fn get(&self, name: &str) -> Option<&Slot> {
        let at = self.slots.binary_search_by(|(n, _)| n.as_str().cmp(name)).ok()?;
        Some(&self.slots[at].1)
    }

    /// Puts `slot` under `name`, replacing what was there.
    fn put(&mut self, name: &str, slot: Slot) {
        match self.slots.binary_search_by(|(n, _)| n.as_str().cmp(name)) {
            Ok(at) => self.slots[at].1 = slot,
            Err(at) => self.slots.insert(at, (name.to_string(), slot)),
        }
    }
}

fn decode(name: &str, kind: FileKind, version: u32, payload: &[u8]) -> Result<Decoded> {
    Ok(match kind {
        FileKind::Directory => Decoded::Directory(Directory::decode(name, payload, version)?),
        FileKind::BlockPage => Decoded::BlockPage(codec::decode(name, payload)?),
        FileKind::Terms => Decoded::Terms(TermShard::decode(name, payload)?),
        FileKind::Positions => {
            Decoded::Positions(codec::decode::<PositionsData>(name, payload)?.positions)
        }
        FileKind::Docs => Decoded::Docs(codec::decode(name, payload)?),
        FileKind::Facet => {
            let column: FacetColumn = codec::decode(name, payload)?;
            let bitmaps = column
                .values
                .iter()
                .map(|bytes| RoaringBitmap::deserialize_from(bytes.as_slice()))
                .collect::<std::io::Result<Vec<_>>>()
                .map_err(|_| Error::Corrupt {
                    file: name.to_string(),
                    reason: "a facet value's bitmap is damaged".into(),
                })?;
            Decoded::Facet(bitmaps)
        }
        FileKind::Dates => Decoded::Dates(codec::decode(name, payload)?),
        FileKind::Typo => {
            let dict: TypoDictionary = codec::decode(name, payload)?;
            Decoded::Typo(fst::Map::new(dict.fst).map_err(|_| Error::Corrupt {
                file: name.to_string(),
                reason: "the typo dictionary is damaged".into(),
            })?)
        }
        FileKind::Entry | FileKind::Dictionary => {
            return Err(Error::Corrupt {
                file: name.to_string(),
                reason: "the entry is opened with Index::open".into(),
            })
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dictionary_compressed_with_a_dictionary_is_corrupt_not_a_stack_overflow() {
        // Found by fuzzing: a header of kind "dictionary" and codec "zstd with dictionary".
        let bytes = b"SIFT\x01\0\0\0\x09\x03\0\0\0\0\0\0\x19";
        let mut cache = FileCache::new();
        let error = cache.insert("dict-0000000000000000.sift", bytes).unwrap_err();
        assert!(error.to_string().contains("only document blocks"), "{error}");
    }
}
