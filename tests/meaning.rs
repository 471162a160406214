//! Finding what the reader meant, in English and in Russian: a missing letter, two swapped
//! letters, a part of a compound word, a Russian word typed in Latin letters. The words are
//! drawn from the corpora themselves (the most frequent title words, or a title's rarer
//! ones) and mistyped here, so nothing is tuned to a chosen pair; the issue's own examples
//! run on the bundled sample corpus, which every clone has.

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use index_builder::Config;
use sift_core::{quick_rounds, run_rounds, FileKind, Rounds, SearchResults, QUICK_LIMIT};
use sift_tests::{corpus_and_records, MemoryIndex, Record};

/// What the quick box shows for `text`: its rounds run as the widget runs them.
fn quick(index: &MemoryIndex, text: &str) -> SearchResults {
    let Ok(answer) = run_rounds(quick_rounds(text), |request| {
        Ok::<_, std::convert::Infallible>(index.search(request))
    });
    answer.map(|(results, _)| results).unwrap_or_default()
}

/// Title terms by how many titles hold them, most first (ties by term), for the alphabetic
/// terms of `min_chars` or more letters that `script` accepts.
fn title_words(records: &[Record], script: fn(char) -> bool, min_chars: usize) -> Vec<String> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for record in records {
        let mut terms = record.terms().0;
        terms.sort();
        terms.dedup();
        for term in terms {
            if term.chars().count() >= min_chars && term.chars().all(script) {
                *counts.entry(term).or_default() += 1;
            }
        }
    }
    let mut words: Vec<(usize, String)> = counts.into_iter().map(|(t, n)| (n, t)).collect();
    words.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    words.into_iter().map(|(_, t)| t).collect()
}

fn cyrillic(c: char) -> bool {
    ('а'..='я').contains(&c) || c == 'ё'
}

fn latin(c: char) -> bool {
    c.is_ascii_lowercase()
}

/// `word` with the letter in its middle left out.
fn missing(word: &str) -> String {
    let chars: Vec<char> = word.chars().collect();
    let middle = chars.len() / 2;
    chars.iter().enumerate().filter(|&(i, _)| i != middle).map(|(_, c)| c).collect()
}

/// `word` with the two letters in its middle swapped.
fn swapped(word: &str) -> String {
    let mut chars: Vec<char> = word.chars().collect();
    let middle = chars.len() / 2;
    chars.swap(middle - 1, middle);
    chars.into_iter().collect()
}

/// Mistypes each of the twelve most frequent title words (of 6+ letters) both ways and checks
/// that the quick box's top ten then holds an article with the word.
fn mistyped_frequent_words_are_found(name: &'static str, script: fn(char) -> bool) {
    let Some((index, records)) = corpus_and_records(name) else { return };
    let terms: std::collections::HashSet<String> = records
        .iter()
        .flat_map(|r| {
            let (t, b) = r.terms();
            t.into_iter().chain(b)
        })
        .collect();
    let mut checked = 0;
    for word in title_words(records, script, 6).into_iter().take(12) {
        for typo in [missing(&word), swapped(&word)] {
            if typo == word || terms.contains(&typo) {
                continue; // not a typo of this corpus: a word of its own
            }
            let answer = quick(index, &typo);
            let found = answer.hits.iter().any(|h| {
                records.iter().find(|r| r.url == h.url).is_some_and(|r| r.any_term(|t| t == word))
            });
            assert!(
                found,
                "{name}: {typo:?} (for {word:?}) finds nothing with {word:?}: {:?}",
                titles(&answer)
            );
            checked += 1;
        }
    }
    assert!(checked >= 16, "{name}: only {checked} mistypings checked");
}

fn titles(answer: &SearchResults) -> Vec<&str> {
    answer.hits.iter().map(|h| h.title.text.as_str()).collect()
}

#[test]
fn russian_words_with_a_missing_or_swapped_letter_are_found() {
    mistyped_frequent_words_are_found("ruwikinews-nerel", cyrillic);
}

#[test]
fn english_words_with_a_missing_or_swapped_letter_are_found() {
    mistyped_frequent_words_are_found("reuters21578", latin);
}

