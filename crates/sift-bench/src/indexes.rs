//! Building both indexes over the same site under `/usr/bin/time -v`: wall time, peak memory,
//! and the bytes and files each leaves on disk.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{bail, Context, Result};

/// The Pagefind release the comparison is pinned to (BRIEF section 3).
pub(crate) const PAGEFIND_VERSION: &str = "1.6.0";

/// What one index build cost and produced.
#[derive(Clone, Debug, serde::Serialize)]
pub(crate) struct Build {
    pub(crate) wall_seconds: f64,
    pub(crate) peak_rss_bytes: u64,
    pub(crate) index_bytes: u64,
    pub(crate) index_files: u64,
}

/// Installs Debian's `time` when `/usr/bin/time` is missing (we run as root on CI machines).
pub(crate) fn ensure_gnu_time() -> Result<PathBuf> {
    let time = PathBuf::from("/usr/bin/time");
    if !time.exists() {
        eprintln!("note: /usr/bin/time is missing; installing Debian's `time` package");
        let status = Command::new("apt-get").args(["install", "-y", "-q", "time"]).status();
        if !status.is_ok_and(|s| s.success()) || !time.exists() {
            bail!("/usr/bin/time is missing and `apt-get install time` failed: install GNU time");
        }
    }
    Ok(time)
}

/// The native Pagefind binary from npm (`target/npm`), installing pagefind@1.6.0 if missing.
///
/// The binary is run directly rather than through npm's Node wrapper so that the peak memory
/// measured is Pagefind's own, not the larger of Pagefind's and Node's.
pub(crate) fn ensure_pagefind(repo: &Path) -> Result<PathBuf> {
    let prefix = repo.join("target/npm");
    let find = || -> Option<PathBuf> {
        let scope = prefix.join("node_modules/@pagefind");
        let mut found: Vec<PathBuf> = std::fs::read_dir(&scope)
            .ok()?
            .flatten()
            .flat_map(|platform| {
                ["pagefind_extended", "pagefind"].map(|name| platform.path().join("bin").join(name))
            })
            .filter(|path| path.is_file())
            .collect();
        found.sort();
        found.into_iter().next()
    };
    let installed =
        find().filter(|binary| version_of(binary).is_some_and(|v| v.contains(PAGEFIND_VERSION)));
    if let Some(binary) = installed {
        return Ok(binary);
    }
    eprintln!("note: installing pagefind@{PAGEFIND_VERSION} into {}", prefix.display());
    std::fs::create_dir_all(&prefix)?;
    let status = Command::new("npm")
        .args(["install", "--no-audit", "--no-fund", "--prefix"])
        .arg(&prefix)
        .arg(format!("pagefind@{PAGEFIND_VERSION}"))
        .status()
        .context("cannot run npm (node 20 + npm are needed for the Pagefind side)")?;
    if !status.success() {
        bail!("npm install pagefind@{PAGEFIND_VERSION} failed");
    }
    find().context(
        "pagefind installed, but no native binary for this platform under node_modules/@pagefind",
    )
}

/// `index-builder`: the given binary, or a fresh `cargo build --release -p index-builder`.
pub(crate) fn ensure_index_builder(repo: &Path, given: Option<&Path>) -> Result<PathBuf> {
    if let Some(binary) = given {
        return Ok(binary.to_owned());
    }
    eprintln!("building index-builder (release)");
    let status = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .args(["build", "--release", "--quiet", "-p", "index-builder", "--bin", "index-builder"])
        .current_dir(repo)
        .status()
        .context("cannot run cargo")?;
    if !status.success() {
        bail!("cargo build --release -p index-builder failed");
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo.join("target"));
    let binary = target.join("release/index-builder");
    if !binary.is_file() {
        bail!("index-builder built, but {} is missing", binary.display());
    }
    Ok(binary)
}

