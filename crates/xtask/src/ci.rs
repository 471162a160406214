//! `cargo xtask test`: the README's test command and what `.ci/run` runs.
//!
//! It installs what is missing ([`crate::setup::ensure_tools`]), then runs [`STEPS`] and
//! [`EXTRA_STEPS`] in order and stops at the first failure, naming the failed step. At the end
//! it says how many corpus tests ran on the shared corpora and how many were skipped, and why
//! (see [`CORPUS_RECORD_VAR`]): a test that returns early passes, and the harness swallows
//! its note.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use anyhow::{bail, Result};

use crate::process::{cargo, cargo_on, display};
use crate::{project_root, target_dir};

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

/// The environment variable naming the directory of the npm tarballs that the release step
/// packs, which the generator browser tests install with npm and run.
pub const RELEASE_NPM_VAR: &str = "SIFT_RELEASE_NPM";

/// The core steps, always run first.
#[rustfmt::skip]
pub const STEPS: &[Step] = &[
    Step::cargo("format", &["fmt", "--all", "--", "--check"]),
    Step::cargo("clippy", &["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"]),
    // The widget's code for the browser (about 1,700 lines) compiles for wasm32 only.
    Step::cargo("clippy wasm32", &["clippy", "--target", "wasm32-unknown-unknown", "-p", "sift-widget", "--", "-D", "warnings"]),
    // What a site installs: the widget's release build (Trunk's `target/site`, which the
    // browser tests then serve instead of building it again), index-builder with it inside as
    // a static binary, and the npm packages, installed into an empty directory and checked
    // against the binary. The generator browser tests install and run those tarballs.
    Step::cargo("release", &["xtask", "release"]),
    Step::cargo("tests", &["test", "--workspace"]),
    Step::cargo("wasm check", &["check", "-p", "sift-core", "--target", "wasm32-unknown-unknown"]),
];

/// Further steps, run after [`STEPS`]: adding a step is adding a line here (browser tests,
/// benchmark smoke, ...).
#[rustfmt::skip]
pub const EXTRA_STEPS: &[Step] = &[
    // Each fuzz target for 40 s from the committed seeds, with debug assertions (`cargo xtask
    // fuzz`); run from the root, where the `xtask` alias finds its workspace.
    Step { name: "fuzz", args: &["xtask", "fuzz", "--fresh", "--seconds", "40"], dir: ".", only_if: Some("crates/sift-core/fuzz") },
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
    let record = target_dir().join("corpus-tests");
    if record.exists() {
        std::fs::remove_dir_all(&record)?;
    }
    std::env::set_var(CORPUS_RECORD_VAR, &record);
    // What the release step packs, for the browser tests (set before any thread starts).
    std::env::set_var(RELEASE_NPM_VAR, crate::release::default_out());
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
    println!("{}", corpus_summary(&record)?);
    println!("steps: {passed} passed, 0 failed");
    Ok(())
}

/// The environment variable naming the directory where corpus tests record what they ran
/// on. Each test that looks for a shared corpus writes one file there per corpus, named
/// `<package>.<test>~<corpus>`, holding `ran`, `sample <why>` (it ran on the bundled sample
/// corpus instead) or `skipped <why>`; [`corpus_summary`] counts them. The writers:
/// `sift_tests::record_corpus`, `index-builder/tests/cli/corpora.rs`, xtask's site tests.
pub const CORPUS_RECORD_VAR: &str = "SIFT_CORPUS_RECORD";

/// What the corpus tests recorded in `dir`: how many ran on the shared corpora, on the
/// sample corpus instead, or were skipped, and why. None recorded is an error: the tests
/// step ran them, so the recording is broken.
fn corpus_summary(dir: &Path) -> Result<String> {
    let mut tests: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for entry in std::fs::read_dir(dir).into_iter().flatten() {
        let path = entry?.path();
        let name = path.file_name().unwrap_or_default().to_string_lossy().into_owned();
        let test = name.split('~').next().unwrap_or_default().to_string();
        tests.entry(test).or_default().push(std::fs::read_to_string(&path)?);
    }
    if tests.is_empty() {
        bail!("no corpus test recorded what it ran on in {}", dir.display());
    }
    let (mut ran, mut sample, mut partly, mut skipped) = (0, 0, 0, 0);
    let mut reasons: Vec<&str> = Vec::new();
    for outcomes in tests.values() {
        let count = |word: &str| outcomes.iter().filter(|o| o.starts_with(word)).count();
        match (count("ran"), count("sample"), count("skipped")) {
            (_, 1.., _) => sample += 1,
            (_, _, 0) => ran += 1,
            (0, _, _) => skipped += 1,
            _ => partly += 1,
        }
        for outcome in outcomes {
            if let Some(why) = outcome.strip_prefix("skipped ").or(outcome.strip_prefix("sample "))
            {
                if !reasons.contains(&why.trim()) {
                    reasons.push(why.trim());
                }
            }
        }
    }
    let mut parts = vec![format!("{ran} ran on the shared corpora")];
    if partly > 0 {
        parts.push(format!("{partly} on some of their corpora"));
    }
    if sample > 0 {
        parts.push(format!("{sample} on the bundled sample corpus instead"));
    }
    parts.push(format!("{skipped} skipped"));
    let mut line = format!("corpus tests: {}", parts.join(", "));
    if !reasons.is_empty() {
        line.push_str(&format!(": {}", reasons.join("; ")));
    }
    Ok(line)
}

/// The command for a step. A first argument `+toolchain` runs on that toolchain, or without
/// it on the default one with `RUSTC_BOOTSTRAP=1` ([`cargo_on`]).
fn command(step: &Step, root: &Path) -> Command {
    let mut cmd;
    match step.args.split_first() {
        Some((toolchain, rest)) if toolchain.starts_with('+') => {
            cmd = cargo_on(&toolchain[1..], step.name);
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

#[cfg(test)]
mod tests {
    use super::corpus_summary;

    #[test]
    fn the_summary_counts_corpus_tests_by_what_they_ran_on_and_says_why_they_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let missing = "corpus ungdc not found at /x/ungdc/articles.jsonl.gz (set SIFT_CORPORA)";
        for (file, outcome) in [
            ("a.ran~reuters21578", "ran".to_string()),
            ("a.both~reuters21578", "ran".to_string()),
            ("a.both~ungdc", format!("skipped {missing}")),
            ("a.skipped~ungdc", format!("skipped {missing}")),
            ("a.determinism~ruwikinews-nerel", "sample the shared corpora are absent".into()),
        ] {
            std::fs::write(dir.path().join(file), outcome).unwrap();
        }
        assert_eq!(
            corpus_summary(dir.path()).unwrap(),
            format!(
                "corpus tests: 1 ran on the shared corpora, 1 on some of their corpora, 1 on the \
                 bundled sample corpus instead, 1 skipped: {missing}; the shared corpora are absent"
            )
        );
        let empty = tempfile::tempdir().unwrap();
        assert!(corpus_summary(empty.path()).is_err(), "no record means the recording broke");
    }
}
