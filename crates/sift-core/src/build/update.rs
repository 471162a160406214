//! Incremental builds: a previous index, what changed, and only the files that must change.
//!
//! An update keeps every document's number. It rewrites the tail segment (the newest
//! documents, plus every document changed since the base was written), marks changed and
//! deleted documents stale in the base (whose files it reuses), rewrites the blocks that
//! hold a changed, deleted or added document, and the small files that name files. When
//! that cannot keep the index as sound as a full build, it says so with
//! [`Error::FullBuildNeeded`] and the caller builds afresh: an added article dated before the
//! newest (numbers follow dates), an article whose date changed, the archive outgrowing its
//! tail, or enough changes since the last full build that one pays for itself.

use std::collections::{BTreeMap, BTreeSet};

use crate::docset::DocSet;

use super::layout::{self, FacetOrder};
use super::{invert, DocRecord, FacetValues, IndexBuilder, IndexFiles, SourceKey};
use crate::error::{Error, Result};
use crate::format::columns::{read_ids, write_ids, DateColumn, FacetColumn};
use crate::format::compress::{Compressor, DictionaryDecoder};
use crate::format::directory::{Directory, DirectoryFile, SegmentFile, ShardPage};
use crate::format::entry::{Entry, FacetEntry};
use crate::format::sources::{
    Refreshed, SourceRecord, SourcesChunk, SourcesTable, CHUNK_DOCS, MAX_REFRESHED,
};
use crate::format::{codec, file_name, header, open, payload, seal, FileKind, IndexFile};

/// Stale documents in the base beyond this share of it make an update refuse: the base then
/// carries that much dead weight, and a full build pays for itself.
const MAX_STALE_SHARE: u32 = 16;
/// ... but a few are always allowed, however small the archive.
const MIN_STALE: u32 = 64;

/// Reads a previous index's file by name; `None` if it cannot be read.
type Read = Box<dyn Fn(&str) -> Option<Vec<u8>> + Send + Sync>;

/// A previous index opened for an update (see [`IndexBuilder::update`]). Its files are read
/// through a callback: the core does no I/O.
pub struct Previous {
    entry: Entry,
    directory: DirectoryFile,
    deleted: DocSet,
    base_stale: DocSet,
    table: SourcesTable,
    /// Every document's record as its chunk holds it.
    stored: Vec<SourceRecord>,
    /// ... and with the table's newer content hashes.
    records: Vec<SourceRecord>,
    dates: DateColumn,
    dictionary: Option<Vec<u8>>,
    read: Read,
}

impl std::fmt::Debug for Previous {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Previous").field("documents", &self.entry.doc_numbers).finish()
    }
}

