//! The "Small deploys" section of `BENCHMARKS.md`: per publishing, a table of each change's
//! builds; issue 14's two targets judged; the drift.

use std::fmt::Write as _;

use super::change::{Publish, Scenario};
use super::delta::{Count, NEVER_FETCHED};
use super::drift::{Drift, CHANGE_EVERY, DELETE_EVERY};
use super::{Deploy, Measured, Results, Way};
use crate::browser::median;

/// Issue 14: adding one article changes at most this share of the index's bytes...
const MAX_BYTE_SHARE: f64 = 0.02;
/// ... and its incremental build takes at most this share of a full build.
const MAX_TIME_SHARE: f64 = 0.2;
/// Differing drift queries shown in the section (all are in results.json).
const SHOWN_DIFFERENCES: usize = 10;

/// The whole section.
pub(crate) fn section(results: &Results) -> String {
    let mut out = format!(
        "### Small deploys: `{}`, {} articles, {}\n\n",
        results.run.corpus, results.run.articles, results.run.date
    );
    let runs = results.runs.max(1);
    let _ = writeln!(
        out,
        "Each change starts from the same clean build of the {} articles, rendered as the main \
         table renders them. A file counts as changed when its name is new or its bytes differ \
         (*written*: uploaded, and downloaded again by a returning reader whose search needs \
         it) or when it is gone (*removed*: counted among the files but adding no bytes, since \
         nothing is downloaded for it); bytes are the written files' bytes, of all the new \
         index's bytes. Sift's build record (`sources-*.sift`) and manifest (`sift-files.txt`) \
         are deployed but never fetched by a search: \"fetched by searches\" leaves them out. \
         Wall times are {}, Sift's two builds interleaved (Pagefind: one run); the mode is \
         Sift's summary line.\n",
        results.run.articles,
        if runs == 1 { "from one run".to_owned() } else { format!("medians of {runs} runs") }
    );
    for publish in Publish::ALL {
        let deploys: Vec<&Deploy> =
            results.deploys.iter().filter(|d| d.publish == publish).collect();
        if deploys.is_empty() {
            continue;
        }
        let _ = writeln!(out, "**{}**\n", capitalised(publish.label()));
        out.push_str(
            "| change | build | files changed | bytes in changed files | fetched by searches | wall time | mode | most bytes written in |\n\
             | --- | --- | --- | --- | --- | --- | --- | --- |\n",
        );
        for deploy in deploys {
            let full = deploy.builds.iter().find(|b| b.way == Way::SiftFull);
            for (i, build) in deploy.builds.iter().enumerate() {
                let change = if i == 0 {
                    format!(
                        "{}: {} of {} pages changed",
                        deploy.scenario.label(),
                        deploy.pages_changed,
                        deploy.pages
                    )
                } else {
                    String::new()
                };
                out.push_str(&row(&change, build, full));
            }
        }
        out.push('\n');
    }
    let mut touched: Vec<String> = Vec::new();
    for scenario in Scenario::ALL {
        if let Some(deploy) = results.deploys.iter().find(|d| d.scenario == scenario) {
            touched.push(format!("{}: {}", scenario.label(), deploy.what));
        }
    }
    if !touched.is_empty() {
        let _ = writeln!(
            out,
            "Articles touched (seed {}): {}.\n",
            results.run.seed,
            touched.join("; ")
        );
    }
    out.push_str(&targets(results));
    if let Some(drift) = &results.drift {
        out.push_str(&drift_section(drift, results.run.seed));
    }
    for note in &results.notes {
        let _ = writeln!(out, "- {note}");
    }
    out.push_str(&results.run.footer());
    out
}

