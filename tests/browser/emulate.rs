//! What a test asks of Chromium beyond WebDriver, through chromedriver's DevTools endpoint: a
//! phone's viewport, a reader's colour scheme; and screenshots for people to look at.

use std::path::PathBuf;

use fantoccini::wd::WebDriverCompatibleCommand;
use serde_json::{json, Value};

use super::session::Browser;

/// One Chrome DevTools Protocol command, sent through chromedriver (`goog/cdp/execute`).
#[derive(Debug)]
struct Cdp {
    method: &'static str,
    params: Value,
}

impl WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!("session/{}/goog/cdp/execute", session_id.unwrap_or_default()))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        let body = json!({ "cmd": self.method, "params": self.params });
        (http::Method::POST, Some(body.to_string()))
    }
}

impl Browser {
    async fn cdp(&self, method: &'static str, params: Value) {
        if let Err(e) = self.client.issue_cmd(Cdp { method, params }).await {
            panic!("Chromium refused {method}: {e}");
        }
    }

    /// Makes the viewport `width` x `height` CSS pixels, as on a phone (touch, no scrollbars)
    /// when `phone`; for the pages opened from now on as well.
    pub(crate) async fn viewport(&self, width: u32, height: u32, phone: bool) {
        let metrics =
            json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": phone });
        self.cdp("Emulation.setDeviceMetricsOverride", metrics).await;
        self.cdp("Emulation.setTouchEmulationEnabled", json!({ "enabled": phone })).await;
    }

    /// Makes the page see `prefers-color-scheme: dark` (or light) and
    /// `prefers-reduced-motion: reduce`, as a reader's settings would.
    pub(crate) async fn prefer(&self, dark: bool) {
        let scheme = if dark { "dark" } else { "light" };
        let features = json!([
            { "name": "prefers-color-scheme", "value": scheme },
            { "name": "prefers-reduced-motion", "value": "reduce" },
        ]);
        self.cdp("Emulation.setEmulatedMedia", json!({ "features": features })).await;
    }

    /// Saves a screenshot of the viewport as `screenshots/NAME.png` in this run's directory,
    /// for people to look at; returns its path.
    pub(crate) async fn screenshot(&self, name: &str) -> PathBuf {
        let png = match self.client.screenshot().await {
            Ok(png) => png,
            Err(e) => panic!("cannot take a screenshot: {e}"),
        };
        let path = self.env.screenshot_path(name);
        if let Err(e) = std::fs::write(&path, png) {
            panic!("cannot write {}: {e}", path.display());
        }
        path
    }
}
