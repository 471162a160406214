//! The one error type of the core: bad index bytes, a wrong format version, an empty corpus.

/// Everything that can go wrong in the core. Query parsing never fails (see [`crate::Query`]).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The bytes are not a Sift file of the expected kind (wrong magic number or kind tag).
    #[error("{file}: not a Sift {expected} file")]
    NotSift {
        /// Name of the file.
        file: String,
        /// The kind of file that was expected.
        expected: &'static str,
    },
    /// The file was written by another version of the index format.
    #[error(
        "{file}: index format version {found}, but this Sift reads {}; \
         rebuild the index with the matching index-builder",
        versions(*oldest, *supported)
    )]
    Version {
        /// Name of the file.
        file: String,
        /// Version found in the file.
        found: u32,
        /// Oldest version this build of Sift reads.
        oldest: u32,
        /// Version this build of Sift writes, the newest it reads.
        supported: u32,
    },
    /// The file is damaged: truncated, inconsistent, or its content does not match its name.
    #[error("{file}: damaged index file: {reason}")]
    Corrupt {
        /// Name of the file.
        file: String,
        /// What was wrong.
        reason: String,
    },
    /// A file would be larger than readers accept (see [`crate::FileKind::max_payload`]).
    #[error("a {kind} of {bytes} bytes is larger than the {limit} bytes readers accept; use smaller shards or blocks")]
    TooLarge {
        /// The kind of file.
        kind: &'static str,
        /// Its payload size.
        bytes: u64,
        /// The most readers accept.
        limit: u32,
    },
    /// An incremental build cannot keep the index sound; build it afresh.
    #[error("a full build is needed: {0}")]
    FullBuildNeeded(String),
    /// The builder was given no documents.
    #[error("the corpus is empty: no documents to index")]
    EmptyCorpus,
    /// A build setting is out of range.
    #[error("invalid build setting: {0}")]
    Config(String),
}

/// "version 3" or "versions 1 to 3", for the version message.
fn versions(oldest: u32, newest: u32) -> String {
    if oldest == newest {
        format!("version {newest}")
    } else {
        format!("versions {oldest} to {newest}")
    }
}

/// Shorthand for results of the core.
pub type Result<T, E = Error> = std::result::Result<T, E>;
