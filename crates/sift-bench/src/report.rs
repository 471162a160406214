//! The results of a run: the JSON record, the one table (figure, Pagefind, Sift, ratio, target,
//! met?), and its section of `BENCHMARKS.md`.

use std::path::Path;

use anyhow::{Context, Result};
use serde::Serialize;

use crate::browser::{median, Cold, Warm};
use crate::indexes::Build;

/// What every run records about itself (the main table's and the deploys').
#[derive(Debug, Default, Serialize)]
pub(crate) struct Run {
    pub(crate) corpus: String,
    pub(crate) articles: usize,
    pub(crate) date: String,
    pub(crate) command: String,
    pub(crate) machine: String,
    pub(crate) versions: String,
    /// The seed of what the run drew at random.
    pub(crate) seed: u64,
}

impl Run {
    /// The section's last lines: machine, versions and the command that reproduces it.
    pub(crate) fn footer(&self) -> String {
        format!(
            "- Machine: {}.\n- Versions: {}.\n- Reproduce: `{}`\n",
            self.machine, self.versions, self.command
        )
    }
}

/// Everything a run measured, as written to `results.json`.
#[derive(Debug, Default, Serialize)]
pub(crate) struct Results {
    #[serde(flatten)]
    pub(crate) run: Run,
    pub(crate) pagefind_build: Option<Build>,
    pub(crate) sift_build: Option<Build>,
    pub(crate) pagefind_code: Vec<(String, u64)>,
    pub(crate) sift_code: Vec<(String, u64)>,
    /// What a page with the search box downloads before the reader touches it.
    pub(crate) pagefind_page_view: Vec<(String, u64)>,
    pub(crate) sift_page_view: Vec<(String, u64)>,
    /// Cold runs of the fixed list.
    pub(crate) pagefind_cold: Vec<Cold>,
    pub(crate) sift_cold: Vec<Cold>,
    /// Cold runs of the queries drawn from titles.
    pub(crate) pagefind_random: Vec<Cold>,
    pub(crate) sift_random: Vec<Cold>,
    pub(crate) pagefind_warm: Vec<Warm>,
    pub(crate) sift_warm: Vec<Warm>,
    pub(crate) notes: Vec<String>,
}

/// One row of the table.
struct Row {
    figure: String,
    pagefind: Option<f64>,
    sift: Option<f64>,
    unit: Unit,
    /// The largest acceptable Sift/Pagefind ratio, if the figure has a target.
    target: Option<f64>,
}

#[derive(Clone, Copy)]
enum Unit {
    Kilobytes,
    Megabytes,
    Milliseconds,
    Seconds,
    Count,
}

impl Unit {
    fn show(self, value: f64) -> String {
        match self {
            Unit::Kilobytes => format!("{:.1} KB", value / 1e3),
            Unit::Megabytes => format!("{:.1} MB", value / 1e6),
            Unit::Milliseconds => format!("{value:.1} ms"),
            Unit::Seconds => format!("{value:.2} s"),
            Unit::Count => format!("{value:.0}"),
        }
    }
}

/// The queries both engines answered (all a lone engine answered, in a one-engine run), so
/// that a query one engine cannot answer (Pagefind has no typo tolerance) does not skew the
/// other's median.
fn answered_by_both(pagefind: &[Cold], sift: &[Cold]) -> Vec<String> {
    let answered = |runs: &[Cold]| -> Vec<String> {
        runs.iter().filter(|c| c.answered).map(|c| c.query.clone()).collect()
    };
    match (pagefind.is_empty(), sift.is_empty()) {
        (true, _) => answered(sift),
        (false, true) => answered(pagefind),
        (false, false) => {
            let sift = answered(sift);
            answered(pagefind).into_iter().filter(|q| sift.contains(q)).collect()
        }
    }
}

