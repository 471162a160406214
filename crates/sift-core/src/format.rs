//! The index format: every file Sift writes, in one module (see `FORMAT.md`).
//!
//! Every file is a 16-byte header (magic number, format version, kind, codec, payload
//! length) followed by one zstd frame of the payload (document blocks use the index's
//! trained dictionary). Files other than the entry are named by the hash of their bytes, so
//! hosts can cache them forever.

pub(crate) mod codec;
pub(crate) mod columns;
pub(crate) mod compress;
pub(crate) mod directory;
pub(crate) mod docs;
pub(crate) mod entry;
pub(crate) mod sources;
pub(crate) mod terms;
pub(crate) mod typo;
pub(crate) mod varint;

use crate::error::{Error, Result};
use compress::{Compressor, DictionaryDecoder};

/// The format version this build writes. Bump it on any change to the bytes; the golden
/// index of every version is in `tests/compat/`.
pub const FORMAT_VERSION: u32 = 5;

/// The oldest format version this build reads. Version 3 split documents into what a result
/// shows first and the text snippets are cut from, added segments (small deploys) and
/// transliteration keys: no reader of it could share code with one of version 2, and the
/// widget ships beside its index (`index-builder build` writes both), so older indexes are
/// refused with a message that says to rebuild them. Version 4 records the size each
/// segment's term shards were cut at; version 5 lists them in pages of the shard table.
pub const OLDEST_READABLE_VERSION: u32 = 5;

/// The most documents (numbers, deleted ones included) an index may hold: a bound on what
/// a damaged count can make a reader allocate, far beyond any news archive.
pub const MAX_DOCUMENTS: u32 = 1 << 24;

/// The fixed name of the entry file; every other file is named by the entry or directory.
pub const ENTRY_FILE_NAME: &str = "entry.sift";

/// The first four bytes of every Sift file.
pub(crate) const MAGIC: [u8; 4] = *b"SIFT";
const HEADER_LEN: usize = 16;
const CODEC_ZSTD: u8 = 2;
const CODEC_ZSTD_DICTIONARY: u8 = 3;

/// The kinds of file in an index.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FileKind {
    /// The entry: format version, document count, facet dictionary, names of the rest.
    Entry,
    /// The segments (pages of each one's shard table, typo dictionaries) and the pages of
    /// the document block table.
    Directory,
    /// A term shard: an fst dictionary, postings, and stem groups.
    Terms,
    /// Word positions of one term shard, for phrases.
    Positions,
    /// The text of a block of documents, for snippets.
    Text,
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
    /// What a result shows first of a block of documents: link, title, date, tags.
    Meta,
    /// What the builder remembers of its inputs, for the next incremental build (never read
    /// by a search).
    Sources,
    /// A page of a segment's shard table: the first term and name of each of a run of term
    /// shards.
    ShardPage,
}

impl FileKind {
    /// Every kind, in the order of their tags.
    pub(crate) const ALL: [FileKind; 13] = [
        FileKind::Entry,
        FileKind::Directory,
        FileKind::Terms,
        FileKind::Positions,
        FileKind::Text,
        FileKind::Facet,
        FileKind::Dates,
        FileKind::Typo,
        FileKind::Dictionary,
        FileKind::BlockPage,
        FileKind::Meta,
        FileKind::Sources,
        FileKind::ShardPage,
    ];

    fn tag(self) -> u8 {
        match self {
            FileKind::Entry => 1,
            FileKind::Directory => 2,
            FileKind::Terms => 3,
            FileKind::Positions => 4,
            FileKind::Text => 5,
            FileKind::Facet => 6,
            FileKind::Dates => 7,
            FileKind::Typo => 8,
            FileKind::Dictionary => 9,
            FileKind::BlockPage => 10,
            FileKind::Meta => 11,
            FileKind::Sources => 12,
            FileKind::ShardPage => 13,
        }
    }

    /// The largest payload a reader accepts in a file of this kind, and a builder writes.
    /// Generous for any archive (a term shard holds about 48 KiB of postings, a block 40 KiB of
    /// text), these bound what a damaged header can make a reader allocate.
    pub fn max_payload(self) -> u32 {
        match self {
            FileKind::Terms
            | FileKind::Positions
            | FileKind::Text
            | FileKind::Facet
            | FileKind::Typo
            | FileKind::Sources => 64 << 20,
            FileKind::Entry | FileKind::Directory | FileKind::Meta | FileKind::Dates => 16 << 20,
            FileKind::Dictionary | FileKind::BlockPage | FileKind::ShardPage => 1 << 20,
        }
    }

