//! `kuaixun serve` end to end: the real binary on a temp site, spoken to over plain HTTP/1.1.

use std::fs;
use std::net::TcpListener;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

mod common;

use common::server::{start, wait_for};

/// `(status, headers, body)` of `GET target`; the target is sent exactly as given.
pub fn get(port: u16, target: &str) -> (u16, String, String) {
    try_get(port, target).unwrap_or_else(|| panic!("GET {target} failed"))
}

pub fn try_get(port: u16, target: &str) -> Option<(u16, String, String)> {
    let (status, head, body) = common::server::get(port, target)?;
    Some((status, head, String::from_utf8_lossy(&body).into_owned()))
}

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, text).unwrap();
}

pub fn fixture() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let r = tmp.path();
    write(
        r,
        "config.yaml",
        "title: 快讯测试站\nbase_url: https://news.example.com/\npaginate: 10\nslug_style: unicode\n",
    );
    write(
        r,
        "content/posts/h200.md",
        "---\ntitle: 英伟达发布 H200\ndate: 2025-11-20 10:30:00\nslug: h200\ntags: [人工智能, GPU]\n---\n显存带宽提升。\n",
    );
    write(
        r,
        "content/posts/riscv.md",
        "---\ntitle: RISC-V 芯片量产\ndate: 2025-11-18\nslug: riscv\ntags: [芯片]\n---\n开源指令集继续扩张。\n",
    );
    write(
        r,
        "content/posts/cooling.md",
        "---\ntitle: 液冷数据中心\ndate: 2025-11-10\nslug: cooling\ntags: [人工智能]\n---\n散热。\n",
    );
    write(
        r,
        "content/posts/secret.md",
        "---\ntitle: 尚未发布的草稿\ndate: 2025-11-11\nslug: secret\ndraft: true\n---\n草稿正文。\n",
    );
    write(
        r,
        "static/images/a.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    tmp
}

fn set_title(root: &Path, title: &str) {
    write(
        root,
        "content/posts/h200.md",
        &format!("---\ntitle: {title}\ndate: 2025-11-20 10:30:00\nslug: h200\ntags: [人工智能, GPU]\n---\n显存带宽提升。\n"),
    );
}

