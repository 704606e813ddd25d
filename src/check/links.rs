//! Links, images and files: every URL an article's Markdown (or raw HTML in it, or its
//! `cover:`) points at inside the site must be a page of the site model, a static file or a
//! generated file, and an `#id` must be an element id of the rendered target page.
//!
//! URLs are read from the Markdown source (so each has a line and column) and resolved the
//! way the built site does: root-relative Markdown URLs are relative to the site root (the
//! Markdown stage puts the base path in front), raw HTML is not rewritten, relative URLs are
//! relative to the article's own URL, and `https://` URLs under the site's own `base_url`
//! are internal. Other absolute URLs are not checked.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use pulldown_cmark::{Event, LinkType, Parser, Tag, TagEnd};
use rayon::prelude::*;

use super::{line_col, walk_kind, Kind, Problem};
use crate::build;
use crate::config::{key_line, Config};
use crate::content::symlinks::{Hidden, Links};
use crate::content::Document;
use crate::error::Error;
use crate::markdown::urls::{blocked_scheme, has_scheme, UrlUse};
use crate::output::assets::{Assets, STATIC_DIR};
use crate::render::{theme, Renderer, SiteValues};
use crate::site::{Article, Page, Site};

/// What a URL in an article is used for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum RefKind {
    Link,
    Image,
    Cover,
}

/// One URL written in an article, with its position in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Ref {
    pub dest: String,
    /// The URL as written, when `dest` is what the page will have instead (a `.md` link's
    /// target, a bundle's relative URL resolved); messages show this one.
    pub written: Option<String>,
    pub kind: RefKind,
    /// Written in raw HTML (`<a href>`, `<img src>`), which the Markdown stage leaves alone.
    pub raw_html: bool,
    pub line: usize,
    pub column: usize,
}

/// The same extensions the Markdown stage enables (`markdown::parser_options`).
fn parser_options() -> pulldown_cmark::Options {
    use pulldown_cmark::Options as O;
    O::ENABLE_TABLES
        | O::ENABLE_FOOTNOTES
        | O::ENABLE_STRIKETHROUGH
        | O::ENABLE_TASKLISTS
        | O::ENABLE_HEADING_ATTRIBUTES
}

/// Every link and image URL of a Markdown body that starts on line `body_line` of its file.
pub(super) fn extract(body: &str, body_line: usize) -> Vec<Ref> {
    let mut refs = Vec::new();
    let mut in_code = false;
    for (event, range) in Parser::new_ext(body, parser_options()).into_offset_iter() {
        let (dest, kind) = match &event {
            Event::Start(Tag::CodeBlock(_)) => {
                in_code = true;
                continue;
            }
            Event::End(TagEnd::CodeBlock) => {
                in_code = false;
                continue;
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) if *link_type != LinkType::Email => (dest_url.to_string(), RefKind::Link),
            Event::Start(Tag::Image { dest_url, .. }) => (dest_url.to_string(), RefKind::Image),
            Event::Html(html) | Event::InlineHtml(html) if !in_code => {
                for (at, name, value) in html_urls(html) {
                    // The event text is the source text for raw HTML.
                    let (line, column) = line_col(body, range.start + at, body_line);
                    refs.push(Ref {
                        dest: value,
                        written: None,
                        kind: if name == "src" {
                            RefKind::Image
                        } else {
                            RefKind::Link
                        },
                        raw_html: true,
                        line,
                        column,
                    });
                }
                continue;
            }
            _ => continue,
        };
        // Point at the URL itself when it is written inline, else at the link.
        let span = &body[range.clone()];
        let at = span
            .find(&format!("]({dest}"))
            .map(|i| i + 2)
            .or_else(|| span.find(&format!("](<{dest}")).map(|i| i + 3))
            .unwrap_or(0);
        let (line, column) = line_col(body, range.start + at, body_line);
        refs.push(Ref {
            dest,
            written: None,
            kind,
            raw_html: false,
            line,
            column,
        });
    }
    refs
}

