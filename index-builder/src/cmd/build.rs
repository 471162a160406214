//! `index-builder build`: read articles, write the bundle (index and widget), print a summary.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::Context;
use indicatif::{HumanBytes, HumanCount};
use sift_core::ENTRY_FILE_NAME;

use crate::config::Config;
use crate::output::{check_out, write_bundle};
use crate::pipeline::{build, BuildMode, BuildOptions, Built, Observer as _};
use crate::progress::Progress;
use crate::widget::Widget;

/// The long `--help` text (plain text for the terminal, not Markdown).
pub(crate) const LONG_ABOUT: &str = "\
Read articles and write the search index and the search widget into a directory.\n\
\n\
    index-builder build public/\n\
\n\
reads the pages a site generator wrote into public/ and writes public/sift/: the\n\
index and the widget (sift.js and the files it loads). A page then needs only\n\
\n\
    <script type=\"module\" src=\"/sift/sift.js\"></script>\n\
    <sift-search></sift-search>\n\
\n\
Inputs are read in the order given, and the same inputs always give byte-identical\n\
files. The output directory is never read as input. It is replaced atomically once\n\
everything is written: a build that fails leaves the previous bundle as it was. It is\n\
replaced only if it is new, empty, or holds nothing but what index-builder wrote\n\
there (listed in its sift-files.txt); anything else in it is refused by name.\n\
\n\
A bad record (a malformed JSON line, no title, a bad date, a URL that is not\n\
http(s) or relative, invalid UTF-8, a JSONL line over 16 MiB, an unreadable page, a\n\
page the content selector finds nothing in) fails the build with its file, line and\n\
reason; with --skip-bad it is skipped with a warning instead. More than 65,535\n\
facets, or more than 65,536 values of a facet or languages, fail the build at the\n\
record that adds one.\n\
\n\
HTML pages: Pagefind's data-pagefind-body, -ignore, -filter, -meta and -sort\n\
attributes are understood, so a Pagefind site needs no changes. By default the\n\
title is the first h1 of the content root (else <title>), the date the first\n\
time[datetime] (else a data-pagefind \"date:\" key, else <meta name=\"date\">), the\n\
language <html lang>, and the URL the page's path (a/b/index.html is /a/b/).\n\
\n\
Markdown: front matter keys title, date, lang, url, type, tags (a list, or a map of\n\
facet to values) and facets are read; without a title, the first # heading is the\n\
title; without a url, a/b.md is /a/b/.\n\
\n\
The config file (TOML; every key optional, unknown keys are errors):\n\
\n\
    site = \"Example News\"          # label shown beside results\n\
    lang = \"en\"                    # language of records that give none\n\
    base_url = \"https://x.org/\"    # prefix of URLs made from file paths\n\
    facets = [\"type\", \"country\"]   # facets to keep, in display order\n\
\n\
    [html]\n\
    body = \"main article\"          # content root (default: Pagefind's rule)\n\
    title = \"h1\"                   # searched in the content root\n\
    date = \"time[datetime]\"        # datetime/content attribute, else text\n\
    ignore = [\".ad\", \"nav\"]        # not content, besides data-pagefind-ignore\n\
    [html.facets]\n\
    country = \".tags a.country\"    # each match's text is a value\n\
\n\
    [ranking]                      # k1, b, title_boost, exact, stem, prefix,\n\
    title_boost = 3.0              # translit, typo1, typo2 (sift_core::RankingParams)\n\
\n\
    [index]                        # shard_bytes, block_bytes, block_docs,\n\
    block_docs = 128               # compression_level, dictionary_bytes";

/// The arguments of `build` (the help text is on [`crate::Command::Build`]).
#[derive(clap::Args, Debug)]
pub struct Args {
    /// A `.jsonl` or `.jsonl.gz` file (one JSON article per line: url, title, date, lang,
    /// type, tags, body), or a directory of HTML pages, or a directory of Markdown files
    /// with YAML (`---`) or TOML (`+++`) front matter. A directory with any `.html` page
    /// is read as HTML.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,

    /// The bundle directory to write (created if missing) [default: `sift/` in the first
    /// input directory]. An existing directory is replaced only if it is empty or holds
    /// nothing but what index-builder wrote there.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// Write the index alone, without the widget's files.
    #[arg(long, conflicts_with = "widget")]
    pub no_widget: bool,

