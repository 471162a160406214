//! The seed corpus of the fuzz targets (`fuzz/seeds/<target>/`): a valid file of every kind
//! from the sample index, and a crafted one for every bound a reader enforces, each with the
//! error it must give. `UPDATE_EXPECT=1 cargo test -p sift-core --features zstd seeds`
//! writes them; the tests check that the committed files are these bytes and that each
//! gives its error (the fuzz step of `cargo xtask test` then runs them all under libFuzzer's
//! allocation limit).

use crate::format::codec::{self, Encode};
use crate::format::columns::{DateColumn, FacetColumn};
use crate::format::compress::DictionaryDecoder;
use crate::format::directory::{BlockPage, BlockRef, DirectoryFile, ShardPage};
use crate::format::entry::Entry;
use crate::format::sources::{SourcesChunk, SourcesTable};
use crate::format::terms::TermShardData;
use crate::format::typo::TypoDictionary;
use crate::format::{header, payload, varint, FileKind, IndexFile, MAX_DOCUMENTS};

use super::{pick, KINDS};

/// One input of a fuzz target.
#[derive(Clone, Debug)]
pub struct Seed {
    /// The target it is for (`file_bytes`, `payloads`, `update`, `query`).
    pub target: &'static str,
    /// Its file name in `fuzz/seeds/<target>/`.
    pub name: String,
    /// The input.
    pub bytes: Vec<u8>,
    /// What the target must answer.
    pub expect: Expect,
}

/// What a target answers to a seed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expect {
    /// No error.
    Ok,
    /// An error whose message holds this text.
    Error(&'static str),
}

/// Every seed of every target.
pub fn all() -> Vec<Seed> {
    let mut seeds = Vec::new();
    seeds.extend(valid());
    seeds.extend(headers());
    seeds.extend(length_prefixes());
    seeds.extend(sets());
    seeds.extend(entries());
    seeds.extend(directories());
    seeds.extend(dates());
    seeds.extend(term_shards());
    seeds.extend(fsts());
    seeds.extend(sources());
    seeds.extend(queries());
    seeds
}

const FILE_BYTES: &str = "file_bytes";
const PAYLOADS: &str = "payloads";
const UPDATE: &str = "update";
const QUERY: &str = "query";

fn seed(target: &'static str, name: impl Into<String>, bytes: Vec<u8>, expect: Expect) -> Seed {
    Seed { target, name: name.into(), bytes, expect }
}

/// The number of `kind` in [`KINDS`], a fuzz input's first byte.
fn tag(kind: FileKind) -> u8 {
    KINDS.iter().position(|&k| k == kind).expect("every kind is listed") as u8
}

/// A `payloads` or `update` input: `payload` in place of the `which`th file of `kind`.
fn forged(kind: FileKind, which: u8, payload: &[u8]) -> Vec<u8> {
    let mut bytes = vec![tag(kind), which];
    bytes.extend_from_slice(payload);
    bytes
}

/// The same forged payload for the searches, if they read files of its kind (not the
/// sources), and for the update, if it reads them (it reuses term shards, positions and
/// typo dictionaries unread).
fn both(name: &str, kind: FileKind, which: u8, payload: &[u8], expect: Expect) -> Vec<Seed> {
    let mut seeds = Vec::new();
    if kind != FileKind::Sources {
        seeds.push(seed(PAYLOADS, name, forged(kind, which, payload), expect));
    }
    if !matches!(kind, FileKind::Terms | FileKind::Positions | FileKind::Typo) {
        seeds.push(seed(UPDATE, name, forged(kind, which, payload), expect));
    }
    seeds
}

/// The number of the sample's last shard table page among its kind: the base segment's,
/// which the builder writes after the tail's, and the update reads (it writes the tail anew).
fn base_page() -> u8 {
    let pages = super::sample().files.iter().filter(|f| f.kind == FileKind::ShardPage).count();
    (pages - 1) as u8
}

