//! `kuaixun import hexo`: a Hexo site (`_config.yml`, `source/_posts`, `source/_drafts`, the
//! pages and files of `source/`, the theme's menu) → a kuaixun site.
//!
//! Mapping decisions (also printed by the command when they apply):
//! - posts keep their path: `source/_posts/a/b.md` → `content/posts/a/b.md`; drafts go to
//!   `content/drafts/` with `draft: true`; `.markdown` becomes `.md`.
//! - URLs: each post's URL is computed as Hexo 7 does ([`permalink`]: every token,
//!   `new_post_name`, `permalink_defaults`, `post_asset_folder`, dates formatted in this
//!   computer's zone as Hexo does) and written as `url:` where kuaixun's own permalink
//!   would give another; a post's own `permalink` becomes `url:`. The site permalink is
//!   converted token by token for new posts; a file name kuaixun would slug differently
//!   still gets `slug: <file name>`.
//! - dates Hexo accepts though invalid (`21:43:79`) roll over as in Hexo, with a warning.
//! - `categories: [A, B]` is Hexo's hierarchy A > B; kuaixun categories are flat, so the top
//!   level (`A`) of each path becomes the category and the full paths stay in the extra field
//!   `hexo_categories` (`A > B`). `tags` as a list or a single name.
//! - `excerpt` (else `description`) → `summary`; `published: false` → `draft: true`; dates are
//!   read in the Hexo time zone and written as `YYYY-MM-DD HH:MM:SS`; a post without a date
//!   gets its file's modification time. Other fields are kept (they become `article.extra`);
//!   a field kuaixun knows but cannot read (e.g. `sticky: abc`) is renamed `hexo_<key>`.
//! - 置顶: Hexo's `sticky: N` and `top: N` (hexo-generator-index and its forks) are kept as
//!   written: kuaixun reads them itself and lists those posts first, highest N first.
//! - `author` as a name is kept; as a mapping (`{name: 小明, link: …}`) its `name` becomes
//!   `author` and the other keys stay in `hexo_author`.
//! - post asset folders (`source/_posts/<name>/` beside `<name>.md`) make the post a page
//!   bundle: `content/posts/<name>/index.md` with the folder's files (sub-folders kept)
//!   beside it, which kuaixun publishes at the post's URL folder, where Hexo put them. The
//!   slug stays the folder name, as the file stem was (`slug:` where kuaixun would slug the
//!   name differently), so the URL does not change. Markdown inside an asset folder (Hexo
//!   renders it as another post; a bundle holds none) is reported and not imported.
//! - pages ([`pages`]): every Markdown file of `source/` outside `_`-prefixed folders and
//!   not matched by `skip_render` is a Hexo page, front matter or not, and becomes a page
//!   under `content/pages/` on the same path (`source/about/index.md` →
//!   `content/pages/about/index.md`); its Hexo URL (the path with `.html`, or its own
//!   `permalink`) is kept with `url:` where kuaixun's would differ (`/links.html`). `title`
//!   (else the file or folder name, reported), `date`, `updated` kept, `layout: page`
//!   dropped, another layout kept as `hexo_layout`, `slug`/`url` (which Hexo ignores on
//!   pages) as `hexo_slug`/`hexo_url`, other fields as they are. A page `X/index.md` is a
//!   bundle: the other files of `X/` go beside it; when `X/` holds other pages too it is
//!   written as `X.md` (a bundle holds no other Markdown) and those files go to `static/`.
//!   Theme placeholders (`type: tags`/`categories`) and `source/index.md` are not imported.
//! - other files under `source/` (not `_`-prefixed), and those `skip_render` matches, are
//!   copied to `static/` as they are; HTML pages are reported.
//! - the theme's `menu:` ([`menu`]) becomes `menu:` in `config.yaml`: `page:` for an
//!   imported page, `url:` otherwise; NexT's icons dropped, its keys named in Chinese.
//! - tag plugins: see [`tags`]; `{% post_link %}` becomes `[标题](@/posts/….md)`, resolved by
//!   kuaixun, and asset tags paths relative to the bundle.

pub mod config;
mod embeds;
pub mod menu;
pub mod pages;
pub mod permalink;
pub mod tags;
mod theme;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use jiff::tz::TimeZone;
use jiff::Timestamp;
use serde_json::{Map, Value};
use walkdir::WalkDir;

use super::scaffold::{config_yaml, GITIGNORE};
use super::write_new;
use crate::config::{key_line, Config, SlugStyle, CONFIG_FILE};
use crate::content::{date::parse_date, front_matter, slug};
use crate::error::{Error, Errors};

/// What to import and where.
#[derive(Debug, Clone)]
pub struct HexoOptions {
    /// The Hexo site root (holds `_config.yml` and `source/`).
    pub source: PathBuf,
    /// The new kuaixun site (created if missing; existing files are never overwritten).
    pub into: PathBuf,
}

