//! Search quality by known-item queries (BRIEF section 4): a reader's query for one article with
//! one kind of error, run through Sift's quick-search plan and Pagefind's JS API in the same
//! Chromium; success@5 and MRR per kind of error, for a fixed seed (the committed table) and
//! a fresh one (so that nothing is tuned to one draw of queries). Every query's outcome goes
//! to `target/bench/<corpus>/eval.json`, and Sift's misses to `eval-failures.md` beside it.

mod errors;
mod generate;
mod translit;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use anyhow::{bail, Result};
use serde::Serialize;

use crate::browser::Browser;
use crate::corpus::Record;
use crate::engines::{Engine, PAGEFIND, SIFT};
pub(crate) use generate::Kind;
pub(crate) use generate::{Generator, KnownItem};

/// The seed of the table committed in `BENCHMARKS.md`.
pub(crate) const FIXED_SEED: u64 = 20_261_201;

/// How many results a query is judged on: the quick box's first screen.
pub(crate) const SUCCESS_AT: usize = 5;

/// A result as the evaluation records it.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Hit {
    pub(crate) url: String,
    pub(crate) title: String,
}

/// One query and where each engine put its article.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Outcome {
    #[serde(flatten)]
    pub(crate) item: KnownItem,
    /// 1-based rank among the top 10, if there.
    pub(crate) sift_rank: Option<usize>,
    pub(crate) pagefind_rank: Option<usize>,
    /// The first five results each engine returned.
    pub(crate) sift_top: Vec<Hit>,
    pub(crate) pagefind_top: Vec<Hit>,
    pub(crate) sift_error: Option<String>,
    pub(crate) pagefind_error: Option<String>,
}

/// All queries of one seed on one corpus.
#[derive(Debug, Serialize)]
pub(crate) struct SeedRun {
    pub(crate) seed: u64,
    /// Per kind: how many titles have what the kind needs.
    pub(crate) candidates: BTreeMap<Kind, usize>,
    pub(crate) outcomes: Vec<Outcome>,
}

/// The evaluation of one corpus: the fixed seed's queries and a fresh seed's.
#[derive(Debug, Serialize)]
pub(crate) struct CorpusEval {
    pub(crate) corpus: String,
    pub(crate) articles: usize,
    pub(crate) per_kind: usize,
    /// Which engines ran (a `--no-pagefind` run has Sift alone).
    pub(crate) engines: Vec<String>,
    pub(crate) fixed: SeedRun,
    pub(crate) fresh: SeedRun,
}

/// Success@5 and MRR of one kind for one engine.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Score {
    pub(crate) queries: usize,
    pub(crate) success: f64,
    pub(crate) mrr: f64,
}

