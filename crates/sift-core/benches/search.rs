//! Warm query evaluation: `Index::search` over a fixed query list against the whole
//! reuters21578 index built in memory, every file already decoded in the `FileCache`.

mod support;

use criterion::{black_box, Criterion};
use sift_core::{
    typo_eligible, FileCache, FileKind, Index, Outcome, ParseOptions, Query, SearchRequest,
    ENTRY_FILE_NAME,
};

/// Single words, two words, prefixes, typos and phrases, as in the browser benchmark.
const QUERIES: &[&str] = &[
    "oil",
    "coffee",
    "dollar",
    "wheat",
    "japan",
    "merger",
    "gold",
    "interest rates",
    "crude oil",
    "trade deficit",
    "stock split",
    "central bank",
    "petro",
    "agric",
    "compu",
    "goverment",
    "inflaton",
    "ecomomic growth",
    "\"federal reserve\"",
    "\"trade surplus\"",
];

fn request(text: &str) -> SearchRequest {
    let query = Query::parse(text, ParseOptions { prefix_last: true }).query;
    SearchRequest { typos: typo_eligible(&query), query, limit: 10, ..SearchRequest::default() }
}

fn main() {
    let Some(docs) = support::reuters(None) else { return };
    let files = support::build(&docs);
    let entry = files.files.iter().find(|f| f.name == ENTRY_FILE_NAME).expect("an entry file");
    let index = Index::open(&entry.bytes).expect("the entry opens");
    let mut cache = FileCache::with_budget(&index, usize::MAX);
    for file in
        files.files.iter().filter(|f| !matches!(f.kind, FileKind::Entry | FileKind::Sources))
    {
        cache.insert(&file.name, &file.bytes).expect("every file decodes");
    }
    let requests: Vec<SearchRequest> = QUERIES.iter().map(|q| request(q)).collect();
    for (text, request) in QUERIES.iter().zip(&requests) {
        if let Outcome::Need(names) = index.search(request, &cache) {
            panic!("{text:?} still needs {names:?} with every file in the cache");
        }
    }

    let mut criterion = Criterion::default().configure_from_args();
    let mut group = criterion.benchmark_group("search");
    group.bench_function(format!("{} queries, top 10, warm", QUERIES.len()), |b| {
        b.iter(|| {
            for request in &requests {
                black_box(index.search(request, &cache));
            }
        })
    });
    for text in ["oil", "interest rates", "compu", "goverment", "\"federal reserve\""] {
        let request = request(text);
        group.bench_function(format!("{text:?}"), |b| {
            b.iter(|| black_box(index.search(&request, &cache)))
        });
    }
    group.finish();
    criterion.final_summary();
}
