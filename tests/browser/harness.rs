//! What the browser tests build once per run: the corpus and its index, the demo site, the
//! loopback servers and chromedriver.
//!
//! Layout of a run (under `<target>/browser-tests/run/`, replaced at the start of each run):
//! - `sample.jsonl`: the sample corpus, from `cargo xtask sample`;
//! - `site/`: the demo dist (from `trunk build`, or `SIFT_DIST`) with `hooks.js` added to every
//!   page, its `index/` replaced by the test index (sample corpus plus the fixture records),
//!   and test pages written by tests under `t/`;
//! - `partner/`: a partner site that self-hosts the widget (see [`Env::partner`]);
//! - copies of the index that failure tests damage, and hand-made indexes;
//! - `screenshots/`: what tests saw, at phone and desktop widths, for people to look at.

use std::collections::{BTreeSet, HashMap};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use sift_core::{
    analyze, quick_rounds, run_rounds, BuildConfig, FileCache, FileKind, Index, IndexBuilder,
    Outcome, ParseOptions, Query, SearchRequest, SearchResults, ENTRY_FILE_NAME,
};

use super::corpus::{self, Record};

/// Where Debian installs the browser and its driver.
const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// The site label of the test index and of the partner's own index.
pub(crate) const MAIN_SITE: &str = "Sift News";
pub(crate) const PARTNER_SITE: &str = "Partner Weekly";

/// Term shards far smaller than the default, so that the few hundred articles of the sample
/// corpus still spread over several shards: failure tests need a word whose shard no other
/// query fetches, and every test exercises fetching shards on demand.
const SHARD_BYTES: usize = 2 << 10;

/// Everything shared by the tests of one run.
pub(crate) struct Env {
    /// The sample corpus followed by the fixture records, as indexed.
    pub(crate) records: Vec<Record>,
    /// The test index, opened natively: the ground truth for counts and orders.
    pub(crate) index: NativeIndex,
    /// Serves `site/` with CORS, so that other origins can read its index.
    pub(crate) site: devserver::Server,
    /// chromedriver's base URL.
    pub(crate) webdriver: String,
    run_dir: PathBuf,
    dist: PathBuf,
    partner: OnceLock<Result<Partner, String>>,
}

/// A partner's site on a second loopback origin (see [`Env::partner`]).
pub(crate) struct Partner {
    /// Serves `partner/` with the strict policy of [`Env::partner_csp`].
    pub(crate) server: devserver::Server,
    /// The partner's own index, opened natively.
    pub(crate) index: NativeIndex,
    /// The records of the partner's own index.
    pub(crate) records: Vec<Record>,
}

/// The environment of this run, built by the first test that asks; every test fails with the
/// same message if it cannot be built.
pub(crate) fn env() -> &'static Env {
    static ENV: OnceLock<Result<Env, String>> = OnceLock::new();
    match ENV.get_or_init(Env::build) {
        Ok(env) => env,
        Err(message) => panic!("browser tests cannot start: {message}"),
    }
}

