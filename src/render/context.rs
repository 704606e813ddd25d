//! Template context: the values the theme sees (see ARCHITECTURE.md, "Template context").
//! Article list items and terms are built once per build; pages reuse them by reference.

use std::collections::BTreeMap;

use rayon::prelude::*;
use tera::{Context, Value};

use super::{encode_path, join_url};
use crate::config::Config;
use crate::content::date::rfc3339;
use crate::site::{Page, Paginator, Site, TaxonomyKind};

/// How many page links a paginator offers on each side of the current page.
const PAGE_WINDOW: usize = 3;

/// Values shared by all pages of one build.
pub struct SiteValues {
    site: Value,
    base_path: String,
    base_url: String,
    description: String,
    site_title: String,
    /// One list item per article (same order as `Site::articles`).
    items: Vec<Value>,
    tags: Vec<Value>,
    categories: Vec<Value>,
}

type Obj = BTreeMap<&'static str, Value>;

fn opt(s: &Option<String>) -> Value {
    match s {
        Some(s) => Value::from(s.as_str()),
        None => Value::none(),
    }
}

impl SiteValues {
    pub fn new(site: &Site, config: &Config) -> SiteValues {
        let base_path = config.base_path();
        let base_url = config.base_url_slash();
        let mut s = Obj::new();
        s.insert("title", config.title.as_str().into());
        s.insert("description", config.description.as_str().into());
        s.insert("base_url", base_url.as_str().into());
        s.insert("base_path", base_path.as_str().into());
        s.insert("language", config.language.as_str().into());
        s.insert("timezone", config.timezone.as_str().into());
        let term_values = |kind: TaxonomyKind| -> Vec<Value> {
            site.taxonomy(kind)
                .terms
                .iter()
                .map(|t| {
                    let mut m = Obj::new();
                    m.insert("name", t.name.as_str().into());
                    m.insert("slug", t.slug.as_str().into());
                    m.insert("url", join_url(&base_path, &t.url).into());
                    m.insert("count", t.articles.len().into());
                    Value::from(m)
                })
                .collect()
        };
        let tags = term_values(TaxonomyKind::Tags);
        let categories = term_values(TaxonomyKind::Categories);
        let default_author = config.author.clone();
        let items = site
            .articles
            .par_iter()
            .map(|a| {
                let meta = &a.doc.meta;
                let mut m = Obj::new();
                m.insert("title", meta.title.as_str().into());
                m.insert("slug", a.doc.slug.as_str().into());
                m.insert("url", join_url(&base_path, &a.url).into());
                m.insert(
                    "permalink",
                    format!("{base_url}{}", encode_path(&a.url)).into(),
                );
                m.insert("date", rfc3339(&meta.date).into());
                m.insert("updated", meta.updated.as_ref().map(rfc3339).into());
                m.insert(
                    "tags",
                    Value::from(a.tags.iter().map(|&t| tags[t].clone()).collect::<Vec<_>>()),
                );
                m.insert(
                    "categories",
                    Value::from(
                        a.categories
                            .iter()
                            .map(|&t| categories[t].clone())
                            .collect::<Vec<_>>(),
                    ),
                );
                m.insert(
                    "author",
                    match meta.author.as_ref().or(default_author.as_ref()) {
                        Some(s) => s.as_str().into(),
                        None => Value::none(),
                    },
                );
                m.insert("source", opt(&meta.source));
                m.insert("source_url", opt(&meta.source_url));
                m.insert(
                    "cover",
                    match &meta.cover {
                        Some(c) if c.starts_with('/') => join_url(&base_path, c).into(),
                        other => opt(other),
                    },
                );
                m.insert("summary", Value::safe_string(&a.summary_html));
                m.insert("word_count", a.word_count.into());
                m.insert("reading_time", a.reading_time.into());
                m.insert("draft", meta.draft.into());
                Value::from(m)
            })
            .collect();
        SiteValues {
            site: Value::from(s),
            base_path,
            base_url,
            description: config.description.clone(),
            site_title: config.title.clone(),
            items,
            tags,
            categories,
        }
    }

    fn terms(&self, kind: TaxonomyKind) -> &[Value] {
        match kind {
            TaxonomyKind::Tags => &self.tags,
            TaxonomyKind::Categories => &self.categories,
        }
    }

    fn page_value(&self, kind: &str, title: &str, url: &str, description: &str) -> Value {
        let mut m = Obj::new();
        m.insert("kind", kind.into());
        m.insert("title", title.into());
        m.insert("url", join_url(&self.base_path, url).into());
        m.insert(
            "permalink",
            format!("{}{}", self.base_url, encode_path(url)).into(),
        );
        m.insert("description", description.into());
        Value::from(m)
    }

