//! Links between sources and page-bundle links.
//!
//! - A link or image whose path ends in `.md` (`../issue-24.md`, `./x.md#part`) or starts with
//!   `@/` (`@/posts/x.md`, a path from `content/`) names another source file: it becomes that
//!   file's URL, root-relative (the base-path pass then prefixes it), with its query and
//!   fragment kept. A source that does not exist, or that this build leaves out (a draft, a
//!   future or expired article), is recorded as a [`LinkError`] at its line and column.
//! - In a page bundle, every other relative URL (`diagram.png`, `img/a.png`, `../x/`) is
//!   resolved against the bundle's output folder, so it works the same in the page, in feeds
//!   and on list pages.
//!
//! URLs with a scheme (`https:`, `mailto:`), protocol-relative and root-relative URLs and
//! fragments are left alone.

use std::path::{Path, PathBuf};

use pulldown_cmark::{CowStr, Event, Tag};

use super::urls::has_scheme;
use super::Spanned;
use crate::content::place::{resolve_source, SourceMap, Target};

/// Extra `<img>` attributes for local images (`width`, `height`, `srcset`, `sizes`): given by
/// the images stage (`src/images/`) to the figures pass.
pub trait ImageAttrs: Sync + std::fmt::Debug {
    /// The attributes (each with a leading space, values escaped) for the image at `url` (as
    /// the page prints it, base path included), written at byte `offset` of the Markdown body;
    /// `None` for a remote image or one left as it is.
    fn attrs(&self, url: &str, offset: usize) -> Option<String>;
}

/// What the links of one document resolve against.
#[derive(Debug, Clone, Copy, Default)]
pub struct LinkEnv<'a> {
    /// The document's source file (`content/posts/x.md`).
    pub from: Option<&'a Path>,
    /// The bundle's output folder (`posts/x/`) when the document is a bundle.
    pub bundle: Option<&'a str>,
    /// Every source's URL; without it `.md` links are left as written.
    pub sources: Option<&'a SourceMap>,
    /// Dimensions and responsive variants of local images; without it `<img>` has neither.
    pub images: Option<&'a dyn ImageAttrs>,
}

/// A link to a source that cannot be resolved.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LinkError {
    /// 1-based line and column in the Markdown body.
    pub line: usize,
    pub column: usize,
    pub message: String,
    /// The target exists but this build leaves it out (`check` reports those its own way).
    pub hidden: bool,
}

/// `path`, `?query#frag` split at the first `?` or `#`.
fn split_suffix(url: &str) -> (&str, &str) {
    match url.find(['?', '#']) {
        Some(i) => (&url[..i], &url[i..]),
        None => (url, ""),
    }
}

/// Resolve `rel` (a relative URL path) against the folder `base` (`posts/x/`), `.` and `..`
/// segments applied; never climbs above the site root.
fn join_relative(base: &str, rel: &str) -> String {
    let mut segs: Vec<&str> = base.split('/').filter(|s| !s.is_empty()).collect();
    let parts: Vec<&str> = rel.split('/').collect();
    let last = parts.len().saturating_sub(1);
    let mut trailing = false;
    for (i, p) in parts.iter().enumerate() {
        match *p {
            "." | "" => trailing = i == last,
            ".." => {
                segs.pop();
                trailing = i == last;
            }
            s => {
                segs.push(s);
                trailing = false;
            }
        }
    }
    let mut out = format!("/{}", segs.join("/"));
    if trailing && out.len() > 1 {
        out.push('/');
    }
    out
}

/// 1-based line and column (in characters) of byte `offset` in `source`.
fn position(source: &str, offset: usize) -> (usize, usize) {
    let before = &source[..offset.min(source.len())];
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[start..].chars().count() + 1)
}

/// What one written URL becomes under `env`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rewrite {
    /// The URL the page gets (root-relative, before the base path), or `None` to keep it.
    pub url: Option<String>,
    /// The source file a `.md` or `@/` link names, when it names one inside `content/`.
    pub source: Option<PathBuf>,
    /// Why the link points at nothing published, and whether its target is only hidden.
    pub problem: Option<(String, bool)>,
}

