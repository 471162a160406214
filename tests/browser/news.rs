//! All news (`/news.html`: filters only, newest first), its date range and paging, checked
//! against counts taken straight from the corpus; and the latest news block with its "More
//! news" link.

use sift_core::{Date, SearchRequest, Sort};

use super::advanced::{newest_first, param, toggle};
use super::corpus::{self, Record};
use super::session::{link_path, numbers, run, wait_for, Advanced};
use super::url_state::url_params;

/// The All news widget of `/news.html`.
const NEWS: &str = "sift-search[mode=news]";

/// The dates of `records`, newest first, undated last (the order of All news).
fn dates_newest_first<'a>(records: impl Iterator<Item = &'a Record>) -> Vec<Option<String>> {
    let mut dates: Vec<Option<Date>> = records.map(|r| r.date).collect();
    dates.sort_by(|a, b| match (a, b) {
        (Some(a), Some(b)) => b.cmp(a),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    dates.into_iter().map(|d| d.map(|d| d.to_string())).collect()
}

fn shown_dates(form: &Advanced) -> Vec<Option<String>> {
    form.results.iter().map(|r| r.date.clone()).collect()
}

/// Whether the form shows `total` results whose dates are `dates[..shown]`.
fn shows_dates(form: &Advanced, total: usize, dates: &[Option<String>]) -> bool {
    let shown = shown_dates(form);
    form.total_is(total)
        && !shown.is_empty()
        && shown.len() >= dates.len().min(5)
        && dates.starts_with(&shown)
        && form.alert.is_none()
}

#[test]
fn all_news_lists_every_article_newest_first_and_pages() {
    run(|mut b| async move {
        let env = b.env;
        let all = dates_newest_first(env.records.iter());
        b.use_widget(NEWS);
        b.open("/news.html").await;
        let first = wait_for!("All news to list every article", b.advanced().await, |a| {
            shows_dates(&a, env.records.len(), &all)
        });
        assert!(newest_first(&shown_dates(&first)));
        let per_page = first.results.len();
        assert!(per_page < env.records.len(), "one page holds the whole corpus");
        assert!(!first.prev_enabled, "no previous page on page 1");
        assert!(first.next_enabled, "a next page after page 1");

        b.click("nav.sift-pager button.sift-next").await;
        let second = wait_for!("page 2", b.advanced().await, |a| {
            shows_dates(&a, env.records.len(), &all[per_page..])
                && a.paths().iter().all(|p| !first.paths().contains(p))
        });
        let page = second.page.clone().unwrap_or_default();
        assert!(numbers(&page).contains(&2), "the pager says {page:?}");
        assert!(second.prev_enabled, "a previous page on page 2");
        b.url_with(&[("sift-page", "2")]).await;

        b.click("nav.sift-pager button.sift-prev").await;
        wait_for!("page 1 again", b.advanced().await, |a| a.paths() == first.paths());
        b
    });
}

#[test]
fn facet_filters_or_within_and_across_facets_match_the_corpus() {
    run(|mut b| async move {
        let env = b.env;
        let facets = corpus::facet_values(&env.records);
        let mut named: Vec<(&String, &Vec<(String, usize)>)> =
            facets.iter().filter(|(f, v)| *f != "type" && v.len() >= 2).collect();
        named.sort_by_key(|(f, _)| *f != "country");
        assert!(named.len() >= 2, "the corpus has two facets besides type");
        let (facet, values) = named[0];
        let (other, other_values) = named[1];
        let (v1, v2, w) = (&values[0].0, &values[1].0, &other_values[0].0);
        let count = |f: &dyn Fn(&Record) -> bool| env.records.iter().filter(|r| f(r)).count();

        b.use_widget(NEWS);
        b.open("/news.html").await;
        b.advanced_ready().await;
        toggle(&b, facet, v1).await;
        toggle(&b, facet, v2).await;
        let either = |r: &Record| r.has(facet, v1) || r.has(facet, v2);
        let total = count(&either);
        let dates = dates_newest_first(env.records.iter().filter(|r| either(r)));
        let shown = wait_for!(format!("{facet} = {v1} or {v2}"), b.advanced().await, |a| {
            shows_dates(&a, total, &dates)
        });
        // The other facet's counts are under this filter.
        let shown_w = shown.count(other, w);
        assert_eq!(shown_w, Some(count(&|r| either(r) && r.has(other, w)) as u64), "{other} = {w}");

        toggle(&b, other, w).await;
        let both = |r: &Record| either(r) && r.has(other, w);
        let total = count(&both);
        let dates = dates_newest_first(env.records.iter().filter(|r| both(r)));
        let shown = wait_for!(format!("and {other} = {w}"), b.advanced().await, |a| {
            shows_dates(&a, total, &dates)
        });
        // A facet's own counts ignore its own selection but follow the other facet's.
        for (value, _) in values {
            let expected = count(&|r| r.has(facet, value) && r.has(other, w));
            assert_eq!(shown.count(facet, value), Some(expected as u64), "{facet} = {value}");
        }
        let (facet, other) = (param(facet), param(other));
        b.url_with(&[(&facet, v1), (&facet, v2), (&other, w)]).await;
        b
    });
}

#[test]
fn a_date_range_keeps_the_articles_between_its_days() {
    run(|mut b| async move {
        let env = b.env;
        let mut dated: Vec<Date> = env.records.iter().filter_map(|r| r.date).collect();
        dated.sort();
        let (from, to) = (dated[dated.len() / 4], dated[dated.len() / 2]);
        let inside = |r: &Record| r.date.is_some_and(|d| d >= from && d <= to);
        let total = env.records.iter().filter(|r| inside(r)).count();
        let dates = dates_newest_first(env.records.iter().filter(|r| inside(r)));

        b.use_widget(NEWS);
        b.open("/news.html").await;
        b.advanced_ready().await;
        b.set_value("input[type=date][name=from]", &from.to_string()).await;
        b.set_value("input[type=date][name=to]", &to.to_string()).await;
        let shown = wait_for!(format!("articles from {from} to {to}"), b.advanced().await, |a| {
            shows_dates(&a, total, &dates)
        });
        assert_eq!(shown.from, Some(from.to_string()));
        b.url_with(&[("sift-from", &from.to_string()), ("sift-to", &to.to_string())]).await;
        b
    });
}

#[test]
fn the_latest_news_block_lists_the_newest_of_a_country_and_links_to_more() {
    run(|mut b| async move {
        let env = b.env;
        let facets = corpus::facet_values(&env.records);
        let (facet, value) =
            if facets.get("country").is_some_and(|v| v.iter().any(|(n, _)| n == "Russia")) {
                ("country".to_owned(), "Russia".to_owned())
            } else {
                let (facet, values) = facets.iter().find(|(f, _)| *f != "type").expect("a facet");
                (facet.clone(), values[0].0.clone())
            };
        let tagged = |r: &&Record| r.has(&facet, &value);
        let newest = dates_newest_first(env.records.iter().filter(tagged));
        let core = env.index.search(&SearchRequest {
            filters: [(facet.clone(), vec![value.clone()])].into(),
            sort: Sort::Newest,
            limit: 3,
            ..SearchRequest::default()
        });
        let want: Vec<String> = core.hits.iter().map(|h| link_path(&h.url)).collect();
        let page = env.page(
            "latest",
            &format!(
                "<aside><sift-search mode=\"latest\" facet=\"{facet}\" value=\"{value}\" \
                 limit=\"3\" index=\"/index/\"></sift-search></aside>"
            ),
        );
        b.open(&page).await;
        let script = "if (!root) return null;
            const links = [...root.querySelectorAll('ul.sift-latest > li a.sift-link')];
            const more = root.querySelector('a.sift-more');
            return { links: links.map((a) => a.href), more: more ? more.href : null };";
        let block = wait_for!("the latest news block", b.js(script, vec![]).await, |v| {
            v["links"].as_array().is_some_and(|l| l.len() == 3)
        });
        let links: Vec<String> = block["links"]
            .as_array()
            .map(|l| l.iter().filter_map(|v| v.as_str()).map(link_path).collect())
            .unwrap_or_default();
        assert_eq!(links, want, "the three newest {facet} = {value} articles");
        for (link, date) in links.iter().zip(&newest) {
            let record = env.records.iter().find(|r| link_path(&r.url) == *link).expect("a record");
            assert_eq!(record.date.map(|d| d.to_string()), *date, "{link} is among the newest");
        }
        let more = block["more"].as_str().expect("a More news link").to_owned();
        assert_eq!(link_path(&more), "/news.html");
        assert!(url_params(&more).contains(&(param(&facet), value.clone())), "{more}");

        b.check_errors().await;
        b.click("a.sift-more").await;
        b.use_widget(NEWS);
        let total = env.records.iter().filter(tagged).count();
        let shown = wait_for!("More news to open All news filtered", b.advanced().await, |a| {
            shows_dates(&a, total, &newest)
        });
        let ticked = shown.facet(&facet).and_then(|f| f.values.iter().find(|v| v.value == value));
        assert!(ticked.is_some_and(|v| v.checked), "{facet} = {value} is ticked on All news");
        b
    });
}
