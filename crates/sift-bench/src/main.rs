//! `sift-bench`: Sift and Pagefind 1.6.0 side by side on the same rendered corpus (issue 4).
//!
//! One run renders a corpus to a static site, builds both indexes over it under
//! `/usr/bin/time -v`, serves it with the byte-counting devserver, drives headless Chromium
//! through chromedriver (the page view, cold first result per query in a fresh profile, then
//! warm query timings through each engine's JS API), measures the widget code as served, prints
//! one table, and writes it into `BENCHMARKS.md`. `--eval` instead measures search quality by
//! known-item queries over the three shared corpora; `--deploys` measures what a small
//! deploy changes in each index and how long Sift takes to publish it. Everything it
//! generates goes under `target/bench/`.
//!
//! ```text
//! sift-bench                                          # reuters21578, the full table
//! sift-bench --eval                                   # search quality, all three corpora
//! sift-bench --limit 300 --queries 6 --eval-queries 2 # the CI smoke: a few minutes
//! sift-bench --scale 250000 --no-browser              # the derived 250k corpus: builds, sizes
//! sift-bench --deploys                                # small deploys and drift, reuters21578
//! ```

mod browser;
mod corpus;
mod deploys;
mod engines;
mod eval;
mod indexes;
mod queries;
mod random;
mod report;
mod scale;
mod words;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

use anyhow::{Context, Result};
use clap::Parser;

use crate::browser::Browser;
use crate::corpus::Record;
use crate::engines::{Engine, PAGEFIND, SIFT};
use crate::queries::Query;
use crate::report::Results;

/// The corpus of the main table, and the first the evaluation runs.
const DEFAULT_CORPUS: &str = "reuters21578";
/// The corpora `--eval` measures: English, English, Russian.
const EVAL_CORPORA: [&str; 3] = ["reuters21578", "ungdc", "ruwikinews-nerel"];
/// Queries per kind and seed in an `--eval` run without `--eval-queries`.
const EVAL_QUERIES: usize = 100;
/// Queries drawn from titles to compare the drift's index with a clean build.
const DRIFT_TITLE_QUERIES: usize = 100;