/// `(byte offset of the value, attribute name, value)` of each `href`/`src` attribute.
fn html_urls(html: &str) -> Vec<(usize, &'static str, String)> {
    let mut out = Vec::new();
    for name in ["href", "src"] {
        let mut from = 0;
        while let Some(i) = html[from..].find(name) {
            let at = from + i;
            from = at + name.len();
            let before = html[..at].chars().next_back();
            if !before.is_some_and(char::is_whitespace) {
                continue;
            }
            let rest = html[from..].trim_start();
            let Some(rest) = rest.strip_prefix('=') else {
                continue;
            };
            let rest_trim = rest.trim_start();
            let start = html.len() - rest_trim.len();
            let (value_start, value) = match rest_trim.chars().next() {
                Some(q @ ('"' | '\'')) => match rest_trim[1..].find(q) {
                    Some(end) => (start + 1, &rest_trim[1..=end]),
                    None => continue,
                },
                _ => {
                    let end = rest_trim
                        .find(|c: char| c.is_whitespace() || c == '>')
                        .unwrap_or(rest_trim.len());
                    (start, &rest_trim[..end])
                }
            };
            out.push((value_start, name, unescape(value)));
        }
    }
    out.sort_by_key(|(at, _, _)| *at);
    out
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
}

/// The `cover:` of an article as a [`Ref`] on its front matter line.
fn cover_ref(doc: &Document, front: &str) -> Option<Ref> {
    let cover = doc.meta.cover.as_ref()?;
    let line_in_fm = key_line(front, "cover");
    let (line, column) = match line_in_fm {
        Some(l) => {
            let text = front.lines().nth(l - 1).unwrap_or("");
            let col = text
                .find(cover.as_str())
                .map_or(1, |i| text[..i].chars().count() + 1);
            (l + 1, col)
        }
        None => (2, 1),
    };
    Some(Ref {
        dest: cover.clone(),
        written: None,
        kind: RefKind::Cover,
        raw_html: false,
        line,
        column,
    })
}

/// One page of the site: its element ids (when the page rendered) and its article.
struct PageInfo {
    ids: Option<HashSet<String>>,
    article: Option<PathBuf>,
}

/// What the built site would hold: pages (with their element ids) and files.
pub(super) struct SiteIndex {
    base_path: String,
    base_url: String,
    /// Page URL relative to the root (`posts/a/`, `404.html`, `` for the home page).
    pages: HashMap<String, PageInfo>,
    /// Every non-page file (static, built-in theme, generated, feeds, sitemap, search).
    files: HashSet<String>,
    /// Files of the site's own `static/` folder.
    user_static: Vec<String>,
    /// Feeds, sitemap, robots.txt and the search index: written after `static/`, so a
    /// static file of the same name is lost.
    site_files: HashSet<String>,
    /// Where each source file is published, for `.md` and `@/` links.
    pub sources: crate::content::SourceMap,
}

/// Where a URL leads inside the site.
enum Resolved {
    /// Not a site URL (another host, `mailto:`, empty): not checked.
    External,
    /// A site path (decoded, no leading slash) and the fragment, if any.
    Path(String, Option<String>),
    /// Cannot be right (raw HTML outside the base path, `..` above the root).
    Wrong(String),
}

