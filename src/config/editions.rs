//! `variants:` in config.yaml: the script editions of the site. The main edition is the
//! Simplified source (`language`, at the site root); each variant is the whole site again,
//! converted, under its own path (`zh-TW` → `/zh-tw/`).

use super::{key_line, list_item_line, Config};
use crate::error::{Error, Result};
use crate::variants::opencc::Table;

/// One edition of the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edition {
    /// BCP 47 tag, as `<html lang>` and `hreflang` print it (`zh-CN`, `zh-TW`).
    pub code: String,
    /// URL path under the site root, `""` for the main edition, else `zh-tw/`.
    pub prefix: String,
    /// The name the edition switch shows (简体, 繁體（台灣）).
    pub label: String,
    /// The OpenCC table it is converted with (`None`: the main edition, or a language).
    pub table: Option<Table>,
    /// A `languages:` edition: made of translation files (`foo.en.md`), not converted.
    pub translated: bool,
    /// A language's own site title and description (`languages: [{code: en, title: …}]`).
    pub title: Option<String>,
    pub description: Option<String>,
}

/// One `languages:` entry as written: `en`, or `{code: en, label: English, title: …}`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(untagged)]
pub enum LanguageEntry {
    Code(String),
    Full(LanguageFull),
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LanguageFull {
    pub code: String,
    #[serde(default)]
    pub label: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
}

/// The names the language switch shows when `label` is not given.
const LABELS: &[(&str, &str)] = &[
    ("en", "English"),
    ("ja", "日本語"),
    ("ko", "한국어"),
    ("fr", "Français"),
    ("de", "Deutsch"),
    ("es", "Español"),
    ("ru", "Русский"),
    ("pt", "Português"),
    ("vi", "Tiếng Việt"),
];

/// `en`, `pt-BR`, `zh-Hant-TW`: letters and digits in `-`-separated parts.
fn is_language_tag(code: &str) -> bool {
    !code.is_empty()
        && code.len() <= 35
        && code
            .split('-')
            .all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
        && code.as_bytes()[0].is_ascii_alphabetic()
}

/// The variants kuaixun converts to: (code, table, label).
pub const KNOWN: &[(&str, Table, &str)] = &[
    ("zh-TW", Table::S2twp, "繁體（台灣）"),
    ("zh-HK", Table::S2hk, "繁體（香港）"),
    ("zh-MO", Table::S2hk, "繁體（澳門）"),
    ("zh-Hant", Table::S2t, "繁體"),
];

/// Main-edition languages the variants can be converted from.
const SIMPLIFIED: &[&str] = &["zh", "zh-cn", "zh-hans", "zh-hans-cn", "zh-sg", "zh-my"];

/// The editions `config` asks for: the main one first, then each variant in config order;
/// empty without `variants:`.
pub fn resolve(config: &Config, text: &str) -> Result<Vec<Edition>> {
    if config.variants.is_empty() && config.languages.is_empty() {
        return Ok(Vec::new());
    }
    let mut editions = variants(config, text)?;
    let line_of = |i: usize| list_item_line(text, "languages", i).or(key_line(text, "languages"));
    for (i, entry) in config.languages.iter().enumerate() {
        let full = match entry {
            LanguageEntry::Code(c) => LanguageFull {
                code: c.clone(),
                label: None,
                title: None,
                description: None,
            },
            LanguageEntry::Full(f) => f.clone(),
        };
        let code = full.code.trim().to_string();
        if !is_language_tag(&code) {
            return Err(Error::new(format!(
                "languages: `{code}` is not a language tag (write `en`, `ja`, `pt-BR`)"
            ))
            .at(line_of(i), None));
        }
        if editions.iter().any(|e| e.code.eq_ignore_ascii_case(&code))
            || code.eq_ignore_ascii_case(&config.language)
        {
            return Err(Error::new(format!(
                "languages: `{code}` is listed twice (or is the site's `language`, or a variant)"
            ))
            .at(line_of(i), None));
        }
        if KNOWN.iter().any(|k| k.0.eq_ignore_ascii_case(&code)) {
            return Err(Error::new(format!(
                "languages: `{code}` is a script variant: list it under `variants:`, which converts it"
            ))
            .at(line_of(i), None));
        }
        let label = full.label.clone().unwrap_or_else(|| {
            let primary = code
                .split('-')
                .next()
                .unwrap_or_default()
                .to_ascii_lowercase();
            LABELS
                .iter()
                .find(|l| l.0 == primary)
                .map_or(code.clone(), |l| l.1.to_string())
        });
        editions.push(Edition {
            prefix: format!("{}/", code.to_ascii_lowercase()),
            code,
            label,
            table: None,
            translated: true,
            title: full.title,
            description: full.description,
        });
    }
    Ok(editions)
}

/// The main edition and the `variants:`.
fn variants(config: &Config, text: &str) -> Result<Vec<Edition>> {
    if config.variants.is_empty() {
        return Ok(vec![main_edition(config)]);
    }
    let line_of = |i: usize| list_item_line(text, "variants", i).or(key_line(text, "variants"));
    if !SIMPLIFIED.contains(&config.language.to_ascii_lowercase().as_str()) {
        return Err(Error::new(format!(
            "variants: editions are converted from Simplified Chinese, but `language` is `{}` \
             (use zh-CN for the main edition)",
            config.language
        ))
        .at(key_line(text, "variants"), None));
    }
    let mut editions = vec![main_edition(config)];
    for (i, v) in config.variants.iter().enumerate() {
        let Some(&(code, table, label)) = KNOWN.iter().find(|k| k.0.eq_ignore_ascii_case(v)) else {
            let known: Vec<&str> = KNOWN.iter().map(|k| k.0).collect();
            return Err(Error::new(format!(
                "variants: unknown variant `{v}` (kuaixun converts to {})",
                known.join(", ")
            ))
            .at(line_of(i), None));
        };
        if editions.iter().any(|e| e.code == code) {
            return Err(
                Error::new(format!("variants: `{code}` is listed twice")).at(line_of(i), None)
            );
        }
        editions.push(Edition {
            code: code.into(),
            prefix: format!("{}/", code.to_ascii_lowercase()),
            label: label.into(),
            table: Some(table),
            translated: false,
            title: None,
            description: None,
        });
    }
    Ok(editions)
}

fn main_edition(config: &Config) -> Edition {
    let zh = config.language.to_ascii_lowercase().starts_with("zh");
    Edition {
        code: config.language.clone(),
        prefix: String::new(),
        label: match (zh, config.variants.is_empty()) {
            (true, false) => "简体",
            (true, true) => "中文",
            _ => config.language.as_str(),
        }
        .into(),
        table: None,
        translated: false,
        title: None,
        description: None,
    }
}

impl Config {
    /// The config an edition renders with: its pages under its path (`base_url` with the
    /// prefix), its language; static files stay at the site root ([`Config::asset_base_path`]).
    pub fn for_edition(&self, i: usize) -> Config {
        let mut c = self.clone();
        let Some(e) = self.editions.get(i) else {
            return c;
        };
        c.edition = i;
        if c.root_base_url.is_empty() {
            c.root_base_url = self.base_url.clone();
        }
        c.base_url = format!("{}/{}", c.root_base_url.trim_end_matches('/'), e.prefix);
        c.language = e.code.clone();
        if let Some(t) = &e.title {
            c.title = t.clone();
        }
        if let Some(d) = &e.description {
            c.description = d.clone();
        }
        c
    }