/// One build's row.
fn row(change: &str, build: &Measured, full: Option<&Measured>) -> String {
    let written = build.delta.written();
    let total = build.delta.total();
    let fetched = if build.way == Way::Pagefind {
        "(all are)".to_owned()
    } else {
        let delta = build.delta.without(&NEVER_FETCHED);
        share(delta.written(), delta.total())
    };
    let seconds = median(&build.seconds);
    let mut time = seconds.map_or("?".to_owned(), |s| format!("{s:.2} s"));
    if let (Way::SiftUpdate, Some(s), Some(f)) =
        (build.way, seconds, full.and_then(|f| median(&f.seconds)))
    {
        let _ = write!(time, " ({:.2}x of `--full`)", s / f);
    }
    if !build.repeatable {
        time.push_str("; runs left different files");
    }
    let largest: Vec<String> = build
        .delta
        .largest_written()
        .into_iter()
        .take(5)
        .map(|(kind, count)| format!("{kind} {} ({})", bytes(count.bytes), count.files))
        .collect();
    format!(
        "| {change} | {} | {} written + {} removed of {} | {} | {fetched} | {time} | {} | {} |\n",
        build.way.label(),
        written.files,
        build.delta.removed().files,
        total.files,
        share(written, total),
        mode(build),
        largest.join(", ")
    )
}

/// Issue 14's "Done when", judged on the one-article addition.
fn targets(results: &Results) -> String {
    let mut out = String::from("Issue 14, \"Done when\", on adding one article:\n\n");
    let pagefind = results
        .deploys
        .iter()
        .filter(|d| d.scenario == Scenario::AddOne)
        .flat_map(|d| &d.builds)
        .find(|b| b.way == Way::Pagefind)
        .map(|b| format!(" (Pagefind: {:.1}%)", 100.0 * b.delta.byte_share()))
        .unwrap_or_default();
    for deploy in results.deploys.iter().filter(|d| d.scenario == Scenario::AddOne) {
        let find = |way| deploy.builds.iter().find(|b| b.way == way);
        let (Some(update), Some(full)) = (find(Way::SiftUpdate), find(Way::SiftFull)) else {
            continue;
        };
        let share = update.delta.byte_share();
        let fetched = update.delta.without(&NEVER_FETCHED).byte_share();
        let time = match (median(&update.seconds), median(&full.seconds)) {
            (Some(u), Some(f)) if f > 0.0 => Some((u, f, u / f)),
            _ => None,
        };
        let _ = writeln!(
            out,
            "- {}: **bytes {}**: Sift's default build changes {:.2}% of the index's bytes{pagefind}, \
             {:.2}% of what searches fetch (target: at most {:.0}%; mode: {}). **Time {}**: {}.",
            capitalised(deploy.publish.label()),
            met(share <= MAX_BYTE_SHARE),
            100.0 * share,
            100.0 * fetched,
            100.0 * MAX_BYTE_SHARE,
            mode(update),
            met(time.is_some_and(|t| t.2 <= MAX_TIME_SHARE)),
            time.map_or("not measured".to_owned(), |(u, f, r)| format!(
                "{u:.2} s against {f:.2} s for `--full`, {r:.2}x (target: at most \
                 {MAX_TIME_SHARE}x); the summaries of the last runs: {} for the update, {} for \
                 `--full`",
                update.split, full.split
            ))
        );
    }
    out.push('\n');
    out
}

/// The summary's mode line, without its pointer to the rest of the summary, and for an
/// update whether it left the same files as `--full`.
fn mode(build: &Measured) -> String {
    let mut mode = build.mode.trim_end_matches(" (below: the files written)").to_owned();
    match build.same_as_full {
        Some(true) => mode.push_str("; the same files as `--full`"),
        Some(false) => mode.push_str("; other files than `--full`"),
        None => {}
    }
    mode
}

fn met(yes: bool) -> &'static str {
    if yes {
        "met"
    } else {
        "not met"
    }
}

