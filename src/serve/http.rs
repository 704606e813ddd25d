//! A small threaded HTTP/1.1 server over `std::net`: GET/HEAD of snapshot files, the
//! reload event stream and a status endpoint. One thread per connection, `Connection: close`.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::time::Duration;

use super::hub::Hub;

pub const EVENTS_PATH: &str = "/__kuaixun/events";
pub const STATUS_PATH: &str = "/__kuaixun/status";

/// Injected before `</body>` of HTML pages in serve mode only.
pub const RELOAD_SCRIPT: &str = r#"<script id="__kuaixun_reload">(function(){
var es=new EventSource("/__kuaixun/events");
es.addEventListener("reload",function(){location.reload();});
es.addEventListener("build-error",function(e){
var msg=JSON.parse(e.data),d=document.getElementById("__kuaixun_error");
if(!d){d=document.createElement("div");d.id="__kuaixun_error";
d.style.cssText="position:fixed;z-index:2147483647;left:0;right:0;top:0;max-height:60vh;overflow:auto;margin:0;padding:16px 20px;background:#2b0b0b;color:#ffd7d7;font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;white-space:pre-wrap;border-bottom:3px solid #e5484d;box-shadow:0 4px 16px rgba(0,0,0,.4)";
document.body.appendChild(d);}
d.textContent="kuaixun: 构建失败（仍在显示上一次成功的版本）\n\n"+msg;});
})();</script>
"#;

/// Accept connections until the process ends.
pub fn serve(listener: TcpListener, hub: Arc<Hub>) {
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let hub = hub.clone();
        std::thread::spawn(move || {
            let _ = handle(stream, &hub);
        });
    }
}

/// A response about to be written.
pub struct Response {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
    pub location: Option<String>,
}

impl Response {
    fn text(status: u16, body: &str) -> Response {
        Response {
            status,
            content_type: "text/plain; charset=utf-8",
            body: body.as_bytes().to_vec(),
            location: None,
        }
    }
}

fn handle(stream: TcpStream, hub: &Hub) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    // Drain the headers (bounded).
    let mut total = line.len();
    loop {
        let mut h = String::new();
        let n = reader.read_line(&mut h)?;
        total += n;
        if n == 0 || h == "\r\n" || h == "\n" || total > 64 * 1024 {
            break;
        }
    }
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or("");
    let target = parts.next().unwrap_or("");
    let mut stream = stream;
    if method != "GET" && method != "HEAD" {
        return write_response(
            &mut stream,
            &Response::text(405, "method not allowed\n"),
            false,
        );
    }
    let head = method == "HEAD";
    let path_only = target.split(['?', '#']).next().unwrap_or("");
    if path_only == EVENTS_PATH && !head {
        return events(stream, hub);
    }
    let resp = respond(hub, target);
    write_response(&mut stream, &resp, head)
}

/// Decide the response for a request target (pure apart from reading the hub).
pub fn respond(hub: &Hub, target: &str) -> Response {
    let raw = target.split(['?', '#']).next().unwrap_or("");
    if raw == STATUS_PATH {
        return Response {
            status: 200,
            content_type: "application/json",
            body: hub.status_json().into_bytes(),
            location: None,
        };
    }
    let Some(path) = clean_path(raw) else {
        return Response::text(400, "bad request path\n");
    };
    let key = if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.clone()
    };
    if let Some(bytes) = hub.get(&key) {
        let content_type = content_type(&key);
        let body = if content_type.starts_with("text/html") {
            inject(&bytes)
        } else {
            bytes.to_vec()
        };
        return Response {
            status: 200,
            content_type,
            body,
            location: None,
        };
    }
    if !path.is_empty() && !path.ends_with('/') && hub.get(&format!("{path}/index.html")).is_some()
    {
        return Response {
            status: 301,
            content_type: "text/plain; charset=utf-8",
            body: Vec::new(),
            location: Some(format!("{raw}/")),
        };
    }
    let body = match (hub.get("404.html"), hub.error()) {
        (Some(b), _) => inject(&b),
        (None, Some(error)) => {
            // Nothing built yet: a page that shows the error and reloads once it is fixed.
            let page = format!(
                "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>kuaixun: build failed</title></head><body><h1>kuaixun: build failed</h1><pre>{}</pre></body></html>",
                crate::site::escape_html(&error)
            );
            return Response {
                status: 500,
                content_type: "text/html; charset=utf-8",
                body: inject(page.as_bytes()),
                location: None,
            };
        }
        (None, None) => b"404 Not Found\n".to_vec(),
    };
    Response {
        status: 404,
        content_type: "text/html; charset=utf-8",
        body,
        location: None,
    }
}

