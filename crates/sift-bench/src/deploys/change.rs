//! The changes a deploy publishes (one article added after all others, one article's body
//! changed, one deleted, a day's batch of 20 added) and the two ways a site publishes them:
//! every page rendered again, as a site generator does (a new article then also changes
//! the "latest news" aside of every page that lists it), or only the changed articles'
//! pages written.

use std::path::Path;

use anyhow::{bail, Context, Result};
use xtask::{Record, SiteOptions};

use crate::random::Rng;
use crate::scale::shift_date;

/// Articles in a day's batch.
pub(crate) const BATCH: usize = 20;

/// One of the changes measured.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub(crate) enum Scenario {
    AddOne,
    ChangeOne,
    DeleteOne,
    AddBatch,
}

impl Scenario {
    pub(crate) const ALL: [Scenario; 4] =
        [Scenario::AddOne, Scenario::ChangeOne, Scenario::DeleteOne, Scenario::AddBatch];

    /// What the report calls it.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Scenario::AddOne => "add one article",
            Scenario::ChangeOne => "change one article's body",
            Scenario::DeleteOne => "delete one article",
            Scenario::AddBatch => "add a day's 20 articles",
        }
    }

    /// A short name for its directories and logs.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Scenario::AddOne => "add-1",
            Scenario::ChangeOne => "change-1",
            Scenario::DeleteOne => "delete-1",
            Scenario::AddBatch => "add-20",
        }
    }
}

/// A change to the records: articles added, new versions of articles (same url), and
/// articles deleted.
#[derive(Clone, Debug, Default)]
pub(crate) struct Change {
    pub(crate) added: Vec<Record>,
    pub(crate) changed: Vec<Record>,
    pub(crate) deleted: Vec<Record>,
}

impl Change {
    /// The change `scenario` makes to `records`, its articles drawn with `rng`: added
    /// articles are copies of archive articles under new urls, dated the day after the
    /// newest; the changed or deleted article is one of the older half of the archive
    /// (corrections and removals reach back; in Sift it lies in the base segment).
    pub(crate) fn of(scenario: Scenario, records: &[Record], rng: &mut Rng) -> Result<Change> {
        let newest = records.iter().filter_map(|r| r.date.as_deref()).max();
        let Some(newest) = newest else { bail!("the corpus has no dated article to follow") };
        let next_day = shift_date(newest, 1);
        let older = older_half(records);
        let mut change = Change::default();
        match scenario {
            Scenario::AddOne | Scenario::AddBatch => {
                let count = if scenario == Scenario::AddOne { 1 } else { BATCH };
                let mut sources: Vec<usize> =
                    (0..records.len()).filter(|&i| records[i].date.is_some()).collect();
                rng.shuffle(&mut sources);
                for (k, &i) in sources.iter().take(count).enumerate() {
                    change.added.push(new_article(
                        &records[i],
                        &format!("deploy{}", k + 1),
                        &next_day,
                    ));
                }
            }
            Scenario::ChangeOne => change.changed.push(corrected(&records[*rng.pick(&older)], 1)),
            Scenario::DeleteOne => change.deleted.push(records[*rng.pick(&older)].clone()),
        }
        Ok(change)
    }

    /// `records` after the change: changed articles replaced where they were, deleted ones
    /// dropped, added ones appended.
    pub(crate) fn apply(&self, records: &[Record]) -> Vec<Record> {
        let mut after: Vec<Record> = records
            .iter()
            .filter(|r| !self.deleted.iter().any(|d| d.url == r.url))
            .map(|r| self.changed.iter().find(|c| c.url == r.url).unwrap_or(r).clone())
            .collect();
        after.extend(self.added.iter().cloned());
        after
    }

    /// The articles it touches, for the report (`added /news/x-deploy1`).
    pub(crate) fn describe(&self) -> String {
        let urls = |records: &[Record]| -> String {
            match records {
                [one] => one.url.clone(),
                [first, .., last] => format!("{} .. {}", first.url, last.url),
                [] => String::new(),
            }
        };
        let mut parts = Vec::new();
        if !self.added.is_empty() {
            let date = self.added[0].date.as_deref().unwrap_or("undated");
            parts.push(format!("added {} (dated {date})", urls(&self.added)));
        }
        if !self.changed.is_empty() {
            parts.push(format!("changed {}", urls(&self.changed)));
        }
        if !self.deleted.is_empty() {
            parts.push(format!("deleted {}", urls(&self.deleted)));
        }
        parts.join("; ")
    }
}

