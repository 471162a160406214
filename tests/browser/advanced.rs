//! Advanced search on the demo's `/search.html`: every word field, title-only, facet counts
//! under the query, facet filters (OR within a facet, AND across facets), sorting, Reset all.

use std::collections::{BTreeMap, BTreeSet};

use sift_core::{
    stem, AdvancedQuery, Atom, Date, Field, Language, ParseOptions, Query, SearchRequest,
    SearchResults, Sort,
};

use super::corpus::{self, Record};
use super::harness::Env;
use super::session::{link_path, run, wait_for, Advanced, Browser};

/// The advanced widget of `/search.html`.
pub(crate) const ADVANCED: &str = "sift-search[mode=advanced]";

/// What a reader has put into the form.
#[derive(Clone, Debug, Default)]
pub(crate) struct Form {
    pub(crate) q: String,
    pub(crate) all: String,
    pub(crate) any: String,
    pub(crate) phrase: String,
    pub(crate) none: String,
    pub(crate) title: bool,
    pub(crate) filters: BTreeMap<String, Vec<String>>,
    pub(crate) from: Option<Date>,
    pub(crate) to: Option<Date>,
    pub(crate) sort: Sort,
}

impl Form {
    /// The core's request for this form (first page), the semantics the form promises:
    /// the quick-syntax field and the word fields together, `title` scoping every word.
    pub(crate) fn request(&self) -> SearchRequest {
        let mut query = Query::parse(&self.q, ParseOptions::default()).query;
        if self.title {
            for atom in query.clauses.iter_mut().filter(|c| !c.negated).flat_map(|c| &mut c.atoms) {
                match atom {
                    Atom::Word { field, .. } | Atom::Phrase { field, .. } => *field = Field::Title,
                }
            }
        }
        query.clauses.extend(
            Query::from_advanced(&AdvancedQuery {
                all: self.all.clone(),
                any: self.any.clone(),
                phrase: self.phrase.clone(),
                none: self.none.clone(),
                title_only: self.title,
            })
            .clauses,
        );
        SearchRequest {
            typos: sift_core::typo_eligible(&query),
            query,
            filters: self.filters.clone().into_iter().collect(),
            date_from: self.from,
            date_to: self.to,
            sort: self.sort,
            facet_counts: true,
            ..SearchRequest::default()
        }
    }

    /// The URL query string of this form (`?sift-all=a+b&sift-country=Russia`).
    pub(crate) fn query_string(&self) -> String {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        for (name, value) in [
            ("q", &self.q),
            ("all", &self.all),
            ("any", &self.any),
            ("phrase", &self.phrase),
            ("none", &self.none),
        ] {
            if !value.is_empty() {
                pairs.push((name, value.clone()));
            }
        }
        if self.title {
            pairs.push(("title", "1".into()));
        }
        if let Some(from) = self.from {
            pairs.push(("from", from.to_string()));
        }
        if let Some(to) = self.to {
            pairs.push(("to", to.to_string()));
        }
        if self.sort != Sort::Relevance {
            pairs.push(("sort", sort_name(self.sort).into()));
        }
        for (facet, values) in &self.filters {
            for value in values {
                pairs.push((facet, value.clone()));
            }
        }
        let encoded: Vec<String> =
            pairs.iter().map(|(n, v)| format!("{}={}", encode(&param(n)), encode(v))).collect();
        format!("?{}", encoded.join("&"))
    }
}

/// The widget's URL parameter for a field or facet: its name after the default prefix.
pub(crate) fn param(name: &str) -> String {
    format!("sift-{name}")
}

pub(crate) fn sort_name(sort: Sort) -> &'static str {
    match sort {
        Sort::Relevance => "relevance",
        Sort::Newest => "newest",
        Sort::Oldest => "oldest",
    }
}

