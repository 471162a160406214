//! `finish`: numbering, segments, shards, facets, dates, blocks and the entry, one stage a
//! function. Each stage takes what it needs and the caller drops what later stages do not
//! read, so memory peaks once (at the base segment's postings) rather than everywhere.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use super::shard_size::{self, ShardCut};
use super::{invert, BuildStats, DocRecord, FacetValues, IndexBuilder, IndexFiles};
use crate::analysis::{stem, translit, Language};
use crate::error::{Error, Result};
use crate::format::columns::{write_ids, DateColumn, FacetColumn};
use crate::format::compress::{self, Compressor};
use crate::format::directory::{
    BlockPage, BlockRef, DirectoryFile, SegmentFile, ShardKey, ShardPage,
};
use crate::format::docs::{MetaBlock, StoredMeta, TextBlock};
use crate::format::entry::{Entry, FacetEntry};
use crate::format::sources::{
    Refreshed, SourceRecord, SourcesChunk, SourcesTable, CHUNK_DOCS, LAYOUT,
};
use crate::format::terms::{write_members, PositionsData, TermPostings, TermShardData};
use crate::format::typo::{bucket, TypoDictionary};
use crate::format::{codec, name_together, seal, FileKind, IndexFile, MAX_DOCUMENTS};

/// Document blocks per page of the block table. A page is about 1.5 KB; a result fetches
/// its page before its block, so the directory stays small (a 250,000-article index has
/// 16,000 blocks: listed in the directory, they made it 240 KB).
pub(super) const BLOCKS_PER_PAGE: usize = 128;

/// The tail segment holds the newest documents after the last multiple of a power of two
/// of at least this many ...
const MIN_TAIL_STEP: u32 = 64;
/// ... and of about this fraction of the archive at most, so that adding an article rewrites
/// under one percent of the index while the base changes once every step of new articles.
const TAIL_FRACTION: u32 = 128;

pub(super) fn write(b: IndexBuilder) -> Result<IndexFiles> {
    let IndexBuilder { config, terms, term_languages, doc_languages, facets, mut docs, .. } = b;
    let numbering = number(&docs);
    let n = docs.len() as u32;
    let plain = Compressor { level: config.compression_level, dictionary: None };
    let languages = languages_of(&term_languages);

    // The segments, the small tail first so that the base's postings, the largest thing a
    // build holds, are the only ones in memory at their peak; the term streams go after.
    let mut segments = Vec::new();
    let mut shard_files = Vec::new();
    let mut typo_files = Vec::new();
    let base_end = base_end(n);
    for (range, is_tail) in segment_ranges(n).into_iter().rev() {
        let numbered = range.clone().map(|id| (id, numbering.order[id as usize]));
        let postings = invert::invert(&docs, numbered, terms.len());
        let cut = if is_tail {
            shard_size::tail(&config)
        } else {
            shard_size::base(&config, postings.iter().map(TermPostings::len).sum())
        };
        let segment = write_segment(&terms, &term_languages, &postings, cut, &plain)?;
        segments.push(segment.stored);
        shard_files.extend(segment.shards);
        shard_files.extend(segment.pages);
        typo_files.extend(segment.typo);
    }
    segments.reverse();
    docs.iter_mut().for_each(|d| d.tokens = Vec::new());

    let order = FacetOrder::new(config.facets.as_deref(), &facets, &docs, &numbering.order);
    let (facet_entries, facet_files) =
        write_facets(&facets, &order, &docs, &numbering.order, &plain)?;
    let (dates, dates_file) = write_dates(&docs, &numbering.order, &plain)?;
    let blocks = write_blocks(&config, &docs, &numbering.order, &order, &plain)?;

    let records: Vec<SourceRecord> = numbering
        .order
        .iter()
        .map(|&old| {
            let doc = &docs[old as usize];
            SourceRecord {
                key: doc.source.key,
                content: doc.source.content,
                document: doc.digest,
                body_words: doc.body_len,
            }
        })
        .collect();
    let sources = write_sources(config.fingerprint, base_end, &records, Vec::new(), &plain)?;
    let directory = DirectoryFile { segments, deleted: write_ids([]), pages: blocks.pages };
    let directory_file = seal(FileKind::Directory, &codec::encode(&directory), &plain)?;
    let entry = Entry {
        doc_numbers: n,
        live_count: n,
        undated: numbering.undated,
        site: config.site.clone(),
        languages: languages.iter().map(|l| l.tag().to_string()).collect(),
        doc_languages,
        ranking: config.ranking.to_stored(),
        body_words: docs.iter().map(|d| u64::from(d.body_len)).sum(),
        date_min: dates.runs.first().map(|r| r.0),
        date_max: dates.runs.last().map(|r| r.0),
        directory: directory_file.hash(),
        dates: dates_file.hash(),
        facets: label_facets(facet_entries, &config.labels),
        dictionary: blocks.dictionary.as_ref().map(IndexFile::hash),
        sources: Some(sources[0].hash()),
    };
    let entry_file = seal(FileKind::Entry, &codec::encode(&entry), &plain)?;

    let mut files: Vec<IndexFile> = shard_files;
    files.extend(blocks.files);
    files.extend(facet_files);
    files.push(dates_file);
    files.extend(typo_files);
    files.push(directory_file);
    files.extend(blocks.dictionary);
    files.extend(sources);
    files.push(entry_file);
    let stats = stats(&files, n, terms.len(), &entry);
    Ok(IndexFiles { files, reused: Vec::new(), stats })
}