    /// The base path of static files, images and bundle assets: the site root's, in every
    /// edition.
    pub fn asset_base_path(&self) -> String {
        if self.root_base_url.is_empty() {
            self.base_path()
        } else {
            super::parse_base_url(&self.root_base_url).unwrap_or_else(|_| "/".into())
        }
    }

    /// The edition this config renders (`None` on a site without variants).
    pub fn current_edition(&self) -> Option<&Edition> {
        self.editions.get(self.edition)
    }

    /// The `base_url` of the site root (the main edition's), with one trailing slash.
    pub fn root_base_url_slash(&self) -> String {
        let root = if self.root_base_url.is_empty() {
            &self.base_url
        } else {
            &self.root_base_url
        };
        super::encode_non_ascii(&format!("{}/", root.trim_end_matches('/')))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editions_and_their_configs() {
        let c = Config::parse("base_url: https://x.cn/news/\nvariants: [zh-tw, zh-HK]\n").unwrap();
        let codes: Vec<&str> = c.editions.iter().map(|e| e.code.as_str()).collect();
        assert_eq!(codes, ["zh-CN", "zh-TW", "zh-HK"]);
        let tw = c.for_edition(1);
        assert_eq!(tw.base_path(), "/news/zh-tw/");
        assert_eq!(tw.base_url_slash(), "https://x.cn/news/zh-tw/");
        assert_eq!(tw.asset_base_path(), "/news/");
        assert_eq!(tw.root_base_url_slash(), "https://x.cn/news/");
        assert_eq!(tw.language, "zh-TW");
        assert_eq!(c.asset_base_path(), "/news/");
    }

    #[test]
    fn languages_are_editions_after_the_variants() {
        let c = Config::parse(
            "variants: [zh-TW]\nlanguages:\n  - en\n  - {code: ja, title: クァイシュン}\n",
        )
        .unwrap();
        let codes: Vec<&str> = c.editions.iter().map(|e| e.code.as_str()).collect();
        assert_eq!(codes, ["zh-CN", "zh-TW", "en", "ja"]);
        assert!(c.editions[2].translated && c.editions[2].label == "English");
        assert_eq!(c.for_edition(3).title, "クァイシュン");
        assert_eq!(c.for_edition(2).base_path(), "/en/");
        let e = Config::parse("languages: [en, EN]\n").unwrap_err();
        assert!(e.message.contains("twice"), "{}", e.message);
        let e = Config::parse("languages:\n  - en\n  - 英语\n").unwrap_err();
        assert!(e.message.contains("not a language tag"), "{}", e.message);
        assert_eq!(e.line, Some(3));
        let e = Config::parse("languages: [zh-TW]\n").unwrap_err();
        assert!(e.message.contains("variants"), "{}", e.message);
    }

    #[test]
    fn bad_variants_name_their_line() {
        let e = Config::parse("title: t\nvariants:\n  - zh-TW\n  - zh-XX\n").unwrap_err();
        assert!(
            e.message.contains("unknown variant `zh-XX`"),
            "{}",
            e.message
        );
        assert_eq!(e.line, Some(4));
        let e = Config::parse("variants: [zh-TW, zh-tw]\n").unwrap_err();
        assert!(e.message.contains("listed twice"), "{}", e.message);
        let e = Config::parse("language: en\nvariants: [zh-TW]\n").unwrap_err();
        assert!(e.message.contains("Simplified"), "{}", e.message);
        assert_eq!(e.line, Some(2));
    }
}