/// What an import did.
#[derive(Debug, Clone, Default)]
pub struct ImportReport {
    pub posts: usize,
    pub drafts: usize,
    /// Standalone pages (`content/pages/`).
    pub pages: usize,
    /// Posts and pages that became page bundles (`<name>/index.md` with their files).
    pub bundles: usize,
    /// Files moved into bundles (post asset folders, files beside a page's `index.md`).
    pub assets: usize,
    /// Other files copied from `source/` into `static/`.
    pub static_files: usize,
    /// `{% post_link %}`/`{% post_path %}` tags converted to `@/…` links.
    pub post_links: usize,
    /// Entries of the `menu:` written to `config.yaml`.
    pub menu_entries: usize,
    /// Problems with a place in a Hexo file: `source/_posts/a.md:12: unsupported Hexo tag {% youtube %}`.
    pub warnings: Vec<Error>,
    /// Site-wide decisions worth knowing (config values not kept, URL changes).
    pub notes: Vec<String>,
}

/// Each unsupported tag listed once, at its first place, with how often the site uses it;
/// other warnings as they are.
fn once_per_unsupported_tag(warnings: Vec<Error>) -> Vec<Error> {
    let name = |e: &Error| {
        e.message
            .strip_prefix("unsupported Hexo tag ")
            .map(str::to_string)
    };
    let mut counts: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for w in &warnings {
        if let Some(n) = name(w) {
            *counts.entry(n).or_default() += 1;
        }
    }
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::with_capacity(warnings.len());
    for mut w in warnings {
        if let Some(n) = name(&w) {
            if !seen.insert(n.clone()) {
                continue;
            }
            let count = counts.get(&n).copied().unwrap_or(1);
            let times = if count == 1 { "once" } else { "times" };
            let count = if count == 1 {
                String::new()
            } else {
                format!("{count} ")
            };
            w.message = format!(
                "{}: used {count}{times} in the site, left as written",
                w.message
            );
        }
        out.push(w);
    }
    out
}

const POSTS: &str = "source/_posts";
const DRAFTS: &str = "source/_drafts";

/// The kuaixun front-matter fields with a type (checked one by one before writing).
const TYPED: &[&str] = &[
    "updated",
    "tags",
    "categories",
    "draft",
    "slug",
    "summary",
    "author",
    "source",
    "source_url",
    "cover",
    "cover_credit",
    "expires",
    "toc",
    "sources",
    "pinned",
    "sticky",
    "top",
    "pinned_until",
];

/// One post on its way through the conversion.
struct Post {
    /// Path relative to the Hexo root, for messages (`source/_posts/a.md`).
    src: PathBuf,
    /// Output path relative to the new site root (`content/posts/a.md`).
    out: PathBuf,
    draft: bool,
    fm: Vec<(String, Value)>,
    body: String,
    /// 1-based line of the Hexo file where `body` starts.
    body_line: usize,
    title: String,
    /// Root-relative URL (`/2024/01/02/a/`) and the URL folder of its assets.
    url: String,
    asset_url: String,
    /// `source/_posts/<name>/` when it exists (the post then becomes a bundle).
    asset_dir: Option<PathBuf>,
    /// The files of `asset_dir`, relative, `/`-separated; its Markdown files (which Hexo
    /// renders as posts of their own) apart.
    assets: Vec<String>,
    asset_markdown: Vec<String>,
    /// Hexo's slug, the name `{% post_link %}` looks up first (then the title): the path
    /// under `_posts` without extension (and without a `new_post_name` date).
    slug: String,
    /// Pinned with `sticky`/`top` (kept as written: kuaixun pins them too).
    pinned: bool,
    /// `author` was a mapping: its `name` became `author`, the rest `hexo_author`.
    author_mapping: bool,
}

