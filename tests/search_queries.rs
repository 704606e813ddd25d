//! Issue 18, the query set: a fixture site full of traps (C++/C/C#, .NET/net, 大模型/四大模块,
//! 机器学习/机器人, partial-title articles) built into a temp folder, searched at the index level
//! with `kuaixun::search::query` — the Rust mirror of `static/js/search.js` — checking the
//! results, the order of the top 3 and the snippets. `tests/browser_search.rs` runs the real
//! client over part of the same site.

mod common;
use common::{article, write};

use std::path::Path;

use kuaixun::build::{build, BuildOptions};
use kuaixun::search::query::{Dir, Filter, Hit, Run, Searcher, Sort};

/// (slug, title, date, tags, body); newest first.
pub const ARTICLES: &[(&str, &str, &str, &str, &str)] = &[
    ("cpp", "C++ 模板元编程入门", "2025-11-30", "[编程语言]",
     "现代 C++ 的模板越来越强大。作者的联系邮箱在 gmail.com 上，欢迎来信讨论 C++ 与 Rust 的差别。"),
    ("clang", "C 语言指针的十个误区", "2025-11-29", "[编程语言]",
     "指针是 C 语言最容易出错的部分，本文列出常见误区。"),
    ("csharp", "C# 13 的新特性", "2025-11-28", "[编程语言]",
     "C# 13 带来了新的集合表达式，Ｃ＃ 开发者可以少写很多样板代码。"),
    ("dotnet", "微软发布 .NET 10", "2025-11-27", "[微软]",
     "微软发布 .NET 10，ASP.NET Core 同步更新，node.js 开发者也能调用。"),
    ("netcmd", "网络排障常用命令", "2025-11-26", "[运维]",
     "net 命令和 netstat 依然是 Windows 上排查网络问题的老朋友。"),
    ("llm", "端侧大模型落地手机", "2025-11-25", "[人工智能]",
     "手机厂商纷纷把大模型塞进芯片，端侧推理成为新的卖点。"),
    ("modules", "系统设计的四大模块", "2025-11-24", "[架构]",
     "一个推荐系统通常分为四大模块：召回、排序、重排和模型训练。这里的模型指排序模型。"),
    ("ml", "机器学习入门指南", "2025-11-23", "[人工智能]",
     "机器学习让计算机从数据中学习规律，本文从线性回归讲起。"),
    ("robot", "机器人与编译器", "2025-11-22", "[硬件]",
     "工业机器人需要实时控制，编译器学习了很多优化技巧。"),
    ("bigdata", "大数据已死", "2025-11-21", "[数据]",
     "十年前人人都在谈大数据，如今数据仓库和数据湖仍在，偶尔也提到数据库。"),
    ("opendb", "开源数据库的十年", "2025-11-20", "[数据库]",
     "开源数据库从边缘走向主流，PostgreSQL 的生态尤其繁荣。"),
    ("dbbody", "存储引擎漫谈", "2025-11-19", "[存储]",
     "数据库的存储引擎决定了写入性能。很多数据库选择 LSM 树，也有数据库坚持 B 树。"),
    ("closed", "封闭系统的胜利", "2025-11-18", "[评论]",
     "苹果证明了封闭系统也能赢，它的操作系统与芯片一起设计。"),
    ("os", "操作系统调度器演进", "2025-11-17", "[操作系统]",
     "操作系统的调度器从 O(1) 演进到 CFS，再到 EEVDF。"),
    ("creative", "创作系统的设计", "2025-11-16", "[工具]",
     "写作工具需要好的创作系统，操作简单，系统稳定。"),
    ("english", "Postgres 与 MySQL 对比", "2025-11-15", "[数据库]",
     "Both databases are popular; a database's planner matters. Google's engineers agree."),
    ("ai", "AI 芯片的下一站", "2025-11-14", "[芯片]",
     "AI 训练需要更多显存，推理芯片则看重能效。"),
    ("openof", "开源的数据库管理工具", "2025-11-13", "[工具]",
     "这是一款开源的数据库客户端，支持多种方言。"),
    ("oldllm", "大模型元年回顾", "2024-12-20", "[人工智能]",
     "那一年大模型层出不穷，四大厂商都发布了自己的模型。"),
];

