//! Evaluation: postings to scored documents, clauses combined, filters applied.

use roaring::RoaringBitmap;

use super::loader::Loader;
use super::resolve::{Expansion, MatchKind, Resolved};
use super::{FacetCounts, SearchRequest};
use crate::format::terms::{read_positions, read_postings, Posting, Postings};
use crate::format::{file_name, FileKind};
use crate::index::Index;
use crate::query::{Atom, Field, Query};
use crate::score::{idf, RankingParams};

/// The documents a query matches, before filters.
pub(super) struct Matches {
    /// Matching documents.
    pub(super) set: RoaringBitmap,
    /// Scores by document, ascending ids (`None` when the query has no positive words).
    pub(super) scores: Option<Vec<(u32, f32)>>,
}

/// Evaluates the query. Every postings list it reads was requested during resolution.
pub(super) fn evaluate(
    index: &Index,
    query: &Query,
    resolved: &Resolved,
    loader: &mut Loader<'_>,
) -> Matches {
    let mut positive: Option<Vec<(u32, f32)>> = None;
    let mut excluded = RoaringBitmap::new();
    for (clause, atoms) in query.clauses.iter().zip(&resolved.clauses) {
        let mut union: Vec<(u32, f32)> = Vec::new();
        for (atom, expansions) in clause.atoms.iter().zip(atoms) {
            let scored = match atom {
                Atom::Word { field, .. } => word(index, *field, expansions, loader),
                Atom::Phrase { terms, field } => {
                    phrase(index, terms.len(), *field, expansions, loader)
                }
            };
            union = merge_or(&union, &scored);
        }
        if clause.negated {
            excluded.extend(union.iter().map(|&(doc, _)| doc));
        } else {
            positive = Some(match positive {
                None => union,
                Some(previous) => merge_and(&previous, &union),
            });
        }
    }
    match positive {
        Some(mut scores) => {
            scores.retain(|(doc, _)| !excluded.contains(*doc));
            let set =
                RoaringBitmap::from_sorted_iter(scores.iter().map(|&(d, _)| d)).unwrap_or_default();
            Matches { set, scores: Some(scores) }
        }
        None => {
            let mut set = RoaringBitmap::new();
            set.insert_range(0..index.doc_count());
            set -= excluded;
            Matches { set, scores: None }
        }
    }
}

fn weight(params: &RankingParams, kind: MatchKind) -> f32 {
    match kind {
        MatchKind::Exact => params.exact,
        MatchKind::Stem => params.stem,
        MatchKind::Prefix => params.prefix,
        MatchKind::Typo1 => params.typo1,
        MatchKind::Typo2 => params.typo2,
    }
}

fn postings(e: &Expansion, loader: &mut Loader<'_>) -> Option<Postings> {
    let shard = loader.terms(&e.terms_file)?;
    let offset = shard.terms.get(&e.term)?;
    read_postings(&e.terms_file, &shard.postings, offset).ok()
}

/// A word: per document, the best of its expansions (weight × saturated tf), times the idf
/// of all the documents the word reaches.
fn word(
    index: &Index,
    field: Field,
    expansions: &[Expansion],
    loader: &mut Loader<'_>,
) -> Vec<(u32, f32)> {
    let params = &index.ranking;
    let avg = index.entry.avg_body_len;
    let mut best: Vec<(u32, f32)> = Vec::new();
    for e in expansions {
        let Some(list) = postings(e, loader) else { continue };
        let w = weight(params, e.kind);
        let scored: Vec<(u32, f32)> = list
            .postings
            .iter()
            .filter(|p| field == Field::Any || p.tf_title > 0)
            .map(|p| (p.doc, w * params.tf(p, field, avg)))
            .collect();
        best = merge_max(&best, &scored);
    }
    let idf = idf(index.doc_count(), best.len() as u32);
    best.iter_mut().for_each(|(_, s)| *s *= idf);
    best
}

