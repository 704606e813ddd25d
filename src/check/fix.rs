//! `kuaixun check --fix`: applies the enabled copywriting fixes to the Markdown sources.
//! Only prose changes: autocorrect leaves code spans and blocks, URLs and HTML alone, and
//! front matter is never touched. Each file is rewritten atomically (a temporary file beside
//! it, then a rename), keeping its BOM and line ends.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::copywriting;
use crate::config::{Config, CopyRules, LintLevel};
use crate::content::{self, front_matter};
use crate::error::{Error, Errors};

/// One file's changed lines: (1-based line, old text, new text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileFix {
    pub file: PathBuf,
    pub lines: Vec<(usize, String, String)>,
}

/// What `--fix` changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FixReport {
    pub files: Vec<FileFix>,
    /// Set when nothing was tried (copywriting is `off`).
    pub skipped: Option<String>,
}

impl FixReport {
    /// A unified-diff-style listing of every changed line, then a summary line.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        if let Some(why) = &self.skipped {
            let _ = writeln!(out, "{why}");
            return out;
        }
        let mut lines = 0;
        for f in &self.files {
            let name = f.file.display();
            let _ = writeln!(out, "--- a/{name}\n+++ b/{name}");
            for (n, old, new) in &f.lines {
                let _ = writeln!(out, "@@ -{n} +{n} @@\n-{old}\n+{new}");
                lines += 1;
            }
        }
        let _ = writeln!(
            out,
            "fixed {lines} line{} in {} file{}",
            if lines == 1 { "" } else { "s" },
            self.files.len(),
            if self.files.len() == 1 { "" } else { "s" }
        );
        out
    }
}

/// Fix every article of the site at `root` under its config's copywriting rules.
pub fn fix(root: &Path) -> Result<FixReport, Errors> {
    let config = Config::load(root)?;
    if config.check.copywriting == LintLevel::Off {
        return Ok(FixReport {
            files: Vec::new(),
            skipped: Some("check.copywriting is off in config.yaml: nothing to fix".to_string()),
        });
    }
    let (files, errors) = content::walk(root, &config);
    if !errors.is_empty() {
        return Err(Errors(errors));
    }
    let rules = config.check.rules;
    let results: Vec<Result<Option<FileFix>, Error>> = files
        .docs
        .par_iter()
        .map(|rel| fix_file(root, rel, &rules))
        .collect();
    let mut report = FixReport::default();
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok(Some(f)) => report.files.push(f),
            Ok(None) => {}
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        return Err(Errors(errors));
    }
    report.files.sort_by(|a, b| a.file.cmp(&b.file));
    Ok(report)
}

fn fix_file(root: &Path, rel: &Path, rules: &CopyRules) -> Result<Option<FileFix>, Error> {
    let path = root.join(rel);
    let bytes = fs::read(&path).map_err(|e| Error::io(rel, e))?;
    // Files that do not load are the build's to report; leave them alone.
    let Ok(raw) = String::from_utf8(bytes) else {
        return Ok(None);
    };
    let bom = raw.starts_with('\u{feff}');
    let text = raw.strip_prefix('\u{feff}').unwrap_or(&raw);
    let crlf = text.contains("\r\n");
    let text = text.replace("\r\n", "\n");
    if text.contains('\r') {
        return Ok(None);
    }
    let Ok((_, body, body_line)) = front_matter::split(&text) else {
        return Ok(None);
    };
    let fixed_body = fix_body(body, rules);
    if fixed_body == body {
        return Ok(None);
    }
    let head = &text[..text.len() - body.len()];
    let old_lines: Vec<&str> = body.split('\n').collect();
    let new_lines: Vec<&str> = fixed_body.split('\n').collect();
    let changed = old_lines
        .iter()
        .zip(&new_lines)
        .enumerate()
        .filter(|(_, (o, n))| o != n)
        .map(|(i, (o, n))| (body_line + i, o.to_string(), n.to_string()))
        .collect();
    let mut out = String::with_capacity(raw.len() + 64);
    if bom {
        out.push('\u{feff}');
    }
    let whole = format!("{head}{fixed_body}");
    out.push_str(&if crlf {
        whole.replace('\n', "\r\n")
    } else {
        whole
    });
    write_atomically(&path, out.as_bytes()).map_err(|e| Error::io(rel, e))?;
    Ok(Some(FileFix {
        file: rel.to_path_buf(),
        lines: changed,
    }))
}

