//! Typing in the quick search box: results on every keystroke, the last word a prefix, typos,
//! Russian inflections, diacritic-free spellings, and highlighted titles and snippets.

use std::collections::BTreeSet;

use sift_core::{fold, stem, tokenize, Language, SearchResults, QUICK_LIMIT};

use super::corpus::{self, Record};
use super::harness::Env;
use super::session::{link_path, numbers, run, wait_for, Browser, Quick};

/// The input of the quick box.
pub(crate) const INPUT: &str = "input[role=combobox]";

/// A test page with one quick search box on the test index.
pub(crate) fn quick_page(env: &Env, name: &str) -> String {
    env.page(
        name,
        "<header><sift-search mode=\"quick\" index=\"/index/\" search-page=\"/search.html\">\
         </sift-search></header>",
    )
}

/// The result paths the core gives for `text` in the quick box, best first.
pub(crate) fn expected(env: &Env, text: &str) -> SearchResults {
    env.index.quick(text)
}

/// Whether the quick box shows the core's answer to its query: the same results in the
/// same order (the box may show fewer than ten), and the total in the live region.
pub(crate) fn shows(quick: &Quick, expected: &SearchResults) -> bool {
    let want: Vec<String> = expected.hits.iter().map(|h| link_path(&h.url)).collect();
    let shown = quick.paths();
    !shown.is_empty()
        && shown.len() >= want.len().min(5)
        && want.starts_with(&shown)
        && numbers(quick.status.as_deref().unwrap_or("")).contains(&(expected.total as u64))
}

/// Types `text` into the quick box and waits until it shows the core's answer.
pub(crate) async fn search(b: &Browser, text: &str) -> Quick {
    let want = expected(b.env, text);
    assert!(want.total > 0, "the test index has no results for {text:?}");
    b.clear(INPUT).await;
    b.type_into(INPUT, text).await;
    wait_for!(format!("the results for {text:?}"), b.quick().await, |q| shows(&q, &want))
}

/// The record with link `path`.
fn record<'a>(records: &'a [Record], path: &str) -> &'a Record {
    records
        .iter()
        .find(|r| link_path(&r.url) == path)
        .unwrap_or_else(|| panic!("no record links to {path}"))
}

/// Asserts that every shown result carries its record's date, type, tags and link, and that
/// the title and snippet marks are those of the core.
fn assert_results_complete(env: &Env, quick: &Quick, expected: &SearchResults) {
    for (shown, hit) in quick.options.iter().zip(&expected.hits) {
        let record = record(&env.records, &shown.path());
        assert_eq!(shown.title.as_deref(), Some(record.title.trim()), "title of {}", record.url);
        assert_eq!(shown.date, record.date.map(|d| d.to_string()), "date of {}", record.url);
        let kind = &record.facets["type"][0];
        assert_eq!(shown.kind.as_deref(), Some(kind.as_str()), "type of {}", record.url);
        let tags: BTreeSet<&str> = shown.tags.iter().map(String::as_str).collect();
        let values: BTreeSet<&str> = record
            .facets
            .iter()
            .filter(|(facet, _)| *facet != "type")
            .flat_map(|(_, values)| values.iter().map(String::as_str))
            .collect();
        assert_eq!(tags, values, "tags of {}", record.url);
        let marked = |h: &sift_core::Highlighted| -> Vec<String> {
            h.segments().into_iter().filter(|(_, m)| *m).map(|(s, _)| s.to_owned()).collect()
        };
        assert_eq!(shown.title_marks, marked(&hit.title), "title marks of {}", record.url);
        assert_eq!(shown.snippet_marks, marked(&hit.snippet), "snippet marks of {}", record.url);
        assert!(shown.site.is_none(), "a single index labels its results with a site");
    }
}

