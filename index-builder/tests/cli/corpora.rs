//! The shared Russian corpus (`SIFT_CORPORA`, default `../shared/corpora` from the
//! repository root): built with the command, searched for an inflected word.

use std::path::PathBuf;

use crate::util::run_in;

fn corpora() -> PathBuf {
    match std::env::var_os("SIFT_CORPORA") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpora"),
    }
}

/// Records, for `cargo xtask test`'s summary, whether this test ran on the corpus or was
/// skipped and why (the protocol is `xtask::ci::CORPUS_RECORD_VAR`'s).
fn record(outcome: &str) {
    let Some(dir) = std::env::var_os("SIFT_CORPUS_RECORD") else { return };
    let file = PathBuf::from(dir)
        .join("index-builder.corpora.ruwikinews_finds_a_russian_inflection~ruwikinews-nerel");
    let written = std::fs::create_dir_all(file.parent().unwrap())
        .and_then(|()| std::fs::write(&file, outcome));
    written.unwrap_or_else(|e| panic!("cannot record in {}: {e}", file.display()));
}

#[test]
fn ruwikinews_finds_a_russian_inflection() {
    let corpus = corpora().join("ruwikinews-nerel/articles.jsonl.gz");
    if !corpus.is_file() {
        let why =
            format!("corpus ruwikinews-nerel not found at {} (set SIFT_CORPORA)", corpus.display());
        eprintln!("\n*** SKIPPED ruwikinews_finds_a_russian_inflection: {why} ***\n");
        record(&format!("skipped {why}"));
        return;
    }
    record("ran");
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus.to_string_lossy().into_owned();
    let run =
        run_in(dir.path(), &["build", &corpus, "--out", "idx", "--quiet", "--no-widget"]).success();
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    // Record 1592's title is "Захват немецкой заложницы в Ираке": the nominative
    // "заложница" must find the genitive "заложницы" by its stem.
    let found = run_in(
        dir.path(),
        &["search", "--index", "idx", "--json", "--no-typos", "--limit", "50", "заложница"],
    )
    .success();
    let hits = found.json();
    let hit = hits
        .iter()
        .find(|hit| hit["url"] == "/news/ruwikinews-nerel-1592")
        .unwrap_or_else(|| panic!("not found among {:?}", found.urls()));
    assert_eq!(hit["title"], "Захват немецкой заложницы в Ираке");
    assert_eq!(hit["lang"], "ru");
    let marks = hit["title_marks"].as_array().unwrap();
    assert_eq!(marks.len(), 1, "{hit}");
    let title = hit["title"].as_str().unwrap();
    let (start, end) =
        (marks[0][0].as_u64().unwrap() as usize, marks[0][1].as_u64().unwrap() as usize);
    assert_eq!(&title[start..end], "заложницы");
}
