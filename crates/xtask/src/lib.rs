//! Sift's task runner as a library, so that the benchmark harness and tests can render sites too.
//!
//! `cargo xtask <task>` (see `main.rs`) dispatches to one module per task, each exposing `run`:
//! [`sample`] writes the bundled sample corpus, [`site`] renders a corpus to static article
//! pages, [`index`] builds the sample site and its index, [`ci`] is the README's test command,
//! [`demo`] builds and serves the demo site, [`widget`] builds the widget's wasm for Trunk,
//! [`dist`] puts the widget where index-builder embeds it and installs index-builder,
//! [`release`] builds the static binaries and npm packages a site installs, [`fuzz`] runs
//! the fuzz targets from their seeds, and
//! [`setup`] installs what a fresh machine lacks.

pub mod ci;
pub mod corpus;
pub mod demo;
pub mod dist;
pub mod fuzz;
pub mod index;
pub mod release;
pub mod sample;
pub mod setup;
pub mod site;
pub mod widget;

mod process;
#[cfg(test)]
mod tidy;

use std::path::{Path, PathBuf};

pub use corpus::Record;
pub use site::{render_site, Chrome, SiteOptions};

/// The repository's root directory (the one holding the workspace `Cargo.toml`).
pub fn project_root() -> PathBuf {
    // xtask lives in `<root>/crates/xtask`, so the root is two levels up.
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest_dir.ancestors().nth(2).unwrap_or(manifest_dir).to_path_buf()
}

/// Cargo's target directory: `CARGO_TARGET_DIR` when set, else `<root>/target`.
pub fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if !dir.is_empty() => {
            let dir = PathBuf::from(dir);
            if dir.is_absolute() {
                dir
            } else {
                project_root().join(dir)
            }
        }
        _ => project_root().join("target"),
    }
}
