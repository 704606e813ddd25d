//! Bad input through the CLI: each case starts from a site that built successfully, breaks
//! one thing, and checks that the build fails with exit code 1, an `error: <file>:<line>: …`
//! message naming the right file, line and problem, and that the previous output is intact.
//! Also the CLI basics: `--help`, `--version`, usage errors.

mod common;

use std::fs;
use std::path::Path;
use std::process::Output;

use common::*;

const CONFIG: &str = "title: 快讯测试站\nbase_url: https://news.example.com/\npaginate: 5\n";

/// A good site, built once into `<root>/public`, with a marker file added to the output.
struct Built {
    dir: tempfile::TempDir,
    index: String,
}

impl Built {
    fn new() -> Built {
        let dir = site(&[
            ("config.yaml", CONFIG),
            (
                "content/posts/h200.md",
                &md(
                    "title: 英伟达发布 H200：显存带宽再提升\ndate: 2025-11-20 10:30\ntags: [人工智能, 芯片]",
                    "显存带宽提升了 40%。\n",
                ),
            ),
            (
                "content/posts/riscv.md",
                &md(
                    "title: RISC-V 开源芯片量产在即\ndate: 2025-11-18\ntags: [开源]",
                    "开源指令集继续扩张。\n",
                ),
            ),
        ]);
        let out = run(["build", "--root", dir.path().to_str().unwrap()]);
        assert_success(&out);
        let public = dir.path().join("public");
        fs::write(public.join("keep.txt"), "上次构建的标记").unwrap();
        let index = fs::read_to_string(public.join("index.html")).unwrap();
        assert!(index.contains("英伟达发布 H200"));
        Built { dir, index }
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) {
        write(self.root(), rel, bytes);
    }

    /// Run the build again (into the default `public/`), from the site root.
    fn rebuild(&self, extra: &[&str]) -> Output {
        let mut args = vec!["build", "--root", self.root().to_str().unwrap()];
        args.extend(extra);
        std::process::Command::new(BIN)
            .args(&args)
            .current_dir(self.root())
            .output()
            .unwrap()
    }

    /// The build failed with exit code 1, stderr has every needle, and nothing changed.
    #[track_caller]
    fn assert_failed(&self, out: &Output, needles: &[&str]) -> String {
        let err = stderr(out);
        assert_eq!(
            out.status.code(),
            Some(1),
            "exit code; stdout:\n{}\nstderr:\n{err}",
            stdout(out)
        );
        assert!(
            err.starts_with("error: "),
            "errors are printed as `error: …`:\n{err}"
        );
        for needle in needles {
            assert!(err.contains(needle), "stderr lacks {needle:?}:\n{err}");
        }
        assert!(
            !stdout(out).contains("built "),
            "no summary line on failure: {}",
            stdout(out)
        );
        self.assert_output_intact();
        err
    }

    #[track_caller]
    fn assert_output_intact(&self) {
        let public = self.root().join("public");
        assert_eq!(
            fs::read_to_string(public.join("keep.txt")).ok().as_deref(),
            Some("上次构建的标记"),
            "previous output (keep.txt) must survive a failed build"
        );
        assert_eq!(
            fs::read_to_string(public.join("index.html")).unwrap(),
            self.index,
            "index.html must be unchanged"
        );
        assert!(public.join("posts/h200/index.html").is_file());
        let left = leftover_build_folders(self.root());
        assert!(left.is_empty(), "staging folders left behind: {left:?}");
    }
}

/// The line number in `error: <file>:<line>[:<col>]: …` for `file`.
fn reported_line(stderr: &str, file: &str) -> Option<usize> {
    let prefix = format!("error: {file}:");
    let line = stderr.lines().find(|l| l.starts_with(&prefix))?;
    line[prefix.len()..].split(':').next()?.parse().ok()
}

#[test]
fn malformed_yaml_names_file_and_line() {
    let b = Built::new();
    b.write(
        "content/posts/bad.md",
        "---\ntitle: 坏掉的列表\ntags: [人工智能, 芯片\ndate: 2025-11-20\n---\n正文。\n",
    );
    let err = b.assert_failed(
        &b.rebuild(&[]),
        &["content/posts/bad.md:", "invalid YAML in front matter"],
    );
    // The list opens on line 3; the YAML parser notices on the next line.
    let line = reported_line(&err, "content/posts/bad.md");
    assert!(matches!(line, Some(3 | 4)), "line {line:?} in:\n{err}");
}

