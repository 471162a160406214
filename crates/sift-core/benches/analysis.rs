//! Analysis throughput over reuters21578 titles and bodies: tokenize and fold, then stem, then
//! the whole per-document analysis the builder runs (which also packs the stored fields).

mod support;

use criterion::{black_box, Criterion, Throughput};
use sift_core::{analyze, stem, tokenize, Language};

fn main() {
    let Some(docs) = support::reuters(Some(2_000)) else { return };
    let mut criterion = Criterion::default().sample_size(20).configure_from_args();
    let mut group = criterion.benchmark_group("analysis");
    group.throughput(Throughput::Bytes(support::text_bytes(&docs)));
    group.bench_function("tokenize+fold", |b| {
        b.iter(|| {
            docs.iter()
                .map(|d| tokenize(&d.title).count() + tokenize(&d.body).count())
                .sum::<usize>()
        })
    });
    group.bench_function("tokenize+fold+stem", |b| {
        b.iter(|| {
            let mut bytes = 0;
            for doc in &docs {
                for token in tokenize(&doc.title).chain(tokenize(&doc.body)) {
                    bytes += stem(&token.term, Language::English).len();
                }
            }
            black_box(bytes)
        })
    });
    group.bench_function("analyze (documents for the builder)", |b| {
        b.iter(|| docs.iter().for_each(|d| drop(black_box(analyze(d)))))
    });
    group.finish();
    criterion.final_summary();
}