/// Draws `per_kind` queries per kind for the fixed seed and for `fresh_seed`, runs them through
/// each engine, and writes every query's outcome to `work/eval.json`.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn run(
    browser: &Browser,
    server: &devserver::Server,
    engines: &[&Engine],
    corpus: &str,
    records: &[Record],
    fresh_seed: u64,
    per_kind: usize,
    work: &Path,
) -> Result<CorpusEval> {
    let generator = Generator::new(records);
    let titles: BTreeMap<String, String> =
        records.iter().map(|r| (normalise(&r.url), r.title.clone())).collect();
    let mut seeds = Vec::new();
    for seed in [FIXED_SEED, fresh_seed] {
        let draw = generator.draw(seed, per_kind);
        eprintln!(
            "eval {corpus}: seed {seed}: {} queries ({})",
            draw.queries.len(),
            Kind::ALL
                .iter()
                .map(|kind| format!(
                    "{} {}",
                    kind.label(),
                    draw.queries.iter().filter(|q| q.kind == *kind).count()
                ))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let texts: Vec<String> = draw.queries.iter().map(|q| q.query.clone()).collect();
        let mut answers = BTreeMap::new();
        for engine in engines {
            let started = std::time::Instant::now();
            let urls = browser.top_urls(server, engine, &texts).await?;
            let errors = urls.iter().filter(|u| u.is_err()).count();
            eprintln!(
                "eval {corpus}: seed {seed}: {} answered {} queries in {:.1} s{}",
                engine.name,
                urls.len() - errors,
                started.elapsed().as_secs_f64(),
                if errors > 0 { format!(", {errors} failed") } else { String::new() }
            );
            if errors == urls.len() && !urls.is_empty() {
                let first = urls.iter().find_map(|u| u.as_ref().err()).cloned();
                bail!(
                    "{} failed every evaluation query: {}",
                    engine.name,
                    first.unwrap_or_default()
                );
            }
            answers.insert(engine.name, urls);
        }
        let outcomes = draw
            .queries
            .into_iter()
            .enumerate()
            .map(|(i, item)| {
                let answer = |engine: &Engine| answers.get(engine.name).map(|a| a[i].clone());
                outcome(item, answer(&SIFT), answer(&PAGEFIND), &titles)
            })
            .collect();
        seeds.push(SeedRun { seed, candidates: draw.candidates, outcomes });
    }
    let fresh = seeds.pop().expect("two seeds");
    let fixed = seeds.pop().expect("two seeds");
    let eval = CorpusEval {
        corpus: corpus.to_owned(),
        articles: records.len(),
        per_kind,
        engines: engines.iter().map(|e| e.name.to_owned()).collect(),
        fixed,
        fresh,
    };
    std::fs::create_dir_all(work)?;
    let json = work.join("eval.json");
    std::fs::write(&json, serde_json::to_string_pretty(&eval)?)?;
    let failures = work.join("eval-failures.md");
    std::fs::write(&failures, failures_of(&eval))?;
    eprintln!(
        "eval {corpus}: every query's outcome in {}, Sift's misses in {}",
        json.display(),
        failures.display()
    );
    Ok(eval)
}

/// Sift's misses of the fixed seed per kind, as Markdown: those Pagefind found first, then
/// those Sift found nothing for; what Sift returned instead.
fn failures_of(eval: &CorpusEval) -> String {
    let mut out = format!("# Sift's misses on {} (seed {})\n", eval.corpus, eval.fixed.seed);
    for kind in Kind::ALL {
        let found = |rank: Option<usize>| rank.is_some_and(|r| r <= SUCCESS_AT);
        let mut misses: Vec<&Outcome> = eval
            .fixed
            .outcomes
            .iter()
            .filter(|o| o.item.kind == kind && !found(o.sift_rank))
            .collect();
        if misses.is_empty() {
            continue;
        }
        misses.sort_by_key(|o| (!found(o.pagefind_rank), !o.sift_top.is_empty()));
        let _ = write!(
            out,
            "\n## {} ({} of {})\n\n| query | word typed | article | Sift | Pagefind | Sift's first results |\n\
             | --- | --- | --- | --- | --- | --- |\n",
            kind.label(),
            misses.len(),
            eval.fixed.outcomes.iter().filter(|o| o.item.kind == kind).count()
        );
        for miss in misses {
            let item = &miss.item;
            let typed = match (&item.word, &item.typed) {
                (Some(word), Some(typed)) => match item.scheme {
                    Some(scheme) => format!("{word} → {typed} ({scheme})"),
                    None => format!("{word} → {typed}"),
                },
                _ => String::new(),
            };
            let rank = |rank: Option<usize>| rank.map_or("-".to_owned(), |r| r.to_string());
            let returned: Vec<&str> =
                miss.sift_top.iter().take(2).map(|h| h.title.as_str()).collect();
            let returned = match (&miss.sift_error, returned.is_empty()) {
                (Some(error), _) => format!("error: {error}"),
                (None, true) => "nothing".to_owned(),
                (None, false) => returned.join(" / "),
            };
            let _ = writeln!(
                out,
                "| `{}` | {typed} | {} | {} | {} | {} |",
                item.query,
                item.title.replace('|', "/"),
                rank(miss.sift_rank),
                rank(miss.pagefind_rank),
                returned.replace('|', "/")
            );
        }
    }
    out
}

/// Where each engine ranked the query's article.
fn outcome(
    item: KnownItem,
    sift: Option<Result<Vec<String>, String>>,
    pagefind: Option<Result<Vec<String>, String>>,
    titles: &BTreeMap<String, String>,
) -> Outcome {
    let target = normalise(&item.url);
    let judge =
        |answer: Option<Result<Vec<String>, String>>| -> (Option<usize>, Vec<Hit>, Option<String>) {
            match answer {
                None => (None, Vec::new(), None),
                Some(Err(error)) => (None, Vec::new(), Some(error)),
                Some(Ok(urls)) => {
                    let urls: Vec<String> = urls.iter().map(|u| normalise(u)).collect();
                    let rank = urls.iter().position(|u| *u == target).map(|i| i + 1);
                    let top = urls
                        .iter()
                        .take(SUCCESS_AT)
                        .map(|url| Hit {
                            url: url.clone(),
                            title: titles.get(url).cloned().unwrap_or_default(),
                        })
                        .collect();
                    (rank, top, None)
                }
            }
        };
    let (sift_rank, sift_top, sift_error) = judge(sift);
    let (pagefind_rank, pagefind_top, pagefind_error) = judge(pagefind);
    Outcome { item, sift_rank, pagefind_rank, sift_top, pagefind_top, sift_error, pagefind_error }
}

/// A result URL as a path without `index.html` or a trailing slash, so that Sift's record URL
/// (`/news/x`) and Pagefind's page URL (`/news/x/`) compare equal.
pub(crate) fn normalise(url: &str) -> String {
    let path = match url.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("/", |slash| &rest[slash..]),
        None => url,
    };
    let path = path.strip_suffix("index.html").unwrap_or(path);
    let path = path.strip_suffix(".html").unwrap_or(path);
    path.trim_end_matches('/').to_owned()
}