#[test]
fn typing_shows_results_on_every_keystroke_and_a_prefix_finds_helsinki() {
    run(|mut b| async move {
        let env = b.env;
        let helsinki: Vec<&Record> = env
            .records
            .iter()
            .filter(|r| tokenize(&r.title).any(|t| t.term.starts_with("helsinki")))
            .collect();
        assert!(!helsinki.is_empty(), "the sample corpus has no Helsinki title");
        b.open(&quick_page(env, "typing")).await;
        b.quick_ready().await;

        // After every keystroke from the second on, the list is the answer to what is typed.
        let typed = "hels";
        b.type_into(INPUT, &typed[..1]).await;
        for end in 2..=typed.len() {
            b.type_into(INPUT, &typed[end - 1..end]).await;
            let want = expected(env, &typed[..end]);
            let shown =
                wait_for!(format!("the results for {:?}", &typed[..end]), b.quick().await, |q| q
                    .value
                    .as_deref()
                    == Some(&typed[..end])
                    && shows(&q, &want));
            assert_eq!(shown.expanded.as_deref(), Some("true"), "the list is open");
            assert!(shown.listbox_visible, "the list is visible");
            if end == typed.len() {
                let paths = shown.paths();
                assert!(
                    helsinki.iter().any(|r| paths.contains(&link_path(&r.url))),
                    "`hels` does not find a Helsinki article: {paths:?}"
                );
                let top = &shown.options[0];
                assert!(
                    top.title_marks.iter().any(|m| fold(m).starts_with("hels")),
                    "the top title does not highlight the prefix: {top:?}"
                );
                assert_results_complete(env, &shown, &want);
            }
        }
        b
    });
}

/// A word of five or more letters (the shortest that typos reach) and a real corpus word one
/// letter away from it: the query `near` finds `word`'s articles (a typo) below its own
/// (exact) articles.
struct TypoPair {
    word: String,
    near: String,
    /// Records matching `near` exactly, by stem or as a prefix.
    exact: BTreeSet<String>,
    /// Records found only through the typo.
    typo_only: BTreeSet<String>,
}

/// The pair with the fewest records among those where the drop-down has room for every exact
/// match of `near` and at least one typo-only match of `word` (by the core's own answer: other
/// typo candidates of `near` compete for the same places).
fn typo_pair(env: &Env) -> Option<TypoPair> {
    let records = &env.records;
    let english: Vec<&Record> = records.iter().filter(|r| r.lang == "en").collect();
    let mut vocabulary: BTreeSet<String> = BTreeSet::new();
    for record in &english {
        vocabulary.extend(record.terms());
    }
    let words: Vec<&String> =
        vocabulary.iter().filter(|w| w.len() >= 5 && w.is_ascii() && corpus::is_word(w)).collect();
    let matches = |query: &str, record: &Record| {
        let query_stem = stem(query, Language::English);
        record.terms().iter().any(|t| t.starts_with(query))
            || record.stems().contains(query_stem.as_ref())
    };
    let mut pairs: Vec<TypoPair> = Vec::new();
    for word in &words {
        for near in &words {
            if word == near
                || corpus::edit_distance(word, near) != 1
                || near.starts_with(word.as_str())
                || word.starts_with(near.as_str())
                || stem(word, Language::English) == stem(near, Language::English)
            {
                continue;
            }
            let exact: BTreeSet<String> =
                records.iter().filter(|r| matches(near, r)).map(|r| r.url.clone()).collect();
            let typo_only: BTreeSet<String> = records
                .iter()
                .filter(|r| r.terms().contains(*word) && !exact.contains(&r.url))
                .map(|r| r.url.clone())
                .collect();
            if exact.is_empty() || typo_only.is_empty() || exact.len() > 6 {
                continue;
            }
            pairs.push(TypoPair { word: (*word).clone(), near: (*near).clone(), exact, typo_only });
        }
    }
    pairs.sort_by_key(|p| (p.exact.len() + p.typo_only.len(), p.near.clone(), p.word.clone()));
    pairs.into_iter().find(|pair| {
        let answer = env.index.quick(&pair.near);
        let top: Vec<String> =
            answer.hits.iter().take(QUICK_LIMIT).map(|h| link_path(&h.url)).collect();
        let shown = |url: &String| top.contains(&link_path(url));
        pair.exact.iter().all(shown) && pair.typo_only.iter().any(shown)
    })
}

/// A word of six to eight letters from the title of exactly one record, and that word with
/// one letter in the middle changed so that it is no word (nor a word's start) of the corpus
/// and no other word is one edit away from it.
fn misspelling(records: &[Record]) -> Option<(String, String, String)> {
    let all_terms: BTreeSet<String> = records.iter().flat_map(|r| r.terms()).collect();
    for record in records.iter().filter(|r| r.lang == "en") {
        for word in record.title_terms() {
            if !(6..=8).contains(&word.len()) || !word.is_ascii() || !corpus::is_word(&word) {
                continue;
            }
            let holders = records.iter().filter(|r| r.terms().contains(&word)).count();
            if holders != 1 {
                continue;
            }
            let middle = word.len() / 2;
            for letter in ['q', 'x', 'z', 'j'] {
                let mut typo = word.clone();
                typo.replace_range(middle..=middle, &letter.to_string());
                // No other word is one edit away, so that nothing crowds the article out.
                let neighbours =
                    all_terms.iter().filter(|t| corpus::edit_distance(t, &typo) <= 1).count();
                if neighbours == 1 && !all_terms.iter().any(|t| t.starts_with(&typo)) {
                    return Some((word.clone(), typo, record.url.clone()));
                }
            }
        }
    }
    None
}