/// Benchmark Sift against Pagefind 1.6.0 on the same rendered corpus.
#[derive(Debug, Parser)]
#[command(version)]
struct Args {
    /// A corpus name under $SIFT_CORPORA, a directory holding articles.jsonl.gz, or a
    /// .jsonl(.gz) file. Without it: reuters21578 (all three shared corpora with --eval), or
    /// the bundled sample corpus where the shared corpora are missing.
    #[arg(long)]
    corpus: Option<String>,
    /// Use only the first N articles (the CI smoke uses 300).
    #[arg(long, value_name = "N")]
    limit: Option<usize>,
    /// Instead of --corpus, grow all shared corpora, mixed, to N articles (derived copies with
    /// changed ids, urls and dates and small text edits; written under target/ only).
    #[arg(long, value_name = "N", conflicts_with_all = ["limit", "eval"])]
    scale: Option<usize>,
    /// Run only the first N queries of the fixed list (spread over the kinds of query).
    #[arg(long, value_name = "N")]
    queries: Option<usize>,
    /// Besides the fixed list, draw N queries from the corpus titles (cold runs).
    #[arg(long, value_name = "N", default_value_t = 20)]
    title_queries: usize,
    /// The seed of the queries drawn at random [default: a fresh one, printed].
    #[arg(long, value_name = "N")]
    seed: Option<u64>,
    /// Measure search quality by known-item queries (success@5 and MRR per kind of error)
    /// instead of speed and size, over the three shared corpora.
    #[arg(long)]
    eval: bool,
    /// Known-item queries per kind and seed [default: 100 with --eval; none otherwise]. Given
    /// without --eval, a speed run also evaluates its corpus (the CI smoke does).
    #[arg(long, value_name = "N")]
    eval_queries: Option<usize>,
    /// Timed repetitions per warm query.
    #[arg(long, default_value_t = 9)]
    warm_runs: usize,
    /// Skip the browser: builds, index sizes and code sizes only.
    #[arg(long, conflicts_with = "eval")]
    no_browser: bool,
    /// Measure Sift alone (Pagefind cannot index the 250k scale corpus in 24 GB of memory).
    #[arg(long)]
    no_pagefind: bool,
    /// Where to put sites, indexes, logs and results.json [default: <repo>/target/bench]
    #[arg(long, value_name = "DIR")]
    work: Option<PathBuf>,
    /// A prebuilt index-builder binary [default: cargo build --release -p index-builder].
    #[arg(long, value_name = "FILE")]
    index_builder: Option<PathBuf>,
    /// The built Sift widget (holding sift.js and sift-widget*) [default: Trunk's
    /// output, target/site, if built].
    #[arg(long, value_name = "DIR")]
    sift_widget: Option<PathBuf>,
    /// Write the table into BENCHMARKS.md even for a --limit run.
    #[arg(long, conflicts_with = "no_write")]
    write: bool,
    /// Do not touch BENCHMARKS.md.
    #[arg(long)]
    no_write: bool,
    /// Measure small deploys instead (issue 14): the files and bytes that adding, changing
    /// and deleting an article change in each engine's index, Sift's update against its full
    /// build, and the drift of many updates in a row.
    #[arg(long, conflicts_with = "eval")]
    deploys: bool,
    /// With --deploys: one-article deploys in a row for the drift (0 skips it).
    #[arg(long, value_name = "N", default_value_t = 200)]
    drift: usize,
    /// With --deploys: timed runs of each of Sift's builds of a change.
    #[arg(long, value_name = "N", default_value_t = 3)]
    runs: usize,
    /// With --deploys: how the site publishes each change, `site` (every page rendered
    /// again, as a site generator does) or `pages` (only the changed articles' pages
    /// written) [default: both].
    #[arg(long, value_enum, value_delimiter = ',', value_name = "HOW")]
    publish: Vec<deploys::Publish>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    let outcome = runtime.block_on(async {
        let run = Run::new(args)?;
        if run.args.deploys {
            run.deploys()
        } else if run.args.eval {
            run.evaluate().await
        } else {
            run.bench().await
        }
    });
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// What every stage of a run shares.
struct Run {
    args: Args,
    repo: PathBuf,
    work_root: PathBuf,
    started: Instant,
    /// The seed of the queries drawn at random this run.
    seed: u64,
}

/// A corpus ready to render: its file, label (names the work directory and the BENCHMARKS.md
/// section) and main language.
struct Corpus {
    file: PathBuf,
    label: String,
    lang: String,
    /// Whether this is the bundled sample corpus standing in for missing shared corpora.
    stand_in: bool,
}

/// A corpus rendered, indexed and served.
struct Site {
    corpus: Corpus,
    work: PathBuf,
    dir: PathBuf,
    server: devserver::Server,
    /// The engines that can be measured in the browser.
    engines: Vec<&'static Engine>,
}

impl Run {
    fn new(args: Args) -> Result<Run> {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize()?;
        let work_root = args.work.clone().unwrap_or_else(|| repo.join("target/bench"));
        let seed = args.seed.unwrap_or_else(random::fresh_seed);
        eprintln!("seed {seed} for the queries drawn at random (--seed {seed} draws them again)");
        Ok(Run { args, repo, work_root, started: Instant::now(), seed })
    }

    /// Prints a line of progress with the time since the start.
    fn step(&self, text: &str) {
        eprintln!("[{:>6.1} s] {text}", self.started.elapsed().as_secs_f64());
    }

    /// This run's date, command, machine and seed (corpus, articles and versions to fill).
    fn run_record(&self) -> report::Run {
        report::Run {
            date: scale::today(),
            command: command_line(),
            machine: report::machine(),
            seed: self.seed,
            ..report::Run::default()
        }
    }

