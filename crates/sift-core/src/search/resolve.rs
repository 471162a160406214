//! From query atoms to index terms: exact, stem, prefix, transliteration and typo expansions,
//! looked up in every segment of the index.

use std::cell::Cell;
use std::cmp::Ordering;

use fst::automaton::Str;
use fst::{Automaton, IntoStreamer, Map, Streamer};

use super::loader::Loader;
use super::typo::{self, Typos};
use super::SearchRequest;
use crate::analysis::{stem, translit, Language};
use crate::format::directory::Directory;
use crate::format::terms::{document_frequency, TermShard};
use crate::format::{file_name, typo as typo_format, FileKind};
use crate::index::Index;
use crate::query::{Atom, Query};

/// A prefix reaches the first shards of its key range that hold this many postings bytes
/// (at least one shard) ...
const PREFIX_REACH_BYTES: usize = 3 * (48 << 10);
/// ... and, of the terms it finds there, the most frequent this many count everywhere ...
const MAX_PREFIX_TERMS: usize = 48;
/// ... and this many more only where the query's other words already meet (`kingdom tru`
/// for Truss, `утвердила про` for процедуру), so a rare completion is found without every
/// rare completion swamping a one-word query.
const MAX_NARROW_PREFIX_TERMS: usize = 2048;
/// A misspelt word expands to at most this many candidates: nearest, then most frequent.
const MAX_TYPO_TERMS: usize = 16;
/// A word the index has is only taken for a typo of a near-spelling this many times more
/// frequent (`goverment` for `government`); otherwise a correctly spelled word would drag in
/// its neighbours (`grain` would find `train` and `brain`).
const TYPO_FREQUENCY_RATIO: u64 = 10;
/// The most transitions one walk of a dictionary may take. A well-formed shard needs a few
/// thousand; the bound keeps a damaged or hostile one (an fst whose nodes loop) from
/// holding the reader's page.
const MAX_WALK_STEPS: u32 = 1 << 18;

/// How a term matched a query word, best first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum MatchKind {
    Exact,
    Stem,
    Prefix,
    /// A rarer completion of the word being typed, counted only among the documents the
    /// query's other words match.
    NarrowPrefix,
    Translit,
    Typo1,
    Typo2,
}

impl MatchKind {
    /// Whether the reader typed something other than what matched (a typo, another script).
    pub(super) fn is_correction(self) -> bool {
        matches!(self, MatchKind::Translit | MatchKind::Typo1 | MatchKind::Typo2)
    }
}

/// One index term standing for a query word.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Expansion {
    pub(super) term: String,
    pub(super) kind: MatchKind,
}

/// The terms of each atom, by clause and atom, and the words read as another.
#[derive(Debug, Default)]
pub(super) struct Resolved {
    pub(super) clauses: Vec<Vec<Vec<Expansion>>>,
    /// `(typed, taken)` for each word found only through a typo or a transliteration.
    pub(super) corrections: Vec<(String, String)>,
}

impl Resolved {
    /// Every term of the positive clauses, for highlighting: sorted, each once.
    pub(super) fn highlight_terms(&self, query: &Query) -> Vec<String> {
        let mut terms: Vec<String> = query
            .clauses
            .iter()
            .zip(&self.clauses)
            .filter(|(clause, _)| !clause.negated)
            .flat_map(|(_, atoms)| atoms.iter().flatten().map(|e| e.term.clone()))
            .collect();
        terms.sort();
        terms.dedup();
        terms
    }
}

/// The term shard files (terms, positions) of `key` in each segment of `directory` whose
/// shard table page is loaded (the others' pages are asked for): one per segment once all
/// are.
pub(super) fn shard_files(
    directory: &Directory,
    loader: &mut Loader<'_>,
    key: &[u8],
) -> Vec<(usize, String, String)> {
    let mut out = Vec::new();
    for (s, segment) in directory.segments.iter().enumerate() {
        let Some(page) = segment.page_of(key) else { continue };
        let Some(page) = loader.shard_page(&file_name(FileKind::ShardPage, page)) else {
            continue;
        };
        if let Some(hash) = page.shard_of(key) {
            out.push((s, file_name(FileKind::Terms, hash), file_name(FileKind::Positions, hash)));
        }
    }
    out
}

