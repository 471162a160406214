//! The server as its users see it over HTTP: types, gzip, byte counts, headers and failures.

use std::io::Read;
use std::path::Path;

use devserver::{Config, Failure, Server};

/// A site with one file of every kind the demo, the tests and the benchmarks serve.
fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let page = format!("<!doctype html><title>t</title><p>{}</p>", "Helsinki news. ".repeat(200));
    let script = "export function search(q) { return q; }\n".repeat(100);
    let style = ".a { color: red; }\n".repeat(100);
    let files: &[(&str, &[u8])] = &[
        ("index.html", page.as_bytes()),
        ("news/x/index.html", page.as_bytes()),
        ("app.js", script.as_bytes()),
        ("widget.mjs", b"export default 1;\n"),
        ("style.css", style.as_bytes()),
        ("data.json", b"{\"a\": [1, 2, 3]}"),
        ("widget_bg.wasm", &[0, 97, 115, 109, 1, 0, 0, 0]),
        ("idx/entry.sift", b"SIFTentry"),
        ("idx/t-0a1b2c3d.sift", &[7; 300]),
        ("pagefind/pagefind.en_1a2b3c.pf_meta", &[31, 139, 8, 0, 1, 2, 3, 4]),
        ("pagefind/wasm.en.pagefind", &[31, 139, 8, 0, 5, 6, 7, 8]),
    ];
    for (name, bytes) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    dir
}

fn serve(root: &Path, configure: impl FnOnce(&mut Config)) -> Server {
    let mut config = Config { root: root.to_owned(), ..Config::default() };
    configure(&mut config);
    Server::start(config).unwrap()
}

/// A client that shows the body exactly as sent: no automatic decompression, no redirects.
fn agent() -> ureq::Agent {
    ureq::Agent::config_builder().http_status_as_error(false).max_redirects(0).build().into()
}

struct Got {
    status: u16,
    headers: http::HeaderMap,
    body: Vec<u8>,
}

impl Got {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(|value| value.to_str().unwrap())
    }
}

fn get(server: &Server, path: &str, gzip: bool) -> Got {
    let mut request = agent().get(format!("{}{path}", server.url()));
    if gzip {
        request = request.header("Accept-Encoding", "gzip");
    }
    let mut response = request.call().unwrap();
    let body = response.body_mut().read_to_vec().unwrap();
    Got { status: response.status().as_u16(), headers: response.headers().clone(), body }
}

#[test]
fn content_types_follow_the_extension() {
    let site = site();
    let server = serve(site.path(), |_| {});
    for (path, expected) in [
        ("/", "text/html; charset=utf-8"),
        ("/app.js", "text/javascript; charset=utf-8"),
        ("/widget.mjs", "text/javascript; charset=utf-8"),
        ("/style.css", "text/css; charset=utf-8"),
        ("/data.json", "application/json"),
        ("/widget_bg.wasm", "application/wasm"),
        ("/idx/entry.sift", "application/octet-stream"),
        ("/pagefind/pagefind.en_1a2b3c.pf_meta", "application/octet-stream"),
        ("/pagefind/wasm.en.pagefind", "application/octet-stream"),
    ] {
        let got = get(&server, path, false);
        assert_eq!(got.status, 200, "{path}");
        assert_eq!(got.header("content-type"), Some(expected), "{path}");
    }
}

#[test]
fn directory_urls_serve_their_index_html() {
    let site = site();
    let server = serve(site.path(), |_| {});
    let got = get(&server, "/news/x/", false);
    assert_eq!(got.status, 200);
    assert_eq!(got.body, std::fs::read(site.path().join("news/x/index.html")).unwrap());
    let redirect = get(&server, "/news/x", false);
    assert!((300..400).contains(&redirect.status), "status {}", redirect.status);
    assert_eq!(redirect.header("location"), Some("/news/x/"));
    assert_eq!(get(&server, "/missing.html", false).status, 404);
}

#[test]
fn text_is_gzipped_only_for_clients_that_accept_it() {
    let site = site();
    let server = serve(site.path(), |_| {});
    for path in ["/app.js", "/style.css", "/news/x/", "/widget_bg.wasm"] {
        let file = site.path().join(path.trim_start_matches('/').replace("x/", "x/index.html"));
        let original = std::fs::read(file).unwrap();
        let got = get(&server, path, true);
        assert_eq!(got.header("content-encoding"), Some("gzip"), "{path}");
        let mut unzipped = Vec::new();
        flate2::read::GzDecoder::new(&got.body[..]).read_to_end(&mut unzipped).unwrap();
        assert_eq!(unzipped, original, "{path}");

        let plain = get(&server, path, false);
        assert_eq!(plain.header("content-encoding"), None, "{path}");
        assert_eq!(plain.body, original, "{path}");
    }
}

#[test]
fn prebuilt_index_files_go_out_as_stored() {
    let site = site();
    let server = serve(site.path(), |_| {});
    for path in [
        "/pagefind/pagefind.en_1a2b3c.pf_meta",
        "/pagefind/wasm.en.pagefind",
        "/idx/t-0a1b2c3d.sift",
    ] {
        let got = get(&server, path, true);
        assert_eq!(got.header("content-encoding"), None, "{path}");
        assert_eq!(got.body, std::fs::read(site.path().join(&path[1..])).unwrap(), "{path}");
    }
}