impl Previous {
    /// Opens the previous index whose entry file is `entry`, reading the files it names with
    /// `read`. An index that records no sources (or holds damage) cannot be updated.
    pub fn open(
        entry: &[u8],
        read: impl Fn(&str) -> Option<Vec<u8>> + Send + Sync + 'static,
    ) -> Result<Previous> {
        let read: Read = Box::new(read);
        let entry: Entry = codec::decode(
            crate::ENTRY_FILE_NAME,
            &open(crate::ENTRY_FILE_NAME, FileKind::Entry, entry)?,
        )?;
        if let Some(reason) = entry.inconsistency() {
            return Err(Error::Corrupt {
                file: crate::ENTRY_FILE_NAME.into(),
                reason: reason.into(),
            });
        }
        let n = entry.doc_numbers;
        let directory_name = file_name(FileKind::Directory, entry.directory);
        let directory_payload = fetch(&read, &directory_name, FileKind::Directory)?;
        let checked = Directory::decode(&directory_name, &directory_payload, n)?;
        let directory: DirectoryFile = codec::decode(&directory_name, &directory_payload)?;
        let sources = entry.sources.ok_or_else(|| {
            Error::FullBuildNeeded("the previous index records no sources".into())
        })?;
        let table_name = file_name(FileKind::Sources, sources);
        let table =
            SourcesTable::decode(&table_name, &fetch(&read, &table_name, FileKind::Sources)?)?;
        // Nothing is reserved for the documents the entry claims, and reading stops once the
        // chunks hold more: a damaged entry or table (one chunk named a hundred thousand
        // times) must not make the builder allocate gigabytes (found by fuzzing).
        let mismatch = || corrupt(&table_name, "the sources do not match the documents");
        let mut records = Vec::new();
        for chunk in &table.chunks {
            let name = file_name(FileKind::Sources, chunk.hash);
            let chunk: SourcesChunk =
                codec::decode(&name, &fetch(&read, &name, FileKind::Sources)?)?;
            if records.len() + chunk.records.len() > n as usize {
                return Err(mismatch());
            }
            records.extend(chunk.records);
        }
        // The body words are subtracted as documents change: they must add up to the
        // entry's, or an update would subtract past zero (found by fuzzing).
        let body_words: u64 = records.iter().map(|r| u64::from(r.body_words)).sum();
        if records.len() != n as usize || table.base_end > n || body_words != entry.body_words {
            return Err(mismatch());
        }
        let stored = records.clone();
        let mut last = None;
        for refreshed in &table.refreshed {
            let live = records.get_mut(refreshed.number as usize).filter(|r| r.key != 0);
            match live {
                Some(record) if last < Some(refreshed.number) => record.content = refreshed.content,
                _ => return Err(mismatch()),
            }
            last = Some(refreshed.number);
        }
        let dates_name = file_name(FileKind::Dates, entry.dates);
        let dates: DateColumn =
            codec::decode(&dates_name, &fetch(&read, &dates_name, FileKind::Dates)?)?;
        if !dates.is_consistent(n - entry.undated) {
            return Err(corrupt(&dates_name, "the dates do not match the dated documents"));
        }
        let dictionary = match entry.dictionary {
            Some(hash) => {
                Some(fetch(&read, &file_name(FileKind::Dictionary, hash), FileKind::Dictionary)?)
            }
            None => None,
        };
        let base_stale = match checked.segments.len() {
            2 => checked.segments[0].stale.clone(),
            _ => DocSet::default(),
        };
        Ok(Previous {
            entry,
            directory,
            deleted: checked.deleted,
            base_stale,
            table,
            stored,
            records,
            dates,
            dictionary,
            read,
        })
    }

    /// The fingerprint of the build that wrote it ([`super::BuildConfig::fingerprint`]).
    pub fn fingerprint(&self) -> u64 {
        self.table.fingerprint
    }

    /// Every live document: its number and where it came from.
    pub fn documents(&self) -> Vec<(u32, SourceKey)> {
        self.records
            .iter()
            .enumerate()
            .filter(|(_, r)| r.key != 0)
            .map(|(i, r)| (i as u32, SourceKey { key: r.key, content: r.content }))
            .collect()
    }

    /// The [`digest`](super::AnalyzedDocument::digest) of document `number`'s analysed
    /// document when it was indexed (0 for none).
    pub fn digest(&self, number: u32) -> u64 {
        self.records.get(number as usize).map_or(0, |r| r.document)
    }

    /// The numbers of the documents an update writes anew (the tail, and the documents
    /// changed since the base was written): the caller re-adds each one still present with
    /// [`IndexBuilder::replace`], changed or not.
    pub fn reanalysed(&self) -> Vec<u32> {
        let tail = DocSet::from_range(self.table.base_end..self.entry.doc_numbers);
        self.base_stale.union(&tail).difference(&self.deleted).iter().collect()
    }

    /// The date of document `number`.
    fn date_of(&self, number: u32) -> Option<i32> {
        let mut before = self.entry.undated;
        if number < before {
            return None;
        }
        for &(date, count) in &self.dates.runs {
            before += count;
            if number < before {
                return Some(date);
            }
        }
        None
    }

    /// The payload of file `name` of `kind`, decompressed with the dictionary if it needs it.
    fn payload(
        &self,
        name: &str,
        kind: FileKind,
        dictionary: Option<&mut DictionaryDecoder>,
    ) -> Result<Vec<u8>> {
        let bytes = (self.read)(name).ok_or_else(|| corrupt(name, "cannot be read"))?;
        let checked = header(name, kind, &bytes)?;
        payload(name, checked, &bytes, dictionary)
    }
}