impl Env {
    fn build() -> Result<Env, String> {
        for tool in [CHROMIUM, CHROMEDRIVER] {
            if !Path::new(tool).exists() {
                return Err(format!(
                    "{tool} is missing; `cargo xtask test` installs Chromium and chromedriver \
                     (Debian packages chromium and chromium-driver)"
                ));
            }
        }
        let repo = repo_root();
        let work = target_dir(&repo).join("browser-tests");
        let run_dir = work.join("run");
        if run_dir.exists() {
            std::fs::remove_dir_all(&run_dir)
                .map_err(|e| format!("cannot clear {}: {e}", run_dir.display()))?;
        }
        mkdir(&run_dir)?;

        let sample = run_dir.join("sample.jsonl");
        run_logged(
            Command::new(cargo())
                .args(["xtask", "sample", "--out"])
                .arg(&sample)
                .current_dir(&repo),
            &run_dir.join("sample.log"),
        )?;
        let mut records = corpus::read_jsonl(&sample)?;
        records.extend(corpus::read_jsonl(&fixtures().join("hostile.jsonl"))?);

        let dist = match std::env::var_os("SIFT_DIST") {
            Some(dist) => PathBuf::from(dist),
            None => {
                let dist = work.join("dist");
                run_logged(
                    Command::new("trunk")
                        .args(["build", "--release", "--offline", "--dist"])
                        .arg(&dist)
                        .current_dir(&repo),
                    &run_dir.join("trunk.log"),
                )?;
                dist
            }
        };
        if !dist.join("sift.js").is_file() {
            return Err(format!("{} has no sift.js: not a built demo site", dist.display()));
        }

        let site_dir = run_dir.join("site");
        copy_site(&dist, &site_dir, &|relative| relative != Path::new("index"))?;
        std::fs::copy(fixtures().join("hooks.js"), site_dir.join("hooks.js"))
            .map_err(|e| format!("cannot copy hooks.js: {e}"))?;
        let axe = repo.join("target/npm/node_modules/axe-core/axe.min.js");
        std::fs::copy(&axe, site_dir.join("axe.min.js")).map_err(|e| {
            format!("cannot copy {}: {e}; `cargo xtask test` installs axe-core", axe.display())
        })?;
        mkdir(&run_dir.join("screenshots"))?;
        mkdir(&site_dir.join("t"))?;
        let index = NativeIndex::build(&records, MAIN_SITE, &site_dir.join("index"))?;
        let site = devserver::Server::start(devserver::Config {
            root: site_dir,
            cors: true,
            ..devserver::Config::default()
        })
        .map_err(|e| format!("cannot start the site server: {e}"))?;

        let webdriver = start_chromedriver()?;
        Ok(Env { records, index, site, webdriver, run_dir, dist, partner: OnceLock::new() })
    }

    /// The site's URL for `path` (which starts with `/`).
    pub(crate) fn url(&self, path: &str) -> String {
        format!("{}{path}", self.site.url())
    }

    /// Writes a test page `/t/NAME.html` whose body is `body`, with the hooks and the widget's
    /// script in its head, and returns its path on the site.
    pub(crate) fn page(&self, name: &str, body: &str) -> String {
        self.page_with_script(name, "/sift.js", body)
    }

    /// [`Env::page`] with the widget's script loaded from `script`.
    pub(crate) fn page_with_script(&self, name: &str, script: &str, body: &str) -> String {
        let html = test_page(name, script, body);
        let path = self.run_dir.join("site").join("t").join(format!("{name}.html"));
        if let Err(e) = std::fs::write(&path, html) {
            panic!("cannot write {}: {e}", path.display());
        }
        format!("/t/{name}.html")
    }

    /// A fresh copy of the test index in a directory of its own, for a test to damage; served
    /// with CORS by the server this returns (with the directory).
    pub(crate) fn index_copy(&self, name: &str) -> (PathBuf, devserver::Server) {
        let dir = self.run_dir.join(name);
        if let Err(e) = copy_site(&self.run_dir.join("site").join("index"), &dir, &|_| true) {
            panic!("cannot copy the index: {e}");
        }
        let server = devserver::Server::start(devserver::Config {
            root: dir.clone(),
            cors: true,
            ..devserver::Config::default()
        })
        .unwrap_or_else(|e| panic!("cannot start a server for {}: {e}", dir.display()));
        (dir, server)
    }

    /// A hand-made index of `records`, built with sift-core directly (so it may hold what
    /// index-builder refuses), in a directory of its own served with CORS.
    pub(crate) fn custom_index(
        &self,
        name: &str,
        records: &[Record],
    ) -> (NativeIndex, devserver::Server) {
        let dir = self.run_dir.join(name);
        let index = NativeIndex::build(records, MAIN_SITE, &dir)
            .unwrap_or_else(|e| panic!("cannot build the index {name}: {e}"));
        let server = devserver::Server::start(devserver::Config {
            root: dir,
            cors: true,
            ..Default::default()
        })
        .unwrap_or_else(|e| panic!("cannot serve the index {name}: {e}"));
        (index, server)
    }

    /// The directory of this run named `name` (where [`Env::custom_index`] and
    /// [`Env::index_copy`] put their indexes).
    pub(crate) fn run_path(&self, name: &str) -> PathBuf {
        self.run_dir.join(name)
    }

