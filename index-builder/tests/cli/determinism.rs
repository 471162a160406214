//! The same inputs give byte-identical index directories.

use crate::util::{news_corpus, run_in, snapshot, write};

#[test]
fn two_builds_are_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "news.jsonl", news_corpus());
    for i in 0..40 {
        write(
            dir.path(),
            &format!("site/p{i:02}/index.html"),
            format!("<html lang=\"en\"><body><h1>Page {i}</h1><p>Body of page {i} about cocoa.</p></body></html>"),
        );
    }
    write(dir.path(), "md/a.md", "---\ntitle: Markdown page\n---\nSome text.\n");
    let args = |out: &'static str| {
        ["build", "news.jsonl", "site", "md", "--out", out, "--quiet", "--no-widget"]
    };
    run_in(dir.path(), &args("one")).success();
    run_in(dir.path(), &args("two")).success();
    let (one, two) = (snapshot(&dir.path().join("one")), snapshot(&dir.path().join("two")));
    assert!(one.len() > 5, "{:?}", one.keys());
    assert_eq!(one, two);
    // Building again over an existing index gives the same bytes too.
    run_in(dir.path(), &args("one")).success();
    assert_eq!(snapshot(&dir.path().join("one")), two);
}
