//! The Sift widget in real headless Chromium, driven through chromedriver (WebDriver).
//!
//! Each test opens a fresh browser on the demo site (built once per run by `harness`) and does
//! what a reader does: types, presses keys, ticks filters, reloads, goes back. Expectations come
//! from the corpus and from the core searching the same index natively, never from
//! hard-coded ids. Every page loads `fixtures/browser/hooks.js`, and a test fails if its page
//! recorded an error. Modules:
//!
//! - `harness`: builds the corpus, the index and the demo site, starts the servers and
//!   chromedriver, once per run;
//! - `session`: one browser per test, and helpers to type, press keys, wait and read the
//!   shadow DOM;
//! - `corpus`: the test corpus and facts about it;
//! - `quick`: typing in the quick search box (prefix, typo, Russian, diacritics, highlighting);
//! - `keyboard`: Up, Down, Enter, Escape and the ARIA combobox;
//! - `advanced`: every field of Advanced search, facet counts and filters, sorting, Reset all;
//! - `news`: All news (newest first, paging, facets and dates against corpus counts) and the
//!   latest news block;
//! - `url_state`: reload, back and forward;
//! - `hostile`: markup in corpus text shown as text;
//! - `embed`: a partner page on another origin with hostile CSS and a strict CSP, and two
//!   indexes searched together;
//! - `failures`: a missing shard, a corrupt entry, a network failure, another format version;
//! - `generators`: Hugo and Eleventy sites, and a site tagged for Pagefind, searched after the
//!   README's one command and two lines, with the index-builder `cargo xtask install` installs.

mod corpus;
mod harness;
mod session;

mod advanced;
mod embed;
mod failures;
mod generators;
mod hostile;
mod keyboard;
mod news;
mod quick;
mod url_state;
