//! Markdown files with YAML (`---`) or TOML (`+++`) front matter, rendered to plain text.
//!
//! Front matter keys read: `title`, `date`, `lang`, `url`, `type`, `tags` (a list, which
//! becomes the facet `tags`, or a map of facet to values) and `facets` (a map of facet to
//! values). Other keys (`draft`, `weight`...) are ignored. Without a `title`, the first
//! level-one heading is the title. Without a `url`, it comes from the path: `a/b.md` is
//! `/a/b/`, `a/index.md` and `a/_index.md` are `/a/`.

use std::collections::BTreeMap;
use std::path::Path;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde_json::Value;
use sift_core::Document;

use super::{add_facet, collapse, parse_date, ReadContext};
use crate::config::join_url;
use crate::error::{Error, Location, Result};

/// The URL of a Markdown file from its path under the input directory.
pub(crate) fn file_url(root: &Path, path: &Path, base: Option<&str>) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let mut parts: Vec<String> =
        rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    if let Some(last) = parts.pop() {
        let stem = last.rsplit_once('.').map_or(last.as_str(), |(stem, _)| stem).to_string();
        if stem != "index" && stem != "_index" {
            parts.push(stem);
        }
    }
    let mut url = format!("/{}", parts.join("/"));
    if !url.ends_with('/') {
        url.push('/');
    }
    join_url(base, &url)
}

pub(super) fn parse_file(
    path: &Path,
    url: &str,
    text: &str,
    ctx: &ReadContext,
) -> Result<Document> {
    let text = text.trim_start_matches('\u{feff}');
    let (front, body) = split_front_matter(path, text)?;
    let front = match front {
        None => serde_json::Map::new(),
        Some(FrontMatter::Yaml(yaml)) => match serde_norway::from_str::<Value>(yaml) {
            Ok(Value::Object(map)) => map,
            Ok(Value::Null) => serde_json::Map::new(),
            Ok(_) => return Err(bad_front(path, None, "expected a mapping of keys to values")),
            Err(e) => {
                let line = e.location().map(|l| l.line() as u64 + 1);
                let reason = e.to_string();
                let reason = match reason.rfind(" at line ") {
                    Some(at) => reason[..at].to_string(),
                    None => reason,
                };
                return Err(bad_front(path, line, &reason));
            }
        },
        Some(FrontMatter::Toml(source)) => match source.parse::<toml::Table>() {
            Ok(table) => {
                toml_to_json(toml::Value::Table(table)).as_object().cloned().unwrap_or_default()
            }
            Err(e) => {
                let line = e.span().map(|s| source[..s.start].matches('\n').count() as u64 + 2);
                return Err(bad_front(path, line, e.message().trim()));
            }
        },
    };

    let field = |key: &str| front.get(key).and_then(scalar);
    let (mut heading, mut text_body) = render(body);
    let title = match field("title").filter(|t| !t.trim().is_empty()) {
        Some(title) => {
            // The heading stays part of the body when the front matter names the title.
            if let Some(h) = heading.take() {
                text_body = format!("{h}\n{text_body}");
            }
            title
        }
        None => heading
            .take()
            .filter(|h| !h.is_empty())
            .ok_or_else(|| Error::NoTitle { at: Location::file(path) })?,
    };
    let date = parse_date(field("date").as_deref(), || Location::file(path))?;
    let mut facets = BTreeMap::new();
    if let Some(kind) = field("type") {
        add_facet(&mut facets, "type", [kind]);
    }
    match front.get("tags") {
        Some(Value::Object(map)) => {
            for (name, values) in map {
                add_facet(&mut facets, name, values_of(values));
            }
        }
        Some(values) => add_facet(&mut facets, "tags", values_of(values)),
        None => {}
    }
    if let Some(Value::Object(map)) = front.get("facets") {
        for (name, values) in map {
            add_facet(&mut facets, name, values_of(values));
        }
    }
    Ok(Document {
        url: field("url").filter(|u| !u.trim().is_empty()).unwrap_or_else(|| url.to_string()),
        title: collapse(&title),
        body: text_body,
        date,
        lang: field("lang")
            .filter(|l| !l.trim().is_empty())
            .unwrap_or_else(|| ctx.default_lang.clone()),
        facets,
    })
}

enum FrontMatter<'a> {
    Yaml(&'a str),
    Toml(&'a str),
}

/// Splits `---`/`+++` front matter from the body.
fn split_front_matter<'a>(
    path: &Path,
    text: &'a str,
) -> Result<(Option<FrontMatter<'a>>, &'a str)> {
    let first_line = text.lines().next().unwrap_or("").trim_end();
    let fence = match first_line {
        "---" => "---",
        "+++" => "+++",
        _ => return Ok((None, text)),
    };
    let after_open = text.find('\n').map_or(text.len(), |i| i + 1);
    let mut offset = after_open;
    for raw in text[after_open..].split_inclusive('\n') {
        let trimmed = raw.trim_end();
        if trimmed == fence || (fence == "---" && trimmed == "...") {
            let front = &text[after_open..offset];
            let body = &text[offset + raw.len()..];
            let front =
                if fence == "---" { FrontMatter::Yaml(front) } else { FrontMatter::Toml(front) };
            return Ok((Some(front), body));
        }
        offset += raw.len();
    }
    Err(bad_front(
        path,
        Some(1),
        &format!("`{fence}` on line 1 opens front matter that is never closed"),
    ))
}

