//! Script-independent search: a site with script editions (`variants: [zh-TW]`) folds every
//! character Traditional → Simplified in its index and in the query, so a query typed in
//! either script finds an article written in either. Checked at the index level with
//! `kuaixun::search::query`, the Rust mirror of `static/js/search.js`, over the main
//! edition's index (`search/`) of a real build; `tests/browser_search.rs` runs the client.

mod common;
use common::{article, write};

use std::collections::BTreeSet;
use std::path::Path;

use kuaixun::build::{build, BuildOptions};
use kuaixun::search::query::{Dir, Hit, Searcher, Sort};
use kuaixun::search::Manifest;

/// (slug, title, date, body); newest first. `trad` is written in Traditional characters.
const ARTICLES: &[(&str, &str, &str, &str)] = &[
    (
        "release",
        "开源软件发布周报",
        "2025-11-30",
        "本周有三款开源软件发布新版本，其中数据库最受关注。",
    ),
    (
        "hair",
        "理发店的新生意",
        "2025-11-29",
        "头发护理成为新的增长点，发布会上人头攒动。",
    ),
    (
        "trad",
        "繁體寫成的軟體新聞",
        "2025-11-28",
        "這篇文章以繁體中文寫成：開源軟件發布後，社區很快回應。",
    ),
    (
        "chips",
        "芯片产能",
        "2025-11-27",
        "晶圆厂扩产，与软件无关。",
    ),
];

fn fixture(config: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let r = tmp.path();
    write(r, "config.yaml", config);
    for (slug, title, date, body) in ARTICLES {
        article(r, slug, &format!("title: {title}\ndate: {date}"), body);
    }
    tmp
}

fn build_into(root: &Path, out: &Path) {
    let mut opts = BuildOptions::new(root);
    opts.output = Some(out.to_path_buf());
    build(&opts).unwrap_or_else(|e| panic!("build failed: {e}"));
}

const EDITIONS: &str =
    "title: 快讯繁简测试\nbase_url: https://news.example.com/\nvariants: [zh-TW]\n";
const PLAIN: &str = "title: 快讯繁简测试\nbase_url: https://news.example.com/\n";

fn slug(h: &Hit) -> String {
    h.url
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap()
        .to_string()
}

/// The slugs of every result of `q`, sorted, and the hits in result order.
fn search(s: &mut Searcher<Dir>, q: &str) -> (Vec<String>, Vec<Hit>) {
    let (hits, total) = s.search(q, Sort::Relevance, 100);
    assert_eq!(total, hits.len(), "{q}: total after checking");
    let mut slugs: Vec<String> = hits.iter().map(slug).collect();
    slugs.sort();
    (slugs, hits)
}

fn marks(html: &str) -> Vec<String> {
    html.split("<mark>")
        .skip(1)
        .map(|s| s.split("</mark>").next().unwrap().to_string())
        .collect()
}

#[test]
fn a_traditional_query_finds_the_simplified_article_and_the_reverse() {
    let tmp = fixture(EDITIONS);
    let out = tmp.path().join("out");
    build_into(tmp.path(), &out);
    let mut s = Searcher::new(Dir(out.clone())).expect("manifest");
    assert_eq!(s.manifest.fold.as_deref(), Some("fold.txt"));
    assert!(out.join("search/fold.txt").is_file());

    // Typed in Traditional: the Simplified article (and the Traditional one) are found.
    let (got, hits) = search(&mut s, "開源軟件發布");
    assert_eq!(got, ["release", "trad"], "開源軟件發布");
    let release = hits.iter().find(|h| slug(h) == "release").unwrap();
    assert_eq!(release.title_html, "<mark>开源软件发布</mark>周报");
    let trad = hits.iter().find(|h| slug(h) == "trad").unwrap();
    assert_eq!(
        marks(&trad.snippet_html),
        ["開源軟件發布"],
        "the snippet shows the article's own characters: {}",
        trad.snippet_html
    );
    // The same query in Simplified finds the same articles.
    let (simplified, _) = search(&mut s, "开源软件发布");
    assert_eq!(simplified, got);
    // 發 and 髮 both fold to 发: either finds 发布 and 头发 alike.
    for q in ["發", "髮"] {
        let (got, _) = search(&mut s, q);
        assert_eq!(got, ["hair", "release", "trad"], "{q}");
    }
    let (got, _) = search(&mut s, "頭髮");
    assert_eq!(got, ["hair"]);
    // A phrase check against text in the other script (three characters or more).
    let (got, _) = search(&mut s, "繁体写成");
    assert_eq!(got, ["trad"]);
    let (got, _) = search(&mut s, "\"社區 很快\"");
    assert_eq!(got, ["trad"]);
    assert!(s.fetched.contains(&"search/fold.txt".to_string()));
}

