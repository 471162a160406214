//! The engine on the three real corpora: each query's answer is checked against the corpus
//! itself, read independently and analysed with the same folding and stemming.

use sift_core::{stem, Date, Language, ParseOptions, Query, SearchRequest, SearchResults, Sort};
use sift_tests::{corpus_and_records, MemoryIndex, Record};

fn request(query: &str) -> SearchRequest {
    SearchRequest {
        query: Query::parse(query, ParseOptions::default()).query,
        limit: 10,
        ..SearchRequest::default()
    }
}

/// Every hit of a request (one page as large as the total).
fn all_hits(index: &MemoryIndex, mut request: SearchRequest) -> SearchResults {
    request.limit = index.index.doc_count() as usize;
    index.search(&request)
}

fn record<'a>(records: &'a [Record], url: &str) -> &'a Record {
    records.iter().find(|r| r.url == url).unwrap_or_else(|| panic!("{url} is not in the corpus"))
}

/// Whether the record has a title or body term with the same stem as `term` in `language`.
fn has_stem(record: &Record, term: &str, language: Language) -> bool {
    let wanted = stem(term, language);
    record.any_term(|t| t == term || stem(t, language) == wanted)
}

fn count(records: &[Record], pred: impl Fn(&Record) -> bool) -> usize {
    records.iter().filter(|r| pred(r)).count()
}

#[test]
fn reuters_words_match_every_inflection_and_rank_title_matches_first() {
    let Some((index, records)) = corpus_and_records("reuters21578") else { return };
    let results = index.search(&request("cocoa"));
    assert_eq!(results.total, count(records, |r| has_stem(r, "cocoa", Language::English)));
    assert!(
        results.hits[0].title.text.to_lowercase().contains("cocoa"),
        "{:?}",
        results.hits[0].title
    );
    assert!(results.hits[0]
        .title
        .marks
        .iter()
        .any(|m| results.hits[0].title.text[m.clone()].eq_ignore_ascii_case("cocoa")));

    let reported = index.search(&request("reported"));
    assert_eq!(reported.total, count(records, |r| has_stem(r, "reported", Language::English)));
    assert!(reported.total > count(records, |r| r.terms().1.iter().any(|t| t == "reported")));
}

#[test]
fn reuters_typo_finds_the_word_it_meant() {
    let Some((index, records)) = corpus_and_records("reuters21578") else { return };
    let results = index.search(&request("brazl"));
    let brazil = count(records, |r| r.any_term(|t| t == "brazil"));
    assert!(results.total >= brazil, "{} < {brazil}", results.total);
    for hit in &results.hits {
        let has_brazil = record(records, &hit.url).any_term(|t| t == "brazil");
        assert!(has_brazil, "{} has no brazil", hit.url);
    }
    let no_typos = index.search(&SearchRequest { typos: false, ..request("brazl") });
    assert_eq!(no_typos.total, 0);
}

#[test]
fn reuters_prefix_of_the_last_word() {
    let Some((index, records)) = corpus_and_records("reuters21578") else { return };
    let typing = SearchRequest {
        query: Query::parse("hels", ParseOptions { prefix_last: true }).query,
        typos: false,
        ..SearchRequest::default()
    };
    let results = all_hits(index, typing);
    let expected = count(records, |r| r.any_term(|t| t.starts_with("hels")));
    assert_eq!(results.total, expected);
    assert!(results.hits.iter().all(|h| h.snippet.text.to_lowercase().contains("hels")
        || h.title.text.to_lowercase().contains("hels")));
}

#[test]
fn reuters_phrase_exclusion_and_title_scope() {
    let Some((index, records)) = corpus_and_records("reuters21578") else { return };
    let adjacent = |terms: &[String]| terms.windows(2).any(|w| w[0] == "oil" && w[1] == "prices");
    let phrase = index.search(&request("\"oil prices\""));
    assert_eq!(
        phrase.total,
        count(records, |r| {
            let (title, body) = r.terms();
            adjacent(&title) || adjacent(&body)
        })
    );

    let excluded = all_hits(index, request("oil -opec"));
    let oil = count(records, |r| has_stem(r, "oil", Language::English));
    let both = count(records, |r| {
        has_stem(r, "oil", Language::English) && has_stem(r, "opec", Language::English)
    });
    assert_eq!(excluded.total, oil - both);
    assert!(excluded.hits.iter().all(|h| !has_stem(
        record(records, &h.url),
        "opec",
        Language::English
    )));

    let titles = index.search(&request("title:cocoa"));
    assert_eq!(
        titles.total,
        count(records, |r| {
            let wanted = stem("cocoa", Language::English);
            r.terms().0.iter().any(|t| stem(t, Language::English) == wanted)
        })
    );
}

