//! The search form as URL query parameters, and back: the state a shared link reproduces.
//!
//! Every parameter the widget writes starts with a prefix (`sift-` unless the element's
//! `param-prefix` says otherwise), so that on a partner's page it never collides with the
//! host's own parameters: `q, all, any, phrase, none, title=1, from, to (YYYY-MM-DD), sort,
//! page (1-based)` after the prefix (`sift-q=oil&sift-page=2`), then one parameter per
//! selected facet value, named by the facet (`sift-country=Russia&sift-country=Belarus`). A
//! facet whose name is one of those field names, or starts with `f.`, gets `f.` after the
//! prefix. Parameters without the prefix belong to the host page: the widget never reads
//! them, and [`with_state`] keeps them byte for byte and in order.

use sift_core::{Date, Sort};

use super::Form;

/// The prefix of the widget's URL parameters when the element names none.
pub(crate) const DEFAULT_PREFIX: &str = "sift-";

/// Field names; a facet with one of these names gets the `f.` prefix.
const RESERVED: [&str; 10] =
    ["q", "all", "any", "phrase", "none", "title", "from", "to", "sort", "page"];

/// The URL parameter (after the prefix) that carries the values of facet `facet`.
fn facet_param(facet: &str) -> String {
    if RESERVED.contains(&facet) || facet.starts_with("f.") {
        format!("f.{facet}")
    } else {
        facet.to_string()
    }
}

/// The name of a sort in URLs and in the sort select.
pub(crate) fn sort_name(sort: Sort) -> &'static str {
    match sort {
        Sort::Relevance => "relevance",
        Sort::Newest => "newest",
        Sort::Oldest => "oldest",
    }
}

/// The sort named `name`, if it is one.
pub(crate) fn sort_from_name(name: &str) -> Option<Sort> {
    match name {
        "relevance" => Some(Sort::Relevance),
        "newest" => Some(Sort::Newest),
        "oldest" => Some(Sort::Oldest),
        _ => None,
    }
}

impl Form {
    /// Reads the widget's parameters (those starting with `prefix`) from a query string
    /// (with or without its leading `?`). `default_sort` is the sort of a URL without
    /// `sort`. Every parameter of ours that is not a field is read as a facet: the search
    /// ignores those the index does not have.
    pub(crate) fn from_query(query: &str, prefix: &str, default_sort: Sort) -> Form {
        let mut form = Form { sort: default_sort, ..Form::default() };
        for (name, value) in parse_query(query) {
            let Some(name) = name.strip_prefix(prefix) else { continue };
            match name {
                "q" => form.q = value,
                "all" => form.all = value,
                "any" => form.any = value,
                "phrase" => form.phrase = value,
                "none" => form.none = value,
                "title" => form.title_only = matches!(value.as_str(), "1" | "true" | "on"),
                "from" => form.from = Date::parse_iso(&value),
                "to" => form.to = Date::parse_iso(&value),
                "sort" => form.sort = sort_from_name(&value).unwrap_or(default_sort),
                "page" => form.page = value.trim().parse().unwrap_or(1).max(1),
                _ => {
                    let facet = name.strip_prefix("f.").unwrap_or(name).to_string();
                    if !value.is_empty() {
                        let values = form.values_mut(&facet);
                        if !values.contains(&value) {
                            values.push(value);
                        }
                    }
                }
            }
        }
        form.page = form.page.max(1);
        form
    }

    /// Writes the form as a query string without the leading `?`, every name starting with
    /// `prefix`: empty fields and the defaults (`default_sort`, page 1) are left out, so an
    /// empty form gives `""`.
    pub(crate) fn to_query(&self, prefix: &str, default_sort: Sort) -> String {
        let mut pairs: Vec<(String, String)> = Vec::new();
        let mut text = |name: &str, value: &str| {
            if !value.trim().is_empty() {
                pairs.push((name.to_string(), value.to_string()));
            }
        };
        text("q", &self.q);
        text("all", &self.all);
        text("any", &self.any);
        text("phrase", &self.phrase);
        text("none", &self.none);
        if self.title_only {
            pairs.push(("title".into(), "1".into()));
        }
        if let Some(from) = self.from {
            pairs.push(("from".into(), from.to_string()));
        }
        if let Some(to) = self.to {
            pairs.push(("to".into(), to.to_string()));
        }
        if self.sort != default_sort {
            pairs.push(("sort".into(), sort_name(self.sort).into()));
        }
        if self.page > 1 {
            pairs.push(("page".into(), self.page.to_string()));
        }
        for (facet, values) in &self.facets {
            for value in values {
                pairs.push((facet_param(facet), value.clone()));
            }
        }
        for (name, _) in &mut pairs {
            name.insert_str(0, prefix);
        }
        encode_query(&pairs)
    }
}

/// The query string `current` (with or without its `?`) with the widget's parameters (those
/// starting with `prefix`) replaced by `own`: every other parameter stays exactly as it was
/// written, value-less ones (`&flag`) included, in its order; `own` follows them.
pub(crate) fn with_state(current: &str, prefix: &str, own: &str) -> String {
    let current = current.strip_prefix('?').unwrap_or(current);
    let mut parts: Vec<&str> = current
        .split('&')
        .filter(|part| {
            let name = part.split_once('=').map_or(*part, |(name, _)| name);
            !part.is_empty() && !decode(name).starts_with(prefix)
        })
        .collect();
    if !own.is_empty() {
        parts.push(own);
    }
    parts.join("&")
}

/// The query of a "More news" link to All news filtered by one facet value
/// (`sift-places=usa`).
pub(crate) fn facet_query(prefix: &str, facet: &str, value: &str) -> String {
    let facets = vec![(facet.to_string(), vec![value.to_string()])];
    Form { facets, ..Form::default() }.to_query(prefix, Sort::Relevance)
}