/// Document numbers: `order[new] = position in docs`, oldest first, undated ones before all
/// others, input order among equal dates. Date filters become number ranges, "newest first"
/// is descending numbers, and a new article appends instead of renumbering the archive.
struct Numbering {
    order: Vec<u32>,
    undated: u32,
}

fn number(docs: &[DocRecord]) -> Numbering {
    let mut order: Vec<u32> = (0..docs.len() as u32).collect();
    order.sort_by_key(|&i| (docs[i as usize].date, i));
    let undated = docs.iter().filter(|d| d.date.is_none()).count() as u32;
    Numbering { order, undated }
}

/// Where the tail segment of `n` documents starts: the last multiple of the tail step (a
/// power of two near `n / TAIL_FRACTION`, at least `MIN_TAIL_STEP`). It depends on `n` alone,
/// so a build after adding an article rewrites only the tail until the next multiple.
pub(super) fn base_end(n: u32) -> u32 {
    let wanted = (n / TAIL_FRACTION).max(MIN_TAIL_STEP);
    let step = 1u32 << (31 - wanted.leading_zeros());
    n - n % step
}

/// The segments of `n` documents, oldest first, each with whether it is the tail: the base
/// `0..base_end(n)` and the tail, each where not empty.
fn segment_ranges(n: u32) -> Vec<(Range<u32>, bool)> {
    let end = base_end(n);
    let mut ranges = Vec::new();
    if end > 0 {
        ranges.push((0..end, false));
    }
    if end < n {
        ranges.push((end..n, true));
    }
    ranges
}

/// The sources table and its chunks (the table first): `records` as the chunks hold them,
/// and the newer content hashes of `refreshed` documents.
pub(super) fn write_sources(
    fingerprint: u64,
    base_end: u32,
    records: &[SourceRecord],
    refreshed: Vec<Refreshed>,
    plain: &Compressor,
) -> Result<Vec<IndexFile>> {
    let mut chunks = Vec::new();
    let mut refs = Vec::new();
    for (i, chunk) in records.chunks(CHUNK_DOCS).enumerate() {
        let first_doc = (i * CHUNK_DOCS) as u32;
        let payload = SourcesChunk { first_doc, records: chunk.to_vec() };
        let file = seal(FileKind::Sources, &codec::encode(&payload), plain)?;
        refs.push(BlockRef { first_doc, hash: file.hash() });
        chunks.push(file);
    }
    let table = SourcesTable { layout: LAYOUT, fingerprint, base_end, chunks: refs, refreshed };
    let mut files = vec![seal(FileKind::Sources, &codec::encode(&table), plain)?];
    files.extend(chunks);
    Ok(files)
}

