//! The npm packages of a release, made as Pagefind makes its own: a launcher package,
//! `sift-search`, whose `index-builder` command runs the binary of the platform package that
//! npm installed beside it (`@sift-search/<os>-<cpu>`, one per [`PLATFORMS`] entry, chosen
//! by npm through their `os` and `cpu`), each packed with `npm pack`.
//!
//! The names: `index-builder` is the command a site's build runs, as in the rest of the
//! README, and the launcher is named for what a site gets (search), so that `npx sift-search
//! build public/` reads as what it does; `sift` alone is an unrelated npm package. The
//! platform packages share one scope, which only the project can publish to.
//!
//! [`check`] installs the tarballs into an empty directory, as a site's CI would, and fails
//! unless the launcher behaves as the binary: the same output and exit code, and the same
//! end when a signal stops it.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::Duration;

use anyhow::{bail, Context, Result};
use serde_json::{json, Value};

use super::{Platform, PLATFORMS};
use crate::process::{self, display};

/// The launcher package and the scope of the platform packages.
pub const LAUNCHER: &str = "sift-search";
const SCOPE: &str = "@sift-search";
/// The launcher's command, written unchanged into the package.
const LAUNCHER_JS: &str = include_str!("../../npm/index-builder.js");
const LICENSE: &str = "MIT OR Apache-2.0";

/// Writes the launcher package and one package per built platform under `out/packages`, and
/// packs each into `out`; returns the tarballs, the launcher's first. Earlier tarballs in
/// `out` are removed.
pub fn pack(version: &str, built: &[(Platform, PathBuf)], out: &Path) -> Result<Vec<PathBuf>> {
    if out.exists() {
        std::fs::remove_dir_all(out).with_context(|| format!("cannot clear {}", out.display()))?;
    }
    let packages = out.join("packages");
    let mut dirs = vec![launcher_package(version, &packages.join(LAUNCHER))?];
    for (platform, binary) in built {
        dirs.push(platform_package(version, platform, binary, &packages.join(platform.name))?);
    }
    let mut tarballs = Vec::new();
    for dir in dirs {
        let mut cmd = Command::new("npm");
        cmd.args(["pack", "--loglevel=error", "--pack-destination"]).arg(out).current_dir(&dir);
        let output = cmd.output().with_context(|| format!("cannot run `{}`", display(&cmd)))?;
        if !output.status.success() {
            bail!("`{}` failed: {}", display(&cmd), String::from_utf8_lossy(&output.stderr));
        }
        let name = String::from_utf8_lossy(&output.stdout).trim().to_string();
        tarballs.push(out.join(name.lines().last().unwrap_or_default()));
    }
    Ok(tarballs)
}

/// The launcher: `package.json`, `bin/index-builder.js`, `README.md`.
fn launcher_package(version: &str, dir: &Path) -> Result<PathBuf> {
    let optional: serde_json::Map<String, Value> =
        PLATFORMS.iter().map(|p| (format!("{SCOPE}/{}", p.name), json!(version))).collect();
    let manifest = json!({
        "name": LAUNCHER,
        "version": version,
        "description": "Sift's index-builder: client-side search for static sites, \
                        the index and the widget in one command",
        "license": LICENSE,
        "bin": { "index-builder": "bin/index-builder.js" },
        "files": ["bin/"],
        "engines": { "node": ">=18" },
        "optionalDependencies": optional,
    });
    let readme = format!(
        "# {LAUNCHER}\n\nSift's `index-builder`, for the build step of a static site:\n\n\
         ```sh\nnpx {LAUNCHER} build public/   # writes public/sift/: the index and the widget\n\
         ```\n\nIt runs the binary of the package npm installed for this machine \
         ({}); see Sift's README.\n",
        PLATFORMS.iter().map(|p| format!("`{SCOPE}/{}`", p.name)).collect::<Vec<_>>().join(", ")
    );
    write_package(dir, &manifest, &readme)?;
    write_file(&dir.join("bin/index-builder.js"), LAUNCHER_JS.as_bytes(), true)?;
    Ok(dir.to_path_buf())
}

/// A platform package: `package.json` with its `os` and `cpu`, the binary in `bin/`.
fn platform_package(
    version: &str,
    platform: &Platform,
    binary: &Path,
    dir: &Path,
) -> Result<PathBuf> {
    let name = format!("{SCOPE}/{}", platform.name);
    let manifest = json!({
        "name": name,
        "version": version,
        "description": format!("Sift's index-builder for {} ({}), run by {LAUNCHER}", platform.name, platform.target),
        "license": LICENSE,
        "os": [platform.os],
        "cpu": [platform.cpu],
        "files": ["bin/"],
        "preferUnplugged": true,
    });
    let readme = format!(
        "# {name}\n\nThe `index-builder` binary of [{LAUNCHER}] for {} ({}); install \
         {LAUNCHER}, which depends on it.\n",
        platform.name, platform.target
    );
    write_package(dir, &manifest, &readme)?;
    let bytes =
        std::fs::read(binary).with_context(|| format!("cannot read {}", binary.display()))?;
    write_file(&dir.join("bin").join(platform.exe()), &bytes, true)?;
    Ok(dir.to_path_buf())
}

fn write_package(dir: &Path, manifest: &Value, readme: &str) -> Result<()> {
    let mut text = serde_json::to_string_pretty(manifest)?;
    text.push('\n');
    write_file(&dir.join("package.json"), text.as_bytes(), false)?;
    write_file(&dir.join("README.md"), readme.as_bytes(), false)
}

