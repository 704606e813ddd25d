//! Hexo pages (Markdown under `source/` outside `_`-prefixed folders) → kuaixun standalone
//! pages under `content/pages/`, and the other files of `source/`.
//!
//! Hexo renders every Markdown file there as a page (`hexo/lib/plugins/processor/asset.ts`),
//! with or without front matter, unless `skip_render` matches it; its URL is the path with
//! `.md` → `.html` (`about/index.md` → `about/index.html`, served as `/about/`), or the
//! page's own `permalink`. The import keeps that URL (`url:` where kuaixun's, from the path
//! under `content/pages/`, would differ). A page `X/index.md` becomes a bundle: the other
//! files of `X/` move beside it, so they are published where Hexo copied them.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use jiff::tz::TimeZone;
use serde_json::{Map, Value};
use walkdir::WalkDir;

use super::{is_markdown, read_date, split};
use crate::content::slug;
use crate::error::Error;

/// One page on its way through the conversion.
pub struct Page {
    /// Path relative to the Hexo root, for messages (`source/about/index.md`).
    pub src: PathBuf,
    /// Output path relative to the new site root (`content/pages/about/index.md`).
    pub out: PathBuf,
    pub fm: Vec<(String, Value)>,
    pub body: String,
    /// 1-based line of the Hexo file where `body` starts.
    pub body_line: usize,
    /// Root-relative URL, as Hexo serves it (`/about/`, `/links.html`).
    pub url: String,
    /// The bundle's other files: (absolute source file, output path under the new site).
    pub bundle: Vec<(PathBuf, PathBuf)>,
}

/// What `source/` holds besides posts.
#[derive(Default)]
pub struct Found {
    pub pages: Vec<Page>,
    /// Files copied as they are: (absolute source file, path under `static/`).
    pub statics: Vec<(PathBuf, PathBuf)>,
}

/// Walk `source/` (outside `_`-prefixed and hidden folders, as Hexo does).
pub fn find(
    src: &Path,
    hexo: &Value,
    tz: &TimeZone,
    warnings: &mut Vec<Error>,
) -> Result<Found, Error> {
    let root = src.join("source");
    let skip = patterns(hexo.get("skip_render"));
    let mut pages = BTreeSet::new();
    let mut found = Found::default();
    let walker = WalkDir::new(&root)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0 || {
                let name = e.file_name().to_string_lossy();
                !name.starts_with('_') && !name.starts_with('.')
            }
        });
    for entry in walker {
        let entry = entry.map_err(|e| Error::in_file(&root, e.to_string()))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(&root).unwrap_or(entry.path());
        let rel_text = rel.to_string_lossy().replace('\\', "/");
        let skipped = skip.iter().any(|p| glob(p, &rel_text));
        let html = rel
            .extension()
            .is_some_and(|x| x.eq_ignore_ascii_case("html") || x.eq_ignore_ascii_case("htm"));
        if skipped || !(is_markdown(rel) || html) {
            found
                .statics
                .push((entry.path().to_path_buf(), rel.to_path_buf()));
        } else if html {
            warnings.push(Error::in_file(
                Path::new("source").join(rel),
                "HTML page not imported (kuaixun pages are Markdown; make it a template or add it to skip_render)",
            ));
        } else {
            pages.insert(rel.to_path_buf());
        }
    }
    for rel in &pages {
        let shown = Path::new("source").join(rel);
        let dir = rel.parent().unwrap_or(Path::new(""));
        let is_index = rel.file_stem().is_some_and(|s| s == "index");
        if is_index && dir.as_os_str().is_empty() {
            warnings.push(Error::in_file(
                &shown,
                "not imported: a page at / would replace kuaixun's home page",
            ));
            continue;
        }
        // Other pages below `X/` keep `X/index.md` from being a bundle (a bundle holds no
        // other Markdown).
        let holds_pages = is_index && pages.iter().any(|p| p != rel && p.starts_with(dir));
        let Some(mut page) = read_page(src, rel, holds_pages, tz, warnings)? else {
            continue;
        };
        if holds_pages {
            warnings.push(Error::in_file(
                &shown,
                format!(
                    "written as {}: a bundle (`index.md` with its files) holds no other pages, and {} does; the other files there go to static/",
                    page.out.display(),
                    dir.display()
                ),
            ));
        }
        let folder_url = format!("/{}/", dir.to_string_lossy().replace('\\', "/"));
        if is_index && !holds_pages && page.url == folder_url {
            let abs_dir = root.join(dir);
            let out_dir = page.out.parent().unwrap_or(Path::new("")).to_path_buf();
            found.statics.retain(|(abs, rel_static)| {
                let inside = abs.starts_with(&abs_dir) && !is_markdown(rel_static);
                if inside {
                    let inner = abs.strip_prefix(&abs_dir).unwrap_or(abs);
                    page.bundle.push((abs.clone(), out_dir.join(inner)));
                }
                !inside
            });
        }
        found.pages.push(page);
    }
    Ok(found)
}

