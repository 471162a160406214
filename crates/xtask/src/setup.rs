//! Installs what a fresh machine lacks for the demo and the tests; quiet when all is present.
//!
//! [`ensure_demo_tools`] installs what the demo (and `cargo xtask dist`) runs and nothing else;
//! [`ensure_tools`] adds what only the tests run.
//!
//! Pinned versions: trunk 0.21.14, wasm-bindgen-cli 0.2.130 (the `wasm-bindgen` crate is pinned to
//! `=0.2.130`, and the two must match), npm `binaryen@132` (Debian's is too old for Trunk's
//! `wasm-opt`), `esbuild@0.25.12` (minifies the widget's JS glue), `pagefind@1.6.0` (the
//! benchmark's reference) and `axe-core@4.14.1` (the accessibility auditor the browser tests
//! run inside the widget), all under `target/npm`; the widget's own toolchain,
//! [`crate::widget::NIGHTLY`] with `rust-src` (the release widget is built with `-Zbuild-std`).
//! The site generators the tests build sites with: Debian's `hugo` and npm's
//! `@11ty/eleventy@3.1.8` (also under `target/npm`).
//!
//! [`ensure_release_tools`] adds what `cargo xtask release` (and so the tests) needs: each
//! platform's Rust target, Debian's `musl-tools` (`musl-gcc`, which compiles libzstd for the
//! static Linux binary) and, for the other platforms only, PyPI's `cargo-zigbuild` with its
//! Zig (in a virtual environment under `target/zig`).

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result};

use crate::process::{cargo, cargo_home, display, run_quiet, stdout_of};

const TRUNK: &str = "0.21.14";
const WASM_BINDGEN: &str = "0.2.130";
/// The npm packages of [`NPM_PACKAGES`] that the demo needs (the others are the tests').
const DEMO_NPM_PACKAGES: [&str; 2] = ["binaryen", "esbuild"];
/// Site generators for the tests that build real sites: npm's Eleventy (Hugo is Debian's).
const GENERATOR_NPM_PACKAGES: [(&str, &str, &str); 1] = [("@11ty/eleventy", "3.1.8", "3.1.8")];
const NPM_PACKAGES: [(&str, &str, &str); 4] = [
    ("binaryen", "132", "132."),
    ("esbuild", "0.25.12", "0.25.12"),
    ("pagefind", "1.6.0", "1.6.0"),
    ("axe-core", "4.14.1", "4.14."),
];

/// `target/npm` under the repository: where the npm tools live (not `CARGO_TARGET_DIR`, so that
/// Trunk.toml and scripts can name it).
pub fn npm_prefix() -> PathBuf {
    crate::project_root().join("target/npm")
}

/// The directory of the npm tools' executables (`wasm-opt`, `esbuild`, `pagefind`).
pub fn npm_bin() -> PathBuf {
    npm_prefix().join("node_modules/.bin")
}

/// Puts cargo's install directory and the npm tools first on this process's `PATH`, so that
/// freshly installed tools are found, by us and by the programs we start (Trunk finds
/// `wasm-opt` there).
pub fn extend_path() {
    let mut paths = vec![npm_bin(), cargo_home().join("bin")];
    let current = std::env::var_os("PATH").unwrap_or_default();
    let before: Vec<PathBuf> = std::env::split_paths(&current).collect();
    paths.retain(|p| !before.contains(p));
    paths.extend(before);
    if let Ok(joined) = std::env::join_paths(paths) {
        // Called from `main`'s thread before any other thread starts.
        std::env::set_var("PATH", joined);
    }
}

/// Installs whatever the tests need and is missing (the demo's tools among them), printing
/// one line per thing installed.
pub fn ensure_tools() -> Result<()> {
    ensure_demo_tools()?;
    ensure_rustup_parts()?;
    if stdout_of("cargo-fuzz", ["--version"]).is_none() {
        install("cargo-fuzz", cargo().args(["install", "cargo-fuzz"]))?;
    }
    ensure_chromium()?;
    ensure_npm_packages()?;
    ensure_site_generators()?;
    // The tests install index-builder from the npm packages of `cargo xtask release`.
    ensure_release_tools(&[crate::release::PLATFORMS[0]])
}

/// PyPI's cargo-zigbuild, which brings Zig (`ziglang`) as its dependency.
const CARGO_ZIGBUILD: &str = "0.24.1";

