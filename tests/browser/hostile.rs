//! Corpus text is never markup: titles such as `<img src=x onerror=alert(1)>` show as text in
//! the quick list and in Advanced search, and nothing in them runs or loads. An index the
//! widget did not build may hold `javascript:` or `data:` URLs: those results show as plain
//! text, with no link, and neither Enter nor a click goes anywhere.

use std::collections::BTreeMap;

use fantoccini::key::Key;
use sift_core::Date;

use super::advanced::{wait_for_answer, Form, ADVANCED};
use super::corpus::Record;
use super::harness::fixtures;
use super::quick::{quick_page, search, INPUT};
use super::session::{wait_for, Browser, ResultItem};
use super::{corpus, session::run};

/// The word only the fixture's hostile records contain.
const WORD: &str = "quuxbaz";

/// What no rendered result may contain: elements made from corpus text.
const INJECTED: &str = "if (!root) return -1;
    const inside = [...root.querySelectorAll('.sift-title *, .sift-snippet *')];
    return root.querySelectorAll('img, script').length
        + inside.filter((e) => e.tagName !== 'MARK').length;";

fn assert_literal(results: &[ResultItem]) {
    let hostile = corpus::read_jsonl(&fixtures().join("hostile.jsonl")).expect("the fixture");
    for record in &hostile {
        let shown = results
            .iter()
            .find(|r| r.path() == record.url)
            .unwrap_or_else(|| panic!("{} is not among the results: {results:#?}", record.url));
        assert_eq!(shown.title_raw.as_deref().map(str::trim), Some(record.title.as_str()));
        assert!(
            shown.title_elements.iter().all(|tag| tag == "mark"),
            "the title of {} made elements: {:?}",
            record.url,
            shown.title_elements
        );
    }
}

async fn assert_nothing_ran(b: &Browser) {
    let injected = b.js(INJECTED, vec![]).await;
    assert_eq!(injected.as_i64(), Some(0), "corpus text became elements in the widget");
    let fetched: Vec<String> = b.env.site.log().into_iter().map(|r| r.path).collect();
    for path in ["/x", "/y", "/t/x", "/t/y"] {
        assert!(!fetched.iter().any(|p| p == path), "an <img> from corpus text loaded {path}");
    }
    // hooks.js records an alert as an error; the test's final check asserts none.
}

#[test]
fn markup_in_titles_shows_as_text_in_the_quick_list() {
    run(|mut b| async move {
        b.open(&quick_page(b.env, "hostile")).await;
        b.quick_ready().await;
        let shown = search(&b, WORD).await;
        assert_literal(&shown.options);
        assert_nothing_ran(&b).await;
        b
    });
}

#[test]
fn markup_in_titles_shows_as_text_in_advanced_search() {
    run(|mut b| async move {
        let form = Form { q: WORD.into(), ..Form::default() };
        b.use_widget(ADVANCED);
        b.open(&format!("/search.html{}", form.query_string())).await;
        let shown = wait_for_answer(&b, &form, "the hostile records").await;
        assert_literal(&shown.results);
        assert_nothing_ran(&b).await;
        b
    });
}

/// The word of the hand-made index with hostile URLs.
const TRAP: &str = "zyxwvut";

/// Records whose URLs run script or carry a document, beside one ordinary article.
fn trap_records() -> Vec<Record> {
    let record = |url: &str, title: &str, day: &str| Record {
        url: url.to_owned(),
        title: title.to_owned(),
        date: Date::parse_iso(day),
        lang: "en".to_owned(),
        facets: BTreeMap::from([("type".to_owned(), vec!["news".to_owned()])]),
        body: format!("{TRAP} is the word of every record here; only one is safe to open."),
    };
    vec![
        record("javascript:alert(document.domain)", "Zyxwvut script link", "2020-01-04"),
        record(" JaVa\tScRiPt:alert(2)", "Zyxwvut disguised script link", "2020-01-03"),
        record("data:text/html,<script>alert(3)</script>", "Zyxwvut data link", "2020-01-02"),
        record("/news/zyxwvut-safe", "Zyxwvut safe article", "2020-01-01"),
    ]
}

/// Whether a result title is the safe record's.
fn safe(title: Option<&str>) -> bool {
    title.is_some_and(|t| t.contains("safe"))
}

#[test]
fn results_whose_urls_are_not_http_show_as_text_and_never_open() {
    run(|mut b| async move {
        let env = b.env;
        let (index, server) = env.custom_index("trap-index", &trap_records());
        let page = env.page(
            "trap",
            &format!(
                "<sift-search mode=\"quick\" index=\"{0}/\"></sift-search>\n\
                 <sift-search mode=\"advanced\" index=\"{0}/\"></sift-search>\n\
                 <sift-search mode=\"latest\" index=\"{0}/\"></sift-search>",
                server.url()
            ),
        );
        b.open(&format!("{page}?sift-q={TRAP}")).await;
        b.use_widget("sift-search[mode=quick]");
        b.quick_ready().await;
        b.type_into(INPUT, TRAP).await;
        let total = index.quick(TRAP).total;
        assert_eq!(total, 4, "the hand-made index finds every record");
        let shown = wait_for!("every trap in the drop-down", b.quick().await, |q| {
            q.options.len() == total
        });
        for option in &shown.options {
            let href = option.href.as_deref();
            if safe(option.title.as_deref()) {
                let want = format!("{}/news/zyxwvut-safe", server.url());
                assert_eq!(href, Some(want.as_str()), "the safe result's link");
            } else {
                assert_eq!(href, None, "{:?} links somewhere", option.title);
            }
        }
        let none = "return [...root.querySelectorAll('a[href]')]
            .filter((a) => !/^https?:/.test(a.href)).map((a) => a.href);";
        assert_eq!(b.js(none, vec![]).await, serde_json::json!([]), "links that are not http");

        // Enter and a click on a result without a link go nowhere (and run nothing).
        let here = b.url().await;
        let trap = shown.options.iter().position(|o| !safe(o.title.as_deref())).expect("a trap");
        for _ in 0..=trap {
            b.press(INPUT, Key::Down).await;
        }
        let id = shown.options[trap].id.clone();
        wait_for!("the trap to be active", b.quick().await, |q| q.active == id);
        b.press(INPUT, Key::Enter).await;
        b.click(&format!("[role=option]:nth-child({})", trap + 1)).await;
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        assert_eq!(b.url().await, here, "a result without a link opened something");

        // The result list and the latest news show them as text too.
        b.use_widget("sift-search[mode=advanced]");
        let listed =
            wait_for!("the advanced results", b.advanced().await, |a| a.results.len() == total);
        for result in &listed.results {
            assert_eq!(result.href.is_some(), safe(result.title.as_deref()), "{result:?}");
        }
        b.use_widget("sift-search[mode=latest]");
        let latest = "return root ? [...root.querySelectorAll('ul.sift-latest > li')]
            .map((li) => [li.textContent, li.querySelector('a') ? li.querySelector('a').href : null]) : [];";
        let items = wait_for!("the latest news", b.js(latest, vec![]).await, |v| {
            v.as_array().is_some_and(|l| l.len() == total)
        });
        for item in items.as_array().into_iter().flatten() {
            let linked = item[1].as_str().is_some();
            assert_eq!(linked, safe(item[0].as_str()), "latest news item {item}");
        }
        b
    });
}
