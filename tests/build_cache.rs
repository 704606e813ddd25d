//! The build cache (`.kuaixun/cache/build/`, src/cache/): a warm build's output is
//! byte-identical to a cold build of the same sources over a sequence of edits, deletions,
//! renames, config, template, data, static and shortcode changes; unchanged files keep their
//! modification time; a damaged, truncated or foreign cache is ignored with one notice.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use common::*;
use kuaixun::build::CacheUse;

/// The repository's demo site (sections, bundles with images, 简/繁 editions, an English
/// page, data files, shortcodes, its own templates), copied into a temp folder.
fn demo() -> tempfile::TempDir {
    let tmp = tempfile::Builder::new()
        .prefix("kuaixun-cache-")
        .tempdir()
        .unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for dir in ["content", "templates", "static", "data"] {
        copy_tree(&repo.join(dir), &tmp.path().join(dir));
    }
    fs::copy(repo.join("config.yaml"), tmp.path().join("config.yaml")).unwrap();
    tmp
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn tree(out: &Path) -> BTreeMap<String, Vec<u8>> {
    files(out)
        .into_iter()
        .map(|p| {
            let rel = p.strip_prefix(out).unwrap().to_string_lossy().into_owned();
            (rel, fs::read(&p).unwrap())
        })
        .collect()
}

/// Every folder under `out` (symbolic links not followed).
fn folders(out: &Path) -> Vec<String> {
    walkdir::WalkDir::new(out)
        .sort_by_file_name()
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_dir())
        .map(|e| {
            e.path()
                .strip_prefix(out)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect()
}

fn mtimes(out: &Path) -> BTreeMap<String, SystemTime> {
    files(out)
        .into_iter()
        .map(|p| {
            let rel = p.strip_prefix(out).unwrap().to_string_lossy().into_owned();
            (rel, fs::metadata(&p).unwrap().modified().unwrap())
        })
        .collect()
}

/// `kuaixun build` (with its cache) into `public/`; returns its stderr.
fn warm(root: &Path) -> String {
    stderr(&build_ok(root, &[]))
}

/// A build without any cache into `cold/`.
fn cold(root: &Path) -> PathBuf {
    build_lib(root, |o| {
        o.output = Some(root.join("cold"));
        o.cache = CacheUse::Off;
    })
}

/// The warm output equals the cold one, file for file.
fn assert_same(root: &Path, step: &str) {
    let (warm, cold) = (root.join("public"), cold(root));
    assert_eq!(folders(&warm), folders(&cold), "{step}: the same folders");
    let (w, c) = (tree(&warm), tree(&cold));
    let only_warm: Vec<&String> = w.keys().filter(|k| !c.contains_key(*k)).collect();
    let only_cold: Vec<&String> = c.keys().filter(|k| !w.contains_key(*k)).collect();
    assert!(
        only_warm.is_empty() && only_cold.is_empty(),
        "{step}: only in the warm output {only_warm:?}, only in the cold one {only_cold:?}"
    );
    for (rel, bytes) in &w {
        assert!(
            c[rel] == *bytes,
            "{step}: {rel} differs between the warm and the cold build:\nwarm:\n{}\ncold:\n{}",
            String::from_utf8_lossy(bytes),
            String::from_utf8_lossy(&c[rel])
        );
    }
}

fn edit(root: &Path, rel: &str, f: impl FnOnce(String) -> String) {
    let path = root.join(rel);
    let text = fs::read_to_string(&path).unwrap();
    let next = f(text.clone());
    assert_ne!(next, text, "{rel}: the edit changed nothing");
    fs::write(&path, next).unwrap();
}

/// [`edit`] `rel`, build warm, and compare with a cold build.
fn changed(root: &Path, rel: &str, step: &str, f: impl FnOnce(String) -> String) {
    edit(root, rel, f);
    warm(root);
    assert_same(root, step);
}

fn no_notice(stderr: &str, step: &str) {
    assert!(!stderr.contains("build cache"), "{step}: {stderr}");
}

#[test]
fn warm_builds_equal_cold_ones_through_a_sequence_of_changes() {
    let tmp = demo();
    let root = tmp.path();
    let cache = root.join(".kuaixun/cache/build");
    // Two articles of our own: one links to the other, whose URL changes later.
    write(
        root,
        "content/posts/缓存-甲.md",
        md(
            "title: 缓存测试：甲篇\ndate: 2025-11-20 09:00:00\ntags: [缓存]",
            "甲篇链接到[乙篇](./缓存-乙.md#细节)，再用一个提示框：\n\n{% callout(type=\"tip\", title=\"小提示\") %}\n缓存只省时间，不改结果。\n{% end %}\n",
        ),
    );
    write(
        root,
        "content/posts/缓存-乙.md",
        md(
            "title: 缓存测试：乙篇\ndate: 2025-11-21 09:00:00\ntags: [缓存, 测试]\nslug: cache-b",
            "## 细节\n\n乙篇正文，中英混排 Rust 与 Go。\n",
        ),
    );

    let first = warm(root);
    no_notice(&first, "first build");
    assert!(cache.join("markdown.bin").is_file(), "the cache is written");
    assert_same(root, "first build (empty cache)");

    // Nothing changed: same output, and not one file rewritten.
    let before = mtimes(&root.join("public"));
    no_notice(&warm(root), "unchanged");
    assert_same(root, "unchanged");
    let after = mtimes(&root.join("public"));
    let rewritten: Vec<&String> = after
        .keys()
        .filter(|k| before.get(*k) != after.get(*k))
        .collect();
    assert!(
        rewritten.is_empty(),
        "an unchanged build rewrote {rewritten:?}"
    );

    // One article's body: its page changes, an unrelated page keeps its file.
    changed(
        root,
        "content/posts/llm-inference-cost.md",
        "body edited",
        |t| t + "\n补充一段：推理成本还在下降，年底前可能再降一半。\n",
    );
    let now = mtimes(&root.join("public"));
    let page = "posts/llm-inference-cost/index.html";
    let about = "about/index.html";
    assert!(
        now.contains_key(page) && now.contains_key(about),
        "{:?}",
        now.keys()
    );
    assert_ne!(now[page], after[page], "the edited article is written");
    assert_eq!(now[about], after[about], "the about page is not rewritten");
    assert_has(&read(&root.join("public"), page), "年底前可能再降一半");

    // A title: lists, neighbours and feeds change.
    changed(root, "content/posts/缓存-甲.md", "title edited", |t| {
        t.replace("缓存测试：甲篇", "缓存测试：甲篇（更新）")
    });

    // Front matter only (the parsed documents are cached by file text): tags, the date,
    // and a key of its own (`extra`).
    changed(
        root,
        "content/posts/缓存-乙.md",
        "front matter edited",
        |t| {
            t.replace("tags: [缓存, 测试]", "tags: [缓存, 测试, 前言]")
                .replace(
                    "date: 2025-11-21 09:00:00",
                    "date: 2025-11-22 18:30:00\neditor: 王磊",
                )
        },
    );

    // The linked article's URL: the linking article's cached HTML must not be reused.
    changed(
        root,
        "content/posts/缓存-乙.md",
        "link target moved",
        |t| t.replace("slug: cache-b", "slug: cache-b2"),
    );
    assert_has(
        &read(
            &root.join("public"),
            "posts/huan-cun-ce-shi-jia-pian-geng-xin/index.html",
        ),
        "/posts/cache-b2/#%E7%BB%86%E8%8A%82",
    );

    // A rename and a deletion.
    fs::rename(
        root.join("content/posts/缓存-甲.md"),
        root.join("content/posts/缓存-丙.md"),
    )
    .unwrap();
    warm(root);
    assert_same(root, "article renamed");
    fs::remove_file(root.join("content/posts/缓存-丙.md")).unwrap();
    warm(root);
    assert_same(root, "article deleted");

    // Config, a template, a shortcode template, a data file, a static file.
    changed(root, "config.yaml", "config edited", |t| {
        t.replacen("title: ", "title: 新", 1)
    });
    // Every date is read in the config's time zone: the cached documents must not be reused.
    changed(root, "config.yaml", "time zone changed", |t| {
        t.replace("timezone: Asia/Shanghai", "timezone: Asia/Tokyo")
    });
    changed(
        root,
        "templates/partials/item.html",
        "template edited",
        |t| t + "\n<!-- 列表项模板改过 -->\n",
    );
    changed(
        root,
        "templates/shortcodes/callout.html",
        "shortcode template edited",
        |t| t.replacen("<", "<!-- 提示框 --><", 1),
    );
    assert_has(
        &read(&root.join("public"), "posts/llm-inference-cost/index.html"),
        "<!-- 提示框 -->",
    );
    changed(root, "data/links.yaml", "data file edited", |t| {
        t.replacen(": ", ": 改", 1)
    });
    changed(root, "static/css/style.css", "static file edited", |t| {
        t + "\n/* 改 */\n"
    });

    // An output file changed by hand is written again.
    write(root, "public/about/index.html", "手改的页面");
    warm(root);
    assert_same(root, "output edited by hand");

    // Whatever is added to the output by hand goes, however deep (the output is updated in
    // place: only folders whose stamp changed are read).
    write(root, "public/posts/llm-inference-cost/手加的.html", "手加");
    write(root, "public/tags/手加目录/更深/a.txt", "手加");
    fs::create_dir_all(root.join("public/空目录/更深")).unwrap();
    std::os::unix::fs::symlink("/etc", root.join("public/posts/链接")).unwrap();
    warm(root);
    assert_same(root, "files and folders added to the output by hand");
    assert!(
        Path::new("/etc").is_dir(),
        "a link is removed, not followed"
    );

    // A folder of the output replaced by a file, a file by a folder, a folder deleted.
    fs::remove_dir_all(root.join("public/about")).unwrap();
    write(root, "public/about", "挡路的文件");
    fs::remove_file(root.join("public/index.html")).unwrap();
    write(root, "public/index.html/x.txt", "挡路的目录");
    fs::remove_dir_all(root.join("public/posts/llm-inference-cost")).unwrap();
    warm(root);
    assert_same(root, "the output's shape changed by hand");
}

#[test]
fn a_bad_cache_is_ignored_with_one_notice() {
    let tmp = demo();
    let root = tmp.path();
    let cache = root.join(".kuaixun/cache/build");
    warm(root);
    let md = cache.join("markdown.bin");
    let good = fs::read(&md).unwrap();
    let output_file = fs::read_dir(&cache)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("output-")
        })
        .expect("an output record");

    type Spoil<'a> = Box<dyn Fn() + 'a>;
    let cases: Vec<(&str, Spoil, &str)> = vec![
        (
            "garbage",
            Box::new(|| fs::write(&md, "这不是缓存文件").unwrap()),
            "not a kuaixun build cache file",
        ),
        (
            "truncated",
            Box::new(|| fs::write(&md, &good[..good.len() / 2]).unwrap()),
            "truncated",
        ),
        (
            "one byte changed",
            Box::new(|| {
                let mut bad = good.clone();
                let at = bad.len() / 2;
                bad[at] ^= 0x20;
                fs::write(&md, bad).unwrap()
            }),
            "damaged",
        ),
        (
            "another kuaixun",
            Box::new(|| {
                let mut bad = good.clone();
                bad[10] ^= 1;
                fs::write(&md, bad).unwrap()
            }),
            "another kuaixun version",
        ),
        (
            "search runs cut",
            Box::new(|| {
                let runs = cache.join("search.bin");
                let bytes = fs::read(&runs).unwrap();
                fs::write(&runs, &bytes[..bytes.len() - 5]).unwrap()
            }),
            "search.bin is truncated",
        ),
        (
            "documents cut",
            Box::new(|| {
                let docs = cache.join("documents.bin");
                let bytes = fs::read(&docs).unwrap();
                fs::write(&docs, &bytes[..bytes.len() - 7]).unwrap()
            }),
            "documents.bin is truncated",
        ),
        (
            "output record cut",
            Box::new(|| {
                let bytes = fs::read(&output_file).unwrap();
                fs::write(&output_file, &bytes[..bytes.len() - 3]).unwrap()
            }),
            "truncated",
        ),
    ];
    for (name, spoil, says) in cases {
        spoil();
        let err = warm(root);
        let notes: Vec<&str> = err.lines().filter(|l| l.contains("build cache")).collect();
        assert_eq!(notes.len(), 1, "{name}: one notice: {err}");
        assert!(
            notes[0].starts_with("note: ") && notes[0].contains(says),
            "{name}: {}",
            notes[0]
        );
        assert_same(root, name);
        // The build wrote a good cache again: the next one is quiet.
        no_notice(&warm(root), name);
        assert_same(root, name);
    }

    // On a larger site, an edit leaves the store files as they are and writes their deltas;
    // a cut delta is a spoiled store like a cut file.
    for i in 0..60 {
        article(
            root,
            &format!("批量/第{i}期"),
            &format!("title: 第 {i} 期科技快讯\ndate: 2025-10-{:02}", i % 28 + 1),
            &"本期关注国产芯片、开源大模型与新能源汽车的最新进展。".repeat(8),
        );
    }
    no_notice(&warm(root), "larger site");
    let article = root.join("content/posts/批量/第7期.md");
    let text = fs::read_to_string(&article).unwrap();
    fs::write(&article, format!("{text}\n补充一段：新品发布会定档。\n")).unwrap();
    no_notice(&warm(root), "edit");
    assert_same(root, "edit");
    let delta = cache.join("markdown.delta.bin");
    let bytes = fs::read(&delta).expect("a delta after one edit");
    fs::write(&delta, &bytes[..bytes.len() - 2]).unwrap();
    let err = warm(root);
    assert!(
        err.contains("markdown.bin is truncated (its delta)"),
        "cut delta: {err}"
    );
    assert_same(root, "cut delta");
    no_notice(&warm(root), "after the cut delta");
    assert_same(root, "after the cut delta");

    // --no-cache reads nothing (a spoiled cache goes unnoticed) and writes a fresh one.
    fs::write(&md, "坏").unwrap();
    no_notice(&stderr(&build_ok(root, &["--no-cache"])), "--no-cache");
    assert_same(root, "--no-cache");
    no_notice(&warm(root), "after --no-cache");
}

