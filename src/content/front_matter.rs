//! Front matter: split a Markdown file into its YAML block and body, and read the known
//! fields with typed, line-numbered errors. Unknown fields are kept for `article.extra`.

use jiff::tz::TimeZone;
use jiff::ZonedDateTime;
use serde_json::{Map, Value};

use super::date::parse_date;
use crate::config::key_line;
use crate::error::Error;
use crate::markdown::urls::{blocked_message, blocked_scheme, UrlUse};
use crate::yaml;

/// The known fields of an article's front matter, typed.
#[derive(Debug, Clone)]
pub struct FrontMatter {
    pub title: String,
    pub date: ZonedDateTime,
    pub updated: Option<ZonedDateTime>,
    pub tags: Vec<String>,
    pub categories: Vec<String>,
    pub draft: bool,
    pub slug: Option<String>,
    /// `url: /about/`: the article's whole URL path, instead of the site's `permalink`
    /// pattern. Checked and normalised: no leading `/`, ends in `/` or `.html`.
    pub url: Option<String>,
    pub summary: Option<String>,
    pub author: Option<String>,
    /// `authors: [id, …]`, else `author:` as a one-item list: the byline's ids (names when
    /// the site has no author registry).
    pub authors: Vec<String>,
    pub source: Option<String>,
    pub source_url: Option<String>,
    pub cover: Option<String>,
    /// Credit line for the cover image (`cover_credit`).
    pub cover_credit: Option<String>,
    /// After this moment the article is hidden (unless `--expired`).
    pub expires: Option<ZonedDateTime>,
    /// `toc: false` turns the table of contents off.
    pub toc: bool,
    /// `sources:` list of `{name, url}` (plus `source`/`source_url`).
    pub sources: Vec<Source>,
    /// `layout: page`, or a file under `content/pages/`: a standalone page (no date needed,
    /// in no list, feed or taxonomy).
    pub page: bool,
    /// Whether `date` was written (a page may leave it out; `date` is then 1970-01-01).
    pub dated: bool,
    /// `weight:` orders articles in sections sorted by weight (lower first).
    pub weight: Option<i64>,
    /// `search: true` puts a page in the search index (articles always are).
    pub search: Option<bool>,
    /// `comments: false` turns comments off on an article; `comments: true` turns them on
    /// on a standalone page (off there by default).
    pub comments: Option<bool>,
    /// 置顶: the pin rank, higher first (`pinned: true` is 1; Hexo's `sticky: N` and
    /// `top: N` give N; `top: true` is 1). `None` (also for 0, or `pinned: false`): not pinned.
    pub pin: Option<i64>,
    /// `pinned_until:` after this moment the article is no longer pinned.
    pub pinned_until: Option<ZonedDateTime>,
    /// Every other key, as written.
    pub extra: Map<String, Value>,
}

/// Every key read into a field (the rest go to `extra`).
pub(crate) const KNOWN: &[&str] = &[
    "title",
    "date",
    "updated",
    "tags",
    "categories",
    "draft",
    "slug",
    "url",
    "summary",
    "author",
    "authors",
    "source",
    "source_url",
    "cover",
    "cover_credit",
    "expires",
    "toc",
    "sources",
    "layout",
    "weight",
    "search",
    "comments",
    "pinned",
    "sticky",
    "top",
    "pinned_until",
];

/// One attribution: 来源 name and optional 原文链接.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub name: String,
    pub url: Option<String>,
}

/// Split `text` (BOM and CRLF already removed) into (front matter, body, body's first line).
/// Errors carry the line but no file.
pub fn split(text: &str) -> Result<(&str, &str, usize), Error> {
    if text.trim().is_empty() {
        return Err(Error::new(
            "file is empty: an article needs front matter between `---` lines with a title and a date",
        )
        .at(Some(1), None));
    }
    let first_line = text.lines().next().unwrap_or("");
    if first_line.trim_end() != "---" {
        return Err(Error::new(
            "missing front matter: the file must start with a `---` line, then YAML, then `---`",
        )
        .at(Some(1), None));
    }
    let fm_start = first_line.len() + 1;
    let mut offset = fm_start;
    for (line_no, line) in (2..).zip(text[fm_start.min(text.len())..].split_inclusive('\n')) {
        if line.trim_end() == "---" {
            let fm = &text[fm_start..offset];
            let body = &text[(offset + line.len()).min(text.len())..];
            return Ok((fm, body, line_no + 1));
        }
        offset += line.len();
    }
    Err(
        Error::new("front matter opened with `---` on line 1 is never closed by a `---` line")
            .at(Some(1), None),
    )
}

