//! Pay on intent: a page with the quick box downloads only `sift.js` (which draws the box at
//! once, styled as the widget draws it) until the reader shows intent; then the widget loads,
//! takes over what was typed meanwhile (text, caret, an Enter) and searches it. And the two
//! lines a page needs when the widget and the index sit together, at any base path.

use std::time::Duration;

use fantoccini::key::Key;
use serde_json::Value;

use super::quick::{expected, shows, INPUT};
use super::session::{key, run, wait_for, Browser};

/// What Pagefind 1.6.0's default UI downloads before the reader types (gzipped UI script and
/// CSS, on the same corpus: the brief's figure).
const PAGEFIND_PAGE_VIEW: u64 = 33_800;

/// The look of the quick box's input: what would change if the early box and the widget's
/// box were styled differently.
const LOOK: &str = r#"
const input = root && root.querySelector('input[role=combobox]');
if (!input) return null;
const s = getComputedStyle(input);
const r = input.getBoundingClientRect();
const box = host.getBoundingClientRect();
return { font: s.font, color: s.color, background: s.backgroundColor, border: s.border,
         radius: s.borderRadius, padding: s.padding, x: r.x, y: r.y, width: r.width,
         height: r.height, host_height: box.height, placeholder: input.placeholder,
         label: input.getAttribute('aria-label') };
"#;

/// The caret, the focus and the text of the quick box's input.
const CARET: &str = "const input = root.querySelector('input[role=combobox]');
    return { value: input.value, start: input.selectionStart, end: input.selectionEnd,
             focused: root.activeElement === input };";

async fn look(b: &Browser) -> Value {
    b.js(LOOK, vec![]).await
}

#[test]
fn a_page_with_the_quick_box_downloads_little_until_the_reader_shows_intent() {
    run(|mut b| async move {
        let env = b.env;
        let site = env.private_site();
        let page = env.page(
            "intent",
            "<header><sift-search mode=\"quick\" index=\"/index/\"></sift-search></header>\n\
             <main><p>An article the reader came for.</p></main>",
        );
        // The widget's code is slow to arrive, so that the reader types before it is there.
        site.fail("sift-widget_bg.wasm", devserver::Failure::Delay(Duration::from_millis(1500)));
        b.open(&format!("{}{page}", site.url())).await;
        let early = wait_for!("the early box", b.quick().await, |q| q.early);
        assert!(early.input_visible, "the box is not on screen before the widget loads");
        tokio::time::sleep(Duration::from_millis(1500)).await;
        let before = site.log();
        let bytes: u64 = before.iter().map(|r| r.bytes).sum();
        let paths: Vec<&str> = before.iter().map(|r| r.path.as_str()).collect();
        println!("before intent: {bytes} bytes gzipped: {paths:?}");
        assert!(bytes <= PAGEFIND_PAGE_VIEW, "{bytes} bytes before intent: {paths:?}");
        for path in &paths {
            assert!(!path.contains("sift-widget") && !path.contains("/index/"), "{path} loaded");
        }
        let early_look = look(&b).await;

        // The reader types, and moves the caret back, before the widget has loaded.
        let word = "hels";
        b.type_into(INPUT, word).await;
        b.type_into(INPUT, &format!("{}{}", key(Key::Left), key(Key::Left))).await;
        let typed = b.js(CARET, vec![]).await;
        assert!(b.quick().await.early, "the widget loaded before the reader typed");
        assert_eq!(typed["value"], word);

        let want = expected(env, word);
        let found = wait_for!("the text typed early to be searched", b.quick().await, |q| {
            q.ready && shows(&q, &want)
        });
        assert_eq!(found.value.as_deref(), Some(word));
        let caret = b.js(CARET, vec![]).await;
        assert_eq!(caret["focused"], true, "the widget's box does not have the focus");
        assert_eq!((&caret["start"], &caret["end"]), (&typed["start"], &typed["end"]), "caret");
        assert!(site.log().iter().any(|r| r.path.ends_with("sift-widget_bg.wasm")));

        // Typing goes on in the widget's own box, from the caret.
        b.type_into(INPUT, &key(Key::End)).await;
        let more = "inki";
        b.type_into(INPUT, more).await;
        let want = expected(env, "helsinki");
        wait_for!("the rest of the word", b.quick().await, |q| shows(&q, &want));

        // The same box before and after: only the text and the drop-down differ.
        b.js("root.activeElement && root.activeElement.blur();", vec![]).await;
        let widget_look = look(&b).await;
        assert_eq!(widget_look, early_look, "the box looks different once the widget has loaded");
        b
    });
}

#[test]
fn two_lines_on_a_page_search_the_index_beside_the_script_at_any_base_path() {
    run(|mut b| async move {
        let env = b.env;
        let bundle = env.bundle();
        let page = env.page_with_script(
            "bundle",
            &format!("{bundle}sift.js"),
            "<sift-search></sift-search>",
        );
        b.open(&page).await;
        b.quick_ready().await;
        let word = "hels";
        b.type_into(INPUT, word).await;
        let want = expected(env, word);
        wait_for!("results from the index beside sift.js", b.quick().await, |q| shows(&q, &want));
        let fetched: Vec<String> = env.site.log().into_iter().map(|r| r.path).collect();
        let entry = format!("{bundle}entry.sift");
        assert!(fetched.contains(&entry), "{entry} was not read: {fetched:?}");
        b
    });
}

#[test]
fn enter_pressed_before_the_widget_loads_still_opens_the_search_page() {
    run(|mut b| async move {
        let env = b.env;
        let site = env.private_site();
        let page = env.page(
            "intent-enter",
            "<header><sift-search mode=\"quick\" index=\"/index/\" search-page=\"/search.html\">\
             </sift-search></header>",
        );
        site.fail("sift-widget_bg.wasm", devserver::Failure::Delay(Duration::from_millis(1500)));
        b.open(&format!("{}{page}", site.url())).await;
        wait_for!("the early box", b.quick().await, |q| q.early);
        b.type_into(INPUT, &format!("hels{}", key(Key::Enter))).await;
        assert!(b.quick().await.early, "the widget loaded before the reader pressed Enter");
        let url = wait_for!("Enter to open the search page", b.url().await, |u| {
            u.contains("/search.html")
        });
        assert!(url.ends_with("/search.html?sift-q=hels"), "{url}");
        // The search page takes the query (and has loaded before this test's server stops).
        b.use_widget("sift-search[mode=advanced]");
        let form = b.advanced_ready().await;
        assert_eq!(form.q.as_deref(), Some("hels"));
        b
    });
}
