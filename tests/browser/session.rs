//! One fresh browser per test, and what tests do with it: open pages, type, press keys, read
//! the widget's shadow DOM, wait for conditions, and collect the page's errors.

use std::future::Future;
use std::sync::OnceLock;
use std::time::Duration;

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::elements::{Element, ElementRef};
use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder};
use serde::Deserialize;
use serde_json::{json, Value};
use tokio::runtime::Runtime;
use tokio::sync::Semaphore;

use super::harness::{env, Env};
use super::url_state::url_params;

/// How long a test waits for a condition before it fails.
pub(crate) const TIMEOUT: Duration = Duration::from_secs(20);
/// How often a waiting test looks again.
pub(crate) const POLL: Duration = Duration::from_millis(40);

/// Waits until `$cond` holds of the value `$read` evaluates to, reading it again every
/// [`POLL`], and yields that value; fails with `$what` and the last value after [`TIMEOUT`].
macro_rules! wait_for {
    ($what:expr, $read:expr, |$state:ident| $cond:expr) => {{
        let deadline = std::time::Instant::now() + $crate::browser::session::TIMEOUT;
        loop {
            let $state = $read;
            if $cond {
                break $state;
            }
            if std::time::Instant::now() > deadline {
                panic!("timed out waiting for {}; last seen: {:#?}", $what, $state);
            }
            tokio::time::sleep($crate::browser::session::POLL).await;
        }
    }};
}
pub(crate) use wait_for;

/// Runs one browser test: opens a fresh browser session, runs `test` with it, checks that the
/// page the test ends on recorded no error, and closes the session even if the test failed.
pub(crate) fn run<F, Fut>(test: F)
where
    F: FnOnce(Browser) -> Fut + Send + 'static,
    Fut: Future<Output = Browser> + Send + 'static,
{
    let env = env();
    runtime().block_on(async move {
        // Two cores: more browsers at once than that only makes every wait longer.
        let _permit = sessions().acquire().await.expect("the session semaphore is never closed");
        let profile = tempfile::tempdir().expect("a temporary profile directory");
        let client = connect(env, profile.path()).await;
        let browser = Browser {
            client: client.clone(),
            env,
            widget: "sift-search".to_owned(),
            tolerate_console_errors: false,
            on_page: false,
        };
        let outcome = tokio::spawn(async move {
            let browser = test(browser).await;
            browser.check_errors().await;
        })
        .await;
        let _ = client.close().await;
        drop(profile);
        match outcome {
            Ok(()) => {}
            Err(error) if error.is_panic() => {
                // The panic happened on a runtime thread, whose output the test harness does
                // not capture for this test: say it here, where the test's output goes.
                let payload = error.into_panic();
                let message = payload
                    .downcast_ref::<String>()
                    .map(String::as_str)
                    .or_else(|| payload.downcast_ref::<&str>().copied())
                    .unwrap_or("(a panic without a message)");
                eprintln!("the browser test failed: {message}");
                std::panic::resume_unwind(payload)
            }
            Err(error) => panic!("the test was cancelled: {error}"),
        }
    });
}

fn runtime() -> &'static Runtime {
    static RUNTIME: OnceLock<Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a tokio runtime")
    })
}

fn sessions() -> &'static Semaphore {
    static SESSIONS: OnceLock<Semaphore> = OnceLock::new();
    SESSIONS.get_or_init(|| {
        let parallel = std::env::var("SIFT_BROWSERS").ok().and_then(|n| n.parse().ok());
        Semaphore::new(parallel.unwrap_or(2))
    })
}

async fn connect(env: &Env, profile: &std::path::Path) -> Client {
    let args = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1280,900",
        "--lang=en-US",
    ];
    let mut args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
    args.push(format!("--user-data-dir={}", profile.display()));
    let capabilities = json!({
        "browserName": "chrome",
        // An alert stays open for the test to see instead of being dismissed silently.
        "unhandledPromptBehavior": "ignore",
        "goog:chromeOptions": { "binary": "/usr/bin/chromium", "args": args },
    });
    let serde_json::Value::Object(capabilities) = capabilities else { unreachable!() };
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    let mut last_error = String::new();
    // A session rarely fails to start on a loaded machine; one retry makes that invisible.
    for _ in 0..2 {
        match ClientBuilder::new(connector.clone())
            .capabilities(capabilities.clone())
            .connect(&env.webdriver)
            .await
        {
            Ok(client) => return client,
            Err(e) => last_error = e.to_string(),
        }
    }
    panic!("cannot start a Chromium session through chromedriver: {last_error}");
}