/// Parse the YAML text between the `---` lines (which starts on line 2 of the file).
pub fn parse(fm_text: &str, tz: &TimeZone) -> Result<FrontMatter, Error> {
    parse_as(fm_text, tz, false)
}

/// The YAML mapping of a front matter block, or why it is not one.
pub(crate) fn mapping(fm_text: &str) -> Result<Map<String, Value>, Error> {
    let value = yaml::parse(fm_text).map_err(|e| {
        Error::new(format!("invalid YAML in front matter: {}", e.describe(1)))
            .at(e.line.map(|l| l + 1), e.column)
    })?;
    match value {
        Value::Object(map) => Ok(map),
        Value::Null => Ok(Map::new()),
        _ => Err(
            Error::new("front matter must be a mapping of `key: value` lines").at(Some(2), None),
        ),
    }
}

/// [`parse`]; `in_pages` says the file is under `content/pages/`, where every file is a page.
pub fn parse_as(fm_text: &str, tz: &TimeZone, in_pages: bool) -> Result<FrontMatter, Error> {
    let mut map = mapping(fm_text)?;
    let err =
        |key: &str, msg: String| Error::new(msg).at(key_line(fm_text, key).map(|l| l + 1), None);

    let title = match opt_string(&mut map, "title").map_err(|m| err("title", m))? {
        Some(t) if !t.trim().is_empty() => t.trim().to_string(),
        Some(_) => return Err(err("title", "`title` is empty".into())),
        None => return Err(Error::new("missing required field `title`").at(Some(2), None)),
    };
    let layout = opt_string(&mut map, "layout").map_err(|m| err("layout", m))?;
    let page = match layout.as_deref().map(str::trim) {
        Some("page") => true,
        Some("post") | Some("article") => false,
        Some(other) if !other.is_empty() => {
            return Err(err(
                "layout",
                format!("unknown `layout: {other}` (use `page` for a standalone page, `post` for an article)"),
            ))
        }
        _ => in_pages,
    };
    let (date, dated) = match opt_string(&mut map, "date").map_err(|m| err("date", m))? {
        Some(d) => (parse_date(&d, tz).map_err(|m| err("date", m))?, true),
        None if page => (jiff::Timestamp::UNIX_EPOCH.to_zoned_datetime(tz.clone()), false),
        None => return Err(Error::new("missing required field `date` (a page without a date needs `layout: page`, or a place under content/pages/)").at(Some(2), None)),
    };
    let weight = opt_int(&mut map, "weight").map_err(|m| err("weight", m))?;
    let search = opt_bool(&mut map, "search").map_err(|m| err("search", m))?;
    let comments = opt_bool(&mut map, "comments").map_err(|m| err("comments", m))?;
    let pin = pin_rank(&mut map).map_err(|(key, m)| err(key, m))?;
    let pinned_until = opt_string(&mut map, "pinned_until")
        .map_err(|m| err("pinned_until", m))?
        .map(|d| parse_date(&d, tz))
        .transpose()
        .map_err(|m| err("pinned_until", m))?;
    let updated = opt_string(&mut map, "updated")
        .map_err(|m| err("updated", m))?
        .map(|d| parse_date(&d, tz))
        .transpose()
        .map_err(|m| err("updated", m))?;
    let tags = string_list(&mut map, "tags").map_err(|m| err("tags", m))?;
    let mut authors = string_list(&mut map, "authors").map_err(|m| err("authors", m))?;
    let categories = string_list(&mut map, "categories").map_err(|m| err("categories", m))?;
    let draft = opt_bool(&mut map, "draft")
        .map_err(|m| err("draft", m))?
        .unwrap_or(false);
    let toc = opt_bool(&mut map, "toc")
        .map_err(|m| err("toc", m))?
        .unwrap_or(true);
    let expires = opt_string(&mut map, "expires")
        .map_err(|m| err("expires", m))?
        .map(|d| parse_date(&d, tz))
        .transpose()
        .map_err(|m| err("expires", m))?;
    let mut sources = source_list(&mut map).map_err(|m| err("sources", m))?;
    for s in &sources {
        let Some(url) = &s.url else { continue };
        if let Some(scheme) = blocked_scheme(url, UrlUse::Link) {
            let line = value_line(fm_text, "sources", url).map(|l| l + 1);
            let message = format!("sources: `{}`: {}", s.name, blocked_message(&scheme));
            return Err(Error::new(message).at(line, None));
        }
    }
    let mut get = |key: &str| opt_string(&mut map, key).map_err(|m| err(key, m));
    let slug = get("slug")?;
    let url = get("url")?
        .map(|u| check_url(&u))
        .transpose()
        .map_err(|m| err("url", m))?;
    let summary = get("summary")?;
    let author = get("author")?;
    if authors.is_empty() {
        authors.extend(
            author
                .iter()
                .map(|a| a.trim().to_string())
                .filter(|a| !a.is_empty()),
        );
    }
    let source = get("source")?;
    let source_url = get("source_url")?;
    let cover = get("cover")?;
    for (key, url, usage) in [
        ("source_url", &source_url, UrlUse::Link),
        ("cover", &cover, UrlUse::Image),
    ] {
        if let Some(scheme) = url.as_deref().and_then(|u| blocked_scheme(u, usage)) {
            return Err(err(key, format!("{key}: {}", blocked_message(&scheme))));
        }
    }
    let cover_credit = get("cover_credit")?;
    if let Some(name) = &source {
        if !sources.iter().any(|s| &s.name == name) {
            sources.insert(
                0,
                Source {
                    name: name.clone(),
                    url: source_url.clone(),
                },
            );
        }
    } else if let Some(url) = &source_url {
        if !sources.iter().any(|s| s.url.as_ref() == Some(url)) {
            sources.insert(
                0,
                Source {
                    name: url.clone(),
                    url: Some(url.clone()),
                },
            );
        }
    }
    debug_assert!(KNOWN.iter().all(|k| !map.contains_key(*k)));
    Ok(FrontMatter {
        title,
        date,
        updated,
        tags,
        categories,
        draft,
        slug,
        url,
        summary,
        author,
        authors,
        source,
        source_url,
        cover,
        cover_credit,
        expires,
        toc,
        sources,
        page,
        dated,
        weight,
        search,
        comments,
        pin,
        pinned_until,
        extra: map,
    })
}

