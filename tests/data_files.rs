//! Data files (issue 13 §4): `data/*.yaml|yml|json|toml|csv` reach every template as
//! `data.<file stem>`; a broken one fails the build with its file and line and leaves the
//! old output alone; `serve` picks up an edit without a restart.

mod common;

use common::{assert_has, assert_lacks, build_cli, check_cli, read, run, site, stderr, write};

const CONFIG: &str = "title: 数据文件测试站\nbase_url: https://news.example.com/\n";

/// A template that prints a little of every data file.
const INDEX: &str = r#"{% extends "base.html" %}
{% block content %}
{% if data.links %}<ul id="links">{% for l in data.links %}<li><a href="{{ l.url }}">{{ l.name }}</a></li>{% endfor %}</ul>{% endif %}
<ul id="sponsors">{% for s in data.sponsors %}<li data-level="{{ s.level }}">{{ s.name }}</li>{% endfor %}</ul>
<h2 id="home">{{ data.home.title }}</h2>
<ul id="picks">{% for p in data.home.picks %}<li>{{ p.name }}</li>{% endfor %}</ul>
<table id="people">{% for r in data.people %}<tr><td>{{ r.name }}</td><td>{{ r.city }}</td></tr>{% endfor %}</table>
<p id="friends">{{ data["友情"].note }}</p>
{% endblock %}
"#;

fn fixture() -> tempfile::TempDir {
    site(&[
        ("config.yaml", CONFIG),
        (
            "content/posts/a.md",
            "---\ntitle: 第一篇\ndate: 2025-11-20\nslug: a\n---\n正文。\n",
        ),
        ("templates/index.html", INDEX),
        (
            "data/links.yaml",
            "- name: 开源社区周报\n  url: https://oss.example.org/\n- name: 芯片观察\n  url: https://chips.example.com/\n",
        ),
        (
            "data/sponsors.json",
            "[{\"name\": \"甲公司\", \"level\": 1}, {\"name\": \"乙 & 丙\", \"level\": 2}]\n",
        ),
        (
            "data/home.toml",
            "title = \"首页推荐\"\n\n[[picks]]\nname = \"国产 GPU 进展\"\n\n[[picks]]\nname = \"RISC-V 生态\"\n",
        ),
        (
            "data/people.csv",
            "name,city\n张三,北京\n李四,\"上海, 浦东\"\n",
        ),
        ("data/友情.yml", "note: 欢迎交换链接\n"),
        ("data/README.md", "这个文件不是数据，被忽略。\n"),
    ])
}

