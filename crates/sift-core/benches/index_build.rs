//! Index build of a reuters21578 subset in memory: analysis, inversion, layout, compression.

mod support;

use criterion::{Criterion, Throughput};

fn main() {
    let Some(docs) = support::reuters(Some(2_000)) else { return };
    let mut criterion = Criterion::default().sample_size(10).configure_from_args();
    let mut group = criterion.benchmark_group("build");
    group.throughput(Throughput::Bytes(support::text_bytes(&docs)));
    group.bench_function(format!("{} reuters articles", docs.len()), |b| {
        b.iter(|| support::build(&docs).files.len())
    });
    group.finish();
    criterion.final_summary();
}