/// The pin rank from `pinned`, `sticky` and `top` (the highest given; `pinned: false`
/// unpins), or the key that is wrong and why.
fn pin_rank(map: &mut Map<String, Value>) -> Result<Option<i64>, (&'static str, String)> {
    let pinned = opt_bool(map, "pinned").map_err(|m| ("pinned", m))?;
    let mut rank: Option<i64> = pinned.and_then(|p| p.then_some(1));
    for key in ["sticky", "top"] {
        let n = match map.remove(key) {
            None | Some(Value::Null) | Some(Value::Bool(false)) => continue,
            Some(Value::Bool(true)) => 1,
            Some(Value::Number(n)) if n.as_i64().is_some_and(|n| n >= 0) => n.as_i64().unwrap_or(0),
            Some(other) => {
                let found = match &other {
                    Value::String(s) => format!("`{s}`"),
                    Value::Number(n) => format!("`{n}`"),
                    other => kind(other).to_string(),
                };
                return Err((
                    key,
                    format!("`{key}` must be a whole number of 0 or more (higher is pinned first) or true, found {found}"),
                ));
            }
        };
        if n > 0 {
            rank = Some(rank.map_or(n, |r| r.max(n)));
        }
    }
    Ok(if pinned == Some(false) { None } else { rank })
}

/// An optional integer field.
pub(crate) fn opt_int(map: &mut Map<String, Value>, key: &str) -> Result<Option<i64>, String> {
    match map.remove(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) if n.as_i64().is_some() => Ok(n.as_i64()),
        Some(other) => Err(format!(
            "`{key}` must be a whole number, found {}",
            kind(&other)
        )),
    }
}