/// Percent-encodes everything but unreserved characters.
fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Whether the form shows the core's answer: the total, the first page's results in order,
/// and every facet value's count.
pub(crate) fn shows(form: &Advanced, want: &SearchResults) -> bool {
    let expected: Vec<String> = want.hits.iter().map(|h| link_path(&h.url)).collect();
    let shown = form.paths();
    let counts_match = want.facets.iter().all(|facet| {
        let Some(shown_facet) = form.facet(&facet.name) else { return false };
        shown_facet.values.iter().all(|value| {
            let count = facet.values.iter().find(|(v, _)| *v == value.value).map_or(0, |(_, c)| *c);
            value.number() == Some(u64::from(count))
        }) && facet.values.iter().all(|(value, count)| {
            *count == 0 || shown_facet.values.iter().any(|v| v.value == *value)
        })
    });
    form.total_is(want.total)
        && shown.len() >= want.hits.len().min(5)
        && expected.starts_with(&shown)
        && counts_match
        && form.alert.is_none()
}

/// Waits until the widget shows the core's answer to `form`.
pub(crate) async fn wait_for_answer(b: &Browser, form: &Form, what: &str) -> Advanced {
    let want = b.env.index.search(&form.request());
    wait_for!(format!("{what} (total {})", want.total), b.advanced().await, |a| shows(&a, &want))
}

/// Replaces the text of the form field `name` with `text`, as typed.
pub(crate) async fn fill(b: &Browser, name: &str, text: &str) {
    let css = format!("form.sift-advanced input[name={name}]");
    b.clear(&css).await;
    if !text.is_empty() {
        b.type_into(&css, text).await;
    }
}

/// Ticks or unticks the checkbox of `value` in facet `facet`.
pub(crate) async fn toggle(b: &Browser, facet: &str, value: &str) {
    let css = format!(
        "fieldset.sift-facet[data-facet=\"{facet}\"] input[type=checkbox][value=\"{value}\"]"
    );
    b.click(&css).await;
}

/// Short English words (three or four letters: no typo matching) and their records.
fn short_words(records: &[Record]) -> BTreeMap<String, BTreeSet<usize>> {
    let mut words: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    for (i, record) in records.iter().enumerate().filter(|(_, r)| r.lang == "en") {
        for term in record.terms() {
            if (3..=4).contains(&term.len()) && term.is_ascii() && corpus::is_word(&term) {
                words.entry(term).or_default().insert(i);
            }
        }
    }
    words
}

/// Whether `record` has `word`, as a word or by stem.
fn has(record: &Record, word: &str) -> bool {
    record.terms().contains(word) || record.stems().contains(stem(word, Language::English).as_ref())
}

/// The record linked as `path`.
fn record<'a>(env: &'a Env, path: &str) -> &'a Record {
    env.records
        .iter()
        .find(|r| link_path(&r.url) == path)
        .unwrap_or_else(|| panic!("no record links to {path}"))
}

/// Two short words that share some records but not all: `all` narrows, `any` widens.
fn word_pair(records: &[Record]) -> (String, String) {
    let words = short_words(records);
    let candidates: Vec<(&String, &BTreeSet<usize>)> =
        words.iter().filter(|(_, docs)| (8..=150).contains(&docs.len())).collect();
    for (a, docs_a) in &candidates {
        for (b, docs_b) in &candidates {
            let both = docs_a.intersection(docs_b).count();
            if a < b
                && (2..docs_a.len().min(docs_b.len())).contains(&both)
                && both * 3 < docs_a.len()
            {
                return ((*a).clone(), (*b).clone());
            }
        }
    }
    panic!("no two short words share some records but not all");
}

/// The short word in the most records.
pub(crate) fn frequent_word(records: &[Record]) -> String {
    let words = short_words(records);
    let (word, _) = words.iter().max_by_key(|(_, docs)| docs.len()).expect("short words");
    word.clone()
}

