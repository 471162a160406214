//! Evaluation: postings to scored documents, clauses combined, filters applied.

use crate::docset::DocSet;

use super::loader::Loader;
use super::resolve::{shard_files, Expansion, MatchKind, Resolved};
use super::{FacetCounts, SearchRequest};
use crate::format::directory::Directory;
use crate::format::terms::{read_positions, read_postings, Posting, Postings};
use crate::format::{file_name, FileKind};
use crate::index::Index;
use crate::query::{Atom, Field, Query};
use crate::score::{idf, RankingParams};

/// The documents a query matches, before filters.
pub(super) struct Matches {
    /// Matching documents.
    pub(super) set: DocSet,
    /// Scores by document, ascending ids (`None` when the query has no positive words).
    pub(super) scores: Option<Vec<(u32, f32)>>,
}

/// How much a title holding all the words of a query of several words multiplies its
/// document's score. On the known-item evaluation neither 0.5 nor 1.0 ranked any article
/// lower than without; 1.0 ranked more of them first.
const TITLE_COVER: f32 = 1.0;

/// Evaluates the query. Every postings list it reads was requested during resolution.
pub(super) fn evaluate(
    index: &Index,
    directory: Option<&Directory>,
    query: &Query,
    resolved: &Resolved,
    loader: &mut Loader<'_>,
) -> Matches {
    let Some(directory) = directory else {
        return Matches { set: DocSet::default(), scores: query.has_positive().then(Vec::new) };
    };
    let ctx = Context { index, directory };
    let mut positive: Option<Vec<(u32, f32)>> = None;
    let mut excluded = DocSet::default();
    // Clauses with narrow prefix completions go last: those count only among the documents
    // the other clauses matched.
    let mut clauses: Vec<_> = query.clauses.iter().zip(&resolved.clauses).collect();
    clauses.sort_by_key(|(_, atoms)| {
        atoms.iter().flatten().any(|e| e.kind == MatchKind::NarrowPrefix)
    });
    let mut titled: Vec<Vec<u32>> = Vec::new();
    for (clause, atoms) in clauses {
        let mut union: Vec<(u32, f32)> = Vec::new();
        let mut in_title: Vec<u32> = Vec::new();
        for (atom, expansions) in clause.atoms.iter().zip(atoms) {
            let scored = match atom {
                Atom::Word { field, .. } => {
                    let (scored, title) =
                        word(&ctx, *field, expansions, positive.as_deref(), loader);
                    in_title.extend(title);
                    scored
                }
                Atom::Phrase { terms, field } => {
                    phrase(&ctx, terms.len(), *field, expansions, loader)
                }
            };
            union = merge_or(&union, &scored);
        }
        if clause.negated {
            excluded.extend(union.iter().map(|&(doc, _)| doc));
        } else {
            in_title.sort_unstable();
            in_title.dedup();
            titled.push(in_title);
            positive = Some(match positive {
                None => union,
                Some(previous) => merge_and(&previous, &union),
            });
        }
    }
    match positive {
        Some(mut scores) => {
            scores.retain(|(doc, _)| !excluded.contains(*doc));
            reward_title_cover(&mut scores, &titled);
            let set = scores.iter().map(|&(d, _)| d).collect();
            Matches { set, scores: Some(scores) }
        }
        None => {
            let set = DocSet::from_range(0..index.entry.doc_numbers)
                .difference(&directory.deleted)
                .difference(&excluded);
            Matches { set, scores: None }
        }
    }
}

/// What evaluation reads besides the files: the index and its directory.
struct Context<'c> {
    index: &'c Index,
    directory: &'c Directory,
}

/// A term's postings in one segment, and the documents whose postings there are stale.
struct SegmentPostings<'c> {
    postings: Postings,
    positions_file: String,
    stale: &'c DocSet,
}

impl SegmentPostings<'_> {
    /// Whether posting `i` is up to date (its document not changed or deleted since).
    fn is_live(&self, i: usize) -> bool {
        self.postings.postings.get(i).is_some_and(|p| !self.stale.contains(p.doc))
    }
}

/// `term`'s postings in every segment that has it, or `None` if a shard is not loaded.
fn segment_postings<'c>(
    ctx: &Context<'c>,
    term: &str,
    loader: &mut Loader<'_>,
) -> Option<Vec<SegmentPostings<'c>>> {
    let files = shard_files(ctx.directory, loader, term.as_bytes());
    if files.len() < ctx.directory.segments.len() {
        return None;
    }
    let mut out = Vec::new();
    for (s, terms_file, positions_file) in files {
        let shard = loader.terms(&terms_file)?;
        let Some(offset) = shard.terms.get(term) else { continue };
        let Ok(postings) = read_postings(&terms_file, &shard.postings, offset) else { continue };
        out.push(SegmentPostings {
            postings,
            positions_file,
            stale: &ctx.directory.segments[s].stale,
        });
    }
    Some(out)
}

