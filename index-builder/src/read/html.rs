//! HTML pages: content and metadata from CSS selectors and Pagefind's `data-pagefind-*`
//! attributes, so a site set up for Pagefind moves over unchanged.
//!
//! Pagefind's contract, as read here: `data-pagefind-body` marks the content root (once any
//! page has one, pages without one are left out); `data-pagefind-ignore` marks text that is
//! not content (filters and metadata inside still count); `data-pagefind-ignore="all"`
//! hides everything inside, but only inside the content root: outside it, Pagefind 1.6.0
//! reads filters and metadata whatever the ignore attributes say (a browser test compares
//! the two); `data-pagefind-filter` gives facet values (`name` = the
//! element's text, `name:value`, or `name[attr]`); `data-pagefind-meta` and
//! `data-pagefind-sort` give the title and date the same way.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;
use std::sync::LazyLock;

use ego_tree::NodeId;
use scraper::{ElementRef, Html, Node, Selector};
use sift_core::{Date, Document};

use super::{add_facet, collapse, parse_date, ReadContext};
use crate::config::join_url;
use crate::error::{Error, Location, Result};

fn selector(css: &str) -> Selector {
    // The selectors below are constants; a typo in one fails every HTML test at once.
    Selector::parse(css).unwrap_or_else(|e| panic!("built-in selector `{css}`: {e}"))
}

static IGNORE_ALL: LazyLock<Selector> = LazyLock::new(|| selector("[data-pagefind-ignore=all]"));
static IGNORE: LazyLock<Selector> = LazyLock::new(|| selector("[data-pagefind-ignore]"));
static PAGEFIND_BODY: LazyLock<Selector> = LazyLock::new(|| selector("[data-pagefind-body]"));
static FILTER: LazyLock<Selector> = LazyLock::new(|| selector("[data-pagefind-filter]"));
static META: LazyLock<Selector> =
    LazyLock::new(|| selector("[data-pagefind-meta], [data-pagefind-sort]"));
static TIME: LazyLock<Selector> = LazyLock::new(|| selector("time[datetime]"));
static META_DATE: LazyLock<Selector> = LazyLock::new(|| {
    selector(
        "meta[name=date][content], meta[property='article:published_time'][content], \
         meta[itemprop=datePublished][content]",
    )
});
static TITLE: LazyLock<Selector> = LazyLock::new(|| selector("head title, title"));
static BODY: LazyLock<Selector> = LazyLock::new(|| selector("body"));
static HTML: LazyLock<Selector> = LazyLock::new(|| selector("html"));

/// The URL of a page from its path under the input directory: `a/b/index.html` is `/a/b/`,
/// `a/c.html` is `/a/c.html`, with the configured base URL in front.
pub(crate) fn page_url(root: &Path, path: &Path, base: Option<&str>) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let mut parts: Vec<String> =
        rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    let is_index =
        parts.last().is_some_and(|name| matches!(name.as_str(), "index.html" | "index.htm"));
    if is_index {
        parts.pop();
    }
    let mut url = format!("/{}", parts.join("/"));
    if is_index && !url.ends_with('/') {
        url.push('/');
    }
    join_url(base, &url)
}

