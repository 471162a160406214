//! Tests of the article pages: escaping, path mapping, Pagefind's attributes, undated pages.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use scraper::{Html, Selector};

use super::*;
use crate::sample;

fn record(id: &str, title: &str, date: Option<&str>) -> Record {
    Record {
        id: id.into(),
        url: format!("/news/{id}"),
        title: title.into(),
        date: date.map(Into::into),
        lang: "en".into(),
        kind: "news".into(),
        tags: BTreeMap::from([("country".to_string(), vec!["Russia".to_string()])]),
        body: "First line\nsecond line.\n\n  \nSecond paragraph with <b>tags</b> & \"quotes\"."
            .into(),
    }
}

/// Renders `records` into a fresh directory and parses the page of `records[index]`.
fn render(records: &[Record], index: usize) -> (tempfile::TempDir, String, Html) {
    let dir = tempfile::tempdir().unwrap();
    render_records(records, dir.path(), &SiteOptions::default()).unwrap();
    let path = dir.path().join(page_path(&records[index].url).unwrap());
    let source = std::fs::read_to_string(path).unwrap();
    let parsed = Html::parse_document(&source);
    (dir, source, parsed)
}

fn texts(html: &Html, selector: &str) -> Vec<String> {
    let selector = Selector::parse(selector).unwrap();
    html.select(&selector).map(|e| e.text().collect::<String>()).collect()
}

fn attrs(html: &Html, selector: &str, name: &str) -> Vec<String> {
    let selector = Selector::parse(selector).unwrap();
    html.select(&selector).filter_map(|e| e.value().attr(name).map(String::from)).collect()
}

#[test]
fn hostile_titles_and_bodies_stay_text() {
    let records: Vec<Record> = sample::HOSTILE
        .iter()
        .enumerate()
        .map(|(i, t)| record(&format!("h{i}"), t, None))
        .collect();
    for (i, title) in sample::HOSTILE.iter().enumerate() {
        let (_dir, source, html) = render(&records, i);
        assert_eq!(texts(&html, "title"), [*title]);
        assert_eq!(texts(&html, "article[data-pagefind-body] h1"), [*title]);
        assert!(texts(&html, ".article-body p")[1].contains("<b>tags</b> & \"quotes\""));
        for raw in ["<SRD>", "<img src=x", "<script>alert", "<b>tags"] {
            assert!(!source.contains(raw), "{raw} is not escaped");
        }
        assert!(texts(&html, "img, b").is_empty());
        assert_eq!(attrs(&html, "script", "src"), ["/sift.js"]);
    }
}

#[test]
fn urls_map_to_page_paths() {
    let cases = [
        ("/news/x", "news/x/index.html", "/news/x/"),
        ("/news/x/", "news/x/index.html", "/news/x/"),
        ("news/x", "news/x/index.html", "/news/x/"),
        (
            "/statements/ungdc-AGO-79-2024",
            "statements/ungdc-AGO-79-2024/index.html",
            "/statements/ungdc-AGO-79-2024/",
        ),
        ("/archive/page.html", "archive/page.html", "/archive/page.html"),
        ("/новости/правозащитник", "новости/правозащитник/index.html", "/новости/правозащитник/"),
    ];
    for (url, path, href) in cases {
        assert_eq!(page_path(url).unwrap(), PathBuf::from(path), "{url}");
        assert_eq!(page_href(url), href, "{url}");
    }
    for bad in ["", "/", "/../etc/passwd", "/news/./x", "/a//b", "/a?b=1", "/a#b", "/a\\b", "/a\nb"]
    {
        assert!(page_path(bad).is_err(), "{bad:?} was accepted");
    }
}

#[test]
fn pages_carry_pagefind_attributes() {
    let mut records =
        vec![record("a", "Older", Some("2010-05-01")), record("b", "Newer", Some("1987-02-26"))];
    records[1].tags.insert("topic".into(), vec!["fair trial".into(), "a&b".into()]);
    let (_dir, source, html) = render(&records, 1);
    assert!(source.starts_with("<!doctype html>\n<html lang=\"en\">"));
    assert_eq!(attrs(&html, "header.site-header", "data-pagefind-ignore"), ["all"]);
    assert_eq!(attrs(&html, "aside.latest", "data-pagefind-ignore"), ["all"]);
    assert_eq!(attrs(&html, "article .article-meta", "data-pagefind-ignore"), [""]);
    assert_eq!(texts(&html, "article [data-pagefind-filter=type]"), ["news"]);
    assert_eq!(attrs(&html, "article time", "datetime"), ["1987-02-26"]);
    assert_eq!(attrs(&html, "article time", "data-pagefind-sort"), ["date:1987-02-26"]);
    assert_eq!(attrs(&html, "article time", "data-pagefind-meta"), ["date:1987-02-26"]);
    assert_eq!(texts(&html, "article time"), ["26 February 1987"]);
    assert_eq!(attrs(&html, ".tags a", "data-pagefind-filter"), ["country", "topic", "topic"]);
    assert_eq!(texts(&html, ".tags a"), ["Russia", "fair trial", "a&b"]);
    assert_eq!(
        attrs(&html, ".tags a", "href"),
        [
            "/news.html?sift-country=Russia",
            "/news.html?sift-topic=fair%20trial",
            "/news.html?sift-topic=a%26b"
        ]
    );
    assert_eq!(
        texts(&html, ".article-body p"),
        ["First line\nsecond line.", "Second paragraph with <b>tags</b> & \"quotes\"."]
    );
    assert_eq!(attrs(&html, "header sift-search", "index"), ["/index/"]);
    assert_eq!(texts(&html, "header nav a"), ["Advanced search", "All news"]);
    assert_eq!(texts(&html, "header .nav-label"), ["Quick search"]);
}