/// The payload of file `name` of `kind` (not compressed with the dictionary).
pub(super) fn fetch(read: &Read, name: &str, kind: FileKind) -> Result<Vec<u8>> {
    let bytes = read(name).ok_or_else(|| corrupt(name, "cannot be read"))?;
    open(name, kind, &bytes)
}

pub(super) fn corrupt(file: &str, reason: &str) -> Error {
    Error::Corrupt { file: file.into(), reason: reason.into() }
}

fn full_build(reason: &str) -> Error {
    Error::FullBuildNeeded(reason.into())
}

/// What an update changes, by document number, checked against the previous index.
pub(super) struct Changes {
    /// Replaced documents: number to position in the builder's documents.
    replaced: BTreeMap<u32, u32>,
    /// The replaced documents whose analysed document changed (the rest were given again
    /// unchanged, for the tail).
    changed: BTreeSet<u32>,
    /// Added documents, in the order of their new numbers (from the previous count on).
    added: Vec<u32>,
    /// Deleted now.
    deleted: BTreeSet<u32>,
}

pub(super) fn write(b: IndexBuilder) -> Result<IndexFiles> {
    let IndexBuilder {
        config,
        terms,
        term_languages,
        doc_languages,
        facets,
        mut docs,
        previous,
        deleted,
        refreshed,
        ..
    } = b;
    let previous = previous.expect("an update has a previous index");
    if config.fingerprint != previous.table.fingerprint {
        return Err(full_build("the builder or its settings changed"));
    }
    let changes = changes(&previous, &docs, &deleted)?;
    let n_prev = previous.entry.doc_numbers;
    let n = n_prev + changes.added.len() as u32;
    let base_end = layout::base_end(n);
    if base_end != previous.table.base_end {
        return Err(full_build("the archive outgrew its tail segment"));
    }
    let mut all_deleted = previous.deleted.clone();
    all_deleted.extend(changes.deleted.iter().copied());
    let mut stale = previous.base_stale.clone();
    stale.extend(changes.changed.iter().chain(&changes.deleted).copied().filter(|&d| d < base_end));
    if stale.len() > u64::from(MIN_STALE.max(base_end / MAX_STALE_SHARE)) {
        return Err(full_build(
            "enough changed since the last full build that one pays for itself",
        ));
    }
    // The tail: every document from the base's end on, and the base's changed ones.
    let mut tail: Vec<(u32, u32)> = Vec::new();
    let wanted = stale.union(&DocSet::from_range(base_end..n_prev)).difference(&all_deleted);
    for number in wanted.iter() {
        let &doc = changes.replaced.get(&number).ok_or_else(|| {
            Error::Config(format!("document {number} must be given again (Previous::reanalysed)"))
        })?;
        tail.push((number, doc));
    }
    tail.extend(changes.added.iter().enumerate().map(|(i, &doc)| (n_prev + i as u32, doc)));
    tail.sort_unstable();

    let plain = Compressor { level: config.compression_level, dictionary: None };
    let mut files = Vec::new();
    let mut reused = Vec::new();
    let mut segments = Vec::new();
    if base_end > 0 {
        let base = &previous.directory.segments[0];
        for page in &base.pages {
            let name = file_name(FileKind::ShardPage, page.hash);
            let shards =
                ShardPage::decode(&name, &fetch(&previous.read, &name, FileKind::ShardPage)?)?;
            for shard in &shards.shards {
                reused.push(file_name(FileKind::Terms, shard.hash));
                reused.push(file_name(FileKind::Positions, shard.hash));
            }
            reused.push(name);
        }
        reused.extend(base.typo.iter().map(|&(_, hash)| file_name(FileKind::Typo, hash)));
        segments.push(SegmentFile { stale: write_ids(stale.iter()), ..base.clone() });
    }
    if !tail.is_empty() {
        let postings = invert::invert(&docs, tail.iter().copied(), terms.len());
        let cut = super::shard_size::tail(&config);
        let segment = layout::write_segment(&terms, &term_languages, &postings, cut, &plain)?;
        segments.push(segment.stored);
        files.extend(segment.shards);
        files.extend(segment.pages);
        files.extend(segment.typo);
    }
    docs.iter_mut().for_each(|d| d.tokens = Vec::new());

    let numbered: Vec<(u32, u32)> = changes
        .replaced
        .iter()
        .map(|(&number, &doc)| (number, doc))
        .chain(changes.added.iter().enumerate().map(|(i, &doc)| (n_prev + i as u32, doc)))
        .collect();
    let languages = language_numbers(&previous.entry.doc_languages, &doc_languages);
    let (order, mut facet_entries) = facet_order(&previous.entry, &facets, &docs, &numbered);
    let dropped: Vec<u32> = changes.changed.iter().chain(&changes.deleted).copied().collect();
    files.extend(update_facets(
        &previous,
        &mut facet_entries,
        &order,
        &docs,
        &numbered,
        &dropped,
        &plain,
    )?);
    let mut dates = previous.dates.clone();
    for &doc in &changes.added {
        match (docs[doc as usize].date, dates.runs.last_mut()) {
            (Some(date), Some((last, count))) if *last == date => *count += 1,
            (Some(date), _) => dates.runs.push((date, 1)),
            (None, _) => return Err(full_build("an added article has no date")),
        }
    }
    let dates_file = seal(FileKind::Dates, &codec::encode(&dates), &plain)?;

    let blocks =
        blocks::Blocks::update(&previous, &config, &docs, &order, &languages, &changes, n)?;
    files.extend(blocks.files);
    reused.extend(blocks.reused);
    let dictionary_name =
        previous.entry.dictionary.map(|hash| file_name(FileKind::Dictionary, hash));
    reused.extend(dictionary_name);

    let mut records = previous.records.clone();
    let mut body_words = previous.entry.body_words;
    for &number in &changes.deleted {
        body_words -= u64::from(records[number as usize].body_words);
        records[number as usize] = SourceRecord::default();
    }
    for &(number, doc) in &numbered {
        let doc = &docs[doc as usize];
        let record = SourceRecord {
            key: doc.source.key,
            content: doc.source.content,
            document: doc.digest,
            body_words: doc.body_len,
        };
        match records.get_mut(number as usize) {
            Some(old) => {
                body_words = body_words - u64::from(old.body_words) + u64::from(doc.body_len);
                *old = record;
            }
            None => {
                body_words += u64::from(doc.body_len);
                records.push(record);
            }
        }
    }
    for &(number, content) in &refreshed {
        let record = records.get_mut(number as usize).filter(|r| r.key != 0);
        match record {
            Some(record) if !changes.replaced.contains_key(&number) => record.content = content,
            _ => return Err(Error::Config(format!("there is no document {number} to refresh"))),
        }
    }
    if changes.changed.is_empty() && changes.added.is_empty() && changes.deleted.is_empty() {
        // Nothing a search reads changes: newer content hashes alone would rewrite the
        // entry (which names the record), so the index keeps its bytes instead.
        records.clone_from(&previous.records);
    }
    let (stored, refreshed) = stored_records(&previous.stored, records);
    let sources = layout::write_sources(config.fingerprint, base_end, &stored, refreshed, &plain)?;
    let directory =
        DirectoryFile { segments, deleted: write_ids(all_deleted.iter()), pages: blocks.pages };
    let directory_file = seal(FileKind::Directory, &codec::encode(&directory), &plain)?;
    let live = n - all_deleted.len() as u32;
    let mut stem_languages: BTreeSet<String> = previous.entry.languages.iter().cloned().collect();
    stem_languages
        .extend(layout::languages_of(&term_languages).iter().map(|l| l.tag().to_string()));
    let entry = Entry {
        doc_numbers: n,
        live_count: live,
        undated: previous.entry.undated,
        site: config.site.clone(),
        languages: stem_languages.into_iter().collect(),
        doc_languages: languages.tags,
        ranking: config.ranking.to_stored(),
        body_words,
        date_min: dates.runs.first().map(|r| r.0),
        date_max: dates.runs.last().map(|r| r.0),
        directory: directory_file.hash(),
        dates: dates_file.hash(),
        facets: layout::label_facets(facet_entries, &config.labels),
        dictionary: previous.entry.dictionary,
        sources: Some(sources[0].hash()),
    };
    let entry_file = seal(FileKind::Entry, &codec::encode(&entry), &plain)?;
    files.push(dates_file);
    files.push(directory_file);
    files.extend(sources);
    files.push(entry_file);
    reused.sort();
    reused.dedup();
    let stats = layout::stats(&files, live, terms.len(), &entry);
    Ok(IndexFiles { files, reused, stats })
}