/// Parses one page. `Ok(None)` when the site uses `data-pagefind-body` and this page has
/// none (Pagefind leaves such pages out too).
pub(super) fn parse_page(
    path: &Path,
    url: &str,
    text: &str,
    ctx: &ReadContext,
) -> Result<Option<Document>> {
    let page = Html::parse_document(text);
    // A content root is never taken from inside an ignored part.
    let ignored_all: HashSet<NodeId> = page.select(&IGNORE_ALL).map(|e| e.id()).collect();
    let outside_ignored = |el: &ElementRef| !within(el, &ignored_all);

    let roots = match &ctx.html.body {
        Some((css, body)) => {
            let roots = outermost(page.select(body).filter(outside_ignored).collect());
            if roots.is_empty() {
                return Err(Error::NoContent { at: Location::file(path), selector: css.clone() });
            }
            roots
        }
        None if ctx.pagefind_body => {
            let roots = outermost(page.select(&PAGEFIND_BODY).filter(outside_ignored).collect());
            if roots.is_empty() {
                return Ok(None);
            }
            roots
        }
        None => page.select(&BODY).take(1).collect(),
    };
    // `data-pagefind-ignore="all"` hides only what lies inside a content root.
    let root_ids: HashSet<NodeId> = roots.iter().map(|r| r.id()).collect();
    let hidden: HashSet<NodeId> =
        page.select(&IGNORE_ALL).filter(|el| within(el, &root_ids)).map(|e| e.id()).collect();
    let live = |el: &ElementRef| !within(el, &hidden);

    // Pagefind metadata and sort keys anywhere on the page (outside hidden parts).
    let mut meta: Vec<(String, String)> = Vec::new();
    for el in page.select(&META).filter(live) {
        for attr in ["data-pagefind-meta", "data-pagefind-sort"] {
            if let Some(spec) = el.value().attr(attr) {
                meta.extend(pagefind_pairs(&el, spec));
            }
        }
    }

    // The title: Pagefind's `title` meta, else the title selector in the content root,
    // else the page's <title>.
    let mut title_node = None;
    let mut title =
        meta.iter().find(|(k, v)| k == "title" && !v.is_empty()).map(|(_, v)| v.clone());
    if title.is_none() {
        if let Some(el) = roots
            .iter()
            .flat_map(|root| root.select(&ctx.html.title))
            .find(|el| live(el) && !collapse(&text_of(el)).is_empty())
        {
            title_node = Some(el.id());
            title = Some(collapse(&text_of(&el)));
        }
    }
    if title.is_none() {
        title = page.select(&TITLE).map(|el| collapse(&text_of(&el))).find(|t| !t.is_empty());
    }
    let Some(title) = title else {
        return Err(Error::NoTitle { at: Location::file(path) });
    };

    let date = page_date(&page, &roots, &meta, ctx, &live, path)?;

    let mut facets = BTreeMap::new();
    for el in page.select(&FILTER).filter(live) {
        if let Some(spec) = el.value().attr("data-pagefind-filter") {
            for (name, value) in pagefind_pairs(&el, spec) {
                add_facet(&mut facets, &name, [value]);
            }
        }
    }
    for (name, select) in &ctx.html.facets {
        let values: Vec<String> = page.select(select).filter(live).map(|el| text_of(&el)).collect();
        add_facet(&mut facets, name, values);
    }

    let lang = page
        .select(&HTML)
        .next()
        .and_then(|html| html.value().attr("lang"))
        .map(str::trim)
        .filter(|lang| !lang.is_empty())
        .map_or_else(|| ctx.default_lang.clone(), str::to_string);

    let mut skip: HashSet<NodeId> = page.select(&IGNORE).map(|e| e.id()).collect();
    for select in &ctx.html.ignore {
        skip.extend(page.select(select).map(|e| e.id()));
    }
    skip.extend(title_node);
    let mut body = String::with_capacity(text.len() / 2);
    for root in &roots {
        body_text(root, &skip, &mut body);
        body.push('\n');
    }

    Ok(Some(Document { url: url.to_string(), title, body, date, lang, facets }))
}

