//! Issue 6, the search index: fixture sites built into temp folders, the index files read
//! back the way `static/js/search.js` reads them.

mod common;
use common::{article, write};

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use kuaixun::build::{build, BuildOptions};
use kuaixun::search::postings::{decode, Posting};
use kuaixun::search::Manifest;

const CONFIG: &str = "title: 快讯搜索测试\nbase_url: https://news.example.com/\n";

/// Newest first: doc ids are 0 = h200, 1 = suanli, 2 = cooling, 3 = riscv, 4 = gpt5.
pub fn fixture(config: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let r = tmp.path();
    write(r, "config.yaml", config);
    article(
        r,
        "h200",
        "title: 英伟达发布 H200 芯片\ndate: 2025-11-20 10:00\ntags: [GPU, 芯片]",
        "英伟达发布 H200 芯片，显存带宽大幅提升，数据中心的算力密度随之上升。\n\n```rust\nfn secret_code_word() {}\n```\n",
    );
    article(
        r,
        "suanli",
        "title: 算力成为新的电力\ndate: 2025-11-18 09:00\ntags: [算力]",
        "各地纷纷建设智算中心，算力调度平台陆续上线。",
    );
    article(
        r,
        "cooling",
        "title: 液冷数据中心\ndate: 2025-11-15\ntags: [数据中心, 人工智能]",
        "单机柜功率持续攀升，人工智能训练集群普遍采用液冷散热。",
    );
    article(
        r,
        "riscv",
        "title: RISC-V 处理器量产\ndate: 2025-11-10\ntags: [芯片]",
        "开源指令集 RISC-V 的处理器进入量产阶段，主打端侧推理。",
    );
    article(
        r,
        "gpt5",
        "title: GPT-5 推理成本下降\ndate: 2025-11-01\ntags: [大模型]\nsummary: 大模型 API 价格一路走低。",
        "推理成本下降得益于量化、投机解码和批处理。",
    );
    article(
        r,
        "draft",
        "title: 草稿里的算力\ndate: 2025-11-19\ndraft: true",
        "草稿也谈算力。",
    );
    tmp
}

fn build_into(root: &Path, out: &Path) {
    let mut opts = BuildOptions::new(root);
    opts.output = Some(out.to_path_buf());
    build(&opts).unwrap_or_else(|e| panic!("build failed: {e}"));
}

fn manifest(out: &Path) -> Manifest {
    let text = fs::read_to_string(out.join("search/manifest.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// Postings of `token`, read from the shard the manifest names.
fn postings(out: &Path, m: &Manifest, token: &str) -> Vec<Posting> {
    let shard: BTreeMap<String, String> =
        serde_json::from_slice(&fs::read(out.join(m.file_of(token))).unwrap()).unwrap();
    shard
        .get(token)
        .map(|p| decode(p).unwrap_or_else(|| panic!("bad list for {token}: {p}")))
        .unwrap_or_default()
}

fn docs_of(out: &Path, m: &Manifest, token: &str) -> Vec<u32> {
    postings(out, m, token).iter().map(|p| p.doc).collect()
}

fn files_under(dir: &Path) -> BTreeSet<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap();
            rel.to_string_lossy().replace('\\', "/")
        })
        .collect()
}

#[test]
fn index_files_exist_and_the_manifest_names_exactly_them() {
    let site = fixture(CONFIG);
    let out = site.path().join("out");
    build_into(site.path(), &out);
    let m = manifest(&out);
    assert_eq!(m.version, kuaixun::search::FORMAT_VERSION);
    assert_eq!(m.docs, 5, "drafts are not indexed");
    assert!(m.shards.is_power_of_two());
    let named: BTreeSet<String> = m.paths().into_iter().collect();
    let mut on_disk = files_under(&out.join("search"));
    on_disk.remove("index.html");
    on_disk.remove("manifest.json");
    let on_disk: BTreeSet<String> = on_disk.into_iter().map(|p| format!("search/{p}")).collect();
    assert_eq!(named, on_disk, "manifest files vs files written");
    for path in named.iter().filter(|p| p.ends_with(".json")) {
        let bytes = fs::read(out.join(path)).unwrap();
        serde_json::from_slice::<serde_json::Value>(&bytes)
            .unwrap_or_else(|e| panic!("{path} is not JSON: {e}"));
    }
    assert!(out.join("search/index.html").is_file(), "the search page");
    assert!(
        out.join("js/search.js").is_file(),
        "the built-in client script"
    );
}

