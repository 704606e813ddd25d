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
use crate::config::{key_line, CopyRules};

static SETUP: Once = Once::new();

/// autocorrect's default rules, but never inside fenced or indented code.
fn setup() {
    SETUP.call_once(|| {
        let _ = autocorrect::config::load("context:\n  codeblock: 0\n");
    });
}

/// A copywriting rule (the `rule` field of the JSON report).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    DigitSpacing,
    LatinSpacing,
    PunctuationSpacing,
    PunctuationWidth,
    FullwidthAlnum,
    RepeatedPunctuation,
}

impl Rule {
    /// The config key (`check.rules.<name>`).
    pub fn name(self) -> &'static str {
        match self {
            Rule::DigitSpacing => "digit_spacing",
            Rule::LatinSpacing => "latin_spacing",
            Rule::PunctuationSpacing => "punctuation_spacing",
            Rule::PunctuationWidth => "punctuation_width",
            Rule::FullwidthAlnum => "fullwidth_alnum",
            Rule::RepeatedPunctuation => "repeated_punctuation",
        }
    }

    /// What the rule asks for, in a summary line.
    pub fn label(self) -> &'static str {
        match self {
            Rule::DigitSpacing => "space between Chinese and digits",
            Rule::LatinSpacing => "space between Chinese and Latin letters",
            Rule::PunctuationSpacing => "no space around full-width punctuation",
            Rule::PunctuationWidth => "full-width punctuation in Chinese text",
            Rule::FullwidthAlnum => "half-width letters and digits",
            Rule::RepeatedPunctuation => "single punctuation marks",
        }
    }

    fn from_name(name: &str) -> Option<Rule> {
        [
            Rule::DigitSpacing,
            Rule::LatinSpacing,
            Rule::PunctuationSpacing,
            Rule::PunctuationWidth,
            Rule::FullwidthAlnum,
            Rule::RepeatedPunctuation,
        ]
        .into_iter()
        .find(|r| r.name() == name)
    }

    fn enabled(self, rules: &CopyRules) -> bool {
        match self {
            Rule::DigitSpacing => rules.digit_spacing,
            Rule::LatinSpacing => rules.latin_spacing,
            Rule::PunctuationSpacing => rules.punctuation_spacing,
            Rule::PunctuationWidth => rules.punctuation_width,
            Rule::FullwidthAlnum => rules.fullwidth_alnum,
            Rule::RepeatedPunctuation => rules.repeated_punctuation,
        }
    }
}

/// The summary label of a rule name (`latin_spacing`).
pub(super) fn label_of(name: &str) -> &'static str {
    Rule::from_name(name).map_or("copywriting", Rule::label)
}

/// All copywriting findings of one article (its title and its Markdown body) under the
/// enabled rules.
pub(super) fn check(source: &Source, rules: &CopyRules) -> Vec<Problem> {
    setup();
    let doc = &source.doc;
    let mut out = Vec::new();
    let mut push = |line: usize, column: usize, rule: Rule, message: String| {
        let mut p =
            Problem::new(Kind::Copywriting, Some(&doc.path), message).at(line, Some(column));
        p.rule = Some(rule.name());
        out.push(p);
    };

    if let Some(l) = key_line(&source.front, "title") {
        let title = &doc.meta.title;
        let fixed = autocorrect::format(title);
        if fixed != *title {
            let line = source.front.lines().nth(l - 1).unwrap_or("");
            let start = line
                .find(title.as_str())
                .map_or(1, |i| line[..i].chars().count() + 1);
            for (rule, h) in hunks(title, &fixed, rules) {
                push(l + 1, start + h.at, rule, h.describe());
            }
        }
    }

    for r in body_lines(&doc.body) {
        for (rule, h) in hunks(&r.old, &r.new, rules) {
            push(
                doc.body_line + r.line - 1,
                r.start + h.at,
                rule,
                h.describe(),
            );
        }
    }

    if rules.repeated_punctuation {
        for (line, column, run) in repeated_marks(&doc.body, doc.body_line) {
            let one = run.chars().next().unwrap_or('！');
            push(
                line,
                column,
                Rule::RepeatedPunctuation,
                format!("repeated punctuation `{run}`: use a single `{one}`"),
            );
        }
    }
    out
}

/// One fragment autocorrect would change: on 1-based body `line`, starting at 1-based
/// character column `start`.
pub(super) struct LineFix {
    pub line: usize,
    pub start: usize,
    pub old: String,
    pub new: String,
}

/// What autocorrect would change in a Markdown body (never code, URLs or front matter).
pub(super) fn body_lines(body: &str) -> Vec<LineFix> {
    setup();
    let result = autocorrect::lint_for(body, "markdown");
    if !result.error.is_empty() {
        return Vec::new();
    }
    let lines: Vec<&str> = body.split('\n').collect();
    result
        .lines
        .iter()
        .map(|r| {
            let text = lines.get(r.line.saturating_sub(1)).copied().unwrap_or("");
            LineFix {
                line: r.line,
                start: locate(text, &r.old, r.col),
                old: r.old.clone(),
                new: r.new.clone(),
            }
        })
        .collect()
}