    /// A second server of the test site, whose log holds only what one test's pages fetch
    /// (the shared one serves every test of the run).
    pub(crate) fn private_site(&self) -> devserver::Server {
        devserver::Server::start(devserver::Config {
            root: self.run_dir.join("site"),
            cors: true,
            ..devserver::Config::default()
        })
        .unwrap_or_else(|e| panic!("cannot start a private site server: {e}"))
    }

    /// Where a test's screenshot `NAME.png` goes.
    pub(crate) fn screenshot_path(&self, name: &str) -> PathBuf {
        self.run_dir.join("screenshots").join(format!("{name}.png"))
    }

    /// The widget and the test index together in `/t/bundle/`, as `index-builder` bundles
    /// them into a site's `sift/`; returns the directory's path on the site.
    pub(crate) fn bundle(&self) -> &'static str {
        const PATH: &str = "/t/bundle/";
        let dir = self.run_dir.join("site/t/bundle");
        if !dir.exists() {
            let widget = |relative: &Path| {
                let name = relative.to_string_lossy();
                name.starts_with("sift") && !name.ends_with(".html")
            };
            let copied = copy_site(&self.dist, &dir, &widget)
                .and_then(|()| copy_site(&self.run_dir.join("site/index"), &dir, &|_| true));
            if let Err(e) = copied {
                panic!("cannot lay out the bundle: {e}");
            }
        }
        PATH
    }

    /// The partner site, built on first use: the widget's files from the dist (no pages, no
    /// index), `hooks.js`, the hostile stylesheet, the partner's own index under
    /// `/own-index/` (from `partner.jsonl`), served with the strict CSP.
    pub(crate) fn partner(&self) -> &Partner {
        let partner = self.partner.get_or_init(|| {
            let dir = self.run_dir.join("partner");
            copy_site(&self.dist, &dir, &|relative| {
                let first = relative.components().next().map(|c| c.as_os_str().to_owned());
                let is_page = relative.extension().is_some_and(|e| e == "html");
                !is_page
                    && first.as_deref() != Some("index".as_ref())
                    && first.as_deref() != Some("news".as_ref())
            })?;
            for file in ["hooks.js", "hostile.css"] {
                std::fs::copy(fixtures().join(file), dir.join(file))
                    .map_err(|e| format!("cannot copy {file}: {e}"))?;
            }
            let records = corpus::read_jsonl(&fixtures().join("partner.jsonl"))?;
            let index = NativeIndex::build(&records, PARTNER_SITE, &dir.join("own-index"))?;
            let server = devserver::Server::start(devserver::Config {
                root: dir,
                csp: Some(self.partner_csp()),
                ..devserver::Config::default()
            })
            .map_err(|e| format!("cannot start the partner server: {e}"))?;
            Ok(Partner { server, index, records })
        });
        match partner {
            Ok(partner) => partner,
            Err(message) => panic!("cannot build the partner site: {message}"),
        }
    }

    /// The Content-Security-Policy of the partner's pages: scripts from the partner itself
    /// and the organisation's site, wasm compilation, and styles from the partner only (no
    /// `'unsafe-inline'`); fetching is not restricted (`connect-src` is a partner's choice).
    pub(crate) fn partner_csp(&self) -> String {
        format!("script-src 'self' {} 'wasm-unsafe-eval'; style-src 'self'", self.site.url())
    }

    /// Writes the partner page `/NAME.html` (hostile stylesheet, hooks, the widget's script
    /// from `script`, no inline script or style) with `body`, and returns its URL on the
    /// partner origin.
    pub(crate) fn partner_page(&self, name: &str, script: &str, body: &str) -> String {
        let partner = self.partner();
        let html = format!(
            "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <title>Partner {name}</title>\n<script src=\"/hooks.js\"></script>\n\
             <link rel=\"stylesheet\" href=\"/hostile.css\">\n\
             <script type=\"module\" src=\"{script}\"></script>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
        );
        let path = self.run_dir.join("partner").join(format!("{name}.html"));
        if let Err(e) = std::fs::write(&path, html) {
            panic!("cannot write {}: {e}", path.display());
        }
        format!("{}/{name}.html", partner.server.url())
    }
}