#[test]
fn tokens_are_in_their_shard_with_the_right_docs_and_flags() {
    let site = fixture(CONFIG);
    let out = site.path().join("out");
    build_into(site.path(), &out);
    let m = manifest(&out);
    // 算力: body of h200 (0), title+tag+body of suanli (1); not the draft.
    let p = postings(&out, &m, "算力");
    assert_eq!(p.iter().map(|p| p.doc).collect::<Vec<_>>(), [0, 1]);
    assert!(!p[0].title() && !p[0].tag() && p[0].tf() == 1);
    assert!(p[1].title() && p[1].tag() && p[1].tf() == 1, "{:?}", p[1]);
    // Partial words and words.
    assert_eq!(docs_of(&out, &m, "智能"), [2], "智能 inside 人工智能");
    assert_eq!(docs_of(&out, &m, "人工"), [2]);
    assert_eq!(docs_of(&out, &m, "h200"), [0]);
    assert_eq!(docs_of(&out, &m, "gpt-5"), [4]);
    assert_eq!(docs_of(&out, &m, "gpt"), [4]);
    assert_eq!(docs_of(&out, &m, "risc-v"), [3]);
    assert_eq!(docs_of(&out, &m, "芯片"), [0, 3], "tags and titles");
    assert!(postings(&out, &m, "芯片")[1].tag());
    // The front-matter summary is indexed; code blocks and drafts are not.
    assert_eq!(docs_of(&out, &m, "价格"), [4]);
    assert!(
        docs_of(&out, &m, "secret").is_empty(),
        "code is not indexed"
    );
    assert!(
        docs_of(&out, &m, "草稿").is_empty(),
        "drafts are not indexed"
    );
    // A one-character query finds its tokens in one file: every token starting with 算.
    let shard: BTreeMap<String, String> =
        serde_json::from_slice(&fs::read(out.join(m.file_of("算"))).unwrap()).unwrap();
    let starting: Vec<_> = shard.keys().filter(|k| k.starts_with('算')).collect();
    assert!(starting.iter().any(|k| *k == "算力"), "{starting:?}");
}

#[test]
fn doc_chunks_hold_title_url_date_tags_and_texts_the_body() {
    let site = fixture(CONFIG);
    let out = site.path().join("out");
    build_into(site.path(), &out);
    let m = manifest(&out);
    let rows: Vec<kuaixun::search::query::Row> =
        serde_json::from_slice(&fs::read(out.join("search/docs/0.json")).unwrap()).unwrap();
    assert_eq!(rows.len(), m.docs.min(m.chunk));
    let kuaixun::search::query::Row(title, url, date, tags, _cats) = &rows[1];
    assert_eq!(title, "算力成为新的电力");
    assert_eq!(url, "posts/suanli/");
    assert!(out.join(url).join("index.html").is_file());
    assert_eq!(date, "2025-11-18");
    assert_eq!(tags, &["算力"]);
    let text = |id: usize| fs::read_to_string(out.join(format!("search/text/{id}.txt"))).unwrap();
    assert!(text(1).starts_with("各地纷纷建设智算中心"), "{}", text(1));
    assert!(text(0).contains("算力") && !text(0).contains("secret_code_word"));
    assert!(
        text(4).starts_with("大模型 API 价格一路走低。"),
        "summary first"
    );
}

#[test]
fn search_false_writes_no_search_folder() {
    let site = fixture(&format!("{CONFIG}search: false\n"));
    let out = site.path().join("out");
    build_into(site.path(), &out);
    assert!(out.join("index.html").is_file());
    assert!(!out.join("search").exists(), "no search/ folder");
    let home = fs::read_to_string(out.join("index.html")).unwrap();
    assert!(!home.contains("role=\"search\""), "no header search box");
}

#[test]
fn header_box_and_search_page_use_the_base_path() {
    let site = fixture("title: 子路径\nbase_url: https://example.com/news/\n");
    let out = site.path().join("out");
    build_into(site.path(), &out);
    let home = fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        home.contains("action=\"/news/search/\""),
        "header search box"
    );
    let page = fs::read_to_string(out.join("search/index.html")).unwrap();
    assert!(page.contains("data-base=\"/news/\""));
    assert!(
        page.contains("src=\"/news/js/search."),
        "hashed script under the base path"
    );
}

#[test]
fn the_index_is_reproducible() {
    let site = fixture(CONFIG);
    let (a, b) = (site.path().join("a"), site.path().join("b"));
    build_into(site.path(), &a);
    build_into(site.path(), &b);
    let files = files_under(&a.join("search"));
    assert_eq!(files, files_under(&b.join("search")));
    for f in files {
        let rel = PathBuf::from("search").join(&f);
        assert_eq!(
            fs::read(a.join(&rel)).unwrap(),
            fs::read(b.join(&rel)).unwrap(),
            "{f}"
        );
    }
}