/// The bundled sample corpus, indexed once.
fn sample() -> &'static MemoryIndex {
    static SAMPLE: OnceLock<MemoryIndex> = OnceLock::new();
    SAMPLE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let path = dir.path().join("sample.jsonl");
        xtask::sample::write(&path).expect("the sample corpus is written");
        MemoryIndex::build(&[path], Config::default())
    })
}

/// Whether every hit of `answer` marks a word whose folded form starts with `stem` (the word
/// the reader meant, in whatever inflection), and there is at least one.
fn all_mark(answer: &SearchResults, stem: &str) -> bool {
    !answer.hits.is_empty()
        && answer.hits.iter().all(|h| {
            [&h.title, &h.snippet].iter().any(|text| {
                text.marks.iter().any(|m| sift_core::fold(&text.text[m.clone()]).starts_with(stem))
            })
        })
}

#[test]
fn the_issues_own_examples_on_the_sample_corpus() {
    let index = sample();
    for (typed_text, meant) in [
        ("правозащитнк", "правозащитник"),
        ("задрежан", "задержан"),
        ("Алмтаы", "алматы"),
        ("helsnki", "helsinki"),
        ("sentnced", "sentenced"),
    ] {
        let answer = quick(index, typed_text);
        assert!(all_mark(&answer, meant), "{typed_text}: {:?}", titles(&answer));
        assert!(answer.corrections.iter().any(|(t, _)| sift_core::fold(typed_text) == *t));
    }
    // Latin letters for a Russian name, in the spellings readers use, find the articles that
    // write it in Cyrillic (besides those that write it in Latin letters).
    let marks_cyrillic = |answer: &SearchResults, meant: &str| {
        answer.hits.iter().any(|h| {
            [&h.title, &h.snippet].iter().any(|text| {
                text.marks.iter().any(|m| sift_core::fold(&text.text[m.clone()]).starts_with(meant))
            })
        })
    };
    for (typed_text, meant) in
        [("zhovtis", "жовтис"), ("Zhovtis", "жовтис"), ("jovtis", "жовтис"), ("almaty", "алматы")]
    {
        let answer = quick(index, typed_text);
        assert!(marks_cyrillic(&answer, meant), "{typed_text}: {:?}", titles(&answer));
    }
    // A spelling no article has is read as the Russian word, and the reader is told.
    let answer = quick(index, "jovtis");
    assert!(all_mark(&answer, "жовтис"), "{:?}", titles(&answer));
    assert!(answer.corrections.iter().any(|(_, taken)| taken.starts_with("жовтис")));
}

/// A word nothing matches as typed: the quick box's first result is the top article of the
/// corrected word, shown before any text block or the text dictionary is fetched (the
/// drop-down's snippets need them, the first result does not), in both languages.
#[test]
fn the_first_correction_is_shown_before_any_snippet_is_fetched() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("sample.jsonl");
    xtask::sample::write(&path).expect("the sample corpus is written");
    let is_text = |name: &String| {
        matches!(FileKind::of_name(name), Some(FileKind::Text | FileKind::Dictionary))
    };
    for typed_text in ["правозащитнк", "sentnced"] {
        // A fresh index each time: nothing cached from another search.
        let index = MemoryIndex::build(std::slice::from_ref(&path), Config::default());
        let mut rounds = Rounds::new(quick_rounds(typed_text));
        let mut first: Option<(String, Vec<String>)> = None;
        let mut last = SearchResults::default();
        while let Some(round) = rounds.next_round() {
            last = index.search(&round.request);
            rounds.answered(last.total);
            if first.is_none() {
                first = last.hits.first().map(|hit| (hit.url.clone(), index.fetched()));
            }
        }
        let (url, fetched) = first.unwrap_or_else(|| panic!("{typed_text}: nothing found"));
        assert!(!fetched.iter().any(is_text), "{typed_text}: first result after {fetched:?}");
        assert_eq!(last.hits.first().map(|hit| &hit.url), Some(&url), "{typed_text}");
        assert!(!last.corrections.is_empty() && last.hits.len() > 1, "{typed_text}");
        assert!(index.fetched().iter().any(is_text), "{typed_text}: the list has snippets");
    }
}