/// 1-based line (of `fm_text`) of the first line from `key:` on that holds `value`, else the
/// `key:` line.
fn value_line(fm_text: &str, key: &str, value: &str) -> Option<usize> {
    let start = key_line(fm_text, key)?;
    let found = fm_text
        .lines()
        .skip(start - 1)
        .position(|l| l.contains(value));
    Some(found.map_or(start, |i| start + i))
}

/// A front-matter `url:` as the site-relative path the output uses (`/关于/` → `关于/`,
/// `/2019/hello.html` → `2019/hello.html`, `/about` → `about/`), or why it cannot be one.
pub fn check_url(url: &str) -> Result<String, String> {
    let u = url.trim();
    let path = u.trim_start_matches('/');
    let why = if path.is_empty() {
        Some("is the site root, which the index page owns")
    } else if u.contains("://") || u.starts_with("//") {
        Some("must be a path on this site (such as /about/), not a full URL")
    } else if u.contains(['?', '#', '%', '\\']) || u.chars().any(char::is_control) {
        Some("cannot contain `?`, `#`, `%`, `\\` or control characters")
    } else if u.contains([':', '*', '"', '<', '>', '|']) {
        Some("cannot contain `:`, `*`, `\"`, `<`, `>` or `|` (a drive letter such as `C:` would leave the output folder on Windows, and none of them can be in a file name there)")
    } else if path
        .split('/')
        .any(|seg| seg == "." || seg == ".." || seg.trim() != seg)
    {
        Some("cannot have `.` or `..` segments or segments with spaces around them")
    } else if path.contains("//") {
        Some("cannot contain an empty segment (`//`)")
    } else {
        None
    };
    if let Some(why) = why {
        return Err(format!("`url: {u}` {why}"));
    }
    if let Some(seg) = path
        .split('/')
        .find(|seg| seg.len() > crate::content::slug::MAX_SEGMENT)
    {
        return Err(crate::content::slug::too_long(
            &format!(
                "url` segment `{}…",
                seg.chars().take(12).collect::<String>()
            ),
            seg.len(),
        ));
    }
    let lower = path.to_ascii_lowercase();
    Ok(
        if path.ends_with('/') || lower.ends_with(".html") || lower.ends_with(".htm") {
            path.to_string()
        } else {
            format!("{path}/")
        },
    )
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "nothing",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

pub(crate) fn opt_bool(map: &mut Map<String, Value>, key: &str) -> Result<Option<bool>, String> {
    match map.remove(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(b)),
        Some(other) => Err(format!(
            "`{key}` must be true or false, found {}",
            kind(&other)
        )),
    }
}

/// `sources:` — a list of `{name, url}` mappings (or plain names).
fn source_list(map: &mut Map<String, Value>) -> Result<Vec<Source>, String> {
    let items = match map.remove("sources") {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Array(items)) => items,
        Some(other) => {
            return Err(format!(
                "`sources` must be a list of {{name, url}}, found {}",
                kind(&other)
            ))
        }
    };
    items
        .into_iter()
        .map(|item| match item {
            Value::String(name) => Ok(Source { name, url: None }),
            Value::Object(mut m) => {
                let name = match m.remove("name") {
                    Some(Value::String(s)) if !s.trim().is_empty() => s,
                    _ => return Err("each `sources` item needs a `name`".to_string()),
                };
                let url = match m.remove("url") {
                    None | Some(Value::Null) => None,
                    Some(Value::String(s)) => Some(s),
                    Some(other) => {
                        return Err(format!(
                            "`sources` url must be text, found {}",
                            kind(&other)
                        ))
                    }
                };
                if let Some(k) = m.keys().next() {
                    return Err(format!(
                        "unknown key `{k}` in a `sources` item (use name, url)"
                    ));
                }
                Ok(Source { name, url })
            }
            other => Err(format!(
                "`sources` items must be {{name, url}}, found {}",
                kind(&other)
            )),
        })
        .collect()
}

/// A scalar field as text: strings as is, numbers converted (a title may be `2077`).
pub(crate) fn opt_string(
    map: &mut Map<String, Value>,
    key: &str,
) -> Result<Option<String>, String> {
    match map.remove(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(Value::Number(n)) if !["date", "updated", "expires"].contains(&key) => {
            Ok(Some(n.to_string()))
        }
        Some(other) => Err(format!("`{key}` must be text, found {}", kind(&other))),
    }
}

