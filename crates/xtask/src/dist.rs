//! `cargo xtask dist` and `cargo xtask install`: the widget's release build, put where
//! index-builder embeds it, and index-builder installed with it inside.
//!
//! The widget is the demo's own build (`trunk build --release`: the `wasm-release` size
//! profile, wasm-opt and the minified glue, see Trunk.toml), so a site's bundle carries
//! exactly what the demo runs. Its files are `sift.js` and whatever that names, and what
//! those name in turn, among the files Trunk wrote: taken from the build, not from a list.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

use crate::process::{self, cargo};
use crate::{project_root, setup};

/// Where index-builder's build script takes the widget from (see `index-builder/build.rs`).
pub fn widget_dir() -> PathBuf {
    project_root().join("index-builder/widget")
}

/// Arguments of `cargo xtask install`.
#[derive(Debug, Default, clap::Args)]
pub struct InstallArgs {
    /// Install into DIR/bin instead of cargo's (`~/.cargo/bin`), as `cargo install --root`.
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
}

/// Runs `cargo xtask dist`: builds the widget and puts its files into [`widget_dir`].
pub fn run() -> Result<()> {
    setup::ensure_demo_tools()?;
    let site = build_site()?;
    let files = widget_files(&site)?;
    copy_widget(&site, &files, &widget_dir())?;
    let bytes: u64 = files
        .iter()
        .filter_map(|name| std::fs::metadata(widget_dir().join(name)).ok())
        .map(|meta| meta.len())
        .sum();
    println!(
        "xtask dist: the widget ({}, {} KB) is in {}; index-builder embeds it when built \
         (`cargo xtask install`, or `cargo install --path index-builder`)",
        files.iter().cloned().collect::<Vec<_>>().join(", "),
        bytes.div_ceil(1024),
        widget_dir().display()
    );
    Ok(())
}

/// Runs `cargo xtask install`: `dist`, then `cargo install --path index-builder`.
pub fn install(args: &InstallArgs) -> Result<()> {
    run()?;
    let mut cmd = cargo();
    cmd.current_dir(project_root());
    cmd.args(["install", "--locked", "--force", "--quiet", "--path", "index-builder"]);
    if let Some(root) = &args.root {
        cmd.arg("--root").arg(std::path::absolute(root).unwrap_or_else(|_| root.clone()));
    }
    process::run(&mut cmd).context("cargo could not install index-builder")?;
    let bin = match &args.root {
        Some(root) => root.join("bin/index-builder"),
        None => PathBuf::from("index-builder"),
    };
    let version = process::stdout_of(&bin, ["--version"]).unwrap_or_default();
    println!("xtask install: installed {}", version.replace('\n', "; "));
    Ok(())
}

/// Builds the demo site with Trunk (release) and returns its directory (`[build] dist` of
/// Trunk.toml), where the widget's files are.
pub fn build_site() -> Result<PathBuf> {
    let root = project_root();
    let trunk_toml = root.join("Trunk.toml");
    process::run(
        Command::new("trunk").args(["build", "--release", "--offline"]).current_dir(&root),
    )
    .context("trunk could not build the widget")?;
    trunk_dist(&trunk_toml)
}

/// Trunk's output directory: `[build] dist` of Trunk.toml (relative to it), default `dist`.
pub fn trunk_dist(trunk_toml: &Path) -> Result<PathBuf> {
    let text = std::fs::read_to_string(trunk_toml)
        .with_context(|| format!("cannot read {}", trunk_toml.display()))?;
    let config: toml::Table =
        text.parse().with_context(|| format!("{} is not valid TOML", trunk_toml.display()))?;
    let dist = config
        .get("build")
        .and_then(|build| build.get("dist"))
        .and_then(|dist| dist.as_str())
        .unwrap_or("dist");
    Ok(trunk_toml.parent().unwrap_or(Path::new(".")).join(dist))
}

