//! Arbitrary payloads in well-formed files, put in place of one file of a real index, then
//! searched in every way the widget searches: errors or partial answers, never a panic.
#![no_main]

use std::collections::BTreeMap;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use sift_core::fuzzing::{sample_index, seal};
use sift_core::{
    Date, FileCache, FileKind, Index, IndexFiles, Outcome, ParseOptions, Query, SearchRequest, Sort,
    ENTRY_FILE_NAME,
};

fn sample() -> &'static IndexFiles {
    static SAMPLE: OnceLock<IndexFiles> = OnceLock::new();
    SAMPLE.get_or_init(sample_index)
}

fn requests() -> Vec<SearchRequest> {
    let parse = |q: &str| Query::parse(q, ParseOptions { prefix_last: true }).query;
    let base = SearchRequest { facet_counts: true, ..SearchRequest::default() };
    vec![
        SearchRequest { query: parse("helsinki"), ..base.clone() },
        SearchRequest { query: parse("hels"), ..base.clone() },
        SearchRequest { query: parse("mondelez repots"), ..base.clone() },
        SearchRequest { query: parse("\"moscow helsinki\" -russia OR правозащитники"), ..base.clone() },
        SearchRequest {
            filters: BTreeMap::from([("country".into(), vec!["Russia".into()])]),
            date_from: Date::parse_iso("2011-01-01"),
            sort: Sort::Oldest,
            ..base.clone()
        },
        SearchRequest { sort: Sort::Newest, offset: 1, ..base },
    ]
}

fuzz_target!(|data: &[u8]| {
    let Some((&which, payload)) = data.split_first() else { return };
    let files = sample();
    let target = &files.files[usize::from(which) % files.files.len()];
    let forged = seal(target.kind, payload);
    let entry = files.files.iter().find(|f| f.name == ENTRY_FILE_NAME).expect("an entry");
    let entry_bytes = if target.kind == FileKind::Entry { &forged } else { &entry.bytes };
    let Ok(index) = Index::open(entry_bytes) else { return };
    for request in requests() {
        let mut cache = FileCache::new(&index);
        for _ in 0..8 {
            match index.search(&request, &cache) {
                Outcome::Ready(_) => break,
                Outcome::Need(names) => {
                    for name in names {
                        let bytes = if name == target.name {
                            forged.as_slice()
                        } else {
                            match files.files.iter().find(|f| f.name == name) {
                                Some(f) => f.bytes.as_slice(),
                                None => {
                                    cache.insert_missing(&name, "not in the index");
                                    continue;
                                }
                            }
                        };
                        let _ = cache.insert(&name, bytes);
                    }
                }
            }
        }
    }
});