/// A list of names; a single string is accepted as a one-item list (Hexo allows it).
fn string_list(map: &mut Map<String, Value>, key: &str) -> Result<Vec<String>, String> {
    names(map.remove(key), key)
}

/// [`string_list`] of a value already taken out (a custom taxonomy's key in `extra`).
pub fn names(value: Option<Value>, key: &str) -> Result<Vec<String>, String> {
    let items = match value {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::String(s)) => vec![Value::String(s)],
        Some(Value::Array(items)) => items,
        Some(other) => {
            return Err(format!(
                "`{key}` must be a list of names, found {}",
                kind(&other)
            ))
        }
    };
    let mut out: Vec<String> = Vec::with_capacity(items.len());
    for item in items {
        let name = match item {
            Value::String(s) => s.trim().to_string(),
            Value::Number(n) => n.to_string(),
            other => {
                return Err(format!(
                    "`{key}` items must be names, found {}",
                    kind(&other)
                ))
            }
        };
        if name.is_empty() {
            return Err(format!("`{key}` contains an empty name"));
        }
        if !out.contains(&name) {
            out.push(name);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_is_normalised_or_refused() {
        assert_eq!(check_url("/关于/").unwrap(), "关于/");
        assert_eq!(check_url("about").unwrap(), "about/");
        assert_eq!(check_url("/2019/hello.HTML").unwrap(), "2019/hello.HTML");
        for bad in [
            "/",
            "",
            "/a/../b/",
            "./a",
            "http://x.com/a",
            "//cdn/a",
            "/a b /",
            "/a//b/",
            "/%2e%2e/",
        ] {
            assert!(check_url(bad).is_err(), "{bad}");
        }
    }

    fn sh() -> TimeZone {
        TimeZone::get("Asia/Shanghai").unwrap()
    }

    #[test]
    fn split_finds_body_line() {
        let (fm, body, line) = split("---\ntitle: 你好\ndate: 2025-01-01\n---\n正文\n").unwrap();
        assert_eq!(fm, "title: 你好\ndate: 2025-01-01\n");
        assert_eq!(body, "正文\n");
        assert_eq!(line, 5);
    }

    #[test]
    fn split_errors() {
        assert!(split("").unwrap_err().message.contains("empty"));
        assert!(split("# 标题\n")
            .unwrap_err()
            .message
            .contains("missing front matter"));
        let e = split("---\ntitle: 你好\n正文\n").unwrap_err();
        assert!(e.message.contains("never closed"), "{}", e.message);
    }

    #[test]
    fn fields_and_extra() {
        let fm = parse(
            "title: 芯片新闻\ndate: 2025-11-20 10:30\ntags: [人工智能, GPU]\ncategories: 芯片\neditor: 王编辑\n",
            &sh(),
        )
        .unwrap();
        assert_eq!(fm.title, "芯片新闻");
        assert_eq!(fm.tags, vec!["人工智能", "GPU"]);
        assert_eq!(fm.categories, vec!["芯片"]);
        assert_eq!(fm.extra["editor"], "王编辑");
        assert!(!fm.draft);
    }

    #[test]
    fn sources_expires_toc() {
        let fm = parse(
            "title: 好\ndate: 2025-01-01\nsource: 示例社\nsource_url: https://a.example/1\nsources:\n  - name: 另一家\n    url: https://b.example/2\nexpires: 2026-01-01\ntoc: false\n",
            &sh(),
        )
        .unwrap();
        assert_eq!(fm.sources.len(), 2);
        assert_eq!(fm.sources[0].name, "示例社");
        assert_eq!(fm.sources[1].url.as_deref(), Some("https://b.example/2"));
        assert!(!fm.toc);
        assert!(fm.expires.is_some());
        let e = parse("title: 好\ndate: 2025-01-01\nsources: 5\n", &sh()).unwrap_err();
        assert_eq!(e.line, Some(4));
        let e = parse("title: 好\ndate: 2025-01-01\ntoc: 是\n", &sh()).unwrap_err();
        assert!(e.message.contains("`toc`"), "{}", e.message);
    }

    #[test]
    fn typed_errors_name_field_and_line() {
        let e = parse("title: 好\ndate: 2025-01-01\ntags: 5\n", &sh()).unwrap_err();
        assert!(e.message.contains("`tags`"), "{}", e.message);
        assert_eq!(e.line, Some(4));
        let e = parse("title: 好\ndate: 明天\n", &sh()).unwrap_err();
        assert!(e.message.contains("明天"), "{}", e.message);
        assert_eq!(e.line, Some(3));
        let e = parse("date: 2025-01-01\n", &sh()).unwrap_err();
        assert!(e.message.contains("title"), "{}", e.message);
        let e = parse("title: \"  \"\ndate: 2025-01-01\n", &sh()).unwrap_err();
        assert!(e.message.contains("empty"), "{}", e.message);
    }

    #[test]
    fn blocked_url_schemes_are_errors() {
        let e = parse(
            "title: 好\ndate: 2025-01-01\nsource: 示例社\nsource_url: \"javascript:alert(1)\"\n",
            &sh(),
        )
        .unwrap_err();
        assert_eq!(
            e.message,
            "source_url: the URL scheme `javascript:` is not allowed"
        );
        assert_eq!(e.line, Some(5));
        let e = parse(
            "title: 好\ndate: 2025-01-01\ncover: \" JaVaScRiPt:x\"\n",
            &sh(),
        )
        .unwrap_err();
        assert_eq!(
            e.message,
            "cover: the URL scheme `javascript:` is not allowed"
        );
        assert_eq!(e.line, Some(4));
        let e = parse(
            "title: 好\ndate: 2025-01-01\nsources:\n  - name: 甲\n    url: https://a.example/\n  - name: 乙\n    url: data:text/html,x\n",
            &sh(),
        )
        .unwrap_err();
        assert_eq!(
            e.message,
            "sources: `乙`: the URL scheme `data:` is not allowed"
        );
        assert_eq!(e.line, Some(8));
        // data: images are fine as a cover
        let fm = parse(
            "title: 好\ndate: 2025-01-01\ncover: data:image/png;base64,iVBORw0KGgo=\n",
            &sh(),
        )
        .unwrap();
        assert!(fm.cover.is_some());
    }

    #[test]
    fn pin_keys() {
        let pin = |extra: &str| {
            parse(&format!("title: 好\ndate: 2025-01-01\n{extra}"), &sh()).map(|fm| fm.pin)
        };
        assert_eq!(pin("").unwrap(), None);
        assert_eq!(pin("pinned: true\n").unwrap(), Some(1));
        assert_eq!(pin("pinned: false\n").unwrap(), None);
        assert_eq!(pin("sticky: 3\n").unwrap(), Some(3));
        assert_eq!(pin("top: true\n").unwrap(), Some(1));
        assert_eq!(pin("top: 0\n").unwrap(), None);
        assert_eq!(pin("pinned: true\nsticky: 5\ntop: 2\n").unwrap(), Some(5));
        assert_eq!(pin("pinned: false\nsticky: 5\n").unwrap(), None);
        let e = pin("tags: [a]\nsticky: abc\n").unwrap_err();
        assert!(
            e.message.contains("`sticky`") && e.message.contains("`abc`"),
            "{}",
            e.message
        );
        assert_eq!(e.line, Some(5));
        assert!(pin("top: -1\n").is_err());
        assert!(pin("pinned: 是\n")
            .unwrap_err()
            .message
            .contains("`pinned`"));
        let fm = parse(
            "title: 好\ndate: 2025-01-01\npinned: true\npinned_until: 2025-02-01\n",
            &sh(),
        )
        .unwrap();
        assert!(fm.pinned_until.is_some());
        let e = parse("title: 好\ndate: 2025-01-01\npinned_until: 下周\n", &sh()).unwrap_err();
        assert_eq!(e.line, Some(4));
    }

    #[test]
    fn yaml_error_line_is_file_line() {
        // The YAML starts on file line 2, so an error on its 2nd line is file line 3.
        let e = parse("title: 好\ntags: [a, b\n", &sh()).unwrap_err();
        assert!(e.message.contains("invalid YAML"), "{}", e.message);
        assert!(e.line.unwrap() >= 3, "{e:?}");
    }
}