/// A browser session on the test site, pointed at one `<sift-search>` element.
pub(crate) struct Browser {
    pub(crate) client: Client,
    pub(crate) env: &'static Env,
    /// CSS selector of the widget element tests talk to.
    widget: String,
    /// In failure tests the widget may log the failure with `console.error`; panics and
    /// uncaught errors still fail.
    tolerate_console_errors: bool,
    on_page: bool,
}

/// A result in the quick list or the advanced list, as a reader sees it.
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub(crate) struct ResultItem {
    pub(crate) id: Option<String>,
    pub(crate) selected: Option<String>,
    pub(crate) href: Option<String>,
    pub(crate) title: Option<String>,
    /// The title's text exactly as rendered (not trimmed).
    pub(crate) title_raw: Option<String>,
    pub(crate) title_marks: Vec<String>,
    /// Tag names of every element inside the title.
    pub(crate) title_elements: Vec<String>,
    pub(crate) snippet: Option<String>,
    pub(crate) snippet_marks: Vec<String>,
    pub(crate) date: Option<String>,
    pub(crate) kind: Option<String>,
    pub(crate) tags: Vec<String>,
    pub(crate) site: Option<String>,
}

impl ResultItem {
    /// The link's path, without origin and trailing slash (`/news/x`).
    pub(crate) fn path(&self) -> String {
        link_path(self.href.as_deref().unwrap_or(""))
    }
}

/// A URL's path without origin, query and trailing slash.
pub(crate) fn link_path(href: &str) -> String {
    let without_origin = match href.find("://") {
        Some(scheme) => href[scheme + 3..].find('/').map_or("/", |p| &href[scheme + 3 + p..]),
        None => href,
    };
    let path = without_origin.split(['?', '#']).next().unwrap_or("");
    let trimmed = path.trim_end_matches('/');
    if trimmed.is_empty() {
        "/".to_owned()
    } else {
        trimmed.to_owned()
    }
}

/// The quick search box's state.
#[derive(Clone, Debug, Deserialize)]
pub(crate) struct Quick {
    /// Whether the box is the one sift.js draws before the widget has loaded.
    pub(crate) early: bool,
    /// Whether the widget has rendered.
    pub(crate) ready: bool,
    pub(crate) value: Option<String>,
    pub(crate) expanded: Option<String>,
    pub(crate) controls: Option<String>,
    pub(crate) active: Option<String>,
    pub(crate) autocomplete: Option<String>,
    pub(crate) input_visible: bool,
    pub(crate) listbox_id: Option<String>,
    pub(crate) listbox_visible: bool,
    pub(crate) options: Vec<ResultItem>,
    pub(crate) status: Option<String>,
    pub(crate) alert: Option<String>,
}

impl Quick {
    /// The paths of the results, in order.
    pub(crate) fn paths(&self) -> Vec<String> {
        self.options.iter().map(ResultItem::path).collect()
    }
}

/// One facet of the advanced form.
#[derive(Clone, Debug, Deserialize)]
pub(crate) struct Facet {
    pub(crate) name: Option<String>,
    pub(crate) values: Vec<FacetValue>,
}

/// One value of a facet: its checkbox and its count.
#[derive(Clone, Debug, Deserialize)]
pub(crate) struct FacetValue {
    pub(crate) value: String,
    /// What the reader sees (a label in the interface's language, or the value).
    pub(crate) label: Option<String>,
    pub(crate) checked: bool,
    pub(crate) count: Option<String>,
}

impl FacetValue {
    /// The number shown as the value's count.
    pub(crate) fn number(&self) -> Option<u64> {
        numbers(self.count.as_deref().unwrap_or("")).first().copied()
    }
}

