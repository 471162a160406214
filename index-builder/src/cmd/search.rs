//! `index-builder search`: run a query against an index directory and print the results.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use anyhow::{bail, Context};
use serde::Serialize;
use sift_core::{
    run_rounds, with_typos, Date, Highlighted, ParseOptions, Query, Round, SearchRequest, Sort,
    ENTRY_FILE_NAME,
};

use crate::index_dir::IndexDir;

/// The long `--help` text (plain text for the terminal, not Markdown).
pub(crate) const LONG_ABOUT: &str = "\
Search an index directory and print the results, best first.\n\
\n\
The query language is the widget's: words (all must match), the last word also as\n\
a prefix, \"exact phrase\", -excluded, a OR b, title:word. As in the widget, words\n\
match exactly first; if few articles are found, words of five letters or more (four\n\
when nothing has them) also match with one typo, two swapped letters counting as\n\
one, nine or more with two; if no article has every word, articles with some are\n\
shown. Put options before the query, or -- before a query that starts with -.";

/// The arguments of `search` (the help text is on [`crate::Command::Search`]).
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The index directory (holding `entry.sift`).
    #[arg(long, value_name = "DIR")]
    pub index: PathBuf,

    /// Print one JSON object per result and line: url, title, score, date, type, facets,
    /// snippet, lang, site, and the highlighted byte ranges of title and snippet.
    #[arg(long)]
    pub json: bool,

    /// How many results to print.
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub limit: usize,

    /// How many results to skip first (for paging).
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub offset: usize,

    /// Keep only results with this facet value (`places=usa`). Repeat for more: values of
    /// one facet are alternatives, different facets must all match.
    #[arg(long = "filter", value_name = "FACET=VALUE", value_parser = parse_filter)]
    pub filters: Vec<(String, String)>,

    /// Keep only results dated on or after this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = parse_day)]
    pub from: Option<Date>,

    /// Keep only results dated on or before this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = parse_day)]
    pub to: Option<Date>,

    /// The order of results.
    #[arg(long, value_enum, default_value_t = SortArg::Relevance)]
    pub sort: SortArg,

    /// Match words exactly (and by stem), not within a typo.
    #[arg(long)]
    pub no_typos: bool,

    /// Do not read the last word as a prefix of longer words.
    #[arg(long)]
    pub no_prefix: bool,

    /// Show facet values as the index labels them in this language (`ru`), where it does.
    #[arg(long, value_name = "LANG")]
    pub lang: Option<String>,

    /// The query; several arguments are joined with spaces. Empty lists every document
    /// that passes the filters, newest first.
    #[arg(value_name = "QUERY", allow_hyphen_values = true, trailing_var_arg = true)]
    pub query: Vec<String>,
}

/// The order of results, as given on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum SortArg {
    /// Best match first.
    Relevance,
    /// Newest first.
    Newest,
    /// Oldest first.
    Oldest,
}

fn parse_filter(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((facet, value)) if !facet.trim().is_empty() => {
            Ok((facet.trim().to_string(), value.trim().to_string()))
        }
        _ => Err(format!("expected FACET=VALUE, got {text:?}")),
    }
}

fn parse_day(text: &str) -> Result<Date, String> {
    Date::parse_iso(text).ok_or_else(|| format!("expected a date such as 1987-02-26, got {text:?}"))
}

/// One result as printed by `--json`.
#[derive(Serialize)]
struct JsonHit<'a> {
    url: &'a str,
    title: &'a str,
    score: f32,
    date: Option<String>,
    #[serde(rename = "type")]
    kind: Option<&'a str>,
    facets: BTreeMap<&'a str, &'a [String]>,
    snippet: &'a str,
    lang: &'a str,
    site: &'a str,
    title_marks: Vec<[usize; 2]>,
    snippet_marks: Vec<[usize; 2]>,
}

