//! The index format: every file Sift writes, in one module (see `FORMAT.md`).
//!
//! Every file is a 16-byte header (magic number, format version, kind, codec, payload
//! length) followed by one zstd frame of the payload (document blocks use the index's
//! trained dictionary). Files other than the entry are named by the hash of their bytes, so
//! hosts can cache them forever.

pub(crate) mod codec;
pub(crate) mod compress;
pub(crate) mod docs;
pub(crate) mod entry;
pub(crate) mod terms;
pub(crate) mod varint;

use crate::error::{Error, Result};
use compress::{Compressor, DictionaryDecoder};

/// The format version this build writes. Bump it on any change to the bytes, and keep
/// reading the older versions (their golden indexes are in `tests/compat/`).
pub const FORMAT_VERSION: u32 = 2;

/// The oldest format version this build reads. Version 2 changed only the directory: one
/// hash per term shard, and the document block table cut into pages.
pub const OLDEST_READABLE_VERSION: u32 = 1;

/// The fixed name of the entry file; every other file is named by the entry or directory.
pub const ENTRY_FILE_NAME: &str = "entry.sift";

/// The first four bytes of every Sift file.
pub(crate) const MAGIC: [u8; 4] = *b"SIFT";
const HEADER_LEN: usize = 16;
const CODEC_ZSTD: u8 = 2;
const CODEC_ZSTD_DICTIONARY: u8 = 3;
/// No payload of a well-formed index comes near this; it bounds what a damaged header can
/// make a reader allocate.
const MAX_PAYLOAD: u32 = 256 << 20;

/// The kinds of file in an index.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FileKind {
    /// The entry: format version, document count, facet dictionary, names of the rest.
    Entry,
    /// The shard table (first term of each term shard) and the document block table.
    Directory,
    /// A term shard: an fst dictionary, postings, and stem groups.
    Terms,
    /// Word positions of one term shard, for phrases.
    Positions,
    /// A block of stored documents: titles, links, dates, tags, text for snippets.
    Docs,
    /// One facet's column: the documents of each of its values.
    Facet,
    /// The date column: how many documents share each date, in document order.
    Dates,
    /// Typo dictionary of the words of one length.
    Typo,
    /// The zstd dictionary that document blocks are compressed with.
    Dictionary,
    /// A page of the document block table: where each of a run of blocks starts.
    BlockPage,
}

impl FileKind {
    const ALL: [FileKind; 10] = [
        FileKind::Entry,
        FileKind::Directory,
        FileKind::Terms,
        FileKind::Positions,
        FileKind::Docs,
        FileKind::Facet,
        FileKind::Dates,
        FileKind::Typo,
        FileKind::Dictionary,
        FileKind::BlockPage,
    ];

    fn tag(self) -> u8 {
        match self {
            FileKind::Entry => 1,
            FileKind::Directory => 2,
            FileKind::Terms => 3,
            FileKind::Positions => 4,
            FileKind::Docs => 5,
            FileKind::Facet => 6,
            FileKind::Dates => 7,
            FileKind::Typo => 8,
            FileKind::Dictionary => 9,
            FileKind::BlockPage => 10,
        }
    }

    /// The file-name prefix of this kind (`terms` in `terms-0123456789abcdef.sift`).
    pub fn prefix(self) -> &'static str {
        match self {
            FileKind::Entry => "entry",
            FileKind::Directory => "dir",
            FileKind::Terms => "terms",
            FileKind::Positions => "pos",
            FileKind::Docs => "docs",
            FileKind::Facet => "facet",
            FileKind::Dates => "dates",
            FileKind::Typo => "typo",
            FileKind::Dictionary => "dict",
            FileKind::BlockPage => "blocks",
        }
    }

    /// What a reader calls this kind in messages.
    pub fn describe(self) -> &'static str {
        match self {
            FileKind::Entry => "index entry",
            FileKind::Directory => "directory",
            FileKind::Terms => "term shard",
            FileKind::Positions => "positions",
            FileKind::Docs => "document block",
            FileKind::Facet => "facet column",
            FileKind::Dates => "date column",
            FileKind::Typo => "typo dictionary",
            FileKind::Dictionary => "compression dictionary",
            FileKind::BlockPage => "block table page",
        }
    }

    /// The kind of a file, from its name.
    pub fn of_name(name: &str) -> Option<FileKind> {
        if name == ENTRY_FILE_NAME {
            return Some(FileKind::Entry);
        }
        let prefix = name.split('-').next()?;
        FileKind::ALL.into_iter().find(|kind| *kind != FileKind::Entry && kind.prefix() == prefix)
    }
}

