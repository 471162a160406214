//! The drift of many incremental builds (issue 14 item 3): a clean build of the oldest
//! articles, then the newest added one deploy at a time, with some older articles changed
//! and deleted on the way, each deploy an update of the previous index; at the end, the
//! index against a clean `--full` build of the same pages: its bytes, and its answers.
//!
//! Each deploy writes only the pages it changes (rendered together, so their "latest news"
//! asides list only each other); the deploys table measures every page rendered again.
//! The answers compared are the quick box's on listed and title queries, and the known-item
//! evaluation's queries (drawn by its generator with the run's seed), natively.

use std::collections::BTreeMap;

use anyhow::{bail, Result};
use serde::Serialize;
use xtask::Record;

use super::answers::{self, Compared};
use super::change::{self, corrected};
use super::delta::{Count, Delta, Snapshot, NEVER_FETCHED};
use super::{sift_build, Setup};
use crate::eval::{self, Generator};
use crate::random::Rng;
use crate::{corpus, queries};

/// Every this many deploys, one older article's body changes too.
pub(crate) const CHANGE_EVERY: usize = 10;
/// Every this many deploys, one older article is deleted too.
pub(crate) const DELETE_EVERY: usize = 25;

/// What the drift measured.
#[derive(Debug, Default, Serialize)]
pub(crate) struct Drift {
    /// Articles in the first, clean build.
    pub(crate) base_articles: usize,
    pub(crate) deploys: Vec<Step>,
    pub(crate) changed: usize,
    pub(crate) deleted: usize,
    /// The index after the last deploy, and the clean build of the same pages.
    pub(crate) incremental: Count,
    pub(crate) clean: Count,
    /// The same, without the files no search fetches.
    pub(crate) incremental_fetched: Count,
    pub(crate) clean_fetched: Count,
    pub(crate) clean_seconds: f64,
    /// How many queries were listed (the rest were drawn from titles).
    pub(crate) listed: usize,
    pub(crate) queries: Vec<Compared>,
    /// The known-item evaluation's queries, each with the URL of the article it means.
    pub(crate) known_items: Vec<(String, Compared)>,
}

/// One deploy of the drift.
#[derive(Debug, Serialize)]
pub(crate) struct Step {
    pub(crate) mode: String,
    pub(crate) seconds: f64,
    /// What it changed in the index before it.
    pub(crate) written: Count,
    pub(crate) total: Count,
}

impl Drift {
    /// Deploys that were updates.
    pub(crate) fn updates(&self) -> usize {
        self.deploys.iter().filter(|d| d.mode.starts_with("update")).count()
    }

    /// The full builds' reasons, with the deploys (numbered from 1) that gave each.
    pub(crate) fn full_builds(&self) -> BTreeMap<&str, Vec<usize>> {
        let mut reasons: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, deploy) in self.deploys.iter().enumerate() {
            if !deploy.mode.starts_with("update") {
                reasons.entry(deploy.mode.as_str()).or_default().push(i + 1);
            }
        }
        reasons
    }

    /// The queries whose top ten are the same in the same order.
    pub(crate) fn identical(&self) -> usize {
        self.queries.iter().filter(|q| q.same_top()).count()
    }

    /// Known-item queries with the same top ten from both indexes.
    pub(crate) fn known_identical(&self) -> usize {
        self.known_items.iter().filter(|(_, q)| q.same_top()).count()
    }

    /// Success@5 of the known-item queries: after the deploys, and from the clean build.
    pub(crate) fn known_success(&self) -> (f64, f64) {
        let found = |urls: &[String], url: &str| {
            urls.iter().take(eval::SUCCESS_AT).any(|u| eval::normalise(u) == eval::normalise(url))
        };
        let count = |left: bool| {
            self.known_items
                .iter()
                .filter(|(url, q)| found(if left { &q.left.urls } else { &q.right.urls }, url))
                .count() as f64
        };
        let n = self.known_items.len().max(1) as f64;
        (count(true) / n, count(false) / n)
    }
}

