//! The article page template: head, header with the quick search and navigation, article, aside.

use std::fmt::Write as _;

use anyhow::{bail, Result};

use super::{page_href, Block, SiteOptions};
use crate::corpus::Record;

/// Markup that belongs to the widget: what the head loads and the header's search element.
///
/// This is the one place where the site pages refer to the widget. The widget engineer owns
/// these strings; the benchmark harness swaps in Pagefind's UI to render the same site for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chrome {
    /// Inserted at the end of `<head>`: stylesheets and the widget's `<script type="module">`.
    pub head: String,
    /// Inserted in the header's quick-search slot: the search element.
    pub search: String,
}

impl Chrome {
    /// Sift's widget: the quick-search element pointed at `/index/`.
    pub fn sift() -> Self {
        Chrome {
            head: concat!(
                r#"<link rel="stylesheet" href="/site.css">"#,
                r#"<script type="module" src="/sift.js"></script>"#,
            )
            .into(),
            search: r#"<sift-search index="/index/" mode="quick"></sift-search>"#.into(),
        }
    }

    /// No search at all: plain pages, e.g. for indexing tests.
    pub fn none() -> Self {
        Chrome { head: String::new(), search: String::new() }
    }
}

impl Default for Chrome {
    fn default() -> Self {
        Chrome::sift()
    }
}

