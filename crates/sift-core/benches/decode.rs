//! Shard decoding: `FileCache::insert` of the term shards and of the document blocks (meta
//! and text) of the reuters21578 index, the work a browser does once per fetched file.

mod support;

use criterion::{BatchSize, Criterion, Throughput};
use sift_core::{FileCache, FileKind, Index, IndexFile, ENTRY_FILE_NAME};

fn main() {
    let Some(docs) = support::reuters(None) else { return };
    let files = support::build(&docs).files;
    let of_kind = |kind: FileKind| -> Vec<&IndexFile> {
        files.iter().filter(|f| FileKind::of_name(&f.name) == Some(kind)).collect()
    };
    let entry = files.iter().find(|f| f.name == ENTRY_FILE_NAME).expect("an entry file");
    let index = Index::open(&entry.bytes).expect("the entry opens");
    let (terms, metas, texts, dictionary) = (
        of_kind(FileKind::Terms),
        of_kind(FileKind::Meta),
        of_kind(FileKind::Text),
        of_kind(FileKind::Dictionary),
    );
    let empty = || FileCache::with_budget(&index, usize::MAX);
    let bytes = |files: &[&IndexFile]| files.iter().map(|f| f.bytes.len() as u64).sum();

    let mut criterion = Criterion::default().sample_size(20).configure_from_args();
    let mut group = criterion.benchmark_group("decode");
    group.throughput(Throughput::Bytes(bytes(&terms)));
    group.bench_function(format!("{} term shards", terms.len()), |b| {
        b.iter_batched(
            empty,
            |mut cache| {
                for file in &terms {
                    cache.insert(&file.name, &file.bytes).expect("a term shard decodes");
                }
                cache
            },
            BatchSize::LargeInput,
        )
    });
    group.throughput(Throughput::Bytes(bytes(&metas)));
    group.bench_function(format!("{} meta blocks", metas.len()), |b| {
        b.iter_batched(
            empty,
            |mut cache| {
                for file in &metas {
                    cache.insert(&file.name, &file.bytes).expect("a meta block decodes");
                }
                cache
            },
            BatchSize::LargeInput,
        )
    });
    group.throughput(Throughput::Bytes(bytes(&texts)));
    group.bench_function(format!("{} text blocks", texts.len()), |b| {
        // Text blocks are compressed with the index's dictionary; a reader has it first.
        let with_dictionary = || {
            let mut cache = empty();
            for file in &dictionary {
                cache.insert(&file.name, &file.bytes).expect("the dictionary decodes");
            }
            cache
        };
        b.iter_batched(
            with_dictionary,
            |mut cache| {
                for file in &texts {
                    cache.insert(&file.name, &file.bytes).expect("a text block decodes");
                }
                cache
            },
            BatchSize::LargeInput,
        )
    });
    group.finish();
    criterion.final_summary();
}
