//! The HTTP/1.1 server: hyper on a two-thread tokio runtime, beside the build and watch
//! threads. Bounded: at most `max_connections` open connections (more are answered 503 and
//! closed), 64 KiB of request head (more: 431), 10 s to send a request head (also the
//! keep-alive idle timeout, so slow or silent clients are closed), 20 s for a client that
//! stops reading what it asked for.
//!
//! - [`respond`]: what each path gets, ETags, ranges (no I/O)
//! - [`host`]: the `Host` names it answers to
//! - [`stall`]: the timeout for clients that stop reading

pub mod host;
pub mod respond;
pub mod stall;

use std::convert::Infallible;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use hyper::body::{Bytes, Frame, Incoming, SizeHint};
use hyper::header::{self, HeaderValue};
use hyper::{Method, Request, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::sync::{broadcast, mpsc, Semaphore};

use super::hub::{Hub, Subscription};
pub use host::Hosts;
pub use respond::{clean_path, content_type, inject, EVENTS_PATH, RELOAD_SCRIPT, STATUS_PATH};
use respond::{Range, Response};

/// Open connections at most (fewer if the open-file limit is lower).
pub const MAX_CONNECTIONS: usize = 4096;
/// Request line plus headers, in bytes.
pub const MAX_HEAD: usize = 64 * 1024;
/// Time to send a whole request head, counted from the connection's start or the end of
/// the previous response.
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a response may wait for the client to read any of it.
pub const WRITE_STALL: Duration = Duration::from_secs(20);
/// A comment on the reload stream this often keeps proxies and browsers from closing it.
const PING: Duration = Duration::from_secs(5);

pub struct Server {
    runtime: tokio::runtime::Runtime,
    listener: tokio::net::TcpListener,
    ctx: Arc<Ctx>,
    max_connections: usize,
}

struct Ctx {
    hub: Arc<Hub>,
    hosts: Hosts,
}

impl Server {
    pub fn new(
        listener: std::net::TcpListener,
        hub: Arc<Hub>,
        hosts: Hosts,
        max_connections: usize,
    ) -> std::io::Result<Server> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("kuaixun-http")
            .enable_all()
            .build()?;
        listener.set_nonblocking(true)?;
        // std listens with a backlog of 128; a burst of connections while the workers are
        // busy would have its handshakes dropped and retried a second later.
        #[cfg(unix)]
        {
            use std::os::fd::AsRawFd;
            // SAFETY: listen on a socket that is already listening only changes the backlog.
            unsafe { libc::listen(listener.as_raw_fd(), 1024) };
        }
        let listener = {
            let _guard = runtime.enter();
            tokio::net::TcpListener::from_std(listener)?
        };
        Ok(Server {
            runtime,
            listener,
            ctx: Arc::new(Ctx { hub, hosts }),
            max_connections,
        })
    }

    /// Accept connections until the process ends.
    pub fn run(self) {
        let Server {
            runtime,
            listener,
            ctx,
            max_connections,
        } = self;
        runtime.block_on(accept(listener, ctx, max_connections));
    }
}

async fn accept(listener: tokio::net::TcpListener, ctx: Arc<Ctx>, max_connections: usize) {
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(HEAD_TIMEOUT)
        .max_buf_size(MAX_HEAD)
        .max_header_size(MAX_HEAD)
        .title_case_headers(true);
    let http = Arc::new(http);
    let live = Arc::new(Semaphore::new(max_connections));
    let busy = busy_response(max_connections);
    let mut warned = false;
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(e) => {
                // Out of file descriptors or memory: wait for connections to close.
                if !warned {
                    eprintln!("warning: cannot accept a connection ({e}); retrying");
                    warned = true;
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        warned = false;
        let Ok(permit) = live.clone().try_acquire_owned() else {
            // The send buffer of a new socket is empty, so this small write does not block.
            let _ = stream.try_write(&busy);
            continue;
        };
        let _ = stream.set_nodelay(true);
        let ctx = ctx.clone();
        let http = http.clone();
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |req| {
                let response = handle(&ctx, &req);
                async move { Ok::<_, Infallible>(response) }
            });
            let _ = http
                .serve_connection(
                    TokioIo::new(stall::Guarded::new(stream, WRITE_STALL)),
                    service,
                )
                .await;
            drop(permit);
        });
    }
}

