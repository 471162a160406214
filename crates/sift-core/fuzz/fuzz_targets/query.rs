//! The query parser never panics and always yields a bounded query it can print back.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sift_core::{AdvancedQuery, ParseOptions, Query};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for prefix_last in [false, true] {
        let parsed = Query::parse(&text, ParseOptions { prefix_last });
        let atoms: usize = parsed.query.clauses.iter().map(|c| c.atoms.len()).sum();
        assert!(atoms <= 32);
        // What the parser prints, it reads back the same.
        let again = Query::parse(&parsed.query.to_string().replace('*', ""), ParseOptions::default());
        assert_eq!(again.query.clauses.len(), parsed.query.clauses.len());
    }
    let mut fields = text.split('\n');
    let form = AdvancedQuery {
        all: fields.next().unwrap_or_default().into(),
        any: fields.next().unwrap_or_default().into(),
        phrase: fields.next().unwrap_or_default().into(),
        none: fields.next().unwrap_or_default().into(),
        title_only: data.first().is_some_and(|b| b & 1 == 1),
    };
    let _ = Query::from_advanced(&form);
});