fn bad_front(path: &Path, line: Option<u64>, reason: &str) -> Error {
    Error::BadFrontMatter {
        at: Location { file: path.to_path_buf(), line },
        reason: reason.to_string(),
    }
}

/// A scalar as text (strings, numbers, booleans); `None` for null, lists and maps.
fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A facet's values: a list of scalars or one scalar.
fn values_of(value: &Value) -> Vec<String> {
    match value {
        Value::Array(items) => items.iter().filter_map(scalar).collect(),
        other => scalar(other).into_iter().collect(),
    }
}

fn toml_to_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(table) => {
            Value::Object(table.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect())
        }
    }
}

fn is_inline(tag: &Tag) -> bool {
    matches!(tag, Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. })
}

fn is_inline_end(end: TagEnd) -> bool {
    matches!(end, TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link)
}

/// Renders Markdown to plain text. Returns the first level-one heading separately (it is
/// the title when the front matter has none) and the rest. Raw HTML is left out.
fn render(markdown: &str) -> (Option<String>, String) {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS;
    let mut heading: Option<String> = None;
    let mut in_first_h1 = false;
    let mut body = String::with_capacity(markdown.len());
    for event in Parser::new_ext(markdown, options) {
        match &event {
            Event::Start(Tag::Heading { level: HeadingLevel::H1, .. }) if heading.is_none() => {
                in_first_h1 = true;
                heading = Some(String::new());
                continue;
            }
            Event::End(TagEnd::Heading(HeadingLevel::H1)) if in_first_h1 => {
                in_first_h1 = false;
                continue;
            }
            _ => {}
        }
        let out = match (in_first_h1, heading.as_mut()) {
            (true, Some(heading)) => heading,
            _ => &mut body,
        };
        match event {
            Event::Text(text) | Event::Code(text) => out.push_str(&text),
            Event::SoftBreak | Event::HardBreak | Event::Rule => out.push(' '),
            Event::Start(tag) if !is_inline(&tag) => out.push(' '),
            Event::End(end) if !is_inline_end(end) => out.push('\n'),
            _ => {}
        }
    }
    (heading.map(|h| collapse(&h)), body.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn parse(text: &str) -> Result<Document> {
        let ctx = ReadContext::new(&Config::default()).unwrap();
        parse_file(Path::new("docs/a.md"), "/a/", text, &ctx)
    }

    #[test]
    fn yaml_front_matter_and_plain_text_body() {
        let doc = parse(
            "---\ntitle: Cocoa *prices*\ndate: 1987-02-26\nlang: en\ntype: news\n\
             tags: [cocoa, usa]\nfacets:\n  places: usa\n---\n\
             Showers **continued** in [Bahia](http://x).\n\n<div>raw</div>\n\n- one\n- two\n",
        )
        .unwrap();
        assert_eq!(doc.title, "Cocoa *prices*");
        assert_eq!(doc.date.unwrap().to_string(), "1987-02-26");
        assert_eq!(doc.facets["type"], ["news"]);
        assert_eq!(doc.facets["tags"], ["cocoa", "usa"]);
        assert_eq!(doc.facets["places"], ["usa"]);
        assert_eq!(collapse(&doc.body), "Showers continued in Bahia. one two");
        assert_eq!(doc.url, "/a/");
    }

    #[test]
    fn toml_front_matter_with_a_native_date() {
        let doc = parse(
            "+++\ntitle = \"Выборы\"\ndate = 2020-03-04\nlang = \"ru\"\nurl = \"/ru/vybory/\"\n\
             [tags]\ncountry = [\"Россия\"]\n+++\nТекст.\n",
        )
        .unwrap();
        assert_eq!(doc.title, "Выборы");
        assert_eq!(doc.date.unwrap().to_string(), "2020-03-04");
        assert_eq!(doc.lang, "ru");
        assert_eq!(doc.url, "/ru/vybory/");
        assert_eq!(doc.facets["country"], ["Россия"]);
    }

    #[test]
    fn the_first_heading_is_the_title_without_front_matter() {
        let doc = parse("# Helsinki *accords*\n\nText.\n").unwrap();
        assert_eq!(doc.title, "Helsinki accords");
        assert_eq!(doc.body, "Text.");
    }

    #[test]
    fn bad_front_matter_names_the_line() {
        let error = parse("---\ntitle: a\ndate: [\n---\nx\n").unwrap_err().to_string();
        assert!(error.starts_with("docs/a.md:"), "{error}");
        assert!(error.contains("bad front matter"), "{error}");
        assert_eq!(
            parse("---\ntitle: x\n").unwrap_err().to_string(),
            "docs/a.md:1: bad front matter: `---` on line 1 opens front matter that is never closed"
        );
        assert_eq!(
            parse("no title here\n").unwrap_err().to_string(),
            "docs/a.md: record has no title"
        );
        assert!(parse("---\ntitle: x\ndate: soon\n---\n")
            .unwrap_err()
            .to_string()
            .contains("bad date \"soon\""));
    }

    #[test]
    fn urls_follow_the_path() {
        let root = Path::new("docs");
        assert_eq!(file_url(root, Path::new("docs/a/b.md"), None), "/a/b/");
        assert_eq!(file_url(root, Path::new("docs/a/_index.md"), None), "/a/");
        assert_eq!(file_url(root, Path::new("docs/index.md"), None), "/");
    }
}
