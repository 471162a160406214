//! The index format as a promise: what is written is found again, the same input gives the same
//! bytes, and an index written by an earlier build of this format version still opens and
//! answers as it did.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use index_builder::Config;
use proptest::prelude::*;
use sift_core::{
    analyze, BuildConfig, Document, IndexBuilder, ParseOptions, Query, SearchRequest,
    FORMAT_VERSION,
};
use sift_tests::{corpus, record_corpus, repo_root, MemoryIndex};

/// A request for `text` as typed, with nothing loose: no prefix, no typos, every hit.
fn exact(text: &str) -> SearchRequest {
    SearchRequest {
        query: Query::parse(text, ParseOptions { prefix_last: false }).query,
        typos: false,
        limit: 10_000,
        ..SearchRequest::default()
    }
}

/// Words from a few scripts, with case, diacritics, ё and й, so that folding is exercised.
fn word() -> impl Strategy<Value = String> {
    prop::string::string_regex("[a-zA-Zéøñçł]{1,9}|[а-яА-ЯёйЙ]{1,9}|[0-9]{1,4}")
        .expect("a valid pattern")
}

fn document() -> impl Strategy<Value = (Vec<String>, Vec<String>, bool)> {
    (prop::collection::vec(word(), 1..6), prop::collection::vec(word(), 0..40), any::<bool>())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    /// Build, serialize, open: every word indexed from a document finds that document.
    #[test]
    fn every_indexed_word_finds_its_document(docs in prop::collection::vec(document(), 1..40)) {
        let mut builder = IndexBuilder::new(BuildConfig {
            // Small shards and blocks, so that a few dozen documents span several files.
            shard_bytes: Some(1024),
            block_docs: 4,
            compression_level: 1,
            ..BuildConfig::default()
        });
        for (i, (title, body, russian)) in docs.iter().enumerate() {
            builder.add(analyze(&Document {
                url: format!("/d/{i}"),
                title: title.join(" "),
                body: body.join(" "),
                lang: if *russian { "ru" } else { "en" }.into(),
                ..Document::default()
            }));
        }
        let index = MemoryIndex::new(builder.finish().expect("the index builds"));
        for (i, (title, body, _)) in docs.iter().enumerate() {
            let url = format!("/d/{i}");
            for word in title.iter().chain(body) {
                for token in sift_core::tokenize(word) {
                    let results = index.search(&exact(&token.term));
                    prop_assert!(
                        results.hits.iter().any(|h| h.url == url),
                        "{word:?} (term {:?}) does not find {url}", token.term
                    );
                }
            }
            // Titles are found by their words in title scope as well.
            let first = &title[0];
            if let Some(token) = sift_core::tokenize(first).next() {
                let results = index.search(&exact(&format!("title:{}", token.term)));
                prop_assert!(results.hits.iter().any(|h| h.url == url), "title:{first}");
            }
        }
    }
}

/// The project's own sample corpus, written to a temporary file.
fn sample_corpus(dir: &Path) -> PathBuf {
    let path = dir.join("sample.jsonl");
    xtask::sample::write(&path).expect("the sample corpus is written");
    path
}

fn built_files(inputs: &[PathBuf]) -> BTreeMap<String, Vec<u8>> {
    MemoryIndex::build(inputs, Config::default()).files.into_iter().collect()
}

/// On the Russian corpus, or without the shared corpora on the bundled sample corpus (whose
/// English and Russian articles exercise every kind of file too).
#[test]
fn two_builds_of_a_real_corpus_are_byte_identical() {
    let temp = tempfile::tempdir().expect("a temporary directory");
    let name = "ruwikinews-nerel";
    let corpus = corpus(name).unwrap_or_else(|| {
        record_corpus(name, "sample the shared corpora are absent");
        sample_corpus(temp.path())
    });
    let (one, two) = (built_files(std::slice::from_ref(&corpus)), built_files(&[corpus]));
    assert!(one.len() > 10, "{} files", one.len());
    assert_eq!(one.keys().collect::<Vec<_>>(), two.keys().collect::<Vec<_>>());
    for (name, bytes) in &one {
        assert!(two[name] == *bytes, "{name} differs between two builds");
    }
}