/// Convert the Hexo site at `opts.source` into a kuaixun site at `opts.into`.
pub fn import(opts: &HexoOptions) -> Result<ImportReport, Errors> {
    let src = &opts.source;
    if !src.join(POSTS).is_dir() {
        return Err(
            Error::in_file(src, "is not a Hexo site: there is no source/_posts folder").into(),
        );
    }
    let mut report = ImportReport::default();
    let hexo_config = read_hexo_config(src)?;
    let (settings, notes) = config::convert(&hexo_config);
    report.notes.extend(notes);
    let config_text = config_yaml(&settings);
    let site_config = Config::parse(&config_text).map_err(|e| {
        Error::in_file(
            CONFIG_FILE,
            format!("the converted config is invalid: {}", e.message),
        )
    })?;
    let tz = site_config.tz();
    let rules = permalink::Rules::from_config(&hexo_config);

    // Posts and drafts, then their URLs (needed by asset folders and post_link).
    let mut posts = Vec::new();
    for (dir, draft) in [(POSTS, false), (DRAFTS, true)] {
        for rel in find_posts(src, dir, &mut report.warnings)? {
            if let Some(post) = read_post(
                src,
                dir,
                &rel,
                draft,
                &site_config,
                &rules,
                &tz,
                &mut report.warnings,
            )? {
                posts.push(post);
            }
        }
    }
    // `{% post_link %}` looks a post up by its Hexo slug, then by its title.
    let mut by_key: HashMap<String, tags::LinkTarget> = HashMap::new();
    for pass in 0..2 {
        for p in &posts {
            let key = if pass == 0 { &p.slug } else { &p.title };
            by_key
                .entry(key.clone())
                .or_insert_with(|| tags::LinkTarget {
                    title: p.title.clone(),
                    file: content_path(&p.out),
                    url: p.url.clone(),
                    draft: p.draft,
                });
        }
    }
    let mut by_url: BTreeMap<String, Vec<PathBuf>> = BTreeMap::new();
    let mut nested = 0;
    for p in &posts {
        by_url.entry(p.url.clone()).or_default().push(p.src.clone());
        if p.fm.iter().any(|(k, _)| k == "hexo_categories") {
            nested += 1;
        }
    }
    let pinned = posts.iter().filter(|p| p.pinned).count();
    if pinned > 0 {
        report.notes.push(format!(
            "{pinned} post(s) pinned with Hexo's `sticky`/`top`: kept as written; kuaixun pins them (置顶) at the top of the home and section lists, highest number first"
        ));
    }
    let authors = posts.iter().filter(|p| p.author_mapping).count();
    if authors > 0 {
        report.notes.push(format!(
            "{authors} post(s) had `author` as a mapping: its `name` became `author`, the other keys are kept in `hexo_author`"
        ));
    }
    if nested > 0 {
        report.notes.push(format!(
            "{nested} post(s) had nested Hexo categories (A > B): the top level became the category, the full path is kept in `hexo_categories`"
        ));
    }
    for (url, files) in by_url.iter().filter(|(_, f)| f.len() > 1) {
        for f in files {
            report.warnings.push(Error::in_file(
                f,
                format!(
                    "shares the URL {url} with another post; set a different `slug:` in one of them"
                ),
            ));
        }
    }

    // Pages and the other files of `source/`, then the menu (which may point at pages).
    let found = pages::find(src, &hexo_config, &tz, &mut report.warnings)?;
    let mut page_urls: HashMap<String, String> = HashMap::new();
    for page in &found.pages {
        let path = content_path(&page.out);
        let path = path.trim_start_matches("pages/").trim_end_matches(".md");
        let path = path.strip_suffix("/index").unwrap_or(path).to_string();
        let url = &page.url;
        for form in [
            url.clone(),
            url.trim_end_matches('/').to_string(),
            format!("{url}index.html"),
        ] {
            page_urls.entry(form).or_insert_with(|| path.clone());
        }
    }
    let site_yaml = menu::read(src, "_config.yml", &mut report.notes).unwrap_or_default();
    let mut menu_text = String::new();
    if let Some((hexo_menu, origin)) = menu::find(src, &site_yaml, &mut report.notes) {
        let zh = settings.language.starts_with("zh");
        let entries = menu::convert(&hexo_menu, &origin, &page_urls, zh, &mut report.notes);
        report.menu_entries = entries.len();
        report.notes.push(format!(
            "menu: {} entries from {origin} (icons dropped)",
            entries.len()
        ));
        menu_text = menu::yaml(&entries);
    }

    // Everything to write, checked against existing files first.
    let mut planned: Vec<(PathBuf, Source)> = vec![
        (
            CONFIG_FILE.into(),
            Source::Bytes(format!("{config_text}{menu_text}").into_bytes()),
        ),
        (".gitignore".into(), Source::Bytes(GITIGNORE.into())),
    ];
    let converted_links = std::cell::Cell::new(0);
    let mut body_warnings = Vec::new();
    let mut body = |src: &Path, text: &str, line: usize, ctx: &tags::BodyContext| {
        let (body, found) = tags::convert(text, ctx);
        for w in found {
            body_warnings.push(Error::in_file(src, w.message).at(Some(line + w.line), None));
        }
        body
    };
    for p in &posts {
        let ctx = tags::BodyContext {
            url: &p.url,
            asset_url: &p.asset_url,
            assets: &p.assets,
            posts: &by_key,
            converted_links: &converted_links,
        };
        let text = body(&p.src, &p.body, p.body_line, &ctx);
        let text = format!("---\n{}---\n{text}", crate::yaml::front_matter(&p.fm));
        planned.push((p.out.clone(), Source::Bytes(text.into_bytes())));
        let Some(dir) = &p.asset_dir else { continue };
        let bundle = p.out.parent().unwrap_or(Path::new(""));
        for inner in &p.asset_markdown {
            report.warnings.push(Error::in_file(
                p.src.with_extension("").join(inner),
                "not imported: Markdown in an asset folder, which Hexo renders as a post of its own and a kuaixun bundle cannot hold (move it out of the folder and import again)",
            ));
        }
        for inner in &p.assets {
            planned.push((bundle.join(inner), Source::File(dir.join(inner))));
            report.assets += 1;
        }
        report.bundles += 1;
    }
    for page in &found.pages {
        let ctx = tags::BodyContext {
            url: &page.url,
            asset_url: &page.url,
            assets: &[],
            posts: &by_key,
            converted_links: &converted_links,
        };
        let text = body(&page.src, &page.body, page.body_line, &ctx);
        let text = format!("---\n{}---\n{text}", crate::yaml::front_matter(&page.fm));
        planned.push((page.out.clone(), Source::Bytes(text.into_bytes())));
        report.pages += 1;
        if !page.bundle.is_empty() {
            report.bundles += 1;
        }
        for (from, to) in &page.bundle {
            planned.push((to.clone(), Source::File(from.clone())));
            report.assets += 1;
        }
    }
    for (abs, rel) in found.statics {
        planned.push((Path::new("static").join(rel), Source::File(abs)));
        report.static_files += 1;
    }
    report
        .warnings
        .extend(once_per_unsupported_tag(body_warnings));
    report.post_links = converted_links.get();
    for p in &posts {
        if p.draft {
            report.drafts += 1;
        } else {
            report.posts += 1;
        }
    }
    let mut seen = HashMap::new();
    let mut clashes = Vec::new();
    for (rel, _) in &planned {
        if seen.insert(rel.clone(), ()).is_some() {
            clashes.push(Error::in_file(
                opts.into.join(rel),
                "two Hexo files would be written here (e.g. a.md and a.markdown)",
            ));
        } else if opts.into.join(rel).exists() {
            clashes.push(Error::in_file(
                opts.into.join(rel),
                "already exists; import into a new folder with --into (nothing was written)",
            ));
        }
    }
    if !clashes.is_empty() {
        return Err(Errors(clashes));
    }
    for (rel, what) in planned {
        let to = opts.into.join(&rel);
        let bytes = match what {
            Source::Bytes(b) => b,
            Source::File(from) => std::fs::read(&from).map_err(|e| Error::io(&from, e))?,
        };
        write_new(&to, &bytes)?;
    }
    std::fs::create_dir_all(opts.into.join("content/posts"))
        .map_err(|e| Error::io(opts.into.join("content/posts"), e))?;
    report.warnings.sort_by(|a, b| {
        (a.file.as_ref(), a.line.unwrap_or(0)).cmp(&(b.file.as_ref(), b.line.unwrap_or(0)))
    });
    Ok(report)
}