    /// The file-name prefix of this kind (`terms` in `terms-0123456789abcdef.sift`).
    pub fn prefix(self) -> &'static str {
        match self {
            FileKind::Entry => "entry",
            FileKind::Directory => "dir",
            FileKind::Terms => "terms",
            FileKind::Positions => "pos",
            FileKind::Text => "text",
            FileKind::Facet => "facet",
            FileKind::Dates => "dates",
            FileKind::Typo => "typo",
            FileKind::Dictionary => "dict",
            FileKind::BlockPage => "blocks",
            FileKind::Meta => "meta",
            FileKind::Sources => "sources",
            FileKind::ShardPage => "keys",
        }
    }

    /// What a reader calls this kind in messages.
    pub fn describe(self) -> &'static str {
        match self {
            FileKind::Entry => "index entry",
            FileKind::Directory => "directory",
            FileKind::Terms => "term shard",
            FileKind::Positions => "positions",
            FileKind::Text => "document text block",
            FileKind::Facet => "facet column",
            FileKind::Dates => "date column",
            FileKind::Typo => "typo dictionary",
            FileKind::Dictionary => "compression dictionary",
            FileKind::BlockPage => "block table page",
            FileKind::Meta => "document block",
            FileKind::Sources => "build record",
            FileKind::ShardPage => "shard table page",
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

/// Wraps a payload into a file: header, then the payload compressed (text blocks with the
/// compressor's dictionary, if it has one). A payload larger than readers accept is an
/// error: the build must fail rather than write an index no reader opens.
pub(crate) fn seal(kind: FileKind, payload: &[u8], compressor: &Compressor) -> Result<IndexFile> {
    let len = u32::try_from(payload.len()).ok().filter(|&len| len <= kind.max_payload()).ok_or(
        Error::TooLarge {
            kind: kind.describe(),
            bytes: payload.len() as u64,
            limit: kind.max_payload(),
        },
    )?;
    let with_dictionary = kind == FileKind::Text && compressor.dictionary.is_some();
    let compressed = compressor.compress(payload, with_dictionary);
    let mut bytes = Vec::with_capacity(HEADER_LEN + compressed.len());
    bytes.extend_from_slice(&MAGIC);
    bytes.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    bytes.push(kind.tag());
    bytes.push(if with_dictionary { CODEC_ZSTD_DICTIONARY } else { CODEC_ZSTD });
    bytes.extend_from_slice(&[0, 0]);
    bytes.extend_from_slice(&len.to_le_bytes());
    bytes.extend_from_slice(&compressed);
    let name = if kind == FileKind::Entry {
        ENTRY_FILE_NAME.to_string()
    } else {
        file_name(kind, hash64(&blake3::hash(&bytes)))
    };
    Ok(IndexFile { name, kind, bytes })
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
    if len > expected.max_payload() {
        return Err(corrupt("the payload length is larger than any index has"));
    }
    Ok(Header { needs_dictionary, len })
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
        let file = seal(FileKind::Terms, b"some payload", &plain()).unwrap();
        assert!(file.name.starts_with("terms-") && file.name.ends_with(".sift"), "{}", file.name);
        assert_eq!(FileKind::of_name(&file.name), Some(FileKind::Terms));
        assert_eq!(open(&file.name, FileKind::Terms, &file.bytes).unwrap(), b"some payload");
        assert_ne!(seal(FileKind::Terms, b"other payload", &plain()).unwrap().name, file.name);
        assert_eq!(file_name(FileKind::Terms, file.hash()), file.name);
    }

    #[test]
    fn a_reader_refuses_other_versions_and_kinds_with_a_plain_message() {
        let mut file = seal(FileKind::Meta, b"x", &plain()).unwrap();
        let err = open("meta-1.sift", FileKind::Terms, &file.bytes).unwrap_err();
        assert_eq!(err.to_string(), "meta-1.sift: not a Sift term shard file");
        file.bytes[4] = 2;
        let err = open("meta-1.sift", FileKind::Meta, &file.bytes).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "meta-1.sift: index format version 2, but this Sift reads version \
                 {FORMAT_VERSION}; rebuild the index with the matching index-builder"
            )
        );
    }

    #[test]
    fn damage_is_reported_not_panicked_on() {
        let file = seal(FileKind::Text, &[42; 1000], &plain()).unwrap();
        for cut in [0, 3, 9, 15, 16, 20, file.bytes.len() - 1] {
            assert!(open("f", FileKind::Text, &file.bytes[..cut]).is_err(), "cut at {cut}");
        }
        let mut flipped = file.bytes.clone();
        let last = flipped.len() - 2;
        flipped[last] ^= 0x55;
        assert!(open("f", FileKind::Text, &flipped).is_err());
    }

    #[test]
    fn payloads_beyond_what_readers_accept_are_refused_on_both_sides() {
        let big = vec![0u8; FileKind::BlockPage.max_payload() as usize + 1];
        let err = seal(FileKind::BlockPage, &big, &plain()).unwrap_err();
        assert!(err.to_string().contains("block table page"), "{err}");
        // A header claiming more than the kind allows is damage, before anything is allocated.
        let mut file = seal(FileKind::BlockPage, b"x", &plain()).unwrap();
        file.bytes[12..16].copy_from_slice(&(2u32 << 20).to_le_bytes());
        let err = open("blocks-1.sift", FileKind::BlockPage, &file.bytes).unwrap_err();
        assert!(err.to_string().contains("larger than any index has"), "{err}");
    }
}