#[test]
fn all_any_and_none_of_these_words() {
    run(|mut b| async move {
        let env = b.env;
        let (first, second) = word_pair(&env.records);
        b.use_widget(ADVANCED);
        b.open("/search.html").await;
        b.advanced_ready().await;

        let both = format!("{first} {second}");
        let form = Form { all: both.clone(), ..Form::default() };
        fill(&b, "all", &both).await;
        let shown = wait_for_answer(&b, &form, "all of these words").await;
        for result in &shown.results {
            let record = record(env, &result.path());
            assert!(has(record, &first) && has(record, &second), "{} lacks a word", record.url);
        }
        let all_total = env.index.search(&form.request()).total;

        fill(&b, "all", "").await;
        let form = Form { any: both.clone(), ..Form::default() };
        fill(&b, "any", &both).await;
        let shown = wait_for_answer(&b, &form, "any of these words").await;
        for result in &shown.results {
            let record = record(env, &result.path());
            assert!(has(record, &first) || has(record, &second), "{} has neither", record.url);
        }
        assert!(env.index.search(&form.request()).total > all_total, "any widens all");

        fill(&b, "any", "").await;
        fill(&b, "all", &first).await;
        let only_first = Form { all: first.clone(), ..Form::default() };
        let first_total = wait_for_answer(&b, &only_first, "one word").await;
        fill(&b, "none", &second).await;
        let form = Form { all: first.clone(), none: second.clone(), ..Form::default() };
        let shown = wait_for_answer(&b, &form, "none of these words").await;
        for result in &shown.results {
            assert!(!has(record(env, &result.path()), &second), "{} has {second}", result.path());
        }
        assert!(
            !first_total.total_is(env.index.search(&form.request()).total),
            "excluding {second:?} changes the total"
        );
        b
    });
}

/// Two consecutive words found together in some records and apart in others.
fn phrase(records: &[Record]) -> (String, String) {
    let mut adjacent: BTreeMap<(String, String), BTreeSet<usize>> = BTreeMap::new();
    for (i, record) in records.iter().enumerate().filter(|(_, r)| r.lang == "en") {
        let terms: Vec<String> = sift_core::tokenize(&record.body)
            .map(|t| t.term)
            .filter(|t| corpus::is_word(t))
            .collect();
        for pair in terms.windows(2) {
            if pair[0].len() >= 4 && pair[1].len() >= 4 && pair[0] != pair[1] {
                adjacent.entry((pair[0].clone(), pair[1].clone())).or_default().insert(i);
            }
        }
    }
    for ((a, b), docs) in &adjacent {
        if !(2..=40).contains(&docs.len()) {
            continue;
        }
        let apart = records
            .iter()
            .enumerate()
            .filter(|(i, r)| !docs.contains(i) && r.terms().contains(a) && r.terms().contains(b))
            .count();
        if apart > 0 {
            return (a.clone(), b.clone());
        }
    }
    panic!("no phrase whose words also occur apart");
}