/// Writes `bytes` to `path` (creating directories), executable when `exe`.
fn write_file(path: &Path, bytes: &[u8], exe: bool) -> Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    std::fs::write(path, bytes).with_context(|| format!("cannot write {}", path.display()))?;
    #[cfg(unix)]
    if exe {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755))?;
    }
    #[cfg(not(unix))]
    let _ = exe;
    Ok(())
}

/// `npm install` of `tarballs` into the empty directory `dir`, offline (the tarballs are all
/// it needs), with no cargo or rustc on `PATH`; returns the installed `index-builder`.
pub fn install(tarballs: &[PathBuf], dir: &Path) -> Result<PathBuf> {
    if dir.exists() {
        std::fs::remove_dir_all(dir).with_context(|| format!("cannot clear {}", dir.display()))?;
    }
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut cmd = without_rust(Command::new("npm"));
    cmd.args(["install", "--offline", "--no-audit", "--no-fund", "--loglevel=error"]);
    cmd.args(tarballs).current_dir(dir);
    process::run_quiet(&mut cmd).context("npm could not install the packages")?;
    Ok(dir.join("node_modules/.bin/index-builder"))
}

/// `cmd` with a `PATH` that holds no directory with `cargo` or `rustc` in it, and without
/// cargo's and rustup's variables: what a site's CI with Node and no Rust has.
pub fn without_rust(mut cmd: Command) -> Command {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let kept: Vec<PathBuf> = std::env::split_paths(&path)
        .filter(|dir| !dir.join("cargo").exists() && !dir.join("rustc").exists())
        .collect();
    cmd.env("PATH", std::env::join_paths(kept).unwrap_or_default());
    for (name, _) in std::env::vars_os() {
        let name = name.to_string_lossy();
        if name.starts_with("CARGO") || name.starts_with("RUSTUP") || name.starts_with("RUSTC") {
            cmd.env_remove(&*name);
        }
    }
    cmd
}

/// Installs the tarballs into `dir` and checks that the launcher does what this machine's
/// binary does; skipped (and said) when none of `built` runs here.
pub fn check(tarballs: &[PathBuf], built: &[(Platform, PathBuf)], dir: &Path) -> Result<()> {
    let host = PLATFORMS.iter().find(|p| {
        p.os == std::env::consts::OS.replace("windows", "win32")
            && p.cpu == std::env::consts::ARCH.replace("x86_64", "x64").replace("aarch64", "arm64")
    });
    let Some((_, binary)) = built.iter().find(|(p, _)| Some(p) == host) else {
        println!("xtask release: no package for this machine built, the launcher is not checked");
        return Ok(());
    };
    let launcher = install(tarballs, dir)?;
    for args in [&["--version"][..], &["build", "no-such-site/"], &["build", "--help"]] {
        let want = capture(Command::new(binary), args, dir)?;
        let got = capture(without_rust(Command::new(&launcher)), args, dir)?;
        if got != want {
            bail!(
                "`index-builder {}` through the npm launcher gave {got:?}, the binary {want:?}",
                args.join(" ")
            );
        }
    }
    #[cfg(unix)]
    for signal in ["TERM", "INT"] {
        let want = stopped_by(Command::new(binary), signal, dir)?;
        let got = stopped_by(without_rust(Command::new(&launcher)), signal, dir)?;
        if got.to_string() != want.to_string() {
            bail!("SIG{signal} ended the npm launcher with {got}, the binary with {want}");
        }
    }
    println!(
        "xtask release: installed with npm into {}, its index-builder behaves as the binary",
        dir.display()
    );
    Ok(())
}

/// Exit code, standard output and error of `cmd args` run in `dir`.
fn capture(mut cmd: Command, args: &[&str], dir: &Path) -> Result<(Option<i32>, String, String)> {
    let output = cmd
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .with_context(|| format!("cannot run `{}`", display(&cmd)))?;
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
    Ok((output.status.code(), text(&output.stdout), text(&output.stderr)))
}

/// Starts `cmd build wait.jsonl`, where `wait.jsonl` is a named pipe, so that index-builder
/// waits for input until `SIG<signal>` stops the process `cmd` started; returns how that
/// process ended. Fails unless index-builder itself has gone when it did (its end of the pipe
/// is closed), so a launcher that left the binary running fails.
#[cfg(unix)]
fn stopped_by(mut cmd: Command, signal: &str, dir: &Path) -> Result<ExitStatus> {
    let fifo = dir.join("wait.jsonl");
    let _ = std::fs::remove_file(&fifo);
    process::run_quiet(Command::new("mkfifo").arg(&fifo))?;
    cmd.args(["build", "wait.jsonl", "--out", "wait-out", "--no-widget"]).current_dir(dir);
    let mut child = cmd.stdin(Stdio::null()).spawn().context("cannot start index-builder")?;
    // Opening the pipe's other end returns once index-builder has opened its end.
    let (opened, reader_open) = std::sync::mpsc::channel();
    let path = fifo.clone();
    std::thread::spawn(move || {
        let _ = opened.send(std::fs::OpenOptions::new().write(true).open(path));
    });
    let Ok(Ok(mut pipe)) = reader_open.recv_timeout(Duration::from_secs(60)) else {
        let _ = child.kill();
        bail!("`{}` never opened its input", display(&cmd));
    };
    process::run_quiet(Command::new("kill").arg(format!("-{signal}")).arg(child.id().to_string()))?;
    let status = child.wait()?;
    if pipe.write_all(b"\n").is_ok() {
        bail!("index-builder still reads its input after `{}` ended ({status})", display(&cmd));
    }
    Ok(status)
}