/// The content-hash name of a file: `<kind>-<16 hex digits>.sift`.
pub(crate) fn file_name(kind: FileKind, hash: u64) -> String {
    format!("{}-{hash:016x}.sift", kind.prefix())
}

/// A finished file: its name and bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndexFile {
    /// The file name, relative to the index directory.
    pub name: String,
    /// What the file holds.
    pub kind: FileKind,
    /// The bytes to write.
    pub bytes: Vec<u8>,
}

impl IndexFile {
    /// The 64-bit content hash that names this file (zero for the entry).
    pub(crate) fn hash(&self) -> u64 {
        self.name
            .split(['-', '.'])
            .nth(1)
            .and_then(|hex| u64::from_str_radix(hex, 16).ok())
            .unwrap_or(0)
    }
}

/// Wraps a payload into a file: header, then the payload compressed (document blocks with
/// the compressor's dictionary, if it has one).
pub(crate) fn seal(kind: FileKind, payload: &[u8], compressor: &Compressor) -> IndexFile {
    let with_dictionary = kind == FileKind::Docs && compressor.dictionary.is_some();
    let compressed = compressor.compress(payload, with_dictionary);
    let mut bytes = Vec::with_capacity(HEADER_LEN + compressed.len());
    bytes.extend_from_slice(&MAGIC);
    bytes.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    bytes.push(kind.tag());
    bytes.push(if with_dictionary { CODEC_ZSTD_DICTIONARY } else { CODEC_ZSTD });
    bytes.extend_from_slice(&[0, 0]);
    let len =
        u32::try_from(payload.len()).expect("payloads are bounded by the shard and block sizes");
    bytes.extend_from_slice(&len.to_le_bytes());
    bytes.extend_from_slice(&compressed);
    let name = if kind == FileKind::Entry {
        ENTRY_FILE_NAME.to_string()
    } else {
        file_name(kind, hash64(&blake3::hash(&bytes)))
    };
    IndexFile { name, kind, bytes }
}

/// Names `files` by one hash of all their bytes, so that one hash in the directory names
/// them all (a term shard and its positions).
pub(crate) fn name_together(files: &mut [IndexFile]) {
    let mut hasher = blake3::Hasher::new();
    for file in files.iter() {
        hasher.update(&file.bytes);
    }
    let hash = hash64(&hasher.finalize());
    for file in files {
        file.name = file_name(file.kind, hash);
    }
}

/// The first 64 bits of a digest, which name a file.
fn hash64(digest: &blake3::Hash) -> u64 {
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest.as_bytes()[..8]);
    u64::from_be_bytes(first)
}

/// A checked file header.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Header {
    /// The format version the file was written in.
    pub(crate) version: u32,
    /// Whether the payload needs the index's compression dictionary.
    pub(crate) needs_dictionary: bool,
    len: u32,
}