/// The dated articles of the older half of the archive (by date), by position.
fn older_half(records: &[Record]) -> Vec<usize> {
    let mut dated: Vec<usize> = (0..records.len()).filter(|&i| records[i].date.is_some()).collect();
    dated.sort_by(|&a, &b| records[a].date.cmp(&records[b].date).then(a.cmp(&b)));
    dated.truncate(dated.len().div_ceil(2));
    dated
}

/// A new article: `source`'s title, text and tags under a new id and url, dated `date`.
pub(crate) fn new_article(source: &Record, tag: &str, date: &str) -> Record {
    Record {
        id: format!("{}-{tag}", source.id),
        url: format!("{}-{tag}", source.url.trim_end_matches('/')),
        date: Some(date.to_owned()),
        ..source.clone()
    }
}

/// `record` with correction number `n` appended to its body, in its language.
pub(crate) fn corrected(record: &Record, n: usize) -> Record {
    let note = if record.lang.starts_with("ru") {
        format!("Исправление {n}: в первой версии статьи была неверно указана дата заседания.")
    } else {
        format!("Correction {n}: an earlier version of this article gave the wrong date for the meeting.")
    };
    Record { body: format!("{}\n\n{note}", record.body.trim_end()), ..record.clone() }
}

/// How a site publishes a change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, clap::ValueEnum)]
pub(crate) enum Publish {
    /// Every page rendered again (pages whose aside lists a new article change too).
    Site,
    /// Only the pages of the articles added or changed written, those deleted removed.
    Pages,
}

impl Publish {
    pub(crate) const ALL: [Publish; 2] = [Publish::Site, Publish::Pages];

    /// What the report calls it.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Publish::Site => "every page rendered again, as a site generator does",
            Publish::Pages => "only the changed articles' pages written",
        }
    }

    /// A short name for its directories.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Publish::Site => "site",
            Publish::Pages => "pages",
        }
    }
}

/// The site options the bench renders with: plain pages (no search chrome), the default
/// "latest news" asides.
pub(crate) fn site_options() -> SiteOptions {
    SiteOptions { chrome: xtask::Chrome::none(), ..SiteOptions::default() }
}

/// Renders every record's page into `dir`, which is emptied first.
pub(crate) fn render(records: &[Record], dir: &Path) -> Result<()> {
    remove_dir(dir)?;
    xtask::site::render_records(records, dir, &site_options())?;
    Ok(())
}

/// Removes a directory tree if it is there.
pub(crate) fn remove_dir(dir: &Path) -> Result<()> {
    match std::fs::remove_dir_all(dir) {
        Ok(()) => Ok(()),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(error) => Err(error).with_context(|| format!("cannot remove {}", dir.display())),
    }
}

/// Publishes `change` page by page into `dir`: the `base` site copied by hard links, then
/// the pages of the added and changed articles written (rendered together in `scratch`)
/// and the deleted articles' pages removed. A page is replaced by a new file, never
/// written through its link, so `base` stays as it was.
pub(crate) fn publish_pages(
    base: &Path,
    change: &Change,
    dir: &Path,
    scratch: &Path,
) -> Result<()> {
    remove_dir(dir)?;
    link_tree(base, dir)?;
    let pages: Vec<Record> = change.added.iter().chain(&change.changed).cloned().collect();
    if !pages.is_empty() {
        write_pages(&pages, dir, scratch)?;
    }
    for record in &change.deleted {
        remove_page(dir, &record.url)?;
    }
    Ok(())
}

/// Writes the pages of `records` into `site`, rendered together in `scratch` (so each
/// page's aside lists only the others among them), each replacing the page there.
pub(crate) fn write_pages(records: &[Record], site: &Path, scratch: &Path) -> Result<()> {
    render(records, scratch)?;
    for record in records {
        let page = xtask::site::page_path(&record.url)?;
        replace_file(&scratch.join(&page), &site.join(&page))?;
    }
    remove_dir(scratch)
}

