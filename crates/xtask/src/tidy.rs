//! Repository-wide checks that run as an ordinary test (rust-analyzer's `tidy` pattern).
//!
//! Every Rust file opens with a `//!` sentence and stays within [`MAX_LINES`] lines; no test is
//! skipped or expected to panic, and no debugging macro is left behind; and no file holds a
//! copy of the shared corpora or of the seed page, which must stay outside the repository.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::project_root;

/// Longest allowed Rust source file; STYLE.md asks to split files past about 600 lines.
const MAX_LINES: usize = 700;

/// Files of the repository: tracked and untracked but not ignored (so `target/` and
/// `node_modules/` are left out), relative to the root.
fn files(root: &Path) -> Vec<PathBuf> {
    let output = Command::new("git")
        .args(["ls-files", "-z", "--cached", "--others", "--exclude-standard"])
        .current_dir(root)
        .output();
    match output {
        Ok(output) if output.status.success() => output
            .stdout
            .split(|&b| b == 0)
            .filter(|name| !name.is_empty())
            .map(|name| PathBuf::from(String::from_utf8_lossy(name).into_owned()))
            .filter(|path| root.join(path).is_file())
            .collect(),
        _ => {
            let mut found = Vec::new();
            walk(root, root, &mut found);
            found
        }
    }
}

/// Lists files below `dir` without git, skipping build output and dependencies.
fn walk(root: &Path, dir: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if path.is_dir() {
            if !(name.starts_with("target") || name == "node_modules" || name.starts_with('.')) {
                walk(root, &path, found);
            }
        } else if let Ok(relative) = path.strip_prefix(root) {
            found.push(relative.to_path_buf());
        }
    }
}

#[test]
fn rust_files_are_tidy() {
    let root = project_root();
    // Built from pieces, so that this file does not trip its own check.
    let forbidden = [
        format!("#[{}", "ignore"),
        format!("#[{}", "should_panic"),
        format!("{}!(", "dbg"),
        format!("{}!(", "todo"),
    ];
    let mut problems = Vec::new();
    for path in files(&root).into_iter().filter(|p| p.extension().is_some_and(|e| e == "rs")) {
        let Ok(text) = std::fs::read_to_string(root.join(&path)) else {
            problems.push(format!("{}: not UTF-8", path.display()));
            continue;
        };
        if !text.starts_with("//!") {
            problems.push(format!("{}: does not start with a `//!` sentence", path.display()));
        }
        let lines = text.lines().count();
        if lines > MAX_LINES {
            problems.push(format!(
                "{}: {lines} lines, more than {MAX_LINES}: split it",
                path.display()
            ));
        }
        for (number, line) in text.lines().enumerate() {
            for needle in forbidden.iter().filter(|n| line.contains(n.as_str())) {
                problems.push(format!(
                    "{}:{}: `{needle}` is not allowed",
                    path.display(),
                    number + 1
                ));
            }
        }
    }
    assert!(problems.is_empty(), "tidy found problems:\n{}", problems.join("\n"));
}

#[test]
fn no_copy_of_shared_data() {
    let root = project_root();
    let mut needles =
        vec![["It is an honour for me", " to take part in", " the 35th anniversary"].concat()];
    needles.extend(shared_excerpts(&root));
    let mut problems = Vec::new();
    for path in files(&root) {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if name == "site-article-page.txt" || name.starts_with("articles.jsonl") {
            problems.push(format!("{}: looks like a copy of shared data", path.display()));
        }
        let Some(bytes) = contents(&root.join(&path)) else { continue };
        for needle in &needles {
            if contains(&bytes, needle.as_bytes()) {
                problems.push(format!("{}: contains shared text {needle:?}", path.display()));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "shared data copied into the repository:\n{}",
        problems.join("\n")
    );
}

/// A file's bytes, gunzipped when it is gzip; `None` for files too large to be source.
fn contents(path: &Path) -> Option<Vec<u8>> {
    const LIMIT: u64 = 32 << 20;
    if std::fs::metadata(path).ok()?.len() > LIMIT {
        return None;
    }
    let bytes = std::fs::read(path).ok()?;
    if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut text = Vec::new();
        let decoder = flate2::read::MultiGzDecoder::new(&bytes[..]);
        decoder.take(LIMIT).read_to_end(&mut text).ok()?;
        return Some(text);
    }
    Some(bytes)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

/// Distinctive excerpts of the shared seed page and corpora, read at test time so that no
/// copy of them lives here: the seed page's longest line, and a passage from the middle of the
/// first long bodies of each corpus. Missing shared data gives no excerpts (with a note).
fn shared_excerpts(root: &Path) -> Vec<String> {
    let shared = root.join("../shared");
    let corpora = std::env::var_os("SIFT_CORPORA")
        .map(PathBuf::from)
        .unwrap_or_else(|| shared.join("corpora"));
    let mut excerpts = Vec::new();
    if let Ok(seed) = std::fs::read_to_string(shared.join("seed/site-article-page.txt")) {
        if let Some(line) = seed.lines().map(str::trim).max_by_key(|l| l.len()) {
            excerpts.push(middle(line, 80));
        }
    } else {
        eprintln!("NOTE: the shared seed page is missing; checking only the built-in excerpt");
    }
    let Ok(entries) = std::fs::read_dir(&corpora) else {
        eprintln!("NOTE: {} is missing; not checking for copies of the corpora", corpora.display());
        return excerpts;
    };
    for entry in entries.flatten() {
        let Ok(records) = first_records(&entry.path().join("articles.jsonl.gz"), 50) else {
            continue;
        };
        let long = records.iter().filter(|r| r.body.chars().count() > 400);
        excerpts.extend(long.take(3).map(|r| middle(&r.body, 60)));
    }
    excerpts.retain(|e| e.chars().count() >= 40);
    excerpts
}

/// `len` characters from the middle of `text`, cut at a line to avoid wrapped-text mismatches.
fn middle(text: &str, len: usize) -> String {
    let line = text.lines().max_by_key(|l| l.len()).unwrap_or(text).trim();
    let chars: Vec<char> = line.chars().collect();
    let start = chars.len().saturating_sub(len) / 2;
    chars[start..chars.len().min(start + len)].iter().collect()
}

fn first_records(path: &Path, n: usize) -> anyhow::Result<Vec<crate::Record>> {
    use std::io::BufRead;
    let file = std::fs::File::open(path)?;
    let reader = std::io::BufReader::new(flate2::read::MultiGzDecoder::new(file));
    let mut records = Vec::new();
    for line in reader.lines().take(n) {
        records.push(serde_json::from_str(&line?)?);
    }
    Ok(records)
}
