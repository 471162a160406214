//! Shared by the benches: the reuters21578 corpus as documents, found through `SIFT_CORPORA`.

// Each bench uses a different part of this module.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io::BufRead;
use std::path::PathBuf;

use sift_core::{analyze, BuildConfig, Date, Document, IndexBuilder, IndexFiles};

/// The corpus file, or `None` after a loud note when it is absent.
fn corpus_file(name: &str) -> Option<PathBuf> {
    let dir = std::env::var_os("SIFT_CORPORA").map(PathBuf::from).unwrap_or_else(|| {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpora")
    });
    let file = dir.join(name).join("articles.jsonl.gz");
    if file.is_file() {
        Some(file)
    } else {
        eprintln!(
            "\n*** SKIPPING BENCHMARKS: corpus {} not found; set SIFT_CORPORA to the corpora directory ***\n",
            file.display()
        );
        None
    }
}

/// The first `limit` articles of reuters21578 (all of them for `None`), as the builder sees
/// them: tags become facets, and so does the type.
pub(crate) fn reuters(limit: Option<usize>) -> Option<Vec<Document>> {
    let file = corpus_file("reuters21578")?;
    let reader =
        std::io::BufReader::new(flate2::read::GzDecoder::new(std::fs::File::open(&file).ok()?));
    let mut docs = Vec::new();
    for line in reader.lines().take(limit.unwrap_or(usize::MAX)) {
        let record: serde_json::Value = serde_json::from_str(&line.ok()?).ok()?;
        let text = |key: &str| record[key].as_str().unwrap_or_default().to_owned();
        let mut facets = BTreeMap::new();
        facets.insert("type".to_owned(), vec![text("type")]);
        for (facet, values) in record["tags"].as_object().into_iter().flatten() {
            let values = values
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|v| v.as_str().map(str::to_owned));
            facets.insert(facet.clone(), values.collect());
        }
        docs.push(Document {
            url: text("url"),
            title: text("title"),
            body: text("body"),
            date: record["date"].as_str().and_then(Date::parse_iso),
            lang: text("lang"),
            facets,
        });
    }
    Some(docs)
}

/// Builds an index of `docs` in memory with the default settings.
pub(crate) fn build(docs: &[Document]) -> IndexFiles {
    let mut builder = IndexBuilder::new(BuildConfig::default());
    for doc in docs {
        builder.add(analyze(doc));
    }
    builder.finish().expect("the corpus builds")
}

/// Total bytes of the titles and bodies of `docs`.
pub(crate) fn text_bytes(docs: &[Document]) -> u64 {
    docs.iter().map(|d| (d.title.len() + d.body.len()) as u64).sum()
}
