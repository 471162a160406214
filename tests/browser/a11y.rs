//! Every reader: axe-core 4.14 audits the widget inside its shadow roots in each state a reader
//! meets (quick search with results open, Advanced search with facets and a date, All news,
//! the latest-news blocks, the Russian UI, an error message, the dark scheme, a host's theme)
//! and any violation fails; on a 375 x 740 phone the open drop-down lies within the screen and
//! the page never scrolls sideways. Screenshots at phone and desktop widths go to the run's
//! `screenshots/` for people to look at.

use fantoccini::key::Key;
use serde_json::{json, Value};

use super::advanced::{param, ADVANCED};
use super::corpus;
use super::keyboard::common_word;
use super::quick::{expected, shows, INPUT};
use super::session::{run, wait_for, Browser};

/// Loads axe-core into the page (from the test site) and audits every `<sift-search>` on it,
/// shadow roots included; resolves with the violations, one line each.
const AXE: &str = r#"
const done = arguments[arguments.length - 1];
(async () => {
  if (!window.axe) {
    await new Promise((loaded, failed) => {
      const script = document.createElement('script');
      script.src = arguments[1];
      script.onload = loaded;
      script.onerror = () => failed(new Error('cannot load axe'));
      document.head.append(script);
    });
  }
  const hosts = [...document.querySelectorAll('sift-search')];
  // The context is the widget elements; axe walks their open shadow roots. Three rules are
  // left out because they judge the host page, not the widget: is all content in landmarks,
  // does the page have one main landmark, does it have an h1.
  const page = ['region', 'landmark-one-main', 'page-has-heading-one'];
  const result = await axe.run({ include: hosts.map((h) => [h]) }, {
    rules: Object.fromEntries(page.map((rule) => [rule, { enabled: false }])),
    resultTypes: ['violations'],
  });
  done(result.violations.map((v) => `${v.id} (${v.impact}): ${v.help}; ` +
    v.nodes.slice(0, 4).map((n) => JSON.stringify(n.target) + ' ' + n.failureSummary
      .replace(/\s+/g, ' ')).join(' | ')));
})().catch((e) => done([`axe failed: ${e}`]));
"#;

/// Audits the page's widgets and fails on any violation; `state` names what is on screen.
async fn audit(b: &Browser, state: &str) {
    let axe = b.env.url("/axe.min.js");
    let violations = match b.client.execute_async(AXE, vec![json!(""), json!(axe)]).await {
        Ok(Value::Array(items)) => items,
        Ok(other) => panic!("axe answered {other}"),
        Err(e) => panic!("cannot run axe: {e}"),
    };
    assert!(violations.is_empty(), "axe-core found violations in {state}: {violations:#?}");
}

/// The focused input's outline and an option's transition: focus must show, and motion only
/// for readers who have not asked for less.
const FOCUS_AND_MOTION: &str = "const input = root.querySelector('input[role=combobox]');
    const s = getComputedStyle(input);
    return { focused: root.activeElement === input, outline: s.outlineStyle,
             outline_width: parseFloat(s.outlineWidth),
             transition: getComputedStyle(root.querySelector('[role=option]')).transitionDuration };";

/// Types a common word into the page's quick box and waits for its results.
async fn open_quick(b: &mut Browser, word: &str) {
    b.use_widget("sift-search[mode=quick]");
    b.quick_ready().await;
    b.clear(INPUT).await;
    b.type_into(INPUT, word).await;
    let want = expected(b.env, word);
    wait_for!(format!("the drop-down for {word:?}"), b.quick().await, |q| {
        shows(&q, &want) && q.listbox_visible
    });
}

/// The first non-type facet, one of its values, and a date range that keeps some articles.
fn filters(b: &Browser) -> String {
    let facets = corpus::facet_values(&b.env.records);
    let (facet, values) = facets.iter().find(|(f, _)| *f != "type").expect("a facet");
    let word = common_word(&b.env.records);
    format!(
        "?{}={word}&{}={}&{}=2000-01-01",
        param("q"),
        param(facet),
        values[0].0.replace(' ', "+"),
        param("from")
    )
}