    /// Bundle the widget files in DIR (every file directly in it; `sift.js` among them)
    /// instead of the widget built into this binary.
    #[arg(long, value_name = "DIR")]
    pub widget: Option<PathBuf>,

    /// A TOML config file: site label, default language, base URL, facets to keep, HTML
    /// selectors, ranking weights and shard sizes (keys listed above). Flags override it.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Label of the site, shown beside results when several indexes are searched together.
    #[arg(long, value_name = "LABEL")]
    pub site: Option<String>,

    /// Language of records that do not give one (`en`, `ru`...). Default `en`.
    #[arg(long, value_name = "LANG")]
    pub lang: Option<String>,

    /// Prefix of the URLs derived from file paths (HTML and Markdown inputs).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,

    /// Skip bad records, printing a warning for each, instead of failing the build.
    #[arg(long)]
    pub skip_bad: bool,

    /// Build every article afresh. Without it, an index already in the output directory is
    /// updated: only new, changed and deleted articles are read and only the files they
    /// touch are rewritten (a full build happens anyway when an update cannot stay as sound,
    /// and the summary says why).
    #[arg(long)]
    pub full: bool,

    /// Print no progress and no summary (warnings and errors are still printed).
    #[arg(long, short)]
    pub quiet: bool,
}

/// Runs `build`.
pub fn run(args: Args) -> anyhow::Result<()> {
    let out = out_dir(&args)?;
    let what = if args.no_widget { "index" } else { "bundle" };
    let kept = if out.join(ENTRY_FILE_NAME).is_file() {
        format!("build failed; {} keeps its previous {what}", out.display())
    } else {
        format!("build failed; nothing was written to {}", out.display())
    };
    let progress = Progress::new(!args.quiet);
    let result = build_and_write(&args, &out, &progress);
    progress.finish();
    let (built, widget, elapsed) = result.context(kept)?;
    if !args.quiet {
        let mut summary = summary(&built, &out, elapsed);
        if let Some(widget) = &widget {
            summary.push_str(&page_lines(widget, &out, &args.inputs));
        }
        // A closed standard output (`| head`) is not worth failing a finished build.
        let _ = std::io::stdout().lock().write_all(summary.as_bytes());
    }
    Ok(())
}

/// `--out`, else `sift/` in the first input that is a directory.
fn out_dir(args: &Args) -> anyhow::Result<PathBuf> {
    if let Some(out) = &args.out {
        return Ok(out.clone());
    }
    match args.inputs.iter().find(|input| input.is_dir()) {
        Some(dir) => Ok(dir.join("sift")),
        None => {
            anyhow::bail!("no input is a directory, so there is no default output: give --out DIR")
        }
    }
}

/// The widget to bundle: none with `--no-widget`, the `--widget` directory's, or the one
/// built in.
fn widget(args: &Args) -> anyhow::Result<Option<Widget>> {
    Ok(match (&args.widget, args.no_widget) {
        (_, true) => None,
        (Some(dir), false) => Some(Widget::from_dir(dir)?),
        (None, false) => Some(Widget::embedded_or_explain()?),
    })
}

fn build_and_write(
    args: &Args,
    out: &Path,
    progress: &Progress,
) -> anyhow::Result<(Built, Option<Widget>, Duration)> {
    let started = Instant::now();
    let mut config = match &args.config {
        Some(path) => Config::from_file(path)?,
        None => Config::default(),
    };
    if args.site.is_some() {
        config.site = args.site.clone();
    }
    if args.lang.is_some() {
        config.lang = args.lang.clone();
    }
    if args.base_url.is_some() {
        config.base_url = args.base_url.clone();
    }
    config.check()?;
    // Fail before the work, not after it, if the output may not be replaced or there is
    // no widget to bundle.
    check_out(out)?;
    let widget = widget(args)?;
    let options = BuildOptions {
        inputs: args.inputs.clone(),
        config,
        skip_bad: args.skip_bad,
        exclude: vec![out.to_path_buf()],
        previous: (!args.full).then(|| out.to_path_buf()),
    };
    let built = build(&options, progress)?;
    progress.stage("writing files");
    write_bundle(out, &built.index, widget.as_ref())?;
    Ok((built, widget, started.elapsed()))
}