/// A transliteration as a passport (ICAO) writes it, independent of the engine's own keys.
fn passport(word: &str) -> String {
    let map: HashMap<char, &str> = [
        ('а', "a"),
        ('б', "b"),
        ('в', "v"),
        ('г', "g"),
        ('д', "d"),
        ('е', "e"),
        ('ё', "e"),
        ('ж', "zh"),
        ('з', "z"),
        ('и', "i"),
        ('й', "i"),
        ('к', "k"),
        ('л', "l"),
        ('м', "m"),
        ('н', "n"),
        ('о', "o"),
        ('п', "p"),
        ('р', "r"),
        ('с', "s"),
        ('т', "t"),
        ('у', "u"),
        ('ф', "f"),
        ('х', "kh"),
        ('ц', "ts"),
        ('ч', "ch"),
        ('ш', "sh"),
        ('щ', "shch"),
        ('ъ', "ie"),
        ('ы', "y"),
        ('ь', ""),
        ('э', "e"),
        ('ю', "iu"),
        ('я', "ia"),
    ]
    .into_iter()
    .collect();
    word.chars().map(|c| map.get(&c).copied().unwrap_or("")).collect()
}

#[test]
fn russian_title_words_typed_in_latin_letters_find_their_article() {
    let Some((index, records)) = corpus_and_records("ruwikinews-nerel") else { return };
    let frequency = document_frequency(records);
    let mut checked = 0;
    for record in records.iter().step_by(41).take(20) {
        // The title's rarest word of five letters or more, as a reader would look it up.
        let Some(word) = record
            .terms()
            .0
            .into_iter()
            .filter(|t| t.chars().count() >= 5 && t.chars().all(cyrillic))
            .min_by_key(|t| (frequency[t], t.clone()))
        else {
            continue;
        };
        let latin_word = passport(&word);
        let answer = quick(index, &format!("{latin_word} "));
        assert!(
            answer.hits.iter().any(|h| h.url == record.url),
            "{latin_word:?} (for {word:?}) does not find {:?}: {:?}",
            record.title,
            titles(&answer)
        );
        checked += 1;
    }
    assert!(checked >= 15, "only {checked} titles checked");
}

/// Title words joined by an inner dot (`ALCD.O`) or hyphen (`санкт-петербургский`).
fn compounds(records: &[Record], joiner: char) -> Vec<(&Record, String, String)> {
    let mut out = Vec::new();
    for record in records {
        for word in record.title.split(|c: char| c.is_whitespace() || "<>(),;:\"«»".contains(c)) {
            let Some((head, tail)) = word.split_once(joiner) else { continue };
            let is_word = |s: &str| s.chars().count() >= 2 && s.chars().all(char::is_alphabetic);
            if is_word(head) && is_word(tail) {
                out.push((record, sift_core::fold(head), word.to_string()));
            }
        }
    }
    out
}

#[test]
fn a_part_of_a_compound_word_finds_it_in_both_languages() {
    for (name, joiner) in [("reuters21578", '.'), ("ruwikinews-nerel", '-')] {
        let Some((index, records)) = corpus_and_records(name) else { continue };
        let found = compounds(records, joiner);
        assert!(found.len() >= 10, "{name}: {} compounds", found.len());
        let mut checked = 0;
        for (record, part, whole) in found.into_iter().step_by(7).take(12) {
            // The part, and another word of the title, as a reader types them.
            let Some(other) = record
                .terms()
                .0
                .into_iter()
                .find(|t| t.chars().count() >= 4 && !whole.to_lowercase().contains(t.as_str()))
            else {
                continue;
            };
            let answer = quick(index, &format!("{part} {other} "));
            assert!(
                answer.hits.iter().any(|h| h.url == record.url),
                "{name}: {part:?} of {whole:?} with {other:?} does not find {:?}: {:?}",
                record.title,
                titles(&answer)
            );
            let hit = answer.hits.iter().find(|h| h.url == record.url).expect("found");
            let marked: Vec<String> = hit
                .title
                .marks
                .iter()
                .map(|m| sift_core::fold(&hit.title.text[m.clone()]))
                .collect();
            assert!(marked.contains(&part), "{name}: {part:?} not marked in {:?}", hit.title);
            checked += 1;
        }
        assert!(checked >= 8, "{name}: only {checked} compounds checked");
    }
}

