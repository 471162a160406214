//! A stand-in for `xtask::render_site` (crates/xtask/src/site.rs): delete this module and call
//! that function once it lands. It writes the article page shape of HELPERS.md, nothing more.

use std::fmt::Write as _;
use std::path::{Component, Path};

use anyhow::{bail, Context, Result};

use crate::corpus::{self, Record};

/// Renders every record of `corpus` to `out/<url>/index.html`; returns how many pages.
pub(crate) fn render_site(corpus: &Path, out: &Path) -> Result<usize> {
    let mut pages = 0;
    let mut html = String::new();
    corpus::for_each(corpus, |record| {
        let dir = page_dir(out, &record.url)
            .with_context(|| format!("record {}: cannot place url {:?}", record.id, record.url))?;
        std::fs::create_dir_all(&dir)
            .with_context(|| format!("cannot create {}", dir.display()))?;
        html.clear();
        page(&record, &mut html);
        let file = dir.join("index.html");
        std::fs::write(&file, &html).with_context(|| format!("cannot write {}", file.display()))?;
        pages += 1;
        Ok(true)
    })?;
    Ok(pages)
}

fn page_dir(out: &Path, url: &str) -> Result<std::path::PathBuf> {
    let relative = Path::new(url.trim_start_matches('/'));
    if relative.as_os_str().is_empty()
        || relative.components().any(|c| !matches!(c, Component::Normal(_)))
    {
        bail!("not a plain path");
    }
    Ok(out.join(relative))
}

fn page(record: &Record, html: &mut String) {
    let title = escape(&record.title);
    let _ = write!(
        html,
        "<!doctype html>\n<html lang=\"{lang}\">\n<head><meta charset=\"utf-8\"><title>{title}</title>\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"></head>\n<body>\n\
         <header class=\"site-header\" data-pagefind-ignore=\"all\"><a href=\"/\">News</a> \
         <input type=\"search\" aria-label=\"Quick search\" placeholder=\"Quick search\"> \
         <a href=\"/search.html\">Advanced search</a> <a href=\"/news.html\">All news</a></header>\n\
         <main>\n <article data-pagefind-body>\n  <h1>{title}</h1>\n  <div class=\"article-meta\" data-pagefind-ignore>\n",
        lang = escape(&record.lang),
    );
    if let Some(date) = &record.date {
        let date = escape(date);
        let _ = writeln!(
            html,
            "   <time datetime=\"{date}\" data-pagefind-sort=\"date:{date}\" data-pagefind-meta=\"date:{date}\">{}</time>",
            human_date(&date)
        );
    }
    if !record.kind.is_empty() {
        let _ = writeln!(
            html,
            "   <span data-pagefind-filter=\"type\">{}</span>",
            escape(&record.kind)
        );
    }
    if !record.tags.is_empty() {
        html.push_str("   <ul class=\"tags\">");
        for (facet, values) in &record.tags {
            for value in values {
                let _ = write!(
                    html,
                    "<li><a href=\"/news.html?{facet}={value}\" data-pagefind-filter=\"{facet}\">{value}</a></li>",
                    facet = escape(facet),
                    value = escape(value),
                );
            }
        }
        html.push_str("</ul>\n");
    }
    html.push_str("  </div>\n  <div class=\"article-body\">");
    for paragraph in paragraphs(&record.body) {
        let _ = write!(html, "<p>{}</p>", escape(&paragraph));
    }
    html.push_str(
        "</div>\n </article>\n <aside class=\"latest\" data-pagefind-ignore=\"all\"><h2>Latest news</h2></aside>\n</main>\n</body></html>\n",
    );
}

/// Splits a body into paragraphs at blank lines and at the wire-style indented lines.
fn paragraphs(body: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    for line in body.lines() {
        let starts_new =
            line.trim().is_empty() || line.starts_with("    ") || line.starts_with('\t');
        if starts_new && !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
        let text = line.trim();
        if !text.is_empty() {
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(text);
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

fn human_date(iso: &str) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let mut parts = iso.splitn(3, '-').map(|p| p.parse::<usize>().ok());
    match (parts.next().flatten(), parts.next().flatten(), parts.next().flatten()) {
        (Some(year), Some(month @ 1..=12), Some(day)) => {
            format!("{day} {} {year}", MONTHS[month - 1])
        }
        _ => iso.to_owned(),
    }
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_titles_stays_text() {
        let record = Record {
            id: "x".into(),
            url: "/news/x".into(),
            title: "STANDARD OIL <SRD> TO FORM UNIT".into(),
            date: Some("1987-02-26".into()),
            lang: "en".into(),
            kind: "news".into(),
            body: "LONDON - First.\n    Second <b>.".into(),
            ..Record::default()
        };
        let mut html = String::new();
        page(&record, &mut html);
        assert!(html.contains("<h1>STANDARD OIL &lt;SRD&gt; TO FORM UNIT</h1>"));
        assert!(html.contains("<p>LONDON - First.</p><p>Second &lt;b&gt;.</p>"));
        assert!(html.contains(">26 February 1987</time>"));
    }

    #[test]
    fn urls_cannot_escape_the_site() {
        assert!(page_dir(Path::new("/site"), "/news/../../etc").is_err());
        assert_eq!(page_dir(Path::new("/site"), "/news/x").unwrap(), Path::new("/site/news/x"));
    }
}