impl SeedRun {
    /// The score of `kind` for one engine (`None` if the engine did not run or the kind has
    /// no queries).
    pub(crate) fn score(&self, kind: Kind, engine: &Engine) -> Option<Score> {
        let ranks: Vec<Option<usize>> = self
            .outcomes
            .iter()
            .filter(|o| o.item.kind == kind)
            .map(|o| if engine.name == SIFT.name { o.sift_rank } else { o.pagefind_rank })
            .collect();
        if ranks.is_empty() {
            return None;
        }
        let queries = ranks.len();
        let success = ranks.iter().filter(|r| r.is_some_and(|r| r <= SUCCESS_AT)).count();
        let mrr: f64 = ranks.iter().map(|r| r.map_or(0.0, |r| 1.0 / r as f64)).sum();
        Some(Score { queries, success: success as f64 / queries as f64, mrr: mrr / queries as f64 })
    }
}

/// The section of `BENCHMARKS.md`: one table over every corpus evaluated.
pub(crate) fn section(evals: &[CorpusEval], date: &str, command: &str, versions: &str) -> String {
    let mut out = String::new();
    let per_kind = evals.first().map_or(0, |e| e.per_kind);
    let fresh = evals.first().map_or(0, |e| e.fresh.seed);
    let _ = writeln!(
        out,
        "### Known-item search quality, {date}\n\n\
         Up to {per_kind} queries per kind and corpus, drawn with the fixed seed {FIXED_SEED}; \
         the last column is a fresh draw (seed {fresh}) of as many queries, so that no figure \
         is tuned to one draw. success@5: the article is among the first {SUCCESS_AT} results; \
         MRR over the top 10. Target: success@5 at least 0.95 per kind (Latin for Cyrillic \
         0.90) and never below Pagefind. Per-query outcomes: `target/bench/<corpus>/eval.json`.\n"
    );
    out.push_str(
        "| corpus | kind | queries (titles that qualify) | Sift success@5 | Pagefind success@5 | Sift MRR | Pagefind MRR | fresh seed: Sift / Pagefind success@5 | target | met? |\n\
         | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n",
    );
    for eval in evals {
        for kind in Kind::ALL {
            out.push_str(&row(eval, kind));
        }
    }
    let _ = writeln!(out, "\n- Versions: {versions}.\n- Reproduce: `{command}`");
    out
}

