//! `cargo xtask <task>`: Sift's task runner (the alias is in `.cargo/config.toml`).
//!
//! The README's two commands are `cargo xtask demo` and `cargo xtask test`; the other tasks are
//! their parts, useful on their own.

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use xtask::{ci, demo, dist, fuzz, index, release, sample, setup, site, widget};

/// Sift's task runner.
#[derive(Parser)]
#[command(name = "cargo xtask", version)]
struct Cli {
    #[command(subcommand)]
    task: Task,
}

#[derive(Subcommand)]
enum Task {
    /// Build the demo site with Trunk (with the sample index) and serve it on 127.0.0.1.
    Demo(demo::Args),
    /// Run every test: format, clippy (host and wasm32), unit and integration tests, wasm
    /// check, fuzzing from the committed seeds, benchmark and deploys smokes; then say which
    /// corpus tests ran.
    Test,
    /// Run the fuzz targets of sift-core from their committed seeds for a fixed time each.
    Fuzz(fuzz::Args),
    /// Build the widget (the demo's release build) into index-builder/widget/, where
    /// index-builder embeds it.
    Dist,
    /// Build the widget, then install index-builder with it inside (`cargo install`).
    Install(dist::InstallArgs),
    /// Build index-builder as shipped: a static binary per platform with the widget inside,
    /// reproducibly, and the npm packages that carry it (packed into `target/release-npm`).
    Release(release::Args),
    /// Render a corpus's article pages and build their index with index-builder.
    Index(index::Args),
    /// Write the bundled sample corpus (deterministic, English and Russian).
    Sample(sample::Args),
    /// Render a corpus to static article pages.
    Site(site::Args),
    /// Build the widget's wasm and JS glue (Trunk's pre-build hook; `--release` for size).
    Widget(widget::Args),
    /// Install the tools a fresh machine lacks for the tests (trunk, wasm-bindgen, the
    /// widget's nightly, cargo-fuzz, Chromium, Hugo, npm tools); the demo installs only its own.
    Setup,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.task {
        Task::Demo(args) => demo::run(args),
        Task::Dist => dist::run(),
        Task::Install(args) => dist::install(args),
        Task::Release(args) => release::run(args),
        Task::Test => ci::run(),
        Task::Fuzz(args) => setup::ensure_tools().and_then(|()| fuzz::run(args)),
        Task::Index(args) => {
            setup::extend_path();
            index::run(args)
        }
        Task::Sample(args) => sample::run(args),
        Task::Site(args) => site::run(args),
        Task::Widget(args) => widget::run(args),
        Task::Setup => setup::ensure_tools(),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}
