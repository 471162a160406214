//! `sift-bench --deploys`: what a small deploy changes in each engine's index, and how long
//! Sift takes to publish it (issue 14).
//!
//! The corpus is rendered to the HTML site as the main bench renders it, and both engines
//! build their index of it once: the base. Each change (one article added after all
//! others, one article's body changed, one deleted, a day's 20 added) then starts from
//! that base, published in two ways ([`change::Publish`]): every page rendered again, and
//! only the changed articles' pages written. For each, Sift updates a copy of its base index
//! (its default), Sift builds afresh with `--full` into an empty directory (a CI that does
//! not keep the last bundle), and Pagefind builds afresh (its only way); each result is
//! compared file by file with that engine's base ([`delta`]). Sift's two builds are timed
//! `runs` times, interleaved. Then the drift ([`drift`]): many one-article deploys in a
//! row, compared at the end with a clean build of the same pages.

mod answers;
mod change;
mod delta;
mod drift;
mod report;

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result};
use serde::Serialize;
use xtask::Record;

use crate::indexes::{self, Build};
use crate::random::Rng;
pub(crate) use change::Publish;
use change::{Change, Scenario};
use delta::{Delta, Snapshot};

pub(crate) use report::section;

/// What a deploys run needs.
pub(crate) struct Setup<'a> {
    /// Where its sites, indexes and logs go (emptied of what an earlier run left).
    pub(crate) work: PathBuf,
    pub(crate) lang: String,
    pub(crate) records: Vec<Record>,
    pub(crate) tools: Tools,
    /// The ways of publishing each change.
    pub(crate) publish: Vec<Publish>,
    /// Timed runs of each of Sift's builds of a change.
    pub(crate) runs: usize,
    /// One-article deploys in the drift (0: no drift).
    pub(crate) drift: usize,
    /// Queries drawn from titles for the drift's comparison.
    pub(crate) title_queries: usize,
    pub(crate) seed: u64,
    /// Prints a line of progress.
    pub(crate) step: &'a dyn Fn(&str),
}

/// The programs a run drives.
pub(crate) struct Tools {
    pub(crate) index_builder: PathBuf,
    /// Pagefind's binary, unless left out.
    pub(crate) pagefind: Option<PathBuf>,
    /// GNU time.
    pub(crate) time: PathBuf,
}

/// Everything a run measured, as written to `results.json`.
#[derive(Debug, Default, Serialize)]
pub(crate) struct Results {
    #[serde(flatten)]
    pub(crate) run: crate::report::Run,
    pub(crate) runs: usize,
    pub(crate) sift_base: Option<Build>,
    pub(crate) pagefind_base: Option<Build>,
    pub(crate) deploys: Vec<Deploy>,
    pub(crate) drift: Option<drift::Drift>,
    pub(crate) notes: Vec<String>,
}

/// One change, published one way, and each engine's build of it.
#[derive(Debug, Serialize)]
pub(crate) struct Deploy {
    pub(crate) scenario: Scenario,
    pub(crate) publish: Publish,
    /// The articles it touched.
    pub(crate) what: String,
    /// The site's pages written or removed, of all.
    pub(crate) pages_changed: u64,
    pub(crate) pages: u64,
    pub(crate) builds: Vec<Measured>,
}

/// The ways an index of a change is built.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub(crate) enum Way {
    /// Sift's default: the previous index (a copy of the base) updated.
    SiftUpdate,
    /// Sift with `--full` into an empty directory.
    SiftFull,
    /// Pagefind, from scratch.
    Pagefind,
}

impl Way {
    pub(crate) fn label(self) -> &'static str {
        match self {
            Way::SiftUpdate => "Sift, into the previous index (default)",
            Way::SiftFull => "Sift, `--full` into an empty directory",
            Way::Pagefind => "Pagefind 1.6.0 (always from scratch)",
        }
    }
}

/// One way's build of one change: what it changed against the base, its summary's mode
/// line (Sift), and its wall times.
#[derive(Debug, Serialize)]
pub(crate) struct Measured {
    pub(crate) way: Way,
    pub(crate) mode: String,
    pub(crate) delta: Delta,
    pub(crate) seconds: Vec<f64>,
    pub(crate) peak_rss_bytes: u64,
    /// Whether every run left the same files.
    pub(crate) repeatable: bool,
    /// For an update: whether it left the same files as `--full` of the same pages.
    pub(crate) same_as_full: Option<bool>,
    /// Sift's summary's split of the last run's time (reading, sealing, writing).
    pub(crate) split: String,
}

