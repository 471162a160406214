//! Finding a corpus, reading its JSONL records, and cutting it to the first N for small runs.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use serde::{Deserialize, Serialize};

/// One article, in the shape of `shared/corpora/*/articles.jsonl.gz`.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub(crate) struct Record {
    pub(crate) id: String,
    pub(crate) url: String,
    pub(crate) title: String,
    pub(crate) date: Option<String>,
    #[serde(default = "english")]
    pub(crate) lang: String,
    #[serde(rename = "type", default)]
    pub(crate) kind: String,
    #[serde(default)]
    pub(crate) tags: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub(crate) body: String,
}

fn english() -> String {
    "en".into()
}

/// Where the shared corpora live: `$SIFT_CORPORA`, else `../shared/corpora` beside the repo.
pub(crate) fn corpora_dir(repo: &Path) -> PathBuf {
    match std::env::var_os("SIFT_CORPORA") {
        Some(dir) => PathBuf::from(dir),
        None => repo.join("../shared/corpora"),
    }
}

/// Resolves `--corpus`: a name under the corpora directory, a directory holding
/// `articles.jsonl.gz`, or a `.jsonl`/`.jsonl.gz` file. Returns the file and a short label.
pub(crate) fn locate(corpus: &str, repo: &Path) -> Result<(PathBuf, String)> {
    let as_path = PathBuf::from(corpus);
    let candidates = [
        corpora_dir(repo).join(corpus).join("articles.jsonl.gz"),
        as_path.join("articles.jsonl.gz"),
        as_path.clone(),
    ];
    let Some(file) = candidates.into_iter().find(|path| path.is_file()) else {
        bail!(
            "corpus {corpus:?} not found: give a name under {} (set SIFT_CORPORA to move it), a directory with articles.jsonl.gz, or a .jsonl(.gz) file",
            corpora_dir(repo).display()
        );
    };
    let label = if as_path.components().count() == 1 && !as_path.is_file() {
        corpus.to_owned()
    } else {
        let stem = file.file_name().and_then(|n| n.to_str()).unwrap_or("corpus");
        let parent = file.parent().and_then(|p| p.file_name()).and_then(|n| n.to_str());
        match (stem.starts_with("articles."), parent) {
            (true, Some(parent)) => parent.to_owned(),
            _ => stem.split('.').next().unwrap_or("corpus").to_owned(),
        }
    };
    Ok((file, label))
}

/// Reads every line of a `.jsonl` or `.jsonl.gz` file, calling `each` with its records.
pub(crate) fn for_each(path: &Path, mut each: impl FnMut(Record) -> Result<bool>) -> Result<()> {
    let file = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let reader: Box<dyn Read> = if path.extension().is_some_and(|e| e == "gz") {
        Box::new(flate2::read::MultiGzDecoder::new(file))
    } else {
        Box::new(file)
    };
    for (number, line) in BufReader::new(reader).lines().enumerate() {
        let line =
            line.with_context(|| format!("{}:{}: cannot read", path.display(), number + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        let record: Record = serde_json::from_str(&line)
            .with_context(|| format!("{}:{}: bad record", path.display(), number + 1))?;
        if !each(record)? {
            break;
        }
    }
    Ok(())
}

/// Every record of a `.jsonl` or `.jsonl.gz` file; without `bodies`, with empty bodies (the
/// titles of a large corpus take little memory).
pub(crate) fn read(path: &Path, bodies: bool) -> Result<Vec<Record>> {
    let mut records = Vec::new();
    for_each(path, |mut record| {
        if !bodies {
            record.body = String::new();
        }
        records.push(record);
        Ok(true)
    })?;
    Ok(records)
}

/// Writes the first `limit` records of `source` to `out` as JSONL; returns how many.
pub(crate) fn cut(source: &Path, limit: usize, out: &Path) -> Result<usize> {
    let mut writer = BufWriter::new(
        File::create(out).with_context(|| format!("cannot create {}", out.display()))?,
    );
    let mut count = 0;
    for_each(source, |record| {
        if count == limit {
            return Ok(false);
        }
        serde_json::to_writer(&mut writer, &record)?;
        writer.write_all(b"\n")?;
        count += 1;
        Ok(true)
    })?;
    writer.flush()?;
    Ok(count)
}

/// The first language among the corpus's records (used to pick the query list).
pub(crate) fn main_language(path: &Path) -> Result<String> {
    let mut lang = String::from("en");
    for_each(path, |record| {
        lang = record.lang;
        Ok(false)
    })?;
    Ok(lang)
}
