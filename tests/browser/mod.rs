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
//! - `emulate`: a phone's viewport and a reader's colour scheme (DevTools), screenshots;
//! - `url_state`: reload, back and forward, and a host page's own parameters left alone;
//! - `hostile`: markup in corpus text shown as text, `javascript:` URLs never linked;
//! - `embed`: a partner page on another origin with hostile CSS and a strict CSP (script and
//!   style), and two indexes searched together;
//! - `failures`: a missing shard, a corrupt entry, a damaged payload, a network failure,
//!   another format version, an older answer arriving after a newer one;
//! - `intent`: nothing but `sift.js` before the reader shows intent, typed text carried over,
//!   the index beside the script by default;
//! - `a11y`: axe-core in every state, the phone layout, screenshots;
//! - `meaning`: typos, swapped letters, Latin for Cyrillic and ticker parts on real articles
//!   in both languages, and the status that says what was searched instead;
//! - `generators`: Hugo and Eleventy sites, and a site tagged for Pagefind, searched after the
//!   README's one command and two lines, with the index-builder npm installs from the
//!   packages of `cargo xtask release`.

mod corpus;
mod emulate;
mod harness;
mod session;

mod a11y;
mod advanced;
mod embed;
mod failures;
mod generators;
mod hostile;
mod intent;
mod keyboard;
mod meaning;
mod news;
mod quick;
mod url_state;
