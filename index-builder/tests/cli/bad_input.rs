//! Bad input: a clear message naming the file and line and the reason, a non-zero exit,
//! and the previous index untouched; `--skip-bad` names each record it skips.

use std::path::Path;

use crate::util::{names, record, run_in, snapshot, write};

/// Builds a good index into `dir/out`, runs a build that must fail with `args`, and checks
/// the message holds every fragment and the old index survived byte for byte.
fn check_fails(dir: &Path, args: &[&str], fragments: &[&str]) {
    write(dir, "good.jsonl", record("/good", "A good record", Some("2024-01-02"), "fine"));
    run_in(dir, &["build", "good.jsonl", "--out", "out", "--quiet", "--no-widget"]).success();
    let before = snapshot(&dir.join("out"));
    let entries_before = names(dir);

    let mut full = vec!["build"];
    full.extend_from_slice(args);
    full.extend_from_slice(&["--out", "out", "--no-widget"]);
    let run = run_in(dir, &full).failure();
    for fragment in fragments {
        assert!(run.stderr.contains(fragment), "{fragment:?} not in:\n{}", run.stderr);
    }
    assert!(run.stderr.contains("out keeps its previous index"), "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert_eq!(snapshot(&dir.join("out")), before, "the previous index changed");
    assert_eq!(names(dir), entries_before, "a temporary directory was left behind");
}

#[test]
fn malformed_json_line() {
    let dir = tempfile::tempdir().unwrap();
    let good = record("/a", "Alpha", None, "x");
    write(dir.path(), "bad.jsonl", format!("{good}\n{{\"url\": \"/b\", \"title\": \n{good}\n"));
    check_fails(
        dir.path(),
        &["bad.jsonl"],
        &["bad.jsonl:2: malformed JSON record: EOF while parsing"],
    );
}

#[test]
fn record_without_title() {
    let dir = tempfile::tempdir().unwrap();
    let lines = [record("/a", "Alpha", None, "x"), record("/b", "   ", None, "y")];
    write(dir.path(), "bad.jsonl", lines.join("\n"));
    check_fails(dir.path(), &["bad.jsonl"], &["bad.jsonl:2: record has no title"]);
    write(dir.path(), "missing.jsonl", "{\"url\": \"/c\", \"body\": \"no title key\"}\n");
    check_fails(dir.path(), &["missing.jsonl"], &["missing.jsonl:1: record has no title"]);
}

#[test]
fn invalid_utf8() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = format!("{}\n", record("/a", "Alpha", None, "x")).into_bytes();
    bytes.extend_from_slice(b"{\"url\": \"/b\", \"title\": \"caf\xe9\"}\n");
    write(dir.path(), "latin1.jsonl", bytes);
    check_fails(
        dir.path(),
        &["latin1.jsonl"],
        &["latin1.jsonl:2: invalid UTF-8 at byte offset 27 of the line"],
    );
    write(dir.path(), "site/page.html", b"<html><body><h1>caf\xe9</h1></body></html>");
    check_fails(dir.path(), &["site"], &["site/page.html: invalid UTF-8 at byte offset 19"]);
}

#[test]
fn missing_or_unreadable_input() {
    let dir = tempfile::tempdir().unwrap();
    check_fails(
        dir.path(),
        &["nowhere.jsonl"],
        &["nowhere.jsonl: cannot read: No such file or directory"],
    );
    check_fails(dir.path(), &["notes.txt"], &["notes.txt: cannot read"]);
    write(dir.path(), "list.csv", "a,b\n");
    check_fails(dir.path(), &["list.csv"], &["list.csv: not an input Sift reads"]);
    // A page that is a dangling link cannot be read.
    write(dir.path(), "site/a.html", "<html><body><h1>Alpha</h1></body></html>");
    #[cfg(unix)]
    std::os::unix::fs::symlink("gone.html", dir.path().join("site/b.html")).unwrap();
    #[cfg(unix)]
    check_fails(dir.path(), &["site"], &["site/b.html: cannot read: No such file or directory"]);
}

#[test]
fn html_page_without_the_selected_content() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "sift.toml", "[html]\nbody = \"main article\"\n");
    write(
        dir.path(),
        "site/a.html",
        "<html><body><main><article><h1>A</h1></article></main></body></html>",
    );
    write(
        dir.path(),
        "site/b.html",
        "<html><body><main><h1>B</h1><p>no article</p></main></body></html>",
    );
    check_fails(
        dir.path(),
        &["site", "--config", "sift.toml"],
        &["site/b.html: no content: selector `main article` matches nothing on the page"],
    );
    write(
        dir.path(),
        "untitled/c.html",
        "<html><body><p>Text but no heading or title.</p></body></html>",
    );
    check_fails(dir.path(), &["untitled"], &["untitled/c.html: record has no title"]);
}

