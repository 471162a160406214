//! Headless Chromium through chromedriver (fantoccini): cold first-result runs, each in a fresh
//! profile, and warm query timings, measured against the byte-counting devserver.
//!
//! A cold run loads the engine's UI page, waits for the search input, puts the whole query in
//! it at once (one `input` event, as a paste would) and waits for the first result to show with
//! its title and link. Pasting rather than typing keeps both engines answering the same, final
//! query: typed letter by letter, an engine that answers every keystroke would show results for
//! a one-letter prefix first. Each UI's own debounce stays in the time, since readers wait for
//! it too. Bytes are every response of the run whose headers went out before the first result
//! showed, excluding the benchmark page itself.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, UNIX_EPOCH};

use anyhow::{bail, Context, Result};
use fantoccini::{Client, ClientBuilder};
use http_body_util::{BodyExt, Empty};
use hyper_util::client::legacy::connect::HttpConnector;
use serde::Serialize;
use serde_json::{json, Value};

use crate::engines::{Engine, BENCH_DIR};

/// Chromium flags that work on this kind of machine (HELPERS.md), minus the profile.
const CHROMIUM_FLAGS: &[&str] = &[
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
];

/// `deep(selector)`: the first match in the document or in any open shadow root below it;
/// the cold and input probes start with it.
const DEEP_JS: &str = r#"
const deep = (selector, root = document) => {
  const found = root.querySelector(selector);
  if (found) return found;
  for (const element of root.querySelectorAll('*')) {
    if (element.shadowRoot) {
      const inner = deep(selector, element.shadowRoot);
      if (inner) return inner;
    }
  }
  return null;
};
"#;

/// Waits for the input, installs the probe, pastes the query and reports the wall-clock times
/// (ms since the epoch) of the paste and of the first result or "no results" (after
/// [`DEEP_JS`]).
const COLD_JS: &str = r#"
const [inputSelector, resultSelector, emptyExpression, query, done] = arguments;
const isEmpty = new Function('deep', 'return ' + emptyExpression);
const now = () => performance.timeOrigin + performance.now();
const started = performance.now();
const waitForInput = () => {
  const input = deep(inputSelector);
  if (!input) {
    if (performance.now() - started > 30000) return done({ error: 'no search input ' + inputSelector });
    return setTimeout(waitForInput, 5);
  }
  input.focus();
  input.value = query;
  const pasted = now();
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  const poll = () => {
    if (deep(resultSelector)) return done({ pasted, result: now() });
    if (isEmpty(deep)) return done({ pasted, empty: now() });
    if (now() - pasted > 30000) return done({ pasted, error: 'no result within 30 s' });
    setTimeout(poll, 2);
  };
  poll();
};
waitForInput();
"#;

/// Runs the engine's search once to load what the query needs, then `runs` more times, timed.
const WARM_JS: &str = r#"
const [query, runs, body, done] = arguments;
const AsyncFunction = Object.getPrototypeOf(async function () {}).constructor;
const search = new AsyncFunction('query', body);
(async () => {
  const results = await search(query);
  const times = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await search(query);
    times.push(performance.now() - started);
  }
  done({ results, times });
})().catch((error) => done({ error: String((error && error.stack) || error) }));
"#;

/// Runs an engine's `top` search for each query of a batch; resolves with `{ urls }` or
/// `{ error }` per query.
const TOP_JS: &str = r#"
const [queries, body, done] = arguments;
const AsyncFunction = Object.getPrototypeOf(async function () {}).constructor;
const top = new AsyncFunction('query', body);
(async () => {
  const answers = [];
  for (const query of queries) {
    try {
      answers.push({ urls: Array.from(await top(query), String) });
    } catch (error) {
      answers.push({ error: String((error && error.stack) || error) });
    }
  }
  done(answers);
})();
"#;

/// Waits until the engine's search input is on the page (after [`DEEP_JS`]).
const INPUT_JS: &str = r#"
const [inputSelector, done] = arguments;
const started = performance.now();
const wait = () => {
  if (deep(inputSelector)) return done({});
  if (performance.now() - started > 30000) return done({ error: 'no search input ' + inputSelector });
  setTimeout(wait, 5);
};
wait();
"#;

