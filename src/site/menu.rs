//! `menu:` and `footer_menu:` from config.yaml, resolved against the site: a page or section
//! named by an entry must exist (else an error at the entry's line), URLs get the base path.

use std::path::Path;

use super::Article;
use crate::config::{list_item_line, Config, MenuEntry, CONFIG_FILE};
use crate::content::{Sections, CONTENT_DIR};
use crate::error::Error;

/// One resolved menu entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MenuItem {
    pub name: String,
    /// The link as printed: base path included for the site's own URLs.
    pub url: String,
    /// A URL off this site (a scheme, or `//host`).
    pub external: bool,
    pub new_tab: bool,
}

fn is_external(url: &str) -> bool {
    url.starts_with("//") || crate::markdown::urls::has_scheme(url)
}

/// A site-relative path (`about/`) as a link under the base path.
fn local(config: &Config, rel: &str) -> String {
    crate::render::join_url(&config.base_path(), rel.trim_start_matches('/'))
}

/// Names a page can go by in a menu: its path under `content/pages/` and under `content/`
/// without `.md` (and without `/index` for a bundle), and its slug.
fn page_names(a: &Article) -> Vec<String> {
    let p = a.doc.path.with_extension("");
    let p = if a.doc.bundle {
        p.parent().map(Path::to_path_buf).unwrap_or(p)
    } else {
        p
    };
    let slash = |p: &Path| crate::content::inventory::slash_path(p);
    let mut names = Vec::new();
    if let Ok(r) = p.strip_prefix(Path::new(CONTENT_DIR).join("pages")) {
        names.push(slash(r));
    }
    if let Ok(r) = p.strip_prefix(CONTENT_DIR) {
        names.push(slash(r));
    }
    names.push(a.doc.slug.clone());
    names
}

/// Resolve one menu list; every entry that points nowhere is an error.
pub fn resolve(
    key: &str,
    entries: &[MenuEntry],
    sections: &Sections,
    pages: &[Article],
    config: &Config,
) -> (Vec<MenuItem>, Vec<Error>) {
    let mut items = Vec::new();
    let mut errors = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        let fail = |what: String| {
            Error::in_file(CONFIG_FILE, format!("{key}: `{}`: {what}", e.name))
                .at(list_item_line(&config.source, key, i), None)
        };
        let url = if let Some(u) = &e.url {
            let u = u.trim();
            if is_external(u) {
                u.to_string()
            } else {
                local(config, u)
            }
        } else if let Some(name) = &e.page {
            let want = name.trim().trim_matches('/');
            match pages
                .iter()
                .find(|p| page_names(p).iter().any(|n| n == want))
            {
                Some(p) => local(config, &p.url),
                None => {
                    let known: Vec<String> = pages
                        .iter()
                        .filter_map(|p| page_names(p).into_iter().next())
                        .take(8)
                        .collect();
                    errors.push(fail(format!(
                        "no page `{want}` (pages are files under content/pages/ or with `layout: page`; {})",
                        if known.is_empty() {
                            "this site has none".to_string()
                        } else {
                            format!("known: {}", known.join(", "))
                        }
                    )));
                    continue;
                }
            }
        } else if let Some(name) = &e.section {
            match sections.find(name) {
                Some(s) => local(config, &sections.list[s].url),
                None => {
                    let known: Vec<String> = sections
                        .list
                        .iter()
                        .filter_map(|s| {
                            s.doc
                                .dir()
                                .strip_prefix(CONTENT_DIR)
                                .ok()
                                .map(crate::content::inventory::slash_path)
                        })
                        .take(8)
                        .collect();
                    errors.push(fail(format!(
                        "no section `{}` (a section is a folder under content/ with an `_index.md`; {})",
                        name.trim(),
                        if known.is_empty() {
                            "this site has none".to_string()
                        } else {
                            format!("known: {}", known.join(", "))
                        }
                    )));
                    continue;
                }
            }
        } else {
            continue;
        };
        let external = is_external(&url);
        items.push(MenuItem {
            name: e.name.clone(),
            new_tab: e.new_tab.unwrap_or(false),
            url,
            external,
        });
    }
    (items, errors)
}

/// The header menu of a site whose config has none: 首页, the top-level sections, then
/// 分类, 标签 and 归档 (the links the theme always had), named in the built-in words of the
/// site's `language` (variant editions convert these names with the rest of the model).
pub fn default_menu(sections: &Sections, config: &Config) -> Vec<MenuItem> {
    let word = |key: &str| crate::render::i18n::built_in_text(&config.language, key);
    let item = |name: &str, rel: &str| MenuItem {
        name: name.to_string(),
        url: local(config, rel),
        external: false,
        new_tab: false,
    };
    let mut out = vec![item(&word("home"), "")];
    out.extend(
        sections
            .roots
            .iter()
            .map(|&s| item(&sections.list[s].doc.title, &sections.list[s].url)),
    );
    out.push(item(&word("categories"), "categories/"));
    out.push(item(&word("tags"), "tags/"));
    out.push(item(&word("archives"), "archives/"));
    out
}
