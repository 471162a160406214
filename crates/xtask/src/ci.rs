//! `cargo xtask test`: the README's test command and what `.ci/run` runs.
//!
//! It installs what is missing ([`crate::setup::ensure_tools`]), then runs [`STEPS`] and
//! [`EXTRA_STEPS`] in order and stops at the first failure, naming the failed step.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use anyhow::{bail, Result};

use crate::process::{cargo, cargo_proxy, display, stdout_of};
use crate::project_root;

/// One step of the test run: a cargo command, run from a directory of the repository.
#[derive(Debug, Clone, Copy)]
pub struct Step {
    /// Named in the log and in the error when the step fails.
    pub name: &'static str,
    /// Arguments to cargo. A first argument `+toolchain` runs through rustup's proxy.
    pub args: &'static [&'static str],
    /// Directory to run in, relative to the repository root.
    pub dir: &'static str,
    /// Run only if this path (relative to the root) exists; otherwise the step is skipped.
    pub only_if: Option<&'static str>,
}

impl Step {
    /// A cargo command run from the repository root.
    pub const fn cargo(name: &'static str, args: &'static [&'static str]) -> Step {
        Step { name, args, dir: ".", only_if: None }
    }

    /// A cargo command run in `dir`, skipped while `dir` does not exist.
    pub const fn cargo_in(
        dir: &'static str,
        name: &'static str,
        args: &'static [&'static str],
    ) -> Step {
        Step { name, args, dir, only_if: Some(dir) }
    }
}

/// Where the install step puts index-builder, relative to the root: the README's install
/// command, run as a user runs it, but rooted under `target/` to leave `~/.cargo/bin` alone.
pub const INSTALL_ROOT: &str = "target/generator-tests/install";

/// The core steps, always run first.
pub const STEPS: &[Step] = &[
    Step::cargo("format", &["fmt", "--all", "--", "--check"]),
    Step::cargo("clippy", &["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"]),
    // The README's install command: the widget's release build (Trunk's `target/site`, which
    // the browser tests then serve instead of building it again) and index-builder with it
    // inside, which the generator browser tests run.
    Step::cargo("install index-builder", &["xtask", "install", "--root", INSTALL_ROOT]),
    Step::cargo("tests", &["test", "--workspace"]),
    Step::cargo("wasm check", &["check", "-p", "sift-core", "--target", "wasm32-unknown-unknown"]),
];

/// Further steps, run after [`STEPS`]: adding a step is adding a line here (browser tests,
/// benchmark smoke, ...).
#[rustfmt::skip]
pub const EXTRA_STEPS: &[Step] = &[
    Step::cargo_in("crates/sift-core/fuzz", "fuzz targets build", &["+nightly", "fuzz", "build"]),
    // Both engines on 300 articles (of the bundled sample corpus where the shared corpora are
    // missing), with the widget the browser tests built with Trunk, and a tiny known-item
    // evaluation (two queries per kind and seed).
    Step::cargo_in("crates/sift-bench", "benchmark smoke", &["run", "--release", "-p", "sift-bench", "--", "--limit", "300", "--queries", "6", "--title-queries", "4", "--eval-queries", "2", "--no-write"]),
    // Small deploys on the same 300 articles, page by page, one timed run each and a drift
    // of three: every kind of change goes through index-builder's update (about 20 s).
    Step::cargo_in("crates/sift-bench", "deploys smoke", &["run", "--release", "-p", "sift-bench", "--", "--deploys", "--limit", "300", "--runs", "1", "--drift", "3", "--publish", "pages", "--no-write"]),
];

/// Runs `cargo xtask test`.
pub fn run() -> Result<()> {
    crate::setup::ensure_tools()?;
    let root = project_root();
    if std::env::var_os("SIFT_CORPORA").is_none_or(|v| v.is_empty()) {
        let corpora = root.join("../shared/corpora");
        let corpora = corpora.canonicalize().unwrap_or(corpora);
        // Set before any thread starts; every step inherits it.
        std::env::set_var("SIFT_CORPORA", corpora);
    }
    // What the install step builds, for the browser tests (set before any thread starts).
    let installed = root.join(INSTALL_ROOT).join("bin/index-builder");
    std::env::set_var("SIFT_INDEX_BUILDER", installed);
    if std::env::var_os("SIFT_DIST").is_none() {
        let trunk_dist = crate::dist::trunk_dist(&root.join("Trunk.toml"))?;
        std::env::set_var("SIFT_DIST", trunk_dist);
    }
    let start = Instant::now();
    let mut passed = 0;
    for step in STEPS.iter().chain(EXTRA_STEPS) {
        if let Some(path) = step.only_if.filter(|p| !root.join(p).exists()) {
            println!("xtask test: skipping `{}`: {path} does not exist", step.name);
            continue;
        }
        let mut cmd = command(step, &root);
        println!("xtask test: {} (`{}`)", step.name, display(&cmd));
        let status = cmd.status();
        if !status.as_ref().is_ok_and(|s| s.success()) {
            println!("steps: {passed} passed, 1 failed");
            match status {
                Ok(status) => bail!("step `{}` failed: `{}` ({status})", step.name, display(&cmd)),
                Err(error) => {
                    bail!("step `{}` failed: cannot run `{}`: {error}", step.name, display(&cmd))
                }
            }
        }
        passed += 1;
    }
    println!("xtask test: all steps passed in {:.0} s", start.elapsed().as_secs_f64());
    println!("steps: {passed} passed, 0 failed");
    Ok(())
}

/// The command for a step. `+nightly` without a nightly toolchain (a fresh machine has only
/// stable, and none can be fetched) falls back to stable with `RUSTC_BOOTSTRAP=1`, which lets
/// cargo-fuzz pass its `-Z` flags; the stable toolchain ships the sanitizer runtimes it needs.
fn command(step: &Step, root: &Path) -> Command {
    let mut cmd;
    match step.args.split_first() {
        Some((toolchain, rest)) if toolchain.starts_with('+') => {
            let name = &toolchain[1..];
            let toolchains = stdout_of("rustup", ["toolchain", "list"]).unwrap_or_default();
            cmd = cargo_proxy();
            if toolchains.lines().any(|t| t.starts_with(name)) {
                cmd.arg(toolchain);
            } else {
                println!("xtask test: no {name} toolchain; running `{}` on the default toolchain with RUSTC_BOOTSTRAP=1", step.name);
                cmd.env("RUSTC_BOOTSTRAP", "1");
            }
            cmd.args(rest);
        }
        _ => {
            cmd = cargo();
            cmd.args(step.args);
        }
    }
    cmd.current_dir(root.join(step.dir));
    cmd
}
