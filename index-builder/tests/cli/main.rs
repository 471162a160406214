//! The `index-builder` command as a user runs it, one test binary. Modules:
//!
//! - `bad_input`: every kind of bad input fails with a message naming the file, line and
//!   reason, and leaves the previous index byte for byte; `--skip-bad` skips and names.
//! - `bundle`: `build public/` writes index and widget into `public/sift/`, never reads it
//!   back, refuses a directory holding other files, survives a crash.
//! - `readers`: HTML pages (Sift's shape and a Pagefind site) and Markdown front matter.
//! - `search`: `search --json` on a small index: words, prefixes, typos, phrases,
//!   exclusions, filters, dates, order, paging, and damaged indexes.
//! - `determinism`: two builds of the same inputs are byte-identical.
//! - `incremental`: a build into an index updates it, rewriting little, and answers as a
//!   full build; what an update cannot keep sound is built in full and said so.
//! - `corpora`: the shared Russian corpus, when present.
//! - `util`: running the command and making inputs.

mod bad_input;
mod bundle;
mod corpora;
mod determinism;
mod incremental;
mod readers;
mod search;
mod util;
