//! Template values of the content model: section values (`site.sections`, `article.section`,
//! `section`), menus (`site.menu`, `site.footer_menu`), breadcrumbs with their JSON-LD
//! `BreadcrumbList`, and standalone pages (`page.html`).

use std::collections::BTreeMap;

use tera::Value;

use super::{encode_path, join_url};
use crate::content::date::rfc3339;
use crate::site::{Article, MenuItem, Site};

pub type Obj = BTreeMap<&'static str, Value>;

/// One value per section (same order as `sections.list`), each with its sub-sections.
pub fn section_values(site: &Site, base_path: &str, base_url: &str) -> Vec<Value> {
    let st = &site.structure;
    let list = &st.sections.list;
    let mut out: Vec<Option<Value>> = vec![None; list.len()];
    // Children come after parents in the list, so build from the end.
    for i in (0..list.len()).rev() {
        let s = &list[i];
        let mut m = Obj::new();
        m.insert("title", s.doc.title.as_str().into());
        m.insert(
            "description",
            match &s.doc.description {
                Some(d) => d.as_str().into(),
                None => Value::none(),
            },
        );
        m.insert("slug", s.slug.as_str().into());
        let path = s
            .doc
            .dir()
            .strip_prefix(crate::content::CONTENT_DIR)
            .map(crate::content::inventory::slash_path)
            .unwrap_or_default();
        m.insert("path", path.into());
        m.insert("url", join_url(base_path, &s.url).into());
        m.insert(
            "permalink",
            format!("{base_url}{}", encode_path(&s.url)).into(),
        );
        m.insert("count", st.section_articles[i].len().into());
        m.insert("weight", s.doc.weight.into());
        m.insert("feed_url", feed_url(site, i, base_path));
        let subs: Vec<Value> = s
            .children
            .iter()
            .map(|&c| out[c].clone().unwrap_or_else(Value::none))
            .collect();
        m.insert("subsections", Value::from(subs));
        out[i] = Some(Value::from(m));
    }
    out.into_iter()
        .map(|v| v.unwrap_or_else(Value::none))
        .collect()
}

/// A section's Atom feed URL, or none when `feed: false`.
fn feed_url(site: &Site, s: usize, base_path: &str) -> Value {
    let sec = &site.structure.sections.list[s];
    if sec.doc.feed {
        join_url(base_path, &format!("{}atom.xml", sec.url)).into()
    } else {
        Value::none()
    }
}

pub fn menu_value(items: &[MenuItem]) -> Value {
    Value::from(
        items
            .iter()
            .map(|i| {
                let mut m = Obj::new();
                m.insert("name", i.name.as_str().into());
                m.insert("url", i.url.as_str().into());
                m.insert("external", i.external.into());
                m.insert("new_tab", (i.new_tab || i.external).into());
                Value::from(m)
            })
            .collect::<Vec<_>>(),
    )
}

/// One breadcrumb: what it shows, its link, and the name JSON-LD gives it.
pub struct Crumb {
    pub name: String,
    /// Site-relative URL.
    pub url: String,
    pub ld_name: String,
}

/// 首页, then each section of `ancestry` (outermost first).
pub fn section_crumbs(site: &Site, ancestry: &[usize], home: &str) -> Vec<Crumb> {
    let mut out = vec![Crumb {
        name: "首页".into(),
        url: String::new(),
        ld_name: home.to_string(),
    }];
    for &i in ancestry {
        let sec = &site.structure.sections.list[i];
        out.push(Crumb {
            name: sec.doc.title.clone(),
            url: sec.url.clone(),
            ld_name: sec.doc.title.clone(),
        });
    }
    out
}

/// `page.breadcrumbs` and `page.breadcrumb_json_ld`, added to a page value.
pub fn add_breadcrumbs(m: &mut Obj, crumbs: &[Crumb], base_path: &str, base_url: &str) {
    let list: Vec<Value> = crumbs
        .iter()
        .map(|c| {
            let mut cm = Obj::new();
            cm.insert("name", c.name.as_str().into());
            cm.insert("url", join_url(base_path, &c.url).into());
            Value::from(cm)
        })
        .collect();
    let items: Vec<serde_json::Value> = crumbs
        .iter()
        .enumerate()
        .map(|(i, c)| {
            serde_json::json!({
                "@type": "ListItem",
                "position": i + 1,
                "name": c.ld_name,
                "item": format!("{base_url}{}", encode_path(&c.url)),
            })
        })
        .collect();
    let ld = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": items,
    });
    m.insert("breadcrumbs", Value::from(list));
    m.insert("breadcrumb_json_ld", Value::safe_string(&script_safe(&ld)));
}

/// JSON for inside `<script>`: `<`, `>` and `&` escaped.
pub fn script_safe(v: &serde_json::Value) -> String {
    let json = serde_json::to_string(v).unwrap_or_default();
    if !json.contains(['<', '>', '&']) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            c => out.push(c),
        }
    }
    out
}

/// The extra keys of a standalone page's `page` value: content, toc, dates, extra.
pub fn standalone_fields(m: &mut Obj, a: &Article, toc: Value) {
    let meta = &a.doc.meta;
    m.insert("content", Value::safe_string(&a.rendered.html));
    m.insert("show_toc", (meta.toc && a.rendered.toc.len() >= 3).into());
    m.insert("toc", toc);
    m.insert(
        "date",
        if meta.dated {
            rfc3339(&meta.date).into()
        } else {
            Value::none()
        },
    );
    m.insert("updated", meta.updated.as_ref().map(rfc3339).into());
    m.insert("extra", Value::from_serializable(&meta.extra));
}
