//! Sift added to sites that real generators build, as the README tells a site owner to: Hugo
//! (Debian's `hugo`) and Eleventy (npm's `@11ty/eleventy`) build a dozen English and Russian
//! articles with tags and dates that the test writes; `index-builder build <output>/`, with
//! the index-builder that npm installs from the packages of `cargo xtask release` (run with
//! no cargo or rustc on `PATH`), adds the bundle; the layout carries
//! the two lines. In Chromium: quick search in both languages, a tag facet and a date range.
//! And a site tagged for Pagefind is indexed unchanged, giving the facets Pagefind gives.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use serde_json::{json, Value};

use super::advanced::toggle;
use super::harness::{self, cargo, fixtures, mkdir, repo_root, run_logged, target_dir};
use super::quick::INPUT;
use super::session::{run, wait_for, Advanced, Browser};

/// The two lines the README tells a site owner to add to the layout.
const TWO_LINES: &str =
    "<script type=\"module\" src=\"/sift/sift.js\"></script>\n<sift-search></sift-search>";

/// An article the tests write into each site.
struct Article {
    slug: &'static str,
    lang: &'static str,
    title: &'static str,
    date: &'static str,
    tags: &'static [&'static str],
    body: &'static str,
}

impl Article {
    /// Its path on the site: Russian articles under `/ru/`, as a multilingual site has them.
    fn path(&self) -> String {
        match self.lang {
            "en" => format!("/news/{}", self.slug),
            lang => format!("/{lang}/news/{}", self.slug),
        }
    }
}

const ARTICLES: &[Article] = &[
    Article { slug: "glacier-retreat", lang: "en", title: "Glacier retreat speeds up in the Alps", date: "2023-03-14", tags: &["climate", "science"], body: "Surveyors measured the glacier above the valley and found it thinner than any year before." },
    Article { slug: "wheat-harvest", lang: "en", title: "Wheat harvest beats the forecasts", date: "2023-06-02", tags: &["economy", "farming"], body: "Farmers in the south brought in more grain than the ministry expected." },
    Article { slug: "tram-vote", lang: "en", title: "City council votes on a new tram line", date: "2023-09-21", tags: &["politics", "transport"], body: "The council approved the tram route after a long debate about costs." },
    Article { slug: "river-cleanup", lang: "en", title: "Volunteers clean the river banks", date: "2024-01-10", tags: &["climate", "community"], body: "Hundreds of volunteers collected plastic along the river on Saturday." },
    Article { slug: "press-ruling", lang: "en", title: "Court rules on a press freedom case", date: "2024-04-05", tags: &["politics", "rights"], body: "Judges sided with the reporters, who had refused to name their sources." },
    Article { slug: "glacier-museum", lang: "en", title: "A museum of glacier ice opens", date: "2024-08-30", tags: &["science", "culture"], body: "Visitors walk through a tunnel cut into old blue ice." },
    Article { slug: "lednik", lang: "ru", title: "Ледник в горах тает быстрее", date: "2023-04-11", tags: &["climate", "science"], body: "Учёные измерили толщину льда и сравнили её с прошлыми годами." },
    Article { slug: "urozhai", lang: "ru", title: "Урожай пшеницы превзошёл прогнозы", date: "2023-07-19", tags: &["economy", "farming"], body: "Фермеры собрали больше зерна, чем ожидало министерство." },
    Article { slug: "vybory", lang: "ru", title: "Выборы в городской совет", date: "2023-10-08", tags: &["politics"], body: "Горожане выбирали депутатов по новым правилам." },
    Article { slug: "reka", lang: "ru", title: "Волонтёры очистили берег реки", date: "2024-02-17", tags: &["climate", "community"], body: "Сотни волонтёров собрали пластик вдоль реки в субботу." },
    Article { slug: "sud", lang: "ru", title: "Суд вынес решение по делу о свободе прессы", date: "2024-05-23", tags: &["politics", "rights"], body: "Судьи поддержали журналистов, которые не назвали свои источники." },
    Article { slug: "muzei", lang: "ru", title: "Открылся музей ледникового льда", date: "2024-09-12", tags: &["science", "culture"], body: "Посетители проходят по тоннелю, вырезанному в старом голубом льду." },
];