/// The drift's table and findings.
fn drift_section(drift: &Drift, seed: u64) -> String {
    let count = drift.deploys.len();
    let mut out = format!(
        "**Drift: {count} deploys in a row.** A clean build of the oldest {} articles, then the \
         {count} newest added one deploy at a time, each writing only the pages it changes; \
         every {CHANGE_EVERY}th deploy also changes an older article's body ({} in all) and \
         every {DELETE_EVERY}th deletes one ({}); each deploy is Sift's default build into the \
         previous index. At the end, a clean `--full` build of the same pages.\n\n",
        drift.base_articles, drift.changed, drift.deleted
    );
    out.push_str(
        "| | after the deploys | clean build | deploys / clean |\n| --- | --- | --- | --- |\n",
    );
    let ratio = |a: u64, b: u64| {
        if b == 0 {
            "?".to_owned()
        } else {
            format!("{:.3}x", a as f64 / b as f64)
        }
    };
    for (what, a, b) in [
        ("index bytes, all files", drift.incremental.bytes, drift.clean.bytes),
        (
            "index bytes fetched by searches",
            drift.incremental_fetched.bytes,
            drift.clean_fetched.bytes,
        ),
    ] {
        let _ = writeln!(out, "| {what} | {} | {} | {} |", bytes(a), bytes(b), ratio(a, b));
    }
    let _ = writeln!(
        out,
        "| files | {} | {} | {} |\n",
        drift.incremental.files,
        drift.clean.files,
        ratio(drift.incremental.files, drift.clean.files)
    );
    let updates = drift.updates();
    let full = drift.full_builds();
    let reasons: Vec<String> = full
        .iter()
        .map(|(reason, at)| {
            let at: Vec<String> = at.iter().map(ToString::to_string).collect();
            format!("\"{reason}\" at deploy {}", at.join(", "))
        })
        .collect();
    let _ = writeln!(
        out,
        "- Modes: {updates} of {count} deploys were updates, {} {}{}.",
        count - updates,
        if count - updates == 1 { "full build" } else { "full builds" },
        if reasons.is_empty() { String::new() } else { format!(": {}", reasons.join("; ")) }
    );
    let pick = |update: bool, f: fn(&super::drift::Step) -> f64| -> Vec<f64> {
        drift.deploys.iter().filter(|d| d.mode.starts_with("update") == update).map(f).collect()
    };
    let seconds = pick(true, |d| d.seconds);
    let written = pick(true, |d| d.written.bytes as f64);
    let shares = pick(true, |d| d.written.bytes as f64 / d.total.bytes.max(1) as f64);
    let max = |v: &[f64]| v.iter().copied().fold(f64::NAN, f64::max);
    if !seconds.is_empty() {
        let _ = writeln!(
            out,
            "- An update took a median of {:.2} s (at most {:.2} s) and wrote a median of {} \
             ({:.2}% of the index; at most {}, {:.2}%).",
            median(&seconds).unwrap_or(f64::NAN),
            max(&seconds),
            bytes(median(&written).unwrap_or(0.0) as u64),
            100.0 * median(&shares).unwrap_or(f64::NAN),
            bytes(max(&written) as u64),
            100.0 * max(&shares)
        );
    }
    let full_seconds = pick(false, |d| d.seconds);
    if !full_seconds.is_empty() {
        let _ = writeln!(
            out,
            "- The deploys that were full builds took a median of {:.2} s; the clean build at the end {:.2} s.",
            median(&full_seconds).unwrap_or(f64::NAN),
            drift.clean_seconds
        );
    }
    let same_total = drift.queries.iter().filter(|q| q.left.total == q.right.total).count();
    let _ = writeln!(
        out,
        "- Answers (the quick box's plan, natively through sift-core): of {} queries ({} listed, \
         {} drawn from titles with seed {seed}), **{} have the same top ten in the same order** \
         and {same_total} the same total.",
        drift.queries.len(),
        drift.listed,
        drift.queries.len() - drift.listed,
        drift.identical()
    );
    if !drift.known_items.is_empty() {
        let (after, clean) = drift.known_success();
        let _ = writeln!(
            out,
            "- The known-item evaluation's queries (its generator, seed {seed}, up to {} per kind; \
             the quick box's plan natively, not in a browser): of {}, **{} have the same top \
             ten in the same order**; success@5 {after:.3} after the deploys, {clean:.3} from \
             the clean build.",
            crate::EVAL_QUERIES,
            drift.known_items.len(),
            drift.known_identical()
        );
    }
    let known = drift.known_items.iter().map(|(_, q)| q);
    for q in drift.queries.iter().chain(known).filter(|q| !q.same_top()).take(SHOWN_DIFFERENCES) {
        let _ = writeln!(
            out,
            "  - `{}`: after the deploys {} found, top {}; clean {} found, top {}",
            q.query,
            q.left.total,
            q.left.urls.join(" "),
            q.right.total,
            q.right.urls.join(" ")
        );
    }
    out.push('\n');
    out
}

fn share(part: Count, all: Count) -> String {
    let percent = if all.bytes == 0 { 0.0 } else { 100.0 * part.bytes as f64 / all.bytes as f64 };
    format!("{} of {} ({percent:.2}%)", bytes(part.bytes), bytes(all.bytes))
}