impl SiteIndex {
    /// Render every page in memory and gather the ids and file names. Template and asset
    /// problems come back as problems; pages that fail to render have no ids (their anchors
    /// are not checked).
    /// `data` is the site's data files (`data.<name>` in templates).
    pub fn new(
        root: &Path,
        config: &Config,
        site: &Site,
        data: &tera::Value,
    ) -> (SiteIndex, Vec<Problem>) {
        let mut problems = Vec::new();
        let generated = match build::generated_assets(config) {
            Ok(g) => g,
            Err(errors) => {
                problems.extend(
                    errors
                        .0
                        .into_iter()
                        .map(|e| Problem::from_error(Kind::Config, e)),
                );
                Vec::new()
            }
        };
        let mut files: HashSet<String> = generated.iter().map(|(n, _)| n.clone()).collect();
        files.extend(theme::STATIC.iter().map(|(n, _)| n.to_string()));
        let user_static = static_names(root, config);
        files.extend(user_static.iter().cloned());
        let assets = match Assets::collect(root, config, generated) {
            Ok(a) => Some(a),
            Err(errors) => {
                problems.extend(
                    errors
                        .0
                        .into_iter()
                        .map(|e| Problem::from_error(walk_kind(&e, Kind::MissingFile), e)),
                );
                None
            }
        };
        let hashed = assets.map(|a| a.hashed).unwrap_or_default();
        files.extend(hashed.values().cloned());
        let robots = std::fs::read_to_string(root.join(STATIC_DIR).join("robots.txt")).ok();
        let (extra, _) = build::site_files(site, config, robots.as_deref());
        let site_files: HashSet<String> = extra.into_iter().map(|(p, _)| p).collect();
        files.extend(site_files.iter().cloned());
        files.extend(site.structure.assets.iter().map(|a| a.out.clone()));

        let pages = site.pages();
        let ids: Vec<Result<HashSet<String>, Error>> = match Renderer::new(root, config, &hashed) {
            Ok(renderer) => {
                let values = SiteValues::new(site, config).with_data(data.clone());
                pages
                    .par_iter()
                    .map_init(Vec::new, |buf, &page| {
                        buf.clear();
                        renderer
                            .render_page(site, &values, page, buf)
                            .map(|()| element_ids(&String::from_utf8_lossy(buf)))
                    })
                    .collect()
            }
            Err(errors) => {
                problems.extend(
                    errors
                        .0
                        .into_iter()
                        .map(|e| Problem::from_error(walk_kind(&e, Kind::Template), e)),
                );
                Vec::new()
            }
        };
        let mut template_errors: Vec<Error> = Vec::new();
        let mut index_pages = HashMap::with_capacity(pages.len());
        for (i, &page) in pages.iter().enumerate() {
            let ids = match ids.get(i) {
                Some(Ok(set)) => Some(set.clone()),
                Some(Err(e)) => {
                    // The same template error on every page is reported once.
                    if !template_errors.contains(e) && template_errors.len() < 20 {
                        template_errors.push(e.clone());
                    }
                    None
                }
                None => None,
            };
            let article = match page {
                Page::Article(a) => Some(site.articles[a].doc.path.clone()),
                Page::Standalone(a) => Some(site.standalone[a].doc.path.clone()),
                _ => None,
            };
            index_pages.insert(site.page_url(page), PageInfo { ids, article });
        }
        problems.extend(
            template_errors
                .into_iter()
                .map(|e| Problem::from_error(Kind::Template, e)),
        );
        let index = SiteIndex {
            base_path: config.base_path(),
            base_url: config.base_url_slash(),
            pages: index_pages,
            files,
            user_static,
            site_files,
            sources: crate::content::SourceMap::default(),
        };
        (index, problems)
    }

    /// Files of `static/` that a page or a generated file would overwrite.
    pub fn clashes_with_static(&self, site: &Site) -> Vec<Problem> {
        let mut by_out: HashMap<String, String> = HashMap::new();
        for page in site.pages() {
            let what = match page {
                Page::Article(i) => site.articles[i].doc.path.display().to_string(),
                other => format!(
                    "the generated page {}{}",
                    self.base_path,
                    site.page_url(other)
                ),
            };
            by_out.insert(site.page_out_path(page), what);
        }
        let mut out = Vec::new();
        for name in &self.user_static {
            let file = Path::new(STATIC_DIR).join(name);
            if let Some(what) = by_out.get(name) {
                out.push(Problem::new(
                    Kind::DuplicateUrl,
                    Some(&file),
                    format!(
                        "two things would be written to the same URL {}{}: {} and {}",
                        self.base_path,
                        name.trim_end_matches("index.html"),
                        file.display(),
                        what
                    ),
                ));
            } else if self.site_files.contains(name) && name != "robots.txt" {
                // (robots.txt is merged: the site's own lines are kept.)
                out.push(Problem::new(
                    Kind::DuplicateUrl,
                    Some(&file),
                    format!(
                        "{} is replaced by the generated {}{name}; remove it",
                        file.display(),
                        self.base_path
                    ),
                ));
            }
        }
        out
    }