/// The clean builds every change starts from.
struct Base {
    site: PathBuf,
    site_files: Snapshot,
    sift: PathBuf,
    sift_files: Snapshot,
    pagefind: Option<(PathBuf, Snapshot)>,
}

/// Measures every change and the drift; `results` holds the run's description already.
pub(crate) fn run(setup: &Setup, results: &mut Results) -> Result<()> {
    std::fs::create_dir_all(&setup.work)?;
    let step = setup.step;
    let logs = setup.work.join("logs");
    std::fs::create_dir_all(&logs)?;
    step(&format!(
        "rendering {} articles to {}",
        setup.records.len(),
        setup.work.join("base-site").display()
    ));
    let site = setup.work.join("base-site");
    change::render(&setup.records, &site)?;
    step("building the base indexes");
    let sift = setup.work.join("base-sift");
    change::remove_dir(&sift)?;
    let (build, _) = sift_build(&setup.tools, &site, &sift, true, &logs.join("base-sift.log"))?;
    results.sift_base = Some(build);
    let pagefind = match &setup.tools.pagefind {
        Some(binary) => {
            let dir = setup.work.join("base-pagefind");
            results.pagefind_base = Some(pagefind_build(
                &setup.tools.time,
                binary,
                &site,
                &dir,
                &logs.join("base-pagefind.log"),
            )?);
            let files = Snapshot::take(&dir)?;
            Some((dir, files))
        }
        None => None,
    };
    let base = Base {
        site_files: Snapshot::take(&site)?,
        site,
        sift_files: Snapshot::take(&sift)?,
        sift,
        pagefind,
    };
    for scenario in Scenario::ALL {
        let mut rng = Rng::new(setup.seed, scenario.name());
        let change = Change::of(scenario, &setup.records, &mut rng)?;
        step(&format!("{}: {}", scenario.label(), change.describe()));
        for &publish in &setup.publish {
            let site = setup.work.join(format!("changed-{}", publish.name()));
            match publish {
                Publish::Site => change::render(&change.apply(&setup.records), &site)?,
                Publish::Pages => {
                    change::publish_pages(&base.site, &change, &site, &setup.work.join("scratch"))?
                }
            }
            results.deploys.push(deploy(setup, &base, scenario, publish, &change, &site)?);
            change::remove_dir(&site)?;
        }
    }
    // The drift renders a site of its own: make room for it.
    change::remove_dir(&base.site)?;
    if setup.drift > 0 {
        results.drift = Some(drift::run(setup)?);
    }
    Ok(())
}

/// One change published one way: each engine's builds of `site`, compared with its base.
fn deploy(
    setup: &Setup,
    base: &Base,
    scenario: Scenario,
    publish: Publish,
    change: &Change,
    site: &Path,
) -> Result<Deploy> {
    let step = setup.step;
    let name = format!("{}-{}", scenario.name(), publish.name());
    let logs = setup.work.join("logs");
    let pages = Delta::between(&base.site_files, &Snapshot::take(site)?);
    step(&format!(
        "{name}: {} of {} pages changed ({})",
        pages.changed_files(),
        pages.total().files,
        publish.label()
    ));
    let update_dir = setup.work.join("sift-update");
    let full_dir = setup.work.join("sift-full");
    let mut update = Runs::default();
    let mut full = Runs::default();
    for run in 0..setup.runs.max(1) {
        change::copy_dir(&base.sift, &update_dir)?;
        let log = logs.join(format!("{name}-update-{run}.log"));
        update.add(sift_build(&setup.tools, site, &update_dir, false, &log)?, &update_dir)?;
        change::remove_dir(&full_dir)?;
        let log = logs.join(format!("{name}-full-{run}.log"));
        full.add(sift_build(&setup.tools, site, &full_dir, true, &log)?, &full_dir)?;
    }
    let same_as_full = update.files.last() == full.files.last();
    let mut updated = update.measured(Way::SiftUpdate, &base.sift_files);
    updated.same_as_full = Some(same_as_full);
    let mut builds = vec![updated, full.measured(Way::SiftFull, &base.sift_files)];
    if let (Some(binary), Some((_, files))) = (&setup.tools.pagefind, &base.pagefind) {
        let dir = setup.work.join("pagefind");
        let log = logs.join(format!("{name}-pagefind.log"));
        let build = pagefind_build(&setup.tools.time, binary, site, &dir, &log)?;
        let mut runs = Runs::default();
        runs.add((build, Summary::default()), &dir)?;
        builds.push(runs.measured(Way::Pagefind, files));
        change::remove_dir(&dir)?;
    }
    for build in &builds {
        let (written, total) = (build.delta.written(), build.delta.total());
        step(&format!(
            "{name}: {:<40} {:>5} + {:>3} of {:>5} files, {:>10} of {:>10} bytes ({:.2}%), {:.2} s  {}",
            build.way.label(),
            written.files,
            build.delta.removed().files,
            total.files,
            written.bytes,
            total.bytes,
            100.0 * build.delta.byte_share(),
            crate::browser::median(&build.seconds).unwrap_or(f64::NAN),
            build.mode
        ));
    }
    Ok(Deploy {
        scenario,
        publish,
        what: change.describe(),
        pages_changed: pages.changed_files(),
        pages: pages.total().files,
        builds,
    })
}