fn row(eval: &CorpusEval, kind: Kind) -> String {
    let candidates = eval.fixed.candidates.get(&kind).copied().unwrap_or(0);
    let (sift, pagefind) = (eval.fixed.score(kind, &SIFT), eval.fixed.score(kind, &PAGEFIND));
    let ran = |engine: &Engine| eval.engines.iter().any(|e| e == engine.name);
    let Some(sift) = sift.filter(|_| ran(&SIFT)) else {
        return format!(
            "| {} | {} | n/a: {candidates} titles have {} | | | | | | | |\n",
            eval.corpus,
            kind.label(),
            kind.needs()
        );
    };
    let pagefind = pagefind.filter(|_| ran(&PAGEFIND));
    let show = |value: Option<f64>| value.map_or("not measured".to_owned(), |v| format!("{v:.2}"));
    let fresh =
        |engine: &Engine| eval.fresh.score(kind, engine).filter(|_| ran(engine)).map(|s| s.success);
    let met = sift.success >= kind.target() && pagefind.is_none_or(|p| sift.success >= p.success);
    format!(
        "| {} | {} | {} ({candidates}) | {:.2} | {} | {:.2} | {} | {} / {} | {:.2} | {} |\n",
        eval.corpus,
        kind.label(),
        sift.queries,
        sift.success,
        show(pagefind.map(|p| p.success)),
        sift.mrr,
        show(pagefind.map(|p| p.mrr)),
        show(fresh(&SIFT)),
        show(fresh(&PAGEFIND)),
        kind.target(),
        if met { "yes" } else { "no" },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_compare_as_paths() {
        assert_eq!(normalise("/news/reuters21578-1"), "/news/reuters21578-1");
        assert_eq!(normalise("/news/reuters21578-1/"), "/news/reuters21578-1");
        assert_eq!(normalise("http://127.0.0.1:4000/news/x/index.html"), "/news/x");
        assert_eq!(normalise("/news/x.html"), "/news/x");
    }

    fn outcome_of(
        kind: Kind,
        query: &str,
        sift: Option<usize>,
        pagefind: Option<usize>,
    ) -> Outcome {
        let item = KnownItem {
            kind,
            query: query.into(),
            url: "/news/1".into(),
            title: "Жанна Фриске родила Дмитрию Шепелеву сына".into(),
            word: Some("шепелеву".into()),
            typed: Some("шепелеув".into()),
            scheme: None,
        };
        let hit = Hit { url: "/news/2".into(), title: "Другая статья".into() };
        let sift_top = if sift.is_some() { vec![hit] } else { Vec::new() };
        let (sift_error, pagefind_error) = (None, None);
        let pagefind_top = Vec::new();
        Outcome {
            item,
            sift_rank: sift,
            pagefind_rank: pagefind,
            sift_top,
            pagefind_top,
            sift_error,
            pagefind_error,
        }
    }

    #[test]
    fn scores_and_misses_per_kind() {
        let outcomes = vec![
            outcome_of(Kind::Swapped, "found", Some(1), None),
            outcome_of(Kind::Swapped, "late", Some(7), Some(9)),
            outcome_of(Kind::Swapped, "pagefind found", None, Some(2)),
            outcome_of(Kind::Exact, "exact", Some(2), Some(1)),
        ];
        let run = |outcomes| SeedRun { seed: 1, candidates: BTreeMap::new(), outcomes };
        let eval = CorpusEval {
            corpus: "ruwikinews-nerel".into(),
            articles: 4,
            per_kind: 3,
            engines: vec!["Pagefind".into(), "Sift".into()],
            fixed: run(outcomes.clone()),
            fresh: run(outcomes),
        };
        let sift = eval.fixed.score(Kind::Swapped, &SIFT).unwrap();
        assert_eq!(sift.queries, 3);
        assert!((sift.success - 1.0 / 3.0).abs() < 1e-9);
        assert!((sift.mrr - (1.0 + 1.0 / 7.0) / 3.0).abs() < 1e-9);
        assert!(eval.fixed.score(Kind::Latin, &SIFT).is_none());
        let misses = failures_of(&eval);
        let first = misses.find("`pagefind found`").unwrap();
        assert!(first < misses.find("`late`").unwrap(), "{misses}");
        assert!(!misses.contains("`found`") && !misses.contains("`exact`"), "{misses}");
        assert!(misses.contains("шепелеву → шепелеув"), "{misses}");
        let table = section(&[eval], "2026-12-01", "cargo run", "");
        let row = table.lines().find(|l| l.contains("| swapped letters |")).unwrap();
        assert!(row.contains("| 0.33 | 0.33 |") && row.ends_with("| no |"), "{row}");
        let na = table.lines().find(|l| l.contains("| Latin for Cyrillic |")).unwrap();
        assert!(na.contains("n/a: 0 titles have a rarer Cyrillic word"), "{na}");
    }
}