/// The typo dictionaries the request's words need, of every segment and word length.
#[derive(Default)]
pub(super) struct TypoDictionaries<'a> {
    maps: Vec<&'a Map<Vec<u8>>>,
}

impl<'a> TypoDictionaries<'a> {
    pub(super) fn load(
        directory: Option<&'a Directory>,
        request: &SearchRequest,
        loader: &mut Loader<'a>,
    ) -> Self {
        let Some(directory) = directory.filter(|_| request.typos) else {
            return TypoDictionaries::default();
        };
        let mut wanted: Vec<u8> = Vec::new();
        for atom in request.query.clauses.iter().filter(|c| !c.negated).flat_map(|c| &c.atoms) {
            if let Atom::Word { term, .. } = atom {
                let edits = usize::from(typo::allowed_edits(term, false));
                if edits > 0 {
                    wanted.extend(typo_format::buckets_near(term.chars().count(), edits));
                }
            }
        }
        let maps = directory
            .segments
            .iter()
            .flat_map(|segment| &segment.typo)
            .filter(|(len, _)| wanted.contains(len))
            .filter_map(|&(_, hash)| loader.typo(&file_name(FileKind::Typo, hash)))
            .collect();
        TypoDictionaries { maps }
    }
}

/// An automaton that gives up after [`MAX_WALK_STEPS`] transitions.
struct Bounded<'s, A> {
    inner: A,
    steps: &'s Cell<u32>,
}

impl<A: Automaton> Automaton for Bounded<'_, A> {
    type State = A::State;

    fn start(&self) -> A::State {
        self.inner.start()
    }

    fn is_match(&self, state: &A::State) -> bool {
        self.inner.is_match(state)
    }

    fn can_match(&self, state: &A::State) -> bool {
        self.steps.get() < MAX_WALK_STEPS && self.inner.can_match(state)
    }

    fn accept(&self, state: &A::State, byte: u8) -> A::State {
        self.steps.set(self.steps.get().saturating_add(1));
        self.inner.accept(state, byte)
    }
}

/// Every key of `map` that `automaton` accepts, with its value, within the walk bound.
fn walk<A: Automaton>(map: &Map<Vec<u8>>, automaton: A) -> Vec<(String, u64)> {
    let steps = Cell::new(0);
    let mut stream = map.search(Bounded { inner: automaton, steps: &steps }).into_stream();
    let mut out = Vec::new();
    while let Some((key, value)) = stream.next() {
        if let Ok(term) = std::str::from_utf8(key) {
            out.push((term.to_string(), value));
        }
    }
    out
}

/// The terms of two lists sorted by term, each once, with the sum of its counts.
fn add_counts(a: Vec<(String, u32)>, b: Vec<(String, u32)>) -> Vec<(String, u32)> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut a, mut b) = (a.into_iter().peekable(), b.into_iter().peekable());
    loop {
        let order = match (a.peek(), b.peek()) {
            (Some(x), Some(y)) => x.0.cmp(&y.0),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => return out,
        };
        let next = match order {
            Ordering::Less => a.next(),
            Ordering::Greater => b.next(),
            Ordering::Equal => a.next().zip(b.next()).map(|(x, y)| (x.0, x.1.saturating_add(y.1))),
        };
        out.extend(next);
    }
}

struct Lookup<'l, 'a> {
    index: &'l Index,
    directory: &'a Directory,
    loader: &'l mut Loader<'a>,
}