/// The decompressed payload of a sample file.
fn payload_of(file: &IndexFile) -> Vec<u8> {
    let checked = header(&file.name, file.kind, &file.bytes).expect("a sample file");
    let mut dictionary = checked.needs_dictionary.then(|| {
        let dict = pick(tag(FileKind::Dictionary), 0).expect("the sample has a dictionary");
        DictionaryDecoder::parse(&payload_of(dict)).expect("the sample's dictionary parses")
    });
    payload(&file.name, checked, &file.bytes, dictionary.as_mut()).expect("a sample payload")
}

/// The decoded `which`th file of `kind` of the sample.
fn decoded<T: codec::Decode<()>>(kind: FileKind, which: u8) -> T {
    let file = pick(tag(kind), which).expect("the sample has the kind");
    codec::decode(&file.name, &payload_of(file)).expect("a sample file decodes")
}

fn encoded<T: Encode>(value: &T) -> Vec<u8> {
    codec::encode(value)
}

/// A valid file of every kind, whole and as a payload, and every file of the update path.
fn valid() -> Vec<Seed> {
    let mut seeds = Vec::new();
    for kind in KINDS {
        let Some(file) = pick(tag(kind), 0) else { continue };
        let name = format!("valid-{}", kind.prefix());
        if kind != FileKind::Sources {
            let mut bytes = vec![tag(kind)];
            bytes.extend_from_slice(&file.bytes);
            seeds.push(seed(FILE_BYTES, &name, bytes, Expect::Ok));
        }
        seeds.extend(both(&name, kind, 0, &payload_of(file), Expect::Ok));
    }
    // The sources' chunk, after its table.
    let chunk = pick(tag(FileKind::Sources), 1).expect("the sample has a sources chunk");
    seeds.push(seed(
        UPDATE,
        "valid-sources-chunk",
        forged(FileKind::Sources, 1, &payload_of(chunk)),
        Expect::Ok,
    ));
    seeds
}

/// The 16-byte header of a `kind` file whose payload length field says `len`.
fn header_claiming(kind: FileKind, len: u32) -> Vec<u8> {
    let mut bytes = super::seal(kind, b"");
    bytes[12..16].copy_from_slice(&len.to_le_bytes());
    bytes
}

/// Headers that claim more than a kind allows, and a dictionary that claims to need itself.
fn headers() -> Vec<Seed> {
    let mut seeds = Vec::new();
    for kind in [FileKind::Entry, FileKind::Terms, FileKind::Meta, FileKind::BlockPage] {
        let mut bytes = vec![tag(kind)];
        bytes.extend(header_claiming(kind, kind.max_payload() + 1));
        let name = format!("header-over-limit-{}", kind.prefix());
        seeds.push(seed(FILE_BYTES, name, bytes, Expect::Error("larger than any index has")));
    }
    // Exactly the limit, from a few bytes: allowed to allocate, then refused.
    let mut bytes = vec![tag(FileKind::Terms)];
    bytes.extend(header_claiming(FileKind::Terms, FileKind::Terms.max_payload()));
    bytes.extend_from_slice(&super::seal(FileKind::Terms, b"x")[16..]);
    seeds.push(seed(
        FILE_BYTES,
        "header-claims-the-limit-terms",
        bytes,
        Expect::Error("the compressed payload is damaged"),
    ));
    // A dictionary whose codec says it is compressed with the dictionary: it must not wait
    // for (or recurse into) itself.
    let mut bytes = vec![tag(FileKind::Dictionary)];
    bytes.extend(header_claiming(FileKind::Dictionary, 0));
    bytes[10] = 3;
    bytes.push(0x19);
    seeds.push(seed(
        FILE_BYTES,
        "dictionary-compressed-with-a-dictionary",
        bytes,
        Expect::Error("only text blocks are compressed with the dictionary"),
    ));
    seeds
}