pub fn fixture() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let r = tmp.path();
    write(
        r,
        "config.yaml",
        "title: 快讯查询测试\nbase_url: https://news.example.com/\n",
    );
    for (slug, title, date, tags, body) in ARTICLES {
        article(
            r,
            slug,
            &format!("title: {title}\ndate: {date}\ntags: {tags}"),
            body,
        );
    }
    tmp
}

pub fn build_into(root: &Path, out: &Path) {
    let mut opts = BuildOptions::new(root);
    opts.output = Some(out.to_path_buf());
    build(&opts).unwrap_or_else(|e| panic!("build failed: {e}"));
}

fn slug(h: &Hit) -> &str {
    h.url.trim_end_matches('/').rsplit('/').next().unwrap()
}

struct Site {
    _tmp: tempfile::TempDir,
    s: Searcher<Dir>,
}

fn site() -> Site {
    let tmp = fixture();
    let out = tmp.path().join("out");
    build_into(tmp.path(), &out);
    let s = Searcher::new(Dir(out)).expect("manifest");
    Site { _tmp: tmp, s }
}

/// The slugs of every result of `q`, in order, and their snippets.
fn run(site: &mut Site, q: &str, sort: Sort) -> (Vec<String>, Vec<Hit>) {
    let (hits, total) = site.s.search(q, sort, 100);
    assert_eq!(
        total,
        hits.len(),
        "{q}: total after checking every candidate"
    );
    (hits.iter().map(|h| slug(h).to_string()).collect(), hits)
}

fn marks(html: &str) -> Vec<String> {
    html.split("<mark>")
        .skip(1)
        .map(|s| s.split("</mark>").next().unwrap().to_string())
        .collect()
}

#[test]
fn the_query_set() {
    let mut site = site();
    // (query, exactly these results, the first ones in this order)
    let cases: &[(&str, &[&str], &[&str])] = &[
        ("C++", &["cpp"], &["cpp"]),
        ("c++", &["cpp"], &["cpp"]),
        ("Ｃ＋＋", &["cpp"], &["cpp"]),
        ("C#", &["csharp"], &["csharp"]),
        ("C", &["clang"], &["clang"]),
        (".NET", &["dotnet"], &["dotnet"]),
        ("asp.net", &["dotnet"], &["dotnet"]),
        ("node.js", &["dotnet"], &["dotnet"]),
        ("net", &["dotnet", "netcmd"], &[]),
        ("大模型", &["llm", "oldllm"], &["llm", "oldllm"]),
        ("机器学习", &["ml"], &["ml"]),
        ("操作系统", &["os", "closed"], &["os", "closed"]),
        (
            "数据库",
            &["opendb", "dbbody", "bigdata", "openof", "english"],
            &["opendb", "openof", "english"],
        ),
        ("\"开源 数据库\"", &["opendb"], &["opendb"]),
        ("开源 数据库", &["opendb", "openof"], &["opendb", "openof"]),
        ("databases", &["english"], &["english"]),
        ("database", &["english"], &["english"]),
        ("AI", &["ai"], &["ai"]),
        ("google", &["english"], &["english"]),
    ];
    for (q, want, top) in cases {
        let (got, hits) = run(&mut site, q, Sort::Relevance);
        let mut sorted = got.clone();
        sorted.sort();
        let mut w: Vec<String> = want.iter().map(|s| s.to_string()).collect();
        w.sort();
        assert_eq!(sorted, w, "{q}: results {got:?}");
        assert_eq!(&got[..top.len()], *top, "{q}: order");
        for h in &hits {
            assert!(
                h.snippet_html.contains("<mark>"),
                "{q}: snippet of {} lacks a mark: {}",
                slug(h),
                h.snippet_html
            );
        }
    }
}