#[test]
fn the_manifest_names_the_fold_file_and_every_file_is_named() {
    let tmp = fixture(EDITIONS);
    let out = tmp.path().join("out");
    build_into(tmp.path(), &out);
    let bytes = std::fs::read(out.join("search/manifest.json")).unwrap();
    let m: Manifest = serde_json::from_slice(&bytes).unwrap();
    let named: BTreeSet<String> = m.paths().into_iter().collect();
    assert!(named.contains("search/fold.txt"));
    for p in &named {
        assert!(out.join(p).is_file(), "{p} named but not written");
    }
    let pairs = std::fs::read_to_string(out.join("search/fold.txt")).unwrap();
    let cs: Vec<char> = pairs.chars().collect();
    assert!(cs.len() > 6000 && cs.len().is_multiple_of(2));
    let has = |t: char, s: char| cs.chunks(2).any(|p| p == [t, s]);
    assert!(has('發', '发') && has('髮', '发') && has('軟', '软') && has('開', '开'));
}

#[test]
fn without_editions_each_script_finds_only_itself() {
    let tmp = fixture(PLAIN);
    let out = tmp.path().join("out");
    build_into(tmp.path(), &out);
    assert!(!out.join("search/fold.txt").exists());
    let manifest = std::fs::read_to_string(out.join("search/manifest.json")).unwrap();
    assert!(!manifest.contains("fold"), "{manifest}");
    let mut s = Searcher::new(Dir(out)).expect("manifest");
    let (got, _) = search(&mut s, "開源軟件發布");
    assert_eq!(got, ["trad"]);
    let (got, _) = search(&mut s, "开源软件发布");
    assert_eq!(got, ["release"]);
}

/// zh-HK writes 衛 as 衞 and zh-TW 着 as 著 (OpenCC's regional variants): the fold puts each
/// in its standard character's class, so a query in any script finds the article in every
/// edition's index.
#[test]
fn regional_variants_are_found_from_either_script() {
    let tmp = tempfile::tempdir().unwrap();
    let r = tmp.path();
    write(
        r,
        "config.yaml",
        "title: 快讯繁简测试\nbase_url: https://news.example.com/\nvariants: [zh-TW, zh-HK]\n",
    );
    article(
        r,
        "satellite",
        "title: 卫星互联网试验\ndate: 2025-11-30",
        "低轨卫星接着完成了第二轮测试，地面站叙述了结果。",
    );
    article(
        r,
        "other",
        "title: 芯片产能\ndate: 2025-11-29",
        "晶圆厂扩产。",
    );
    let out = r.join("out");
    build_into(r, &out);
    let hk = std::fs::read_to_string(out.join("zh-hk/posts/satellite/index.html")).unwrap();
    assert!(hk.contains("衞星"), "zh-HK writes 衞星");
    let tw = std::fs::read_to_string(out.join("zh-tw/posts/satellite/index.html")).unwrap();
    assert!(tw.contains("接著"), "zh-TW writes 接著");
    for edition in ["", "zh-tw", "zh-hk"] {
        let mut s = Searcher::new(Dir(out.join(edition))).expect("manifest");
        for q in [
            "卫星", "衛星", "衞星", "接着", "接著", "叙述", "敘述", "敍述",
        ] {
            let (got, _) = search(&mut s, q);
            assert_eq!(got, ["satellite"], "{q} in the edition `{edition}`");
        }
    }
}
