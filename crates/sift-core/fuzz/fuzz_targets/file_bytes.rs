//! Arbitrary bytes given as any kind of index file: an error, never a panic.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use sift_core::fuzzing::sample_index;
use sift_core::{FileCache, Index, ENTRY_FILE_NAME};

/// The index whose cache the bytes are offered to (files are checked against its counts).
fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| {
        let files = sample_index();
        let entry = files.files.iter().find(|f| f.name == ENTRY_FILE_NAME).expect("an entry");
        Index::open(&entry.bytes).expect("the sample entry opens")
    })
}

const NAMES: [&str; 10] = [
    "dir-0000000000000000.sift",
    "terms-0000000000000000.sift",
    "pos-0000000000000000.sift",
    "meta-0000000000000000.sift",
    "text-0000000000000000.sift",
    "facet-0000000000000000.sift",
    "dates-0000000000000000.sift",
    "typo-0000000000000000.sift",
    "dict-0000000000000000.sift",
    "blocks-0000000000000000.sift",
];

fuzz_target!(|data: &[u8]| {
    let Some((&which, bytes)) = data.split_first() else { return };
    let _ = Index::open(bytes);
    let mut cache = FileCache::new(index());
    let _ = cache.insert(NAMES[usize::from(which) % NAMES.len()], bytes);
});