/// A bincode length prefix of `len` (a varint).
fn prefix(len: u64) -> Vec<u8> {
    encoded(&len)
}

/// bincode length prefixes claiming gigabytes (and one claiming just under the cap), at the
/// first container of every kind.
fn length_prefixes() -> Vec<Seed> {
    let mut seeds = Vec::new();
    let gigabytes = prefix(4 << 30);
    // What comes before each kind's first container: the fixed fields, all zero.
    let kinds: [(FileKind, usize); 12] = [
        (FileKind::Entry, 3),
        (FileKind::Directory, 0),
        (FileKind::Terms, 0),
        (FileKind::Positions, 0),
        (FileKind::Text, 1),
        (FileKind::Facet, 0),
        (FileKind::Dates, 0),
        (FileKind::Typo, 0),
        (FileKind::BlockPage, 0),
        (FileKind::ShardPage, 0),
        (FileKind::Meta, 1),
        (FileKind::Sources, 3),
    ];
    for (kind, fixed) in kinds {
        let which = if kind == FileKind::ShardPage { base_page() } else { 0 };
        let mut payload = vec![0; fixed];
        if kind == FileKind::Sources {
            // The table's layout number comes first: any other is refused before decoding.
            payload[0] = crate::format::sources::LAYOUT as u8;
        }
        payload.extend_from_slice(&gigabytes);
        let name = format!("bincode-prefix-claims-4-gib-{}", kind.prefix());
        let expect = Expect::Error("the payload does not decode");
        seeds.extend(both(&name, kind, which, &payload, expect));
    }
    // 90 MiB, under bincode's cap of 96: it may be allocated, and then the bytes run out.
    let mut payload = prefix(90 << 20);
    payload.extend_from_slice(b"short");
    seeds.extend(both(
        "bincode-prefix-claims-90-mib-terms",
        FileKind::Terms,
        0,
        &payload,
        Expect::Error("the payload does not decode"),
    ));
    seeds
}

/// A set of `runs` given as (gap, length) pairs.
fn runs(pairs: &[(u64, u64)]) -> Vec<u8> {
    let mut out = Vec::new();
    varint::write(&mut out, pairs.len() as u64);
    for &(gap, len) in pairs {
        varint::write(&mut out, gap);
        varint::write(&mut out, len - 1);
    }
    out
}

/// Sets (runs of document numbers) claiming ten million documents, numbers past the
/// document count, or more runs than their bytes hold: in a facet column and in the
/// directory's deleted and stale sets.
fn sets() -> Vec<Seed> {
    let n = u64::from(decoded::<Entry>(FileKind::Entry, 0).doc_numbers);
    let ten_million = runs(&[(0, 10_000_000)]);
    let past_the_end = runs(&[(n, 1)]);
    let mut many_runs = Vec::new();
    varint::write(&mut many_runs, 10_000_000);
    many_runs.extend_from_slice(&[0, 0, 0, 0]);
    let mut seeds = Vec::new();
    for (what, set) in
        [("ten-million", &ten_million), ("past-the-end", &past_the_end), ("many-runs", &many_runs)]
    {
        let mut column: FacetColumn = decoded(FileKind::Facet, 0);
        column.values[0] = set.clone();
        seeds.extend(both(
            &format!("set-{what}-facet"),
            FileKind::Facet,
            0,
            &encoded(&column),
            Expect::Error("damaged"),
        ));
        let mut directory: DirectoryFile = decoded(FileKind::Directory, 0);
        directory.deleted = set.clone();
        seeds.extend(both(
            &format!("set-{what}-deleted"),
            FileKind::Directory,
            0,
            &encoded(&directory),
            Expect::Error("damaged deleted set"),
        ));
        let mut directory: DirectoryFile = decoded(FileKind::Directory, 0);
        directory.segments[0].stale = set.clone();
        seeds.extend(both(
            &format!("set-{what}-stale"),
            FileKind::Directory,
            0,
            &encoded(&directory),
            Expect::Error("damaged stale set"),
        ));
    }
    seeds
}

