//! The cargo-fuzz targets in `fuzz/` and the inputs they start from. Not part of the API.
//!
//! Each target is a function here, so that the fuzzer and the tests run the same code: the
//! committed seeds (`fuzz/seeds/<target>/`, written by [`seeds::all`]) are checked by unit
//! tests to give the error each is made for, and the fuzzer starts from them.
//!
//! Random bytes almost never pass a file's checksum, so two targets wrap random payloads
//! into well-formed files with [`seal`], reaching every decoder, the search code that reads
//! what they decode, and the incremental build that reads a previous index.

pub mod seeds;

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use crate::build::{analyze, BuildConfig, IndexBuilder, IndexFiles, Previous, SourceKey};
use crate::document::{Date, Document};
use crate::error::{Error, Result};
use crate::format::compress::Compressor;
use crate::format::terms::{read_postings, TermShard};
use crate::format::{FileKind, IndexFile, ENTRY_FILE_NAME};
use crate::index::{FileCache, Index};
use crate::query::{AdvancedQuery, ParseOptions, Query};
use crate::search::{Outcome, SearchRequest, Sort};

/// The file kinds, in the order of their tags: the first byte of a fuzz input picks one.
pub const KINDS: [FileKind; 13] = FileKind::ALL;

/// A well-formed file of `kind` around `payload` (which need not be a valid payload); empty
/// for a payload larger than the kind allows.
pub fn seal(kind: FileKind, payload: &[u8]) -> Vec<u8> {
    crate::format::seal(kind, payload, &Compressor { level: 1, dictionary: None })
        .map(|file| file.bytes)
        .unwrap_or_default()
}

/// The sample's four hand-written documents, in English and Russian; every other one is
/// made from [`WORDS`].
const DOCUMENTS: [(&str, &str, &str, &str, &str); 4] = [
    (
        "Helsinki movement: a source of inspiration",
        "The Moscow Helsinki Group was the first.",
        "en",
        "2011-05-12",
        "Russia",
    ),
    (
        "Mondelēz links to Russia condemned",
        "Civil society calls on the mayor.",
        "en",
        "2024-07-09",
        "Russia",
    ),
    (
        "Правозащитники в Казахстане",
        "Приговор Евгению Жовтису оставлен в силе.",
        "ru",
        "2010-02-01",
        "Kazakhstan",
    ),
    (
        "Annual report 2023",
        "Together for human rights: reports from Kyrgyzstan.",
        "en",
        "",
        "Kyrgyzstan",
    ),
];

const WORDS: [&str; 16] = [
    "helsinki",
    "moscow",
    "court",
    "activist",
    "prison",
    "reports",
    "freedom",
    "election",
    "правозащитник",
    "суд",
    "жовтис",
    "москва",
    "алматы",
    "свобода",
    "выборы",
    "санкт-петербургский",
];

/// Documents in the sample index: enough for a base segment and a tail, several term
/// shards and blocks, and a trained text dictionary (where libzstd is compiled in).
const SAMPLE_DOCS: u32 = 72;

/// The documents of the sample index in the order of their numbers (undated first, then by
/// date, as the builder numbers them), so that document `n` is the `n`th.
pub fn sample_documents() -> Vec<Document> {
    let mut docs: Vec<Document> = DOCUMENTS
        .iter()
        .map(|&(title, body, lang, date, country)| Document {
            url: format!("/news/{}", title.len()),
            title: title.into(),
            body: body.into(),
            date: Date::parse_iso(date),
            lang: lang.into(),
            facets: BTreeMap::from([
                ("country".into(), vec![country.into()]),
                ("type".into(), vec!["news".into()]),
            ]),
        })
        .collect();
    for i in DOCUMENTS.len() as u32..SAMPLE_DOCS {
        let word = |k: u32| WORDS[((i * 7 + k * 5) % WORDS.len() as u32) as usize];
        let lang = if word(0).is_ascii() { "en" } else { "ru" };
        docs.push(Document {
            url: format!("/news/{i}"),
            title: format!("{} {} {}", word(0), word(1), word(2)),
            body: format!(
                "{} {} {} {} number{i}. {} {} {} {}.",
                word(3),
                word(4),
                word(5),
                word(6),
                word(7),
                word(8),
                word(9),
                word(10)
            ),
            date: Some(Date::from_days(15_000 + i as i32 * 11)),
            lang: lang.into(),
            facets: BTreeMap::from([
                ("country".into(), vec![format!("c{}", i % 5)]),
                ("type".into(), vec![if i % 3 == 0 { "report" } else { "news" }.into()]),
            ]),
        });
    }
    docs.sort_by_key(|doc| doc.date.map(Date::days));
    docs
}