#[test]
fn serves_rebuilds_and_reports_errors() {
    let site = fixture();
    let root = site.path();
    let srv = start(root, &[]);
    let port = srv.port;

    // Pages, the reload script, the serve base URL, drafts with their badge.
    let (status, head, body) = get(port, "/posts/h200/");
    assert_eq!(status, 200, "{head}");
    assert!(head.contains("text/html; charset=utf-8"), "{head}");
    assert!(body.contains("英伟达发布 H200"));
    assert!(body.contains("/__kuaixun/events"), "reload script injected");
    assert!(body.contains(&format!("http://127.0.0.1:{port}/posts/h200/")));
    let (status, _, body) = get(port, "/posts/secret/");
    assert_eq!(status, 200, "drafts are served by default");
    assert!(body.contains("草稿"));
    let (_, _, index) = get(port, "/");
    assert!(index.contains("badge-draft"), "draft badge on list pages");

    // Redirect without slash, content types, static files, status endpoint.
    let (status, head, _) = get(port, "/posts/h200");
    assert_eq!(status, 301, "{head}");
    assert!(head.contains("Location: /posts/h200/"), "{head}");
    let (status, head, _) = get(port, "/images/a.svg");
    assert_eq!(status, 200);
    assert!(head.contains("image/svg+xml"), "{head}");
    let (_, head, _) = get(port, "/css/style.css");
    assert!(head.contains("text/css"), "{head}");
    let (_, head, body) = get(port, "/atom.xml");
    assert!(head.contains("xml"), "{head}");
    assert!(!body.contains("__kuaixun"), "no script in feeds");
    let (_, _, status_json) = get(port, "/__kuaixun/status");
    assert!(status_json.contains("\"ok\":true"), "{status_json}");

    // A Chinese tag URL, percent-encoded.
    let (status, _, body) = get(port, "/tags/%E4%BA%BA%E5%B7%A5%E6%99%BA%E8%83%BD/");
    assert_eq!(status, 200);
    assert!(body.contains("液冷数据中心") && body.contains("英伟达发布 H200"));

    // Unknown paths: the site's 404 page with status 404.
    let (status, _, body) = get(port, "/no/such/page/");
    assert_eq!(status, 404);
    let (_, _, own404) = get(port, "/404.html");
    assert!(body.contains("<html") && own404.contains("<html"));
    assert_eq!(
        body.split("<title>").nth(1),
        own404.split("<title>").nth(1),
        "404 body is the site's 404.html"
    );

    // Traversal attempts never reach files outside the site.
    for bad in [
        "/../Cargo.toml",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/..%2f..%2fetc/passwd",
        "/..\\..\\config.yaml",
        "/static/../config.yaml",
        "/config.yaml",
        "/content/posts/h200.md",
    ] {
        let (status, _, body) = get(port, bad);
        assert!(status == 400 || status == 404, "{bad}: {status}");
        assert!(
            !body.contains("root:") && !body.contains("[package]") && !body.contains("slug: h200"),
            "{bad} leaked a file"
        );
    }

    // Edit a title: the new title is served within a second.
    set_title(root, "英伟达发布 H200：新标题");
    wait_for(1.0, "new title served", || {
        get(port, "/posts/h200/")
            .2
            .contains("英伟达发布 H200：新标题")
    });
    assert!(get(port, "/").2.contains("英伟达发布 H200：新标题"));
    wait_for(2.0, "feed updated", || {
        get(port, "/atom.xml").2.contains("英伟达发布 H200：新标题")
    });

    // Break the YAML: the error is reported, the last good page still served.
    write(
        root,
        "content/posts/h200.md",
        "---\ntitle: [坏掉的\ndate: 2025-11-20\n---\n正文\n",
    );
    wait_for(2.0, "error reported", || {
        get(port, "/__kuaixun/status").2.contains("\"ok\":false")
    });
    let (_, _, status_json) = get(port, "/__kuaixun/status");
    assert!(
        status_json.contains("content/posts/h200.md:"),
        "{status_json}"
    );
    let (status, _, body) = get(port, "/posts/h200/");
    assert_eq!(status, 200);
    assert!(body.contains("英伟达发布 H200：新标题"));

    // A broken template is reported too.
    write(
        root,
        "templates/article.html",
        "{% extends \"base.html\" %}{% block content %}{{ oops",
    );
    wait_for(2.0, "template error reported", || {
        get(port, "/__kuaixun/status")
            .2
            .contains("templates/article.html")
    });

    // Fix both: the error clears and the page updates.
    fs::remove_file(root.join("templates/article.html")).unwrap();
    set_title(root, "修好了的标题");
    wait_for(2.0, "error cleared", || {
        get(port, "/__kuaixun/status").2.contains("\"ok\":true")
    });
    wait_for(1.0, "fixed title served", || {
        get(port, "/posts/h200/").2.contains("修好了的标题")
    });

    // New and deleted articles.
    write(
        root,
        "content/posts/new.md",
        "---\ntitle: 新加的文章\ndate: 2025-11-21\nslug: fresh\ntags: [芯片]\n---\n新的。\n",
    );
    wait_for(1.0, "new article served", || {
        get(port, "/posts/fresh/").0 == 200
    });
    assert!(get(port, "/tags/%E8%8A%AF%E7%89%87/")
        .2
        .contains("新加的文章"));
    fs::remove_file(root.join("content/posts/new.md")).unwrap();
    wait_for(1.0, "deleted article gone", || {
        get(port, "/posts/fresh/").0 == 404
    });
    assert!(!get(port, "/tags/%E8%8A%AF%E7%89%87/")
        .2
        .contains("新加的文章"));

    // Static files are re-copied.
    write(root, "static/images/a.svg", "<svg id=\"changed\"/>");
    wait_for(1.0, "static file updated", || {
        get(port, "/images/a.svg").2.contains("changed")
    });

    // A config change rebuilds everything.
    write(
        root,
        "config.yaml",
        "title: 改名后的测试站\nbase_url: https://news.example.com/\npaginate: 10\nslug_style: unicode\n",
    );
    wait_for(2.0, "config change applied", || {
        get(port, "/").2.contains("改名后的测试站")
    });

    // templates/ did not exist when the server started; it is watched now.
    write(
        root,
        "templates/404.html",
        "{% extends \"base.html\" %}{% block content %}自定义的找不到页面{% endblock content %}",
    );
    wait_for(2.0, "new template used", || {
        get(port, "/nope/").2.contains("自定义的找不到页面")
    });

    // serve never writes into public/.
    assert!(!root.join("public").exists());
}

