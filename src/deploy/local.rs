//! The output folder as the bucket should hold it: every file with its key, MD5, size,
//! `Content-Type` and `Cache-Control`, and which upload phase it belongs to.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::CacheRule;
use crate::error::Error;

/// Hashed assets (`css/style.1ebe309b.css`): their name changes with their content.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Pages, feeds, sitemaps, robots.txt and the search index: re-checked within a minute.
pub const SHORT: &str = "public, max-age=60";
/// Everything else (images, fonts, unhashed files from `static/`).
pub const DAY: &str = "public, max-age=86400";

/// When a file goes up: assets (and new pages) first, changed pages next, then the files
/// that point at the others (feeds, sitemaps, the search manifest).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Asset,
    Page,
    Late,
}

#[derive(Debug, Clone)]
pub struct LocalFile {
    /// Path relative to the output folder, with `/`.
    pub key: String,
    pub path: PathBuf,
    pub size: u64,
    /// Lower-case hex MD5 of the content.
    pub md5: String,
    pub content_type: String,
    pub cache_control: String,
    pub kind: Kind,
}

/// Every file under `dir`, hashed in parallel, sorted by key.
pub fn scan(dir: &Path, rules: &[CacheRule]) -> Result<Vec<LocalFile>, Error> {
    if !dir.is_dir() {
        return Err(Error::in_file(
            dir,
            "the output folder does not exist; run `kuaixun build` first (or pass --build)",
        ));
    }
    let mut paths = Vec::new();
    for entry in walkdir::WalkDir::new(dir).follow_links(false) {
        let entry = entry.map_err(|e| Error::in_file(dir, e.to_string()))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let key = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        paths.push((key, entry.into_path()));
    }
    let mut files = paths
        .into_par_iter()
        .map(|(key, path)| {
            let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
            Ok(LocalFile {
                md5: format!("{:x}", md5::compute(&bytes)),
                size: bytes.len() as u64,
                content_type: content_type(&key),
                cache_control: cache_control(&key, rules),
                kind: kind(&key),
                key,
                path,
            })
        })
        .collect::<Result<Vec<_>, Error>>()?;
    files.sort_by(|a, b| a.key.cmp(&b.key));
    Ok(files)
}

/// `text/html; charset=utf-8`, `image/png`, … (`mime_guess`; text gets `charset=utf-8`).
pub fn content_type(key: &str) -> String {
    let mime = mime_guess::from_path(key).first_or_octet_stream();
    let essence = mime.essence_str();
    let text = mime.type_() == mime_guess::mime::TEXT
        || essence.ends_with("+xml")
        || essence.ends_with("+json")
        || matches!(
            essence,
            "application/javascript" | "application/json" | "application/xml"
        );
    if text {
        format!("{essence}; charset=utf-8")
    } else {
        essence.to_string()
    }
}

/// The first matching rule's value, else the built-in rule.
pub fn cache_control(key: &str, rules: &[CacheRule]) -> String {
    if let Some(rule) = rules.iter().find(|r| glob_match(&r.glob, key)) {
        return rule.value.clone();
    }
    let name = key.rsplit('/').next().unwrap_or(key);
    if is_hashed(name) {
        return IMMUTABLE.into();
    }
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    match ext.as_deref() {
        None | Some("html" | "htm" | "xml" | "json" | "txt") => SHORT.into(),
        _ => DAY.into(),
    }
}

/// `style.1ebe309b.css`: a name whose part before the extension is 8+ hex digits.
fn is_hashed(name: &str) -> bool {
    let parts: Vec<&str> = name.split('.').collect();
    parts.len() >= 3 && {
        let h = parts[parts.len() - 2];
        h.len() >= 8 && h.bytes().all(|b| b.is_ascii_hexdigit())
    }
}

pub fn kind(key: &str) -> Kind {
    let lower = key.to_ascii_lowercase();
    if lower.ends_with(".xml") || lower == "robots.txt" || lower == crate::search::MANIFEST {
        Kind::Late
    } else if lower.ends_with(".html") || lower.ends_with(".htm") {
        Kind::Page
    } else {
        Kind::Asset
    }
}

/// Glob over `/`-separated paths: `*` and `?` stay within a folder name, `**` crosses
/// folders (`**/` also matches no folder).
pub fn glob_match(glob: &str, path: &str) -> bool {
    fn go(g: &[u8], p: &[u8]) -> bool {
        if g.is_empty() {
            return p.is_empty();
        }
        if g.starts_with(b"**") {
            let rest = &g[2..];
            if let Some(after) = rest.strip_prefix(b"/") {
                if go(after, p) {
                    return true;
                }
            }
            return (0..=p.len()).any(|i| go(rest, &p[i..]));
        }
        match g[0] {
            b'*' => (0..=p.len())
                .take_while(|&i| i == 0 || p[i - 1] != b'/')
                .any(|i| go(&g[1..], &p[i..])),
            b'?' => !p.is_empty() && p[0] != b'/' && go(&g[1..], &p[1..]),
            c => !p.is_empty() && p[0] == c && go(&g[1..], &p[1..]),
        }
    }
    go(glob.trim_start_matches('/').as_bytes(), path.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_types_with_charset_for_text() {
        assert_eq!(content_type("index.html"), "text/html; charset=utf-8");
        assert_eq!(
            content_type("css/style.1ebe309b.css"),
            "text/css; charset=utf-8"
        );
        assert!(content_type("js/search.js").ends_with("javascript; charset=utf-8"));
        assert_eq!(
            content_type("search/manifest.json"),
            "application/json; charset=utf-8"
        );
        assert!(content_type("atom.xml").ends_with("xml; charset=utf-8"));
        assert_eq!(content_type("images/a.png"), "image/png");
        assert_eq!(content_type("images/a.svg"), "image/svg+xml; charset=utf-8");
        assert_eq!(content_type("LICENSE"), "application/octet-stream");
    }

    #[test]
    fn cache_rules() {
        assert_eq!(cache_control("css/style.1ebe309b.css", &[]), IMMUTABLE);
        assert_eq!(cache_control("posts/a/index.html", &[]), SHORT);
        assert_eq!(cache_control("tags/x/atom.xml", &[]), SHORT);
        assert_eq!(cache_control("search/manifest.json", &[]), SHORT);
        assert_eq!(cache_control("css/style.css", &[]), DAY);
        assert_eq!(cache_control("images/cover.png", &[]), DAY);
        let rules = [CacheRule {
            glob: "images/**".into(),
            value: "no-store".into(),
        }];
        assert_eq!(cache_control("images/2026/a.png", &rules), "no-store");
        assert_eq!(cache_control("css/style.css", &rules), DAY);
    }

    #[test]
    fn globs() {
        assert!(glob_match("images/**", "images/a/b.png"));
        assert!(glob_match("**/*.png", "a.png"));
        assert!(glob_match("**/*.png", "x/y/a.png"));
        assert!(!glob_match("*.png", "x/a.png"));
        assert!(glob_match("posts/*/index.html", "posts/芯片/index.html"));
        assert!(!glob_match("posts/*/index.html", "posts/a/b/index.html"));
        assert!(glob_match("a?c.txt", "abc.txt"));
    }

    #[test]
    fn phases() {
        assert_eq!(kind("css/style.css"), Kind::Asset);
        assert_eq!(kind("search/shards/1.json"), Kind::Asset);
        assert_eq!(kind("posts/a/index.html"), Kind::Page);
        assert_eq!(kind("sitemap.xml"), Kind::Late);
        assert_eq!(kind("search/manifest.json"), Kind::Late);
        assert_eq!(kind("robots.txt"), Kind::Late);
    }
}