/// How many queries go to the browser in one script call.
const BATCH: usize = 20;

/// A running chromedriver; it is stopped when dropped.
pub(crate) struct Browser {
    driver: Child,
    webdriver: String,
    chromium: PathBuf,
}

/// One cold run of one query.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Cold {
    pub(crate) query: String,
    /// Whether a result showed (false: the UI said "no results", or the run failed).
    pub(crate) answered: bool,
    /// Milliseconds from the paste to the first result (or to "no results").
    pub(crate) ms: Option<f64>,
    /// Body bytes of the responses sent before the first result (or "no results").
    pub(crate) bytes: Option<u64>,
    /// How many responses those were.
    pub(crate) requests: usize,
    /// Those responses: path and body bytes, in the order they went out.
    pub(crate) responses: Vec<(String, u64)>,
    pub(crate) error: Option<String>,
}

/// The warm timings of one query.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Warm {
    pub(crate) query: String,
    pub(crate) results: Option<u64>,
    pub(crate) median_ms: Option<f64>,
    pub(crate) runs_ms: Vec<f64>,
    pub(crate) error: Option<String>,
}

impl Browser {
    /// Starts chromedriver on a free loopback port.
    pub(crate) async fn start() -> Result<Browser> {
        let chromedriver = std::env::var_os("CHROMEDRIVER")
            .map(PathBuf::from)
            .unwrap_or_else(|| "chromedriver".into());
        let chromium = std::env::var_os("CHROMIUM")
            .map(PathBuf::from)
            .unwrap_or_else(|| "/usr/bin/chromium".into());
        let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let driver = Command::new(&chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .with_context(|| {
                format!("cannot start {} (Debian package chromium-driver)", chromedriver.display())
            })?;
        let browser = Browser { driver, webdriver: format!("http://127.0.0.1:{port}"), chromium };
        let deadline = Instant::now() + Duration::from_secs(20);
        while tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_err() {
            if Instant::now() > deadline {
                bail!("chromedriver did not listen on port {port} within 20 s");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Ok(browser)
    }

    /// A new browser session with a fresh, empty profile (so an empty cache).
    async fn session(&self) -> Result<Session> {
        let profile = tempfile::Builder::new().prefix("sift-bench-chromium-").tempdir()?;
        let mut args: Vec<String> = CHROMIUM_FLAGS.iter().map(|flag| (*flag).to_owned()).collect();
        args.push(format!("--user-data-dir={}", profile.path().display()));
        let capabilities = json!({
            "browserName": "chrome",
            "goog:chromeOptions": { "binary": self.chromium, "args": args },
            "timeouts": { "script": 120_000, "pageLoad": 60_000, "implicit": 0 },
        });
        let Value::Object(capabilities) = capabilities else {
            unreachable!("a JSON object literal")
        };
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(&self.webdriver)
            .await
            .context("cannot start a Chromium session through chromedriver")?;
        Ok(Session { client, _profile: profile })
    }

    /// Opens `page` of the server in a fresh session, runs `run` on it, and closes the session
    /// whatever `run` returned.
    async fn on_page<T>(
        &self,
        server: &devserver::Server,
        page: &str,
        run: impl AsyncFnOnce(&Client) -> Result<T>,
    ) -> Result<T> {
        let session = self.session().await?;
        let outcome = async {
            session.client.goto(&format!("{}{page}", server.url())).await?;
            run(&session.client).await
        }
        .await;
        session.close().await;
        outcome
    }

    /// One cold run: fresh profile, the engine's UI page, the query pasted, until the first
    /// result shows.
    pub(crate) async fn cold(
        &self,
        server: &devserver::Server,
        engine: &Engine,
        query: &str,
    ) -> Cold {
        let mut cold = Cold {
            query: query.to_owned(),
            answered: false,
            ms: None,
            bytes: None,
            requests: 0,
            responses: Vec::new(),
            error: None,
        };
        match self.cold_run(server, engine, query).await {
            Ok(Probe { pasted, shown, answered }) => {
                let shown_at = UNIX_EPOCH + Duration::from_secs_f64(shown / 1000.0);
                let counted: Vec<_> = server
                    .log()
                    .into_iter()
                    .filter(|r| {
                        !r.path.starts_with(&format!("/{BENCH_DIR}/")) && r.path != "/favicon.ico"
                    })
                    .filter(|r| r.at <= shown_at)
                    .collect();
                cold.answered = answered;
                cold.ms = Some(shown - pasted);
                cold.bytes = Some(counted.iter().map(|r| r.bytes).sum());
                cold.requests = counted.len();
                cold.responses = counted.into_iter().map(|r| (r.path, r.bytes)).collect();
            }
            Err(error) => cold.error = Some(format!("{error:#}")),
        }
        cold
    }

    async fn cold_run(
        &self,
        server: &devserver::Server,
        engine: &Engine,
        query: &str,
    ) -> Result<Probe> {
        server.reset();
        let script = format!("{DEEP_JS}{COLD_JS}");
        let probe = self
            .on_page(server, engine.ui_page, async |client| {
                let args = vec![
                    json!(engine.input),
                    json!(engine.result),
                    json!(engine.empty),
                    json!(query),
                ];
                let probe = client.execute_async(&script, args).await?;
                // Let responses that were already on their way finish streaming before the log
                // is read; they are counted by when their headers went out, not by when they
                // ended.
                tokio::time::sleep(Duration::from_millis(200)).await;
                Ok(probe)
            })
            .await?;
        if let Some(error) = probe.get("error").and_then(Value::as_str) {
            bail!("{error}");
        }
        let number = |key: &str| probe.get(key).and_then(Value::as_f64);
        let pasted = number("pasted").context("the probe reported no paste time")?;
        match (number("result"), number("empty")) {
            (Some(shown), _) => Ok(Probe { pasted, shown, answered: true }),
            (None, Some(shown)) => Ok(Probe { pasted, shown, answered: false }),
            (None, None) => bail!("the probe reported neither a result nor an empty list"),
        }
    }

    /// Warm runs: one session on the engine's API page; per query, one search to load what it
    /// needs, then `runs` timed searches, each with the data of the top 10 results.
    pub(crate) async fn warm(
        &self,
        server: &devserver::Server,
        engine: &Engine,
        queries: &[&str],
        runs: usize,
    ) -> Result<Vec<Warm>> {
        let body = format!("{}\n{}", engine.setup, engine.search);
        self.on_page(server, engine.api_page, async |client| {
            let mut warm = Vec::new();
            for query in queries {
                let args = vec![json!(query), json!(runs), json!(body)];
                warm.push(match client.execute_async(WARM_JS, args).await {
                    Ok(answer) => warm_from(query, &answer),
                    Err(error) => Warm {
                        query: (*query).to_owned(),
                        results: None,
                        median_ms: None,
                        runs_ms: Vec::new(),
                        error: Some(error.to_string()),
                    },
                });
            }
            Ok(warm)
        })
        .await
    }

    /// The top 10 result URLs of each query through the engine's JS API, in one session on its
    /// API page; a failed query keeps its error.
    pub(crate) async fn top_urls(
        &self,
        server: &devserver::Server,
        engine: &Engine,
        queries: &[String],
    ) -> Result<Vec<Result<Vec<String>, String>>> {
        let body = format!("{}\n{}", engine.setup, engine.top);
        self.on_page(server, engine.api_page, async |client| {
            let mut answers = Vec::new();
            for batch in queries.chunks(BATCH) {
                let args = vec![json!(batch), json!(body)];
                let answer = client.execute_async(TOP_JS, args).await?;
                let list = answer.as_array().context("the browser answered no list")?;
                for (query, answer) in batch.iter().zip(list) {
                    answers.push(match answer.get("urls").and_then(Value::as_array) {
                        Some(urls) => {
                            Ok(urls.iter().filter_map(Value::as_str).map(str::to_owned).collect())
                        }
                        None => Err(answer
                            .get("error")
                            .and_then(Value::as_str)
                            .map_or_else(|| format!("no answer for {query:?}"), str::to_owned)),
                    });
                }
            }
            Ok(answers)
        })
        .await
    }

    /// What a page with the engine's search box downloads before the reader touches it: a
    /// fresh profile loads the UI page, waits for the input and then for the network to be
    /// quiet for a second; returns the responses (path, body bytes), the page itself excluded.
    pub(crate) async fn page_view(
        &self,
        server: &devserver::Server,
        engine: &Engine,
    ) -> Result<Vec<(String, u64)>> {
        server.reset();
        let script = format!("{DEEP_JS}{INPUT_JS}");
        self.on_page(server, engine.ui_page, async |client| {
            let probe = client.execute_async(&script, vec![json!(engine.input)]).await?;
            if let Some(error) = probe.get("error").and_then(Value::as_str) {
                bail!("{error}");
            }
            let deadline = Instant::now() + Duration::from_secs(20);
            let (mut seen, mut quiet) = (server.log().len(), 0);
            while quiet < 4 && Instant::now() < deadline {
                tokio::time::sleep(Duration::from_millis(250)).await;
                let now = server.log().len();
                quiet = if now == seen { quiet + 1 } else { 0 };
                seen = now;
            }
            Ok(())
        })
        .await?;
        Ok(server
            .log()
            .into_iter()
            .filter(|r| !r.path.starts_with(&format!("/{BENCH_DIR}/")) && r.path != "/favicon.ico")
            .map(|r| (r.path, r.bytes))
            .collect())
    }

    /// The browser's version line, e.g. `Chromium 156.0.8078.108 built on Debian ...`.
    pub(crate) fn chromium_version(&self) -> Option<String> {
        crate::indexes::version_of(&self.chromium)
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

struct Session {
    client: Client,
    _profile: tempfile::TempDir,
}

impl Session {
    async fn close(self) {
        // Ending the session quits Chromium; the profile directory goes when `_profile` drops.
        let _ = self.client.close().await;
    }
}

/// What the cold probe saw, in ms since the epoch.
struct Probe {
    pasted: f64,
    shown: f64,
    answered: bool,
}

fn warm_from(query: &str, answer: &Value) -> Warm {
    let mut warm = Warm {
        query: query.to_owned(),
        results: None,
        median_ms: None,
        runs_ms: Vec::new(),
        error: None,
    };
    if let Some(error) = answer.get("error").and_then(Value::as_str) {
        warm.error = Some(error.to_owned());
        return warm;
    }
    warm.results = answer.get("results").and_then(Value::as_u64);
    warm.runs_ms = answer
        .get("times")
        .and_then(Value::as_array)
        .map(|times| times.iter().filter_map(Value::as_f64).collect())
        .unwrap_or_default();
    warm.median_ms = median(&warm.runs_ms);
    warm
}

/// The median of some numbers (the mean of the middle two for an even count).
pub(crate) fn median(values: &[f64]) -> Option<f64> {
    let mut sorted: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    if sorted.is_empty() {
        return None;
    }
    sorted.sort_by(f64::total_cmp);
    let middle = sorted.len() / 2;
    Some(if sorted.len() % 2 == 1 {
        sorted[middle]
    } else {
        (sorted[middle - 1] + sorted[middle]) / 2.0
    })
}

/// Fetches each path from the server as a gzip-accepting browser would; returns body bytes.
pub(crate) async fn served_sizes(
    server: &devserver::Server,
    paths: &[String],
) -> Result<Vec<(String, u64)>> {
    let client = hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
        .build::<_, Empty<bytes::Bytes>>(HttpConnector::new());
    let mut sizes = Vec::new();
    for path in paths {
        let request = http::Request::get(format!("{}{path}", server.url()))
            .header(http::header::ACCEPT_ENCODING, "gzip, deflate, br")
            .body(Empty::new())?;
        let response =
            client.request(request).await.with_context(|| format!("cannot fetch {path}"))?;
        if !response.status().is_success() {
            bail!("{path}: status {}", response.status());
        }
        let body = response.into_body().collect().await?.to_bytes();
        sizes.push((path.clone(), body.len() as u64));
    }
    Ok(sizes)
}
