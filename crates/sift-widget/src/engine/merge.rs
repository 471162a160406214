//! Merging the answers of several indexes into one list, ordered as the request asked.
//!
//! By relevance, lists are fused by rank, not by raw score: BM25 scores of two indexes are
//! not comparable (a small partner index has other document frequencies and lengths than the
//! organisation's archive), and merged by score one index's results would crowd out the
//! other's. Reciprocal rank fusion gives each index's r-th result the score 1 / (60 + r);
//! results of equal rank are ordered by their score relative to their own index's best.

use std::cmp::Ordering;

use sift_core::{FacetCounts, Hit, SearchResults, Sort};

/// Merges `answers` (each already in `sort` order, each starting at result 0) and keeps
/// `limit` results from `offset`. Totals and facet counts add up; each answer's own order
/// is kept, and between answers the better result (by rank, or by date) goes first.
pub(crate) fn merge(
    answers: Vec<SearchResults>,
    sort: Sort,
    offset: usize,
    limit: usize,
) -> SearchResults {
    let mut merged = SearchResults::default();
    let mut lists: Vec<Ranked> = Vec::with_capacity(answers.len());
    for answer in answers {
        merged.total += answer.total;
        merged.unavailable.extend(answer.unavailable);
        merged.corrections.extend(answer.corrections);
        add_facets(&mut merged.facets, answer.facets);
        let best = answer.hits.first().map_or(1.0, |h| h.score.max(f32::MIN_POSITIVE));
        lists.push(Ranked { hits: answer.hits.into_iter(), taken: 0, best });
    }
    merged.corrections.sort();
    merged.corrections.dedup();
    let mut heads: Vec<Option<Hit>> = lists.iter_mut().map(|l| l.hits.next()).collect();
    let mut taken = 0;
    while taken < offset + limit {
        let best = (0..heads.len()).filter(|&i| heads[i].is_some()).reduce(|a, b| {
            if before(&lists[b], &heads[b], &lists[a], &heads[a], sort) {
                b
            } else {
                a
            }
        });
        let Some(best) = best else { break };
        let next = lists[best].hits.next();
        lists[best].taken += 1;
        if let Some(hit) = std::mem::replace(&mut heads[best], next) {
            if taken >= offset {
                merged.hits.push(hit);
            }
            taken += 1;
        }
    }
    merged
}

/// One index's results as they are merged: those left, how many were taken, its best score.
struct Ranked {
    hits: std::vec::IntoIter<Hit>,
    taken: usize,
    best: f32,
}

/// Whether the head `a` of list `la` goes strictly before the head `b` of list `lb`.
fn before(la: &Ranked, a: &Option<Hit>, lb: &Ranked, b: &Option<Hit>, sort: Sort) -> bool {
    let (Some(a), Some(b)) = (a, b) else { return a.is_some() };
    if sort == Sort::Relevance {
        // Reciprocal rank fusion: the lower rank wins; at equal ranks, the score relative
        // to its own index's best, then the newer article.
        return match lb.taken.cmp(&la.taken) {
            Ordering::Equal => {
                let (ra, rb) = (a.score / la.best, b.score / lb.best);
                ra.total_cmp(&rb).then_with(|| date_order(a, b, true)) == Ordering::Greater
            }
            order => order == Ordering::Greater,
        };
    }
    date_order(a, b, sort == Sort::Newest) == Ordering::Greater
}

/// `a` against `b` by date, newest or oldest first; undated articles go last either way.
fn date_order(a: &Hit, b: &Hit, newest: bool) -> Ordering {
    match (a.date, b.date) {
        (Some(x), Some(y)) if newest => x.cmp(&y),
        (Some(x), Some(y)) => y.cmp(&x),
        (Some(_), None) => Ordering::Greater,
        (None, Some(_)) => Ordering::Less,
        (None, None) => Ordering::Equal,
    }
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
        SearchResults { total: hits.len() + 10, hits, facets: counts, ..SearchResults::default() }
    }

    fn sites(results: &SearchResults) -> Vec<String> {
        results.hits.iter().map(|h| format!("{}:{}", h.site, h.score)).collect()
    }

    test! {
        fn results_interleave_by_rank_so_each_index_reaches_the_top() {
            // The archive's raw scores dwarf the small partner index's; by rank, the
            // partner's best result still comes second.
            let archive = answer(vec![hit("org", 90.0, None), hit("org", 80.0, None), hit("org", 70.0, None)], vec![]);
            let partner = answer(vec![hit("ours", 3.0, None), hit("ours", 0.3, None)], vec![]);
            let merged = merge(vec![archive, partner], Sort::Relevance, 0, 10);
            assert_eq!(sites(&merged), ["org:90", "ours:3", "org:80", "ours:0.3", "org:70"]);
            assert_eq!(merged.total, 25);
        }
    }

    test! {
        fn paging_counts_across_indexes() {
            let ours = answer(vec![hit("ours", 9.0, None), hit("ours", 3.0, None)], vec![]);
            let theirs = answer(vec![hit("org", 5.0, None), hit("org", 4.0, None)], vec![]);
            // Fused: ours:9 and org:5 (both first), then org:4 (80% of its best) before ours:3.
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
