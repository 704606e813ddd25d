//! Code blocks: syntect class-based highlighting, plus the matching CSS.

use std::sync::OnceLock;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Tag, TagEnd};
use syntect::html::{css_for_theme_with_class_style, ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::{SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;
use two_face::theme::LazyThemeSet;

use super::Spanned;

/// Blocks larger than this are not highlighted (shown as plain code): syntect
/// is slow on huge inputs and a 10,000-article build must not stall on one.
const MAX_HIGHLIGHT_BYTES: usize = 512 * 1024;
/// A single line longer than this (minified JS, base64 blobs) also falls back
/// to plain code: regex-based grammars can be very slow on long lines.
const MAX_HIGHLIGHT_LINE: usize = 16 * 1024;

/// The syntax set, loaded once per process and shared by reference across
/// threads. Never clone it: a clone recompiles every lazily built regex.
fn syntax_set() -> &'static SyntaxSet {
    static SYNTAXES: OnceLock<SyntaxSet> = OnceLock::new();
    SYNTAXES.get_or_init(two_face::syntax::extra_newlines)
}

fn theme_set() -> &'static LazyThemeSet {
    static THEMES: OnceLock<LazyThemeSet> = OnceLock::new();
    THEMES.get_or_init(|| two_face::theme::extra().into())
}

/// Maps common fence names that syntect does not know as a token to one it
/// does. Names that syntect already resolves (`ts`, `js`, `py`, `rs`, `sh`,
/// `bash`, `toml`, `yaml`, `yml`, `json`, `go`, `c`, `cpp`, `rust`, ...) pass
/// through unchanged.
fn canonical_token(lang: &str) -> &str {
    match lang {
        "shell" | "zsh" | "console" | "shellsession" | "ksh" => "bash",
        "golang" => "go",
        "c++" | "cxx" | "hpp" => "cpp",
        "py3" | "python3" => "py",
        "javascript" | "node" | "mjs" | "cjs" => "js",
        "typescript" => "ts",
        "docker" => "dockerfile",
        "jsonc" | "json5" => "json",
        _ => lang,
    }
}

/// Languages that are shown as plain code even though syntect knows them
/// (highlighting plain text would only wrap it in one useless span).
fn is_plain_text(lang: &str) -> bool {
    matches!(lang, "text" | "txt" | "plain" | "plaintext")
}

/// Finds the syntax for a fence language, or `None` if it is unknown.
pub(super) fn find_syntax(lang: &str) -> Option<&'static SyntaxReference> {
    if lang.is_empty() || is_plain_text(lang) {
        return None;
    }
    syntax_set().find_syntax_by_token(canonical_token(lang))
}

/// The language token of a fence info string: its first word, lower-cased,
/// tolerating `rust,ignore`, `{.rust}` and `ts title="x"` forms.
fn lang_token(info: &str) -> String {
    info.trim_start()
        .trim_start_matches(['{', '.'])
        .split(|c: char| c.is_whitespace() || c == ',' || c == '{' || c == '}')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// Appends `s` to `out`, escaped for HTML text and attribute values.
pub(super) fn escape_html(out: &mut String, s: &str) {
    let mut last = 0;
    for (i, b) in s.bytes().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&s[last..i]);
        out.push_str(rep);
        last = i + 1;
    }
    out.push_str(&s[last..]);
}

fn open_pre(out: &mut String, lang: &str) {
    if lang.is_empty() {
        out.push_str("<pre class=\"code\"><code>");
    } else {
        out.push_str("<pre class=\"code\" data-lang=\"");
        escape_html(out, lang);
        out.push_str("\"><code>");
    }
}