#[test]
fn missing_title() {
    let b = Built::new();
    b.write(
        "content/posts/bad.md",
        "---\ndate: 2025-11-20\ntags: [芯片]\n---\n没有标题的文章。\n",
    );
    b.assert_failed(
        &b.rebuild(&[]),
        &[
            "error: content/posts/bad.md:2: ",
            "missing required field `title`",
        ],
    );
}

#[test]
fn empty_title() {
    let b = Built::new();
    b.write(
        "content/posts/bad.md",
        "---\ndate: 2025-11-20\ntitle: \"\"\n---\n标题为空。\n",
    );
    b.assert_failed(
        &b.rebuild(&[]),
        &["error: content/posts/bad.md:3: ", "`title` is empty"],
    );
}

#[test]
fn unparseable_date() {
    let b = Built::new();
    b.write(
        "content/posts/bad.md",
        "---\ntitle: 日期写错了\ndate: 明天\n---\n正文。\n",
    );
    b.assert_failed(
        &b.rebuild(&[]),
        &["error: content/posts/bad.md:3: ", "cannot read date `明天`"],
    );
}

#[test]
fn unknown_config_key() {
    let b = Built::new();
    b.write(
        "config.yaml",
        "title: 快讯测试站\nbase_url: https://news.example.com/\npaginte: 5\n",
    );
    b.assert_failed(
        &b.rebuild(&[]),
        &["error: config.yaml:3: ", "unknown field `paginte`"],
    );
}

#[test]
fn duplicate_slug_names_both_files() {
    let b = Built::new();
    b.write(
        "content/posts/a-copy.md",
        "---\ntitle: 重复的 H200 新闻\ndate: 2025-11-21\nslug: h200\n---\n正文。\n",
    );
    let err = b.assert_failed(
        &b.rebuild(&[]),
        &[
            "content/posts/h200.md",
            "content/posts/a-copy.md",
            "/posts/h200/",
        ],
    );
    assert!(err.contains("same URL"), "{err}");
}

#[test]
fn slug_escaping_the_output_folder() {
    let b = Built::new();
    b.write(
        "content/posts/bad.md",
        "---\ntitle: 越界的 slug\ndate: 2025-11-20\nslug: ../../etc\n---\n正文。\n",
    );
    b.assert_failed(
        &b.rebuild(&[]),
        &[
            "error: content/posts/bad.md:4: ",
            "would escape the output folder",
        ],
    );
    assert!(!b.root().join("etc").exists());
}

#[test]
fn permalink_with_dot_dot() {
    let b = Built::new();
    b.write(
        "config.yaml",
        format!("{CONFIG}permalink: /posts/../../:slug/\n"),
    );
    b.assert_failed(
        &b.rebuild(&[]),
        &["error: config.yaml:4: ", "would escape the output folder"],
    );
}

#[test]
fn template_syntax_error() {
    let b = Built::new();
    b.write(
        "templates/article.html",
        "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ article.title }</h1>\n{% endblock content %}\n",
    );
    b.assert_failed(
        &b.rebuild(&[]),
        &["error: templates/article.html:3:", "template syntax error"],
    );
}

#[test]
fn template_with_unknown_variable() {
    let b = Built::new();
    b.write(
        "templates/article.html",
        "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ article.title }}</h1>\n<p>{{ editor_name }}</p>\n{% endblock content %}\n",
    );
    b.assert_failed(
        &b.rebuild(&[]),
        &[
            "error: templates/article.html:4:",
            "`editor_name` is not defined",
        ],
    );
}

#[test]
fn non_utf8_article() {
    let b = Built::new();
    let mut bytes = "---\ntitle: 编码错误\ndate: 2025-11-20\n---\n第一段。\n"
        .as_bytes()
        .to_vec();
    bytes.extend_from_slice(b"GBK \xff\xfe text\n");
    b.write("content/posts/bad.md", bytes);
    b.assert_failed(
        &b.rebuild(&[]),
        &["error: content/posts/bad.md:6:", "not valid UTF-8"],
    );
}

#[test]
fn front_matter_never_closed() {
    let b = Built::new();
    b.write(
        "content/posts/bad.md",
        "---\ntitle: 没有结束的头部\ndate: 2025-11-20\n\n正文。\n",
    );
    b.assert_failed(
        &b.rebuild(&[]),
        &["error: content/posts/bad.md:1: ", "never closed"],
    );
}