/// What the sources chunks hold of `records` (every document's record now), given what they
/// held (`before`), and the table's list of newer content hashes: a chunk whose records
/// differ only in content hashes stays as it was, its documents' new hashes listed, unless
/// the list would grow past [`MAX_REFRESHED`]; then every chunk holds its records.
fn stored_records(
    before: &[SourceRecord],
    records: Vec<SourceRecord>,
) -> (Vec<SourceRecord>, Vec<Refreshed>) {
    let mut stored = Vec::with_capacity(records.len());
    let mut refreshed = Vec::new();
    for (i, chunk) in records.chunks(CHUNK_DOCS).enumerate() {
        let first = i * CHUNK_DOCS;
        let old = before.get(first..first + chunk.len()).filter(|old| {
            old.iter().zip(chunk).all(|(o, n)| SourceRecord { content: n.content, ..*o } == *n)
        });
        match old {
            Some(old) => {
                stored.extend_from_slice(old);
                refreshed.extend(old.iter().zip(chunk).enumerate().filter_map(|(k, (o, n))| {
                    (o.content != n.content)
                        .then_some(Refreshed { number: (first + k) as u32, content: n.content })
                }));
            }
            None => stored.extend_from_slice(chunk),
        }
    }
    if refreshed.len() > MAX_REFRESHED {
        return (records, Vec::new());
    }
    (stored, refreshed)
}