impl<'a> Lookup<'_, 'a> {
    /// The shards holding `key`, one per segment (those loaded; the rest are asked for).
    fn shards(&mut self, key: &str) -> Vec<(&'a TermShard, String)> {
        shard_files(self.directory, self.loader, key.as_bytes())
            .into_iter()
            .filter_map(|(_, terms_file, _)| Some((self.loader.terms(&terms_file)?, terms_file)))
            .collect()
    }

    /// Asks for `term`'s shards in every segment, so that evaluation finds its postings.
    fn want(&mut self, term: &str) {
        for (_, terms_file, _) in shard_files(self.directory, self.loader, term.as_bytes()) {
            self.loader.terms(&terms_file);
        }
    }

    /// How many documents hold `term`, summed over the segments; `None` while a shard is
    /// not loaded yet.
    fn df(&mut self, term: &str) -> Option<u32> {
        let files = shard_files(self.directory, self.loader, term.as_bytes());
        if files.len() < self.directory.segments.len() {
            return None;
        }
        let mut total = 0u32;
        for (_, terms_file, _) in files {
            let shard = self.loader.terms(&terms_file)?;
            let df = shard.terms.get(term).map_or(0, |o| document_frequency(&shard.postings, o));
            total = total.saturating_add(df);
        }
        Some(total)
    }

    /// `term` if some segment has it.
    fn exact(&mut self, term: &str) -> Option<Expansion> {
        let found = self.shards(term).iter().any(|(shard, _)| shard.terms.contains_key(term));
        found.then(|| Expansion { term: term.to_string(), kind: MatchKind::Exact })
    }

    /// The other members of `term`'s stem groups in `languages`, as `kind`.
    fn stems(
        &mut self,
        term: &str,
        languages: &[Language],
        kind: MatchKind,
        out: &mut Vec<Expansion>,
    ) {
        let mut stems: Vec<String> =
            languages.iter().map(|&l| stem(term, l).into_owned()).collect();
        stems.sort();
        stems.dedup();
        for s in stems {
            for (shard, file) in self.shards(&s) {
                let Ok(members) = shard.stem_members(&file, &s) else { continue };
                for member in members.into_iter().filter(|m| m != term) {
                    self.want(&member);
                    out.push(Expansion { term: member, kind });
                }
            }
        }
    }

    /// The terms that start with `prefix`, the most frequent first (the rest as
    /// [`MatchKind::NarrowPrefix`]); returns the highest frequency.
    fn prefixes(&mut self, prefix: &str, out: &mut Vec<Expansion>) -> u32 {
        let mut found: Vec<(String, u32)> = Vec::new();
        for segment in &self.directory.segments {
            // The segment's shards are in key order, so its terms come sorted.
            let mut terms = Vec::new();
            let mut hashes = Vec::new();
            let reach = (PREFIX_REACH_BYTES / segment.shard_bytes).max(1);
            for page in segment.pages_with_prefix(prefix.as_bytes()) {
                // A page not loaded yet is asked for; the ones after it wait for it.
                let Some(page) = self.loader.shard_page(&file_name(FileKind::ShardPage, page))
                else {
                    break;
                };
                hashes.extend(page.shards_with_prefix(prefix.as_bytes()).take(reach));
                if hashes.len() >= reach {
                    break;
                }
            }
            for hash in hashes.into_iter().take(reach) {
                let Some(shard) = self.loader.terms(&file_name(FileKind::Terms, hash)) else {
                    continue;
                };
                for (term, offset) in walk(&shard.terms, Str::new(prefix).starts_with()) {
                    if term != prefix {
                        terms.push((term, document_frequency(&shard.postings, offset)));
                    }
                }
            }
            found = add_counts(found, terms);
        }
        let mut found: Vec<(u32, String)> = found.into_iter().map(|(t, df)| (df, t)).collect();
        found.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        let most = found.first().map_or(0, |f| f.0);
        for (i, (_, term)) in
            found.into_iter().take(MAX_PREFIX_TERMS + MAX_NARROW_PREFIX_TERMS).enumerate()
        {
            self.want(&term);
            let kind =
                if i < MAX_PREFIX_TERMS { MatchKind::Prefix } else { MatchKind::NarrowPrefix };
            out.push(Expansion { term, kind });
        }
        most
    }

    /// The Russian terms a Latin word transliterates (`zhovtis` for жовтис), with their
    /// stem groups.
    fn translit(&mut self, term: &str, out: &mut Vec<Expansion>) {
        for key in translit::latin_keys(term) {
            let mut members = Vec::new();
            for (shard, file) in self.shards(&key) {
                members.extend(shard.translit_members(&file, &key).unwrap_or_default());
            }
            members.sort();
            members.dedup();
            for member in members {
                self.want(&member);
                out.push(Expansion { term: member.clone(), kind: MatchKind::Translit });
                self.stems(&member, &[Language::Russian], MatchKind::Translit, out);
            }
        }
    }

    /// Terms within the typos `term` allows, nearest and most frequent first, and at least
    /// [`TYPO_FREQUENCY_RATIO`] times as frequent as the word itself (`seen`).
    fn typos(
        &mut self,
        term: &str,
        seen: u32,
        has_matches: bool,
        dictionaries: &TypoDictionaries<'a>,
        out: &mut Vec<Expansion>,
    ) {
        let floor = u64::from(seen) * TYPO_FREQUENCY_RATIO;
        let edits = typo::allowed_edits(term, has_matches);
        if edits == 0 {
            return;
        }
        let Some(automaton) = Typos::new(term, edits) else { return };
        let mut found: Vec<(String, u32)> = Vec::new();
        for map in &dictionaries.maps {
            let candidates = walk(map, automaton.clone())
                .into_iter()
                .filter(|(candidate, _)| candidate != term)
                .map(|(candidate, df)| (candidate, u32::try_from(df).unwrap_or(u32::MAX)));
            found = add_counts(found, candidates.collect());
        }
        let mut ranked: Vec<(usize, std::cmp::Reverse<u32>, String)> = found
            .into_iter()
            .filter(|&(_, df)| u64::from(df) >= floor.max(1))
            .map(|(candidate, df)| {
                (typo::distance(term, &candidate), std::cmp::Reverse(df), candidate)
            })
            .collect();
        ranked.sort();
        for (distance, _, candidate) in ranked.into_iter().take(MAX_TYPO_TERMS) {
            self.want(&candidate);
            let kind = if distance <= 1 { MatchKind::Typo1 } else { MatchKind::Typo2 };
            out.push(Expansion { term: candidate, kind });
        }
    }

    /// Every expansion of the word `term` of a clause.
    fn word(
        &mut self,
        term: &str,
        prefix: bool,
        negated: bool,
        typo: &TypoDictionaries<'a>,
    ) -> Vec<Expansion> {
        let mut out = Vec::new();
        out.extend(self.exact(term));
        let languages = self.index.languages.clone();
        self.stems(term, &languages, MatchKind::Stem, &mut out);
        if negated {
            return out;
        }
        let prefixed = if prefix { self.prefixes(term, &mut out) } else { 0 };
        if self.index.languages.contains(&Language::Russian) {
            self.translit(term, &mut out);
        }
        // Typos wait until the word's own frequency is known.
        if let Some(df) = self.df(term) {
            let has_matches = !out.is_empty();
            self.typos(term, df.max(prefixed), has_matches, typo, &mut out);
        }
        out
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
            corrections: Vec::new(),
        };
    };
    let mut lookup = Lookup { index, directory, loader };
    let mut resolved = Resolved::default();
    for clause in &query.clauses {
        let mut atoms = Vec::new();
        for atom in &clause.atoms {
            let out = match atom {
                Atom::Word { term, prefix, .. } => {
                    let mut out = lookup.word(term, *prefix, clause.negated, typo);
                    if let Some(best) = correction(&out) {
                        resolved.corrections.push((term.clone(), best));
                    }
                    // Keep each term once, with its best kind.
                    out.sort_by(|a, b| a.term.cmp(&b.term).then(a.kind.cmp(&b.kind)));
                    out.dedup_by(|later, first| later.term == first.term);
                    out
                }
                Atom::Phrase { terms, .. } => {
                    let mut out = Vec::new();
                    for term in terms {
                        if let Some(e) = lookup.exact(term) {
                            let files = shard_files(directory, lookup.loader, term.as_bytes());
                            for (_, _, positions) in files {
                                lookup.loader.positions(&positions);
                            }
                            out.push(e);
                        }
                    }
                    out
                }
            };
            atoms.push(out);
        }
        resolved.clauses.push(atoms);
    }
    resolved
}