/// The median of one figure over the runs of `common` queries.
fn cold_median(runs: &[Cold], common: &[String], pick: fn(&Cold) -> Option<f64>) -> Option<f64> {
    let values: Vec<f64> =
        runs.iter().filter(|c| common.contains(&c.query)).filter_map(pick).collect();
    median(&values)
}

/// The answered query with the largest figure, and that figure.
fn worst<'a>(
    runs: impl Iterator<Item = &'a Cold>,
    pick: fn(&Cold) -> Option<f64>,
) -> Option<(String, f64)> {
    runs.filter(|c| c.answered)
        .filter_map(|c| pick(c).map(|v| (c.query.clone(), v)))
        .max_by(|a, b| a.1.total_cmp(&b.1))
}

fn bytes(cold: &Cold) -> Option<f64> {
    cold.bytes.map(|b| b as f64)
}

fn ms(cold: &Cold) -> Option<f64> {
    cold.ms
}

impl Results {
    fn rows(&self) -> Vec<Row> {
        let fixed = answered_by_both(&self.pagefind_cold, &self.sift_cold);
        let random = answered_by_both(&self.pagefind_random, &self.sift_random);
        let warm =
            |runs: &[Warm]| median(&runs.iter().filter_map(|w| w.median_ms).collect::<Vec<_>>());
        let build = |b: &Option<Build>, pick: fn(&Build) -> f64| b.as_ref().map(pick);
        let total = |files: &[(String, u64)]| {
            (!files.is_empty()).then(|| files.iter().map(|f| f.1 as f64).sum())
        };
        let answered = |runs: &[Cold]| {
            (!runs.is_empty()).then(|| runs.iter().filter(|c| c.answered).count() as f64)
        };
        let worst_row = |what: &str, pick: fn(&Cold) -> Option<f64>, unit: Unit| {
            let pagefind = worst(self.pagefind_cold.iter().chain(&self.pagefind_random), pick);
            let sift = worst(self.sift_cold.iter().chain(&self.sift_random), pick);
            let name = |engine: &str, worst: &Option<(String, f64)>| {
                worst.as_ref().map(|(query, _)| format!("{engine} `{query}`"))
            };
            let names: Vec<String> =
                [name("Pagefind", &pagefind), name("Sift", &sift)].into_iter().flatten().collect();
            Row {
                figure: format!("{what}, worst answered query ({})", names.join(", ")),
                pagefind: pagefind.map(|w| w.1),
                sift: sift.map(|w| w.1),
                unit,
                target: None,
            }
        };
        let mut rows = vec![
            Row {
                figure: format!(
                    "first-result bytes, cold, code included (median of {} listed queries)",
                    fixed.len()
                ),
                pagefind: cold_median(&self.pagefind_cold, &fixed, bytes),
                sift: cold_median(&self.sift_cold, &fixed, bytes),
                unit: Unit::Kilobytes,
                target: Some(0.5),
            },
            Row {
                figure: format!(
                    "first-result bytes, cold, code included (median of {} title queries, seed {})",
                    random.len(),
                    self.run.seed
                ),
                pagefind: cold_median(&self.pagefind_random, &random, bytes),
                sift: cold_median(&self.sift_random, &random, bytes),
                unit: Unit::Kilobytes,
                target: Some(0.5),
            },
            worst_row("first-result bytes", bytes, Unit::Kilobytes),
            Row {
                figure: "first-result time, cold, from the paste (median, listed queries)".into(),
                pagefind: cold_median(&self.pagefind_cold, &fixed, ms),
                sift: cold_median(&self.sift_cold, &fixed, ms),
                unit: Unit::Milliseconds,
                target: None,
            },
            Row {
                figure: "first-result time, cold, from the paste (median, title queries)".into(),
                pagefind: cold_median(&self.pagefind_random, &random, ms),
                sift: cold_median(&self.sift_random, &random, ms),
                unit: Unit::Milliseconds,
                target: None,
            },
            worst_row("first-result time", ms, Unit::Milliseconds),
            Row {
                figure: "warm query: search + top-10 data (median of per-query medians)".into(),
                pagefind: warm(&self.pagefind_warm),
                sift: warm(&self.sift_warm),
                unit: Unit::Milliseconds,
                target: Some(0.5),
            },
            Row {
                figure: "page view with the quick box, before any typing (gzipped)".into(),
                pagefind: total(&self.pagefind_page_view),
                sift: total(&self.sift_page_view),
                unit: Unit::Kilobytes,
                target: Some(1.0),
            },
            Row {
                figure: "index build of the HTML site, wall time".into(),
                pagefind: build(&self.pagefind_build, |b| b.wall_seconds),
                sift: build(&self.sift_build, |b| b.wall_seconds),
                unit: Unit::Seconds,
                target: Some(0.5),
            },
            Row {
                figure: "index build, peak memory (RSS)".into(),
                pagefind: build(&self.pagefind_build, |b| b.peak_rss_bytes as f64),
                sift: build(&self.sift_build, |b| b.peak_rss_bytes as f64),
                unit: Unit::Megabytes,
                target: Some(0.25),
            },
            Row {
                figure: "index on disk, all files".into(),
                pagefind: build(&self.pagefind_build, |b| b.index_bytes as f64),
                sift: build(&self.sift_build, |b| b.index_bytes as f64),
                unit: Unit::Megabytes,
                target: Some(0.5),
            },
            Row {
                figure: "index files".into(),
                pagefind: build(&self.pagefind_build, |b| b.index_files as f64),
                sift: build(&self.sift_build, |b| b.index_files as f64),
                unit: Unit::Count,
                target: None,
            },
            Row {
                figure: "widget code over the wire, gzipped (wasm + JS + CSS)".into(),
                pagefind: total(&self.pagefind_code),
                sift: total(&self.sift_code),
                unit: Unit::Kilobytes,
                target: Some(1.0),
            },
        ];
        for (what, pagefind, sift) in [
            ("listed queries answered, cold", &self.pagefind_cold, &self.sift_cold),
            ("title queries answered, cold", &self.pagefind_random, &self.sift_random),
        ] {
            rows.push(Row {
                figure: format!("{what} (of {})", pagefind.len().max(sift.len())),
                pagefind: answered(pagefind),
                sift: answered(sift),
                unit: Unit::Count,
                target: None,
            });
        }
        rows
    }