/// The standard test page: hooks first, then the widget's module (`script`), then `body`.
fn test_page(title: &str, script: &str, body: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title}</title>\n\
         <script src=\"/hooks.js\"></script>\n<script type=\"module\" src=\"{script}\"></script>\n\
         </head>\n<body>\n{body}\n</body>\n</html>\n"
    )
}

/// An index built in-process with sift-core (what index-builder runs), written to a
/// directory and kept open with every file loaded.
pub(crate) struct NativeIndex {
    pub(crate) index: Index,
    files: HashMap<String, Vec<u8>>,
    cache: FileCache,
}

impl NativeIndex {
    fn build(records: &[Record], site: &str, out: &Path) -> Result<NativeIndex, String> {
        let mut builder = IndexBuilder::new(BuildConfig {
            site: site.to_owned(),
            shard_bytes: Some(SHARD_BYTES),
            labels: labels(),
            ..BuildConfig::default()
        });
        for record in records {
            builder.add(analyze(&record.document()));
        }
        let built = builder.finish().map_err(|e| format!("cannot build the test index: {e}"))?;
        mkdir(out)?;
        let mut files = HashMap::new();
        // The sources file is for the next incremental build; no search reads it, and the
        // cache refuses it.
        let mut searched = Vec::new();
        for file in built.files {
            std::fs::write(out.join(&file.name), &file.bytes)
                .map_err(|e| format!("cannot write {}: {e}", file.name))?;
            if !matches!(file.kind, FileKind::Entry | FileKind::Sources) {
                searched.push(file.name.clone());
            }
            files.insert(file.name, file.bytes);
        }
        let index = Index::open(&files[ENTRY_FILE_NAME]).map_err(|e| e.to_string())?;
        let mut cache = FileCache::with_budget(&index, usize::MAX);
        for name in &searched {
            cache.insert(name, &files[name]).map_err(|e| e.to_string())?;
        }
        Ok(NativeIndex { index, files, cache })
    }

    /// The answer of the core to `request`, with every file at hand.
    pub(crate) fn search(&self, request: &SearchRequest) -> SearchResults {
        match self.index.search(request, &self.cache) {
            Outcome::Ready(results) => results,
            Outcome::Need(names) => panic!("the native index lacks {names:?}"),
        }
    }

    /// What the quick search box shows for `text`: the answer of the last of its rounds
    /// that runs (`sift_core::quick_rounds`), as the widget runs them.
    pub(crate) fn quick(&self, text: &str) -> SearchResults {
        let Ok(answer) = run_rounds(quick_rounds(text), |request| {
            Ok::<_, std::convert::Infallible>(self.search(request))
        });
        answer.map(|(results, _)| results).unwrap_or_default()
    }

    /// The files a search for `request` fetches from a cold cache, the entry aside.
    pub(crate) fn needs(&self, request: &SearchRequest) -> BTreeSet<String> {
        let mut cache = FileCache::new(&self.index);
        let mut needed = BTreeSet::new();
        loop {
            match self.index.search(request, &cache) {
                Outcome::Ready(_) => return needed,
                Outcome::Need(names) => {
                    for name in names {
                        let bytes = &self.files[&name];
                        if let Err(e) = cache.insert(&name, bytes) {
                            panic!("cannot load {name}: {e}");
                        }
                        needed.insert(name);
                    }
                }
            }
        }
    }
}

/// Russian labels of two countries of the test corpus, as a site's config would give them.
pub(crate) fn labels(
) -> std::collections::BTreeMap<String, std::collections::BTreeMap<String, String>> {
    let ru = [("Kazakhstan", "Казахстан"), ("Russia", "Россия")];
    [("ru".to_string(), ru.iter().map(|(v, l)| (v.to_string(), l.to_string())).collect())].into()
}

/// A quick-search request for `text`, as the widget's search box makes it.
pub(crate) fn quick_request(text: &str) -> SearchRequest {
    SearchRequest {
        query: Query::parse(text, ParseOptions { prefix_last: true }).query,
        ..SearchRequest::default()
    }
}