enum Source {
    Bytes(Vec<u8>),
    File(PathBuf),
}

/// `_config.yml` as a mapping (an empty one when the file is missing).
fn read_hexo_config(src: &Path) -> Result<Value, Error> {
    let path = src.join("_config.yml");
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Value::Null),
        Err(e) => return Err(Error::io("_config.yml", e)),
    };
    let text = text.trim_start_matches('\u{feff}').replace("\r\n", "\n");
    match crate::yaml::parse(&text) {
        Ok(v @ Value::Object(_)) | Ok(v @ Value::Null) => Ok(v),
        Ok(_) => Err(Error::in_file(
            "_config.yml",
            "is not a mapping of `key: value` lines",
        )),
        Err(e) => Err(
            Error::in_file("_config.yml", format!("invalid YAML: {}", e.message))
                .at(e.line, e.column),
        ),
    }
}

/// Markdown posts under `src/dir` (paths relative to it, sorted). Files inside a post's asset
/// folder are left to that post; any other file is reported as not imported.
fn find_posts(src: &Path, dir: &str, warnings: &mut Vec<Error>) -> Result<Vec<PathBuf>, Error> {
    let root = src.join(dir);
    let mut posts = Vec::new();
    if !root.is_dir() {
        return Ok(posts);
    }
    let walker = WalkDir::new(&root)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = entry.map_err(|e| Error::in_file(&root, e.to_string()))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(&root).unwrap_or(entry.path());
        if is_markdown(rel) && owning_post(&root, rel).is_none() {
            posts.push(rel.to_path_buf());
        } else if owning_post(&root, rel).is_none() {
            warnings.push(Error::in_file(
                Path::new(dir).join(rel),
                "not imported: neither a Markdown post nor inside a post's asset folder",
            ));
        }
    }
    Ok(posts)
}

fn is_markdown(p: &Path) -> bool {
    p.extension()
        .is_some_and(|x| x.eq_ignore_ascii_case("md") || x.eq_ignore_ascii_case("markdown"))
}

/// The post whose asset folder holds `rel`: the nearest folder `X/` above it with `X.md`
/// (or `X.markdown`) beside it.
fn owning_post(root: &Path, rel: &Path) -> Option<PathBuf> {
    let mut dir = rel.parent();
    while let Some(d) = dir {
        if d.as_os_str().is_empty() {
            return None;
        }
        let name = d.file_name()?.to_string_lossy();
        for ext in ["md", "markdown"] {
            // `X.md` beside the folder `X` (not `with_extension`, which would cut `X.v2`).
            let candidate = d
                .parent()
                .unwrap_or(Path::new(""))
                .join(format!("{name}.{ext}"));
            if root.join(&candidate).is_file() {
                return Some(candidate);
            }
        }
        dir = d.parent();
    }
    None
}

/// `content/posts/a/index.md` → `posts/a/index.md` (the form of `@/` links).
fn content_path(out: &Path) -> String {
    out.strip_prefix("content")
        .unwrap_or(out)
        .to_string_lossy()
        .replace('\\', "/")
}

/// Where the front matter is: Hexo accepts `---`/`;;;` fenced blocks and, without the opening
/// line, everything above the first `---` line. `;;;` blocks are JSON.
struct Split<'a> {
    /// (YAML text, 1-based line of its first line, JSON?)
    fm: Option<(String, usize)>,
    body: &'a str,
    body_line: usize,
}

fn is_sep(line: &str) -> Option<char> {
    let t = line.trim_end();
    let c = t.chars().next()?;
    (t.len() >= 3 && (c == '-' || c == ';') && t.chars().all(|x| x == c)).then_some(c)
}

