//! Sift's end-to-end tests, one binary. Modules:
//!
//! - `corpora`: the engine on the three real corpora, answers checked against the corpus;
//! - `browser`: the widget in real headless Chromium (typing, keyboard, filters, URL state,
//!   embedding across origins, failures).
mod browser;
mod corpora;