#[test]
fn axe_finds_nothing_in_the_quick_box_the_latest_news_and_the_advanced_form() {
    run(|mut b| async move {
        let word = common_word(&b.env.records);
        // The home page: the header's quick box, open, and the latest-news blocks.
        b.open("/").await;
        open_quick(&mut b, &word).await;
        audit(&b, "the home page with the quick drop-down open").await;
        b.screenshot("desktop-quick").await;
        let shown = b.js(FOCUS_AND_MOTION, vec![]).await;
        assert_eq!(shown["focused"], json!(true), "{shown}");
        assert_eq!(shown["outline"], json!("solid"), "the focus is not visible: {shown}");
        assert!(shown["outline_width"].as_f64() >= Some(2.0), "a thin focus ring: {shown}");
        assert_ne!(shown["transition"], json!("0s"), "no motion where none is asked for");

        // Advanced search with a query, a facet and a date.
        b.open(&format!("/search.html{}", filters(&b))).await;
        b.use_widget(ADVANCED);
        wait_for!("the filtered results", b.advanced().await, |a| {
            a.ready && !a.results.is_empty() && !a.facets.is_empty()
        });
        audit(&b, "Advanced search with facets and a date").await;
        b.screenshot("desktop-advanced").await;

        // All news.
        b.open("/news.html").await;
        b.use_widget("sift-search[mode=news]");
        wait_for!("All news", b.advanced().await, |a| a.ready && !a.results.is_empty());
        audit(&b, "All news").await;
        b
    });
}

#[test]
fn axe_finds_nothing_in_the_russian_ui_an_error_message_the_dark_scheme_and_a_hosts_theme() {
    run(|mut b| async move {
        let env = b.env;
        let russian = env
            .records
            .iter()
            .filter(|r| r.lang == "ru")
            .flat_map(|r| r.title_terms())
            .find(|t| t.chars().count() >= 5 && env.index.quick(t).total >= 2)
            .expect("a Russian title word");
        let page = env.page(
            "a11y-ru",
            "<header><sift-search lang=\"ru\" mode=\"quick\" index=\"/index/\"></sift-search></header>\n\
             <main><sift-search lang=\"ru\" mode=\"advanced\" index=\"/index/\"></sift-search></main>",
        );
        b.open(&format!("{page}?{}={russian}", param("q"))).await;
        open_quick(&mut b, &russian).await;
        b.use_widget(ADVANCED);
        wait_for!("the Russian form's results", b.advanced().await, |a| {
            a.ready && !a.results.is_empty()
        });
        audit(&b, "the Russian UI").await;

        // An index that cannot be loaded: the message.
        let broken = env.page(
            "a11y-error",
            "<header><sift-search mode=\"quick\" index=\"/no-such-index/\"></sift-search></header>",
        );
        b.tolerate_console_errors();
        b.open(&broken).await;
        b.use_widget("sift-search");
        b.quick_ready().await;
        b.type_into(INPUT, "oil").await;
        wait_for!("the error message", b.quick().await, |q| q.alert.is_some());
        audit(&b, "an error message").await;

        // A host's theme (the README's example) and a reader who prefers dark on a page
        // that supports it.
        let themed = env.page(
            "a11y-theme",
            "<style>sift-search { --sift-accent: #7a1f5c; --sift-font: Georgia, serif; \
             --sift-text: #222; --sift-background: #fff; --sift-mark: #ffe08a; --sift-radius: 4px; }\
             </style>\n<header><sift-search mode=\"quick\" index=\"/index/\"></sift-search></header>",
        );
        b.open(&themed).await;
        let word = common_word(&env.records);
        open_quick(&mut b, &word).await;
        audit(&b, "a host's theme").await;

        b.prefer(true).await;
        b.open("/").await;
        open_quick(&mut b, &word).await;
        let dark = "return getComputedStyle(root.querySelector('.sift-panel')).backgroundColor;";
        let background = b.js(dark, vec![]).await;
        assert_ne!(background, json!("rgb(255, 255, 255)"), "the dark scheme is not applied");
        let shown = b.js(FOCUS_AND_MOTION, vec![]).await;
        assert_eq!(shown["transition"], json!("0s"), "motion despite prefers-reduced-motion");
        assert_eq!(shown["outline"], json!("solid"), "the focus is not visible: {shown}");
        audit(&b, "the dark scheme with the drop-down open").await;
        b.screenshot("desktop-dark").await;
        b.open(&format!("/search.html{}", filters(&b))).await;
        b.use_widget(ADVANCED);
        wait_for!("the filtered results", b.advanced().await, |a| a.ready && !a.results.is_empty());
        audit(&b, "Advanced search in the dark scheme").await;
        b
    });
}