    fn paginator_value(&self, p: &Paginator<'_>) -> Value {
        let url = |n: usize| Value::from(join_url(&self.base_path, &p.url(n)));
        let mut m = Obj::new();
        m.insert(
            "items",
            Value::from(p.items().map(|i| self.items[i].clone()).collect::<Vec<_>>()),
        );
        m.insert("number", p.number.into());
        m.insert("total_pages", p.total_pages.into());
        m.insert("total_items", p.total_items.into());
        m.insert(
            "prev_url",
            if p.number > 1 {
                url(p.number - 1)
            } else {
                Value::none()
            },
        );
        m.insert(
            "next_url",
            if p.number < p.total_pages {
                url(p.number + 1)
            } else {
                Value::none()
            },
        );
        m.insert("first_url", url(1));
        m.insert("last_url", url(p.total_pages));
        let lo = p.number.saturating_sub(PAGE_WINDOW).max(1);
        let hi = (p.number + PAGE_WINDOW).min(p.total_pages);
        let pages: Vec<Value> = (lo..=hi)
            .map(|n| {
                let mut pm = Obj::new();
                pm.insert("number", n.into());
                pm.insert("url", url(n));
                pm.insert("current", (n == p.number).into());
                Value::from(pm)
            })
            .collect();
        m.insert("pages", Value::from(pages));
        Value::from(m)
    }
}

fn taxonomy_value(kind: TaxonomyKind, base_path: &str) -> Value {
    let mut m = Obj::new();
    m.insert("kind", kind.dir().into());
    m.insert("label", kind.label().into());
    m.insert(
        "url",
        join_url(base_path, &format!("{}/", kind.dir())).into(),
    );
    Value::from(m)
}

/// The template name and context for one page.
pub fn page_context(site: &Site, v: &SiteValues, page: Page) -> (&'static str, Context) {
    let mut ctx = Context::new();
    ctx.insert_value("site", v.site.clone());
    let url = site.page_url(page);
    let template = match page {
        Page::Index(_) => {
            let p = site.paginator(page).expect("index has a paginator");
            let title = if p.number > 1 {
                format!("第 {} 页", p.number)
            } else {
                v.site_title.clone()
            };
            ctx.insert_value("page", v.page_value("index", &title, &url, &v.description));
            ctx.insert_value("paginator", v.paginator_value(&p));
            "index.html"
        }
        Page::Article(i) => {
            let a = &site.articles[i];
            let mut m = v.items[i].as_map().cloned().unwrap_or_default();
            m.insert("content".into(), Value::safe_string(&a.rendered.html));
            let toc: Vec<Value> = a
                .rendered
                .toc
                .iter()
                .map(|h| {
                    let mut hm = Obj::new();
                    hm.insert("level", h.level.into());
                    hm.insert("id", h.id.as_str().into());
                    hm.insert("title", h.title.as_str().into());
                    Value::from(hm)
                })
                .collect();
            m.insert("toc".into(), Value::from(toc));
            m.insert("extra".into(), Value::from_serializable(&a.doc.meta.extra));
            m.insert("prev".into(), a.prev.map(|j| v.items[j].clone()).into());
            m.insert("next".into(), a.next.map(|j| v.items[j].clone()).into());
            let description = plain_summary(&a.summary_html);
            ctx.insert_value(
                "page",
                v.page_value("article", &a.doc.meta.title, &url, &description),
            );
            ctx.insert_value("article", Value::from(m));
            "article.html"
        }
        Page::TermList(kind) => {
            ctx.insert_value(
                "page",
                v.page_value(kind.dir(), kind.label(), &url, &v.description),
            );
            ctx.insert_value("taxonomy", taxonomy_value(kind, &v.base_path));
            ctx.insert_value("terms", Value::from(v.terms(kind).to_vec()));
            "taxonomy_list.html"
        }
        Page::Term(kind, t, _) => {
            let p = site.paginator(page).expect("term page has a paginator");
            let term = &site.taxonomy(kind).terms[t];
            let mut title = format!("{}：{}", kind.label(), term.name);
            if p.number > 1 {
                title.push_str(&format!("（第 {} 页）", p.number));
            }
            ctx.insert_value(
                "page",
                v.page_value(kind.term_kind(), &title, &url, &v.description),
            );
            ctx.insert_value("taxonomy", taxonomy_value(kind, &v.base_path));
            ctx.insert_value("term", v.terms(kind)[t].clone());
            ctx.insert_value("paginator", v.paginator_value(&p));
            "taxonomy_term.html"
        }
        Page::Search => {
            ctx.insert_value("page", v.page_value("search", "搜索", &url, &v.description));
            "search.html"
        }
        Page::NotFound => {
            ctx.insert_value(
                "page",
                v.page_value("404", "页面不存在", &url, &v.description),
            );
            "404.html"
        }
    };
    (template, ctx)
}

/// Summary HTML reduced to text for `<meta name="description">`.
fn plain_summary(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let text = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