/// A page key covers the whole context: nothing is in a page's context that the key does not
/// hash (`CONTEXT_KEYS`).
#[test]
fn page_keys_cover_every_context_value() {
    let tmp = demo();
    let root = tmp.path();
    let opts = kuaixun::build::BuildOptions::new(root);
    let config = kuaixun::build::load_config(&opts).unwrap();
    let loaded = kuaixun::content::load(root, &config).unwrap();
    let content = kuaixun::build::render_content(
        root,
        loaded,
        &config,
        kuaixun::content::Visibility::default(),
        jiff::Timestamp::now(),
    )
    .unwrap();
    let site = kuaixun::site::Site::build_with(content.items, content.inputs, &config).unwrap();
    let values = kuaixun::render::SiteValues::new(&site, &config);
    let renderer =
        kuaixun::render::Renderer::new(root, &config, &std::collections::HashMap::new()).unwrap();
    let empty = format!("{:?}", tera::Context::new());
    let pages = site.pages();
    assert!(pages.len() > 20);
    for page in pages {
        let (_, mut ctx) = renderer.page_context(&site, &values, page);
        for k in kuaixun::render::CONTEXT_KEYS {
            ctx.remove(k);
        }
        assert_eq!(
            format!("{ctx:?}"),
            empty,
            "{page:?} has a value the key misses"
        );
    }
}