#[test]
fn bad_date() {
    let dir = tempfile::tempdir().unwrap();
    let lines = [
        record("/a", "Alpha", Some("1987-02-26"), "x"),
        record("/b", "Beta", Some("26/02/1987"), "y"),
    ];
    write(dir.path(), "bad.jsonl", lines.join("\n"));
    check_fails(
        dir.path(),
        &["bad.jsonl"],
        &["bad.jsonl:2: bad date \"26/02/1987\": expected an ISO date such as 2024-03-15"],
    );
    write(dir.path(), "feb.jsonl", record("/c", "Gamma", Some("2023-02-29"), "z"));
    check_fails(dir.path(), &["feb.jsonl"], &["feb.jsonl:1: bad date \"2023-02-29\""]);
}

#[test]
fn empty_corpus() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "empty.jsonl", "\n\n");
    check_fails(
        dir.path(),
        &["empty.jsonl"],
        &["no documents to index: the inputs hold no records"],
    );
    // A directory with no page at all is named: usually the generator wrote elsewhere.
    write(dir.path(), "public/style.css", "body {}");
    check_fails(
        dir.path(),
        &["empty.jsonl", "public"],
        &["public: no HTML pages (.html, .htm) or Markdown files (.md) in it"],
    );
    write(dir.path(), "bad.jsonl", "not json\n{\"url\": \"/x\"}\n");
    check_fails(
        dir.path(),
        &["bad.jsonl", "--skip-bad"],
        &["no documents to index: all 2 records were bad and skipped"],
    );
}

#[test]
fn bad_config() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "sift.toml", "site = \"News\"\ntitel = \"x\"\n");
    check_fails(
        dir.path(),
        &["good.jsonl", "--config", "sift.toml"],
        &["sift.toml: line 2: unknown field `titel`"],
    );
    write(dir.path(), "sift.toml", "[ranking]\ntitle_boost = -1.0\n");
    check_fails(
        dir.path(),
        &["good.jsonl", "--config", "sift.toml"],
        &["sift.toml: ranking.title_boost is -1, but must be between 0 and 1000"],
    );
}

#[test]
fn a_directory_that_is_not_an_index_is_never_replaced() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "good.jsonl", record("/good", "A good record", None, "fine"));
    write(dir.path(), "docs/notes.txt", "my notes");
    let run =
        run_in(dir.path(), &["build", "good.jsonl", "--out", "docs", "--no-widget"]).failure();
    assert!(
        run.stderr.contains(
            "docs: refusing to replace: it holds notes.txt, which index-builder did not write"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read_to_string(dir.path().join("docs/notes.txt")).unwrap(), "my notes");
}

#[test]
fn skip_bad_builds_the_good_records_and_names_each_bad_one() {
    let dir = tempfile::tempdir().unwrap();
    let lines = [
        record("/a", "Alpha cocoa", Some("1987-02-26"), "first"),
        "{broken".to_string(),
        record("/b", "", None, "untitled"),
        record("/c", "Gamma cocoa", Some("1987-13-01"), "bad month"),
        record("/d", "Delta cocoa", None, "last"),
    ];
    write(dir.path(), "mixed.jsonl", lines.join("\n"));
    let run =
        run_in(dir.path(), &["build", "mixed.jsonl", "--out", "out", "--skip-bad", "--no-widget"])
            .success();
    for warning in [
        "warning: skipped mixed.jsonl:2: malformed JSON record",
        "warning: skipped mixed.jsonl:3: record has no title",
        "warning: skipped mixed.jsonl:4: bad date \"1987-13-01\"",
    ] {
        assert!(run.stderr.contains(warning), "{warning:?} not in:\n{}", run.stderr);
    }
    assert!(run.stdout.contains("indexed 2 documents"), "{}", run.stdout);
    assert!(run.stdout.contains("skipped    3 bad records"), "{}", run.stdout);
    let found = run_in(dir.path(), &["search", "--index", "out", "--json", "cocoa"]).success();
    let mut urls = found.urls();
    urls.sort();
    assert_eq!(urls, ["/a", "/d"]);
}

