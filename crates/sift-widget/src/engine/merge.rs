//! Merging the answers of several indexes into one list, ordered as the request asked.

use std::cmp::Ordering;

use sift_core::{FacetCounts, Hit, SearchResults, Sort};

/// Merges `answers` (each already in `sort` order, each starting at result 0) and keeps
/// `limit` results from `offset`. Totals and facet counts add up; each answer's own order
/// is kept, and between answers the better result (by `sort`) goes first.
pub fn merge(
    answers: Vec<SearchResults>,
    sort: Sort,
    offset: usize,
    limit: usize,
) -> SearchResults {
    let mut merged = SearchResults::default();
    let mut lists: Vec<std::vec::IntoIter<Hit>> = Vec::with_capacity(answers.len());
    for answer in answers {
        merged.total += answer.total;
        merged.unavailable.extend(answer.unavailable);
        add_facets(&mut merged.facets, answer.facets);
        lists.push(answer.hits.into_iter());
    }
    let mut heads: Vec<Option<Hit>> = lists.iter_mut().map(Iterator::next).collect();
    let mut taken = 0;
    while taken < offset + limit {
        let best = heads
            .iter()
            .enumerate()
            .filter_map(|(i, head)| head.as_ref().map(|hit| (i, hit)))
            .reduce(|a, b| if before(b.1, a.1, sort) { b } else { a })
            .map(|(i, _)| i);
        let Some(best) = best else { break };
        let next = lists[best].next();
        if let Some(hit) = std::mem::replace(&mut heads[best], next) {
            if taken >= offset {
                merged.hits.push(hit);
            }
            taken += 1;
        }
    }
    merged
}

/// Whether `a` goes strictly before `b` in `sort` order.
fn before(a: &Hit, b: &Hit, sort: Sort) -> bool {
    // Undated articles go last in both date orders.
    let by_date = |newest: bool| match (a.date, b.date) {
        (Some(x), Some(y)) if newest => x.cmp(&y),
        (Some(x), Some(y)) => y.cmp(&x),
        (Some(_), None) => Ordering::Greater,
        (None, Some(_)) => Ordering::Less,
        (None, None) => Ordering::Equal,
    };
    let order = match sort {
        Sort::Relevance => a.score.total_cmp(&b.score).then_with(|| by_date(true)),
        Sort::Newest => by_date(true),
        Sort::Oldest => by_date(false),
    };
    order == Ordering::Greater
}

/// Adds the counts of `more` to `into`, facet by facet and value by value.
fn add_facets(into: &mut Vec<FacetCounts>, more: Vec<FacetCounts>) {
    for facet in more {
        match into.iter_mut().find(|f| f.name == facet.name) {
            None => into.push(facet),
            Some(known) => {
                for (value, count) in facet.values {
                    match known.values.iter_mut().find(|(v, _)| *v == value) {
                        Some((_, total)) => *total += count,
                        None => known.values.push((value, count)),
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test;
    use sift_core::Date;

    fn hit(site: &str, score: f32, date: Option<&str>) -> Hit {
        Hit {
            doc: 0,
            score,
            url: format!("/{site}/{score}"),
            title: Default::default(),
            snippet: Default::default(),
            date: date.and_then(Date::parse_iso),
            lang: "en".into(),
            facets: Vec::new(),
            site: site.into(),
        }
    }

    fn answer(hits: Vec<Hit>, facets: Vec<(&str, &str, u32)>) -> SearchResults {
        let mut counts: Vec<FacetCounts> = Vec::new();
        for (name, value, n) in facets {
            add_facets(
                &mut counts,
                vec![FacetCounts { name: name.into(), values: vec![(value.into(), n)] }],
            );
        }
        SearchResults { total: hits.len() + 10, hits, facets: counts, unavailable: Vec::new() }
    }

    fn sites(results: &SearchResults) -> Vec<String> {
        results.hits.iter().map(|h| format!("{}:{}", h.site, h.score)).collect()
    }

    test! {
        fn results_interleave_by_score_and_keep_their_sites() {
            let ours = answer(vec![hit("ours", 9.0, None), hit("ours", 3.0, None)], vec![]);
            let theirs = answer(vec![hit("org", 5.0, None), hit("org", 4.0, None), hit("org", 1.0, None)], vec![]);
            let merged = merge(vec![ours, theirs], Sort::Relevance, 0, 10);
            assert_eq!(sites(&merged), ["ours:9", "org:5", "org:4", "ours:3", "org:1"]);
            assert_eq!(merged.total, 25);
        }
    }

    test! {
        fn paging_counts_across_indexes() {
            let ours = answer(vec![hit("ours", 9.0, None), hit("ours", 3.0, None)], vec![]);
            let theirs = answer(vec![hit("org", 5.0, None), hit("org", 4.0, None)], vec![]);
            let merged = merge(vec![ours, theirs], Sort::Relevance, 1, 2);
            assert_eq!(sites(&merged), ["org:5", "org:4"]);
        }
    }

    test! {
        fn date_orders_put_undated_articles_last() {
            let newest = |sort| {
                let ours = answer(vec![hit("a", 0.0, Some("2024-03-01")), hit("a", 1.0, None)], vec![]);
                let theirs = answer(vec![hit("b", 0.0, Some("2024-05-01")), hit("b", 2.0, Some("2023-01-01"))], vec![]);
                sites(&merge(vec![ours, theirs], sort, 0, 10))
            };
            assert_eq!(newest(Sort::Newest), ["b:0", "a:0", "b:2", "a:1"]);
            let oldest = {
                let ours = answer(vec![hit("a", 0.0, Some("2024-03-01")), hit("a", 1.0, None)], vec![]);
                let theirs = answer(vec![hit("b", 2.0, Some("2023-01-01")), hit("b", 0.0, Some("2024-05-01"))], vec![]);
                sites(&merge(vec![ours, theirs], Sort::Oldest, 0, 10))
            };
            assert_eq!(oldest, ["b:2", "a:0", "b:0", "a:1"]);
        }
    }

    test! {
        fn facet_counts_add_up() {
            let ours = answer(vec![], vec![("places", "usa", 3), ("places", "uk", 1)]);
            let theirs = answer(vec![], vec![("places", "usa", 2), ("topics", "oil", 5)]);
            let merged = merge(vec![ours, theirs], Sort::Relevance, 0, 10);
            let places = merged.facets.iter().find(|f| f.name == "places").unwrap();
            assert_eq!(places.values, [("usa".to_string(), 5), ("uk".to_string(), 1)]);
            assert!(merged.facets.iter().any(|f| f.name == "topics"));
        }
    }
}