/// Installs what `cargo xtask release` needs for `platforms` and is missing: the demo's tools
/// (the widget is built in), each platform's Rust target, `musl-gcc` and, for a platform
/// linked by Zig, cargo-zigbuild.
pub fn ensure_release_tools(platforms: &[crate::release::Platform]) -> Result<()> {
    ensure_demo_tools()?;
    let installed = stdout_of("rustup", ["target", "list", "--installed"]).unwrap_or_default();
    for platform in platforms {
        if !installed.lines().any(|t| t.trim() == platform.target) {
            install(
                &format!("the {} target", platform.target),
                Command::new("rustup").args(["target", "add", platform.target]),
            )?;
        }
    }
    use crate::release::Linker;
    if platforms.iter().any(|p| p.linker == Linker::MuslGcc)
        && stdout_of("musl-gcc", ["--version"]).is_none()
    {
        apt_install("musl-tools (musl-gcc)", &["musl-tools"])?;
    }
    if platforms.iter().any(|p| p.linker == Linker::Zig) {
        ensure_zigbuild()?;
    }
    Ok(())
}

/// The virtual environment holding cargo-zigbuild and Zig; its `bin` goes first on `PATH`, so
/// that cargo finds `cargo-zigbuild` and cargo-zigbuild its `python3 -m ziglang`.
fn ensure_zigbuild() -> Result<()> {
    let venv = crate::project_root().join("target/zig");
    let bin = venv.join("bin");
    let current = std::env::var_os("PATH").unwrap_or_default();
    let mut paths = vec![bin.clone()];
    paths.extend(std::env::split_paths(&current).filter(|p| *p != bin));
    if let Ok(joined) = std::env::join_paths(paths) {
        // Called from `main`'s thread before any other thread starts.
        std::env::set_var("PATH", joined);
    }
    let version = format!("cargo-zigbuild {CARGO_ZIGBUILD}");
    if stdout_of(bin.join("cargo-zigbuild"), ["--version"]).is_some_and(|v| v == version) {
        return Ok(());
    }
    if !bin.join("pip").is_file() {
        let mut cmd = Command::new("python3");
        cmd.args(["-m", "venv"]).arg(&venv);
        install("a Python environment for cargo-zigbuild", &mut cmd)?;
    }
    let mut cmd = Command::new(bin.join("pip"));
    cmd.args(["install", "--quiet", &format!("cargo-zigbuild=={CARGO_ZIGBUILD}")]);
    install(&version, &mut cmd)
}

/// Installs what the demo and the widget's build need and is missing: the wasm32 target,
/// the widget's pinned nightly, trunk, wasm-bindgen, and npm's binaryen and esbuild.
/// Nothing the demo does not run.
pub fn ensure_demo_tools() -> Result<()> {
    extend_path();
    ensure_wasm_target()?;
    ensure_widget_toolchain()?;
    let trunk = format!("trunk@{TRUNK}");
    ensure_cargo_tool("trunk", &format!("trunk {TRUNK}"), &["install", "--locked", &trunk])?;
    let bindgen = format!("wasm-bindgen-cli@{WASM_BINDGEN}");
    // Without --locked: the CLI's own lock file pins crates that no longer build on our rustc.
    ensure_cargo_tool(
        "wasm-bindgen",
        &format!("wasm-bindgen {WASM_BINDGEN}"),
        &["install", &bindgen],
    )?;
    let demo: Vec<(&str, &str, &str)> =
        NPM_PACKAGES.into_iter().filter(|(name, ..)| DEMO_NPM_PACKAGES.contains(name)).collect();
    ensure_npm(&demo)
}

/// The site generators the tests build real sites with: Debian's `hugo` and npm's Eleventy.
fn ensure_site_generators() -> Result<()> {
    if !Path::new("/usr/bin/hugo").exists() {
        apt_install("hugo", &["hugo"])?;
    }
    ensure_npm(&GENERATOR_NPM_PACKAGES)
}

fn install(what: &str, cmd: &mut Command) -> Result<()> {
    println!("xtask: installing {what} (`{}`)", display(cmd));
    run_quiet(cmd).with_context(|| format!("cannot install {what}"))
}

