//! The word boundaries against `unicode-segmentation` (the reference they replace, kept as a
//! dev-dependency): the same words, at the same bytes, on every title and body of the shared
//! corpora (English and Russian) and on random text of the characters the rules distinguish.

use std::io::BufRead;
use std::path::PathBuf;

use proptest::prelude::*;
use unicode_segmentation::UnicodeSegmentation;

use super::word_spans;

/// The words of `text` with a letter or digit, by `unicode-segmentation`.
fn reference(text: &str) -> Vec<(usize, &str)> {
    text.split_word_bound_indices()
        .filter(|(_, word)| word.chars().any(char::is_alphanumeric))
        .collect()
}

/// Asserts that both give the same words, showing the first that differs in its context.
fn assert_same(text: &str) {
    let (ours, theirs): (Vec<_>, Vec<_>) = (word_spans(text).collect(), reference(text));
    if let Some(i) = (0..ours.len().max(theirs.len())).find(|&i| ours.get(i) != theirs.get(i)) {
        let at = ours.get(i).or(theirs.get(i)).map_or(0, |w| w.0);
        let context: String = text[at.saturating_sub(40).min(at)..].chars().take(60).collect();
        panic!("word {i}: ours {:?}, UAX #29 {:?}, near {context:?}", ours.get(i), theirs.get(i));
    }
}

/// Every string field of every article of corpus `name`, or `None` if the corpora are not
/// there (said loudly; CI always has them).
fn corpus_texts(name: &str) -> Option<Vec<String>> {
    let dir = std::env::var_os("SIFT_CORPORA").map(PathBuf::from).unwrap_or_else(|| {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpora")
    });
    let path = dir.join(name).join("articles.jsonl.gz");
    let Ok(file) = std::fs::File::open(&path) else {
        eprintln!("*** SKIPPED: corpus {} not found; set SIFT_CORPORA ***", path.display());
        return None;
    };
    let reader = std::io::BufReader::new(flate2::read::GzDecoder::new(file));
    let mut texts = Vec::new();
    for line in reader.lines() {
        let article: serde_json::Value = serde_json::from_str(&line.expect("gzip")).expect("JSON");
        collect_strings(&article, &mut texts);
    }
    Some(texts)
}

fn collect_strings(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect_strings(v, out)),
        serde_json::Value::Object(map) => map.values().for_each(|v| collect_strings(v, out)),
        _ => {}
    }
}

fn assert_corpus(name: &str) {
    let Some(texts) = corpus_texts(name) else { return };
    let mut words = 0;
    for text in &texts {
        assert_same(text);
        words += reference(text).len();
    }
    // The corpus was read: a broken reader must not pass by comparing nothing.
    assert!(words > 100_000, "{name}: only {words} words");
}

#[test]
fn same_words_as_uax29_on_reuters() {
    assert_corpus("reuters21578");
}

#[test]
fn same_words_as_uax29_on_russian_wikinews() {
    assert_corpus("ruwikinews-nerel");
}

#[test]
fn same_words_as_uax29_on_un_debates() {
    assert_corpus("ungdc");
}

#[test]
fn same_words_as_uax29_on_the_analysis_cases() {
    for line in include_str!("../../../test_data/analysis.txt").lines() {
        assert_same(line);
    }
    for text in [
        "U.S. o’Brien NAT'L 155,221 5.93 1987-02-26 snake_case __init__ a_1 1_a",
        "Санкт-Петербург; Д’Артаньян; ОБСЕ.Россия; и\u{306}емен; 10\u{202f}000 руб.",
        "soft\u{ad}hyphen zero\u{200b}width joi\u{200d}ner \u{301}leading mark",
        "ｆｕｌｌ ＦＵＬＬ１２ カタカナ ひらがな 漢字 שלום צה\"ל ג'ורג'",
        "x²+y³ ½ ①② Ⅻ ʼn ˈstress 3:45 a:b 1,2 a,b 1;2 a'b 1'2 a.1 1.a",
        "\r\n\u{301}a \u{85}b \u{2028}c 🇺🇸 👍🏽 e\u{fe0f}",
    ] {
        assert_same(text);
    }
}

/// Characters from every class the rules tell apart, in English and Russian text.
fn mixed_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "a", "Z", "é", "ж", "Й", "1", "٣", "_", ":", "·", ",", ";", ".", "’", "'", "\"", " ", "\n",
        "\r", "-", "\u{301}", "\u{306}", "\u{ad}", "\u{200d}", "\u{200b}", "\u{202f}", "ש", "ק",
        "カ", "ー", "ひ", "字", "²", "½", "Ⅻ", "ʼ", "ˈ", "!", "“", "—",
    ]);
    prop::collection::vec(pieces, 0..24).prop_map(|p| p.concat())
}

proptest! {
    #[test]
    fn same_words_as_uax29_on_mixed_text(text in mixed_text()) {
        let ours: Vec<(usize, &str)> = word_spans(&text).collect();
        prop_assert_eq!(ours, reference(&text));
    }
}

/// Every character of the scripts and punctuation the corpora are written in (Latin, Greek,
/// Cyrillic, Armenian, Hebrew, Arabic, the general and CJK punctuation, kana, presentation and
/// full-width forms), between letters, digits, underscores, Katakana, Hebrew and spaces.
#[test]
fn same_words_as_uax29_for_every_character_of_the_corpora_scripts() {
    let blocks =
        [0..0x5c8, 0x5ca..0x70f, 0x710..0x900, 0x1e00..0x3005, 0x3006..0xa000, 0xfb00..0x1_0000];
    for c in blocks.into_iter().flatten().filter_map(char::from_u32) {
        for probe in [
            format!("a{c}b"),
            format!("1{c}2"),
            format!("{c}{c}"),
            format!("_{c}_"),
            format!("カ{c}カ"),
            format!(" {c}a"),
            format!("ש{c}ש"),
            format!("a{c}"),
        ] {
            assert_same(&probe);
        }
    }
}
