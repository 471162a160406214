//! Inputs: JSONL files, directories of HTML pages, directories of Markdown files.
//!
//! An input is opened and listed up front (so a missing path fails before any work), then
//! read as a stream of [`Raw`] records in a fixed order: inputs in command-line order,
//! files of a directory sorted by path. Turning a raw record into a [`Document`] is pure
//! and runs on every core.

mod html;
mod jsonl;
mod markdown;

use std::collections::BTreeMap;
use std::fs;
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use sift_core::{Date, Document};

use crate::config::{Config, HtmlRules};
use crate::error::{Error, Location, Result};

pub(crate) use html::page_url;
pub(crate) use markdown::file_url;

/// One input as named on the command line, opened and listed.
#[derive(Clone, Debug)]
pub enum Input {
    /// A `.jsonl` or `.jsonl.gz` file: one record per line.
    Jsonl(PathBuf),
    /// A directory of HTML pages (`.html`, `.htm`), listed recursively.
    Html {
        /// The directory as named; page URLs are paths relative to it.
        root: PathBuf,
        /// The pages, sorted.
        pages: Vec<PathBuf>,
    },
    /// A directory of Markdown files (`.md`, `.markdown`) with front matter.
    Markdown {
        /// The directory as named; URLs are derived from paths relative to it.
        root: PathBuf,
        /// The files, sorted.
        files: Vec<PathBuf>,
    },
}

impl Input {
    /// Opens an input: a JSONL file, or a directory holding HTML pages (then Markdown files
    /// in it are not read) or Markdown files.
    pub fn open(path: &Path) -> Result<Input> {
        Input::open_except(path, &[])
    }

    /// Opens an input, leaving out the directories `skip` (the output directory, when it
    /// lies inside an input: a build never reads what it wrote).
    pub fn open_except(path: &Path, skip: &[PathBuf]) -> Result<Input> {
        let meta = fs::metadata(path)
            .map_err(|error| Error::Unreadable { path: path.to_path_buf(), error })?;
        if meta.is_dir() {
            let mut html = Vec::new();
            let mut markdown = Vec::new();
            let skip = skipped_under(path, skip);
            walk(path, &skip, &mut html, &mut markdown)?;
            if html.is_empty() && markdown.is_empty() {
                return Err(Error::NoPages { path: path.to_path_buf() });
            }
            return Ok(if !html.is_empty() || markdown.is_empty() {
                Input::Html { root: path.to_path_buf(), pages: html }
            } else {
                Input::Markdown { root: path.to_path_buf(), files: markdown }
            });
        }
        let name = path.file_name().map(|n| n.to_string_lossy().to_ascii_lowercase());
        match name {
            Some(n) if n.ends_with(".jsonl") || n.ends_with(".jsonl.gz") => {
                Ok(Input::Jsonl(path.to_path_buf()))
            }
            _ => Err(Error::UnknownInput { path: path.to_path_buf() }),
        }
    }

    /// The path as named.
    pub fn path(&self) -> &Path {
        match self {
            Input::Jsonl(path) => path,
            Input::Html { root, .. } | Input::Markdown { root, .. } => root,
        }
    }

    /// What kind of input this is, for the summary.
    pub fn describe(&self) -> String {
        match self {
            Input::Jsonl(_) => "JSONL".to_string(),
            Input::Html { pages, .. } => format!("{} HTML pages", pages.len()),
            Input::Markdown { files, .. } => format!("{} Markdown files", files.len()),
        }
    }
}

/// The directories of `skip` that lie under `root`, as `walk` will name them
/// (`root/rel`), whether or not the paths were spelled alike.
fn skipped_under(root: &Path, skip: &[PathBuf]) -> Vec<PathBuf> {
    let Ok(root_real) = root.canonicalize() else { return Vec::new() };
    skip.iter()
        .filter_map(|dir| {
            // The directory may not exist yet: its parent does, or it cannot lie under root.
            let real = match dir.canonicalize() {
                Ok(real) => real,
                Err(_) => dir.parent()?.canonicalize().ok()?.join(dir.file_name()?),
            };
            Some(root.join(real.strip_prefix(&root_real).ok()?))
        })
        .collect()
}