/// Where the drop-down, the input and the page's width are, on screen.
const LAYOUT: &str = r#"
const panel = root.querySelector('.sift-panel');
const rect = (el) => { const r = el.getBoundingClientRect();
  return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, height: r.height }; };
return {
  viewport: { width: window.innerWidth, height: window.innerHeight },
  scroll_width: document.documentElement.scrollWidth,
  input: rect(root.querySelector('input[role=combobox]')),
  panel: panel ? rect(panel) : null,
  options: [...root.querySelectorAll('[role=option]')].map(rect),
};
"#;

#[test]
fn on_a_phone_and_a_desktop_the_open_drop_down_lies_within_the_screen_and_targets_are_large() {
    run(|mut b| async move {
        let word = common_word(&b.env.records);
        // A desktop (the header's box near the right edge), a common phone, the narrowest.
        for (width, height, phone) in [(1280, 800, false), (375, 740, true), (320, 640, true)] {
            b.viewport(width, height, phone).await;
            b.open("/").await;
            open_quick(&mut b, &word).await;
            let layout = b.js(LAYOUT, vec![]).await;
            let number = |v: &Value| v.as_f64().unwrap_or(f64::NAN);
            let viewport = number(&layout["viewport"]["width"]);
            assert_eq!(viewport, f64::from(width), "the viewport: {layout:#}");
            let panel = &layout["panel"];
            assert!(number(&panel["left"]) >= 0.0, "the drop-down starts off screen: {layout:#}");
            assert!(number(&panel["right"]) <= viewport, "the drop-down runs off: {layout:#}");
            assert!(number(&panel["top"]) >= number(&layout["input"]["bottom"]), "{layout:#}");
            assert!(number(&panel["bottom"]) <= f64::from(height), "below the screen: {layout:#}");
            assert!(number(&layout["scroll_width"]) <= viewport, "sideways scroll: {layout:#}");
            assert!(number(&layout["input"]["height"]) >= 44.0, "a small box: {layout:#}");
            let options = layout["options"].as_array().expect("options");
            assert!(!options.is_empty());
            for option in options {
                assert!(number(&option["height"]) >= 44.0, "a small option: {layout:#}");
            }
            b.screenshot(&format!("quick-{width}")).await;
        }
        // The list scrolls on a phone: the arrow keys bring the active result into view.
        let options = b.quick().await.options.len();
        for _ in 0..options {
            b.press(INPUT, Key::Down).await;
        }
        let last = format!("sift-option-{}", options - 1);
        wait_for!("the last result to be active", b.quick().await, |q| q.active.as_deref()
            == Some(&last));
        let in_view = "const list = root.querySelector('[role=listbox]').getBoundingClientRect();
            const option = root.getElementById(arguments[1]).getBoundingClientRect();
            return option.top >= list.top - 1 && option.bottom <= list.bottom + 1;";
        let seen =
            wait_for!("the active result in view", b.js(in_view, vec![json!(last)]).await, |v| v
                == json!(true));
        assert_eq!(seen, json!(true));
        b.open(&format!("/search.html{}", filters(&b))).await;
        b.use_widget(ADVANCED);
        wait_for!("the filtered results", b.advanced().await, |a| a.ready && !a.results.is_empty());
        let targets = "return [...root.querySelectorAll('input, select, button, label.sift-facet-value')]
            .filter((e) => e.type !== 'checkbox').map((e) => [e.name || e.className, e.getBoundingClientRect().height])
            .filter(([, h]) => h > 0 && h < 44);
            ";
        assert_eq!(b.js(targets, vec![]).await, json!([]), "touch targets under 44 px");
        let wide = "return document.documentElement.scrollWidth <= window.innerWidth;";
        assert_eq!(b.js(wide, vec![]).await, json!(true), "Advanced search scrolls sideways");
        b.screenshot("phone-320-advanced").await;
        b
    });
}
