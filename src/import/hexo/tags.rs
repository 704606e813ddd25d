//! Hexo's Nunjucks tag plugins in a post or page body → Markdown.
//!
//! Converted: `codeblock`/`code` (fenced code), `blockquote`/`quote` (`>` lines with a
//! `—— 作者` line), `img`, `asset_img`/`asset_path`/`asset_link` (paths relative to the page
//! bundle the post becomes), `post_link` (`[标题](@/posts/….md)`, resolved by kuaixun to the
//! other post's URL), `post_path` (`@/posts/….md` as a link destination) and `raw` (markers
//! dropped); `youtube`, `bilibili`, `iframe` of those players and `note`/`noteblock` become
//! shortcodes (`embeds.rs`); the NexT/Butterfly/Fluid theme tags `label`, `button`/`btn`,
//! `gist`, `tabs`, `centerquote`/`cq` and `grouppicture`/`gp` become Markdown (`theme.rs`).
//! The argument grammar is Hexo 7's (`hexo/lib/plugins/tag/*.ts`). Every other tag
//! stays in the text as written and is reported as `unsupported Hexo tag {% name %}`.
//! Tags inside fenced code and inline code are left alone, as Hexo does.

use std::cell::Cell;
use std::collections::HashMap;

/// What the body conversion needs to know about the site.
pub struct BodyContext<'a> {
    /// Root-relative URL of the document (`/2024/01/02/hello/`, `/posts/4744.html`).
    pub url: &'a str,
    /// Root-relative URL folder of its assets (`/2024/01/02/hello/`, `/posts/4744/`).
    pub asset_url: &'a str,
    /// Files of the post's asset folder (its bundle), relative, `/`-separated (`rack.png`,
    /// `img/a.png`): the names Hexo's asset tags look up. Empty for pages (Hexo has no
    /// asset folders for them).
    pub assets: &'a [String],
    /// The posts `{% post_link %}` may name: Hexo's post slug (the path under `_posts`
    /// without extension, and without the date of a `new_post_name` with one), then the
    /// title.
    pub posts: &'a HashMap<String, LinkTarget>,
    /// Counts the `post_link`/`post_path` tags converted.
    pub converted_links: &'a Cell<usize>,
}

/// A post `{% post_link %}` can point at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkTarget {
    pub title: String,
    /// The kuaixun file, from `content/` (`posts/a.md`, `posts/b/index.md`).
    pub file: String,
    /// Root-relative URL (`/2024/03/05/b/`).
    pub url: String,
    pub draft: bool,
}

/// A problem at a 0-based line of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyWarning {
    pub line: usize,
    pub message: String,
}

/// One `{% name args %}` found in a line: byte range, name and the raw argument text.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Tag<'a> {
    start: usize,
    end: usize,
    name: &'a str,
    args: &'a str,
}

/// Tags with a body closed by `{% end<name> %}`.
const BLOCK_TAGS: [&str; 19] = [
    "codeblock",
    "code",
    "blockquote",
    "quote",
    "raw",
    "note",
    "noteblock",
    "tabs",
    "centerquote",
    "cq",
    "grouppicture",
    "gp",
    "pullquote",
    "mermaid",
    "hideToggle",
    "fold",
    "folding",
    "hideBlock",
    "timeline",
];

