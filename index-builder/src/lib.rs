//! Sift's index builder: reads articles (JSONL, HTML pages, Markdown with front matter)
//! and writes the static index files that the Sift widget searches.
//!
//! The library does what the `index-builder` command does, so that other tools and tests
//! can call it: [`build`] reads inputs into an index in memory, [`write_bundle`] and
//! [`write_index`] replace a bundle directory (index and [`Widget`], or index alone)
//! atomically, and [`IndexDir`] searches an index on disk.
//!
//! ```no_run
//! use index_builder::{build, write_index, BuildOptions, Silent};
//!
//! let options = BuildOptions {
//!     inputs: vec!["articles.jsonl.gz".into()],
//!     ..BuildOptions::default()
//! };
//! let built = build(&options, &Silent)?;
//! write_index("site/_sift".as_ref(), &built.index)?;
//! # Ok::<(), index_builder::Error>(())
//! ```

pub mod cmd;
mod config;
mod error;
mod incremental;
mod index_dir;
mod output;
mod pipeline;
mod progress;
mod read;
mod widget;

use clap::{Parser, Subcommand};

pub use config::{Config, HtmlConfig, IndexConfig, RankingConfig};
pub use error::{Error, Location, Result};
pub use index_dir::IndexDir;
pub use output::{check_out, write_bundle, write_index, MANIFEST};
pub use pipeline::{
    build, BuildMode, BuildOptions, Built, Observer, Silent, CHUNK_RECORDS, MAX_FACETS,
    MAX_FACET_VALUES, MAX_LANGUAGES,
};
pub use progress::Progress;
pub use read::Input;
pub use widget::{version_line, Widget};

/// Builds and queries Sift search indexes for static sites.
#[derive(Debug, Parser)]
#[command(name = "index-builder", version = version_line(), about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read articles and write a search index into a directory.
    #[command(long_about = cmd::build::LONG_ABOUT)]
    Build(cmd::build::Args),
    /// Search an index directory and print the results, best first.
    #[command(long_about = cmd::search::LONG_ABOUT)]
    Search(cmd::search::Args),
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Build(args) => cmd::build::run(args),
        Command::Search(args) => cmd::search::run(args),
    }
}
