//! JSONL records: one JSON object per line, in the shape of the shared corpora.
//!
//! `{"id", "url", "title", "date" (ISO or null), "lang", "type", "tags": {facet: [values]},
//! "body"}`. `type` becomes the facet `type`, each `tags` entry a facet of that name. Other
//! keys are ignored, so exports may carry more.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use sift_core::Document;

use super::{add_facet, parse_date, ReadContext};
use crate::error::{Error, Location, Result};

#[derive(Deserialize)]
struct Record {
    url: Option<String>,
    title: Option<String>,
    body: Option<String>,
    date: Option<String>,
    lang: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    #[serde(default)]
    tags: Option<BTreeMap<String, serde_json::Value>>,
}

/// A tag's values: a list of scalars, one scalar, or null (numbers such as a year count
/// as text).
fn values(value: serde_json::Value) -> Vec<String> {
    use serde_json::Value;
    let scalar = |value: Value| match value {
        Value::String(s) => Some(s),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    };
    match value {
        Value::Array(items) => items.into_iter().filter_map(scalar).collect(),
        other => scalar(other).into_iter().collect(),
    }
}

pub(super) fn parse_line(
    file: &Path,
    line: u64,
    bytes: &[u8],
    ctx: &ReadContext,
) -> Result<Document> {
    let at = || Location::line(file, line);
    let text = std::str::from_utf8(bytes)
        .map_err(|e| Error::BadUtf8 { at: at(), offset: e.valid_up_to() })?;
    let text = if line == 1 { text.trim_start_matches('\u{feff}') } else { text };
    let record: Record = serde_json::from_str(text)
        .map_err(|e| Error::BadJson { at: at(), reason: json_reason(&e) })?;
    let title = record.title.unwrap_or_default();
    if title.trim().is_empty() {
        return Err(Error::NoTitle { at: at() });
    }
    let url = record.url.unwrap_or_default();
    if url.trim().is_empty() {
        return Err(Error::NoUrl { at: at() });
    }
    let date = parse_date(record.date.as_deref(), at)?;
    let mut facets = BTreeMap::new();
    if let Some(kind) = record.kind {
        add_facet(&mut facets, "type", [kind]);
    }
    for (name, value) in record.tags.unwrap_or_default() {
        add_facet(&mut facets, &name, values(value));
    }
    let lang = record.lang.filter(|l| !l.trim().is_empty());
    Ok(Document {
        url,
        title,
        body: record.body.unwrap_or_default(),
        date,
        lang: lang.unwrap_or_else(|| ctx.default_lang.clone()),
        facets,
    })
}

/// serde_json's message without its "at line 1 column N" (every record is one line),
/// with the column kept when it helps.
fn json_reason(error: &serde_json::Error) -> String {
    let message = error.to_string();
    let message = match message.rfind(" at line ") {
        Some(at) => message[..at].to_string(),
        None => message,
    };
    if error.column() > 0 {
        format!("{message} (column {})", error.column())
    } else {
        message
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn parse(line: &str) -> Result<Document> {
        let ctx = ReadContext::new(&Config::default()).unwrap();
        parse_line(Path::new("a.jsonl"), 7, line.as_bytes(), &ctx)
    }

    #[test]
    fn records_map_type_and_tags_onto_facets() {
        let doc = parse(
            r#"{"id":"x","url":"/n/1","title":"Cocoa","date":"1987-02-26","lang":"en",
            "type":"news","tags":{"places":["usa","uruguay"],"topics":"cocoa","year":[1987]},"body":"b"}"#
                .replace('\n', " ")
                .as_str(),
        )
        .unwrap();
        assert_eq!(doc.url, "/n/1");
        assert_eq!(doc.date.unwrap().to_string(), "1987-02-26");
        assert_eq!(doc.facets["type"], ["news"]);
        assert_eq!(doc.facets["places"], ["usa", "uruguay"]);
        assert_eq!(doc.facets["topics"], ["cocoa"]);
        assert_eq!(doc.facets["year"], ["1987"]);
    }

    #[test]
    fn missing_language_and_null_date_take_defaults() {
        let doc = parse(r#"{"url":"/x","title":"T","date":null}"#).unwrap();
        assert_eq!(doc.lang, "en");
        assert_eq!(doc.date, None);
    }

    #[test]
    fn bad_records_name_the_line_and_reason() {
        let message = |line: &str| parse(line).unwrap_err().to_string();
        assert_eq!(message(r#"{"url":"/x","title":"  "}"#), "a.jsonl:7: record has no title");
        assert_eq!(message(r#"{"title":"T"}"#), "a.jsonl:7: record has no url");
        assert!(message(r#"{"url":"/x","#).starts_with("a.jsonl:7: malformed JSON record: "));
        assert!(message(r#"{"url":"/x","title":"T","date":"26/02/1987"}"#)
            .starts_with("a.jsonl:7: bad date \"26/02/1987\""));
        assert!(message(r#"{"url":5,"title":"T"}"#).contains("invalid type: integer `5`"));
    }
}