/// The runs of one way of building: their times, and the files each left.
#[derive(Default)]
struct Runs {
    seconds: Vec<f64>,
    peak_rss_bytes: u64,
    mode: String,
    split: String,
    files: Vec<Snapshot>,
}

impl Runs {
    fn add(&mut self, (build, summary): (Build, Summary), dir: &Path) -> Result<()> {
        self.seconds.push(build.wall_seconds);
        self.peak_rss_bytes = self.peak_rss_bytes.max(build.peak_rss_bytes);
        self.mode = summary.mode;
        self.split = summary.split;
        self.files.push(Snapshot::take(dir)?);
        Ok(())
    }

    fn measured(self, way: Way, base: &Snapshot) -> Measured {
        let last = self.files.last().cloned().unwrap_or_default();
        Measured {
            way,
            mode: self.mode,
            delta: Delta::between(base, &last),
            seconds: self.seconds,
            peak_rss_bytes: self.peak_rss_bytes,
            repeatable: self.files.iter().all(|files| *files == last),
            same_as_full: None,
            split: self.split,
        }
    }
}

/// What index-builder's summary says of a build.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Summary {
    /// The `mode` line: `update: 1 added, ...` or `full build: <why>` (`full build` when
    /// there was no index to update).
    pub(crate) mode: String,
    /// The `time` line: `0.30 s reading and analysing, 0.05 s sealing, 0.75 s writing`.
    pub(crate) split: String,
}

impl Summary {
    pub(crate) fn read(text: &str) -> Summary {
        let line = |name: &str| {
            text.lines()
                .find_map(|line| line.trim_start().strip_prefix(name))
                .map(|rest| rest.trim().to_owned())
        };
        Summary {
            mode: line("mode ").unwrap_or_else(|| "full build".to_owned()),
            split: line("time ").unwrap_or_default(),
        }
    }
}

/// Runs index-builder over `site` into `out` (updating the index there, or afresh with
/// `full`) under GNU time; returns the build and what its summary says.
pub(crate) fn sift_build(
    tools: &Tools,
    site: &Path,
    out: &Path,
    full: bool,
    log: &Path,
) -> Result<(Build, Summary)> {
    let mut command = Command::new(&tools.index_builder);
    command.arg("build").arg(site).arg("--out").arg(out).arg("--no-widget");
    if full {
        command.arg("--full");
    }
    let build = indexes::timed_build(&tools.time, command, log, out)?;
    let summary =
        std::fs::read_to_string(log).with_context(|| format!("cannot read {}", log.display()))?;
    Ok((build, Summary::read(&summary)))
}

/// Pagefind over `site` into the empty directory `out`, under GNU time.
fn pagefind_build(
    time: &Path,
    binary: &Path,
    site: &Path,
    out: &Path,
    log: &Path,
) -> Result<Build> {
    change::remove_dir(out)?;
    let mut command = Command::new(binary);
    command.arg("--site").arg(site).arg("--output-path").arg(out);
    indexes::timed_build(time, command, log, out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_says_update_or_why_a_full_build_and_where_the_time_went() {
        let update = "indexed 21,578 documents in 1.07 s from site (21578 HTML pages)\n  \
            time       0.30 s reading and analysing, 0.04 s sealing, 0.74 s writing\n  \
            mode       update: 1 added, 0 changed, 0 deleted; 1094 files kept as they were (below: the files written)\n  \
            terms      2,026\n";
        assert_eq!(
            Summary::read(update),
            Summary {
                mode: "update: 1 added, 0 changed, 0 deleted; 1094 files kept as they were (below: the files written)".into(),
                split: "0.30 s reading and analysing, 0.04 s sealing, 0.74 s writing".into(),
            }
        );
        let full =
            "indexed 5 documents\n  mode       full build: the archive outgrew its tail segment\n";
        assert_eq!(Summary::read(full).mode, "full build: the archive outgrew its tail segment");
        let fresh = Summary::read("indexed 5 documents\n  terms      12\n");
        assert_eq!((fresh.mode.as_str(), fresh.split.as_str()), ("full build", ""));
    }
}