/// The advanced form's state (also All news).
#[derive(Clone, Debug, Deserialize)]
pub(crate) struct Advanced {
    pub(crate) ready: bool,
    pub(crate) q: Option<String>,
    pub(crate) all: Option<String>,
    pub(crate) any: Option<String>,
    pub(crate) phrase: Option<String>,
    pub(crate) none: Option<String>,
    pub(crate) title: Option<bool>,
    pub(crate) from: Option<String>,
    pub(crate) to: Option<String>,
    pub(crate) sort: Option<String>,
    pub(crate) facets: Vec<Facet>,
    pub(crate) total: Option<String>,
    pub(crate) results: Vec<ResultItem>,
    pub(crate) page: Option<String>,
    pub(crate) prev_enabled: bool,
    pub(crate) next_enabled: bool,
    pub(crate) alert: Option<String>,
}

impl Advanced {
    /// Whether the total shown is `n`.
    pub(crate) fn total_is(&self, n: usize) -> bool {
        numbers(self.total.as_deref().unwrap_or("")).contains(&(n as u64))
    }

    /// The paths of the results on this page, in order.
    pub(crate) fn paths(&self) -> Vec<String> {
        self.results.iter().map(ResultItem::path).collect()
    }

    /// The facet called `name`.
    pub(crate) fn facet(&self, name: &str) -> Option<&Facet> {
        self.facets.iter().find(|f| f.name.as_deref() == Some(name))
    }

    /// The shown count of `value` in facet `facet` (0 when the value is not listed).
    pub(crate) fn count(&self, facet: &str, value: &str) -> Option<u64> {
        let facet = self.facet(facet)?;
        match facet.values.iter().find(|v| v.value == value) {
            Some(v) => v.number(),
            None => Some(0),
        }
    }
}

/// The numbers in `text`, reading `1,234` and `1 234` as one number.
pub(crate) fn numbers(text: &str) -> Vec<u64> {
    let mut out = Vec::new();
    let mut digits = String::new();
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        let separator = matches!(c, ',' | '\u{a0}' | '\u{202f}' | ' ');
        let group_follows = chars.len() > i + 3
            && chars[i + 1..i + 4].iter().all(char::is_ascii_digit)
            && chars.get(i + 4).is_none_or(|c| !c.is_ascii_digit());
        if separator && !digits.is_empty() && group_follows {
            continue;
        }
        if let Ok(n) = digits.parse() {
            out.push(n);
        }
        digits.clear();
    }
    if let Ok(n) = digits.parse() {
        out.push(n);
    }
    out
}

/// JavaScript run before every script: `host` is the widget element, `root` its shadow root,
/// and helpers read results the way a reader sees them.
const PRELUDE: &str = r#"
const host = document.querySelector(arguments[0]);
const root = host ? host.shadowRoot : null;
const txt = (el) => el ? el.textContent.replace(/\s+/g, ' ').trim() : null;
const marks = (el) => el ? [...el.querySelectorAll('mark')].map((m) => m.textContent) : [];
const visible = (el) => !!el && el.getClientRects().length > 0
    && getComputedStyle(el).visibility !== 'hidden';
const item = (el) => {
  const q = (s) => el.querySelector(s);
  // A result of the list is a link; an option of the quick box carries its URL in
  // data-href (the option itself is what the reader activates).
  const link = q('a.sift-link');
  const href = link ? link.href
    : el.dataset.href ? new URL(el.dataset.href, location.href).href : null;
  const title = q('.sift-title');
  const time = q('time[datetime]');
  return {
    id: el.id || null,
    selected: el.getAttribute('aria-selected'),
    href,
    title: txt(title),
    title_raw: title ? title.textContent : null,
    title_marks: marks(title),
    title_elements: title ? [...title.querySelectorAll('*')].map((e) => e.tagName.toLowerCase()) : [],
    snippet: txt(q('.sift-snippet')),
    snippet_marks: marks(q('.sift-snippet')),
    date: time ? time.getAttribute('datetime') : null,
    kind: txt(q('.sift-type')),
    tags: [...el.querySelectorAll('.sift-tags .sift-tag')].map(txt),
    site: txt(q('.sift-site')),
  };
};
const alertText = () => {
  const a = root && root.querySelector('[role=alert].sift-error');
  return a && visible(a) && txt(a) ? txt(a) : null;
};
"#;