/// The stemmer languages of the corpus, from the per-term language bits.
pub(super) fn languages_of(term_languages: &[u8]) -> BTreeSet<Language> {
    let all = term_languages.iter().fold(0, |bits, &b| bits | b);
    [(1, Language::English), (2, Language::Russian)]
        .into_iter()
        .filter(|(bit, _)| all & bit != 0)
        .map(|(_, language)| language)
        .collect()
}

/// A segment's sealed files and its entry in the directory.
pub(super) struct SegmentOut {
    pub(super) shards: Vec<IndexFile>,
    /// The pages of its shard table.
    pub(super) pages: Vec<IndexFile>,
    pub(super) typo: Vec<IndexFile>,
    pub(super) stored: SegmentFile,
}

/// Shards (terms cut into key ranges as `cut` says, with the stem and
/// transliteration groups whose keys fall in each range) and typo dictionaries of the terms
/// that occur in one segment (`postings` by term id, empty for the others).
pub(super) fn write_segment(
    terms: &[Box<str>],
    term_languages: &[u8],
    postings: &[TermPostings],
    cut: ShardCut,
    plain: &Compressor,
) -> Result<SegmentOut> {
    let mut sorted: Vec<u32> =
        (0..terms.len() as u32).filter(|&id| postings[id as usize].df() > 0).collect();
    sorted
        .sort_unstable_by(|&a, &b| terms[a as usize].as_bytes().cmp(terms[b as usize].as_bytes()));
    let by_stem = stem_groups(terms, term_languages, &sorted);
    let by_translit_key = translit_groups(terms, &sorted);
    let shards = cut.cut(&sorted, terms, postings, by_stem.iter().chain(&by_translit_key));
    let first_keys: Vec<Vec<u8>> = shards
        .iter()
        .enumerate()
        .map(|(i, s)| if i == 0 { Vec::new() } else { terms[s[0] as usize].as_bytes().to_vec() })
        .collect();
    let shard_of = |key: &str| first_keys.partition_point(|k| k.as_slice() <= key.as_bytes()) - 1;

    let mut stems: Vec<Vec<(String, Vec<&str>)>> = vec![Vec::new(); shards.len()];
    for (stem, members) in by_stem {
        stems[shard_of(&stem)].push((stem, members));
    }
    let mut keys: Vec<Vec<(String, Vec<&str>)>> = vec![Vec::new(); shards.len()];
    for (key, members) in by_translit_key {
        keys[shard_of(&key)].push((key, members));
    }
    let pairs = par_map(
        shards.iter().zip(stems).zip(keys).collect(),
        |((ids, stems), keys)| -> Result<[IndexFile; 2]> {
            let (terms_payload, positions_payload) =
                shard_payload(ids, &stems, &keys, terms, postings)?;
            let mut pair = [
                seal(FileKind::Terms, &terms_payload, plain)?,
                seal(FileKind::Positions, &positions_payload, plain)?,
            ];
            name_together(&mut pair);
            Ok(pair)
        },
    )
    .into_iter()
    .collect::<Result<Vec<[IndexFile; 2]>>>()?;
    let (typo_lens, typo) = write_typo(terms, &sorted, postings, plain)?;
    let table: Vec<ShardKey> = pairs
        .iter()
        .zip(first_keys)
        .map(|(pair, first_key)| ShardKey { first_key, hash: pair[0].hash() })
        .collect();
    let (page_keys, pages) = write_shard_pages(&table, plain)?;
    let stored = SegmentFile {
        pages: page_keys,
        typo: typo_lens.into_iter().zip(typo.iter().map(IndexFile::hash)).collect(),
        stale: write_ids([]),
        shard_bytes: cut.bytes as u32,
    };
    Ok(SegmentOut { shards: pairs.into_iter().flatten().collect(), pages, typo, stored })
}

/// A segment's shard table cut into pages ([`shard_size::shards_per_page`]): the directory's
/// list of them, and their files.
fn write_shard_pages(
    table: &[ShardKey],
    plain: &Compressor,
) -> Result<(Vec<ShardKey>, Vec<IndexFile>)> {
    let mut keys = Vec::new();
    let mut files = Vec::new();
    for shards in table.chunks(shard_size::shards_per_page(table.len())) {
        let page = ShardPage { shards: shards.to_vec() };
        let file = seal(FileKind::ShardPage, &codec::encode(&page), plain)?;
        keys.push(ShardKey { first_key: shards[0].first_key.clone(), hash: file.hash() });
        files.push(file);
    }
    Ok((keys, files))
}