#[test]
fn exact_phrase_and_title_only() {
    run(|mut b| async move {
        let env = b.env;
        let (first, second) = phrase(&env.records);
        b.use_widget(ADVANCED);
        b.open("/search.html").await;
        b.advanced_ready().await;

        let words = format!("{first} {second}");
        let form = Form { phrase: words.clone(), ..Form::default() };
        fill(&b, "phrase", &words).await;
        let shown = wait_for_answer(&b, &form, "an exact phrase").await;
        let apart = Form { all: words.clone(), ..Form::default() };
        assert!(
            env.index.search(&form.request()).total < env.index.search(&apart.request()).total,
            "the phrase is narrower than its words"
        );
        for result in &shown.results {
            let record = record(env, &result.path());
            let terms: Vec<String> = sift_core::tokenize(&record.title)
                .chain(sift_core::tokenize(&record.body))
                .map(|t| t.term)
                .collect();
            let stems = |t: &str| stem(t, Language::English).into_owned();
            assert!(
                terms
                    .windows(2)
                    .any(|w| stems(&w[0]) == stems(&first) && stems(&w[1]) == stems(&second)),
                "{} lacks the phrase {words:?}",
                record.url
            );
        }

        // Title only: a word in some titles and in more bodies.
        fill(&b, "phrase", "").await;
        let word = short_words(&env.records)
            .into_iter()
            .find(|(w, docs)| {
                let in_title =
                    docs.iter().filter(|&&i| env.records[i].title_terms().contains(w)).count();
                in_title >= 2 && in_title < docs.len()
            })
            .map(|(w, _)| w)
            .expect("a word in some titles and more bodies");
        fill(&b, "all", &word).await;
        let everywhere = Form { all: word.clone(), ..Form::default() };
        wait_for_answer(&b, &everywhere, "a word anywhere").await;
        b.click("form.sift-advanced input[type=checkbox][name=title]").await;
        let form = Form { all: word.clone(), title: true, ..Form::default() };
        let shown = wait_for_answer(&b, &form, "a word in titles only").await;
        assert_eq!(shown.title, Some(true));
        for result in &shown.results {
            let record = record(env, &result.path());
            let in_title = record
                .title_terms()
                .iter()
                .any(|t| stem(t, Language::English) == stem(&word, Language::English));
            assert!(in_title, "{} has no {word:?} in its title", record.url);
        }
        b.url_with(&[("sift-title", "1")]).await;
        b
    });
}

#[test]
fn facet_counts_follow_the_query_and_filters_combine() {
    run(|mut b| async move {
        let env = b.env;
        let (first, second) = word_pair(&env.records);
        b.use_widget(ADVANCED);
        b.open("/search.html").await;
        b.advanced_ready().await;

        fill(&b, "q", &first).await;
        let one = Form { q: first.clone(), ..Form::default() };
        let counts_one = wait_for_answer(&b, &one, "facet counts for the first word").await;
        fill(&b, "q", &second).await;
        let two = Form { q: second.clone(), ..Form::default() };
        let counts_two = wait_for_answer(&b, &two, "facet counts for the second word").await;
        let numbers = |a: &Advanced| -> Vec<Option<u64>> {
            a.facets.iter().flat_map(|f| f.values.iter().map(|v| v.number())).collect()
        };
        assert_ne!(numbers(&counts_one), numbers(&counts_two), "facet counts follow the query");

        // Two values of one facet widen (OR); a value of another facet narrows (AND).
        let word = frequent_word(&env.records);
        fill(&b, "q", &word).await;
        let mut form = Form { q: word.clone(), ..Form::default() };
        let before = wait_for_answer(&b, &form, "a frequent word").await;
        let (facet, values) = busiest_facet(&before, "country");
        let (other, other_values) = busiest_facet(&before, "topic");
        toggle(&b, &facet, &values[0]).await;
        form.filters.insert(facet.clone(), vec![values[0].clone()]);
        let narrow = env.index.search(&form.request()).total;
        wait_for_answer(&b, &form, "one facet value").await;
        toggle(&b, &facet, &values[1]).await;
        form.filters.insert(facet.clone(), vec![values[0].clone(), values[1].clone()]);
        let shown = wait_for_answer(&b, &form, "two values of one facet").await;
        let wide = env.index.search(&form.request()).total;
        assert!(wide > narrow, "a second value of {facet} adds results ({narrow} -> {wide})");
        for result in &shown.results {
            let record = record(env, &result.path());
            assert!(
                record.has(&facet, &values[0]) || record.has(&facet, &values[1]),
                "{} has neither {facet} value",
                record.url
            );
        }
        toggle(&b, &other, &other_values[0]).await;
        form.filters.insert(other.clone(), vec![other_values[0].clone()]);
        let shown = wait_for_answer(&b, &form, "values of two facets").await;
        assert!(env.index.search(&form.request()).total < wide, "a second facet narrows");
        for result in &shown.results {
            let record = record(env, &result.path());
            assert!(record.has(&other, &other_values[0]), "{} lacks {other}", record.url);
        }
        let (facet, other) = (param(&facet), param(&other));
        b.url_with(&[(&facet, &values[0]), (&facet, &values[1]), (&other, &other_values[0])]).await;
        b
    });
}

