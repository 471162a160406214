//! `search` on a small index whose answers are known.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::util::{news_corpus, run_in, write, Run};

/// The index of `news_corpus`, built once for every test of this module.
fn index() -> &'static Path {
    static INDEX: OnceLock<PathBuf> = OnceLock::new();
    INDEX.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("search-news");
        let _ = std::fs::remove_dir_all(&dir);
        write(&dir, "news.jsonl", news_corpus());
        run_in(&dir, &["build", "news.jsonl", "--out", "idx", "--no-widget", "--site", "News"])
            .success();
        dir.join("idx")
    })
}

fn search(args: &[&str]) -> Run {
    let index = index().to_string_lossy().into_owned();
    let mut full = vec!["search", "--index", index.as_str(), "--json"];
    full.extend_from_slice(args);
    run_in(Path::new("."), &full).success()
}

#[test]
fn a_word_finds_its_article() {
    let hits = search(&["tariffs"]).json();
    assert_eq!(hits[0]["url"], "/news/undated");
    assert_eq!(hits[0]["title"], "A note about tariffs");
    assert_eq!(hits[0]["site"], "News");
    assert!(hits[0]["score"].as_f64().unwrap() > 0.0);
    assert_eq!(hits[0]["title_marks"], serde_json::json!([[13, 20]]));
}

#[test]
fn the_last_word_is_a_prefix() {
    assert_eq!(search(&["hels"]).urls()[0], "/news/helsinki");
    assert!(search(&["--no-prefix", "hels"]).urls().is_empty());
}

#[test]
fn a_typo_still_finds_the_word() {
    assert_eq!(search(&["helsimki"]).urls()[0], "/news/helsinki");
    assert!(search(&["--no-typos", "helsimki"]).urls().is_empty());
}

#[test]
fn articles_with_some_of_the_words_when_none_has_all() {
    let run = search(&["ghana", "zanzibar"]);
    assert_eq!(run.urls(), ["/news/cocoa-harvest"]);
    assert!(run.stderr.contains("no article has every word"), "{}", run.stderr);
    assert!(search(&["--no-typos", "ghana", "zanzibar"]).urls().is_empty());
}

#[test]
fn a_phrase_needs_its_words_together() {
    assert_eq!(search(&["\"cocoa prices\""]).urls(), ["/news/cocoa-prices"]);
    let both = search(&["cocoa", "prices"]).urls();
    assert_eq!(both.len(), 2, "{both:?}");
}

#[test]
fn an_excluded_word_removes_articles() {
    assert_eq!(search(&["cocoa", "-brazil"]).urls(), ["/news/cocoa-harvest"]);
}

#[test]
fn facet_filters() {
    assert_eq!(search(&["--filter", "places=ghana", "cocoa"]).urls(), ["/news/cocoa-harvest"]);
    let usa = search(&["--filter", "places=usa", "--sort", "oldest"]).urls();
    assert_eq!(usa, ["/news/cocoa-prices", "/news/mondelez"]);
    let either =
        search(&["--filter", "places=usa", "--filter", "places=ghana", "--filter", "type=news"]);
    assert_eq!(either.urls(), ["/news/mondelez", "/news/cocoa-prices"]);
}

#[test]
fn a_date_range() {
    let march_on = search(&["--from", "1987-03-01", "--to", "1987-12-31", "cocoa"]).urls();
    assert_eq!(march_on, ["/news/cocoa-harvest"]);
    let february = search(&["--from", "1987-02-01", "--to", "1987-02-28"]).urls();
    assert_eq!(february, ["/news/cocoa-prices"]);
}

#[test]
fn order_and_paging() {
    let newest = search(&["--sort", "newest", "--limit", "2"]).urls();
    assert_eq!(newest, ["/news/vybory", "/news/mondelez"]);
    let next = search(&["--sort", "newest", "--limit", "2", "--offset", "2"]).urls();
    assert_eq!(next, ["/news/cocoa-harvest", "/news/helsinki"]);
    let oldest = search(&["--sort", "oldest", "--limit", "1"]).urls();
    assert_eq!(oldest, ["/news/cocoa-prices"]);
}