#[test]
fn marks_are_exactly_the_matches() {
    let mut site = site();
    let (_, hits) = run(&mut site, "AI", Sort::Relevance);
    assert_eq!(marks(&hits[0].snippet_html), ["AI"]);
    assert_eq!(marks(&hits[0].title_html), ["AI"]);
    let (_, hits) = run(&mut site, "C++", Sort::Relevance);
    let m = marks(&hits[0].snippet_html);
    assert!(m.iter().all(|x| x == "C++"), "{m:?}");
    assert!(!hits[0].snippet_html.contains("<mark>c</mark>"));
    let (_, hits) = run(&mut site, "databases", Sort::Relevance);
    assert_eq!(marks(&hits[0].snippet_html), ["databases", "database"]);
    let (_, hits) = run(&mut site, "大模型", Sort::Relevance);
    assert_eq!(marks(&hits[0].title_html), ["大模型"]);
    let (_, hits) = run(&mut site, "数据库", Sort::Relevance);
    let big = hits.iter().find(|h| slug(h) == "bigdata").unwrap();
    assert_eq!(
        marks(&big.title_html),
        Vec::<String>::new(),
        "大数据 is not 数据库"
    );
    assert_eq!(marks(&big.snippet_html), ["数据库"]);
    assert!(
        big.snippet_html.ends_with("数据库</mark>。"),
        "{}",
        big.snippet_html
    );
}

#[test]
fn sort_by_date_is_newest_first() {
    let mut site = site();
    let (got, _) = run(&mut site, "数据库", Sort::Date);
    assert_eq!(got, ["bigdata", "opendb", "dbbody", "english", "openof"]);
}

#[test]
fn snippets_centre_on_a_late_match() {
    let tmp = tempfile::tempdir().unwrap();
    let r = tmp.path();
    write(r, "config.yaml", "title: t\nbase_url: https://e.com/\n");
    let body = format!(
        "{}最后才提到液冷服务器。{}",
        "前面是很长的铺垫文字。".repeat(30),
        "后面还有很长的结尾。".repeat(30)
    );
    article(r, "late", "title: 一篇长文\ndate: 2025-01-01", &body);
    let out = r.join("out");
    build_into(r, &out);
    let mut s = Searcher::new(Dir(out)).unwrap();
    let (hits, _) = s.search("液冷服务器", Sort::Relevance, 10);
    let snip = &hits[0].snippet_html;
    assert!(snip.starts_with('…'), "{snip}");
    assert!(snip.contains("<mark>液冷服务器</mark>"), "{snip}");
    let before = snip.split("<mark>").next().unwrap().chars().count();
    assert!(
        (40..=70).contains(&before),
        "centred: {before} chars before: {snip}"
    );
}

#[test]
fn year_filter_and_counts() {
    let mut site = site();
    let mut run = site.s.start_in("大模型", Sort::Relevance, Some("2024"));
    // Counts are of candidates before the phrase check: 四大模块 … 模型 is one until checked.
    assert_eq!(run.years[1], ("2024".to_string(), 1));
    assert_eq!(run.years[0].0, "2025");
    assert!(run.years[0].1 >= 1);
    let hits = site.s.next_page(&mut run, 10);
    let got: Vec<&str> = hits.iter().map(slug).collect();
    assert_eq!(got, ["oldllm"]);
    let mut run = site.s.start_in("大模型", Sort::Relevance, Some("2019"));
    assert!(site.s.next_page(&mut run, 10).is_empty());
}

/// A small site with nested sections, categories and tags for the filters.
fn filter_site() -> Site {
    let tmp = tempfile::tempdir().unwrap();
    let r = tmp.path();
    write(
        r,
        "config.yaml",
        "title: 快讯筛选测试\nbase_url: https://news.example.com/\nslugs:\n  芯片: chips\n  人工智能: ai\n",
    );
    write(
        r,
        "content/科技/_index.md",
        "---\ntitle: 科技资讯\nslug: tech\n---\n",
    );
    write(
        r,
        "content/科技/芯片/_index.md",
        "---\ntitle: 芯片栏目\nslug: chips\n---\n",
    );
    write(
        r,
        "content/周报/_index.md",
        "---\ntitle: 周报\nslug: weekly\n---\n",
    );
    let docs = [
        (
            "科技/芯片/gpu-a",
            "新一代 GPU 芯片发布",
            "2025-06-01",
            "[GPU, 人工智能]",
            "芯片",
        ),
        (
            "科技/芯片/gpu-b",
            "国产 GPU 芯片量产",
            "2024-06-01",
            "[GPU]",
            "芯片",
        ),
        (
            "科技/npu",
            "手机 NPU 芯片对比",
            "2025-05-01",
            "[人工智能]",
            "终端",
        ),
        ("周报/w1", "芯片周报第一期", "2025-04-01", "[GPU]", "周报"),
        ("周报/w2", "软件周报", "2025-03-01", "[开源]", "周报"),
    ];
    for (path, title, date, tags, cat) in docs {
        write(
            r,
            &format!("content/{path}.md"),
            common::md(
                &format!("title: {title}\ndate: {date}\ntags: {tags}\ncategories: [{cat}]"),
                "正文讲的是芯片。\n",
            ),
        );
    }
    let out = r.join("out");
    build_into(r, &out);
    let mut s = Searcher::new(Dir(out)).expect("manifest");
    s.load_facets();
    Site { _tmp: tmp, s }
}