    /// The speed and size table for one corpus (and, with `--eval-queries`, its evaluation).
    async fn bench(&self) -> Result<()> {
        let corpus = self.corpus(self.args.corpus.as_deref())?;
        let mut results = Results { run: self.run_record(), ..Results::default() };
        if corpus.stand_in {
            results.notes.push(sample_note());
        }
        let site = self.site(corpus, &mut results).await?;
        let records = corpus::read(&site.corpus.file, self.args.eval_queries.is_some())?;
        results.run.corpus = site.corpus.label.clone();
        results.run.articles = records.len();
        self.code_sizes(&site, &mut results).await?;
        let mut versions = self.versions();
        if self.args.no_browser {
            results.notes.push("browser runs skipped (--no-browser)".into());
        } else {
            let browser = Browser::start().await?;
            versions.push(browser.chromium_version().unwrap_or_else(|| "Chromium unknown".into()));
            self.page_views(&browser, &site, &mut results).await?;
            let listed = queries::for_language(&site.corpus.lang, self.args.queries);
            let drawn = queries::from_titles(&records, self.seed, self.args.title_queries);
            self.step(&format!(
                "{} title queries (seed {}): {}",
                drawn.len(),
                self.seed,
                drawn.iter().map(|q| format!("{:?}", q.text)).collect::<Vec<_>>().join(", ")
            ));
            self.cold_runs(&browser, &site, &listed, &mut results, false).await;
            self.cold_runs(&browser, &site, &drawn, &mut results, true).await;
            note_failures(&mut results);
            self.warm_runs(&browser, &site, &listed, &mut results).await?;
            if let Some(per_kind) = self.args.eval_queries {
                let evaluated = self.evaluate_site(&browser, &site, &records, per_kind).await?;
                let versions = versions.join(", ");
                let section =
                    eval::section(&[evaluated], &results.run.date, &results.run.command, &versions);
                println!("\n{section}");
            }
        }
        results.run.versions = versions.join(", ");
        self.write_results(&site, &results)
    }

    /// The known-item evaluation over the shared corpora (or `--corpus`), into one table.
    async fn evaluate(&self) -> Result<()> {
        let names: Vec<Option<&str>> = match &self.args.corpus {
            Some(corpus) => vec![Some(corpus.as_str())],
            None => EVAL_CORPORA.iter().copied().map(Some).collect(),
        };
        let per_kind = self.args.eval_queries.unwrap_or(EVAL_QUERIES);
        let browser = Browser::start().await?;
        let mut versions = self.versions();
        versions.push(browser.chromium_version().unwrap_or_else(|| "Chromium unknown".into()));
        let mut evaluated = Vec::new();
        for name in names {
            let corpus = self.corpus(name)?;
            let mut results = Results::default();
            let site = self.site(corpus, &mut results).await?;
            for note in &results.notes {
                self.step(note);
            }
            let records = corpus::read(&site.corpus.file, true)?;
            evaluated.push(self.evaluate_site(&browser, &site, &records, per_kind).await?);
        }
        let section =
            eval::section(&evaluated, &scale::today(), &command_line(), &versions.join(", "));
        println!("\n{section}");
        let all_shared = self.args.corpus.is_none() && evaluated.len() == EVAL_CORPORA.len();
        let write =
            self.args.write || (!self.args.no_write && self.args.limit.is_none() && all_shared);
        if write {
            let file = self.repo.join("BENCHMARKS.md");
            report::write_section(&file, Some("eval"), &section)?;
            self.step(&format!("wrote the evaluation into {}", file.display()));
        }
        Ok(())
    }

    /// `--deploys`: small deploys and the drift, into their own section of BENCHMARKS.md.
    fn deploys(&self) -> Result<()> {
        let corpus = self.corpus(self.args.corpus.as_deref())?;
        let records = xtask::corpus::read_records(&corpus.file)?;
        let index_builder =
            indexes::ensure_index_builder(&self.repo, self.args.index_builder.as_deref())?;
        let pagefind = match self.args.no_pagefind {
            true => None,
            false => Some(indexes::ensure_pagefind(&self.repo)?),
        };
        let tools = deploys::Tools { index_builder, pagefind, time: indexes::ensure_gnu_time()? };
        let run = report::Run {
            corpus: corpus.label.clone(),
            articles: records.len(),
            versions: self.versions().join(", "),
            ..self.run_record()
        };
        let mut results =
            deploys::Results { run, runs: self.args.runs.max(1), ..deploys::Results::default() };
        if corpus.stand_in {
            results.notes.push(sample_note());
        }
        let step = |text: &str| self.step(text);
        let setup = deploys::Setup {
            work: self.work_root.join(&corpus.label).join("deploys"),
            lang: corpus.lang.clone(),
            records,
            tools,
            publish: deploys::Publish::ALL
                .into_iter()
                .filter(|p| self.args.publish.is_empty() || self.args.publish.contains(p))
                .collect(),
            runs: self.args.runs.max(1),
            drift: self.args.drift,
            title_queries: DRIFT_TITLE_QUERIES,
            seed: self.seed,
            step: &step,
        };
        deploys::run(&setup, &mut results)?;
        let json = setup.work.join("results.json");
        std::fs::write(&json, serde_json::to_string_pretty(&results)?)?;
        let section = deploys::section(&results);
        println!("\n{section}");
        self.step(&format!("results in {}", json.display()));
        let write = self.args.write
            || (!self.args.no_write && self.args.limit.is_none() && !corpus.stand_in);
        if write {
            let marker = match corpus.label.as_str() {
                DEFAULT_CORPUS => "deploys".to_owned(),
                label => format!("deploys {label}"),
            };
            let file = self.repo.join("BENCHMARKS.md");
            report::write_section(&file, Some(&marker), &section)?;
            self.step(&format!("wrote the deploys section into {}", file.display()));
        }
        Ok(())
    }

