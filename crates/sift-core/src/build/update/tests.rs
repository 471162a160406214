//! Updates checked against clean builds of the same documents: the same answers, few files
//! written, the bytes of a clean build when only articles are added, and a full build asked
//! for where an update cannot stay sound.

use std::collections::HashMap;

use super::*;
use crate::build::{analyze, BuildConfig};
use crate::document::{Date, Document};
use crate::format::directory::BlockPage;
use crate::{FileCache, Index, Outcome, ParseOptions, Query, SearchRequest};

const WORDS: [&str; 12] = [
    "helsinki",
    "moscow",
    "court",
    "activist",
    "prison",
    "report",
    "правозащитник",
    "суд",
    "жовтис",
    "almaty",
    "election",
    "freedom",
];

/// Document `i`, dated on day `i` (so numbers follow `i`), with a few words and a facet.
fn document(i: u32, variant: &str) -> Document {
    let word = |k: u32| WORDS[(i * 7 + k * 3) as usize % WORDS.len()];
    Document {
        url: format!("/news/{i}"),
        title: format!("{} {} {variant}", word(0), word(1)),
        body: format!("{} {} {} number{i}", word(2), word(3), word(4)),
        date: Some(Date::from_days(10_000 + i as i32)),
        lang: if i.is_multiple_of(3) { "ru" } else { "en" }.into(),
        facets: [("country".to_string(), vec![format!("c{}", i % 5)])].into(),
    }
}

fn source(i: u32, content: &str) -> SourceKey {
    SourceKey { key: u64::from(i) + 1, content: content.len() as u64 }
}

fn config() -> BuildConfig {
    BuildConfig {
        shard_bytes: Some(2048),
        block_docs: 16,
        compression_level: 1,
        fingerprint: 7,
        ..BuildConfig::default()
    }
}

fn build(docs: &[(u32, &str)]) -> HashMap<String, Vec<u8>> {
    let mut builder = IndexBuilder::new(config());
    for &(i, variant) in docs {
        builder.add(analyze(&document(i, variant)).with_source(source(i, variant)));
    }
    builder.finish().unwrap().files.into_iter().map(|f| (f.name, f.bytes)).collect()
}

fn search(files: &HashMap<String, Vec<u8>>, text: &str) -> (usize, Vec<String>) {
    let index = Index::open(&files[crate::ENTRY_FILE_NAME]).unwrap();
    let mut cache = FileCache::new(&index);
    let request = SearchRequest {
        query: Query::parse(text, ParseOptions { prefix_last: true }).query,
        limit: 20,
        ..SearchRequest::default()
    };
    loop {
        match index.search(&request, &cache) {
            Outcome::Ready(results) => {
                assert!(results.unavailable.is_empty(), "{text}: {:?}", results.unavailable);
                return (results.total, results.hits.into_iter().map(|h| h.url).collect());
            }
            Outcome::Need(names) => {
                for name in names {
                    cache.insert(&name, &files[&name]).unwrap();
                }
            }
        }
    }
}

#[test]
fn an_update_answers_as_a_clean_build_and_writes_little() {
    let before: Vec<(u32, &str)> = (0..300).map(|i| (i, "")).collect();
    let old = build(&before);
    let reader = old.clone();
    let previous =
        Previous::open(&old[crate::ENTRY_FILE_NAME], move |name| reader.get(name).cloned())
            .unwrap();
    let reanalysed = previous.reanalysed();
    assert!(reanalysed.iter().all(|&n| n >= 256), "{reanalysed:?}");
    let mut builder = IndexBuilder::update(config(), previous);
    for &n in &reanalysed {
        builder.replace(n, analyze(&document(n, "")).with_source(source(n, "")));
    }
    builder.replace(5, analyze(&document(5, "updated")).with_source(source(5, "updated")));
    builder.delete(7);
    builder.add(analyze(&document(300, "")).with_source(source(300, "")));
    let update = builder.finish().unwrap();

    let mut after: Vec<(u32, &str)> = before.clone();
    after.retain(|&(i, _)| i != 7);
    after[5].1 = "updated";
    after.push((300, ""));
    let clean = build(&after);
    let mut updated: HashMap<String, Vec<u8>> =
        update.files.iter().map(|f| (f.name.clone(), f.bytes.clone())).collect();
    for name in &update.reused {
        updated.insert(name.clone(), old[name].clone());
    }
    for query in [
        "helsinki",
        "суд",
        "updated",
        "number7",
        "number300",
        "jovtis",
        "activst",
        "c3 court",
        "elect",
    ] {
        assert_eq!(search(&updated, query), search(&clean, query), "{query}");
    }
    assert_eq!(search(&updated, "number7 ").0, 0, "deleted documents are gone");
    assert_eq!(search(&updated, "updated").1, ["/news/5"]);
    // What was written: the tail's shards and the small files, two blocks (the one of
    // documents 5 and 7, and the last with the new article); the base's shards are kept.
    let written = |kind: FileKind| {
        update.files.iter().filter(|f| f.kind == kind && !old.contains_key(&f.name)).count()
    };
    assert_eq!(written(FileKind::Meta), 2);
    let base_shards = old.keys().filter(|n| n.starts_with("terms-")).count();
    let kept_shards = update.reused.iter().filter(|n| n.starts_with("terms-")).count();
    assert!(kept_shards > 0 && kept_shards + written(FileKind::Terms) <= base_shards + 2);
    assert!(update.reused.iter().all(|name| old.contains_key(name)));
}