/// `old` with only the changes of enabled rules applied.
pub(super) fn apply(old: &str, new: &str, rules: &CopyRules) -> String {
    let o: Vec<char> = old.chars().collect();
    let n: Vec<char> = new.chars().collect();
    let mut out = String::with_capacity(new.len());
    let mut i = 0;
    for (oi, oe, ni, ne, rule) in spans(&o, &n) {
        out.extend(&o[i..oi]);
        if rule.enabled(rules) {
            out.extend(&n[ni..ne]);
        } else {
            out.extend(&o[oi..oe]);
        }
        i = oe;
    }
    out.extend(&o[i..]);
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

/// The smallest changes from `old` to `new`, each with its rule: (old start, old end, new
/// start, new end, rule). autocorrect only inserts or removes spaces and swaps single
/// characters, so walking both texts side by side lines them up.
fn spans(o: &[char], n: &[char]) -> Vec<(usize, usize, usize, usize, Rule)> {
    let mut spans = Vec::new();
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
    spans
        .into_iter()
        .map(|(oi, oe, ni, ne)| (oi, oe, ni, ne, classify(o, oi, oe, &n[ni..ne])))
        .collect()
}

/// The rule behind one change of `o[oi..oe]` into `new`.
fn classify(o: &[char], oi: usize, oe: usize, new: &[char]) -> Rule {
    let old = &o[oi..oe];
    let squeeze = |s: &[char]| s.iter().filter(|c| **c != ' ').copied().collect::<Vec<_>>();
    if squeeze(old) == squeeze(new) {
        let before = oi.checked_sub(1).map(|k| o[k]);
        let after = o.get(oe).copied();
        let near = [before, after, old.first().copied(), old.last().copied()];
        let full_width_punct = |c: char| "，。、；：？！「」『』（）《》【】“”‘’…—".contains(c);
        if near.iter().flatten().any(|c| full_width_punct(*c)) {
            return Rule::PunctuationSpacing;
        }
        if near.iter().flatten().any(|c| c.is_ascii_digit()) {
            return Rule::DigitSpacing;
        }
        return Rule::LatinSpacing;
    }
    if old.iter().any(|c| ('\u{FF10}'..='\u{FF5A}').contains(c)) {
        return Rule::FullwidthAlnum;
    }
    Rule::PunctuationWidth
}

/// The changes from `old` to `new` of enabled rules, those of one rule a few characters
/// apart reported together.
fn hunks(old: &str, new: &str, rules: &CopyRules) -> Vec<(Rule, Hunk)> {
    let o: Vec<char> = old.chars().collect();
    let n: Vec<char> = new.chars().collect();
    let mut merged: Vec<(usize, usize, usize, usize, Rule)> = Vec::new();
    for s in spans(&o, &n).into_iter().filter(|s| s.4.enabled(rules)) {
        match merged.last_mut() {
            Some(last) if last.4 == s.4 && s.0 - last.1 <= MERGE_GAP => {
                last.1 = s.1;
                last.3 = s.3;
            }
            _ => merged.push(s),
        }
    }
    merged
        .into_iter()
        .map(|(oi, oe, ni, ne, rule)| {
            let h = Hunk {
                at: oi,
                old: o[oi..oe].iter().collect(),
                new: n[ni..ne].iter().collect(),
                before: o[oi.saturating_sub(CONTEXT)..oi].iter().collect(),
                after: o[oe..(oe + CONTEXT).min(o.len())].iter().collect(),
            };
            (rule, h)
        })
        .collect()
}

/// Runs of two or more `！`/`？` (or `!`/`?` mixed with them, or right after a Chinese
/// character) in prose, as (line, column, run).
fn repeated_marks(body: &str, body_line: usize) -> Vec<(usize, usize, String)> {
    repeated_runs(body)
        .into_iter()
        .map(|(at, run)| {
            let (line, column) = line_col(body, at, body_line);
            (line, column, run)
        })
        .collect()
}

/// The runs of [`repeated_marks`] as (byte offset in `body`, run).
pub(super) fn repeated_runs(body: &str) -> Vec<(usize, String)> {
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
                            out.push((range.start + start, run.to_string()));
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
        let all = CopyRules {
            digit_spacing: true,
            ..CopyRules::default()
        };
        let hunks = |o: &str, n: &str| -> Vec<Hunk> {
            super::hunks(o, n, &all)
                .into_iter()
                .map(|(_, h)| h)
                .collect()
        };
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
    fn rules_classify_and_switch_off() {
        let rules = CopyRules::default();
        let got: Vec<Rule> =
            super::hunks("共3万人使用Rust,很快", "共 3 万人使用 Rust，很快", &rules)
                .into_iter()
                .map(|(r, _)| r)
                .collect();
        // Digit spacing is off by default.
        assert_eq!(got, vec![Rule::LatinSpacing, Rule::PunctuationWidth]);
        assert_eq!(
            apply("共3万人使用Rust,很快", "共 3 万人使用 Rust，很快", &rules),
            "共3万人使用 Rust，很快"
        );
        let no_latin = CopyRules {
            latin_spacing: false,
            ..rules
        };
        assert_eq!(
            apply(
                "共3万人使用Rust,很快",
                "共 3 万人使用 Rust，很快",
                &no_latin
            ),
            "共3万人使用Rust，很快"
        );
        let fw = super::hunks("支持ＡＩ功能", "支持 AI 功能", &rules);
        assert!(fw.iter().any(|(r, _)| *r == Rule::FullwidthAlnum), "{fw:?}");
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
