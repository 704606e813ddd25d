use super::*;

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

fn article(root: &Path, name: &str, title: &str, date: &str, tags: &str) {
    write(
        root,
        &format!("content/posts/{name}.md"),
        &format!("---\ntitle: {title}\ndate: {date}\nslug: {name}\ntags: [{tags}]\n---\n{title}的正文。\n"),
    );
}

fn full(root: &Path) -> Snapshot {
    started(root).1
}

/// A serve state after its first full build, and what it wrote.
fn started(root: &Path) -> (State, Snapshot) {
    let mut state = State::new(opts(root));
    let mut snap = Snapshot::new();
    state
        .rebuild(Changes::everything())
        .unwrap()
        .1
        .apply(&mut snap);
    state.finish_files().unwrap().apply(&mut snap);
    (state, snap)
}

fn opts(root: &Path) -> BuildOptions {
    let mut o = BuildOptions::new(root);
    o.base_url = Some("http://127.0.0.1:1111/".into());
    o.drafts = true;
    o
}

/// A data file edit renders every page again from the kept site (no Markdown is read);
/// a broken one is an error that keeps the change pending.
#[test]
fn data_change_renders_every_page_without_markdown() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    write(root, "config.yaml", "title: 站\n");
    for i in 0..3 {
        article(
            root,
            &format!("a{i}"),
            &format!("文章{i}"),
            "2025-11-10",
            "芯片",
        );
    }
    write(
        root,
        "data/links.yaml",
        "- name: 旧链接\n  url: https://old.example/\n",
    );
    let (mut state, mut snap) = started(root);
    let index = |snap: &Snapshot| String::from_utf8_lossy(&snap["index.html"]).into_owned();
    assert!(index(&snap).contains("旧链接"));

    let data = Changes {
        data: true,
        ..Changes::default()
    };
    write(root, "data/links.yaml", "- name: 坏\n  url: [a\n");
    let e = state.rebuild(data.clone()).unwrap_err();
    assert!(e.to_string().contains("data/links.yaml:"), "{e}");

    write(
        root,
        "data/links.yaml",
        "- name: 新链接\n  url: https://new.example/\n",
    );
    let (report, diff) = state.rebuild(Changes::default()).unwrap();
    diff.apply(&mut snap);
    assert_eq!(report.pages_rendered, report.pages_total, "{report}");
    assert_eq!(report.files_read, 1, "only the data files: {report}");
    assert!(index(&snap).contains("新链接") && !index(&snap).contains("旧链接"));
    let post = String::from_utf8_lossy(&snap["posts/a1/index.html"]).into_owned();
    assert!(post.contains("新链接"));

    // The folder gone: no links in the footer.
    std::fs::remove_dir_all(root.join("data")).unwrap();
    state.rebuild(data).unwrap().1.apply(&mut snap);
    assert!(!index(&snap).contains("footer-friends"));
    let expect = full(root);
    for (k, v) in &expect {
        assert!(snap.get(k) == Some(v), "{k} differs from a full build");
    }
}

/// After any sequence of edits the incremental snapshot equals a fresh full build.
#[test]
fn incremental_equals_full_build() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    write(root, "config.yaml", "title: 站\npaginate: 2\n");
    for i in 0..9 {
        let tags = ["芯片", "人工智能", "开源"];
        article(
            root,
            &format!("a{i}"),
            &format!("文章{i}"),
            &format!("2025-11-{:02}", 10 + i),
            &format!("{}, {}", tags[i % 3], tags[(i + 1) % 3]),
        );
    }
    let (mut state, mut snap) = started(root);

    let content = |names: &[&str]| Changes {
        content: names
            .iter()
            .map(|n| PathBuf::from(format!("content/posts/{n}.md")))
            .collect(),
        ..Changes::default()
    };
    let steps: Vec<(Box<dyn Fn()>, Changes)> = vec![
        (
            Box::new(|| article(root, "a4", "改名的文章", "2025-11-14", "人工智能, 开源")),
            content(&["a4"]),
        ),
        // A date change reorders: neighbours and list pages move.
        (
            Box::new(|| article(root, "a1", "文章1", "2025-12-30", "芯片, 人工智能")),
            content(&["a1"]),
        ),
        // A new tag, then a new article, then a deletion.
        (
            Box::new(|| article(root, "a2", "文章2", "2025-11-12", "新标签")),
            content(&["a2"]),
        ),
        (
            Box::new(|| article(root, "new", "新文章", "2025-11-15", "开源")),
            content(&["new"]),
        ),
        (
            Box::new(|| std::fs::remove_file(root.join("content/posts/a7.md")).unwrap()),
            content(&["a7"]),
        ),
        (
            Box::new(|| write(root, "static/css/extra.css", "p{}")),
            Changes {
                statics: ["css/extra.css".to_string()].into(),
                ..Changes::default()
            },
        ),
        // A new image: copied, no page re-rendered.
        (
            Box::new(|| write(root, "static/images/新图.png", "PNG")),
            Changes {
                statics: ["images/新图.png".to_string()].into(),
                ..Changes::default()
            },
        ),
        // 置顶: an old article pinned leads the home list, then unpinned goes back.
        (
            Box::new(|| {
                write(
                    root,
                    "content/posts/a3.md",
                    "---\ntitle: 文章3\ndate: 2025-11-13\nslug: a3\ntags: [芯片]\nsticky: 2\n---\n文章3的正文。\n",
                )
            }),
            content(&["a3"]),
        ),
        (
            Box::new(|| article(root, "a3", "文章3", "2025-11-13", "芯片")),
            content(&["a3"]),
        ),
    ];
    for (i, (edit, changes)) in steps.into_iter().enumerate() {
        edit();
        let (report, diff) = state.rebuild(changes).unwrap();
        diff.apply(&mut snap);
        if let Some(d) = state.finish_files() {
            d.apply(&mut snap);
        }
        let expect = full(root);
        let mut keys: Vec<&String> = expect.keys().collect();
        keys.sort();
        let mut got: Vec<&String> = snap.keys().collect();
        got.sort();
        assert_eq!(got, keys, "step {i}: same files");
        for k in keys {
            assert!(snap[k] == expect[k], "step {i}: {k} differs");
        }
        if i == 0 {
            // A title edit re-renders only the pages that show the article.
            assert!(report.pages_rendered < report.pages_total, "{report}");
        }
        if i == 6 {
            assert_eq!(report.pages_rendered, 0, "{report}");
        }
        if i == 7 || i == 8 {
            let home = String::from_utf8_lossy(&snap["index.html"]);
            let first = home.split("class=\"item-title\"").nth(1).unwrap_or("");
            let first = &first[..first.find("</h2>").unwrap_or(0)];
            assert_eq!(first.contains("文章3"), i == 7, "step {i}: {first}");
            assert_eq!(first.contains("badge-pinned"), i == 7, "step {i}: {first}");
        }
    }
}
