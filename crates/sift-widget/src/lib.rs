//! Sift's search widget: Yew components that run `sift-core` in the browser against a
//! static index, embedded in any page as the `<sift-search>` custom element.
//!
//! `www/sift.js` defines the element and calls [`mount`] with its open shadow root; the
//! widget then fetches the index entry and, per query, only the files the query needs.
//! [`search_summary`] is the small JavaScript API the benchmark harness imports from the
//! wasm module itself (no page of a partner gets a global for it).
//!
//! Only the DOM-free parts (URL state, strings, merging) build on the host; the rest is
//! compiled for `wasm32` alone.

// Crate-private: only the widget uses them. On the host they build for their unit tests
// alone, so what only the wasm32 modules call is dead there.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
mod engine;
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
mod i18n;
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
mod state;

#[cfg(target_arch = "wasm32")]
mod components;
#[cfg(target_arch = "wasm32")]
mod embed;
#[cfg(target_arch = "wasm32")]
mod hooks;

#[cfg(target_arch = "wasm32")]
pub use embed::{mount, search_summary, Mounted};

/// Declares a unit test that runs natively under `cargo test` and in the browser under
/// `cargo test --target wasm32-unknown-unknown` (wasm-bindgen-test).
#[cfg(test)]
macro_rules! test {
    (fn $name:ident() $body:block) => {
        #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
        #[cfg_attr(not(target_arch = "wasm32"), test)]
        fn $name() $body
    };
}
#[cfg(test)]
pub(crate) use test;

#[cfg(all(test, target_arch = "wasm32"))]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