    /// Every link, image and cover of one article of the site. `from_hidden`: the article
    /// is itself a draft (or scheduled), so links to other hidden articles are fine.
    pub fn check_article(
        &self,
        article: &Article,
        front: &str,
        from_hidden: bool,
        hidden: &HashMap<&Path, &'static str>,
    ) -> Vec<Problem> {
        let doc = &article.doc;
        let mut refs = extract(&doc.body, doc.body_line);
        refs.extend(cover_ref(doc, front));
        refs.iter()
            .filter_map(|r| {
                let r = self.source_ref(r, doc)?;
                self.check_ref(&r, doc, Some(&article.url), from_hidden, hidden)
            })
            .collect()
    }

    /// Images and covers with root-relative URLs of an article that is not in the model.
    pub fn check_files_only(&self, doc: &Document, front: &str) -> Vec<Problem> {
        let mut refs = extract(&doc.body, doc.body_line);
        refs.extend(cover_ref(doc, front));
        refs.retain(|r| r.kind != RefKind::Link && r.dest.starts_with('/'));
        refs.iter()
            .filter_map(|r| self.check_ref(r, doc, None, true, &HashMap::new()))
            .collect()
    }

    /// A link as the page will have it (`markdown::sources::rewrite`, the rule the build
    /// uses): a `.md` or `@/` link replaced by its target's URL (`None` when there is none:
    /// the Markdown pass reports those), a bundle's relative URL resolved against the bundle.
    fn source_ref(&self, r: &Ref, doc: &Document) -> Option<Ref> {
        if r.raw_html {
            return Some(r.clone());
        }
        let bundle = doc.bundle_url();
        let env = crate::markdown::LinkEnv {
            from: Some(&doc.path),
            bundle: bundle.as_deref(),
            sources: Some(&self.sources),
            images: None,
        };
        let rewritten = crate::markdown::sources::rewrite(&r.dest, &env);
        match rewritten.url {
            Some(dest) => Some(Ref {
                dest,
                written: Some(r.dest.clone()),
                ..r.clone()
            }),
            None if rewritten.problem.is_some() => None,
            None => Some(r.clone()),
        }
    }

    fn check_ref(
        &self,
        r: &Ref,
        doc: &Document,
        own_url: Option<&str>,
        from_hidden: bool,
        hidden: &HashMap<&Path, &'static str>,
    ) -> Option<Problem> {
        let problem = |kind: Kind, message: String| {
            Some(Problem::new(kind, Some(&doc.path), message).at(r.line, Some(r.column)))
        };
        let shown = r.written.as_deref().unwrap_or(&r.dest);
        let what = match r.kind {
            RefKind::Link => "link to",
            RefKind::Image => "image",
            RefKind::Cover => "cover image",
        };
        let (path, fragment) = match self.resolve(&r.dest, r.raw_html, own_url?) {
            Resolved::External => return None,
            Resolved::Wrong(why) => {
                let kind = if r.kind == RefKind::Link {
                    Kind::BrokenLink
                } else {
                    Kind::MissingFile
                };
                return problem(kind, format!("{what} {shown} {why}"));
            }
            Resolved::Path(p, f) => (p, f),
        };
        if let Some(page) = self.page(&path) {
            if let Some(file) = &page.article {
                if let Some(reason) = hidden.get(file.as_path()).filter(|_| !from_hidden) {
                    return problem(
                        Kind::BrokenLink,
                        format!(
                            "{what} {shown} goes to {}, which is {reason}: that page is not in the published site",
                            file.display()
                        ),
                    );
                }
            }
            let fragment = fragment.filter(|f| !f.is_empty())?;
            let ids = page.ids.as_ref()?;
            if ids.contains(&fragment) {
                return None;
            }
            let place = if own_url == Some(path.as_str()) && r.dest.starts_with('#') {
                "this article".to_string()
            } else {
                format!("{}{path}", self.base_path)
            };
            return problem(
                Kind::BrokenAnchor,
                format!("anchor #{fragment} does not exist on {place}"),
            );
        }
        if self.files.contains(&path) {
            return None;
        }
        let looks_like_file = path.starts_with("files/") || {
            let last = path.rsplit('/').next().unwrap_or("");
            last.contains('.') && !last.ends_with(".html") && !last.ends_with(".htm")
        };
        match r.kind {
            RefKind::Link if !looks_like_file => {
                problem(Kind::BrokenLink, format!("{what} {shown} does not exist"))
            }
            _ => problem(
                Kind::MissingFile,
                format!(
                    "{} {shown} does not exist (no {})",
                    if r.kind == RefKind::Link {
                        "link to file"
                    } else {
                        what
                    },
                    match (doc.bundle_url(), doc.path.parent()) {
                        // A bundle's own file: where it would be beside the article.
                        (Some(folder), Some(dir)) if path.starts_with(&folder) => {
                            dir.join(&path[folder.len()..]).display().to_string()
                        }
                        _ => format!("{STATIC_DIR}/{path}"),
                    }
                ),
            ),
        }
    }

