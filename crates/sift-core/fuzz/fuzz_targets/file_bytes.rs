//! Arbitrary bytes given as any kind of index file: an error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sift_core::{FileCache, Index};

const NAMES: [&str; 9] = [
    "dir-0000000000000000.sift",
    "terms-0000000000000000.sift",
    "pos-0000000000000000.sift",
    "docs-0000000000000000.sift",
    "facet-0000000000000000.sift",
    "dates-0000000000000000.sift",
    "typo-0000000000000000.sift",
    "dict-0000000000000000.sift",
    "blocks-0000000000000000.sift",
];

fuzz_target!(|data: &[u8]| {
    let Some((&which, bytes)) = data.split_first() else { return };
    let _ = Index::open(bytes);
    let mut cache = FileCache::new();
    let _ = cache.insert(NAMES[usize::from(which) % NAMES.len()], bytes);
});