/// The paths of the articles `keep` accepts.
fn paths_where(keep: impl Fn(&Article) -> bool) -> BTreeSet<String> {
    ARTICLES.iter().filter(|a| keep(a)).map(Article::path).collect()
}

/// Writes `text` to `dir/rel`, creating directories.
fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    if let Some(parent) = path.parent() {
        if let Err(e) = mkdir(parent) {
            panic!("{e}");
        }
    }
    if let Err(e) = std::fs::write(&path, text) {
        panic!("cannot write {}: {e}", path.display());
    }
}

/// A clean directory for one site under `<target>/generator-tests/`.
fn site_dir(name: &str) -> PathBuf {
    let dir = target_dir(&repo_root()).join("generator-tests").join(name);
    if dir.exists() {
        if let Err(e) = std::fs::remove_dir_all(&dir) {
            panic!("cannot clear {}: {e}", dir.display());
        }
    }
    if let Err(e) = mkdir(&dir) {
        panic!("{e}");
    }
    dir
}

/// Runs `command` (logged to `log`), failing the test with the log's end if it fails.
fn run_step(command: &mut Command, log: &Path) {
    if let Err(e) = run_logged(command, log) {
        panic!("{e}");
    }
}

/// `index-builder` as a site installs it: the npm tarballs that `cargo xtask release` packs
/// (the static binary with the widget inside, and its launcher), installed with `npm install`
/// into an empty directory, `<target>/generator-tests/npm`. `cargo xtask test` packs them in a
/// step of its own and names their directory in `SIFT_RELEASE_NPM`; otherwise the first test
/// runs `cargo xtask release`. `SIFT_INDEX_BUILDER` names a binary to run instead.
fn index_builder() -> &'static Path {
    static INSTALLED: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    // The browser tests' own site is built first: one Trunk build at a time.
    harness::env();
    let installed = INSTALLED.get_or_init(|| {
        if let Some(given) = std::env::var_os("SIFT_INDEX_BUILDER").filter(|v| !v.is_empty()) {
            let given = PathBuf::from(given);
            if !given.is_file() {
                return Err(format!("SIFT_INDEX_BUILDER names {}: no such file", given.display()));
            }
            return Ok(given);
        }
        let work = target_dir(&repo_root()).join("generator-tests");
        mkdir(&work)?;
        let packed = match std::env::var_os(xtask::ci::RELEASE_NPM_VAR).filter(|v| !v.is_empty()) {
            Some(dir) => PathBuf::from(dir),
            None => {
                run_logged(
                    Command::new(cargo()).args(["xtask", "release"]).current_dir(repo_root()),
                    &work.join("release.log"),
                )?;
                xtask::release::default_out()
            }
        };
        let mut tarballs: Vec<PathBuf> = std::fs::read_dir(&packed)
            .map_err(|e| format!("cannot list {}: {e}", packed.display()))?
            .flatten()
            .map(|entry| entry.path())
            .filter(|path| path.extension().is_some_and(|x| x == "tgz"))
            .collect();
        tarballs.sort();
        xtask::release::npm::install(&tarballs, &work.join("npm")).map_err(|e| format!("{e:#}"))
    });
    match installed {
        Ok(path) => path,
        Err(e) => panic!("index-builder from the npm packages: {e}"),
    }
}