/// Starts chromedriver on a free port and returns its URL. A shell watchdog ends the driver
/// once this test process is gone, so that no driver outlives the run.
fn start_chromedriver() -> Result<String, String> {
    const WATCHDOG: &str = r#""$1" --port=0 & driver=$!
while kill -0 "$2" 2>/dev/null; do sleep 1; done
kill "$driver""#;
    let mut child = Command::new("sh")
        .args(["-c", WATCHDOG, "sh", CHROMEDRIVER, &std::process::id().to_string()])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start {CHROMEDRIVER}: {e}"))?;
    let stdout = child.stdout.take().ok_or("chromedriver has no stdout")?;
    let mut lines = BufReader::new(stdout).lines();
    let mut seen = String::new();
    let port = loop {
        let Some(Ok(line)) = lines.next() else {
            return Err(format!("chromedriver stopped before listening; it said:\n{seen}"));
        };
        if let Some(rest) = line.split("started successfully on port ").nth(1) {
            break rest.trim_end_matches('.').trim().to_owned();
        }
        seen.push_str(&line);
        seen.push('\n');
    };
    // Keep reading so that the driver never blocks on a full pipe.
    std::thread::spawn(move || lines.for_each(drop));
    Ok(format!("http://127.0.0.1:{port}"))
}

/// Runs `command` with its output in `log`; fails with the log's tail.
pub(crate) fn run_logged(command: &mut Command, log: &Path) -> Result<(), String> {
    let file =
        std::fs::File::create(log).map_err(|e| format!("cannot create {}: {e}", log.display()))?;
    let err = file.try_clone().map_err(|e| e.to_string())?;
    let described = format!("{command:?}");
    let status = command
        .stdin(Stdio::null())
        .stdout(file)
        .stderr(err)
        .status()
        .map_err(|e| format!("cannot run {described}: {e}"))?;
    if status.success() {
        return Ok(());
    }
    let text = std::fs::read_to_string(log).unwrap_or_default();
    let tail: Vec<&str> = text.lines().rev().take(30).collect();
    let tail: Vec<&str> = tail.into_iter().rev().collect();
    Err(format!(
        "{described} failed ({status}); the end of {}:\n{}",
        log.display(),
        tail.join("\n")
    ))
}

/// Copies the tree at `from` to `to`, keeping the paths (relative to `from`) that `keep`
/// accepts, and adding `<script src="/hooks.js">` to the head of every HTML page.
fn copy_site(from: &Path, to: &Path, keep: &dyn Fn(&Path) -> bool) -> Result<(), String> {
    fn walk(
        root: &Path,
        dir: &Path,
        to: &Path,
        keep: &dyn Fn(&Path) -> bool,
    ) -> Result<(), String> {
        let entries =
            std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        for entry in entries {
            let path = entry.map_err(|e| e.to_string())?.path();
            let relative = path.strip_prefix(root).map_err(|e| e.to_string())?;
            if !keep(relative) {
                continue;
            }
            let target = to.join(relative);
            if path.is_dir() {
                mkdir(&target)?;
                walk(root, &path, to, keep)?;
            } else if path.extension().is_some_and(|e| e == "html") {
                let html = std::fs::read_to_string(&path)
                    .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
                std::fs::write(&target, with_hooks(&html))
                    .map_err(|e| format!("cannot write {}: {e}", target.display()))?;
            } else {
                std::fs::copy(&path, &target)
                    .map_err(|e| format!("cannot copy {}: {e}", path.display()))?;
            }
        }
        Ok(())
    }
    mkdir(to)?;
    walk(from, from, to, keep)
}

/// `html` with the error hooks as the first script of its head.
fn with_hooks(html: &str) -> String {
    const HOOKS: &str = "<script src=\"/hooks.js\"></script>";
    let lower = html.to_ascii_lowercase();
    let at = lower
        .find("<head")
        .and_then(|start| lower[start..].find('>').map(|end| start + end + 1))
        .or_else(|| lower.find("<html").and_then(|s| lower[s..].find('>').map(|e| s + e + 1)))
        .unwrap_or(0);
    format!("{}{HOOKS}{}", &html[..at], &html[at..])
}

pub(crate) fn mkdir(dir: &Path) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))
}

pub(crate) fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

pub(crate) fn target_dir(repo: &Path) -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => repo.join(dir),
        None => repo.join("target"),
    }
}

pub(crate) fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned())
}

/// The browser tests' fixtures directory.
pub(crate) fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join("browser")
}
