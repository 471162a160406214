//! The two engines as the browser sees them: the pages the harness adds to the site, the
//! selectors of each UI, and the JavaScript that runs one search through each engine's API.
//!
//! Sift's side is an adapter over the widget's public surface: `<sift-search>` with its
//! combobox input and `[role=option]` results for the UI, and for the API the harness's own
//! ES module, [`SIFT_BENCH_JS`], which imports the built `sift-widget.js` and calls its exported
//! `searchSummary` (nothing depends on a page global). It is the one place to change if that
//! surface changes.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

/// Where each engine lives in the served site.
pub(crate) const SIFT_INDEX_DIR: &str = "sift-index";
/// Where the Sift widget's built files are copied in the served site.
pub(crate) const SIFT_WIDGET_DIR: &str = "sift";
/// Where the benchmark's own pages go; they are excluded from byte counts.
pub(crate) const BENCH_DIR: &str = "bench";

/// How the harness drives one engine in the browser.
#[derive(Debug)]
pub(crate) struct Engine {
    pub(crate) name: &'static str,
    /// The page with the engine's default UI, for cold first-result runs and the page view.
    pub(crate) ui_page: &'static str,
    /// A page on which the engine's JS API can be loaded, for warm runs and the evaluation.
    pub(crate) api_page: &'static str,
    /// The search input (searched through open shadow roots as well).
    pub(crate) input: &'static str,
    /// A result on screen, with its title and link filled in.
    pub(crate) result: &'static str,
    /// A JS expression over `deep(selector)` that is true once the UI says "no results".
    pub(crate) empty: &'static str,
    /// JS run before each search body: loads the engine's API once.
    pub(crate) setup: &'static str,
    /// The body of an async function `(query) => number of results`: one search plus the
    /// data of its top 10 results.
    pub(crate) search: &'static str,
    /// The body of an async function `(query) => [url]`: the top 10 results' URLs, best first.
    pub(crate) top: &'static str,
}

/// Pagefind's default UI (`PagefindUI`) and its JS API (`pagefind.js`).
pub(crate) const PAGEFIND: Engine = Engine {
    name: "Pagefind",
    ui_page: "/bench/pagefind-ui.html",
    api_page: "/bench/pagefind-api.html",
    input: ".pagefind-ui__search-input",
    // The loading placeholder has a title but no link; the link appears with the data.
    result: ".pagefind-ui__result-link",
    empty: "(deep('.pagefind-ui__message')?.textContent || '').startsWith('No results')",
    setup: r#"
        if (!window.__pagefind) {
            const pagefind = await import('/pagefind/pagefind.js');
            await pagefind.init();
            window.__pagefind = pagefind;
        }
    "#,
    search: r#"
        const found = await window.__pagefind.search(query);
        await Promise.all(found.results.slice(0, 10).map((result) => result.data()));
        return found.results.length;
    "#,
    top: r#"
        const found = await window.__pagefind.search(query);
        const data = await Promise.all(found.results.slice(0, 10).map((result) => result.data()));
        return data.map((page) => page.url);
    "#,
};

/// Sift's widget: `www/sift.js` (the `<sift-search>` element in quick mode) for the UI, and
/// the harness's module [`SIFT_BENCH_JS`] for the API. `searchSummary` runs the quick box's
/// plan (both rounds, exact then typos) and loads the top 10 results' data, resolving to
/// `{ total, urls }`.
///
/// TODO(lead): keep in step with the widget: `crates/sift-widget/src/components/quick.rs`
/// (input, `[role=option]`, the `.sift-status` text) and `embed.rs` (`searchSummary`).
pub(crate) const SIFT: Engine = Engine {
    name: "Sift",
    ui_page: "/bench/sift-ui.html",
    api_page: "/bench/sift-api.html",
    input: "input[role=combobox]",
    result: "[role=option]",
    empty: "(deep('.sift-status')?.textContent || '').startsWith('No results')",
    setup: r#"
        if (!window.__sift) {
            window.__sift = await import('/bench/sift-bench.js');
        }
    "#,
    search: r#"
        const summary = await window.__sift.search(query, '/sift-index/');
        return summary.total;
    "#,
    top: r#"
        const summary = await window.__sift.search(query, '/sift-index/');
        return Array.from(summary.urls);
    "#,
};

/// The harness's own entry point to the Sift widget, served as `/bench/sift-bench.js`: it
/// starts the widget's wasm and exposes one quick search, without the page's `sift.js`.
pub(crate) const SIFT_BENCH_JS: &str = r#"// sift-bench's entry point to the widget: one quick search through the widget's exported
// searchSummary, loaded only on the harness's own pages.
import init, { searchSummary } from "/sift/sift-widget.js";

const ready = init({ module_or_path: new URL("/sift/sift-widget_bg.wasm", import.meta.url) });