/// The facet named `preferred` (else the first non-`type` facet) and its values by count
/// under the current query, largest first.
fn busiest_facet(form: &Advanced, preferred: &str) -> (String, Vec<String>) {
    let facet = form
        .facet(preferred)
        .or_else(|| form.facets.iter().find(|f| f.name.as_deref() != Some("type")))
        .expect("the form has facets");
    let mut values: Vec<(u64, String)> =
        facet.values.iter().map(|v| (v.number().unwrap_or(0), v.value.clone())).collect();
    values.sort_by(|a, b| b.cmp(a));
    assert!(values.len() >= 2 && values[1].0 > 0, "facet {:?} has two values in use", facet.name);
    (facet.name.clone().unwrap_or_default(), values.into_iter().map(|(_, v)| v).collect())
}

/// Whether `dates` (YYYY-MM-DD, undated as `None`) are newest first, undated last.
pub(crate) fn newest_first(dates: &[Option<String>]) -> bool {
    dates.windows(2).all(|w| match (&w[0], &w[1]) {
        (Some(a), Some(b)) => a >= b,
        (None, Some(_)) => false,
        _ => true,
    })
}

/// Whether `dates` are oldest first, undated last.
pub(crate) fn oldest_first(dates: &[Option<String>]) -> bool {
    dates.windows(2).all(|w| match (&w[0], &w[1]) {
        (Some(a), Some(b)) => a <= b,
        (None, Some(_)) => false,
        _ => true,
    })
}

#[test]
fn each_sort_order_orders_the_results() {
    run(|mut b| async move {
        let env = b.env;
        let word = frequent_word(&env.records);
        b.use_widget(ADVANCED);
        b.open("/search.html").await;
        b.advanced_ready().await;
        fill(&b, "all", &word).await;
        let mut form = Form { all: word.clone(), ..Form::default() };
        wait_for_answer(&b, &form, "relevance order").await;

        for (sort, ordered) in [
            (Sort::Newest, newest_first as fn(&[Option<String>]) -> bool),
            (Sort::Oldest, oldest_first),
        ] {
            b.select("select[name=sort]", sort_name(sort)).await;
            form.sort = sort;
            let shown = wait_for_answer(&b, &form, sort_name(sort)).await;
            let dates: Vec<Option<String>> = shown.results.iter().map(|r| r.date.clone()).collect();
            assert!(ordered(&dates), "{} order: {dates:?}", sort_name(sort));
            let matching = env.index.search(&SearchRequest { limit: 100_000, ..form.request() });
            let mut all_dates: Vec<String> =
                matching.hits.iter().filter_map(|h| h.date.map(|d| d.to_string())).collect();
            all_dates.sort();
            let extreme = if sort == Sort::Newest { all_dates.last() } else { all_dates.first() };
            assert_eq!(dates[0].as_ref(), extreme, "the first result under {}", sort_name(sort));
            assert_eq!(shown.sort.as_deref(), Some(sort_name(sort)));
            b.url_with(&[("sift-sort", sort_name(sort))]).await;
        }
        b.select("select[name=sort]", "relevance").await;
        form.sort = Sort::Relevance;
        wait_for_answer(&b, &form, "relevance again").await;
        b
    });
}

