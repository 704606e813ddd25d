//! Symlinks in `content/`, `static/` and `templates/`: followed inside the site folder (and
//! into `allow_symlinks_to`), refused with an error naming the link everywhere else, in
//! `build`, `check` and `serve`. Real binary runs.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::time::Duration;

use common::*;
use tempfile::TempDir;

const SECRET: &str = "机密：不应发布的文件";
const OUTSIDE: &str = "outside the site folder; kuaixun does not follow links out of the site (list the folder in allow_symlinks_to in config.yaml to allow it)";

/// A small site that builds, and a folder beside it holding a secret file, a secret
/// article and a secret template.
fn fixture() -> (TempDir, TempDir) {
    let site = site(&[
        (
            "config.yaml",
            "title: 快讯测试站\nbase_url: https://news.example.com/\n",
        ),
        (
            "content/posts/2026/h200.md",
            &md(
                "title: 英伟达发布 H200\ndate: 2026-01-20 10:30:00\nslug: h200",
                "显存带宽提升。\n",
            ),
        ),
        ("static/images/2026/a.png", "PNG 图片"),
    ]);
    let outside = tempfile::Builder::new()
        .prefix("kuaixun-outside-")
        .tempdir()
        .unwrap();
    write(outside.path(), "secret.txt", SECRET);
    write(
        outside.path(),
        "secret.md",
        md("title: 外部文章\ndate: 2026-01-01\nslug: leak", SECRET),
    );
    write(
        outside.path(),
        "posts/leak.md",
        md("title: 外部文章\ndate: 2026-01-01\nslug: leak2", SECRET),
    );
    write(outside.path(), "article.html", format!("<p>{SECRET}</p>"));
    (site, outside)
}

fn canonical(p: &Path) -> PathBuf {
    p.canonicalize().unwrap()
}

fn build_run(root: &Path) -> std::process::Output {
    let out = root.join("public");
    run([
        "build".as_ref(),
        "--root".as_ref(),
        root.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ])
}

/// Every output file and its bytes.
fn snapshot(out: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    files(out)
        .into_iter()
        .map(|p| {
            (
                p.strip_prefix(out).unwrap().to_path_buf(),
                fs::read(&p).unwrap(),
            )
        })
        .collect()
}