#[test]
fn gzip_can_be_turned_off() {
    let site = site();
    let server = serve(site.path(), |config| config.gzip = false);
    assert_eq!(get(&server, "/app.js", true).header("content-encoding"), None);
}

#[test]
fn the_log_counts_body_bytes_as_sent() {
    let site = site();
    let server = serve(site.path(), |_| {});
    let zipped = get(&server, "/app.js", true);
    let plain = get(&server, "/style.css", false);
    let missing = get(&server, "/nothing.js", true);
    let log = server.log();
    assert_eq!(log.len(), 3);
    assert_eq!((log[0].path.as_str(), log[0].status, log[0].gzip), ("/app.js", 200, true));
    assert_eq!(log[0].bytes, zipped.body.len() as u64);
    assert!(log[0].bytes < std::fs::metadata(site.path().join("app.js")).unwrap().len());
    assert_eq!((log[1].path.as_str(), log[1].gzip), ("/style.css", false));
    assert_eq!(log[1].bytes, plain.body.len() as u64);
    assert_eq!((log[2].status, log[2].bytes), (404, missing.body.len() as u64));
    assert_eq!(server.bytes(), log.iter().map(|r| r.bytes).sum::<u64>());

    server.reset();
    assert_eq!((server.log().len(), server.bytes()), (0, 0));
    let again = get(&server, "/data.json", true);
    assert_eq!(server.bytes(), again.body.len() as u64);
}

#[test]
fn cors_adds_the_header_everywhere_and_answers_preflights() {
    let site = site();
    let server = serve(site.path(), |config| config.cors = true);
    for path in ["/", "/idx/entry.sift", "/nothing.sift"] {
        assert_eq!(
            get(&server, path, true).header("access-control-allow-origin"),
            Some("*"),
            "{path}"
        );
    }
    let preflight = agent()
        .run(
            http::Request::options(format!("{}/idx/entry.sift", server.url()))
                .header("Origin", "http://127.0.0.1:1")
                .header("Access-Control-Request-Method", "GET")
                .body(())
                .unwrap(),
        )
        .unwrap();
    assert!(preflight.status().is_success(), "status {}", preflight.status());
    assert_eq!(preflight.headers()["access-control-allow-origin"], "*");

    let closed = serve(site.path(), |_| {});
    assert_eq!(get(&closed, "/", false).header("access-control-allow-origin"), None);
}

#[test]
fn csp_goes_on_html_only() {
    let site = site();
    let policy = "script-src 'self' 'wasm-unsafe-eval'";
    let server = serve(site.path(), |config| config.csp = Some(policy.into()));
    assert_eq!(get(&server, "/news/x/", true).header("content-security-policy"), Some(policy));
    assert_eq!(get(&server, "/app.js", true).header("content-security-policy"), None);
}

#[test]
fn caching_follows_the_file_kind() {
    let site = site();
    let server = serve(site.path(), |_| {});
    let immutable = Some("public, max-age=31536000, immutable");
    assert_eq!(get(&server, "/idx/entry.sift", false).header("cache-control"), Some("no-cache"));
    assert_eq!(get(&server, "/", false).header("cache-control"), Some("no-cache"));
    assert_eq!(get(&server, "/idx/t-0a1b2c3d.sift", false).header("cache-control"), immutable);
    assert_eq!(
        get(&server, "/pagefind/pagefind.en_1a2b3c.pf_meta", false).header("cache-control"),
        immutable
    );
}

#[test]
fn failures_are_injected_and_healed() {
    let site = site();
    let server = serve(site.path(), |config| config.cors = true);
    server.fail("t-0a1b", Failure::NotFound);
    server.fail("entry.sift", Failure::ServerError);
    let missing = get(&server, "/idx/t-0a1b2c3d.sift", false);
    assert_eq!(missing.status, 404);
    assert_eq!(missing.header("access-control-allow-origin"), Some("*"));
    assert_eq!(get(&server, "/idx/entry.sift", false).status, 500);
    assert_eq!(get(&server, "/app.js", false).status, 200);

    server.fail("data.json", Failure::Reset);
    let reset = agent().get(format!("{}/data.json", server.url())).call();
    assert!(reset.is_err(), "a reset connection gave a response");
    assert!(server.log().iter().any(|r| r.path == "/data.json" && r.status == 0));

    server.heal();
    for path in ["/idx/t-0a1b2c3d.sift", "/idx/entry.sift", "/data.json"] {
        assert_eq!(get(&server, path, false).status, 200, "{path}");
    }
}

#[test]
fn a_delayed_path_answers_in_full_after_its_delay() {
    let site = site();
    let server = serve(site.path(), |_| {});
    server.fail("entry.sift", Failure::Delay(std::time::Duration::from_millis(600)));
    let started = std::time::Instant::now();
    let slow = get(&server, "/idx/entry.sift", false);
    assert_eq!(slow.status, 200);
    assert!(started.elapsed() >= std::time::Duration::from_millis(600), "no delay");
    let fast = std::time::Instant::now();
    assert_eq!(get(&server, "/app.js", false).status, 200);
    assert!(fast.elapsed() < std::time::Duration::from_millis(600), "other paths were delayed");
}

#[test]
fn a_missing_root_is_an_error_not_a_dead_server() {
    let error = Server::start(Config { root: "/definitely/not/here".into(), ..Config::default() })
        .unwrap_err();
    assert!(error.to_string().contains("/definitely/not/here"), "{error}");
}
