//! Every plain-text product of an article (meta and Open Graph descriptions, JSON-LD, feed
//! summaries, the search excerpt) shows a line break the way the page does: a break between
//! Latin and Chinese text (`使用 AI⏎芯片`) is a space, a break between two Chinese
//! characters is nothing, and a hard break is a space.

mod common;

use common::*;

const BODY: &str = "我们使用 AI\n芯片加速推理，\n效果明显。\\\n第二行接着说 Rust\n编译器。\n";

fn outputs(root: &std::path::Path) -> Vec<(String, String)> {
    let public = build_cli(root, &[]);
    let page = read(&public, "posts/soft/index.html");
    let attr = |name: &str| {
        let marker = format!("{name}\" content=\"");
        let start = page.find(&marker).unwrap_or_else(|| panic!("{name}")) + marker.len();
        unescape(&page[start..start + page[start..].find('"').unwrap()])
    };
    let json_ld = {
        let start = page.find("application/ld+json").unwrap();
        let start = start + page[start..].find('>').unwrap() + 1;
        let end = start + page[start..].find("</script>").unwrap();
        let v: serde_json::Value = serde_json::from_str(&page[start..end]).unwrap();
        v["description"].as_str().unwrap().to_string()
    };
    let atom = read(&public, "atom.xml");
    let summary = {
        let start = atom.find("<summary type=\"html\">").unwrap() + 21;
        let end = start + atom[start..].find("</summary>").unwrap();
        strip_tags(&unescape(&unescape(&atom[start..end])))
    };
    let docs = read(&public, "search/text/0.txt");
    vec![
        ("meta description".into(), attr("name=\"description")),
        ("og:description".into(), attr("property=\"og:description")),
        ("JSON-LD description".into(), json_ld),
        (
            "Atom summary".into(),
            summary.split_whitespace().collect::<Vec<_>>().join(" "),
        ),
        ("search text".into(), docs),
    ]
}

#[test]
fn soft_and_hard_breaks_read_as_on_the_page() {
    for front in [
        "title: 换行测试\ndate: 2025-11-20",
        // The same text as the summary before `<!-- more -->`.
        "title: 换行测试\ndate: 2025-11-20\nmore: true",
    ] {
        let body = if front.ends_with("more: true") {
            format!("{BODY}\n<!-- more -->\n\n后文。\n")
        } else {
            BODY.to_string()
        };
        let front = front.trim_end_matches("\nmore: true");
        let dir = site(&[("content/posts/soft.md", &md(front, &body))]);
        let page = read(&build_cli(dir.path(), &[]), "posts/soft/index.html");
        // The page itself: the break between `AI` and `芯片` stays (a space when shown), the
        // one between `，` and `效果` is gone.
        assert_has(&page, "使用 AI\n芯片加速推理，效果明显。<br />");
        for (what, text) in outputs(dir.path()) {
            assert!(
                text.contains("使用 AI 芯片加速推理，效果明显。"),
                "{what}: {text}"
            );
            assert!(
                text.contains("效果明显。 第二行接着说 Rust 编译器。"),
                "{what}: {text}"
            );
            assert!(!text.contains("AI芯片"), "{what}: {text}");
        }
    }
}