/// Stem groups of a segment's terms: every term whose stem (in a language it occurs in)
/// differs from it, or that shares its stem with another term, under that stem.
fn stem_groups<'t>(
    terms: &'t [Box<str>],
    term_languages: &[u8],
    ids: &[u32],
) -> BTreeMap<String, Vec<&'t str>> {
    let mut groups: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
    for &id in ids {
        let term = &*terms[id as usize];
        for (bit, language) in [(1, Language::English), (2, Language::Russian)] {
            if term_languages[id as usize] & bit != 0 {
                groups.entry(stem(term, language).into_owned()).or_default().insert(term);
            }
        }
    }
    groups
        .into_iter()
        .filter(|(stem, members)| members.len() > 1 || members.iter().any(|m| m != stem))
        .map(|(stem, members)| (stem, members.into_iter().collect()))
        .collect()
}

/// Transliteration groups of a segment's Russian terms: each Latin key with its terms.
fn translit_groups<'t>(terms: &'t [Box<str>], ids: &[u32]) -> BTreeMap<String, Vec<&'t str>> {
    let mut groups: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for &id in ids {
        let term = &*terms[id as usize];
        if let Some(key) = translit::cyrillic_key(term) {
            groups.entry(key).or_default().push(term);
        }
    }
    groups
}

/// The terms and positions payloads of one shard.
fn shard_payload(
    ids: &[u32],
    stems: &[(String, Vec<&str>)],
    keys: &[(String, Vec<&str>)],
    terms: &[Box<str>],
    postings: &[TermPostings],
) -> Result<(Vec<u8>, Vec<u8>)> {
    let mut data = TermShardData::default();
    let mut positions = Vec::new();
    let mut map = fst::MapBuilder::memory();
    for &id in ids {
        let offset = postings[id as usize].write_into(&mut data.postings, &mut positions);
        map.insert(terms[id as usize].as_bytes(), offset).map_err(internal)?;
    }
    data.terms = map.into_inner().map_err(internal)?;
    data.stems = group_map(stems, &mut data.groups)?;
    data.translit = group_map(keys, &mut data.groups)?;
    Ok((codec::encode(&data), codec::encode(&PositionsData { positions })))
}

/// An fst from each group's key to its member list, written into `groups`.
fn group_map(entries: &[(String, Vec<&str>)], groups: &mut Vec<u8>) -> Result<Vec<u8>> {
    let mut map = fst::MapBuilder::memory();
    for (key, members) in entries {
        map.insert(key.as_bytes(), write_members(groups, members)).map_err(internal)?;
    }
    map.into_inner().map_err(internal)
}

/// Typo dictionaries of a segment's alphabetic words of four letters or more, by length.
fn write_typo(
    terms: &[Box<str>],
    sorted: &[u32],
    postings: &[TermPostings],
    plain: &Compressor,
) -> Result<(Vec<u8>, Vec<IndexFile>)> {
    let mut by_len: BTreeMap<u8, fst::MapBuilder<Vec<u8>>> = BTreeMap::new();
    for &id in sorted {
        let term = &terms[id as usize];
        if let Some(len) = bucket(term) {
            let map = by_len.entry(len).or_insert_with(fst::MapBuilder::memory);
            map.insert(term.as_bytes(), u64::from(postings[id as usize].df())).map_err(internal)?;
        }
    }
    let mut lens = Vec::new();
    let mut files = Vec::new();
    for (len, map) in by_len {
        let fst = map.into_inner().map_err(internal)?;
        files.push(seal(FileKind::Typo, &codec::encode(&TypoDictionary { fst }), plain)?);
        lens.push(len);
    }
    Ok((lens, files))
}

