//! The widget embedded on a partner's page: another loopback origin, hostile global CSS, and
//! the strict policy `script-src 'self' <site> 'wasm-unsafe-eval'; style-src 'self'` (no
//! `'unsafe-inline'`); the partner loads sift.js from the organisation's site (or hosts it
//! itself) and reads the organisation's index across origins. The widget looks exactly as on
//! the demo site. Also a partner searching its own index and the organisation's together.

use std::collections::BTreeSet;

use serde_json::Value;

use sift_core::{tokenize, SearchResults, QUICK_LIMIT};

use super::corpus;
use super::harness::{Env, Partner, MAIN_SITE, PARTNER_SITE};
use super::quick::{quick_page, search, INPUT};
use super::session::{link_path, numbers, run, wait_for, Browser};

/// Computed styles of the widget's parts (`root`) and of the partner's own elements.
const STYLES: &str = r#"
const style = (el) => {
  if (!el) return null;
  const s = getComputedStyle(el);
  const r = el.getBoundingClientRect();
  return { display: s.display, visibility: s.visibility, color: s.color, font_size: s.fontSize,
           font_family: s.fontFamily, font_style: s.fontStyle, letter_spacing: s.letterSpacing,
           line_height: s.lineHeight, text_transform: s.textTransform,
           background: s.backgroundColor, height: r.height };
};
const id = (name) => document.getElementById(name);
return {
  widget: {
    input: style(root.querySelector('input[role=combobox]')),
    option: style(root.querySelector('[role=option]')),
    title: style(root.querySelector('[role=option] .sift-title')),
    mark: style(root.querySelector('.sift-title mark, .sift-snippet mark')),
    snippet: style(root.querySelector('.sift-snippet')),
    tag: style(root.querySelector('.sift-tag')),
    status: style(root.querySelector('[role=status]')),
  },
  partner_text: style(id('partner-text')),
  partner_mark: style(id('partner-mark')),
  partner_input: style(id('partner-input')),
};
"#;

const LIME: &str = "rgb(0, 255, 0)";
const BLACK: &str = "rgb(0, 0, 0)";

/// The CSP violations the page reported (`securitypolicyviolation`, collected by hooks.js).
async fn csp_violations(b: &Browser) -> Vec<String> {
    let errors = b.errors().await.unwrap_or_default();
    errors.into_iter().filter(|e| e.starts_with("csp:")).collect()
}

#[test]
fn the_widget_looks_as_on_the_demo_site_on_a_partner_page_with_hostile_css_and_a_strict_csp() {
    run(|mut b| async move {
        let env = b.env;
        let site = env.site.url().to_owned();
        let word = "hels";

        // The widget as the demo site shows it.
        b.open(&quick_page(env, "embed-reference")).await;
        b.quick_ready().await;
        search(&b, word).await;
        let reference = b.js(STYLES, vec![]).await;

        let page = env.partner_page(
            "embed",
            &format!("{site}/sift.js"),
            &format!(
                "<h1>Partner Weekly</h1>\n\
                 <p id=\"partner-text\">Our own words, in <mark id=\"partner-mark\">our</mark> style.</p>\n\
                 <input id=\"partner-input\" type=\"text\">\n\
                 <sift-search mode=\"quick\" index=\"{site}/index/\"></sift-search>"
            ),
        );
        b.open(&page).await;
        let csp = b
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 fetch(location.href).then((r) => done(r.headers.get('content-security-policy')));",
                vec![],
            )
            .await
            .expect("the page's headers");
        assert_eq!(csp.as_str(), Some(env.partner_csp().as_str()), "the partner's CSP");
        assert!(!env.partner_csp().contains("unsafe-inline"));

        let ready = b.quick_ready().await;
        assert!(ready.input_visible, "the hostile `input {{ display: none }}` hides the widget");
        let shown = search(&b, word).await;
        for option in &shown.options {
            let href = option.href.as_deref().unwrap_or("");
            assert!(href.starts_with(&site), "{href} does not link to the index's site {site}");
        }
        let inline = "return root.querySelectorAll('style, [style]').length;";
        assert_eq!(b.js(inline, vec![]).await.as_i64(), Some(0), "inline styles in the widget");

        let styles = b.js(STYLES, vec![]).await;
        let parts = styles["widget"].as_object().expect("the widget's parts");
        for (part, style) in parts {
            assert!(!style.is_null(), "the widget shows no {part}");
            assert_eq!(
                style, &reference["widget"][part],
                "the {part} looks different on the partner's page than on the demo site"
            );
        }
        assert_ne!(styles["widget"]["input"]["display"], "none", "the widget's input is hidden");
        assert_ne!(styles["widget"]["title"]["color"], LIME, "the partner's colour got in");
        let get = |part: &str, key: &str| -> String {
            match &styles[part][key] {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            }
        };
        assert_eq!(get("partner_text", "color"), LIME, "the widget changed the partner's text");
        assert_eq!(
            get("partner_text", "font_size"),
            "31px",
            "the widget changed the partner's text"
        );
        assert_eq!(
            get("partner_mark", "background"),
            BLACK,
            "the widget changed the partner's mark"
        );
        assert_eq!(
            get("partner_input", "display"),
            "none",
            "the widget changed the partner's input"
        );

        assert_eq!(csp_violations(&b).await, Vec::<String>::new(), "CSP violations");
        // The partner's server log is shared with the other partner test: ask the page what
        // it loaded instead.
        let loaded = "return performance.getEntriesByType('resource').map((r) => r.name)
            .filter((name) => /sift/.test(name));";
        let loaded = b.js(loaded, vec![]).await;
        let loaded: Vec<&str> =
            loaded.as_array().into_iter().flatten().filter_map(Value::as_str).collect();
        assert!(loaded.iter().any(|name| name.ends_with("sift-widget_bg.wasm")), "{loaded:?}");
        for name in &loaded {
            assert!(name.starts_with(&site), "{name} did not come from the organisation's site");
        }
        b
    });
}