#[test]
fn a_misspelt_word_finds_its_article_below_exact_matches() {
    run(|mut b| async move {
        let env = b.env;
        b.open(&quick_page(env, "typo")).await;
        b.quick_ready().await;

        let (word, typo, url) = misspelling(&env.records).expect("a word to misspell");
        let shown = search(&b, &typo).await;
        assert!(
            shown.paths().contains(&link_path(&url)),
            "{typo:?} (for {word:?}) does not find {url}: {:?}",
            shown.paths()
        );

        let pair = typo_pair(env).expect("two corpus words one letter apart");
        let shown = search(&b, &pair.near).await;
        let paths = shown.paths();
        let position = |set: &BTreeSet<String>| -> Vec<usize> {
            paths
                .iter()
                .enumerate()
                .filter(|(_, p)| set.iter().any(|u| link_path(u) == **p))
                .map(|(i, _)| i)
                .collect()
        };
        let (exact, typo_only) = (position(&pair.exact), position(&pair.typo_only));
        assert!(
            !typo_only.is_empty(),
            "{:?} does not find the articles of {:?} within one typo: {paths:?}",
            pair.near,
            pair.word
        );
        assert_eq!(exact.len(), pair.exact.len(), "every exact match of {:?} is shown", pair.near);
        assert!(
            exact.iter().max() < typo_only.iter().min(),
            "typo matches of {:?} ({:?}) rank above its exact matches: {paths:?}",
            pair.near,
            pair.word
        );
        b
    });
}

/// A Russian word form that occurs in the corpus, and a record that has the same stem in
/// another form only (not the typed one, and not a word it starts).
fn russian_inflection(records: &[Record]) -> Option<(String, String)> {
    let russian: Vec<&Record> = records.iter().filter(|r| r.lang == "ru").collect();
    let mut forms: BTreeSet<String> = BTreeSet::new();
    for record in &russian {
        forms.extend(
            record.terms().into_iter().filter(|t| corpus::is_cyrillic(t) && t.chars().count() >= 6),
        );
    }
    for form in &forms {
        let form_stem = stem(form, Language::Russian).into_owned();
        let holders: Vec<&&Record> =
            russian.iter().filter(|r| r.stems().contains(&form_stem)).collect();
        if holders.len() > 6 {
            continue;
        }
        let other_form_only = holders.iter().find(|r| {
            let terms = r.terms();
            !terms.iter().any(|t| t.starts_with(form.as_str()))
        });
        if let Some(record) = other_form_only {
            return Some((form.clone(), record.url.clone()));
        }
    }
    None
}

#[test]
fn a_russian_word_finds_its_other_inflections() {
    run(|mut b| async move {
        let env = b.env;
        let (form, url) = russian_inflection(&env.records).expect("a Russian inflection pair");
        b.open(&quick_page(env, "russian")).await;
        b.quick_ready().await;
        let shown = search(&b, &form).await;
        assert!(
            shown.paths().contains(&link_path(&url)),
            "{form:?} does not find {url}, which has another form of the word: {:?}",
            shown.paths()
        );
        b
    });
}

#[test]
fn a_spelling_without_diacritics_finds_the_one_with_them() {
    run(|mut b| async move {
        let env = b.env;
        // Mondelēz when the corpus has it, else the first title word with diacritics.
        let mut candidates: Vec<(String, &Record)> = env
            .records
            .iter()
            .flat_map(|r| corpus::diacritic_words(&r.title).into_iter().map(move |w| (w, r)))
            .collect();
        candidates.sort_by_key(|(w, _)| !w.starts_with("Mondel"));
        let (original, record) = candidates.first().cloned().expect("a title word with diacritics");
        let plain = fold(&original);
        assert!(plain.is_ascii() && plain != original.to_lowercase());

        b.open(&quick_page(env, "diacritics")).await;
        b.quick_ready().await;
        let shown = search(&b, &plain).await;
        let found = shown.options.iter().find(|o| o.path() == link_path(&record.url));
        let found = found.unwrap_or_else(|| {
            panic!("{plain:?} does not find {} ({original}): {:?}", record.url, shown.paths())
        });
        assert!(
            found.title_marks.contains(&original),
            "the title does not highlight {original:?}: {found:?}"
        );
        b
    });
}
