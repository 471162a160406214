//! Fetching index files as bytes with the browser's `fetch`, one request per URL at a time.

use std::cell::RefCell;

use js_sys::{Promise, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::{future_to_promise, JsFuture};
use web_sys::Response;

/// Starts fetches and shares each in-flight one between everyone who asks for its URL, so
/// two searches that need the same shard (a fast typist) make one request. The fetches in
/// flight are a few at a time: a list, not a map keyed by `String` (which would bring its
/// own hash table code into the wasm).
#[derive(Debug, Default)]
pub(crate) struct Fetcher {
    inflight: RefCell<Vec<(String, Promise)>>,
}

impl Fetcher {
    /// Starts fetching `url`, or joins the fetch already under way.
    ///
    /// The promise never rejects: it resolves with the bytes or with the reason as a string.
    /// Several fetches start together and are awaited one after another, so a rejection
    /// could arrive before anyone listens, and the browser would report it as an unhandled
    /// rejection (an error on the host page) although the widget handles it.
    pub(crate) fn start(&self, url: &str) -> Promise {
        let mut inflight = self.inflight.borrow_mut();
        if let Some((_, promise)) = inflight.iter().find(|(u, _)| u == url) {
            return promise.clone();
        }
        let url_owned = url.to_string();
        let promise = future_to_promise(async move {
            Ok(fetch_bytes(url_owned).await.unwrap_or_else(|error| describe(&error).into()))
        });
        inflight.push((url.to_string(), promise.clone()));
        promise
    }

    /// The bytes of a fetch started with [`Fetcher::start`], or why there are none.
    pub(crate) async fn finish(&self, url: &str, promise: Promise) -> Result<Vec<u8>, String> {
        let result = JsFuture::from(promise).await;
        self.inflight.borrow_mut().retain(|(u, _)| u != url);
        match result {
            Ok(value) => match value.as_string() {
                Some(reason) => Err(reason),
                None => Ok(Uint8Array::new(&value).to_vec()),
            },
            Err(error) => Err(describe(&error)),
        }
    }
}

/// How the reason for a file the server does not have begins (see [`is_gone`]).
const GONE: &str = "HTTP 404 ";

/// Whether a fetch failed because the server does not have the file: after a deploy, an
/// open page asks for files of the index it loaded, which the new one replaced.
pub(crate) fn is_gone(reason: &str) -> bool {
    reason.starts_with(GONE)
}

async fn fetch_bytes(url: String) -> Result<JsValue, JsValue> {
    let window = web_sys::window().ok_or_else(|| JsValue::from_str("no window"))?;
    let response: Response = JsFuture::from(window.fetch_with_str(&url)).await?.dyn_into()?;
    if response.status() == 404 {
        return Err(JsValue::from_str(&format!("{GONE}for {url}")));
    }
    if !response.ok() {
        return Err(JsValue::from_str(&format!("HTTP {} for {url}", response.status())));
    }
    let buffer = JsFuture::from(response.array_buffer()?).await?;
    Ok(Uint8Array::new(&buffer).into())
}

/// A JavaScript error as one line of text.
pub(crate) fn describe(error: &JsValue) -> String {
    if let Some(text) = error.as_string() {
        return text;
    }
    if let Some(error) = error.dyn_ref::<js_sys::Error>() {
        return String::from(error.message());
    }
    "network error".to_string()
}