/// Lists HTML and Markdown files under `dir`, depth first, each directory's entries sorted
/// by name, so the order (and so the index) is the same on every machine. Hidden entries
/// (`.git`, the builder's own staging directories), symlinked directories and the `skip`
/// directories are left out.
fn walk(
    dir: &Path,
    skip: &[PathBuf],
    html: &mut Vec<PathBuf>,
    markdown: &mut Vec<PathBuf>,
) -> Result<()> {
    let unreadable = |error| Error::Unreadable { path: dir.to_path_buf(), error };
    // The entry's own file type costs no system call (unlike a `stat` per file), which
    // matters on a site of tens of thousands of pages.
    let mut entries = fs::read_dir(dir)
        .map_err(unreadable)?
        .map(|entry| entry.and_then(|e| Ok((e.path(), e.file_type()?))))
        .collect::<std::io::Result<Vec<_>>>()
        .map_err(unreadable)?;
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    for (path, file_type) in entries {
        let Some(name) = path.file_name().and_then(|n| n.to_str()).map(str::to_ascii_lowercase)
        else {
            continue;
        };
        if name.starts_with('.') {
            continue;
        }
        if file_type.is_dir() {
            if !skip.contains(&path) {
                walk(&path, skip, html, markdown)?;
            }
        } else if name.ends_with(".html") || name.ends_with(".htm") {
            html.push(path);
        } else if name.ends_with(".md") || name.ends_with(".markdown") {
            markdown.push(path);
        }
    }
    Ok(())
}

/// A record as read, before parsing: cheap to read in order, parsed in parallel.
#[derive(Debug)]
pub(crate) enum Raw {
    /// A JSONL line.
    Line { file: Arc<PathBuf>, line: u64, bytes: Vec<u8> },
    /// A JSONL line longer than [`MAX_LINE_BYTES`], not kept.
    TooLong { file: Arc<PathBuf>, line: u64 },
    /// An HTML page.
    Page { root: Arc<PathBuf>, path: PathBuf },
    /// A Markdown file.
    Markdown { root: Arc<PathBuf>, path: PathBuf },
}

impl Raw {
    /// Bytes held, to bound the memory of a chunk.
    pub(crate) fn weight(&self) -> usize {
        match self {
            Raw::Line { bytes, .. } => bytes.len() + 64,
            Raw::TooLong { .. } => 64,
            Raw::Page { .. } | Raw::Markdown { .. } => 256,
        }
    }

    /// Where the record is: file and line, or the file.
    pub(crate) fn location(&self) -> Location {
        match self {
            Raw::Line { file, line, .. } | Raw::TooLong { file, line } => {
                Location::line(file, *line)
            }
            Raw::Page { path, .. } | Raw::Markdown { path, .. } => Location::file(path),
        }
    }
}

/// What the parsers need besides the record.
#[derive(Debug)]
pub(crate) struct ReadContext {
    pub(crate) default_lang: String,
    pub(crate) base_url: Option<String>,
    pub(crate) html: HtmlRules,
    /// Whether pages are read from their `data-pagefind-body` (Pagefind's rule: once any
    /// page has one, pages without one are left out).
    pub(crate) pagefind_body: bool,
}

impl ReadContext {
    pub(crate) fn new(config: &Config) -> Result<ReadContext> {
        Ok(ReadContext {
            default_lang: config.default_lang().to_string(),
            base_url: config.base_url.clone(),
            html: HtmlRules::compile(&config.html)?,
            pagefind_body: false,
        })
    }
}