#[test]
fn a_url_that_is_not_a_web_link_is_refused_where_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let lines = [
        record("/a", "Alpha", None, "x"),
        record("javascript:alert(document.domain)", "Beta", None, "y"),
        record("  JaVa\tScript:alert(1)", "Gamma", None, "z"),
        record("https://example.org/d", "Delta", None, "w"),
    ];
    write(dir.path(), "links.jsonl", lines.join("\n"));
    check_fails(
        dir.path(),
        &["links.jsonl"],
        &["links.jsonl:2: url \"javascript:alert(document.domain)\" is not a web link: only http, https and relative URLs are indexed"],
    );
    write(
        dir.path(),
        "md/a.md",
        "---\ntitle: Data\nurl: \"data:text/html,<script>alert(1)</script>\"\n---\nText.\n",
    );
    check_fails(dir.path(), &["md"], &["md/a.md: url \"data:text/html,"]);
    write(dir.path(), "sift.toml", "base_url = \"javascript:alert(1)//\"\n");
    write(dir.path(), "site/a.html", "<html><body><h1>A</h1></body></html>");
    check_fails(
        dir.path(),
        &["site", "--config", "sift.toml"],
        &["sift.toml: base_url \"javascript:alert(1)//\" is not a web link"],
    );

    // --skip-bad skips them, naming each, and keeps the web links.
    let run =
        run_in(dir.path(), &["build", "links.jsonl", "--out", "skip", "--skip-bad", "--no-widget"])
            .success();
    assert!(run.stderr.contains("warning: skipped links.jsonl:2: url"), "{}", run.stderr);
    assert!(run.stderr.contains("warning: skipped links.jsonl:3: url"), "{}", run.stderr);
    let found = run_in(
        dir.path(),
        &["search", "--index", "skip", "--json", "alpha OR beta OR gamma OR delta"],
    )
    .success();
    let mut urls = found.urls();
    urls.sort();
    assert_eq!(urls, ["/a", "https://example.org/d"]);
}

#[test]
fn a_line_longer_than_a_record_may_be_is_refused_where_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let long = record("/long", "Long", None, &"word ".repeat((16 << 20) / 5 + 1));
    let lines = [record("/a", "Alpha", None, "x"), long, record("/c", "Gamma", None, "z")];
    write(dir.path(), "long.jsonl", lines.join("\n"));
    check_fails(
        dir.path(),
        &["long.jsonl"],
        &["long.jsonl:2: the line is longer than 16777216 bytes, the most a record may take"],
    );
    let run =
        run_in(dir.path(), &["build", "long.jsonl", "--out", "skip", "--skip-bad", "--no-widget"])
            .success();
    assert!(
        run.stderr.contains("warning: skipped long.jsonl:2: the line is longer"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.contains("indexed 2 documents"), "{}", run.stdout);
    let found = run_in(dir.path(), &["search", "--index", "skip", "--json", "gamma"]).success();
    assert_eq!(found.urls(), ["/c"]);
}

#[test]
fn more_facets_or_facet_values_than_an_index_holds_are_refused_where_they_start() {
    let dir = tempfile::tempdir().unwrap();
    let record_with = |url: &str, tags: serde_json::Value| {
        serde_json::json!({"url": url, "title": "T", "tags": tags}).to_string()
    };
    let values: Vec<String> = (0..=65_536).map(|i| format!("v{i}")).collect();
    let lines = [
        record_with("/a", serde_json::json!({"topic": ["v0"]})),
        record_with("/b", serde_json::json!({"topic": values})),
    ];
    write(dir.path(), "values.jsonl", lines.join("\n"));
    check_fails(
        dir.path(),
        &["values.jsonl"],
        &["values.jsonl:2: facet value \"v65536\" is one more than the 65536 a facet may have"],
    );
    // --skip-bad does not hide it: the limit is the corpus's, not one record's.
    let run =
        run_in(dir.path(), &["build", "values.jsonl", "--out", "x", "--skip-bad", "--no-widget"]);
    assert!(run.failure().stderr.contains("values.jsonl:2: facet value"));

    let facets: serde_json::Map<String, serde_json::Value> =
        (0..=65_535).map(|i| (format!("f{i:05}"), serde_json::json!("x"))).collect();
    write(dir.path(), "facets.jsonl", record_with("/c", serde_json::Value::Object(facets)));
    check_fails(
        dir.path(),
        &["facets.jsonl"],
        &["facets.jsonl:1: facet `f65535` is one more than the 65535 an index may hold"],
    );
}
