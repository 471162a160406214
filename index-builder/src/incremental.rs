//! Incremental builds: the previous index in `--out`, which input records changed, and the
//! core's update of only what must change.
//!
//! Every record has an identity (its page's path, or its JSONL `url`, with a count for
//! repeats) and a content hash of its raw bytes, computed without parsing it. The previous
//! index records both for each document (`sift_core::SourceKey`), and a hash of what it
//! indexed of it (`AnalyzedDocument::digest`). So an update reads every input but parses
//! and analyses only the records whose bytes are new or changed, or that lie in the part of
//! the index it rewrites (`Previous::reanalysed`): on a 250,000-article site, publishing an
//! article reads the files and hashes them, and parses a few hundred. A record whose bytes
//! changed but whose document did not (a site generator renders every page again, with a
//! new "latest news" aside) is unchanged for the index: the core only records its new hash,
//! so the next build skips it. The same rule holds for pages, JSONL and Markdown.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;
use serde::Deserialize;
use sift_core::{IndexBuilder, Previous, SourceKey};

use crate::error::{Error, Result};
use crate::pipeline::{
    analyzed, BuildMode, BuildOptions, Built, Limits, Observer, CHUNK_BYTES, CHUNK_RECORDS,
};
use crate::read::{self, page_url, Input, Raw, ReadContext, Records};

/// Opens the index in `dir` for an update: `Ok(None)` when there is none, an error saying
/// why when it cannot be updated (then the build is a full one).
pub(crate) fn open_previous(dir: &Path) -> std::result::Result<Option<Previous>, String> {
    let Ok(entry) = std::fs::read(dir.join(sift_core::ENTRY_FILE_NAME)) else { return Ok(None) };
    let dir = dir.to_path_buf();
    Previous::open(&entry, move |name| std::fs::read(dir.join(name)).ok()).map(Some).map_err(
        |error| match error {
            sift_core::Error::FullBuildNeeded(why) => why,
            error => format!("the previous index cannot be updated ({error})"),
        },
    )
}

/// What a record is, known without parsing it: the URL it will have and a hash of its bytes.
pub(crate) struct Identity {
    url: String,
    content: u64,
}

/// Only the field an identity needs of a JSONL record.
#[derive(Deserialize)]
struct UrlOnly {
    url: Option<String>,
}

/// The identity of `raw`, or `None` for a record that cannot have one (a line too long,
/// a page that cannot be read): such a record is parsed, which reports it properly.
pub(crate) fn identify(raw: &Raw, ctx: &ReadContext) -> Option<Identity> {
    match raw {
        Raw::Line { bytes, .. } => {
            let url = serde_json::from_slice::<UrlOnly>(bytes).ok()?.url?;
            Some(Identity { url, content: hash(bytes) })
        }
        Raw::Page { root, path } => {
            let bytes = std::fs::read(path).ok()?;
            Some(Identity {
                url: page_url(root, path, ctx.base_url.as_deref()),
                content: hash(&bytes),
            })
        }
        Raw::Markdown { root, path } => {
            let bytes = std::fs::read(path).ok()?;
            let url = read::file_url(root, path, ctx.base_url.as_deref());
            Some(Identity { url, content: hash(&bytes) })
        }
        Raw::TooLong { .. } => None,
    }
}

/// The first 64 bits of a BLAKE3 hash; never 0 (the core's mark of a deleted document).
fn hash(bytes: &[u8]) -> u64 {
    let digest = blake3::hash(bytes);
    u64::from_le_bytes(digest.as_bytes()[..8].try_into().expect("eight bytes")).max(1)
}

/// Gives each record's URL its key: the hash of the URL and of how many records before it
/// had the same URL, so that repeated URLs (wire repeats, corrections) stay apart.
#[derive(Default)]
pub(crate) struct Keys {
    seen: HashMap<String, u32>,
}

impl Keys {
    pub(crate) fn key(&mut self, url: &str) -> u64 {
        let count = self.seen.entry(url.to_string()).or_default();
        *count += 1;
        hash(format!("{url}\u{0}{count}").as_bytes())
    }
}

impl Keys {
    /// The source of the next record (in input order) that has `identity`.
    pub(crate) fn source(&mut self, identity: &Identity) -> SourceKey {
        SourceKey { key: self.key(&identity.url), content: identity.content }
    }
}

/// A record to parse, with the previous document it replaces, if any.
struct Wanted {
    raw: Raw,
    replaces: Option<Replaces>,
    source: Option<SourceKey>,
}