#[test]
fn adding_articles_gives_the_bytes_of_a_clean_build() {
    let before: Vec<(u32, &str)> = (0..280).map(|i| (i, "")).collect();
    let old = build(&before);
    let open = || {
        let reader = old.clone();
        Previous::open(&old[crate::ENTRY_FILE_NAME], move |name| reader.get(name).cloned()).unwrap()
    };
    let mut builder = IndexBuilder::update(config(), open());
    for n in open().reanalysed() {
        builder.replace(n, analyze(&document(n, "")).with_source(source(n, "")));
    }
    for i in 280..283 {
        builder.add(analyze(&document(i, "")).with_source(source(i, "")));
    }
    let update = builder.finish().unwrap();
    let clean = build(&(0..283).map(|i| (i, "")).collect::<Vec<_>>());
    let mut names: Vec<&String> =
        update.files.iter().map(|f| &f.name).chain(&update.reused).collect();
    names.sort();
    let mut clean_names: Vec<&String> = clean.keys().collect();
    clean_names.sort();
    assert_eq!(names, clean_names);
    for file in &update.files {
        assert!(clean[&file.name] == file.bytes, "{} differs", file.name);
    }
}

#[test]
fn a_damaged_previous_index_is_an_error_not_a_panic_nor_gigabytes() {
    // Found by fuzzing (the `update` target's seeds `block-page-empty`,
    // `sources-body-words-over-the-total` and `sources-table-repeats-a-chunk`): each
    // file is replaced under its own name, as a damaged deploy would leave it.
    let old = build(&(0..100).map(|i| (i, "")).collect::<Vec<_>>());
    let plain = Compressor { level: 1, dictionary: None };
    let named = |prefix: &str| {
        let mut names: Vec<&String> = old.keys().filter(|n| n.starts_with(prefix)).collect();
        names.sort_by_key(|name| old[*name].len());
        names.last().map(|name| name.to_string()).expect("a file of the kind")
    };
    let table_name = {
        let entry: Entry =
            codec::decode("e", &open("e", FileKind::Entry, &old[crate::ENTRY_FILE_NAME]).unwrap())
                .unwrap();
        file_name(FileKind::Sources, entry.sources.unwrap())
    };
    let table: SourcesTable =
        codec::decode("t", &open("t", FileKind::Sources, &old[&table_name]).unwrap()).unwrap();
    let chunk_name = file_name(FileKind::Sources, table.chunks[0].hash);
    let mut chunk: SourcesChunk =
        codec::decode("c", &open("c", FileKind::Sources, &old[&chunk_name]).unwrap()).unwrap();
    chunk.records[5].body_words = u32::MAX;
    let repeated = SourcesTable { chunks: vec![table.chunks[0]; 100_000], ..table };
    let cases = [
        (named("blocks-"), codec::encode(&BlockPage::default()), "the page is out of order"),
        (chunk_name, codec::encode(&chunk), "the sources do not match the documents"),
        (table_name, codec::encode(&repeated), "the sources do not match the documents"),
    ];
    for (name, payload, reason) in cases {
        let mut files = old.clone();
        let kind = FileKind::of_name(&name).unwrap();
        files.insert(name.clone(), seal(kind, &payload, &plain).unwrap().bytes);
        let entry = files[crate::ENTRY_FILE_NAME].clone();
        let result = Previous::open(&entry, move |n| files.get(n).cloned()).and_then(|p| {
            let mut builder = IndexBuilder::update(config(), p);
            for n in 64..100 {
                builder.replace(n, analyze(&document(n, "")).with_source(source(n, "")));
            }
            builder.replace(5, analyze(&document(5, "new")).with_source(source(5, "new")));
            builder.delete(7);
            builder.finish()
        });
        let error = result.err().unwrap_or_else(|| panic!("{name} was taken as sound"));
        assert!(error.to_string().contains(reason), "{name}: {error}");
    }
}

