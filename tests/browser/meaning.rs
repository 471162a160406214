//! What the reader meant, in the quick box of real Chromium, on real articles in both
//! languages: a Russian word with two letters swapped or one missing, a Russian title word
//! typed in Latin letters, a part of an exchange ticker, an English typo. Each answer says what
//! was searched instead ("Showing results for …", «Показаны результаты по запросу …»). The
//! index is built from the first articles of the shared corpora; the words are drawn from them.

use std::collections::BTreeMap;
use std::io::BufRead;

use super::corpus::{self, Record};
use super::harness::Env;
use super::quick::INPUT;
use super::session::{run, wait_for, Browser, Quick};

/// The first `articles` of a shared corpus, or `None` (after a loud note) when it is absent.
fn head(name: &str, articles: usize) -> Option<Vec<Record>> {
    let path = sift_tests::corpus(name)?;
    let file = std::fs::File::open(&path).expect("the corpus opens");
    let lines = std::io::BufReader::new(flate2::read::GzDecoder::new(file)).lines();
    let records = lines
        .take(articles)
        .map(|line| {
            let value = serde_json::from_str(&line.expect("readable")).expect("JSON");
            corpus::record(&value).expect("a record")
        })
        .collect();
    Some(records)
}

/// Title words of `min` letters or more that `script` accepts, by how many titles hold them.
fn title_words(records: &[Record], script: fn(char) -> bool, min: usize) -> Vec<String> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for record in records {
        for term in record.title_terms() {
            if term.chars().count() >= min && term.chars().all(script) {
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

/// A transliteration as a passport writes it (ICAO), the test's own, not the engine's.
fn passport(word: &str) -> String {
    word.chars()
        .map(|c| match c {
            'а' => "a",
            'б' => "b",
            'в' => "v",
            'г' => "g",
            'д' => "d",
            'е' | 'ё' | 'э' => "e",
            'ж' => "zh",
            'з' => "z",
            'и' | 'й' => "i",
            'к' => "k",
            'л' => "l",
            'м' => "m",
            'н' => "n",
            'о' => "o",
            'п' => "p",
            'р' => "r",
            'с' => "s",
            'т' => "t",
            'у' => "u",
            'ф' => "f",
            'х' => "kh",
            'ц' => "ts",
            'ч' => "ch",
            'ш' => "sh",
            'щ' => "shch",
            'ъ' => "ie",
            'ы' => "y",
            'ю' => "iu",
            'я' => "ia",
            _ => "",
        })
        .collect()
}

/// Types `text` into the quick box and waits until it shows an article holding `word` and a
/// status that says what was searched instead.
async fn finds(b: &Browser, text: &str, holds: impl Fn(&str) -> bool, says: &str) -> Quick {
    b.clear(INPUT).await;
    b.type_into(INPUT, text).await;
    wait_for!(format!("{text:?} finds what was meant and says {says:?}"), b.quick().await, |q| {
        q.options.iter().any(|o| holds(&o.path()))
            && q.status.as_deref().is_some_and(|s| s.contains(says))
    })
}

#[test]
fn a_reader_who_mistypes_or_types_latin_finds_the_article_and_is_told_so() {
    // Reuters' first few hundred articles hold tickers such as `ALCD.O` in their titles.
    let (Some(russian), Some(english)) = (head("ruwikinews-nerel", 120), head("reuters21578", 600))
    else {
        return;
    };
    run(|mut b| async move {
        let env: &Env = b.env;
        let records: Vec<Record> = russian.iter().chain(&english).cloned().collect();
        let (native, server) = env.custom_index("meaning-index", &records);
        let holding = |word: &str| -> Vec<String> {
            records.iter().filter(|r| r.terms().contains(word)).map(|r| r.url.clone()).collect()
        };
        let url = server.url().to_owned();
        let page = |lang: &str| {
            env.page(
                &format!("meaning-{lang}"),
                &format!(
                    "<sift-search mode=\"quick\" lang=\"{lang}\" index=\"{url}/\"></sift-search>"
                ),
            )
        };

        // Russian, in the Russian UI: the most frequent long title word that, with two
        // letters swapped or one left out, matches nothing as typed (so the reader must be
        // told what was searched instead).
        b.open(&page("ru")).await;
        b.quick_ready().await;
        let typos = |word: &str| -> [String; 2] {
            let mut chars: Vec<char> = word.chars().collect();
            let middle = chars.len() / 2;
            let missing: String =
                chars.iter().enumerate().filter(|&(i, _)| i != middle).map(|(_, c)| c).collect();
            chars.swap(middle - 1, middle);
            [format!("{} ", chars.iter().collect::<String>()), format!("{missing} ")]
        };
        let word = title_words(&russian, cyrillic, 7)
            .into_iter()
            .find(|w| typos(w).iter().all(|t| !native.quick(t).corrections.is_empty()))
            .expect("a Russian title word whose typos match nothing as typed");
        let urls = holding(&word);
        for typo in typos(&word) {
            finds(
                &b,
                &typo,
                |p| urls.iter().any(|u| u.ends_with(p)),
                "Показаны результаты по запросу",
            )
            .await;
        }

        // A Russian title's rarest word, typed in Latin letters.
        let record = russian
            .iter()
            .filter_map(|r| {
                let word = r
                    .title_terms()
                    .into_iter()
                    .filter(|t| t.chars().count() >= 6 && t.chars().all(cyrillic))
                    .min_by_key(|t| (holding(t).len(), t.clone()))?;
                (holding(&word).len() == 1).then(|| (r.url.clone(), word))
            })
            .next();
        let (article, rare) = record.expect("a title with a word no other article has");
        let latin = passport(&rare);
        let quick =
            finds(&b, &format!("{latin} "), |p| article.ends_with(p), &format!("«{rare}")).await;
        assert!(
            quick.options.iter().any(|o| !o.title_marks.is_empty()),
            "the Russian word is marked"
        );

        // English, in the English UI: a ticker's part, and a typo.
        b.open(&page("en")).await;
        b.quick_ready().await;
        let (ticker_article, part) = english
            .iter()
            .find_map(|r| {
                r.title.split(|c: char| c.is_whitespace() || "<>".contains(c)).find_map(|w| {
                    let (head, tail) = w.split_once('.')?;
                    let letters =
                        |s: &str| s.len() >= 2 && s.chars().all(|c| c.is_ascii_alphabetic());
                    (letters(head)
                        && !tail.is_empty()
                        && tail.chars().all(|c| c.is_ascii_alphabetic()))
                    .then(|| (r.url.clone(), head.to_lowercase()))
                })
            })
            .expect("a ticker such as ALCD.O in a title");
        b.clear(INPUT).await;
        b.type_into(INPUT, &format!("{part} ")).await;
        let shown = wait_for!(format!("{part:?} finds its ticker"), b.quick().await, |q| {
            q.options.iter().any(|o| ticker_article.ends_with(&o.path()))
        });
        let option =
            shown.options.iter().find(|o| ticker_article.ends_with(&o.path())).expect("shown");
        assert!(
            option.title_marks.iter().any(|m| m.eq_ignore_ascii_case(&part)),
            "only the part {part:?} is marked: {:?}",
            option.title_marks
        );
        let word = title_words(&english, |c| c.is_ascii_lowercase(), 7)
            .into_iter()
            .next()
            .expect("an English word");
        let typo: String = word
            .chars()
            .enumerate()
            .filter(|&(i, _)| i != word.len() / 2)
            .map(|(_, c)| c)
            .collect();
        let urls = holding(&word);
        finds(&b, &typo, |p| urls.iter().any(|u| u.ends_with(p)), "Showing results for").await;
        b
    });
}
