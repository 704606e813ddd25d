//! Chinese copywriting warnings, from the `autocorrect` crate (spaces between Chinese and
//! Latin letters or digits, half-width punctuation in Chinese text, spaces around full-width
//! punctuation, full-width letters) plus repeated `！！`/`？？`, which it does not flag.
//! Code blocks and inline code are left alone; `<!-- autocorrect-disable -->` …
//! `<!-- autocorrect-enable -->` turns the lint off for a passage.
//!
//! autocorrect reports a whole corrected line; each change in it becomes its own warning at
//! its own column (changes a few characters apart are reported together).

use std::sync::Once;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::{line_col, Kind, Problem, Source};
use crate::config::key_line;

static SETUP: Once = Once::new();

/// autocorrect's default rules, but never inside fenced or indented code.
fn setup() {
    SETUP.call_once(|| {
        let _ = autocorrect::config::load("context:\n  codeblock: 0\n");
    });
}

/// All copywriting warnings of one article: its title and its Markdown body.
pub(super) fn check(source: &Source) -> Vec<Problem> {
    setup();
    let doc = &source.doc;
    let mut out = Vec::new();
    let mut push = |line: usize, column: usize, message: String| {
        out.push(Problem::new(Kind::Copywriting, Some(&doc.path), message).at(line, Some(column)));
    };

    if let Some(l) = key_line(&source.front, "title") {
        let title = &doc.meta.title;
        let fixed = autocorrect::format(title);
        if fixed != *title {
            let line = source.front.lines().nth(l - 1).unwrap_or("");
            let start = line
                .find(title.as_str())
                .map_or(1, |i| line[..i].chars().count() + 1);
            for h in hunks(title, &fixed) {
                push(l + 1, start + h.at, h.describe());
            }
        }
    }

    let result = autocorrect::lint_for(&doc.body, "markdown");
    if result.error.is_empty() {
        let lines: Vec<&str> = doc.body.split('\n').collect();
        for r in &result.lines {
            let text = lines.get(r.line.saturating_sub(1)).copied().unwrap_or("");
            let start = locate(text, &r.old, r.col);
            for h in hunks(&r.old, &r.new) {
                push(doc.body_line + r.line - 1, start + h.at, h.describe());
            }
        }
    }

    for (line, column, run) in repeated_marks(&doc.body, doc.body_line) {
        let one = run.chars().next().unwrap_or('！');
        push(
            line,
            column,
            format!("repeated punctuation `{run}`: use a single `{one}`"),
        );
    }
    out
}

/// 1-based column where `old` starts in `line`: the occurrence nearest autocorrect's
/// column `col` (which may point at leading whitespace), else `col`.
fn locate(line: &str, old: &str, col: usize) -> usize {
    if old.is_empty() {
        return col;
    }
    let mut best: Option<usize> = None;
    for (at, _) in line.match_indices(old) {
        let c = line[..at].chars().count() + 1;
        if best.is_none_or(|b| c.abs_diff(col) < b.abs_diff(col)) {
            best = Some(c);
        }
    }
    best.unwrap_or(col)
}

/// One change between a line and its corrected form.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Hunk {
    /// 0-based character index in the old text.
    at: usize,
    old: String,
    new: String,
    /// A little of the text around it, for the message.
    before: String,
    after: String,
}

impl Hunk {
    fn describe(&self) -> String {
        let squeeze = |s: &str| s.chars().filter(|c| *c != ' ').collect::<String>();
        let what = if squeeze(&self.old) == squeeze(&self.new) {
            if self.new.len() > self.old.len() {
                "missing space"
            } else {
                "extra space"
            }
        } else if self
            .old
            .chars()
            .any(|c| matches!(c, ',' | '.' | ';' | ':' | '!' | '?'))
            && self.new.chars().any(|c| "，。；：！？".contains(c))
        {
            "half-width punctuation in Chinese text"
        } else if self
            .old
            .chars()
            .any(|c| ('\u{FF10}'..='\u{FF5A}').contains(&c))
        {
            "full-width letters or digits"
        } else {
            "copywriting"
        };
        format!(
            "{what}: `{}{}{}` → `{}{}{}`",
            self.before, self.old, self.after, self.before, self.new, self.after
        )
    }
}

/// Characters of context shown around a change.
const CONTEXT: usize = 3;
/// Changes at most this many characters apart are reported as one.
const MERGE_GAP: usize = 6;

