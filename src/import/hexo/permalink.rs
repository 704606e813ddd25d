//! A post's URL as Hexo 7 computes it (`hexo/lib/plugins/filter/post_permalink.js`,
//! `processor/post.js`), so imported posts keep theirs exactly.
//!
//! - `:title` is the post's path under `_posts` without extension (`diarys/a`), taken
//!   through `new_post_name` (`:year-:month-:day-:title.md` drops the date from a file named
//!   `2017-10-11-a.md`); a front-matter `slug:` does not change it.
//! - `:name` is the last segment of `:title`, `:post_title` the slugized title (lower case),
//!   `:year :month :day :hour :minute :second :i_month :i_day` the date as written,
//!   `:hash` the first 12 hex digits of SHA-1(`:title` + the date's Unix seconds), `:id` the
//!   front-matter `id`, `:category` the slug path of the last category (`a/b` for
//!   `[A, B]`; `category_map` applies; `default_category` without one).
//! - any other token is the front-matter field of that name (`:abbrlink`), else
//!   `permalink_defaults`, else Hexo writes `undefined`.
//! - with `post_asset_folder`, a URL not ending in `/` or `.html` gets a `/`.

use jiff::civil::DateTime;
use serde_json::{Map, Value};

/// The `_config.yml` values a post URL depends on.
#[derive(Debug, Clone)]
pub struct Rules {
    pub permalink: String,
    pub new_post_name: String,
    pub defaults: Map<String, Value>,
    pub post_asset_folder: bool,
    pub category_map: Map<String, Value>,
    /// 0 as is, 1 lower case, 2 upper case (category slugs).
    pub filename_case: u8,
    pub default_category: String,
}

impl Rules {
    pub fn from_config(hexo: &Value) -> Rules {
        let text = |key: &str, default: &str| match hexo.get(key) {
            Some(Value::String(s)) if !s.trim().is_empty() => s.trim().to_string(),
            _ => default.to_string(),
        };
        let map = |key: &str| match hexo.get(key) {
            Some(Value::Object(m)) => m.clone(),
            _ => Map::new(),
        };
        Rules {
            permalink: text("permalink", ":year/:month/:day/:title/"),
            new_post_name: text("new_post_name", ":title.md"),
            defaults: map("permalink_defaults"),
            post_asset_folder: matches!(hexo.get("post_asset_folder"), Some(Value::Bool(true))),
            category_map: map("category_map"),
            filename_case: match hexo.get("filename_case").and_then(Value::as_u64) {
                Some(1) => 1,
                Some(2) => 2,
                _ => 0,
            },
            default_category: text("default_category", "uncategorized"),
        }
    }
}

/// What `new_post_name` finds in a post's path: `:title` and any date parts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileInfo {
    pub title: String,
    pub year: Option<String>,
    pub month: Option<String>,
    pub day: Option<String>,
}

impl FileInfo {
    /// The date in the file name (Hexo's date for a post without `date:`), at midnight.
    pub fn date(&self) -> Option<DateTime> {
        let y: i16 = self.year.as_deref()?.parse().ok()?;
        let m: i8 = self.month.as_deref()?.parse().ok()?;
        let d: i8 = self.day.as_deref()?.parse().ok()?;
        jiff::civil::date(y, 1, 1)
            .checked_add(jiff::Span::new().months(m - 1).days(i32::from(d) - 1))
            .ok()
            .map(|d| d.at(0, 0, 0, 0))
    }
}

/// The tokens of a Hexo rule: `:name` where the name is word characters not ending in `_`
/// (hexo-util's `/:(\w*[^_\W])/`).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Lit(String),
    Token(String),
}

fn parts(rule: &str) -> Vec<Part> {
    let mut out = Vec::new();
    let mut lit = String::new();
    let mut rest = rule;
    while let Some(i) = rest.find(':') {
        lit.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let word: String = after
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        let name = word.trim_end_matches('_');
        if name.is_empty() {
            lit.push(':');
            rest = after;
            continue;
        }
        if !lit.is_empty() {
            out.push(Part::Lit(std::mem::take(&mut lit)));
        }
        out.push(Part::Token(name.to_string()));
        rest = &after[name.len()..];
    }
    lit.push_str(rest);
    if !lit.is_empty() {
        out.push(Part::Lit(lit));
    }
    out
}