/// Convert the tag plugins of `body`; returns the Markdown and the problems found.
///
/// Block tags may sit inside a list item (the Markdown they become is indented to the
/// item's content), start after text on their line, end before text on theirs, or open and
/// close on one line (a one-line code block amid text becomes inline code). A fence opened
/// with indentation keeps it to its closing line, as Hexo's Markdown renderer reads it.
pub fn convert(body: &str, ctx: &BodyContext) -> (String, Vec<BodyWarning>) {
    let lines: Vec<&str> = body.split('\n').collect();
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    let mut warnings = Vec::new();
    // (char, length, indent) of the open fence.
    let mut fence: Option<(char, usize, usize)> = None;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if let Some((c, n, k)) = fence {
            let indent = spaces(line);
            if closes_fence(line, c, n) {
                fence = None;
                out.push(format!("{}{}", " ".repeat(k), line.trim_start()));
            } else if indent < k && !line.trim().is_empty() {
                // Pad to the fence's indent: Markdown strips it again, so the code is
                // unchanged, but the line stays in the list item the fence opened in.
                out.push(format!("{}{line}", " ".repeat(k - indent)));
            } else {
                out.push(line.to_string());
            }
            i += 1;
            continue;
        }
        if let Some((c, n)) = opens_fence(line) {
            fence = Some((c, n, spaces(line)));
            out.push(line.to_string());
            i += 1;
            continue;
        }
        let tags = find_tags(line);
        if let Some(open) = tags.iter().find(|t| BLOCK_TAGS.contains(&t.name)) {
            let end_name = format!("end{}", open.name);
            let before = &line[..open.start];
            let indent = content_indent(before);
            let pad = |l: String| {
                if l.is_empty() {
                    l
                } else {
                    format!("{}{l}", " ".repeat(indent))
                }
            };
            // Opened and closed on one line.
            if let Some(close) = tags
                .iter()
                .find(|t| t.start >= open.end && t.name == end_name)
            {
                let inner = &line[open.end..close.start];
                let after = &line[close.end..];
                let alone = before.trim().is_empty() && after.trim().is_empty();
                match open.name {
                    "codeblock" | "code" if alone => {
                        out.extend(codeblock(open.args, &[inner]).into_iter().map(pad))
                    }
                    "codeblock" | "code" => {
                        let before = convert_inline(before, i, ctx, &mut warnings);
                        let after = convert_inline(after, i, ctx, &mut warnings);
                        out.push(format!("{before}{}{after}", code_span(inner.trim())));
                    }
                    "blockquote" | "quote" if alone => {
                        out.extend(blockquote(open.args, &[inner.trim()]).into_iter().map(pad))
                    }
                    "raw" => out.push(format!("{before}{inner}{after}")),
                    "note" | "noteblock" if alone => {
                        let body = convert_inline(inner.trim(), i, ctx, &mut warnings);
                        let open = super::embeds::note_open(open.name, open.args);
                        out.extend([open, body, "{% end %}".to_string()].map(pad));
                    }
                    "centerquote" | "cq" | "pullquote" if alone => {
                        let body = convert_inline(inner.trim(), i, ctx, &mut warnings);
                        out.extend(blockquote("", &[body.as_str()]).into_iter().map(pad));
                        out.push(String::new());
                    }
                    "grouppicture" | "gp" | "tabs" if alone => {
                        out.push(pad(convert_inline(inner.trim(), i, ctx, &mut warnings)))
                    }
                    _ => out.push(convert_inline(line, i, ctx, &mut warnings)),
                }
                i += 1;
                continue;
            }
            let closing = (i + 1..lines.len()).find_map(|j| {
                find_tags(lines[j])
                    .into_iter()
                    .find(|t| t.name == end_name)
                    .map(|t| (j, t.start, t.end))
            });
            if let Some((j, close_start, close_end)) = closing {
                let mut inner: Vec<&str> = Vec::new();
                let first = &line[open.end..];
                if !first.trim().is_empty() {
                    inner.push(first.trim_start());
                }
                inner.extend(&lines[i + 1..j]);
                let last = &lines[j][..close_start];
                if !last.trim().is_empty() {
                    inner.push(last);
                }
                if !before.trim().is_empty() {
                    out.push(convert_inline(before.trim_end(), i, ctx, &mut warnings));
                }
                match open.name {
                    "codeblock" | "code" => {
                        let block = codeblock(open.args, &inner);
                        let n = block.len();
                        let code = n - 1 - inner.len()..n - 1;
                        for (k, l) in block.into_iter().enumerate() {
                            // Caption and fences at the item's indent; code lines as written,
                            // padded where less indented (as in fences above).
                            let have = spaces(&l);
                            if !code.contains(&k) {
                                out.push(pad(l));
                            } else if have < indent && !l.trim().is_empty() {
                                out.push(format!("{}{l}", " ".repeat(indent - have)));
                            } else {
                                out.push(l);
                            }
                        }
                    }
                    "blockquote" | "quote" => {
                        let cut: Vec<&str> =
                            inner.iter().map(|l| &l[spaces(l).min(indent)..]).collect();
                        out.extend(blockquote(open.args, &cut).into_iter().map(pad));
                    }
                    "mermaid" => {
                        // Butterfly's diagram tag: a mermaid fence (rendered as one).
                        out.push(pad("```mermaid".to_string()));
                        out.extend(inner.iter().map(|l| l.to_string()));
                        out.push(pad("```".to_string()));
                    }
                    "centerquote" | "cq" | "pullquote" | "grouppicture" | "gp" | "tabs"
                    | "hideToggle" | "fold" | "folding" | "hideBlock" | "timeline" => {
                        // Theme tags (`theme.rs`): a quote, the pictures as they are, each
                        // tab a captioned part; the body converted like any other.
                        let cut: Vec<&str> =
                            inner.iter().map(|l| &l[spaces(l).min(indent)..]).collect();
                        let mut cut = match open.name {
                            "tabs" => super::theme::tabs(open.args, &cut),
                            _ => cut.iter().map(|l| l.to_string()).collect(),
                        };
                        if super::theme::is_captioned_block(open.name) {
                            if let Some(c) = super::theme::caption(open.args) {
                                cut.splice(0..0, [c, String::new()]);
                            }
                        }
                        let (body, found) = convert(&cut.join("\n"), ctx);
                        warnings.extend(found.into_iter().map(|w| BodyWarning {
                            line: w.line + i + usize::from(first.trim().is_empty()),
                            ..w
                        }));
                        let lines: Vec<&str> = body.split('\n').collect();
                        let block = match open.name {
                            // A blank line after the quote: what follows stays outside it.
                            "centerquote" | "cq" | "pullquote" => {
                                let mut q = blockquote("", &lines);
                                q.push(String::new());
                                q
                            }
                            _ => lines.iter().map(|l| l.to_string()).collect(),
                        };
                        out.extend(block.into_iter().map(pad));
                    }
                    "note" | "noteblock" => {
                        // A callout shortcode; its body converted like any other.
                        let cut: Vec<&str> =
                            inner.iter().map(|l| &l[spaces(l).min(indent)..]).collect();
                        let (body, found) = convert(&cut.join("\n"), ctx);
                        warnings.extend(found.into_iter().map(|w| BodyWarning {
                            line: w.line + i + usize::from(first.trim().is_empty()),
                            ..w
                        }));
                        out.push(pad(super::embeds::note_open(open.name, open.args)));
                        out.extend(body.split('\n').map(|l| pad(l.to_string())));
                        out.push(pad("{% end %}".to_string()));
                    }
                    _ => out.extend(inner.iter().map(|l| l.to_string())),
                }
                let after = &lines[j][close_end..];
                if !after.trim().is_empty() {
                    let after = convert_inline(after.trim_start(), j, ctx, &mut warnings);
                    out.push(pad(after));
                }
                i = j + 1;
                continue;
            }
            warnings.push(BodyWarning {
                line: i,
                message: format!(
                    "Hexo tag {{% {} %}} is never closed by {{% {end_name} %}}; left as is",
                    open.name
                ),
            });
            out.push(line.to_string());
            i += 1;
            continue;
        }
        out.push(convert_inline(line, i, ctx, &mut warnings));
        i += 1;
    }
    (out.join("\n"), warnings)
}