/// `term`'s up-to-date postings over all segments, by document.
fn postings(ctx: &Context<'_>, term: &str, loader: &mut Loader<'_>) -> Vec<Posting> {
    let mut all: Vec<Posting> = Vec::new();
    for segment in segment_postings(ctx, term, loader).unwrap_or_default() {
        all.extend(segment.postings.postings.iter().filter(|p| !segment.stale.contains(p.doc)));
    }
    // Segments are in document order each; a changed document's new postings may fall
    // anywhere among the older segment's.
    all.sort_unstable_by_key(|p| p.doc);
    all.dedup_by_key(|p| p.doc);
    all
}

fn weight(params: &RankingParams, kind: MatchKind) -> f32 {
    match kind {
        MatchKind::Exact => params.exact,
        MatchKind::Stem => params.stem,
        MatchKind::Prefix | MatchKind::NarrowPrefix => params.prefix,
        MatchKind::Translit => params.translit,
        MatchKind::Typo1 => params.typo1,
        MatchKind::Typo2 => params.typo2,
    }
}

/// A word: per document, the best of its expansions (weight × saturated tf) times an idf, and
/// the documents it matched in the title. The idf is that of all the documents the word
/// reaches (a completion's own idf would put a rare `pri` ticker before oil prices for `oil
/// pri`), except that when the word was also read as a typo or in another script, what the
/// reader typed keeps the idf of its own documents: the one title that misspells `foregn`
/// is not drowned by the thousands that spell `foreign`. Narrow completions count only in
/// `within`, the documents the query's other clauses matched (none without them).
fn word(
    ctx: &Context<'_>,
    field: Field,
    expansions: &[Expansion],
    within: Option<&[(u32, f32)]>,
    loader: &mut Loader<'_>,
) -> (Vec<(u32, f32)>, Vec<u32>) {
    let index = ctx.index;
    let params = &index.ranking;
    let avg = index.avg_body_len;
    let corrected = expansions.iter().any(|e| e.kind.is_correction());
    // Documents the reader's own spelling matched, and every document the word matched.
    let mut typed: Vec<(u32, f32)> = Vec::new();
    let mut best: Vec<(u32, f32)> = Vec::new();
    let mut title: Vec<u32> = Vec::new();
    for e in expansions {
        let narrow = e.kind == MatchKind::NarrowPrefix;
        if narrow && within.is_none() {
            continue;
        }
        let keep = |doc: u32| {
            !narrow || within.is_some_and(|w| w.binary_search_by_key(&doc, |&(d, _)| d).is_ok())
        };
        let w = weight(params, e.kind);
        let scored: Vec<(u32, f32)> = postings(ctx, &e.term, loader)
            .iter()
            .filter(|p| (field == Field::Any || p.tf_title > 0) && keep(p.doc))
            .inspect(|p| {
                if p.tf_title > 0 {
                    title.push(p.doc);
                }
            })
            .map(|p| (p.doc, w * params.tf(p, field, avg)))
            .collect();
        if corrected && !e.kind.is_correction() {
            typed = merge_max(&typed, &scored);
        }
        best = merge_max(&best, &scored);
    }
    let pooled = idf(index.doc_count(), best.len() as u32);
    best.iter_mut().for_each(|(_, s)| *s *= pooled);
    if !typed.is_empty() {
        let own = idf(index.doc_count(), typed.len() as u32);
        typed.iter_mut().for_each(|(_, s)| *s *= own);
        best = merge_max(&best, &typed);
    }
    (best, title)
}

/// Rewards titles that hold the words of a query of several words: a document whose title
/// holds `k` of the `n` words has its score multiplied by `1 + TITLE_COVER * k / n`. A news title
/// says what an article is about; without this, seven `CONSUMER CREDIT ROSE` headlines with
/// `january` in the body outranked the one whose title holds all of `consumer rose january`.
fn reward_title_cover(scores: &mut [(u32, f32)], titled: &[Vec<u32>]) {
    if titled.len() < 2 {
        return;
    }
    let n = titled.len() as f32;
    for (doc, score) in scores.iter_mut() {
        let k = titled.iter().filter(|t| t.binary_search(doc).is_ok()).count() as f32;
        *score *= 1.0 + TITLE_COVER * k / n;
    }
}