/// Resolve one URL as written in the document `env.from`: a link to a source becomes the
/// target's URL, a bundle's relative URL is resolved against the bundle's folder, anything
/// else is kept. The one rule the Markdown pass and `check` share.
pub fn rewrite(url: &str, env: &LinkEnv<'_>) -> Rewrite {
    let keep = Rewrite {
        url: None,
        source: None,
        problem: None,
    };
    let url = url.trim();
    if url.is_empty() || url.starts_with('#') || url.starts_with('/') || has_scheme(url) {
        return keep;
    }
    let (path, suffix) = split_suffix(url);
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let is_source = decoded.starts_with("@/")
        || Path::new(decoded.as_ref())
            .extension()
            .is_some_and(|x| x.eq_ignore_ascii_case("md"));
    if !is_source {
        return match env.bundle {
            Some(bundle) => Rewrite {
                url: Some(format!("{}{suffix}", join_relative(bundle, path))),
                ..keep
            },
            None => keep,
        };
    }
    let (Some(sources), Some(from)) = (env.sources, env.from) else {
        return keep;
    };
    let Some(file) = resolve_source(from, &decoded) else {
        return Rewrite {
            problem: Some((
                format!(
                    "link `{url}` points outside content/; link to a Markdown file under content/ (`@/posts/x.md`)"
                ),
                false,
            )),
            ..keep
        };
    };
    let (target, problem) = match sources.get(&file) {
        Some(Target::Url(u)) => (Some(format!("/{u}{suffix}")), None),
        Some(Target::Hidden(u)) => (
            Some(format!("/{u}{suffix}")),
            Some((
                format!(
                    "link `{url}` points to {}, which this build leaves out (a draft, or dated in the future, or expired); publish it or remove the link",
                    file.display()
                ),
                true,
            )),
        ),
        None => (
            None,
            Some((
                format!("link `{url}` points to {}, which does not exist", file.display()),
                false,
            )),
        ),
    };
    Rewrite {
        url: target,
        source: Some(file),
        problem,
    }
}

/// Rewrite source links and bundle-relative URLs in place ([`rewrite`]); returns the links
/// that point at nothing this build publishes, and adds the sources linked to `linked`.
pub(super) fn resolve(
    events: &mut [Spanned<'_>],
    source: &str,
    env: &LinkEnv<'_>,
    linked: &mut Vec<PathBuf>,
) -> Vec<LinkError> {
    let mut errors = Vec::new();
    if env.bundle.is_none() && env.sources.is_none() {
        return errors;
    }
    for (event, range) in events.iter_mut() {
        let dest = match event {
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. }) => dest_url,
            _ => continue,
        };
        let r = rewrite(dest, env);
        if let Some(file) = r.source {
            if !linked.contains(&file) {
                linked.push(file);
            }
        }
        if let Some((message, hidden)) = r.problem {
            let (line, column) = position(source, range.start);
            errors.push(LinkError {
                line,
                column,
                message,
                hidden,
            });
        }
        if let Some(u) = r.url {
            *dest = CowStr::from(u);
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_joins() {
        assert_eq!(
            join_relative("posts/x/", "diagram.png"),
            "/posts/x/diagram.png"
        );
        assert_eq!(
            join_relative("posts/x/", "./img/a.png"),
            "/posts/x/img/a.png"
        );
        assert_eq!(join_relative("posts/x/", "../y/"), "/posts/y/");
        assert_eq!(join_relative("posts/x/", "../../../../a.png"), "/a.png");
        assert_eq!(join_relative("posts/x/", "img/"), "/posts/x/img/");
    }

    #[test]
    fn positions_count_characters() {
        assert_eq!(position("第一行\n中文[x](a.md)", 16), (2, 3));
    }
}