/// The token names of a rule, in order.
pub fn tokens(rule: &str) -> Vec<String> {
    parts(rule)
        .into_iter()
        .filter_map(|p| match p {
            Part::Token(t) => Some(t),
            Part::Lit(_) => None,
        })
        .collect()
}

/// Hexo's `parseFilename`: match `path` (under `_posts`, without extension) against
/// `new_post_name` (without extension); without a match, `:title` is the slugized path.
pub fn file_info(new_post_name: &str, path: &str) -> FileInfo {
    let rule = match new_post_name.rfind('.') {
        Some(i) if !new_post_name[i..].contains('/') => &new_post_name[..i],
        _ => new_post_name,
    };
    let ps = parts(rule);
    let mut found = Vec::new();
    if matches(&ps, path, &mut found) {
        let mut info = FileInfo::default();
        let mut title = None;
        for (name, v) in found {
            match name.as_str() {
                "title" => title = Some(v),
                "year" => info.year = Some(v),
                "month" | "i_month" => info.month = Some(v),
                "day" | "i_day" => info.day = Some(v),
                _ => {}
            }
        }
        info.title = title.unwrap_or_else(|| slugize(path, 0));
        return info;
    }
    FileInfo {
        title: slugize(path, 0),
        ..FileInfo::default()
    }
}

/// Backtracking match of the whole of `s` (each token takes its segment pattern, others
/// `.+?`, as Hexo's regular expression does).
fn matches(ps: &[Part], s: &str, out: &mut Vec<(String, String)>) -> bool {
    let Some((first, rest)) = ps.split_first() else {
        return s.is_empty();
    };
    match first {
        Part::Lit(l) => s
            .strip_prefix(l.as_str())
            .is_some_and(|tail| matches(rest, tail, out)),
        Part::Token(name) => {
            let digits =
                |n: usize| s.len() >= n && s.as_bytes()[..n].iter().all(u8::is_ascii_digit);
            let lens: Vec<usize> = match name.as_str() {
                "year" => vec![4],
                "month" | "day" => vec![2],
                "i_month" | "i_day" => vec![1, 2],
                "hash" => vec![12],
                _ => s
                    .char_indices()
                    .map(|(i, c)| i + c.len_utf8())
                    .filter(|_| !s.starts_with('\n'))
                    .collect(),
            };
            for n in lens {
                if n > s.len() || !s.is_char_boundary(n) {
                    continue;
                }
                let ok = match name.as_str() {
                    "year" | "month" | "day" | "i_month" | "i_day" => digits(n),
                    "hash" => s.as_bytes()[..n]
                        .iter()
                        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(b)),
                    _ => !s[..n].contains('\n'),
                };
                if !ok {
                    continue;
                }
                out.push((name.clone(), s[..n].to_string()));
                if matches(rest, &s[n..], out) {
                    return true;
                }
                out.pop();
            }
            false
        }
    }
}

/// hexo-util `slugize`: runs of spaces and ASCII punctuation become one `-`, control
/// characters go, no `-` at either end; `transform` 1 lower-cases, 2 upper-cases.
/// (Hexo also folds Latin diacritics first; those are kept here.)
pub fn slugize(s: &str, transform: u8) -> String {
    const SPECIAL: &str = "~`!@#$%^&*()-_+=[]{}|\\;:\"'<>,.?/";
    let mut out = String::with_capacity(s.len());
    let mut sep = false;
    for c in s.chars() {
        if (c as u32) < 0x20 {
            continue;
        }
        if c.is_whitespace() || SPECIAL.contains(c) {
            sep = true;
            continue;
        }
        if sep && !out.is_empty() {
            out.push('-');
        }
        sep = false;
        out.push(c);
    }
    match transform {
        1 => out.to_lowercase(),
        2 => out.to_uppercase(),
        _ => out,
    }
}

/// Everything about one post that its URL may use.
pub struct PostFacts<'a> {
    pub info: &'a FileInfo,
    pub title: &'a str,
    /// The date as Hexo reads it: wall time and Unix seconds.
    pub wall: DateTime,
    pub unix: i64,
    /// Category paths (`[[A, B], [C]]`), as written.
    pub categories: &'a [Vec<String>],
    /// The post's front matter as written.
    pub fm: &'a Map<String, Value>,
}