    /// Stage 1: the corpus file to render. Without a corpus named, the default one, or the
    /// bundled sample corpus where the shared corpora are missing (a fresh clone).
    fn corpus(&self, name: Option<&str>) -> Result<Corpus> {
        if let Some(n) = self.args.scale {
            let label = format!("scale-{n}");
            let dir = self.work_root.join(&label);
            std::fs::create_dir_all(&dir)?;
            let file = dir.join("articles.jsonl");
            // The generator is deterministic, so a finished earlier run's output can be reused.
            if !(file.is_file() && dir.join("README.md").is_file()) {
                self.step(&format!(
                    "generating the {n}-article scale corpus into {}",
                    file.display()
                ));
                scale::generate(&corpus::corpora_dir(&self.repo), n, &file)?;
            }
            return Ok(Corpus { file, label, lang: "en".into(), stand_in: false });
        }
        let mut stand_in = false;
        let (file, mut label) = match corpus::locate(name.unwrap_or(DEFAULT_CORPUS), &self.repo) {
            Ok(found) => found,
            Err(error) if name.is_some() || self.args.eval => return Err(error),
            Err(_) => {
                let file = self.work_root.join("sample/articles.jsonl");
                std::fs::create_dir_all(self.work_root.join("sample"))?;
                xtask::sample::write(&file)?;
                self.step(&sample_note());
                stand_in = true;
                (file, "sample".to_owned())
            }
        };
        let lang = corpus::main_language(&file)?;
        let Some(limit) = self.args.limit else {
            return Ok(Corpus { file, label, lang, stand_in });
        };
        label = format!("{label}-{limit}");
        let dir = self.work_root.join(&label);
        std::fs::create_dir_all(&dir)?;
        let cut = dir.join("articles.jsonl");
        corpus::cut(&file, limit, &cut)?;
        Ok(Corpus { file: cut, label, lang, stand_in })
    }

    /// Stages 2 to 4: render the site, build both indexes over it, add the benchmark pages and
    /// the widget, and serve it.
    async fn site(&self, corpus: Corpus, results: &mut Results) -> Result<Site> {
        let work = self.work_root.join(&corpus.label);
        let dir = work.join("site");
        if dir.exists() {
            std::fs::remove_dir_all(&dir)
                .with_context(|| format!("cannot clear {}", dir.display()))?;
        }
        std::fs::create_dir_all(work.join("logs"))?;
        self.step(&format!("rendering {} to {}", corpus.file.display(), dir.display()));
        // The pages only feed the two indexers; the browser runs use the harness's own pages.
        let options =
            xtask::SiteOptions { chrome: xtask::Chrome::none(), ..xtask::SiteOptions::default() };
        let articles = xtask::render_site(&corpus.file, &dir, &options)?;
        self.step(&format!("rendered {articles} pages"));
        let has_pagefind = self.build_indexes(&dir, &work.join("logs"), results)?;

        let widget = engines::find_sift_widget(&self.repo, self.args.sift_widget.as_deref());
        let has_widget = engines::write_pages(&dir, &corpus.lang, widget.as_deref())?;
        if !has_widget {
            results.notes.push(
                "Sift widget not measured: no built widget found (pass --sift-widget DIR holding sift.js)".into(),
            );
        }
        let mut engines: Vec<&'static Engine> = Vec::new();
        if has_pagefind {
            engines.push(&PAGEFIND);
        }
        if has_widget && results.sift_build.is_some() {
            engines.push(&SIFT);
        }
        let server = devserver::Server::start(devserver::Config {
            root: dir.clone(),
            ..devserver::Config::default()
        })?;
        self.step(&format!("serving {} on {}", dir.display(), server.url()));
        Ok(Site { corpus, work, dir, server, engines })
    }