/// The wasm32 target, which the widget is built for.
fn ensure_wasm_target() -> Result<()> {
    let installed = stdout_of("rustup", ["target", "list", "--installed"]).unwrap_or_default();
    if !installed.lines().any(|t| t.trim() == "wasm32-unknown-unknown") {
        install(
            "the wasm32-unknown-unknown target",
            Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]),
        )?;
    }
    Ok(())
}

/// The rustup parts only the tests use: rustfmt and clippy (the first two test steps),
/// which a minimal toolchain lacks.
fn ensure_rustup_parts() -> Result<()> {
    let components = stdout_of("rustup", ["component", "list", "--installed"]).unwrap_or_default();
    for component in ["rustfmt", "clippy"] {
        if !components.lines().any(|c| c.starts_with(component)) {
            install(component, Command::new("rustup").args(["component", "add", component]))?;
        }
    }
    Ok(())
}

/// The pinned nightly the release widget is built with, with the standard library's source
/// (`-Zbuild-std` compiles it; no prebuilt wasm32 standard library is needed).
fn ensure_widget_toolchain() -> Result<()> {
    let components = stdout_of(
        "rustup",
        ["component", "list", "--installed", "--toolchain", crate::widget::NIGHTLY],
    );
    if components.is_some_and(|list| list.lines().any(|c| c.starts_with("rust-src"))) {
        return Ok(());
    }
    install(
        &format!("the widget's toolchain {} with rust-src", crate::widget::NIGHTLY),
        Command::new("rustup").args([
            "toolchain",
            "install",
            crate::widget::NIGHTLY,
            "--profile",
            "minimal",
            "--component",
            "rust-src",
        ]),
    )
}

/// Installs with `cargo <install_args>` unless `<binary> --version` prints exactly `version`.
fn ensure_cargo_tool(binary: &str, version: &str, install_args: &[&str]) -> Result<()> {
    if stdout_of(binary, ["--version"]).is_some_and(|v| v.lines().next() == Some(version)) {
        return Ok(());
    }
    install(version, cargo().args(install_args))
}

fn ensure_chromium() -> Result<()> {
    let missing =
        ["/usr/bin/chromium", "/usr/bin/chromedriver"].iter().any(|p| !Path::new(p).exists());
    if !missing {
        return Ok(());
    }
    apt_install("chromium and chromium-driver", &["chromium", "chromium-driver"])
}

/// Installs Debian `packages` with apt-get (through sudo unless root).
fn apt_install(what: &str, packages: &[&str]) -> Result<()> {
    let root = stdout_of("id", ["-u"]).is_some_and(|uid| uid == "0");
    let apt = |args: &[&str]| {
        let mut cmd = if root { Command::new("apt-get") } else { Command::new("sudo") };
        if !root {
            cmd.arg("apt-get");
        }
        cmd.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        cmd
    };
    run_quiet(&mut apt(&["update", "-q"])).context("cannot update Debian's package lists")?;
    let mut args = vec!["install", "-y", "-q"];
    args.extend_from_slice(packages);
    install(what, &mut apt(&args))
}

fn ensure_npm_packages() -> Result<()> {
    ensure_npm(&NPM_PACKAGES)
}

/// Installs those of `packages` (name, version, version prefix that will do) that are
/// missing under `target/npm`.
fn ensure_npm(packages: &[(&str, &str, &str)]) -> Result<()> {
    let prefix = npm_prefix();
    let missing: Vec<String> = packages
        .iter()
        .filter(|(name, _, prefix_of_version)| {
            npm_version(&prefix, name).is_none_or(|v| !v.starts_with(prefix_of_version))
        })
        .map(|(name, version, _)| format!("{name}@{version}"))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    std::fs::create_dir_all(&prefix)
        .with_context(|| format!("cannot create {}", prefix.display()))?;
    let mut cmd = Command::new("npm");
    cmd.args(["install", "--no-audit", "--no-fund", "--loglevel=error", "--prefix"]).arg(&prefix);
    cmd.args(&missing);
    install(&missing.join(" and "), &mut cmd)
}

/// The version in `node_modules/<name>/package.json` under `prefix`, if installed.
fn npm_version(prefix: &Path, name: &str) -> Option<String> {
    let manifest = prefix.join("node_modules").join(name).join("package.json");
    let text = std::fs::read_to_string(manifest).ok()?;
    let json: serde_json::Value = serde_json::from_str(&text).ok()?;
    Some(json.get("version")?.as_str()?.to_string())
}
