//! The test corpus (the project's sample corpus plus the fixture records), and facts about it
//! that tests assert against instead of hard-coded ids.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::Value;
use sift_core::{fold, stem, tokenize, Date, Document, Language};

/// One article as the JSONL corpora describe it.
#[derive(Clone, Debug)]
pub(crate) struct Record {
    pub(crate) url: String,
    pub(crate) title: String,
    pub(crate) date: Option<Date>,
    pub(crate) lang: String,
    /// Facet name to values: `type` plus every tag facet.
    pub(crate) facets: BTreeMap<String, Vec<String>>,
    pub(crate) body: String,
}

impl Record {
    /// The document the index builder makes of this record: `type` becomes a facet beside
    /// the tags, as index-builder's JSONL reader does.
    pub(crate) fn document(&self) -> Document {
        Document {
            url: self.url.clone(),
            title: self.title.clone(),
            body: self.body.clone(),
            date: self.date,
            lang: self.lang.clone(),
            facets: self.facets.clone(),
        }
    }

    /// Whether this record has `value` in facet `facet`.
    pub(crate) fn has(&self, facet: &str, value: &str) -> bool {
        self.facets.get(facet).is_some_and(|values| values.iter().any(|v| v == value))
    }

    /// The folded words of the title and the body.
    pub(crate) fn terms(&self) -> BTreeSet<String> {
        tokenize(&self.title).chain(tokenize(&self.body)).map(|t| t.term).collect()
    }

    /// The folded words of the title.
    pub(crate) fn title_terms(&self) -> BTreeSet<String> {
        tokenize(&self.title).map(|t| t.term).collect()
    }

    /// The stems of the title and body words, in this record's language.
    pub(crate) fn stems(&self) -> BTreeSet<String> {
        let language = Language::from_tag(&self.lang);
        self.terms()
            .into_iter()
            .map(|t| match language {
                Some(language) => stem(&t, language).into_owned(),
                None => t,
            })
            .collect()
    }
}

/// Reads a JSONL corpus (one record per line, the shape of `shared/corpora`).
pub(crate) fn read_jsonl(path: &Path) -> Result<Vec<Record>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut records = Vec::new();
    for (number, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let value: Value = serde_json::from_str(line)
            .map_err(|e| format!("{}:{}: {e}", path.display(), number + 1))?;
        records
            .push(record(&value).map_err(|e| format!("{}:{}: {e}", path.display(), number + 1))?);
    }
    Ok(records)
}

pub(crate) fn record(value: &Value) -> Result<Record, String> {
    let text = |key: &str| -> Result<String, String> {
        value[key].as_str().map(str::to_owned).ok_or_else(|| format!("no string `{key}`"))
    };
    let mut facets = BTreeMap::new();
    if let Some(kind) = value["type"].as_str() {
        facets.insert("type".to_owned(), vec![kind.to_owned()]);
    }
    if let Some(tags) = value["tags"].as_object() {
        for (facet, values) in tags {
            let values: Vec<String> = values
                .as_array()
                .map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect())
                .unwrap_or_default();
            if !values.is_empty() {
                facets.insert(facet.clone(), values);
            }
        }
    }
    Ok(Record {
        url: text("url")?,
        title: text("title")?,
        date: value["date"].as_str().and_then(Date::parse_iso),
        lang: value["lang"].as_str().unwrap_or("en").to_owned(),
        facets,
        body: text("body")?,
    })
}

/// Every facet of the corpus with each value's number of records, values by count descending.
pub(crate) fn facet_values(records: &[Record]) -> BTreeMap<String, Vec<(String, usize)>> {
    let mut counts: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    for record in records {
        for (facet, values) in &record.facets {
            for value in values {
                *counts.entry(facet.clone()).or_default().entry(value.clone()).or_default() += 1;
            }
        }
    }
    counts
        .into_iter()
        .map(|(facet, values)| {
            let mut values: Vec<_> = values.into_iter().collect();
            values.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            (facet, values)
        })
        .collect()
}

/// Whether `word` is made of letters only (no digits, no punctuation).
pub(crate) fn is_word(word: &str) -> bool {
    !word.is_empty() && word.chars().all(char::is_alphabetic)
}

/// Whether `word` is written in Cyrillic.
pub(crate) fn is_cyrillic(word: &str) -> bool {
    word.chars().all(|c| ('\u{400}'..='\u{4ff}').contains(&c))
}

/// The original spellings in `text` whose folded form differs from their lowercase form only
/// by diacritics (Mondelēz, not Москва).
pub(crate) fn diacritic_words(text: &str) -> Vec<String> {
    tokenize(text)
        .filter_map(|token| {
            let original = &text[token.span.clone()];
            let latin = original.chars().all(|c| c.is_alphabetic() && !is_cyrillic(&c.to_string()));
            let plain_ascii = token.term.is_ascii();
            let has_marks = !original.is_ascii();
            (latin && plain_ascii && has_marks && fold(original) == token.term)
                .then(|| original.to_owned())
        })
        .collect()
}

/// Levenshtein distance of two short words, by characters.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitute = previous + usize::from(ca != cb);
            previous = row[j + 1];
            row[j + 1] = substitute.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()]
}
