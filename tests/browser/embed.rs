//! The widget embedded on a partner's page: another loopback origin, hostile global CSS, and
//! `Content-Security-Policy: script-src 'self' 'wasm-unsafe-eval'`; the partner self-hosts
//! sift.js and the wasm and reads the organisation's index across origins. Also a partner
//! searching its own index and the organisation's together.

use std::collections::BTreeSet;

use serde_json::Value;

use sift_core::{tokenize, SearchResults, QUICK_LIMIT};

use super::corpus;
use super::harness::{Env, Partner, MAIN_SITE, PARTNER_SITE};
use super::quick::{search, INPUT};
use super::session::{link_path, numbers, run, wait_for};

/// Computed styles of the widget's parts and of the partner's own elements.
const STYLES: &str = r#"
const style = (el) => {
  if (!el) return null;
  const s = getComputedStyle(el);
  const r = el.getBoundingClientRect();
  return { display: s.display, visibility: s.visibility, color: s.color, font_size: s.fontSize,
           background: s.backgroundColor, width: r.width, height: r.height };
};
return {
  input: style(root.querySelector('input[role=combobox]')),
  title: style(root.querySelector('.sift-title')),
  mark: style(root.querySelector('.sift-title mark, .sift-snippet mark')),
  link: style(root.querySelector('a.sift-link')),
  partner_text: style(document.getElementById('partner-text')),
  partner_mark: style(document.getElementById('partner-mark')),
  partner_input: style(document.getElementById('partner-input')),
};
"#;

const RED: &str = "rgb(255, 0, 0)";
const BLACK: &str = "rgb(0, 0, 0)";

#[test]
fn the_widget_works_on_a_partner_page_with_hostile_css_and_a_strict_csp() {
    run(|mut b| async move {
        let env = b.env;
        let site = env.site.url().to_owned();
        let page = env.partner_page(
            "embed",
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
        assert_eq!(csp.as_str(), Some("script-src 'self' 'wasm-unsafe-eval'"), "the partner's CSP");

        let ready = b.quick_ready().await;
        assert!(ready.input_visible, "the hostile `input {{ display: none }}` hides the widget");
        let shown = search(&b, "hels").await;
        for option in &shown.options {
            let href = option.href.as_deref().unwrap_or("");
            assert!(href.starts_with(&site), "{href} does not link to the index's site {site}");
        }

        let styles = b.js(STYLES, vec![]).await;
        let get = |part: &str, key: &str| -> String {
            match &styles[part][key] {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            }
        };
        assert_ne!(get("input", "display"), "none", "the widget's input is hidden");
        assert!(styles["input"]["width"].as_f64() > Some(0.0), "the widget's input has no width");
        for part in ["input", "title"] {
            assert_ne!(get(part, "color"), RED, "the partner's color reaches the widget's {part}");
            assert_ne!(get(part, "font_size"), "40px", "the partner's size reaches the {part}");
        }
        assert!(!styles["mark"].is_null(), "the results highlight nothing");
        assert_ne!(get("mark", "background"), BLACK, "the partner's mark style reaches the widget");
        assert_eq!(get("link", "visibility"), "visible", "the partner's link style hides results");
        assert_eq!(get("partner_text", "color"), RED, "the widget changed the partner's text");
        assert_eq!(
            get("partner_text", "font_size"),
            "40px",
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

        let served: Vec<String> = env.partner().server.log().into_iter().map(|r| r.path).collect();
        assert!(served.iter().any(|p| p == "/sift.js"), "the partner serves sift.js itself");
        assert!(
            !served.iter().any(|p| p.starts_with("/index/")),
            "the index came from the partner"
        );
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
        // Merged by rank, each index's r-th result scores alike; among equals, the higher
        // score relative to its own index's best goes first.
        let mut fused: Vec<(usize, f32, String, String)> = Vec::new();
        for (label, results) in [(MAIN_SITE, &main), (PARTNER_SITE, &own)] {
            let best = results.hits.first().map_or(1.0, |h| h.score);
            for (rank, hit) in results.hits.iter().enumerate() {
                fused.push((rank, hit.score / best, label.to_owned(), link_path(&hit.url)));
            }
        }
        fused.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)));
        let expected: Vec<(String, String)> =
            fused.into_iter().take(QUICK_LIMIT).map(|(_, _, l, p)| (l, p)).collect();
        b.clear(INPUT).await;
        b.type_into(INPUT, &word).await;
        let total = (main.total + own.total) as u64;
        let shown = wait_for!(format!("{word:?}: both sites by rank"), b.quick().await, |q| {
            let shown: Vec<(String, String)> =
                q.options.iter().map(|o| (o.site.clone().unwrap_or_default(), o.path())).collect();
            shown == expected && numbers(q.status.as_deref().unwrap_or("")).contains(&total)
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