/// Queries whose answers the golden index records, over every feature the format stores.
const GOLDEN_QUERIES: &[&str] = &[
    "helsinki",
    "human rights",
    "\"freedom of expression\"",
    "court -russia",
    "title:belarus",
    "москва",
    "правозащитники OR активисты",
];

/// What a search answers, as a line per hit.
fn answers(index: &MemoryIndex) -> String {
    let mut out = String::new();
    for query in GOLDEN_QUERIES {
        let mut request = exact(query);
        request.limit = 8;
        let results = index.search(&request);
        out.push_str(&format!("{query}: {} hits\n", results.total));
        for hit in &results.hits {
            out.push_str(&format!("  {} | {} | {}\n", hit.url, hit.title.text, hit.snippet.text));
        }
    }
    out
}

fn read_dir(dir: &Path) -> HashMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .expect("the golden directory reads")
        .map(|entry| entry.expect("an entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "sift"))
        .map(|path| {
            let name = path.file_name().expect("a name").to_string_lossy().into_owned();
            (name, std::fs::read(&path).expect("a golden file reads"))
        })
        .collect()
}

/// Writes the golden index of the current format version from the sample corpus.
fn write_golden(dir: &Path) {
    let temp = tempfile::tempdir().expect("a temporary directory");
    let index = MemoryIndex::build(&[sample_corpus(temp.path())], Config::default());
    if dir.exists() {
        std::fs::remove_dir_all(dir).expect("the old golden is removed");
    }
    std::fs::create_dir_all(dir).expect("tests/compat is writable");
    for (name, bytes) in &index.files {
        std::fs::write(dir.join(name), bytes).expect("a golden file is written");
    }
    std::fs::write(dir.join("answers.txt"), answers(&index)).expect("answers written");
}

/// The committed golden indexes (`tests/compat/v<N>/`, built from the sample corpus when
/// version N was current): those of the versions this build reads open and answer exactly
/// as they did when written; older ones are refused with the message that says to rebuild.
/// `UPDATE_EXPECT=1` (re)writes the current version's golden; commit it.
#[test]
fn golden_indexes_of_every_version_answer_as_when_written_or_are_refused_plainly() {
    let compat = repo_root().join("tests/compat");
    let current = compat.join(format!("v{FORMAT_VERSION}"));
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        write_golden(&current);
    }
    assert!(
        current.join(sift_core::ENTRY_FILE_NAME).is_file(),
        "no golden index of format version {FORMAT_VERSION} in {}: write it with \
         `UPDATE_EXPECT=1 cargo test -p sift-tests golden` and commit it",
        current.display()
    );
    let (mut read, mut refused) = (0, 0);
    for entry in std::fs::read_dir(&compat).expect("tests/compat reads") {
        let dir = entry.expect("an entry").path();
        let files = read_dir(&dir);
        let entry = &files[sift_core::ENTRY_FILE_NAME];
        let version = u32::from_le_bytes(entry[4..8].try_into().expect("a header"));
        if version < sift_core::OLDEST_READABLE_VERSION {
            let error = sift_core::Index::open(entry).expect_err("an older version is refused");
            assert!(
                error.to_string().contains("rebuild the index with the matching index-builder"),
                "{}: {error}",
                dir.display()
            );
            refused += 1;
            continue;
        }
        let index = MemoryIndex::from_files(files);
        let expected = std::fs::read_to_string(dir.join("answers.txt")).expect("answers.txt");
        assert_eq!(answers(&index), expected, "{} answers differently", dir.display());
        read += 1;
    }
    assert!(read >= 1 && refused >= 1, "{read} read, {refused} refused");
}
