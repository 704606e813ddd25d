//! Embeds in a real browser: headless Chromium opens a built article with a Bilibili
//! shortcode and a callout. The placeholder has no iframe until the play button is clicked,
//! then the player iframe (and only the validated player URL) appears; the callout's
//! computed colours differ between light and dark mode.
//!
//! Without Chromium the test prints `SKIPPED: …` and passes (see `common::chromium_or_skip`).

mod common;
use common::cdp::Cdp;
use common::{article, chromium_or_skip, write};

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use kuaixun::build::{build, BuildOptions};
use tungstenite::Message;

/// Kills a child process when dropped.
struct Guard(std::process::Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Sends one CDP command and waits for its answer.
fn command(cdp: &mut Cdp, method: &str, params: serde_json::Value) {
    cdp.next_id += 1;
    let id = cdp.next_id;
    let msg = serde_json::json!({ "id": id, "method": method, "params": params });
    cdp.ws.send(Message::text(msg.to_string())).unwrap();
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline {
        let m = cdp.ws.read().unwrap();
        let Ok(text) = m.to_text() else { continue };
        let Ok(v) = serde_json::from_str::<serde_json::Value>(text) else {
            continue;
        };
        if v["id"] == id {
            assert!(v["error"].is_null(), "{method}: {v}");
            return;
        }
    }
    panic!("no answer to {method}");
}

#[test]
fn bilibili_placeholder_becomes_an_iframe_and_callouts_follow_dark_mode() {
    let Some(chromium) = chromium_or_skip() else {
        return;
    };
    let log = Arc::new(Mutex::new(Vec::new()));
    let site = tempfile::tempdir().unwrap();
    let out = site.path().join("out");
    let port = common::files::serve(out.clone(), log.clone(), |_| None);
    write(
        site.path(),
        "config.yaml",
        format!("title: 嵌入测试\nbase_url: http://127.0.0.1:{port}/\n"),
    );
    article(
        site.path(),
        "embed",
        "title: 发布会视频\ndate: 2025-11-20\nslug: embed",
        "发布会的完整回放如下。\n\n{{ bilibili(id=\"BV1GJ411x7h7\", title=\"发布会回放\") }}\n\n{% callout(type=\"warning\") %}\n视频较长，建议连接无线网络后观看。\n{% end %}\n",
    );
    // an article without embeds loads no embed script
    article(
        site.path(),
        "plain",
        "title: 普通文章\ndate: 2025-11-19\nslug: plain",
        "没有任何嵌入内容。\n",
    );
    let mut opts = BuildOptions::new(site.path());
    opts.output = Some(out.clone());
    build(&opts).unwrap_or_else(|e| panic!("build failed: {e}"));
    let plain = std::fs::read_to_string(out.join("posts/plain/index.html")).unwrap();
    assert!(!plain.contains("embeds"), "{plain}");

    let profile = tempfile::tempdir().unwrap();
    let url = format!("http://127.0.0.1:{port}/posts/embed/");
    let _browser = Guard(common::cdp::spawn_headless(
        &chromium,
        profile.path(),
        &url,
        &[
            "--window-size=800,600",
            "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
        ],
    ));
    let mut cdp = Cdp::attach(profile.path(), "/posts/embed/");
    let ready = "location.pathname + '|' + document.readyState + '|' + document.querySelectorAll('iframe').length + '|' + !!document.querySelector('.kx-embed-bilibili .kx-embed-play')";
    cdp.wait_for(20, "the article", ready, |v| {
        v.as_str()
            .is_some_and(|s| s.starts_with("/posts/embed/|complete|"))
    });
    assert_eq!(
        cdp.eval(ready),
        serde_json::Value::from("/posts/embed/|complete|0|true"),
        "an iframe before the click"
    );
    assert!(
        log.lock()
            .unwrap()
            .iter()
            .any(|p| p.starts_with("/js/embeds")),
        "embeds.js not loaded: {:?}",
        log.lock().unwrap()
    );

    // Light mode first, then the same callout in dark mode.
    let colours = "(() => { const c = getComputedStyle(document.querySelector('.kx-callout-warning')); const t = getComputedStyle(document.querySelector('.kx-callout-title')); return c.backgroundColor + '|' + c.borderLeftColor + '|' + t.color + '|' + c.color; })()";
    command(
        &mut cdp,
        "Emulation.setEmulatedMedia",
        serde_json::json!({ "features": [{ "name": "prefers-color-scheme", "value": "light" }] }),
    );
    let light = cdp.eval(colours);
    command(
        &mut cdp,
        "Emulation.setEmulatedMedia",
        serde_json::json!({ "features": [{ "name": "prefers-color-scheme", "value": "dark" }] }),
    );
    let dark = cdp.eval(colours);
    let (light, dark) = (light.as_str().unwrap(), dark.as_str().unwrap());
    let l: Vec<&str> = light.split('|').collect();
    let d: Vec<&str> = dark.split('|').collect();
    assert_eq!(
        l[0], "rgb(255, 248, 230)",
        "light callout background: {light}"
    );
    for i in 0..4 {
        assert_ne!(
            l[i], d[i],
            "colour {i} same in light and dark: {light} / {dark}"
        );
    }

    // Click: the placeholder becomes the player iframe with the validated URL.
    cdp.eval("document.querySelector('.kx-embed-bilibili .kx-embed-play').click()");
    let iframe = "(() => { const f = document.querySelector('.kx-embed-bilibili iframe'); return f ? f.src + '|' + f.title + '|' + !!document.querySelector('.kx-embed-play') : ''; })()";
    cdp.wait_for(10, "the iframe", iframe, |v| {
        v.as_str().is_some_and(|s| !s.is_empty())
    });
    assert_eq!(
        cdp.eval(iframe),
        serde_json::Value::from(
            "https://player.bilibili.com/player.html?bvid=BV1GJ411x7h7&page=1&autoplay=1|发布会回放|false"
        )
    );

    // A placeholder whose URL was tampered with in the page does not become an iframe.
    let tampered = "(() => { const b = document.querySelector('.kx-embed-bilibili'); const n = b.cloneNode(true); n.querySelector('.kx-embed-frame').innerHTML = '<button type=\"button\" class=\"kx-embed-play\">x</button>'; n.setAttribute('data-src', 'javascript:alert(1)'); n.id = 'tampered'; document.body.appendChild(n); n.querySelector('.kx-embed-play').click(); return document.querySelectorAll('#tampered iframe').length; })()";
    assert_eq!(cdp.eval(tampered), serde_json::Value::from(0));
}
