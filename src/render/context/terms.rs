//! Taxonomy and term values: `taxonomy` / `terms` / `term` in the templates, and the labels
//! of the default taxonomies in the edition's language.

use super::*;

/// A taxonomy's label: one left at its zh-CN default (标签, 分类, 作者, 专题) is the built-in
/// word of the edition's language (Tags in `en`); one set in config.yaml stays as written.
pub(super) fn label_of(def: &crate::config::TaxonomyDef, language: &str) -> String {
    const DEFAULTS: &[(&str, &str)] = &[
        ("tags", "标签"),
        ("categories", "分类"),
        ("authors", "作者"),
        ("series", "专题"),
    ];
    match DEFAULTS.iter().find(|(n, _)| *n == def.name) {
        Some((name, label)) if def.label == *label => {
            crate::render::i18n::built_in_text(language, name)
        }
        _ => def.label.clone(),
    }
}

pub(super) fn taxonomy_value(
    def: &crate::config::TaxonomyDef,
    base_path: &str,
    language: &str,
) -> Value {
    let mut m = Obj::new();
    m.insert("kind", def.name.as_str().into());
    m.insert("name", def.name.as_str().into());
    m.insert("label", label_of(def, language).into());
    m.insert("slug", def.slug.as_str().into());
    m.insert("list", def.list.into());
    m.insert("feed", def.feed.into());
    m.insert(
        "sort",
        match def.sort {
            crate::config::TermSort::Date => "date",
            crate::config::TermSort::Oldest => "oldest",
        }
        .into(),
    );
    m.insert("url", join_url(base_path, &format!("{}/", def.slug)).into());
    Value::from(m)
}

/// One term's value; an author's carries the registry's bio, avatar and links.
pub(super) fn term_value(
    t: &crate::site::Term,
    config: &Config,
    base_path: &str,
    base_url: &str,
) -> Value {
    let mut m = Obj::new();
    m.insert("name", t.name.as_str().into());
    m.insert("slug", t.slug.as_str().into());
    m.insert("url", join_url(base_path, &t.url).into());
    m.insert(
        "permalink",
        format!("{base_url}{}", encode_path(&t.url)).into(),
    );
    m.insert("count", t.articles.len().into());
    if let Some(author) = t.author.as_ref().and_then(|id| config.authors.get(id)) {
        m.insert("id", t.author.as_deref().unwrap_or_default().into());
        m.insert("bio", opt(&author.bio));
        m.insert(
            "avatar",
            match safe_url(&author.avatar, UrlUse::Image) {
                Some(c) if c.starts_with('/') => join_url(&config.asset_base_path(), &c).into(),
                other => opt(&other),
            },
        );
        let links: Vec<Value> = author
            .link_list()
            .into_iter()
            .map(|(name, url)| {
                let mut lm = Obj::new();
                lm.insert("name", name.into());
                lm.insert("url", url.into());
                Value::from(lm)
            })
            .collect();
        m.insert("links", Value::from(links));
    }
    Value::from(m)
}
