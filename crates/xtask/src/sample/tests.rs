//! Tests of the sample corpus: determinism, and the facts the module documentation promises.

use std::collections::BTreeSet;

use super::*;
use crate::corpus::read_records;

fn corpus() -> Vec<Record> {
    generate()
}

fn by_id<'a>(records: &'a [Record], id: &str) -> &'a Record {
    records.iter().find(|r| r.id == id).unwrap_or_else(|| panic!("no record {id}"))
}

fn text(record: &Record) -> String {
    format!("{}\n{}", record.title, record.body)
}

#[test]
fn generating_twice_gives_identical_bytes() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["articles.jsonl", "articles.jsonl.gz"] {
        let (a, b) = (dir.path().join(format!("a-{name}")), dir.path().join(format!("b-{name}")));
        write(&a).unwrap();
        write(&b).unwrap();
        let (a, b) = (std::fs::read(a).unwrap(), std::fs::read(b).unwrap());
        assert!(a.len() > 50_000, "{name} is only {} bytes", a.len());
        assert!(a == b, "{name} differs between two runs");
    }
}

#[test]
fn written_corpus_reads_back_as_generated() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("articles.jsonl.gz");
    write(&path).unwrap();
    assert_eq!(read_records(&path).unwrap(), corpus());
}

#[test]
fn lines_have_the_shared_corpora_field_order() {
    let line = serde_json::to_string(&corpus()[0]).unwrap();
    let keys = [
        "\"id\"",
        "\"url\"",
        "\"title\"",
        "\"date\"",
        "\"lang\"",
        "\"type\"",
        "\"tags\"",
        "\"body\"",
    ];
    let positions: Vec<usize> = keys.iter().map(|k| line.find(k).unwrap()).collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{line}");
}

#[test]
fn ids_urls_languages_and_types() {
    let records = corpus();
    assert_eq!(records.len(), COUNT);
    for (i, r) in records.iter().enumerate() {
        let number = i + 1;
        assert_eq!(r.id, format!("sample-{number:04}"));
        let section = ["news", "statements", "reports", "analysis"]
            [TYPES.iter().position(|t| *t == r.kind).unwrap()];
        assert_eq!(r.url, format!("/{section}/{}", r.id));
        let expected = if matches!(number % 5, 2 | 4) { "ru" } else { "en" };
        assert_eq!(r.lang, expected, "{}", r.id);
    }
    assert_eq!(records.iter().filter(|r| r.lang == "en").count(), 240);
    for kind in TYPES {
        assert!(records.iter().filter(|r| r.kind == kind).count() >= 20, "few {kind}");
    }
}

#[test]
fn facets_cover_every_value_in_both_languages() {
    let records = corpus();
    for r in &records {
        assert_eq!(r.tags.keys().collect::<Vec<_>>(), ["country", "topic"], "{}", r.id);
        let countries = &r.tags["country"];
        assert!(countries.iter().all(|c| COUNTRIES.contains(&c.as_str())), "{}", r.id);
        if countries[0] == "Central Asia" {
            assert_eq!(countries.len(), 2, "{}", r.id);
        } else {
            assert_eq!(countries.len(), 1, "{}", r.id);
        }
        let topics = &r.tags["topic"];
        assert!(
            (1..=2).contains(&topics.len()) && topics.iter().all(|t| TOPICS.contains(&t.as_str()))
        );
    }
    for lang in ["en", "ru"] {
        for (facet, values) in [("country", &COUNTRIES[..]), ("topic", &TOPICS[..])] {
            for value in values {
                let n = records
                    .iter()
                    .filter(|r| r.lang == lang && r.tags[facet].iter().any(|v| v == value))
                    .count();
                assert!(n >= 3, "only {n} {lang} records with {facet} {value}");
            }
        }
    }
}

#[test]
fn dates_span_2009_to_2024_with_a_few_undated() {
    let records = corpus();
    let undated: Vec<&str> =
        records.iter().filter(|r| r.date.is_none()).map(|r| r.id.as_str()).collect();
    assert_eq!(undated, UNDATED);
    let dates: BTreeSet<&str> = records.iter().filter_map(|r| r.date.as_deref()).collect();
    let (first, last) = (dates.first().unwrap(), dates.last().unwrap());
    assert!(*first >= "2009-01-01" && first.starts_with("2009"), "{first}");
    assert!(*last <= "2024-12-31" && last.starts_with("2024"), "{last}");
    for year in 2009..=2024 {
        assert!(dates.iter().any(|d| d.starts_with(&year.to_string())), "no article in {year}");
    }
    for date in dates {
        let (y, m, d) = (&date[..4], &date[5..7], &date[8..]);
        assert_eq!(date.len(), 10);
        let days = days_from_civil(y.parse().unwrap(), m.parse().unwrap(), d.parse().unwrap());
        let (y2, m2, d2) = civil_from_days(days);
        assert_eq!(format!("{y2:04}-{m2:02}-{d2:02}"), date, "not a real day");
    }
}