    /// The table as Markdown.
    pub(crate) fn table(&self) -> String {
        let mut out = String::from(
            "| figure | Pagefind 1.6.0 | Sift | Sift / Pagefind | target | met? |\n| --- | --- | --- | --- | --- | --- |\n",
        );
        for row in self.rows() {
            let show =
                |value: Option<f64>| value.map_or("not measured".to_owned(), |v| row.unit.show(v));
            let ratio = match (row.pagefind, row.sift) {
                (Some(p), Some(s)) if p > 0.0 => Some(s / p),
                _ => None,
            };
            let target = row.target.map_or("".to_owned(), |t| format!("at most {t}x"));
            let met = match (ratio, row.target) {
                (Some(ratio), Some(target)) => {
                    if ratio <= target {
                        "yes"
                    } else {
                        "no"
                    }
                }
                (None, Some(_)) => "?",
                _ => "",
            };
            out.push_str(&format!(
                "| {} | {} | {} | {} | {target} | {met} |\n",
                row.figure,
                show(row.pagefind),
                show(row.sift),
                ratio.map_or("".to_owned(), |r| format!("{r:.2}x")),
            ));
        }
        out
    }

    /// The whole section for `BENCHMARKS.md`: heading, table, notes, machine, versions, command.
    pub(crate) fn section(&self) -> String {
        let run = &self.run;
        let mut out = format!("### `{}`: {} articles, {}\n\n", run.corpus, run.articles, run.date);
        out.push_str(&self.table());
        out.push('\n');
        for note in &self.notes {
            out.push_str(&format!("- {note}\n"));
        }
        out.push_str(&run.footer());
        out
    }
}

