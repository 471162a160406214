//! What the builder records of its inputs: for each document number, which input record it
//! came from and what that record held, so that the next build can tell what changed and
//! reuse the rest. Searches never read these files.
//!
//! The entry names a table; the table names chunks of up to [`CHUNK_DOCS`] records, so that
//! adding an article rewrites one chunk, not the record of the whole archive. A page that a
//! site generator rendered again without changing what the index holds of it (a new
//! "latest news" aside) gets its new content hash in the table's `refreshed` list rather
//! than in its chunk, so that such pages spread over the archive do not rewrite every chunk
//! (see [`MAX_REFRESHED`]).
//!
//! These files are the builder's alone, so their layout has a number of its own
//! ([`LAYOUT`], the table's first field) instead of the format version: a builder meets
//! another layout in a previous index and builds afresh, saying so, while readers (which
//! never read these files) are not asked to change.

use super::codec::{self, Decode, Encode};
use super::directory::BlockRef;
use crate::error::{Error, Result};

/// Records per chunk.
pub(crate) const CHUNK_DOCS: usize = 4096;

/// The layout of these files. 1 (no number; the table began with the fingerprint) had no
/// document hash and no refreshed list.
pub(crate) const LAYOUT: u64 = 2;

/// The most entries the table's `refreshed` list holds: past it, they go into their chunks.
/// An entry costs about 12 bytes on every build that keeps it, a chunk about 110 KB once, so
/// a list the size of one chunk's records costs at most about what rewriting one chunk does.
pub(crate) const MAX_REFRESHED: usize = CHUNK_DOCS;

/// The table: how the index was built, and its chunks.
#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode)]
pub(crate) struct SourcesTable {
    /// [`LAYOUT`].
    pub(crate) layout: u64,
    /// The builder's fingerprint of everything but the inputs that shaped the index (its
    /// version and settings): a build with another fingerprint starts afresh.
    pub(crate) fingerprint: u64,
    /// Where the tail segment starts (the base holds documents `0..base_end`).
    pub(crate) base_end: u32,
    /// The chunks, ascending `first_doc`, the first 0.
    pub(crate) chunks: Vec<BlockRef>,
    /// Documents whose input record's content hash is newer than their chunk's (its bytes
    /// changed, what the index holds of it did not), ascending number.
    pub(crate) refreshed: Vec<Refreshed>,
}

/// A document's newer content hash (see [`SourcesTable::refreshed`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Encode, Decode)]
pub(crate) struct Refreshed {
    pub(crate) number: u32,
    pub(crate) content: u64,
}

impl SourcesTable {
    /// Decodes a table, telling a table of another [`LAYOUT`] (an older builder's) from a
    /// damaged one: the first asks for a full build, plainly.
    pub(crate) fn decode(name: &str, payload: &[u8]) -> Result<SourcesTable> {
        match codec::decode_prefix::<u64>(payload) {
            Some(LAYOUT) => codec::decode(name, payload),
            _ => Err(Error::FullBuildNeeded(format!(
                "the previous index's build record ({name}) has another layout than this \
                 index-builder's (layout {LAYOUT}): another version wrote it"
            ))),
        }
    }
}

/// A chunk: the records of documents `first_doc..first_doc + records.len()`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode)]
pub(crate) struct SourcesChunk {
    pub(crate) first_doc: u32,
    pub(crate) records: Vec<SourceRecord>,
}

/// Where a document came from: a hash of the input record's identity (its file, or its
/// id in a JSONL file) and one of its content, a hash of what the index holds of it (its
/// analysed document), and its body length in words. `key` 0 marks a deleted document.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Encode, Decode)]
pub(crate) struct SourceRecord {
    pub(crate) key: u64,
    pub(crate) content: u64,
    pub(crate) document: u64,
    pub(crate) body_words: u32,
}
