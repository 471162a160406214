//! `finish`: document order, shards, blocks, columns, and the sealing of every file.

use std::collections::{BTreeMap, BTreeSet};

use roaring::RoaringBitmap;

use super::{invert, BuildStats, IndexBuilder, IndexFiles};
use crate::analysis::{stem, Language};
use crate::error::{Error, Result};
use crate::format::compress::{self, Compressor};
use crate::format::docs::{DocBlock, StoredDoc};
use crate::format::entry::{
    BlockPage, BlockRef, DateColumn, DirectoryFile, Entry, FacetColumn, FacetEntry, ShardKey,
    TypoDictionary,
};
use crate::format::terms::{write_members, PositionsData, TermPostings, TermShardData};
use crate::format::{codec, name_together, seal, FileKind, IndexFile};

/// Typo dictionaries hold words of 4 characters and more (a 5-letter word within one typo
/// can be 4 long); words of this length and longer share the last dictionary.
pub(crate) const TYPO_MIN_CHARS: usize = 4;
pub(crate) const TYPO_MAX_BUCKET: usize = 24;

/// Document blocks per page of the block table. A page is about 1.5 KB; a result fetches
/// its page before its block, so the directory stays small (a 250,000-article index has
/// 16,000 blocks: listed in the directory, they made it 240 KB).
const BLOCKS_PER_PAGE: usize = 128;