#[test]
fn a_partner_index_beside_the_archive_reaches_the_top_by_rank() {
    run(|mut b| async move {
        let env = b.env;
        let site = env.site.url().to_owned();
        let partner = env.partner();
        let page = env.partner_page(
            "merged",
            "/sift.js",
            &format!(
                "<sift-search mode=\"quick\" index=\"/own-index/ {site}/index/\"></sift-search>"
            ),
        );
        b.open(&page).await;
        b.quick_ready().await;

        // A word of the partner's small index for which the archive's results outscore all
        // of the partner's: merged by raw score, the partner's own articles would not show.
        let (word, main, own) = crowded_word(env, partner).unwrap_or_else(|| {
            panic!("no word of the partner's records is outscored by the archive's first {QUICK_LIMIT}")
        });
        // Merged by rank, each index's r-th result scores alike (ties go to the score relative
        // to its own index's best, then to the newer article): the first ten are the first
        // few of each index, each in its own order.
        let mut fused: Vec<(usize, f32, String, String)> = Vec::new();
        for (label, results) in [(MAIN_SITE, &main), (PARTNER_SITE, &own)] {
            let best = results.hits.first().map_or(1.0, |h| h.score);
            for (rank, hit) in results.hits.iter().enumerate() {
                fused.push((rank, hit.score / best, label.to_owned(), link_path(&hit.url)));
            }
        }
        fused.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)));
        let expected: BTreeSet<(String, String)> =
            fused.into_iter().take(QUICK_LIMIT).map(|(_, _, l, p)| (l, p)).collect();
        let native_order = |label: &str, results: &SearchResults| -> Vec<String> {
            let shown: Vec<String> =
                expected.iter().filter(|(l, _)| l == label).map(|(_, p)| p.clone()).collect();
            results.hits.iter().map(|h| link_path(&h.url)).filter(|p| shown.contains(p)).collect()
        };
        let (main_order, own_order) =
            (native_order(MAIN_SITE, &main), native_order(PARTNER_SITE, &own));
        b.clear(INPUT).await;
        b.type_into(INPUT, &word).await;
        let total = (main.total + own.total) as u64;
        let shown = wait_for!(format!("{word:?}: both sites by rank"), b.quick().await, |q| {
            let shown: Vec<(String, String)> =
                q.options.iter().map(|o| (o.site.clone().unwrap_or_default(), o.path())).collect();
            let of = |label: &str| -> Vec<String> {
                shown.iter().filter(|(l, _)| l == label).map(|(_, p)| p.clone()).collect()
            };
            shown.iter().cloned().collect::<BTreeSet<_>>() == expected
                && of(MAIN_SITE) == main_order
                && of(PARTNER_SITE) == own_order
                && numbers(q.status.as_deref().unwrap_or("")).contains(&total)
        });
        let first_two: BTreeSet<&str> =
            shown.options.iter().take(2).filter_map(|o| o.site.as_deref()).collect();
        assert_eq!(first_two.len(), 2, "the partner's best result is not among the first two");
        for option in &shown.options {
            let label = option.site.clone().expect("every merged result names its site");
            let href = option.href.clone().unwrap_or_default();
            let origin = if label == PARTNER_SITE { partner.server.url() } else { site.as_str() };
            assert!(href.starts_with(origin), "{href} of {label} links to another site");
        }
        b
    });
}

/// A word of the partner's own records that both indexes find, where every one of the
/// partner's results scores below the archive's first ten; with the two native answers.
fn crowded_word(env: &Env, partner: &Partner) -> Option<(String, SearchResults, SearchResults)> {
    let mut words: Vec<String> = partner
        .records
        .iter()
        .flat_map(|r| tokenize(&r.title).chain(tokenize(&r.body)).map(|t| t.term))
        .filter(|w| w.chars().count() >= 4 && corpus::is_word(w))
        .collect();
    words.sort();
    words.dedup();
    words.into_iter().find_map(|word| {
        let main = env.index.quick(&word);
        let own = partner.index.quick(&word);
        let crowded = main.hits.len() >= QUICK_LIMIT
            && !own.hits.is_empty()
            && own.hits.iter().all(|o| main.hits.iter().all(|m| m.score > o.score));
        crowded.then_some((word, main, own))
    })
}