/// A phrase: documents where the terms stand in order, next to each other, in one field.
fn phrase(
    index: &Index,
    len: usize,
    field: Field,
    expansions: &[Expansion],
    loader: &mut Loader<'_>,
) -> Vec<(u32, f32)> {
    // Every word of the phrase must be in the index.
    if expansions.len() != len || len == 0 {
        return Vec::new();
    }
    let lists: Vec<Postings> = match expansions.iter().map(|e| postings(e, loader)).collect() {
        Some(lists) => lists,
        None => return Vec::new(),
    };
    // Candidates: documents holding every word.
    let mut candidates: Vec<u32> = lists[0].postings.iter().map(|p| p.doc).collect();
    for list in &lists[1..] {
        let docs = RoaringBitmap::from_sorted_iter(list.postings.iter().map(|p| p.doc))
            .unwrap_or_default();
        candidates.retain(|d| docs.contains(*d));
    }
    if candidates.is_empty() {
        return Vec::new();
    }
    let wanted = RoaringBitmap::from_sorted_iter(candidates.iter().copied()).unwrap_or_default();
    // positions[word][candidate][field]: field 0 is the title, 1 the body.
    let mut positions: Vec<Vec<[Vec<u32>; 2]>> = Vec::with_capacity(len);
    for (e, list) in expansions.iter().zip(&lists) {
        let Some(bytes) = loader.positions(&e.positions_file) else { return Vec::new() };
        let mut per_doc = Vec::with_capacity(candidates.len());
        let read = read_positions(
            &e.positions_file,
            bytes,
            list,
            |i| wanted.contains(list.postings[i].doc),
            |_, title, body| per_doc.push([title.to_vec(), body.to_vec()]),
        );
        if read.is_err() || per_doc.len() != candidates.len() {
            return Vec::new();
        }
        positions.push(per_doc);
    }
    let first_postings: Vec<&Posting> =
        lists[0].postings.iter().filter(|p| wanted.contains(p.doc)).collect();
    let params = &index.ranking;
    let mut scored = Vec::new();
    for (c, &doc) in candidates.iter().enumerate() {
        // Occurrences of the phrase in one field: starts of the first word followed by
        // every other word at the next positions.
        let count = |field: usize| -> u32 {
            positions[0][c][field]
                .iter()
                .filter(|&&start| {
                    (1..len).all(|i| {
                        start
                            .checked_add(i as u32)
                            .is_some_and(|p| positions[i][c][field].binary_search(&p).is_ok())
                    })
                })
                .count() as u32
        };
        let tf_title = count(0);
        let tf_body = if field == Field::Any { count(1) } else { 0 };
        if tf_title + tf_body == 0 {
            continue;
        }
        let posting = Posting { doc, tf_title, tf_body, norm: first_postings[c].norm };
        scored.push((doc, params.exact * params.tf(&posting, field, index.entry.avg_body_len)));
    }
    let idf = idf(index.doc_count(), scored.len() as u32);
    scored.iter_mut().for_each(|(_, s)| *s *= idf);
    scored
}

/// Merges two doc-sorted lists, keeping every document with the larger score.
fn merge_max(a: &[(u32, f32)], b: &[(u32, f32)]) -> Vec<(u32, f32)> {
    merge(a, b, true, f32::max)
}

/// Merges two doc-sorted lists, keeping every document with the sum of its scores.
fn merge_or(a: &[(u32, f32)], b: &[(u32, f32)]) -> Vec<(u32, f32)> {
    merge(a, b, true, |x, y| x + y)
}

/// Intersects two doc-sorted lists, summing scores.
fn merge_and(a: &[(u32, f32)], b: &[(u32, f32)]) -> Vec<(u32, f32)> {
    merge(a, b, false, |x, y| x + y)
}

fn merge(
    a: &[(u32, f32)],
    b: &[(u32, f32)],
    union: bool,
    combine: fn(f32, f32) -> f32,
) -> Vec<(u32, f32)> {
    let mut out = Vec::with_capacity(if union { a.len() + b.len() } else { a.len().min(b.len()) });
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => {
                if union {
                    out.push(a[i]);
                }
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                if union {
                    out.push(b[j]);
                }
                j += 1;
            }
            std::cmp::Ordering::Equal => {
                out.push((a[i].0, combine(a[i].1, b[j].1)));
                i += 1;
                j += 1;
            }
        }
    }
    if union {
        out.extend_from_slice(&a[i..]);
        out.extend_from_slice(&b[j..]);
    }
    out
}

