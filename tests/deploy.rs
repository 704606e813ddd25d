//! `kuaixun deploy` against a real S3-compatible server: moto's server mode
//! (`python3 -m moto.server`, installed by `.ci/run` with `pip install 'moto[server]'`). It
//! is real S3 API behaviour in a local process (ETags, listing, headers, signature checks
//! when auth is on) and installs in seconds from PyPI, where s3s-fs would need a long
//! `cargo install` on every fresh CI machine. Each test starts its own server on a free
//! 127.0.0.1 port behind a small proxy that records every request, and stops it.
//! Without moto the tests print `SKIPPED: …`, unless `KUAIXUN_REQUIRE_S3=1`.

mod common;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::*;
use s3::creds::Credentials;
use s3::{Bucket, Region};

const BUCKET: &str = "kuaixun-site";

fn moto_available() -> bool {
    Command::new("python3")
        .args(["-c", "import moto.server"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A moto server, and a proxy in front of it that logs `METHOD /path` of each request.
struct S3 {
    child: Child,
    proxy_port: u16,
    log: Arc<Mutex<Vec<String>>>,
}

impl Drop for S3 {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl S3 {
    fn start(auth: bool) -> Option<S3> {
        if !moto_available() {
            if std::env::var("KUAIXUN_REQUIRE_S3").as_deref() == Ok("1") {
                panic!(
                    "KUAIXUN_REQUIRE_S3=1 but moto is not installed (pip install 'moto[server]')"
                );
            }
            println!("SKIPPED: deploy test (moto not installed: pip install 'moto[server]')");
            eprintln!("SKIPPED: deploy test (moto not installed: pip install 'moto[server]')");
            return None;
        }
        let port = free_port();
        let mut cmd = Command::new("python3");
        cmd.args([
            "-m",
            "moto.server",
            "-H",
            "127.0.0.1",
            "-p",
            &port.to_string(),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null());
        if auth {
            // Every request is authenticated: unknown keys get InvalidAccessKeyId.
            cmd.env("INITIAL_NO_AUTH_ACTION_COUNT", "0");
        }
        let child = cmd.spawn().expect("start moto");
        let deadline = Instant::now() + Duration::from_secs(30);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "moto did not start on port {port}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        let log = Arc::new(Mutex::new(Vec::new()));
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let proxy_port = listener.local_addr().unwrap().port();
        let l = log.clone();
        std::thread::spawn(move || {
            for conn in listener.incoming().flatten() {
                let l = l.clone();
                std::thread::spawn(move || proxy(conn, port, &l));
            }
        });
        let s3 = S3 {
            child,
            proxy_port,
            log,
        };
        if !auth {
            s3.bucket().create_put().ok();
        }
        Some(s3)
    }

    fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.proxy_port)
    }

    fn bucket(&self) -> Box<Bucket> {
        let region = Region::Custom {
            region: "us-east-1".into(),
            endpoint: self.endpoint(),
        };
        let creds = Credentials::new(Some("test"), Some("test"), None, None, None).unwrap();
        Bucket::new(BUCKET, region, creds)
            .unwrap()
            .with_path_style()
    }

    /// Logged requests since the last call.
    fn take_log(&self) -> Vec<String> {
        std::mem::take(&mut *self.log.lock().unwrap())
    }

    /// Every object: key → ETag (without quotes).
    fn objects(&self) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        for page in self.bucket().list(String::new(), None).unwrap() {
            for o in page.contents {
                let etag = o.e_tag.unwrap_or_default().trim_matches('"').to_string();
                out.insert(o.key, etag);
            }
        }
        out
    }

    fn headers(&self, key: &str) -> (String, String) {
        let response = self.bucket().get_object(key).unwrap();
        let headers = response.headers();
        let get = |name: &str| {
            headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        (get("content-type"), get("cache-control"))
    }
}

trait CreateBucket {
    fn create_put(&self) -> Result<(), String>;
}

impl CreateBucket for Bucket {
    /// `PUT /bucket` (moto without auth takes any signature).
    fn create_put(&self) -> Result<(), String> {
        let endpoint = match self.region() {
            Region::Custom { endpoint, .. } => endpoint,
            _ => unreachable!(),
        };
        let addr = endpoint.trim_start_matches("http://").to_string();
        let mut s = TcpStream::connect(&addr).map_err(|e| e.to_string())?;
        write!(
            s,
            "PUT /{} HTTP/1.1\r\nHost: {addr}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            self.name()
        )
        .map_err(|e| e.to_string())?;
        let mut out = String::new();
        s.read_to_string(&mut out).ok();
        if out.starts_with("HTTP/1.1 200") {
            Ok(())
        } else {
            Err(out)
        }
    }
}

/// Forward one connection to moto, logging its request line.
fn proxy(client: TcpStream, port: u16, log: &Mutex<Vec<String>>) {
    let Ok(upstream) = TcpStream::connect(("127.0.0.1", port)) else {
        return;
    };
    let mut reader = BufReader::new(client.try_clone().unwrap());
    let mut first = String::new();
    if reader.read_line(&mut first).is_err() || first.is_empty() {
        return;
    }
    let mut parts = first.split_whitespace();
    let line = format!(
        "{} {}",
        parts.next().unwrap_or(""),
        parts.next().unwrap_or("")
    );
    log.lock().unwrap().push(line);
    let mut up_w = upstream.try_clone().unwrap();
    let mut up_r = upstream;
    let mut client_w = client;
    let t = std::thread::spawn(move || {
        let _ = up_w.write_all(first.as_bytes());
        let _ = std::io::copy(&mut reader, &mut up_w);
        let _ = up_w.shutdown(std::net::Shutdown::Write);
    });
    let _ = std::io::copy(&mut up_r, &mut client_w);
    let _ = client_w.shutdown(std::net::Shutdown::Both);
    let _ = t.join();
}

fn puts(log: &[String]) -> Vec<String> {
    let mut keys: Vec<String> = log
        .iter()
        .filter_map(|l| l.strip_prefix("PUT /"))
        .filter_map(|p| p.strip_prefix(&format!("{BUCKET}/")))
        .map(|p| {
            percent_encoding::percent_decode_str(p)
                .decode_utf8_lossy()
                .into_owned()
        })
        .filter(|k| k != ".kuaixun-deploy.json")
        .collect();
    keys.sort();
    keys
}

fn deletes(log: &[String]) -> Vec<String> {
    log.iter()
        .filter_map(|l| l.strip_prefix(&format!("DELETE /{BUCKET}/")))
        .map(|p| {
            percent_encoding::percent_decode_str(p)
                .decode_utf8_lossy()
                .into_owned()
        })
        .collect()
}

fn config(endpoint: &str) -> String {
    format!(
        "title: 快讯测试\nbase_url: https://news.example.com/\npaginate: 2\ndeploy:\n  test:\n    endpoint: {endpoint}\n    bucket: {BUCKET}\n    path_style: true\n    concurrency: 4\n"
    )
}

fn fixture(endpoint: &str) -> tempfile::TempDir {
    let dir = site(&[("config.yaml", &config(endpoint))]);
    let titles = [
        ("gpu", "英伟达发布新一代 GPU", "芯片"),
        ("model", "国产大模型开源", "人工智能"),
        ("chip", "RISC-V 芯片出货量创新高", "芯片"),
        ("cloud", "云计算厂商下调价格", "云计算"),
        ("phone", "折叠屏手机销量上涨", "手机"),
    ];
    for (i, (slug, title, tag)) in titles.iter().enumerate() {
        article(
            dir.path(),
            slug,
            &format!(
                "title: {title}\ndate: 2025-11-{:02} 10:00:00\ntags: [{tag}]\nslug: {slug}",
                10 + i
            ),
            &format!("{title}。这是正文，介绍了相关的新闻细节。"),
        );
    }
    write(dir.path(), "static/images/cover.png", b"\x89PNG fake image");
    dir
}

/// `kuaixun deploy` with the test credentials.
fn deploy(root: &Path, extra: &[&str]) -> std::process::Output {
    deploy_env(
        root,
        extra,
        &[
            ("AWS_ACCESS_KEY_ID", "test"),
            ("AWS_SECRET_ACCESS_KEY", "test"),
        ],
    )
}

fn deploy_env(root: &Path, extra: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    let mut cmd = Command::new(BIN);
    cmd.arg("deploy").arg("--root").arg(root).args(extra);
    cmd.env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .env_remove("AWS_SESSION_TOKEN")
        .env(
            "AWS_SHARED_CREDENTIALS_FILE",
            root.join("no-such-credentials"),
        );
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

/// Every file of the output: key → MD5.
fn local_md5s(out: &Path) -> BTreeMap<String, String> {
    files(out)
        .into_iter()
        .map(|p| {
            let key = p
                .strip_prefix(out)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (
                key,
                format!("{:x}", md5::compute(std::fs::read(&p).unwrap())),
            )
        })
        .collect()
}

fn without_manifest(mut m: BTreeMap<String, String>) -> BTreeMap<String, String> {
    m.remove(".kuaixun-deploy.json");
    m
}

#[test]
fn first_deploy_then_nothing_then_one_edit_then_delete() {
    let Some(s3) = S3::start(false) else { return };
    let dir = fixture(&s3.endpoint());
    let root = dir.path();
    let out = build_cli(root, &[]);
    s3.take_log();

    // First deploy: everything, with the right headers.
    let run = deploy(root, &[]);
    assert_success(&run);
    let local = local_md5s(&out);
    assert_eq!(without_manifest(s3.objects()), local, "{}", stdout(&run));
    let sent = puts(&s3.take_log());
    assert_eq!(sent.len(), local.len());
    assert!(
        stdout(&run).contains(&format!("uploaded {} files", local.len())),
        "{}",
        stdout(&run)
    );
    assert_eq!(
        s3.headers("posts/gpu/index.html"),
        (
            "text/html; charset=utf-8".into(),
            "public, max-age=60".into()
        )
    );
    let css = local
        .keys()
        .find(|k| k.starts_with("css/style.") && k.len() > "css/style.css".len())
        .unwrap();
    assert_eq!(
        s3.headers(css),
        (
            "text/css; charset=utf-8".into(),
            "public, max-age=31536000, immutable".into()
        )
    );
    assert_eq!(
        s3.headers("images/cover.png"),
        ("image/png".into(), "public, max-age=86400".into())
    );
    let (atom_type, atom_cache) = s3.headers("atom.xml");
    assert!(atom_type.ends_with("xml; charset=utf-8"), "{atom_type}");
    assert_eq!(atom_cache, "public, max-age=60");

    // Second deploy, nothing changed: nothing uploaded.
    let run = deploy(root, &[]);
    assert_success(&run);
    assert_eq!(puts(&s3.take_log()), Vec::<String>::new());
    assert!(
        stdout(&run).contains("uploaded 0 files"),
        "{}",
        stdout(&run)
    );

    // One article edited: the article and the pages that show it, nothing else.
    let before = local_md5s(&out);
    article(
        root,
        "model",
        "title: 国产大模型开源（更新）\ndate: 2025-11-11 10:00:00\ntags: [人工智能]\nslug: model",
        "国产大模型开源。更新了正文。",
    );
    build_cli(root, &[]);
    let after = local_md5s(&out);
    let changed: Vec<String> = after
        .iter()
        .filter(|(k, v)| before.get(*k) != Some(v))
        .map(|(k, _)| k.clone())
        .collect();
    let run = deploy(root, &["--dry-run"]);
    assert_success(&run);
    assert!(
        stdout(&run).contains("upload posts/model/index.html"),
        "{}",
        stdout(&run)
    );
    assert!(
        stdout(&run).contains("dry run: would upload"),
        "{}",
        stdout(&run)
    );
    assert!(puts(&s3.take_log()).is_empty(), "a dry run uploads nothing");
    let run = deploy(root, &[]);
    assert_success(&run);
    let sent = puts(&s3.take_log());
    assert_eq!(sent, changed);
    assert!(
        sent.contains(&"posts/model/index.html".to_string()),
        "{sent:?}"
    );
    assert!(sent.contains(&"atom.xml".to_string()), "{sent:?}");
    // (sitemap.xml only changes with a date: a title edit leaves it as it is.)
    assert!(sent.iter().any(|k| k.starts_with("search/")), "{sent:?}");
    assert!(
        sent.len() < after.len() / 2,
        "{} of {}",
        sent.len(),
        after.len()
    );
    assert!(
        !sent.contains(&"posts/phone/index.html".to_string()),
        "{sent:?}"
    );
    assert_eq!(without_manifest(s3.objects()), after);

    // An article removed: without --delete it stays online; with it, it goes.
    std::fs::remove_file(root.join("content/posts/phone.md")).unwrap();
    build_cli(root, &[]);
    let run = deploy(root, &[]);
    assert_success(&run);
    assert!(s3.objects().contains_key("posts/phone/index.html"));
    assert!(
        stdout(&run).contains("--delete removes them"),
        "{}",
        stdout(&run)
    );
    s3.take_log();
    let run = deploy(root, &["--delete"]);
    assert_success(&run);
    let log = s3.take_log();
    assert!(
        deletes(&log).contains(&"posts/phone/index.html".to_string()),
        "{log:?}"
    );
    assert_eq!(without_manifest(s3.objects()), local_md5s(&out));
}

#[test]
fn upload_order_assets_pages_then_feeds() {
    let Some(s3) = S3::start(false) else { return };
    let dir = fixture(&s3.endpoint());
    let root = dir.path();
    common::write(
        root,
        "config.yaml",
        config(&s3.endpoint()).replace("concurrency: 4", "concurrency: 1"),
    );
    build_cli(root, &[]);
    s3.take_log();
    assert_success(&deploy(root, &[]));
    let sent: Vec<String> = s3
        .take_log()
        .iter()
        .filter_map(|l| {
            l.strip_prefix(&format!("PUT /{BUCKET}/"))
                .map(str::to_string)
        })
        .filter(|k| k != ".kuaixun-deploy.json")
        .collect();
    let pos = |k: &str| {
        sent.iter()
            .position(|s| s == k)
            .unwrap_or_else(|| panic!("{k} not in {sent:?}"))
    };
    let first_page = sent.iter().position(|k| k.ends_with(".html")).unwrap();
    let last_asset = sent
        .iter()
        .rposition(|k| k.starts_with("css/") || k.starts_with("images/"))
        .unwrap();
    assert!(last_asset < first_page, "{sent:?}");
    let last_page = sent.iter().rposition(|k| k.ends_with(".html")).unwrap();
    assert!(last_page < pos("atom.xml"), "{sent:?}");
    // --force sends every file again; a cache_control rule from config.yaml applies.
    common::write(
        root,
        "config.yaml",
        format!(
            "{}    cache_control:\n      - {{glob: \"images/**\", value: \"public, max-age=600\"}}\n",
            config(&s3.endpoint())
        ),
    );
    let run = deploy(root, &[]);
    assert_success(&run);
    assert_eq!(puts(&s3.take_log()), ["images/cover.png"]);
    assert_eq!(s3.headers("images/cover.png").1, "public, max-age=600");
    let run = deploy(root, &["--force"]);
    assert_success(&run);
    assert_eq!(
        puts(&s3.take_log()).len(),
        files(&root.join("public")).len()
    );
    assert!(last_page < pos("sitemap.xml"), "{sent:?}");
    assert!(last_page < pos("search/manifest.json"), "{sent:?}");
}

#[test]
fn killed_deploy_rerun_finishes_the_job() {
    let Some(s3) = S3::start(false) else { return };
    let dir = fixture(&s3.endpoint());
    let root = dir.path();
    common::write(
        root,
        "config.yaml",
        config(&s3.endpoint()).replace("concurrency: 4", "concurrency: 1"),
    );
    for i in 0..400 {
        common::write(root, &format!("static/files/{i}.txt"), format!("文件 {i}"));
    }
    let out = build_cli(root, &[]);
    s3.take_log();
    let mut child = Command::new(BIN)
        .arg("deploy")
        .arg("--root")
        .arg(root)
        .env("AWS_ACCESS_KEY_ID", "test")
        .env("AWS_SECRET_ACCESS_KEY", "test")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while s3.log.lock().unwrap().len() < 100 {
        assert!(Instant::now() < deadline, "deploy made no progress");
        std::thread::sleep(Duration::from_millis(10));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let partial = without_manifest(s3.objects());
    let local = local_md5s(&out);
    assert!(
        partial.len() < local.len(),
        "killed too late: {} of {}",
        partial.len(),
        local.len()
    );
    let run = deploy(root, &[]);
    assert_success(&run);
    assert_eq!(without_manifest(s3.objects()), local);
    // And a third run has nothing left to do.
    s3.take_log();
    assert_success(&deploy(root, &[]));
    assert!(puts(&s3.take_log()).is_empty());
}

#[test]
fn bad_credentials_and_unreachable_endpoint_are_clear_errors() {
    let Some(s3) = S3::start(true) else { return };
    let dir = fixture(&s3.endpoint());
    let root = dir.path();
    build_cli(root, &[]);
    let run = deploy_env(
        root,
        &[],
        &[
            ("AWS_ACCESS_KEY_ID", "AKIAWRONGWRONGWRONG1"),
            ("AWS_SECRET_ACCESS_KEY", "nope"),
        ],
    );
    assert_eq!(run.status.code(), Some(1), "{}", stdout(&run));
    let err = stderr(&run);
    assert!(err.contains("InvalidAccessKeyId"), "{err}");
    assert!(err.contains(&s3.endpoint()), "{err}");
    assert!(err.contains("HTTP 403"), "{err}");

    let run = deploy_env(root, &[], &[]);
    assert_eq!(run.status.code(), Some(1));
    assert!(
        stderr(&run).contains("no credentials: set AWS_ACCESS_KEY_ID"),
        "{}",
        stderr(&run)
    );

    let closed = format!("http://127.0.0.1:{}", free_port());
    common::write(root, "config.yaml", config(&closed));
    let run = deploy(root, &[]);
    assert_eq!(run.status.code(), Some(1));
    let err = stderr(&run);
    assert!(
        err.contains(&closed) && err.contains("cannot reach the endpoint"),
        "{err}"
    );
}

#[test]
fn check_warns_about_key_looking_values() {
    let dir = site(&[("config.yaml", "title: t\n# old key: AKIAIOSFODNN7EXAMPLE\n")]);
    let run = check_cli(dir.path(), &[]);
    assert_success(&run);
    assert!(
        stdout(&run).contains("warning: config.yaml:2: this looks like a cloud access key"),
        "{}",
        stdout(&run)
    );
}

#[test]
fn credentials_in_config_are_refused() {
    let dir = site(&[(
        "config.yaml",
        "title: t\ndeploy:\n  prod:\n    endpoint: https://s3.example.com\n    bucket: b\n    secret_access_key: abc\n",
    )]);
    let run = deploy(dir.path(), &[]);
    assert_eq!(run.status.code(), Some(1));
    let err = stderr(&run);
    assert!(
        err.contains("config.yaml:6") && err.contains("never reads credentials"),
        "{err}"
    );
}

/// A stand-in for the Baidu and IndexNow APIs: records each request (line and body) and
/// answers with `(status, body)` chosen by path.
struct FakeApi {
    port: u16,
    seen: Arc<Mutex<Vec<(String, String)>>>,
}

impl FakeApi {
    fn start(answer: fn(&str) -> (u16, &'static str)) -> FakeApi {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let s = seen.clone();
        std::thread::spawn(move || {
            for conn in listener.incoming().flatten() {
                let mut reader = BufReader::new(conn.try_clone().unwrap());
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                let mut len = 0;
                loop {
                    let mut h = String::new();
                    reader.read_line(&mut h).unwrap();
                    if h.trim().is_empty() {
                        break;
                    }
                    if let Some(v) = h.to_ascii_lowercase().strip_prefix("content-length:") {
                        len = v.trim().parse().unwrap();
                    }
                }
                let mut body = vec![0; len];
                reader.read_exact(&mut body).unwrap();
                let path = line.split_whitespace().nth(1).unwrap_or("").to_string();
                s.lock().unwrap().push((
                    line.trim().to_string(),
                    String::from_utf8_lossy(&body).into(),
                ));
                let (status, text) = answer(&path);
                let mut conn = conn;
                let _ = write!(
                    conn,
                    "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{text}",
                    text.len()
                );
            }
        });
        FakeApi { port, seen }
    }

    fn push_config(&self) -> String {
        format!(
            "push:\n  baidu:\n    endpoint: http://127.0.0.1:{0}/urls\n  indexnow:\n    key: 0123456789abcdef\n    endpoint: http://127.0.0.1:{0}/indexnow\n",
            self.port
        )
    }

    fn take(&self) -> Vec<(String, String)> {
        std::mem::take(&mut *self.seen.lock().unwrap())
    }
}

fn push_cli(root: &Path, args: &[&str]) -> std::process::Output {
    Command::new(BIN)
        .arg("push")
        .arg("--root")
        .arg(root)
        .args(args)
        .env("KUAIXUN_BAIDU_TOKEN", "tok-123")
        .output()
        .unwrap()
}

#[test]
fn push_sends_the_documented_requests() {
    let api = FakeApi::start(|path| {
        if path.starts_with("/urls") {
            (
                200,
                r#"{"remain":4998,"success":2,"not_same_site":[],"not_valid":[]}"#,
            )
        } else {
            (202, "")
        }
    });
    let dir = site(&[(
        "config.yaml",
        &format!(
            "title: 快讯\nbase_url: https://news.example.com/\n{}",
            api.push_config()
        ),
    )]);
    let urls = [
        "https://news.example.com/posts/gpu/",
        "https://news.example.com/posts/%E8%8A%AF%E7%89%87/",
    ];
    let run = push_cli(dir.path(), &["--dry-run", urls[0], urls[1]]);
    assert_success(&run);
    assert!(
        stdout(&run).contains(&format!("push {}", urls[0])),
        "{}",
        stdout(&run)
    );
    assert!(api.take().is_empty(), "a dry run sends nothing");

    let run = push_cli(dir.path(), &[urls[0], urls[1]]);
    assert_success(&run);
    assert!(
        stdout(&run).contains("pushed 2 URLs to Baidu (4998 left today)"),
        "{}",
        stdout(&run)
    );
    assert!(
        stdout(&run).contains("pushed 2 URLs to IndexNow"),
        "{}",
        stdout(&run)
    );
    let seen = api.take();
    let baidu = seen.iter().find(|(l, _)| l.contains("/urls")).unwrap();
    assert_eq!(
        baidu.0,
        "POST /urls?site=https%3A%2F%2Fnews%2Eexample%2Ecom&token=tok%2D123 HTTP/1.1"
    );
    assert_eq!(baidu.1, urls.join("\n"));
    let indexnow = seen.iter().find(|(l, _)| l.contains("/indexnow")).unwrap();
    let json: serde_json::Value = serde_json::from_str(&indexnow.1).unwrap();
    assert_eq!(json["host"], "news.example.com");
    assert_eq!(json["key"], "0123456789abcdef");
    assert_eq!(
        json["keyLocation"],
        "https://news.example.com/0123456789abcdef.txt"
    );
    assert_eq!(json["urlList"][1], urls[1]);
    // The build writes the key file IndexNow checks.
    let out = build_cli(dir.path(), &[]);
    assert_eq!(read(&out, "0123456789abcdef.txt"), "0123456789abcdef");
}

#[test]
fn push_errors_are_warnings() {
    let api = FakeApi::start(|path| {
        if path.starts_with("/urls") {
            (401, r#"{"error":401,"message":"token is not valid"}"#)
        } else {
            (403, "")
        }
    });
    let dir = site(&[(
        "config.yaml",
        &format!(
            "title: 快讯\nbase_url: https://news.example.com/\n{}",
            api.push_config()
        ),
    )]);
    let run = push_cli(dir.path(), &["https://news.example.com/posts/a/"]);
    assert_success(&run);
    let err = stderr(&run);
    assert!(
        err.contains("warning: push: Baidu: the API answered error 401: token is not valid"),
        "{err}"
    );
    assert!(
        err.contains("warning: push: IndexNow: the API answered HTTP 403: the key is not valid"),
        "{err}"
    );
}

#[test]
fn deploy_pushes_new_and_changed_articles_only() {
    let Some(s3) = S3::start(false) else { return };
    let api = FakeApi::start(|path| {
        if path.starts_with("/urls") {
            (400, r#"{"error":400,"message":"over quota"}"#)
        } else {
            (200, "")
        }
    });
    let dir = fixture(&s3.endpoint());
    let root = dir.path();
    common::write(
        root,
        "config.yaml",
        format!("{}{}", config(&s3.endpoint()), api.push_config()),
    );
    build_cli(root, &[]);
    let run = deploy_env(
        root,
        &[],
        &[
            ("AWS_ACCESS_KEY_ID", "test"),
            ("AWS_SECRET_ACCESS_KEY", "test"),
            ("KUAIXUN_BAIDU_TOKEN", "t"),
        ],
    );
    assert_success(&run);
    assert!(
        stderr(&run).contains("warning: push: Baidu: the API answered error 400: over quota"),
        "{}",
        stderr(&run)
    );
    let seen = api.take();
    let indexnow = seen.iter().find(|(l, _)| l.contains("/indexnow")).unwrap();
    let json: serde_json::Value = serde_json::from_str(&indexnow.1).unwrap();
    assert_eq!(json["urlList"].as_array().unwrap().len(), 5, "{json}");

    article(
        root,
        "gpu",
        "title: 英伟达发布新一代 GPU（更新）\ndate: 2025-11-10 10:00:00\ntags: [芯片]\nslug: gpu",
        "更新。",
    );
    build_cli(root, &[]);
    let run = deploy_env(
        root,
        &["--dry-run"],
        &[
            ("AWS_ACCESS_KEY_ID", "test"),
            ("AWS_SECRET_ACCESS_KEY", "test"),
        ],
    );
    assert!(
        stdout(&run).contains("push https://news.example.com/posts/gpu/"),
        "{}",
        stdout(&run)
    );
    assert!(api.take().is_empty());
    assert_success(&deploy(root, &[]));
    let seen = api.take();
    let indexnow = seen.iter().find(|(l, _)| l.contains("/indexnow")).unwrap();
    let json: serde_json::Value = serde_json::from_str(&indexnow.1).unwrap();
    assert_eq!(
        json["urlList"],
        serde_json::json!(["https://news.example.com/posts/gpu/"])
    );
}

#[test]
fn news_sitemap_lists_the_last_two_days() {
    let tz = jiff::tz::TimeZone::get("Asia/Shanghai").unwrap();
    let ago = |hours: i64| {
        (jiff::Timestamp::now() - jiff::SignedDuration::from_hours(hours))
            .to_zoned_datetime(tz.clone())
            .strftime("%Y-%m-%d %H:%M:%S")
            .to_string()
    };
    let (recent, old) = (ago(3), ago(24 * 5));
    let dir = site(&[(
        "config.yaml",
        "title: 快讯日报\nbase_url: https://news.example.com/\nnews_sitemap: true\n",
    )]);
    article(
        dir.path(),
        "new",
        &format!("title: 今日芯片 & 新闻\ndate: {recent}\nslug: new"),
        "正文。",
    );
    article(
        dir.path(),
        "old",
        &format!("title: 旧闻\ndate: {old}\nslug: old"),
        "正文。",
    );
    let out = build_cli(dir.path(), &[]);
    let xml = read(&out, "news-sitemap.xml");
    roxmltree::Document::parse(&xml).expect("well-formed XML");
    assert!(xml.contains("xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\""));
    assert!(
        xml.contains("<loc>https://news.example.com/posts/new/</loc>"),
        "{xml}"
    );
    assert!(
        xml.contains("<news:name>快讯日报</news:name><news:language>zh-cn</news:language>"),
        "{xml}"
    );
    assert!(
        xml.contains("<news:title>今日芯片 &amp; 新闻</news:title>"),
        "{xml}"
    );
    assert!(!xml.contains("posts/old/"), "{xml}");
    assert!(read(&out, "robots.txt").contains("Sitemap: https://news.example.com/news-sitemap.xml"));
    // Off by default.
    let dir = site(&[("config.yaml", "title: t\n")]);
    article(
        dir.path(),
        "new",
        &format!("title: 新\ndate: {recent}"),
        "正文。",
    );
    let out = build_cli(dir.path(), &[]);
    assert!(!exists(&out, "news-sitemap.xml"));
    assert!(!read(&out, "robots.txt").contains("news-sitemap"));
}

#[test]
fn deploy_without_output_says_build_first_and_build_flag_builds() {
    let Some(s3) = S3::start(false) else { return };
    let dir = fixture(&s3.endpoint());
    let root = dir.path();
    let run = deploy(root, &[]);
    assert_eq!(run.status.code(), Some(1));
    assert!(
        stderr(&run).contains("run `kuaixun build` first (or pass --build)"),
        "{}",
        stderr(&run)
    );
    let run = deploy(root, &["--build", "--dry-run"]);
    assert_success(&run);
    assert!(stdout(&run).starts_with("built "), "{}", stdout(&run));
    assert!(puts(&s3.take_log()).is_empty());
    let run = deploy(root, &["--build"]);
    assert_success(&run);
    assert_eq!(
        without_manifest(s3.objects()),
        local_md5s(&root.join("public"))
    );
}
