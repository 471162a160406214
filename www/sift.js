// Sift: client-side search for static news sites.
//
// Load this module once and place the element anywhere:
//   <script type="module" src="https://news.example/sift/sift.js"></script>
//   <sift-search></sift-search>
// Attributes: index (one or more index URLs, space-separated; by default the directory this
// script was loaded from), mode (quick | advanced | news | latest), lang, search-page,
// param-prefix (of the widget's URL parameters, default "sift-"), and for mode="latest":
// facet, value, limit, more. The widget renders into an open shadow root; theme it with the
// --sift-* custom properties listed at the top of the stylesheet below.
//
// Pay on intent: this file is all a page downloads for a quick search box until the reader
// shows intent (focus, pointer over or down, a key): it draws the box at once, styled, and
// only then loads the WebAssembly widget, which takes over the typed text and the caret.
// The other modes show content at once, so they load it straight away.
//
// No inline script, no inline style, no eval: it runs under
// Content-Security-Policy: script-src 'self' <this host> 'wasm-unsafe-eval'; style-src 'self'
// (the stylesheet is a constructed one, adopted by each shadow root).

const HERE = new URL(".", import.meta.url).href;

const TEXT = {
  en: {
    search: "Search",
    placeholder: "Search news",
    unavailable: "Search is unavailable: the search code could not be loaded.",
  },
  ru: {
    search: "Поиск",
    placeholder: "Поиск по новостям",
    unavailable: "Поиск недоступен: не удалось загрузить программу поиска.",
  },
};

// What a reader does that says they are about to search.
const INTENT = ["focusin", "pointerover", "pointerdown", "touchstart", "keydown"];

let sheet = null;
let widget = null;

// One stylesheet for every element on the page.
function styles() {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
  }
  return sheet;
}

// The WebAssembly widget, loaded once for the page.
function load() {
  widget ??= import("./sift-widget.js").then(async (module) => {
    await module.default({ module_or_path: new URL("./sift-widget_bg.wasm", import.meta.url) });
    return module;
  });
  return widget;
}

// Whether the element is a quick box (the default, also for unknown modes).
function isQuick(element) {
  return !["advanced", "news", "latest"].includes(element.getAttribute("mode")?.trim());
}

function text(element) {
  const tag = element.getAttribute("lang") || document.documentElement.lang || "en";
  return tag.toLowerCase().startsWith("ru") ? TEXT.ru : TEXT.en;
}

function make(tag, className, parent) {
  const element = document.createElement(tag);
  element.className = className;
  parent?.append(element);
  return element;
}

// The quick box as the widget draws it, before the widget is there.
function quickBox(element) {
  const strings = text(element);
  const box = make("div", "sift");
  const input = make("input", "sift-input", make("div", "sift-quick", box));
  for (const [name, value] of Object.entries({
    type: "search", role: "combobox", "aria-label": strings.search,
    placeholder: strings.placeholder, autocomplete: "off", spellcheck: "false",
    "aria-autocomplete": "list", "aria-expanded": "false",
  })) {
    input.setAttribute(name, value);
  }
  // Enter pressed before the widget is there still leads to the search page.
  input.addEventListener("keydown", (event) => {
    box.enter ||= event.key === "Enter";
  });
  return box;
}

// Hands what the reader did in the early box over to the widget's own input: the text (which
// the widget then searches), the caret, the focus and an Enter.
function handOver(early, root) {
  const from = early.querySelector("input");
  const to = root.lastElementChild?.querySelector("input");
  if (!to) return false;
  const focused = root.activeElement === from;
  const { value, selectionStart, selectionEnd, selectionDirection } = from;
  if (focused) to.focus({ preventScroll: true });
  if (value) {
    to.value = value;
    to.dispatchEvent(new InputEvent("input", { bubbles: true, composed: true }));
  }
  if (focused) to.setSelectionRange(selectionStart, selectionEnd, selectionDirection ?? "none");
  early.remove();
  if (early.enter) {
    // After the widget has rendered the text (its key handler reads the query it rendered).
    const enter = new KeyboardEvent("keydown", { key: "Enter", bubbles: true, composed: true });
    setTimeout(() => to.dispatchEvent(enter));
  }
  return true;
}

// The quick box's list scrolls when the results are taller than the screen: keep the result
// the arrow keys made active in view (a few lines here cost less than a hook in the wasm).
function followActive(root) {
  new MutationObserver((changes) => {
    const id = changes.at(-1).target.getAttribute("aria-activedescendant");
    if (id) root.getElementById(id)?.scrollIntoView({ block: "nearest" });
  }).observe(root, { subtree: true, attributeFilter: ["aria-activedescendant"] });
}