#[test]
fn reuters_facet_filters_and_counts_agree_with_the_corpus() {
    let Some((index, records)) = corpus_and_records("reuters21578") else { return };
    let has = |r: &Record, facet: &str, value: &str| {
        r.facets.get(facet).is_some_and(|v| v.iter().any(|x| x == value))
    };
    let filtered = SearchRequest {
        filters: vec![("places".to_string(), vec!["usa".to_string()])],
        facet_counts: true,
        ..request("grain")
    };
    let results = index.search(&filtered);
    let grain = |r: &Record| has_stem(r, "grain", Language::English);
    assert_eq!(results.total, count(records, |r| grain(r) && has(r, "places", "usa")));
    for hit in &results.hits {
        assert!(hit
            .facets
            .iter()
            .any(|(name, values)| name == "places" && values.contains(&"usa".to_string())));
    }
    // Counts of another facet follow the filter; the filtered facet's own counts ignore it.
    let counts =
        |name: &str| results.facets.iter().find(|f| f.name == name).expect("facet counted");
    let news =
        counts("type").values.iter().find(|(v, _)| v == "news").map(|&(_, n)| n).unwrap_or(0);
    assert_eq!(
        news as usize,
        count(records, |r| grain(r) && has(r, "places", "usa") && has(r, "type", "news"))
    );
    let canada =
        counts("places").values.iter().find(|(v, _)| v == "canada").map(|&(_, n)| n).unwrap_or(0);
    assert_eq!(canada as usize, count(records, |r| grain(r) && has(r, "places", "canada")));

    let two_values = SearchRequest {
        filters: vec![("places".to_string(), vec!["usa".to_string(), "canada".to_string()])],
        ..request("grain")
    };
    assert_eq!(
        index.search(&two_values).total,
        count(records, |r| grain(r) && (has(r, "places", "usa") || has(r, "places", "canada")))
    );
}

#[test]
fn reuters_date_range_and_sort_orders() {
    let Some((index, records)) = corpus_and_records("reuters21578") else { return };
    let ranged = SearchRequest {
        date_from: Date::parse_iso("1987-03-01"),
        date_to: Date::parse_iso("1987-03-31"),
        ..request("cocoa")
    };
    let results = all_hits(index, ranged);
    let in_march =
        |r: &Record| r.date.as_deref().is_some_and(|d| ("1987-03-01"..="1987-03-31").contains(&d));
    assert_eq!(
        results.total,
        count(records, |r| in_march(r) && has_stem(r, "cocoa", Language::English))
    );
    assert!(results
        .hits
        .iter()
        .all(|h| h.date.is_some_and(|d| d.to_string().starts_with("1987-03"))));

    for (sort, newest_first) in [(Sort::Newest, true), (Sort::Oldest, false)] {
        let hits = index.search(&SearchRequest { sort, limit: 50, ..request("cocoa") }).hits;
        let dates: Vec<Date> = hits.iter().filter_map(|h| h.date).collect();
        assert_eq!(dates.len(), hits.len());
        assert!(
            dates.windows(2).all(|w| if newest_first { w[0] >= w[1] } else { w[0] <= w[1] }),
            "{sort:?}"
        );
    }

    let all_news = index.search(&SearchRequest::default());
    assert_eq!(all_news.total, records.len());
    let newest = records.iter().filter_map(|r| r.date.clone()).max().expect("dated records");
    assert_eq!(all_news.hits[0].date.map(|d| d.to_string()), Some(newest));
}

#[test]
fn ruwikinews_matches_russian_inflections() {
    let Some((index, records)) = corpus_and_records("ruwikinews-nerel") else { return };
    for form in ["москве", "правительства", "президентом"] {
        let results = all_hits(index, request(form));
        assert_eq!(
            results.total,
            count(records, |r| has_stem(r, form, Language::Russian)),
            "{form}"
        );
        let other_forms =
            results.hits.iter().any(|h| !record(records, &h.url).any_term(|t| t == form));
        assert!(other_forms, "{form}: every hit has the very form typed");
        // Exact forms rank above other inflections.
        let first = record(records, &results.hits[0].url);
        assert!(first.any_term(|t| t == form), "{form}: top hit lacks the exact form");
    }
}

#[test]
fn ungdc_diacritic_free_spellings_find_the_accented_names() {
    let Some((index, records)) = corpus_and_records("ungdc") else { return };
    // Titles spell the name both ways; the plain spelling finds the accented one and marks it.
    let results = all_hits(index, request("Lourenco"));
    let accented = results
        .hits
        .iter()
        .find(|h| h.title.text.contains("Lourenço"))
        .expect("a title spelled Lourenço");
    let marked: Vec<&str> =
        accented.title.marks.iter().map(|m| &accented.title.text[m.clone()]).collect();
    assert_eq!(marked, vec!["Lourenço"]);
    assert_eq!(results.total, count(records, |r| has_stem(r, "lourenco", Language::English)));

    let country = SearchRequest {
        filters: vec![("country".to_string(), vec!["Angola".to_string()])],
        sort: Sort::Newest,
        ..request("")
    };
    let angola = all_hits(index, country);
    assert_eq!(
        angola.total,
        count(records, |r| r.facets.get("country").is_some_and(|c| c.contains(&"Angola".into())))
    );
    assert!(angola.hits.iter().all(|h| h.title.text.starts_with("Angola")));
}
