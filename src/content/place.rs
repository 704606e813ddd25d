//! Where each document goes: its section and its URL, decided before any Markdown is rendered
//! so that links between sources (`../issue-24.md`, `@/posts/x.md`) and a bundle's relative
//! links can be resolved while rendering. [`SourceMap`] is that lookup: source file → URL.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use super::section::{Sections, SECTION_FILE};
use super::{slug, Document, CONTENT_DIR};
use crate::config::Config;
use crate::error::Error;

/// Fill in each document's section and URL. Returns the documents whose permalink cannot be
/// filled (a URL that would leave the output folder), as errors.
pub fn place(docs: &mut [Document], sections: &Sections, config: &Config) -> Vec<Error> {
    docs.par_iter_mut()
        .filter_map(|d| {
            let dir = d.path.parent().unwrap_or(Path::new(""));
            // A bundle's own folder is not a section; its parent may be.
            let dir = if d.bundle {
                dir.parent().unwrap_or(dir)
            } else {
                dir
            };
            d.section = sections.nearest(dir);
            match url_of(d, sections, config) {
                Ok(u) => {
                    d.url = u;
                    None
                }
                Err(m) => Some(Error::in_file(&d.path, m).at(Some(d.slug_line), None)),
            }
        })
        .collect()
}

/// A document's URL: `url:` as written, a page's path, or the permalink pattern of its
/// section (else the site's).
fn url_of(d: &Document, sections: &Sections, config: &Config) -> Result<String, String> {
    if let Some(url) = &d.meta.url {
        return Ok(url.clone());
    }
    let section = d.section.map(|s| &sections.list[s]);
    if d.is_page() {
        return Ok(page_url(
            d,
            section.map(|s| (s.doc.dir(), s.url.as_str())),
            config,
        ));
    }
    let pattern = section.map_or(config.permalink.as_str(), |s| s.permalink.as_str());
    let section_path = section.map_or("", |s| s.url.trim_end_matches('/'));
    permalink_in(pattern, d, section_path, config)
}

/// A page's URL from its path: folders below `content/pages/` (or below its section's folder,
/// under the section's URL), each made a slug, then the page's slug.
fn page_url(d: &Document, section: Option<(&Path, &str)>, config: &Config) -> String {
    let pages = Path::new(CONTENT_DIR).join("pages");
    let mut dir = d.path.parent().unwrap_or(Path::new(""));
    if d.bundle {
        dir = dir.parent().unwrap_or(dir);
    }
    let (below, mut url) = match section {
        Some((sdir, surl)) => (dir.strip_prefix(sdir).ok(), surl.to_string()),
        None => (
            dir.strip_prefix(&pages)
                .or_else(|_| dir.strip_prefix(CONTENT_DIR))
                .ok(),
            String::new(),
        ),
    };
    for c in below.into_iter().flat_map(Path::components) {
        let name = c.as_os_str().to_string_lossy();
        let seg = if name.is_ascii() {
            slug::slugify(&name)
        } else {
            slug::make(&name, config.slug_style)
        };
        if !seg.is_empty() {
            url.push_str(&seg);
            url.push('/');
        }
    }
    url.push_str(&d.slug);
    url.push('/');
    url
}

/// Fill the permalink pattern for a document outside any section: `/posts/:slug/` →
/// `posts/my-slug/`.
pub fn permalink(pattern: &str, doc: &Document, config: &Config) -> Result<String, String> {
    permalink_in(pattern, doc, "", config)
}

/// [`permalink`] with `:section` standing for `section` (the section's URL path).
pub fn permalink_in(
    pattern: &str,
    doc: &Document,
    section: &str,
    config: &Config,
) -> Result<String, String> {
    let date = &doc.meta.date;
    let category = doc
        .meta
        .categories
        .first()
        .map(|c| slug::term_slug(c, config))
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "uncategorized".into());
    let mut url = pattern
        .replace(":year", &format!("{:04}", date.year()))
        .replace(":month", &format!("{:02}", date.month()))
        .replace(":day", &format!("{:02}", date.day()))
        .replace(":category", &category)
        .replace(":section", section)
        .replace(":slug", &doc.slug);
    if url.split('/').any(|s| s == ".." || s == ".") || url.contains('\\') {
        return Err(format!("the URL `{url}` would escape the output folder"));
    }
    while url.contains("//") {
        url = url.replace("//", "/");
    }
    Ok(url.trim_start_matches('/').to_string())
}

/// What a link to a source file finds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Published at this URL (relative to the site root).
    Url(String),
    /// The file exists but this build leaves it out (draft, future or expired); the URL it
    /// would have.
    Hidden(String),
}

/// Source file (`content/posts/x.md`) → where it is published.
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    map: HashMap<PathBuf, Target>,
}

impl SourceMap {
    /// From the placed documents, the hidden ones' paths and the sections.
    pub fn new<'a>(
        shown: impl Iterator<Item = &'a Document>,
        hidden: impl Iterator<Item = &'a Document>,
        sections: &Sections,
    ) -> SourceMap {
        let mut map = HashMap::new();
        for d in shown {
            map.insert(d.path.clone(), Target::Url(d.url.clone()));
        }
        for d in hidden {
            map.insert(d.path.clone(), Target::Hidden(d.url.clone()));
        }
        for s in &sections.list {
            map.insert(s.doc.path.clone(), Target::Url(s.url.clone()));
        }
        SourceMap { map }
    }

    pub fn get(&self, source: &Path) -> Option<&Target> {
        self.map.get(source)
    }

    /// Every source with its target, for comparing two builds (serve).
    pub fn iter(&self) -> impl Iterator<Item = (&PathBuf, &Target)> {
        self.map.iter()
    }

    pub fn insert(&mut self, source: PathBuf, target: Target) {
        self.map.insert(source, target);
    }

    pub fn remove(&mut self, source: &Path) -> Option<Target> {
        self.map.remove(source)
    }
}

/// The source file a link names, from the linking file `from`: `@/posts/x.md` is under
/// `content/`, anything else relative to `from`'s folder. `None` when the path climbs out
/// of the site.
pub fn resolve_source(from: &Path, link: &str) -> Option<PathBuf> {
    let (base, rest) = match link.strip_prefix("@/") {
        Some(rest) => (PathBuf::from(CONTENT_DIR), rest),
        None => (
            from.parent().map(Path::to_path_buf).unwrap_or_default(),
            link,
        ),
    };
    let mut out = base;
    for c in Path::new(rest).components() {
        match c {
            Component::Normal(n) => out.push(n),
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::CurDir => {}
            _ => return None,
        }
    }
    if !out.starts_with(CONTENT_DIR) {
        return None;
    }
    // A link to a section's folder file is fine written either way.
    if out.file_name().is_some_and(|n| n == "_index.md") {
        return Some(out.with_file_name(SECTION_FILE));
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_resolve_relative_and_from_content() {
        let from = Path::new("content/weekly/2025-week-47.md");
        assert_eq!(
            resolve_source(from, "../posts/x.md"),
            Some(PathBuf::from("content/posts/x.md"))
        );
        assert_eq!(
            resolve_source(from, "./2025-week-46.md"),
            Some(PathBuf::from("content/weekly/2025-week-46.md"))
        );
        assert_eq!(
            resolve_source(from, "@/posts/量子纠错.md"),
            Some(PathBuf::from("content/posts/量子纠错.md"))
        );
        assert_eq!(resolve_source(from, "../../../etc/passwd.md"), None);
    }
}