#[test]
fn a_ticker_part_finds_the_reuters_headline_the_issue_names() {
    let Some((index, _)) = corpus_and_records("reuters21578") else { return };
    for typed_text in ["alcd tests", "alcd.o tests", "alcdo tests"] {
        let answer = quick(index, typed_text);
        assert!(
            titles(&answer).iter().any(|t| t.contains("ALCD.O") && t.contains("TESTS")),
            "{typed_text}: {:?}",
            titles(&answer)
        );
    }
    let answer = quick(index, "cocao");
    assert_eq!(answer.corrections, [("cocao".to_string(), "cocoa".to_string())]);
    assert!(titles(&answer)[0].contains("COCOA"), "{:?}", titles(&answer));
}

/// How many articles hold each term, title or body.
fn document_frequency(records: &[Record]) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for record in records {
        let (title, body) = record.terms();
        let mut terms: Vec<String> = title.into_iter().chain(body).collect();
        terms.sort();
        terms.dedup();
        for term in terms {
            *counts.entry(term).or_default() += 1;
        }
    }
    counts
}

/// A title's rare word typed as its first three letters after another word of the title
/// (`kingdom tru` for Truss): the article is in the drop-down though dozens of commoner
/// words start so.
fn unfinished_rare_words_are_found(name: &'static str, script: fn(char) -> bool) {
    let Some((index, records)) = corpus_and_records(name) else { return };
    let frequency = document_frequency(records);
    let mut checked = 0;
    for record in records {
        let title: Vec<String> = record.terms().0;
        let alphabetic = |t: &&String| t.chars().count() >= 4 && t.chars().all(script);
        let Some(rare) = title.iter().filter(alphabetic).min_by_key(|t| (frequency[*t], *t)) else {
            continue;
        };
        let prefix: String = rare.chars().take(3).collect();
        // Only prefixes that are no word themselves (`int` for INT'L), and that the commonest
        // completions alone cannot finish.
        let commoner = frequency
            .iter()
            .filter(|(t, &n)| t.starts_with(&prefix) && n > frequency[rare])
            .count();
        let Some(other) = title
            .iter()
            .filter(alphabetic)
            .filter(|t| !t.starts_with(&prefix) && frequency[*t] <= records.len() / 50)
            .max_by_key(|t| (frequency[*t], *t))
        else {
            continue;
        };
        // And another word that narrows the search, as `kingdom` does, not `corp`.
        let narrows = frequency[other] >= 5;
        if frequency.contains_key(&prefix) || commoner < 50 || !narrows {
            continue;
        }
        let typed_text = format!("{other} {prefix}");
        let answer = quick(index, &typed_text);
        assert!(
            answer.hits.iter().take(QUICK_LIMIT).any(|h| h.url == record.url),
            "{name}: {typed_text:?} (for {rare:?}, {commoner} commoner words start so) does not \
             find {:?} in the drop-down: {:?}",
            record.title,
            titles(&answer)
        );
        checked += 1;
        if checked == 12 {
            break;
        }
    }
    assert!(checked >= 8, "{name}: only {checked} titles checked");
}

#[test]
fn an_unfinished_rare_russian_word_after_another_finds_its_article() {
    unfinished_rare_words_are_found("ruwikinews-nerel", cyrillic);
}

#[test]
fn an_unfinished_rare_english_word_after_another_finds_its_article() {
    unfinished_rare_words_are_found("reuters21578", latin);
}

/// A query of several words puts first the article whose title holds them all, though
/// others hold them too, some in the body (`застрелился летний` for "застрелился 18-летний
/// студент" before "застрелил 28-летний"; `consumer rose january` before seven CONSUMER
/// CREDIT ROSE headlines with January in the body).
fn a_title_with_every_word_comes_first(name: &'static str, typed_text: &str, in_title: &[&str]) {
    let Some((index, _)) = corpus_and_records(name) else { return };
    let answer = quick(index, typed_text);
    assert!(answer.total > 1, "{typed_text}: other articles hold the words too");
    let first = sift_core::fold(titles(&answer)[0]);
    assert!(in_title.iter().all(|w| first.contains(w)), "{typed_text}: {:?}", titles(&answer));
}

#[test]
fn a_russian_title_holding_every_word_comes_first() {
    a_title_with_every_word_comes_first(
        "ruwikinews-nerel",
        "застрелился летний",
        &["застрелился", "18-летний"],
    );
}

#[test]
fn an_english_title_holding_every_word_comes_first() {
    a_title_with_every_word_comes_first(
        "reuters21578",
        "consumer rose january",
        &["consumer", "rose", "january"],
    );
}

