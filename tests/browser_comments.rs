//! Comments load lazily, in a real browser: headless Chromium opens a long article whose
//! comment section is far below the fold; the provider's script (served by the test) must not
//! be requested then, and must be requested, and run, once the page is scrolled to it.
//!
//! Without Chromium the test prints `SKIPPED: …` and passes (see `common::chromium_or_skip`).

mod common;
use common::cdp::Cdp;
use common::{article, chromium_or_skip, write};

use std::path::Path;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use kuaixun::build::{build, BuildOptions};

/// A fake comment system: `twikoo.init` writes what it was given into the box.
const FAKE_TWIKOO: &str = "window.twikoo = { init: function (o) { document.querySelector(o.el).textContent = 'loaded:' + o.envId; } };";

/// `/fake-twikoo.js`, served by the test's file server.
fn fake_twikoo(path: &str) -> Option<(Vec<u8>, &'static str)> {
    (path == "/fake-twikoo.js").then(|| (FAKE_TWIKOO.as_bytes().to_vec(), "text/javascript"))
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
    let browser = Guard(common::cdp::spawn_headless(
        chromium,
        profile,
        url,
        &["--window-size=800,600"],
    ));
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
    let port = common::files::serve(out.clone(), log.clone(), fake_twikoo);
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