/// The build fails with exactly `expected` (one `error: ` line each), the earlier output
/// stays byte for byte, and `check` reports the same errors (exit 1).
#[track_caller]
fn refused(root: &Path, expected: &[String]) {
    let before = snapshot(&root.join("public"));
    let out = build_run(root);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let want: Vec<String> = expected.iter().map(|e| format!("error: {e}")).collect();
    assert_eq!(stderr(&out).trim_end().lines().collect::<Vec<_>>(), want);
    let after = snapshot(&root.join("public"));
    assert!(before == after, "the previous output changed");
    for bytes in after.values() {
        assert!(
            !String::from_utf8_lossy(bytes).contains(SECRET),
            "published the secret"
        );
    }

    let out = check_cli(root, &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let text = stdout(&out);
    for e in expected {
        assert!(
            text.contains(&format!("error: {e}\n")),
            "{e}\nnot in:\n{text}"
        );
    }
    let out = check_cli(root, &["--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let kinds: Vec<&str> = json["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"symlink"), "{json}");
}

#[test]
fn a_static_link_out_of_the_site_is_an_error() {
    let (site, outside) = fixture();
    let root = site.path();
    build_cli(root, &[]);
    symlink(outside.path().join("secret.txt"), root.join("static/x.txt")).unwrap();
    let target = canonical(&outside.path().join("secret.txt"));
    refused(
        root,
        &[format!(
            "static/x.txt: a symlink to {}, {OUTSIDE}",
            target.display()
        )],
    );
    // A folder link is refused the same way (and not walked).
    fs::remove_file(root.join("static/x.txt")).unwrap();
    symlink(outside.path(), root.join("static/files")).unwrap();
    refused(
        root,
        &[format!(
            "static/files: a symlink to {}, {OUTSIDE}",
            canonical(outside.path()).display()
        )],
    );
}

#[test]
fn content_links_out_of_the_site_are_errors() {
    let (site, outside) = fixture();
    let root = site.path();
    build_cli(root, &[]);
    // A Markdown file.
    symlink(
        outside.path().join("secret.md"),
        root.join("content/posts/leak.md"),
    )
    .unwrap();
    let target = canonical(&outside.path().join("secret.md"));
    refused(
        root,
        &[format!(
            "content/posts/leak.md: a symlink to {}, {OUTSIDE}",
            target.display()
        )],
    );
    // A folder, deeper down.
    fs::remove_file(root.join("content/posts/leak.md")).unwrap();
    symlink(
        outside.path().join("posts"),
        root.join("content/posts/2026/more"),
    )
    .unwrap();
    let target = canonical(&outside.path().join("posts"));
    refused(
        root,
        &[format!(
            "content/posts/2026/more: a symlink to {}, {OUTSIDE}",
            target.display()
        )],
    );
}

#[test]
fn a_template_link_out_of_the_site_is_an_error() {
    let (site, outside) = fixture();
    let root = site.path();
    build_cli(root, &[]);
    fs::create_dir_all(root.join("templates")).unwrap();
    symlink(
        outside.path().join("article.html"),
        root.join("templates/article.html"),
    )
    .unwrap();
    let target = canonical(&outside.path().join("article.html"));
    refused(
        root,
        &[format!(
            "templates/article.html: a symlink to {}, {OUTSIDE}",
            target.display()
        )],
    );
}

#[test]
fn links_inside_the_site_work_everywhere() {
    let (site, _outside) = fixture();
    let root = site.path();
    // A static file, a content folder (twice: into content/ and beside it) and a template.
    symlink("images/2026/a.png", root.join("static/latest.png")).unwrap();
    symlink("posts/2026", root.join("content/featured")).unwrap();
    write(
        root,
        "shared/news/gpu.md",
        md(
            "title: 共享文章\ndate: 2026-01-21\nslug: gpu",
            "共享正文。\n",
        ),
    );
    symlink("../shared/news", root.join("content/shared")).unwrap();
    let theme_article = include_str!("../templates/article.html");
    write(
        root,
        "layouts/article.html",
        theme_article.replacen("</article>", "<p>站点模板生效</p></article>", 1),
    );
    fs::create_dir_all(root.join("templates")).unwrap();
    symlink(
        "../layouts/article.html",
        root.join("templates/article.html"),
    )
    .unwrap();

    let out = build_cli(root, &[]);
    assert_eq!(read(&out, "latest.png"), "PNG 图片");
    assert_eq!(read(&out, "images/2026/a.png"), "PNG 图片");
    assert_has(&read(&out, "posts/h200/index.html"), "站点模板生效");
    assert_has(&read(&out, "posts/gpu/index.html"), "共享正文");
    assert_has(&read(&out, "posts/gpu/index.html"), "站点模板生效");

    let check = check_cli(root, &[]);
    assert_success(&check);
    assert!(stdout(&check).contains("0 errors"), "{}", stdout(&check));
}

#[test]
fn allow_symlinks_to_lets_chosen_folders_in() {
    let (site, outside) = fixture();
    let root = site.path();
    symlink(outside.path().join("secret.txt"), root.join("static/x.txt")).unwrap();
    symlink(outside.path().join("posts"), root.join("content/more")).unwrap();
    // Absolute, and relative to the site folder.
    let rel = format!(
        "../{}",
        outside.path().file_name().unwrap().to_string_lossy()
    );
    for listed in [outside.path().display().to_string(), rel] {
        write(
            root,
            "config.yaml",
            format!("title: 快讯测试站\nallow_symlinks_to:\n  - {listed}\n"),
        );
        let out = build_cli(root, &[]);
        assert_eq!(read(&out, "x.txt"), SECRET);
        assert_has(&read(&out, "posts/leak2/index.html"), SECRET);
        assert_success(&check_cli(root, &[]));
    }

    // A folder that does not exist is a config error at its line.
    write(
        root,
        "config.yaml",
        format!(
            "title: 快讯测试站\nallow_symlinks_to:\n  - {}\n  - /srv/kuaixun-shared\n",
            outside.path().display()
        ),
    );
    let out = build_run(root);
    assert_eq!(out.status.code(), Some(1));
    let expected = "error: config.yaml:4: allow_symlinks_to: `/srv/kuaixun-shared` does not exist (list folders that exist, absolute or relative to the site folder)";
    assert_eq!(stderr(&out).trim_end(), expected);
    // `check` says the same, and still follows the links into the folder that exists.
    let out = check_cli(root, &[]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stdout(&out),
        format!("{expected}\n1 error, 0 warnings\n"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn loops_and_dangling_links_name_the_link() {
    let (site, _outside) = fixture();
    let root = site.path();
    build_cli(root, &[]);
    symlink("b.md", root.join("content/posts/a.md")).unwrap();
    symlink("a.md", root.join("content/posts/b.md")).unwrap();
    refused(
        root,
        &[
            "content/posts/a.md: a symlink to b.md that never ends: the links lead back to each other (a symlink loop)".into(),
            "content/posts/b.md: a symlink to a.md that never ends: the links lead back to each other (a symlink loop)".into(),
        ],
    );
    fs::remove_file(root.join("content/posts/a.md")).unwrap();
    fs::remove_file(root.join("content/posts/b.md")).unwrap();
    symlink("../..", root.join("content/posts/up")).unwrap();
    refused(
        root,
        &[format!(
            "content/posts/up: a symlink to {}, a folder that contains the link (a symlink loop)",
            canonical(root).display()
        )],
    );
    fs::remove_file(root.join("content/posts/up")).unwrap();
    symlink("images/2026/b.png", root.join("static/gone.png")).unwrap();
    refused(
        root,
        &["static/gone.png: a symlink to images/2026/b.png, which does not exist".into()],
    );
}

fn serve(root: &Path) -> common::server::Server {
    common::server::start(root, &[])
}

/// `(status, body)` of `GET target`.
fn get(port: u16, target: &str) -> Option<(u16, String)> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    write!(
        s,
        "GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).ok()?;
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head.split_whitespace().nth(1)?.parse().ok()?;
    Some((status, body.to_string()))
}

fn wait_for(what: &str, cond: impl FnMut() -> bool) {
    common::server::wait_for(10.0, what, cond);
}

fn status(port: u16) -> String {
    get(port, "/__kuaixun/status")
        .map(|(_, b)| b)
        .unwrap_or_default()
}

#[test]
fn serve_refuses_links_added_while_serving() {
    let (site, outside) = fixture();
    let root = site.path();
    symlink("images/2026/a.png", root.join("static/latest.png")).unwrap();
    let server = serve(root);
    let port = server.port;
    assert!(status(port).contains("\"ok\":true"), "{}", status(port));
    assert_eq!(get(port, "/latest.png").unwrap(), (200, "PNG 图片".into()));

    // A link to a folder of the site, added while serving: its articles are not doubled.
    symlink("posts/2026", root.join("content/featured")).unwrap();
    article(
        root,
        "new",
        "title: 新文章\ndate: 2026-01-22\nslug: new",
        "新正文。",
    );
    wait_for("the new article is served", || {
        get(port, "/posts/new/").is_some_and(|(s, _)| s == 200)
    });
    assert!(status(port).contains("\"ok\":true"), "{}", status(port));

    let target = canonical(&outside.path().join("secret.txt"));
    let message = format!("static/x.txt: a symlink to {}, {OUTSIDE}", target.display());
    symlink(&target, root.join("static/x.txt")).unwrap();
    wait_for("the rebuild fails", || {
        status(port).contains("\"ok\":false")
    });
    assert!(status(port).contains(&message), "{}", status(port));
    let (code, body) = get(port, "/x.txt").unwrap();
    assert_eq!(code, 404);
    assert!(!body.contains(SECRET));
    // The last good site is still served.
    assert_eq!(get(port, "/posts/h200/").unwrap().0, 200);

    // Gone again: the site builds.
    fs::remove_file(root.join("static/x.txt")).unwrap();
    wait_for("the site builds again", || {
        status(port).contains("\"ok\":true")
    });

    // A folder of articles linked in while serving.
    symlink(outside.path().join("posts"), root.join("content/more")).unwrap();
    let message = format!(
        "content/more: a symlink to {}, {OUTSIDE}",
        canonical(&outside.path().join("posts")).display()
    );
    wait_for("the rebuild fails", || {
        status(port).contains("\"ok\":false")
    });
    assert!(status(port).contains(&message), "{}", status(port));
    assert_eq!(get(port, "/posts/leak2/").unwrap().0, 404);
}

#[test]
fn serve_refuses_outside_links_from_the_start() {
    let (site, outside) = fixture();
    let root = site.path();
    symlink(
        outside.path().join("secret.txt"),
        root.join("static/leak.txt"),
    )
    .unwrap();
    symlink(outside.path(), root.join("static/outdir")).unwrap();
    let server = serve(root);
    let port = server.port;
    let status_json = status(port);
    assert!(status_json.contains("\"ok\":false"), "{status_json}");
    assert!(
        status_json.contains("static/leak.txt: a symlink to "),
        "{status_json}"
    );
    assert!(
        status_json.contains("static/outdir: a symlink to "),
        "{status_json}"
    );
    for target in ["/leak.txt", "/outdir/secret.txt"] {
        let (code, body) = get(port, target).unwrap();
        // Nothing was built: the error page, not the file.
        assert_eq!(code, 500, "{target}");
        assert!(!body.contains(SECRET), "{target} leaked the outside file");
    }
    // With the outside links gone, a link inside the site is served.
    fs::remove_file(root.join("static/leak.txt")).unwrap();
    fs::remove_file(root.join("static/outdir")).unwrap();
    symlink("images/2026/a.png", root.join("static/latest.png")).unwrap();
    wait_for("the site builds", || status(port).contains("\"ok\":true"));
    assert_eq!(get(port, "/latest.png").unwrap(), (200, "PNG 图片".into()));
    assert_eq!(get(port, "/outdir/secret.txt").unwrap().0, 404);
}