#[test]
fn no_drafts_hides_drafts_and_build_has_no_script() {
    let site = fixture();
    let root = site.path();
    let srv = start(root, &["--no-drafts"]);
    assert_eq!(get(srv.port, "/posts/secret/").0, 404);
    assert_eq!(get(srv.port, "/posts/h200/").0, 200);
    drop(srv);

    let out = root.join("out");
    let status = Command::new(env!("CARGO_BIN_EXE_kuaixun"))
        .args(["build", "--drafts", "--root"])
        .arg(root)
        .arg("--output")
        .arg(&out)
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let mut html = 0;
    for e in walkdir::WalkDir::new(&out).into_iter().flatten() {
        if e.file_type().is_file() {
            let text = fs::read(e.path()).unwrap();
            let text = String::from_utf8_lossy(&text);
            assert!(
                !text.contains("__kuaixun") && !text.contains("EventSource"),
                "{} has the reload script",
                e.path().display()
            );
            html += usize::from(e.path().extension().is_some_and(|x| x == "html"));
        }
    }
    assert!(html > 5);
}

#[test]
fn a_site_that_does_not_build_still_starts_and_recovers() {
    let site = fixture();
    let root = site.path();
    write(root, "config.yaml", "title: [坏的配置\n");
    let srv = start(root, &[]);
    let (status, _, body) = get(srv.port, "/");
    assert_eq!(status, 500);
    assert!(
        body.contains("config.yaml") && body.contains("/__kuaixun/events"),
        "{body}"
    );
    write(root, "config.yaml", "title: 好了\nslug_style: unicode\n");
    wait_for(2.0, "the site builds after the fix", || {
        let (status, _, body) = get(srv.port, "/");
        status == 200 && body.contains("好了")
    });
}

#[test]
fn future_flag_and_ctrl_c() {
    let site = fixture();
    let root = site.path();
    write(
        root,
        "content/posts/later.md",
        "---\ntitle: 明年才发布的预告\ndate: 2099-01-01 08:00\nslug: later\n---\n预告正文。\n",
    );
    let plain = start(root, &[]);
    assert_eq!(get(plain.port, "/posts/later/").0, 404);
    assert!(!get(plain.port, "/").2.contains("明年才发布的预告"));
    drop(plain);

    let mut future = start(root, &["--future"]);
    let (status, _, body) = get(future.port, "/posts/later/");
    assert_eq!(status, 200);
    assert!(body.contains("明年才发布的预告"));

    // Ctrl-C (SIGINT) stops the server cleanly: exit code 0, the port is released.
    let pid = future.child.id().to_string();
    assert!(Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .unwrap()
        .success());
    let deadline = Instant::now() + Duration::from_secs(5);
    let status = loop {
        if let Some(s) = future.child.try_wait().unwrap() {
            break s;
        }
        assert!(Instant::now() < deadline, "still running 5 s after SIGINT");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "exit status after SIGINT: {status:?}");
    assert!(
        TcpListener::bind(("127.0.0.1", future.port)).is_ok(),
        "port released"
    );
}