/// The body with the enabled fixes applied; line count unchanged.
pub(super) fn fix_body(body: &str, rules: &CopyRules) -> String {
    let html = html_ranges(body);
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(body.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let mut lines: Vec<String> = body.split('\n').map(str::to_string).collect();
    // Right to left within a line, so earlier columns stay valid.
    let mut fixes = copywriting::body_lines(body);
    fixes.sort_by_key(|f| std::cmp::Reverse((f.line, f.start)));
    for f in fixes {
        let new = copywriting::apply(&f.old, &f.new, rules);
        if new == f.old {
            continue;
        }
        let Some(line) = lines.get_mut(f.line.wrapping_sub(1)) else {
            continue;
        };
        let at = char_offset(line, f.start.saturating_sub(1));
        let offset = line_starts.get(f.line - 1).map_or(usize::MAX, |s| s + at);
        if html.iter().any(|r| r.contains(&offset)) {
            continue;
        }
        if line[at..].starts_with(&f.old) {
            line.replace_range(at..at + f.old.len(), &new);
        }
    }
    let mut body = lines.join("\n");
    if rules.repeated_punctuation {
        let mut marks = copywriting::repeated_runs(&body);
        marks.sort_by_key(|m| std::cmp::Reverse(m.0));
        for (at, run) in marks {
            let one = run.chars().next().unwrap_or('！');
            // `!!` after Chinese text becomes one full-width mark.
            let one = match one {
                '!' => '！',
                '?' => '？',
                c => c,
            };
            body.replace_range(at..at + run.len(), one.encode_utf8(&mut [0; 4]));
        }
    }
    body
}

/// Byte ranges of raw HTML (blocks and inline tags) in `body`: never changed by a fix.
fn html_ranges(body: &str) -> Vec<std::ops::Range<usize>> {
    use pulldown_cmark::{Event, Parser, Tag};
    Parser::new(body)
        .into_offset_iter()
        .filter(|(e, _)| {
            matches!(
                e,
                Event::Html(_) | Event::InlineHtml(_) | Event::Start(Tag::HtmlBlock)
            )
        })
        .map(|(_, r)| r)
        .collect()
}

/// Byte offset of the `chars`-th character of `s` (its end when shorter).
fn char_offset(s: &str, chars: usize) -> usize {
    s.char_indices().nth(chars).map_or(s.len(), |(i, _)| i)
}

fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.kuaixun-fix-{}", std::process::id()));
    fs::write(&tmp, bytes)?;
    if let Ok(meta) = fs::metadata(path) {
        let _ = fs::set_permissions(&tmp, meta.permissions());
    }
    fs::rename(&tmp, path).inspect_err(|_| {
        let _ = fs::remove_file(&tmp);
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_is_fixed_code_and_links_are_not() {
        let rules = CopyRules::default();
        let body = "我们使用Rust开发,效果很好！！\n\n```rust\nlet 中文a = \"Rust开发,\";\n```\n\n见[Rust文档](https://example.com/Rust开发)和`Rust开发`。\n";
        let fixed = fix_body(body, &rules);
        assert_eq!(
            fixed,
            "我们使用 Rust 开发，效果很好！\n\n```rust\nlet 中文a = \"Rust开发,\";\n```\n\n见[Rust 文档](https://example.com/Rust开发)和`Rust开发`。\n"
        );
    }
}