fn filtered(site: &mut Site, q: &str, f: &Filter) -> (Vec<String>, Run) {
    let mut run = site.s.start_filtered(q, Sort::Date, f);
    let hits = site.s.next_page(&mut run, 50);
    (hits.iter().map(|h| slug(h).to_string()).collect(), run)
}

fn count(run: &Run, kind: &str, key: &str) -> Option<usize> {
    run.facets
        .iter()
        .find(|f| f.kind == kind && f.key == key)
        .map(|f| f.count)
}

#[test]
fn tag_category_and_section_filters() {
    let mut site = filter_site();
    assert!(site.s.manifest.facets, "the index has a facets file");
    let none = Filter::default();
    let (all, run) = filtered(&mut site, "芯片", &none);
    assert_eq!(all, ["gpu-a", "npu", "w1", "w2", "gpu-b"]);
    // Sections hold their sub-sections' articles; chips carry the section title.
    assert_eq!(count(&run, "section", "tech"), Some(3));
    assert_eq!(count(&run, "section", "tech/chips"), Some(2));
    assert_eq!(count(&run, "section", "weekly"), Some(2));
    let chips = run.facets.iter().find(|f| f.key == "tech/chips").unwrap();
    assert_eq!(chips.name, "芯片栏目");
    assert_eq!(count(&run, "tag", "gpu"), Some(3));
    assert_eq!(count(&run, "tag", "ai"), Some(2));
    assert_eq!(count(&run, "category", "chips"), Some(2));
    // Tags are ordered by count within their kind, after sections and categories.
    let kinds: Vec<&str> = run.facets.iter().map(|f| f.kind.as_str()).collect();
    let first_tag = kinds.iter().position(|k| *k == "tag").unwrap();
    assert!(kinds[..first_tag].iter().all(|k| *k != "tag"));
    assert_eq!(run.facets[first_tag].key, "gpu");
    let weekly = run
        .facets
        .iter()
        .find(|f| f.kind == "category" && f.name == "周报")
        .map(|f| f.key.clone());

    let tag = Filter {
        tag: Some("gpu".into()),
        ..Filter::default()
    };
    let (got, run) = filtered(&mut site, "芯片", &tag);
    assert_eq!(got, ["gpu-a", "w1", "gpu-b"]);
    // Other kinds count within the tag; the tag's own chips still count without it.
    assert_eq!(count(&run, "section", "weekly"), Some(1));
    assert_eq!(count(&run, "tag", "ai"), Some(2));
    assert_eq!(
        run.years,
        [("2025".to_string(), 2), ("2024".to_string(), 1)]
    );
    // 全部 of the tag row counts without the tag; of the other rows, within it.
    assert_eq!(run.alls, [3, 3, 3, 5]);

    let both = Filter {
        tag: Some("gpu".into()),
        section: Some("tech".into()),
        year: Some("2025".into()),
        ..Filter::default()
    };
    let (got, run) = filtered(&mut site, "芯片", &both);
    assert_eq!(got, ["gpu-a"]);
    assert_eq!(
        run.years,
        [("2025".to_string(), 1), ("2024".to_string(), 1)],
        "years count within tag and section, not within the year"
    );
    let cat = Filter {
        category: weekly,
        ..Filter::default()
    };
    let (got, run) = filtered(&mut site, "芯片", &cat);
    assert_eq!(got, ["w1", "w2"]);
    assert_eq!(count(&run, "category", "chips"), Some(2));
    // An unknown key keeps nothing (a stale link shows no results rather than all).
    let stale = Filter {
        tag: Some("no-such-tag".into()),
        ..Filter::default()
    };
    let (got, _) = filtered(&mut site, "芯片", &stale);
    assert!(got.is_empty());
}