/// The post's root-relative URL (`/2017/10/11/diarys/a/`) and the tokens that had no value
/// (Hexo writes `undefined` for them; so does this, and the caller warns).
pub fn post_url(rules: &Rules, p: &PostFacts) -> (String, Vec<String>) {
    let mut missing = Vec::new();
    let mut out = String::new();
    let two = |n: i8| format!("{n:02}");
    for part in parts(&rules.permalink) {
        let name = match part {
            Part::Lit(l) => {
                out.push_str(&l);
                continue;
            }
            Part::Token(t) => t,
        };
        let w = &p.wall;
        let value = match name.as_str() {
            "title" => Some(p.info.title.clone()),
            "name" => Some(
                p.info
                    .title
                    .rsplit('/')
                    .next()
                    .unwrap_or_default()
                    .to_string(),
            ),
            "post_title" => Some(slugize(p.title, 1)),
            "year" => Some(format!("{:04}", w.year())),
            "month" => Some(two(w.month())),
            "day" => Some(two(w.day())),
            "hour" => Some(two(w.hour())),
            "minute" => Some(two(w.minute())),
            "second" => Some(two(w.second())),
            "i_month" => Some(w.month().to_string()),
            "i_day" => Some(w.day().to_string()),
            "hash" => {
                Some(sha1_hex(format!("{}{}", p.info.title, p.unix).as_bytes())[..12].to_string())
            }
            "id" => p.fm.get("id").and_then(js_string),
            "category" => Some(match p.categories.last() {
                Some(path) => path
                    .iter()
                    .map(|n| {
                        let mapped = rules
                            .category_map
                            .get(n)
                            .and_then(js_string)
                            .unwrap_or_else(|| n.clone());
                        slugize(&mapped, rules.filename_case)
                    })
                    .collect::<Vec<_>>()
                    .join("/"),
                None => rules.default_category.clone(),
            }),
            other => {
                p.fm.get(other)
                    .and_then(js_string)
                    .or_else(|| rules.defaults.get(other).and_then(js_string))
            }
        };
        match value {
            Some(v) => out.push_str(&v),
            None => {
                missing.push(name.clone());
                out.push_str("undefined");
            }
        }
    }
    if rules.post_asset_folder && !out.ends_with('/') && !out.ends_with(".html") {
        out.push('/');
    }
    (format!("/{}", out.trim_start_matches('/')), missing)
}

/// A front-matter value as JavaScript's `String(v)` writes it (`null` counts as missing).
fn js_string(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Array(items) => Some(
            items
                .iter()
                .map(|i| js_string(i).unwrap_or_default())
                .collect::<Vec<_>>()
                .join(","),
        ),
        Value::Object(_) => Some("[object Object]".into()),
    }
}

/// A date Hexo accepts though it is not a valid time: YAML timestamps whose month, day,
/// hour, minute or second overflow (`2023-09-19 21:43:79`) roll over into the next unit,
/// as JavaScript's `Date.UTC` does (`2023-09-19 21:44:19`). `None` for anything else.
pub fn rolled_over(s: &str) -> Option<DateTime> {
    let s = s.trim();
    let (date, time) = match s.find(['T', 't', ' ', '\t']) {
        Some(i) => (&s[..i], Some(s[i + 1..].trim())),
        None => (s, None),
    };
    let num = |t: &str, min: usize, max: usize| -> Option<i64> {
        (t.len() >= min && t.len() <= max && t.bytes().all(|b| b.is_ascii_digit()))
            .then(|| t.parse().ok())
            .flatten()
    };
    let d: Vec<&str> = date.split('-').collect();
    let [y, m, day] = d.as_slice() else {
        return None;
    };
    let (y, m, day) = (num(y, 4, 4)?, num(m, 1, 2)?, num(day, 1, 2)?);
    let (h, mi, sec) = match time {
        None => (0, 0, 0),
        Some(t) => {
            let t: Vec<&str> = t.split(':').collect();
            let [h, mi, sec] = t.as_slice() else {
                return None;
            };
            let sec = sec.split('.').next()?;
            (num(h, 1, 2)?, num(mi, 2, 2)?, num(sec, 2, 2)?)
        }
    };
    let span = jiff::Span::new()
        .months(m - 1)
        .days(day - 1)
        .hours(h)
        .minutes(mi)
        .seconds(sec);
    jiff::civil::date(i16::try_from(y).ok()?, 1, 1)
        .at(0, 0, 0, 0)
        .checked_add(span)
        .ok()
}