/// Highlights `code` with `syntax`; `None` if it is too big or syntect fails.
fn highlight(code: &str, syntax: &SyntaxReference) -> Option<String> {
    if code.len() > MAX_HIGHLIGHT_BYTES {
        return None;
    }
    let mut generator =
        ClassedHTMLGenerator::new_with_class_style(syntax, syntax_set(), ClassStyle::Spaced);
    for line in LinesWithEndings::from(code) {
        if line.len() > MAX_HIGHLIGHT_LINE {
            return None;
        }
        generator
            .parse_html_for_line_which_includes_newline(line)
            .ok()?;
    }
    Some(generator.finalize())
}

/// Renders one code block as `<pre class="code" data-lang=".."><code>..</code></pre>`.
/// `lang` is the fence's language token ("" for none / indented blocks).
pub(super) fn render_code_block(out: &mut String, lang: &str, code: &str) {
    open_pre(out, lang);
    match find_syntax(lang).and_then(|syntax| highlight(code, syntax)) {
        Some(html) => out.push_str(&html),
        None => escape_html(out, code),
    }
    out.push_str("</code></pre>\n");
}

/// Replaces every code block (start, text, end) with one `Html` event holding
/// the rendered block. Iterative; one reused buffer for the block's text.
pub(super) fn highlight_code_blocks(events: Vec<Spanned<'_>>) -> Vec<Spanned<'_>> {
    let mut out = Vec::with_capacity(events.len());
    let mut iter = events.into_iter();
    let mut code = String::new();
    while let Some((event, range)) = iter.next() {
        let Event::Start(Tag::CodeBlock(kind)) = event else {
            out.push((event, range));
            continue;
        };
        code.clear();
        let mut end = range.end;
        for (inner, r) in iter.by_ref() {
            match inner {
                Event::End(TagEnd::CodeBlock) => {
                    end = r.end;
                    break;
                }
                Event::Text(t) => code.push_str(&t),
                _ => {}
            }
        }
        let lang = match &kind {
            CodeBlockKind::Fenced(info) => lang_token(info),
            CodeBlockKind::Indented => String::new(),
        };
        let mut html = String::with_capacity(code.len() * 2 + 64);
        render_code_block(&mut html, &lang, &code);
        out.push((Event::Html(CowStr::from(html)), range.start..end));
    }
    out
}

/// CSS for the classes that [`render_code_block`] emits, for one theme.
pub fn highlight_css(theme: &str) -> Result<String, String> {
    let themes = theme_set();
    let Some(found) = themes.get(theme) else {
        let names: Vec<&str> = themes.theme_names().collect();
        return Err(format!(
            "unknown highlight theme {theme:?}; available themes: {}",
            names.join(", ")
        ));
    };
    css_for_theme_with_class_style(found, ClassStyle::Spaced)
        .map_err(|e| format!("cannot build CSS for highlight theme {theme:?}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::super::{render, Options};
    use super::*;

    fn html(src: &str) -> String {
        render(src, &Options::default()).html
    }

    #[test]
    fn rust_is_highlighted() {
        let out = html("# 示例\n\n```rust\nfn main() {\n    println!(\"你好 <世界>\");\n}\n```\n");
        assert!(
            out.contains("<pre class=\"code\" data-lang=\"rust\"><code><span class=\""),
            "{out}"
        );
        assert!(out.contains("<span class=\"source rust\">"), "{out}");
        assert!(out.contains("&lt;世界&gt;"), "{out}");
        assert!(out.trim_end().ends_with("</code></pre>"), "{out}");
    }

    #[test]
    fn typescript_and_toml_are_highlighted() {
        let out =
            html("```typescript\nconst n: number = 1;\n```\n\n```ts\nlet s = \"快讯\";\n```\n");
        assert!(
            out.contains("data-lang=\"typescript\"><code><span class=\""),
            "{out}"
        );
        assert!(
            out.contains("data-lang=\"ts\"><code><span class=\""),
            "{out}"
        );
        assert!(out.contains("source ts"), "{out}");
        let out = html("```toml\n[site]\ntitle = \"快讯\"\n```\n");
        assert!(
            out.contains("data-lang=\"toml\"><code><span class=\""),
            "{out}"
        );
        assert!(out.contains("source toml"), "{out}");
    }

    #[test]
    fn aliases_resolve() {
        for lang in [
            "ts",
            "js",
            "py",
            "sh",
            "shell",
            "bash",
            "rs",
            "toml",
            "yaml",
            "yml",
            "json",
            "go",
            "c",
            "cpp",
            "rust",
            "python",
            "javascript",
            "typescript",
            "golang",
            "c++",
            "zsh",
            "dockerfile",
        ] {
            assert!(find_syntax(lang).is_some(), "no syntax for {lang}");
        }
        assert!(find_syntax("fooscript").is_none());
        assert!(find_syntax("").is_none());
        assert!(find_syntax("text").is_none());
    }

    #[test]
    fn unknown_language_is_plain() {
        let out = html("```fooscript\nlet x = a < b && c;\n```\n");
        assert_eq!(
            out,
            "<pre class=\"code\" data-lang=\"fooscript\"><code>let x = a &lt; b &amp;&amp; c;\n</code></pre>\n"
        );
    }

    #[test]
    fn missing_language_and_indented_are_plain() {
        let out = html("```\n<div>原样输出</div>\n```\n");
        assert_eq!(
            out,
            "<pre class=\"code\"><code>&lt;div&gt;原样输出&lt;/div&gt;\n</code></pre>\n"
        );
        let out = html("段落。\n\n    fn main() {}\n");
        assert!(
            out.contains("<pre class=\"code\"><code>fn main() {}\n</code></pre>"),
            "{out}"
        );
    }

    #[test]
    fn info_string_forms() {
        assert_eq!(lang_token("rust,ignore"), "rust");
        assert_eq!(lang_token("{.Rust}"), "rust");
        assert_eq!(lang_token("ts title=\"a.ts\""), "ts");
        assert_eq!(lang_token(""), "");
        let out = html("```x\"onload=alert(1)\ncode\n```\n");
        assert!(
            out.contains("data-lang=\"x&quot;onload=alert(1)\""),
            "{out}"
        );
    }

    #[test]
    fn code_in_list_and_quote() {
        let out = html(
            "- 步骤：\n\n  ```bash\n  cargo build --release\n  ```\n\n> ```json\n> {\"a\": 1}\n> ```\n",
        );
        assert!(
            out.contains("data-lang=\"bash\"><code><span class=\""),
            "{out}"
        );
        assert!(
            out.contains("data-lang=\"json\"><code><span class=\""),
            "{out}"
        );
    }

    #[test]
    fn huge_block_falls_back_to_plain() {
        let long_line = format!(
            "```js\nvar s = \"{}\";\n```\n",
            "a".repeat(MAX_HIGHLIGHT_LINE + 1)
        );
        let out = html(&long_line);
        assert!(
            out.starts_with("<pre class=\"code\" data-lang=\"js\"><code>var s"),
            "{}",
            &out[..80]
        );
    }

    #[test]
    fn css_for_known_themes() {
        for theme in ["InspiredGitHub", "base16-ocean.dark", "Nord"] {
            let css = highlight_css(theme).unwrap();
            assert!(css.contains(".code {"), "{theme}: {css}");
            assert!(css.contains(".keyword"), "{theme}");
        }
    }

    #[test]
    fn css_for_unknown_theme_is_an_error() {
        let err = highlight_css("no-such-theme").unwrap_err();
        assert!(err.contains("\"no-such-theme\""), "{err}");
        assert!(err.contains("InspiredGitHub"), "{err}");
        assert!(err.contains("base16-ocean.dark"), "{err}");
    }

    #[test]
    fn highlighting_works_from_many_threads() {
        let handles: Vec<_> = (0..4)
            .map(|i| std::thread::spawn(move || html(&format!("```rust\nlet x{i} = {i};\n```\n"))))
            .collect();
        for h in handles {
            assert!(h.join().unwrap().contains("<span class=\"source rust\">"));
        }
    }
}
