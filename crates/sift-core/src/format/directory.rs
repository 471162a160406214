//! The directory (which shard table pages, typo dictionaries and block table pages make up
//! the index), the shard table pages and the block table pages, as stored and as a reader
//! holds them.
//!
//! Terms live in **segments**: the base holds most documents and changes rarely; the tail
//! holds the newest few (and, after an incremental build, the documents changed since the
//! base was written). Adding an article rewrites the tail's small shards and leaves the
//! base's untouched, so a deploy uploads, and returning readers download, little. A query
//! reads a word's shard in every segment; a segment's `stale` documents are those whose
//! postings there are out of date (changed or deleted since), which readers skip.

use crate::docset::DocSet;

use super::codec::{Decode, Encode};
use super::columns::read_ids;
use crate::error::{Error, Result};

/// The most segments an index has; a bound on what a damaged directory can ask for.
pub(crate) const MAX_SEGMENTS: usize = 8;

/// The directory file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode)]
pub(crate) struct DirectoryFile {
    /// The segments, oldest first.
    pub(crate) segments: Vec<SegmentFile>,
    /// Numbers of deleted documents, as a set ([`super::columns::write_ids`]).
    pub(crate) deleted: Vec<u8>,
    /// The pages of the block table, ascending `first_doc`, the first 0.
    pub(crate) pages: Vec<BlockRef>,
}

/// One segment as stored.
#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode)]
pub(crate) struct SegmentFile {
    /// The pages of its shard table, ascending `first_key`, the first empty: a word reads
    /// one page, not a list of every shard (2,500 of them at 250,000 articles).
    pub(crate) pages: Vec<ShardKey>,
    /// Typo dictionaries: word length and hash.
    pub(crate) typo: Vec<(u8, u64)>,
    /// Documents whose postings in this segment are out of date, as a set.
    pub(crate) stale: Vec<u8>,
    /// The postings bytes its shards were cut at (before compression): how far a prefix
    /// may reach is counted in these.
    pub(crate) shard_bytes: u32,
}

/// The fewest and most postings bytes a shard may be cut at.
pub(crate) const SHARD_BYTES: std::ops::RangeInclusive<usize> = 1 << 10..=64 << 20;

/// A term shard holds the terms from `first_key` (inclusive) to the next shard's; its terms
/// and positions files are both named by `hash`. (A page of the shard table likewise lists
/// the shards from `first_key` on, and is named by `hash`.)
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode)]
pub(crate) struct ShardKey {
    pub(crate) first_key: Vec<u8>,
    pub(crate) hash: u64,
}

/// A page of a segment's shard table: a run of consecutive shards, ascending `first_key`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode)]
pub(crate) struct ShardPage {
    pub(crate) shards: Vec<ShardKey>,
}

/// A block (or a page of the block table) holds documents from `first_doc` to the next one's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode)]
pub(crate) struct BlockRef {
    pub(crate) first_doc: u32,
    pub(crate) hash: u64,
}

/// A page of the block table: a run of consecutive blocks. A block's metadata and text
/// files (`meta-<hash>`, `text-<hash>`) share its hash.
#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode)]
pub(crate) struct BlockPage {
    pub(crate) blocks: Vec<BlockRef>,
}

/// A segment as a reader holds it.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Segment {
    pub(crate) pages: Vec<ShardKey>,
    pub(crate) typo: Vec<(u8, u64)>,
    pub(crate) stale: DocSet,
    pub(crate) shard_bytes: usize,
}

/// The directory as a reader holds it, checked against the entry's document count.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Directory {
    pub(crate) segments: Vec<Segment>,
    pub(crate) deleted: DocSet,
    pub(crate) pages: Vec<BlockRef>,
}

impl Directory {
    /// Decodes and checks a directory of an index of `doc_count` documents.
    pub(crate) fn decode(file: &str, payload: &[u8], doc_count: u32) -> Result<Directory> {
        let stored: DirectoryFile = super::codec::decode(file, payload)?;
        let corrupt = |reason: &str| Error::Corrupt { file: file.into(), reason: reason.into() };
        if stored.segments.is_empty() || stored.segments.len() > MAX_SEGMENTS {
            return Err(corrupt("impossible number of segments"));
        }
        if !starts_at_zero_ascending(&stored.pages, doc_count) {
            return Err(corrupt("the block table is out of order"));
        }
        let mut segments = Vec::with_capacity(stored.segments.len());
        for segment in stored.segments {
            let keys_ascend = segment.pages.first().is_some_and(|s| s.first_key.is_empty())
                && ascending(&segment.pages);
            if !keys_ascend {
                return Err(corrupt("the shard table is out of order"));
            }
            let stale =
                read_ids(&segment.stale, doc_count).ok_or_else(|| corrupt("damaged stale set"))?;
            let shard_bytes = segment.shard_bytes as usize;
            if !SHARD_BYTES.contains(&shard_bytes) {
                return Err(corrupt("impossible shard size"));
            }
            let SegmentFile { pages, typo, .. } = segment;
            segments.push(Segment { pages, typo, stale, shard_bytes });
        }
        let deleted =
            read_ids(&stored.deleted, doc_count).ok_or_else(|| corrupt("damaged deleted set"))?;
        Ok(Directory { segments, deleted, pages: stored.pages })
    }