/// The request's facet filters and date range, with the columns they use.
pub(super) struct Filters<'a> {
    /// Per filtered facet: its index and the documents it allows.
    facets: Vec<(usize, RoaringBitmap)>,
    /// Document ids in the date range.
    dates: Option<std::ops::Range<u32>>,
    /// Every facet's column, when counts are wanted (`None` if missing).
    columns: Vec<Option<&'a [RoaringBitmap]>>,
}

/// The matches after filtering.
pub(super) struct Filtered {
    /// Matches within the date range, before facet filters (for counting).
    base: RoaringBitmap,
    pub(super) set: RoaringBitmap,
    pub(super) scores: Option<Vec<(u32, f32)>>,
    pub(super) total: usize,
}

impl<'a> Filters<'a> {
    pub(super) fn load(
        index: &Index,
        request: &SearchRequest,
        loader: &mut Loader<'a>,
    ) -> Filters<'a> {
        let entry = &index.entry;
        let mut facets = Vec::new();
        for (name, values) in &request.filters {
            if values.is_empty() {
                continue;
            }
            let Some(f) = entry.facets.iter().position(|facet| facet.name == *name) else {
                facets.push((usize::MAX, RoaringBitmap::new()));
                continue;
            };
            let mut allowed = RoaringBitmap::new();
            if let Some(column) = loader.facet(&file_name(FileKind::Facet, entry.facets[f].column))
            {
                for value in values {
                    let bitmap = entry.facets[f]
                        .values
                        .iter()
                        .position(|v| v == value)
                        .and_then(|v| column.get(v));
                    if let Some(bitmap) = bitmap {
                        allowed |= bitmap;
                    }
                }
            }
            facets.push((f, allowed));
        }
        let columns = if request.facet_counts {
            entry
                .facets
                .iter()
                .map(|f| loader.facet(&file_name(FileKind::Facet, f.column)))
                .collect()
        } else {
            Vec::new()
        };
        let dates = if request.date_from.is_some() || request.date_to.is_some() {
            let column = loader.dates(&file_name(FileKind::Dates, entry.dates));
            let runs = column.map_or(&[][..], |c| c.runs.as_slice());
            let ids_before = |pred: &dyn Fn(i32) -> bool| -> u32 {
                entry.undated + runs.iter().filter(|(d, _)| pred(*d)).map(|&(_, n)| n).sum::<u32>()
            };
            let from = request.date_from.map_or(entry.undated, |f| ids_before(&|d| d < f.days()));
            let to = request.date_to.map_or(entry.doc_count, |t| ids_before(&|d| d <= t.days()));
            Some(from..to.max(from))
        } else {
            None
        };
        Filters { facets, dates, columns }
    }

    pub(super) fn apply(&self, matches: Matches) -> Filtered {
        let mut base = matches.set;
        if let Some(range) = &self.dates {
            let mut allowed = RoaringBitmap::new();
            allowed.insert_range(range.clone());
            base &= allowed;
        }
        let mut set = base.clone();
        for (_, allowed) in &self.facets {
            set &= allowed;
        }
        let scores = matches.scores.map(|mut s| {
            s.retain(|(doc, _)| set.contains(*doc));
            s
        });
        Filtered { total: set.len() as usize, base, set, scores }
    }

    /// For each facet, the count of each value among the matches that pass the date range
    /// and every *other* facet's filter.
    pub(super) fn counts(&self, index: &Index, filtered: &Filtered) -> Vec<FacetCounts> {
        let mut out = Vec::new();
        for (f, facet) in index.entry.facets.iter().enumerate() {
            let mut set = filtered.base.clone();
            for (g, allowed) in &self.facets {
                if *g != f {
                    set &= allowed;
                }
            }
            let column = self.columns.get(f).copied().flatten();
            let values = facet
                .values
                .iter()
                .enumerate()
                .map(|(v, name)| {
                    let count = column
                        .and_then(|c| c.get(v))
                        .map_or(0, |bitmap| set.intersection_len(bitmap));
                    (name.clone(), count as u32)
                })
                .collect();
            out.push(FacetCounts { name: facet.name.clone(), values });
        }
        out
    }
}
