//! The HTTP side: the accept loop, one hyper connection per socket, and the tower stack that
//! serves files (failure rules, tower-http's `ServeDir`, gzip, CORS, headers, byte counting).

use std::convert::Infallible;
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http::header::{CACHE_CONTROL, CONTENT_ENCODING, CONTENT_SECURITY_POLICY, CONTENT_TYPE};
use http::{Extensions, HeaderMap, HeaderValue, Request, StatusCode, Version};
use http_body_util::combinators::UnsyncBoxBody;
use http_body_util::{BodyExt, Empty};
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{oneshot, Notify};
use tower::util::BoxCloneService;
use tower::{Layer, ServiceExt};
use tower_http::compression::CompressionLayer;
use tower_http::cors::CorsLayer;
use tower_http::services::ServeDir;

use crate::{headers, Failure, Shared};

type BoxError = Box<dyn std::error::Error + Send + Sync>;
type Body = UnsyncBoxBody<Bytes, BoxError>;
type App = BoxCloneService<Request<Incoming>, http::Response<Body>, Infallible>;

/// What the stack needs from [`crate::Config`], with the root made absolute.
pub(crate) struct Options {
    pub(crate) root: PathBuf,
    pub(crate) cors: bool,
    pub(crate) csp: Option<String>,
    pub(crate) gzip: bool,
}

/// Accepts connections until `stopped` fires (or its sender is dropped).
pub(crate) async fn run(
    listener: TcpListener,
    options: Options,
    shared: Arc<Shared>,
    mut stopped: oneshot::Receiver<()>,
) {
    let app = app(options, Arc::clone(&shared));
    loop {
        tokio::select! {
            _ = &mut stopped => break,
            accepted = listener.accept() => {
                if let Ok((stream, _)) = accepted {
                    tokio::spawn(connection(stream, app.clone(), Arc::clone(&shared)));
                }
            }
        }
    }
}

/// Serves one connection, and resets it when a request matches a [`Failure::Reset`] rule.
async fn connection(stream: TcpStream, app: App, shared: Arc<Shared>) {
    let _ = stream.set_nodelay(true);
    // Keep a second handle on the socket: a reset sets SO_LINGER to zero through it, and closing
    // a socket that lingers zero seconds sends RST instead of FIN.
    let Some((stream, handle)) = split_handle(stream) else { return };
    let abort = Arc::new(Notify::new());
    let service = hyper::service::service_fn({
        let abort = Arc::clone(&abort);
        move |request: Request<Incoming>| {
            let (app, shared, abort) = (app.clone(), Arc::clone(&shared), Arc::clone(&abort));
            async move {
                if shared.failure_for(request.uri().path()) == Some(Failure::Reset) {
                    shared.record(logged(&request, 0, None, false));
                    abort.notify_one();
                    let never: Infallible = std::future::pending().await;
                    match never {}
                }
                app.oneshot(request).await
            }
        }
    });
    let connection = hyper::server::conn::http1::Builder::new()
        .timer(TokioTimer::new())
        .serve_connection(TokioIo::new(stream), service);
    tokio::select! {
        _ = connection => {}
        () = abort.notified() => {
            let _ = socket2::SockRef::from(&handle).set_linger(Some(Duration::ZERO));
        }
    }
}

fn split_handle(stream: TcpStream) -> Option<(TcpStream, std::net::TcpStream)> {
    let stream = stream.into_std().ok()?;
    let handle = stream.try_clone().ok()?;
    Some((TcpStream::from_std(stream).ok()?, handle))
}