/// Runs the one command on the generator's output directory, and checks what it says.
fn add_search(site: &Path, output: &str) {
    let log = site.join("index-builder.log");
    // As a site's CI with Node and no Rust runs it.
    let mut command = xtask::release::npm::without_rust(Command::new(index_builder()));
    run_step(command.arg("build").arg(output).current_dir(site), &log);
    let said = std::fs::read_to_string(&log).unwrap_or_default();
    assert!(said.contains(&format!("indexed {} documents", ARTICLES.len())), "{said}");
    assert!(said.contains(TWO_LINES.lines().next().unwrap_or_default()), "{said}");
    let bundle = site.join(output).join("sift");
    for file in ["sift.js", "entry.sift", "sift-files.txt"] {
        assert!(bundle.join(file).is_file(), "{} has no {file}", bundle.display());
    }
}

/// Serves `dir` on loopback.
fn serve(dir: &Path) -> devserver::Server {
    devserver::Server::start(devserver::Config { root: dir.to_path_buf(), ..Default::default() })
        .unwrap_or_else(|e| panic!("cannot serve {}: {e}", dir.display()))
}

/// Types `text` into the quick box and waits until its results are exactly `want`'s paths.
async fn quick_finds(b: &Browser, text: &str, want: &BTreeSet<String>) {
    b.clear(INPUT).await;
    b.type_into(INPUT, text).await;
    wait_for!(format!("the results for {text:?} to be {want:?}"), b.quick().await, |q| {
        q.paths().into_iter().collect::<BTreeSet<_>>() == *want && q.alert.is_none()
    });
}

/// Waits until All news lists the articles `keep` accepts: their number as the total, and
/// the first page newest first.
async fn news_shows(b: &Browser, keep: impl Fn(&Article) -> bool, what: &str) -> Advanced {
    let mut articles: Vec<&Article> = ARTICLES.iter().filter(|a| keep(a)).collect();
    articles.sort_by(|x, y| y.date.cmp(x.date));
    let want: Vec<String> = articles.iter().map(|a| a.path()).collect();
    wait_for!(format!("{what}: {want:?}"), b.advanced().await, |a| {
        let shown = a.paths();
        a.total_is(want.len())
            && !shown.is_empty()
            && shown.len() >= want.len().min(5)
            && want.starts_with(&shown)
            && a.alert.is_none()
    })
}

/// What a reader does on a generated site: quick search in English and Russian on an
/// article page (the layout's two lines), then on the search page All news narrowed by a
/// tag and a date.
async fn search_the_site(mut b: Browser, server: &devserver::Server) -> Browser {
    b.open(&format!("{}/news/tram-vote/", server.url())).await;
    b.quick_ready().await;
    let glacier = paths_where(|a| a.slug.starts_with("glacier"));
    quick_finds(&b, "glacier", &glacier).await;
    let lednik = paths_where(|a| a.title.contains("едник"));
    assert_eq!(lednik.len(), 2, "the test content has two articles on glaciers in Russian");
    quick_finds(&b, "ледник", &lednik).await;

    b.use_widget("sift-search[mode=news]");
    b.open(&format!("{}/search/", server.url())).await;
    news_shows(&b, |_| true, "All news to list every article").await;
    toggle(&b, "tag", "climate").await;
    let climate = |a: &Article| a.tags.contains(&"climate");
    let form = news_shows(&b, climate, "the articles tagged climate").await;
    let tagged = ARTICLES.iter().filter(|a| climate(a)).count();
    assert_eq!(form.count("tag", "climate"), Some(tagged as u64), "{form:#?}");
    b.set_value("input[type=date][name=from]", "2024-01-01").await;
    let recent = |a: &Article| climate(a) && a.date >= "2024-01-01";
    assert_eq!(ARTICLES.iter().filter(|a| recent(a)).count(), 2);
    news_shows(&b, recent, "the articles tagged climate since 2024").await;
    b
}

