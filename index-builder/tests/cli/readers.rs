//! The readers, through the command: HTML pages in the shape the site renderer writes, a
//! Pagefind site as it is, and Markdown with YAML and TOML front matter.

use crate::util::{run_in, write};

/// An article page in the shape of `crates/xtask/src/site.rs` (see HELPERS.md).
fn article_page(
    title: &str,
    date: Option<&str>,
    kind: &str,
    places: &[&str],
    body: &str,
) -> String {
    let time = date.map_or(String::new(), |d| {
        format!(r#"<time datetime="{d}" data-pagefind-sort="date:{d}" data-pagefind-meta="date:{d}">{d} in words</time>"#)
    });
    let title = title.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    let tags: String = places
        .iter()
        .map(|p| {
            format!(
                r#"<li><a href="/news.html?places={p}" data-pagefind-filter="places">{p}</a></li>"#
            )
        })
        .collect();
    format!(
        r#"<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>{title} | Site</title></head>
<body>
<header class="site-header" data-pagefind-ignore="all"><form>Quick search headerword</form>
  <span data-pagefind-filter="places">headerland</span></header>
<main>
 <article data-pagefind-body>
  <h1>{title}</h1>
  <div class="article-meta" data-pagefind-ignore>
    {time}
    <span data-pagefind-filter="type">{kind}</span>
    <ul class="tags">{tags}</ul>
  </div>
  <div class="article-body"><p>{body}</p><p>Second paragraph.</p></div>
 </article>
 <aside class="latest" data-pagefind-ignore="all">Latest news asideword</aside>
</main>
</body></html>"#
    )
}

#[test]
fn html_pages_in_the_site_shape() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    write(
        &site,
        "news/cocoa/index.html",
        article_page(
            "Bahia cocoa review",
            Some("1987-02-26"),
            "news",
            &["usa", "brazil"],
            "Showers continued in the Bahia cocoa zone.",
        ),
    );
    write(
        &site,
        "news/brief.html",
        article_page("Wheat <brief>", None, "brief", &[], "Wheat exports fell."),
    );
    // The site's listing page has no data-pagefind-body: it is left out, as Pagefind does.
    write(&site, "index.html", "<html><body><h1>Home</h1><p>cocoa wheat</p></body></html>");

    let run = run_in(dir.path(), &["build", "site", "--out", "idx", "--no-widget"]).success();
    assert!(run.stdout.contains("indexed 2 documents"), "{}", run.stdout);
    // Standard error is not a terminal here: no progress bar, nothing at all.
    assert_eq!(run.stderr, "");
    assert!(run.stdout.contains("left out   1 pages without data-pagefind-body"), "{}", run.stdout);

    let hits =
        run_in(dir.path(), &["search", "--index", "idx", "--json", "cocoa"]).success().json();
    assert_eq!(hits.len(), 1);
    let hit = &hits[0];
    assert_eq!(hit["url"], "/news/cocoa/");
    assert_eq!(hit["title"], "Bahia cocoa review");
    assert_eq!(hit["date"], "1987-02-26");
    assert_eq!(hit["type"], "news");
    // The header's filter counts, as it does for Pagefind: `data-pagefind-ignore="all"`
    // hides filters only inside the content root.
    let mut places: Vec<&str> =
        hit["facets"]["places"].as_array().unwrap().iter().filter_map(|v| v.as_str()).collect();
    places.sort_unstable();
    assert_eq!(places, ["brazil", "headerland", "usa"]);
    assert_eq!(hit["lang"], "en");
    let snippet = hit["snippet"].as_str().unwrap();
    assert!(snippet.contains("Showers continued"), "{snippet}");
    // The title element, the ignored meta block and the hidden parts are not body text.
    for absent in ["review", "in words", "headerword", "asideword", "headerland"] {
        assert!(!snippet.contains(absent), "{absent:?} in {snippet:?}");
    }
    for hidden in ["headerword", "asideword", "words", "headerland"] {
        let found =
            run_in(dir.path(), &["search", "--index", "idx", "--json", "--no-typos", hidden])
                .success();
        assert_eq!(found.urls(), Vec::<String>::new(), "{hidden} was indexed");
    }
    let wheat =
        run_in(dir.path(), &["search", "--index", "idx", "--json", "wheat"]).success().json();
    assert_eq!(wheat[0]["url"], "/news/brief.html");
    assert_eq!(wheat[0]["title"], "Wheat <brief>");
    assert_eq!(wheat[0]["date"], serde_json::Value::Null);
    assert_eq!(wheat[0]["type"], "brief");
}