    /// The page at a decoded site path: `x/`, `x/index.html`, `x` (served as `x/`), `a.html`.
    fn page(&self, path: &str) -> Option<&PageInfo> {
        if let Some(p) = self.pages.get(path) {
            return Some(p);
        }
        if path == "index.html" || path.ends_with("/index.html") {
            return self.pages.get(path.trim_end_matches("index.html"));
        }
        if !path.is_empty() && !path.ends_with('/') && !self.files.contains(path) {
            return self.pages.get(&format!("{path}/"));
        }
        None
    }

    /// Turn a URL as written in an article at `own_url` into a site path.
    fn resolve(&self, dest: &str, raw_html: bool, own_url: &str) -> Resolved {
        let dest = dest.trim();
        // shown as text (the raw_html check warns about it), not a link to check
        if dest.is_empty() || blocked_scheme(dest, UrlUse::Link).is_some() {
            return Resolved::External;
        }
        let (before, fragment) = match dest.split_once('#') {
            Some((b, f)) => (b, Some(decode(f))),
            None => (dest, None),
        };
        let before = before.split('?').next().unwrap_or("");
        let own_site = self.base_url.trim_end_matches('/');
        let path = if before.is_empty() {
            if fragment.is_none() {
                return Resolved::External;
            }
            own_url.to_string()
        } else if has_scheme(before) {
            let lower = before.to_ascii_lowercase();
            if lower.starts_with(&self.base_url.to_ascii_lowercase()) {
                before[self.base_url.len()..].to_string()
            } else if lower == own_site.to_ascii_lowercase() {
                String::new()
            } else {
                return Resolved::External;
            }
        } else if before.starts_with("//") || before.starts_with("/\\") {
            return Resolved::External;
        } else if let Some(rest) = before.strip_prefix('/') {
            if raw_html {
                match before.strip_prefix(self.base_path.as_str()) {
                    Some(rest) => rest.to_string(),
                    None if before == self.base_path.trim_end_matches('/') => String::new(),
                    None => {
                        return Resolved::Wrong(format!(
                            "is outside the site's base path {} (raw HTML is not rewritten: write {}{rest}, or use Markdown)",
                            self.base_path, self.base_path
                        ))
                    }
                }
            } else {
                rest.to_string()
            }
        } else {
            match join_relative(own_url, before) {
                Some(p) => p,
                None => return Resolved::Wrong("points above the site root".into()),
            }
        };
        Resolved::Path(decode(&path), fragment)
    }
}

fn decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

