//! Helpers: run the command, write inputs, snapshot index directories.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The outcome of one run of the command.
pub(crate) struct Run {
    pub(crate) ok: bool,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

impl Run {
    /// Panics with the whole output unless the run succeeded.
    pub(crate) fn success(self) -> Run {
        assert!(self.ok, "command failed:\nstdout:\n{}\nstderr:\n{}", self.stdout, self.stderr);
        self
    }

    /// Panics unless the run failed; returns it.
    pub(crate) fn failure(self) -> Run {
        assert!(!self.ok, "command succeeded:\nstdout:\n{}\nstderr:\n{}", self.stdout, self.stderr);
        self
    }

    /// The JSON lines of `search --json`.
    pub(crate) fn json(&self) -> Vec<serde_json::Value> {
        self.stdout.lines().map(|l| serde_json::from_str(l).expect("a JSON line")).collect()
    }

    /// The `url` of each JSON result.
    pub(crate) fn urls(&self) -> Vec<String> {
        self.json().iter().map(|hit| hit["url"].as_str().unwrap_or_default().to_string()).collect()
    }
}

/// Runs `index-builder` with `args` in `dir`.
pub(crate) fn run_in(dir: &Path, args: &[&str]) -> Run {
    let Output { status, stdout, stderr } = Command::new(env!("CARGO_BIN_EXE_index-builder"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the command runs");
    Run {
        ok: status.success(),
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
    }
}

/// Writes `contents` to `dir/rel`, creating directories.
pub(crate) fn write(dir: &Path, rel: &str, contents: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("create dirs");
    std::fs::write(&path, contents).expect("write");
    path
}

/// Every file of a directory (recursively) with its bytes.
pub(crate) fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(at) = stack.pop() {
        for entry in std::fs::read_dir(&at).expect("read dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(dir).expect("inside").to_string_lossy().into_owned();
                files.insert(rel, std::fs::read(&path).expect("read"));
            }
        }
    }
    files
}

/// Names in a directory, sorted (to see that no temporary directory is left behind).
pub(crate) fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// One JSONL record.
pub(crate) fn record(url: &str, title: &str, date: Option<&str>, body: &str) -> String {
    serde_json::json!({
        "id": url, "url": url, "title": title, "date": date, "lang": "en",
        "type": "news", "tags": {}, "body": body,
    })
    .to_string()
}

/// The small corpus the search tests know the answers for.
pub(crate) fn news_corpus() -> String {
    let rows = [
        serde_json::json!({"url": "/news/helsinki", "title": "Helsinki group meets in Moscow",
            "date": "1987-03-01", "lang": "en", "type": "news", "tags": {"places": ["ussr"]},
            "body": "The Moscow Helsinki Group met to discuss human rights."}),
        serde_json::json!({"url": "/news/cocoa-prices", "title": "Cocoa prices rise",
            "date": "1987-02-26", "lang": "en", "type": "news",
            "tags": {"places": ["brazil", "usa"], "topics": ["cocoa"]},
            "body": "Cocoa prices rose sharply in Brazil after the drought."}),
        serde_json::json!({"url": "/news/cocoa-harvest", "title": "Harvest report from Ghana",
            "date": "1987-04-10", "lang": "en", "type": "brief",
            "tags": {"places": ["ghana"], "topics": ["cocoa"]},
            "body": "The harvest was large; prices of cocoa were stable."}),
        serde_json::json!({"url": "/news/mondelez", "title": "Mondelēz buys a bakery",
            "date": "1987-05-05", "lang": "en", "type": "news", "tags": {"places": ["usa"]},
            "body": "Mondelēz International announced the deal on Tuesday."}),
        serde_json::json!({"url": "/news/vybory", "title": "Выборы в Финляндии",
            "date": "1987-06-01", "lang": "ru", "type": "news", "tags": {"places": ["finland"]},
            "body": "В воскресенье в Финляндии прошли выборы в парламент."}),
        serde_json::json!({"url": "/news/undated", "title": "A note about tariffs",
            "date": null, "lang": "en", "type": "news", "tags": {},
            "body": "Tariffs on semiconductors were discussed."}),
    ];
    rows.iter().map(|row| format!("{row}\n")).collect()
}