fn busy_response(max: usize) -> Vec<u8> {
    let body = format!("503 Service Unavailable: kuaixun serve already has {max} open connections; try again once some have closed.\n");
    format!(
        "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

type HttpResponse = hyper::Response<Body>;

fn handle(ctx: &Ctx, req: &Request<Incoming>) -> HttpResponse {
    let host = req
        .headers()
        .get(header::HOST)
        .map(|v| String::from_utf8_lossy(v.as_bytes()));
    // An absolute-form target names the host itself; both names must be this server.
    let authority = req.uri().authority().map(|a| a.as_str());
    let named = authority.or(host.as_deref());
    let allowed = named.is_some_and(|h| ctx.hosts.allows(h))
        && host.as_deref().is_none_or(|h| ctx.hosts.allows(h));
    if !allowed {
        return plain(StatusCode::FORBIDDEN, ctx.hosts.refusal(named));
    }
    let method = req.method();
    if method != Method::GET && method != Method::HEAD {
        let mut resp = plain(
            StatusCode::METHOD_NOT_ALLOWED,
            "405 Method Not Allowed: kuaixun serve answers GET and HEAD only.\n".into(),
        );
        resp.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return resp;
    }
    let path = req.uri().path();
    if path == EVENTS_PATH && method == Method::GET {
        return events(ctx.hub.subscribe());
    }
    let resp = respond::respond(&ctx.hub, path, req.uri().query());
    let file = resp.status == 200 && path != STATUS_PATH;
    let mut out = finish(resp);
    if file {
        conditional(req, &mut out);
    }
    out
}

fn plain(status: StatusCode, body: String) -> HttpResponse {
    finish(Response::text(status.as_u16(), &body))
}

fn finish(resp: Response) -> HttpResponse {
    let mut out = hyper::Response::new(Body::Full(Some(resp.body)));
    *out.status_mut() = StatusCode::from_u16(resp.status).unwrap_or(StatusCode::OK);
    let h = out.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(resp.content_type),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Some(location) = resp.location.and_then(|l| HeaderValue::from_str(&l).ok()) {
        h.insert(header::LOCATION, location);
    }
    out
}

/// ETag, `If-None-Match` (→ 304) and a single `Range` (→ 206 or 416) for a file.
fn conditional(req: &Request<Incoming>, out: &mut HttpResponse) {
    let Body::Full(Some(body)) = out.body() else {
        return;
    };
    let body = body.clone();
    let tag = respond::etag(&body);
    let text = |name| {
        req.headers()
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
    };
    let h = out.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&tag) {
        h.insert(header::ETAG, v);
    }
    h.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    if text(header::IF_NONE_MATCH).is_some_and(|v| respond::none_match(v, &tag)) {
        *out.status_mut() = StatusCode::NOT_MODIFIED;
        *out.body_mut() = Body::Full(None);
        return;
    }
    if req.method() != Method::GET {
        return;
    }
    let Some(range) = text(header::RANGE) else {
        return;
    };
    // A range of another version of the file would be wrong: send all of this one.
    if text(header::IF_RANGE).is_some_and(|v| v != tag) {
        return;
    }
    let len = body.len() as u64;
    let (status, content_range, part) = match respond::range(range, len) {
        Range::Ignore => return,
        Range::Unsatisfiable => (
            StatusCode::RANGE_NOT_SATISFIABLE,
            format!("bytes */{len}"),
            Bytes::new(),
        ),
        Range::Bytes(first, last) => (
            StatusCode::PARTIAL_CONTENT,
            format!("bytes {first}-{last}/{len}"),
            body.slice(first as usize..=last as usize),
        ),
    };
    *out.status_mut() = status;
    if let Ok(v) = HeaderValue::from_str(&content_range) {
        out.headers_mut().insert(header::CONTENT_RANGE, v);
    }
    *out.body_mut() = Body::Full(Some(part));
}

/// The reload stream: one event per build, a comment every [`PING`]. hyper notices a
/// closed connection while the stream is open (it keeps reading for EOF), drops the body,
/// and the task below ends with it, which unsubscribes from the hub.
fn events(sub: Subscription) -> HttpResponse {
    let (tx, rx) = mpsc::channel::<Bytes>(16);
    tokio::spawn(async move {
        let Subscription { first, mut events } = sub;
        let mut pending = vec![Bytes::from_static(b": kuaixun\n\n")];
        pending.extend(first.map(|e| Bytes::from(e.encode())));
        for chunk in pending {
            if tx.send(chunk).await.is_err() {
                return;
            }
        }
        let mut ping = tokio::time::interval_at(tokio::time::Instant::now() + PING, PING);
        loop {
            let chunk = tokio::select! {
                ev = events.recv() => match ev {
                    Ok(ev) => Bytes::from(ev.encode()),
                    Err(broadcast::error::RecvError::Lagged(_)) => continue,
                    Err(broadcast::error::RecvError::Closed) => return,
                },
                _ = ping.tick() => Bytes::from_static(b": ping\n\n"),
                () = tx.closed() => return,
            };
            if tx.send(chunk).await.is_err() {
                return;
            }
        }
    });
    let mut out = hyper::Response::new(Body::Events(rx));
    let h = out.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/event-stream"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    out
}

/// A whole body at once, or the reload stream.
pub enum Body {
    Full(Option<Bytes>),
    Events(mpsc::Receiver<Bytes>),
}

impl hyper::body::Body for Body {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        match self.get_mut() {
            Body::Full(bytes) => Poll::Ready(bytes.take().map(|b| Ok(Frame::data(b)))),
            Body::Events(rx) => rx.poll_recv(cx).map(|c| c.map(|b| Ok(Frame::data(b)))),
        }
    }

    fn is_end_stream(&self) -> bool {
        matches!(self, Body::Full(None))
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            Body::Full(b) => SizeHint::with_exact(b.as_ref().map_or(0, |b| b.len() as u64)),
            Body::Events(_) => SizeHint::default(),
        }
    }
}