/// The term a word was read as, when nothing matched it as typed (exactly, by stem or as a
/// prefix): the first transliteration or, failing that, the nearest typo candidate.
fn correction(expansions: &[Expansion]) -> Option<String> {
    if expansions.iter().any(|e| !e.kind.is_correction()) {
        return None;
    }
    expansions.iter().min_by_key(|e| e.kind).map(|e| e.term.clone())
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::add_counts;
    use crate::{
        analyze, BuildConfig, Document, FileCache, Index, IndexBuilder, Outcome, ParseOptions,
        Query, SearchRequest,
    };

    /// 2,000 articles in 1 KiB shards, so that the shard table runs over several pages. In
    /// each language, every other article has a rare word in its title (`rights0017`), every
    /// article one in its body (`rightsfill17`), and all but the newest 100 (so none of the
    /// tail's) one that sorts after them (`rightszone`, `праваящик`).
    fn paged_index() -> HashMap<String, Vec<u8>> {
        let config = BuildConfig { shard_bytes: Some(1 << 10), ..BuildConfig::default() };
        let mut builder = IndexBuilder::new(config);
        for i in 0..2_000 {
            let j = i % 1_000;
            builder.add(analyze(&Document {
                url: format!("/news/{i}"),
                title: if i % 2 == 0 {
                    format!("rights{j:04} права{j:04}")
                } else {
                    "report доклад".to_string()
                },
                body: if i < 1_900 {
                    format!("rightszone праваящик rightsfill{i} прававклад{i}")
                } else {
                    format!("rightsfill{i} прававклад{i}")
                },
                lang: if i % 2 == 0 { "en" } else { "ru" }.into(),
                ..Document::default()
            }));
        }
        let files = builder.finish().expect("the index builds").files;
        files.into_iter().map(|f| (f.name, f.bytes)).collect()
    }

    /// The total of a search for `text` (the last word a prefix, no typos), and the shard
    /// table pages it read.
    fn search(files: &HashMap<String, Vec<u8>>, text: &str) -> (usize, usize) {
        let index = Index::open(&files[crate::ENTRY_FILE_NAME]).unwrap();
        let mut cache = FileCache::new(&index);
        let request = SearchRequest {
            query: Query::parse(text, ParseOptions { prefix_last: true }).query,
            typos: false,
            ..SearchRequest::default()
        };
        let mut pages = 0;
        loop {
            match index.search(&request, &cache) {
                Outcome::Ready(results) => return (results.total, pages),
                Outcome::Need(names) => {
                    for name in names {
                        pages += usize::from(name.starts_with("keys-"));
                        cache.insert(&name, &files[&name]).unwrap();
                    }
                }
            }
        }
    }

    #[test]
    fn words_and_prefixes_are_found_on_every_page_of_the_shard_table() {
        let files = paged_index();
        let pages = files.keys().filter(|n| n.starts_with("keys-")).count();
        assert!(pages >= 4, "{pages} pages: the test needs a shard table of several");
        for (rare, common, prefix) in
            [("rights0150", "rightszone", "rights"), ("права0150", "праваящик", "права")]
        {
            // A word reads one page per segment (a base and a tail).
            assert_eq!(search(&files, &format!("{rare} ")), (2, 2), "{rare}");
            assert_eq!(search(&files, &format!("{common} ")).0, 1_900, "{common}");
            // The prefix's completions run from the page of `…0000` to the page of the most
            // frequent, which only the base has: its articles are found.
            let (total, read) = search(&files, prefix);
            assert!(total >= 1_900, "{prefix}: {total}");
            assert!(read > 2, "{prefix} read {read} pages: its range should span pages");
        }
    }

    #[test]
    fn counts_of_one_term_in_two_segments_add_up() {
        let list = |terms: &[(&str, u32)]| -> Vec<(String, u32)> {
            terms.iter().map(|&(t, n)| (t.to_string(), n)).collect()
        };
        let older = list(&[("helsinki", 40), ("жовтис", 3), ("москва", 9)]);
        let newer = list(&[("hels", 1), ("helsinki", 2), ("москва", u32::MAX)]);
        assert_eq!(
            add_counts(older, newer),
            list(&[("hels", 1), ("helsinki", 42), ("жовтис", 3), ("москва", u32::MAX)])
        );
    }
}
