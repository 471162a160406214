//! Incremental builds: a build into a directory that holds an index updates it, rewriting
//! only what changed, and answers every query as a full build of the same inputs does.

use std::path::Path;

use super::util::{run_in, snapshot, write};

/// One article of a made-up archive: numbered, dated a day apart, in English or Russian.
fn article(i: u32, variant: &str) -> String {
    const EN: [&str; 8] =
        ["court", "prison", "report", "election", "freedom", "activist", "moscow", "helsinki"];
    const RU: [&str; 6] = ["суд", "правозащитник", "выборы", "свобода", "москва", "жовтис"];
    let russian = i.is_multiple_of(4);
    let words: Vec<&str> =
        (0..5)
            .map(|k| {
                if russian {
                    RU[((i + k * 3) % 6) as usize]
                } else {
                    EN[((i * 7 + k) % 8) as usize]
                }
            })
            .collect();
    let day = 1 + i % 28;
    let month = 1 + (i / 28) % 12;
    let year = 2000 + i / 336;
    serde_json::json!({
        "url": format!("/news/{i}"),
        "title": format!("{} {} {variant}", words[0], words[1]),
        "date": format!("{year}-{month:02}-{day:02}"),
        "lang": if russian { "ru" } else { "en" },
        "type": "news",
        "tags": {"country": [format!("c{}", i % 7)]},
        "body": format!("{} {} {} article{i}", words[2], words[3], words[4]),
    })
    .to_string()
}

fn corpus(articles: impl IntoIterator<Item = String>) -> String {
    articles.into_iter().map(|a| a + "\n").collect()
}

/// Builds `idx` from `articles.jsonl` in `dir`; returns the summary.
fn build(dir: &Path, extra: &[&str]) -> String {
    let mut args = vec!["build", "articles.jsonl", "--out", "idx", "--no-widget"];
    args.extend_from_slice(extra);
    run_in(dir, &args).success().stdout
}

/// The URLs of a search, in order.
fn search(dir: &Path, index: &str, query: &str) -> Vec<String> {
    run_in(dir, &["search", "--index", index, "--json", "--limit", "30", query]).success().urls()
}

/// Asserts that the index in `idx` answers as a full build of the same inputs, `full`.
fn answers_as_a_full_build(dir: &Path) {
    build_full(dir);
    for query in [
        "court",
        "правозащитник",
        "updated",
        "article7",
        "article400",
        "freedom prison",
        "moscw",
        "zhovtis",
    ] {
        assert_eq!(search(dir, "idx", query), search(dir, "full", query), "{query}");
    }
}

fn build_full(dir: &Path) {
    run_in(dir, &["build", "articles.jsonl", "--out", "full", "--no-widget", "--full"]).success();
}

#[test]
fn adding_an_article_updates_the_index_and_rewrites_little() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "articles.jsonl", corpus((0..400).map(|i| article(i, ""))));
    let first = build(dir.path(), &[]);
    assert!(!first.contains("mode"), "a first build is simply a build: {first}");
    let before = snapshot(&dir.path().join("idx"));

    write(dir.path(), "articles.jsonl", corpus((0..401).map(|i| article(i, ""))));
    let summary = build(dir.path(), &[]);
    assert!(summary.contains("update: 1 added, 0 changed, 0 deleted"), "{summary}");
    let after = snapshot(&dir.path().join("idx"));
    // Rewritten: the tail's shards, the last block, the small files that name files. The
    // base's shards and every other block are kept (at this size the record of sources and
    // the small files weigh as much as the rest; BENCHMARKS.md measures a real archive).
    let changed = |prefix: &str| {
        after.keys().filter(|n| n.starts_with(prefix) && !before.contains_key(*n)).count()
    };
    let kept = |prefix: &str| {
        before.keys().filter(|n| n.starts_with(prefix) && after.contains_key(*n)).count()
    };
    assert!(kept("terms-") >= 1 && kept("meta-") >= 3, "base shards and old blocks are kept");
    assert_eq!((changed("meta-"), changed("text-")), (1, 1), "only the last block is rewritten");
    answers_as_a_full_build(dir.path());
    // Appended articles give the very bytes of a full build.
    let full = snapshot(&dir.path().join("full"));
    assert_eq!(after.keys().collect::<Vec<_>>(), full.keys().collect::<Vec<_>>());
    assert!(after == full, "an update that only adds differs from a full build");
}

#[test]
fn changed_and_deleted_articles_are_updated_in_place() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "articles.jsonl", corpus((0..400).map(|i| article(i, ""))));
    build(dir.path(), &[]);
    let articles =
        (0..400).filter(|&i| i != 7).map(|i| article(i, if i == 5 { "updated" } else { "" }));
    write(dir.path(), "articles.jsonl", corpus(articles));
    let summary = build(dir.path(), &[]);
    assert!(summary.contains("update: 0 added, 1 changed, 1 deleted"), "{summary}");
    answers_as_a_full_build(dir.path());
    assert_eq!(search(dir.path(), "idx", "updated"), ["/news/5"]);
    assert!(search(dir.path(), "idx", "article7 ").is_empty());

    // The same inputs again change nothing, and give the same bytes.
    let before = snapshot(&dir.path().join("idx"));
    let again = build(dir.path(), &[]);
    assert!(again.contains("update: 0 added, 0 changed, 0 deleted"), "{again}");
    assert!(
        snapshot(&dir.path().join("idx")) == before,
        "an update with no change rewrote the index"
    );
}

#[test]
fn what_an_update_cannot_keep_sound_is_built_in_full_and_said_so() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "articles.jsonl", corpus((0..400).map(|i| article(i, ""))));
    build(dir.path(), &[]);
    // An article dated before the newest would take a number among the older ones.
    let mut articles: Vec<String> = (0..400).map(|i| article(i, "")).collect();
    articles.push(article(3, "late").replace("/news/3", "/news/backdated"));
    write(dir.path(), "articles.jsonl", corpus(articles));
    let summary = build(dir.path(), &[]);
    assert!(
        summary.contains("full build: an added article is dated before the newest"),
        "{summary}"
    );
    answers_as_a_full_build(dir.path());
    // --full asks for it.
    let summary = build(dir.path(), &["--full"]);
    assert!(!summary.contains("update:"), "{summary}");
}
