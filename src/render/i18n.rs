//! The theme's words per language: `t(key="…")` in templates and the few words Rust puts
//! in values (第 2 页, 归档, 刚刚). Built-in files (`src/render/i18n/<lang>.yaml`, flat maps
//! `key: text`, `{name}` placeholders) are compiled in; a site's `i18n/<lang>.yaml`
//! overrides their keys one by one.
//!
//! Lookup for an edition's language: its own file (the site's over the built-in one, the
//! code matched without regard to case); a variant without one (zh-HK, zh-MO, zh-Hant)
//! gets the zh-CN text converted with its OpenCC table; any other language without a file
//! gets zh-CN. A key its own file lacks falls back to that zh-CN text with one warning per
//! (file, key); a key zh-CN lacks is an error.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use crate::config::Config;
use crate::content::symlinks::{Hidden, Links};
use crate::error::{Error, Errors};
use crate::variants::opencc::Converter;

/// A site's own i18n files: `i18n/<lang>.yaml`.
pub const I18N_DIR: &str = "i18n";

/// The language every other falls back to, and the one whose keys are the full set.
pub const BASE: &str = "zh-CN";

/// The built-in files, by language code.
const BUILT_IN: &[(&str, &str)] = &[
    ("zh-CN", include_str!("i18n/zh-CN.yaml")),
    ("zh-TW", include_str!("i18n/zh-TW.yaml")),
    ("en", include_str!("i18n/en.yaml")),
];

type Texts = HashMap<String, String>;

/// The built-in files, parsed once.
fn built_in() -> &'static [(&'static str, Texts)] {
    static PARSED: OnceLock<Vec<(&'static str, Texts)>> = OnceLock::new();
    PARSED.get_or_init(|| {
        BUILT_IN
            .iter()
            .map(|(code, text)| {
                let path = format!("src/render/i18n/{code}.yaml");
                let texts = parse(text, Path::new(&path))
                    .unwrap_or_else(|e| panic!("built-in i18n file: {e}"));
                (*code, texts)
            })
            .collect()
    })
}

fn built_in_of(code: &str) -> Option<&'static Texts> {
    built_in()
        .iter()
        .find(|(c, _)| c.eq_ignore_ascii_case(code))
        .map(|(_, t)| t)
}

/// One language's texts for one edition.
#[derive(Debug)]
pub struct I18n {
    /// The edition's own texts (built-in file, then the site's over it); empty without a file.
    own: Texts,
    /// The file named in missing-key warnings (`None`: the language has no file).
    own_file: Option<String>,
    /// zh-CN (site file over the built-in), converted for a variant edition.
    fallback: Texts,
    /// The (file, key) pairs already warned about.
    warned: Mutex<HashSet<String>>,
}

impl I18n {
    /// The texts of `config.language`, with the site's `i18n/` files read through the
    /// symlink rule. A malformed file is an error at its line.
    pub fn load(root: &Path, config: &Config) -> Result<I18n, Errors> {
        let (files, mut errors) = Links::new(root, config).files(Path::new(I18N_DIR), Hidden::Skip);
        let mut site: Vec<(PathBuf, String)> = Vec::new();
        for rel in files {
            // Only `i18n/<lang>.yaml` directly in the folder, and only the two it may use.
            if rel.parent() != Some(Path::new(I18N_DIR))
                || rel.extension().and_then(|e| e.to_str()) != Some("yaml")
            {
                continue;
            }
            let Some(stem) = rel.file_stem().and_then(|s| s.to_str()) else {
                continue;
            };
            if !stem.eq_ignore_ascii_case(BASE) && !stem.eq_ignore_ascii_case(&config.language) {
                continue;
            }
            match std::fs::read(root.join(&rel)) {
                Ok(bytes) => match String::from_utf8(bytes) {
                    Ok(text) => site.push((rel, text)),
                    Err(_) => errors.push(Error::in_file(
                        &rel,
                        "not valid UTF-8 text (save the file as UTF-8)",
                    )),
                },
                Err(e) => errors.push(Error::io(&rel, e)),
            }
        }
        if !errors.is_empty() {
            return Err(Errors(errors));
        }
        let conv = config
            .current_edition()
            .and_then(|e| e.table)
            .map(Converter::new);
        I18n::new(&config.language, &site, conv.as_ref()).map_err(Errors)
    }