/// Leading spaces of a line (a tab counts as 4).
fn spaces(line: &str) -> usize {
    line.chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .map(|c| if c == '\t' { 4 } else { 1 })
        .sum()
}

/// The indent of Markdown that continues the text `before` a tag on its line: its own
/// indent, plus the width of a list marker (`- `, `1. `) when it starts with one.
fn content_indent(before: &str) -> usize {
    let lead = spaces(before);
    let rest = before.trim_start();
    let marker = if rest.starts_with(['-', '*', '+']) && rest[1..].starts_with(' ') {
        Some(1)
    } else {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        (digits > 0
            && digits < 10
            && rest[digits..].starts_with(['.', ')'])
            && rest[digits + 1..].starts_with(' '))
        .then_some(digits + 1)
    };
    match marker {
        Some(m) => lead + m + spaces(&rest[m..]).max(1),
        None => lead,
    }
}

/// Inline code holding `text` (a backtick run longer than any inside).
fn code_span(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let ticks = "`".repeat(longest + 1);
    if text.starts_with('`') || text.ends_with('`') {
        format!("{ticks} {text} {ticks}")
    } else {
        format!("{ticks}{text}{ticks}")
    }
}

/// ```` ``` ```` or `~~~` (3 or more, up to 3 spaces of indent): the fence char and length.
fn opens_fence(line: &str) -> Option<(char, usize)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let rest = &line[indent..];
    let c = rest.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let n = rest.chars().take_while(|x| *x == c).count();
    if n < 3 || (c == '`' && rest[n..].contains('`')) {
        return None;
    }
    Some((c, n))
}

fn closes_fence(line: &str, c: char, n: usize) -> bool {
    let t = line.trim();
    t.len() >= n && t.chars().all(|x| x == c) && line.len() - line.trim_start().len() <= 3
}

/// Every `{% … %}` of a line outside inline code spans.
fn find_tags(line: &str) -> Vec<Tag<'_>> {
    let spans = code_spans(line);
    let mut tags = Vec::new();
    let mut from = 0;
    while let Some(rel) = line[from..].find("{%") {
        let start = from + rel;
        let Some(close_rel) = line[start + 2..].find("%}") else {
            break;
        };
        let end = start + 2 + close_rel + 2;
        if spans.iter().any(|(a, b)| start >= *a && start < *b) {
            from = start + 2;
            continue;
        }
        let inner = line[start + 2..end - 2]
            .trim_start_matches('-')
            .trim_end_matches('-')
            .trim();
        let (name, args) = match inner.find(char::is_whitespace) {
            Some(k) => (&inner[..k], inner[k..].trim()),
            None => (inner, ""),
        };
        if !name.is_empty() {
            tags.push(Tag {
                start,
                end,
                name,
                args,
            });
        }
        from = end;
    }
    tags
}

/// Byte ranges of inline code spans (a run of n backticks up to the next run of exactly n).
fn code_spans(line: &str) -> Vec<(usize, usize)> {
    let bytes = line.as_bytes();
    let run_at = |i: usize| bytes[i..].iter().take_while(|b| **b == b'`').count();
    let mut spans = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'`' {
            i += 1;
            continue;
        }
        let n = run_at(i);
        let mut j = i + n;
        let mut closed = None;
        while j < bytes.len() {
            if bytes[j] == b'`' {
                let m = run_at(j);
                if m == n {
                    closed = Some(j + m);
                    break;
                }
                j += m;
            } else {
                j += 1;
            }
        }
        match closed {
            Some(end) => {
                spans.push((i, end));
                i = end;
            }
            None => i += n,
        }
    }
    spans
}

/// Split tag arguments on whitespace; `"…"` and `'…'` group words (quotes removed).
pub fn split_args(args: &str) -> Vec<String> {
    args_with_ends(args).into_iter().map(|(a, _)| a).collect()
}

/// [`split_args`] with the byte offset just past each argument.
fn args_with_ends(args: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    let mut has = false;
    for (i, c) in args.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => cur.push(c),
            None if c == '"' || c == '\'' => {
                quote = Some(c);
                has = true;
            }
            None if c.is_whitespace() => {
                if has {
                    out.push((std::mem::take(&mut cur), i));
                    has = false;
                }
            }
            None => {
                cur.push(c);
                has = true;
            }
        }
    }
    if has {
        out.push((cur, args.len()));
    }
    out
}

