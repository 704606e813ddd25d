//! The index end to end on small in-memory sites: shard assignment, splitting, postings.

use std::collections::BTreeMap;
use std::path::Path;

use super::collect::collect;
use super::layout::{plan_with, write, Layout};
use super::postings::decode;
use super::tokenize::fnv1a;
use super::*;
use crate::config::{Config, SlugStyle};
use crate::content::parse_document;
use crate::markdown::{render, Options};

fn site(articles: &[(&str, &str)]) -> Site {
    let tz = jiff::tz::TimeZone::get("Asia/Shanghai").unwrap();
    let items = articles
        .iter()
        .enumerate()
        .map(|(i, (title, body))| {
            // Newest first: article i is i minutes older than the first.
            let text = format!(
                "---\ntitle: {title}\ndate: 2025-10-20 {:02}:{:02}\n---\n{body}\n",
                23 - i / 60,
                59 - i % 60
            );
            let d = parse_document(
                Path::new(&format!("content/{i}.md")),
                text.into_bytes(),
                &tz,
                SlugStyle::Pinyin,
            )
            .unwrap();
            let r = render(&d.body, &Options::default());
            (d, r)
        })
        .collect();
    Site::build(items, &Config::parse("title: 测试\n").unwrap()).unwrap()
}

fn files_map(files: &[(String, Vec<u8>)]) -> BTreeMap<String, BTreeMap<String, String>> {
    files
        .iter()
        .filter(|(p, _)| p.starts_with("search/shards/"))
        .map(|(p, b)| (p.clone(), serde_json::from_slice(b).unwrap()))
        .collect()
}

#[test]
fn shard_file_names_are_stable() {
    // These numbers are part of the format: the client computes the same ones.
    assert_eq!(fnv1a("算".as_bytes()), 0xbfe3_04bd);
    assert_eq!(fnv1a("gp".as_bytes()), 0x4f20_8bc2);
    let mut m = Manifest {
        version: FORMAT_VERSION,
        docs: 1,
        shards: 64,
        files: 67,
        split: BTreeMap::new(),
        chunk: 16,
        chunks: 1,
        text: 20_000,
        years: vec![],
        facets: false,
        kinds: Vec::new(),
        fold: None,
        stamp: String::new(),
    };
    assert_eq!(m.file_of("算力"), "search/shards/61.json");
    assert_eq!(
        m.file_of("算"),
        "search/shards/61.json",
        "one key, one file"
    );
    assert_eq!(m.file_of("gpt-5"), "search/shards/2.json");
    assert_eq!(m.file_of("gpu"), "search/shards/2.json");
    // A split key's tokens spread over its own files by their full text.
    m.split.insert("算".into(), (64, 3));
    assert_eq!(fnv1a("算力".as_bytes()) % 3, 0);
    assert_eq!(m.file_of("算力"), "search/shards/64.json");
    assert_eq!(m.file_of("gpt-5"), "search/shards/2.json");
}

#[test]
fn every_token_is_where_the_manifest_says() {
    let body = "算力调度平台上线。算法优化、算账、算力再提升。的的的的确。H200 与 GPT-5。";
    let articles: Vec<(String, String)> = (0..24)
        .map(|i| (format!("第{i}篇：算力新闻"), format!("{body} 编号{i}。")))
        .collect();
    let refs: Vec<(&str, &str)> = articles
        .iter()
        .map(|(t, b)| (t.as_str(), b.as_str()))
        .collect();
    let site = site(&refs);
    let parts = collect(&site.articles);
    // Tiny sizes force several shards and split keys.
    let layout = plan_with(&parts, 128, 90);
    assert!(layout.shards > 1 && layout.shards.is_power_of_two());
    assert!(layout.split.contains_key("算"), "{:?}", layout.split);
    let files = write(&parts, &layout);
    assert_eq!(files.len() as u32, layout.files);
    let manifest = Manifest {
        version: FORMAT_VERSION,
        docs: site.articles.len(),
        shards: layout.shards,
        files: layout.files,
        split: layout.split.clone(),
        chunk: docs::CHUNK,
        chunks: 2,
        text: docs::TEXT,
        years: vec![],
        facets: false,
        kinds: Vec::new(),
        fold: None,
        stamp: String::new(),
    };
    let shards = files_map(&files);
    let mut seen = 0;
    for (path, tokens) in &shards {
        for (token, list) in tokens {
            assert_eq!(&manifest.file_of(token), path, "{token}");
            let postings = decode(list).unwrap();
            assert!(postings.windows(2).all(|w| w[0].doc < w[1].doc));
            seen += 1;
        }
    }
    assert!(seen > 20);
    let all = |t: &str| decode(&shards[&manifest.file_of(t)][t]).unwrap();
    assert_eq!(all("算力").len(), 24);
    assert!(all("算力").iter().all(|p| p.title() && p.tf() == 2));
    assert_eq!(all("h200").len(), 24);
    // 编号7 is in article 7 only; numbers are tokens.
    assert_eq!(all("7").iter().map(|p| p.doc).collect::<Vec<_>>(), [7]);
}