#[test]
fn a_hugo_site_gets_search_from_one_command_and_two_lines() {
    let site = site_dir("hugo");
    write(
        &site,
        "config.toml",
        "baseURL = \"/\"\ntitle = \"Hugo news\"\ndefaultContentLanguage = \"en\"\n\
         disableKinds = [\"RSS\", \"sitemap\", \"taxonomy\", \"term\"]\n\
         [languages.en]\nweight = 1\n[languages.ru]\nweight = 2\n",
    );
    write(
        &site,
        "layouts/_default/baseof.html",
        &format!(
            "<!doctype html>\n<html lang=\"{{{{ .Language.Lang }}}}\">\n<head>\n<meta charset=\"utf-8\">\n\
             <title>{{{{ .Title }}}}</title>\n<script src=\"/hooks.js\"></script>\n</head>\n<body>\n\
             <header>\n{TWO_LINES}\n</header>\n<main>{{{{ block \"main\" . }}}}{{{{ end }}}}</main>\n</body>\n</html>\n"
        ),
    );
    write(
        &site,
        "layouts/_default/single.html",
        "{{ define \"main\" }}\n<article data-pagefind-body>\n<h1>{{ .Title }}</h1>\n\
         <time datetime=\"{{ .Date.Format \"2006-01-02\" }}\">{{ .Date.Format \"2 January 2006\" }}</time>\n\
         <ul>{{ range .Params.tags }}<li data-pagefind-filter=\"tag\">{{ . }}</li>{{ end }}</ul>\n\
         {{ .Content }}\n</article>\n{{ end }}\n",
    );
    write(
        &site,
        "layouts/_default/list.html",
        "{{ define \"main\" }}<ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n",
    );
    write(
        &site,
        "layouts/_default/search.html",
        "{{ define \"main\" }}<sift-search mode=\"news\"></sift-search>{{ end }}\n",
    );
    write(&site, "content/search.md", "---\ntitle: Search\nlayout: search\n---\n");
    for a in ARTICLES {
        write(
            &site,
            &format!("content/news/{}.{}.md", a.slug, a.lang),
            &format!(
                "---\ntitle: \"{}\"\ndate: {}\ntags: [{}]\n---\n\n{}\n",
                a.title,
                a.date,
                a.tags.join(", "),
                a.body
            ),
        );
    }
    copy_hooks(&site.join("static"));
    run_step(Command::new("hugo").arg("--quiet").current_dir(&site), &site.join("hugo.log"));
    add_search(&site, "public");

    let server = serve(&site.join("public"));
    run(move |b| async move { search_the_site(b, &server).await });
}

#[test]
fn an_eleventy_site_gets_search_from_one_command_and_two_lines() {
    let site = site_dir("eleventy");
    write(
        &site,
        "eleventy.config.cjs",
        "module.exports = function (config) {\n\
         \x20 config.addPassthroughCopy({ \"src/hooks.js\": \"hooks.js\" });\n\
         \x20 return { dir: { input: \"src\", output: \"_site\" } };\n};\n",
    );
    write(
        &site,
        "src/_includes/base.njk",
        &format!(
            "<!doctype html>\n<html lang=\"{{{{ lang or 'en' }}}}\">\n<head>\n<meta charset=\"utf-8\">\n\
             <title>{{{{ title }}}}</title>\n<script src=\"/hooks.js\"></script>\n</head>\n<body>\n\
             <header>\n{TWO_LINES}\n</header>\n<main>{{{{ content | safe }}}}</main>\n</body>\n</html>\n"
        ),
    );
    write(
        &site,
        "src/_includes/article.njk",
        "---\nlayout: base.njk\n---\n<article data-pagefind-body>\n<h1>{{ title }}</h1>\n\
         <time datetime=\"{{ page.date.toISOString().slice(0, 10) }}\">{{ page.date.toDateString() }}</time>\n\
         <ul>{% for tag in tags %}<li data-pagefind-filter=\"tag\">{{ tag }}</li>{% endfor %}</ul>\n\
         {{ content | safe }}\n</article>\n",
    );
    write(
        &site,
        "src/search.njk",
        "---\nlayout: base.njk\ntitle: Search\npermalink: /search/\n---\n<sift-search mode=\"news\"></sift-search>\n",
    );
    for a in ARTICLES {
        let dir = if a.lang == "en" { "news".to_owned() } else { format!("{}/news", a.lang) };
        write(
            &site,
            &format!("src/{dir}/{}.md", a.slug),
            &format!(
                "---\nlayout: article.njk\ntitle: \"{}\"\ndate: {}\nlang: {}\ntags: [{}]\n---\n\n{}\n",
                a.title,
                a.date,
                a.lang,
                a.tags.join(", "),
                a.body
            ),
        );
    }
    copy_hooks(&site.join("src"));
    let eleventy = xtask::setup::npm_bin().join("eleventy");
    run_step(Command::new(&eleventy).arg("--quiet").current_dir(&site), &site.join("eleventy.log"));
    add_search(&site, "_site");

    let server = serve(&site.join("_site"));
    run(move |b| async move { search_the_site(b, &server).await });
}

