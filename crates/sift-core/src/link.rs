//! Which article URLs may become links: `http(s)` and relative ones, nothing else.
//!
//! An index may come from anywhere (a partner reads another organisation's), so a URL such
//! as `javascript:alert(1)` or `data:text/html,…` must never reach an `href` or
//! `location.assign`. The builder refuses such records; the widget shows such a result as
//! plain text. Both ask [`is_link_allowed`], which reads a URL as a browser's URL parser
//! would: it strips leading and trailing C0 controls and spaces, ignores tabs and newlines
//! anywhere (`java\tscript:` is `javascript:`), and takes a scheme only where one is spelled.

/// Whether `url` is relative (to the index or the page) or absolute with the `http` or
/// `https` scheme. An empty URL is not a link.
pub fn is_link_allowed(url: &str) -> bool {
    let trimmed = url.trim_matches(|c: char| c <= ' ');
    let cleaned: String = trimmed.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect();
    if cleaned.is_empty() {
        return false;
    }
    match scheme(&cleaned) {
        Some(scheme) => scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https"),
        None => true,
    }
}

/// The scheme of an absolute URL (RFC 3986: a letter, then letters, digits, `+`, `-` or
/// `.`, then `:`), or `None` for a relative reference.
fn scheme(url: &str) -> Option<&str> {
    let end = url.find(':')?;
    let candidate = &url[..end];
    let mut chars = candidate.chars();
    let first = chars.next()?;
    let valid = first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then_some(candidate)
}

#[cfg(test)]
mod tests {
    use super::is_link_allowed;

    #[test]
    fn http_https_and_relative_urls_are_links() {
        for url in [
            "/news/1",
            "news/1",
            "../a.html",
            "?q=oil",
            "#top",
            "//cdn.example.org/a",
            "https://example.org/a",
            "HTTP://EXAMPLE.ORG/",
            " https://example.org/a ",
            "/search?next=javascript:x",
            "/a:b",
        ] {
            assert!(is_link_allowed(url), "{url:?} should be a link");
        }
    }

    #[test]
    fn other_schemes_are_refused_however_they_are_spelled() {
        for url in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " \u{1}javascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox(1)",
            "file:///etc/passwd",
            "mailto:someone@example.org",
            "",
            "  ",
        ] {
            assert!(!is_link_allowed(url), "{url:?} should not be a link");
        }
    }
}