/// Replaces the text between `<!-- bench:begin{suffix} -->` and `<!-- bench:end{suffix} -->` in
/// `file` (creating the file, or appending the markers, when missing), keeping all other text.
pub(crate) fn write_section(file: &Path, label: Option<&str>, section: &str) -> Result<()> {
    let suffix = label.map(|l| format!(" {l}")).unwrap_or_default();
    let (begin, end) =
        (format!("<!-- bench:begin{suffix} -->"), format!("<!-- bench:end{suffix} -->"));
    let existing = match std::fs::read_to_string(file) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => String::from(
            "# Benchmarks\n\nSift against Pagefind 1.6.0, side by side on the same rendered corpus, in the same \
             headless Chromium, in one run (BRIEF section 3). Written by `crates/sift-bench`; do not edit \
             between the markers.\n",
        ),
        Err(error) => return Err(error).with_context(|| format!("cannot read {}", file.display())),
    };
    let block = format!("{begin}\n{section}{end}");
    let updated = match (existing.find(&begin), existing.find(&end)) {
        (Some(start), Some(stop)) if stop > start => {
            format!("{}{block}{}", &existing[..start], &existing[stop + end.len()..])
        }
        _ => format!("{}\n{block}\n", existing.trim_end_matches('\n').to_owned() + "\n"),
    };
    std::fs::write(file, updated).with_context(|| format!("cannot write {}", file.display()))
}

/// `nproc`, memory and CPU model, from the standard library and /proc.
pub(crate) fn machine() -> String {
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let memory_kb: u64 = meminfo
        .lines()
        .find_map(|line| line.strip_prefix("MemTotal:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0);
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|line| {
            line.strip_prefix("model name")
                .and_then(|rest| rest.split_once(':'))
                .map(|(_, m)| m.trim())
        })
        .unwrap_or("unknown CPU");
    format!("{cores} cores (nproc), {:.1} GiB memory, {model}", memory_kb as f64 / 1024.0 / 1024.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_section_replaces_only_its_markers() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("BENCHMARKS.md");
        write_section(&file, None, "first\n").unwrap();
        let mut text = std::fs::read_to_string(&file).unwrap();
        text.push_str("\nHand-written notes.\n");
        std::fs::write(&file, text).unwrap();
        write_section(&file, None, "second\n").unwrap();
        write_section(&file, Some("scale-250000"), "big\n").unwrap();
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(text.starts_with("# Benchmarks"));
        assert!(text.contains("<!-- bench:begin -->\nsecond\n<!-- bench:end -->"));
        assert!(!text.contains("first"));
        assert!(text.contains("Hand-written notes."));
        assert!(text
            .contains("<!-- bench:begin scale-250000 -->\nbig\n<!-- bench:end scale-250000 -->"));
    }

    #[test]
    fn ratios_and_targets_are_judged_per_row() {
        let build = |wall_seconds, peak_rss_bytes| Build {
            wall_seconds,
            peak_rss_bytes,
            index_bytes: 1,
            index_files: 1,
        };
        let results = Results {
            pagefind_build: Some(build(10.0, 1_000_000_000)),
            sift_build: Some(build(4.0, 500_000_000)),
            ..Results::default()
        };
        let table = results.table();
        let line = |figure: &str| {
            table.lines().find(|l| l.starts_with(&format!("| {figure}"))).unwrap().to_owned()
        };
        assert!(
            line("index build of the HTML site").ends_with("| 0.40x | at most 0.5x | yes |"),
            "{table}"
        );
        assert!(
            line("index build, peak memory").ends_with("| 0.50x | at most 0.25x | no |"),
            "{table}"
        );
        assert!(line("widget code").contains("not measured"), "{table}");
    }
}
