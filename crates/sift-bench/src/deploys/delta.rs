//! What a deploy changes in an index directory, counted as a host and a returning reader
//! see it: a file is *written* when its name is new or its bytes differ (it is uploaded
//! and, if a search needs it, downloaded again), and *removed* when its name is gone (the
//! host deletes it; nobody downloads anything for it). Counted per kind of file.

use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hasher};
use std::io::Read;
use std::path::Path;

use anyhow::{Context, Result};
use serde::Serialize;

/// Sift's files that are deployed but never fetched by a search: the build record
/// (`sources-*.sift`, read only by the next build) and the bundle's manifest.
pub(crate) const NEVER_FETCHED: [&str; 2] = ["sources", "sift-files.txt"];

/// One file as a snapshot holds it: its length and a hash of its bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Print {
    len: u64,
    hash: u64,
}

/// Every file under a directory, by its path relative to the directory (`/`-separated).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Snapshot {
    files: BTreeMap<String, Print>,
}

impl Snapshot {
    /// Reads and hashes every file under `dir`.
    pub(crate) fn take(dir: &Path) -> Result<Snapshot> {
        let mut snapshot = Snapshot::default();
        snapshot.add(dir, "")?;
        Ok(snapshot)
    }

    fn add(&mut self, dir: &Path, prefix: &str) -> Result<()> {
        let entries =
            std::fs::read_dir(dir).with_context(|| format!("cannot list {}", dir.display()))?;
        for entry in entries {
            let entry = entry?;
            let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
            let kind = entry.file_type()?;
            if kind.is_dir() {
                self.add(&entry.path(), &format!("{name}/"))?;
            } else if kind.is_file() {
                self.files.insert(name, print(&entry.path())?);
            }
        }
        Ok(())
    }
}

fn print(path: &Path) -> Result<Print> {
    let mut file =
        std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let mut hasher = DefaultHasher::new();
    let mut buffer = vec![0; 1 << 16];
    let mut len = 0u64;
    loop {
        let read =
            file.read(&mut buffer).with_context(|| format!("cannot read {}", path.display()))?;
        if read == 0 {
            break;
        }
        hasher.write(&buffer[..read]);
        len += read as u64;
    }
    Ok(Print { len, hash: hasher.finish() })
}

/// A number of files and their bytes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub(crate) struct Count {
    pub(crate) files: u64,
    pub(crate) bytes: u64,
}

impl Count {
    fn plus(self, bytes: u64) -> Count {
        Count { files: self.files + 1, bytes: self.bytes + bytes }
    }

    fn add(self, other: Count) -> Count {
        Count { files: self.files + other.files, bytes: self.bytes + other.bytes }
    }
}

/// One kind of file before and after a deploy.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub(crate) struct KindDelta {
    /// All files of this kind after the deploy.
    pub(crate) total: Count,
    /// Files whose name is new or whose bytes differ, with their new bytes.
    pub(crate) written: Count,
    /// Files gone, with the bytes they had.
    pub(crate) removed: Count,
}

/// What a deploy changed, by kind of file ([`kind`]).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub(crate) struct Delta {
    pub(crate) kinds: BTreeMap<String, KindDelta>,
}

impl Delta {
    /// The change from `before` to `after`.
    pub(crate) fn between(before: &Snapshot, after: &Snapshot) -> Delta {
        let mut kinds: BTreeMap<String, KindDelta> = BTreeMap::new();
        for (path, print) in &after.files {
            let entry = kinds.entry(kind(path)).or_default();
            entry.total = entry.total.plus(print.len);
            if before.files.get(path) != Some(print) {
                entry.written = entry.written.plus(print.len);
            }
        }
        for (path, print) in &before.files {
            if !after.files.contains_key(path) {
                let entry = kinds.entry(kind(path)).or_default();
                entry.removed = entry.removed.plus(print.len);
            }
        }
        Delta { kinds }
    }

    /// The same change without the kinds `left_out`.
    pub(crate) fn without(&self, left_out: &[&str]) -> Delta {
        let kinds = self
            .kinds
            .iter()
            .filter(|(kind, _)| !left_out.contains(&kind.as_str()))
            .map(|(kind, delta)| (kind.clone(), *delta))
            .collect();
        Delta { kinds }
    }

    fn sum(&self, pick: fn(&KindDelta) -> Count) -> Count {
        self.kinds.values().map(pick).fold(Count::default(), Count::add)
    }

    /// All files after the deploy.
    pub(crate) fn total(&self) -> Count {
        self.sum(|k| k.total)
    }

    /// Files written (new name or other bytes).
    pub(crate) fn written(&self) -> Count {
        self.sum(|k| k.written)
    }

    /// Files removed.
    pub(crate) fn removed(&self) -> Count {
        self.sum(|k| k.removed)
    }

    /// Files changed: written or removed.
    pub(crate) fn changed_files(&self) -> u64 {
        self.written().files + self.removed().files
    }

    /// The share of the index's bytes in written files (removed files add no bytes: nothing
    /// is downloaded for them).
    pub(crate) fn byte_share(&self) -> f64 {
        let total = self.total().bytes;
        if total == 0 {
            0.0
        } else {
            self.written().bytes as f64 / total as f64
        }
    }

