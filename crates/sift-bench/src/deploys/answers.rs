//! The answers an index gives, natively through sift-core: each query run as the widget's
//! quick box runs it (`sift_core::quick_rounds`, as its `searchSummary` does), keeping the
//! total and the top ten URLs, so that two indexes can be compared query by query.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use serde::Serialize;
use sift_core::{
    quick_rounds, FileCache, Index, Outcome, Rounds, SearchRequest, SearchResults, ENTRY_FILE_NAME,
    MAX_FETCH_ROUNDS,
};

/// What a query found: how many articles, and the top ten's URLs, best first.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub(crate) struct Answer {
    pub(crate) total: usize,
    pub(crate) urls: Vec<String>,
}

/// An index directory opened for searching; files read stay cached.
pub(crate) struct Searcher {
    dir: PathBuf,
    index: Index,
    cache: FileCache,
}

impl Searcher {
    pub(crate) fn open(dir: &Path) -> Result<Searcher> {
        let path = dir.join(ENTRY_FILE_NAME);
        let entry =
            std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
        let index =
            Index::open(&entry).with_context(|| format!("cannot open {}", path.display()))?;
        let cache = FileCache::new(&index);
        Ok(Searcher { dir: dir.to_owned(), index, cache })
    }

    /// `text` as the quick box searches it: the rounds in order, each only if the one
    /// before found too little; the last round's answer.
    pub(crate) fn quick(&mut self, text: &str) -> Result<Answer> {
        let mut answer: Option<SearchResults> = None;
        let mut rounds = Rounds::new(quick_rounds(text));
        while let Some(round) = rounds.next_round() {
            let results = self.search(&round.request)?;
            rounds.answered(results.total);
            answer = Some(results);
        }
        Ok(answer.map_or_else(Answer::default, |results| Answer {
            total: results.total,
            urls: results.hits.into_iter().map(|hit| hit.url).collect(),
        }))
    }

    fn search(&mut self, request: &SearchRequest) -> Result<SearchResults> {
        for _ in 0..MAX_FETCH_ROUNDS {
            match self.index.search(request, &self.cache) {
                Outcome::Ready(results) => {
                    if let Some(name) = results.unavailable.first() {
                        bail!("{}: {name} is missing or damaged", self.dir.display());
                    }
                    return Ok(results);
                }
                Outcome::Need(names) => {
                    for name in names {
                        let path = self.dir.join(&name);
                        let bytes = std::fs::read(&path)
                            .with_context(|| format!("cannot read {}", path.display()))?;
                        self.cache
                            .insert(&name, &bytes)
                            .with_context(|| format!("{} is damaged", path.display()))?;
                    }
                }
            }
        }
        bail!("{}: a search did not finish", self.dir.display())
    }
}

/// One query's answers from two indexes.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Compared {
    pub(crate) query: String,
    pub(crate) left: Answer,
    pub(crate) right: Answer,
}

impl Compared {
    /// The same top ten in the same order.
    pub(crate) fn same_top(&self) -> bool {
        self.left.urls == self.right.urls
    }
}

/// Every query against both indexes.
pub(crate) fn compare(left: &Path, right: &Path, queries: &[String]) -> Result<Vec<Compared>> {
    let (mut left, mut right) = (Searcher::open(left)?, Searcher::open(right)?);
    queries
        .iter()
        .map(|query| {
            Ok(Compared {
                query: query.clone(),
                left: left.quick(query)?,
                right: right.quick(query)?,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use sift_core::{analyze, BuildConfig, Date, Document, IndexBuilder};

    use super::*;

    /// Writes an index of `(url, title, body)` articles, dated in order, into `dir`.
    fn index(dir: &Path, articles: &[(&str, &str, &str)]) {
        let mut builder = IndexBuilder::new(BuildConfig::default());
        for (i, (url, title, body)) in articles.iter().enumerate() {
            builder.add(analyze(&Document {
                url: (*url).into(),
                title: (*title).into(),
                body: (*body).into(),
                date: Some(Date::from_days(6000 + i as i32)),
                lang: if body.is_ascii() { "en" } else { "ru" }.into(),
                facets: Default::default(),
            }));
        }
        std::fs::create_dir_all(dir).unwrap();
        for file in builder.finish().unwrap().files {
            std::fs::write(dir.join(&file.name), &file.bytes).unwrap();
        }
    }

    #[test]
    fn the_quick_box_plan_answers_and_two_indexes_are_compared_query_by_query() {
        let work = tempfile::tempdir().unwrap();
        let (left, right) = (work.path().join("left"), work.path().join("right"));
        let articles = [
            ("/news/1", "Bahia cocoa review", "Showers continued throughout the week in Bahia."),
            ("/news/2", "Cocoa exports rise", "Cocoa exports from Ivory Coast rose in March."),
            ("/news/3", "Суд в Алматы", "Правозащитник Жовтис остаётся в колонии."),
        ];
        index(&left, &articles);
        let mut changed = articles;
        changed[1].1 = "Coffee exports rise";
        changed[1].2 = "Coffee exports from Ivory Coast rose in March.";
        index(&right, &changed);

        let mut searcher = Searcher::open(&left).unwrap();
        let cocoa = searcher.quick("cocoa").unwrap();
        assert_eq!(cocoa.total, 2);
        assert_eq!(cocoa.urls.len(), 2);
        // The quick box's typo round: one edit in a five-letter word, and Russian too.
        assert_eq!(searcher.quick("cocao").unwrap().total, 2);
        assert_eq!(searcher.quick("жовтис").unwrap().urls, ["/news/3"]);
        assert_eq!(searcher.quick("").unwrap(), Answer::default());

        let queries: Vec<String> = ["cocoa", "coffee", "bahia", "колонии"].map(String::from).into();
        let compared = compare(&left, &right, &queries).unwrap();
        let same: Vec<bool> = compared.iter().map(Compared::same_top).collect();
        assert_eq!(same, [false, false, true, true], "{compared:?}");
        assert_eq!(compared[1].right.urls, ["/news/2"]);
        assert!(compare(&left, &work.path().join("missing"), &queries).is_err());
    }
}
