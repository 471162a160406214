//! `sift-bench`: Sift and Pagefind 1.6.0 side by side on the same rendered corpus (issue 4).
//!
//! One run renders a corpus to a static site, builds both indexes over it under
//! `/usr/bin/time -v`, serves it with the byte-counting devserver, drives headless Chromium
//! through chromedriver (cold first result per query in a fresh profile, then warm query
//! timings through each engine's JS API), measures the widget code as served, prints one table,
//! and writes it into `BENCHMARKS.md`. Everything it generates goes under `target/bench/`.
//!
//! ```text
//! sift-bench                              # reuters21578, the full table
//! sift-bench --limit 300 --queries 6      # the CI smoke: a few minutes, both engines
//! sift-bench --scale 250000 --no-browser  # the derived 250k corpus: builds and sizes
//! ```

mod browser;
mod corpus;
mod engines;
mod indexes;
mod queries;
mod report;
mod scale;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

use anyhow::{Context, Result};
use clap::Parser;

use crate::engines::{Engine, PAGEFIND, SIFT};
use crate::report::Results;

/// Benchmark Sift against Pagefind 1.6.0 on the same rendered corpus.
#[derive(Debug, Parser)]
#[command(version)]
struct Args {
    /// A corpus name under $SIFT_CORPORA, a directory holding articles.jsonl.gz, or a
    /// .jsonl(.gz) file.
    #[arg(long, default_value = "reuters21578")]
    corpus: String,
    /// Use only the first N articles (the CI smoke uses 300).
    #[arg(long, value_name = "N")]
    limit: Option<usize>,
    /// Instead of --corpus, grow all shared corpora, mixed, to N articles (derived copies with
    /// changed ids, urls and dates and small text edits; written under target/ only).
    #[arg(long, value_name = "N", conflicts_with = "limit")]
    scale: Option<usize>,
    /// Run only the first N queries of the list (spread over the kinds of query).
    #[arg(long, value_name = "N")]
    queries: Option<usize>,
    /// Timed repetitions per warm query.
    #[arg(long, default_value_t = 9)]
    warm_runs: usize,
    /// Skip the browser: builds, index sizes and code sizes only.
    #[arg(long)]
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
    match runtime.block_on(run(args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: Args) -> Result<()> {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize()?;
    let work_root = args.work.clone().unwrap_or_else(|| repo.join("target/bench"));
    let started = Instant::now();
    let step = |text: &str| eprintln!("[{:>6.1} s] {text}", started.elapsed().as_secs_f64());

    // 1. The corpus, and the site rendered from it.
    let (corpus_file, label, lang) = prepare_corpus(&args, &repo, &work_root)?;
    let work = work_root.join(&label);
    let site = work.join("site");
    let logs = work.join("logs");
    if site.exists() {
        std::fs::remove_dir_all(&site)
            .with_context(|| format!("cannot clear {}", site.display()))?;
    }
    std::fs::create_dir_all(&logs)?;
    step(&format!("rendering {} to {}", corpus_file.display(), site.display()));
    // The pages only feed the two indexers; the browser runs use the harness's own pages.
    let options =
        xtask::SiteOptions { chrome: xtask::Chrome::none(), ..xtask::SiteOptions::default() };
    let articles = xtask::render_site(&corpus_file, &site, &options)?;
    step(&format!("rendered {articles} pages"));

    let mut results = Results {
        corpus: label.clone(),
        articles,
        date: scale::today(),
        command: command_line(),
        machine: report::machine(),
        ..Results::default()
    };

    // 2. Both indexes over the same site, Sift first so that neither sees the other's output.
    let time = indexes::ensure_gnu_time()?;
    let pagefind = if args.no_pagefind { None } else { Some(indexes::ensure_pagefind(&repo)?) };
    match indexes::ensure_index_builder(&repo, args.index_builder.as_deref()) {
        Ok(index_builder) => {
            step("building the Sift index");
            let out = site.join(engines::SIFT_INDEX_DIR);
            let mut command = Command::new(&index_builder);
            command.arg("build").arg(&site).arg("--out").arg(&out).arg("--no-widget");
            match indexes::timed_build(&time, command, &logs.join("sift-build.log"), &out) {
                Ok(build) => results.sift_build = Some(build),
                Err(error) => results.notes.push(format!("Sift index build failed: {error:#}")),
            }
        }
        Err(error) => results.notes.push(format!("Sift index-builder unavailable: {error:#}")),
    }
    if let Some(pagefind) = &pagefind {
        step("building the Pagefind index");
        let mut command = Command::new(pagefind);
        command.arg("--site").arg(&site);
        results.pagefind_build = Some(indexes::timed_build(
            &time,
            command,
            &logs.join("pagefind-build.log"),
            &site.join("pagefind"),
        )?);
    }

    // 3. The benchmark pages and the widget, then the server.
    let widget = engines::find_sift_widget(&repo, args.sift_widget.as_deref());
    let have_widget = engines::write_pages(&site, widget.as_deref())?;
    if !have_widget {
        results.notes.push(
            "Sift widget not measured: no built widget found (pass --sift-widget DIR holding sift.js)".into(),
        );
    }
    let server = devserver::Server::start(devserver::Config {
        root: site.clone(),
        ..devserver::Config::default()
    })?;
    step(&format!("serving {} on {}", site.display(), server.url()));

    // 5. Widget code as served (gzipped text, prebuilt gzip as stored).
    if pagefind.is_some() {
        results.pagefind_code =
            browser::served_sizes(&server, &engines::pagefind_code_paths(&site, &lang)).await?;
    }
    if have_widget {
        results.sift_code =
            browser::served_sizes(&server, &engines::sift_code_paths(&site)?).await?;
    }

    // 4. The browser runs.
    let queries = queries::for_language(&lang, args.queries);
    let mut versions =
        vec![indexes::version_of(Path::new("rustc")).unwrap_or_else(|| "rustc unknown".into())];
    if let Some(pagefind) = &pagefind {
        versions.push(format!(
            "Pagefind {}",
            indexes::version_of(pagefind).unwrap_or_default().trim_start_matches("pagefind ")
        ));
    }
    if args.no_browser {
        results.notes.push("browser runs skipped (--no-browser)".into());
    } else {
        let browser = browser::Browser::start().await?;
        versions.push(browser.chromium_version().unwrap_or_else(|| "Chromium unknown".into()));
        let mut engines: Vec<&Engine> = Vec::new();
        if pagefind.is_some() {
            engines.push(&PAGEFIND);
        }
        if have_widget && results.sift_build.is_some() {
            engines.push(&SIFT);
        }
        for query in &queries {
            for engine in &engines {
                let cold = browser.cold(&server, engine, query.text).await;
                step(&format!(
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
                if engine.name == PAGEFIND.name {
                    results.pagefind_cold.push(cold);
                } else {
                    results.sift_cold.push(cold);
                }
            }
        }
        let texts: Vec<&str> = queries.iter().map(|q| q.text).collect();
        for engine in &engines {
            step(&format!("warm {} ({} runs per query)", engine.name, args.warm_runs));
            let warm = browser.warm(&server, engine, &texts, args.warm_runs).await?;
            for run in &warm {
                if let Some(error) = &run.error {
                    step(&format!("warm {} {:?} failed: {error}", engine.name, run.query));
                }
            }
            if engine.name == PAGEFIND.name {
                results.pagefind_warm = warm;
            } else {
                results.sift_warm = warm;
            }
        }
        for (engine, runs) in [(&PAGEFIND, &results.pagefind_cold), (&SIFT, &results.sift_cold)] {
            let failed: Vec<&str> =
                runs.iter().filter(|c| c.error.is_some()).map(|c| c.query.as_str()).collect();
            if !failed.is_empty() {
                results.notes.push(format!(
                    "{} cold runs failed for {:?} (see results.json)",
                    engine.name, failed
                ));
            }
        }
    }
    results.versions = versions.join(", ");
    drop(server);

    // 6. The table, results.json and BENCHMARKS.md.
    let json = work.join("results.json");
    std::fs::write(&json, serde_json::to_string_pretty(&results)?)?;
    println!("\n{}", results.section());
    step(&format!("results in {}", json.display()));
    let write = args.write || (!args.no_write && args.limit.is_none());
    if write {
        let marker = (label != "reuters21578").then_some(label.as_str());
        let file = repo.join("BENCHMARKS.md");
        report::write_section(&file, marker, &results.section())?;
        step(&format!("wrote the table into {}", file.display()));
    }
    Ok(())
}

/// The corpus file to render, its label (names the work directory and the BENCHMARKS.md
/// section) and its main language.
fn prepare_corpus(args: &Args, repo: &Path, work_root: &Path) -> Result<(PathBuf, String, String)> {
    if let Some(n) = args.scale {
        let label = format!("scale-{n}");
        let dir = work_root.join(&label);
        std::fs::create_dir_all(&dir)?;
        let file = dir.join("articles.jsonl");
        // The generator is deterministic, so a finished earlier run's output can be reused.
        if !(file.is_file() && dir.join("README.md").is_file()) {
            eprintln!("generating the {n}-article scale corpus into {}", file.display());
            scale::generate(&corpus::corpora_dir(repo), n, &file)?;
        }
        return Ok((file, label, "en".into()));
    }
    let (file, mut label) = corpus::locate(&args.corpus, repo)?;
    let lang = corpus::main_language(&file)?;
    let Some(limit) = args.limit else { return Ok((file, label, lang)) };
    label = format!("{label}-{limit}");
    let dir = work_root.join(&label);
    std::fs::create_dir_all(&dir)?;
    let cut = dir.join("articles.jsonl");
    corpus::cut(&file, limit, &cut)?;
    Ok((cut, label, lang))
}

/// How to run this again: the same arguments through cargo.
fn command_line() -> String {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut line = String::from("cargo run --release -p sift-bench --");
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
