//! Live reload in a real browser: headless Chromium opens an article served by
//! `kuaixun serve`; the test edits the article on disk and watches the open page change
//! through the Chrome DevTools Protocol, without navigating it. Skipped when no Chromium is
//! installed (unless `KUAIXUN_REQUIRE_BROWSER=1`).

mod common;
use common::cdp::{devtools_get as get, Cdp};

use std::fs;
use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Kills a child process when dropped (panics included).
struct Guard(Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn write_article(root: &Path, title: &str) {
    fs::write(
        root.join("content/posts/live.md"),
        format!("---\ntitle: {title}\ndate: 2025-11-20 10:30:00\nslug: live\ntags: [浏览器]\n---\n正文。\n"),
    )
    .unwrap();
}

#[test]
fn open_page_reloads_itself_after_an_edit() {
    let Some(chromium) = common::chromium_or_skip() else {
        return;
    };
    let site = tempfile::tempdir().unwrap();
    let root = site.path();
    fs::create_dir_all(root.join("content/posts")).unwrap();
    fs::write(
        root.join("config.yaml"),
        "title: 浏览器测试站\nbase_url: https://news.example.com/\n",
    )
    .unwrap();
    write_article(root, "最初的标题");

    let port = free_port();
    let _server = Guard(
        Command::new(env!("CARGO_BIN_EXE_kuaixun"))
            .args(["serve", "--root"])
            .arg(root)
            .args(["--port", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let start = Instant::now();
    while get(port, "/posts/live/").is_none_or(|(s, _)| s != 200) {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "server did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }

    let profile = tempfile::tempdir().unwrap();
    let _browser = Guard(common::cdp::spawn_headless(
        &chromium,
        profile.path(),
        &format!("http://127.0.0.1:{port}/posts/live/"),
        &[],
    ));

    // The DevTools port, then the page's WebSocket.
    let mut cdp = Cdp::attach(profile.path(), "/posts/live/");
    let h1 = "(document.querySelector('h1')||{}).textContent";
    cdp.wait_for(10, "the first title", h1, |v| {
        v.as_str().is_some_and(|s| s.contains("最初的标题"))
    });
    // Wait until the reload script is connected before editing.
    cdp.wait_for(
        10,
        "the event stream",
        "typeof EventSource === 'function' && !!document.getElementById('__kuaixun_reload')",
        |v| v == true,
    );
    std::thread::sleep(Duration::from_millis(300));

    write_article(root, "改过的标题");
    cdp.wait_for(5, "the new title without navigating", h1, |v| {
        v.as_str().is_some_and(|s| s.contains("改过的标题"))
    });
    let title = cdp.eval("document.title");
    assert!(
        title.as_str().is_some_and(|t| t.contains("改过的标题")),
        "{title}"
    );

    // A broken edit shows an overlay on the open page; fixing it reloads and clears it.
    fs::write(
        root.join("content/posts/live.md"),
        "---\ntitle: [坏的\n---\n",
    )
    .unwrap();
    let overlay = "(document.getElementById('__kuaixun_error')||{}).textContent||''";
    cdp.wait_for(5, "the error overlay", overlay, |v| {
        v.as_str()
            .is_some_and(|s| s.contains("content/posts/live.md"))
    });
    write_article(root, "修好的标题");
    cdp.wait_for(5, "the fixed title", h1, |v| {
        v.as_str().is_some_and(|s| s.contains("修好的标题"))
    });
    assert_eq!(cdp.eval(overlay), serde_json::Value::from(""));
}
