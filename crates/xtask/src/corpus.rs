//! Corpus records in the JSON Lines shape every corpus shares: `id, url, title, date, lang, type, tags, body`.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::path::Path;

use anyhow::{bail, Context, Result};
use serde::{Deserialize, Serialize};

/// One article, as one line of `articles.jsonl[.gz]`. Fields serialize in the corpora's order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    /// Stable identifier, unique in the corpus.
    pub id: String,
    /// Site-absolute URL such as `/news/sample-0001`.
    pub url: String,
    /// Headline, plain text (never HTML).
    pub title: String,
    /// Publication date as ISO `YYYY-MM-DD`, or `None` when undated.
    #[serde(default)]
    pub date: Option<String>,
    /// Language code, `en` or `ru` in our corpora.
    #[serde(default)]
    pub lang: String,
    /// Type of information: `news`, `statement`, `report`, `analysis`, ...
    #[serde(rename = "type", default)]
    pub kind: String,
    /// Facet name to values, e.g. `country` to `["Russia"]`.
    #[serde(default)]
    pub tags: BTreeMap<String, Vec<String>>,
    /// Plain text; paragraphs are separated by blank lines.
    #[serde(default)]
    pub body: String,
}

/// Reads a `.jsonl` or `.jsonl.gz` corpus; a bad line is reported with its file and line number.
pub fn read_records(path: &Path) -> Result<Vec<Record>> {
    let file = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let reader: Box<dyn Read> = if is_gzip(path) {
        Box::new(flate2::read::MultiGzDecoder::new(file))
    } else {
        Box::new(file)
    };
    let mut records = Vec::new();
    for (number, line) in BufReader::with_capacity(1 << 16, reader).lines().enumerate() {
        let line =
            line.with_context(|| format!("{}:{}: cannot read", path.display(), number + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        let record: Record = serde_json::from_str(&line)
            .with_context(|| format!("{}:{}: not a corpus record", path.display(), number + 1))?;
        records.push(record);
    }
    if records.is_empty() {
        bail!("{}: the corpus has no records", path.display());
    }
    Ok(records)
}

/// Writes records as JSON Lines, gzipped (with a fixed header, so output is reproducible) when
/// the path ends in `.gz`.
pub fn write_records(path: &Path, records: &[Record]) -> Result<()> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    let file = File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
    let written = if is_gzip(path) {
        // `GzBuilder` writes mtime 0 and no file name: the same records give the same bytes.
        let mut out = flate2::GzBuilder::new().write(file, flate2::Compression::default());
        write_lines(&mut out, records).and_then(|()| out.finish().map(drop))
    } else {
        let mut out = BufWriter::new(file);
        write_lines(&mut out, records).and_then(|()| out.flush())
    };
    written.with_context(|| format!("cannot write {}", path.display()))
}

fn write_lines(out: &mut impl Write, records: &[Record]) -> std::io::Result<()> {
    for record in records {
        serde_json::to_writer(&mut *out, record)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

fn is_gzip(path: &Path) -> bool {
    path.extension().is_some_and(|ext| ext == "gz")
}