const QUICK: &str = r#"
if (!root) return null;
const input = root.querySelector('input[role=combobox]');
const listbox = root.querySelector('[role=listbox]');
const status = root.querySelector('[role=status]');
return {
  // The box sift.js draws before the widget has loaded has no drop-down yet.
  early: !!input && !root.querySelector('.sift-panel'),
  ready: !!input && !!root.querySelector('.sift-panel'),
  value: input ? input.value : null,
  expanded: input ? input.getAttribute('aria-expanded') : null,
  controls: input ? input.getAttribute('aria-controls') : null,
  active: input ? input.getAttribute('aria-activedescendant') : null,
  autocomplete: input ? input.getAttribute('aria-autocomplete') : null,
  input_visible: visible(input),
  listbox_id: listbox ? listbox.id : null,
  listbox_visible: visible(listbox) && !listbox.hidden,
  options: listbox ? [...listbox.querySelectorAll('[role=option]')].map(item) : [],
  status: txt(status),
  alert: alertText(),
};
"#;

const ADVANCED: &str = r#"
if (!root) return null;
const form = root.querySelector('form.sift-advanced');
const field = (name) => {
  const e = form ? form.querySelector(`[name="${name}"]`) : null;
  return e ? e.value : null;
};
const title = form ? form.querySelector('input[type=checkbox][name=title]') : null;
const button = (css) => { const b = root.querySelector(css); return !!b && visible(b) && !b.disabled; };
return {
  ready: !!form,
  q: field('q'), all: field('all'), any: field('any'), phrase: field('phrase'),
  none: field('none'), title: title ? title.checked : null,
  from: field('from'), to: field('to'), sort: field('sort'),
  facets: [...root.querySelectorAll('fieldset.sift-facet')].map((f) => ({
    name: f.dataset.facet || null,
    values: [...f.querySelectorAll('label')]
      .filter((l) => l.querySelector('input[type=checkbox]'))
      .map((l) => {
        const i = l.querySelector('input[type=checkbox]');
        const c = l.querySelector('.sift-count');
        const shown = l.querySelector('.sift-value');
        return { value: i.value, label: shown ? shown.textContent : null, checked: i.checked,
                 count: c ? c.textContent : null };
      }),
  })),
  total: txt(root.querySelector('.sift-total')),
  results: [...root.querySelectorAll('ol.sift-results > li.sift-result')].map(item),
  page: txt(root.querySelector('nav.sift-pager .sift-page')),
  prev_enabled: button('nav.sift-pager button.sift-prev'),
  next_enabled: button('nav.sift-pager button.sift-next'),
  alert: alertText(),
};
"#;

impl Browser {
    /// Points the helpers at the widget matching `selector` (default `sift-search`).
    pub(crate) fn use_widget(&mut self, selector: &str) {
        selector.clone_into(&mut self.widget);
    }

    /// Lets the widget report failures with `console.error` (failure tests); panics and
    /// uncaught errors still fail the test.
    pub(crate) fn tolerate_console_errors(&mut self) {
        self.tolerate_console_errors = true;
    }

    /// Opens `target` (a path on the test site, or a full URL), after checking the current
    /// page for errors.
    pub(crate) async fn open(&mut self, target: &str) {
        self.check_errors().await;
        let url = if target.starts_with("http") { target.to_owned() } else { self.env.url(target) };
        if let Err(e) = self.client.goto(&url).await {
            panic!("cannot open {url}: {e}");
        }
        self.on_page = true;
    }

    /// Runs `script` (a function body; `host` and `root` are the widget and its shadow root)
    /// with `args` as `arguments[1..]`.
    pub(crate) async fn js(&self, script: &str, args: Vec<Value>) -> Value {
        let mut all = vec![Value::String(self.widget.clone())];
        all.extend(args);
        let script = format!("{PRELUDE}\n{script}");
        match self.client.execute(&script, all).await {
            Ok(value) => value,
            Err(e) => panic!("script failed: {e}\n{script}"),
        }
    }

    /// The quick box's state (`ready` false until the widget has rendered).
    pub(crate) async fn quick(&self) -> Quick {
        let value = self.js(QUICK, vec![]).await;
        if value.is_null() {
            return serde_json::from_value(json!({
                "early": false, "ready": false, "value": null, "expanded": null, "controls": null,
                "active": null, "autocomplete": null, "input_visible": false,
                "listbox_id": null, "listbox_visible": false, "options": [],
                "status": null, "alert": null
            }))
            .expect("an empty quick state");
        }
        serde_json::from_value(value).unwrap_or_else(|e| panic!("unexpected quick state: {e}"))
    }

