//! The build: inputs read in order, parsed and analysed on every core in bounded chunks,
//! and added to the core's builder in input order, so the index is the same on every run.
//!
//! Three things overlap: a reader thread fetches the next chunk of raw records (and
//! decompresses), the thread pool parses and analyses the current chunk, and the builder
//! takes in the previous one. At most a few chunks are in memory at once, so memory grows
//! with the index, not with the input.

use std::path::PathBuf;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use sift_core::{analyze, AnalyzedDocument, IndexBuilder, IndexFiles};

use crate::config::Config;
use crate::error::{Error, Result};
use crate::read::{self, Input, Raw, ReadContext, Records};

/// Most records in one chunk.
pub const CHUNK_RECORDS: usize = 1024;
/// About the most bytes of raw records in one chunk. Up to four chunks are alive at once
/// (being read, queued, parsed, added); with long records (ungdc's speeches average 13 KB)
/// 32 MiB chunks cost a fifth more peak memory than 4 MiB ones, for no speed.
const CHUNK_BYTES: usize = 4 << 20;

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
}

#[derive(Default)]
struct Counts {
    documents: u64,
    skipped: u64,
    left_out: u64,
}

/// Reads every input and builds the index in memory. Nothing is written.
pub fn build(options: &BuildOptions, observer: &dyn Observer) -> Result<Built> {
    let started = Instant::now();
    let opened = options.inputs.iter().map(|p| Input::open(p)).collect::<Result<Vec<_>>>()?;
    let described = opened.iter().map(|i| (i.path().to_path_buf(), i.describe())).collect();
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
        let mut pending: Vec<Result<Option<AnalyzedDocument>>> = Vec::new();
        for chunk in receiver {
            let chunk = chunk?;
            let (fed, parsed) = rayon::join(
                || feed(&mut builder, std::mem::take(&mut pending), options, &mut counts, observer),
                || {
                    chunk
                        .par_iter()
                        .map(|raw| read::parse(raw, &ctx).map(|doc| doc.map(|d| analyze(&d))))
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
    })
}

/// Adds parsed records to the builder in order; skips or returns bad ones.
fn feed(
    builder: &mut IndexBuilder,
    parsed: Vec<Result<Option<AnalyzedDocument>>>,
    options: &BuildOptions,
    counts: &mut Counts,
    observer: &dyn Observer,
) -> Result<()> {
    if parsed.is_empty() {
        return Ok(());
    }
    for item in parsed {
        match item {
            Ok(Some(doc)) => {
                builder.add(doc);
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
