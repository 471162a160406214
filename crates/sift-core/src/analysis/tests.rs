//! Data-driven analysis tests: `test_data/analysis.txt` against `analysis.expected`.

use std::fmt::Write;

use expect_test::expect_file;

use super::{index_tokens, stem, term, Language};

#[test]
fn analysis_cases() {
    let input = include_str!("../../test_data/analysis.txt");
    let mut out = String::new();
    for line in input.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')) {
        let (lang, text) = line.split_once('|').expect("`lang | text`");
        // The file is plain text; `\u0306` and `\u07a9` write combining marks that editors
        // would hide.
        let text = text.trim().replace("\\u0306", "\u{0306}").replace("\\u07a9", "\u{07a9}");
        let language = Language::from_tag(lang.trim());
        writeln!(out, "{lang}| {text}").unwrap();
        // A part of a compound word is listed as `+part` after its word.
        let words: Vec<String> = index_tokens(&text)
            .map(|(token, part)| {
                assert_eq!(term(&text[token.span.clone()]).as_deref(), Some(token.term.as_str()));
                let shown = match language.map(|l| stem(&token.term, l)) {
                    Some(stemmed) if stemmed != token.term => {
                        format!("{} -> {stemmed}", token.term)
                    }
                    _ => token.term,
                };
                if part {
                    format!("+{shown}")
                } else {
                    shown
                }
            })
            .collect();
        writeln!(out, "    {}", words.join(" | ")).unwrap();
    }
    expect_file!["../../test_data/analysis.expected"].assert_eq(&out);
}

#[test]
fn short_i_stays_distinct_from_i_while_yo_meets_ye() {
    assert_eq!(term("Ёлка"), term("елка"));
    assert_ne!(term("мой"), term("мои"));
    assert_eq!(term("И\u{0306}емен").as_deref(), Some("йемен"));
    assert_eq!(term("Mondelēz"), term("mondelez"));
}