#[test]
fn every_format_is_rendered() {
    let tmp = fixture();
    let out = build_cli(tmp.path(), &[]);
    let index = read(&out, "index.html");
    assert_has(
        &index,
        r#"<ul id="links"><li><a href="https://oss.example.org/">开源社区周报</a></li><li><a href="https://chips.example.com/">芯片观察</a></li></ul>"#,
    );
    // Values are escaped like any other text.
    assert_has(
        &index,
        r#"<li data-level="1">甲公司</li><li data-level="2">乙 &amp; 丙</li>"#,
    );
    assert_has(&index, r#"<h2 id="home">首页推荐</h2>"#);
    assert_has(
        &index,
        r#"<ul id="picks"><li>国产 GPU 进展</li><li>RISC-V 生态</li></ul>"#,
    );
    assert_has(
        &index,
        "<tr><td>张三</td><td>北京</td></tr><tr><td>李四</td><td>上海, 浦东</td></tr>",
    );
    assert_has(&index, r#"<p id="friends">欢迎交换链接</p>"#);
    // The default theme's footer shows data.links on every page.
    let post = read(&out, "posts/a/index.html");
    assert_has(&post, "footer-friends");
    assert_has(
        &post,
        r#"<a href="https://chips.example.com/" rel="noopener">芯片观察</a>"#,
    );
    // check is happy too.
    let c = check_cli(tmp.path(), &[]);
    assert!(c.status.success(), "{}", common::stdout(&c));
}

#[test]
fn a_site_without_data_files_builds() {
    let tmp = site(&[
        ("config.yaml", CONFIG),
        (
            "content/posts/a.md",
            "---\ntitle: 第一篇\ndate: 2025-11-20\nslug: a\n---\n正文。\n",
        ),
    ]);
    let out = build_cli(tmp.path(), &[]);
    assert_lacks(&read(&out, "index.html"), "footer-friends");
}

/// Build, break one thing, build again: exit 1, the message, the old output untouched.
fn fails_keeping_output(file: &str, text: &str, wants: &[&str]) {
    let tmp = fixture();
    let out = build_cli(tmp.path(), &[]);
    let before = common::files(&out);
    let index = read(&out, "index.html");
    write(tmp.path(), file, text);
    let r = run([
        "build",
        "--root",
        tmp.path().to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(r.status.code(), Some(1), "{file}: {}", stderr(&r));
    let err = stderr(&r);
    for want in wants {
        assert!(err.contains(want), "{file}: wanted {want:?} in\n{err}");
    }
    assert_eq!(common::files(&out), before, "{file}: output changed");
    assert_eq!(read(&out, "index.html"), index, "{file}: index changed");
    // check reports it too.
    let c = check_cli(tmp.path(), &[]);
    assert_eq!(c.status.code(), Some(1), "check passed with {file}");
    let text = common::stdout(&c);
    for want in wants {
        assert!(
            text.contains(want),
            "check on {file}: wanted {want:?} in\n{text}"
        );
    }
}

#[test]
fn malformed_yaml_names_file_and_line() {
    fails_keeping_output(
        "data/links.yaml",
        "- name: 开源社区周报\n  url: https://oss.example.org/\n- name: [芯片观察\n  url: https://chips.example.com/\n",
        &["data/links.yaml:4:", "invalid YAML"],
    );
}

#[test]
fn malformed_json_toml_csv_name_file_and_line() {
    fails_keeping_output(
        "data/sponsors.json",
        "[\n  {\"name\": \"甲公司\"},\n  {\"name\": }\n]\n",
        &["data/sponsors.json:3:", "invalid JSON"],
    );
    fails_keeping_output(
        "data/home.toml",
        "title = \"首页推荐\"\ntitle = \"重复\"\n",
        &["data/home.toml:2:", "invalid TOML"],
    );
    fails_keeping_output(
        "data/people.csv",
        "name,city\n张三,北京\n李四\n",
        &["data/people.csv:3:", "invalid CSV"],
    );
}

#[test]
fn two_files_with_one_name_is_an_error_naming_both() {
    fails_keeping_output(
        "data/links.json",
        "[]\n",
        &["data/links.json and data/links.yaml", "data.links"],
    );
}

/// serve: editing, adding and removing data files updates the pages without a restart.
#[test]
fn serve_reloads_data_files() {
    use common::server::{start, wait_for};
    let tmp = fixture();
    let root = tmp.path();
    let server = start(root, &[]);
    let body = |target: &str| server.body(target);
    assert!(body("/").is_some_and(|b| b.contains("开源社区周报")));

    write(
        root,
        "data/links.yaml",
        "- name: 改过的友链\n  url: https://new.example.org/\n",
    );
    wait_for(5.0, "edited data file served", || {
        body("/").is_some_and(|b| b.contains("改过的友链") && !b.contains("开源社区周报"))
            && body("/posts/a/").is_some_and(|b| b.contains("改过的友链"))
    });

    // A broken file keeps the last good pages.
    write(root, "data/links.yaml", "- name: [坏\n");
    std::thread::sleep(std::time::Duration::from_millis(600));
    assert!(body("/").is_some_and(|b| b.contains("改过的友链")));

    write(root, "data/extra.json", "{\"x\": 1}");
    write(
        root,
        "data/links.yaml",
        "- name: 修好的友链\n  url: https://fixed.example.org/\n",
    );
    wait_for(5.0, "fixed data file served", || {
        body("/").is_some_and(|b| b.contains("修好的友链"))
    });

    std::fs::remove_file(root.join("data/links.yaml")).unwrap();
    wait_for(5.0, "removed data file served", || {
        body("/posts/a/").is_some_and(|b| !b.contains("footer-friends"))
            && body("/").is_some_and(|b| !b.contains("id=\"links\"") && b.contains("首页推荐"))
    });
}