/// Read and convert one page; `None` when it is not imported (reported).
fn read_page(
    src: &Path,
    rel: &Path,
    holds_pages: bool,
    tz: &TimeZone,
    warnings: &mut Vec<Error>,
) -> Result<Option<Page>, Error> {
    let shown = Path::new("source").join(rel);
    let bytes = std::fs::read(src.join(&shown)).map_err(|e| Error::io(&shown, e))?;
    let Ok(text) = String::from_utf8(bytes) else {
        warnings.push(Error::in_file(
            &shown,
            "not imported: the file is not valid UTF-8",
        ));
        return Ok(None);
    };
    let text = text.trim_start_matches('\u{feff}').replace("\r\n", "\n");
    let parts = split(&text);
    let mut warn = |line: Option<usize>, msg: String| {
        warnings.push(Error::in_file(&shown, msg).at(line, None));
    };
    let (mut map, fm_text, fm_line) = match &parts.fm {
        Some((fm, first)) => match crate::yaml::parse(fm) {
            Ok(Value::Object(m)) => (m, fm.as_str(), *first),
            Ok(_) => (Map::new(), "", *first),
            Err(e) => {
                warn(
                    e.line.map(|l| l + first - 1),
                    format!("not imported: invalid YAML in front matter: {}", e.message),
                );
                return Ok(None);
            }
        },
        None => (Map::new(), "", 1),
    };
    let line_of = |key: &str| crate::config::key_line(fm_text, key).map(|l| l + fm_line - 1);
    let rel_text = rel.to_string_lossy().replace('\\', "/");
    let stem = rel_text.rsplit_once('.').map_or(&*rel_text, |(s, _)| s);

    // Hexo's URL: the page's `permalink`, else the path with `.html`.
    let hexo_path = match map.remove("permalink") {
        Some(Value::String(p)) if !p.trim().is_empty() => {
            let mut p = p.trim().trim_start_matches('/').to_string();
            if p.ends_with('/') {
                p.push_str("index");
            }
            if !p.rsplit('/').next().unwrap_or("").contains('.') {
                p.push_str(".html");
            }
            p
        }
        _ => format!("{stem}.html"),
    };
    let url = match hexo_path.strip_suffix("index.html") {
        Some(dir) if dir.is_empty() || dir.ends_with('/') => format!("/{dir}"),
        _ => format!("/{hexo_path}"),
    };
    // NexT's placeholders for its tag cloud and category list.
    for (key, url) in [("tags", "/tags/"), ("categories", "/categories/")] {
        if map.get("type").and_then(Value::as_str) == Some(key) {
            warn(
                line_of("type"),
                format!(
                    "not imported: the theme's `type: {key}` page; kuaixun writes {url} itself"
                ),
            );
            return Ok(None);
        }
    }

    let mut fm: Vec<(String, Value)> = Vec::new();
    let name = match stem.rsplit_once('/') {
        Some((dir, "index")) => dir.rsplit('/').next().unwrap_or(dir),
        Some((_, last)) => last,
        None => stem,
    };
    let title = match map.remove("title") {
        Some(Value::String(t)) if !t.trim().is_empty() => t.trim().to_string(),
        Some(Value::Number(n)) => n.to_string(),
        _ => {
            let why = match parts.fm {
                Some(_) => "no title",
                None => "no front matter (Hexo renders it as an untitled page all the same)",
            };
            warn(
                line_of("title").or(Some(1)),
                format!("{why}; kuaixun pages need a title: used `{name}`"),
            );
            name.to_string()
        }
    };
    fm.push(("title".into(), title.into()));
    for key in ["date", "updated"] {
        match map.remove(key) {
            None | Some(Value::Null) => {}
            Some(Value::String(d)) if read_date(&d, tz).is_some() => {
                let (z, _) = read_date(&d, tz).expect("checked");
                let text = z.strftime("%Y-%m-%d %H:%M:%S").to_string();
                fm.push((key.into(), text.into()));
            }
            Some(v) => {
                warn(
                    line_of(key),
                    format!("cannot read {key} `{v}`; kept as hexo_{key}"),
                );
                fm.push((format!("hexo_{key}"), v));
            }
        }
    }

    // Where kuaixun would put it, and `url:` when that is not Hexo's URL.
    let out_rel = if holds_pages {
        // `X/index.md` with other pages in `X/`: `X.md` (a bundle holds no other pages).
        format!("{}.md", &stem[..stem.len() - "/index".len()])
    } else {
        format!("{stem}.md")
    };
    let kx_path = out_rel.trim_end_matches(".md");
    let kx_path = kx_path.strip_suffix("/index").unwrap_or(kx_path);
    let stable = kx_path
        .split('/')
        .all(|seg| !seg.is_empty() && slug::slugify(seg) == seg);
    if !stable || format!("/{kx_path}/") != url {
        fm.push(("url".into(), url.clone().into()));
    }

    // `layout: page` is what `content/pages/` means; Hexo ignores `slug` and `url` on pages,
    // kuaixun would not, so they keep their values under other names.
    match map.remove("layout") {
        None | Some(Value::Null) => {}
        Some(Value::String(l)) if l == "page" => {}
        Some(v) => {
            warn(
                line_of("layout"),
                format!("layout `{v}` kept as hexo_layout (kuaixun pages use page.html)"),
            );
            fm.push(("hexo_layout".into(), v));
        }
    }
    for key in ["slug", "url"] {
        if let Some(v) = map.remove(key) {
            fm.push((format!("hexo_{key}"), v));
        }
    }
    fm.extend(map);
    Ok(Some(Page {
        src: shown.clone(),
        out: Path::new("content/pages").join(out_rel),
        fm,
        body: parts.body.to_string(),
        body_line: parts.body_line,
        url,
        bundle: Vec::new(),
    }))
}