/// The changes from `old` to `new`. autocorrect only inserts or removes spaces and swaps
/// single characters, so walking both texts side by side lines them up.
fn hunks(old: &str, new: &str) -> Vec<Hunk> {
    let o: Vec<char> = old.chars().collect();
    let n: Vec<char> = new.chars().collect();
    // (old start, old end, new start, new end)
    let mut spans: Vec<(usize, usize, usize, usize)> = Vec::new();
    let (mut i, mut j) = (0, 0);
    let mut open: Option<(usize, usize)> = None;
    while i < o.len() || j < n.len() {
        if i < o.len() && j < n.len() && o[i] == n[j] {
            if let Some((si, sj)) = open.take() {
                spans.push((si, i, sj, j));
            }
            i += 1;
            j += 1;
            continue;
        }
        open.get_or_insert((i, j));
        if j < n.len() && n[j] == ' ' && (i >= o.len() || o[i] != ' ') {
            j += 1;
        } else if i < o.len() && o[i] == ' ' && (j >= n.len() || n[j] != ' ') {
            i += 1;
        } else {
            i = (i + 1).min(o.len());
            j = (j + 1).min(n.len());
        }
    }
    if let Some((si, sj)) = open {
        spans.push((si, o.len(), sj, n.len()));
    }
    let mut merged: Vec<(usize, usize, usize, usize)> = Vec::new();
    for s in spans {
        match merged.last_mut() {
            Some(last) if s.0 - last.1 <= MERGE_GAP => {
                last.1 = s.1;
                last.3 = s.3;
            }
            _ => merged.push(s),
        }
    }
    merged
        .into_iter()
        .map(|(oi, oe, ni, ne)| Hunk {
            at: oi,
            old: o[oi..oe].iter().collect(),
            new: n[ni..ne].iter().collect(),
            before: o[oi.saturating_sub(CONTEXT)..oi].iter().collect(),
            after: o[oe..(oe + CONTEXT).min(o.len())].iter().collect(),
        })
        .collect()
}

/// Runs of two or more `！`/`？` (or `!`/`?` mixed with them, or right after a Chinese
/// character) in prose, as (line, column, run).
fn repeated_marks(body: &str, body_line: usize) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut in_code = false;
    for (event, range) in Parser::new(body).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Text(_) if !in_code => {
                let text = &body[range.clone()];
                let mut run_start: Option<usize> = None;
                let mut iter = text.char_indices().peekable();
                while let Some((at, c)) = iter.next() {
                    let mark = matches!(c, '！' | '？' | '!' | '?');
                    if mark && run_start.is_none() {
                        run_start = Some(at);
                    }
                    let ends = !mark || iter.peek().is_none();
                    if let (true, Some(start)) = (ends, run_start) {
                        let end = if mark { at + c.len_utf8() } else { at };
                        let run = &text[start..end];
                        let after_cjk = text[..start]
                            .chars()
                            .next_back()
                            .is_some_and(crate::markdown::cjk::is_cjk);
                        if run.chars().count() >= 2 && (!run.is_ascii() || after_cjk) {
                            let (line, column) = line_col(body, range.start + start, body_line);
                            out.push((line, column, run.to_string()));
                        }
                        run_start = None;
                    }
                }
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hunks_of_space_and_punctuation_fixes() {
        let h = hunks("我们使用Rust开发", "我们使用 Rust 开发");
        assert_eq!(h.len(), 1, "{h:?}");
        assert_eq!(h[0].at, 4);
        assert_eq!(
            h[0].describe(),
            "missing space: `们使用Rust开发` → `们使用 Rust 开发`"
        );
        let h = hunks("发布了新版本,速度提升", "发布了新版本，速度提升");
        assert_eq!(h.len(), 1);
        assert_eq!(h[0].at, 6);
        assert!(h[0]
            .describe()
            .starts_with("half-width punctuation in Chinese text: "));
        let h = hunks(
            "开头有问题a这里很长很长很长很长的中间b结尾",
            "开头有问题 a 这里很长很长很长很长的中间 b 结尾",
        );
        assert_eq!(h.iter().map(|h| h.at).collect::<Vec<_>>(), vec![5, 19]);
        assert_eq!(hunks("没有变化", "没有变化"), vec![]);
    }

    #[test]
    fn repeated_marks_outside_code() {
        let body = "太惊人了！！\n\n```\nprint(\"！！\")\n```\n\n真的吗？？还是`a!!`假的!!\n\nWow!! fine\n";
        let got = repeated_marks(body, 10);
        assert_eq!(
            got,
            vec![
                (10, 5, "！！".to_string()),
                (16, 4, "？？".to_string()),
                (16, 15, "!!".to_string()),
            ]
        );
    }

    #[test]
    fn locate_prefers_nearest() {
        assert_eq!(locate("  中文abc 中文abc", "中文abc", 1), 3);
        assert_eq!(locate("  中文abc 中文abc", "中文abc", 9), 9);
        assert_eq!(locate("xyz", "不在", 4), 4);
    }
}