/// The page's date: the configured selector, else `time[datetime]` in the content root,
/// Pagefind's `date` sort or meta key, or a `<meta>` date. A date that is there but not
/// ISO is a bad record.
fn page_date(
    page: &Html,
    roots: &[ElementRef<'_>],
    meta: &[(String, String)],
    ctx: &ReadContext,
    live: &dyn Fn(&ElementRef) -> bool,
    path: &Path,
) -> Result<Option<Date>> {
    let at = || Location::file(path);
    let value = |el: &ElementRef| {
        el.value()
            .attr("datetime")
            .or_else(|| el.value().attr("content"))
            .map(str::to_string)
            .unwrap_or_else(|| collapse(&text_of(el)))
    };
    if let Some(select) = &ctx.html.date {
        let found = page.select(select).find(|el| live(el)).map(|el| value(&el));
        return parse_date(found.as_deref(), at);
    }
    if let Some(el) = roots.iter().flat_map(|root| root.select(&TIME)).find(|el| live(el)) {
        return parse_date(Some(&value(&el)), at);
    }
    if let Some((_, date)) = meta.iter().find(|(k, _)| k == "date") {
        return parse_date(Some(date), at);
    }
    let found = page.select(&META_DATE).find(|el| live(el)).map(|el| value(&el));
    parse_date(found.as_deref(), at)
}

/// Reads a `data-pagefind-filter`/`-meta`/`-sort` value: `name` (the element's text),
/// `name:value`, or `name[attr]`, the latter two possibly several, comma-separated
/// (`image[src], image_alt[alt]`). A `name:value` takes the rest of the attribute as its
/// value, commas and all, as Pagefind does.
fn pagefind_pairs(el: &ElementRef, spec: &str) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    let mut rest = spec;
    while !rest.trim().is_empty() {
        let part_end = rest.find([',', ':', '[']).unwrap_or(rest.len());
        let name = rest[..part_end].trim().to_string();
        match rest[part_end..].chars().next() {
            Some(':') => {
                pairs.push((name, rest[part_end + 1..].trim().to_string()));
                break;
            }
            Some('[') => {
                let close = rest[part_end..].find(']').map_or(rest.len(), |i| part_end + i);
                let attr = rest[part_end + 1..close].trim();
                if let Some(value) = el.value().attr(attr) {
                    pairs.push((name, value.trim().to_string()));
                }
                rest = rest.get(close + 1..).unwrap_or("");
                rest = rest.trim_start().strip_prefix(',').unwrap_or(rest);
            }
            _ => {
                pairs.push((name, collapse(&text_of(el))));
                rest = rest.get(part_end + 1..).unwrap_or("");
            }
        }
    }
    pairs.retain(|(name, value)| !name.is_empty() && !value.is_empty());
    pairs
}

/// Whether `el` or one of its ancestors is in `set`.
fn within(el: &ElementRef, set: &HashSet<NodeId>) -> bool {
    !set.is_empty()
        && (set.contains(&el.id()) || el.ancestors().any(|node| set.contains(&node.id())))
}

