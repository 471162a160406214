//! Sift's end-to-end tests, one binary. Modules:
//!
//! - `corpora`: the engine on the three real corpora, answers checked against the corpus;
//! - `format`: the property round trip, determinism on a real corpus, and the golden indexes
//!   of `tests/compat/` opened by today's code;
//! - `meaning`: what the reader meant, in both languages: typos, swapped letters, parts of
//!   compound words, Russian words typed in Latin letters;
//! - `browser`: the widget in real headless Chromium (typing, keyboard, filters, URL state,
//!   embedding across origins, failures).
mod browser;
mod corpora;
mod format;
mod meaning;