#[test]
fn what_an_update_cannot_keep_sound_asks_for_a_full_build() {
    let old = build(&(0..100).map(|i| (i, "")).collect::<Vec<_>>());
    let open = || {
        let reader = old.clone();
        Previous::open(&old[crate::ENTRY_FILE_NAME], move |name| reader.get(name).cloned()).unwrap()
    };
    let refill = |builder: &mut IndexBuilder, previous: &Previous| {
        for n in previous.reanalysed() {
            builder.replace(n, analyze(&document(n, "")).with_source(source(n, "")));
        }
    };
    // An article dated before the newest.
    let previous = open();
    let mut builder = IndexBuilder::update(config(), open());
    refill(&mut builder, &previous);
    builder.add(analyze(&document(50, "again")).with_source(source(999, "x")));
    assert!(matches!(builder.finish(), Err(Error::FullBuildNeeded(_))));
    // Other settings.
    let mut builder = IndexBuilder::update(BuildConfig { fingerprint: 8, ..config() }, open());
    refill(&mut builder, &previous);
    assert!(matches!(builder.finish(), Err(Error::FullBuildNeeded(_))));
    // Growing past the tail: 100 documents have their tail from 64; 128 start a new one.
    let mut builder = IndexBuilder::update(config(), open());
    refill(&mut builder, &previous);
    for i in 100..130 {
        builder.add(analyze(&document(i, "")).with_source(source(i, "")));
    }
    assert!(matches!(builder.finish(), Err(Error::FullBuildNeeded(_))));
    // A document of the tail not given again is the caller's mistake, said plainly.
    let mut builder = IndexBuilder::update(config(), open());
    builder.add(analyze(&document(100, "")).with_source(source(100, "")));
    let error = builder.finish().unwrap_err();
    assert!(error.to_string().contains("must be given again"), "{error}");
}

/// Opens the index `files` as a previous one.
fn open_previous(files: &HashMap<String, Vec<u8>>) -> Result<Previous> {
    let reader = files.clone();
    Previous::open(&files[crate::ENTRY_FILE_NAME], move |name| reader.get(name).cloned())
}

/// The sources table of the index `files`, and its name.
fn sources_table(files: &HashMap<String, Vec<u8>>) -> (String, SourcesTable) {
    let entry: Entry =
        codec::decode("e", &open("e", FileKind::Entry, &files[crate::ENTRY_FILE_NAME]).unwrap())
            .unwrap();
    let name = file_name(FileKind::Sources, entry.sources.unwrap());
    let table = codec::decode("t", &open("t", FileKind::Sources, &files[&name]).unwrap()).unwrap();
    (name, table)
}

#[test]
fn a_document_kept_with_new_bytes_leaves_its_chunk_and_is_known_by_its_new_hash() {
    // Two chunks of records; the first holds document 10.
    let count = CHUNK_DOCS as u32 + 100;
    let old = build(&(0..count).map(|i| (i, "")).collect::<Vec<_>>());
    let previous = open_previous(&old).unwrap();
    let digest = analyze(&document(10, "")).digest();
    assert_eq!(previous.digest(10), digest);
    let mut builder = IndexBuilder::update(config(), previous);
    for n in builder.previous.as_ref().unwrap().reanalysed() {
        builder.replace(n, analyze(&document(n, "")).with_source(source(n, "")));
    }
    builder.refresh(10, 999);
    builder.add(analyze(&document(count, "")).with_source(source(count, "")));
    let update = builder.finish().unwrap();
    let mut files = old.clone();
    files.extend(update.files.into_iter().map(|f| (f.name, f.bytes)));

    let (_, before) = sources_table(&old);
    let (_, after) = sources_table(&files);
    assert_eq!(after.chunks[0], before.chunks[0], "the first chunk is kept");
    assert_ne!(after.chunks[1], before.chunks[1], "the chunk the new article joins is written");
    assert_eq!(after.refreshed, [Refreshed { number: 10, content: 999 }]);
    let previous = open_previous(&files).unwrap();
    let known: HashMap<u32, SourceKey> = previous.documents().into_iter().collect();
    assert_eq!(known[&10], SourceKey { key: 11, content: 999 });
    assert_eq!(previous.digest(10), digest);
    assert_eq!(search(&files, "number10 ").1, ["/news/10"]);
}

#[test]
fn a_build_record_of_an_older_layout_asks_for_a_full_build_and_says_why() {
    let mut old = build(&(0..50).map(|i| (i, "")).collect::<Vec<_>>());
    let (name, table) = sources_table(&old);
    // Layout 1: the table began with the fingerprint, and had no refreshed list.
    let older = codec::encode(&(table.fingerprint, table.base_end, table.chunks));
    let plain = Compressor { level: 1, dictionary: None };
    old.insert(name, seal(FileKind::Sources, &older, &plain).unwrap().bytes);
    match open_previous(&old) {
        Err(Error::FullBuildNeeded(why)) => {
            assert!(why.contains("build record") && why.contains("another layout"), "{why}")
        }
        other => panic!("{other:?}"),
    }
}
