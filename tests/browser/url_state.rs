//! The search's state lives in the URL: reloading a search's URL reproduces it, back and
//! forward restore the previous searches, and a host page's own parameters are never read,
//! changed or reordered.

use super::advanced::{fill, frequent_word, param, toggle, wait_for_answer, Form, ADVANCED};
use super::corpus;
use super::session::{run, wait_for};

#[test]
fn reloading_a_searchs_url_reproduces_it() {
    run(|mut b| async move {
        let env = b.env;
        let word = frequent_word(&env.records);
        let facets = corpus::facet_values(&env.records);
        let (facet, values) = facets.iter().find(|(f, _)| *f != "type").expect("a facet");
        let value = values[0].0.clone();

        b.use_widget(ADVANCED);
        b.open("/search.html").await;
        b.advanced_ready().await;
        fill(&b, "all", &word).await;
        let mut form = Form { all: word.clone(), ..Form::default() };
        wait_for_answer(&b, &form, "a word").await;
        toggle(&b, facet, &value).await;
        form.filters.insert(facet.clone(), vec![value.clone()]);
        let before = wait_for_answer(&b, &form, "a word and a facet value").await;
        let url = b.url_with(&[("sift-all", &word), (&param(facet), &value)]).await;

        b.check_errors().await;
        b.client.refresh().await.expect("reload");
        let after = wait_for_answer(&b, &form, "the reloaded search").await;
        assert_eq!(after.all.as_deref(), Some(word.as_str()));
        assert_eq!(after.paths(), before.paths());
        assert_eq!(after.total, before.total);
        assert_eq!(b.url().await, url);

        // The same URL in a fresh page (a shared link) gives the same search.
        b.open(&url).await;
        let shared = wait_for_answer(&b, &form, "the shared search").await;
        assert_eq!(shared.paths(), before.paths());
        b
    });
}

#[test]
fn back_and_forward_restore_previous_searches() {
    run(|mut b| async move {
        let env = b.env;
        let word = frequent_word(&env.records);
        let facets = corpus::facet_values(&env.records);
        let (facet, values) = facets.iter().find(|(f, _)| *f != "type").expect("a facet");
        let value = values[0].0.clone();
        let plain = Form { q: word.clone(), ..Form::default() };
        let mut filtered = plain.clone();
        filtered.filters.insert(facet.clone(), vec![value.clone()]);
        let filter = (param(facet), value.clone());

        b.use_widget(ADVANCED);
        b.open(&format!("/search.html{}", plain.query_string())).await;
        let first = wait_for_answer(&b, &plain, "the search from the URL").await;
        toggle(&b, facet, &value).await;
        let second = wait_for_answer(&b, &filtered, "the filtered search").await;
        b.url_with(&[(&param(facet), &value)]).await;
        b.click("nav.sift-pager button.sift-next").await;
        b.url_with(&[("sift-page", "2")]).await;

        b.client.back().await.expect("back");
        let back = wait_for_answer(&b, &filtered, "back to page 1 of the filtered search").await;
        assert_eq!(back.paths(), second.paths());
        b.client.back().await.expect("back");
        let back = wait_for_answer(&b, &plain, "back to the unfiltered search").await;
        assert_eq!(back.paths(), first.paths());
        assert!(!url_params(&b.url().await).contains(&filter));
        let ticked = back.facet(facet).and_then(|f| f.values.iter().find(|v| v.value == value));
        assert!(ticked.is_some_and(|v| !v.checked), "back unticks {facet} = {value}");

        b.client.forward().await.expect("forward");
        let forward = wait_for_answer(&b, &filtered, "forward to the filtered search").await;
        assert_eq!(forward.paths(), second.paths());
        assert!(url_params(&b.url().await).contains(&filter));
        b
    });
}

/// The query parameters of `url`, decoded (`+` and `%20` are both a space).
pub(crate) fn url_params(url: &str) -> Vec<(String, String)> {
    fn decode(text: &str) -> String {
        let bytes = text.as_bytes();
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
            match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
                (b'%', Some(byte)) => {
                    out.push(byte);
                    i += 2;
                }
                (b'+', _) => out.push(b' '),
                (byte, _) => out.push(byte),
            }
            i += 1;
        }
        String::from_utf8_lossy(&out).into_owned()
    }
    let query = url.split_once('?').map_or("", |(_, q)| q);
    let query = query.split('#').next().unwrap_or("");
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (name, value) = p.split_once('=').unwrap_or((p, ""));
            (decode(name), decode(value))
        })
        .collect()
}

/// The query string of `url`, without `?` and fragment.
fn query_of(url: &str) -> &str {
    let query = url.split_once('?').map_or("", |(_, q)| q);
    query.split('#').next().unwrap_or("")
}

#[test]
fn a_host_pages_own_parameters_stay_as_they_are_while_the_reader_searches_and_pages() {
    run(|mut b| async move {
        let env = b.env;
        let word = frequent_word(&env.records);
        // The host page's own parameters: names the widget would use without its prefix,
        // and one without a value.
        let host = "page=7&q=host&flag";
        b.use_widget(ADVANCED);
        b.open(&format!("/search.html?{host}")).await;
        let untouched = b.advanced_ready().await;
        assert_eq!(untouched.q.as_deref(), Some(""), "the host's q became the widget's query");

        fill(&b, "q", &word).await;
        let form = Form { q: word.clone(), ..Form::default() };
        let first = wait_for_answer(&b, &form, "the reader's search").await;
        assert!(first.page.as_deref().unwrap_or("").contains('1'), "the host's page=7 was read");
        assert!(first.next_enabled, "{word:?} has one page of results");
        let searched = b.url_with(&[("sift-q", &word)]).await;
        assert_eq!(query_of(&searched), format!("{host}&sift-q={word}"), "the URL");

        b.click("nav.sift-pager button.sift-next").await;
        let paged = b.url_with(&[("sift-page", "2")]).await;
        assert_eq!(query_of(&paged), format!("{host}&sift-q={word}&sift-page=2"), "the URL");
        let second = wait_for!("page 2", b.advanced().await, |a| {
            !a.results.is_empty() && a.paths() != first.paths()
        });

        b.client.back().await.expect("back");
        let back = wait_for_answer(&b, &form, "back to page 1").await;
        assert_eq!(back.paths(), first.paths());
        assert_eq!(query_of(&b.url().await), query_of(&searched));
        b.client.forward().await.expect("forward");
        wait_for!("forward to page 2", b.advanced().await, |a| a.paths() == second.paths());
        assert_eq!(query_of(&b.url().await), query_of(&paged));
        b
    });
}
