//! Incremental builds: a build into a directory that holds an index updates it, rewriting
//! only what changed, and answers every query as a full build of the same inputs does.

use std::collections::BTreeMap;
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

/// Writes the site of articles `0..count` into `name` as a site generator renders it: every
/// page carries a "latest news" aside listing the three newest articles and a footer with
/// the time of the run, so every page's bytes change on every run.
/// The articles in `changed` get another body.
fn render_site(dir: &Path, name: &str, count: u32, stamp: &str, changed: &[u32]) {
    let site = dir.join(name);
    let _ = std::fs::remove_dir_all(&site);
    let latest: String = (count.saturating_sub(3)..count)
        .map(|i| format!("<li><a href=\"/news/{i}.html\">article {i}</a></li>"))
        .collect();
    for i in 0..count {
        let record: serde_json::Value = serde_json::from_str(&article(i, "")).unwrap();
        let body = match (changed.contains(&i), record["lang"] == "ru") {
            (true, true) => "обновлённый текст статьи".to_string(),
            (true, false) => "updated text of the article".to_string(),
            (false, _) => record["body"].as_str().unwrap().to_string(),
        };
        let page = format!(
            "<!doctype html>\n<html lang=\"{lang}\"><head><title>{title}</title>\
             <meta name=\"date\" content=\"{date}\"></head><body><main>\
             <article data-pagefind-body><h1>{title}</h1>\
             <span data-pagefind-filter=\"country\">{country}</span><p>{body}</p></article>\
             <aside data-pagefind-ignore=\"all\"><h2>Latest news</h2><ul>{latest}</ul></aside>\
             </main><footer>Rendered {stamp}</footer></body></html>\n",
            lang = record["lang"].as_str().unwrap(),
            title = record["title"].as_str().unwrap(),
            date = record["date"].as_str().unwrap(),
            country = record["tags"]["country"][0].as_str().unwrap(),
        );
        write(&site, &format!("news/{i}.html"), page);
    }
}

/// Builds `out` from the rendered site `site` in `dir`; returns the summary.
fn build_site(dir: &Path, site: &str, out: &str, extra: &[&str]) -> String {
    let mut args = vec!["build", site, "--out", out, "--no-widget"];
    args.extend_from_slice(extra);
    run_in(dir, &args).success().stdout
}

#[test]
fn a_site_rendered_again_around_one_new_article_is_a_small_update() {
    let dir = tempfile::tempdir().unwrap();
    // Two copies of one site: one rendered again in full, one given only the new page.
    render_site(dir.path(), "site", 400, "monday", &[]);
    render_site(dir.path(), "only-new", 400, "monday", &[]);
    build_site(dir.path(), "site", "idx", &[]);
    build_site(dir.path(), "only-new", "only", &[]);
    let before = snapshot(&dir.path().join("idx"));

    // The generator renders all 401 pages again: every page's bytes change (its aside and
    // footer), but only the new article changes what the index holds.
    render_site(dir.path(), "site", 401, "tuesday", &[]);
    let new_page = std::fs::read(dir.path().join("site/news/400.html")).unwrap();
    write(&dir.path().join("only-new"), "news/400.html", new_page);
    let summary = build_site(dir.path(), "site", "idx", &[]);
    assert!(
        summary.contains(
            "update: 1 added, 0 changed, 0 deleted, 400 with new bytes but the same document"
        ),
        "{summary}"
    );
    build_site(dir.path(), "only-new", "only", &[]);
    let after = snapshot(&dir.path().join("idx"));
    let written = |index: &BTreeMap<String, Vec<u8>>| -> Vec<String> {
        index.iter().filter(|(n, b)| before.get(*n) != Some(*b)).map(|(n, _)| n.clone()).collect()
    };
    // It writes what publishing the new page alone writes: the same files by name (their
    // content's hash); only the build record holds the new hashes (and the entry and the
    // manifest name it).
    let fetched = |names: Vec<String>| -> Vec<String> {
        names.into_iter().filter(|n| !n.starts_with("sources-") && n != "sift-files.txt").collect()
    };
    let only = snapshot(&dir.path().join("only"));
    assert_eq!(fetched(written(&after)), fetched(written(&only)));
    assert_eq!(written(&after).len(), written(&only).len());
    assert!(
        written(&after).len() * 2 < after.len(),
        "{:?} of {} files",
        written(&after),
        after.len()
    );
    build_site(dir.path(), "site", "full", &["--full"]);
    for query in ["court", "правозащитник", "article400", "freedom prison", "moscw", "zhovtis"]
    {
        assert_eq!(search(dir.path(), "idx", query), search(dir.path(), "full", query), "{query}");
    }
    assert_eq!(search(dir.path(), "idx", "article400"), ["/news/400.html"]);
    // The same pages again: their new hashes were recorded, so none is parsed and the
    // index keeps its bytes.
    let again = build_site(dir.path(), "site", "idx", &[]);
    assert!(again.contains("update: 0 added, 0 changed, 0 deleted;"), "{again}");
    assert!(
        snapshot(&dir.path().join("idx")) == after,
        "an update with no change rewrote the index"
    );
}

#[test]
fn a_changed_article_in_a_site_rendered_again_is_found_among_the_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    render_site(dir.path(), "site", 400, "monday", &[]);
    build_site(dir.path(), "site", "idx", &[]);
    // A Russian and an English article changed, in a site whose every page changed.
    render_site(dir.path(), "site", 400, "tuesday", &[8, 9]);
    let summary = build_site(dir.path(), "site", "idx", &[]);
    assert!(
        summary.contains("update: 0 added, 2 changed, 0 deleted, 398 with new bytes"),
        "{summary}"
    );
    assert_eq!(search(dir.path(), "idx", "updated"), ["/news/9.html"]);
    assert_eq!(search(dir.path(), "idx", "обновлённый"), ["/news/8.html"]);
    build_site(dir.path(), "site", "full", &["--full"]);
    for query in ["updated", "обновлённого", "article8", "article9", "правозащитник", "court"]
    {
        assert_eq!(search(dir.path(), "idx", query), search(dir.path(), "full", query), "{query}");
    }
}
