//! Hexo's `_config.yml` → the settings of the new `config.yaml`.

use jiff::tz::TimeZone;
use serde_json::Value;

use crate::config::{check_permalink, Config};
use crate::import::scaffold::SiteSettings;

/// Convert what can be converted; every value that could not be kept is described in the
/// returned notes (with the `_config.yml` key).
pub fn convert(hexo: &Value) -> (SiteSettings, Vec<String>) {
    let mut s = SiteSettings::default();
    let mut notes = Vec::new();
    let text = |key: &str| match hexo.get(key) {
        Some(Value::String(v)) if !v.trim().is_empty() => Some(v.trim().to_string()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    if let Some(t) = text("title") {
        s.title = t;
    }
    match (text("description"), text("subtitle")) {
        (Some(d), _) | (None, Some(d)) => s.description = d,
        (None, None) => s.description = String::new(),
    }
    s.author = text("author");
    if let Some(url) = text("url") {
        if Config::parse(&crate::yaml::front_matter(&[(
            "base_url".into(),
            url.clone().into(),
        )]))
        .is_ok()
        {
            // Hexo's `root` (the path its links start with) wins over the path of `url`.
            s.base_url = match text("root").filter(|r| r.starts_with('/')) {
                Some(root) => {
                    let origin_end = url
                        .find("://")
                        .and_then(|i| url[i + 3..].find('/').map(|j| i + 3 + j))
                        .unwrap_or(url.len());
                    format!("{}{}", &url[..origin_end], root.trim_end_matches('/'))
                }
                None => url,
            };
        } else {
            notes.push(format!(
                "_config.yml: url `{url}` is not a full URL; base_url is `/`"
            ));
        }
    } else if let Some(root) = text("root").filter(|r| r.starts_with('/')) {
        s.base_url = root;
    }
    match hexo.get("language") {
        Some(Value::String(l)) if !l.trim().is_empty() && l != "default" => {
            s.language = language(l.trim())
        }
        Some(Value::Array(items)) => {
            if let Some(Value::String(l)) = items.first() {
                s.language = language(l.trim());
            }
        }
        _ => {}
    }
    // Hexo reads dates in `timezone`, else in the computer's zone: so does the import.
    let system = || {
        TimeZone::try_system()
            .ok()
            .and_then(|z| z.iana_name().map(String::from))
            .filter(|n| TimeZone::get(n).is_ok())
    };
    match text("timezone") {
        Some(tz) if TimeZone::get(&tz).is_ok() => {
            notes.push(format!(
                "dates are read in {tz} (timezone in _config.yml, as Hexo did)"
            ));
            s.timezone = tz;
        }
        other => {
            let why = match &other {
                Some(tz) => format!("_config.yml: timezone `{tz}` is not an IANA zone name"),
                None => "_config.yml: no timezone".to_string(),
            };
            match system() {
                Some(zone) => {
                    notes.push(format!(
                        "{why}; dates are read in {zone}, this computer's zone, as Hexo did (set `timezone:` in config.yaml if the blog was built elsewhere)"
                    ));
                    s.timezone = zone;
                }
                None => notes.push(format!(
                    "{why} and this computer's zone has no IANA name; dates are read in {}",
                    s.timezone
                )),
            }
        }
    }
    match hexo.get("per_page") {
        Some(Value::Number(n)) => match n.as_u64() {
            Some(0) => notes.push(
                "_config.yml: per_page 0 (no pagination) has no kuaixun equivalent; paginate is 10"
                    .into(),
            ),
            Some(n) => s.paginate = n as usize,
            None => notes.push(format!("_config.yml: per_page `{n}` is not a page size")),
        },
        None | Some(Value::Null) => {}
        Some(other) => notes.push(format!("_config.yml: per_page `{other}` is not a number")),
    }
    let hexo_permalink = text("permalink").unwrap_or_else(|| ":year/:month/:day/:title/".into());
    let (permalink, why) = permalink(&hexo_permalink);
    s.permalink = permalink;
    if let Some(why) = why {
        notes.push(format!(
            "_config.yml: {why}; imported posts keep their Hexo URL (`url:` where it differs), new posts use this permalink"
        ));
    }
    if let Some(theme) = text("theme").filter(|t| t != "landscape") {
        notes.push(format!(
            "_config.yml: theme `{theme}` is not imported; the site uses kuaixun's built-in theme (`kuaixun init --with-theme` copies it for editing)"
        ));
    }
    (s, notes)
}

/// `zh-cn` → `zh-CN` (region upper-case), other tags as written.
fn language(l: &str) -> String {
    match l.split_once(['-', '_']) {
        Some((lang, region)) if region.len() == 2 => {
            format!("{}-{}", lang.to_lowercase(), region.to_uppercase())
        }
        _ => l.to_string(),
    }
}

/// Hexo permalink → kuaixun permalink: `:year :month :day` kept, `:title :name :post_title`
/// → `:slug`, `:category` kept (now the first category's slug), `:i_month :i_day` → zero-padded
/// `:month :day`. With any other token the kuaixun default `/:year/:month/:day/:slug/` is used.
/// The second value explains any change of URL.
pub fn permalink(hexo: &str) -> (String, Option<String>) {
    let mut out = String::from("/");
    let mut changed = Vec::new();
    let mut unsupported = Vec::new();
    let mut rest = hexo.trim().trim_start_matches('/');
    while let Some(idx) = rest.find(':') {
        out.push_str(&rest[..idx]);
        let token: String = rest[idx + 1..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        let mapped = match token.as_str() {
            "year" | "month" | "day" | "category" => token.clone(),
            "title" | "name" | "post_title" => "slug".into(),
            "i_month" => {
                changed.push(":i_month → :month (zero-padded)");
                "month".into()
            }
            "i_day" => {
                changed.push(":i_day → :day (zero-padded)");
                "day".into()
            }
            _ => {
                unsupported.push(format!(":{token}"));
                token.clone()
            }
        };
        out.push(':');
        out.push_str(&mapped);
        rest = &rest[idx + 1 + token.len()..];
    }
    out.push_str(rest);
    if !unsupported.is_empty() || check_permalink(&out).is_err() {
        let fallback = "/:year/:month/:day/:slug/".to_string();
        let why = if unsupported.is_empty() {
            format!("permalink `{hexo}` cannot be converted; using `{fallback}`")
        } else {
            format!(
                "permalink `{hexo}` uses {} (no kuaixun equivalent); using `{fallback}`",
                unsupported.join(" ")
            )
        };
        return (fallback, Some(why));
    }
    let why = (!changed.is_empty())
        .then(|| format!("permalink `{hexo}` → `{out}`: {}", changed.join(", ")));
    (out, why)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permalinks() {
        assert_eq!(
            permalink(":year/:month/:day/:title/"),
            ("/:year/:month/:day/:slug/".into(), None)
        );
        assert_eq!(
            permalink("posts/:title.html"),
            ("/posts/:slug.html".into(), None)
        );
        assert_eq!(
            permalink(":category/:name/"),
            ("/:category/:slug/".into(), None)
        );
        let (p, why) = permalink(":year/:i_month/:title/");
        assert_eq!(p, "/:year/:month/:slug/");
        assert!(why.unwrap().contains(":i_month"));
        let (p, why) = permalink("p/:abbrlink.html");
        assert_eq!(p, "/:year/:month/:day/:slug/");
        assert!(why.unwrap().contains(":abbrlink"), "");
    }

    #[test]
    fn config_values() {
        let hexo = crate::yaml::parse(
            "title: 极客早报\nsubtitle: 每天三分钟\nauthor: 小明\nlanguage: zh-cn\ntimezone: Asia/Shanghai\nurl: https://news.example.com/blog\nper_page: 8\npermalink: :year/:month/:title/\ntheme: next\n",
        )
        .unwrap();
        let (s, notes) = convert(&hexo);
        assert_eq!(s.title, "极客早报");
        assert_eq!(s.description, "每天三分钟");
        assert_eq!(s.author.as_deref(), Some("小明"));
        assert_eq!(s.language, "zh-CN");
        assert_eq!(s.base_url, "https://news.example.com/blog");
        assert_eq!(s.paginate, 8);
        assert_eq!(s.permalink, "/:year/:month/:slug/");
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert!(notes[0].contains("dates are read in Asia/Shanghai (timezone in _config.yml"));
        assert!(notes[1].contains("next"));
    }

    #[test]
    fn bad_values_are_noted() {
        let hexo =
            crate::yaml::parse("timezone: 北京时间\nper_page: 0\nurl: example.com\n").unwrap();
        let (s, notes) = convert(&hexo);
        // The computer's zone, as Hexo would use.
        assert!(
            jiff::tz::TimeZone::get(&s.timezone).is_ok(),
            "{}",
            s.timezone
        );
        assert_eq!(s.paginate, 10);
        assert_eq!(s.base_url, "/");
        assert_eq!(notes.len(), 3, "{notes:?}");
        assert!(notes[1].contains("timezone `北京时间`"), "{notes:?}");
        let hexo = crate::yaml::parse("url: https://example.com/old\nroot: /blog/\n").unwrap();
        assert_eq!(convert(&hexo).0.base_url, "https://example.com/blog");
    }
}
