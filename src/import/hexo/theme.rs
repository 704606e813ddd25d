//! Theme tags of NexT, Butterfly and Fluid, and Hexo's own `link`, `vimeo`, `jsfiddle` and
//! `pullquote` → Markdown, so nothing Hexo showed is lost or left as raw `{% … %}`: `label`
//! (bold text), `button` / `btn`, `link`, `gist`, `vimeo`, `jsfiddle` (links), `kbd`, and the
//! bodies of `tabs` (each tab a bold caption over its content), `centerquote` / `cq` /
//! `pullquote` (a quote), `grouppicture` / `gp` (the pictures, one after another), folds and
//! timelines (`hideToggle`, `fold`, `folding`, `hideBlock`, `timeline`: a bold caption over
//! the body) and Butterfly's `mermaid` (a ```` ```mermaid ```` block). `note` / `noteblock`
//! become callouts (`embeds.rs`).

use crate::markdown::urls::{blocked_scheme, UrlUse};

/// The Markdown of a one-line theme tag, or `None` when its arguments cannot be read.
pub fn inline(name: &str, args: &str) -> Option<String> {
    match name {
        "label" => label(args),
        "button" | "btn" => button(args),
        "gist" => gist(args),
        "link" => link(args),
        "vimeo" => id_link(args, "Vimeo 视频", "https://vimeo.com/"),
        "jsfiddle" => id_link(args, "JSFiddle", "https://jsfiddle.net/"),
        "kbd" => {
            (!args.trim().is_empty()).then(|| format!("<kbd>{}</kbd>", escape_html(args.trim())))
        }
        _ => None,
    }
}

/// Whether `name` is a one-line tag [`inline`] converts.
pub fn is_inline(name: &str) -> bool {
    matches!(
        name,
        "label" | "button" | "btn" | "gist" | "link" | "vimeo" | "jsfiddle" | "kbd"
    )
}

/// Block tags whose body is kept as Markdown under a bold caption (Butterfly's folds):
/// `{% hideToggle 标题 %}`, `{% fold 标题 %}`, `{% folding 标题 %}`, `{% hideBlock 标题 %}`,
/// and `{% timeline 标题 %}`.
pub fn is_captioned_block(name: &str) -> bool {
    matches!(
        name,
        "hideToggle" | "fold" | "folding" | "hideBlock" | "timeline"
    )
}

/// The caption of a captioned block: its title (the part before a `,` option list).
pub fn caption(args: &str) -> Option<String> {
    let title = args.split(',').next().unwrap_or("").trim();
    // Fluid's `{% fold info @标题 %}`.
    let title = title.rsplit('@').next().unwrap_or(title).trim();
    (!title.is_empty()).then(|| format!("**{}**", escape_md(title)))
}

/// Hexo's `{% link 文字 url [external] [title] %}` → `[文字](url)`.
fn link(args: &str) -> Option<String> {
    let words: Vec<&str> = args.split_whitespace().collect();
    let at = words
        .iter()
        .position(|w| w.contains("://") || w.starts_with('/'))?;
    let url = words[at];
    let text = match words[..at].join(" ") {
        t if t.is_empty() => url.to_string(),
        t => t,
    };
    if blocked_scheme(url, UrlUse::Link).is_some() {
        return Some(escape_md(&text));
    }
    Some(format!(
        "[{}](<{}>)",
        escape_md(&text),
        url.replace('>', "%3E")
    ))
}

/// `{% vimeo 123 %}`, `{% jsfiddle abc %}` → a link to the video or fiddle.
fn id_link(args: &str, what: &str, base: &str) -> Option<String> {
    let id = args.split_whitespace().next()?;
    if !id
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '-' | '_'))
    {
        return None;
    }
    Some(format!("[{what}：{id}]({base}{id})"))
}

fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Colour words of Butterfly's `{% label 文字 颜色 %}`.
const LABEL_COLOURS: [&str; 8] = [
    "default", "blue", "pink", "red", "purple", "orange", "green", "primary",
];

/// NexT `{% label primary@文字 %}`, Butterfly `{% label 文字 [颜色] %}` → `**文字**`.
fn label(args: &str) -> Option<String> {
    let text = match args.split_once('@') {
        Some((_, text)) => text.trim().to_string(),
        None => {
            let mut words: Vec<&str> = args.split_whitespace().collect();
            if words.len() > 1 && words.last().is_some_and(|w| LABEL_COLOURS.contains(w)) {
                words.pop();
            }
            words.join(" ")
        }
    };
    (!text.is_empty()).then(|| format!("**{}**", escape_md(&text)))
}

/// NexT `{% button url, 文字, icon, title %}`, Butterfly `{% btn url,文字,icon,颜色 %}` →
/// `[文字](url)`. A blocked scheme (`javascript:`) keeps the text only.
fn button(args: &str) -> Option<String> {
    let parts: Vec<&str> = args.split(',').map(str::trim).collect();
    let url = parts.first().copied().filter(|u| !u.is_empty())?;
    let text = parts
        .get(1)
        .copied()
        .filter(|t| !t.is_empty())
        .unwrap_or(url);
    if blocked_scheme(url, UrlUse::Link).is_some() {
        return Some(escape_md(text));
    }
    Some(format!(
        "[{}](<{}>)",
        escape_md(text),
        url.replace('>', "%3E")
    ))
}