#[test]
fn hostile_titles_are_present_with_markup_in_their_bodies() {
    let records = corpus();
    for (id, title) in ["sample-0041", "sample-0143", "sample-0265"].iter().zip(HOSTILE) {
        let r = by_id(&records, id);
        assert_eq!(r.title, title);
        assert_eq!(r.lang, "en");
        assert!(r.body.contains("<b>bold</b> & <i>italics</i>"), "{id}");
    }
    assert_eq!(records.iter().filter(|r| r.title.contains('<')).count(), 3);
}

#[test]
fn pinned_articles_name_people_companies_and_helsinki() {
    let records = corpus();
    let expect = [
        ("sample-0001", "Zhovtis", "Kazakhstan"),
        ("sample-0002", "Жовтис", "Kazakhstan"),
        ("sample-0003", "Askarov", "Kyrgyzstan"),
        ("sample-0004", "Аскаров", "Kyrgyzstan"),
        ("sample-0005", "Mondelēz", "Russia"),
        ("sample-0007", "Mondelēz", "Russia"),
        ("sample-0006", "Helsinki", "Russia"),
    ];
    for (id, word, country) in expect {
        let r = by_id(&records, id);
        assert!(r.title.contains(word), "{id}: {}", r.title);
        assert_eq!(r.tags["country"], [country]);
    }
    let ids = |word| mentioning(&records, word).iter().map(|r| r.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids("Zhovtis"), ["sample-0001"]);
    assert_eq!(ids("Жовтис"), ["sample-0002"]);
    assert_eq!(ids("Askarov"), ["sample-0003"]);
    assert_eq!(ids("Аскаров"), ["sample-0004"]);
    for r in mentioning(&records, "Mondelēz") {
        assert_eq!(r.tags["country"], ["Russia"], "{}", r.id);
    }
    assert!(mentioning(&records, "helsinki").iter().any(|r| r.id == "sample-0006"));
    assert!(mentioning(&records, "Хельсинк").iter().all(|r| r.lang == "ru"));
}

#[test]
fn russian_text_inflects_and_names_carry_diacritics() {
    let all: String = corpus().iter().filter(|r| r.lang == "ru").map(text).collect();
    for form in [
        "правозащитник ",
        "правозащитника ",
        "правозащитники ",
        "правозащитников ",
        "правозащитниками ",
    ] {
        assert!(all.contains(form), "no «{}»", form.trim());
    }
    for form in ["Жовтиса", "Аскаровым", "Сейткали", "пыток", "пытки", "выборов", "выборы"]
    {
        assert!(all.contains(form), "no «{form}»");
    }
    let all: String = corpus().iter().map(text).collect();
    for mark in
        ["Gülnara Ataýewa", "Öwezow", "Xoʻjayev", "Алёна", "“", "”", "’", "«", "»", " – ", " — "]
    {
        assert!(all.contains(mark), "no {mark:?}");
    }
}

#[test]
fn every_placeholder_is_filled() {
    for r in corpus() {
        for text in [&r.title, &r.body] {
            assert!(
                !text.contains('{') && !text.contains('}') && !text.contains('~'),
                "{}: {text}",
                r.id
            );
        }
    }
}

#[test]
fn text_is_varied() {
    let records = corpus();
    let titles: BTreeSet<&str> = records.iter().map(|r| r.title.as_str()).collect();
    let bodies: BTreeSet<&str> = records.iter().map(|r| r.body.as_str()).collect();
    assert!(titles.len() * 4 > COUNT * 3, "only {} distinct titles", titles.len());
    assert_eq!(bodies.len(), COUNT, "two bodies are identical");
    for r in &records {
        let paragraphs = r.body.split("\n\n").count();
        assert!((3..=4).contains(&paragraphs), "{}: {paragraphs} paragraphs", r.id);
    }
}

#[test]
fn newest_is_sorted_and_filtered() {
    let records = corpus();
    let russia = newest(&records, "country", "Russia", 5);
    assert_eq!(russia.len(), 5);
    assert!(russia.windows(2).all(|w| w[0].date >= w[1].date));
    let newest_date = records
        .iter()
        .filter(|r| r.tags["country"].contains(&"Russia".to_string()))
        .filter_map(|r| r.date.clone())
        .max();
    assert_eq!(russia[0].date, newest_date);
    assert!(russia.iter().all(|r| r.tags["country"] == ["Russia"]));
    assert!(facts(&records).contains(&format!("newest Russia: {}", russia[0].id)));
}