#[test]
fn undated_pages_have_no_time() {
    let records = vec![record("a", "Undated", None), record("b", "Dated", Some("2024-12-31"))];
    let (_dir, _source, html) = render(&records, 0);
    assert!(attrs(&html, "article time", "datetime").is_empty());
    assert!(attrs(&html, "[data-pagefind-sort]", "data-pagefind-sort").is_empty());
    // The aside still dates the other article.
    assert_eq!(attrs(&html, "aside time", "datetime"), ["2024-12-31"]);
    assert_eq!(attrs(&html, "aside li a", "href"), ["/news/b/"]);
}

#[test]
fn russian_pages_speak_russian() {
    let mut records = vec![record("a", "Правозащитники под давлением", Some("2011-03-08"))];
    records[0].lang = "ru".into();
    let (_dir, source, html) = render(&records, 0);
    assert!(source.contains("<html lang=\"ru\">"));
    assert_eq!(texts(&html, "article time"), ["8 марта 2011"]);
    assert_eq!(texts(&html, "header nav a"), ["Расширенный поиск", "Все новости"]);
    assert_eq!(texts(&html, "aside h2"), ["Russia: последние новости"]);
}

#[test]
fn bad_records_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let options = SiteOptions::default();
    let twice = vec![record("a", "One", None), record("a", "Two", None)];
    let error = format!("{:#}", render_records(&twice, dir.path(), &options).unwrap_err());
    assert!(error.contains("record 2 (a)") && error.contains("earlier record"), "{error}");
    let mut dated = vec![record("a", "One", Some("26-FEB-1987"))];
    let error = format!("{:#}", render_records(&dated, dir.path(), &options).unwrap_err());
    assert!(error.contains("record 1 (a)") && error.contains("26-FEB-1987"), "{error}");
    dated[0].date = Some("1987-13-01".into());
    assert!(render_records(&dated, dir.path(), &options).is_err());
    dated[0].url = "/../escape".into();
    dated[0].date = None;
    assert!(render_records(&dated, dir.path(), &options).is_err());
    assert!(!dir.path().join("../escape").exists());
}

#[test]
fn sample_site_has_a_page_per_record_and_latest_news_by_country() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("articles.jsonl.gz");
    sample::write(&corpus).unwrap();
    let site = dir.path().join("site");
    let options = SiteOptions { limit: Some(300), ..SiteOptions::default() };
    assert_eq!(render_site(&corpus, &site, &options).unwrap(), 300);
    let records: Vec<Record> = sample::generate().into_iter().take(300).collect();
    for (i, r) in records.iter().enumerate() {
        let page = std::fs::read_to_string(site.join(page_path(&r.url).unwrap())).unwrap();
        let html = Html::parse_document(&page);
        assert_eq!(texts(&html, "h1"), std::slice::from_ref(&r.title));
        let country = &r.tags["country"][0];
        assert_eq!(
            texts(&html, "aside h2")[0],
            format!(
                "{country}: {}",
                if r.lang == "ru" {
                    "последние новости"
                } else {
                    "the latest news"
                }
            )
        );
        let expected: Vec<String> = sample::newest(&records, "country", country, 6)
            .into_iter()
            .filter(|other| other.id != r.id)
            .take(5)
            .map(|other| page_href(&other.url))
            .collect();
        assert_eq!(attrs(&html, "aside li a", "href"), expected, "page {i}");
        for href in expected {
            assert!(site.join(href.trim_start_matches('/')).join("index.html").is_file());
        }
    }
    assert!(!site.join(page_path(&sample::generate()[300].url).unwrap()).exists());
}

#[test]
fn reuters_renders_every_record() {
    let corpora = std::env::var_os("SIFT_CORPORA")
        .map(PathBuf::from)
        .unwrap_or_else(|| crate::project_root().join("../shared/corpora"));
    let corpus = corpora.join("reuters21578/articles.jsonl.gz");
    // Recorded for `cargo xtask test`'s summary (see `crate::ci::CORPUS_RECORD_VAR`).
    let record = |outcome: &str| {
        let Some(dir) = std::env::var_os(crate::ci::CORPUS_RECORD_VAR) else { return };
        let file = PathBuf::from(dir).join("xtask.site.reuters_renders_every_record~reuters21578");
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, outcome).unwrap();
    };
    if !corpus.is_file() {
        let why =
            format!("corpus reuters21578 not found at {} (set SIFT_CORPORA)", corpus.display());
        eprintln!("NOTE: skipping the reuters21578 rendering test: {why}");
        record(&format!("skipped {why}"));
        return;
    }
    record("ran");
    let dir = tempfile::tempdir().unwrap();
    let pages = render_site(&corpus, dir.path(), &SiteOptions::default()).unwrap();
    assert_eq!(pages, read_records(&corpus).unwrap().len());
    let srd = std::fs::read_dir(dir.path().join("news"))
        .unwrap()
        .map(|entry| std::fs::read_to_string(entry.unwrap().path().join("index.html")).unwrap())
        .find(|page| {
            page.contains("<title>STANDARD OIL &lt;SRD&gt; TO FORM FINANCIAL UNIT</title>")
        });
    assert!(srd.is_some_and(|page| !page.contains("<SRD>")));
    assert!(Path::new(dir.path()).join("news/reuters21578-1/index.html").is_file());
}