/// Parses one record. `Ok(None)` is a page left out on purpose (see
/// [`ReadContext::pagefind_body`]).
pub(crate) fn parse(raw: &Raw, ctx: &ReadContext) -> Result<Option<Document>> {
    let doc = parse_record(raw, ctx)?;
    if let Some(doc) = &doc {
        if !sift_core::is_link_allowed(&doc.url) {
            return Err(Error::BadUrl { at: raw.location(), url: doc.url.clone() });
        }
    }
    Ok(doc)
}

fn parse_record(raw: &Raw, ctx: &ReadContext) -> Result<Option<Document>> {
    match raw {
        Raw::Line { file, line, bytes } => jsonl::parse_line(file, *line, bytes, ctx).map(Some),
        Raw::TooLong { file, line } => {
            Err(Error::LineTooLong { at: Location::line(file, *line), limit: MAX_LINE_BYTES })
        }
        Raw::Page { root, path } => {
            let text = read_text(path)?;
            html::parse_page(path, &page_url(root, path, ctx.base_url.as_deref()), &text, ctx)
        }
        Raw::Markdown { root, path } => {
            let text = read_text(path)?;
            markdown::parse_file(path, &file_url(root, path, ctx.base_url.as_deref()), &text, ctx)
                .map(Some)
        }
    }
}

/// Whether any page of the list has a `data-pagefind-body` attribute (a byte search, run
/// on every core, that stops at the first hit).
pub(crate) fn uses_pagefind_body(pages: &[PathBuf]) -> bool {
    use rayon::prelude::*;
    let finder = memchr::memmem::Finder::new(b"data-pagefind-body");
    pages.par_iter().any(|page| fs::read(page).is_ok_and(|bytes| finder.find(&bytes).is_some()))
}

fn read_text(path: &Path) -> Result<String> {
    let bytes =
        fs::read(path).map_err(|error| Error::Unreadable { path: path.to_path_buf(), error })?;
    String::from_utf8(bytes).map_err(|e| Error::BadUtf8 {
        at: Location::file(path),
        offset: e.utf8_error().valid_up_to(),
    })
}

/// Reads the inputs in order as chunks of raw records.
pub(crate) struct Records {
    inputs: std::vec::IntoIter<Input>,
    current: Option<Current>,
}

enum Current {
    Lines { file: Arc<PathBuf>, reader: Box<dyn BufRead + Send>, line: u64 },
    Files { root: Arc<PathBuf>, files: std::vec::IntoIter<PathBuf>, markdown: bool },
}

impl Records {
    pub(crate) fn new(inputs: Vec<Input>) -> Records {
        Records { inputs: inputs.into_iter(), current: None }
    }

    /// Appends up to `max_records` records (or about `max_bytes`) to `chunk`. Returns
    /// whether more may follow. Errors here (a file that cannot be opened or a stream that
    /// breaks off) stop the build: they are not one record's fault.
    pub(crate) fn next_chunk(
        &mut self,
        chunk: &mut Vec<Raw>,
        max_records: usize,
        max_bytes: usize,
    ) -> Result<bool> {
        let mut bytes = 0;
        while chunk.len() < max_records && bytes < max_bytes {
            let Some(current) = &mut self.current else {
                match self.inputs.next() {
                    Some(input) => self.current = Some(Current::open(input)?),
                    None => return Ok(false),
                }
                continue;
            };
            let raw = match current {
                Current::Lines { file, reader, line } => {
                    let mut buf = Vec::new();
                    let read = read_line(reader.as_mut(), &mut buf)
                        .map_err(|error| Error::Unreadable { path: file.to_path_buf(), error })?;
                    match read {
                        Line::End => {
                            self.current = None;
                            continue;
                        }
                        Line::TooLong => {
                            *line += 1;
                            Raw::TooLong { file: Arc::clone(file), line: *line }
                        }
                        Line::Read => {
                            *line += 1;
                            if buf.iter().all(u8::is_ascii_whitespace) {
                                continue;
                            }
                            Raw::Line { file: Arc::clone(file), line: *line, bytes: buf }
                        }
                    }
                }
                Current::Files { root, files, markdown } => match files.next() {
                    None => {
                        self.current = None;
                        continue;
                    }
                    Some(path) if *markdown => Raw::Markdown { root: Arc::clone(root), path },
                    Some(path) => Raw::Page { root: Arc::clone(root), path },
                },
            };
            bytes += raw.weight();
            chunk.push(raw);
        }
        Ok(true)
    }
}

