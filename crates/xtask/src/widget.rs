//! `cargo xtask widget`: the widget's wasm and JS glue, built for size (Trunk's `pre_build` hook).
//!
//! A release build compiles `sift-widget` with the pinned [`NIGHTLY`] toolchain and its own
//! standard library (`-Zbuild-std`), with panics that abort at once and no panic locations or
//! `Debug` text ([`SIZE_FLAGS`]); every native crate stays on stable. Then wasm-bindgen writes the
//! JS glue, binaryen's `wasm-opt` shrinks the wasm and esbuild minifies the glue. A debug build
//! is a plain stable build with wasm-bindgen alone.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result};

use crate::process::{self, cargo, cargo_proxy, stdout_of};
use crate::{project_root, setup, target_dir};

/// The toolchain of the release widget: the last nightly of Rust 1.95, the stable release the
/// native crates use. `cargo xtask setup` installs it with `rust-src` (for `-Zbuild-std`).
pub const NIGHTLY: &str = "nightly-2026-02-25";

/// rustc flags of the release widget, for the wasm crates only (cargo does not pass them to
/// build scripts and proc macros when `--target` is given). Each removes bytes a reader never
/// needs: the panic machinery (a panic traps at once, a `WebAssembly.RuntimeError` in
/// JavaScript, instead of running a panic hook: 8.5 KB gzipped), the file, line and column of
/// every place that could panic, and the text of every `{:?}` (it prints nothing).
pub const SIZE_FLAGS: &[&str] = &[
    "-Zunstable-options",
    "-Cpanic=immediate-abort",
    "-Zlocation-detail=none",
    "-Zfmt-debug=none",
];

/// The standard library built with the widget, with its smaller code paths (`optimize_for_size`:
/// simpler sorting and formatting, -7 KB gzipped).
pub const BUILD_STD: &[&str] =
    &["-Zbuild-std=std,panic_abort", "-Zbuild-std-features=optimize_for_size"];

/// The wasm features rustc's wasm32 target emits, for `wasm-opt`; not `--all-features`,
/// which lets wasm-opt write encodings (compact imports) that browsers do not read yet.
const WASM_FEATURES: &[&str] = &[
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-reference-types",
    "--enable-multivalue",
];

/// The widget's files, named as `www/sift.js` imports them.
const JS: &str = "sift-widget.js";
const WASM: &str = "sift-widget_bg.wasm";

/// Arguments of `cargo xtask widget`.
#[derive(Debug, Default, clap::Args)]
pub struct Args {
    /// Where to write sift-widget.js and sift-widget_bg.wasm; default `$TRUNK_STAGING_DIR`,
    /// else `target/widget`.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Build for size (the default when Trunk's `$TRUNK_PROFILE` is `release`).
    #[arg(long)]
    pub release: bool,
}

/// Runs `cargo xtask widget`.
pub fn run(args: &Args) -> Result<()> {
    setup::extend_path();
    let out = args
        .out
        .clone()
        .or_else(|| std::env::var_os("TRUNK_STAGING_DIR").filter(|v| !v.is_empty()).map(Into::into))
        .unwrap_or_else(|| target_dir().join("widget"));
    let release = args.release || std::env::var("TRUNK_PROFILE").is_ok_and(|p| p == "release");
    std::fs::create_dir_all(&out).with_context(|| format!("cannot create {}", out.display()))?;
    if release {
        build_release(&out)
    } else {
        let wasm = compile(cargo(), "debug", &[])?;
        bindgen(&wasm, &out)
    }
}

/// The size-optimised widget: nightly build, wasm-bindgen, wasm-opt, esbuild.
fn build_release(out: &Path) -> Result<()> {
    let wasm = if nightly_ready() {
        let mut cmd = cargo_proxy();
        cmd.arg(format!("+{NIGHTLY}"));
        compile(cmd, "wasm-release", BUILD_STD)?
    } else {
        eprintln!(
            "warning: the {NIGHTLY} toolchain with rust-src is missing (`cargo xtask setup` \
             installs it): building the widget on stable, larger"
        );
        compile(cargo(), "wasm-release", &[])?
    };
    let scratch = target_dir().join("widget-bindgen");
    bindgen(&wasm, &scratch)?;
    optimise(&scratch.join(WASM), &out.join(WASM))?;
    minify(&scratch.join(JS), &out.join(JS))
}