pub(super) fn write(b: IndexBuilder) -> Result<IndexFiles> {
    let IndexBuilder { config, terms, term_languages, doc_languages, facets, mut docs, .. } = b;

    // Documents are numbered oldest first, undated ones before all others, and in input
    // order among equal dates: date filters become id ranges, "newest first" is descending
    // ids, and a new article appends instead of renumbering the archive.
    let mut order: Vec<u32> = (0..docs.len() as u32).collect();
    order.sort_by_key(|&i| (docs[i as usize].date, i));
    let undated = docs.iter().filter(|d| d.date.is_none()).count() as u32;

    // Memory peaks here at scale, so each stage drops what the next ones do not read: the
    // term streams after inversion, the postings once the shards are sealed, and each
    // document block as soon as it is sealed.
    let postings = invert::invert(&docs, &order, terms.len());
    docs.iter_mut().for_each(|d| d.tokens = Vec::new());
    let total_body: u64 = docs.iter().map(|d| u64::from(d.body_len)).sum();
    let avg_body_len = (total_body as f64 / docs.len() as f64) as f32;

    // Terms in byte order, cut into shards of about `shard_bytes` of postings.
    let mut sorted: Vec<u32> = (0..terms.len() as u32).collect();
    sorted
        .sort_unstable_by(|&a, &b| terms[a as usize].as_bytes().cmp(terms[b as usize].as_bytes()));
    let mut shards: Vec<Vec<u32>> = vec![Vec::new()];
    let mut size = 0;
    for &id in &sorted {
        let len = postings[id as usize].len();
        if size + len > config.shard_bytes && !shards.last().is_some_and(Vec::is_empty) {
            shards.push(Vec::new());
            size = 0;
        }
        size += len;
        shards.last_mut().expect("never empty").push(id);
    }
    let first_keys: Vec<Vec<u8>> = shards
        .iter()
        .enumerate()
        .map(|(i, s)| if i == 0 { Vec::new() } else { terms[s[0] as usize].as_bytes().to_vec() })
        .collect();
    let shard_of =
        |key: &[u8]| first_keys.partition_point(|k| k.as_slice() <= key).saturating_sub(1);
    let mut term_shard = vec![0u32; terms.len()];
    for (i, shard) in shards.iter().enumerate() {
        for &id in shard {
            term_shard[id as usize] = i as u32;
        }
    }

    // Stem groups: every term whose stem (in a language it occurs in) differs from it, or
    // that shares its stem with another term. A group lives in the shard of its stem.
    let mut groups: BTreeMap<String, BTreeSet<u32>> = BTreeMap::new();
    let mut languages = BTreeSet::new();
    for (id, &bits) in term_languages.iter().enumerate() {
        for (bit, language) in [(1, Language::English), (2, Language::Russian)] {
            if bits & bit != 0 {
                languages.insert(language);
                groups
                    .entry(stem(&terms[id], language).into_owned())
                    .or_default()
                    .insert(id as u32);
            }
        }
    }
    groups.retain(|stem, members| {
        members.len() > 1 || members.iter().any(|&m| *terms[m as usize] != **stem)
    });
    let mut shard_groups: Vec<Vec<(&str, &BTreeSet<u32>)>> = vec![Vec::new(); shards.len()];
    for (stem, members) in &groups {
        shard_groups[shard_of(stem.as_bytes())].push((stem, members));
    }

    // Only document blocks use the trained dictionary; every other file is sealed without.
    let plain = Compressor { level: config.compression_level, dictionary: None };
    let shard_files = par_map(shards.iter().zip(&shard_groups).collect(), |(ids, groups)| {
        let (terms_payload, positions_payload) = shard_payload(ids, groups, &terms, &postings)?;
        let mut pair = [
            seal(FileKind::Terms, &terms_payload, &plain),
            seal(FileKind::Positions, &positions_payload, &plain),
        ];
        name_together(&mut pair);
        Ok(pair)
    })
    .into_iter()
    .collect::<Result<Vec<[IndexFile; 2]>>>()?;

    // Typo dictionaries: alphabetic words of four letters or more, by length.
    let mut buckets: Vec<fst::MapBuilder<Vec<u8>>> = Vec::new();
    let mut bucket_lens = Vec::new();
    let mut by_len: BTreeMap<usize, Vec<u32>> = BTreeMap::new();
    for &id in &sorted {
        let term = &terms[id as usize];
        let chars = term.chars().count();
        if chars >= TYPO_MIN_CHARS && term.chars().all(char::is_alphabetic) {
            by_len.entry(chars.min(TYPO_MAX_BUCKET)).or_default().push(id);
        }
    }
    for (len, ids) in by_len {
        let mut map = fst::MapBuilder::memory();
        for id in ids {
            let value =
                (u64::from(term_shard[id as usize]) << 32) | u64::from(postings[id as usize].df());
            map.insert(terms[id as usize].as_bytes(), value).map_err(internal)?;
        }
        buckets.push(map);
        bucket_lens.push(len as u8);
    }
    let typo_payloads: Vec<Vec<u8>> = buckets
        .into_iter()
        .map(|m| m.into_inner().map(|fst| codec::encode(&TypoDictionary { fst })).map_err(internal))
        .collect::<Result<_>>()?;
    drop(postings);

    // Facets: the configured order, or by name; values by name.
    let mut facet_order: Vec<usize> = (0..facets.len()).collect();
    match &config.facets {
        Some(wanted) => facet_order.sort_by_key(|&f| wanted.iter().position(|w| *w == facets[f].0)),
        None => facet_order.sort_by(|&a, &b| facets[a].0.cmp(&facets[b].0)),
    }
    let mut new_facet = vec![0u16; facets.len()];
    let mut new_value: Vec<Vec<u32>> = Vec::new();
    for (pos, &f) in facet_order.iter().enumerate() {
        new_facet[f] = pos as u16;
    }
    for (_, values) in &facets {
        let mut by_name: Vec<u32> = (0..values.names.len() as u32).collect();
        by_name.sort_by(|&a, &b| values.names[a as usize].cmp(&values.names[b as usize]));
        let mut map = vec![0u32; by_name.len()];
        for (pos, &old) in by_name.iter().enumerate() {
            map[old as usize] = pos as u32;
        }
        new_value.push(map);
    }
    let mut columns: Vec<Vec<RoaringBitmap>> =
        facet_order.iter().map(|&f| vec![RoaringBitmap::new(); facets[f].1.names.len()]).collect();
    for (new_id, &old) in order.iter().enumerate() {
        for &(f, v) in &docs[old as usize].facets {
            columns[new_facet[f as usize] as usize][new_value[f as usize][v as usize] as usize]
                .insert(new_id as u32);
        }
    }
    let facet_payloads: Vec<Vec<u8>> = columns
        .iter()
        .map(|values| {
            let values = values
                .iter()
                .map(|bitmap| {
                    let mut bytes = Vec::with_capacity(bitmap.serialized_size());
                    bitmap.serialize_into(&mut bytes).map(|()| bytes).map_err(internal)
                })
                .collect::<Result<_>>()?;
            Ok(codec::encode(&FacetColumn { values }))
        })
        .collect::<Result<_>>()?;

    // Dates: runs of equal dates over the dated documents.
    let mut runs: Vec<(i32, u32)> = Vec::new();
    for &old in &order {
        if let Some(date) = docs[old as usize].date {
            match runs.last_mut() {
                Some((d, n)) if *d == date => *n += 1,
                _ => runs.push((date, 1)),
            }
        }
    }
    let dates_payload = codec::encode(&DateColumn { runs: runs.clone() });

    // Document blocks.
    let mut block_ranges: Vec<(u32, u32)> = Vec::new();
    let (mut start, mut bytes) = (0u32, 0usize);
    for (new_id, &old) in order.iter().enumerate() {
        let new_id = new_id as u32;
        if new_id > start
            && (bytes >= config.block_bytes || (new_id - start) as usize >= config.block_docs)
        {
            block_ranges.push((start, new_id));
            start = new_id;
            bytes = 0;
        }
        bytes += docs[old as usize].stored_len as usize;
    }
    block_ranges.push((start, order.len() as u32));
    let stored_doc = |id: u32| -> Result<StoredDoc> {
        let record = &docs[order[id as usize] as usize];
        let raw = compress::decompress(&record.stored, record.stored_len as usize, None)
            .map_err(internal)?;
        let (url, title, body): (String, String, String) = codec::decode("stored document", &raw)?;
        let mut doc_facets: Vec<(u16, Vec<u32>)> = Vec::new();
        for &(f, v) in &record.facets {
            let (f, v) = (new_facet[f as usize], new_value[f as usize][v as usize]);
            match doc_facets.iter_mut().find(|(g, _)| *g == f) {
                Some((_, values)) => values.push(v),
                None => doc_facets.push((f, vec![v])),
            }
        }
        doc_facets.sort();
        doc_facets.iter_mut().for_each(|(_, values)| values.sort_unstable());
        Ok(StoredDoc { url, title, body, date: record.date, lang: record.lang, facets: doc_facets })
    };
    let text_lens: Vec<u32> = order.iter().map(|&old| docs[old as usize].text_len).collect();
    let compressor = Compressor {
        level: config.compression_level,
        dictionary: train_dictionary(&text_lens, stored_doc, config.dictionary_bytes)?,
    };
    let block_files = par_map(block_ranges.clone(), |(from, to)| -> Result<IndexFile> {
        let docs = (from..to).map(&stored_doc).collect::<Result<Vec<_>>>()?;
        let payload = codec::encode(&DocBlock { first_doc: from, docs });
        Ok(seal(FileKind::Docs, &payload, &compressor))
    })
    .into_iter()
    .collect::<Result<Vec<_>>>()?;

    let mut small: Vec<(FileKind, Vec<u8>)> = Vec::new();
    small.extend(facet_payloads.into_iter().map(|p| (FileKind::Facet, p)));
    small.push((FileKind::Dates, dates_payload));
    small.extend(typo_payloads.into_iter().map(|p| (FileKind::Typo, p)));
    let mut sealed = par_map(small, |(kind, payload)| seal(kind, &payload, &plain)).into_iter();
    let mut take = |n: usize| -> Vec<IndexFile> { sealed.by_ref().take(n).collect() };
    let facet_files = take(columns.len());
    let dates_file = take(1).remove(0);
    let typo_files = take(bucket_lens.len());

    // The block table, in pages: a reader fetches the page of a result before its block.
    let block_refs: Vec<BlockRef> = block_files
        .iter()
        .zip(&block_ranges)
        .map(|(file, &(first_doc, _))| BlockRef { first_doc, hash: file.hash() })
        .collect();
    let page_files: Vec<IndexFile> = block_refs
        .chunks(BLOCKS_PER_PAGE)
        .map(|blocks| {
            let page = BlockPage { blocks: blocks.to_vec() };
            seal(FileKind::BlockPage, &codec::encode(&page), &plain)
        })
        .collect();
    let directory = DirectoryFile {
        shards: shard_files
            .iter()
            .zip(first_keys)
            .map(|(pair, first_key)| ShardKey { first_key, hash: pair[0].hash() })
            .collect(),
        pages: page_files
            .iter()
            .zip(block_refs.chunks(BLOCKS_PER_PAGE))
            .map(|(file, blocks)| BlockRef { first_doc: blocks[0].first_doc, hash: file.hash() })
            .collect(),
    };
    let directory_file = seal(FileKind::Directory, &codec::encode(&directory), &compressor);
    let dictionary_file =
        compressor.dictionary.as_ref().map(|dict| seal(FileKind::Dictionary, dict, &compressor));

    let entry = Entry {
        doc_count: docs.len() as u32,
        undated,
        site: config.site.clone(),
        languages: languages.iter().map(|l| l.tag().to_string()).collect(),
        doc_languages,
        ranking: config.ranking.to_stored(),
        avg_body_len,
        date_min: runs.first().map(|r| r.0),
        date_max: runs.last().map(|r| r.0),
        directory: directory_file.hash(),
        dates: dates_file.hash(),
        facets: facet_order
            .iter()
            .zip(&columns)
            .zip(&facet_files)
            .map(|((&f, column), file)| {
                let values = &facets[f].1;
                let mut names = values.names.clone();
                names.sort();
                FacetEntry {
                    name: facets[f].0.clone(),
                    values: names,
                    counts: column.iter().map(|b| b.len() as u32).collect(),
                    column: file.hash(),
                }
            })
            .collect(),
        typo: bucket_lens.iter().copied().zip(typo_files.iter().map(IndexFile::hash)).collect(),
        dictionary: dictionary_file.as_ref().map(IndexFile::hash),
    };
    let entry_file = seal(FileKind::Entry, &codec::encode(&entry), &compressor);

    let mut files: Vec<IndexFile> = shard_files.into_iter().flatten().collect();
    files.extend(block_files);
    files.extend(page_files);
    files.extend(facet_files);
    files.push(dates_file);
    files.extend(typo_files);
    files.push(directory_file);
    files.extend(dictionary_file);
    files.push(entry_file);

    let mut stats = BuildStats {
        documents: docs.len() as u32,
        terms: terms.len() as u32,
        shards: shards.len() as u32,
        blocks: block_ranges.len() as u32,
        facets: entry.facets.iter().map(|f| (f.name.clone(), f.values.len() as u32)).collect(),
        bytes: BTreeMap::new(),
    };
    for file in &files {
        let slot = stats.bytes.entry(file.kind).or_default();
        slot.0 += 1;
        slot.1 += file.bytes.len() as u64;
    }
    Ok(IndexFiles { files, stats })
}