// Shown, as plain text, when the WebAssembly module itself cannot be loaded.
function showFailure(element, root, error) {
  console.error("sift: cannot start the search widget:", error);
  const box = make("div", "sift");
  const message = make("p", "sift-error", box);
  message.setAttribute("role", "alert");
  message.textContent = text(element).unavailable;
  root.replaceChildren(box);
}

class SiftSearch extends HTMLElement {
  static observedAttributes = [
    "index", "mode", "lang", "search-page", "facet", "value", "limit", "more", "param-prefix",
  ];

  connectedCallback() {
    if (!this.shadowRoot) {
      this.attachShadow({ mode: "open" }).adoptedStyleSheets = [styles()];
    }
    if (this.mounted || this.starting) return;
    if (!isQuick(this) || widget) {
      this.start();
      return;
    }
    this.shadowRoot.replaceChildren(quickBox(this));
    this.intent = () => this.start();
    for (const type of INTENT) this.addEventListener(type, this.intent, { passive: true });
  }

  start() {
    if (this.intent) {
      for (const type of INTENT) this.removeEventListener(type, this.intent);
      this.intent = null;
    }
    if (this.starting) return;
    const root = this.shadowRoot;
    this.starting = load().then(
      ({ mount }) => {
        this.starting = null;
        if (!this.isConnected || this.mounted) return;
        // The early quick box, if this element drew one.
        const early = root.querySelector(".sift-input") && root.firstElementChild;
        try {
          if (!early) root.replaceChildren();
          this.mounted = mount(this, root, HERE);
          if (isQuick(this)) followActive(root);
        } catch (error) {
          showFailure(this, root, error);
          return;
        }
        // Yew renders in a microtask: the early box stays until the widget's input exists.
        if (early && early !== root.lastElementChild && !handOver(early, root)) {
          const watch = new MutationObserver(() => handOver(early, root) && watch.disconnect());
          watch.observe(root, { childList: true, subtree: true });
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

const CSS = `
/*
 * Sift widget styles, adopted by each element's shadow root (a constructed stylesheet, so
 * no inline <style> and nothing for a strict style-src to block). The host page's CSS
 * cannot reach in, and nothing here leaks out.
 *
 * Theme it from the host page with these custom properties on 'sift-search':
 *   --sift-accent      links, focus rings, active result   (default #0b57a4; dark #8ab4f8)
 *   --sift-font        font family                          (default system-ui stack)
 *   --sift-text        text colour                          (default #1c1e21; dark #e3e5e8)
 *   --sift-background  background of boxes and drop-down   (default #fff; dark #1b1d21)
 *   --sift-mark        background of matched words         (default #ffe98a; dark #6b5200)
 *   --sift-radius      corner radius                       (default 6px)
 * e.g. 'sift-search { --sift-accent: #8a1c2b; --sift-radius: 0; }'. Muted text, lines and
 * tints are mixed from the text, accent and background, so they follow a theme; a host
 * that sets colours keeps text, accent and marks at 4.5:1 or more against the background.
 * Dark colours apply where the page supports a dark scheme ('color-scheme: light dark')
 * and the reader prefers it.
 */

:host {
  all: initial;
  display: block;
  color-scheme: inherit;
}

:host([hidden]) {
  display: none;
}

/* The host page's inherited properties (even its '* { ... !important }' rules, which do
   reach the host element) stop here: every property starts from its initial value. */
.sift {
  all: initial;
  display: block;
  color-scheme: inherit;
  --accent: var(--sift-accent, light-dark(#0b57a4, #8ab4f8));
  --text: var(--sift-text, light-dark(#1c1e21, #e3e5e8));
  --bg: var(--sift-background, light-dark(#fff, #1b1d21));
  --mark: var(--sift-mark, light-dark(#ffe98a, #6b5200));
  --radius: var(--sift-radius, 6px);
  --muted: color-mix(in srgb, var(--text) 72%, var(--bg));
  --line: color-mix(in srgb, var(--text) 28%, var(--bg));
  --soft: color-mix(in srgb, var(--accent) 9%, var(--bg));
  position: relative;
  box-sizing: border-box;
  font-family: var(--sift-font, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif);
  font-size: 15px;
  line-height: 1.45;
  color: var(--text);
  text-align: start;
  overflow-wrap: break-word;
}

.sift *, .sift *::before, .sift *::after {
  box-sizing: inherit;
}

.sift [hidden] {
  display: none !important;
}

.sift a {
  color: var(--accent);
  text-decoration: none;
}

.sift a:hover {
  text-decoration: underline;
}

.sift mark {
  background: var(--mark);
  color: var(--text);
  border-radius: 2px;
  padding: 0 1px;
}

.sift input, .sift select, .sift button {
  font: inherit;
  color: var(--text);
  background: var(--bg);
  margin: 0;
}

.sift ::placeholder {
  color: var(--muted);
  opacity: 1;
}

/* Touch targets are at least 44 px high. */
.sift input[type="search"], .sift input[type="text"], .sift input[type="date"], .sift select {
  width: 100%;
  min-width: 0;
  min-height: 44px;
  border: 1px solid var(--line);
  border-radius: var(--radius);
  padding: 0.45em 0.65em;
}

.sift :focus-visible {
  outline: 2px solid var(--accent);
  outline-offset: 1px;
}

.sift button {
  min-height: 44px;
  border: 1px solid var(--line);
  border-radius: var(--radius);
  padding: 0.4em 0.9em;
  cursor: pointer;
}

.sift button:hover:not(:disabled) {
  border-color: var(--accent);
  color: var(--accent);
}

.sift button:disabled {
  opacity: 0.45;
  cursor: default;
}

.sift-error {
  margin: 0.5em 0;
  padding: 0.55em 0.8em;
  border: 1px solid light-dark(#d9a3a3, #8c3b36);
  border-inline-start: 4px solid light-dark(#b3261e, #f2b8b5);
  border-radius: var(--radius);
  background: light-dark(#fdf1f0, #3b1614);
  color: light-dark(#5c1410, #ffdad6);
  font-size: 0.93em;
}

/* One result: shared by the quick drop-down and the result list. */

.sift-title {
  font-weight: 600;
}

.sift-meta {
  display: flex;
  flex-wrap: wrap;
  gap: 0.2em 0.8em;
  color: var(--muted);
  font-size: 0.85em;
  margin-top: 0.1em;
}

.sift-meta:empty {
  display: none;
}

.sift-type, .sift-site {
  text-transform: lowercase;
}

.sift-site::before {
  content: "◆ ";
  color: var(--accent);
}

.sift-snippet {
  margin: 0.25em 0 0;
  font-size: 0.92em;
  overflow-wrap: anywhere;
}

.sift-tags {
  display: flex;
  flex-wrap: wrap;
  gap: 0.3em;
  list-style: none;
  margin: 0.4em 0 0;
  padding: 0;
}

.sift-tag {
  font-size: 0.8em;
  padding: 0.05em 0.55em;
  border-radius: 999px;
  background: var(--soft);
  color: var(--muted);
}

/* Quick search. The drop-down starts under the box, as wide as the box and at least 34em
   where the screen allows. Where anchor positioning exists it is placed against the
   viewport: it aligns with the box's right edge instead when it would run off the right,
   spans the screen under the box on narrow screens, and no ancestor of the host can clip
   it; the page never scrolls sideways because of it. */

.sift-quick {
  position: relative;
}

.sift-panel, .sift-quick > .sift-error {
  position: absolute;
  z-index: 1000;
  top: calc(100% + 4px);
  left: 0;
  width: max(100%, min(34em, 92vw));
}

/* The list of results is what scrolls (the combobox's popup, which the arrow keys move
   through), not the panel around it. */
.sift-panel {
  display: flex;
  flex-direction: column;
  max-height: min(70vh, 40em);
  overflow: hidden;
  background: var(--bg);
  border: 1px solid var(--line);
  border-radius: var(--radius);
  box-shadow: 0 10px 28px rgb(0 0 0 / 0.16);
}

@media (max-width: 600px) {
  .sift-panel, .sift-quick > .sift-error {
    right: 0;
    width: auto;
    max-height: 65vh;
  }
}

@supports (position-anchor: --sift-box) {
  .sift-input {
    anchor-name: --sift-box;
  }

  .sift-panel, .sift-quick > .sift-error {
    position: fixed;
    position-anchor: --sift-box;
    top: anchor(bottom);
    left: anchor(left);
    margin-top: 4px;
    width: max(anchor-size(width), min(34em, calc(100vw - 16px)));
    position-try-fallbacks: flip-inline;
  }

  @media (max-width: 600px) {
    .sift-panel, .sift-quick > .sift-error {
      left: 8px;
      right: 8px;
      width: auto;
      position-try-fallbacks: none;
    }
  }
}

.sift-listbox {
  flex: 0 1 auto;
  min-height: 0;
  overflow-y: auto;
  overscroll-behavior: contain;
  list-style: none;
  margin: 0;
  padding: 0.25em 0;
}

.sift-option {
  padding: 0.55em 0.85em;
  border-inline-start: 3px solid transparent;
  cursor: pointer;
}

.sift-option + .sift-option {
  border-top: 1px solid var(--line);
}

.sift-option.sift-active, .sift-option:hover {
  background: var(--soft);
  border-inline-start-color: var(--accent);
}

.sift-option[data-href] .sift-title {
  color: var(--accent);
}

.sift-quick .sift-status {
  padding: 0.4em 0.85em;
  font-size: 0.85em;
  color: var(--muted);
  border-top: 1px solid var(--line);
}

.sift-quick .sift-listbox[hidden] + .sift-status {
  border-top: 0;
}

.sift-panel .sift-error {
  margin: 0.5em 0.6em;
}

/* Advanced search and All news. */

.sift-search {
  display: grid;
  grid-template-columns: minmax(15em, 19em) minmax(0, 1fr);
  gap: 2em;
  align-items: start;
}

@media (max-width: 760px) {
  .sift-search {
    grid-template-columns: minmax(0, 1fr);
  }
}

.sift-advanced, .sift-facets {
  display: flex;
  flex-direction: column;
  gap: 1em;
  min-width: 0;
}

.sift-advanced fieldset {
  margin: 0;
  padding: 0;
  border: 0;
  min-width: 0;
}

.sift-advanced legend {
  padding: 0;
  margin-bottom: 0.4em;
  font-weight: 700;
  font-size: 0.8em;
  letter-spacing: 0.06em;
  text-transform: uppercase;
  color: var(--muted);
}

.sift-field, .sift-sort, .sift-dates label {
  display: block;
  margin-bottom: 0.55em;
  min-width: 0;
}

.sift-field > span, .sift-sort > span, .sift-dates label > span {
  display: block;
  font-size: 0.87em;
  margin-bottom: 0.15em;
}

.sift-dates {
  display: grid;
  grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
  column-gap: 0.6em;
}

.sift-dates legend {
  grid-column: 1 / -1;
}

.sift-check, .sift-facet-value {
  display: flex;
  align-items: center;
  gap: 0.5em;
  cursor: pointer;
}

.sift-check input, .sift-facet-value input {
  accent-color: var(--accent);
  width: 1.1em;
  height: 1.1em;
  flex: none;
}

.sift-facet-values {
  max-height: 13.5em;
  overflow-y: auto;
  border: 1px solid var(--line);
  border-radius: var(--radius);
  padding: 0.3em 0.55em;
}

.sift-facet-value {
  padding: 0.12em 0;
  font-size: 0.93em;
}

@media (max-width: 600px), (pointer: coarse) {
  .sift-check, .sift-facet-value {
    min-height: 44px;
  }

  .sift-facet-values {
    max-height: 18em;
  }
}

.sift-value {
  flex: 1;
  overflow-wrap: anywhere;
}

.sift-count {
  color: var(--muted);
  font-size: 0.87em;
  font-variant-numeric: tabular-nums;
}

.sift-empty .sift-value {
  color: var(--muted);
}

.sift-reset {
  align-self: flex-start;
}

.sift-total {
  margin: 0 0 0.75em;
  font-weight: 600;
}

.sift-results {
  list-style: none;
  margin: 0;
  padding: 0;
}

.sift-result {
  padding: 0.9em 0;
  border-top: 1px solid var(--line);
}

.sift-result .sift-title {
  font-size: 1.08em;
}

.sift-pager {
  display: flex;
  flex-wrap: wrap;
  align-items: center;
  justify-content: space-between;
  gap: 0.6em 1em;
  padding-top: 1em;
  border-top: 1px solid var(--line);
}

.sift-page {
  color: var(--muted);
  font-size: 0.9em;
}

/* Latest news. */

.sift-heading {
  display: block;
  font-size: 1.1em;
  font-weight: 700;
  margin: 0 0 0.6em;
}

.sift-latest {
  list-style: none;
  margin: 0 0 0.8em;
  padding: 0;
}

.sift-latest li {
  padding: 0.5em 0;
  border-bottom: 1px solid var(--line);
}

.sift-latest .sift-link {
  display: block;
  font-weight: 600;
}

.sift-latest time {
  color: var(--muted);
  font-size: 0.85em;
}

.sift-more {
  display: inline-block;
  padding: 0.6em 0;
  font-weight: 600;
}

.sift-more::after {
  content: " →";
}

/* Motion only for readers who have not asked for less. */
@media (prefers-reduced-motion: no-preference) {
  .sift-option, .sift button {
    transition: background-color 0.12s, border-color 0.12s, color 0.12s;
  }
}
`;

if (!customElements.get("sift-search")) {
  customElements.define("sift-search", SiftSearch);
}