fn split(text: &str) -> Split<'_> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let offset = |k: usize| lines[..k].iter().map(|l| l.len()).sum::<usize>();
    let wrap = |fm: String, json: bool| if json { format!("{{{fm}}}") } else { fm };
    if let Some(c) = lines.first().and_then(|l| is_sep(l)) {
        if let Some(k) = (1..lines.len()).find(|&k| is_sep(lines[k]) == Some(c)) {
            let fm: String = lines[1..k].concat();
            return Split {
                fm: Some((wrap(fm, c == ';'), 2)),
                body: &text[offset(k + 1)..],
                body_line: k + 2,
            };
        }
    } else if let Some(k) = (1..lines.len()).find(|&k| is_sep(lines[k]).is_some()) {
        let c = is_sep(lines[k]).unwrap_or('-');
        let fm = wrap(lines[..k].concat(), c == ';');
        if matches!(crate::yaml::parse(&fm), Ok(Value::Object(_))) {
            return Split {
                fm: Some((fm, 1)),
                body: &text[offset(k + 1)..],
                body_line: k + 2,
            };
        }
    }
    Split {
        fm: None,
        body: text,
        body_line: 1,
    }
}

/// Read and convert one post's front matter (its body is converted later, when every URL is
/// known). `None` when the post cannot be imported (reported in `warnings`).
#[allow(clippy::too_many_arguments)]
fn read_post(
    src: &Path,
    dir: &str,
    rel: &Path,
    draft_dir: bool,
    config: &Config,
    rules: &permalink::Rules,
    tz: &TimeZone,
    warnings: &mut Vec<Error>,
) -> Result<Option<Post>, Error> {
    let shown = Path::new(dir).join(rel);
    let abs = src.join(dir).join(rel);
    let bytes = std::fs::read(&abs).map_err(|e| Error::io(&shown, e))?;
    let Ok(text) = String::from_utf8(bytes) else {
        warnings.push(Error::in_file(
            &shown,
            "not imported: the file is not valid UTF-8",
        ));
        return Ok(None);
    };
    let text = text.trim_start_matches('\u{feff}');
    let text = if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_string()
    };
    let parts = split(&text);
    let mut warn = |line: Option<usize>, msg: String| {
        warnings.push(Error::in_file(&shown, msg).at(line, None));
    };
    let (mut map, fm_text, fm_line) = match &parts.fm {
        Some((fm, first)) => match crate::yaml::parse(fm) {
            Ok(Value::Object(m)) => (m, fm.as_str(), *first),
            Ok(Value::Null) => (Map::new(), "", *first),
            Ok(_) => {
                warn(
                    Some(*first),
                    "front matter is not a mapping; ignored".into(),
                );
                (Map::new(), "", *first)
            }
            Err(e) => {
                warn(
                    e.line.map(|l| l + first - 1),
                    format!("not imported: invalid YAML in front matter: {}", e.message),
                );
                return Ok(None);
            }
        },
        None => {
            warn(Some(1), "no front matter: title from the file name".into());
            (Map::new(), "", 1)
        }
    };
    let line_of = |key: &str| key_line(fm_text, key).map(|l| l + fm_line - 1);
    let written = map.clone();
    let key = rel.with_extension("").to_string_lossy().replace('\\', "/");
    let info = permalink::file_info(&rules.new_post_name, &key);
    let stem = rel
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut fm: Vec<(String, Value)> = Vec::new();

    // title
    let title = match map.remove("title") {
        Some(Value::String(t)) if !t.trim().is_empty() => t.trim().to_string(),
        Some(Value::Number(n)) => n.to_string(),
        other => {
            if let Some(v) = other.filter(|v| !v.is_null() && v.as_str().is_none()) {
                fm.push(("hexo_title".into(), v));
            }
            warn(
                line_of("title"),
                format!("no title: using the file name `{stem}`"),
            );
            stem.clone()
        }
    };
    fm.push(("title".into(), title.clone().into()));

    // date, updated
    let mtime = std::fs::metadata(&abs)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| Timestamp::try_from(t).ok())
        .unwrap_or_else(Timestamp::now);
    let date = match map.remove("date") {
        Some(Value::String(d)) => match read_date(&d, tz) {
            Some((z, rolled)) => {
                if rolled {
                    warn(
                        line_of("date"),
                        format!(
                            "date `{d}` is not a valid time; read as {} (the overflow rolls over, as in Hexo)",
                            z.strftime("%Y-%m-%d %H:%M:%S")
                        ),
                    );
                }
                z
            }
            None => {
                warn(
                    line_of("date"),
                    format!("cannot read date `{d}`; used the file's modification time"),
                );
                mtime.to_zoned_datetime(tz.clone())
            }
        },
        other => {
            let from_name = info
                .date()
                .and_then(|d| d.to_zoned_datetime(tz.clone()).ok());
            if let Some(v) = other.filter(|v| !v.is_null()) {
                warn(
                    line_of("date"),
                    format!("cannot read date `{v}`; used the file's modification time"),
                );
                mtime.to_zoned_datetime(tz.clone())
            } else if let Some(z) = from_name {
                z
            } else {
                warn(None, "no date; used the file's modification time".into());
                mtime.to_zoned_datetime(tz.clone())
            }
        }
    };
    // Hexo 7 formats the dates of URLs in the zone of the computer running it (its post
    // model is set up before `timezone` is read), so the import does the same.
    let hexo_date = (
        date.timestamp()
            .to_zoned_datetime(TimeZone::system())
            .datetime(),
        date.timestamp().as_second(),
    );
    let date = date.strftime("%Y-%m-%d %H:%M:%S").to_string();
    fm.push(("date".into(), date.into()));
    let updated = map.remove("updated").or_else(|| map.remove("update"));
    match updated {
        Some(Value::String(d)) => match read_date(&d, tz) {
            Some((z, rolled)) => {
                if rolled {
                    warn(
                        line_of("updated"),
                        format!(
                            "updated `{d}` is not a valid time; read as {} (the overflow rolls over, as in Hexo)",
                            z.strftime("%Y-%m-%d %H:%M:%S")
                        ),
                    );
                }
                fm.push((
                    "updated".into(),
                    z.strftime("%Y-%m-%d %H:%M:%S").to_string().into(),
                ))
            }
            None => {
                warn(
                    line_of("updated"),
                    format!("cannot read updated `{d}`; dropped"),
                );
            }
        },
        None | Some(Value::Null) => {}
        Some(v) => warn(
            line_of("updated"),
            format!("cannot read updated `{v}`; dropped"),
        ),
    }

    // tags, categories
    if let Some(v) = map.remove("tags") {
        let tags = names(&v);
        if !tags.is_empty() {
            fm.push(("tags".into(), tags.into_iter().map(Value::from).collect()));
        }
    }
    let mut paths = Vec::new();
    if let Some(v) = map.remove("categories").or_else(|| map.remove("category")) {
        paths = category_paths(&v);
        let mut top: Vec<String> = Vec::new();
        for p in &paths {
            if !top.contains(&p[0]) {
                top.push(p[0].clone());
            }
        }
        if !top.is_empty() {
            fm.push((
                "categories".into(),
                top.into_iter().map(Value::from).collect(),
            ));
        }
        if paths.iter().any(|p| p.len() > 1) {
            let full = paths.iter().map(|p| Value::from(p.join(" > "))).collect();
            fm.push(("hexo_categories".into(), full));
        }
    }

    // slug: front matter slug, else the last segment of permalink, else the file name
    let mut slug_value = None;
    match map.remove("slug") {
        Some(Value::String(s)) if slug::check_slug(s.trim()).is_ok() => {
            slug_value = Some(s.trim().to_string())
        }
        None | Some(Value::Null) => {}
        Some(v) => {
            warn(
                line_of("slug"),
                format!("slug `{v}` cannot be a URL segment; kept as hexo_slug"),
            );
            fm.push(("hexo_slug".into(), v));
        }
    }
    // A post's own permalink is its whole URL: kept as `url:`, so old links still work.
    if let Some(v) = map.remove("permalink") {
        let p = v.as_str().unwrap_or("").trim();
        match crate::content::front_matter::check_url(p) {
            Ok(_) if !p.is_empty() => {
                let mut url = format!("/{}", p.trim_start_matches('/'));
                if rules.post_asset_folder && !url.ends_with('/') && !url.ends_with(".html") {
                    url.push('/');
                }
                fm.push(("url".into(), Value::from(url)));
            }
            Ok(_) => {}
            Err(why) => {
                warn(
                    line_of("permalink"),
                    format!("permalink cannot be kept as the URL ({why}); kept as hexo_permalink"),
                );
                fm.push(("hexo_permalink".into(), v));
            }
        }
    }
    if slug_value.is_none() {
        let derived = default_slug(&stem, &title, config.slug_style);
        if derived != stem {
            if url_safe(&stem) {
                slug_value = Some(stem.clone());
            } else {
                warn(
                    None,
                    format!("the file name `{stem}` cannot be a URL segment; the slug is `{derived}` (URL changes)"),
                );
            }
        }
    }
    if let Some(s) = slug_value {
        fm.push(("slug".into(), s.into()));
    }

    // summary, draft
    let excerpt = map.remove("excerpt");
    let description = map.remove("description");
    let text_of = |v: &Option<Value>| {
        v.as_ref()
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
    };
    let (summary, used) = match (text_of(&excerpt), text_of(&description)) {
        (Some(e), _) => (Some(e), "excerpt"),
        (None, Some(d)) => (Some(d), "description"),
        (None, None) => (None, ""),
    };
    if let Some(s) = &summary {
        fm.push(("summary".into(), s.as_str().into()));
    }
    for (k, v) in [("excerpt", excerpt), ("description", description)] {
        if let Some(v) = v.filter(|v| !v.is_null()) {
            if k != used && v.as_str() != summary.as_deref() {
                fm.push((k.into(), v));
            }
        }
    }
    let unpublished = matches!(map.remove("published"), Some(Value::Bool(false)));
    let draft_field = matches!(map.get("draft"), Some(Value::Bool(true)));
    if map.get("draft").is_some_and(Value::is_boolean) {
        map.remove("draft");
    }
    let draft = draft_dir || unpublished || draft_field;
    if draft {
        fm.push(("draft".into(), Value::Bool(true)));
    }

    // author: a name as it is; a mapping (`{name, link}`) gives its name, the rest kept.
    let mut author_mapping = false;
    if let Some(v) = map.remove("author") {
        let (author, rest, split) = author_of(v);
        author_mapping = split;
        if !author.is_null() {
            fm.push(("author".into(), author));
        }
        if let Some(rest) = rest {
            fm.push(("hexo_author".into(), rest));
        }
    }

    // Everything else as written (`sticky`/`top` too: kuaixun pins them, 置顶); typed
    // kuaixun fields it cannot read are renamed.
    for (k, v) in std::mem::take(&mut map) {
        fm.push((k, v));
    }
    let date_line = fm
        .iter()
        .find(|(k, _)| k == "date")
        .cloned()
        .unwrap_or_default();
    for entry in fm.iter_mut() {
        if !TYPED.contains(&entry.0.as_str()) {
            continue;
        }
        let probe = crate::yaml::front_matter(&[
            ("title".into(), "x".into()),
            date_line.clone(),
            entry.clone(),
        ]);
        if let Err(e) = front_matter::parse(&probe, tz) {
            let renamed = format!("hexo_{}", entry.0);
            warn(
                line_of(&entry.0),
                format!("`{}` kept as `{renamed}`: {}", entry.0, e.message),
            );
            entry.0 = renamed;
        }
    }

    // Still `sticky`/`top` after the check: a pin kuaixun reads.
    let pinned = fm.iter().any(|(k, v)| {
        (k == "sticky" || k == "top")
            && !matches!(v, Value::Null | Value::Bool(false))
            && v.as_i64() != Some(0)
    });

    // The document as kuaixun will read it, for its URL.
    let out_dir = if draft_dir {
        "content/drafts"
    } else {
        "content/posts"
    };
    let out = Path::new(out_dir).join(rel).with_extension("md");
    let fm_text = crate::yaml::front_matter(&fm);
    let doc = match crate::content::parse_document(
        &out,
        format!("---\n{fm_text}---\n").into_bytes(),
        tz,
        config.slug_style,
    ) {
        Ok(d) => d,
        Err(e) => {
            warn(None, format!("not imported: {}", e.message));
            return Ok(None);
        }
    };
    let mut url = match crate::site::permalink(&config.permalink, &doc, config) {
        Ok(u) => format!("/{u}"),
        Err(m) => {
            warn(None, format!("not imported: {m}"));
            return Ok(None);
        }
    };
    // Hexo's own URL for the post, kept as `url:` where kuaixun's permalink differs.
    if doc.meta.url.is_none() {
        let facts = permalink::PostFacts {
            info: &info,
            title: &title,
            wall: hexo_date.0,
            unix: hexo_date.1,
            categories: &paths,
            fm: &written,
        };
        let (hexo_url, mut missing) = permalink::post_url(rules, &facts);
        let unknown_id = missing.iter().any(|t| t == "id");
        if unknown_id {
            warn(
                None,
                "the permalink uses :id and the post has no `id:`; Hexo used its database's internal id there, which cannot be known, so the URL changes (give the post `id:` or `url:`)".into(),
            );
        }
        missing.retain(|t| t != "id");
        if !missing.is_empty() {
            let list: Vec<String> = missing.iter().map(|t| format!(":{t}")).collect();
            warn(
                None,
                format!(
                    "the permalink uses {} but the post has no such field; Hexo writes `undefined` there, and so does the import",
                    list.join(" ")
                ),
            );
        }
        match crate::content::front_matter::check_url(&hexo_url) {
            Ok(_) if unknown_id => {}
            Ok(kept) => {
                let kept = format!("/{kept}");
                if kept != url {
                    fm.push(("url".into(), Value::from(kept.clone())));
                    url = kept;
                }
            }
            Err(why) => warn(
                None,
                format!("Hexo's URL {hexo_url} cannot be kept ({why}); the URL is {url}"),
            ),
        }
    }
    let asset_url = if url.ends_with('/') {
        url.clone()
    } else {
        match url.rsplit_once('.') {
            Some((base, _)) if !base.ends_with('/') => format!("{base}/"),
            _ => format!("{url}/"),
        }
    };
    let asset_dir = {
        let d = abs.with_extension("");
        d.is_dir().then_some(d)
    };
    // A post with an asset folder becomes a bundle, `<name>/index.md`: its slug is the
    // folder name, as the file stem was, so the URL computed above stays.
    let (mut assets, mut asset_markdown) = (Vec::new(), Vec::new());
    let out = match &asset_dir {
        Some(dir) => {
            for entry in WalkDir::new(dir).sort_by_file_name() {
                let entry = entry.map_err(|e| Error::in_file(dir, e.to_string()))?;
                if entry.file_type().is_file() {
                    let inner = entry.path().strip_prefix(dir).unwrap_or(entry.path());
                    let name = inner.to_string_lossy().replace('\\', "/");
                    match is_markdown(inner) {
                        true => asset_markdown.push(name),
                        false => assets.push(name),
                    }
                }
            }
            out.with_extension("").join("index.md")
        }
        None => out,
    };
    Ok(Some(Post {
        src: shown,
        out,
        draft,
        fm,
        body: parts.body.to_string(),
        body_line: parts.body_line,
        title,
        url,
        asset_url,
        asset_dir,
        assets,
        asset_markdown,
        slug: info.title.clone(),
        pinned,
        author_mapping,
    }))
}