/// Checks the builder's documents against the previous index: replaced ones keep their date
/// (numbers follow dates), added ones are dated no earlier than the newest (they append).
fn changes(previous: &Previous, docs: &[DocRecord], deleted: &[u32]) -> Result<Changes> {
    let n_prev = previous.entry.doc_numbers;
    let mut replaced = BTreeMap::new();
    let mut changed = BTreeSet::new();
    let mut added = Vec::new();
    for (i, doc) in docs.iter().enumerate() {
        match doc.replaces {
            Some(number) => {
                if number >= n_prev || previous.deleted.contains(number) {
                    return Err(Error::Config(format!("there is no document {number} to replace")));
                }
                if previous.date_of(number) != doc.date {
                    return Err(full_build("an article's date changed"));
                }
                if replaced.insert(number, i as u32).is_some() {
                    return Err(Error::Config(format!("document {number} is replaced twice")));
                }
                // Changed is what the index holds of it: a page rendered again around the
                // same article (another aside) is not.
                let old = previous.records[number as usize];
                let same = old.key != 0 && old.key == doc.source.key && old.document == doc.digest;
                if !same {
                    changed.insert(number);
                }
            }
            None => added.push(i as u32),
        }
    }
    let newest = previous.entry.date_max;
    if added.iter().any(|&i| docs[i as usize].date.is_none() || docs[i as usize].date < newest) {
        return Err(full_build("an added article is dated before the newest"));
    }
    added.sort_by_key(|&i| (docs[i as usize].date, i));
    let mut gone = BTreeSet::new();
    for &number in deleted {
        if number >= n_prev || previous.deleted.contains(number) || replaced.contains_key(&number) {
            return Err(Error::Config(format!("there is no document {number} to delete")));
        }
        gone.insert(number);
    }
    Ok(Changes { replaced, changed, added, deleted: gone })
}

/// The previous index's document languages, with the builder's new ones appended.
pub(super) struct Languages {
    tags: Vec<String>,
    /// By the builder's language number: the entry's.
    numbers: Vec<u16>,
}

fn language_numbers(previous: &[String], builder: &[String]) -> Languages {
    let mut tags = previous.to_vec();
    let numbers = builder
        .iter()
        .map(|tag| match tags.iter().position(|t| t == tag) {
            Some(i) => i as u16,
            None => {
                tags.push(tag.clone());
                (tags.len() - 1) as u16
            }
        })
        .collect();
    Languages { tags, numbers }
}