/// `{% codeblock [title] [lang:x] [url] [link text] [options] %}` → a fence one backtick
/// longer than any run inside, preceded by an italic caption when there is a title or link.
fn codeblock(args: &str, inner: &[&str]) -> Vec<String> {
    const OPTIONS: [&str; 5] = [
        "line_number:",
        "highlight:",
        "first_line:",
        "mark:",
        "wrap:",
    ];
    let mut lang = String::new();
    let mut title = Vec::new();
    let mut link_text = Vec::new();
    let mut url = None;
    for a in split_args(args) {
        if let Some(l) = a.strip_prefix("lang:") {
            lang = l.to_string();
        } else if OPTIONS.iter().any(|p| a.starts_with(p)) {
            continue;
        } else if url.is_none() && (a.starts_with("http://") || a.starts_with("https://")) {
            url = Some(a);
        } else if url.is_none() {
            title.push(a);
        } else {
            link_text.push(a);
        }
    }
    let longest = inner
        .iter()
        .flat_map(|l| l.split(|c| c != '`'))
        .map(str::len)
        .max()
        .unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    let mut out = Vec::new();
    let mut caption = md_text(&title.join(" "));
    if let Some(u) = &url {
        let text = match link_text.is_empty() {
            true => u.clone(),
            false => link_text.join(" "),
        };
        if !caption.is_empty() {
            caption.push(' ');
        }
        caption.push_str(&format!("[{}]({})", md_text(&text), dest(u)));
    }
    if !caption.is_empty() {
        out.push(format!("*{caption}*"));
    }
    if !out.is_empty() {
        out.push(String::new());
    }
    out.push(format!("{fence}{lang}"));
    out.extend(inner.iter().map(|l| l.to_string()));
    out.push(fence);
    out
}

/// `{% blockquote [author[, source]] [link] [link title] %}` → `>` lines and `> —— 作者，来源`.
fn blockquote(args: &str, inner: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = inner
        .iter()
        .map(|l| {
            if l.trim().is_empty() {
                ">".to_string()
            } else {
                format!("> {l}")
            }
        })
        .collect();
    let words: Vec<&str> = args.split_whitespace().collect();
    let link_at = words
        .iter()
        .position(|w| w.starts_with("http://") || w.starts_with("https://"));
    let (who, link, link_title) = match link_at {
        Some(k) => (
            words[..k].join(" "),
            Some(words[k]),
            words[k + 1..].join(" "),
        ),
        None => (words.join(" "), None, String::new()),
    };
    let (author, source) = match who.split_once([',', '，']) {
        Some((a, s)) => (a.trim().to_string(), s.trim().to_string()),
        None => (who.trim().to_string(), String::new()),
    };
    let source = match link {
        Some(url) => {
            let text = [link_title.as_str(), source.as_str()]
                .into_iter()
                .find(|t| !t.is_empty())
                .unwrap_or(url);
            format!("[{}]({url})", md_text(text))
        }
        None => md_text(&source),
    };
    let cite = [md_text(&author), source]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("，");
    if !cite.is_empty() {
        out.push(">".into());
        out.push(format!("> —— {cite}"));
    }
    out
}

/// Escape the characters that would start Markdown links or emphasis inside link text.
fn md_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '[' | ']' | '*' | '_' | '`' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A link or image destination: `<…>` when it holds spaces or parentheses.
fn dest(url: &str) -> String {
    if url.contains([' ', '(', ')', '<', '>']) {
        format!("<{}>", url.replace('<', "%3C").replace('>', "%3E"))
    } else {
        url.to_string()
    }
}

fn image(src: &str, alt: &str, title: &str) -> String {
    if title.is_empty() || title == alt {
        format!("![{}]({})", md_text(alt), dest(src))
    } else {
        format!(
            "![{}]({} \"{}\")",
            md_text(alt),
            dest(src),
            title.replace('"', "\\\"")
        )
    }
}

/// The arguments of Hexo 7's `img` tag (`hexo/lib/plugins/tag/img.ts`):
/// `[class names] src [width] [height] [title [alt]]`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ImgArgs {
    src: String,
    width: Option<String>,
    height: Option<String>,
    title: Option<String>,
    alt: Option<String>,
}

/// Parse `args` as Hexo does: the class names run until the first URL-like argument (a
/// scheme, `www.`, `user@host` or a leading `/`; for `asset_img`, `src_at` is the argument
/// naming the asset), then up to two all-digit sizes, then the rest joined by spaces is a
/// title and an alt, each optionally quoted (`'"标题" "替代文字"'`). Classes are dropped:
/// they name the Hexo theme's CSS.
fn img_args(args: &[String], src_at: Option<usize>) -> Option<ImgArgs> {
    let at = (0..args.len()).find(|&j| src_at == Some(j) || url_like(&args[j]))?;
    let mut rest = args[at + 1..].iter();
    let mut next = rest.clone().next();
    let digits = |a: Option<&String>| {
        a.is_some_and(|a| !a.is_empty() && a.bytes().all(|b| b.is_ascii_digit()))
    };
    let (mut width, mut height) = (None, None);
    if digits(next) {
        width = rest.next().cloned();
        next = rest.clone().next();
        if digits(next) {
            height = rest.next().cloned();
        }
    }
    let meta = rest.cloned().collect::<Vec<_>>().join(" ");
    let (title, alt) = title_alt(&meta);
    Some(ImgArgs {
        src: args[at].clone(),
        width,
        height,
        title,
        alt,
    })
}

/// Hexo's title/alt pattern: `"?([^"]+)?"?\s*"?([^"]+)?"?`, with `'` instead of `"` for a
/// part whose end of the text is not a `"`.
fn title_alt(meta: &str) -> (Option<String>, Option<String>) {
    let q1 = if meta.starts_with('"') { '"' } else { '\'' };
    let q2 = if meta.ends_with('"') { '"' } else { '\'' };
    let mut s = meta;
    let part = |s: &mut &str, q: char| {
        *s = s.strip_prefix(q).unwrap_or(s);
        let end = s.find(q).unwrap_or(s.len());
        let text = &s[..end];
        *s = &s[end..];
        *s = s.strip_prefix(q).unwrap_or(s);
        (!text.is_empty()).then(|| text.to_string())
    };
    let title = part(&mut s, q1);
    s = s.trim_start();
    let alt = part(&mut s, q2);
    (title, alt)
}

