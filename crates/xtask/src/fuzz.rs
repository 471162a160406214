//! `cargo xtask fuzz`: runs each cargo-fuzz target of sift-core for a fixed time, with debug
//! assertions, from the committed seeds (`crates/sift-core/fuzz/seeds/<target>/`).
//!
//! What libFuzzer finds goes to a scratch corpus under the target directory, never into the
//! committed seeds: `target/fuzz/corpus/<target>/`, kept from run to run, or with `--fresh`
//! `target/fuzz/fresh/<target>/`, emptied first (so the test command never disturbs a long
//! run's corpus). A crash is written under `target/fuzz/artifacts/<target>/` and fails the
//! run. Every seed runs first, under a limit on any single allocation: a crafted file that
//! made a reader allocate past what the format allows fails here even if it errs cleanly.

use std::path::Path;
use std::process::Stdio;
use std::time::Instant;

use anyhow::{bail, Context, Result};

use crate::process::{cargo_on, display};
use crate::{project_root, target_dir};

/// The targets (`crates/sift-core/fuzz/fuzz_targets/`), each a function of
/// `sift_core::fuzzing`.
pub const TARGETS: [&str; 4] = ["file_bytes", "payloads", "update", "query"];

/// The largest single allocation allowed, in MiB: above the largest a well-formed index makes
/// (a 64 MiB payload, bincode's 96 MiB cap on what length prefixes claim), far below what a
/// claimed count could ask for.
const MALLOC_LIMIT_MB: u32 = 128;

/// Options of `cargo xtask fuzz`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Seconds to fuzz each target.
    #[arg(long, default_value_t = 40)]
    pub seconds: u64,
    /// Start from the committed seeds alone, in a scratch corpus of its own (what
    /// `cargo xtask test` does, so that every run starts from the same inputs).
    #[arg(long)]
    pub fresh: bool,
    /// The targets to run (all of them by default).
    #[arg(value_parser = clap::builder::PossibleValuesParser::new(TARGETS))]
    pub targets: Vec<String>,
}

/// Runs `cargo xtask fuzz`.
pub fn run(args: &Args) -> Result<()> {
    let targets: Vec<&str> = if args.targets.is_empty() {
        TARGETS.to_vec()
    } else {
        args.targets.iter().map(String::as_str).collect()
    };
    let mut summary = Vec::new();
    for target in targets {
        summary.push(fuzz(target, args)?);
    }
    for line in summary {
        println!("{line}");
    }
    Ok(())
}

/// Fuzzes one target; its summary line.
fn fuzz(target: &str, args: &Args) -> Result<String> {
    let root = project_root();
    let seeds = root.join("crates/sift-core/fuzz/seeds").join(target);
    let scratch = target_dir().join(if args.fresh { "fuzz/fresh" } else { "fuzz/corpus" });
    let scratch = scratch.join(target);
    let artifacts = target_dir().join("fuzz/artifacts").join(target);
    if args.fresh && scratch.exists() {
        std::fs::remove_dir_all(&scratch)
            .with_context(|| format!("cannot empty {}", scratch.display()))?;
    }
    for dir in [&scratch, &artifacts] {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let seed_count = std::fs::read_dir(&seeds)
        .with_context(|| format!("no seeds for {target} in {}", seeds.display()))?
        .count();
    // The widget's pinned nightly, which `cargo xtask setup` installs.
    let mut cmd = cargo_on(crate::widget::NIGHTLY, &format!("fuzz {target}"));
    cmd.current_dir(root.join("crates/sift-core"))
        .args(["fuzz", "run", "--debug-assertions", "--target-dir"])
        .arg(target_dir().join("fuzz"))
        .arg(target)
        // libFuzzer writes what it finds into the first directory only.
        .args([&scratch, &seeds])
        .arg("--")
        .arg(format!("-max_total_time={}", args.seconds))
        .arg(format!("-malloc_limit_mb={MALLOC_LIMIT_MB}"))
        .arg("-timeout=30")
        .arg("-print_final_stats=1")
        .arg(format!("-artifact_prefix={}/", artifacts.display()))
        .stdin(Stdio::null());
    println!(
        "xtask fuzz: {target} for {} s from {seed_count} seeds (`{}`)",
        args.seconds,
        display(&cmd)
    );
    let start = Instant::now();
    let output = cmd.output().with_context(|| format!("cannot run `{}`", display(&cmd)))?;
    let log = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        print!("{}", String::from_utf8_lossy(&output.stdout));
        eprint!("{log}");
        bail!(
            "fuzz target {target} failed ({}); the input is in {}; add it to \
             `sift_core::fuzzing::seeds` with a test once fixed",
            output.status,
            artifacts.display()
        );
    }
    let runs = stat(&log, "stat::number_of_executed_units").unwrap_or(0);
    let found = count_files(&scratch);
    Ok(format!(
        "fuzz {target}: {runs} runs in {:.0} s, {seed_count} seeds, {found} inputs in the scratch corpus, no crash",
        start.elapsed().as_secs_f64()
    ))
}

/// The value of one of libFuzzer's final statistics (`-print_final_stats=1`).
fn stat(log: &str, name: &str) -> Option<u64> {
    log.lines()
        .find_map(|line| line.strip_prefix(name)?.trim_start_matches(':').trim().parse().ok())
}

fn count_files(dir: &Path) -> usize {
    std::fs::read_dir(dir).map(|entries| entries.count()).unwrap_or(0)
}