    /// The hash of the block table page listing document `doc`.
    pub(crate) fn page_of(&self, doc: u32) -> Option<u64> {
        Some(self.pages[containing(&self.pages, doc)?].hash)
    }
}

impl Segment {
    /// The hash of the shard table page whose key range holds `key`.
    pub(crate) fn page_of(&self, key: &[u8]) -> Option<u64> {
        Some(self.pages[key_of(&self.pages, key)?].hash)
    }

    /// The hashes of the shard table pages whose ranges meet the keys that start with
    /// `prefix`, in key order.
    pub(crate) fn pages_with_prefix(&self, prefix: &[u8]) -> impl Iterator<Item = u64> + '_ {
        self.pages[with_prefix(&self.pages, prefix)].iter().map(|p| p.hash)
    }
}

impl ShardPage {
    /// Decodes and checks a page of a shard table.
    pub(crate) fn decode(file: &str, payload: &[u8]) -> Result<ShardPage> {
        let page: ShardPage = super::codec::decode(file, payload)?;
        if page.shards.is_empty() || !ascending(&page.shards) {
            return Err(Error::Corrupt {
                file: file.into(),
                reason: "the shard table is out of order".into(),
            });
        }
        Ok(page)
    }

    /// The hash of the shard whose key range holds `key`, if the page covers it.
    pub(crate) fn shard_of(&self, key: &[u8]) -> Option<u64> {
        Some(self.shards[key_of(&self.shards, key)?].hash)
    }

    /// The hashes of this page's shards whose ranges meet the keys that start with `prefix`,
    /// in key order (from the page's first if `prefix` sorts before it: the prefix's range
    /// began on an earlier page).
    pub(crate) fn shards_with_prefix(&self, prefix: &[u8]) -> impl Iterator<Item = u64> + '_ {
        self.shards[with_prefix(&self.shards, prefix)].iter().map(|s| s.hash)
    }
}

/// Whether `keys` ascend strictly.
fn ascending(keys: &[ShardKey]) -> bool {
    keys.windows(2).all(|w| w[0].first_key < w[1].first_key)
}

/// The entry of `keys` (sorted by first key) whose range holds `key`.
fn key_of(keys: &[ShardKey], key: &[u8]) -> Option<usize> {
    keys.partition_point(|s| s.first_key.as_slice() <= key).checked_sub(1)
}

/// The entries of `keys` (sorted by first key) whose ranges meet the keys that start with
/// `prefix`, from the first if `prefix` sorts before them all.
fn with_prefix(keys: &[ShardKey], prefix: &[u8]) -> std::ops::Range<usize> {
    let first = key_of(keys, prefix).unwrap_or(0);
    let end = keys[first..]
        .iter()
        .position(|s| !s.first_key.starts_with(prefix) && s.first_key.as_slice() > prefix)
        .map_or(keys.len(), |n| first + n);
    first..end
}

impl BlockPage {
    /// Decodes and checks a page of an index of `doc_count` documents.
    pub(crate) fn decode(file: &str, payload: &[u8], doc_count: u32) -> Result<BlockPage> {
        let page: BlockPage = super::codec::decode(file, payload)?;
        let ascending = page.blocks.windows(2).all(|w| w[0].first_doc < w[1].first_doc);
        if page.blocks.is_empty()
            || !ascending
            || page.blocks[page.blocks.len() - 1].first_doc >= doc_count
        {
            return Err(Error::Corrupt {
                file: file.into(),
                reason: "the page is out of order".into(),
            });
        }
        Ok(page)
    }

    /// The hash of the block that holds document `doc`, if the page covers it.
    pub(crate) fn block_of(&self, doc: u32) -> Option<u64> {
        Some(self.blocks[containing(&self.blocks, doc)?].hash)
    }
}

/// Whether `refs` start at document 0 and ascend below `doc_count`.
fn starts_at_zero_ascending(refs: &[BlockRef], doc_count: u32) -> bool {
    refs.first().is_some_and(|r| r.first_doc == 0)
        && refs.windows(2).all(|w| w[0].first_doc < w[1].first_doc)
        && refs.last().is_some_and(|r| r.first_doc < doc_count)
}