/// The numbers the entry, the columns and the stored documents give facets and values: the
/// configured order of facets, and otherwise the order in which facets and values first
/// appear, oldest document first. So an article that brings a new value (or facet) appends
/// it, and the documents already stored keep their numbers: an incremental build need not
/// rewrite their blocks.
pub(super) struct FacetOrder {
    /// Facets in number order, as positions in the builder's list.
    pub(super) facets: Vec<usize>,
    /// By builder facet: its number.
    pub(super) facet_number: Vec<u16>,
    /// By builder facet and value: the value's number.
    pub(super) value_number: Vec<Vec<u32>>,
}

impl FacetOrder {
    fn new(
        wanted: Option<&[String]>,
        facets: &[(String, FacetValues)],
        docs: &[DocRecord],
        numbering: &[u32],
    ) -> FacetOrder {
        // First appearances, oldest document first.
        let mut facet_seen: Vec<Option<usize>> = vec![None; facets.len()];
        let mut value_seen: Vec<Vec<Option<u32>>> =
            facets.iter().map(|(_, values)| vec![None; values.names.len()]).collect();
        let (mut facet_count, mut value_counts) = (0, vec![0u32; facets.len()]);
        for &old in numbering {
            for &(f, v) in &docs[old as usize].facets {
                let (f, v) = (f as usize, v as usize);
                if facet_seen[f].is_none() {
                    facet_seen[f] = Some(facet_count);
                    facet_count += 1;
                }
                if value_seen[f][v].is_none() {
                    value_seen[f][v] = Some(value_counts[f]);
                    value_counts[f] += 1;
                }
            }
        }
        let mut order: Vec<usize> = (0..facets.len()).collect();
        match wanted {
            Some(wanted) => order.sort_by_key(|&f| wanted.iter().position(|w| *w == facets[f].0)),
            None => order.sort_by_key(|&f| facet_seen[f]),
        }
        let mut facet_number = vec![0u16; facets.len()];
        for (number, &f) in order.iter().enumerate() {
            facet_number[f] = number as u16;
        }
        let value_number = value_seen
            .into_iter()
            .map(|seen| seen.into_iter().map(|n| n.unwrap_or(0)).collect())
            .collect();
        FacetOrder { facets: order, facet_number, value_number }
    }

    /// The values of builder facet `f` in their numbers' order.
    fn values(&self, f: usize, facets: &[(String, FacetValues)]) -> Vec<String> {
        let names = &facets[f].1.names;
        let mut values = vec![String::new(); names.len()];
        for (old, name) in names.iter().enumerate() {
            values[self.value_number[f][old] as usize] = name.clone();
        }
        values
    }

    /// A document's facets as stored: `(facet number, value numbers)`, both ascending.
    pub(super) fn stored(&self, facets: &[(u32, u32)]) -> Vec<(u16, Vec<u32>)> {
        let mut out: Vec<(u16, Vec<u32>)> = Vec::new();
        for &(f, v) in facets {
            let (f, v) = (self.facet_number[f as usize], self.value_number[f as usize][v as usize]);
            match out.iter_mut().find(|(g, _)| *g == f) {
                Some((_, values)) => values.push(v),
                None => out.push((f, vec![v])),
            }
        }
        out.sort();
        out.iter_mut().for_each(|(_, values)| values.sort_unstable());
        out
    }
}

/// One column per facet (each value's documents) and the facets' entries.
fn write_facets(
    facets: &[(String, FacetValues)],
    order: &FacetOrder,
    docs: &[DocRecord],
    numbering: &[u32],
    plain: &Compressor,
) -> Result<(Vec<FacetEntry>, Vec<IndexFile>)> {
    let mut columns: Vec<Vec<Vec<u32>>> =
        order.facets.iter().map(|&f| vec![Vec::new(); facets[f].1.names.len()]).collect();
    for (id, &old) in numbering.iter().enumerate() {
        for &(f, v) in &docs[old as usize].facets {
            let (f, v) =
                (order.facet_number[f as usize], order.value_number[f as usize][v as usize]);
            columns[usize::from(f)][v as usize].push(id as u32);
        }
    }
    let mut entries = Vec::new();
    let mut files = Vec::new();
    for (&f, column) in order.facets.iter().zip(columns) {
        let payload = FacetColumn {
            values: column.iter().map(|ids| write_ids(ids.iter().copied())).collect(),
        };
        let file = seal(FileKind::Facet, &codec::encode(&payload), plain)?;
        entries.push(FacetEntry {
            name: facets[f].0.clone(),
            values: order.values(f, facets),
            counts: column.iter().map(|ids| ids.len() as u32).collect(),
            labels: Vec::new(),
            column: file.hash(),
        });
        files.push(file);
    }
    Ok((entries, files))
}