    /// The advanced form's state (`ready` false until the widget has rendered).
    pub(crate) async fn advanced(&self) -> Advanced {
        let value = self.js(ADVANCED, vec![]).await;
        if value.is_null() {
            return serde_json::from_value(json!({
                "ready": false, "q": null, "all": null, "any": null, "phrase": null,
                "none": null, "title": null, "from": null, "to": null, "sort": null,
                "facets": [], "total": null, "results": [], "page": null,
                "prev_enabled": false, "next_enabled": false, "alert": null
            }))
            .expect("an empty advanced state");
        }
        serde_json::from_value(value).unwrap_or_else(|e| panic!("unexpected advanced state: {e}"))
    }

    /// Waits for the quick box to render; moves the pointer over it first if it is still
    /// the box sift.js draws before the reader shows intent, as a reader about to search
    /// does, which loads the widget.
    pub(crate) async fn quick_ready(&self) -> Quick {
        let early = wait_for!("the quick search box", self.quick().await, |q| q.early || q.ready);
        if early.early {
            self.js(
                "host.dispatchEvent(new PointerEvent('pointerover', { bubbles: true }));",
                vec![],
            )
            .await;
        }
        wait_for!("the quick search box to render", self.quick().await, |q| q.ready)
    }

    /// Waits for the advanced form to render.
    pub(crate) async fn advanced_ready(&self) -> Advanced {
        wait_for!("the advanced form to render", self.advanced().await, |a| a.ready)
    }

    /// The element inside the widget's shadow root matching `css`, waiting for it to appear.
    pub(crate) async fn element(&self, css: &str) -> Element {
        let script = "const e = root ? root.querySelector(arguments[1]) : null; return e;";
        let value = wait_for!(
            format!("`{css}` in the widget"),
            self.js(script, vec![json!(css)]).await,
            |v| !v.is_null()
        );
        element_of(&self.client, value)
    }

    /// Types `text` into the widget's element `css`, as keystrokes.
    pub(crate) async fn type_into(&self, css: &str, text: &str) {
        for attempt in 1.. {
            let element = self.element(css).await;
            match element.send_keys(text).await {
                Ok(()) => return,
                Err(e) if attempt < 3 && is_stale(&e) => {}
                Err(e) => panic!("cannot type into `{css}`: {e}"),
            }
        }
    }

    /// Empties the text field `css` the way a reader does: select all, delete.
    pub(crate) async fn clear(&self, css: &str) {
        let keys = format!("{}a{}{}", key(Key::Control), key(Key::Null), key(Key::Backspace));
        self.type_into(css, &keys).await;
    }

    /// Presses `pressed` in the widget's element `css`, as a reader does: focus stays where
    /// it is. (WebDriver's element send-keys sees the shadow host, not the input, as the
    /// document's active element, so it blurs and refocuses the input first: the combobox
    /// would rightly close on that blur and forget its active option.)
    pub(crate) async fn press(&self, css: &str, pressed: Key) {
        self.element(css).await;
        let focus = "const e = root.querySelector(arguments[1]);
            if (root.activeElement !== e) e.focus();
            return root.activeElement === e;";
        let focused = self.js(focus, vec![json!(css)]).await;
        assert_eq!(focused.as_bool(), Some(true), "`{css}` does not take the focus");
        let value = char::from(pressed);
        let keys = KeyActions::new("keyboard".to_owned())
            .then(KeyAction::Down { value })
            .then(KeyAction::Up { value });
        if let Err(e) = self.client.perform_actions(keys).await {
            panic!("cannot press {pressed:?} in `{css}`: {e}");
        }
    }

    /// Clicks the widget's element `css`.
    pub(crate) async fn click(&self, css: &str) {
        for attempt in 1.. {
            let element = self.element(css).await;
            match element.click().await {
                Ok(()) => return,
                Err(e) if attempt < 3 && is_stale(&e) => {}
                Err(e) => panic!("cannot click `{css}`: {e}"),
            }
        }
    }

