//! From query atoms to index terms: exact, stem, prefix and typo expansions.

use std::collections::BTreeMap;

use fst::automaton::{Levenshtein, Str};
use fst::{Automaton, IntoStreamer, Map, Streamer};

use super::loader::Loader;
use super::SearchRequest;
use crate::analysis::stem;
use crate::build::layout::{TYPO_MAX_BUCKET, TYPO_MIN_CHARS};
use crate::format::entry::Directory;
use crate::format::terms::document_frequency;
use crate::format::{file_name, FileKind};
use crate::index::Index;
use crate::query::{Atom, Query};

/// A prefix reaches at most this many shards (the first ones of its key range) ...
const MAX_PREFIX_SHARDS: usize = 3;
/// ... and, of the terms it finds there, the most frequent this many.
const MAX_PREFIX_TERMS: usize = 48;
/// A misspelt word expands to at most this many candidates: nearest, then most frequent.
const MAX_TYPO_TERMS: usize = 16;
/// A word the index has is only taken for a typo of a near-spelling this many times more
/// frequent (`goverment` for `government`); otherwise a correctly spelled word would drag in
/// its neighbours (`grain` would find `train` and `brain`).
const TYPO_FREQUENCY_RATIO: u64 = 10;
/// Words shorter than this are not searched with typos; from `TYPO_TWO_EDITS` on, two.
pub(crate) const TYPO_MIN_WORD: usize = 5;
const TYPO_TWO_EDITS: usize = 9;

/// How a term matched a query word, best first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum MatchKind {
    Exact,
    Stem,
    Prefix,
    Typo1,
    Typo2,
}

/// One index term standing for a query word, and where it lives.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Expansion {
    pub(super) term: String,
    pub(super) kind: MatchKind,
    pub(super) terms_file: String,
    pub(super) positions_file: String,
}

/// The terms of each atom, by clause and atom.
#[derive(Debug, Default)]
pub(super) struct Resolved {
    pub(super) clauses: Vec<Vec<Vec<Expansion>>>,
}

impl Resolved {
    /// Every term of the positive clauses, for highlighting.
    pub(super) fn highlight_terms(&self, query: &Query) -> std::collections::HashSet<String> {
        query
            .clauses
            .iter()
            .zip(&self.clauses)
            .filter(|(clause, _)| !clause.negated)
            .flat_map(|(_, atoms)| atoms.iter().flatten().map(|e| e.term.clone()))
            .collect()
    }
}

/// The typo dictionaries the request's words need, by word length.
#[derive(Default)]
pub(super) struct TypoDictionaries<'a> {
    maps: BTreeMap<usize, &'a Map<Vec<u8>>>,
}

impl<'a> TypoDictionaries<'a> {
    pub(super) fn load(index: &Index, request: &SearchRequest, loader: &mut Loader<'a>) -> Self {
        let mut maps = BTreeMap::new();
        if !request.typos {
            return TypoDictionaries { maps };
        }
        for clause in request.query.clauses.iter().filter(|c| !c.negated) {
            for atom in &clause.atoms {
                let Atom::Word { term, .. } = atom else { continue };
                for bucket in typo_buckets(term) {
                    let Some(&(_, hash)) =
                        index.entry.typo.iter().find(|(len, _)| usize::from(*len) == bucket)
                    else {
                        continue;
                    };
                    if let Some(map) = loader.typo(&file_name(FileKind::Typo, hash)) {
                        maps.insert(bucket, map);
                    }
                }
            }
        }
        TypoDictionaries { maps }
    }
}

/// The typo-dictionary lengths where candidates for `term` can be.
fn typo_buckets(term: &str) -> Vec<usize> {
    let len = term.chars().count();
    if len < TYPO_MIN_WORD || !term.chars().all(char::is_alphabetic) {
        return Vec::new();
    }
    let edits = if len >= TYPO_TWO_EDITS { 2 } else { 1 };
    let mut buckets: Vec<usize> = (len - edits..=len + edits)
        .filter(|&l| l >= TYPO_MIN_CHARS)
        .map(|l| l.min(TYPO_MAX_BUCKET))
        .collect();
    buckets.dedup();
    buckets
}