/// The oldest first, as index-builder numbers them: the undated, then by date (stable).
pub(crate) fn by_date(records: &[Record]) -> Vec<Record> {
    let mut sorted = records.to_vec();
    // `None` sorts before every date.
    sorted.sort_by(|a, b| a.date.cmp(&b.date));
    sorted
}

/// What deploy `k` (from 1) does besides adding its article: change an older article's
/// body, delete one.
pub(crate) fn extras(k: usize) -> (bool, bool) {
    (k.is_multiple_of(CHANGE_EVERY), k.is_multiple_of(DELETE_EVERY))
}

/// Runs the drift of `setup.drift` deploys.
pub(crate) fn run(setup: &Setup) -> Result<Drift> {
    let step = setup.step;
    let count = setup.drift;
    if count >= setup.records.len() {
        bail!("--drift {count} leaves no article for the first build of {}", setup.records.len());
    }
    let mut records = by_date(&setup.records);
    let base_len = records.len() - count;
    let work = setup.work.join("drift");
    let (site, index, scratch) = (work.join("site"), work.join("index"), work.join("scratch"));
    change::remove_dir(&work)?;
    let logs = work.join("logs");
    std::fs::create_dir_all(&logs)?;
    step(&format!("drift: a clean build of the oldest {base_len} articles, then {count} deploys"));
    change::render(&records[..base_len], &site)?;
    sift_build(&setup.tools, &site, &index, true, &logs.join("base.log"))?;

    let mut rng = Rng::new(setup.seed, "drift");
    let mut gone = vec![false; records.len()];
    let mut drift = Drift { base_articles: base_len, ..Drift::default() };
    let mut before = Snapshot::take(&index)?;
    for k in 1..=count {
        let mut pages = vec![records[base_len + k - 1].clone()];
        let (change_one, delete_one) = extras(k);
        let older: Vec<usize> = (0..base_len).filter(|&i| !gone[i]).collect();
        if change_one {
            let i = *rng.pick(&older);
            records[i] = corrected(&records[i], k);
            pages.push(records[i].clone());
            drift.changed += 1;
        }
        if delete_one {
            let candidates: Vec<usize> = older
                .into_iter()
                .filter(|i| pages.iter().all(|p| p.url != records[*i].url))
                .collect();
            let i = *rng.pick(&candidates);
            change::remove_page(&site, &records[i].url)?;
            gone[i] = true;
            drift.deleted += 1;
        }
        change::write_pages(&pages, &site, &scratch)?;
        let log = logs.join(format!("deploy-{k}.log"));
        let (build, summary) = sift_build(&setup.tools, &site, &index, false, &log)?;
        let mode = summary.mode;
        let after = Snapshot::take(&index)?;
        let delta = Delta::between(&before, &after);
        step(&format!(
            "drift {k}/{count}: {:.2} s, {} bytes in {} files written: {mode}",
            build.wall_seconds,
            delta.written().bytes,
            delta.written().files
        ));
        drift.deploys.push(Step {
            mode,
            seconds: build.wall_seconds,
            written: delta.written(),
            total: delta.total(),
        });
        before = after;
    }

    let clean = work.join("clean");
    change::remove_dir(&clean)?;
    let (build, _) = sift_build(&setup.tools, &site, &clean, true, &logs.join("clean.log"))?;
    drift.clean_seconds = build.wall_seconds;
    let clean_files = Snapshot::take(&clean)?;
    let nothing = Snapshot::default();
    let (incremental, clean_delta) =
        (Delta::between(&nothing, &before), Delta::between(&nothing, &clean_files));
    drift.incremental = incremental.total();
    drift.clean = clean_delta.total();
    drift.incremental_fetched = incremental.without(&NEVER_FETCHED).total();
    drift.clean_fetched = clean_delta.without(&NEVER_FETCHED).total();

    let live: Vec<corpus::Record> = records
        .iter()
        .zip(&gone)
        .filter(|(_, gone)| !**gone)
        .map(|(r, _)| corpus::Record {
            url: r.url.clone(),
            title: r.title.clone(),
            body: r.body.clone(),
            lang: r.lang.clone(),
            ..corpus::Record::default()
        })
        .collect();
    let mut texts: Vec<String> =
        queries::for_language(&setup.lang, None).into_iter().map(|q| q.text).collect();
    drift.listed = texts.len();
    texts.extend(
        queries::from_titles(&live, setup.seed, setup.title_queries).into_iter().map(|q| q.text),
    );
    drift.queries = answers::compare(&index, &clean, &texts)?;
    let known = Generator::new(&live).draw(setup.seed, crate::EVAL_QUERIES).queries;
    let texts: Vec<String> = known.iter().map(|k| k.query.clone()).collect();
    let compared = answers::compare(&index, &clean, &texts)?;
    drift.known_items = known.into_iter().map(|k| k.url).zip(compared).collect();
    step(&format!(
        "drift: {} updates of {count} deploys; {} of {} bytes against a clean build; {} of {} queries answer the same",
        drift.updates(),
        drift.incremental.bytes,
        drift.clean.bytes,
        drift.identical(),
        drift.queries.len()
    ));
    step(&format!(
        "drift: {} of {} known-item queries answer the same",
        drift.known_identical(),
        drift.known_items.len()
    ));
    Ok(drift)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_oldest_come_first_and_extras_come_on_schedule() {
        let record = |id: &str, date: Option<&str>| Record {
            id: id.into(),
            date: date.map(str::to_owned),
            ..Record::default()
        };
        let records = [
            record("c", Some("1987-03-02")),
            record("a", Some("1987-03-01")),
            record("u", None),
            record("d", Some("1987-03-02")),
        ];
        let ids: Vec<String> = by_date(&records).into_iter().map(|r| r.id).collect();
        assert_eq!(ids, ["u", "a", "c", "d"]);
        let scheduled: Vec<(usize, bool, bool)> =
            (1..=50).map(|k| (k, extras(k).0, extras(k).1)).filter(|e| e.1 || e.2).collect();
        assert_eq!(
            scheduled,
            [
                (10, true, false),
                (20, true, false),
                (25, false, true),
                (30, true, false),
                (40, true, false),
                (50, true, true)
            ]
        );
    }

    #[test]
    fn known_items_count_as_found_in_the_first_five_of_each_index() {
        let answer = |urls: &[&str]| answers::Answer {
            total: urls.len(),
            urls: urls.iter().map(|u| u.to_string()).collect(),
        };
        let compared = |left: &[&str], right: &[&str]| Compared {
            query: "q".into(),
            left: answer(left),
            right: answer(right),
        };
        let six = ["/a", "/b", "/c", "/d", "/e", "/news/x.html"];
        let drift = Drift {
            known_items: vec![
                // Found by both, and the same ten.
                ("/news/x".into(), compared(&["/news/x.html"], &["/news/x.html"])),
                // Sixth after the deploys: not a success there; other tens.
                ("/news/x".into(), compared(&six, &["/news/x"])),
                // Found by neither.
                ("/news/y".into(), compared(&[], &[])),
            ],
            ..Drift::default()
        };
        assert_eq!(drift.known_identical(), 2);
        assert_eq!(drift.known_success(), (1.0 / 3.0, 2.0 / 3.0));
    }

    #[test]
    fn updates_and_full_builds_are_told_apart() {
        let step = |mode: &str| Step {
            mode: mode.into(),
            seconds: 1.0,
            written: Count::default(),
            total: Count::default(),
        };
        let drift = Drift {
            deploys: vec![
                step("update: 1 added, 0 changed, 0 deleted; 1094 files kept as they were"),
                step("full build: the archive outgrew its tail segment"),
                step("update: 1 added, 1 changed, 0 deleted; 1090 files kept as they were"),
                step("full build: the archive outgrew its tail segment"),
            ],
            ..Drift::default()
        };
        assert_eq!(drift.updates(), 2);
        let full = drift.full_builds();
        assert_eq!(full.len(), 1);
        assert_eq!(full["full build: the archive outgrew its tail segment"], [2, 4]);
    }
}
