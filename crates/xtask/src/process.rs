//! Running other programs: cargo, rustup, npm, apt-get; failures name the command that failed.

use std::ffi::OsStr;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use anyhow::{bail, Context, Result};

/// The cargo that runs us (`$CARGO`), so nested builds use the same toolchain.
pub(crate) fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// The rustup proxy `cargo`, which understands `+toolchain` (the toolchain's own cargo does not).
pub(crate) fn cargo_proxy() -> Command {
    let proxy = cargo_home().join("bin/cargo");
    Command::new(if proxy.is_file() { proxy.into_os_string() } else { "cargo".into() })
}

/// cargo on `toolchain` (`nightly`) through rustup's proxy. Without that toolchain (a fresh
/// machine has only stable, and none can be fetched) it falls back to the default toolchain
/// with `RUSTC_BOOTSTRAP=1`, which lets cargo-fuzz pass its `-Z` flags; the stable toolchain
/// ships the sanitizer runtimes it needs. `what` names the work in the note saying so.
pub(crate) fn cargo_on(toolchain: &str, what: &str) -> Command {
    let toolchains = stdout_of("rustup", ["toolchain", "list"]).unwrap_or_default();
    // `nightly` is `nightly-<host>`, not a dated `nightly-2026-02-25-<host>`.
    let installed = |line: &str| {
        let name = line.split_whitespace().next().unwrap_or_default();
        name.strip_prefix(toolchain)
            .and_then(|rest| rest.strip_prefix('-'))
            .is_some_and(|host| !host.starts_with(|c: char| c.is_ascii_digit()))
    };
    let mut cmd = cargo_proxy();
    if toolchains.lines().any(installed) {
        cmd.arg(format!("+{toolchain}"));
    } else {
        println!(
            "xtask: no {toolchain} toolchain; running `{what}` on the default toolchain with \
             RUSTC_BOOTSTRAP=1"
        );
        cmd.env("RUSTC_BOOTSTRAP", "1");
    }
    cmd
}

/// `$CARGO_HOME`, by default `~/.cargo`: where `cargo install` puts binaries.
pub(crate) fn cargo_home() -> PathBuf {
    match std::env::var_os("CARGO_HOME") {
        Some(home) if !home.is_empty() => PathBuf::from(home),
        _ => PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cargo"),
    }
}

/// The command line, for messages.
pub(crate) fn display(cmd: &Command) -> String {
    let mut parts = vec![cmd.get_program().to_string_lossy().into_owned()];
    parts.extend(cmd.get_args().map(|a| a.to_string_lossy().into_owned()));
    parts.join(" ")
}

/// Runs `cmd` with inherited output; fails if it cannot start or exits unsuccessfully.
pub(crate) fn run(cmd: &mut Command) -> Result<()> {
    let status = cmd.status().with_context(|| format!("cannot run `{}`", display(cmd)))?;
    if !status.success() {
        bail!("`{}` failed ({status})", display(cmd));
    }
    Ok(())
}

/// Runs `cmd` with its output captured, shown only if it fails.
pub(crate) fn run_quiet(cmd: &mut Command) -> Result<()> {
    let output = cmd
        .stdin(Stdio::null())
        .output()
        .with_context(|| format!("cannot run `{}`", display(cmd)))?;
    if !output.status.success() {
        eprint!("{}", String::from_utf8_lossy(&output.stdout));
        eprint!("{}", String::from_utf8_lossy(&output.stderr));
        bail!("`{}` failed ({})", display(cmd), output.status);
    }
    Ok(())
}

/// The trimmed standard output of `program args`, or `None` if it cannot run or fails.
pub(crate) fn stdout_of<I, S>(program: impl AsRef<OsStr>, args: I) -> Option<String>
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let output = Command::new(program).args(args).stdin(Stdio::null()).output().ok()?;
    output.status.success().then(|| String::from_utf8_lossy(&output.stdout).trim().to_string())
}