/// The elements not inside another one of the list (which is in document order).
fn outermost(elements: Vec<ElementRef<'_>>) -> Vec<ElementRef<'_>> {
    let ids: HashSet<NodeId> = elements.iter().map(|e| e.id()).collect();
    elements.into_iter().filter(|el| !el.ancestors().any(|node| ids.contains(&node.id()))).collect()
}

fn text_of(el: &ElementRef) -> String {
    el.text().collect::<Vec<_>>().join("")
}

/// Elements whose text never counts.
fn is_invisible(name: &str) -> bool {
    matches!(name, "script" | "style" | "noscript" | "template" | "svg" | "head" | "iframe")
}

/// Elements that do not separate words (every other element does).
fn is_inline(name: &str) -> bool {
    matches!(
        name,
        "a" | "abbr"
            | "b"
            | "bdi"
            | "bdo"
            | "cite"
            | "code"
            | "data"
            | "del"
            | "dfn"
            | "em"
            | "i"
            | "ins"
            | "kbd"
            | "mark"
            | "q"
            | "s"
            | "samp"
            | "small"
            | "span"
            | "strong"
            | "sub"
            | "sup"
            | "time"
            | "u"
            | "var"
    )
}

/// Appends the text under `root`, leaving out the `skip` subtrees and invisible elements.
/// Iterative, so that deeply nested markup cannot overflow the stack.
fn body_text(root: &ElementRef, skip: &HashSet<NodeId>, out: &mut String) {
    enum Step<'a> {
        Enter(ego_tree::NodeRef<'a, Node>),
        Space,
    }
    let mut stack = vec![Step::Enter(**root)];
    while let Some(step) = stack.pop() {
        let node = match step {
            Step::Space => {
                out.push(' ');
                continue;
            }
            Step::Enter(node) => node,
        };
        match node.value() {
            Node::Text(text) => out.push_str(text),
            Node::Element(el) => {
                if skip.contains(&node.id()) || is_invisible(el.name()) {
                    continue;
                }
                let separate = !is_inline(el.name());
                if separate {
                    out.push(' ');
                    stack.push(Step::Space);
                }
                stack.extend(node.children().rev().map(Step::Enter));
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Config, HtmlConfig};

    fn parse(html: &str, config: HtmlConfig, pagefind_body: bool) -> Result<Option<Document>> {
        let mut ctx = ReadContext::new(&Config { html: config, ..Config::default() }).unwrap();
        ctx.pagefind_body = pagefind_body;
        parse_page(Path::new("site/p.html"), "/p.html", html, &ctx)
    }

    #[test]
    fn urls_follow_the_path() {
        let root = Path::new("site");
        assert_eq!(page_url(root, Path::new("site/a/b/index.html"), None), "/a/b/");
        assert_eq!(page_url(root, Path::new("site/a/c.html"), None), "/a/c.html");
        assert_eq!(page_url(root, Path::new("site/index.html"), None), "/");
        assert_eq!(page_url(root, Path::new("site/a/index.html"), Some("/x/")), "/x/a/");
    }

    #[test]
    fn pagefind_attributes_give_title_date_and_filters() {
        let html = r#"<html lang="ru"><head><title>Site</title></head><body>
            <nav data-pagefind-ignore="all"><span data-pagefind-filter="type">nav</span>menu</nav>
            <article data-pagefind-body>
              <h1>Заголовок</h1>
              <div data-pagefind-ignore>
                <span data-pagefind-sort="date:2020-03-04">4 March</span>
                <span data-pagefind-filter="type">news</span>
                <a data-pagefind-filter="country[data-code]" data-code="RU">Russia</a>
                <span data-pagefind-filter="topic:war, peace">x</span>
              </div>
              <p>Первый<b>абзац</b></p><p>второй</p>
              <div data-pagefind-ignore="all"><span data-pagefind-filter="type">hidden</span></div>
            </article></body></html>"#;
        let doc = parse(html, HtmlConfig::default(), true).unwrap().unwrap();
        assert_eq!(doc.title, "Заголовок");
        assert_eq!(doc.lang, "ru");
        assert_eq!(doc.date.unwrap().to_string(), "2020-03-04");
        // Outside the content root Pagefind reads filters whatever the ignore attributes say;
        // inside it, `data-pagefind-ignore="all"` hides them.
        assert_eq!(doc.facets["type"], ["nav", "news"]);
        assert_eq!(doc.facets["country"], ["RU"]);
        assert_eq!(doc.facets["topic"], ["war, peace"]);
        assert_eq!(collapse(&doc.body), "Первыйабзац второй");
    }

    #[test]
    fn pages_without_the_body_are_left_out_or_bad() {
        let html = "<html><body><h1>T</h1><p>x</p></body></html>";
        assert_eq!(parse(html, HtmlConfig::default(), true).unwrap(), None);
        let config = HtmlConfig { body: Some("main".into()), ..HtmlConfig::default() };
        assert_eq!(
            parse(html, config, false).unwrap_err().to_string(),
            "site/p.html: no content: selector `main` matches nothing on the page"
        );
        let untitled = "<html><body><p>x</p></body></html>";
        assert_eq!(
            parse(untitled, HtmlConfig::default(), false).unwrap_err().to_string(),
            "site/p.html: record has no title"
        );
    }
}