/// A reader who types a title's word as the title misspells it (`singapore foregn` for
/// "Minister for Foregn Affairs", among thousands of statements by ministers for foreign
/// affairs) gets that article first, though the typo round reads the word as its commoner
/// spelling too. The corpus is rebuilt with one article's title misspelling a title word
/// most articles hold (a letter left out, or two swapped).
fn a_title_misspelling_typed_as_written_comes_first(name: &'static str, script: fn(char) -> bool) {
    use std::io::{BufRead, Write};
    let Some(path) = sift_tests::corpus(name) else { return };
    let Some(records) = sift_tests::corpus_records(name) else { return };
    let titles_terms: Vec<Vec<String>> = records.iter().map(|r| r.terms().0).collect();
    // Of the ten title words most articles hold, the one with another word most of its
    // titles share: the other word typed, and the article (whose title holds both) given the
    // misspelling.
    let frequency = document_frequency(records);
    let mut commonest = title_words(records, script, 5);
    commonest.sort_by_key(|t| std::cmp::Reverse(frequency[t]));
    let pairs = commonest.into_iter().take(10).filter_map(|common| {
        let with: Vec<usize> =
            (0..records.len()).filter(|&i| titles_terms[i].contains(&common)).collect();
        let shared = |t: &String| with.iter().filter(|&&i| titles_terms[i].contains(t)).count();
        let (other, article) = with
            .iter()
            .flat_map(|&i| titles_terms[i].iter().map(move |t| (t.clone(), i)))
            .filter(|(t, _)| *t != common && t.chars().count() >= 4 && t.chars().all(script))
            .max_by_key(|(t, i)| (shared(t), std::cmp::Reverse(*i)))?;
        Some((shared(&other), common, other, article))
    });
    let (shared, common, other, article) =
        pairs.max_by_key(|p| p.0).expect("titles with two words");
    assert!(shared >= 3, "{name}: {other:?} and {common:?} share only {shared} titles");
    let typo = [missing(&common), swapped(&common)]
        .into_iter()
        .find(|t| !frequency.contains_key(t))
        .expect("a misspelling that is no word of the corpus");
    let dir = tempfile::tempdir().expect("a temporary directory");
    let misspelt = dir.path().join("articles.jsonl");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&misspelt).expect("created"));
    let lines = std::io::BufReader::new(flate2::read::GzDecoder::new(
        std::fs::File::open(&path).expect("the corpus opens"),
    ))
    .lines();
    for (i, line) in lines.enumerate() {
        let mut value: serde_json::Value =
            serde_json::from_str(&line.expect("read")).expect("JSON");
        if i == article {
            let title = value["title"].as_str().expect("a title").to_string();
            let folded = sift_core::fold(&title);
            let whole = |&(at, _): &(usize, &str)| {
                let before = folded[..at].chars().next_back();
                let after = folded[at + common.len()..].chars().next();
                !before.is_some_and(char::is_alphanumeric)
                    && !after.is_some_and(char::is_alphanumeric)
            };
            let (at, _) =
                folded.match_indices(&common).find(whole).expect("the word in the folded title");
            let respelt = format!("{}{typo}{}", &folded[..at], &folded[at + common.len()..]);
            value["title"] = serde_json::Value::String(respelt);
        }
        writeln!(out, "{value}").expect("written");
    }
    drop(out);
    let mut config = Config::default();
    config.index.compression_level = Some(3);
    let index = MemoryIndex::build(&[misspelt], config);
    let typed_text = format!("{other} {typo}");
    let answer = quick(&index, &typed_text);
    assert!(answer.total > QUICK_LIMIT, "{typed_text}: the typo round found {common:?}");
    assert_eq!(
        answer.hits.first().map(|h| h.url.as_str()),
        Some(records[article].url.as_str()),
        "{name}: {typed_text:?} does not put the article that spells it so first: {:?}",
        titles(&answer)
    );
}

#[test]
fn a_russian_title_misspelling_typed_as_written_comes_first() {
    a_title_misspelling_typed_as_written_comes_first("ruwikinews-nerel", cyrillic);
}

#[test]
fn an_english_title_misspelling_typed_as_written_comes_first() {
    a_title_misspelling_typed_as_written_comes_first("ungdc", latin);
}