export async function search(query, index) {
  await ready;
  return searchSummary(String(query), index);
}
"#;

/// Writes the benchmark pages (in the corpus's language `lang`, which picks Pagefind's index)
/// and the harness's Sift module into `site/bench/`, and copies Sift's widget (if built) into
/// `site/sift/`. Returns whether the Sift widget is there.
pub(crate) fn write_pages(site: &Path, lang: &str, sift_widget: Option<&Path>) -> Result<bool> {
    let bench = site.join(BENCH_DIR);
    std::fs::create_dir_all(&bench)?;
    let page = |title: &str, head: &str, body: &str| {
        format!(
            "<!doctype html>\n<html lang=\"{lang}\">\n<head><meta charset=\"utf-8\">\
             <title>{title}</title>\n{head}</head>\n<body>\n{body}\n</body></html>\n"
        )
    };
    let pages = [
        (
            "pagefind-ui.html",
            page(
                "Pagefind UI",
                "<link href=\"/pagefind/pagefind-ui.css\" rel=\"stylesheet\">\n\
                 <script src=\"/pagefind/pagefind-ui.js\"></script>\n",
                "<div id=\"search\"></div>\n<script>\n\
                 window.addEventListener('DOMContentLoaded', () => {\n  \
                 new PagefindUI({ element: '#search', showSubResults: false, showImages: false });\n});\n</script>",
            ),
        ),
        ("pagefind-api.html", page("Pagefind API", "", "<p>Pagefind API</p>")),
        (
            "sift-ui.html",
            page(
                "Sift UI",
                "<script type=\"module\" src=\"/sift/sift.js\"></script>\n",
                "<sift-search index=\"/sift-index/\" mode=\"quick\"></sift-search>",
            ),
        ),
        ("sift-api.html", page("Sift API", "", "<p>Sift API</p>")),
        ("sift-bench.js", SIFT_BENCH_JS.to_owned()),
    ];
    for (name, text) in pages {
        std::fs::write(bench.join(name), text)?;
    }
    let Some(widget) = sift_widget else { return Ok(false) };
    copy_widget(widget, &site.join(SIFT_WIDGET_DIR))
        .with_context(|| format!("cannot copy the Sift widget from {}", widget.display()))?;
    Ok(true)
}

/// The built widget: the given directory, else Trunk's output (`target/site`, see Trunk.toml)
/// if it holds `sift.js` and the widget's wasm.
pub(crate) fn find_sift_widget(repo: &Path, given: Option<&Path>) -> Option<PathBuf> {
    if let Some(dir) = given {
        return Some(dir.to_owned());
    }
    let dir = repo.join("target/site");
    (dir.join("sift.js").is_file() && dir.join("sift-widget_bg.wasm").is_file()).then_some(dir)
}

/// The widget's code files as the browser loads them: every `.js`, `.wasm` and `.css` under
/// the copied widget directory, as site paths.
pub(crate) fn sift_code_paths(site: &Path) -> Result<Vec<String>> {
    let mut paths = Vec::new();
    collect(&site.join(SIFT_WIDGET_DIR), &format!("/{SIFT_WIDGET_DIR}"), &mut paths)?;
    paths.retain(|path| [".js", ".mjs", ".wasm", ".css"].iter().any(|ext| path.ends_with(ext)));
    paths.sort();
    Ok(paths)
}

/// Pagefind's default UI code: UI script and style, the API, its worker and the wasm.
pub(crate) fn pagefind_code_paths(site: &Path, lang: &str) -> Vec<String> {
    let mut paths: Vec<String> =
        ["pagefind-ui.js", "pagefind-ui.css", "pagefind.js", "pagefind-worker.js"]
            .iter()
            .filter(|name| site.join("pagefind").join(name).is_file())
            .map(|name| format!("/pagefind/{name}"))
            .collect();
    let wasm = [format!("wasm.{lang}.pagefind"), "wasm.unknown.pagefind".to_owned()]
        .into_iter()
        .find(|name| site.join("pagefind").join(name).is_file());
    paths.extend(wasm.map(|name| format!("/pagefind/{name}")));
    paths
}

fn collect(dir: &Path, prefix: &str, out: &mut Vec<String>) -> Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.file_type()?.is_dir() {
            collect(&entry.path(), &format!("{prefix}/{name}"), out)?;
        } else {
            out.push(format!("{prefix}/{name}"));
        }
    }
    Ok(())
}

/// Copies the widget's own files (`sift.js` and `sift-widget*`), not the demo site around it.
fn copy_widget(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to)?;
    let mut copied = 0;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.file_type()?.is_file() && (name == "sift.js" || name.starts_with("sift-widget")) {
            std::fs::copy(entry.path(), to.join(&name))?;
            copied += 1;
        }
    }
    if copied < 2 {
        anyhow::bail!("expected sift.js and the sift-widget files in {}", from.display());
    }
    Ok(())
}