struct Lookup<'l, 'a> {
    index: &'l Index,
    directory: &'a Directory,
    loader: &'l mut Loader<'a>,
}

impl<'a> Lookup<'_, 'a> {
    fn files(&self, shard: usize) -> (String, String) {
        let s = &self.directory.shards[shard];
        (file_name(FileKind::Terms, s.terms), file_name(FileKind::Positions, s.positions))
    }

    fn expansion(&self, term: &str, kind: MatchKind) -> Option<Expansion> {
        let shard = self.directory.shard_of(term.as_bytes())?;
        let (terms_file, positions_file) = self.files(shard);
        Some(Expansion { term: term.to_string(), kind, terms_file, positions_file })
    }

    /// `term` if the index has it (asking for its shard if that is not loaded yet).
    fn exact(&mut self, term: &str) -> Option<Expansion> {
        let e = self.expansion(term, MatchKind::Exact)?;
        let shard = self.loader.terms(&e.terms_file)?;
        shard.terms.contains_key(term).then_some(e)
    }

    /// How many documents hold `term`: `None` while its shard is not loaded yet.
    fn df(&mut self, term: &str) -> Option<u32> {
        let e = self.expansion(term, MatchKind::Exact)?;
        let shard = self.loader.terms(&e.terms_file)?;
        Some(shard.terms.get(term).map_or(0, |offset| document_frequency(&shard.postings, offset)))
    }

    /// The other members of `term`'s stem groups, in every language of the index.
    fn stems(&mut self, term: &str, out: &mut Vec<Expansion>) {
        let mut stems: Vec<String> =
            self.index.languages.iter().map(|&l| stem(term, l).into_owned()).collect();
        stems.sort();
        stems.dedup();
        for s in stems {
            let Some(group) = self.expansion(&s, MatchKind::Stem) else { continue };
            let Some(shard) = self.loader.terms(&group.terms_file) else { continue };
            let Ok(members) = shard.stem_members(&group.terms_file, &s) else { continue };
            for member in members.iter().filter(|m| *m != term) {
                if let Some(e) = self.expansion(member, MatchKind::Stem) {
                    // Ask for the member's shard now, so that evaluation finds it.
                    self.loader.terms(&e.terms_file);
                    out.push(e);
                }
            }
        }
    }

    /// The most frequent terms that start with `prefix`; returns the highest frequency.
    fn prefixes(&mut self, prefix: &str, out: &mut Vec<Expansion>) -> u32 {
        let mut found: Vec<(u32, String, usize)> = Vec::new();
        let range = self.directory.shards_with_prefix(prefix.as_bytes());
        for shard_index in range.take(MAX_PREFIX_SHARDS) {
            let (terms_file, _) = self.files(shard_index);
            let Some(shard) = self.loader.terms(&terms_file) else { continue };
            let mut stream = shard.terms.search(Str::new(prefix).starts_with()).into_stream();
            while let Some((key, offset)) = stream.next() {
                if key == prefix.as_bytes() {
                    continue;
                }
                let df = document_frequency(&shard.postings, offset);
                if let Ok(term) = std::str::from_utf8(key) {
                    found.push((df, term.to_string(), shard_index));
                }
            }
        }
        found.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        let most = found.first().map_or(0, |f| f.0);
        for (_, term, shard) in found.into_iter().take(MAX_PREFIX_TERMS) {
            let (terms_file, positions_file) = self.files(shard);
            out.push(Expansion { term, kind: MatchKind::Prefix, terms_file, positions_file });
        }
        most
    }

    /// Terms within one typo (two from nine letters on), nearest and most frequent first,
    /// and at least [`TYPO_FREQUENCY_RATIO`] times as frequent as the word itself (`seen`).
    fn typos(
        &mut self,
        term: &str,
        seen: u32,
        dictionaries: &TypoDictionaries<'a>,
        out: &mut Vec<Expansion>,
    ) {
        let floor = u64::from(seen) * TYPO_FREQUENCY_RATIO;
        let buckets = typo_buckets(term);
        if buckets.is_empty() {
            return;
        }
        let edits = if term.chars().count() >= TYPO_TWO_EDITS { 2 } else { 1 };
        // The automaton can refuse very long words (too many states): then no typos.
        let Ok(automaton) = Levenshtein::new(term, edits) else { return };
        let mut found: Vec<(usize, std::cmp::Reverse<u32>, String, usize)> = Vec::new();
        for bucket in buckets {
            let Some(map) = dictionaries.maps.get(&bucket) else { continue };
            let mut stream = map.search(&automaton).into_stream();
            while let Some((key, value)) = stream.next() {
                let Ok(candidate) = std::str::from_utf8(key) else { continue };
                if candidate == term {
                    continue;
                }
                let shard = (value >> 32) as usize;
                if shard >= self.directory.shards.len() || u64::from(value as u32) < floor {
                    continue;
                }
                let distance = edit_distance(term, candidate);
                found.push((
                    distance,
                    std::cmp::Reverse(value as u32),
                    candidate.to_string(),
                    shard,
                ));
            }
        }
        found.sort();
        for (distance, _, candidate, shard) in found.into_iter().take(MAX_TYPO_TERMS) {
            let (terms_file, positions_file) = self.files(shard);
            self.loader.terms(&terms_file);
            let kind = if distance <= 1 { MatchKind::Typo1 } else { MatchKind::Typo2 };
            out.push(Expansion { term: candidate, kind, terms_file, positions_file });
        }
    }
}

