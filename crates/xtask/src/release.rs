//! `cargo xtask release`: index-builder as a site installs it in seconds, a static binary
//! with the widget inside and the npm packages that carry it, built reproducibly.
//!
//! The stages: the widget (`cargo xtask dist`), one binary per [`Platform`] ([`build`]), each
//! built again in another target directory and compared byte for byte when asked
//! (`--verify`), then the npm packages packed from them and checked ([`npm`]). The binary is
//! the same bytes whichever directory the clone is in and whenever it is built: paths are
//! remapped ([`remaps`]), symbols stripped (the `dist` profile), and nothing else a build
//! embeds depends on the machine.

pub mod npm;

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

use crate::process::{self, cargo, cargo_home, stdout_of};
use crate::{dist, project_root, setup, target_dir};

/// How a platform's binary is linked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Linker {
    /// The machine's own: `musl-gcc` (Debian's `musl-tools`) compiles libzstd for musl.
    MuslGcc,
    /// Zig's C compiler and linker through `cargo zigbuild` (PyPI's `cargo-zigbuild`), which
    /// carries the C library headers of every platform.
    Zig,
}

/// A platform the npm packages declare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Platform {
    /// Node's `process.platform`-`process.arch`, the npm package's name after the scope.
    pub name: &'static str,
    /// npm's `os` and `cpu` of the package.
    pub os: &'static str,
    pub cpu: &'static str,
    /// Rust's target triple.
    pub target: &'static str,
    pub linker: Linker,
}

impl Platform {
    /// The binary's file name on this platform.
    pub fn exe(&self) -> &'static str {
        if self.os == "win32" {
            "index-builder.exe"
        } else {
            "index-builder"
        }
    }
}

/// Every platform the launcher package declares; `linux-x64` is built by default (the one the
/// tests run), the others with `--platform`.
pub const PLATFORMS: [Platform; 5] = [
    Platform {
        name: "linux-x64",
        os: "linux",
        cpu: "x64",
        target: "x86_64-unknown-linux-musl",
        linker: Linker::MuslGcc,
    },
    Platform {
        name: "linux-arm64",
        os: "linux",
        cpu: "arm64",
        target: "aarch64-unknown-linux-musl",
        linker: Linker::Zig,
    },
    Platform {
        name: "darwin-x64",
        os: "darwin",
        cpu: "x64",
        target: "x86_64-apple-darwin",
        linker: Linker::Zig,
    },
    Platform {
        name: "darwin-arm64",
        os: "darwin",
        cpu: "arm64",
        target: "aarch64-apple-darwin",
        linker: Linker::Zig,
    },
    Platform {
        name: "win32-x64",
        os: "win32",
        cpu: "x64",
        target: "x86_64-pc-windows-gnu",
        linker: Linker::Zig,
    },
];

/// The cargo profile of the shipped binary (root `Cargo.toml`): `release` without debug
/// information or symbols.
const PROFILE: &str = "dist";

/// Arguments of `cargo xtask release`.
#[derive(Debug, Default, clap::Args)]
pub struct Args {
    /// A platform to build, by its npm name (linux-x64, linux-arm64, darwin-x64,
    /// darwin-arm64, win32-x64), or `all`; repeatable. Default: linux-x64.
    #[arg(long = "platform", value_name = "NAME")]
    pub platforms: Vec<String>,
    /// Build each binary a second time, in another target directory, and fail unless the
    /// two are byte-identical.
    #[arg(long)]
    pub verify: bool,
    /// Where the npm tarballs go (default `target/release-npm`).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// Runs `cargo xtask release`.
pub fn run(args: &Args) -> Result<()> {
    let platforms = chosen(&args.platforms)?;
    setup::ensure_release_tools(&platforms)?;
    dist::run()?;
    let version = package_version("index-builder")?;
    let mut built = Vec::new();
    for platform in &platforms {
        let binary = build(platform, &target_dir())?;
        if args.verify {
            verify(platform, &binary)?;
        }
        built.push((*platform, binary));
    }
    let out = args.out.clone().unwrap_or_else(default_out);
    // npm packs from each package's directory: a relative `--out` would land there.
    let out = std::path::absolute(&out).unwrap_or(out);
    let tarballs = npm::pack(&version, &built, &out)?;
    npm::check(&tarballs, &built, &out.join("check"))?;
    for tarball in &tarballs {
        let bytes = std::fs::metadata(tarball).map(|m| m.len()).unwrap_or_default();
        println!("xtask release: {} ({} KB)", tarball.display(), bytes.div_ceil(1024));
    }
    Ok(())
}

/// `target/release-npm`, where the tests install the tarballs from.
pub fn default_out() -> PathBuf {
    target_dir().join("release-npm")
}

/// The platforms `names` asks for.
fn chosen(names: &[String]) -> Result<Vec<Platform>> {
    if names.is_empty() {
        return Ok(vec![PLATFORMS[0]]);
    }
    if names.iter().any(|name| name == "all") {
        return Ok(PLATFORMS.to_vec());
    }
    names
        .iter()
        .map(|name| {
            PLATFORMS.iter().copied().find(|p| p.name == name).with_context(|| {
                let known: Vec<&str> = PLATFORMS.iter().map(|p| p.name).collect();
                format!("no platform {name:?}: the platforms are {}, or all", known.join(", "))
            })
        })
        .collect()
}

/// The version of a workspace package, as `cargo metadata` reads it.
fn package_version(name: &str) -> Result<String> {
    let mut cmd = cargo();
    cmd.args(["metadata", "--no-deps", "--format-version", "1", "--locked"]);
    cmd.current_dir(project_root());
    let output = cmd.output().context("cannot run cargo metadata")?;
    if !output.status.success() {
        bail!("cargo metadata failed: {}", String::from_utf8_lossy(&output.stderr));
    }
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout)?;
    let packages = metadata["packages"].as_array().cloned().unwrap_or_default();
    packages
        .iter()
        .find(|p| p["name"] == name)
        .and_then(|p| p["version"].as_str())
        .map(str::to_string)
        .with_context(|| format!("cargo metadata names no package {name}"))
}