/// Trains the block dictionary on a sample of documents spread over the whole corpus (zstd
/// recommends about a hundred times the dictionary's size). `text_lens` are the documents'
/// bytes of text, in their final order; `stored_doc` unpacks one of them.
fn train_dictionary(
    text_lens: &[u32],
    stored_doc: impl Fn(u32) -> Result<StoredDoc>,
    max_bytes: usize,
) -> Result<Option<Vec<u8>>> {
    if max_bytes == 0 {
        return Ok(None);
    }
    let total: usize = text_lens.iter().map(|&n| n as usize).sum();
    let budget = max_bytes.saturating_mul(100);
    let step = (total / budget.max(1)).max(1);
    let samples: Vec<Vec<u8>> = (0..text_lens.len() as u32)
        .step_by(step)
        .map(|id| stored_doc(id).map(|doc| codec::encode(&doc)))
        .collect::<Result<_>>()?;
    let refs: Vec<&[u8]> = samples.iter().map(Vec::as_slice).collect();
    Ok(compress::train(&refs, max_bytes))
}

/// The terms and positions payloads of one shard.
fn shard_payload(
    ids: &[u32],
    groups: &[(&str, &BTreeSet<u32>)],
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
    let mut stems = fst::MapBuilder::memory();
    for (stem, members) in groups {
        let mut names: Vec<&str> = members.iter().map(|&m| &*terms[m as usize]).collect();
        names.sort_unstable();
        stems
            .insert(stem.as_bytes(), write_members(&mut data.members, &names))
            .map_err(internal)?;
    }
    data.stems = stems.into_inner().map_err(internal)?;
    Ok((codec::encode(&data), codec::encode(&PositionsData { positions })))
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
