//! Ordering the matches and turning the page's documents into results.

use super::eval::Filtered;
use super::loader::Loader;
use super::resolve::Resolved;
use super::{Hit, Sort};
use crate::document::Date;
use crate::format::directory::Directory;
use crate::format::{file_name, FileKind};
use crate::index::Index;
use crate::snippet;

/// Scores within a thousandth count as equal, and then the newer document goes first.
fn tie_key(score: f32) -> i64 {
    (f64::from(score) * 1000.0).round() as i64
}

/// The first `want` matches in the requested order.
pub(super) fn order(
    index: &Index,
    filtered: &Filtered,
    sort: Sort,
    want: usize,
) -> Vec<(u32, f32)> {
    let undated = index.entry.undated;
    match (&filtered.scores, sort) {
        (Some(scores), Sort::Relevance) => {
            let mut ranked = scores.clone();
            let by_rank = |a: &(u32, f32), b: &(u32, f32)| {
                tie_key(b.1).cmp(&tie_key(a.1)).then(b.0.cmp(&a.0))
            };
            if want < ranked.len() {
                ranked.select_nth_unstable_by(want, by_rank);
                ranked.truncate(want);
            }
            ranked.sort_unstable_by(by_rank);
            ranked
        }
        (scores, sort) => {
            let score_of = |doc: u32| {
                scores
                    .as_ref()
                    .and_then(|s| s.binary_search_by_key(&doc, |&(d, _)| d).ok().map(|i| s[i].1))
            };
            // Ids grow with the date and undated documents come first, so newest first is
            // descending ids; oldest first is ascending from the first dated document.
            let docs: Box<dyn Iterator<Item = u32>> = match sort {
                Sort::Oldest => Box::new(
                    filtered
                        .set
                        .iter()
                        .skip_while(move |&d| d < undated)
                        .chain(filtered.set.iter().take_while(move |&d| d < undated)),
                ),
                _ => Box::new(filtered.set.iter().rev()),
            };
            docs.take(want).map(|d| (d, score_of(d).unwrap_or(0.0))).collect()
        }
    }
}

/// The results of a page, asking for the document blocks they live in: each result's meta
/// block, and its text block when `snippets` (a first result can be shown without).
pub(super) fn hits(
    index: &Index,
    directory: Option<&Directory>,
    page: &[(u32, f32)],
    resolved: &Resolved,
    query: &crate::query::Query,
    snippets: bool,
    loader: &mut Loader<'_>,
) -> Vec<Hit> {
    let Some(directory) = directory else { return Vec::new() };
    let terms = resolved.highlight_terms(query);
    let entry = &index.entry;
    let mut hits = Vec::new();
    for &(doc, score) in page {
        let Some(page_hash) = directory.page_of(doc) else { continue };
        let Some(page) = loader.block_page(&file_name(FileKind::BlockPage, page_hash)) else {
            continue;
        };
        let Some(hash) = page.block_of(doc) else { continue };
        let Some(stored) = loader.meta(&file_name(FileKind::Meta, hash)).and_then(|b| b.get(doc))
        else {
            continue;
        };
        // Without its text (not wanted, or unavailable) a result is shown without a snippet.
        let body = if snippets { loader.text(&file_name(FileKind::Text, hash)) } else { None };
        let snippet = body.and_then(|b| b.get(doc)).map(|body| snippet::snippet(body, &terms));
        let facets = stored
            .facets
            .iter()
            .filter_map(|(f, values)| {
                let facet = entry.facets.get(usize::from(*f))?;
                let names =
                    values.iter().filter_map(|&v| facet.values.get(v as usize).cloned()).collect();
                Some((facet.name.clone(), names))
            })
            .collect();
        hits.push(Hit {
            doc,
            score,
            url: stored.url.clone(),
            title: snippet::highlight(&stored.title, &terms),
            snippet: snippet.unwrap_or_default(),
            date: stored.date.map(Date::from_days),
            lang: entry.doc_languages.get(usize::from(stored.lang)).cloned().unwrap_or_default(),
            facets,
            site: entry.site.clone(),
        });
    }
    hits
}