/// Builds index-builder for `platform` under `target`; returns the binary.
pub fn build(platform: &Platform, target: &Path) -> Result<PathBuf> {
    let root = project_root();
    let mut cmd = cargo();
    cmd.current_dir(&root);
    cmd.arg(match platform.linker {
        Linker::MuslGcc => "build",
        Linker::Zig => "zigbuild",
    });
    cmd.args(["--locked", "--quiet", "--profile", PROFILE, "--target", platform.target]);
    cmd.args(["-p", "index-builder", "--bin", "index-builder", "--target-dir"]).arg(target);
    for name in ["RUSTFLAGS", "RUSTC_WRAPPER", "RUSTC_WORKSPACE_WRAPPER", "CARGO_BUILD_RUSTFLAGS"] {
        cmd.env_remove(name);
    }
    let remaps = remaps(&root, target);
    let rustflags: Vec<String> =
        remaps.iter().map(|(from, to)| format!("--remap-path-prefix={from}={to}")).collect();
    cmd.env("CARGO_ENCODED_RUSTFLAGS", rustflags.join("\x1f"));
    // The C code (libzstd) gets the same remapping, for its `__FILE__`s.
    let cflags: Vec<String> =
        remaps.iter().map(|(from, to)| format!("-ffile-prefix-map={from}={to}")).collect();
    let target_env = platform.target.replace('-', "_");
    cmd.env(format!("CFLAGS_{target_env}"), cflags.join(" "));
    if platform.linker == Linker::MuslGcc {
        cmd.env(format!("CC_{target_env}"), "musl-gcc");
    }
    if let Some(commit) = commit(&root) {
        // `index-builder --version` names it (`option_env!` in index-builder's widget.rs).
        cmd.env("SIFT_COMMIT", commit);
    }
    println!("xtask release: building index-builder for {} ({})", platform.name, platform.target);
    process::run(&mut cmd)
        .with_context(|| format!("cannot build index-builder for {}", platform.target))?;
    Ok(target.join(platform.target).join(PROFILE).join(platform.exe()))
}

/// The path prefixes a build could embed, each replaced by a fixed name: the clone, cargo's
/// home (the crates' sources) and the target directory (generated code), the last winning
/// where they nest (rustc applies the last matching one).
fn remaps(root: &Path, target: &Path) -> Vec<(String, String)> {
    let home = cargo_home();
    let home = home.canonicalize().unwrap_or(home);
    vec![
        (root.display().to_string(), "/sift".to_string()),
        (home.display().to_string(), "/cargo".to_string()),
        (target.display().to_string(), "/target".to_string()),
    ]
}

/// The commit being built, `<12 hex digits>` with `-modified` when the work tree differs
/// from it; none outside a git clone.
fn commit(root: &Path) -> Option<String> {
    let head = stdout_of("git", ["-C", &root.display().to_string(), "rev-parse", "HEAD"])?;
    let mut short = head.get(..12)?.to_string();
    let status = Command::new("git")
        .args(["status", "--porcelain", "--untracked-files=no"])
        .current_dir(root)
        .output()
        .ok()?;
    if !status.stdout.is_empty() {
        short.push_str("-modified");
    }
    Some(short)
}

/// Builds `platform`'s binary again in `target/release-verify` and compares it with `binary`.
fn verify(platform: &Platform, binary: &Path) -> Result<()> {
    let again = build(platform, &target_dir().join("release-verify"))?;
    let (one, two) = (std::fs::read(binary)?, std::fs::read(&again)?);
    if one != two {
        let first = one.iter().zip(&two).position(|(a, b)| a != b).unwrap_or(one.len());
        bail!(
            "{} and {} differ ({} and {} bytes, first at byte {first}): the build is not \
             reproducible",
            binary.display(),
            again.display(),
            one.len(),
            two.len()
        );
    }
    println!("xtask release: {} built twice, byte-identical ({} bytes)", platform.name, one.len());
    Ok(())
}
