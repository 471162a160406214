//! Sift's end-to-end tests, one binary. Modules:
//!
//! - `browser`: the widget in real headless Chromium (typing, keyboard, filters, URL state,
//!   embedding across origins, failures).
mod browser;