    /// The texts of `code` from the built-in files and the site's `files` (path relative
    /// to the site root, text); `conv`: a variant edition's converter.
    pub fn new(
        code: &str,
        files: &[(PathBuf, String)],
        conv: Option<&Converter>,
    ) -> Result<I18n, Vec<Error>> {
        let mut errors = Vec::new();
        let mut site_file = |lang: &str| -> Option<(String, Texts)> {
            let (rel, text) = files.iter().find(|(rel, _)| {
                rel.file_stem()
                    .and_then(|s| s.to_str())
                    .is_some_and(|s| s.eq_ignore_ascii_case(lang))
            })?;
            let text = text.strip_prefix('\u{feff}').unwrap_or(text);
            match parse(text, rel) {
                Ok(t) => Some((crate::content::inventory::slash_path(rel), t)),
                Err(e) => {
                    errors.push(e);
                    None
                }
            }
        };
        let mut base = built_in_of(BASE).cloned().unwrap_or_default();
        if let Some((_, t)) = site_file(BASE) {
            base.extend(t);
        }
        let is_base = code.eq_ignore_ascii_case(BASE);
        let (mut own, mut own_file) = match built_in_of(code).filter(|_| !is_base) {
            Some(t) => (
                t.clone(),
                Some(format!("src/render/i18n/{code}.yaml (built-in)")),
            ),
            None => (Texts::new(), None),
        };
        if !is_base {
            if let Some((rel, t)) = site_file(code) {
                own.extend(t);
                own_file = Some(rel);
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let fallback = match conv {
            Some(c) => base
                .into_iter()
                .map(|(k, v)| {
                    let v = c.convert(&v).into_owned();
                    (k, v)
                })
                .collect(),
            None => base,
        };
        Ok(I18n {
            own,
            own_file,
            fallback,
            warned: Mutex::new(HashSet::new()),
        })
    }

    /// The text of `key`, placeholders as written; an error names a key zh-CN lacks.
    /// Every text `t(key=…)` returns as it is (no `{placeholder}`, no template syntax):
    /// the keys of the edition's own file and, without one, of zh-CN (a key missing from
    /// the edition's file goes through [`I18n::raw`], which warns).
    pub fn ready_texts(&self) -> HashMap<&str, &str> {
        let texts = if self.own_file.is_some() || !self.own.is_empty() {
            &self.own
        } else {
            &self.fallback
        };
        texts
            .iter()
            .filter(|(_, t)| !t.contains('{') && !t.contains('}'))
            .map(|(k, t)| (k.as_str(), t.as_str()))
            .collect()
    }

    /// [`I18n::ready_texts`] as template values.
    pub fn ready_values(&self) -> HashMap<String, tera::Value> {
        self.ready_texts()
            .into_iter()
            .map(|(k, t)| (k.to_string(), tera::Value::safe_string(t)))
            .collect()
    }

    /// `template` with each `{{ t(key="…") }}` of a ready text replaced by the text itself
    /// (whitespace control `{{-` / `-}}` applied as Tera would): the theme's words cost
    /// nothing per page. Other calls (with arguments, or in expressions) stay.
    pub fn inline(&self, template: &str) -> String {
        let ready = self.ready_texts();
        let mut out = String::with_capacity(template.len());
        let mut rest = template;
        while let Some(at) = rest.find("{{") {
            let after = &rest[at + 2..];
            let (trim_before, inner) = match after.strip_prefix('-') {
                Some(r) => (true, r),
                None => (false, after),
            };
            let call = inner.trim_start();
            let parsed = call.strip_prefix("t(key=\"").and_then(|r| {
                let end = r.find('"')?;
                let key = &r[..end];
                let tail = r[end + 1..].strip_prefix(')')?.trim_start();
                let (trim_after, tail) = match tail.strip_prefix("-}}") {
                    Some(t) => (true, t),
                    None => (false, tail.strip_prefix("}}")?),
                };
                Some((key, trim_after, tail))
            });
            match parsed.and_then(|(key, trim_after, tail)| {
                ready.get(key).map(|text| (*text, trim_after, tail))
            }) {
                Some((text, trim_after, tail)) => {
                    let before = &rest[..at];
                    out.push_str(if trim_before {
                        before.trim_end()
                    } else {
                        before
                    });
                    out.push_str(text);
                    rest = if trim_after { tail.trim_start() } else { tail };
                }
                None => {
                    out.push_str(&rest[..at + 2]);
                    rest = &rest[at + 2..];
                }
            }
        }
        out.push_str(rest);
        self.inline_in_expressions(&out, &ready)
    }

    /// `template` with each `t(key="…")` left inside a `{{ }}` or `{% %}` tag (an argument,
    /// `date(format=t(key="date_format"))`) replaced by the text as a string literal, when
    /// the text is ready and holds no character a literal or HTML escaping would change (a
    /// literal is not marked safe, so such a text stays a call). Templates with `raw` blocks
    /// are left as they are.
    fn inline_in_expressions(&self, template: &str, ready: &HashMap<&str, &str>) -> String {
        const CALL: &str = "t(key=\"";
        if !template.contains(CALL) || template.contains("raw %}") || template.contains("raw -%}") {
            return template.to_string();
        }
        let plain =
            |t: &str| !t.contains(['"', '\\', '&', '<', '>', '\'', '\n']) && !t.contains("%}");
        let mut out = String::with_capacity(template.len());
        let mut rest = template;
        // Outside tags: copy up to the next `{{` or `{%`; inside: replace calls up to its end.
        while let Some(open) = rest.find("{{").into_iter().chain(rest.find("{%")).min() {
            out.push_str(&rest[..open]);
            let close = if rest[open..].starts_with("{{") {
                "}}"
            } else {
                "%}"
            };
            let Some(len) = rest[open..].find(close).map(|e| e + 2) else {
                break;
            };
            let mut tag = &rest[open..open + len];
            while let Some(at) = tag.find(CALL) {
                let after = &tag[at + CALL.len()..];
                let call = after.find("\")").map(|end| (&after[..end], end));
                match call.and_then(|(key, end)| Some((ready.get(key).filter(|t| plain(t))?, end)))
                {
                    Some((text, end)) => {
                        out.push_str(&tag[..at]);
                        out.push('"');
                        out.push_str(text);
                        out.push('"');
                        tag = &after[end + 2..];
                    }
                    None => {
                        out.push_str(&tag[..at + CALL.len()]);
                        tag = after;
                    }
                }
            }
            out.push_str(tag);
            rest = &rest[open + len..];
        }
        out.push_str(rest);
        out
    }

    pub fn raw(&self, key: &str) -> Result<&str, String> {
        if let Some(t) = self.own.get(key) {
            return Ok(t);
        }
        let Some(t) = self.fallback.get(key) else {
            return Err(format!(
                "t(): unknown key `{key}` (not in src/render/i18n/{BASE}.yaml nor the site's \
                 {I18N_DIR}/{BASE}.yaml)"
            ));
        };
        if let Some(file) = &self.own_file {
            let first = self
                .warned
                .lock()
                .map(|mut w| w.insert(key.to_string()))
                .unwrap_or(false);
            if first {
                crate::error::warn(format_args!("{file}: missing key `{key}` (using {BASE})"));
            }
        }
        Ok(t)
    }

    /// The keys warned about so far (missing in the edition's file), sorted.
    pub fn warned(&self) -> Vec<String> {
        let mut w: Vec<String> = self
            .warned
            .lock()
            .map(|w| w.iter().cloned().collect())
            .unwrap_or_default();
        w.sort();
        w
    }

    /// `key` with its placeholders filled from `args` (for the words Rust writes; a key
    /// zh-CN lacks yields the key itself).
    pub fn tr(&self, key: &str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
        match self.raw(key) {
            Ok(text) => fill(text, |name| {
                args.iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| Cow::Owned(v.to_string()))
            }),
            Err(_) => key.to_string(),
        }
    }
}

/// `text` with each `{name}` whose value `arg` knows replaced by it; other braces stay.
pub fn fill<'a>(text: &str, arg: impl Fn(&str) -> Option<Cow<'a, str>>) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let name_len = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(after.len());
        let value = (name_len > 0 && after[name_len..].starts_with('}'))
            .then(|| arg(&after[..name_len]))
            .flatten();
        match value {
            Some(v) => {
                out.push_str(&v);
                rest = &after[name_len + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A built-in text of `code` (no site files): the default menu's names, made before the
/// renderer exists. Falls back like [`I18n`] does, without warnings.
pub fn built_in_text(code: &str, key: &str) -> String {
    built_in_of(code)
        .and_then(|t| t.get(key))
        .or_else(|| built_in_of(BASE).and_then(|t| t.get(key)))
        .cloned()
        .unwrap_or_else(|| key.to_string())
}

/// One i18n file: a flat map of `key: text` (numbers and booleans are text too).
fn parse(text: &str, rel: &Path) -> Result<Texts, Error> {
    let value = crate::yaml::parse(text).map_err(|e| {
        Error::in_file(rel, format!("invalid YAML: {}", e.describe(0))).at(e.line, e.column)
    })?;
    let map = match value {
        serde_json::Value::Null => return Ok(Texts::new()),
        serde_json::Value::Object(m) => m,
        _ => {
            return Err(
                Error::in_file(rel, "an i18n file is a map of `key: text` lines")
                    .at(first_content_line(text), None),
            )
        }
    };
    let mut out = Texts::new();
    for (key, v) in map {
        let text_of = match v {
            serde_json::Value::String(s) => s,
            serde_json::Value::Number(n) => n.to_string(),
            serde_json::Value::Bool(b) => b.to_string(),
            _ => {
                return Err(Error::in_file(
                    rel,
                    format!("`{key}`: the text must be a string (quote it)"),
                )
                .at(key_line(text, &key), None))
            }
        };
        out.insert(key, text_of);
    }
    Ok(out)
}

fn first_content_line(text: &str) -> Option<usize> {
    text.lines()
        .position(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .map(|i| i + 1)
}

/// The line where `key:` starts (top level), when it can be found.
fn key_line(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|l| {
            let l = l.trim_start_matches('\u{feff}');
            l.strip_prefix(key)
                .or_else(|| {
                    l.strip_prefix('"')
                        .and_then(|r| r.strip_prefix(key))
                        .and_then(|r| r.strip_prefix('"'))
                })
                .is_some_and(|r| r.trim_start().starts_with(':'))
        })
        .map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::variants::opencc::Table;

    fn site(files: &[(&str, &str)]) -> Vec<(PathBuf, String)> {
        files
            .iter()
            .map(|(p, t)| (PathBuf::from(p), t.to_string()))
            .collect()
    }

    #[test]
    fn built_in_files_parse_and_cover_zh_cn() {
        let base = built_in_of(BASE).unwrap();
        assert!(base.len() > 50);
        for (code, texts) in built_in() {
            for key in texts.keys() {
                assert!(base.contains_key(key), "{code}: `{key}` is not in zh-CN");
            }
            for key in base.keys() {
                assert!(texts.contains_key(key), "{code} lacks `{key}`");
            }
        }
    }

    #[test]
    fn lookup_order() {
        // Exact code, case aside, with its own file.
        let en = I18n::new("en", &[], None).unwrap();
        assert_eq!(en.raw("next_article").unwrap(), "Next");
        let tw = I18n::new("zh-tw", &[], Some(&Converter::new(Table::S2twp))).unwrap();
        assert_eq!(tw.raw("page_n").unwrap(), "第 {n} 頁");
        // A variant without a file: zh-CN converted.
        let hk = I18n::new("zh-HK", &[], Some(&Converter::new(Table::S2hk))).unwrap();
        assert_eq!(hk.raw("related").unwrap(), "相關閲讀");
        // Any other language without a file: zh-CN as it is.
        let fr = I18n::new("fr", &[], None).unwrap();
        assert_eq!(fr.raw("related").unwrap(), "相关阅读");
        assert!(fr.warned().is_empty());
        let cn = I18n::new("zh-CN", &[], None).unwrap();
        assert_eq!(cn.raw("home").unwrap(), "首页");
        assert!(cn.raw("no_such_key").unwrap_err().contains("`no_such_key`"));
    }

    #[test]
    fn placeholders_are_filled() {
        let cn = I18n::new("zh-CN", &[], None).unwrap();
        assert_eq!(cn.tr("page_n", &[("n", &3)]), "第 3 页");
        assert_eq!(
            cn.tr("page_info", &[("n", &2), ("total", &5), ("items", &"48")]),
            "第 2 / 5 页，共 48 篇"
        );
        let f = |t: &str| fill(t, |n| (n == "a").then_some(Cow::Borrowed("X")));
        assert_eq!(f("{a}{b}{ a}{}{a"), "X{b}{ a}{}{a");
        assert_eq!(f("前{a}后"), "前X后");
    }

    #[test]
    fn missing_key_falls_back_with_one_warning() {
        let files = site(&[("i18n/fr.yaml", "home: Accueil\n")]);
        let fr = I18n::new("fr", &files, None).unwrap();
        assert_eq!(fr.raw("home").unwrap(), "Accueil");
        assert_eq!(fr.raw("related").unwrap(), "相关阅读");
        assert_eq!(fr.raw("related").unwrap(), "相关阅读");
        assert_eq!(fr.warned(), ["related"]);
        assert_eq!(fr.own_file.as_deref(), Some("i18n/fr.yaml"));
        // A site key added to zh-CN only: the other built-in languages warn too.
        let files = site(&[("i18n/zh-CN.yaml", "sponsor: 赞助\n")]);
        let en = I18n::new("en", &files, None).unwrap();
        assert_eq!(en.raw("sponsor").unwrap(), "赞助");
        assert_eq!(en.warned(), ["sponsor"]);
    }

    #[test]
    fn words_in_expressions_become_literals_when_nothing_changes() {
        let files = site(&[("i18n/zh-CN.yaml", "home: 首页 & 要闻\n")]);
        let cn = I18n::new("zh-CN", &files, None).unwrap();
        let tpl = "<p>t(key=\"tags\")</p>{{ d | date(format=t(key=\"date_format\")) }}\
                   {% if x == t(key=\"tags\") %}{{ t(key=\"home\") }}{% endif %}\
                   {{ t(key=\"tags\") ~ t(key=\"home\") }}";
        assert_eq!(
            cn.inline(tpl),
            "<p>t(key=\"tags\")</p>{{ d | date(format=\"%Y年%-m月%-d日\") }}\
             {% if x == \"标签\" %}首页 & 要闻{% endif %}\
             {{ \"标签\" ~ t(key=\"home\") }}",
            "outside tags, and texts escaping would change, stay calls (a whole `{{ t() }}` \
             is the text itself, as before)"
        );
        let raw = "{% raw %}{{ t(key=\"tags\") ~ \"\" }}{% endraw %}";
        assert_eq!(cn.inline(raw), raw);
    }

    #[test]
    fn site_files_override_keys() {
        let files = site(&[
            ("i18n/zh-CN.yaml", "\u{feff}# 本站用词\nrelated: 延伸阅读\n"),
            ("i18n/en.yaml", "next_article: Newer\n"),
        ]);
        let cn = I18n::new("zh-CN", &files, None).unwrap();
        assert_eq!(cn.raw("related").unwrap(), "延伸阅读");
        assert_eq!(cn.raw("home").unwrap(), "首页");
        let en = I18n::new("en", &files, None).unwrap();
        assert_eq!(en.raw("next_article").unwrap(), "Newer");
        assert_eq!(en.raw("prev_article").unwrap(), "Previous");
        // The override reaches a converted variant too.
        let hk = I18n::new("zh-HK", &files, Some(&Converter::new(Table::S2hk))).unwrap();
        assert_eq!(hk.raw("related").unwrap(), "延伸閲讀");
    }

    #[test]
    fn bad_files_are_errors_at_their_line() {
        let files = site(&[("i18n/en.yaml", "home: Home\nnext_article: [Next\nx: y\n")]);
        let errs = I18n::new("en", &files, None).unwrap_err();
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].file.as_deref(), Some(Path::new("i18n/en.yaml")));
        assert!(errs[0].line.is_some_and(|l| l >= 2), "{:?}", errs[0]);
        assert!(
            errs[0].message.contains("invalid YAML"),
            "{}",
            errs[0].message
        );
        let files = site(&[("i18n/zh-CN.yaml", "home: 首页\nrelated:\n  - a\n")]);
        let errs = I18n::new("zh-CN", &files, None).unwrap_err();
        assert_eq!(errs[0].line, Some(2));
        assert!(errs[0].message.contains("`related`"), "{}", errs[0].message);
        // A file of another language is not read at all.
        let files = site(&[("i18n/de.yaml", "[")]);
        assert!(I18n::new("en", &files, None).is_ok());
    }
}