/// The entry of `refs` (sorted by first document) whose range holds `doc`.
fn containing(refs: &[BlockRef], doc: u32) -> Option<usize> {
    refs.partition_point(|b| b.first_doc <= doc).checked_sub(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::codec;
    use crate::format::columns::write_ids;

    fn keys(keys: &[&str]) -> Vec<ShardKey> {
        keys.iter()
            .enumerate()
            .map(|(i, k)| ShardKey { first_key: k.as_bytes().to_vec(), hash: i as u64 })
            .collect()
    }

    fn segment(first_keys: &[&str]) -> SegmentFile {
        SegmentFile {
            pages: keys(first_keys),
            typo: Vec::new(),
            stale: write_ids([]),
            shard_bytes: 48 << 10,
        }
    }

    fn directory(segments: Vec<SegmentFile>, pages: &[u32]) -> DirectoryFile {
        DirectoryFile {
            segments,
            deleted: write_ids([3]),
            pages: pages
                .iter()
                .map(|&first_doc| BlockRef { first_doc, hash: 100 + u64::from(first_doc) })
                .collect(),
        }
    }

    #[test]
    fn keys_prefixes_and_documents_route_to_their_files() {
        let stored = directory(vec![segment(&["", "g", "hel", "help", "m"])], &[0, 15]);
        let d = Directory::decode("dir", &codec::encode(&stored), 40).unwrap();
        let s = &d.segments[0];
        assert_eq!(s.page_of(b"apple"), Some(0));
        assert_eq!(s.page_of(b"hel"), Some(2));
        assert_eq!(s.page_of(b"helsinki"), Some(3));
        assert_eq!(s.pages_with_prefix(b"hel").collect::<Vec<_>>(), [2, 3]);
        assert_eq!(s.pages_with_prefix(b"h").collect::<Vec<_>>(), [1, 2, 3]);
        assert_eq!(s.pages_with_prefix(b"x").collect::<Vec<_>>(), [4]);
        // A page after the first: a key before it is not there; a prefix's range that began
        // on an earlier page goes on from its first shard.
        let page = ShardPage { shards: keys(&["hel", "help", "m"]) };
        let page = ShardPage::decode("keys", &codec::encode(&page)).unwrap();
        assert_eq!(page.shard_of(b"apple"), None);
        assert_eq!(page.shard_of(b"helsinki"), Some(1));
        assert_eq!(page.shards_with_prefix(b"h").collect::<Vec<_>>(), [0, 1]);
        assert_eq!(page.shards_with_prefix(b"g").collect::<Vec<_>>(), Vec::<u64>::new());
        assert_eq!(d.page_of(14), Some(100));
        assert_eq!(d.page_of(15), Some(115));
        assert!(d.deleted.contains(3));
        let page = BlockPage {
            blocks: vec![BlockRef { first_doc: 15, hash: 1 }, BlockRef { first_doc: 20, hash: 2 }],
        };
        assert_eq!(page.block_of(19), Some(1));
        assert_eq!(page.block_of(20), Some(2));
        assert_eq!(page.block_of(3), None);
    }

    #[test]
    fn directories_that_contradict_the_entry_are_damaged() {
        let ok = directory(vec![segment(&["", "m"])], &[0, 15]);
        assert!(Directory::decode("dir", &codec::encode(&ok), 40).is_ok());
        let bad = [
            directory(vec![], &[0]),
            directory(vec![segment(&["", "m"]); MAX_SEGMENTS + 1], &[0]),
            directory(vec![segment(&["a", "m"])], &[0]),
            directory(vec![segment(&["", "m", "m"])], &[0]),
            directory(vec![segment(&["", "m"])], &[1]),
            directory(vec![segment(&["", "m"])], &[0, 50]),
            directory(vec![segment(&["", "m"])], &[0, 9, 9]),
            DirectoryFile { deleted: write_ids([77]), ..ok.clone() },
            directory(vec![SegmentFile { shard_bytes: 0, ..segment(&[""]) }], &[0]),
            directory(vec![SegmentFile { shard_bytes: u32::MAX, ..segment(&[""]) }], &[0]),
        ];
        for stored in bad {
            assert!(Directory::decode("dir", &codec::encode(&stored), 40).is_err(), "{stored:?}");
        }
        for shards in [keys(&[]), keys(&["m", "g"]), keys(&["g", "g"])] {
            let page = codec::encode(&ShardPage { shards });
            assert!(ShardPage::decode("keys", &page).is_err());
        }
    }
}
