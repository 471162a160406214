//! An update's document blocks: the blocks that hold a changed or deleted document, and the
//! last one with the added documents after it, are rewritten; the rest are kept.

use std::collections::BTreeSet;

use super::super::layout::{self, FacetOrder, BLOCKS_PER_PAGE};
use super::super::DocRecord;
use super::{corrupt, fetch, Changes, Languages, Previous};
use crate::error::Result;
use crate::format::compress::{Compressor, DictionaryDecoder};
use crate::format::directory::{BlockPage, BlockRef};
use crate::format::docs::{MetaBlock, StoredMeta, TextBlock};
use crate::format::{codec, file_name, seal, FileKind, IndexFile};

/// The blocks after an update: new files, the previous ones kept, and the block table.
pub(super) struct Blocks {
    pub(super) files: Vec<IndexFile>,
    pub(super) reused: Vec<String>,
    pub(super) pages: Vec<BlockRef>,
}

impl Blocks {
    /// Rewrites the blocks that hold a replaced or deleted document, and the last block with
    /// the added documents after it (cut as a full build cuts them), keeping the rest.
    pub(super) fn update(
        previous: &Previous,
        config: &super::super::BuildConfig,
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
