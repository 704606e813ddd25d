//! One placed document's own part of the model: output file, summary, word count and
//! reading time, and the limits no article may exceed.

use super::Article;
use crate::config::Config;
use crate::content::Document;
use crate::error::Error;
use crate::markdown::{self, Rendered};

/// One placed document's own part of the model: output file, summary, word count and reading
/// time. Depends on nothing but the document and the config, so it runs in parallel and
/// `serve` redoes it only for changed files.
pub fn prepare(mut doc: Document, rendered: Rendered, config: &Config) -> Result<Article, Error> {
    // Placed by `content::place` (`Site::build_with` places what was not).
    debug_assert!(!doc.url.is_empty(), "{} not placed", doc.path.display());
    let url = doc.url.clone();
    // A bundle's `cover: cover.jpg` is one of its files.
    if let Some(folder) = doc.bundle.then(|| crate::content::asset_folder(&url)) {
        if let Some(c) = &doc.meta.cover {
            let c = c.trim();
            if !c.is_empty() && !c.starts_with('/') && !c.contains(':') {
                doc.meta.cover = Some(format!("/{folder}{}", c.trim_start_matches("./")));
            }
        }
    }
    let out_path = out_path_for(&url);
    check_limits(&doc, &url, config)?;
    let summary_html = match (&doc.meta.summary, &rendered.summary_html) {
        (Some(s), _) => format!("<p>{}</p>", escape_html(s)),
        (None, Some(html)) => html.clone(),
        (None, None) => {
            let text = markdown::auto_summary(&rendered.plain_text, 120);
            if text.is_empty() {
                String::new()
            } else {
                format!("<p>{}</p>", escape_html(&text))
            }
        }
    };
    let word_count = rendered.cjk_chars + rendered.latin_words;
    let reading_time = markdown::reading_time(
        rendered.cjk_chars,
        rendered.latin_words,
        config.reading_speed.cjk,
        config.reading_speed.latin,
    );
    Ok(Article {
        doc,
        rendered,
        url,
        out_path,
        summary_html,
        word_count,
        reading_time,
        terms: Vec::new(),
        prev: None,
        next: None,
        related: Vec::new(),
    })
}

/// What no article may exceed: the terms it lists (each term page repeats an article's whole
/// list, so output grows with its square), and the length of each URL segment (a folder).
fn check_limits(doc: &Document, url: &str, config: &Config) -> Result<(), Error> {
    let max = config.max_terms_per_article;
    for (key, n, line) in [
        ("tags", doc.meta.tags.len(), doc.tags_line),
        ("categories", doc.meta.categories.len(), doc.categories_line),
        ("authors", doc.meta.authors.len(), doc.line_of("authors")),
    ] {
        if n > max {
            return Err(Error::in_file(
                &doc.path,
                format!(
                    "`{key}` lists {n} terms; an article can have at most {max} (set max_terms_per_article in config.yaml to allow more)"
                ),
            )
            .at(Some(line), None));
        }
    }
    if let Some(seg) = url
        .split('/')
        .find(|s| s.len() > crate::content::slug::MAX_SEGMENT)
    {
        let shown: String = seg.chars().take(16).collect();
        return Err(Error::in_file(
            &doc.path,
            format!(
                "the URL segment `{shown}…` is {} bytes long; one URL segment can be at most {} bytes, the longest file name a file system allows (set a shorter `slug:`)",
                seg.len(),
                crate::content::slug::MAX_SEGMENT
            ),
        )
        .at(Some(doc.slug_line), None));
    }
    Ok(())
}

/// `posts/x/` → `posts/x/index.html`; `a/b.html` stays.
pub fn out_path_for(url: &str) -> String {
    if url.is_empty() || url.ends_with('/') {
        format!("{url}index.html")
    } else if has_html_extension(url) {
        url.to_string()
    } else {
        format!("{url}/index.html")
    }
}

/// `.html` or `.htm` in any case (`/x.HTML` is a page file, as `check_url` reads it).
fn has_html_extension(url: &str) -> bool {
    let tail = url.rsplit('/').next().unwrap_or("");
    let ext = tail.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    ext.eq_ignore_ascii_case("html") || ext.eq_ignore_ascii_case("htm")
}

pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
