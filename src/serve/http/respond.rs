//! What each request gets, apart from the HTTP plumbing: paths and their checks, the
//! snapshot lookup, the reload script, content types, ETags, `Range` and `If-None-Match`.

use std::hash::Hasher;
use std::sync::Arc;

use hyper::body::Bytes;

use super::super::hub::Hub;

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

/// A response before the HTTP layer adds its headers.
pub struct Response {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Bytes,
    pub location: Option<String>,
}

impl Response {
    pub fn text(status: u16, body: &str) -> Response {
        Response {
            status,
            content_type: "text/plain; charset=utf-8",
            body: Bytes::copy_from_slice(body.as_bytes()),
            location: None,
        }
    }
}

/// Decide the response for a request path (still percent-encoded) and its query (pure
/// apart from reading the hub). The query only travels along on redirects.
pub fn respond(hub: &Hub, raw: &str, query: Option<&str>) -> Response {
    if raw == STATUS_PATH {
        return Response {
            status: 200,
            content_type: "application/json",
            body: hub.status_json().into(),
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
            inject(&bytes).into()
        } else {
            // Shared with the snapshot, not copied: a slow reader of a large file costs
            // no memory of its own.
            Bytes::from_owner(Shared(bytes))
        };
        return Response {
            status: 200,
            content_type,
            body,
            location: None,
        };
    }
    if let Some(served) = key
        .strip_prefix(crate::images::OUT_DIR)
        .and_then(|k| k.strip_prefix('/'))
        .and_then(|name| hub.image(name))
    {
        return Response {
            status: 200,
            content_type: content_type(&served.type_of.to_string_lossy()),
            body: served.bytes.into(),
            location: None,
        };
    }
    if !path.is_empty() && !path.ends_with('/') && hub.get(&format!("{path}/index.html")).is_some()
    {
        return Response {
            status: 301,
            content_type: "text/plain; charset=utf-8",
            body: Bytes::new(),
            location: Some(match query {
                Some(q) => format!("{raw}/?{q}"),
                None => format!("{raw}/"),
            }),
        };
    }
    let body = match (hub.get("404.html"), hub.error()) {
        (Some(b), _) => inject(&b).into(),
        (None, Some(error)) => {
            // Nothing built yet: a page that shows the error and reloads once it is fixed.
            let page = format!(
                "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>kuaixun: build failed</title></head><body><h1>kuaixun: build failed</h1><pre>{}</pre></body></html>",
                crate::site::escape_html(&error)
            );
            return Response {
                status: 500,
                content_type: "text/html; charset=utf-8",
                body: inject(page.as_bytes()).into(),
                location: None,
            };
        }
        (None, None) => Bytes::from_static(b"404 Not Found\n"),
    };
    Response {
        status: 404,
        content_type: "text/html; charset=utf-8",
        body,
        location: None,
    }
}

struct Shared(Arc<Vec<u8>>);

impl AsRef<[u8]> for Shared {
    fn as_ref(&self) -> &[u8] {
        &self.0
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

/// A strong ETag: a 64-bit hash of the body as sent.
pub fn etag(body: &[u8]) -> String {
    let mut h = std::hash::DefaultHasher::new();
    h.write(body);
    format!("\"{:016x}{:x}\"", h.finish(), body.len())
}

/// Whether an `If-None-Match` value matches `etag` (weak comparison, `*` matches any).
pub fn none_match(header: &str, etag: &str) -> bool {
    let etag = etag.trim_start_matches("W/");
    header
        .split(',')
        .map(str::trim)
        .any(|t| t == "*" || t.trim_start_matches("W/") == etag)
}

/// What a `Range` header asks of a body of `len` bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Range {
    /// Not one well-formed byte range (several ranges, another unit, bad syntax): the
    /// header is ignored and the whole body sent.
    Ignore,
    /// First and last byte, inclusive.
    Bytes(u64, u64),
    Unsatisfiable,
}

pub fn range(header: &str, len: u64) -> Range {
    let Some(spec) = header.trim().strip_prefix("bytes=") else {
        return Range::Ignore;
    };
    let spec = spec.trim();
    let Some((first, last)) = spec.split_once('-') else {
        return Range::Ignore;
    };
    let (first, last) = (first.trim(), last.trim());
    let number = |s: &str| -> Option<u64> {
        (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    if first.is_empty() {
        // The last N bytes.
        return match number(last) {
            None => Range::Ignore,
            Some(0) => Range::Unsatisfiable,
            Some(_) if len == 0 => Range::Unsatisfiable,
            Some(n) => Range::Bytes(len.saturating_sub(n), len - 1),
        };
    }
    let Some(start) = number(first) else {
        return Range::Ignore;
    };
    let end = if last.is_empty() {
        u64::MAX
    } else {
        match number(last) {
            Some(end) if end >= start => end,
            _ => return Range::Ignore,
        }
    };
    if start >= len {
        Range::Unsatisfiable
    } else {
        Range::Bytes(start, end.min(len - 1))
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

    #[test]
    fn ranges() {
        assert_eq!(range("bytes=0-9", 100), Range::Bytes(0, 9));
        assert_eq!(range("bytes=90-", 100), Range::Bytes(90, 99));
        assert_eq!(range("bytes=90-500", 100), Range::Bytes(90, 99));
        assert_eq!(range("bytes=-10", 100), Range::Bytes(90, 99));
        assert_eq!(range("bytes=-500", 100), Range::Bytes(0, 99));
        assert_eq!(range("bytes=100-", 100), Range::Unsatisfiable);
        assert_eq!(range("bytes=-0", 100), Range::Unsatisfiable);
        assert_eq!(range("bytes=0-", 0), Range::Unsatisfiable);
        for ignored in [
            "bytes=5-1",
            "bytes=0-1,5-9",
            "items=0-1",
            "bytes=a-b",
            "bytes=-",
            "bytes=+1-2",
        ] {
            assert_eq!(range(ignored, 100), Range::Ignore, "{ignored}");
        }
    }

    #[test]
    fn etags_match() {
        let tag = etag(b"<p>x</p>");
        assert_eq!(tag, etag(b"<p>x</p>"));
        assert_ne!(tag, etag(b"<p>y</p>"));
        assert!(none_match(&tag, &tag));
        assert!(none_match(&format!("\"other\", W/{tag}"), &tag));
        assert!(none_match("*", &tag));
        assert!(!none_match("\"other\"", &tag));
    }
}
