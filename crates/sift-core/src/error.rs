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
        "{file}: index format version {found}, but this Sift reads versions {oldest} to {supported}; \
         rebuild the index with the matching index-builder"
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
    /// The builder was given no documents.
    #[error("the corpus is empty: no documents to index")]
    EmptyCorpus,
    /// A build setting is out of range.
    #[error("invalid build setting: {0}")]
    Config(String),
}

/// Shorthand for results of the core.
pub type Result<T, E = Error> = std::result::Result<T, E>;