    /// The kinds with written bytes, most bytes first.
    pub(crate) fn largest_written(&self) -> Vec<(&str, Count)> {
        let mut kinds: Vec<(&str, Count)> = self
            .kinds
            .iter()
            .filter(|(_, d)| d.written.files > 0)
            .map(|(kind, d)| (kind.as_str(), d.written))
            .collect();
        kinds.sort_by(|a, b| b.1.bytes.cmp(&a.1.bytes).then(a.0.cmp(b.0)));
        kinds
    }
}

/// The kind of an index file, from its path: Sift's `terms-<16 hex>.sift` is `terms` and
/// `entry.sift` is `entry`; a file in a directory (Pagefind's `fragment/`, `index/`,
/// `filter/`) is of its first directory's kind; Pagefind's `*.pf_meta` is `pf_meta`; any
/// other file is its own kind (`sift-files.txt`, `pagefind.js`).
pub(crate) fn kind(path: &str) -> String {
    if let Some((dir, _)) = path.split_once('/') {
        return dir.to_owned();
    }
    if let Some(stem) = path.strip_suffix(".sift") {
        return match stem.rsplit_once('-') {
            Some((kind, hash))
                if hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()) =>
            {
                kind.to_owned()
            }
            _ => stem.to_owned(),
        };
    }
    match path.rsplit_once('.') {
        Some((_, extension)) if extension.starts_with("pf_") => extension.to_owned(),
        _ => path.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, files: &[(&str, &str)]) {
        for (name, text) in files {
            let path = dir.join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
    }

    #[test]
    fn kinds_name_sift_and_pagefind_files() {
        assert_eq!(kind("terms-0123456789abcdef.sift"), "terms");
        assert_eq!(kind("sources-00000000000000ff.sift"), "sources");
        assert_eq!(kind("entry.sift"), "entry");
        assert_eq!(kind("sift-files.txt"), "sift-files.txt");
        assert_eq!(kind("fragment/en_8d3f2a1.pf_fragment"), "fragment");
        assert_eq!(kind("index/en_11aa.pf_index"), "index");
        assert_eq!(kind("pagefind.en_47c1d.pf_meta"), "pf_meta");
        assert_eq!(kind("pagefind-entry.json"), "pagefind-entry.json");
        // A hyphenated name without a 16-digit hash is not split.
        assert_eq!(kind("my-notes.sift"), "my-notes");
    }

    #[test]
    fn written_removed_and_kept_files_are_counted_apart() {
        let before = tempfile::tempdir().unwrap();
        let after = tempfile::tempdir().unwrap();
        write(
            before.path(),
            &[
                ("entry.sift", "entry one"),
                ("terms-0000000000000001.sift", "kept shard"),
                ("terms-0000000000000002.sift", "old shard"),
                ("sources-0000000000000003.sift", "record"),
                ("fragment/a.pf_fragment", "same"),
                ("fragment/b.pf_fragment", "gone"),
            ],
        );
        write(
            after.path(),
            &[
                // Same name, other bytes (even of the same length): written.
                ("entry.sift", "entry two"),
                ("terms-0000000000000001.sift", "kept shard"),
                ("terms-0000000000000004.sift", "new shard!"),
                ("sources-0000000000000003.sift", "record"),
                ("fragment/a.pf_fragment", "same"),
                ("fragment/c.pf_fragment", "new"),
            ],
        );
        let delta = Delta::between(
            &Snapshot::take(before.path()).unwrap(),
            &Snapshot::take(after.path()).unwrap(),
        );
        assert_eq!(delta.total(), Count { files: 6, bytes: 9 + 10 + 10 + 6 + 4 + 3 });
        assert_eq!(delta.written(), Count { files: 3, bytes: 9 + 10 + 3 });
        assert_eq!(delta.removed(), Count { files: 2, bytes: 9 + 4 });
        assert_eq!(delta.changed_files(), 5);
        let terms = delta.kinds["terms"];
        assert_eq!(
            (terms.total.files, terms.written.files, terms.removed.files),
            (2, 1, 1),
            "{terms:?}"
        );
        assert_eq!(delta.kinds["fragment"].written, Count { files: 1, bytes: 3 });
        assert_eq!(delta.kinds["sources"].written, Count::default());
        let share = delta.byte_share();
        assert!((share - 22.0 / 42.0).abs() < 1e-9, "{share}");
        assert_eq!(
            delta.largest_written(),
            [
                ("terms", Count { files: 1, bytes: 10 }),
                ("entry", Count { files: 1, bytes: 9 }),
                ("fragment", Count { files: 1, bytes: 3 })
            ]
        );
        let fetched = delta.without(&NEVER_FETCHED);
        assert_eq!(fetched.total(), Count { files: 5, bytes: 36 });
        assert_eq!(fetched.written(), delta.written());
    }

    #[test]
    fn an_unchanged_directory_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), &[("entry.sift", "x"), ("index/a.pf_index", "yz")]);
        let snapshot = Snapshot::take(dir.path()).unwrap();
        let delta = Delta::between(&snapshot, &snapshot);
        assert_eq!(delta.changed_files(), 0);
        assert_eq!(delta.byte_share(), 0.0);
        assert_eq!(
            Delta::between(&Snapshot::default(), &snapshot).written(),
            Count { files: 2, bytes: 3 }
        );
        assert!(delta.largest_written().is_empty());
    }
}