/// How the sample index is built: small shards and blocks, so that its few documents span
/// several files of every kind.
pub fn sample_config() -> BuildConfig {
    BuildConfig {
        shard_bytes: Some(1 << 10),
        block_docs: 16,
        dictionary_bytes: 1 << 10,
        compression_level: 1,
        fingerprint: 7,
        ..BuildConfig::default()
    }
}

/// Where document `i` of [`sample_documents`] came from.
fn sample_source(i: usize) -> SourceKey {
    SourceKey { key: i as u64 + 1, content: 1 }
}

/// The sample index: English and Russian, with facets, dates, two segments and sources.
pub fn sample_index() -> IndexFiles {
    let mut builder = IndexBuilder::new(sample_config());
    for (i, doc) in sample_documents().iter().enumerate() {
        builder.add(analyze(doc).with_source(sample_source(i)));
    }
    builder.finish().expect("the sample corpus builds")
}

/// The sample index, built once per process.
fn sample() -> &'static IndexFiles {
    static SAMPLE: OnceLock<IndexFiles> = OnceLock::new();
    SAMPLE.get_or_init(sample_index)
}

/// The sample index opened from its entry, once per process.
fn sample_opened() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| Index::open(&entry_of(sample()).bytes).expect("the sample entry opens"))
}

fn entry_of(files: &IndexFiles) -> &IndexFile {
    files.files.iter().find(|f| f.name == ENTRY_FILE_NAME).expect("an entry")
}

/// The file of the sample index that an input's first two bytes pick: a kind, then which
/// one of that kind.
pub fn pick(kind: u8, which: u8) -> Option<&'static IndexFile> {
    let kind = KINDS[usize::from(kind) % KINDS.len()];
    let files: Vec<&IndexFile> = sample().files.iter().filter(|f| f.kind == kind).collect();
    (!files.is_empty()).then(|| files[usize::from(which) % files.len()])
}

/// Target `file_bytes`: arbitrary bytes given as a file of the kind the first byte picks,
/// opened as an entry or put into a reader's cache. The error, if any.
pub fn file_bytes(data: &[u8]) -> Result<()> {
    let Some((&which, bytes)) = data.split_first() else { return Ok(()) };
    let opened = Index::open(bytes);
    let kind = KINDS[usize::from(which) % KINDS.len()];
    if kind == FileKind::Entry {
        return opened.map(drop);
    }
    let name = format!("{}-0000000000000000.sift", kind.prefix());
    FileCache::new(sample_opened()).insert(&name, bytes)
}

/// The searches the `payloads` target runs: every way the widget searches.
fn requests() -> &'static [SearchRequest] {
    static REQUESTS: OnceLock<Vec<SearchRequest>> = OnceLock::new();
    REQUESTS.get_or_init(|| {
        let parse = |q: &str| Query::parse(q, ParseOptions { prefix_last: true }).query;
        let base = SearchRequest { facet_counts: true, ..SearchRequest::default() };
        vec![
            SearchRequest { query: parse("helsinki"), ..base.clone() },
            SearchRequest { query: parse("hels"), ..base.clone() },
            SearchRequest { query: parse("mondelez repots zhovtis courd"), ..base.clone() },
            SearchRequest {
                query: parse("\"moscow helsinki\" -russia OR правозащитники санкт"),
                ..base.clone()
            },
            SearchRequest {
                filters: vec![("country".into(), vec!["Russia".into()])],
                date_from: Date::parse_iso("2011-01-01"),
                sort: Sort::Oldest,
                ..base.clone()
            },
            SearchRequest { sort: Sort::Oldest, ..base.clone() },
            SearchRequest { sort: Sort::Newest, offset: 1, ..base },
        ]
    })
}

/// Target `payloads`: the payload after the first two bytes, sealed into a well-formed file,
/// put in place of the sample's file they pick ([`pick`]), then searched in every way the
/// widget searches, one search after another with one cache. The first error a file gave,
/// if any: searches answer without damaged files, so a forged term shard is also read
/// through (every postings list and group).
pub fn payloads(data: &[u8]) -> Result<()> {
    let [kind, which, payload @ ..] = data else { return Ok(()) };
    let Some(target) = pick(*kind, *which) else { return Ok(()) };
    let forged = seal(target.kind, payload);
    let files = sample();
    let index = match target.kind {
        FileKind::Entry => Index::open(&forged)?,
        _ => Index::open(&entry_of(files).bytes).expect("the sample entry opens"),
    };
    let mut first_error = Ok(());
    // One cache for every search, as the widget keeps one for a visit.
    let mut cache = FileCache::new(&index);
    for request in requests() {
        for _ in 0..crate::MAX_FETCH_ROUNDS {
            let Outcome::Need(names) = index.search(request, &cache) else { break };
            for name in names {
                let bytes = if name == target.name {
                    forged.as_slice()
                } else if let Some(file) = files.files.iter().find(|f| f.name == name) {
                    file.bytes.as_slice()
                } else {
                    cache.insert_missing(&name, "not in the index");
                    continue;
                };
                if let Err(error) = cache.insert(&name, bytes) {
                    first_error = first_error.and(Err(error));
                }
            }
        }
    }
    if target.kind == FileKind::Terms {
        first_error = first_error.and(read_through(&target.name, &forged));
    }
    first_error
}