/// The previous document a record replaces.
#[derive(Clone, Copy)]
struct Replaces {
    number: u32,
    /// Whether the update rewrites it anyway (it must be given again, changed or not).
    reanalysed: bool,
    /// Whether the record's bytes changed.
    new_bytes: bool,
    /// The digest of what the index holds of it.
    digest: u64,
}

/// Updates `previous` from the inputs: reads and hashes every record, parses the new, changed
/// and re-analysed ones, and lets the core write what changed. A `FullBuildNeeded` error
/// from the core means the caller should build afresh.
pub(crate) fn update(
    options: &BuildOptions,
    previous: Previous,
    inputs: Vec<Input>,
    described: Vec<(PathBuf, String)>,
    ctx: &ReadContext,
    observer: &dyn Observer,
) -> Result<Built> {
    let started = Instant::now();
    let mut known: HashMap<u64, (u32, u64)> =
        previous.documents().into_iter().map(|(n, s)| (s.key, (n, s.content))).collect();
    let reanalysed: HashSet<u32> = previous.reanalysed().into_iter().collect();
    let mut keys = Keys::default();
    let mut wanted: Vec<Wanted> = Vec::new();
    let mut records = Records::new(inputs);
    let mut chunk = Vec::with_capacity(CHUNK_RECORDS);
    observer.stage("reading what changed");
    loop {
        chunk.clear();
        let more = records.next_chunk(&mut chunk, CHUNK_RECORDS, CHUNK_BYTES)?;
        let identities: Vec<Option<Identity>> =
            chunk.par_iter().map(|raw| identify(raw, ctx)).collect();
        for (raw, identity) in chunk.drain(..).zip(identities) {
            let Some(identity) = identity else {
                wanted.push(Wanted { raw, replaces: None, source: None });
                continue;
            };
            let source = keys.source(&identity);
            match known.remove(&source.key) {
                Some((number, content)) => {
                    let reanalysed = reanalysed.contains(&number);
                    let new_bytes = content != source.content;
                    if new_bytes || reanalysed {
                        let digest = previous.digest(number);
                        let replaces = Some(Replaces { number, reanalysed, new_bytes, digest });
                        wanted.push(Wanted { raw, replaces, source: Some(source) });
                    }
                }
                None => wanted.push(Wanted { raw, replaces: None, source: Some(source) }),
            }
        }
        if !more {
            break;
        }
    }
    let parsed: Vec<_> =
        wanted.par_iter().map(|w| read::parse(&w.raw, ctx).map(|doc| doc.map(analyzed))).collect();
    let live = previous.documents().len() as u64;
    let mut builder = IndexBuilder::update(options.config.build_config()?, previous);
    let (mut added, mut changed, mut skipped, mut left_out) = (0u64, 0u64, 0u64, 0u64);
    let mut same_document = 0u64;
    let mut limits = Limits::default();
    let mut removed = 0u64;
    for (w, parsed) in wanted.iter().zip(parsed) {
        let doc = match parsed {
            Ok(Some((doc, keys))) => {
                limits.check(&w.raw.location(), keys, options.config.facets.as_ref())?;
                doc.with_source(w.source.unwrap_or_default())
            }
            Ok(None) => {
                left_out += 1;
                if let Some(Replaces { number, .. }) = w.replaces {
                    builder.delete(number);
                    removed += 1;
                }
                continue;
            }
            Err(error) if options.skip_bad && error.is_bad_record() => {
                observer.warning(&error);
                skipped += 1;
                if let Some(Replaces { number, .. }) = w.replaces {
                    builder.delete(number);
                    removed += 1;
                }
                continue;
            }
            Err(error) => return Err(error),
        };
        match w.replaces {
            Some(Replaces { number, reanalysed: false, digest, .. }) if doc.digest() == digest => {
                builder.refresh(number, w.source.unwrap_or_default().content);
                same_document += 1;
            }
            Some(Replaces { number, digest, new_bytes, .. }) => {
                let is_changed = doc.digest() != digest;
                changed += u64::from(is_changed);
                same_document += u64::from(new_bytes && !is_changed);
                builder.replace(number, doc);
            }
            None => {
                builder.add(doc);
                added += 1;
            }
        }
    }
    let deleted = known.len() as u64;
    for (number, _) in known.into_values() {
        builder.delete(number);
    }
    if live + added <= removed + deleted {
        return Err(Error::EmptyCorpus { skipped });
    }
    observer.stage("sealing what changed");
    let read_time = started.elapsed();
    let index = builder.finish()?;
    let reused = index.reused.len() as u64;
    Ok(Built {
        index,
        inputs: described,
        skipped,
        left_out,
        read_time,
        seal_time: started.elapsed() - read_time,
        mode: BuildMode::Incremental { added, changed, deleted, same_document, reused },
    })
}