/// `skip_render` as a list of patterns (one text or a list).
fn patterns(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::String(s)) => vec![s.trim().trim_start_matches("./").to_string()],
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .map(|s| s.trim().trim_start_matches("./").to_string())
            .collect(),
        _ => Vec::new(),
    }
}

/// The part of micromatch's glob syntax `skip_render` uses: `**` (any folders, also none:
/// `**/*.md` matches `a.md`), `*` and `?` (within one path segment), `{a,b}`.
fn glob(pattern: &str, path: &str) -> bool {
    if let Some(open) = pattern.find('{') {
        if let Some(len) = pattern[open..].find('}') {
            let (head, tail) = (&pattern[..open], &pattern[open + len + 1..]);
            return pattern[open + 1..open + len]
                .split(',')
                .any(|alt| glob(&format!("{head}{alt}{tail}"), path));
        }
    }
    fn go(p: &[u8], s: &[u8]) -> bool {
        match p {
            [] => s.is_empty(),
            [b'*', b'*', b'/', rest @ ..] => {
                go(rest, s) || (0..s.len()).any(|i| s[i] == b'/' && go(rest, &s[i + 1..]))
            }
            [b'*', b'*', rest @ ..] => (0..=s.len()).any(|i| go(rest, &s[i..])),
            [b'*', rest @ ..] => (0..=s.len())
                .take_while(|&i| i == 0 || s[i - 1] != b'/')
                .any(|i| go(rest, &s[i..])),
            [b'?', rest @ ..] => {
                // One character (UTF-8: its continuation bytes too).
                let n = s.first().map_or(0, |b| match b {
                    0xF0.. => 4,
                    0xE0.. => 3,
                    0xC0.. => 2,
                    _ => 1,
                });
                n > 0 && s[0] != b'/' && go(rest, &s[n..])
            }
            [c, rest @ ..] => s.first() == Some(c) && go(rest, &s[1..]),
        }
    }
    go(pattern.as_bytes(), path.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skip_render_globs() {
        assert!(glob("README.md", "README.md"));
        assert!(!glob("README.md", "docs/README.md"));
        assert!(glob("demo/**", "demo/a/b.md"));
        assert!(glob("**/*.md", "a.md"));
        assert!(glob("**/*.md", "x/y/说明.md"));
        assert!(!glob("*.md", "x/a.md"));
        assert!(glob("google?.html", "google1.html"));
        assert!(glob("?.md", "页.md"));
        assert!(glob("{a,b}/*.md", "b/c.md"));
        assert!(!glob("{a,b}/*.md", "c/c.md"));
    }
}
