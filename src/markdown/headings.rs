//! Heading ids and the table of contents.

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};

use super::{Heading, Spanned};

/// Turns heading text into an id, roughly like GitHub does: ASCII letters and
/// digits are kept (lower-cased), non-ASCII letters and digits (Han, Kana,
/// Hangul, accented Latin, ...) are kept as they are, and every other
/// character is a separator. Separator runs become one `-`, and leading or
/// trailing separators are dropped. Empty result → `section`.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_dash = false;
    for c in text.chars() {
        let keep = if c.is_ascii() {
            c.is_ascii_alphanumeric()
        } else {
            c.is_alphanumeric()
        };
        if keep {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.push(c.to_ascii_lowercase());
        } else {
            pending_dash = true;
        }
    }
    if out.is_empty() {
        out.push_str("section");
    }
    out
}

fn level_u8(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Hands out unique ids: the first use of a base keeps it, later ones get
/// `-1`, `-2`, ... (skipping any that are already taken).
struct IdAllocator {
    used: HashSet<String>,
    next_suffix: HashMap<String, u32>,
}

impl IdAllocator {
    fn allocate(&mut self, base: String) -> String {
        if !self.used.contains(&base) {
            self.used.insert(base.clone());
            return base;
        }
        let n = self.next_suffix.entry(base.clone()).or_insert(1);
        loop {
            let candidate = format!("{base}-{n}");
            *n += 1;
            if !self.used.contains(&candidate) {
                self.used.insert(candidate.clone());
                return candidate;
            }
        }
    }
}

/// Sets an `id` on every heading start event and returns the h2..h6 headings
/// in document order. Explicit `{#id}`s and footnote labels are reserved up
/// front, so generated ids never collide with them.
pub(super) fn assign_ids(events: &mut [Spanned<'_>]) -> Vec<Heading> {
    let mut ids = IdAllocator {
        used: HashSet::new(),
        next_suffix: HashMap::new(),
    };
    for (event, _) in events.iter() {
        match event {
            Event::Start(Tag::Heading { id: Some(id), .. }) => {
                ids.used.insert(id.to_string());
            }
            // pulldown-cmark uses a footnote's label as its element id.
            Event::Start(Tag::FootnoteDefinition(label)) => {
                ids.used.insert(label.to_string());
            }
            _ => {}
        }
    }

    let mut toc = Vec::new();
    let mut i = 0;
    while i < events.len() {
        let (level, explicit) = match &events[i].0 {
            Event::Start(Tag::Heading { level, id, .. }) => {
                (level_u8(*level), id.as_ref().map(|s| s.to_string()))
            }
            _ => {
                i += 1;
                continue;
            }
        };
        // Headings never nest, so the first heading end closes this one.
        let mut title = String::new();
        let mut j = i + 1;
        while j < events.len() {
            match &events[j].0 {
                Event::End(TagEnd::Heading(_)) => break,
                Event::Text(t) | Event::Code(t) => title.push_str(t),
                Event::SoftBreak | Event::HardBreak => title.push(' '),
                _ => {}
            }
            j += 1;
        }
        let title = title.trim().to_string();
        let id = match explicit {
            Some(id) => id,
            None => {
                let id = ids.allocate(slugify(&title));
                if let Event::Start(Tag::Heading { id: slot, .. }) = &mut events[i].0 {
                    *slot = Some(CowStr::from(id.clone()));
                }
                id
            }
        };
        if level >= 2 {
            toc.push(Heading { level, id, title });
        }
        i = j + 1;
    }
    toc
}

#[cfg(test)]
mod tests {
    use super::super::{render, Options};
    use super::*;

    #[test]
    fn slugify_rules() {
        assert_eq!(slugify("算力 Infrastructure"), "算力-infrastructure");
        assert_eq!(slugify("英伟达发布 H200 芯片"), "英伟达发布-h200-芯片");
        assert_eq!(
            slugify("  GPT-5 发布：性能提升 90%! "),
            "gpt-5-发布-性能提升-90"
        );
        assert_eq!(slugify("Hello,   World__Again"), "hello-world-again");
        assert_eq!(slugify("日本語のテキスト"), "日本語のテキスト");
        assert_eq!(slugify("한국어 제목"), "한국어-제목");
        assert_eq!(slugify("Überblick"), "Überblick");
        assert_eq!(slugify("!!!"), "section");
        assert_eq!(slugify(""), "section");
    }

    #[test]
    fn chinese_heading_ids_and_toc() {
        let src = "# 英伟达财报解读\n\n## 数据中心业务\n\n正文。\n\n### 算力 Infrastructure\n\n#### `H200` 与 B200\n";
        let r = render(src, &Options::default());
        assert!(r.html.contains("<h1 id=\"英伟达财报解读\">"), "{}", r.html);
        assert!(r.html.contains("<h2 id=\"数据中心业务\">"), "{}", r.html);
        assert!(
            r.html.contains("<h3 id=\"算力-infrastructure\">"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<h4 id=\"h200-与-b200\">"), "{}", r.html);
        let toc: Vec<(u8, &str, &str)> = r
            .toc
            .iter()
            .map(|h| (h.level, h.id.as_str(), h.title.as_str()))
            .collect();
        assert_eq!(
            toc,
            vec![
                (2, "数据中心业务", "数据中心业务"),
                (3, "算力-infrastructure", "算力 Infrastructure"),
                (4, "h200-与-b200", "H200 与 B200"),
            ]
        );
    }

    #[test]
    fn duplicate_ids_get_suffixes() {
        let src = "## 背景\n\n## 背景\n\n## 背景\n\n## 背景-1\n";
        let r = render(src, &Options::default());
        let ids: Vec<&str> = r.toc.iter().map(|h| h.id.as_str()).collect();
        // the fourth heading's natural id `背景-1` is already taken.
        assert_eq!(ids, vec!["背景", "背景-1", "背景-2", "背景-1-1"]);
    }

    #[test]
    fn explicit_ids_win_and_are_reserved() {
        let src = "## 市场反应\n\n## 市场分析 {#market}\n\n## Market\n";
        let r = render(src, &Options::default());
        let ids: Vec<&str> = r.toc.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, vec!["市场反应", "market", "market-1"]);
        assert_eq!(r.toc[1].title, "市场分析");
        assert!(
            r.html.contains("<h2 id=\"market\">市场分析</h2>"),
            "{}",
            r.html
        );
    }

    #[test]
    fn empty_and_punctuation_headings() {
        let r = render("## ？！\n\n## ...\n", &Options::default());
        let ids: Vec<&str> = r.toc.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, vec!["section", "section-1"]);
    }

    #[test]
    fn many_duplicate_headings_stay_fast() {
        let src = "## 快讯\n\n".repeat(20_000);
        let r = render(&src, &Options::default());
        assert_eq!(r.toc.len(), 20_000);
        assert_eq!(r.toc[19_999].id, "快讯-19999");
    }
}
