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
    /// The OpenCC table it is converted with (`None`: the main edition).
    pub table: Option<Table>,
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
    if config.variants.is_empty() {
        return Ok(Vec::new());
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
    let mut editions = vec![Edition {
        code: config.language.clone(),
        prefix: String::new(),
        label: "简体".into(),
        table: None,
    }];
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
        });
    }
    Ok(editions)
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