#[test]
fn one_shard_for_a_small_site() {
    let site = site(&[
        ("液冷数据中心", "散热账本。"),
        ("RISC-V 芯片", "开源指令集。"),
    ]);
    let index = build_index(&site, &Config::parse("title: t\n").unwrap());
    let m: Manifest =
        serde_json::from_slice(&index.files.iter().find(|(p, _)| p == MANIFEST).unwrap().1)
            .unwrap();
    assert_eq!((m.shards, m.files, m.docs, m.chunks), (1, 1, 2, 1));
    let mut paths: Vec<_> = index.files.iter().map(|(p, _)| p.as_str()).collect();
    paths.sort();
    assert_eq!(
        paths,
        [
            "search/docs/0.json",
            MANIFEST,
            "search/shards/0.json",
            "search/text/0.txt",
            "search/text/1.txt"
        ]
    );
}

#[test]
fn empty_site_has_a_manifest_and_one_empty_shard() {
    let site = site(&[]);
    let index = build_index(&site, &Config::parse("title: t\n").unwrap());
    let shard = &index
        .files
        .iter()
        .find(|(p, _)| p == &Layout::path(0))
        .unwrap()
        .1;
    assert_eq!(shard, b"{}");
    assert!(index.files.iter().any(|(p, _)| p == MANIFEST));
}

/// `n` articles (title, body), each with words of its own.
fn numbered(n: usize) -> Vec<(String, String)> {
    (0..n)
        .map(|i| {
            (
                format!("第{i}篇：液冷与 RISC-V"),
                format!("编号{i}的正文，讲算力与 GPU 集群，词{i}。"),
            )
        })
        .collect()
}

fn as_pairs(articles: &[(String, String)]) -> Vec<(&str, &str)> {
    articles
        .iter()
        .map(|(t, b)| (t.as_str(), b.as_str()))
        .collect()
}

#[test]
fn freeing_build_writes_the_same_index_and_frees_plain_text() {
    let articles = numbered(300);
    let pairs = as_pairs(&articles);
    let config = Config::parse("title: t\n").unwrap();
    let mut site = site(&pairs);
    let borrowed = build_index(&site, &config);
    let freeing = build_index_freeing(&mut site, &config);
    assert_eq!(borrowed.files, freeing.files);
    assert!(site
        .articles
        .iter()
        .all(|a| a.rendered.plain_text.is_empty()));
}

#[test]
fn cached_runs_make_the_same_index_and_only_changed_runs_are_tokenized() {
    let articles = numbered(150);
    let pairs = as_pairs(&articles);
    let config = Config::parse("title: t\n").unwrap();
    let cold = build_index(&site(&pairs), &config).files;
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("search.bin");
    // First build: every run is new and saved.
    let store = crate::cache::Store::open(&path).unwrap();
    assert_eq!(
        build_index_cached(&mut site(&pairs), &config, Some(&store), None).files,
        cold
    );
    store.finish();
    let store = crate::cache::Store::open(&path).unwrap();
    assert_eq!(store.len(), 3, "150 articles are three runs");
    // One article changed: its run is made again, the others come from the store.
    let mut changed = pairs.clone();
    changed[100].1 = "这一篇改写过了，只剩新词。";
    let cold_changed = build_index(&site(&changed), &config).files;
    assert_ne!(cold_changed, cold);
    let warm = build_index_cached(&mut site(&changed), &config, Some(&store), None).files;
    assert_eq!(warm, cold_changed);
    store.finish();
    let store = crate::cache::Store::open(&path).unwrap();
    assert_eq!(store.len(), 3, "the stale run is dropped, the new one kept");
}