/// Whether the pinned nightly and its standard library's source are installed.
fn nightly_ready() -> bool {
    stdout_of("rustup", ["component", "list", "--installed", "--toolchain", NIGHTLY])
        .is_some_and(|list| list.lines().any(|c| c.starts_with("rust-src")))
}

/// Builds `sift-widget` for wasm32 with `cargo` (`build_std` non-empty means the nightly and
/// its size flags); returns the wasm file.
fn compile(mut cargo: Command, profile: &str, build_std: &[&str]) -> Result<PathBuf> {
    cargo.current_dir(project_root());
    cargo.args(["build", "--target", "wasm32-unknown-unknown", "-p", "sift-widget"]);
    cargo.args(["--profile", if profile == "debug" { "dev" } else { profile }]);
    cargo.args(build_std);
    // The stable cargo that runs us names its own toolchain; the `+toolchain` above must win.
    for name in ["RUSTUP_TOOLCHAIN", "RUSTC", "RUSTDOC", "RUSTC_WRAPPER", "RUSTFLAGS"] {
        cargo.env_remove(name);
    }
    if build_std.is_empty() {
        cargo.env_remove("CARGO_ENCODED_RUSTFLAGS");
    } else {
        cargo.env("CARGO_ENCODED_RUSTFLAGS", SIZE_FLAGS.join("\x1f"));
    }
    process::run(&mut cargo).context("cannot build the widget's wasm")?;
    Ok(target_dir().join("wasm32-unknown-unknown").join(profile).join("sift_widget.wasm"))
}

/// wasm-bindgen's ES module glue (`--target web`) and wasm into `out`.
fn bindgen(wasm: &Path, out: &Path) -> Result<()> {
    let mut cmd = Command::new("wasm-bindgen");
    cmd.args(["--target", "web", "--no-typescript", "--out-name", "sift-widget", "--out-dir"]);
    cmd.arg(out).arg(wasm);
    process::run(&mut cmd).context("wasm-bindgen failed (`cargo xtask setup` installs it)")
}

/// `wasm-opt -Oz` from npm's binaryen (`target/npm`), else a copy with a warning.
///
/// By default -Oz inlines every function that has only one caller, however big (the search
/// became one 45 KB function), which leaves less for gzip to find: with binaryen 132 the
/// widget was 255 KB gzipped that way and 239 KB inlining only those of up to 20 expressions.
/// On the nightly build, 10 expressions and a second -Oz pass save 0.7 KB more (-Os, or 5, 20
/// or 50 expressions, do not). The two stripped sections (toolchain names, feature list) are
/// for tools; browsers ignore them.
fn optimise(wasm: &Path, out: &Path) -> Result<()> {
    run_npm_tool("wasm-opt", "the widget is not size-optimised", wasm, out, |cmd| {
        cmd.args(["-Oz", "-Oz", "--one-caller-inline-max-function-size", "10"]);
        cmd.args(["--strip-producers", "--strip-target-features"]).args(WASM_FEATURES);
        cmd.arg(wasm).arg("-o").arg(out);
    })
}

/// The JS glue minified by npm's esbuild (a third of its gzipped size; exported names stay),
/// else a copy with a warning.
fn minify(js: &Path, out: &Path) -> Result<()> {
    run_npm_tool("esbuild", "the widget JS is not minified", js, out, |cmd| {
        cmd.args(["--minify", "--log-level=warning", "--allow-overwrite"]).arg(js);
        cmd.arg(format!("--outfile={}", out.display()));
    })
}

/// Runs the npm tool `name` with the arguments `args` gives, turning `input` into `out`; when
/// the tool is missing, copies `input` and warns that `missing` (the step is an optimisation).
fn run_npm_tool(
    name: &str,
    missing: &str,
    input: &Path,
    out: &Path,
    args: impl FnOnce(&mut Command),
) -> Result<()> {
    let Some(path) = tool(name) else {
        eprintln!("warning: {name} not found, {missing} (`cargo xtask setup` installs it)");
        return copy(input, out);
    };
    let mut cmd = Command::new(path);
    args(&mut cmd);
    process::run(&mut cmd)
}

/// An npm tool from `target/npm`, else from `PATH`.
fn tool(name: &str) -> Option<PathBuf> {
    let npm = setup::npm_bin().join(name);
    if npm.is_file() {
        return Some(npm);
    }
    stdout_of(name, ["--version"]).map(|_| PathBuf::from(name))
}

fn copy(from: &Path, to: &Path) -> Result<()> {
    std::fs::copy(from, to)
        .map(drop)
        .with_context(|| format!("cannot copy {} to {}", from.display(), to.display()))
}