#[test]
fn tags_of_the_wrong_type() {
    let b = Built::new();
    b.write(
        "content/posts/bad.md",
        "---\ntitle: 标签写成了数字\ndate: 2025-11-20\ntags: 5\n---\n正文。\n",
    );
    b.assert_failed(
        &b.rebuild(&[]),
        &[
            "error: content/posts/bad.md:4: ",
            "`tags` must be a list of names",
        ],
    );
}

#[test]
fn output_path_that_is_a_file() {
    let b = Built::new();
    let file = b.root().join("output.txt");
    fs::write(&file, "不是文件夹").unwrap();
    let out = b.rebuild(&["-o", file.to_str().unwrap()]);
    b.assert_failed(&out, &["output.txt", "not a folder"]);
    assert_eq!(fs::read_to_string(&file).unwrap(), "不是文件夹");
}

#[test]
fn every_broken_article_is_reported_at_once() {
    let b = Built::new();
    b.write(
        "content/posts/bad-date.md",
        "---\ntitle: 日期写错了\ndate: 2025-13-45\n---\n正文。\n",
    );
    b.write(
        "content/news/bad-title.md",
        "---\ndate: 2025-11-20\n---\n正文。\n",
    );
    let err = b.assert_failed(
        &b.rebuild(&[]),
        &[
            "error: content/posts/bad-date.md:3: ",
            "error: content/news/bad-title.md:2: ",
        ],
    );
    assert_eq!(
        err.lines().filter(|l| l.starts_with("error: ")).count(),
        2,
        "{err}"
    );
}

#[test]
fn a_fixed_site_builds_again() {
    let b = Built::new();
    b.write(
        "content/posts/bad.md",
        "---\ntitle: 日期写错了\ndate: 明天\n---\n正文。\n",
    );
    b.assert_failed(&b.rebuild(&[]), &["content/posts/bad.md:3:"]);
    b.write(
        "content/posts/bad.md",
        "---\ntitle: 日期改好了\ndate: 2025-11-21\n---\n正文。\n",
    );
    assert_success(&b.rebuild(&[]));
    let public = b.root().join("public");
    let index = fs::read_to_string(public.join("index.html")).unwrap();
    assert_eq!(list_titles(&index)[0], "日期改好了");
    // A successful build replaces the whole output: the marker is gone.
    assert!(!public.join("keep.txt").exists());
    assert!(leftover_build_folders(b.root()).is_empty());
}

// ---------------------------------------------------------------------------------------
// 9. --help and --version
// ---------------------------------------------------------------------------------------

#[test]
fn help_and_version() {
    let help = run(["--help"]);
    assert_success(&help);
    let text = stdout(&help);
    assert!(text.contains("kuaixun"), "{text}");
    assert!(text.contains("build"), "{text}");
    assert!(text.contains("快讯"), "{text}");

    let version = run(["--version"]);
    assert_success(&version);
    assert_eq!(
        stdout(&version).trim(),
        format!("kuaixun {}", env!("CARGO_PKG_VERSION"))
    );

    let build_help = run(["build", "--help"]);
    assert_success(&build_help);
    let text = stdout(&build_help);
    for flag in ["--root", "--output", "--base-url", "--drafts"] {
        assert!(text.contains(flag), "build --help lacks {flag}:\n{text}");
    }
}