/// Hexo's `author`: a mapping with a `name` (`{name, link}`) gives the name and the rest of
/// the mapping (`link`, `avatar`…, kept as `hexo_author`), the third value `true`; anything
/// else stays `author` as written, for the typed check (a name passes; other values are
/// renamed `hexo_author` with a warning).
fn author_of(v: Value) -> (Value, Option<Value>, bool) {
    match v {
        Value::Object(mut m) => match m.remove("name") {
            Some(Value::String(name)) if !name.trim().is_empty() => {
                let rest = (!m.is_empty()).then_some(Value::Object(m));
                (name.trim().into(), rest, true)
            }
            Some(other) => {
                m.insert("name".into(), other);
                (Value::Object(m), None, false)
            }
            None => (Value::Object(m), None, false),
        },
        other => (other, None, false),
    }
}

/// A front-matter date in the Hexo time zone: as kuaixun reads dates, else rolled over as
/// Hexo does (`21:43:79` → `21:44:19`, the second value `true`).
fn read_date(d: &str, tz: &TimeZone) -> Option<(jiff::ZonedDateTime, bool)> {
    if let Ok(z) = parse_date(d, tz) {
        return Some((z, false));
    }
    let civil = permalink::rolled_over(d)?;
    civil.to_zoned_datetime(tz.clone()).ok().map(|z| (z, true))
}

