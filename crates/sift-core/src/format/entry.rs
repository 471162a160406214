//! The small metadata files: entry, directory, facet and date columns, typo dictionaries.

use super::codec::{Decode, Encode};

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

/// The directory: where each term shard starts, and where each document block starts.
#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode)]
pub(crate) struct Directory {
    pub(crate) shards: Vec<ShardRef>,
    pub(crate) blocks: Vec<BlockRef>,
}

/// A term shard holds the terms from `first_key` (inclusive) to the next shard's.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode)]
pub(crate) struct ShardRef {
    pub(crate) first_key: Vec<u8>,
    pub(crate) terms: u64,
    pub(crate) positions: u64,
}

/// A document block holds documents from `first_doc` to the next block's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode)]
pub(crate) struct BlockRef {
    pub(crate) first_doc: u32,
    pub(crate) hash: u64,
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

    /// The block that holds document `doc`.
    pub(crate) fn block_of(&self, doc: u32) -> Option<usize> {
        self.blocks.partition_point(|b| b.first_doc <= doc).checked_sub(1)
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
            blocks: vec![BlockRef { first_doc: 0, hash: 0 }, BlockRef { first_doc: 10, hash: 0 }],
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
        assert_eq!(d.block_of(9), Some(0));
        assert_eq!(d.block_of(10), Some(1));
    }
}
