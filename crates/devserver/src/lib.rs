//! A static file server on 127.0.0.1 for the demo, the browser tests and the benchmark harness.
//!
//! It serves one directory the way a static host would: explicit content types, gzip for text
//! assets when the client accepts it, `Cache-Control` for Sift's index files, `index.html` for
//! directory URLs. On top of that it records every response with the bytes it put on the wire,
//! can add CORS and Content-Security-Policy headers, and can be told to fail given paths.
//!
//! ```no_run
//! let server = devserver::Server::start(devserver::Config {
//!     root: "target/site".into(),
//!     cors: true,
//!     ..devserver::Config::default()
//! })?;
//! println!("serving on {}", server.url());
//! // ... drive a browser against server.url() ...
//! println!("{} bytes over the wire", server.bytes());
//! # Ok::<(), std::io::Error>(())
//! ```
//!
//! # What "bytes" means
//! A response's byte count is the length of its body as sent: after gzip when the response was
//! gzipped, and without the status line, the headers and HTTP/1.1 chunk framing. That is the
//! figure a static host's transfer log and the browser's `encodedBodySize` report, and the one
//! that grows with the index and the widget's code; headers are a roughly constant few hundred
//! bytes per request and would only blur a comparison.
//!
//! Errors are plain [`std::io::Error`]s: binding the port and reading the root directory are the
//! only things that can fail, and once started the server answers every request itself.

mod headers;
mod service;

use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;

/// How to serve a directory.
#[derive(Clone, Debug)]
pub struct Config {
    /// The directory to serve; `/` maps to it.
    pub root: PathBuf,
    /// The port on 127.0.0.1; 0 picks any free one (see [`Server::url`]).
    pub port: u16,
    /// Add `Access-Control-Allow-Origin: *` to every response and answer `OPTIONS` preflights.
    pub cors: bool,
    /// A `Content-Security-Policy` header value for HTML responses.
    pub csp: Option<String>,
    /// Gzip text assets (HTML, JavaScript, CSS, JSON, SVG, WebAssembly) for clients that accept
    /// it, as static hosts do. On by default.
    pub gzip: bool,
}

impl Default for Config {
    fn default() -> Config {
        Config { root: PathBuf::from("."), port: 0, cors: false, csp: None, gzip: true }
    }
}

/// How a path told to fail with [`Server::fail`] fails (or, with [`Failure::Delay`], is slow).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Failure {
    /// Answer `404 Not Found` with an empty body.
    NotFound,
    /// Answer `500 Internal Server Error` with an empty body.
    ServerError,
    /// Reset the TCP connection (RST) without answering.
    Reset,
    /// Answer as usual, but only after this long: a slow network or a busy host, so that
    /// a test can make an older request answer after a newer one.
    Delay(std::time::Duration),
}

/// One response the server gave, as recorded in [`Server::log`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Response {
    /// The request's method, e.g. `GET`.
    pub method: String,
    /// The request's path as sent (percent-encoded, without the query string).
    pub path: String,
    /// The status code; 0 for a connection reset by [`Failure::Reset`].
    pub status: u16,
    /// The `Content-Type` header, if any.
    pub content_type: Option<String>,
    /// Whether the body went out gzipped.
    pub gzip: bool,
    /// Body bytes on the wire so far (see the crate docs); final once the body is sent.
    pub bytes: u64,
    /// When the response's headers were ready (or the connection was reset), by the wall
    /// clock, so that it can be compared with a browser's `performance.timeOrigin + now()`.
    pub at: std::time::SystemTime,
}

/// A running server; it stops when dropped.
#[derive(Debug)]
pub struct Server {
    url: String,
    shared: Arc<Shared>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    /// Binds 127.0.0.1 and starts serving `config.root` on a thread of its own; returns once the
    /// port is listening.
    pub fn start(config: Config) -> std::io::Result<Server> {
        let root = config.root.canonicalize().map_err(|e| {
            std::io::Error::new(e.kind(), format!("cannot serve {}: {e}", config.root.display()))
        })?;
        if !root.is_dir() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("cannot serve {}: not a directory", root.display()),
            ));
        }
        let listener = TcpListener::bind(("127.0.0.1", config.port))?;
        listener.set_nonblocking(true)?;
        let url = format!("http://{}", listener.local_addr()?);
        let shared = Arc::new(Shared::default());
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("devserver-worker")
            .enable_all()
            .build()?;
        let listener = {
            let _context = runtime.enter();
            tokio::net::TcpListener::from_std(listener)?
        };
        let (shutdown, stopped) = tokio::sync::oneshot::channel();
        let options =
            service::Options { root, cors: config.cors, csp: config.csp, gzip: config.gzip };
        let state = Arc::clone(&shared);
        let thread = std::thread::Builder::new().name("devserver".into()).spawn(move || {
            runtime.block_on(service::run(listener, options, state, stopped));
        })?;
        Ok(Server { url, shared, shutdown: Some(shutdown), thread: Some(thread) })
    }

    /// The base URL, `http://127.0.0.1:PORT`, without a trailing slash.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Every response since start or the last [`Server::reset`], in the order their headers
    /// went out.
    pub fn log(&self) -> Vec<Response> {
        self.shared
            .log()
            .iter()
            .map(|entry| Response {
                bytes: entry.bytes.load(Ordering::Relaxed),
                ..entry.response.clone()
            })
            .collect()
    }

    /// The body bytes of every response since start or the last [`Server::reset`].
    pub fn bytes(&self) -> u64 {
        self.shared.log().iter().map(|entry| entry.bytes.load(Ordering::Relaxed)).sum()
    }

    /// Forgets the log, so that [`Server::log`] and [`Server::bytes`] start from zero.
    pub fn reset(&self) {
        self.shared.log().clear();
    }

    /// Makes every request whose path contains `path_substring` fail as `how`, until
    /// [`Server::heal`]. The first matching rule wins.
    pub fn fail(&self, path_substring: &str, how: Failure) {
        self.shared.failures().push((path_substring.to_owned(), how));
    }

    /// Removes every rule set with [`Server::fail`].
    pub fn heal(&self) {
        self.shared.failures().clear();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// State shared by the server's threads and the [`Server`] handle.
#[derive(Debug, Default)]
struct Shared {
    log: Mutex<Vec<Entry>>,
    failures: Mutex<Vec<(String, Failure)>>,
}

/// A logged response whose byte count grows while its body streams.
#[derive(Debug)]
struct Entry {
    response: Response,
    bytes: Arc<AtomicU64>,
}

impl Shared {
    fn log(&self) -> MutexGuard<'_, Vec<Entry>> {
        // A panic while holding the lock cannot leave the log inconsistent, so ignore poisoning.
        self.log.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn failures(&self) -> MutexGuard<'_, Vec<(String, Failure)>> {
        self.failures.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn failure_for(&self, path: &str) -> Option<Failure> {
        self.failures()
            .iter()
            .find(|(needle, _)| path.contains(needle.as_str()))
            .map(|(_, how)| *how)
    }

    /// Logs a response and returns the counter its body adds to.
    fn record(&self, response: Response) -> Arc<AtomicU64> {
        let bytes = Arc::new(AtomicU64::new(0));
        self.log().push(Entry { response, bytes: Arc::clone(&bytes) });
        bytes
    }
}
