//! The small metadata files: entry, directory, facet and date columns, typo dictionaries.

use super::codec::{self, Decode, Encode};
use crate::error::Result;

/// The entry file: everything a reader needs before its first query, and nothing that
/// grows with the number of documents except the facet dictionary.
#[derive(Clone, Debug, PartialEq, Encode, Decode)]
pub(crate) struct Entry {
    pub(crate) doc_count: u32,
    /// Documents `0..undated` have no date; the rest are in ascending date order.
    pub(crate) undated: u32,
    /// Label of this index's site, shown when several indexes are searched together.
    pub(crate) site: String,
    /// Stemmer languages present, as tags (`en`, `ru`); queries are stemmed with each.
    pub(crate) languages: Vec<String>,
    /// Language tags of documents, indexed by `StoredDoc::lang`.
    pub(crate) doc_languages: Vec<String>,
    pub(crate) ranking: Ranking,
    pub(crate) avg_body_len: f32,
    pub(crate) date_min: Option<i32>,
    pub(crate) date_max: Option<i32>,
    pub(crate) directory: u64,
    pub(crate) dates: u64,
    pub(crate) facets: Vec<FacetEntry>,
    /// One typo dictionary per word length in characters.
    pub(crate) typo: Vec<(u8, u64)>,
    /// The zstd dictionary of the document blocks, if they use one.
    pub(crate) dictionary: Option<u64>,
}

/// Ranking parameters as stored (see [`crate::RankingParams`]).
#[derive(Clone, Copy, Debug, PartialEq, Encode, Decode)]
pub(crate) struct Ranking {
    pub(crate) k1: f32,
    pub(crate) b: f32,
    pub(crate) title_boost: f32,
    pub(crate) exact: f32,
    pub(crate) stem: f32,
    pub(crate) prefix: f32,
    pub(crate) typo1: f32,
    pub(crate) typo2: f32,
}

/// One facet: its values (in the order of its column) and how many documents have each.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode)]
pub(crate) struct FacetEntry {
    pub(crate) name: String,
    pub(crate) values: Vec<String>,
    pub(crate) counts: Vec<u32>,
    pub(crate) column: u64,
}

/// The directory as a reader holds it, from a file of either format version: where each
/// term shard starts, and where each document block (version 1) or each page of the block
/// table (version 2) starts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Directory {
    pub(crate) shards: Vec<ShardRef>,
    /// Version 1: every document block. Empty in version 2.
    pub(crate) blocks: Vec<BlockRef>,
    /// Version 2: the pages of the block table (a page's hash and its first document).
    pub(crate) pages: Vec<BlockRef>,
}

/// A term shard holds the terms from `first_key` (inclusive) to the next shard's.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode)]
pub(crate) struct ShardRef {
    pub(crate) first_key: Vec<u8>,
    pub(crate) terms: u64,
    pub(crate) positions: u64,
}

/// A document block (or a page of the block table) holds documents from `first_doc` to the
/// next one's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode)]
pub(crate) struct BlockRef {
    pub(crate) first_doc: u32,
    pub(crate) hash: u64,
}

/// The directory file of version 2. A shard's terms and positions files share one hash;
/// the block table is paged, so that the directory stays small at any corpus size.
#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode)]
pub(crate) struct DirectoryFile {
    pub(crate) shards: Vec<ShardKey>,
    pub(crate) pages: Vec<BlockRef>,
}

/// A term shard in a version 2 directory.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode)]
pub(crate) struct ShardKey {
    pub(crate) first_key: Vec<u8>,
    pub(crate) hash: u64,
}

/// The directory file of version 1: two hashes per shard and every block.
#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode)]
struct DirectoryFileV1 {
    shards: Vec<ShardRef>,
    blocks: Vec<BlockRef>,
}

/// A page of the block table: a run of consecutive document blocks.
#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode)]
pub(crate) struct BlockPage {
    pub(crate) blocks: Vec<BlockRef>,
}

impl BlockPage {
    /// The hash of the block that holds document `doc`, if the page covers it.
    pub(crate) fn block_of(&self, doc: u32) -> Option<u64> {
        Some(self.blocks[containing(&self.blocks, doc)?].hash)
    }
}

/// Where to find the name of a document's block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum BlockLocation {
    /// The block's hash (version 1 directories list every block).
    Block(u64),
    /// The hash of the block table page that lists the block.
    Page(u64),
}

/// The entry of `refs` (sorted by first document) whose range holds `doc`.
fn containing(refs: &[BlockRef], doc: u32) -> Option<usize> {
    refs.partition_point(|b| b.first_doc <= doc).checked_sub(1)
}