/// Removes the page of the article at `url` from `site`, and its directory once empty.
pub(crate) fn remove_page(site: &Path, url: &str) -> Result<()> {
    let path = site.join(xtask::site::page_path(url)?);
    std::fs::remove_file(&path).with_context(|| format!("cannot remove {}", path.display()))?;
    if let Some(parent) = path.parent().filter(|p| *p != site) {
        // Only an empty directory is removed; one with other files stays.
        let _ = std::fs::remove_dir(parent);
    }
    Ok(())
}

/// Copies `from` to `to` as a new file (removing any file at `to` first, so that a hard
/// link there is replaced rather than written through).
fn replace_file(from: &Path, to: &Path) -> Result<()> {
    if let Some(parent) = to.parent() {
        std::fs::create_dir_all(parent)?;
    }
    match std::fs::remove_file(to) {
        Ok(()) => {}
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
        Err(error) => return Err(error).with_context(|| format!("cannot remove {}", to.display())),
    }
    std::fs::copy(from, to)
        .with_context(|| format!("cannot copy {} to {}", from.display(), to.display()))?;
    Ok(())
}

/// Copies the tree `from` to `to` by hard links (by copies where links fail).
pub(crate) fn link_tree(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to).with_context(|| format!("cannot create {}", to.display()))?;
    for entry in
        std::fs::read_dir(from).with_context(|| format!("cannot list {}", from.display()))?
    {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            link_tree(&entry.path(), &target)?;
        } else if std::fs::hard_link(entry.path(), &target).is_err() {
            std::fs::copy(entry.path(), &target)
                .with_context(|| format!("cannot copy {}", entry.path().display()))?;
        }
    }
    Ok(())
}

