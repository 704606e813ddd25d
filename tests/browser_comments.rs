//! Comments load lazily, in a real browser: headless Chromium opens a long article whose
//! comment section is far below the fold; the provider's script (served by the test) must not
//! be requested then, and must be requested, and run, once the page is scrolled to it.
//!
//! Without Chromium the test prints `SKIPPED: …` and passes (see `common::chromium_or_skip`).

mod common;
use common::cdp::Cdp;
use common::{article, chromium_or_skip, write};

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use std::sync::{Arc, Mutex};
use std::time::Duration;

use kuaixun::build::{build, BuildOptions};

/// A fake comment system: `twikoo.init` writes what it was given into the box.
const FAKE_TWIKOO: &str = "window.twikoo = { init: function (o) { document.querySelector(o.el).textContent = 'loaded:' + o.envId; } };";

/// Serves `root` on 127.0.0.1 and `/fake-twikoo.js`, logging every request path.
fn serve(root: PathBuf, log: Arc<Mutex<Vec<String>>>) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let (root, log) = (root.clone(), log.clone());
            std::thread::spawn(move || {
                let _ = handle(stream, &root, &log);
            });
        }
    });
    port
}

fn handle(mut stream: TcpStream, root: &Path, log: &Mutex<Vec<String>>) -> std::io::Result<()> {
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
    let (status, body, kind) = if path == "/fake-twikoo.js" {
        ("200 OK", FAKE_TWIKOO.as_bytes().to_vec(), "text/javascript")
    } else {
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
    };
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    stream.write_all(&body)?;
    stream.flush()
}

/// Kills a child process when dropped.
struct Guard(std::process::Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Headless Chromium on `url`, and a CDP session with that page.
fn open(chromium: &Path, url: &str, profile: &Path) -> (Guard, Cdp) {
    let browser = Guard(
        Command::new(chromium)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--window-size=800,600",
                "--remote-debugging-port=0",
            ])
            .arg(format!("--user-data-dir={}", profile.display()))
            .arg(url)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", chromium.display())),
    );
    (browser, Cdp::attach(profile, "/posts/long/"))
}

#[test]
fn comment_script_is_requested_only_near_the_comments() {
    let Some(chromium) = chromium_or_skip() else {
        return;
    };
    let log = Arc::new(Mutex::new(Vec::new()));
    let site = tempfile::tempdir().unwrap();
    let out = site.path().join("out");
    let port = serve(out.clone(), log.clone());
    write(
        site.path(),
        "config.yaml",
        format!(
            "title: 评论测试\nbase_url: http://127.0.0.1:{port}/\ncomments:\n  provider: twikoo\n  server_url: env-test-1\n  script: http://127.0.0.1:{port}/fake-twikoo.js\n"
        ),
    );
    let body = "很长的正文段落，读者要往下滚动很久才能看到评论区。\n\n".repeat(300);
    article(
        site.path(),
        "long",
        "title: 长文\ndate: 2025-11-20\nslug: long",
        &body,
    );
    let mut opts = BuildOptions::new(site.path());
    opts.output = Some(out);
    build(&opts).unwrap_or_else(|e| panic!("build failed: {e}"));

    let profile = tempfile::tempdir().unwrap();
    let (_browser, mut cdp) = open(
        &chromium,
        &format!("http://127.0.0.1:{port}/posts/long/"),
        profile.path(),
    );
    let requested = || log.lock().unwrap().iter().any(|p| p == "/fake-twikoo.js");
    // The article, loaded, its comment box empty (the first document is about:blank).
    let state = "location.pathname + '|' + document.readyState + '|' + typeof window.twikoo + '|' + (document.getElementById('comments-box')||{}).textContent";
    cdp.wait_for(20, "the article", state, |v| {
        v.as_str()
            .is_some_and(|s| s.starts_with("/posts/long/|complete|"))
    });
    std::thread::sleep(Duration::from_millis(800));
    assert_eq!(
        cdp.eval(state),
        serde_json::Value::from("/posts/long/|complete|undefined|"),
        "the comment script ran before scrolling"
    );
    assert!(
        !requested(),
        "script requested before scrolling: {:?}",
        log.lock().unwrap()
    );

    // Scrolled to the bottom: the script is requested and runs.
    let scroll = "window.scrollTo({top: document.documentElement.scrollHeight, behavior: 'instant'}), (document.getElementById('comments-box')||{}).textContent";
    cdp.wait_for(10, "the comments to load", scroll, |v| {
        v == "loaded:env-test-1"
    });
    assert!(requested(), "{:?}", log.lock().unwrap());
}