/// The facets with the labels `labels` (language, value, label) gives their values: per
/// language that names at least one of a facet's values, a label for each (empty where none).
pub(super) fn label_facets(
    mut facets: Vec<FacetEntry>,
    labels: &BTreeMap<String, BTreeMap<String, String>>,
) -> Vec<FacetEntry> {
    for facet in &mut facets {
        facet.labels = labels
            .iter()
            .filter(|(_, named)| facet.values.iter().any(|v| named.contains_key(v)))
            .map(|(lang, named)| {
                let labels = facet.values.iter().map(|v| named.get(v).cloned().unwrap_or_default());
                (lang.clone(), labels.collect())
            })
            .collect();
    }
    facets
}

/// The date column: runs of equal dates over the dated documents, in number order.
fn write_dates(
    docs: &[DocRecord],
    numbering: &[u32],
    plain: &Compressor,
) -> Result<(DateColumn, IndexFile)> {
    let mut runs: Vec<(i32, u32)> = Vec::new();
    for &old in numbering {
        if let Some(date) = docs[old as usize].date {
            match runs.last_mut() {
                Some((d, n)) if *d == date => *n += 1,
                _ => runs.push((date, 1)),
            }
        }
    }
    let column = DateColumn { runs };
    let file = seal(FileKind::Dates, &codec::encode(&column), plain)?;
    Ok((column, file))
}

/// The document blocks (meta and text), their table in pages, and the text dictionary.
struct Blocks {
    files: Vec<IndexFile>,
    pages: Vec<BlockRef>,
    dictionary: Option<IndexFile>,
}

/// Cuts documents into blocks of about `block_bytes` of text (at most `block_docs`), trains
/// the text dictionary, and seals every block one at a time (an unpacked block is the only
/// one in memory), then the pages of the block table.
fn write_blocks(
    config: &super::BuildConfig,
    docs: &[DocRecord],
    numbering: &[u32],
    order: &FacetOrder,
    plain: &Compressor,
) -> Result<Blocks> {
    let mut ranges: Vec<(u32, u32)> = Vec::new();
    let (mut start, mut bytes) = (0u32, 0usize);
    for (id, &old) in numbering.iter().enumerate() {
        let id = id as u32;
        if id > start && (bytes >= config.block_bytes || (id - start) as usize >= config.block_docs)
        {
            ranges.push((start, id));
            start = id;
            bytes = 0;
        }
        bytes += docs[old as usize].stored_len as usize;
    }
    ranges.push((start, numbering.len() as u32));
    let unpack = |id: u32| -> Result<(StoredMeta, String)> {
        let record = &docs[numbering[id as usize] as usize];
        let raw = compress::decompress(&record.stored, record.stored_len as usize, None)
            .map_err(internal)?;
        let (url, title, body): (String, String, String) = codec::decode("stored document", &raw)?;
        let meta = StoredMeta {
            url,
            title,
            date: record.date,
            lang: record.lang,
            facets: order.stored(&record.facets),
        };
        Ok((meta, body))
    };
    let text = Compressor {
        level: config.compression_level,
        dictionary: train_dictionary(docs, numbering, &unpack, config.dictionary_bytes)?,
    };
    let pairs = par_map(ranges.clone(), |(from, to)| -> Result<[IndexFile; 2]> {
        let (metas, bodies): (Vec<_>, Vec<_>) =
            (from..to).map(&unpack).collect::<Result<Vec<_>>>()?.into_iter().unzip();
        let meta = MetaBlock { first_doc: from, docs: metas.into_iter().map(Some).collect() };
        seal_block(&meta, &TextBlock { first_doc: from, bodies }, plain, &text)
    })
    .into_iter()
    .collect::<Result<Vec<_>>>()?;
    let refs: Vec<BlockRef> = pairs
        .iter()
        .zip(&ranges)
        .map(|(pair, &(first_doc, _))| BlockRef { first_doc, hash: pair[0].hash() })
        .collect();
    let mut files: Vec<IndexFile> = pairs.into_iter().flatten().collect();
    let mut pages = Vec::new();
    for chunk in refs.chunks(BLOCKS_PER_PAGE) {
        let page = seal(
            FileKind::BlockPage,
            &codec::encode(&BlockPage { blocks: chunk.to_vec() }),
            plain,
        )?;
        pages.push(BlockRef { first_doc: chunk[0].first_doc, hash: page.hash() });
        files.push(page);
    }
    let dictionary = match &text.dictionary {
        Some(dict) => Some(seal(FileKind::Dictionary, dict, plain)?),
        None => None,
    };
    Ok(Blocks { files, pages, dictionary })
}