/// The browser tests' error hooks, as the layouts load them (`/hooks.js`).
fn copy_hooks(dir: &Path) {
    if let Err(e) = mkdir(dir) {
        panic!("{e}");
    }
    if let Err(e) = std::fs::copy(fixtures().join("hooks.js"), dir.join("hooks.js")) {
        panic!("cannot copy hooks.js: {e}");
    }
}

/// An article page tagged for Pagefind: content root, filters (an element's text, a fixed
/// value, an attribute), title and date from meta and sort keys, and ignored parts.
fn pagefind_page(a: &Article) -> String {
    let tags: String = a
        .tags
        .iter()
        .map(|t| format!("<li><a href=\"/tags/{t}/\" data-pagefind-filter=\"tag\">{t}</a></li>"))
        .collect();
    let lang = if a.lang == "ru" { "Russian" } else { "English" };
    format!(
        "<!doctype html>\n<html lang=\"{lang_tag}\">\n<head><meta charset=\"utf-8\"><title>{title} | News</title>\n\
         <script src=\"/hooks.js\"></script>\n{script}\n</head>\n<body>\n<header>{element}</header>\n\
         <nav data-pagefind-ignore=\"all\"><a href=\"/\">Home</a> <span data-pagefind-filter=\"tag\">navigation</span></nav>\n\
         <main data-pagefind-body>\n\
         <h1 data-pagefind-meta=\"title\">{title}</h1>\n\
         <p class=\"byline\" data-pagefind-ignore><span data-pagefind-sort=\"date:{date}\" \
         data-pagefind-meta=\"date:{date}\">{date}</span> <span data-pagefind-filter=\"language:{lang}\"></span> \
         <img src=\"/x.png\" alt=\"\" data-pagefind-filter=\"section[data-section]\" data-section=\"news\"></p>\n\
         <ul class=\"tags\" data-pagefind-ignore>{tags}</ul>\n\
         <p>{body}</p>\n\
         <aside data-pagefind-ignore>Related: zeppelinword</aside>\n\
         <div data-pagefind-ignore=\"all\"><span data-pagefind-filter=\"tag\">hidden</span></div>\n\
         </main>\n</body>\n</html>\n",
        lang_tag = a.lang,
        script = TWO_LINES.lines().next().unwrap_or_default(),
        element = TWO_LINES.lines().nth(1).unwrap_or_default(),
        title = a.title,
        date = a.date,
        body = a.body,
    )
}

/// Pagefind's facets for the whole site, as its own JavaScript API reports them in the page.
const PAGEFIND_FILTERS: &str = r#"
const done = arguments[arguments.length - 1];
import('/pagefind/pagefind.js')
  .then(async (pagefind) => {
    const filters = await pagefind.filters();
    const ignored = await pagefind.search('zeppelinword');
    done({ filters, ignored: ignored.results.length });
  })
  .catch((e) => done({ error: String(e) }));
"#;