/// SHA-1 of `data` in lower-case hex (for `:hash`).
pub fn sha1_hex(data: &[u8]) -> String {
    let mut h: [u32; 5] = [0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0];
    let mut msg = data.to_vec();
    let bits = (data.len() as u64).wrapping_mul(8);
    msg.push(0x80);
    while msg.len() % 64 != 56 {
        msg.push(0);
    }
    msg.extend_from_slice(&bits.to_be_bytes());
    for chunk in msg.chunks(64) {
        let mut w = [0u32; 80];
        for (i, word) in chunk.chunks(4).enumerate() {
            w[i] = u32::from_be_bytes([word[0], word[1], word[2], word[3]]);
        }
        for i in 16..80 {
            w[i] = (w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16]).rotate_left(1);
        }
        let [mut a, mut b, mut c, mut d, mut e] = h;
        for (i, wi) in w.iter().enumerate() {
            let (f, k) = match i {
                0..=19 => ((b & c) | (!b & d), 0x5A827999),
                20..=39 => (b ^ c ^ d, 0x6ED9EBA1),
                40..=59 => ((b & c) | (b & d) | (c & d), 0x8F1BBCDC),
                _ => (b ^ c ^ d, 0xCA62C1D6),
            };
            let t = a
                .rotate_left(5)
                .wrapping_add(f)
                .wrapping_add(e)
                .wrapping_add(k)
                .wrapping_add(*wi);
            e = d;
            d = c;
            c = b.rotate_left(30);
            b = a;
            a = t;
        }
        for (x, y) in h.iter_mut().zip([a, b, c, d, e]) {
            *x = x.wrapping_add(y);
        }
    }
    h.iter().map(|x| format!("{x:08x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha1() {
        assert_eq!(sha1_hex(b"abc"), "a9993e364706816aba3e25717850c26c9cd0d89d");
        assert_eq!(sha1_hex(b""), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
    }

    #[test]
    fn file_names() {
        let i = file_info(":title.md", "diarys/a");
        assert_eq!(i.title, "diarys/a");
        let i = file_info(":year-:month-:day-:title.md", "2017-10-11-你好");
        assert_eq!(i.title, "你好");
        assert_eq!(i.date().unwrap().to_string(), "2017-10-11T00:00:00");
        // No match: the whole path, slugized.
        let i = file_info(":year-:month-:day-:title.md", "notes/hello world");
        assert_eq!(i.title, "notes-hello-world");
        assert_eq!(slugize("Hello, World! 你好", 1), "hello-world-你好");
        assert_eq!(tokens(":year/:abbrlink.html"), ["year", "abbrlink"]);
        assert_eq!(tokens("p/:title_/"), ["title"]);
    }

    #[test]
    fn category_token_uses_the_whole_hierarchy() {
        let config =
            crate::yaml::parse("permalink: :category/:title/\ncategory_map:\n  科技: tech\n")
                .unwrap();
        let rules = Rules::from_config(&config);
        let info = file_info(&rules.new_post_name, "液冷");
        let fm = Map::new();
        let url = |categories: &[Vec<String>]| {
            let facts = PostFacts {
                info: &info,
                title: "液冷",
                wall: DateTime::constant(2024, 1, 2, 3, 4, 5, 0),
                unix: 0,
                categories,
                fm: &fm,
            };
            post_url(&rules, &facts).0
        };
        let path = |names: &[&str]| names.iter().map(|n| n.to_string()).collect::<Vec<_>>();
        // `[科技, 基础设施]`: the full path (the import keeps only `科技` as the category).
        assert_eq!(url(&[path(&["科技", "基础设施"])]), "/tech/基础设施/液冷/");
        // Several paths: the last one, as Hexo does.
        assert_eq!(
            url(&[path(&["科技", "芯片"]), path(&["评论"])]),
            "/评论/液冷/"
        );
        assert_eq!(url(&[]), "/uncategorized/液冷/");
    }

    #[test]
    fn rollover() {
        assert_eq!(
            rolled_over("2023-09-19 21:43:79").unwrap().to_string(),
            "2023-09-19T21:44:19"
        );
        assert_eq!(
            rolled_over("2023-12-31 24:00:00").unwrap().to_string(),
            "2024-01-01T00:00:00"
        );
        assert_eq!(
            rolled_over("2023-02-30").unwrap().to_string(),
            "2023-03-02T00:00:00"
        );
        assert!(rolled_over("明天").is_none());
    }
}