/// A block's meta and text files, named by one hash.
pub(super) fn seal_block(
    meta: &MetaBlock,
    text: &TextBlock,
    plain: &Compressor,
    with_dictionary: &Compressor,
) -> Result<[IndexFile; 2]> {
    let mut pair = [
        seal(FileKind::Meta, &codec::encode(meta), plain)?,
        seal(FileKind::Text, &codec::encode(text), with_dictionary)?,
    ];
    name_together(&mut pair);
    Ok(pair)
}

/// Trains the text dictionary on the oldest documents' bodies, up to about a hundred times
/// the dictionary's size (what zstd recommends). The oldest, because new articles are the
/// newest: adding them leaves the sample, the dictionary and so every text block as they
/// were.
fn train_dictionary(
    docs: &[DocRecord],
    numbering: &[u32],
    unpack: &impl Fn(u32) -> Result<(StoredMeta, String)>,
    max_bytes: usize,
) -> Result<Option<Vec<u8>>> {
    if max_bytes == 0 {
        return Ok(None);
    }
    let budget = max_bytes.saturating_mul(100);
    let mut samples: Vec<Vec<u8>> = Vec::new();
    let mut taken = 0usize;
    for (id, &old) in numbering.iter().enumerate() {
        if taken >= budget {
            break;
        }
        taken += docs[old as usize].text_len as usize;
        samples.push(unpack(id as u32)?.1.into_bytes());
    }
    let refs: Vec<&[u8]> = samples.iter().map(Vec::as_slice).collect();
    Ok(compress::train(&refs, max_bytes))
}

pub(super) fn stats(
    files: &[IndexFile],
    documents: u32,
    terms: usize,
    entry: &Entry,
) -> BuildStats {
    let mut stats = BuildStats {
        documents,
        terms: terms as u32,
        shards: files.iter().filter(|f| f.kind == FileKind::Terms).count() as u32,
        blocks: files.iter().filter(|f| f.kind == FileKind::Meta).count() as u32,
        facets: entry.facets.iter().map(|f| (f.name.clone(), f.values.len() as u32)).collect(),
        bytes: BTreeMap::new(),
    };
    for file in files {
        let slot = stats.bytes.entry(file.kind).or_default();
        slot.0 += 1;
        slot.1 += file.bytes.len() as u64;
    }
    stats
}

/// Checks what the format can hold before anything is built.
pub(super) fn check_limits(documents: usize, facets: &[(String, FacetValues)]) -> Result<()> {
    if documents > MAX_DOCUMENTS as usize {
        return Err(Error::Config(format!("more than {MAX_DOCUMENTS} documents")));
    }
    if facets.len() > usize::from(u16::MAX) {
        return Err(Error::Config("more than 65535 facets".into()));
    }
    Ok(())
}

/// Maps `f` over `items`, on every core when the `parallel` feature is on. Order is kept.
fn par_map<T: Send, U: Send>(items: Vec<T>, f: impl Fn(T) -> U + Sync + Send) -> Vec<U> {
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        items.into_par_iter().map(f).collect()
    }
    #[cfg(not(feature = "parallel"))]
    {
        items.into_iter().map(f).collect()
    }
}

/// An error that well-formed builder state cannot produce, reported rather than panicked.
fn internal(e: impl std::fmt::Display) -> Error {
    Error::Corrupt { file: "(index being built)".into(), reason: e.to_string() }
}