/// Copies the files of the flat directory `from` (an index) into a fresh `to`.
pub(crate) fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    remove_dir(to)?;
    std::fs::create_dir_all(to)?;
    for entry in
        std::fs::read_dir(from).with_context(|| format!("cannot list {}", from.display()))?
    {
        let entry = entry?;
        if entry.file_type()?.is_dir() {
            bail!("{} holds a directory; an index is flat", from.display());
        }
        std::fs::copy(entry.path(), to.join(entry.file_name()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn record(i: usize, date: &str, tags: &[(&str, &str)]) -> Record {
        Record {
            id: format!("r{i}"),
            url: format!("/news/r{i}"),
            title: format!("Cocoa report number {i}"),
            date: (!date.is_empty()).then(|| date.to_owned()),
            lang: if i % 4 == 3 { "ru".into() } else { "en".into() },
            kind: "news".into(),
            tags: tags
                .iter()
                .map(|(facet, value)| (facet.to_string(), vec![value.to_string()]))
                .collect::<BTreeMap<_, _>>(),
            body: format!("Showers continued in the Bahia cocoa zone, report {i}."),
        }
    }

    fn corpus() -> Vec<Record> {
        let mut records: Vec<Record> = (0..30)
            .map(|i| record(i, &format!("1987-03-{:02}", 30 - i), &[("places", "usa")]))
            .collect();
        records.push(record(30, "", &[]));
        records
    }

    #[test]
    fn additions_follow_the_newest_article_under_new_urls() {
        let records = corpus();
        let mut rng = Rng::new(11, "deploys");
        let one = Change::of(Scenario::AddOne, &records, &mut rng).unwrap();
        assert_eq!((one.added.len(), one.changed.len(), one.deleted.len()), (1, 0, 0));
        assert_eq!(one.added[0].date.as_deref(), Some("1987-03-31"));
        let batch = Change::of(Scenario::AddBatch, &records, &mut rng).unwrap();
        assert_eq!(batch.added.len(), BATCH);
        let mut urls: Vec<&str> = batch.added.iter().map(|r| r.url.as_str()).collect();
        urls.sort_unstable();
        urls.dedup();
        assert_eq!(urls.len(), BATCH, "every new article has its own url");
        assert!(batch.added.iter().all(|r| r.date.as_deref() == Some("1987-03-31")));
        assert!(batch.added.iter().all(|a| records.iter().all(|r| r.url != a.url && r.id != a.id)));
        let after = batch.apply(&records);
        assert_eq!(after.len(), records.len() + BATCH);
        assert_eq!(after[..records.len()], records[..]);
        // The same seed draws the same change.
        let again = Change::of(Scenario::AddOne, &records, &mut Rng::new(11, "deploys")).unwrap();
        assert_eq!(again.added, one.added);
    }

    #[test]
    fn a_correction_or_removal_reaches_into_the_older_half() {
        let records = corpus();
        for seed in 0..20 {
            let mut rng = Rng::new(seed, "deploys");
            let change = Change::of(Scenario::ChangeOne, &records, &mut rng).unwrap();
            let new = &change.changed[0];
            let old = records.iter().find(|r| r.url == new.url).unwrap();
            // Dated the 1st to the 15th: the older half of 30 articles.
            assert!(new.date.as_deref().unwrap() <= "1987-03-15", "{new:?}");
            assert_eq!((&new.title, &new.date, &new.tags), (&old.title, &old.date, &old.tags));
            assert!(new.body.starts_with(&old.body) && new.body.len() > old.body.len());
            let after = change.apply(&records);
            assert_eq!(after.len(), records.len());
            assert_eq!(after.iter().find(|r| r.url == new.url), Some(new));

            let change = Change::of(Scenario::DeleteOne, &records, &mut rng).unwrap();
            let gone = &change.deleted[0];
            assert!(gone.date.as_deref().unwrap() <= "1987-03-15");
            let after = change.apply(&records);
            assert_eq!(after.len(), records.len() - 1);
            assert!(after.iter().all(|r| r.url != gone.url));
        }
        let ru = records.iter().find(|r| r.lang == "ru").unwrap();
        assert!(corrected(ru, 2).body.contains("Исправление 2"));
    }

    #[test]
    fn publishing_pages_replaces_only_them_and_leaves_the_base_alone() {
        let work = tempfile::tempdir().unwrap();
        let (base, rendered, site) =
            (work.path().join("base"), work.path().join("rendered"), work.path().join("site"));
        let records = corpus();
        render(&records, &base).unwrap();
        let page = |dir: &Path, url: &str| {
            std::fs::read_to_string(dir.join(xtask::site::page_path(url).unwrap())).ok()
        };
        let before: Vec<Option<String>> = records.iter().map(|r| page(&base, &r.url)).collect();

        let change = Change {
            added: vec![new_article(&records[0], "deploy1", "1987-03-31")],
            changed: vec![corrected(&records[20], 1)],
            deleted: vec![records[25].clone()],
        };
        let scratch = work.path().join("scratch");
        publish_pages(&base, &change, &site, &scratch).unwrap();
        // A site generator would render every page again: the asides of the usa pages then
        // list the new article.
        render(&change.apply(&records), &rendered).unwrap();

        let added = &change.added[0].url;
        assert!(page(&site, added).unwrap().contains("Cocoa report number 0"));
        assert!(page(&site, &records[20].url).unwrap().contains("Correction 1"));
        assert_eq!(page(&site, &records[25].url), None);
        assert!(!site.join("news/r25").exists(), "the emptied directory goes too");
        assert!(!scratch.exists());
        // Every other page is the base's.
        assert_eq!(page(&site, &records[5].url), before[5]);
        assert_ne!(page(&rendered, &records[5].url), before[5]);
        let kept = records.iter().filter(|r| page(&site, &r.url) == page(&base, &r.url)).count();
        assert_eq!(kept, records.len() - 2);
        // The base site is untouched.
        let now: Vec<Option<String>> = records.iter().map(|r| page(&base, &r.url)).collect();
        assert_eq!(now, before);
        assert_eq!(page(&base, added), None);

        // Pages written alone replace what is there, and leave the rest.
        let alone = corrected(&records[2], 7);
        write_pages(std::slice::from_ref(&alone), &site, &work.path().join("scratch")).unwrap();
        assert!(page(&site, &alone.url).unwrap().contains("Correction 7"));
        assert_eq!(page(&base, &alone.url), before[2]);
        assert!(!work.path().join("scratch").exists());
    }
}
