//! The bundle: `index-builder build public/` writes the index and the widget into
//! `public/sift/`, never reads it back, replaces it atomically, refuses a directory that
//! holds other files, and leaves the last good bundle after a failure or a crash.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::{names, run_in, snapshot, write};

/// A widget build as `cargo xtask dist` leaves one (made-up bytes: the command copies them,
/// it does not run them), plus a page, to see that the bundle is never read as input.
fn widget(dir: &Path) -> PathBuf {
    let widget = dir.join("widget-build");
    write(&widget, "sift.js", "import('./sift-widget.js');");
    write(&widget, "sift-widget.js", "new URL('sift-widget_bg.wasm', import.meta.url);");
    write(&widget, "sift-widget_bg.wasm", b"\0asm\x01\0\0\0");
    write(&widget, "about.html", "<html><body><h1>About the widget</h1></body></html>");
    widget
}

/// A site as a generator writes it: two articles, English and Russian.
fn site(dir: &Path) {
    write(
        dir,
        "public/news/oil/index.html",
        "<html lang=\"en\"><body><article><h1>Oil prices fall</h1>\
         <time datetime=\"2024-03-01\">1 March</time><p>Crude oil fell again.</p></article></body></html>",
    );
    write(
        dir,
        "public/ru/news/neft/index.html",
        "<html lang=\"ru\"><body><article><h1>Цены на нефть падают</h1>\
         <time datetime=\"2024-03-02\">2 марта</time><p>Нефть снова подешевела.</p></article></body></html>",
    );
    write(dir, "public/style.css", "body { margin: 0 }");
}

#[test]
fn one_command_writes_the_index_and_the_widget_into_the_site() {
    let dir = tempfile::tempdir().unwrap();
    let widget = widget(dir.path());
    site(dir.path());
    let widget_arg = widget.to_string_lossy().into_owned();
    let run = run_in(dir.path(), &["build", "public", "--widget", &widget_arg]).success();
    assert!(run.stdout.contains("indexed 2 documents"), "{}", run.stdout);
    assert!(
        run.stdout.contains("<script type=\"module\" src=\"/sift/sift.js\"></script>"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("<sift-search></sift-search>"), "{}", run.stdout);

    let bundle = snapshot(&dir.path().join("public/sift"));
    for file in ["sift.js", "sift-widget.js", "sift-widget_bg.wasm", "about.html", "entry.sift"] {
        assert!(bundle.contains_key(file), "{file} is not in the bundle: {:?}", bundle.keys());
    }
    assert_eq!(bundle["sift-widget_bg.wasm"], b"\0asm\x01\0\0\0");
    let manifest = String::from_utf8(bundle["sift-files.txt"].clone()).unwrap();
    let listed: Vec<&str> = manifest.lines().filter(|l| !l.starts_with('#')).collect();
    let mut files: Vec<&str> =
        bundle.keys().map(String::as_str).filter(|f| *f != "sift-files.txt").collect();
    files.sort_unstable();
    assert_eq!(listed, files, "the manifest lists every file of the bundle");

    // The index is in the bundle, in both languages.
    let found =
        run_in(dir.path(), &["search", "--index", "public/sift", "--json", "нефть"]).success();
    assert_eq!(found.urls(), ["/ru/news/neft/"]);
    let found =
        run_in(dir.path(), &["search", "--index", "public/sift", "--json", "crude"]).success();
    assert_eq!(found.urls(), ["/news/oil/"]);

    // The second build does not read the first one's bundle (its about.html is no article)
    // and writes the same bytes.
    let run = run_in(dir.path(), &["build", "public", "--widget", &widget_arg]).success();
    assert!(run.stdout.contains("indexed 2 documents"), "{}", run.stdout);
    assert_eq!(snapshot(&dir.path().join("public/sift")), bundle);
    assert_eq!(names(&dir.path().join("public")), ["news", "ru", "sift", "style.css"]);
}

#[test]
fn out_and_no_widget_choose_where_and_what() {
    let dir = tempfile::tempdir().unwrap();
    let widget = widget(dir.path());
    site(dir.path());
    let widget_arg = widget.to_string_lossy().into_owned();
    run_in(
        dir.path(),
        &["build", "public", "--out", "public/search", "--widget", &widget_arg, "-q"],
    )
    .success();
    assert!(dir.path().join("public/search/sift.js").is_file());
    run_in(dir.path(), &["build", "public", "--no-widget", "-q"]).success();
    let index = snapshot(&dir.path().join("public/sift"));
    assert!(index.contains_key("entry.sift"));
    assert!(!index.contains_key("sift.js"), "--no-widget wrote the widget: {:?}", index.keys());

    // A JSONL input has no site to put the bundle in.
    write(dir.path(), "news.jsonl", crate::util::record("/a", "Alpha", None, "x"));
    let run = run_in(dir.path(), &["build", "news.jsonl", "--no-widget"]).failure();
    assert!(
        run.stderr
            .contains("no input is a directory, so there is no default output: give --out DIR"),
        "{}",
        run.stderr
    );

    let empty = dir.path().join("empty-widget");
    std::fs::create_dir(&empty).unwrap();
    let run =
        run_in(dir.path(), &["build", "public", "--widget", &empty.to_string_lossy()]).failure();
    assert!(run.stderr.contains("no sift.js in it: not a widget build"), "{}", run.stderr);
}

#[test]
fn the_version_names_the_widget_and_the_index_format() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_in(dir.path(), &["--version"]).success();
    let format = format!("index format {}", sift_core::FORMAT_VERSION);
    assert!(run.stdout.starts_with("index-builder 0."), "{}", run.stdout);
    assert!(run.stdout.contains(&format), "{}", run.stdout);
    assert!(run.stdout.contains("widget"), "{}", run.stdout);
    // The platform it runs on: `0.1.0 (x86_64-unknown-linux-gnu)`.
    let platform = format!(" ({}-", std::env::consts::ARCH);
    assert!(run.stdout.lines().next().is_some_and(|l| l.contains(&platform)), "{}", run.stdout);
}

