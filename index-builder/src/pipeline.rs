//! The build: inputs read in order, parsed and analysed on every core in bounded chunks,
//! and added to the core's builder in input order, so the index is the same on every run.
//!
//! Three things overlap: a reader thread fetches the next chunk of raw records (and
//! decompresses), the thread pool parses and analyses the current chunk, and the builder
//! takes in the previous one. At most a few chunks are in memory at once, so memory grows
//! with the index, not with the input.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use sift_core::{analyze, AnalyzedDocument, IndexBuilder, IndexFiles};

use crate::config::Config;
use crate::error::{Error, Location, Result};
use crate::incremental::{self, Identity};
use crate::read::{self, Input, Raw, ReadContext, Records};

/// Most records in one chunk.
pub const CHUNK_RECORDS: usize = 1024;
/// About the most bytes of raw records in one chunk. Up to four chunks are alive at once
/// (being read, queued, parsed, added); with long records (ungdc's speeches average 13 KB)
/// 32 MiB chunks cost a fifth more peak memory than 4 MiB ones, for no speed.
pub(crate) const CHUNK_BYTES: usize = 4 << 20;

/// What a build tells about itself while it runs. Every method does nothing by default.
pub trait Observer: Sync {
    /// `added` documents are in the index so far.
    fn documents(&self, added: u64) {
        let _ = added;
    }
    /// A bad record was skipped (with `skip_bad`).
    fn warning(&self, error: &Error) {
        let _ = error;
    }
    /// The build moved on to another stage (`sealing index files`...).
    fn stage(&self, stage: &str) {
        let _ = stage;
    }
}

/// An observer that ignores everything.
#[derive(Clone, Copy, Debug, Default)]
pub struct Silent;

impl Observer for Silent {}

/// What to build from.
#[derive(Clone, Debug, Default)]
pub struct BuildOptions {
    /// Inputs, in order: JSONL files and directories of HTML or Markdown.
    pub inputs: Vec<PathBuf>,
    /// The settings.
    pub config: Config,
    /// Skip bad records (reporting each to the observer) instead of failing.
    pub skip_bad: bool,
    /// Directories not to read though they lie inside an input directory: the output
    /// directory, so that a build never reads what an earlier one wrote.
    pub exclude: Vec<PathBuf>,
    /// An index to update rather than build afresh (the output directory's): only what
    /// changed is rewritten. When it cannot be updated, the build is a full one and says why.
    pub previous: Option<PathBuf>,
}

/// How a build went about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BuildMode {
    /// Every record read and indexed; with why the previous index was not updated, if there
    /// was one.
    Full {
        /// Why not an update.
        reason: Option<String>,
    },
    /// The previous index updated.
    Incremental {
        /// Articles new since the previous build.
        added: u64,
        /// Articles whose record changed.
        changed: u64,
        /// Articles gone from the inputs.
        deleted: u64,
        /// Records whose bytes changed but not what the index holds of them (pages a site
        /// generator rendered again around the same article): kept as they were.
        same_document: u64,
        /// Files of the previous index kept as they were.
        reused: u64,
    },
}

/// A finished build, in memory.
#[derive(Debug)]
pub struct Built {
    /// The index files and the core's figures.
    pub index: IndexFiles,
    /// The inputs, described (`JSONL`, `120 HTML pages`).
    pub inputs: Vec<(PathBuf, String)>,
    /// Bad records skipped.
    pub skipped: u64,
    /// HTML pages left out because the site marks content with `data-pagefind-body` and
    /// they have none.
    pub left_out: u64,
    /// Time spent reading, parsing, analysing and adding records.
    pub read_time: Duration,
    /// Time the core spent sealing the index files (inverting, compressing, hashing).
    pub seal_time: Duration,
    /// A full build or an update.
    pub mode: BuildMode,
}

#[derive(Default)]
struct Counts {
    documents: u64,
    skipped: u64,
    left_out: u64,
    limits: Limits,
    keys: incremental::Keys,
}

/// The most facets, values of one facet, and languages an index may hold: the core
/// numbers facets and languages with 16 bits (and refuses 65,536 facets), and every facet's
/// values sit in the entry file each reader loads first.
pub const MAX_FACETS: usize = u16::MAX as usize;
/// See [`MAX_FACETS`].
pub const MAX_FACET_VALUES: usize = 1 << 16;
/// See [`MAX_FACETS`].
pub const MAX_LANGUAGES: usize = 1 << 16;

/// The facets, values and languages seen so far, to stop at the record that goes past a
/// limit instead of writing an index whose ids wrapped around.
#[derive(Default)]
pub(crate) struct Limits {
    facets: HashMap<String, HashSet<String>>,
    languages: HashSet<String>,
}

/// What [`Limits`] needs of a document, taken before it is analysed.
pub(crate) struct Keys {
    lang: String,
    facets: Vec<(String, Vec<String>)>,
}

impl Limits {
    pub(crate) fn check(
        &mut self,
        at: &Location,
        keys: Keys,
        wanted: Option<&Vec<String>>,
    ) -> Result<()> {
        let too_many = |what: String| Err(Error::TooMany { at: at.clone(), what });
        if !self.languages.contains(&keys.lang) {
            if self.languages.len() == MAX_LANGUAGES {
                return too_many(format!(
                    "language {:?} is one more than the {MAX_LANGUAGES} an index may hold",
                    keys.lang
                ));
            }
            self.languages.insert(keys.lang.clone());
        }
        for (name, values) in keys.facets {
            if wanted.is_some_and(|wanted| !wanted.contains(&name)) {
                continue;
            }
            if !self.facets.contains_key(&name) && self.facets.len() == MAX_FACETS {
                return too_many(format!(
                    "facet `{name}` is one more than the {MAX_FACETS} an index may hold; \
                     keep only the facets readers filter by (`facets = [...]` in the config)"
                ));
            }
            let seen = self.facets.entry(name).or_default();
            for value in values {
                if !seen.contains(&value) {
                    if seen.len() == MAX_FACET_VALUES {
                        return too_many(format!(
                            "facet value {value:?} is one more than the {MAX_FACET_VALUES} a \
                             facet may have; leave this facet out (`facets = [...]` in the \
                             config) or give it fewer values"
                        ));
                    }
                    seen.insert(value);
                }
            }
        }
        Ok(())
    }
}

