//! Data-driven parser tests: `test_data/queries.txt` against `queries.expected`.

use std::fmt::Write;

use expect_test::expect_file;

use super::{AdvancedQuery, Atom, Field, ParseOptions, Query};

#[test]
fn query_cases() {
    let input = include_str!("../../test_data/queries.txt");
    let mut out = String::new();
    for line in input.lines().filter(|l| !l.starts_with('#')) {
        let parsed = Query::parse(line, ParseOptions { prefix_last: true });
        writeln!(out, "{line:?}\n    {}", parsed.query).unwrap();
        for d in parsed.diagnostics {
            writeln!(out, "    note: {}", d.message).unwrap();
        }
    }
    expect_file!["../../test_data/queries.expected"].assert_eq(&out);
}

#[test]
fn ten_thousand_characters_parse_into_a_bounded_query() {
    let text = "word \"phrase -x OR ".repeat(600);
    let parsed = Query::parse(&text, ParseOptions { prefix_last: true });
    let atoms: usize = parsed.query.clauses.iter().map(|c| c.atoms.len()).sum();
    assert!(atoms <= 32, "{atoms} atoms");
    assert!(!parsed.diagnostics.is_empty());
}

#[test]
fn a_trailing_space_ends_the_prefix() {
    let typing = Query::parse("hels", ParseOptions { prefix_last: true }).query;
    let done = Query::parse("hels ", ParseOptions { prefix_last: true }).query;
    assert!(matches!(&typing.clauses[0].atoms[0], Atom::Word { prefix: true, .. }));
    assert!(matches!(&done.clauses[0].atoms[0], Atom::Word { prefix: false, .. }));
    let advanced = Query::parse("hels", ParseOptions::default()).query;
    assert!(matches!(&advanced.clauses[0].atoms[0], Atom::Word { prefix: false, .. }));
}

#[test]
fn advanced_fields_build_the_same_query_as_the_quick_syntax() {
    let form = AdvancedQuery {
        all: "oil prices".into(),
        any: "opec saudi".into(),
        phrase: "crude output".into(),
        none: "gas".into(),
        title_only: false,
    };
    let quick =
        Query::parse("oil prices opec OR saudi \"crude output\" -gas", ParseOptions::default());
    assert_eq!(Query::from_advanced(&form), quick.query);
    let titles =
        Query::from_advanced(&AdvancedQuery { all: "oil".into(), title_only: true, ..form });
    assert!(matches!(&titles.clauses[0].atoms[0], Atom::Word { field: Field::Title, .. }));
}