/// Percent-decode and check a request path; `None` for anything that could step outside
/// the site (`..`, backslashes, NUL, empty segments, non-UTF-8, not starting with `/`).
/// Returns the path without the leading slash.
pub fn clean_path(raw: &str) -> Option<String> {
    if !raw.starts_with('/') || raw.contains('\\') {
        return None;
    }
    let decoded = percent_encoding::percent_decode_str(raw)
        .decode_utf8()
        .ok()?
        .into_owned();
    if decoded.contains(['\\', '\0']) || decoded.starts_with("//") {
        return None;
    }
    let rest = &decoded[1..];
    let segments: Vec<&str> = rest.split('/').collect();
    for (i, s) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        if *s == ".." || *s == "." || (s.is_empty() && !last) || s.contains(':') && i == 0 {
            return None;
        }
    }
    Some(rest.to_string())
}

/// Insert the reload script before the last `</body>` (or at the end).
pub fn inject(html: &[u8]) -> Vec<u8> {
    let needle = b"</body>";
    let pos = html
        .windows(needle.len())
        .rposition(|w| w.eq_ignore_ascii_case(needle))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + RELOAD_SCRIPT.len());
    out.extend_from_slice(&html[..pos]);
    out.extend_from_slice(RELOAD_SCRIPT.as_bytes());
    out.extend_from_slice(&html[pos..]);
    out
}

pub fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "txt" => "text/plain; charset=utf-8",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        500 => "Internal Server Error",
        405 => "Method Not Allowed",
        _ => "Error",
    }
}

fn write_response(stream: &mut TcpStream, resp: &Response, head: bool) -> std::io::Result<()> {
    let mut h = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n",
        resp.status,
        reason(resp.status),
        resp.content_type,
        resp.body.len()
    );
    if let Some(loc) = &resp.location {
        h.push_str(&format!("Location: {loc}\r\n"));
    }
    h.push_str("\r\n");
    stream.write_all(h.as_bytes())?;
    if !head {
        stream.write_all(&resp.body)?;
    }
    stream.flush()
}

/// The reload stream: stays open, one event per build, a comment every 15 s.
fn events(mut stream: TcpStream, hub: &Hub) -> std::io::Result<()> {
    stream.write_all(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n: kuaixun\n\n",
    )?;
    stream.flush()?;
    let rx = hub.subscribe();
    loop {
        match rx.recv_timeout(Duration::from_secs(15)) {
            Ok(ev) => stream.write_all(ev.encode().as_bytes())?,
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => stream.write_all(b": ping\n\n")?,
            Err(_) => return Ok(()),
        }
        stream.flush()?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_leave_the_site_are_refused() {
        for bad in [
            "/../Cargo.toml",
            "/%2e%2e/%2e%2e/etc/passwd",
            "/..%2f..%2fetc/passwd",
            "/a/..",
            "/a\\b",
            "/%5c..%5cx",
            "//etc/passwd",
            "/a//b",
            "relative",
            "/%00",
            "/%ff",
            "/./x",
        ] {
            assert_eq!(clean_path(bad), None, "{bad}");
        }
        assert_eq!(clean_path("/").as_deref(), Some(""));
        assert_eq!(clean_path("/posts/x/").as_deref(), Some("posts/x/"));
        assert_eq!(
            clean_path("/tags/%E4%BA%BA%E5%B7%A5%E6%99%BA%E8%83%BD/").as_deref(),
            Some("tags/人工智能/")
        );
    }

    #[test]
    fn script_goes_before_the_last_body_tag() {
        let out = String::from_utf8(inject(b"<html><body><p>x</p></body></html>")).unwrap();
        assert!(out.ends_with("</script>\n</body></html>"), "{out}");
        assert!(out.contains("EventSource"));
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("a/b.CSS"), "text/css; charset=utf-8");
        assert_eq!(content_type("x.woff2"), "font/woff2");
        assert_eq!(content_type("fonts/思源黑体.otf"), "font/otf");
        assert_eq!(content_type("fonts/x.TTF"), "font/ttf");
        assert_eq!(
            content_type("sitemap.xml"),
            "application/xml; charset=utf-8"
        );
        assert_eq!(content_type("img/a.webp"), "image/webp");
    }
}
