//! `cargo xtask demo`: installs what the demo needs and is missing (nothing the tests alone
//! use), builds the demo site with Trunk (whose `post_build` hook runs `cargo xtask index`),
//! and serves it on 127.0.0.1.

use std::path::PathBuf;

use anyhow::{Context, Result};

use crate::{dist, index, project_root, setup, target_dir};

/// Arguments of `cargo xtask demo`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A corpus to show instead of the sample corpus (`.jsonl` or `.jsonl.gz`).
    #[arg(long)]
    pub corpus: Option<PathBuf>,
    /// The port on 127.0.0.1; 0 picks a free one.
    #[arg(long, default_value_t = 8000)]
    pub port: u16,
}

/// Runs `cargo xtask demo`; serves until interrupted.
pub fn run(args: &Args) -> Result<()> {
    setup::ensure_demo_tools()?;
    let root = project_root();
    if let Some(corpus) = &args.corpus {
        let corpus = std::path::absolute(corpus).unwrap_or_else(|_| corpus.clone());
        // Trunk's hook runs `cargo xtask index` without arguments: it reads this instead.
        std::env::set_var(index::CORPUS_ENV, corpus);
    }
    let trunk_toml = root.join("Trunk.toml");
    let site = if trunk_toml.is_file() {
        dist::build_site().context("cannot build the demo site")?
    } else {
        eprintln!(
            "xtask demo: NOTE: {} is missing, so the widget is not built; serving the article pages and index only",
            trunk_toml.display()
        );
        let site = target_dir().join("demo-site");
        index::run(&index::Args { out: Some(site.clone()), ..index::Args::default() })?;
        site
    };
    let config =
        devserver::Config { root: site.clone(), port: args.port, ..devserver::Config::default() };
    let server = devserver::Server::start(config)
        .with_context(|| format!("cannot serve {} on port {}", site.display(), args.port))?;
    println!("Sift demo: {}/ (serving {}; Ctrl-C stops)", server.url(), site.display());
    loop {
        std::thread::park();
    }
}
