//! An index on disk: its entry opened, and searches fed the files they name.

use std::fs;
use std::path::{Path, PathBuf};

use sift_core::{FileCache, Index, Outcome, SearchRequest, SearchResults, ENTRY_FILE_NAME};

use crate::error::{Error, Result};

/// An index directory, opened. Files read for one search stay cached for the next.
#[derive(Debug)]
pub struct IndexDir {
    dir: PathBuf,
    index: Index,
    cache: FileCache,
}

impl IndexDir {
    /// Opens the index in `dir` by reading its entry file.
    pub fn open(dir: &Path) -> Result<IndexDir> {
        let path = dir.join(ENTRY_FILE_NAME);
        let bytes = fs::read(&path).map_err(|error| Error::Unreadable { path, error })?;
        let index = Index::open(&bytes)?;
        let cache = FileCache::new(&index);
        Ok(IndexDir { dir: dir.to_path_buf(), index, cache })
    }

    /// The opened entry.
    pub fn index(&self) -> &Index {
        &self.index
    }

    /// Runs a search, reading the files it asks for from the directory. A missing or
    /// damaged file is an error: on disk, unlike over a network, it will not come later.
    pub fn search(&mut self, request: &SearchRequest) -> Result<SearchResults> {
        for _ in 0..sift_core::MAX_FETCH_ROUNDS {
            match self.index.search(request, &self.cache) {
                Outcome::Ready(results) => {
                    if let Some(name) = results.unavailable.first() {
                        let reason = self.cache.missing_reason(name).unwrap_or("unavailable");
                        return Err(corrupt(name, reason));
                    }
                    return Ok(results);
                }
                Outcome::Need(names) => {
                    for name in names {
                        if self.cache.contains(&name) {
                            return Err(corrupt(&name, "asked for twice"));
                        }
                        let path = self.dir.join(&name);
                        let bytes =
                            fs::read(&path).map_err(|error| Error::Unreadable { path, error })?;
                        self.cache.insert(&name, &bytes)?;
                    }
                }
            }
        }
        Err(corrupt(ENTRY_FILE_NAME, "a search did not finish"))
    }
}

fn corrupt(name: &str, reason: &str) -> Error {
    Error::Core(sift_core::Error::Corrupt { file: name.to_string(), reason: reason.to_string() })
}