/// The interface strings of a page, by the language of its record.
struct Strings {
    quick: &'static str,
    advanced: &'static str,
    all_news: &'static str,
    latest_about: &'static str,
    latest: &'static str,
    more: &'static str,
    months: [&'static str; 12],
}

const EN: Strings = Strings {
    quick: "Quick search",
    advanced: "Advanced search",
    all_news: "All news",
    latest_about: "the latest news",
    latest: "Latest news",
    more: "More news",
    months: [
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
    ],
};

const RU: Strings = Strings {
    quick: "Быстрый поиск",
    advanced: "Расширенный поиск",
    all_news: "Все новости",
    latest_about: "последние новости",
    latest: "Последние новости",
    more: "Ещё новости",
    months: [
        "января",
        "февраля",
        "марта",
        "апреля",
        "мая",
        "июня",
        "июля",
        "августа",
        "сентября",
        "октября",
        "ноября",
        "декабря",
    ],
};

/// Where the header's links lead; the widget's pages in `www/` live there.
const ADVANCED_HREF: &str = "/search.html";
const ALL_NEWS_HREF: &str = "/news.html";

/// Renders one article page.
pub(super) fn page(record: &Record, latest: &Block<'_>, options: &SiteOptions) -> String {
    let strings = if record.lang.starts_with("ru") { &RU } else { &EN };
    let lang = if record.lang.is_empty() { "en" } else { &record.lang };
    let mut out = String::with_capacity(record.body.len() + record.title.len() * 2 + 3072);
    out.push_str("<!doctype html>\n<html lang=\"");
    escape(&mut out, lang);
    out.push_str("\">\n<head><meta charset=\"utf-8\"><title>");
    escape(&mut out, &record.title);
    out.push_str(
        "</title><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
    );
    out.push_str(&options.chrome.head);
    out.push_str("</head>\n<body>\n");
    header(&mut out, strings, options);
    out.push_str("<main>\n <article data-pagefind-body>\n  <h1>");
    escape(&mut out, &record.title);
    out.push_str("</h1>\n  <div class=\"article-meta\" data-pagefind-ignore>\n");
    if let Some(date) = &record.date {
        out.push_str("   ");
        time(&mut out, date, strings, true);
        out.push('\n');
    }
    if !record.kind.is_empty() {
        out.push_str("   <span data-pagefind-filter=\"type\">");
        escape(&mut out, &record.kind);
        out.push_str("</span>\n");
    }
    if record.tags.values().any(|values| !values.is_empty()) {
        out.push_str("   <ul class=\"tags\">");
        for (facet, values) in &record.tags {
            for value in values {
                out.push_str("<li><a href=\"");
                news_link(&mut out, Some((facet, value)));
                out.push_str("\" data-pagefind-filter=\"");
                escape(&mut out, facet);
                out.push_str("\">");
                escape(&mut out, value);
                out.push_str("</a></li>");
            }
        }
        out.push_str("</ul>\n");
    }
    out.push_str("  </div>\n  <div class=\"article-body\">");
    for paragraph in paragraphs(&record.body) {
        out.push_str("<p>");
        escape(&mut out, &paragraph);
        out.push_str("</p>");
    }
    out.push_str("</div>\n </article>\n");
    aside(&mut out, latest, strings);
    out.push_str("</main>\n</body></html>\n");
    out
}

/// The site header: name, the quick-search slot (the widget's element), and navigation.
fn header(out: &mut String, strings: &Strings, options: &SiteOptions) {
    out.push_str("<header class=\"site-header\" data-pagefind-ignore=\"all\">\n <a class=\"site-name\" href=\"/\">");
    escape(out, &options.site_name);
    out.push_str("</a>\n <nav class=\"site-nav\">\n  <div class=\"quick-search\" id=\"quick-search\"><span class=\"nav-label\">");
    out.push_str(strings.quick);
    out.push_str("</span>");
    out.push_str(&options.chrome.search);
    let _ = write!(
        out,
        "</div>\n  <a href=\"{ADVANCED_HREF}\">{}</a>\n  <a href=\"{ALL_NEWS_HREF}\">{}</a>\n </nav>\n</header>\n",
        strings.advanced, strings.all_news
    );
}

/// The "latest news" block: newest articles sharing the page's first facet value.
fn aside(out: &mut String, block: &Block<'_>, strings: &Strings) {
    out.push_str(" <aside class=\"latest\" data-pagefind-ignore=\"all\">\n  <h2>");
    match block.about {
        Some((_, value)) => {
            escape(out, value);
            out.push_str(": ");
            out.push_str(strings.latest_about);
        }
        None => out.push_str(strings.latest),
    }
    out.push_str("</h2>\n  <ul>\n");
    for record in &block.records {
        out.push_str("   <li><a href=\"");
        escape(out, &page_href(&record.url));
        out.push_str("\">");
        escape(out, &record.title);
        out.push_str("</a>");
        if let Some(date) = &record.date {
            out.push(' ');
            time(out, date, strings, false);
        }
        out.push_str("</li>\n");
    }
    out.push_str("  </ul>\n  <a class=\"more\" href=\"");
    news_link(out, block.about);
    out.push_str("\">");
    out.push_str(strings.more);
    out.push_str("</a>\n </aside>\n");
}

/// A `<time>` element; the article's own date also carries Pagefind's sort and meta attributes.
fn time(out: &mut String, date: &str, strings: &Strings, for_index: bool) {
    let Ok((y, m, d)) = parse_date(date) else { return };
    let iso = &date[..10];
    let _ = write!(out, "<time datetime=\"{iso}\"");
    if for_index {
        let _ = write!(out, " data-pagefind-sort=\"date:{iso}\" data-pagefind-meta=\"date:{iso}\"");
    }
    let _ = write!(out, ">{d} {} {y}</time>", strings.months[m as usize - 1]);
}

/// The All news page, filtered by one facet value when given: `/news.html?sift-country=Russia`
/// (the widget's own URL parameters carry its default prefix, `sift-`).
fn news_link(out: &mut String, filter: Option<(&str, &str)>) {
    out.push_str(ALL_NEWS_HREF);
    if let Some((facet, value)) = filter {
        out.push_str("?sift-");
        percent_encode(out, facet);
        out.push('=');
        percent_encode(out, value);
    }
}

/// Checks an ISO date (`YYYY-MM-DD`, optionally followed by a time) and returns its parts.
pub(super) fn parse_date(date: &str) -> Result<(u32, u32, u32)> {
    let bytes = date.as_bytes();
    let digits = |range: std::ops::Range<usize>| -> Option<u32> {
        let part = bytes.get(range)?;
        if !part.iter().all(u8::is_ascii_digit) {
            return None;
        }
        std::str::from_utf8(part).ok()?.parse().ok()
    };
    let parsed = (|| {
        if bytes.get(4) != Some(&b'-') || bytes.get(7) != Some(&b'-') {
            return None;
        }
        if bytes.len() > 10 && !matches!(bytes[10], b'T' | b' ') {
            return None;
        }
        let (y, m, d) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
        ((1..=12).contains(&m) && (1..=31).contains(&d)).then_some((y, m, d))
    })();
    match parsed {
        Some(parts) => Ok(parts),
        None => bail!("date {date:?} is not an ISO date (YYYY-MM-DD)"),
    }
}

/// The paragraphs of a body: runs of non-blank lines, separated by blank lines.
pub(super) fn paragraphs(body: &str) -> impl Iterator<Item = String> + '_ {
    let mut lines = body.lines().peekable();
    std::iter::from_fn(move || {
        while lines.peek().is_some_and(|l| l.trim().is_empty()) {
            lines.next();
        }
        let mut paragraph = String::new();
        while let Some(line) = lines.next_if(|l| !l.trim().is_empty()) {
            if !paragraph.is_empty() {
                paragraph.push('\n');
            }
            paragraph.push_str(line);
        }
        (!paragraph.is_empty()).then(|| paragraph.trim().to_string())
    })
}

/// Appends `text` with `&`, `<`, `>`, `"` and `'` escaped: safe in text and quoted attributes.
pub(super) fn escape(out: &mut String, text: &str) {
    let mut last = 0;
    for (i, byte) in text.bytes().enumerate() {
        let entity = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&text[last..i]);
        out.push_str(entity);
        last = i + 1;
    }
    out.push_str(&text[last..]);
}

/// Appends `text` percent-encoded for a query string (everything but RFC 3986's unreserved set).
fn percent_encode(out: &mut String, text: &str) {
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(byte as char);
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
}
