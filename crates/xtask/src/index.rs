//! `cargo xtask index`: the sample corpus (or any corpus), its article pages and its Sift index.
//!
//! Pages are rendered twice: once into a scratch directory that holds nothing but them, from
//! which `index-builder build` reads the HTML (the site-build path the product is for), and once
//! into the site root. Trunk's `post_build` hook runs this with `TRUNK_STAGING_DIR` set: pages
//! then go into the site Trunk is building, and the index into `<staging>/index/`.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::process::{self, cargo};
use crate::site::{render_site, SiteOptions};
use crate::{sample, target_dir};

/// Environment variable naming the corpus when `--corpus` is not given (set by `cargo xtask
/// demo --corpus`, since Trunk's hook runs us without arguments).
pub const CORPUS_ENV: &str = "SIFT_DEMO_CORPUS";

/// Arguments of `cargo xtask index`.
#[derive(Debug, Default, clap::Args)]
pub struct Args {
    /// The corpus (`.jsonl` or `.jsonl.gz`); default `$SIFT_DEMO_CORPUS`, else the sample corpus.
    #[arg(long)]
    pub corpus: Option<PathBuf>,
    /// The site root: pages below it, the index in `<out>/index/`; default `$TRUNK_STAGING_DIR`,
    /// else `target/sample-site`.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Render and index only the first N records.
    #[arg(long)]
    pub limit: Option<usize>,
}

/// Runs `cargo xtask index`.
pub fn run(args: &Args) -> Result<()> {
    let out = args
        .out
        .clone()
        .or_else(|| non_empty_env("TRUNK_STAGING_DIR"))
        .unwrap_or_else(|| target_dir().join("sample-site"));
    let corpus = match args.corpus.clone().or_else(|| non_empty_env(CORPUS_ENV)) {
        Some(corpus) => corpus,
        None => {
            let path = target_dir().join("sample/articles.jsonl");
            sample::write(&path)?;
            path
        }
    };
    let pages = build_site(&corpus, &out, args.limit)?;
    eprintln!("xtask index: {pages} pages and their index in {}", out.display());
    Ok(())
}

/// Renders `corpus` into the site root `out` and builds its index into `out/index`; returns the
/// number of pages.
pub fn build_site(corpus: &Path, out: &Path, limit: Option<usize>) -> Result<usize> {
    let options = SiteOptions { limit, ..SiteOptions::default() };
    let scratch = target_dir().join("xtask/pages");
    if scratch.exists() {
        std::fs::remove_dir_all(&scratch)
            .with_context(|| format!("cannot clear {}", scratch.display()))?;
    }
    render_site(corpus, &scratch, &options)?;
    build_index(&[&scratch], &out.join("index"))?;
    render_site(corpus, out, &options)
}

/// Runs `index-builder build <inputs> --out <index> --no-widget` (built in release mode by
/// cargo).
pub fn build_index(inputs: &[&Path], index: &Path) -> Result<()> {
    let mut cmd = cargo();
    cmd.current_dir(crate::project_root());
    cmd.args(["run", "--quiet", "--release", "-p", "index-builder", "--", "build"]);
    // The demo site carries the widget itself (Trunk builds it): the index alone here.
    cmd.args(inputs).arg("--out").arg(index).arg("--no-widget");
    process::run(&mut cmd).context("index-builder could not build the index")
}

fn non_empty_env(name: &str) -> Option<PathBuf> {
    std::env::var_os(name).filter(|v| !v.is_empty()).map(PathBuf::from)
}
