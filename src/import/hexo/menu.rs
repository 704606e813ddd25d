//! The Hexo theme's `menu:` → kuaixun's `menu:` in `config.yaml`.
//!
//! Hexo gives a theme its `themes/<theme>/_config.yml` (or, for a theme installed with npm,
//! `node_modules/hexo-theme-<theme>/_config.yml`), merged key by key with `theme_config:`
//! of the site's `_config.yml` and then with `_config.<theme>.yml` (Hexo 5+). The `menu:`
//! of that merge is read (else a `menu:` in the site's `_config.yml`): `名称: /path/` as in
//! landscape, or NexT's `key: /path/ || fa fa-icon` (the icon is dropped, NexT's own keys
//! get the names NexT shows in Chinese). An entry whose URL is an imported page becomes
//! `page: <its path under content/pages>`, others `url:`.

use std::collections::HashMap;
use std::path::Path;

use serde_yaml::{Mapping, Value as Yaml};

/// One entry of kuaixun's menu.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub name: String,
    /// `("page", "about")` or `("url", "/archives/")`.
    pub key: &'static str,
    pub value: String,
}

/// The theme's menu as Hexo merges it, and where it was found; `None` without one.
pub fn find(src: &Path, site: &Yaml, notes: &mut Vec<String>) -> Option<(Mapping, String)> {
    let theme = site.get("theme").and_then(Yaml::as_str).map(str::trim);
    let mut merged: Option<(Mapping, String)> = None;
    let mut layer = |m: Option<&Yaml>, from: String| {
        if let Some(Yaml::Mapping(m)) = m {
            let (base, origin) = merged.get_or_insert_with(|| (Mapping::new(), String::new()));
            for (k, v) in m {
                base.insert(k.clone(), v.clone());
            }
            *origin = from;
        }
    };
    if let Some(theme) = theme.filter(|t| !t.is_empty()) {
        for file in [
            format!("themes/{theme}/_config.yml"),
            format!("node_modules/hexo-theme-{theme}/_config.yml"),
        ] {
            if let Some(cfg) = read(src, &file, notes) {
                layer(cfg.get("menu"), file);
                break;
            }
        }
        layer(
            site.get("theme_config").and_then(|t| t.get("menu")),
            "_config.yml (theme_config)".into(),
        );
        let alt = format!("_config.{theme}.yml");
        if let Some(cfg) = read(src, &alt, notes) {
            layer(cfg.get("menu"), alt);
        }
    }
    if merged.is_none() {
        if let Some(Yaml::Mapping(m)) = site.get("menu") {
            return Some((m.clone(), "_config.yml".into()));
        }
    }
    merged
}

/// A YAML file of the Hexo site, or `None` (a note says why when it exists but is invalid).
pub fn read(src: &Path, rel: &str, notes: &mut Vec<String>) -> Option<Yaml> {
    let text = std::fs::read_to_string(src.join(rel)).ok()?;
    let text = text.trim_start_matches('\u{feff}');
    // The crate's reader first: it refuses alias bombs and names the line.
    if let Err(e) = crate::yaml::parse(text) {
        notes.push(format!(
            "{rel}: invalid YAML ({}); its menu is not read",
            e.message
        ));
        return None;
    }
    serde_yaml::from_str(text).ok()
}

/// NexT's menu keys and the names its zh-CN translation shows.
const NEXT_NAMES: &[(&str, &str)] = &[
    ("home", "首页"),
    ("archives", "归档"),
    ("tags", "标签"),
    ("categories", "分类"),
    ("about", "关于"),
];

/// Convert the entries, in their order. `pages` maps the URLs of imported pages
/// (`/about/`, `/about`, `/about/index.html`) to their path under `content/pages`.
pub fn convert(
    menu: &Mapping,
    origin: &str,
    pages: &HashMap<String, String>,
    zh: bool,
    notes: &mut Vec<String>,
) -> Vec<Entry> {
    let mut out = Vec::new();
    for (k, v) in menu {
        let key = match k {
            Yaml::String(s) => s.trim().to_string(),
            Yaml::Number(n) => n.to_string(),
            _ => continue,
        };
        let target = match v {
            Yaml::String(s) => s.split("||").next().unwrap_or("").trim().to_string(),
            Yaml::Null => continue,
            _ => {
                notes.push(format!(
                    "{origin}: menu entry `{key}` is a sub-menu; kuaixun menus are flat, so it is not imported"
                ));
                continue;
            }
        };
        if key.is_empty() || target.is_empty() {
            continue;
        }
        let name = NEXT_NAMES
            .iter()
            .find(|(k, _)| zh && *k == key)
            .map_or(key.clone(), |(_, zh)| zh.to_string());
        let external = target.contains("://") || target.starts_with("mailto:");
        let url = if external || target.starts_with('/') {
            target
        } else {
            format!("/{target}")
        };
        let entry = match pages.get(&url) {
            Some(page) if !external => Entry {
                name,
                key: "page",
                value: page.clone(),
            },
            _ => Entry {
                name,
                key: "url",
                value: url,
            },
        };
        out.push(entry);
    }
    out
}

/// The `menu:` block of `config.yaml` (empty without entries).
pub fn yaml(entries: &[Entry]) -> String {
    if entries.is_empty() {
        return String::new();
    }
    let mut out = String::from("\n# 导航菜单（由 Hexo 主题的 menu 转换）\nmenu:\n");
    for e in entries {
        let lines = crate::yaml::front_matter(&[
            ("name".into(), e.name.clone().into()),
            (e.key.into(), e.value.clone().into()),
        ]);
        for (i, line) in lines.lines().enumerate() {
            out.push_str(if i == 0 { "  - " } else { "    " });
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_and_landscape_forms() {
        let site: Yaml = serde_yaml::from_str(
            "menu:\n  home: / || fa fa-home\n  关于我们: /about/ || fa fa-user\n  tags: /tags/ || fa fa-tags\n  GitHub: https://github.com/example || fab fa-github\n  docs:\n    default: /docs/ || fa fa-book\n  archives: archives/\n",
        )
        .unwrap();
        let Yaml::Mapping(menu) = &site["menu"] else {
            panic!()
        };
        let pages = HashMap::from([("/about/".to_string(), "about".to_string())]);
        let mut notes = Vec::new();
        let entries = convert(menu, "_config.yml", &pages, true, &mut notes);
        let got: Vec<(&str, &str, &str)> = entries
            .iter()
            .map(|e| (e.name.as_str(), e.key, e.value.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("首页", "url", "/"),
                ("关于我们", "page", "about"),
                ("标签", "url", "/tags/"),
                ("GitHub", "url", "https://github.com/example"),
                ("归档", "url", "/archives/"),
            ]
        );
        assert!(notes[0].contains("`docs` is a sub-menu"), "{notes:?}");
        // Not zh: NexT's keys stay.
        let entries = convert(menu, "_config.yml", &pages, false, &mut notes);
        assert_eq!(entries[0].name, "home");
        assert_eq!(
            yaml(&entries[..2]),
            "\n# 导航菜单（由 Hexo 主题的 menu 转换）\nmenu:\n  - name: home\n    url: /\n  - name: 关于我们\n    page: about\n"
        );
    }
}
