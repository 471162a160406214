//! What the builder records of its inputs: for each document number, which input record it
//! came from and what that record held, so that the next build can tell what changed and
//! reuse the rest. Searches never read these files.
//!
//! The entry names a table; the table names chunks of up to [`CHUNK_DOCS`] records, so that
//! adding an article rewrites one chunk, not the record of the whole archive.

use super::codec::{Decode, Encode};
use super::directory::BlockRef;

/// Records per chunk.
pub(crate) const CHUNK_DOCS: usize = 4096;

/// The table: how the index was built, and its chunks.
#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode)]
pub(crate) struct SourcesTable {
    /// The builder's fingerprint of everything but the inputs that shaped the index (its
    /// version and settings): a build with another fingerprint starts afresh.
    pub(crate) fingerprint: u64,
    /// Where the tail segment starts (the base holds documents `0..base_end`).
    pub(crate) base_end: u32,
    /// The chunks, ascending `first_doc`, the first 0.
    pub(crate) chunks: Vec<BlockRef>,
}

/// A chunk: the records of documents `first_doc..first_doc + records.len()`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode)]
pub(crate) struct SourcesChunk {
    pub(crate) first_doc: u32,
    pub(crate) records: Vec<SourceRecord>,
}

/// Where a document came from: a hash of the input record's identity (its file, or its
/// id in a JSONL file) and one of its content, and its body length in words. `key` 0 marks
/// a deleted document.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Encode, Decode)]
pub(crate) struct SourceRecord {
    pub(crate) key: u64,
    pub(crate) content: u64,
    pub(crate) body_words: u32,
}