/// The slug kuaixun derives for a file named `stem` (see `content::default_slug`).
fn default_slug(stem: &str, title: &str, style: SlugStyle) -> String {
    if !stem.is_empty() && stem.is_ascii() {
        let s = slug::slugify(stem);
        if !s.is_empty() {
            return s;
        }
    }
    slug::make(title, style)
}

/// Letters and digits of any script, `-`, `_`, `.`, `~`; not starting with a dot.
fn url_safe(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('.')
        && s.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '~'))
}

/// Tag names: a list or one name; numbers become text; empty and repeated names dropped.
fn names(v: &Value) -> Vec<String> {
    let items: Vec<&Value> = match v {
        Value::Array(items) => items.iter().collect(),
        other => vec![other],
    };
    let mut out: Vec<String> = Vec::new();
    for item in items {
        let name = match item {
            Value::String(s) => s.trim().to_string(),
            Value::Number(n) => n.to_string(),
            Value::Bool(b) => b.to_string(),
            _ => continue,
        };
        if !name.is_empty() && !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

/// Hexo categories as paths: `A` → [[A]], `[A, B]` → [[A, B]] (a hierarchy), `[[A, B], C]` →
/// [[A, B], [C]] (several).
fn category_paths(v: &Value) -> Vec<Vec<String>> {
    match v {
        Value::Array(items) if items.iter().any(Value::is_array) => {
            items.iter().map(names).filter(|p| !p.is_empty()).collect()
        }
        other => {
            let path = names(other);
            if path.is_empty() {
                Vec::new()
            } else {
                vec![path]
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_forms() {
        let s = split("---\ntitle: 你好\n---\n正文\n");
        assert_eq!(s.fm, Some(("title: 你好\n".into(), 2)));
        assert_eq!((s.body, s.body_line), ("正文\n", 4));
        let s = split("title: 无开头分隔线\ndate: 2024-01-02\n---\n正文");
        assert_eq!(s.fm.unwrap().1, 1);
        assert_eq!((s.body, s.body_line), ("正文", 4));
        let s = split(";;;\n\"title\": \"JSON 前言\"\n;;;\n正文");
        let fm = s.fm.unwrap().0;
        assert_eq!(crate::yaml::parse(&fm).unwrap()["title"], "JSON 前言");
        let s = split("只有正文\n\n---\n\n分隔线之后");
        assert!(s.fm.is_none());
        assert_eq!(s.body_line, 1);
    }

    #[test]
    fn categories() {
        let v = crate::yaml::parse("c: [科技, 芯片]").unwrap();
        assert_eq!(category_paths(&v["c"]), vec![vec!["科技", "芯片"]]);
        let v = crate::yaml::parse("c: [[科技, 芯片], [评论]]").unwrap();
        assert_eq!(
            category_paths(&v["c"]),
            vec![vec!["科技", "芯片"], vec!["评论"]]
        );
        let v = crate::yaml::parse("c: 随笔").unwrap();
        assert_eq!(category_paths(&v["c"]), vec![vec!["随笔"]]);
        let v = crate::yaml::parse("c: [2024, 年终]").unwrap();
        assert_eq!(names(&v["c"]), vec!["2024", "年终"]);
    }

    #[test]
    fn author_forms() {
        let v = crate::yaml::parse("name: 小明\nlink: https://example.com\n").unwrap();
        let (author, rest, split) = author_of(v);
        assert_eq!(author, "小明");
        assert_eq!(rest.unwrap()["link"], "https://example.com");
        assert!(split);
        let (author, rest, split) = author_of(crate::yaml::parse("name: 小红").unwrap());
        assert_eq!((author, rest, split), ("小红".into(), None, true));
        let (author, rest, split) = author_of("王编辑".into());
        assert_eq!((author, rest, split), ("王编辑".into(), None, false));
        // No name: left as written for the typed check (renamed `hexo_author`).
        let v = crate::yaml::parse("link: https://example.com").unwrap();
        let (author, rest, split) = author_of(v.clone());
        assert_eq!((author, rest, split), (v, None, false));
    }

    #[test]
    fn url_safety() {
        assert!(url_safe("Hello_World"));
        assert!(url_safe("液冷散热"));
        assert!(!url_safe("hello world"));
        assert!(!url_safe("a?b"));
        assert!(!url_safe(".hidden"));
    }
}