#[test]
fn inflections_and_diacritics() {
    assert_eq!(search(&["выборах"]).urls()[0], "/news/vybory");
    assert_eq!(search(&["финляндия"]).urls()[0], "/news/vybory");
    assert_eq!(search(&["mondelez"]).urls()[0], "/news/mondelez");
    assert_eq!(search(&["rights", "discussing"]).urls(), ["/news/helsinki"]);
}

#[test]
fn the_readable_list_shows_title_date_url_and_snippet() {
    let index = index().to_string_lossy().into_owned();
    let run = run_in(Path::new("."), &["search", "--index", &index, "cocoa", "-brazil"]).success();
    assert!(run.stdout.starts_with("1 result (showing 1-1)"), "{}", run.stdout);
    assert!(run.stdout.contains("1. Harvest report from Ghana"), "{}", run.stdout);
    assert!(run.stdout.contains("/news/cocoa-harvest · 1987-04-10"), "{}", run.stdout);
    assert!(
        run.stdout.contains("harvest was large; prices of cocoa were stable."),
        "{}",
        run.stdout
    );
}

#[test]
fn a_missing_or_damaged_index_is_explained() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_in(dir.path(), &["search", "--index", "nothing", "x"]).failure();
    assert!(
        run.stderr.contains("nothing: no Sift index here (entry.sift is missing)"),
        "{}",
        run.stderr
    );

    let copy = dir.path().join("idx");
    std::fs::create_dir(&copy).unwrap();
    for entry in std::fs::read_dir(index()).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, copy.join(path.file_name().unwrap())).unwrap();
    }
    // Another format version in the entry's header (bytes 4..8, little-endian).
    let original = std::fs::read(copy.join("entry.sift")).unwrap();
    let mut entry = original.clone();
    entry[4..8].copy_from_slice(&7u32.to_le_bytes());
    std::fs::write(copy.join("entry.sift"), &entry).unwrap();
    let run = run_in(dir.path(), &["search", "--index", "idx", "cocoa"]).failure();
    assert!(
        run.stderr.contains(&format!(
            "entry.sift: index format version 7, but this Sift reads version {}; rebuild the index",
            sift_core::FORMAT_VERSION
        )),
        "{}",
        run.stderr
    );

    // A term shard cut short.
    std::fs::write(copy.join("entry.sift"), &original).unwrap();
    for file in std::fs::read_dir(&copy).unwrap() {
        let path = file.unwrap().path();
        if path.file_name().unwrap().to_string_lossy().starts_with("terms-") {
            let bytes = std::fs::read(&path).unwrap();
            std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
        }
    }
    let run = run_in(dir.path(), &["search", "--index", "idx", "cocoa"]).failure();
    assert!(
        run.stderr.contains("idx: the index is damaged or incomplete: terms-"),
        "{}",
        run.stderr
    );
}

#[test]
fn facet_values_show_as_labelled_in_the_readers_language() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "news.jsonl", news_corpus());
    write(dir.path(), "sift.toml", "[labels.ru]\nusa = \"США\"\nbrazil = \"Бразилия\"\n");
    run_in(
        dir.path(),
        &["build", "news.jsonl", "--out", "idx", "--no-widget", "--config", "sift.toml"],
    )
    .success();
    let places = |lang: &[&str]| -> Vec<String> {
        let mut args = vec!["search", "--index", "idx", "--json"];
        args.extend_from_slice(lang);
        args.push("cocoa prices");
        let run = run_in(dir.path(), &args).success();
        let hit = run.json().into_iter().find(|h| h["url"] == "/news/cocoa-prices").expect("found");
        hit["facets"]["places"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(places(&["--lang", "ru"]), ["Бразилия", "США"]);
    assert_eq!(places(&[]), ["brazil", "usa"]);
    // A language with no labels shows the values as they are.
    assert_eq!(places(&["--lang", "de"]), ["brazil", "usa"]);
}