/// Hexo's `rUrl` test (unanchored) or a leading `/`.
fn url_like(a: &str) -> bool {
    let host = |c: char| c.is_ascii_alphanumeric() || c == '.' || c == '-';
    let word = |c: char| c.is_ascii_alphanumeric() || "-;:&=+$,_".contains(c);
    if a.starts_with('/') {
        return true;
    }
    let chars: Vec<char> = a.chars().collect();
    chars.iter().enumerate().any(|(i, &c)| match c {
        ':' => {
            let letters = chars[..i]
                .iter()
                .rev()
                .take_while(|c| c.is_ascii_alphabetic())
                .count();
            let after: String = chars[i + 1..].iter().collect();
            let after = after.strip_prefix("//").unwrap_or(&after);
            letters >= 3 && after.chars().next().is_some_and(host)
        }
        '@' => i > 0 && word(chars[i - 1]) && chars.get(i + 1).is_some_and(|&c| host(c)),
        'w' => {
            chars[i..].starts_with(&['w', 'w', 'w']) && chars.get(i + 4).is_some_and(|&c| host(c))
        }
        _ => false,
    })
}

/// Markdown for an image: `![alt](src "title")` (the alt falls back to the title, which is
/// then not repeated), or `<img … width height>` when a size is given (sizes need HTML; the
/// raw-HTML policy keeps width and height). `html_src` is the address for the HTML form.
fn img_markup(a: &ImgArgs, md_src: &str, html_src: &str) -> String {
    let title = a.title.as_deref().unwrap_or("");
    let alt = a.alt.as_deref().unwrap_or(title);
    let Some(width) = &a.width else {
        return image(md_src, alt, title);
    };
    let mut html = format!("<img src=\"{}\"", attr(&html_src.replace(' ', "%20")));
    if !alt.is_empty() {
        html.push_str(&format!(" alt=\"{}\"", attr(alt)));
    }
    if !title.is_empty() && title != alt {
        html.push_str(&format!(" title=\"{}\"", attr(title)));
    }
    html.push_str(&format!(" width=\"{width}\""));
    if let Some(h) = &a.height {
        html.push_str(&format!(" height=\"{h}\""));
    }
    html.push('>');
    html
}