/// A seed's name, how it damages a decoded file, and the error that must follow.
type Damage<T> = (&'static str, fn(&mut T), &'static str);

/// Entries whose counts exceed what any index holds or contradict each other.
fn entries() -> Vec<Seed> {
    let cases: [Damage<Entry>; 6] = [
        (
            "doc-numbers-over-max",
            |e| e.doc_numbers = MAX_DOCUMENTS + 1,
            "more documents than any index holds",
        ),
        ("live-count-over-doc-numbers", |e| e.live_count = e.doc_numbers + 1, "contradict"),
        ("undated-over-doc-numbers", |e| e.undated = e.doc_numbers + 1, "contradict"),
        (
            "facet-counts-longer-than-values",
            |e| e.facets[0].counts.push(1),
            "a facet's values, counts and labels differ",
        ),
        ("facet-count-over-live-count", |e| e.facets[0].counts[0] = e.live_count + 1, "differ"),
        ("date-range-reversed", |e| e.date_min = e.date_max.map(|d| d + 1), "reversed"),
    ];
    let mut seeds = Vec::new();
    for (name, damage, reason) in cases {
        let mut entry: Entry = decoded(FileKind::Entry, 0);
        damage(&mut entry);
        seeds.extend(both(
            &format!("entry-{name}"),
            FileKind::Entry,
            0,
            &encoded(&entry),
            Expect::Error(reason),
        ));
    }
    // As many documents as an index may hold, claimed by an entry whose other files are of
    // a small index: the date column no longer adds up, and nothing may be allocated for
    // the documents the entry claims before that is found.
    let mut entry: Entry = decoded(FileKind::Entry, 0);
    entry.doc_numbers = MAX_DOCUMENTS;
    seeds.extend(both(
        "entry-claims-max-documents",
        FileKind::Entry,
        0,
        &encoded(&entry),
        Expect::Error("do not match"),
    ));
    seeds
}

/// Directories with too many segments, shard tables or block tables out of order, or shards
/// cut at no size (which would make a prefix's reach divide by zero).
fn directories() -> Vec<Seed> {
    let cases: [Damage<DirectoryFile>; 6] = [
        ("no-segments", |d| d.segments.clear(), "impossible number of segments"),
        (
            "too-many-segments",
            |d| d.segments = vec![d.segments[0].clone(); 9],
            "impossible number of segments",
        ),
        (
            "shard-pages-out-of-order",
            |d| {
                let pages = &mut d.segments[0].pages;
                pages.push(pages[0].clone());
            },
            "the shard table is out of order",
        ),
        (
            "first-shard-page-not-from-the-start",
            |d| d.segments[0].pages[0].first_key = b"a".to_vec(),
            "the shard table is out of order",
        ),
        (
            "pages-out-of-order",
            |d| d.pages.push(BlockRef { first_doc: 0, hash: 1 }),
            "the block table is out of order",
        ),
        ("shards-of-no-size", |d| d.segments[0].shard_bytes = 0, "impossible shard size"),
    ];
    let mut seeds = Vec::new();
    for (name, damage, reason) in cases {
        let mut directory: DirectoryFile = decoded(FileKind::Directory, 0);
        damage(&mut directory);
        seeds.extend(both(
            &format!("directory-{name}"),
            FileKind::Directory,
            0,
            &encoded(&directory),
            Expect::Error(reason),
        ));
    }
    // A page of the block table with no blocks, and one whose blocks go backwards.
    for (name, page) in [
        ("empty", BlockPage { blocks: Vec::new() }),
        ("backwards", {
            let mut page: BlockPage = decoded(FileKind::BlockPage, 0);
            page.blocks.reverse();
            page
        }),
    ] {
        seeds.extend(both(
            &format!("block-page-{name}"),
            FileKind::BlockPage,
            0,
            &encoded(&page),
            Expect::Error("the page is out of order"),
        ));
    }
    // A page of a shard table with no shards, and one whose keys go backwards.
    for (name, page) in [
        ("empty", ShardPage { shards: Vec::new() }),
        ("backwards", {
            let mut page: ShardPage = decoded(FileKind::ShardPage, base_page());
            page.shards.reverse();
            page
        }),
    ] {
        seeds.extend(both(
            &format!("shard-page-{name}"),
            FileKind::ShardPage,
            base_page(),
            &encoded(&page),
            Expect::Error("the shard table is out of order"),
        ));
    }
    seeds
}