/// Long enough for every file written so far to be trusted by the up-to-date check
/// (`cache::fresh::TRUST`).
fn settle() {
    std::thread::sleep(std::time::Duration::from_millis(1100));
}

/// A CLI build with the cache; whether it found the site up to date. Either way its output
/// must equal a cold build's.
fn up_to_date(root: &Path, extra: &[&str], step: &str) -> bool {
    let out = build_ok(root, extra);
    let said = stdout(&out).contains("nothing changed since the last build");
    if extra.is_empty() {
        assert_same(root, step);
    }
    said
}

/// After `change`, the next build is not up to date; once the change is old enough to be
/// trusted, the one after is, and rewrites nothing.
fn noticed(root: &Path, step: &str, change: impl FnOnce()) {
    change();
    settle();
    assert!(!up_to_date(root, &[], step), "{step}: taken as up to date");
    let before = mtimes(&root.join("public"));
    assert!(up_to_date(root, &[], step), "{step}: the build after");
    assert_eq!(
        mtimes(&root.join("public")),
        before,
        "{step}: files rewritten"
    );
}

#[test]
fn an_unchanged_site_is_up_to_date_and_every_change_is_noticed() {
    let tmp = demo();
    let root = tmp.path();
    let public = root.join("public");
    // The sources were copied just now: too new to be trusted by the first build.
    warm(root);
    settle();
    assert!(!up_to_date(root, &[], "first"));
    let before = mtimes(&public);
    assert!(up_to_date(root, &[], "unchanged"));
    assert!(up_to_date(root, &[], "unchanged again"));
    assert_eq!(
        mtimes(&public),
        before,
        "an up-to-date build rewrites nothing"
    );

    let any_article = || {
        files(&root.join("content/posts"))
            .into_iter()
            .find(|p| p.extension().is_some_and(|e| e == "md"))
            .unwrap()
    };
    noticed(root, "same bytes written again", || {
        let p = any_article();
        fs::write(&p, fs::read(&p).unwrap()).unwrap();
    });
    noticed(root, "article edited", || {
        let p = any_article();
        let text = fs::read_to_string(&p).unwrap();
        fs::write(&p, format!("{text}\n新增一段：国产芯片良率提升。\n")).unwrap();
    });
    noticed(root, "template edited", || {
        let p = root.join("templates/base.html");
        let text = fs::read_to_string(&p).unwrap();
        fs::write(&p, format!("{text}\n<!-- 改版 -->\n")).unwrap();
    });
    noticed(root, "static file added", || {
        write(root, "static/js/统计.js", "console.log('快讯');\n")
    });
    noticed(root, "data file edited", || {
        let p = root.join("data/links.yaml");
        let text = fs::read_to_string(&p).unwrap();
        fs::write(&p, format!("{text}\n# 友情链接\n")).unwrap();
    });
    noticed(root, "config edited", || {
        let p = root.join("config.yaml");
        let text = fs::read_to_string(&p).unwrap();
        fs::write(&p, format!("{text}\n# 配置备注\n")).unwrap();
    });
    noticed(root, "output file deleted by hand", || {
        fs::remove_file(public.join("index.html")).unwrap()
    });
    noticed(root, "file added to the output by hand", || {
        fs::write(public.join("手写.html"), "<p>不该留下</p>").unwrap()
    });
    noticed(root, "output file edited by hand", || {
        fs::write(public.join("index.html"), "<p>改过</p>").unwrap()
    });

    // Other options make other output: not up to date, either way.
    assert!(!up_to_date(root, &["--drafts"], "--drafts"));
    assert!(!up_to_date(root, &[], "without --drafts again"));
    assert!(up_to_date(root, &[], "unchanged after --drafts"));

    // An article dated a few seconds ahead appears once its time has come (ahead enough for
    // two builds and a cold one on a busy machine).
    let at = jiff::Timestamp::now() + jiff::SignedDuration::from_secs(12);
    let date = at.strftime("%Y-%m-%dT%H:%M:%S+00:00").to_string();
    write(
        root,
        "content/posts/即将发布.md",
        md(
            &format!("title: 即将发布的快讯\ndate: {date}\nslug: soon"),
            "定时发布的正文。\n",
        ),
    );
    settle();
    assert!(!up_to_date(root, &[], "future article added"));
    // (On a machine so slow that its date is already near, this step proves nothing.)
    if jiff::Timestamp::now() + jiff::SignedDuration::from_secs(1) < at {
        assert!(up_to_date(root, &[], "before its date"));
    }
    assert!(!exists(&public, "posts/soon/index.html"));
    while jiff::Timestamp::now() <= at {
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert!(!up_to_date(root, &[], "its date has come"));
    assert!(exists(&public, "posts/soon/index.html"));

    // A build that warned is never up to date: its warning shows every time.
    write(
        root,
        "content/posts/公式.md",
        md(
            "title: 公式\ndate: 2025-11-20\nslug: bad-math",
            "能耗 $P = a^^b$ 瓦。\n",
        ),
    );
    settle();
    for step in ["warned", "warned again"] {
        let out = build_ok(root, &[]);
        assert!(
            stderr(&out).contains("formula does not parse"),
            "{step}: {}",
            stderr(&out)
        );
        assert!(!stdout(&out).contains("nothing changed"), "{step}");
    }
}