#[test]
fn a_pagefind_site_moves_over_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("public");
    write(
        &site,
        "posts/first/index.html",
        r#"<html lang="ru"><head><title>ignored</title>
        <meta name="date" content="2021-05-04"></head><body>
        <nav>Menu navword</nav>
        <div class="post" data-pagefind-body>
          <span data-pagefind-meta="title">Первая запись блога</span>
          <span data-pagefind-filter="author:Анна Петрова"></span>
          <img src="/x.png" alt="pic" data-pagefind-filter="kind[data-kind]" data-kind="photo">
          <p>Текст о погоде в Москве.</p>
          <div data-pagefind-ignore>Поделиться shareword</div>
        </div></body></html>"#,
    );
    write(&site, "tags/index.html", "<html><body><h1>Tags</h1></body></html>");
    run_in(
        dir.path(),
        &["build", "public", "--out", "idx", "--no-widget", "--base-url", "https://blog.example/"],
    )
    .success();
    let hits =
        run_in(dir.path(), &["search", "--index", "idx", "--json", "погода"]).success().json();
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0]["url"], "https://blog.example/posts/first/");
    assert_eq!(hits[0]["title"], "Первая запись блога");
    assert_eq!(hits[0]["date"], "2021-05-04");
    assert_eq!(hits[0]["lang"], "ru");
    assert_eq!(hits[0]["facets"]["author"], serde_json::json!(["Анна Петрова"]));
    assert_eq!(hits[0]["facets"]["kind"], serde_json::json!(["photo"]));
    for absent in ["navword", "shareword", "tags"] {
        let found =
            run_in(dir.path(), &["search", "--index", "idx", "--json", "--no-typos", absent])
                .success();
        assert!(found.urls().is_empty(), "{absent} was indexed");
    }
}

#[test]
fn html_selectors_from_the_config_file() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "sift.toml",
        "lang = \"en\"\n[html]\nbody = \".story\"\ntitle = \".headline\"\ndate = \".when\"\n\
         ignore = [\".ad\"]\n[html.facets]\ncountry = \".country\"\n",
    );
    write(
        dir.path(),
        "site/a.html",
        r#"<html><body><div class="story"><p class="headline">Rates cut in Oslo</p>
        <span class="when">2022-11-03</span><a class="country">Norway</a>
        <div class="ad">Buy adword now</div><p>The central bank cut rates.</p></div></body></html>"#,
    );
    run_in(dir.path(), &["build", "site", "--out", "idx", "--no-widget", "--config", "sift.toml"])
        .success();
    let hits =
        run_in(dir.path(), &["search", "--index", "idx", "--json", "rates"]).success().json();
    assert_eq!(hits[0]["url"], "/a.html");
    assert_eq!(hits[0]["title"], "Rates cut in Oslo");
    assert_eq!(hits[0]["date"], "2022-11-03");
    assert_eq!(hits[0]["facets"]["country"], serde_json::json!(["Norway"]));
    let ad = run_in(dir.path(), &["search", "--index", "idx", "--json", "--no-typos", "adword"])
        .success();
    assert!(ad.urls().is_empty());
}

#[test]
fn markdown_with_yaml_and_toml_front_matter() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "content/news/yaml-post.md",
        "---\ntitle: Helsinki talks resume\ndate: 2024-03-15\ntype: news\n\
         tags:\n  country: [Finland]\n---\n# Helsinki talks resume\n\n\
         Delegates met in **Helsinki** on [Friday](https://x.example).\n",
    );
    write(
        dir.path(),
        "content/ru/_index.md",
        "+++\ntitle = \"Выборы в парламент\"\ndate = 2020-09-13\nlang = \"ru\"\n\
         url = \"/ru/vybory/\"\ntags = [\"выборы\"]\n+++\nВ воскресенье прошли выборы.\n",
    );
    write(dir.path(), "content/notes.md", "# Plain note\n\nNo front matter, only a heading.\n");
    run_in(dir.path(), &["build", "content", "--out", "idx", "--no-widget"]).success();

    let hits =
        run_in(dir.path(), &["search", "--index", "idx", "--json", "delegates"]).success().json();
    assert_eq!(hits[0]["url"], "/news/yaml-post/");
    assert_eq!(hits[0]["title"], "Helsinki talks resume");
    assert_eq!(hits[0]["date"], "2024-03-15");
    assert_eq!(hits[0]["type"], "news");
    assert_eq!(hits[0]["facets"]["country"], serde_json::json!(["Finland"]));
    assert!(hits[0]["snippet"].as_str().unwrap().contains("Delegates met in Helsinki on Friday"));

    let hits =
        run_in(dir.path(), &["search", "--index", "idx", "--json", "выборах"]).success().json();
    assert_eq!(hits[0]["url"], "/ru/vybory/");
    assert_eq!(hits[0]["date"], "2020-09-13");
    assert_eq!(hits[0]["lang"], "ru");
    assert_eq!(hits[0]["facets"]["tags"], serde_json::json!(["выборы"]));

    let hits =
        run_in(dir.path(), &["search", "--index", "idx", "--json", "plain"]).success().json();
    assert_eq!(hits[0]["url"], "/notes/");
    assert_eq!(hits[0]["title"], "Plain note");
}