/// One facet column: a serialized roaring bitmap of documents per value.
#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode)]
pub(crate) struct FacetColumn {
    pub(crate) values: Vec<Vec<u8>>,
}

/// The date column: runs of equal dates over the dated documents, in document order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode)]
pub(crate) struct DateColumn {
    pub(crate) runs: Vec<(i32, u32)>,
}

/// A typo dictionary: an fst of the words of one length, each to `shard << 32 | df`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode)]
pub(crate) struct TypoDictionary {
    pub(crate) fst: Vec<u8>,
}

impl Directory {
    /// The shard whose key range holds `key`.
    pub(crate) fn shard_of(&self, key: &[u8]) -> Option<usize> {
        let after = self.shards.partition_point(|s| s.first_key.as_slice() <= key);
        after.checked_sub(1)
    }

    /// The shards whose ranges meet the keys that start with `prefix`.
    pub(crate) fn shards_with_prefix(&self, prefix: &[u8]) -> std::ops::Range<usize> {
        let Some(first) = self.shard_of(prefix) else { return 0..0 };
        let end = self.shards[first..]
            .iter()
            .position(|s| !s.first_key.starts_with(prefix) && s.first_key.as_slice() > prefix)
            .map_or(self.shards.len(), |n| first + n);
        first..end
    }

    /// Where the block of document `doc` is named.
    pub(crate) fn locate_block(&self, doc: u32) -> Option<BlockLocation> {
        if self.pages.is_empty() {
            Some(BlockLocation::Block(self.blocks[containing(&self.blocks, doc)?].hash))
        } else {
            Some(BlockLocation::Page(self.pages[containing(&self.pages, doc)?].hash))
        }
    }

    /// Decodes a directory file written in format `version`.
    pub(crate) fn decode(file: &str, payload: &[u8], version: u32) -> Result<Directory> {
        if version == 1 {
            let v1: DirectoryFileV1 = codec::decode(file, payload)?;
            return Ok(Directory { shards: v1.shards, blocks: v1.blocks, pages: Vec::new() });
        }
        let stored: DirectoryFile = codec::decode(file, payload)?;
        let shards = stored
            .shards
            .into_iter()
            .map(|s| ShardRef { first_key: s.first_key, terms: s.hash, positions: s.hash })
            .collect();
        Ok(Directory { shards, blocks: Vec::new(), pages: stored.pages })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir(keys: &[&str]) -> Directory {
        Directory {
            shards: keys
                .iter()
                .map(|k| ShardRef { first_key: k.as_bytes().to_vec(), terms: 0, positions: 0 })
                .collect(),
            blocks: vec![BlockRef { first_doc: 0, hash: 1 }, BlockRef { first_doc: 10, hash: 2 }],
            pages: Vec::new(),
        }
    }

    #[test]
    fn keys_and_prefixes_route_to_the_right_shards() {
        let d = dir(&["", "g", "hel", "help", "m"]);
        assert_eq!(d.shard_of(b"apple"), Some(0));
        assert_eq!(d.shard_of(b"hel"), Some(2));
        assert_eq!(d.shard_of(b"helsinki"), Some(3));
        assert_eq!(d.shards_with_prefix(b"hel"), 2..4);
        assert_eq!(d.shards_with_prefix(b"h"), 1..4);
        assert_eq!(d.shards_with_prefix(b"x"), 4..5);
        assert_eq!(d.locate_block(9), Some(BlockLocation::Block(1)));
        assert_eq!(d.locate_block(10), Some(BlockLocation::Block(2)));
    }

    #[test]
    fn paged_directories_route_documents_through_their_page() {
        let blocks = |first: u32| {
            (0..3)
                .map(|i| BlockRef { first_doc: first + 5 * i, hash: u64::from(first + i) })
                .collect()
        };
        let pages = [BlockPage { blocks: blocks(0) }, BlockPage { blocks: blocks(15) }];
        let stored = DirectoryFile {
            shards: vec![ShardKey { first_key: Vec::new(), hash: 7 }],
            pages: vec![
                BlockRef { first_doc: 0, hash: 100 },
                BlockRef { first_doc: 15, hash: 101 },
            ],
        };
        let d = Directory::decode("dir", &codec::encode(&stored), 2).unwrap();
        assert_eq!((d.shards[0].terms, d.shards[0].positions), (7, 7));
        assert_eq!(d.locate_block(14), Some(BlockLocation::Page(100)));
        assert_eq!(d.locate_block(15), Some(BlockLocation::Page(101)));
        assert_eq!(pages[0].block_of(14), Some(2));
        assert_eq!(pages[1].block_of(20), Some(16));
        assert_eq!(pages[1].block_of(3), None);
    }
}