    /// Stage 3: both indexes over the same site, Sift first so that neither sees the other's
    /// output. Returns whether Pagefind's index is there.
    fn build_indexes(&self, site: &Path, logs: &Path, results: &mut Results) -> Result<bool> {
        let time = indexes::ensure_gnu_time()?;
        match indexes::ensure_index_builder(&self.repo, self.args.index_builder.as_deref()) {
            Ok(index_builder) => {
                self.step("building the Sift index");
                let out = site.join(engines::SIFT_INDEX_DIR);
                let mut command = Command::new(&index_builder);
                command.arg("build").arg(site).arg("--out").arg(&out).arg("--no-widget");
                match indexes::timed_build(&time, command, &logs.join("sift-build.log"), &out) {
                    Ok(build) => results.sift_build = Some(build),
                    Err(error) => results.notes.push(format!("Sift index build failed: {error:#}")),
                }
            }
            Err(error) => results.notes.push(format!("Sift index-builder unavailable: {error:#}")),
        }
        if self.args.no_pagefind {
            return Ok(false);
        }
        let pagefind = indexes::ensure_pagefind(&self.repo)?;
        self.step("building the Pagefind index");
        let mut command = Command::new(&pagefind);
        command.arg("--site").arg(site);
        results.pagefind_build = Some(indexes::timed_build(
            &time,
            command,
            &logs.join("pagefind-build.log"),
            &site.join("pagefind"),
        )?);
        Ok(true)
    }

    /// Stage 5: each engine's code as served (gzipped text, prebuilt gzip as stored).
    async fn code_sizes(&self, site: &Site, results: &mut Results) -> Result<()> {
        for engine in &site.engines {
            if engine.name == PAGEFIND.name {
                let paths = engines::pagefind_code_paths(&site.dir, &site.corpus.lang);
                results.pagefind_code = browser::served_sizes(&site.server, &paths).await?;
            } else {
                let paths = engines::sift_code_paths(&site.dir)?;
                results.sift_code = browser::served_sizes(&site.server, &paths).await?;
            }
        }
        Ok(())
    }

    /// Stage 6: what a page with each engine's search box downloads before any typing.
    async fn page_views(
        &self,
        browser: &Browser,
        site: &Site,
        results: &mut Results,
    ) -> Result<()> {
        for engine in &site.engines {
            let responses = browser.page_view(&site.server, engine).await?;
            let total: u64 = responses.iter().map(|r| r.1).sum();
            self.step(&format!(
                "page view {:<8} {:>8.1} KB in {} responses",
                engine.name,
                total as f64 / 1e3,
                responses.len()
            ));
            if engine.name == PAGEFIND.name {
                results.pagefind_page_view = responses;
            } else {
                results.sift_page_view = responses;
            }
        }
        Ok(())
    }

    /// Stage 7: each query cold, in a fresh profile, for each engine; `drawn` says whether the
    /// queries are the ones drawn from titles.
    async fn cold_runs(
        &self,
        browser: &Browser,
        site: &Site,
        queries: &[Query],
        results: &mut Results,
        drawn: bool,
    ) {
        for query in queries {
            for engine in &site.engines {
                let cold = browser.cold(&site.server, engine, &query.text).await;
                self.step(&format!(
                    "cold {:<8} {:<24} {}",
                    engine.name,
                    query.text,
                    match (&cold.error, cold.answered) {
                        (Some(error), _) => format!("failed: {error}"),
                        (None, answered) => format!(
                            "{:>8.1} ms {:>8.1} KB in {:>3} responses{}",
                            cold.ms.unwrap_or(f64::NAN),
                            cold.bytes.unwrap_or(0) as f64 / 1e3,
                            cold.requests,
                            if answered { "" } else { ", no results" }
                        ),
                    }
                ));
                let runs = match (engine.name == PAGEFIND.name, drawn) {
                    (true, false) => &mut results.pagefind_cold,
                    (true, true) => &mut results.pagefind_random,
                    (false, false) => &mut results.sift_cold,
                    (false, true) => &mut results.sift_random,
                };
                runs.push(cold);
            }
        }
    }

    /// Stage 8: warm timings of the listed queries through each engine's JS API.
    async fn warm_runs(
        &self,
        browser: &Browser,
        site: &Site,
        queries: &[Query],
        results: &mut Results,
    ) -> Result<()> {
        let texts: Vec<&str> = queries.iter().map(|q| q.text.as_str()).collect();
        for engine in &site.engines {
            self.step(&format!("warm {} ({} runs per query)", engine.name, self.args.warm_runs));
            let warm = browser.warm(&site.server, engine, &texts, self.args.warm_runs).await?;
            for run in &warm {
                if let Some(error) = &run.error {
                    self.step(&format!("warm {} {:?} failed: {error}", engine.name, run.query));
                }
            }
            if engine.name == PAGEFIND.name {
                results.pagefind_warm = warm;
            } else {
                results.sift_warm = warm;
            }
        }
        Ok(())
    }

