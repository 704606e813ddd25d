//! A minimal Chrome DevTools Protocol session for the browser tests: evaluate an
//! expression in a page, wait for a condition.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::{Duration, Instant};

use tungstenite::Message;

/// A minimal CDP session over one page's WebSocket.
pub struct Cdp {
    pub ws: tungstenite::WebSocket<tungstenite::stream::MaybeTlsStream<TcpStream>>,
    pub next_id: u64,
}

impl Cdp {
    /// Attaches to the page whose URL contains `url_part` in the Chromium started with
    /// `--remote-debugging-port=0 --user-data-dir=<profile>`: waits for its
    /// `DevToolsActivePort` file, then for the page target (30 s each at most).
    pub fn attach(profile: &Path, url_part: &str) -> Cdp {
        let port_file = profile.join("DevToolsActivePort");
        let start = Instant::now();
        let devtools_port: u16 = loop {
            if let Some(p) = std::fs::read_to_string(&port_file)
                .ok()
                .and_then(|t| t.lines().next().and_then(|l| l.trim().parse().ok()))
            {
                break p;
            }
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "Chromium did not start"
            );
            std::thread::sleep(Duration::from_millis(100));
        };
        let ws_url = loop {
            let found = devtools_get(devtools_port, "/json/list").and_then(|(_, body)| {
                let list: serde_json::Value = serde_json::from_str(&body).ok()?;
                list.as_array()?
                    .iter()
                    .find(|t| {
                        t["type"] == "page"
                            && t["url"].as_str().is_some_and(|u| u.contains(url_part))
                    })
                    .and_then(|t| t["webSocketDebuggerUrl"].as_str().map(String::from))
            });
            if let Some(u) = found {
                break u;
            }
            assert!(start.elapsed() < Duration::from_secs(30), "no page target");
            std::thread::sleep(Duration::from_millis(100));
        };
        let (ws, _) = tungstenite::connect(ws_url.as_str()).unwrap();
        Cdp { ws, next_id: 0 }
    }

    /// Evaluate `expr` in the page; the value as JSON (`null` on any failure).
    pub fn eval(&mut self, expr: &str) -> serde_json::Value {
        self.next_id += 1;
        let id = self.next_id;
        let msg = serde_json::json!({
            "id": id,
            "method": "Runtime.evaluate",
            "params": { "expression": expr, "returnByValue": true }
        });
        if self.ws.send(Message::text(msg.to_string())).is_err() {
            return serde_json::Value::Null;
        }
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            let Ok(m) = self.ws.read() else {
                return serde_json::Value::Null;
            };
            let Ok(text) = m.to_text() else { continue };
            let Ok(v) = serde_json::from_str::<serde_json::Value>(text) else {
                continue;
            };
            if v["id"] == id {
                return v["result"]["result"]["value"].clone();
            }
        }
        serde_json::Value::Null
    }

    pub fn wait_for(
        &mut self,
        secs: u64,
        what: &str,
        expr: &str,
        ok: impl Fn(&serde_json::Value) -> bool,
    ) {
        let start = Instant::now();
        let mut last = serde_json::Value::Null;
        while start.elapsed() < Duration::from_secs(secs) {
            last = self.eval(expr);
            if ok(&last) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("timed out waiting for {what}; last value of `{expr}`: {last}");
    }
}

/// `(status, body)` of `GET target` from the DevTools HTTP server (which keeps connections
/// open: read exactly Content-Length bytes).
pub fn devtools_get(port: u16, target: &str) -> Option<(u16, String)> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    write!(
        s,
        "GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    // Read the head, then exactly Content-Length bytes (DevTools keeps connections open).
    let mut raw = Vec::new();
    let mut chunk = [0u8; 8192];
    let body_start = loop {
        let n = s.read(&mut chunk).ok()?;
        if n == 0 {
            return None;
        }
        raw.extend_from_slice(&chunk[..n]);
        if let Some(i) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
    };
    let head = String::from_utf8_lossy(&raw[..body_start]).into_owned();
    let length = head.lines().find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.trim()
            .eq_ignore_ascii_case("content-length")
            .then(|| v.trim().parse::<usize>().ok())?
    });
    loop {
        if length.is_some_and(|len| raw.len() >= body_start + len) {
            break;
        }
        match s.read(&mut chunk) {
            Ok(0) | Err(_) => break,
            Ok(n) => raw.extend_from_slice(&chunk[..n]),
        }
    }
    let body = String::from_utf8_lossy(&raw[body_start..]).into_owned();
    let status = head.split_whitespace().nth(1)?.parse().ok()?;
    Some((status, body))
}

/// Starts headless Chromium on `url` with its DevTools port open (found by
/// [`Cdp::attach`] through `profile`), plus the test's own `extra` flags.
pub fn spawn_headless(
    chromium: &Path,
    profile: &Path,
    url: &str,
    extra: &[&str],
) -> std::process::Child {
    std::process::Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--remote-debugging-port=0",
        ])
        .args(extra)
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", chromium.display()))
}