/// Text for a double-quoted HTML attribute.
fn attr(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Link text: with Hexo's `escape` (the default, `true`) the text is shown as written
/// (Markdown and HTML characters escaped); `false` lets HTML in it through, as in Hexo.
fn link_text(text: &str, escape: bool) -> String {
    if escape {
        md_text(text).replace('<', "&lt;")
    } else {
        text.to_string()
    }
}

/// Hexo's trailing `true`/`false` argument of `post_link` and `asset_link` (default `true`).
fn take_escape(args: &mut Vec<String>) -> bool {
    match args.last().map(String::as_str) {
        Some("false") => {
            args.pop();
            false
        }
        Some("true") => {
            args.pop();
            true
        }
        _ => true,
    }
}

/// Whether a tag starting after `before` is the destination of a Markdown link
/// (`[x]({% post_path a %})`, `[x]: {% asset_path a.pdf %}`), where `@/…` and bundle-relative
/// paths are resolved by kuaixun; elsewhere (raw HTML) the address must work as it is.
fn in_md_link(before: &str) -> bool {
    before.ends_with("](")
        || before.ends_with("](<")
        || (before.trim_start().starts_with('[') && before.trim_end().ends_with("]:"))
}

/// Convert the inline tags of one line (outside fenced code), reporting unsupported ones.
fn convert_inline(
    line: &str,
    line_no: usize,
    ctx: &BodyContext,
    warnings: &mut Vec<BodyWarning>,
) -> String {
    let tags = find_tags(line);
    if tags.is_empty() {
        return line.to_string();
    }
    let mut warn = |message: String| {
        warnings.push(BodyWarning {
            line: line_no,
            message,
        })
    };
    // A path in the asset folder as raw HTML needs: relative works only below a `/` URL.
    let html_path = |rel: &str| match ctx.url.ends_with('/') {
        true => rel.to_string(),
        false => format!("{}{rel}", ctx.asset_url),
    };
    let mut out = String::with_capacity(line.len());
    let mut last = 0;
    for tag in tags {
        let before = &line[..tag.start];
        let mut args = split_args(tag.args);
        let replacement = match tag.name {
            "raw" | "endraw" => Some(String::new()),
            "img" | "image" => {
                let r = img_args(&args, None).map(|a| img_markup(&a, &a.src, &a.src));
                if r.is_none() {
                    warn(format!(
                        "Hexo tag {{% {} %}} has no image URL; left as is",
                        tag.name
                    ));
                }
                r
            }
            "asset_img" | "asset_image" | "asset_path" | "asset_link" => {
                // Hexo looks the asset up among the files of the post's asset folder
                // (asset_img: the first argument that names one) and writes nothing when
                // none matches.
                let named = match tag.name {
                    "asset_img" | "asset_image" => args.iter().position(|a| ctx.assets.contains(a)),
                    _ => args.first().filter(|a| ctx.assets.contains(a)).map(|_| 0),
                };
                match named {
                    None => {
                        warn(format!(
                            "Hexo tag {{% {} %}} names no file of the post's asset folder: `{}` (Hexo writes nothing); left as is",
                            tag.name,
                            tag.args.trim()
                        ));
                        None
                    }
                    Some(at) => {
                        let rel = args[at].clone();
                        match tag.name {
                            "asset_path" if in_md_link(before) => Some(rel),
                            "asset_path" => Some(html_path(&rel)),
                            "asset_link" => {
                                args.remove(0);
                                let escape = take_escape(&mut args);
                                let text = match args.is_empty() {
                                    true => rel.clone(),
                                    false => args.join(" "),
                                };
                                Some(format!("[{}]({})", link_text(&text, escape), dest(&rel)))
                            }
                            _ => img_args(&args, Some(at))
                                .map(|a| img_markup(&a, &rel, &html_path(&rel))),
                        }
                    }
                }
            }
            "post_link" | "post_path" => {
                let escape = tag.name == "post_path" || take_escape(&mut args);
                let wanted = args.first().cloned().unwrap_or_default();
                // `slug#anchor`, split as Hexo does (only with exactly one `#`).
                let (slug, hash) = match wanted.split('#').collect::<Vec<_>>()[..] {
                    [s, h] => (s.to_string(), format!("#{h}")),
                    _ => (wanted.clone(), String::new()),
                };
                let slug = slug.trim_end_matches(".md");
                let found = ctx.posts.get(slug);
                if found.is_some_and(|t| !t.draft) {
                    ctx.converted_links.set(ctx.converted_links.get() + 1);
                }
                match found {
                    Some(t) if t.draft => {
                        warn(format!(
                            "Hexo tag {{% {} %}} names the draft `{slug}` (Hexo finds it only with render_drafts; kuaixun refuses links to drafts); left as is",
                            tag.name
                        ));
                        None
                    }
                    Some(t) if tag.name == "post_path" => Some(match in_md_link(before) {
                        true => format!("@/{}{hash}", t.file),
                        false => format!("{}{hash}", t.url),
                    }),
                    Some(t) => {
                        let text = match args.len() > 1 {
                            true => link_text(&args[1..].join(" "), escape),
                            false => md_text(&t.title),
                        };
                        Some(format!(
                            "[{text}]({})",
                            dest(&format!("@/{}{hash}", t.file))
                        ))
                    }
                    None => {
                        warn(format!(
                            "Hexo tag {{% {} %}} names no post: `{wanted}` (Hexo looks posts up by file name under _posts, then by title); left as is",
                            tag.name
                        ));
                        None
                    }
                }
            }
            name if super::theme::is_inline(name) => {
                let r = super::theme::inline(name, tag.args);
                if r.is_none() {
                    warn(format!(
                        "Hexo tag {{% {name} %}} has arguments kuaixun cannot read: `{}`; left as is",
                        tag.args.trim()
                    ));
                }
                r
            }
            "youtube" | "bilibili" | "iframe" => {
                let r = super::embeds::inline(tag.name, tag.args);
                if r.is_none() {
                    warn(format!("unsupported Hexo tag {{% {} %}}", tag.name));
                }
                r
            }
            name if name.starts_with("end") => None,
            _ => {
                warn(format!("unsupported Hexo tag {{% {} %}}", tag.name));
                None
            }
        };
        if let Some(r) = replacement {
            out.push_str(&line[last..tag.start]);
            out.push_str(&r);
            last = tag.end;
        }
    }
    out.push_str(&line[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(body: &str) -> (String, Vec<BodyWarning>) {
        run_at(body, "/2024/01/02/hello/")
    }

    fn run_at(body: &str, url: &str) -> (String, Vec<BodyWarning>) {
        let mut posts = HashMap::new();
        let target = LinkTarget {
            title: "两会科技热词".to_string(),
            file: "posts/liang-hui.md".to_string(),
            url: "/2024/03/05/liang-hui/".to_string(),
            draft: false,
        };
        posts.insert("liang-hui".to_string(), target.clone());
        posts.insert("两会科技热词".to_string(), target);
        posts.insert(
            "草稿".to_string(),
            LinkTarget {
                title: "未完成".to_string(),
                file: "drafts/cao-gao.md".to_string(),
                url: "/2024/03/06/cao-gao/".to_string(),
                draft: true,
            },
        );
        let assets: Vec<String> = ["a.jpg", "rack.png", "my photo.jpg", "a.pdf", "img/芯片.png"]
            .map(String::from)
            .to_vec();
        let asset_url = match url.strip_suffix(".html") {
            Some(base) => format!("{base}/"),
            None => url.to_string(),
        };
        let ctx = BodyContext {
            url,
            asset_url: &asset_url,
            assets: &assets,
            posts: &posts,
            converted_links: &Cell::new(0),
        };
        convert(body, &ctx)
    }

    #[test]
    fn codeblock_becomes_fence() {
        let (out, w) = run(
            "前文\n{% codeblock 快速排序 lang:rust %}\nfn main() {}\n```\n{% endcodeblock %}\n后文",
        );
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(
            out,
            "前文\n*快速排序*\n\n````rust\nfn main() {}\n```\n````\n后文"
        );
        let (out, _) = run("{% code %}\nls -la\n{% endcode %}");
        assert_eq!(out, "```\nls -la\n```");
    }

    #[test]
    fn blockquote_with_author_and_link() {
        let (out, w) = run(
            "{% blockquote 鲁迅, 《故乡》 %}\n其实地上本没有路，\n\n走的人多了，也便成了路。\n{% endblockquote %}",
        );
        assert!(w.is_empty());
        assert_eq!(
            out,
            "> 其实地上本没有路，\n>\n> 走的人多了，也便成了路。\n>\n> —— 鲁迅，《故乡》"
        );
        let (out, _) =
            run("{% blockquote 张三 https://example.com/a 原文 %}\n引文\n{% endblockquote %}");
        assert_eq!(out, "> 引文\n>\n> —— 张三，[原文](https://example.com/a)");
        let (out, _) = run("{% quote %}\n无署名\n{% endquote %}");
        assert_eq!(out, "> 无署名");
    }

    #[test]
    fn images() {
        let (out, _) = run("{% img left /images/chip.png 300 200 '\"芯片\" \"芯片照片\"' %}");
        assert_eq!(
            out,
            "<img src=\"/images/chip.png\" alt=\"芯片照片\" title=\"芯片\" width=\"300\" height=\"200\">"
        );
        let (out, _) = run("{% img /images/chip.png 600 %}");
        assert_eq!(out, "<img src=\"/images/chip.png\" width=\"600\">");
        let (out, _) = run("看图：{% img https://example.com/a.jpg 卫星 %}。");
        assert_eq!(out, "看图：![卫星](https://example.com/a.jpg)。");
        // Hexo 7 takes a relative path without `/` for a class name: no image URL.
        let (out, w) = run("{% img images/chip.png %}");
        assert_eq!(out, "{% img images/chip.png %}");
        assert!(w[0].message.contains("no image URL"), "{w:?}");
    }

    #[test]
    fn asset_images_are_bundle_relative() {
        let (out, _) = run("{% asset_img a.jpg 250 250 %}");
        assert_eq!(out, "<img src=\"a.jpg\" width=\"250\" height=\"250\">");
        // Classes before the file, a title; the alt falls back to the title.
        let (out, _) = run("{% asset_img 机房 left rack.png 机柜照片 %}");
        assert_eq!(out, "![机柜照片](rack.png)");
        // Hexo 7 takes the quotes off each argument: two quoted words are one title…
        let (out, _) = run("{% asset_img img/芯片.png \"晶圆特写\" \"一片十二英寸晶圆\" %}");
        assert_eq!(out, "![晶圆特写 一片十二英寸晶圆](img/芯片.png)");
        // …and one single-quoted argument holding two double-quoted ones is title and alt.
        let (out, _) = run("{% asset_img img/芯片.png '\"晶圆特写\" \"一片十二英寸晶圆\"' %}");
        assert_eq!(out, "![一片十二英寸晶圆](img/芯片.png \"晶圆特写\")");
        let (out, _) = run("{% asset_img \"my photo.jpg\" 图 %}");
        assert_eq!(out, "![图](<my photo.jpg>)");
        // A URL ending in .html: the HTML form gets the asset folder's URL.
        let (out, _) = run_at("{% asset_img rack.png 300 %}", "/posts/4744.html");
        assert_eq!(out, "<img src=\"/posts/4744/rack.png\" width=\"300\">");
        let (out, w) = run("{% asset_img 不存在.png 标题 %}");
        assert_eq!(out, "{% asset_img 不存在.png 标题 %}");
        assert!(w[0].message.contains("names no file"), "{w:?}");
    }

    #[test]
    fn asset_links_and_paths() {
        let (out, _) = run("下载 {% asset_link a.pdf 白皮书 全文 %}，或 {% asset_link a.pdf %}");
        assert_eq!(out, "下载 [白皮书 全文](a.pdf)，或 [a.pdf](a.pdf)");
        let (out, _) =
            run("{% asset_link a.pdf <b>加粗</b> false %} {% asset_link a.pdf a_b true %}");
        assert_eq!(out, "[<b>加粗</b>](a.pdf) [a\\_b](a.pdf)");
        let (out, _) = run("[说明]({% asset_path a.pdf %}) <a href=\"{% asset_path a.pdf %}\">");
        assert_eq!(out, "[说明](a.pdf) <a href=\"a.pdf\">");
        let (out, _) = run_at("<a href=\"{% asset_path a.pdf %}\">", "/posts/4744.html");
        assert_eq!(out, "<a href=\"/posts/4744/a.pdf\">");
    }

    #[test]
    fn post_links() {
        let (out, w) = run(
            "参见 {% post_link liang-hui %} 与 {% post_link liang-hui 今年的 热词 %}，{% post_link 两会科技热词#芯片 %}",
        );
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(
            out,
            "参见 [两会科技热词](@/posts/liang-hui.md) 与 [今年的 热词](@/posts/liang-hui.md)，[两会科技热词](@/posts/liang-hui.md#芯片)"
        );
        let (out, _) = run("{% post_link liang-hui <em>热词</em> false %}");
        assert_eq!(out, "[<em>热词</em>](@/posts/liang-hui.md)");
        let (out, _) =
            run("[链接]({% post_path liang-hui %}) <a href=\"{% post_path liang-hui %}\">");
        assert_eq!(
            out,
            "[链接](@/posts/liang-hui.md) <a href=\"/2024/03/05/liang-hui/\">"
        );
        let (_, w) = run("{% post_link nowhere %}\n{% post_link 草稿 %}");
        assert_eq!(w.len(), 2);
        assert!(w[0].message.contains("names no post: `nowhere`"), "{w:?}");
        assert!(w[1].message.contains("draft"), "{w:?}");
        assert_eq!(w[1].line, 1);
    }

    #[test]
    fn unsupported_tags_are_reported_with_line() {
        let (out, w) = run("第一行\n{% fancybox a.png %}\n{% iframe https://evil.example/x %}");
        assert_eq!(
            out,
            "第一行\n{% fancybox a.png %}\n{% iframe https://evil.example/x %}"
        );
        assert_eq!(
            w,
            vec![
                BodyWarning {
                    line: 1,
                    message: "unsupported Hexo tag {% fancybox %}".into()
                },
                BodyWarning {
                    line: 2,
                    message: "unsupported Hexo tag {% iframe %}".into()
                },
            ]
        );
    }

    #[test]
    fn embeds_and_notes_become_shortcodes() {
        let (out, w) = run("第一行\n{% youtube dQw4w9WgXcQ %}\n{% bilibili BV1GJ411x7h7 %}\n{% iframe //player.bilibili.com/player.html?bvid=BV1GJ411x7h7&page=2 %}\n{% note info %}\n提示 {% img /a.png 图 %}\n{% endnote %}\n- 列表\n  {% note danger %}\n  **危险**\n  {% endnote %}\n{% noteblock warning, 升级前 %}一句{% endnoteblock %}");
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(
            out,
            "第一行\n{{ youtube(id=\"dQw4w9WgXcQ\") }}\n{{ bilibili(id=\"BV1GJ411x7h7\") }}\n{{ bilibili(id=\"BV1GJ411x7h7\", page=2) }}\n{% callout(type=\"note\") %}\n提示 ![图](/a.png)\n{% end %}\n- 列表\n  {% callout(type=\"caution\") %}\n  **危险**\n  {% end %}\n{% callout(type=\"warning\", title=\"升级前\") %}\n一句\n{% end %}"
        );
    }

    #[test]
    fn code_is_left_alone() {
        let body = "```\n{% youtube x %}\n```\n行内 `{% img a.png %}` 不变\n{% raw %}\n{% youtube y %}\n{% endraw %}";
        let (out, w) = run(body);
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(
            out,
            "```\n{% youtube x %}\n```\n行内 `{% img a.png %}` 不变\n{% youtube y %}"
        );
    }

    #[test]
    fn unclosed_block_is_reported() {
        let (out, w) = run("{% codeblock %}\n代码");
        assert_eq!(out, "{% codeblock %}\n代码");
        assert_eq!(w.len(), 1);
        assert!(w[0].message.contains("never closed"));
    }

    #[test]
    fn block_tags_in_lists_and_on_one_line() {
        // Inside a list item: the fence keeps the item's indent, so the list goes on.
        let (out, w) = run(
            "- 第一项\n- 第二项：\n\n  {% codeblock lang:js %}\n  console.log(1);\n  {% endcodeblock %}\n\n- 第三项",
        );
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(
            out,
            "- 第一项\n- 第二项：\n\n  ```js\n  console.log(1);\n  ```\n\n- 第三项"
        );
        // A tag after the list marker.
        let (out, _) = run("1. 步骤：{% codeblock %}\n   make\n   {% endcodeblock %}后文");
        assert_eq!(out, "1. 步骤：\n   ```\n   make\n   ```\n   后文");
        // One line: amid text it becomes inline code; alone, a fence.
        let (out, w) = run("2. 单行：{% codeblock %}echo 1{% endcodeblock %} 之后的文字");
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(out, "2. 单行：`echo 1` 之后的文字");
        let (out, _) = run("{% codeblock lang:sh %}ls{% endcodeblock %}");
        assert_eq!(out, "```sh\nls\n```");
        // Text after the end tag goes on its own line after the fence.
        let (out, _) = run("{% codeblock %}\nls\n{% endcodeblock %}后文");
        assert_eq!(out, "```\nls\n```\n后文");
        // An indented img in a list.
        let (out, _) = run("1. 图：\n\n   {% img /images/chip.png 600 %}");
        assert_eq!(
            out,
            "1. 图：\n\n   <img src=\"/images/chip.png\" width=\"600\">"
        );
    }

    #[test]
    fn indented_fences_close_where_they_opened() {
        // Opened at 2 spaces in a list item and closed at column 0 (marked accepts it).
        let (out, _) = run("- 项目\n\n  ```js\nconst a = 1;\n```\n## 标题");
        assert_eq!(out, "- 项目\n\n  ```js\n  const a = 1;\n  ```\n## 标题");
    }

    #[test]
    fn args_with_quotes() {
        assert_eq!(
            split_args(r#"left "my photo.jpg" '标题 文字' 100"#),
            vec!["left", "my photo.jpg", "标题 文字", "100"]
        );
    }

    #[test]
    fn theme_tags_become_markdown() {
        let (out, w) = run("版本 {% label primary@v2.0 %} 发布，{% btn https://example.com/dl,下载,fa fa-download %}\n\n{% tabs 安装方式 %}\n<!-- tab npm -->\n```bash\nnpm i kuaixun\n```\n<!-- endtab -->\n<!-- tab 源码 @code -->\n从 {% label 仓库 %} 编译。\n<!-- endtab -->\n{% endtabs %}\n\n{% centerquote %}好的工具让人忘记它的存在。{% endcenterquote %}\n{% cq %}\n第一行\n\n第二行\n{% endcq %}\n{% grouppicture 2-1 %}\n![甲](/a.png)\n![乙](/b.png)\n{% endgrouppicture %}\n{% gist octocat/abc123 %}");
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(
            out,
            "版本 **v2.0** 发布，[下载](<https://example.com/dl>)\n\n**npm**\n\n```bash\nnpm i kuaixun\n```\n\n**源码**\n\n从 **仓库** 编译。\n\n> 好的工具让人忘记它的存在。\n\n> 第一行\n>\n> 第二行\n\n![甲](/a.png)\n![乙](/b.png)\n[Gist：octocat/abc123](https://gist.github.com/octocat/abc123)"
        );
        assert!(!out.contains("{%"));
    }
}