/// The most bytes a JSONL line may hold (its newline aside): far more than any article,
/// and a bound on what one line can make the builder hold in memory.
pub(crate) const MAX_LINE_BYTES: usize = 16 << 20;

/// What [`read_line`] found.
enum Line {
    /// A line, in the buffer.
    Read,
    /// A line longer than [`MAX_LINE_BYTES`], read past and dropped.
    TooLong,
    /// The end of the input.
    End,
}

/// Reads one line into `buf` (newline included) unless it is longer than
/// [`MAX_LINE_BYTES`]: then reads on to its end without keeping it.
fn read_line(reader: &mut dyn BufRead, buf: &mut Vec<u8>) -> std::io::Result<Line> {
    use std::io::Read;
    let limit = MAX_LINE_BYTES as u64 + 1;
    let read = Read::take(&mut *reader, limit).read_until(b'\n', buf)?;
    if read == 0 {
        return Ok(Line::End);
    }
    let content = buf.len() - usize::from(buf.last() == Some(&b'\n'));
    if content <= MAX_LINE_BYTES {
        return Ok(Line::Read);
    }
    buf.clear();
    buf.shrink_to_fit();
    loop {
        let available = reader.fill_buf()?;
        if available.is_empty() {
            return Ok(Line::TooLong);
        }
        match memchr::memchr(b'\n', available) {
            Some(at) => {
                reader.consume(at + 1);
                return Ok(Line::TooLong);
            }
            None => {
                let all = available.len();
                reader.consume(all);
            }
        }
    }
}

impl Current {
    fn open(input: Input) -> Result<Current> {
        Ok(match input {
            Input::Jsonl(path) => {
                let file = fs::File::open(&path)
                    .map_err(|error| Error::Unreadable { path: path.clone(), error })?;
                let gz = path.to_string_lossy().to_ascii_lowercase().ends_with(".gz");
                let reader: Box<dyn BufRead + Send> = if gz {
                    Box::new(std::io::BufReader::with_capacity(
                        256 << 10,
                        flate2::read::MultiGzDecoder::new(std::io::BufReader::new(file)),
                    ))
                } else {
                    Box::new(std::io::BufReader::with_capacity(256 << 10, file))
                };
                Current::Lines { file: Arc::new(path), reader, line: 0 }
            }
            Input::Html { root, pages } => {
                Current::Files { root: Arc::new(root), files: pages.into_iter(), markdown: false }
            }
            Input::Markdown { root, files } => {
                Current::Files { root: Arc::new(root), files: files.into_iter(), markdown: true }
            }
        })
    }
}

/// Parses a date field: absent or blank is no date, anything else must be ISO.
pub(crate) fn parse_date(
    value: Option<&str>,
    at: impl FnOnce() -> Location,
) -> Result<Option<Date>> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(text) => match Date::parse_iso(text) {
            Some(date) => Ok(Some(date)),
            None => Err(Error::BadDate { at: at(), value: text.to_string() }),
        },
    }
}

/// Collapses runs of whitespace into one space and trims.
pub(crate) fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Adds values to a facet, dropping blanks.
pub(crate) fn add_facet(
    facets: &mut BTreeMap<String, Vec<String>>,
    name: &str,
    values: impl IntoIterator<Item = String>,
) {
    let name = name.trim();
    if name.is_empty() {
        return;
    }
    let values: Vec<String> =
        values.into_iter().map(|v| collapse(&v)).filter(|v| !v.is_empty()).collect();
    if !values.is_empty() {
        facets.entry(name.to_string()).or_default().extend(values);
    }
}