#[test]
fn a_site_tagged_for_pagefind_gives_the_same_facets_unchanged() {
    let site = site_dir("pagefind");
    let public = site.join("public");
    for a in ARTICLES {
        write(
            &public,
            &format!("{}/index.html", a.path().trim_start_matches('/')),
            &pagefind_page(a),
        );
    }
    write(
        &public,
        "index.html",
        &format!(
            "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>News</title>\n\
             <script src=\"/hooks.js\"></script>\n{TWO_LINES}\n</head><body>\n\
             <sift-search mode=\"news\"></sift-search>\n</body></html>\n"
        ),
    );
    copy_hooks(&public);
    add_search(&site, "public");
    let pagefind = xtask::setup::npm_bin().join("pagefind");
    run_step(
        // One index for both languages, as Sift has: Pagefind would otherwise split the site
        // by language and count only the page's own.
        Command::new(&pagefind)
            .args(["--site", "public", "--force-language", "en"])
            .current_dir(&site),
        &site.join("pagefind.log"),
    );

    let server = serve(&public);
    run(move |mut b| async move {
        b.use_widget("sift-search[mode=news]");
        b.open(&format!("{}/", server.url())).await;
        let all = news_shows(&b, |_| true, "All news to list every article").await;
        let answer = b.client.execute_async(PAGEFIND_FILTERS, vec![]).await;
        let answer = answer.unwrap_or_else(|e| panic!("Pagefind's API failed: {e}"));
        assert!(answer.get("error").is_none(), "Pagefind's API failed: {answer}");
        let pagefind = facet_counts(&answer["filters"]);
        let sift: BTreeMap<String, BTreeMap<String, u64>> = all
            .facets
            .iter()
            .map(|f| {
                let values = f.values.iter().map(|v| (v.value.clone(), v.number().unwrap_or(0)));
                (f.name.clone().unwrap_or_default(), values.collect())
            })
            .collect();
        assert_eq!(sift, pagefind, "Sift's facets (left) are not Pagefind's (right)");
        assert!(sift.contains_key("language") && sift.contains_key("section"), "{sift:?}");
        // Pagefind reads filters outside the content root whatever their ignore attributes
        // say (the navigation's), and hides those inside it under `ignore="all"`.
        assert_eq!(sift["tag"].get("navigation"), Some(&(ARTICLES.len() as u64)), "{sift:?}");
        assert!(!sift["tag"].contains_key("hidden"), "{sift:?}");
        assert_eq!(answer["ignored"], json!(0), "Pagefind finds the ignored word");

        // Titles from data-pagefind-meta, dates from data-pagefind-sort; ignored text is
        // not searched.
        b.use_widget("sift-search:not([mode])");
        b.quick_ready().await;
        quick_finds(&b, "glacier", &paths_where(|a| a.slug.starts_with("glacier"))).await;
        let quick = b.quick().await;
        for shown in &quick.options {
            let article = ARTICLES.iter().find(|a| a.path() == shown.path());
            let article = article.unwrap_or_else(|| panic!("{shown:?} is no article"));
            assert_eq!(shown.title.as_deref(), Some(article.title));
            assert_eq!(shown.date.as_deref(), Some(article.date));
        }
        b.clear(INPUT).await;
        b.type_into(INPUT, "zeppelinword").await;
        wait_for!("no results for an ignored word", b.quick().await, |q| {
            q.options.is_empty() && q.status.as_deref() == Some("No results")
        });
        b
    });
}

/// Pagefind's `filters()` answer as facet → value → count, leaving out values it counts 0.
fn facet_counts(filters: &Value) -> BTreeMap<String, BTreeMap<String, u64>> {
    let Some(filters) = filters.as_object() else { panic!("Pagefind's filters: {filters}") };
    filters
        .iter()
        .map(|(name, values)| {
            let values = values.as_object().into_iter().flatten();
            let counts = values
                .map(|(value, count)| (value.clone(), count.as_u64().unwrap_or(0)))
                .filter(|(_, count)| *count > 0);
            (name.clone(), counts.collect())
        })
        .collect()
}
