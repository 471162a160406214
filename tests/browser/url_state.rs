//! The search's state lives in the URL: reloading a search's URL reproduces it, and back and
//! forward restore the previous searches.

use super::advanced::{fill, frequent_word, toggle, wait_for_answer, Form, ADVANCED};
use super::corpus;
use super::session::{run, url_params};

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
        let url = b.url_with(&[("all", &word), (facet, &value)]).await;

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
        let param = (facet.clone(), value.clone());

        b.use_widget(ADVANCED);
        b.open(&format!("/search.html{}", plain.query_string())).await;
        let first = wait_for_answer(&b, &plain, "the search from the URL").await;
        toggle(&b, facet, &value).await;
        let second = wait_for_answer(&b, &filtered, "the filtered search").await;
        b.url_with(&[(facet, &value)]).await;
        b.click("nav.sift-pager button.sift-next").await;
        b.url_with(&[("page", "2")]).await;

        b.client.back().await.expect("back");
        let back = wait_for_answer(&b, &filtered, "back to page 1 of the filtered search").await;
        assert_eq!(back.paths(), second.paths());
        b.client.back().await.expect("back");
        let back = wait_for_answer(&b, &plain, "back to the unfiltered search").await;
        assert_eq!(back.paths(), first.paths());
        assert!(!url_params(&b.url().await).contains(&param));
        let ticked = back.facet(facet).and_then(|f| f.values.iter().find(|v| v.value == value));
        assert!(ticked.is_some_and(|v| !v.checked), "back unticks {facet} = {value}");

        b.client.forward().await.expect("forward");
        let forward = wait_for_answer(&b, &filtered, "forward to the filtered search").await;
        assert_eq!(forward.paths(), second.paths());
        assert!(url_params(&b.url().await).contains(&param));
        b
    });
}
