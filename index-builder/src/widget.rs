//! The widget a bundle carries: the files built into this binary (see `build.rs`), or the
//! files of a directory given with `--widget`.

use std::borrow::Cow;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

include!(concat!(env!("OUT_DIR"), "/widget.rs"));

/// The widget's files, written beside the index so that a page needs only `sift.js`.
#[derive(Clone, Debug)]
pub struct Widget {
    files: Vec<(String, Cow<'static, [u8]>)>,
}

impl Widget {
    /// The widget built into this binary, if it was built with one (`cargo xtask dist`
    /// before building index-builder).
    pub fn embedded() -> Option<Widget> {
        if WIDGET_FILES.is_empty() {
            return None;
        }
        let files = WIDGET_FILES
            .iter()
            .map(|&(name, bytes)| (name.to_string(), Cow::Borrowed(bytes)))
            .collect();
        Some(Widget { files })
    }

    /// The embedded widget, or an error that says how to get one.
    pub fn embedded_or_explain() -> Result<Widget> {
        Widget::embedded().ok_or_else(|| Error::NoWidget { searched: PathBuf::from(WIDGET_DIR) })
    }

    /// Every regular file directly in `dir` (hidden ones aside): a widget built elsewhere.
    /// It must hold `sift.js`.
    pub fn from_dir(dir: &Path) -> Result<Widget> {
        let unreadable = |error| Error::Unreadable { path: dir.to_path_buf(), error };
        let mut files = Vec::new();
        for entry in std::fs::read_dir(dir).map_err(unreadable)? {
            let entry = entry.map_err(unreadable)?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') || !entry.file_type().map_err(unreadable)?.is_file() {
                continue;
            }
            let path = entry.path();
            let bytes = std::fs::read(&path).map_err(|error| Error::Unreadable { path, error })?;
            files.push((name, Cow::Owned(bytes)));
        }
        files.sort();
        if !files.iter().any(|(name, _)| name == "sift.js") {
            return Err(Error::Config {
                file: None,
                reason: format!("--widget {}: no sift.js in it: not a widget build", dir.display()),
            });
        }
        Ok(Widget { files })
    }

    /// The files, by name.
    pub fn files(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.files.iter().map(|(name, bytes)| (name.as_str(), bytes.as_ref()))
    }

    /// Total bytes of the files.
    pub fn bytes(&self) -> u64 {
        self.files.iter().map(|(_, bytes)| bytes.len() as u64).sum()
    }

    /// A short hash of every name and byte: which widget this is.
    pub fn id(&self) -> String {
        let mut hasher = blake3::Hasher::new();
        for (name, bytes) in &self.files {
            hasher.update(&(name.len() as u64).to_le_bytes());
            hasher.update(name.as_bytes());
            hasher.update(&(bytes.len() as u64).to_le_bytes());
            hasher.update(bytes);
        }
        hasher.finalize().to_hex()[..12].to_string()
    }
}

impl fmt::Display for Widget {
    /// `widget 0.1.0 #3fa1c09e12ab (3 files, 612 KB)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "widget {} #{} ({} files, {} KB)",
            env!("CARGO_PKG_VERSION"),
            self.id(),
            self.files.len(),
            self.bytes().div_ceil(1024)
        )
    }
}

/// What `index-builder --version` prints after the name: the version, the platform and (for
/// `cargo xtask release`'s builds) the commit, the widget built in, and the index format
/// written.
pub fn version_line() -> &'static str {
    static LINE: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    LINE.get_or_init(|| {
        let widget = match Widget::embedded() {
            Some(widget) => widget.to_string(),
            None => "no widget built in (run `cargo xtask dist`, then reinstall)".to_string(),
        };
        let commit =
            option_env!("SIFT_COMMIT").map(|c| format!(", commit {c}")).unwrap_or_default();
        format!(
            "{} ({}{commit})\n{widget}\nindex format {}",
            env!("CARGO_PKG_VERSION"),
            env!("SIFT_BUILD_TARGET"),
            sift_core::FORMAT_VERSION
        )
    })
}