/// Date columns whose counts do not add up to the dated documents, or whose dates go
/// backwards.
fn dates() -> Vec<Seed> {
    const REASON: &str = "the dates do not match the dated documents";
    let cases: [Damage<DateColumn>; 3] = [
        ("count-too-high", |c| c.runs[0].1 += 1, REASON),
        ("counts-overflow", |c| c.runs[0].1 = u32::MAX, REASON),
        ("dates-backwards", |c| c.runs.swap(0, 1), REASON),
    ];
    let mut seeds = Vec::new();
    for (name, damage, reason) in cases {
        let mut column: DateColumn = decoded(FileKind::Dates, 0);
        damage(&mut column);
        seeds.extend(both(
            &format!("dates-{name}"),
            FileKind::Dates,
            0,
            &encoded(&column),
            Expect::Error(reason),
        ));
    }
    seeds
}

/// An fst map of `keys` (ascending) to `value`.
fn fst_of(keys: &[&str], value: u64) -> Vec<u8> {
    let mut map = fst::MapBuilder::memory();
    for key in keys {
        map.insert(key, value).expect("keys ascend");
    }
    map.into_inner().expect("an fst in memory")
}

/// Term shards whose postings claim more documents than their bytes hold, and whose stem
/// and transliteration groups claim more members than theirs.
fn term_shards() -> Vec<Seed> {
    let empty = fst_of(&[], 0);
    let mut huge_df = Vec::new();
    varint::write(&mut huge_df, 1_000_000_000);
    varint::write(&mut huge_df, 0);
    huge_df.extend_from_slice(&[1, 4, 1, 4]);
    let postings = TermShardData {
        terms: fst_of(&["helsinki"], 0),
        postings: huge_df,
        stems: empty.clone(),
        translit: empty.clone(),
        groups: Vec::new(),
    };
    let huge_group = vec![0xff, 0xff, 0xff, 0xff, 0x07, 1, b'x'];
    let stems = TermShardData {
        terms: empty.clone(),
        postings: Vec::new(),
        stems: fst_of(&["helsinki"], 0),
        translit: empty.clone(),
        groups: huge_group.clone(),
    };
    let translit = TermShardData {
        terms: empty.clone(),
        postings: Vec::new(),
        stems: empty,
        translit: fst_of(&["zhovtis"], 0),
        groups: huge_group,
    };
    let mut seeds = Vec::new();
    for (name, shard, reason) in [
        ("postings-df-exceeds-bytes", postings, "damaged postings"),
        ("stem-group-count-exceeds-bytes", stems, "damaged group"),
        ("translit-group-count-exceeds-bytes", translit, "damaged group"),
    ] {
        seeds.push(seed(
            PAYLOADS,
            format!("terms-{name}"),
            forged(FileKind::Terms, 0, &encoded(&shard)),
            Expect::Error(reason),
        ));
    }
    seeds
}

/// `fst` with the byte at `at` (a share of its length, before the footer) inverted.
fn damage(fst: &[u8], at: f64) -> Vec<u8> {
    let mut bytes = fst.to_vec();
    let body = bytes.len().saturating_sub(36);
    let i = ((body as f64) * at) as usize;
    bytes[i] ^= 0xff;
    bytes
}