/// The most terms and groups [`read_through`] reads: a damaged fst may loop.
const MAX_READ_THROUGH: usize = 1 << 12;

/// Reads every postings list and group of a term shard file, as searches would one by one.
fn read_through(name: &str, bytes: &[u8]) -> Result<()> {
    use fst::Streamer;
    let payload = crate::format::open(name, FileKind::Terms, bytes)?;
    let shard = TermShard::decode(name, &payload)?;
    let mut terms = shard.terms.stream();
    for _ in 0..MAX_READ_THROUGH {
        let Some((_, offset)) = terms.next() else { break };
        read_postings(name, &shard.postings, offset)?;
    }
    type Members = fn(&TermShard, &str, &str) -> Result<Vec<String>>;
    let groups: [(&fst::Map<Vec<u8>>, Members); 2] =
        [(&shard.stems, TermShard::stem_members), (&shard.translit, TermShard::translit_members)];
    for (map, members) in groups {
        let mut keys = map.stream();
        for _ in 0..MAX_READ_THROUGH {
            let Some((key, _)) = keys.next() else { break };
            let key = String::from_utf8_lossy(key).into_owned();
            members(&shard, name, &key)?;
        }
    }
    Ok(())
}

/// Target `update`: like `payloads`, a forged file in place of one of the sample's, then an
/// incremental build on top of it (one document changed, one deleted, one added), as
/// `index-builder build --update` makes one. The error, if any.
pub fn update(data: &[u8]) -> Result<()> {
    let [kind, which, payload @ ..] = data else { return Ok(()) };
    let Some(target) = pick(*kind, *which) else { return Ok(()) };
    let forged = seal(target.kind, payload);
    let files: HashMap<String, Vec<u8>> = sample()
        .files
        .iter()
        .map(|f| (f.name.clone(), if f.name == target.name { &forged } else { &f.bytes }.clone()))
        .collect();
    let entry = files[ENTRY_FILE_NAME].clone();
    let previous = Previous::open(&entry, move |name| files.get(name).cloned())?;
    let docs = sample_documents();
    let reanalysed = previous.reanalysed();
    let mut builder = IndexBuilder::update(sample_config(), previous);
    for number in reanalysed {
        // A forged index may name any number.
        let doc = docs
            .get(number as usize)
            .ok_or_else(|| Error::Config(format!("the forged index names document {number}")))?;
        builder.replace(number, analyze(doc).with_source(sample_source(number as usize)));
    }
    let changed = Document { body: "A changed body.".into(), ..docs[10].clone() };
    builder.replace(10, analyze(&changed).with_source(SourceKey { key: 11, content: 2 }));
    builder.delete(12);
    let added = Document {
        url: "/news/added".into(),
        date: Date::parse_iso("2030-01-01"),
        ..docs[20].clone()
    };
    builder.add(analyze(&added).with_source(SourceKey { key: 999, content: 1 }));
    builder.finish().map(drop)
}

/// Target `query`: the query parser never panics and always yields a bounded query it can
/// print back; the advanced form (one field a line) neither.
pub fn query(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    for prefix_last in [false, true] {
        let parsed = Query::parse(&text, ParseOptions { prefix_last });
        let atoms: usize = parsed.query.clauses.iter().map(|c| c.atoms.len()).sum();
        assert!(atoms <= 32, "{atoms} atoms");
        // What the parser prints, it reads back the same.
        let again =
            Query::parse(&parsed.query.to_string().replace('*', ""), ParseOptions::default());
        assert_eq!(again.query.clauses.len(), parsed.query.clauses.len());
    }
    let mut fields = text.split('\n');
    let form = AdvancedQuery {
        all: fields.next().unwrap_or_default().into(),
        any: fields.next().unwrap_or_default().into(),
        phrase: fields.next().unwrap_or_default().into(),
        none: fields.next().unwrap_or_default().into(),
        title_only: data.first().is_some_and(|b| b & 1 == 1),
    };
    let _ = Query::from_advanced(&form);
}