/// The widget's files in a built site: `sift.js`, and every file of the site's top level
/// that a widget file names (as `"name"`, `'./name'`, `/name`...), recursively. Pages are
/// never part of it.
pub fn widget_files(site: &Path) -> Result<BTreeSet<String>> {
    let mut candidates = Vec::new();
    for entry in
        std::fs::read_dir(site).with_context(|| format!("cannot list {}", site.display()))?
    {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.file_type()?.is_file() && !name.ends_with(".html") {
            candidates.push(name);
        }
    }
    if !candidates.iter().any(|name| name == "sift.js") {
        bail!("{} has no sift.js: the widget build did not finish", site.display());
    }
    let mut files = BTreeSet::from(["sift.js".to_string()]);
    let mut queue = vec!["sift.js".to_string()];
    while let Some(name) = queue.pop() {
        if name.ends_with(".wasm") {
            continue;
        }
        let text = std::fs::read(site.join(&name))
            .with_context(|| format!("cannot read {}", site.join(&name).display()))?;
        let text = String::from_utf8_lossy(&text);
        for candidate in &candidates {
            if !files.contains(candidate) && mentions(&text, candidate) {
                files.insert(candidate.clone());
                queue.push(candidate.clone());
            }
        }
        if mentions_subdirectory(&text) {
            bail!(
                "{} loads files from a subdirectory (wasm-bindgen snippets?): bundles hold \
                 the widget's top-level files only; teach `cargo xtask dist` and \
                 index-builder's build.rs to carry directories",
                name
            );
        }
    }
    if !files.iter().any(|name| name.ends_with(".wasm")) {
        bail!("sift.js in {} names no .wasm file: not a widget build", site.display());
    }
    Ok(files)
}

/// Whether `text` names the file `name` as a whole path part (`"x.js"`, `./x.js`, `/x.js`),
/// not inside a longer name.
fn mentions(text: &str, name: &str) -> bool {
    text.match_indices(name).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + name.len()..].chars().next();
        before.is_none_or(|c| matches!(c, '"' | '\'' | '`' | '/' | '(' | ' '))
            && after.is_none_or(|c| matches!(c, '"' | '\'' | '`' | '?' | '#' | ')' | ' '))
    })
}

/// Whether `text` imports from wasm-bindgen's `snippets/` directory.
fn mentions_subdirectory(text: &str) -> bool {
    text.contains("./snippets/")
}

/// Makes `to` hold exactly `files` from `site`: a file whose bytes did not change is left
/// alone (so cargo does not rebuild index-builder for nothing), others are replaced, and
/// files no longer part of the widget are removed. Hidden files (the `.gitignore`) stay.
fn copy_widget(site: &Path, files: &BTreeSet<String>, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to).with_context(|| format!("cannot create {}", to.display()))?;
    for entry in std::fs::read_dir(to)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.starts_with('.') && !files.contains(&name) {
            std::fs::remove_file(entry.path())
                .with_context(|| format!("cannot remove {}", entry.path().display()))?;
        }
    }
    for name in files {
        let bytes = std::fs::read(site.join(name))
            .with_context(|| format!("cannot read {}", site.join(name).display()))?;
        let target = to.join(name);
        if std::fs::read(&target).is_ok_and(|old| old == bytes) {
            continue;
        }
        std::fs::write(&target, bytes)
            .with_context(|| format!("cannot write {}", target.display()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_widget_is_sift_js_and_what_it_names_and_no_page_or_demo_file() {
        let site = tempfile::tempdir().unwrap();
        let write = |name: &str, text: &str| std::fs::write(site.path().join(name), text).unwrap();
        write("index.html", "<script type=module src=/sift.js></script><link href=site.css>");
        write("site.css", "body{}");
        write("sift.js", "const m = import(\"./sift-widget.js\"); const c = 'sift.css';");
        write("sift-widget.js", "new URL('sift-widget_bg.wasm', import.meta.url)");
        write("sift-widget_bg.wasm", "\0asm");
        write("sift.css", ":host{}");
        write("old-sift-widget.js", "unused");
        let files = widget_files(site.path()).unwrap();
        let files: Vec<&str> = files.iter().map(String::as_str).collect();
        assert_eq!(files, ["sift-widget.js", "sift-widget_bg.wasm", "sift.css", "sift.js"]);
    }

    #[test]
    fn a_build_without_wasm_is_refused() {
        let site = tempfile::tempdir().unwrap();
        std::fs::write(site.path().join("sift.js"), "nothing").unwrap();
        let error = widget_files(site.path()).unwrap_err().to_string();
        assert!(error.contains("names no .wasm file"), "{error}");
    }
}