/// A record parsed and analysed, or why not; with what the limits need, and what it is.
type Parsed = (Result<Option<(AnalyzedDocument, Keys)>>, Location, Option<Identity>);

/// Reads every input and builds the index in memory. Nothing is written.
pub fn build(options: &BuildOptions, observer: &dyn Observer) -> Result<Built> {
    let started = Instant::now();
    let opened = options
        .inputs
        .iter()
        .map(|p| Input::open_except(p, &options.exclude))
        .collect::<Result<Vec<_>>>()?;
    let described: Vec<(PathBuf, String)> =
        opened.iter().map(|i| (i.path().to_path_buf(), i.describe())).collect();
    let mut ctx = ReadContext::new(&options.config)?;
    if ctx.html.body.is_none() {
        let pages: Vec<PathBuf> = opened
            .iter()
            .filter_map(|input| match input {
                Input::Html { pages, .. } => Some(pages.iter().cloned()),
                _ => None,
            })
            .flatten()
            .collect();
        ctx.pagefind_body = read::uses_pagefind_body(&pages);
    }
    let mut reason = None;
    if let Some(dir) = &options.previous {
        match incremental::open_previous(dir) {
            Ok(None) => {}
            Ok(Some(previous)) => {
                match incremental::update(
                    options,
                    previous,
                    opened.clone(),
                    described.clone(),
                    &ctx,
                    observer,
                ) {
                    Ok(built) => return Ok(built),
                    Err(Error::Core(sift_core::Error::FullBuildNeeded(why))) => reason = Some(why),
                    Err(error) => return Err(error),
                }
            }
            Err(why) => reason = Some(why),
        }
        if let Some(why) = &reason {
            observer.stage(&format!("full build: {why}"));
        }
    }
    let mut builder = IndexBuilder::new(options.config.build_config()?);
    let mut counts = Counts::default();

    std::thread::scope(|scope| -> Result<()> {
        let (sender, receiver) = mpsc::sync_channel::<Result<Vec<Raw>>>(1);
        let mut records = Records::new(opened);
        scope.spawn(move || loop {
            let mut chunk = Vec::with_capacity(CHUNK_RECORDS);
            let (more, message) = match records.next_chunk(&mut chunk, CHUNK_RECORDS, CHUNK_BYTES) {
                Ok(more) => (more, Ok(chunk)),
                Err(error) => (false, Err(error)),
            };
            // A closed channel means the build stopped early; so does this thread.
            if sender.send(message).is_err() || !more {
                break;
            }
        });
        let mut pending: Vec<Parsed> = Vec::new();
        for chunk in receiver {
            let chunk = chunk?;
            let (fed, parsed) = rayon::join(
                || feed(&mut builder, std::mem::take(&mut pending), options, &mut counts, observer),
                || {
                    chunk
                        .par_iter()
                        .map(|raw| {
                            let parsed = read::parse(raw, &ctx).map(|doc| doc.map(analyzed));
                            (parsed, raw.location(), incremental::identify(raw, &ctx))
                        })
                        .collect::<Vec<_>>()
                },
            );
            fed?;
            pending = parsed;
        }
        feed(&mut builder, pending, options, &mut counts, observer)
    })?;

    if builder.is_empty() {
        return Err(Error::EmptyCorpus { skipped: counts.skipped });
    }
    observer.stage("sealing index files");
    let read_time = started.elapsed();
    let index = builder.finish()?;
    Ok(Built {
        index,
        inputs: described,
        skipped: counts.skipped,
        left_out: counts.left_out,
        read_time,
        seal_time: started.elapsed() - read_time,
        mode: BuildMode::Full { reason },
    })
}

/// A document analysed, with what the limits need to know of it.
pub(crate) fn analyzed(doc: sift_core::Document) -> (AnalyzedDocument, Keys) {
    let analysed = analyze(&doc);
    let keys = Keys { lang: doc.lang, facets: doc.facets.into_iter().collect() };
    (analysed, keys)
}

/// Adds parsed records to the builder in order; skips or returns bad ones.
fn feed(
    builder: &mut IndexBuilder,
    parsed: Vec<Parsed>,
    options: &BuildOptions,
    counts: &mut Counts,
    observer: &dyn Observer,
) -> Result<()> {
    if parsed.is_empty() {
        return Ok(());
    }
    for (item, at, identity) in parsed {
        // Every record with an identity counts, parsed or not, as an update counts them.
        let source = identity.map(|identity| counts.keys.source(&identity)).unwrap_or_default();
        match item {
            Ok(Some((doc, keys))) => {
                counts.limits.check(&at, keys, options.config.facets.as_ref())?;
                builder.add(doc.with_source(source));
                counts.documents += 1;
            }
            Ok(None) => counts.left_out += 1,
            Err(error) if options.skip_bad && error.is_bad_record() => {
                observer.warning(&error);
                counts.skipped += 1;
            }
            Err(error) => return Err(error),
        }
    }
    observer.documents(counts.documents);
    Ok(())
}
