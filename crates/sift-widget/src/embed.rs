//! The seam with JavaScript: mounting a widget into an element's shadow root, the
//! `searchSummary` API the benchmark harness imports, and the panic hook.

use std::cell::{Cell, RefCell};

use sift_core::{quick_rounds, Rounds};
use wasm_bindgen::prelude::*;
use web_sys::{Element, HtmlElement, ShadowRoot};
use yew::AppHandle;

use crate::components::{Widget, WidgetProps};
use crate::engine::Engine;
use crate::i18n::Lang;
use crate::state::{url::DEFAULT_PREFIX, Mode, Notice};

/// How many latest articles a `mode="latest"` element lists without a `limit`.
const DEFAULT_LATEST: usize = 5;

thread_local! {
    /// Every mounted widget's container and language, for the panic message.
    static ROOTS: RefCell<Vec<(Element, Lang)>> = const { RefCell::new(Vec::new()) };
    static PANICKED: Cell<bool> = const { Cell::new(false) };
}

/// A widget rendered into a shadow root; `unmount` it when the element leaves the page.
#[wasm_bindgen]
pub struct Mounted {
    handle: Option<AppHandle<Widget>>,
    container: Element,
}

#[wasm_bindgen]
impl Mounted {
    /// Removes the widget and its nodes.
    pub fn unmount(&mut self) {
        if let Some(handle) = self.handle.take() {
            handle.destroy();
        }
        ROOTS.with(|roots| {
            if let Ok(mut roots) = roots.try_borrow_mut() {
                roots.retain(|(element, _)| *element != self.container);
            }
        });
        self.container.remove();
    }
}

/// Renders the widget `host`'s attributes describe into `root` (the host's shadow root,
/// already styled by `sift.js`); `here` is the directory `sift.js` was loaded from, the
/// index when the element names none.
#[wasm_bindgen]
pub fn mount(host: HtmlElement, root: ShadowRoot, here: String) -> Result<Mounted, JsValue> {
    install_panic_hook();
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("no document"))?;
    let attr = |name: &str| host.get_attribute(name).filter(|v| !v.trim().is_empty());
    let page_lang = document.document_element().and_then(|html| html.get_attribute("lang"));
    let lang = Lang::choose(attr("lang").as_deref(), page_lang.as_deref());
    let props = WidgetProps {
        index: attr("index").unwrap_or(here).into(),
        mode: Mode::from_attr(&attr("mode").unwrap_or_default()),
        lang,
        search_page: attr("search-page").unwrap_or_else(|| "/search.html".into()).into(),
        facet: attr("facet").unwrap_or_default().into(),
        value: attr("value").unwrap_or_default().into(),
        limit: attr("limit").and_then(|l| l.trim().parse().ok()).unwrap_or(DEFAULT_LATEST),
        more: attr("more").map(Into::into),
        prefix: attr("param-prefix").unwrap_or_else(|| DEFAULT_PREFIX.into()).into(),
    };

    let container = document.create_element("div")?;
    container.set_class_name("sift");
    root.append_child(&container)?;
    ROOTS.with(|roots| roots.borrow_mut().push((container.clone(), lang)));

    let handle = yew::Renderer::<Widget>::with_root_and_props(container.clone(), props).render();
    Ok(Mounted { handle: Some(handle), container })
}

/// Runs one quick search as the quick box does (every round it runs, `sift_core::quick_rounds`)
/// against `index` (space-separated index URLs) and resolves with the last round's
/// `{total, urls}`.
#[wasm_bindgen(js_name = searchSummary)]
pub async fn search_summary(query: String, index: String) -> Result<JsValue, JsValue> {
    install_panic_hook();
    let engine = Engine::shared(&index);
    let mut answer = None;
    let mut rounds = Rounds::new(quick_rounds(&query));
    while let Some(round) = rounds.next_round() {
        answer = engine.search(&round.request, false, "en", &|| true).await;
        let Some(found) = &answer else { break };
        rounds.answered(found.results.total);
    }
    let answer = answer.ok_or_else(|| JsValue::from_str("search did not finish"))?;
    let urls = js_sys::Array::new();
    for hit in &answer.results.hits {
        urls.push(&JsValue::from_str(&hit.url));
    }
    let summary = js_sys::Object::new();
    js_sys::Reflect::set(&summary, &"total".into(), &(answer.results.total as f64).into())?;
    js_sys::Reflect::set(&summary, &"urls".into(), &urls)?;
    if let Some(notice) = answer.notice {
        // Named here, not with `{:?}`: the release widget is built without `Debug` text.
        let name = match notice {
            Notice::Unavailable => "Unavailable",
            Notice::Version => "Version",
            Notice::Partial => "Partial",
        };
        js_sys::Reflect::set(&summary, &"notice".into(), &name.into())?;
    }
    Ok(summary.into())
}

/// Replaces Yew's panic hook: log once, and show the reader a message in every widget
/// instead of leaving dead boxes.
fn install_panic_hook() {
    yew::set_custom_panic_hook(Box::new(|info| {
        if PANICKED.with(|p| p.replace(true)) {
            return;
        }
        web_sys::console::error_1(&format!("sift: internal error: {info}").into());
        ROOTS.with(|roots| {
            let Ok(roots) = roots.try_borrow() else { return };
            for (container, lang) in roots.iter() {
                let Some(document) = container.owner_document() else { continue };
                if let Ok(message) = document.create_element("p") {
                    message.set_class_name("sift-error");
                    let _ = message.set_attribute("role", "alert");
                    message.set_text_content(Some(lang.text().crashed));
                    let _ = container.prepend_with_node_1(&message);
                }
            }
        });
    }));
}
