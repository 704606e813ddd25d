//! Starting the real `kuaixun serve` for a test: on a free port, waiting until it answers,
//! killed when the test ends (panics included).

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running server; dropping it kills the process.
pub struct Server {
    pub child: Child,
    pub port: u16,
}

impl Server {
    /// The body of `GET target` as text, if the server answers 200.
    pub fn body(&self, target: &str) -> Option<String> {
        get_bytes(self.port, target)
            .filter(|(s, _)| *s == 200)
            .map(|(_, b)| String::from_utf8_lossy(&b).into_owned())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Start `kuaixun serve --root ROOT EXTRA…` on a free port and wait until it answers HTTP
/// (which it does only once the first build is done and the watcher runs). Retries on another
/// port if the chosen one was taken in the meantime.
pub fn start(root: &Path, extra: &[&str]) -> Server {
    for _ in 0..3 {
        let port = free_port();
        let child = Command::new(env!("CARGO_BIN_EXE_kuaixun"))
            .arg("serve")
            .arg("--root")
            .arg(root)
            .arg("--port")
            .arg(port.to_string())
            .args(extra)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut server = Server { child, port };
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if server.child.try_wait().unwrap().is_some() {
                break; // exited: most likely the port was taken
            }
            if status_of(port, "/__kuaixun/status") == Some(200) {
                return server;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
    panic!("server did not start");
}

/// The status code of `GET target`, if the server answers.
fn status_of(port: u16, target: &str) -> Option<u16> {
    get(port, target).map(|(status, _, _)| status)
}

/// Poll `check` until it holds (or panic after `secs`); returns how long it took.
pub fn wait_for(secs: f64, what: &str, mut check: impl FnMut() -> bool) -> Duration {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs_f64(secs) {
        if check() {
            return start.elapsed();
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("timed out after {secs} s waiting for: {what}");
}

/// `(status, head, body)` of `GET target` (sent exactly as given), if the server answers.
pub fn get(port: u16, target: &str) -> Option<(u16, String, Vec<u8>)> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    write!(
        s,
        "GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).ok()?;
    Some(parse_response(&raw))
}

/// Status and body of `GET target`, if the server answers.
#[allow(dead_code)]
pub fn get_bytes(port: u16, target: &str) -> Option<(u16, Vec<u8>)> {
    get(port, target).map(|(status, _, body)| (status, body))
}

/// A raw HTTP/1.1 response split into status, head (with its blank line) and body.
pub fn parse_response(raw: &[u8]) -> (u16, String, Vec<u8>) {
    let at = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map_or(raw.len(), |i| i + 4);
    let head = String::from_utf8_lossy(&raw[..at]).into_owned();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, head, raw[at..].to_vec())
}