/// `{% gist user/id [file] %}` → a link to the gist (its file as the text when named).
fn gist(args: &str) -> Option<String> {
    let mut words = args.split_whitespace();
    let id = words.next()?;
    if !id
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '-' | '_'))
    {
        return None;
    }
    let file = words.next();
    let text = match file {
        Some(f) => format!("Gist：{f}"),
        None => format!("Gist：{id}"),
    };
    let anchor = file
        .map(|f| format!("#file-{}", f.replace('.', "-").to_lowercase()))
        .unwrap_or_default();
    Some(format!(
        "[{}](https://gist.github.com/{id}{anchor})",
        escape_md(&text)
    ))
}

/// The body of `{% tabs name[, active] %}`: each `<!-- tab 标题 -->` … `<!-- endtab -->`
/// becomes a bold caption line over its content (a tab without a caption is `name N`, as
/// NexT shows it). Lines outside any tab are kept.
pub fn tabs(args: &str, inner: &[&str]) -> Vec<String> {
    let name = args.split(',').next().unwrap_or("").trim();
    let mut out = Vec::new();
    let mut n = 0;
    for line in inner {
        let t = line.trim();
        if let Some(rest) = t
            .strip_prefix("<!--")
            .and_then(|r| r.strip_suffix("-->"))
            .map(str::trim)
        {
            if rest == "endtab" {
                out.push(String::new());
                continue;
            }
            if let Some(caption) = rest
                .strip_prefix("tab")
                .filter(|c| c.is_empty() || c.starts_with(char::is_whitespace))
            {
                n += 1;
                // `标题 @icon`: the icon is dropped.
                let caption = caption.split('@').next().unwrap_or("").trim();
                let caption = match caption.is_empty() {
                    true if name.is_empty() => format!("标签页 {n}"),
                    true => format!("{name} {n}"),
                    false => caption.to_string(),
                };
                if out.last().is_some_and(|l: &String| !l.is_empty()) {
                    out.push(String::new());
                }
                out.push(format!("**{}**", escape_md(&caption)));
                out.push(String::new());
                continue;
            }
        }
        out.push(line.to_string());
    }
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    out
}

/// Text safe inside Markdown emphasis or link text.
fn escape_md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '*' | '_' | '[' | ']' | '`' | '\\' | '<') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_buttons_and_gists() {
        assert_eq!(inline("label", "primary@重点"), Some("**重点**".into()));
        assert_eq!(inline("label", "新功能 red"), Some("**新功能**".into()));
        assert_eq!(inline("label", "a*b"), Some("**a\\*b**".into()));
        assert_eq!(inline("label", ""), None);
        assert_eq!(
            inline(
                "button",
                "https://example.com/dl, 下载客户端, download fa-fw, 下载"
            ),
            Some("[下载客户端](<https://example.com/dl>)".into())
        );
        assert_eq!(
            inline(
                "btn",
                "https://example.com/,首页,far fa-hand-point-right,outline blue"
            ),
            Some("[首页](<https://example.com/>)".into())
        );
        assert_eq!(
            inline("btn", "javascript:alert(1),点我"),
            Some("点我".into())
        );
        assert_eq!(
            inline("gist", "octocat/6cad326836d38bd3a7ae hello.rb"),
            Some(
                "[Gist：hello.rb](https://gist.github.com/octocat/6cad326836d38bd3a7ae#file-hello-rb)"
                    .into()
            )
        );
        assert_eq!(inline("gist", "\"><script>"), None);
        assert_eq!(
            inline("link", "官方文档 https://hexo.io/docs/ true 文档"),
            Some("[官方文档](<https://hexo.io/docs/>)".into())
        );
        assert_eq!(
            inline("vimeo", "123456"),
            Some("[Vimeo 视频：123456](https://vimeo.com/123456)".into())
        );
        assert_eq!(inline("kbd", "Ctrl"), Some("<kbd>Ctrl</kbd>".into()));
        assert_eq!(caption("查看答案, blue"), Some("**查看答案**".into()));
        assert_eq!(caption("info @展开代码"), Some("**展开代码**".into()));
    }

    #[test]
    fn tabs_become_captions() {
        let inner = [
            "<!-- tab 安装 @download -->",
            "运行 `npm i`。",
            "<!-- endtab -->",
            "<!-- tab -->",
            "第二页。",
            "<!-- endtab -->",
        ];
        assert_eq!(
            tabs("步骤, 1", &inner),
            [
                "**安装**",
                "",
                "运行 `npm i`。",
                "",
                "**步骤 2**",
                "",
                "第二页。"
            ]
        );
    }
}