    /// Sets the value of a field that keystrokes fill unreliably (a date input) and fires
    /// the events a reader's edit fires.
    pub(crate) async fn set_value(&self, css: &str, value: &str) {
        self.element(css).await;
        let script =
            "const e = root.querySelector(arguments[1]); e.focus(); e.value = arguments[2];
            e.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
            e.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
            e.blur(); return e.value;";
        let set = self.js(script, vec![json!(css), json!(value)]).await;
        assert_eq!(set.as_str(), Some(value), "`{css}` did not take the value {value:?}");
    }

    /// Replaces the text of the field `css` at once, as a paste does: one `input` event, so
    /// that no search runs for the letters typed on the way.
    pub(crate) async fn paste(&self, css: &str, text: &str) {
        self.element(css).await;
        let script =
            "const e = root.querySelector(arguments[1]); e.focus(); e.value = arguments[2];
            e.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true,
                inputType: 'insertFromPaste', data: arguments[2] }));
            return e.value;";
        let set = self.js(script, vec![json!(css), json!(text)]).await;
        assert_eq!(set.as_str(), Some(text), "`{css}` did not take the text {text:?}");
    }

    /// Chooses the option `value` of the select `css`.
    pub(crate) async fn select(&self, css: &str, value: &str) {
        let element = self.element(css).await;
        if let Err(e) = element.select_by_value(value).await {
            panic!("cannot choose {value:?} in `{css}`: {e}");
        }
    }

    /// The current URL.
    pub(crate) async fn url(&self) -> String {
        match self.client.current_url().await {
            Ok(url) => url.to_string(),
            Err(e) => panic!("cannot read the URL: {e}"),
        }
    }

    /// Waits until the URL's query carries every `(name, value)` of `params` and returns the
    /// URL: the widget writes its state into the URL once the form has kept still for a
    /// moment, not on every change.
    pub(crate) async fn url_with(&self, params: &[(&str, &str)]) -> String {
        wait_for!(format!("the URL to carry {params:?}"), self.url().await, |u| {
            let has = url_params(&u);
            params.iter().all(|(n, v)| has.iter().any(|(hn, hv)| hn == n && hv == v))
        })
    }

    /// The errors the page recorded (see `fixtures/browser/hooks.js`); `None` if the page has
    /// no hooks.
    pub(crate) async fn errors(&self) -> Option<Vec<String>> {
        let script =
            "return window.__siftErrors === undefined ? null : window.__siftErrors.slice();";
        match self.client.execute(script, vec![]).await {
            Ok(Value::Array(items)) => {
                Some(items.iter().map(|v| v.as_str().unwrap_or_default().to_owned()).collect())
            }
            Ok(_) => None,
            Err(e) => panic!("cannot read the page's errors: {e}"),
        }
    }

    /// Fails if the current page recorded an error (or, in failure tests, a panic or an
    /// uncaught error).
    pub(crate) async fn check_errors(&self) {
        if !self.on_page {
            return;
        }
        let url = self.url().await;
        let Some(errors) = self.errors().await else {
            panic!("{url} has no error hooks: every test page must load /hooks.js first");
        };
        let fatal: Vec<&String> = errors
            .iter()
            .filter(|e| {
                let panic_like = ["panicked", "RuntimeError", "unreachable"]
                    .iter()
                    .any(|marker| e.contains(marker));
                !self.tolerate_console_errors || !e.starts_with("console.error:") || panic_like
            })
            .collect();
        assert!(fatal.is_empty(), "{url} recorded errors: {fatal:#?}");
    }
}

/// Whether WebDriver lost the element between finding it and using it: the widget re-rendered
/// it in between. A reader never holds an element, so the test looks it up again.
fn is_stale(error: &fantoccini::error::CmdError) -> bool {
    error.to_string().contains("stale element")
}

/// The element a script returned.
fn element_of(client: &Client, value: Value) -> Element {
    let id = value
        .as_object()
        .and_then(|o| o.values().next())
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("not an element: {value}"));
    Element::from_element_id(client.clone(), ElementRef::from(id.to_owned()))
}

/// The WebDriver code of `pressed`, for `send_keys`.
pub(crate) fn key(pressed: Key) -> String {
    char::from(pressed).to_string()
}