/// fst dictionaries damaged inside (their footers intact), in a term shard and in a typo
/// dictionary.
fn fsts() -> Vec<Seed> {
    let mut seeds = Vec::new();
    for at in [0.25, 0.5, 0.75] {
        let percent = (at * 100.0) as u32;
        let mut shard: TermShardData = decoded(FileKind::Terms, 0);
        shard.terms = damage(&shard.terms, at);
        seeds.push(seed(
            PAYLOADS,
            format!("fst-damaged-at-{percent}-terms"),
            forged(FileKind::Terms, 0, &encoded(&shard)),
            Expect::Error("damaged fst"),
        ));
        let mut typo: TypoDictionary = decoded(FileKind::Typo, 0);
        typo.fst = damage(&typo.fst, at);
        seeds.push(seed(
            PAYLOADS,
            format!("fst-damaged-at-{percent}-typo"),
            forged(FileKind::Typo, 0, &encoded(&typo)),
            Expect::Error("the typo dictionary is damaged"),
        ));
    }
    seeds
}

/// What an update reads of the sources: records that do not match the documents, a table
/// that names one chunk a thousand times or refreshes a document there is not, a record
/// claiming more body words than the whole index has.
fn sources() -> Vec<Seed> {
    let table: SourcesTable = decoded(FileKind::Sources, 0);
    let chunk: SourcesChunk = decoded(FileKind::Sources, 1);
    let mut seeds = Vec::new();
    let mut short = chunk.clone();
    short.records.pop();
    seeds.push(seed(
        UPDATE,
        "sources-chunk-short",
        forged(FileKind::Sources, 1, &encoded(&short)),
        Expect::Error("the sources do not match the documents"),
    ));
    let repeated = SourcesTable { chunks: vec![table.chunks[0]; 1_000], ..table.clone() };
    seeds.push(seed(
        UPDATE,
        "sources-table-repeats-a-chunk",
        forged(FileKind::Sources, 0, &encoded(&repeated)),
        Expect::Error("the sources do not match the documents"),
    ));
    let refreshed = crate::format::sources::Refreshed { number: u32::MAX, content: 1 };
    let beyond = SourcesTable { refreshed: vec![refreshed], ..table.clone() };
    seeds.push(seed(
        UPDATE,
        "sources-table-refreshes-no-document",
        forged(FileKind::Sources, 0, &encoded(&beyond)),
        Expect::Error("the sources do not match the documents"),
    ));
    let past = SourcesTable { base_end: u32::MAX, ..table };
    seeds.push(seed(
        UPDATE,
        "sources-table-base-past-the-end",
        forged(FileKind::Sources, 0, &encoded(&past)),
        Expect::Error("the sources do not match the documents"),
    ));
    let mut words = chunk;
    for record in &mut words.records {
        record.body_words = u32::MAX;
    }
    seeds.push(seed(
        UPDATE,
        "sources-body-words-over-the-total",
        forged(FileKind::Sources, 1, &encoded(&words)),
        Expect::Error("the sources do not match the documents"),
    ));
    seeds
}

/// Queries in both languages with every piece of the syntax.
fn queries() -> Vec<Seed> {
    [
        ("words", "helsinki moscow"),
        ("prefix", "hels"),
        ("phrase-not-or", "\"moscow helsinki\" -russia OR правозащитники"),
        ("title", "title:cocoa title:\"crude oil\""),
        ("compound", "санкт-петербургский DAXR.O NAT'L Johnson-Sirleaf"),
        ("advanced", "oil prices\nopec OR gas\ncrude oil\nsaudi\n"),
        ("unbalanced", "\"oil -(( OR OR title: -\"\""),
        ("word-that-reads-as-a-field", "(title:\u{2f6} e"),
    ]
    .into_iter()
    .map(|(name, text)| seed(QUERY, name, text.as_bytes().to_vec(), Expect::Ok))
    .collect()
}

#[cfg(test)]
mod tests;