/// A phrase: documents where the terms stand in order, next to each other, in one field.
fn phrase(
    ctx: &Context<'_>,
    len: usize,
    field: Field,
    expansions: &[Expansion],
    loader: &mut Loader<'_>,
) -> Vec<(u32, f32)> {
    // Every word of the phrase must be in the index.
    if expansions.len() != len || len == 0 {
        return Vec::new();
    }
    let words: Vec<Vec<Posting>> =
        expansions.iter().map(|e| postings(ctx, &e.term, loader)).collect();
    // Candidates: documents holding every word (each list is in document order).
    let mut candidates: Vec<u32> = words[0].iter().map(|p| p.doc).collect();
    for list in &words[1..] {
        candidates.retain(|d| list.binary_search_by_key(d, |p| p.doc).is_ok());
    }
    if candidates.is_empty() {
        return Vec::new();
    }
    // positions[word][k]: candidate k's [title, body] positions of the word.
    let mut positions: Vec<Vec<Option<[Vec<u32>; 2]>>> = Vec::with_capacity(len);
    for e in expansions {
        let mut per_doc = vec![None; candidates.len()];
        for segment in segment_postings(ctx, &e.term, loader).unwrap_or_default() {
            let Some(bytes) = loader.positions(&segment.positions_file) else { return Vec::new() };
            let list = &segment.postings;
            let candidate = |i: usize| candidates.binary_search(&list.postings[i].doc).ok();
            let read = read_positions(
                &segment.positions_file,
                bytes,
                list,
                |i| segment.is_live(i) && candidate(i).is_some(),
                |i, title, body| {
                    if let Some(k) = candidate(i) {
                        per_doc[k] = Some([title.to_vec(), body.to_vec()]);
                    }
                },
            );
            if read.is_err() {
                return Vec::new();
            }
        }
        positions.push(per_doc);
    }
    let params = &ctx.index.ranking;
    let mut scored = Vec::new();
    for (k, &doc) in candidates.iter().enumerate() {
        let Some(fields) = positions.iter().map(|p| p[k].as_ref()).collect::<Option<Vec<_>>>()
        else {
            continue;
        };
        // Occurrences of the phrase in one field: starts of the first word followed by
        // every other word at the next positions.
        let count = |f: usize| -> u32 {
            fields[0][f]
                .iter()
                .filter(|&&start| {
                    (1..len).all(|i| {
                        start
                            .checked_add(i as u32)
                            .is_some_and(|p| fields[i][f].binary_search(&p).is_ok())
                    })
                })
                .count() as u32
        };
        let tf_title = count(0);
        let tf_body = if field == Field::Any { count(1) } else { 0 };
        if tf_title + tf_body == 0 {
            continue;
        }
        let norm = words[0].binary_search_by_key(&doc, |p| p.doc).map_or(0, |i| words[0][i].norm);
        let posting = Posting { doc, tf_title, tf_body, norm };
        scored.push((doc, params.exact * params.tf(&posting, field, ctx.index.avg_body_len)));
    }
    let idf = idf(ctx.index.doc_count(), scored.len() as u32);
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
    facets: Vec<(usize, DocSet)>,
    /// Document ids in the date range.
    dates: Option<std::ops::Range<u32>>,
    /// Every facet's column, when counts are wanted (`None` if missing).
    columns: Vec<Option<&'a [DocSet]>>,
}

/// The matches after filtering.
pub(super) struct Filtered {
    /// Matches within the date range, before facet filters (for counting).
    base: DocSet,
    pub(super) set: DocSet,
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
                facets.push((usize::MAX, DocSet::default()));
                continue;
            };
            let mut allowed = DocSet::default();
            if let Some(column) = loader.facet(&file_name(FileKind::Facet, entry.facets[f].column))
            {
                for value in values {
                    let bitmap = entry.facets[f]
                        .values
                        .iter()
                        .position(|v| v == value)
                        .and_then(|v| column.get(v));
                    if let Some(bitmap) = bitmap {
                        allowed = allowed.union(bitmap);
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
            let to = request.date_to.map_or(entry.doc_numbers, |t| ids_before(&|d| d <= t.days()));
            Some(from..to.max(from))
        } else {
            None
        };
        Filters { facets, dates, columns }
    }

    pub(super) fn apply(&self, matches: Matches) -> Filtered {
        let mut base = matches.set;
        if let Some(range) = &self.dates {
            base = base.intersection(&DocSet::from_range(range.clone()));
        }
        let set =
            self.facets.iter().fold(base.clone(), |set, (_, allowed)| set.intersection(allowed));
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
            let set = self
                .facets
                .iter()
                .filter(|(g, _)| *g != f)
                .fold(filtered.base.clone(), |set, (_, allowed)| set.intersection(allowed));
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