/// The widget's line of the summary, and the two lines a page needs when the bundle lies
/// inside an input directory (the site), with `sift.js`'s path on the site.
fn page_lines(widget: &Widget, out: &Path, inputs: &[PathBuf]) -> String {
    let names: Vec<&str> = widget.files().map(|(name, _)| name).collect();
    let mut s = format!(
        "  widget     {} ({}, #{})\n",
        names.join(", "),
        HumanBytes(widget.bytes()),
        widget.id()
    );
    let real = |path: &Path| path.canonicalize().ok();
    let site_path = real(out).and_then(|out| {
        inputs.iter().filter(|i| i.is_dir()).find_map(|input| {
            let rel = out.strip_prefix(real(input)?).ok()?;
            let parts: Vec<String> =
                rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
            Some(format!("/{}", parts.join("/")))
        })
    });
    if let Some(path) = site_path {
        let _ = writeln!(s, "  a page needs only these two lines:");
        let _ = writeln!(s, "    <script type=\"module\" src=\"{path}/sift.js\"></script>");
        let _ = writeln!(s, "    <sift-search></sift-search>");
    }
    s
}

/// The summary printed after a build.
fn summary(built: &Built, out: &std::path::Path, elapsed: Duration) -> String {
    let stats = &built.index.stats;
    let mut s = String::new();
    let inputs: Vec<String> =
        built.inputs.iter().map(|(path, kind)| format!("{} ({kind})", path.display())).collect();
    let _ = writeln!(
        s,
        "indexed {} documents in {:.2} s from {}",
        HumanCount(u64::from(stats.documents)),
        elapsed.as_secs_f64(),
        inputs.join(", ")
    );
    let write_time = elapsed.saturating_sub(built.read_time + built.seal_time);
    let _ = writeln!(
        s,
        "  time       {:.2} s reading and analysing, {:.2} s sealing, {:.2} s writing",
        built.read_time.as_secs_f64(),
        built.seal_time.as_secs_f64(),
        write_time.as_secs_f64()
    );
    match &built.mode {
        BuildMode::Full { reason: Some(reason) } => {
            let _ = writeln!(s, "  mode       full build: {reason}");
        }
        BuildMode::Full { reason: None } => {}
        BuildMode::Incremental { added, changed, deleted, same_document, reused } => {
            let same = match same_document {
                0 => String::new(),
                n => format!(", {n} with new bytes but the same document"),
            };
            let _ = writeln!(
                s,
                "  mode       update: {added} added, {changed} changed, {deleted} deleted{same}; \
                 {reused} files kept as they were (below: the files written)"
            );
        }
    }
    if built.skipped > 0 {
        let _ = writeln!(s, "  skipped    {} bad records (see the warnings above)", built.skipped);
    }
    if built.left_out > 0 {
        let _ = writeln!(
            s,
            "  left out   {} pages without data-pagefind-body (the site marks content with it)",
            built.left_out
        );
    }
    let _ = writeln!(s, "  terms      {}", HumanCount(u64::from(stats.terms)));
    let _ = writeln!(s, "  shards     {}", stats.shards);
    let _ = writeln!(s, "  blocks     {}", stats.blocks);
    let facets: Vec<String> =
        stats.facets.iter().map(|(name, values)| format!("{name} ({values})")).collect();
    let facets = if facets.is_empty() { "none".to_string() } else { facets.join(", ") };
    let _ = writeln!(s, "  facets     {facets}");
    let _ = writeln!(s, "  files      {:<22} {:>6} {:>12}", "kind", "files", "bytes");
    let (mut files, mut bytes) = (0u64, 0u64);
    for (kind, (count, size)) in &stats.bytes {
        let _ = writeln!(
            s,
            "             {:<22} {:>6} {:>12}",
            kind.describe(),
            count,
            HumanBytes(*size).to_string()
        );
        files += u64::from(*count);
        bytes += size;
    }
    let _ = writeln!(
        s,
        "             {:<22} {:>6} {:>12}  ({bytes} bytes)",
        "total",
        files,
        HumanBytes(bytes).to_string()
    );
    let _ = writeln!(s, "  written to {}", out.display());
    s
}
