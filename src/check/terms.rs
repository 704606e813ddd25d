//! Tags, categories and other terms spelled two ways: `AI`, `ＡＩ` and `ai` are one topic to a reader and
//! the site shows them as one term, in the most used spelling (`site::taxonomy`). Each
//! other spelling gets a warning naming where the most used one is written.

use std::collections::HashMap;
use std::path::Path;

use super::{Kind, Problem, Source};
use crate::config::key_line;

pub(super) use crate::site::taxonomy::fold;

/// Where a term is written: (file, line, column).
type Place<'a> = (&'a Path, usize, Option<usize>);

/// Warnings for every tag or category name that differs from another only by case or
/// full-width/half-width form.
pub(super) fn variants(sources: &[Source], config: &crate::config::Config) -> Vec<Problem> {
    let mut out = Vec::new();
    for def in &config.taxonomies {
        // Registered authors are ids, not spellings.
        if def.is_authors() && !config.authors.is_empty() {
            continue;
        }
        let label = def.term_kind.as_str();
        // fold → spelling → places, in site order.
        let mut groups: HashMap<String, Vec<(&str, Vec<Place<'_>>)>> = HashMap::new();
        let mut order: Vec<String> = Vec::new();
        // Site order (newest first, then by file), as the site picks the spelling it shows.
        let mut sorted: Vec<&Source> = sources.iter().collect();
        sorted.sort_by(|a, b| crate::site::site_order(&a.doc, &b.doc));
        let values: Vec<_> = sorted
            .iter()
            .map(|s| crate::site::taxonomy::values_of(&s.doc, def).unwrap_or_default())
            .collect();
        for (s, names) in sorted.into_iter().zip(&values) {
            let key = crate::site::taxonomy::key_of(&s.doc, def);
            for name in names.iter() {
                let (line, column) = position(&s.front, key, name);
                let folded = fold(name);
                let group = groups.entry(folded.clone()).or_insert_with(|| {
                    order.push(folded);
                    Vec::new()
                });
                let place = (s.doc.path.as_path(), line, column);
                match group.iter_mut().find(|(n, _)| *n == name.as_str()) {
                    Some((_, places)) => places.push(place),
                    None => group.push((name.as_str(), vec![place])),
                }
            }
        }
        for folded in order {
            let group = &groups[&folded];
            if group.len() < 2 {
                continue;
            }
            // The most used spelling is taken as the intended one (first seen on a tie).
            let main = group
                .iter()
                .enumerate()
                .max_by(|(i, a), (j, b)| a.1.len().cmp(&b.1.len()).then(j.cmp(i)))
                .map(|(i, _)| i)
                .unwrap_or(0);
            let (main_name, main_places) = &group[main];
            let (main_file, main_line, _) = main_places[0];
            for (i, (name, places)) in group.iter().enumerate() {
                if i == main {
                    continue;
                }
                for &(file, line, column) in places {
                    out.push(
                        Problem::new(
                            Kind::TermVariant,
                            Some(file),
                            format!(
                                "{label} `{name}` differs from `{main_name}` ({}:{main_line}) only by case or full-width/half-width form; use one spelling",
                                main_file.display(),
                            ),
                        )
                        .at(line, column),
                    );
                }
            }
        }
    }
    out
}

/// Line (in the file) and column of `name` in the `key:` list of front matter `front`
/// (which starts on line 2). Falls back to the key's line, then to line 2.
fn position(front: &str, key: &str, name: &str) -> (usize, Option<usize>) {
    let Some(key_at) = key_line(front, key) else {
        return (2, None);
    };
    let lines: Vec<&str> = front.lines().collect();
    for (i, line) in lines.iter().enumerate().skip(key_at - 1) {
        let text = if i == key_at - 1 {
            // After `key:` on the key's own line.
            match line.find(':') {
                Some(c) => &line[c + 1..],
                None => "",
            }
        } else if line.starts_with([' ', '\t', '-']) {
            line
        } else {
            break;
        };
        let offset = line.len() - text.len();
        if let Some(at) = find_item(text, name) {
            return (i + 2, Some(line[..offset + at].chars().count() + 1));
        }
    }
    (key_at + 1, None)
}

/// Byte offset of `name` in `text` as a whole list item (not inside a longer name).
fn find_item(text: &str, name: &str) -> Option<usize> {
    let is_sep = |c: Option<char>| {
        c.is_none_or(|c| c.is_whitespace() || matches!(c, '[' | ']' | ',' | '-' | '"' | '\''))
    };
    let mut from = 0;
    while let Some(i) = text[from..].find(name) {
        let at = from + i;
        let end = at + name.len();
        if is_sep(text[..at].chars().next_back()) && is_sep(text[end..].chars().next()) {
            return Some(at);
        }
        from = at + name.len().max(1);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding() {
        assert_eq!(fold("ＡＩ"), "ai");
        assert_eq!(fold("AI"), "ai");
        assert_eq!(fold("ai"), "ai");
        assert_eq!(fold("Ｒｕｓｔ　语言"), "rust 语言");
        assert_ne!(fold("人工智能"), fold("AI"));
    }

    #[test]
    fn positions_in_flow_and_block_lists() {
        let fm = "title: 标题\ndate: 2025-01-01\ntags: [AIGC, AI, 芯片]\ncategories:\n  - 行业\n  - ＡＩ\n";
        assert_eq!(position(fm, "tags", "AI"), (4, Some(14)));
        assert_eq!(position(fm, "tags", "AIGC"), (4, Some(8)));
        assert_eq!(position(fm, "categories", "ＡＩ"), (7, Some(5)));
        assert_eq!(position(fm, "categories", "没有"), (5, None));
        assert_eq!(position(fm, "summary", "x"), (2, None));
    }
}
