//! Corpus text is never markup: titles such as `<img src=x onerror=alert(1)>` show as text in
//! the quick list and in Advanced search, and nothing in them runs or loads.

use super::advanced::{wait_for_answer, Form, ADVANCED};
use super::harness::fixtures;
use super::quick::{quick_page, search};
use super::session::{Browser, ResultItem};
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