fn bytes(n: u64) -> String {
    if n >= 1_000_000 {
        format!("{:.2} MB", n as f64 / 1e6)
    } else {
        format!("{:.1} KB", n as f64 / 1e3)
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::super::delta::{Delta, KindDelta};
    use super::*;

    fn delta(kinds: &[(&str, u64, u64, u64)]) -> Delta {
        let kinds: BTreeMap<String, KindDelta> = kinds
            .iter()
            .map(|&(kind, total, written, written_files)| {
                (
                    kind.to_owned(),
                    KindDelta {
                        total: Count { files: 10, bytes: total },
                        written: Count { files: written_files, bytes: written },
                        removed: Count::default(),
                    },
                )
            })
            .collect();
        Delta { kinds }
    }

    fn measured(way: Way, delta: Delta, seconds: &[f64], mode: &str) -> Measured {
        Measured {
            way,
            mode: mode.into(),
            delta,
            seconds: seconds.to_vec(),
            peak_rss_bytes: 0,
            repeatable: true,
            same_as_full: (way == Way::SiftUpdate).then_some(false),
            split: "1 s reading".into(),
        }
    }

    #[test]
    fn the_targets_are_judged_per_way_of_publishing() {
        let deploy = |publish, update_share: u64, update_seconds: f64, mode: &str| Deploy {
            scenario: Scenario::AddOne,
            publish,
            what: "added /news/1-deploy1 (dated 1987-10-21)".into(),
            pages_changed: 1,
            pages: 100,
            builds: vec![
                measured(
                    Way::SiftUpdate,
                    delta(&[
                        ("terms", 9_000_000, update_share, 3),
                        ("sources", 1_000_000, 300_000, 2),
                    ]),
                    &[update_seconds, update_seconds + 1.0, update_seconds - 0.5],
                    mode,
                ),
                measured(
                    Way::SiftFull,
                    delta(&[("terms", 9_000_000, 100, 1)]),
                    &[10.0, 11.0, 9.0],
                    "",
                ),
                measured(Way::Pagefind, delta(&[("fragment", 1_000_000, 380_000, 5)]), &[30.0], ""),
            ],
        };
        let run = crate::report::Run {
            corpus: "reuters21578".into(),
            articles: 100,
            seed: 7,
            ..Default::default()
        };
        let results = Results {
            run,
            runs: 3,
            deploys: vec![
                deploy(Publish::Site, 200_000, 16.0, "full build: enough changed"),
                deploy(Publish::Pages, 50_000, 1.0, "update: 1 added, 0 changed, 0 deleted"),
            ],
            ..Results::default()
        };
        let text = section(&results);
        // Every page rendered again: 500 KB of 10 MB (5%), 16 s of 10 s.
        assert!(
            text.contains("- Every page rendered again, as a site generator does: **bytes not met**: Sift's default build changes 5.00%"),
            "{text}"
        );
        assert!(text.contains("(Pagefind: 38.0%)"), "{text}");
        assert!(
            text.contains("**Time not met**: 16.00 s against 10.00 s for `--full`, 1.60x"),
            "{text}"
        );
        // Only the pages: 350 KB of 10 MB (3.5%) with the build record, 0.56% without it.
        assert!(text.contains("- Only the changed articles' pages written: **bytes not met**: Sift's default build changes 3.50% of the index's bytes (Pagefind: 38.0%), 0.56% of what searches fetch"), "{text}");
        assert!(
            text.contains("**Time met**: 1.00 s against 10.00 s for `--full`, 0.10x"),
            "{text}"
        );
        assert!(text.contains(
            "| add one article: 1 of 100 pages changed | Sift, into the previous index (default) | 5 written + 0 removed of 20 | 350.0 KB of 10.00 MB (3.50%) | 50.0 KB of 9.00 MB (0.56%) | 1.00 s (0.10x of `--full`) | update: 1 added, 0 changed, 0 deleted; other files than `--full` | sources 300.0 KB (2), terms 50.0 KB (3) |"
        ), "{text}");
        assert!(text.contains("| Pagefind 1.6.0 (always from scratch) | 5 written + 0 removed of 10 | 380.0 KB of 1.00 MB (38.00%) | (all are) | 30.00 s |"), "{text}");
    }
}