/// The first line a program prints for `--version`.
pub(crate) fn version_of(program: &Path) -> Option<String> {
    let output = Command::new(program).arg("--version").stderr(Stdio::null()).output().ok()?;
    let text = String::from_utf8_lossy(&output.stdout);
    text.lines().next().map(|line| line.trim().to_owned()).filter(|line| !line.is_empty())
}

/// Runs `command` under GNU time, its output going to `log`; then measures `index_dir`.
pub(crate) fn timed_build(
    time: &Path,
    command: Command,
    log: &Path,
    index_dir: &Path,
) -> Result<Build> {
    let report = log.with_extension("time");
    let program = command.get_program().to_owned();
    let args: Vec<_> = command.get_args().map(ToOwned::to_owned).collect();
    let output =
        std::fs::File::create(log).with_context(|| format!("cannot create {}", log.display()))?;
    let status = Command::new(time)
        .arg("-v")
        .arg("-o")
        .arg(&report)
        .arg(&program)
        .args(&args)
        .stdout(output.try_clone()?)
        .stderr(output)
        .status()
        .with_context(|| format!("cannot run {}", time.display()))?;
    if !status.success() {
        let tail = std::fs::read_to_string(log).unwrap_or_default();
        let tail: Vec<&str> =
            tail.lines().rev().take(15).collect::<Vec<_>>().into_iter().rev().collect();
        bail!(
            "{} failed ({status}); last lines of {}:\n{}",
            program.to_string_lossy(),
            log.display(),
            tail.join("\n")
        );
    }
    let report = std::fs::read_to_string(&report)
        .with_context(|| format!("cannot read {}", report.display()))?;
    let (wall_seconds, peak_rss_bytes) = parse_time_report(&report)?;
    let (index_bytes, index_files) = dir_size(index_dir)?;
    Ok(Build { wall_seconds, peak_rss_bytes, index_bytes, index_files })
}

/// Wall seconds and peak RSS bytes from the output of `time -v`.
fn parse_time_report(report: &str) -> Result<(f64, u64)> {
    let field = |name: &str| {
        report
            .lines()
            .find_map(|line| line.trim().strip_prefix(name))
            .map(|rest| rest.trim().to_owned())
    };
    let wall = field("Elapsed (wall clock) time (h:mm:ss or m:ss):")
        .context("no wall time in the time report")?;
    let seconds =
        wall.split(':').try_fold(0.0, |total, part| part.parse::<f64>().map(|v| total * 60.0 + v));
    let seconds = seconds.with_context(|| format!("bad wall time {wall:?}"))?;
    let rss = field("Maximum resident set size (kbytes):")
        .context("no peak memory in the time report")?;
    let kilobytes: u64 = rss.parse().with_context(|| format!("bad peak memory {rss:?}"))?;
    Ok((seconds, kilobytes * 1024))
}

/// Total bytes and number of files under `dir`, recursively.
pub(crate) fn dir_size(dir: &Path) -> Result<(u64, u64)> {
    let mut total = (0, 0);
    for entry in std::fs::read_dir(dir).with_context(|| format!("cannot list {}", dir.display()))? {
        let entry = entry?;
        let kind = entry.file_type()?;
        if kind.is_dir() {
            let (bytes, files) = dir_size(&entry.path())?;
            total = (total.0 + bytes, total.1 + files);
        } else if kind.is_file() {
            total = (total.0 + entry.metadata()?.len(), total.1 + 1);
        }
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_wall_time_and_peak_memory_from_gnu_time() {
        let report = "\tCommand being timed: \"pagefind --site site\"\n\
             \tElapsed (wall clock) time (h:mm:ss or m:ss): 1:02.50\n\
             \tMaximum resident set size (kbytes): 41736\n";
        let (seconds, rss) = parse_time_report(report).unwrap();
        assert!((seconds - 62.5).abs() < 1e-9);
        assert_eq!(rss, 41736 * 1024);
        assert!(parse_time_report("nothing").is_err());
    }
}