/// Resolve `rel` against the page at `base` (both site paths without a leading slash), as a
/// browser does. `None` when `..` climbs above the root.
fn join_relative(base: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = base.split('/').collect();
    parts.pop(); // the file name part (empty for `x/`)
    let segments: Vec<&str> = rel.split('/').collect();
    let last = segments.len() - 1;
    for (i, seg) in segments.into_iter().enumerate() {
        match seg {
            "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
        if i == last && matches!(seg, "." | "..") {
            parts.push("");
        }
    }
    Some(parts.join("/").trim_start_matches('/').to_string())
}

/// Names of the files under `root/static`, relative to it (refused symlinks are reported
/// by [`super::check`]).
fn static_names(root: &Path, config: &Config) -> Vec<String> {
    let (files, _) = Links::new(root, config).files(Path::new(STATIC_DIR), Hidden::Keep);
    files
        .iter()
        .map(|p| {
            p.strip_prefix(STATIC_DIR)
                .unwrap_or(p)
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect()
}

/// Every `id="…"` value of an HTML page (unescaped).
fn element_ids(html: &str) -> HashSet<String> {
    let mut ids = HashSet::new();
    let mut from = 0;
    while let Some(i) = html[from..].find("id=") {
        let at = from + i;
        from = at + 3;
        if !html[..at]
            .chars()
            .next_back()
            .is_some_and(char::is_whitespace)
        {
            continue;
        }
        let rest = &html[from..];
        let Some(q) = rest.chars().next().filter(|c| matches!(c, '"' | '\'')) else {
            continue;
        };
        if let Some(end) = rest[1..].find(q) {
            ids.insert(unescape(&rest[1..=end]));
        }
    }
    ids
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extracts_links_images_and_html_with_positions() {
        let body = "导语段落。\n\n详见[上一篇](/posts/a/)和![配图](/images/x.png \"说明\")。\n\n```\n[代码里的](/不算/)\n```\n\n<a href=\"/files/报告.pdf\">下载</a>\n\n联系 <tips@example.com>\n";
        let refs = extract(body, 5);
        let got: Vec<(&str, RefKind, bool, usize, usize)> = refs
            .iter()
            .map(|r| (r.dest.as_str(), r.kind, r.raw_html, r.line, r.column))
            .collect();
        assert_eq!(
            got,
            vec![
                ("/posts/a/", RefKind::Link, false, 7, 9),
                ("/images/x.png", RefKind::Image, false, 7, 26),
                ("/files/报告.pdf", RefKind::Link, true, 13, 10),
            ]
        );
    }

    #[test]
    fn reference_links_point_at_the_link() {
        let refs = extract("见[报道][r]。\n\n[r]: /posts/r/\n", 1);
        assert_eq!(refs.len(), 1);
        assert_eq!(refs[0].dest, "/posts/r/");
        assert_eq!((refs[0].line, refs[0].column), (1, 2));
    }

    #[test]
    fn relative_urls() {
        assert_eq!(
            join_relative("posts/a/", "../b/").as_deref(),
            Some("posts/b/")
        );
        assert_eq!(
            join_relative("posts/a/", "img.png").as_deref(),
            Some("posts/a/img.png")
        );
        assert_eq!(join_relative("posts/a/", "./").as_deref(), Some("posts/a/"));
        assert_eq!(join_relative("a.html", "b.html").as_deref(), Some("b.html"));
        assert_eq!(join_relative("posts/a/", "../..").as_deref(), Some(""));
        assert_eq!(join_relative("posts/a/", "../../../x"), None);
    }

    #[test]
    fn schemes() {
        assert!(has_scheme("https://example.com/"));
        assert!(has_scheme("mailto:a@b.c"));
        assert!(!has_scheme("/posts/a:b/"));
        assert!(!has_scheme("posts/a/"));
        assert!(!has_scheme("dir/a:b.png"));
        assert!(!has_scheme("@/posts/a.md"));
    }

    #[test]
    fn ids_of_a_page() {
        let ids = element_ids("<h2 id=\"背景\">背景</h2><div data-id=\"x\"><p id='a&amp;b'>");
        assert!(ids.contains("背景"));
        assert!(ids.contains("a&b"));
        assert!(!ids.contains("x"));
    }
}