/// Articles in both scripts: doc 0 Traditional, doc 1 Simplified, doc 2 neither query.
const SCRIPTS: &[(&str, &str)] = &[
    ("軟件開發工具發布", "這款軟件開發工具今天發布，開源免費。"),
    ("开源社区周报", "开源软件开发社区发布新版本。"),
    ("芯片新闻", "与软件无关的芯片消息。"),
];

fn files_of(index: &SearchIndex) -> std::collections::HashMap<String, Vec<u8>> {
    index.files.iter().cloned().collect()
}

fn found(files: &std::collections::HashMap<String, Vec<u8>>, q: &str) -> Vec<u32> {
    let mut s = query::Searcher::new(files.clone()).unwrap();
    let (hits, total) = s.search(q, query::Sort::Relevance, 10);
    assert_eq!(hits.len(), total, "{q}");
    let mut docs: Vec<u32> = hits.iter().map(|h| h.doc).collect();
    docs.sort_unstable();
    docs
}

#[test]
fn with_editions_either_script_finds_both_and_texts_stay_as_written() {
    let config = Config::parse("title: t\nvariants: [zh-TW]\n").unwrap();
    assert!(folds(&config));
    let mut site = site(SCRIPTS);
    let index = build_index(&site, &config);
    assert_eq!(
        index.files,
        build_index_freeing(&mut site, &config).files,
        "both builds fold alike"
    );
    let files = files_of(&index);
    let m: Manifest = serde_json::from_slice(&files[MANIFEST]).unwrap();
    assert_eq!(m.fold.as_deref(), Some("fold.txt"));
    assert!(m.paths().contains(&"search/fold.txt".to_string()));
    let pairs = String::from_utf8(files["search/fold.txt"].clone()).unwrap();
    assert!(pairs.contains("發发") && pairs.contains("軟软") && pairs.contains("髮发"));
    // The shards hold Simplified tokens only; the texts and rows keep each doc's script.
    let shards = files_map(&index.files);
    let all: BTreeMap<&String, &String> = shards.values().flatten().collect();
    assert!(all.contains_key(&"软件".to_string()) && !all.contains_key(&"軟件".to_string()));
    assert!(String::from_utf8_lossy(&files["search/text/0.txt"]).contains("軟件開發"));
    assert!(String::from_utf8_lossy(&files["search/docs/0.json"]).contains("軟件開發工具發布"));

    for q in ["軟件開發", "软件开发", "\"軟件 开发\"", "發布"] {
        assert_eq!(found(&files, q), [0, 1], "{q}");
    }
    assert_eq!(found(&files, "開源軟件開發社區"), [1]);
    let mut s = query::Searcher::new(files.clone()).unwrap();
    let (hits, _) = s.search("软件开发", query::Sort::Relevance, 10);
    let by_doc = |d: u32| hits.iter().find(|h| h.doc == d).unwrap();
    assert_eq!(by_doc(0).title_html, "<mark>軟件開發</mark>工具發布");
    assert!(
        by_doc(0)
            .snippet_html
            .contains("這款<mark>軟件開發</mark>工具今天發布"),
        "{}",
        by_doc(0).snippet_html
    );
    assert!(
        by_doc(1)
            .snippet_html
            .contains("开源<mark>软件开发</mark>社区"),
        "{}",
        by_doc(1).snippet_html
    );
    assert!(s.fetched.contains(&"search/fold.txt".to_string()));
}

#[test]
fn without_editions_there_is_no_fold() {
    let config = Config::parse("title: t\n").unwrap();
    assert!(!folds(&config));
    let index = build_index(&site(SCRIPTS), &config);
    let files = files_of(&index);
    assert!(!files.contains_key("search/fold.txt"));
    assert!(!String::from_utf8_lossy(&files[MANIFEST]).contains("fold"));
    let m: Manifest = serde_json::from_slice(&files[MANIFEST]).unwrap();
    assert_eq!(m.fold, None);
    // Each script finds only itself.
    assert_eq!(found(&files, "軟件開發"), [0]);
    assert_eq!(found(&files, "软件开发"), [1]);
}