/// Builds a good bundle into `public/sift`, then a build that must fail with `args`; checks
/// the message holds every fragment and the bundle survived byte for byte.
fn check_keeps_bundle(dir: &Path, args: &[&str], fragments: &[&str]) {
    let widget = widget(dir).to_string_lossy().into_owned();
    site(dir);
    run_in(dir, &["build", "public", "--widget", &widget, "-q"]).success();
    let before = snapshot(&dir.join("public/sift"));
    let mut full = vec!["build"];
    full.extend_from_slice(args);
    full.extend_from_slice(&["--out", "public/sift", "--widget", &widget]);
    let run = run_in(dir, &full).failure();
    for fragment in fragments {
        assert!(run.stderr.contains(fragment), "{fragment:?} not in:\n{}", run.stderr);
    }
    assert!(run.stderr.contains("public/sift keeps its previous bundle"), "{}", run.stderr);
    assert_eq!(snapshot(&dir.join("public/sift")), before, "the previous bundle changed");
    assert_eq!(names(&dir.join("public")), ["news", "ru", "sift", "style.css"]);
}

#[test]
fn bad_input_leaves_the_previous_bundle() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "generated/assets/app.js", "console.log(1)");
    check_keeps_bundle(
        dir.path(),
        &["generated"],
        &["generated: no HTML pages (.html, .htm) or Markdown files (.md) in it"],
    );
    write(dir.path(), "untitled/a.html", "<html><body><p>No heading, no title.</p></body></html>");
    check_keeps_bundle(dir.path(), &["untitled"], &["untitled/a.html: record has no title"]);
}

#[test]
fn a_bundle_directory_holding_other_files_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    site(dir.path());
    let widget = widget(dir.path()).to_string_lossy().into_owned();
    run_in(dir.path(), &["build", "public", "--widget", &widget, "-q"]).success();
    write(dir.path(), "public/sift/notes.txt", "mine");
    let before = snapshot(&dir.path().join("public/sift"));
    let run = run_in(dir.path(), &["build", "public", "--widget", &widget]).failure();
    assert!(
        run.stderr.contains(
            "public/sift: refusing to replace: it holds notes.txt, which index-builder did not write"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(snapshot(&dir.path().join("public/sift")), before);

    // A site whose own pages live in public/sift is never taken for a bundle.
    let dir = tempfile::tempdir().unwrap();
    site(dir.path());
    write(dir.path(), "public/sift/index.html", "<html><body><h1>How we sift</h1></body></html>");
    let run = run_in(dir.path(), &["build", "public", "--widget", &widget]).failure();
    assert!(
        run.stderr.contains("it holds index.html, which index-builder did not write"),
        "{}",
        run.stderr
    );
    assert!(dir.path().join("public/sift/index.html").is_file());
}

/// Runs `index-builder build public --widget …` with extra environment.
fn build_with_env(dir: &Path, widget: &str, env: &[(&str, &Path)], abort: bool) -> bool {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_index-builder"));
    cmd.args(["build", "public", "--widget", widget, "-q"]).current_dir(dir);
    for (name, value) in env {
        cmd.env(name, value);
    }
    if abort {
        // index_builder::output::ABORT_BEFORE_SWAP: stop dead once everything is staged.
        cmd.env("SIFT_TEST_ABORT_BEFORE_SWAP", "1");
    }
    cmd.output().expect("the command runs").status.success()
}

#[test]
fn a_crashed_build_publishes_nothing_and_the_next_one_cleans_up() {
    let dir = tempfile::tempdir().unwrap();
    site(dir.path());
    let widget = widget(dir.path()).to_string_lossy().into_owned();
    let tmp = dir.path().join("tmp");
    std::fs::create_dir(&tmp).unwrap();
    assert!(build_with_env(dir.path(), &widget, &[("TMPDIR", &tmp)], false));
    let good = snapshot(&dir.path().join("public/sift"));

    // Killed with everything staged: the staging directory is in TMPDIR, not in the site.
    write(dir.path(), "public/news/gas/index.html", "<html><body><h1>Gas</h1></body></html>");
    assert!(!build_with_env(dir.path(), &widget, &[("TMPDIR", &tmp)], true), "no abort");
    assert_eq!(names(&dir.path().join("public")), ["news", "ru", "sift", "style.css"]);
    assert_eq!(snapshot(&dir.path().join("public/sift")), good);
    assert_eq!(names(&tmp).len(), 1, "the crashed build's staging directory: {:?}", names(&tmp));

    // Where the temporary directory cannot be used, staging is hidden beside the bundle,
    // and a crash there is cleaned up by the next build too.
    let nowhere = dir.path().join("no-such-tmp");
    assert!(!build_with_env(dir.path(), &widget, &[("TMPDIR", &nowhere)], true), "no abort");
    let left: Vec<String> = names(&dir.path().join("public"));
    assert!(left.iter().any(|n| n.starts_with(".sift-staging-")), "{left:?}");

    assert!(build_with_env(dir.path(), &widget, &[("TMPDIR", &tmp)], false));
    assert_eq!(names(&dir.path().join("public")), ["news", "ru", "sift", "style.css"]);
    assert!(names(&tmp).is_empty(), "stale staging left in TMPDIR: {:?}", names(&tmp));
    let found =
        run_in(dir.path(), &["search", "--index", "public/sift", "--json", "gas"]).success();
    assert_eq!(found.urls(), ["/news/gas/"]);
}
