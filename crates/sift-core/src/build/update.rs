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

use roaring::RoaringBitmap;

use super::layout::{self, FacetOrder, BLOCKS_PER_PAGE, TAIL_SHARD_DIVISOR};
use super::{invert, DocRecord, FacetValues, IndexBuilder, IndexFiles, SourceKey};
use crate::error::{Error, Result};
use crate::format::columns::{read_ids, write_ids, DateColumn, FacetColumn};
use crate::format::compress::{Compressor, DictionaryDecoder};
use crate::format::directory::{BlockPage, BlockRef, Directory, DirectoryFile, SegmentFile};
use crate::format::docs::{MetaBlock, StoredMeta, TextBlock};
use crate::format::entry::{Entry, FacetEntry};
use crate::format::sources::{SourceRecord, SourcesChunk, SourcesTable};
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
    deleted: RoaringBitmap,
    base_stale: RoaringBitmap,
    table: SourcesTable,
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
        let table: SourcesTable =
            codec::decode(&table_name, &fetch(&read, &table_name, FileKind::Sources)?)?;
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
            _ => RoaringBitmap::new(),
        };
        Ok(Previous {
            entry,
            directory,
            deleted: checked.deleted,
            base_stale,
            table,
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

    /// The numbers of the documents an update writes anew (the tail, and the documents
    /// changed since the base was written): the caller re-adds each one still present with
    /// [`IndexBuilder::replace`], changed or not.
    pub fn reanalysed(&self) -> Vec<u32> {
        let mut numbers = self.base_stale.clone();
        numbers.insert_range(self.table.base_end..self.entry.doc_numbers);
        numbers -= &self.deleted;
        numbers.iter().collect()
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
fn fetch(read: &Read, name: &str, kind: FileKind) -> Result<Vec<u8>> {
    let bytes = read(name).ok_or_else(|| corrupt(name, "cannot be read"))?;
    open(name, kind, &bytes)
}

fn corrupt(file: &str, reason: &str) -> Error {
    Error::Corrupt { file: file.into(), reason: reason.into() }
}

fn full_build(reason: &str) -> Error {
    Error::FullBuildNeeded(reason.into())
}

/// What an update changes, by document number, checked against the previous index.
struct Changes {
    /// Replaced documents: number to position in the builder's documents.
    replaced: BTreeMap<u32, u32>,
    /// The replaced documents whose source changed (the rest were given again unchanged,
    /// for the tail).
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
    let mut wanted = stale.clone();
    wanted.insert_range(base_end..n_prev);
    wanted -= &all_deleted;
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
        for shard in &base.shards {
            reused.push(file_name(FileKind::Terms, shard.hash));
            reused.push(file_name(FileKind::Positions, shard.hash));
        }
        reused.extend(base.typo.iter().map(|&(_, hash)| file_name(FileKind::Typo, hash)));
        segments.push(SegmentFile { stale: write_ids(stale.iter()), ..base.clone() });
    }
    if !tail.is_empty() {
        let postings = invert::invert(&docs, tail.iter().copied(), terms.len());
        let shard_bytes = (config.shard_bytes / TAIL_SHARD_DIVISOR).max(1 << 10);
        let segment =
            layout::write_segment(&terms, &term_languages, &postings, shard_bytes, &plain)?;
        segments.push(segment.stored);
        files.extend(segment.shards);
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

    let blocks = Blocks::update(&previous, &config, &docs, &order, &languages, &changes, n)?;
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
    let sources = layout::write_sources(config.fingerprint, base_end, &records, &plain)?;
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
        facets: facet_entries,
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
                let old = previous.records[number as usize];
                let same =
                    old.key != 0 && old.key == doc.source.key && old.content == doc.source.content;
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
struct Languages {
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
    let mut columns: Vec<Vec<RoaringBitmap>> = Vec::with_capacity(entries.len());
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
        sets.resize(entry.values.len(), RoaringBitmap::new());
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

/// The blocks after an update: new files, the previous ones kept, and the block table.
struct Blocks {
    files: Vec<IndexFile>,
    reused: Vec<String>,
    pages: Vec<BlockRef>,
}

impl Blocks {
    /// Rewrites the blocks that hold a replaced or deleted document, and the last block with
    /// the added documents after it (cut as a full build cuts them), keeping the rest.
    fn update(
        previous: &Previous,
        config: &super::BuildConfig,
        docs: &[DocRecord],
        order: &FacetOrder,
        languages: &Languages,
        changes: &Changes,
        n: u32,
    ) -> Result<Blocks> {
        let mut dictionary = match &previous.dictionary {
            Some(dict) => {
                Some(DictionaryDecoder::parse(dict).map_err(|r| corrupt("dictionary", &r))?)
            }
            None => None,
        };
        let with_dictionary =
            Compressor { level: config.compression_level, dictionary: previous.dictionary.clone() };
        let plain = Compressor { level: config.compression_level, dictionary: None };
        // Each page is checked as a reader checks it, and the pages must continue one another
        // from document 0: an empty or unordered page made the lookups below subtract past
        // zero (found by fuzzing).
        let n_prev = previous.entry.doc_numbers;
        let mut blocks: Vec<BlockRef> = Vec::new();
        for page_ref in &previous.directory.pages {
            let name = file_name(FileKind::BlockPage, page_ref.hash);
            let payload = fetch(&previous.read, &name, FileKind::BlockPage)?;
            let page = BlockPage::decode(&name, &payload, n_prev)?;
            let continues = page.blocks[0].first_doc == page_ref.first_doc
                && blocks.last().is_none_or(|last| last.first_doc < page_ref.first_doc);
            if !continues {
                return Err(corrupt(&name, "the page does not continue the block table"));
            }
            blocks.extend(page.blocks);
        }
        let mut touched: BTreeSet<usize> = BTreeSet::new();
        for &number in changes.changed.iter().chain(&changes.deleted) {
            touched.insert(blocks.partition_point(|b| b.first_doc <= number) - 1);
        }
        if !changes.added.is_empty() {
            touched.insert(blocks.len() - 1);
        }
        let stored = |doc: u32| -> Result<(StoredMeta, String)> {
            let record = &docs[doc as usize];
            let raw = crate::format::compress::decompress(
                &record.stored,
                record.stored_len as usize,
                None,
            )
            .map_err(|e| corrupt("(document being built)", &e))?;
            let (url, title, body): (String, String, String) =
                codec::decode("stored document", &raw)?;
            let lang = languages.numbers.get(usize::from(record.lang)).copied().unwrap_or(0);
            Ok((
                StoredMeta {
                    url,
                    title,
                    date: record.date,
                    lang,
                    facets: order.stored(&record.facets),
                },
                body,
            ))
        };
        let mut files = Vec::new();
        let mut reused = Vec::new();
        let mut out: Vec<BlockRef> = Vec::new();
        for (i, block) in blocks.iter().enumerate() {
            if !touched.contains(&i) {
                reused.push(file_name(FileKind::Meta, block.hash));
                reused.push(file_name(FileKind::Text, block.hash));
                out.push(*block);
                continue;
            }
            let meta_name = file_name(FileKind::Meta, block.hash);
            let text_name = file_name(FileKind::Text, block.hash);
            let mut meta: MetaBlock =
                codec::decode(&meta_name, &previous.payload(&meta_name, FileKind::Meta, None)?)?;
            let mut text: TextBlock = codec::decode(
                &text_name,
                &previous.payload(&text_name, FileKind::Text, dictionary.as_mut())?,
            )?;
            if meta.first_doc != block.first_doc || meta.docs.len() != text.bodies.len() {
                return Err(corrupt(&meta_name, "the block does not match its table"));
            }
            for (j, (slot, body)) in meta.docs.iter_mut().zip(&mut text.bodies).enumerate() {
                let number = block.first_doc + j as u32;
                if changes.deleted.contains(&number) {
                    *slot = None;
                    body.clear();
                } else if let Some(&doc) =
                    changes.replaced.get(&number).filter(|_| changes.changed.contains(&number))
                {
                    let (new_meta, new_body) = stored(doc)?;
                    *slot = Some(new_meta);
                    *body = new_body;
                }
            }
            let mut pending = vec![(meta, text)];
            if i + 1 == blocks.len() {
                for (k, &doc) in changes.added.iter().enumerate() {
                    let (meta, body) = stored(doc)?;
                    let (last_meta, last_text) = pending.last_mut().expect("a block");
                    let bytes: usize = last_meta
                        .docs
                        .iter()
                        .zip(&last_text.bodies)
                        .map(|(m, b)| stored_len(m.as_ref(), b))
                        .sum();
                    if bytes >= config.block_bytes || last_meta.docs.len() >= config.block_docs {
                        let first_doc = n - (changes.added.len() - k) as u32;
                        pending.push((
                            MetaBlock { first_doc, docs: Vec::new() },
                            TextBlock { first_doc, bodies: Vec::new() },
                        ));
                    }
                    let (last_meta, last_text) = pending.last_mut().expect("a block");
                    last_meta.docs.push(Some(meta));
                    last_text.bodies.push(body);
                }
            }
            for (meta, body) in pending {
                let pair = layout::seal_block(&meta, &body, &plain, &with_dictionary)?;
                out.push(BlockRef { first_doc: meta.first_doc, hash: pair[0].hash() });
                files.extend(pair);
            }
        }
        let mut pages = Vec::new();
        for chunk in out.chunks(BLOCKS_PER_PAGE) {
            let page = seal(
                FileKind::BlockPage,
                &codec::encode(&BlockPage { blocks: chunk.to_vec() }),
                &plain,
            )?;
            pages.push(BlockRef { first_doc: chunk[0].first_doc, hash: page.hash() });
            files.push(page);
        }
        Ok(Blocks { files, reused, pages })
    }
}

/// The bytes a document's stored fields take, as a full build counts them to cut blocks.
fn stored_len(meta: Option<&StoredMeta>, body: &str) -> usize {
    match meta {
        Some(meta) => codec::encode(&(&meta.url, &meta.title, body)).len(),
        None => codec::encode(&("", "", "")).len(),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::build::{analyze, BuildConfig};
    use crate::document::{Date, Document};
    use crate::{FileCache, Index, Outcome, ParseOptions, Query, SearchRequest};

    const WORDS: [&str; 12] = [
        "helsinki",
        "moscow",
        "court",
        "activist",
        "prison",
        "report",
        "правозащитник",
        "суд",
        "жовтис",
        "almaty",
        "election",
        "freedom",
    ];

    /// Document `i`, dated on day `i` (so numbers follow `i`), with a few words and a facet.
    fn document(i: u32, variant: &str) -> Document {
        let word = |k: u32| WORDS[(i * 7 + k * 3) as usize % WORDS.len()];
        Document {
            url: format!("/news/{i}"),
            title: format!("{} {} {variant}", word(0), word(1)),
            body: format!("{} {} {} number{i}", word(2), word(3), word(4)),
            date: Some(Date::from_days(10_000 + i as i32)),
            lang: if i.is_multiple_of(3) { "ru" } else { "en" }.into(),
            facets: [("country".to_string(), vec![format!("c{}", i % 5)])].into(),
        }
    }

    fn source(i: u32, content: &str) -> SourceKey {
        SourceKey { key: u64::from(i) + 1, content: content.len() as u64 }
    }

    fn config() -> BuildConfig {
        BuildConfig {
            shard_bytes: 2048,
            block_docs: 16,
            compression_level: 1,
            fingerprint: 7,
            ..BuildConfig::default()
        }
    }

    fn build(docs: &[(u32, &str)]) -> HashMap<String, Vec<u8>> {
        let mut builder = IndexBuilder::new(config());
        for &(i, variant) in docs {
            builder.add(analyze(&document(i, variant)).with_source(source(i, variant)));
        }
        builder.finish().unwrap().files.into_iter().map(|f| (f.name, f.bytes)).collect()
    }

    fn search(files: &HashMap<String, Vec<u8>>, text: &str) -> (usize, Vec<String>) {
        let index = Index::open(&files[crate::ENTRY_FILE_NAME]).unwrap();
        let mut cache = FileCache::new(&index);
        let request = SearchRequest {
            query: Query::parse(text, ParseOptions { prefix_last: true }).query,
            limit: 20,
            ..SearchRequest::default()
        };
        loop {
            match index.search(&request, &cache) {
                Outcome::Ready(results) => {
                    assert!(results.unavailable.is_empty(), "{text}: {:?}", results.unavailable);
                    return (results.total, results.hits.into_iter().map(|h| h.url).collect());
                }
                Outcome::Need(names) => {
                    for name in names {
                        cache.insert(&name, &files[&name]).unwrap();
                    }
                }
            }
        }
    }

    #[test]
    fn an_update_answers_as_a_clean_build_and_writes_little() {
        let before: Vec<(u32, &str)> = (0..300).map(|i| (i, "")).collect();
        let old = build(&before);
        let reader = old.clone();
        let previous =
            Previous::open(&old[crate::ENTRY_FILE_NAME], move |name| reader.get(name).cloned())
                .unwrap();
        let reanalysed = previous.reanalysed();
        assert!(reanalysed.iter().all(|&n| n >= 256), "{reanalysed:?}");
        let mut builder = IndexBuilder::update(config(), previous);
        for &n in &reanalysed {
            builder.replace(n, analyze(&document(n, "")).with_source(source(n, "")));
        }
        builder.replace(5, analyze(&document(5, "updated")).with_source(source(5, "updated")));
        builder.delete(7);
        builder.add(analyze(&document(300, "")).with_source(source(300, "")));
        let update = builder.finish().unwrap();

        let mut after: Vec<(u32, &str)> = before.clone();
        after.retain(|&(i, _)| i != 7);
        after[5].1 = "updated";
        after.push((300, ""));
        let clean = build(&after);
        let mut updated: HashMap<String, Vec<u8>> =
            update.files.iter().map(|f| (f.name.clone(), f.bytes.clone())).collect();
        for name in &update.reused {
            updated.insert(name.clone(), old[name].clone());
        }
        for query in [
            "helsinki",
            "суд",
            "updated",
            "number7",
            "number300",
            "jovtis",
            "activst",
            "c3 court",
            "elect",
        ] {
            assert_eq!(search(&updated, query), search(&clean, query), "{query}");
        }
        assert_eq!(search(&updated, "number7 ").0, 0, "deleted documents are gone");
        assert_eq!(search(&updated, "updated").1, ["/news/5"]);
        // What was written: the tail's shards and the small files, two blocks (the one of
        // documents 5 and 7, and the last with the new article); the base's shards are kept.
        let written = |kind: FileKind| {
            update.files.iter().filter(|f| f.kind == kind && !old.contains_key(&f.name)).count()
        };
        assert_eq!(written(FileKind::Meta), 2);
        let base_shards = old.keys().filter(|n| n.starts_with("terms-")).count();
        let kept_shards = update.reused.iter().filter(|n| n.starts_with("terms-")).count();
        assert!(kept_shards > 0 && kept_shards + written(FileKind::Terms) <= base_shards + 2);
        assert!(update.reused.iter().all(|name| old.contains_key(name)));
    }

    #[test]
    fn adding_articles_gives_the_bytes_of_a_clean_build() {
        let before: Vec<(u32, &str)> = (0..280).map(|i| (i, "")).collect();
        let old = build(&before);
        let open = || {
            let reader = old.clone();
            Previous::open(&old[crate::ENTRY_FILE_NAME], move |name| reader.get(name).cloned())
                .unwrap()
        };
        let mut builder = IndexBuilder::update(config(), open());
        for n in open().reanalysed() {
            builder.replace(n, analyze(&document(n, "")).with_source(source(n, "")));
        }
        for i in 280..283 {
            builder.add(analyze(&document(i, "")).with_source(source(i, "")));
        }
        let update = builder.finish().unwrap();
        let clean = build(&(0..283).map(|i| (i, "")).collect::<Vec<_>>());
        let mut names: Vec<&String> =
            update.files.iter().map(|f| &f.name).chain(&update.reused).collect();
        names.sort();
        let mut clean_names: Vec<&String> = clean.keys().collect();
        clean_names.sort();
        assert_eq!(names, clean_names);
        for file in &update.files {
            assert!(clean[&file.name] == file.bytes, "{} differs", file.name);
        }
    }

    #[test]
    fn a_damaged_previous_index_is_an_error_not_a_panic_nor_gigabytes() {
        // Found by fuzzing (the `update` target's seeds `block-page-empty`,
        // `sources-body-words-over-the-total` and `sources-table-repeats-a-chunk`): each
        // file is replaced under its own name, as a damaged deploy would leave it.
        let old = build(&(0..100).map(|i| (i, "")).collect::<Vec<_>>());
        let plain = Compressor { level: 1, dictionary: None };
        let named = |prefix: &str| {
            let mut names: Vec<&String> = old.keys().filter(|n| n.starts_with(prefix)).collect();
            names.sort_by_key(|name| old[*name].len());
            names.last().map(|name| name.to_string()).expect("a file of the kind")
        };
        let table_name = {
            let entry: Entry = codec::decode(
                "e",
                &open("e", FileKind::Entry, &old[crate::ENTRY_FILE_NAME]).unwrap(),
            )
            .unwrap();
            file_name(FileKind::Sources, entry.sources.unwrap())
        };
        let table: SourcesTable =
            codec::decode("t", &open("t", FileKind::Sources, &old[&table_name]).unwrap()).unwrap();
        let chunk_name = file_name(FileKind::Sources, table.chunks[0].hash);
        let mut chunk: SourcesChunk =
            codec::decode("c", &open("c", FileKind::Sources, &old[&chunk_name]).unwrap()).unwrap();
        chunk.records[5].body_words = u32::MAX;
        let repeated = SourcesTable { chunks: vec![table.chunks[0]; 100_000], ..table };
        let cases = [
            (named("blocks-"), codec::encode(&BlockPage::default()), "the page is out of order"),
            (chunk_name, codec::encode(&chunk), "the sources do not match the documents"),
            (table_name, codec::encode(&repeated), "the sources do not match the documents"),
        ];
        for (name, payload, reason) in cases {
            let mut files = old.clone();
            let kind = FileKind::of_name(&name).unwrap();
            files.insert(name.clone(), seal(kind, &payload, &plain).unwrap().bytes);
            let entry = files[crate::ENTRY_FILE_NAME].clone();
            let result = Previous::open(&entry, move |n| files.get(n).cloned()).and_then(|p| {
                let mut builder = IndexBuilder::update(config(), p);
                for n in 64..100 {
                    builder.replace(n, analyze(&document(n, "")).with_source(source(n, "")));
                }
                builder.replace(5, analyze(&document(5, "new")).with_source(source(5, "new")));
                builder.delete(7);
                builder.finish()
            });
            let error = result.err().unwrap_or_else(|| panic!("{name} was taken as sound"));
            assert!(error.to_string().contains(reason), "{name}: {error}");
        }
    }

    #[test]
    fn what_an_update_cannot_keep_sound_asks_for_a_full_build() {
        let old = build(&(0..100).map(|i| (i, "")).collect::<Vec<_>>());
        let open = || {
            let reader = old.clone();
            Previous::open(&old[crate::ENTRY_FILE_NAME], move |name| reader.get(name).cloned())
                .unwrap()
        };
        let refill = |builder: &mut IndexBuilder, previous: &Previous| {
            for n in previous.reanalysed() {
                builder.replace(n, analyze(&document(n, "")).with_source(source(n, "")));
            }
        };
        // An article dated before the newest.
        let previous = open();
        let mut builder = IndexBuilder::update(config(), open());
        refill(&mut builder, &previous);
        builder.add(analyze(&document(50, "again")).with_source(source(999, "x")));
        assert!(matches!(builder.finish(), Err(Error::FullBuildNeeded(_))));
        // Other settings.
        let mut builder = IndexBuilder::update(BuildConfig { fingerprint: 8, ..config() }, open());
        refill(&mut builder, &previous);
        assert!(matches!(builder.finish(), Err(Error::FullBuildNeeded(_))));
        // Growing past the tail: 100 documents have their tail from 64; 128 start a new one.
        let mut builder = IndexBuilder::update(config(), open());
        refill(&mut builder, &previous);
        for i in 100..130 {
            builder.add(analyze(&document(i, "")).with_source(source(i, "")));
        }
        assert!(matches!(builder.finish(), Err(Error::FullBuildNeeded(_))));
        // A document of the tail not given again is the caller's mistake, said plainly.
        let mut builder = IndexBuilder::update(config(), open());
        builder.add(analyze(&document(100, "")).with_source(source(100, "")));
        let error = builder.finish().unwrap_err();
        assert!(error.to_string().contains("must be given again"), "{error}");
    }
}