#[test]
fn reset_all_empties_every_field_and_the_url() {
    run(|mut b| async move {
        let env = b.env;
        let (first, second) = word_pair(&env.records);
        let dated: Vec<Date> = env.records.iter().filter_map(|r| r.date).collect();
        let (from, to) = (*dated.iter().min().expect("dates"), *dated.iter().max().expect("dates"));
        let facets = corpus::facet_values(&env.records);
        let (facet, values) = facets.iter().find(|(f, _)| *f != "type").expect("a facet");
        let mut filters = BTreeMap::new();
        filters.insert(facet.clone(), vec![values[0].0.clone()]);
        let form = Form {
            q: first.clone(),
            any: format!("{first} {second}"),
            phrase: first.clone(),
            none: "zzzz".into(),
            all: second.clone(),
            title: false,
            filters,
            from: Some(from),
            to: Some(to),
            sort: Sort::Oldest,
        };
        b.use_widget(ADVANCED);
        b.open(&format!("/search.html{}", form.query_string())).await;
        let shown = wait_for!("the form to take the URL's state", b.advanced().await, |a| {
            a.ready && a.q.as_deref() == Some(first.as_str()) && a.total.is_some()
        });
        assert_eq!(shown.none.as_deref(), Some("zzzz"));
        assert_eq!(shown.sort.as_deref(), Some("oldest"));
        assert_eq!(shown.from, Some(from.to_string()));
        b.click("form.sift-advanced input[type=checkbox][name=title]").await;
        wait_for!("title-only to be ticked", b.advanced().await, |a| a.title == Some(true));

        b.click("button.sift-reset").await;
        let reset = wait_for!("Reset all to empty the form", b.advanced().await, |a| {
            [&a.q, &a.all, &a.any, &a.phrase, &a.none, &a.from, &a.to]
                .iter()
                .all(|v| v.as_deref().unwrap_or("").is_empty())
                && a.title == Some(false)
                && a.sort.as_deref() == Some("relevance")
                && a.facets.iter().all(|f| f.values.iter().all(|v| !v.checked))
        });
        let url = wait_for!("Reset all to empty the URL", b.url().await, |u| !u.contains('?')
            || u.ends_with('?'));
        assert!(!url.contains("sift-"), "{url}");
        assert!(reset.alert.is_none());
        b
    });
}

#[test]
fn a_russian_reader_sees_facet_values_as_labelled_in_russian() {
    run(|mut b| async move {
        let env = b.env;
        b.use_widget(ADVANCED);
        let page = env.page(
            "advanced-ru",
            "<sift-search mode=\"advanced\" lang=\"ru\" index=\"/index/\"></sift-search>",
        );
        b.open(&page).await;
        // The form renders first; the facets once the index's entry has been read.
        let ready =
            wait_for!("the country facet", b.advanced().await, |a| a.facet("country").is_some());
        let country = ready.facet("country").expect("the country facet");
        let kazakhstan =
            country.values.iter().find(|v| v.value == "Kazakhstan").expect("Kazakhstan is a value");
        assert_eq!(kazakhstan.label.as_deref(), Some("Казахстан"), "the checkbox shows the label");
        let unlabelled =
            country.values.iter().find(|v| v.value == "Kyrgyzstan").expect("Kyrgyzstan");
        assert_eq!(
            unlabelled.label.as_deref(),
            Some("Kyrgyzstan"),
            "a value without a label shows as it is"
        );
        b.click("fieldset.sift-facet[data-facet=country] input[value=Kazakhstan]").await;
        let form = Form {
            filters: [("country".to_string(), vec!["Kazakhstan".to_string()])].into(),
            ..Form::default()
        };
        let filtered = env.index.search(&form.request());
        let shown = wait_for!("the Kazakhstan filter", b.advanced().await, |a| a
            .total_is(filtered.total)
            && !a.results.is_empty());
        for result in &shown.results {
            assert!(
                result.tags.iter().any(|t| t == "Казахстан"),
                "{:?} shows its tags unlabelled",
                result.tags
            );
            assert!(!result.tags.iter().any(|t| t == "Kazakhstan"));
        }
        b
    });
}