#[test]
fn unknown_flag_is_a_usage_error() {
    let out = run(["build", "--draft"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("--draft"), "{}", stderr(&out));
}

// ---------------------------------------------------------------------------------------
// More config and template mistakes
// ---------------------------------------------------------------------------------------

#[test]
fn invalid_config_values_name_their_line() {
    for (config, needles) in [
        (
            "title: 快讯测试站\npaginate: 0\n",
            &["error: config.yaml:2: ", "`paginate` must be at least 1"][..],
        ),
        (
            "title: 快讯测试站\n\ntimezone: 火星/基地\n",
            &["error: config.yaml:3: ", "unknown time zone `火星/基地`"][..],
        ),
        (
            "title: 快讯测试站\nbase_url: news.example.com\n",
            &["error: config.yaml:2: ", "must be a full URL"][..],
        ),
        (
            "title: [快讯\npaginate: 5\n",
            &["error: config.yaml:", "invalid YAML"][..],
        ),
    ] {
        let b = Built::new();
        b.write("config.yaml", config);
        b.assert_failed(&b.rebuild(&[]), needles);
    }
}

#[test]
fn bad_base_url_flag() {
    let b = Built::new();
    b.assert_failed(
        &b.rebuild(&["--base-url", "user.github.io/news"]),
        &["error: --base-url: ", "must be a full URL"],
    );
}

#[test]
fn unknown_nested_config_key_names_line() {
    let b = Built::new();
    b.write(
        "config.yaml",
        "title: 快讯测试站\nreading_speed:\n  cjk: 300\n  latn: 200\n",
    );
    b.assert_failed(
        &b.rebuild(&[]),
        &["error: config.yaml:4: ", "unknown field `latn`"],
    );
}

#[test]
fn bad_config_value_names_line() {
    for (config, needles) in [
        (
            "title: 快讯测试站\npaginate: 很多\n",
            ["error: config.yaml:2: ", "invalid type: string \"很多\""],
        ),
        (
            "title: 快讯测试站\nfeed_content: sumary\n",
            ["error: config.yaml:2: ", "unknown variant `sumary`"],
        ),
    ] {
        let b = Built::new();
        b.write("config.yaml", config);
        b.assert_failed(&b.rebuild(&[]), &needles);
    }
}

#[test]
fn unknown_highlight_theme_names_line() {
    let b = Built::new();
    b.write(
        "config.yaml",
        "title: 快讯测试站\nhighlight_theme: 不存在的主题\n",
    );
    b.assert_failed(&b.rebuild(&[]), &["error: config.yaml:2: ", "不存在的主题"]);
}

#[test]
fn template_extending_missing_parent_names_file() {
    let b = Built::new();
    b.write(
        "templates/article.html",
        "{% extends \"layouts/不存在.html\" %}\n{% block content %}\n{% endblock content %}\n",
    );
    b.assert_failed(
        &b.rebuild(&[]),
        &["error: templates/article.html:1:", "不存在.html"],
    );
}

#[test]
fn template_including_missing_partial_names_file_and_line() {
    let b = Built::new();
    b.write(
        "templates/article.html",
        "{% extends \"base.html\" %}\n{% block content %}\n{% include \"partials/nope.html\" %}\n{% endblock content %}\n",
    );
    b.assert_failed(
        &b.rebuild(&[]),
        &["error: templates/article.html:3:", "partials/nope.html"],
    );
}

#[test]
fn template_error_in_overridden_partial() {
    let b = Built::new();
    b.write(
        "templates/partials/item.html",
        "<li>\n  {{ item.title }}\n  {{ item.editor }}\n</li>\n",
    );
    b.assert_failed(
        &b.rebuild(&[]),
        &[
            "error: templates/partials/item.html:3:",
            "`editor` is not defined",
        ],
    );
}

// ---------------------------------------------------------------------------------------
// Output and root folders
// ---------------------------------------------------------------------------------------

#[test]
fn output_may_not_contain_the_site() {
    let b = Built::new();
    let root = b.root().to_str().unwrap().to_string();
    let out = b.rebuild(&["-o", &root]);
    b.assert_failed(&out, &["would replace the site's own sources"]);
    assert!(b.root().join("content/posts/h200.md").is_file());
}

#[test]
fn output_inside_the_site_sources_is_refused() {
    for folder in ["content", "templates", "static"] {
        let b = Built::new();
        b.write("templates/partials/item.html", "<li class=\"own\"><h2 class=\"item-title\"><a href=\"{{ item.url }}\">{{ item.title }}</a></h2></li>\n");
        b.write(
            "static/images/logo.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        );
        let target = b.root().join(folder);
        let out = b.rebuild(&["-o", target.to_str().unwrap()]);
        let still_there = [
            "content/posts/h200.md",
            "content/posts/riscv.md",
            "templates/partials/item.html",
            "static/images/logo.svg",
        ]
        .into_iter()
        .filter(|f| b.root().join(f).is_file())
        .count();
        assert_eq!(still_there, 4, "`-o {folder}` destroyed site sources");
        assert_eq!(out.status.code(), Some(1), "`-o {folder}` must be refused");
        assert!(
            stderr(&out).contains(folder),
            "error names the output: {}",
            stderr(&out)
        );
    }
}

#[test]
fn missing_root_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("不存在的站点");
    let out = run(["build", "--root", root.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "stdout: {}", stdout(&out));
    assert!(stderr(&out).contains("不存在的站点"), "{}", stderr(&out));
    assert!(!root.exists(), "nothing is created for a mistyped --root");
}
