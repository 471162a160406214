//! Renders a corpus to static article pages, the shape shared by the demo site, the benchmark
//! site and the HTML reader's tests (see `HELPERS.md`, "Rendered article pages").
//!
//! A record with url `/news/x` becomes `news/x/index.html` (served as `/news/x/`); a url ending
//! in `.html` is written as that file. Every piece of corpus text is HTML-escaped, so a title such
//! as `STANDARD OIL <SRD>` shows as text. Pagefind's `data-pagefind-*` attributes mark the content
//! root, filters, date and the parts to ignore, so both Sift and Pagefind index the same content.
//! The header's search markup comes from [`Chrome`], which the widget owns.

mod html;
#[cfg(test)]
mod tests;

use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context, Result};
use rayon::prelude::*;

use crate::corpus::{read_records, Record};
pub use html::Chrome;

/// Options of [`render_site`].
#[derive(Debug, Clone)]
pub struct SiteOptions {
    /// Render only the first `limit` records.
    pub limit: Option<usize>,
    /// Number of articles in each page's "latest news" block.
    pub latest_count: usize,
    /// Facets the "latest news" block prefers, in order; a record with none of them uses its
    /// first facet by name, and a record without tags gets the newest articles overall.
    pub latest_facets: Vec<String>,
    /// The site's name, shown in the header.
    pub site_name: String,
    /// Markup owned by the widget: the head's scripts and styles, the header's search element.
    pub chrome: Chrome,
}

impl Default for SiteOptions {
    fn default() -> Self {
        SiteOptions {
            limit: None,
            latest_count: 5,
            latest_facets: vec!["country".into(), "places".into()],
            site_name: "Sift demo news".into(),
            chrome: Chrome::default(),
        }
    }
}

/// Arguments of `cargo xtask site`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The corpus: a `.jsonl` or `.jsonl.gz` file of records.
    #[arg(long)]
    pub corpus: PathBuf,
    /// The site's root directory; pages are written below it (other files are left alone).
    #[arg(long)]
    pub out: PathBuf,
    /// Render only the first N records.
    #[arg(long)]
    pub limit: Option<usize>,
}

/// Runs `cargo xtask site`.
pub fn run(args: &Args) -> Result<()> {
    let start = Instant::now();
    let options = SiteOptions { limit: args.limit, ..SiteOptions::default() };
    let pages = render_site(&args.corpus, &args.out, &options)?;
    eprintln!(
        "rendered {pages} pages into {} in {:.2} s",
        args.out.display(),
        start.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Renders the records of `corpus` (`.jsonl` or `.jsonl.gz`) as article pages below `out` and
/// returns the number of pages written. Fails, naming the record, on a url that cannot be a
/// page path, a url used twice, or a date that is not `YYYY-MM-DD`.
pub fn render_site(corpus: &Path, out: &Path, options: &SiteOptions) -> Result<usize> {
    let mut records = read_records(corpus)?;
    if let Some(limit) = options.limit {
        records.truncate(limit);
    }
    render_records(&records, out, options)
        .with_context(|| format!("cannot render {} into {}", corpus.display(), out.display()))
}

/// Renders `records` as article pages below `out`; see [`render_site`].
pub fn render_records(records: &[Record], out: &Path, options: &SiteOptions) -> Result<usize> {
    let mut paths = Vec::with_capacity(records.len());
    let mut seen = HashSet::with_capacity(records.len());
    for (number, record) in records.iter().enumerate() {
        let at = || format!("record {} ({})", number + 1, record.id);
        let path = page_path(&record.url).with_context(at)?;
        if let Some(date) = &record.date {
            html::parse_date(date).with_context(at)?;
        }
        if !seen.insert(path.clone()) {
            bail!("{}: url {:?} is used by an earlier record", at(), record.url);
        }
        paths.push(path);
    }
    let latest = Latest::new(records, options);
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    records.par_iter().zip(paths.par_iter()).enumerate().try_for_each(|(i, (record, path))| {
        let page = html::page(record, &latest.block(i, records), options);
        let path = out.join(path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::write(&path, page).with_context(|| format!("cannot write {}", path.display()))
    })?;
    Ok(records.len())
}

/// The file, relative to the site root, that serves the page of a record with this url:
/// `/news/x` and `/news/x/` map to `news/x/index.html`, `/a/b.html` to `a/b.html`.
pub fn page_path(url: &str) -> Result<PathBuf> {
    let trimmed = url.trim_matches('/');
    if trimmed.is_empty() {
        bail!("url {url:?} names no page");
    }
    if url.contains(['?', '#', '\\']) || url.chars().any(char::is_control) {
        bail!(
            "url {url:?} cannot be a file path (query, fragment, backslash or control character)"
        );
    }
    let path = Path::new(trimmed);
    if !path.components().all(|c| matches!(c, Component::Normal(_)))
        || trimmed.split('/').any(|segment| matches!(segment, "" | "." | ".."))
    {
        bail!("url {url:?} has an empty, `.` or `..` segment");
    }
    if trimmed.ends_with(".html") && !url.ends_with('/') {
        Ok(path.to_path_buf())
    } else {
        Ok(path.join("index.html"))
    }
}

/// The link to a record's page: `/news/x/` for url `/news/x`, unchanged for `.html` urls.
pub fn page_href(url: &str) -> String {
    let trimmed = url.trim_matches('/');
    if trimmed.ends_with(".html") && !url.ends_with('/') {
        format!("/{trimmed}")
    } else {
        format!("/{trimmed}/")
    }
}

/// The newest records per facet value, for the "latest news" blocks.
struct Latest<'a> {
    options: &'a SiteOptions,
    by_value: HashMap<(&'a str, &'a str), Vec<usize>>,
    overall: Vec<usize>,
}

/// What one page's "latest news" block shows.
pub(crate) struct Block<'a> {
    /// The facet and value the block is about, or `None` for the newest overall.
    pub(crate) about: Option<(&'a str, &'a str)>,
    pub(crate) records: Vec<&'a Record>,
}

impl<'a> Latest<'a> {
    fn new(records: &'a [Record], options: &'a SiteOptions) -> Self {
        let mut by_value: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
        let mut overall = Vec::new();
        for (i, record) in records.iter().enumerate().filter(|(_, r)| r.date.is_some()) {
            overall.push(i);
            for (facet, values) in &record.tags {
                for value in values {
                    by_value.entry((facet, value)).or_default().push(i);
                }
            }
        }
        // Newest first; among equal dates the later record first. One spare per list, because
        // a page leaves itself out of its own block.
        let keep = options.latest_count + 1;
        let newest_first = |list: &mut Vec<usize>| {
            list.sort_unstable_by(|&a, &b| records[b].date.cmp(&records[a].date).then(b.cmp(&a)));
            list.truncate(keep);
        };
        by_value.values_mut().for_each(newest_first);
        newest_first(&mut overall);
        Latest { options, by_value, overall }
    }

    fn block(&self, index: usize, records: &'a [Record]) -> Block<'a> {
        let record = &records[index];
        let facet = self
            .options
            .latest_facets
            .iter()
            .find_map(|f| record.tags.get_key_value(f.as_str()))
            .or_else(|| record.tags.iter().next())
            .and_then(|(facet, values)| Some((facet.as_str(), values.first()?.as_str())));
        let list = match facet {
            Some(key) => self.by_value.get(&key).map_or(&[][..], Vec::as_slice),
            None => &self.overall,
        };
        let records = list
            .iter()
            .filter(|&&i| i != index)
            .take(self.options.latest_count)
            .map(|&i| &records[i])
            .collect();
        Block { about: facet, records }
    }
}