/// The previous index's facets and values, with the builder's new ones appended in the order
/// they first appear (by document number), and the numbers the builder's map to.
fn facet_order(
    entry: &Entry,
    facets: &[(String, FacetValues)],
    docs: &[DocRecord],
    numbered: &[(u32, u32)],
) -> (FacetOrder, Vec<FacetEntry>) {
    let mut entries = entry.facets.clone();
    let mut facet_number = vec![u16::MAX; facets.len()];
    let mut value_number: Vec<Vec<u32>> =
        facets.iter().map(|(_, v)| vec![u32::MAX; v.names.len()]).collect();
    let mut sorted = numbered.to_vec();
    sorted.sort_unstable();
    for &(_, doc) in &sorted {
        for &(f, v) in &docs[doc as usize].facets {
            let (f, v) = (f as usize, v as usize);
            if facet_number[f] == u16::MAX {
                let name = &facets[f].0;
                let number = entries.iter().position(|e| e.name == *name).unwrap_or_else(|| {
                    entries.push(FacetEntry {
                        name: name.clone(),
                        values: Vec::new(),
                        counts: Vec::new(),
                        labels: Vec::new(),
                        column: 0,
                    });
                    entries.len() - 1
                });
                facet_number[f] = number as u16;
            }
            if value_number[f][v] == u32::MAX {
                let facet = &mut entries[usize::from(facet_number[f])];
                let name = &facets[f].1.names[v];
                let number = facet.values.iter().position(|x| x == name).unwrap_or_else(|| {
                    facet.values.push(name.clone());
                    facet.counts.push(0);
                    for (_, labels) in &mut facet.labels {
                        labels.push(String::new());
                    }
                    facet.values.len() - 1
                });
                value_number[f][v] = number as u32;
            }
        }
    }
    (FacetOrder { facets: Vec::new(), facet_number, value_number }, entries)
}

/// The facet columns after the update: the documents `dropped` (replaced or deleted) taken
/// out of every value, the `numbered` ones put in where their values say.
fn update_facets(
    previous: &Previous,
    entries: &mut [FacetEntry],
    order: &FacetOrder,
    docs: &[DocRecord],
    numbered: &[(u32, u32)],
    dropped: &[u32],
    plain: &Compressor,
) -> Result<Vec<IndexFile>> {
    let n_prev = previous.entry.doc_numbers;
    let mut columns: Vec<Vec<DocSet>> = Vec::with_capacity(entries.len());
    for (i, entry) in entries.iter().enumerate() {
        let mut sets = match previous.entry.facets.get(i) {
            Some(old) => {
                let name = file_name(FileKind::Facet, old.column);
                let column: FacetColumn =
                    codec::decode(&name, &fetch(&previous.read, &name, FileKind::Facet)?)?;
                column
                    .values
                    .iter()
                    .map(|bytes| {
                        read_ids(bytes, n_prev).ok_or_else(|| corrupt(&name, "a damaged set"))
                    })
                    .collect::<Result<Vec<_>>>()?
            }
            None => Vec::new(),
        };
        sets.resize(entry.values.len(), DocSet::default());
        for set in &mut sets {
            for &number in dropped {
                set.remove(number);
            }
        }
        columns.push(sets);
    }
    for &(number, doc) in numbered {
        for &(f, v) in &docs[doc as usize].facets {
            let (f, v) =
                (order.facet_number[f as usize], order.value_number[f as usize][v as usize]);
            columns[usize::from(f)][v as usize].insert(number);
        }
    }
    let mut files = Vec::new();
    for (entry, sets) in entries.iter_mut().zip(columns) {
        let payload = FacetColumn { values: sets.iter().map(|s| write_ids(s.iter())).collect() };
        let file = seal(FileKind::Facet, &codec::encode(&payload), plain)?;
        entry.counts = sets.iter().map(|s| s.len() as u32).collect();
        entry.column = file.hash();
        files.push(file);
    }
    Ok(files)
}

mod blocks;
#[cfg(test)]
mod tests;
