//! The library's one error type: bad records, unreadable inputs, bad settings, output failures.

use std::fmt;
use std::path::{Path, PathBuf};

/// Where a record came from: a file, and the line for line-based inputs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    /// The file, as it was named on the command line (or found under a named directory).
    pub file: PathBuf,
    /// The 1-based line, for JSONL records and front matter.
    pub line: Option<u64>,
}

impl Location {
    /// A whole file.
    pub fn file(file: &Path) -> Location {
        Location { file: file.to_path_buf(), line: None }
    }

    /// One line of a file.
    pub fn line(file: &Path, line: u64) -> Location {
        Location { file: file.to_path_buf(), line: Some(line) }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}", self.file.display()),
            None => write!(f, "{}", self.file.display()),
        }
    }
}

/// Everything that can go wrong while reading inputs and writing an index.
///
/// The `Bad*`/`No*` variants concern one record; [`Error::is_bad_record`] tells them apart,
/// so that `--skip-bad` can skip them while other errors still stop the build.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A JSONL line that is not a JSON object of the expected shape.
    #[error("{at}: malformed JSON record: {reason}")]
    BadJson {
        /// The line.
        at: Location,
        /// What the JSON parser said.
        reason: String,
    },
    /// Bytes that are not UTF-8.
    #[error("{at}: invalid UTF-8 at byte offset {offset}{}", if at.line.is_some() { " of the line" } else { "" })]
    BadUtf8 {
        /// The line or file.
        at: Location,
        /// Offset of the first bad byte, within the line or file.
        offset: usize,
    },
    /// A record whose title is missing or blank.
    #[error("{at}: record has no title")]
    NoTitle {
        /// The record.
        at: Location,
    },
    /// A record without a URL (JSONL only: pages and Markdown files derive one from their path).
    #[error("{at}: record has no url")]
    NoUrl {
        /// The record.
        at: Location,
    },
    /// A date that is not `YYYY-MM-DD` (optionally followed by a time).
    #[error("{at}: bad date {value:?}: expected an ISO date such as 2024-03-15")]
    BadDate {
        /// The record.
        at: Location,
        /// The date as written.
        value: String,
    },
    /// A URL that must not become a link: only `http`, `https` and relative URLs may
    /// (`sift_core::is_link_allowed`), so that no result runs script in a reader's browser.
    #[error("{at}: url {url:?} is not a web link: only http, https and relative URLs are indexed")]
    BadUrl {
        /// The record.
        at: Location,
        /// The URL as given.
        url: String,
    },
    /// A JSONL line longer than a record may be.
    #[error("{at}: the line is longer than {limit} bytes, the most a record may take")]
    LineTooLong {
        /// The line.
        at: Location,
        /// The most bytes a line may hold.
        limit: usize,
    },
    /// A record that takes the index past one of its limits (facets, values of a facet,
    /// languages): not one record's fault, so never skipped.
    #[error("{at}: {what}")]
    TooMany {
        /// The record that went past the limit.
        at: Location,
        /// Which limit, and how to stay under it.
        what: String,
    },
    /// An HTML page where the content selector matches nothing.
    #[error("{at}: no content: selector `{selector}` matches nothing on the page")]
    NoContent {
        /// The page.
        at: Location,
        /// The content-root selector.
        selector: String,
    },
    /// Markdown front matter that does not parse.
    #[error("{at}: bad front matter: {reason}")]
    BadFrontMatter {
        /// The file, and the line when the parser knows it.
        at: Location,
        /// What the parser said.
        reason: String,
    },
    /// A file or directory that cannot be read.
    #[error("{}: cannot read: {error}", path.display())]
    Unreadable {
        /// The file or directory.
        path: PathBuf,
        /// Why.
        error: std::io::Error,
    },
    /// An input that is neither a `.jsonl`/`.jsonl.gz` file nor a directory.
    #[error(
        "{}: not an input Sift reads: give a .jsonl or .jsonl.gz file, or a directory of HTML \
         or Markdown files",
        path.display()
    )]
    UnknownInput {
        /// The input as named.
        path: PathBuf,
    },
    /// An input directory with nothing to read in it.
    #[error(
        "{}: no HTML pages (.html, .htm) or Markdown files (.md) in it: is this the \
         directory the site generator writes its pages into?",
        path.display()
    )]
    NoPages {
        /// The directory as named.
        path: PathBuf,
    },
    /// Nothing to index.
    #[error("no documents to index: {}", if *skipped == 0 {
        "the inputs hold no records".to_string()
    } else {
        format!("all {skipped} records were bad and skipped")
    })]
    EmptyCorpus {
        /// How many bad records were skipped.
        skipped: u64,
    },
    /// A bad setting in the config file or on the command line.
    #[error("{}{reason}", match file { Some(file) => format!("{}: ", file.display()), None => String::new() })]
    Config {
        /// The config file, if the setting came from one.
        file: Option<PathBuf>,
        /// What is wrong, naming the setting.
        reason: String,
    },
    /// Writing the output failed.
    #[error("{}: {error}", path.display())]
    Write {
        /// The file or directory being written.
        path: PathBuf,
        /// Why.
        error: std::io::Error,
    },
    /// The output path exists but holds more than a Sift bundle, so it is not replaced.
    #[error(
        "{}: refusing to replace: {reason}; choose a new or empty directory, or one that \
         holds only what index-builder wrote there",
        path.display()
    )]
    NotAnIndex {
        /// The `--out` directory.
        path: PathBuf,
        /// What is there instead.
        reason: String,
    },
    /// A bundle was asked for, but this binary was built without the widget.
    #[error(
        "this index-builder has no widget built in (nothing was in {} when it was compiled): \
         install it with `cargo xtask install` (or run `cargo xtask dist` and build it again), \
         give a widget build with --widget DIR, or pass --no-widget to write the index alone",
        searched.display()
    )]
    NoWidget {
        /// Where the build looked for the widget's files.
        searched: PathBuf,
    },
    /// The search core refused the index or the build.
    #[error(transparent)]
    Core(#[from] sift_core::Error),
}

impl Error {
    /// Whether this error concerns one record only, so that a build may skip it.
    pub fn is_bad_record(&self) -> bool {
        matches!(
            self,
            Error::BadJson { .. }
                | Error::BadUtf8 { .. }
                | Error::NoTitle { .. }
                | Error::NoUrl { .. }
                | Error::BadDate { .. }
                | Error::BadUrl { .. }
                | Error::LineTooLong { .. }
                | Error::NoContent { .. }
                | Error::BadFrontMatter { .. }
                | Error::Unreadable { .. }
        )
    }
}

/// Shorthand for results of this library.
pub type Result<T, E = Error> = std::result::Result<T, E>;