/// Splits `a=1&b=x+y` into decoded pairs (form encoding: `+` is a space).
pub(crate) fn parse_query(query: &str) -> Vec<(String, String)> {
    let query = query.strip_prefix('?').unwrap_or(query);
    query
        .split('&')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let (name, value) = part.split_once('=').unwrap_or((part, ""));
            (decode(name), decode(value))
        })
        .collect()
}

/// Joins pairs into a query string, percent-encoding everything but unreserved characters.
pub(crate) fn encode_query(pairs: &[(String, String)]) -> String {
    let mut out = String::new();
    for (i, (name, value)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        encode_into(&mut out, name);
        out.push('=');
        encode_into(&mut out, value);
    }
    out
}

fn encode_into(out: &mut String, text: &str) {
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(char::from(byte))
            }
            b' ' => out.push('+'),
            _ => {
                const HEX: &[u8; 16] = b"0123456789ABCDEF";
                out.push('%');
                out.push(char::from(HEX[usize::from(byte >> 4)]));
                out.push(char::from(HEX[usize::from(byte & 15)]));
            }
        }
    }
}

fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(byte) => {
                        out.push(byte);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            byte => out.push(byte),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test;

    fn full_form() -> Form {
        let facets = vec![
            ("country".to_string(), vec!["Russia".to_string(), "Belarus".to_string()]),
            ("sort".to_string(), vec!["by size".to_string()]),
            ("topic".to_string(), vec!["human rights & law".to_string()]),
        ];
        Form {
            q: "\"moscow group\" -tax".into(),
            all: "Helsinki committee".into(),
            any: "Жовтис Zhovtis".into(),
            phrase: "civil society".into(),
            none: "sport".into(),
            title_only: true,
            from: Date::parse_iso("2011-01-01"),
            to: Date::parse_iso("2024-07-09"),
            sort: Sort::Oldest,
            page: 3,
            facets,
        }
    }

    const P: &str = DEFAULT_PREFIX;

    test! {
        fn every_field_survives_a_round_trip() {
            let form = full_form();
            let query = form.to_query(P, Sort::Relevance);
            assert_eq!(Form::from_query(&query, P, Sort::Relevance), form);
            assert_eq!(Form::from_query(&format!("?{query}"), P, Sort::Relevance), form);
            let other = form.to_query("news_", Sort::Relevance);
            assert_eq!(Form::from_query(&other, "news_", Sort::Relevance), form);
            assert_eq!(Form::from_query(&other, P, Sort::Relevance), Form::default());
        }
    }

    test! {
        fn the_url_reads_as_documented() {
            let query = full_form().to_query(P, Sort::Relevance);
            for part in [
                "sift-title=1",
                "sift-from=2011-01-01",
                "sift-to=2024-07-09",
                "sift-sort=oldest",
                "sift-page=3",
                "sift-country=Russia&sift-country=Belarus",
                "sift-f.sort=by+size",
                "sift-phrase=civil+society",
            ] {
                assert!(query.contains(part), "{part} missing from {query}");
            }
            assert!(parse_query(&query).iter().all(|(name, _)| name.starts_with(P)), "{query}");
        }
    }

    test! {
        fn defaults_are_left_out_and_an_empty_form_is_an_empty_query() {
            assert_eq!(Form::default().to_query(P, Sort::Relevance), "");
            let news = Form { sort: Sort::Newest, page: 1, ..Form::default() };
            assert_eq!(news.to_query(P, Sort::Newest), "");
            assert_eq!(Form::from_query("", P, Sort::Newest).sort, Sort::Newest);
            assert_eq!(Form::from_query("sift-page=0", P, Sort::Newest).page, 1);
        }
    }

    test! {
        fn odd_urls_do_not_break_the_form() {
            let form = Form::from_query(
                "sift-q=%E2%82&sift-from=yesterday&sift-page=x&sift-sort=up&&=&sift-%zz=1",
                P,
                Sort::Relevance,
            );
            assert_eq!(form.from, None);
            assert_eq!(form.page, 1);
            assert_eq!(form.sort, Sort::Relevance);
            assert!(form.q.starts_with('\u{fffd}'));
            assert!(form.selected("%zz", "1"));
        }
    }

    test! {
        fn the_host_pages_parameters_are_neither_read_nor_changed() {
            let host = "page=7&q=host&flag&sort=price&x=%41+b&&country=Peru";
            let form = Form::from_query(host, P, Sort::Relevance);
            assert_eq!(form, Form::default(), "the host's parameters became the form");
            let searched = Form { q: "oil".into(), page: 2, ..Form::default() };
            let url = with_state(&format!("?{host}"), P, &searched.to_query(P, Sort::Relevance));
            assert_eq!(url, "page=7&q=host&flag&sort=price&x=%41+b&country=Peru&sift-q=oil&sift-page=2");
            assert_eq!(Form::from_query(&url, P, Sort::Relevance), searched);
            // Searching again replaces the widget's own parameters and nothing else.
            let again = with_state(&url, P, "sift-q=gas");
            assert_eq!(again, "page=7&q=host&flag&sort=price&x=%41+b&country=Peru&sift-q=gas");
            assert_eq!(with_state(&again, P, ""), "page=7&q=host&flag&sort=price&x=%41+b&country=Peru");
        }
    }

    test! {
        fn more_news_links_name_the_facet() {
            assert_eq!(facet_query(P, "places", "west-germany"), "sift-places=west-germany");
            assert_eq!(facet_query(P, "page", "1"), "sift-f.page=1");
        }
    }
}