    /// Stage 9: the known-item evaluation of one served corpus.
    async fn evaluate_site(
        &self,
        browser: &Browser,
        site: &Site,
        records: &[Record],
        per_kind: usize,
    ) -> Result<eval::CorpusEval> {
        self.step(&format!(
            "evaluating {} ({per_kind} queries per kind and seed)",
            site.corpus.label
        ));
        eval::run(
            browser,
            &site.server,
            &site.engines,
            &site.corpus.label,
            records,
            self.seed,
            per_kind,
            &site.work,
        )
        .await
    }

    /// Stage 10: results.json, the table, and BENCHMARKS.md.
    fn write_results(&self, site: &Site, results: &Results) -> Result<()> {
        let json = site.work.join("results.json");
        std::fs::write(&json, serde_json::to_string_pretty(results)?)?;
        println!("\n{}", results.section());
        self.step(&format!("results in {}", json.display()));
        let write = self.args.write
            || (!self.args.no_write && self.args.limit.is_none() && !site.corpus.stand_in);
        if write {
            let marker =
                (site.corpus.label != DEFAULT_CORPUS).then_some(site.corpus.label.as_str());
            let file = self.repo.join("BENCHMARKS.md");
            report::write_section(&file, marker, &results.section())?;
            self.step(&format!("wrote the table into {}", file.display()));
        }
        Ok(())
    }

    /// The commit measured, rustc's and Pagefind's versions (Chromium's is added once it runs).
    fn versions(&self) -> Vec<String> {
        let git = |args: &[&str]| {
            let output = Command::new("git").arg("-C").arg(&self.repo).args(args).output().ok()?;
            output
                .status
                .success()
                .then(|| String::from_utf8_lossy(&output.stdout).trim().to_owned())
        };
        let commit = git(&["rev-parse", "--short", "HEAD"]).unwrap_or_else(|| "unknown".into());
        let dirty =
            git(&["status", "--porcelain", "--untracked-files=no"]).is_some_and(|s| !s.is_empty());
        let mut versions = vec![
            format!("Sift at commit {commit}{}", if dirty { " with local changes" } else { "" }),
            indexes::version_of(Path::new("rustc")).unwrap_or_else(|| "rustc unknown".into()),
        ];
        if !self.args.no_pagefind {
            if let Ok(pagefind) = indexes::ensure_pagefind(&self.repo) {
                versions.push(format!(
                    "Pagefind {}",
                    indexes::version_of(&pagefind)
                        .unwrap_or_default()
                        .trim_start_matches("pagefind ")
                ));
            }
        }
        versions
    }
}

/// Notes the cold runs that failed, per engine.
fn note_failures(results: &mut Results) {
    for (engine, runs) in [
        (&PAGEFIND, [&results.pagefind_cold, &results.pagefind_random]),
        (&SIFT, [&results.sift_cold, &results.sift_random]),
    ] {
        let failed: Vec<&str> = runs
            .iter()
            .flat_map(|runs| runs.iter())
            .filter(|c| c.error.is_some())
            .map(|c| c.query.as_str())
            .collect();
        if !failed.is_empty() {
            let note =
                format!("{} cold runs failed for {failed:?} (see results.json)", engine.name);
            results.notes.push(note);
        }
    }
}

/// What a run on the sample corpus says about it.
fn sample_note() -> String {
    format!(
        "corpus {DEFAULT_CORPUS:?} not found (set SIFT_CORPORA to the shared corpora): ran on the \
         bundled sample corpus (`cargo xtask sample`) instead"
    )
}

/// How to run this again: the same arguments through cargo.
fn command_line() -> String {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut line = String::from("cargo run --release -p sift-bench");
    if !args.is_empty() {
        line.push_str(" --");
    }
    for arg in args {
        line.push(' ');
        if arg.contains(|c: char| c.is_whitespace() || c == '"') {
            line.push_str(&format!("{arg:?}"));
        } else {
            line.push_str(&arg);
        }
    }
    line
}