#[test]
fn facets_file_waits_until_a_filter_needs_it() {
    let site = filter_site();
    let dir = site.s.manifest.clone();
    assert!(dir.facets);
    let out = site._tmp.path().join("out");
    let mut s = Searcher::new(Dir(out)).unwrap();
    let (hits, _) = s.search("芯片", Sort::Relevance, 10);
    assert_eq!(hits.len(), 5);
    let facets = kuaixun::search::facets::PATH.to_string();
    assert!(!s.fetched.contains(&facets), "{:?}", s.fetched);
    let mut run = s.start_filtered(
        "芯片",
        Sort::Relevance,
        &Filter {
            section: Some("weekly".into()),
            ..Filter::default()
        },
    );
    assert_eq!(s.next_page(&mut run, 10).len(), 2);
    assert!(s.fetched.contains(&facets));
}

#[test]
fn series_and_author_filters() {
    let tmp = tempfile::tempdir().unwrap();
    let r = tmp.path();
    write(
        r,
        "config.yaml",
        "title: 专题筛选测试\nslugs:\n  芯片战争: chip-war\n  存储周期: memory\ntaxonomies:\n  - name: series\n    label: 专题\n    sort: oldest\nauthors:\n  zhangwei: {name: 张伟}\n  lina: {name: 李娜}\n",
    );
    for (slug, date, series, author) in [
        ("a", "2025-06-01", "芯片战争", "zhangwei"),
        ("b", "2025-05-01", "芯片战争", "lina"),
        ("c", "2025-04-01", "存储周期", "zhangwei"),
        ("d", "2025-03-01", "存储周期", "zhangwei"),
    ] {
        write(
            r,
            &format!("content/{slug}.md"),
            common::md(
                &format!("title: 芯片稿件{slug}\ndate: {date}\nslug: {slug}\nseries: {series}\nauthor: {author}"),
                "正文讲的是芯片。\n",
            ),
        );
    }
    let out = r.join("out");
    build_into(r, &out);
    let mut s = Searcher::new(Dir(out)).expect("manifest");
    // The manifest names every filter kind with its label, the configured ones last.
    let kinds: Vec<(&str, &str)> = s
        .manifest
        .kinds
        .iter()
        .map(|(k, l)| (k.as_str(), l.as_str()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("section", "栏目"),
            ("category", "分类"),
            ("tag", "标签"),
            ("series", "专题"),
            ("authors", "作者")
        ]
    );
    s.load_facets();
    let mut site = Site { _tmp: tmp, s };
    let (all, run) = filtered(&mut site, "芯片", &Filter::default());
    assert_eq!(all, ["a", "b", "c", "d"]);
    assert_eq!(count(&run, "series", "chip-war"), Some(2));
    assert_eq!(count(&run, "series", "memory"), Some(2));
    assert_eq!(count(&run, "authors", "zhangwei"), Some(3));
    let author_chip = run.facets.iter().find(|f| f.key == "zhangwei").unwrap();
    assert_eq!(author_chip.name, "张伟");

    let mut f = Filter::default();
    f.others.insert("series".into(), "memory".into());
    let (got, run) = filtered(&mut site, "芯片", &f);
    assert_eq!(got, ["c", "d"]);
    // Within the series the author chips count; the series row counts without it.
    assert_eq!(count(&run, "authors", "zhangwei"), Some(2));
    assert_eq!(count(&run, "authors", "lina"), None);
    assert_eq!(count(&run, "series", "chip-war"), Some(2));
    assert_eq!(run.alls, [2, 2, 2, 2, 4, 2]);
    f.others.insert("authors".into(), "lina".into());
    assert!(filtered(&mut site, "芯片", &f).0.is_empty());
    // A kind the index does not have filters nothing (`?utm_source=…`).
    let mut other = Filter::default();
    other.others.insert("utm_source".into(), "weibo".into());
    assert_eq!(filtered(&mut site, "芯片", &other).0, ["a", "b", "c", "d"]);
}
