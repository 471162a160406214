//! Shard decoding: `FileCache::insert` of the term shards and of the document blocks of the
//! reuters21578 index, the work a browser does once per fetched file.

mod support;

use criterion::{BatchSize, Criterion, Throughput};
use sift_core::{FileCache, FileKind, IndexFile};

fn main() {
    let Some(docs) = support::reuters(None) else { return };
    let files = support::build(&docs).files;
    let of_kind = |kind: FileKind| -> Vec<&IndexFile> {
        files.iter().filter(|f| FileKind::of_name(&f.name) == Some(kind)).collect()
    };
    let (terms, blocks, dictionary) =
        (of_kind(FileKind::Terms), of_kind(FileKind::Docs), of_kind(FileKind::Dictionary));
    let bytes = |files: &[&IndexFile]| files.iter().map(|f| f.bytes.len() as u64).sum();

    let mut criterion = Criterion::default().sample_size(20).configure_from_args();
    let mut group = criterion.benchmark_group("decode");
    group.throughput(Throughput::Bytes(bytes(&terms)));
    group.bench_function(format!("{} term shards", terms.len()), |b| {
        b.iter_batched(
            FileCache::new,
            |mut cache| {
                for file in &terms {
                    cache.insert(&file.name, &file.bytes).expect("a term shard decodes");
                }
                cache
            },
            BatchSize::LargeInput,
        )
    });
    group.throughput(Throughput::Bytes(bytes(&blocks)));
    group.bench_function(format!("{} document blocks", blocks.len()), |b| {
        // Blocks are compressed with the index's dictionary; a reader has it before any block.
        let with_dictionary = || {
            let mut cache = FileCache::new();
            for file in &dictionary {
                cache.insert(&file.name, &file.bytes).expect("the dictionary decodes");
            }
            cache
        };
        b.iter_batched(
            with_dictionary,
            |mut cache| {
                for file in &blocks {
                    cache.insert(&file.name, &file.bytes).expect("a document block decodes");
                }
                cache
            },
            BatchSize::LargeInput,
        )
    });
    group.finish();
    criterion.final_summary();
}