/// Checks a file's magic number, version, kind and codec.
pub(crate) fn header(name: &str, expected: FileKind, bytes: &[u8]) -> Result<Header> {
    let corrupt =
        |reason: &str| Error::Corrupt { file: name.to_string(), reason: reason.to_string() };
    if bytes.len() < 8 || bytes[..4] != MAGIC {
        return Err(Error::NotSift { file: name.to_string(), expected: expected.describe() });
    }
    let version = u32::from_le_bytes([bytes[4], bytes[5], bytes[6], bytes[7]]);
    if !(OLDEST_READABLE_VERSION..=FORMAT_VERSION).contains(&version) {
        return Err(Error::Version {
            file: name.to_string(),
            found: version,
            oldest: OLDEST_READABLE_VERSION,
            supported: FORMAT_VERSION,
        });
    }
    if bytes.len() < HEADER_LEN {
        return Err(corrupt("the header is truncated"));
    }
    if bytes[8] != expected.tag() {
        return Err(Error::NotSift { file: name.to_string(), expected: expected.describe() });
    }
    let needs_dictionary = match bytes[9] {
        CODEC_ZSTD => false,
        CODEC_ZSTD_DICTIONARY => true,
        _ => return Err(corrupt("unknown compression")),
    };
    let len = u32::from_le_bytes([bytes[12], bytes[13], bytes[14], bytes[15]]);
    if len > MAX_PAYLOAD {
        return Err(corrupt("the payload length is impossible"));
    }
    Ok(Header { version, needs_dictionary, len })
}

/// The payload of a file whose header has been checked, decompressed.
pub(crate) fn payload(
    name: &str,
    header: Header,
    bytes: &[u8],
    dictionary: Option<&mut DictionaryDecoder>,
) -> Result<Vec<u8>> {
    let corrupt = |reason: String| Error::Corrupt { file: name.to_string(), reason };
    let dictionary = match (header.needs_dictionary, dictionary) {
        (true, None) => return Err(corrupt("the compression dictionary is not loaded".into())),
        (true, dictionary) => dictionary,
        (false, _) => None,
    };
    compress::decompress(&bytes[HEADER_LEN..], header.len as usize, dictionary)
        .map_err(|e| corrupt(format!("the compressed payload is damaged: {e}")))
}

/// Checks a file's header and returns its payload (for files without a dictionary).
pub(crate) fn open(name: &str, expected: FileKind, bytes: &[u8]) -> Result<Vec<u8>> {
    payload(name, header(name, expected, bytes)?, bytes, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain() -> Compressor {
        Compressor { level: 3, dictionary: None }
    }

    #[test]
    fn sealed_files_open_and_name_themselves_by_content() {
        let file = seal(FileKind::Terms, b"some payload", &plain());
        assert!(file.name.starts_with("terms-") && file.name.ends_with(".sift"), "{}", file.name);
        assert_eq!(FileKind::of_name(&file.name), Some(FileKind::Terms));
        assert_eq!(open(&file.name, FileKind::Terms, &file.bytes).unwrap(), b"some payload");
        assert_ne!(seal(FileKind::Terms, b"other payload", &plain()).name, file.name);
        assert_eq!(file_name(FileKind::Terms, file.hash()), file.name);
    }

    #[test]
    fn a_reader_refuses_other_versions_and_kinds_with_a_plain_message() {
        let mut file = seal(FileKind::Docs, b"x", &plain());
        let err = open("docs-1.sift", FileKind::Terms, &file.bytes).unwrap_err();
        assert_eq!(err.to_string(), "docs-1.sift: not a Sift term shard file");
        file.bytes[4] = 7;
        let err = open("docs-1.sift", FileKind::Docs, &file.bytes).unwrap_err();
        assert_eq!(
            err.to_string(),
            "docs-1.sift: index format version 7, but this Sift reads versions 1 to 2; \
             rebuild the index with the matching index-builder"
        );
    }

    #[test]
    fn damage_is_reported_not_panicked_on() {
        let file = seal(FileKind::Docs, &[42; 1000], &plain());
        for cut in [0, 3, 9, 15, 16, 20, file.bytes.len() - 1] {
            assert!(open("f", FileKind::Docs, &file.bytes[..cut]).is_err(), "cut at {cut}");
        }
        let mut flipped = file.bytes.clone();
        let last = flipped.len() - 2;
        flipped[last] ^= 0x55;
        assert!(open("f", FileKind::Docs, &flipped).is_err());
    }
}