/// Runs `search`.
pub fn run(args: Args) -> anyhow::Result<()> {
    if !args.index.join(ENTRY_FILE_NAME).exists() {
        bail!(
            "{}: no Sift index here ({ENTRY_FILE_NAME} is missing); build one with \
             `index-builder build <INPUT>... --out {}`",
            args.index.display(),
            args.index.display()
        );
    }
    let mut index = IndexDir::open(&args.index)
        .with_context(|| format!("{}: cannot open the index", args.index.display()))?;
    let text = args.query.join(" ");
    let parsed = Query::parse(&text, ParseOptions { prefix_last: !args.no_prefix });
    for diagnostic in &parsed.diagnostics {
        eprintln!("note: {}", diagnostic.message);
    }
    let mut filters: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (facet, value) in args.filters {
        filters.entry(facet).or_default().push(value);
    }
    let request = SearchRequest {
        query: parsed.query,
        filters: filters.into_iter().collect(),
        date_from: args.from,
        date_to: args.to,
        sort: match args.sort {
            SortArg::Relevance => Sort::Relevance,
            SortArg::Newest => Sort::Newest,
            SortArg::Oldest => Sort::Oldest,
        },
        offset: args.offset,
        limit: args.limit,
        typos: false,
        facet_counts: false,
        snippets: true,
    };
    // The widget's rounds: exactly, then with typos if few were found, then some of the
    // words if none had them all.
    let rounds = if args.no_typos { vec![Round::always(request)] } else { with_typos(request) };
    let (mut results, some_words) = run_rounds(rounds, |request| index.search(request))
        .with_context(|| format!("{}: the index is damaged or incomplete", args.index.display()))?
        .unwrap_or_default();
    if let Some(lang) = &args.lang {
        for hit in &mut results.hits {
            for (facet, values) in &mut hit.facets {
                for value in values.iter_mut() {
                    if let Some(label) = index.index().label(facet, value, lang) {
                        *value = label.to_string();
                    }
                }
            }
        }
    }

    // On stderr, like the parser's notes: the results on stdout stay one kind of line.
    for (typed, taken) in &results.corrections {
        eprintln!("note: showing results for {taken:?} (typed {typed:?})");
    }
    if some_words && !results.hits.is_empty() {
        eprintln!("note: no article has every word; showing articles with some of them");
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if args.json {
        for hit in &results.hits {
            let line = serde_json::to_string(&JsonHit {
                url: &hit.url,
                title: &hit.title.text,
                score: hit.score,
                date: hit.date.map(|d| d.to_string()),
                kind: hit
                    .facets
                    .iter()
                    .find(|(name, _)| name == "type")
                    .and_then(|(_, values)| values.first())
                    .map(String::as_str),
                facets: hit.facets.iter().map(|(k, v)| (k.as_str(), v.as_slice())).collect(),
                snippet: &hit.snippet.text,
                lang: &hit.lang,
                site: &hit.site,
                title_marks: marks(&hit.title),
                snippet_marks: marks(&hit.snippet),
            })?;
            writeln!(out, "{line}")?;
        }
    } else {
        let bold = std::io::stdout().is_terminal();
        let shown = results.hits.len();
        let first = if shown == 0 { 0 } else { args.offset + 1 };
        writeln!(
            out,
            "{} result{} (showing {first}-{})",
            results.total,
            if results.total == 1 { "" } else { "s" },
            args.offset + shown
        )?;
        for (i, hit) in results.hits.iter().enumerate() {
            let mut meta = vec![hit.url.clone()];
            meta.extend(hit.date.map(|d| d.to_string()));
            for (name, values) in &hit.facets {
                meta.push(format!("{name}: {}", values.join(", ")));
            }
            writeln!(out, "\n{}. {}", args.offset + i + 1, render(&hit.title, bold))?;
            writeln!(out, "   {}", meta.join(" · "))?;
            if !hit.snippet.text.is_empty() {
                writeln!(out, "   {}", render(&hit.snippet, bold))?;
            }
        }
    }
    out.flush()?;
    Ok(())
}

fn marks(text: &Highlighted) -> Vec<[usize; 2]> {
    text.marks.iter().map(|m| [m.start, m.end]).collect()
}

/// The text with its marks in bold on a terminal, plain otherwise.
fn render(text: &Highlighted, bold: bool) -> String {
    if !bold {
        return text.text.clone();
    }
    text.segments()
        .into_iter()
        .map(
            |(piece, marked)| {
                if marked {
                    format!("\x1b[1m{piece}\x1b[0m")
                } else {
                    piece.to_string()
                }
            },
        )
        .collect()
}
