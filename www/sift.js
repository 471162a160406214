// Sift: client-side search for static news sites.
//
// Load this module once and place the element anywhere:
//   <script type="module" src="https://news.example/sift.js"></script>
//   <sift-search index="https://news.example/index/"></sift-search>
// Attributes: index (one or more index URLs, space-separated), mode (quick | advanced |
// news | latest), lang, search-page, and for mode="latest": facet, value, limit, more.
// The widget renders into an open shadow root; theme it with the --sift-* custom
// properties listed at the top of its stylesheet.
//
// No inline script and no eval: it runs under
// Content-Security-Policy: script-src 'self' 'wasm-unsafe-eval'.

import init, { mount, searchSummary } from "./sift-widget.js";

const ready = init({ module_or_path: new URL("./sift-widget_bg.wasm", import.meta.url) });

const UNAVAILABLE = {
  en: "Search is unavailable: the search code could not be loaded.",
  ru: "Поиск недоступен: не удалось загрузить программу поиска.",
};

function language(element) {
  const tag = element.getAttribute("lang") || document.documentElement.lang || "en";
  return tag.toLowerCase().startsWith("ru") ? "ru" : "en";
}

// Shown, as plain text, when the WebAssembly module itself cannot be loaded.
function showFailure(element, root, error) {
  console.error("sift: cannot start the search widget:", error);
  const message = document.createElement("p");
  message.setAttribute("role", "alert");
  message.className = "sift-error";
  message.textContent = UNAVAILABLE[language(element)];
  message.style.cssText =
    "all:initial;display:block;font:14px system-ui,sans-serif;color:#5c1410;" +
    "background:#fdf1f0;border:1px solid #d9a3a3;padding:.5em .8em;border-radius:6px";
  root.replaceChildren(message);
}

class SiftSearch extends HTMLElement {
  static observedAttributes = [
    "index", "mode", "lang", "search-page", "facet", "value", "limit", "more",
  ];

  connectedCallback() {
    const root = this.shadowRoot ?? this.attachShadow({ mode: "open" });
    if (this.mounted || this.starting) return;
    this.starting = ready.then(
      () => {
        this.starting = null;
        if (!this.isConnected || this.mounted) return;
        try {
          root.replaceChildren();
          this.mounted = mount(this, root);
        } catch (error) {
          showFailure(this, root, error);
        }
      },
      (error) => {
        this.starting = null;
        showFailure(this, root, error);
      },
    );
  }

  disconnectedCallback() {
    const mounted = this.mounted;
    this.mounted = null;
    if (mounted) {
      mounted.unmount();
      mounted.free();
    }
  }

  attributeChangedCallback(name, before, after) {
    if (before === after || !this.mounted) return;
    this.disconnectedCallback();
    this.connectedCallback();
  }
}

if (!customElements.get("sift-search")) {
  customElements.define("sift-search", SiftSearch);
}

// For the benchmark harness: one quick search (both rounds) with the data of its top 10
// results. Resolves with {total, urls}.
export async function siftSearch(query, indexUrl) {
  await ready;
  const index =
    indexUrl ?? document.querySelector("sift-search[index]")?.getAttribute("index") ?? "/index/";
  return searchSummary(String(query), index);
}

window.siftSearch = siftSearch;
