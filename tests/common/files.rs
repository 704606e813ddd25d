//! A static file server for browser tests: serves a built output folder on 127.0.0.1, logs
//! every request path, and can answer some paths itself (a fake third-party script).

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A body the test serves itself for a path: `(bytes, content type)`.
pub type Extra = fn(&str) -> Option<(Vec<u8>, &'static str)>;

/// Serves `root` (and what `extra` answers) on a free port, pushing each request path to
/// `log`; returns the port. The server lives until the test process ends.
pub fn serve(root: PathBuf, log: Arc<Mutex<Vec<String>>>, extra: Extra) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let (root, log) = (root.clone(), log.clone());
            std::thread::spawn(move || {
                let _ = handle(stream, &root, &log, extra);
            });
        }
    });
    port
}

fn handle(
    mut stream: TcpStream,
    root: &Path,
    log: &Mutex<Vec<String>>,
    extra: Extra,
) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request = String::new();
    reader.read_line(&mut request)?;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" || line == "\n" {
            break;
        }
    }
    let path = request
        .split_whitespace()
        .nth(1)
        .unwrap_or("/")
        .split(['?', '#'])
        .next()
        .unwrap_or("/")
        .to_string();
    log.lock().unwrap().push(path.clone());
    let (status, body, kind) = match extra(&path) {
        Some((body, kind)) => ("200 OK", body, kind),
        None => {
            let rel = path.trim_start_matches('/');
            let mut file = root.join(rel);
            if rel.is_empty() || rel.ends_with('/') {
                file = file.join("index.html");
            }
            let kind = match file.extension().and_then(|e| e.to_str()) {
                Some("html") => "text/html; charset=utf-8",
                Some("css") => "text/css",
                Some("js") => "text/javascript",
                _ => "application/octet-stream",
            };
            match std::fs::read(&file) {
                Ok(b) if !rel.contains("..") => ("200 OK", b, kind),
                _ => ("404 Not Found", b"not found".to_vec(), "text/plain"),
            }
        }
    };
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    stream.write_all(&body)?;
    stream.flush()
}