/// Resolves every atom of `query`. Without a directory (missing), nothing resolves.
pub(super) fn resolve<'a>(
    index: &Index,
    query: &Query,
    directory: Option<&'a Directory>,
    typo: &TypoDictionaries<'a>,
    loader: &mut Loader<'a>,
) -> Resolved {
    let Some(directory) = directory else {
        return Resolved {
            clauses: query.clauses.iter().map(|c| vec![Vec::new(); c.atoms.len()]).collect(),
        };
    };
    let mut lookup = Lookup { index, directory, loader };
    let mut clauses = Vec::new();
    for clause in &query.clauses {
        let mut atoms = Vec::new();
        for atom in &clause.atoms {
            let mut out = Vec::new();
            match atom {
                Atom::Word { term, prefix, .. } => {
                    out.extend(lookup.exact(term));
                    lookup.stems(term, &mut out);
                    if !clause.negated {
                        let prefixed = if *prefix { lookup.prefixes(term, &mut out) } else { 0 };
                        // Typos wait until the word's own frequency is known.
                        if let Some(df) = lookup.df(term) {
                            lookup.typos(term, df.max(prefixed), typo, &mut out);
                        }
                    }
                }
                Atom::Phrase { terms, .. } => {
                    for term in terms {
                        if let Some(e) = lookup.exact(term) {
                            lookup.loader.positions(&e.positions_file);
                            out.push(e);
                        }
                    }
                }
            }
            if matches!(atom, Atom::Word { .. }) {
                // Keep each term once, with its best kind.
                out.sort_by(|a, b| a.term.cmp(&b.term).then(a.kind.cmp(&b.kind)));
                out.dedup_by(|later, first| later.term == first.term);
            }
            atoms.push(out);
        }
        clauses.push(atoms);
    }
    Resolved { clauses }
}

/// Levenshtein distance in characters (the automaton only says "within k").
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substitute = diagonal + usize::from(ca != cb);
            diagonal = row[j + 1];
            row[j + 1] = substitute.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_characters() {
        assert_eq!(edit_distance("helsinki", "helsinky"), 1);
        assert_eq!(edit_distance("жовтис", "жовтиз"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
    }

    #[test]
    fn typo_buckets_follow_the_word_length() {
        assert!(typo_buckets("word").is_empty());
        assert_eq!(typo_buckets("moscow"), vec![5, 6, 7]);
        assert_eq!(typo_buckets("kazakhstan"), vec![8, 9, 10, 11, 12]);
        assert!(typo_buckets("12345").is_empty());
    }
}