/// The request-to-response stack, outermost last: failure rules and files, gzip, CORS, then
/// headers and byte counting.
fn app(options: Options, shared: Arc<Shared>) -> App {
    let files = files(ServeDir::new(&options.root), Arc::clone(&shared));
    let gzip = options.gzip;
    let compressed = CompressionLayer::new()
        .compress_when(move |_: StatusCode, _: Version, headers: &HeaderMap, _: &Extensions| {
            gzip && headers
                .get(CONTENT_TYPE)
                .and_then(|value| value.to_str().ok())
                .is_some_and(headers::compressible)
        })
        .layer(files)
        .map_response(|response| response.map(|body| body.map_err(BoxError::from).boxed_unsync()));
    let inner: App = if options.cors {
        BoxCloneService::new(CorsLayer::permissive().layer(compressed))
    } else {
        BoxCloneService::new(compressed)
    };
    let csp = options.csp.and_then(|policy| HeaderValue::from_str(&policy).ok());
    BoxCloneService::new(tower::service_fn(move |request: Request<Incoming>| {
        let (inner, shared, csp) = (inner.clone(), Arc::clone(&shared), csp.clone());
        async move {
            let mut entry = logged(&request, 0, None, false);
            let mut response = inner.oneshot(request).await?;
            let content_type = response
                .headers()
                .get(CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            let html = content_type.as_deref().is_some_and(|t| t.starts_with("text/html"));
            entry.status = response.status().as_u16();
            entry.at = std::time::SystemTime::now();
            let headers = response.headers_mut();
            if let Some(value) = headers::cache_control(&entry.path, content_type.as_deref()) {
                headers.insert(CACHE_CONTROL, HeaderValue::from_static(value));
            }
            if let (true, Some(policy)) = (html, csp) {
                headers.insert(CONTENT_SECURITY_POLICY, policy);
            }
            entry.gzip = headers.get(CONTENT_ENCODING).is_some_and(|v| v.as_bytes() == b"gzip");
            entry.content_type = content_type;
            let counter = shared.record(entry);
            Ok(response.map(|body| {
                body.map_frame(move |frame| {
                    if let Some(data) = frame.data_ref() {
                        counter.fetch_add(data.len() as u64, Ordering::Relaxed);
                    }
                    frame
                })
                .boxed_unsync()
            }))
        }
    }))
}

/// Files from `serve_dir` with pinned content types, or the failure a rule asks for.
fn files(
    serve_dir: ServeDir,
    shared: Arc<Shared>,
) -> impl tower::Service<
    Request<Incoming>,
    Response = http::Response<Body>,
    Error = Infallible,
    Future = impl Send,
> + Clone {
    tower::service_fn(move |request: Request<Incoming>| {
        let serve_dir = serve_dir.clone();
        let failure = shared.failure_for(request.uri().path());
        async move {
            let status = match failure {
                None => None,
                Some(Failure::Delay(delay)) => {
                    tokio::time::sleep(delay).await;
                    None
                }
                Some(Failure::NotFound) => Some(StatusCode::NOT_FOUND),
                Some(Failure::ServerError | Failure::Reset) => {
                    Some(StatusCode::INTERNAL_SERVER_ERROR)
                }
            };
            if let Some(status) = status {
                let mut response = http::Response::new(
                    Empty::<Bytes>::new().map_err(|never| match never {}).boxed_unsync(),
                );
                *response.status_mut() = status;
                return Ok(response);
            }
            let path = request.uri().path().to_owned();
            let response = serve_dir.oneshot(request).await?;
            let mut response = response.map(|body| body.map_err(BoxError::from).boxed_unsync());
            let file = if path.ends_with('/') { "index.html" } else { &path };
            if let (true, Some(content_type)) =
                (response.status().is_success(), headers::content_type(file))
            {
                response.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
            }
            Ok(response)
        }
    })
}

/// A log entry for `request` before its response is known.
fn logged<B>(
    request: &Request<B>,
    status: u16,
    content_type: Option<String>,
    gzip: bool,
) -> crate::Response {
    crate::Response {
        method: request.method().to_string(),
        path: request.uri().path().to_owned(),
        status,
        content_type,
        gzip,
        bytes: 0,
        at: std::time::SystemTime::now(),
    }
}
