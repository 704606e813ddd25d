//! Template context: the values the theme sees (see ARCHITECTURE.md, "Template context").
//! Article list items and terms are built once per build; pages reuse them by reference.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::ffi::OsString;
use std::path::Path;

use rayon::prelude::*;
use tera::{Context, Value};

use super::{encode_path, join_url, structure, I18n};
use crate::config::Config;
use crate::content::date::rfc3339;
use crate::markdown::urls::{blocked_scheme, UrlUse};
use crate::site::{Article, Page, Paginator, Site, TaxonomyKind};

/// English month names, for the `{mon}` of the archives' month labels.
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// How many page links a paginator offers on each side of the current page.
const PAGE_WINDOW: usize = 3;

/// Values shared by all pages of one build.
pub struct SiteValues {
    /// Unique in this process: a new one for every build's (and `serve` rebuild's) values,
    /// so `cached_partial` reuses nothing made from other values (`render::partials`).
    pub(super) id: u64,
    site: Value,
    /// The site's data files (`data.<name>`, [`crate::data`]): one value shared by all pages.
    data: Value,
    base_path: String,
    base_url: String,
    /// Where static files, images and covers are: the site root's base path and URL (in a
    /// variant edition too; `base_path` and `base_url` are the edition's).
    asset_base: String,
    /// Every edition (code, label, base path, base URL, is this one), for `page.alternates`.
    editions: Vec<(String, String, String, String, bool)>,
    /// Per edition, its pages' URLs when some edition lacks pages (`languages:`).
    edition_pages: Vec<std::sync::Arc<std::collections::HashSet<String>>>,
    description: String,
    /// The edition's language (the built-in words of default taxonomy labels).
    language: String,
    site_title: String,
    /// `author` from config.yaml: the JSON-LD author of articles without their own.
    site_author: Option<String>,
    /// One list item per article (same order as `Site::articles`).
    items: Vec<Value>,
    /// Per taxonomy (`Site::taxonomies` order), one value per term.
    terms: Vec<Vec<Value>>,
    /// For [`SiteValues::update`]: article file → index in `items`, and per taxonomy term
    /// name → index in `terms`.
    item_index: HashMap<OsString, usize>,
    term_index: Vec<HashMap<String, usize>>,
    /// The byline taxonomy's index, when the site has one.
    authors: Option<usize>,
    /// One value per section (`structure::section_values`).
    sections: Vec<Value>,
    /// `comments:` is configured (articles show them unless `comments: false`).
    comments: bool,
}

type Obj = BTreeMap<&'static str, Value>;

fn next_id() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

fn opt(s: &Option<String>) -> Value {
    match s {
        Some(s) => Value::from(s.as_str()),
        None => Value::none(),
    }
}

/// A front-matter URL the templates print as a link or image, `None` when its scheme is
/// blocked (loading refuses those already; this keeps any other way in safe too).
fn safe_url(s: &Option<String>, usage: UrlUse) -> Option<String> {
    s.as_ref()
        .filter(|u| blocked_scheme(u, usage).is_none())
        .cloned()
}

/// `site.beian`: `{icp, police, police_code}`, or none.
fn beian_value(config: &Config) -> Value {
    let b = &config.beian;
    if b.icp.is_none() && b.police.is_none() {
        return Value::none();
    }
    let mut m = Obj::new();
    m.insert("icp", opt(&b.icp.as_ref().map(|s| s.trim().to_string())));
    m.insert(
        "police",
        opt(&b.police.as_ref().map(|s| s.trim().to_string())),
    );
    m.insert("police_code", opt(&b.police_code()));
    Value::from(m)
}

/// `site.analytics`: the configured ids (checked by the config), or none when there are
/// none, and in `kuaixun serve` unless `analytics.in_serve: true`.
fn analytics_value(config: &Config) -> Value {
    let a = &config.analytics;
    if !a.any() || (config.serving && !a.in_serve) {
        return Value::none();
    }
    let mut m = Obj::new();
    m.insert("baidu", opt(&a.baidu));
    m.insert("la51", opt(&a.la51));
    m.insert("google", opt(&a.google));
    m.insert(
        "plausible",
        match &a.plausible {
            Some(p) => {
                let mut pm = Obj::new();
                pm.insert("domain", p.domain.replace(' ', "").into());
                pm.insert(
                    "src",
                    p.src
                        .as_deref()
                        .unwrap_or("https://plausible.io/js/script.js")
                        .into(),
                );
                Value::from(pm)
            }
            None => Value::none(),
        },
    );
    m.insert(
        "umami",
        match &a.umami {
            Some(u) => {
                let mut um = Obj::new();
                um.insert("website_id", u.website_id.as_str().into());
                um.insert("src", u.src.as_str().into());
                Value::from(um)
            }
            None => Value::none(),
        },
    );
    Value::from(m)
}

/// `site.comments`: `{provider, script, css, server_url, giscus}`, or none.
fn comments_value(config: &Config) -> Value {
    let Some(c) = &config.comments else {
        return Value::none();
    };
    let mut m = Obj::new();
    m.insert("provider", c.provider.name().into());
    m.insert("script", c.script_url().into());
    m.insert("css", c.css_url().map(str::to_string).into());
    m.insert("server_url", opt(&c.server_url));
    m.insert(
        "giscus",
        match &c.giscus {
            Some(g) => {
                let mut gm = Obj::new();
                gm.insert("repo", g.repo.as_str().into());
                gm.insert("repo_id", g.repo_id.as_str().into());
                gm.insert("category", g.category.as_str().into());
                gm.insert("category_id", g.category_id.as_str().into());
                gm.insert("mapping", g.mapping.as_str().into());
                Value::from(gm)
            }
            None => Value::none(),
        },
    );
    Value::from(m)
}

impl SiteValues {
    pub fn new(site: &Site, config: &Config) -> SiteValues {
        let mut values = SiteValues::frame(site, config);
        values.items = site
            .articles
            .par_iter()
            .map(|a| values.item(a, config))
            .collect();
        values
    }

    /// The values of the next build with the same config: an article's list item is reused
    /// when its file is not `changed` and each of its terms looks the same as before (name,
    /// URL, count); everything else is rebuilt. The old values are freed on another thread.
    pub fn update(
        self,
        site: &Site,
        config: &Config,
        changed: impl Fn(&Path) -> bool + Sync,
    ) -> SiteValues {
        let mut next = SiteValues::frame(site, config);
        next.data = self.data.clone();
        let old = &self;
        let same_terms = |k: usize, ids: &[usize]| {
            let (Some(old_index), Some(old_values)) = (old.term_index.get(k), old.terms.get(k))
            else {
                return false;
            };
            ids.iter().all(|&t| {
                let name = &site.taxonomies[k].terms[t].name;
                old_index
                    .get(name)
                    .is_some_and(|&o| old_values[o] == next.terms[k][t])
            })
        };
        next.items = site
            .articles
            .par_iter()
            .map(|a| match old.item_index.get(a.doc.path.as_os_str()) {
                Some(&j)
                    if !changed(&a.doc.path)
                        && old.terms.len() == next.terms.len()
                        && a.terms
                            .iter()
                            .enumerate()
                            .all(|(k, ids)| same_terms(k, ids)) =>
                {
                    old.items[j].clone()
                }
                _ => next.item(a, config),
            })
            .collect();
        std::thread::spawn(move || drop(self));
        next
    }

    /// Give the templates the site's data files as `data` (loaded once by
    /// [`crate::data::load`]; a clone is cheap, the value is shared).
    pub fn with_data(mut self, data: Value) -> SiteValues {
        self.data = data;
        self.id = next_id();
        self
    }

    /// Everything but the list items.
    fn frame(site: &Site, config: &Config) -> SiteValues {
        let base_path = config.base_path();
        let base_url = config.base_url_slash();
        let mut s = Obj::new();
        s.insert("title", config.title.as_str().into());
        s.insert("description", config.description.as_str().into());
        s.insert("base_url", base_url.as_str().into());
        s.insert("base_path", base_path.as_str().into());
        s.insert("language", config.language.as_str().into());
        let editions: Vec<(String, String, String, String, bool)> = config
            .editions
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let c = config.for_edition(i);
                (
                    e.code.clone(),
                    e.label.clone(),
                    c.base_path(),
                    c.base_url_slash(),
                    i == config.edition,
                )
            })
            .collect();
        s.insert(
            "editions",
            Value::from(
                editions
                    .iter()
                    .map(|(code, label, path, _, current)| {
                        let mut m = Obj::new();
                        m.insert("code", code.as_str().into());
                        m.insert("label", label.as_str().into());
                        m.insert("url", path.as_str().into());
                        m.insert("current", (*current).into());
                        Value::from(m)
                    })
                    .collect::<Vec<_>>(),
            ),
        );
        s.insert("timezone", config.timezone.as_str().into());
        s.insert("author", opt(&config.author));
        s.insert("atom_url", join_url(&base_path, "atom.xml").into());
        s.insert("rss_url", join_url(&base_path, "rss.xml").into());
        s.insert("sitemap_url", join_url(&base_path, "sitemap.xml").into());
        s.insert("search", config.search.into());
        s.insert("beian", beian_value(config));
        s.insert("analytics", analytics_value(config));
        s.insert("comments", comments_value(config));
        let sections = structure::section_values(site, &base_path, &base_url);
        s.insert(
            "sections",
            Value::from(
                site.structure
                    .sections
                    .roots
                    .iter()
                    .map(|&r| sections[r].clone())
                    .collect::<Vec<_>>(),
            ),
        );
        s.insert("menu", structure::menu_value(&site.structure.menu));
        s.insert(
            "footer_menu",
            structure::menu_value(&site.structure.footer_menu),
        );
        s.insert(
            "taxonomies",
            Value::from(
                site.taxonomies
                    .iter()
                    .map(|t| taxonomy_value(&t.def, &base_path, &config.language))
                    .collect::<Vec<_>>(),
            ),
        );
        let term_values = |tax: &crate::site::Taxonomy| -> Vec<Value> {
            tax.terms
                .iter()
                .map(|t| term_value(t, config, &base_path, &base_url))
                .collect()
        };
        let term_index = |tax: &crate::site::Taxonomy| -> HashMap<String, usize> {
            tax.terms
                .iter()
                .enumerate()
                .map(|(i, t)| (t.name.clone(), i))
                .collect()
        };
        SiteValues {
            id: next_id(),
            site: Value::from(s),
            data: crate::data::empty(),
            description: config.description.clone(),
            language: config.language.clone(),
            site_title: config.title.clone(),
            site_author: config.author.clone(),
            items: Vec::new(),
            terms: site.taxonomies.iter().map(term_values).collect(),
            item_index: site
                .articles
                .iter()
                .enumerate()
                .map(|(i, a)| (a.doc.path.as_os_str().to_owned(), i))
                .collect(),
            term_index: site.taxonomies.iter().map(term_index).collect(),
            authors: site.authors().map(|t| t.kind.0),
            sections,
            base_path,
            base_url,
            asset_base: config.asset_base_path(),
            editions,
            edition_pages: config.edition_pages.clone(),
            comments: config.comments.is_some(),
        }
    }

    /// An article's list item.
    fn item(&self, a: &Article, config: &Config) -> Value {
        let (base_path, base_url) = (&self.base_path, &self.base_url);
        let meta = &a.doc.meta;
        let values_of = |k: usize| -> Vec<Value> {
            a.terms_of(TaxonomyKind(k))
                .iter()
                .map(|&t| self.terms[k][t].clone())
                .collect()
        };
        let mut m = Obj::new();
        m.insert("title", meta.title.as_str().into());
        m.insert("slug", a.doc.slug.as_str().into());
        m.insert(
            "section",
            a.doc
                .section
                .map(|s| self.sections[s].clone())
                .unwrap_or_else(Value::none),
        );
        m.insert("url", join_url(base_path, &a.url).into());
        m.insert(
            "permalink",
            format!("{base_url}{}", encode_path(&a.url)).into(),
        );
        m.insert("date", rfc3339(&meta.date).into());
        m.insert("updated", meta.updated.as_ref().map(rfc3339).into());
        m.insert("tags", Value::from(values_of(TaxonomyKind::TAGS.0)));
        m.insert(
            "categories",
            Value::from(values_of(TaxonomyKind::CATEGORIES.0)),
        );
        let by_name: BTreeMap<String, Value> = config
            .taxonomies
            .iter()
            .enumerate()
            .map(|(k, tax)| (tax.name.clone(), Value::from(values_of(k))))
            .collect();
        m.insert("taxonomies", Value::from(by_name));
        // The byline: registered or listed authors (with their pages), else the name.
        let authors = self.authors.map(values_of).unwrap_or_default();
        let author = if authors.is_empty() {
            match meta.author.as_ref().or(config.author.as_ref()) {
                Some(s) => s.as_str().into(),
                None => Value::none(),
            }
        } else {
            let names: Vec<&str> = authors
                .iter()
                .filter_map(|v| v.as_map()?.get(&"name".into())?.as_str())
                .collect();
            names
                .join(&super::i18n::built_in_text(&config.language, "author_sep"))
                .into()
        };
        m.insert("author", author);
        m.insert("authors", Value::from(authors));
        m.insert("source", opt(&meta.source));
        m.insert("source_url", opt(&safe_url(&meta.source_url, UrlUse::Link)));
        m.insert(
            "cover",
            match safe_url(&meta.cover, UrlUse::Image) {
                Some(c) if c.starts_with('/') => join_url(&self.asset_base, &c).into(),
                other => opt(&other),
            },
        );
        m.insert("summary", Value::safe_string(&a.summary_html));
        m.insert("word_count", a.word_count.into());
        m.insert("reading_time", a.reading_time.into());
        m.insert("draft", meta.draft.into());
        // `true` only in the home and section lists that pin it ([`Self::paginator_value`]).
        m.insert("pinned", false.into());
        Value::from(m)
    }

    /// 首页 (in the edition's words) and the sections of `ancestry`.
    fn crumbs(&self, site: &Site, ancestry: &[usize], tr: &I18n) -> Vec<structure::Crumb> {
        let mut crumbs = structure::section_crumbs(site, ancestry, &self.site_title);
        if let Some(home) = crumbs.first_mut() {
            home.name = tr.tr("home", &[]);
        }
        crumbs
    }

    fn terms(&self, kind: TaxonomyKind) -> &[Value] {
        &self.terms[kind.0]
    }

    /// Absolute URL for a root-relative (`/images/a.svg`) or full URL.
    fn absolute(&self, url: &str) -> String {
        if url.contains("://") || url.starts_with("//") {
            url.to_string()
        } else {
            let origin_end = self
                .base_url
                .find("://")
                .and_then(|i| self.base_url[i + 3..].find('/').map(|j| i + 3 + j))
                .unwrap_or(0);
            let origin = &self.base_url[..origin_end];
            if url.starts_with('/') {
                format!("{origin}{}", join_url(&self.asset_base, url))
            } else {
                format!("{}{}", self.base_url, encode_path(url))
            }
        }
    }

    /// The `page` value of a page without breadcrumbs.
    fn page_value(&self, kind: &str, title: &str, url: &str, description: &str) -> Value {
        let mut m = self.page_obj(kind, title, url, description);
        m.insert("breadcrumbs", Value::from(Vec::<Value>::new()));
        m.insert("breadcrumb_json_ld", Value::none());
        m.insert("section_urls", Value::from(Vec::<Value>::new()));
        Value::from(m)
    }

    fn page_obj(&self, kind: &str, title: &str, url: &str, description: &str) -> Obj {
        let mut m = Obj::new();
        m.insert("kind", kind.into());
        m.insert("title", title.into());
        m.insert("url", join_url(&self.base_path, url).into());
        m.insert(
            "permalink",
            format!("{}{}", self.base_url, encode_path(url)).into(),
        );
        m.insert("description", description.into());
        m.insert(
            "alternates",
            Value::from(
                self.editions
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| self.edition_pages.get(*i).is_none_or(|p| p.contains(url)))
                    .map(|(_, (code, label, path, base_url, current))| {
                        let mut a = Obj::new();
                        a.insert("code", code.as_str().into());
                        a.insert("label", label.as_str().into());
                        a.insert("url", join_url(path, url).into());
                        a.insert(
                            "permalink",
                            format!("{base_url}{}", encode_path(url)).into(),
                        );
                        a.insert("current", (*current).into());
                        Value::from(a)
                    })
                    .collect::<Vec<_>>(),
            ),
        );
        m
    }

    /// A `page` value with breadcrumbs, and the URLs of the sections the page is in (for
    /// marking menu entries).
    fn page_in_sections(
        &self,
        mut m: Obj,
        crumbs: &[structure::Crumb],
        site: &Site,
        sections: &[usize],
    ) -> Obj {
        structure::add_breadcrumbs(&mut m, crumbs, &self.base_path, &self.base_url);
        let urls: Vec<Value> = sections
            .iter()
            .map(|&s| join_url(&self.base_path, &site.structure.sections.list[s].url).into())
            .collect();
        m.insert("section_urls", Value::from(urls));
        m
    }

    /// The values of the sections `ids` (an ancestry, outermost first).
    fn section_list(&self, ids: &[usize]) -> Value {
        Value::from(
            ids.iter()
                .map(|&i| self.sections[i].clone())
                .collect::<Vec<_>>(),
        )
    }

    /// A list page's paginator; its first `pinned` items get `pinned: true` (置顶).
    fn paginator_value(&self, p: &Paginator<'_>, pinned: usize) -> Value {
        let url = |n: usize| Value::from(join_url(&self.base_path, &p.url(n)));
        let mut m = Obj::new();
        let items = p.items().enumerate().map(|(k, i)| {
            let item = &self.items[i];
            match item.as_map() {
                Some(map) if k < pinned => {
                    let mut map = map.clone();
                    map.insert("pinned".into(), true.into());
                    Value::from(map)
                }
                _ => item.clone(),
            }
        });
        m.insert("items", Value::from(items.collect::<Vec<_>>()));
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

/// A taxonomy's label: one left at its zh-CN default (标签, 分类, 作者, 专题) is the built-in
/// word of the edition's language (Tags in `en`); one set in config.yaml stays as written.
fn label_of(def: &crate::config::TaxonomyDef, language: &str) -> String {
    const DEFAULTS: &[(&str, &str)] = &[
        ("tags", "标签"),
        ("categories", "分类"),
        ("authors", "作者"),
        ("series", "专题"),
    ];
    match DEFAULTS.iter().find(|(n, _)| *n == def.name) {
        Some((name, label)) if def.label == *label => super::i18n::built_in_text(language, name),
        _ => def.label.clone(),
    }
}

fn taxonomy_value(def: &crate::config::TaxonomyDef, base_path: &str, language: &str) -> Value {
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
fn term_value(t: &crate::site::Term, config: &Config, base_path: &str, base_url: &str) -> Value {
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

/// The template name and context for one page.
/// Every name [`page_context`] puts in a context (a page's key hashes exactly these: see
/// `src/cache/pages.rs`; a test checks that nothing else is there).
pub const CONTEXT_KEYS: &[&str] = &[
    "site",
    "data",
    "page",
    "paginator",
    "section",
    "article",
    "taxonomy",
    "terms",
    "term",
    "archives",
];

impl SiteValues {
    /// The values that many pages' contexts share (the site, data files, list items, terms):
    /// a page key refers to each by its own key instead of walking it again.
    pub fn shared(&self) -> impl Iterator<Item = &Value> {
        [&self.site, &self.data]
            .into_iter()
            .chain(&self.items)
            .chain(self.terms.iter().flatten())
            .chain(&self.sections)
    }
}

pub fn page_context(
    site: &Site,
    v: &SiteValues,
    tr: &I18n,
    page: Page,
) -> (Cow<'static, str>, Context) {
    let mut ctx = Context::new();
    ctx.insert_value("site", v.site.clone());
    ctx.insert_value("data", v.data.clone());
    let url = site.page_url(page);
    let template = match page {
        Page::Index(_) => {
            let p = site.paginator(page).expect("index has a paginator");
            let title = if p.number > 1 {
                tr.tr("page_n", &[("n", &p.number)])
            } else {
                v.site_title.clone()
            };
            ctx.insert_value("page", v.page_value("index", &title, &url, &v.description));
            ctx.insert_value("paginator", v.paginator_value(&p, site.pinned_on(page, &p)));
            "index.html".into()
        }
        Page::Section(s, _) => {
            let p = site.paginator(page).expect("section has a paginator");
            let pinned = site.pinned_on(page, &p);
            let sec = &site.structure.sections.list[s];
            let mut title = sec.doc.title.clone();
            if p.number > 1 {
                title.push_str(&tr.tr("page_suffix_n", &[("n", &p.number)]));
            }
            let description = sec.doc.description.as_deref().unwrap_or(&v.description);
            let ancestry = site.structure.sections.ancestry(s);
            let mut crumbs = v.crumbs(site, &ancestry, tr);
            if p.number > 1 {
                if let Some(last) = crumbs.last_mut() {
                    last.url = url.clone();
                }
            }
            let page = v.page_obj("section", &title, &url, description);
            let page = v.page_in_sections(page, &crumbs, site, &ancestry);
            ctx.insert_value("page", Value::from(page));
            let mut m = v.sections[s].as_map().cloned().unwrap_or_default();
            m.insert(
                "content".into(),
                Value::safe_string(&site.structure.section_bodies[s].html),
            );
            m.insert(
                "ancestors".into(),
                v.section_list(&ancestry[..ancestry.len() - 1]),
            );
            ctx.insert_value("section", Value::from(m));
            ctx.insert_value("paginator", v.paginator_value(&p, pinned));
            match &sec.doc.template {
                Some(t) => Cow::Owned(t.clone()),
                None => "section.html".into(),
            }
        }
        Page::Standalone(i) => {
            let a = &site.standalone[i];
            let description = plain_summary(&a.summary_html);
            let mut crumbs = v.crumbs(site, &[], tr);
            crumbs.push(structure::Crumb {
                name: a.doc.meta.title.clone(),
                url: a.url.clone(),
                ld_name: a.doc.meta.title.clone(),
            });
            let page = v.page_obj("page", &a.doc.meta.title, &url, &description);
            let mut page = v.page_in_sections(page, &crumbs, site, &[]);
            structure::standalone_fields(&mut page, a, toc_value(a));
            page.insert(
                "comments",
                (v.comments && a.doc.meta.comments == Some(true)).into(),
            );
            ctx.insert_value("page", Value::from(page));
            "page.html".into()
        }
        Page::Article(i) => {
            let a = &site.articles[i];
            let ancestry = a
                .doc
                .section
                .map(|s| site.structure.sections.ancestry(s))
                .unwrap_or_default();
            let mut m = v.items[i].as_map().cloned().unwrap_or_default();
            m.insert("content".into(), Value::safe_string(&a.rendered.html));
            m.insert("toc".into(), toc_value(a));
            m.insert("ancestors".into(), v.section_list(&ancestry));
            m.insert("extra".into(), Value::from_serializable(&a.doc.meta.extra));
            m.insert("prev".into(), a.prev.map(|j| v.items[j].clone()).into());
            m.insert("next".into(), a.next.map(|j| v.items[j].clone()).into());
            m.insert(
                "related".into(),
                Value::from(
                    a.related
                        .iter()
                        .map(|&j| v.items[j].clone())
                        .collect::<Vec<_>>(),
                ),
            );
            m.insert("series".into(), series_values(site, v, i));
            m.insert(
                "show_toc".into(),
                (a.doc.meta.toc && a.rendered.toc.len() >= 3).into(),
            );
            m.insert(
                "comments".into(),
                (v.comments && a.doc.meta.comments != Some(false)).into(),
            );
            let sources: Vec<Value> = a
                .doc
                .meta
                .sources
                .iter()
                .map(|s| {
                    let mut sm = Obj::new();
                    sm.insert("name", s.name.as_str().into());
                    sm.insert("url", opt(&safe_url(&s.url, UrlUse::Link)));
                    Value::from(sm)
                })
                .collect();
            m.insert("sources".into(), Value::from(sources));
            m.insert("cover_credit".into(), opt(&a.doc.meta.cover_credit));
            let cover_permalink =
                safe_url(&a.doc.meta.cover, UrlUse::Image).map(|c| v.absolute(&c));
            m.insert("cover_permalink".into(), opt(&cover_permalink));
            let description = plain_summary(&a.summary_html);
            m.insert(
                "json_ld".into(),
                Value::safe_string(&json_ld(a, &description, cover_permalink.as_deref(), v)),
            );
            let mut crumbs = v.crumbs(site, &ancestry, tr);
            // Outside any section the path is the first category, as before sections.
            if let (None, Some(&c)) = (a.doc.section, a.categories().first()) {
                let term = &site.categories().terms[c];
                crumbs.push(structure::Crumb {
                    name: term.name.clone(),
                    url: term.url.clone(),
                    ld_name: term.name.clone(),
                });
            }
            crumbs.push(structure::Crumb {
                name: tr.tr("article_crumb", &[]),
                url: a.url.clone(),
                ld_name: a.doc.meta.title.clone(),
            });
            let page = v.page_obj("article", &a.doc.meta.title, &url, &description);
            let page = v.page_in_sections(page, &crumbs, site, &ancestry);
            ctx.insert_value("page", Value::from(page));
            ctx.insert_value("article", Value::from(m));
            let section = a.doc.section.map(|s| &site.structure.sections.list[s]);
            match section.and_then(|s| s.article_template.as_ref()) {
                Some(t) => Cow::Owned(t.clone()),
                None => "article.html".into(),
            }
        }
        Page::TermList(kind) => {
            let def = &site.taxonomy(kind).def;
            ctx.insert_value(
                "page",
                v.page_value(&def.name, &label_of(def, &v.language), &url, &v.description),
            );
            ctx.insert_value("taxonomy", taxonomy_value(def, &v.base_path, &v.language));
            ctx.insert_value("terms", Value::from(v.terms(kind).to_vec()));
            "taxonomy_list.html".into()
        }
        Page::Term(kind, t, _) => {
            let p = site.paginator(page).expect("term page has a paginator");
            let def = &site.taxonomy(kind).def;
            let term = &site.taxonomy(kind).terms[t];
            let mut title = tr.tr("label_colon", &[("label", &label_of(def, &v.language))]);
            title.push_str(&term.name);
            if p.number > 1 {
                title.push_str(&tr.tr("page_suffix_n", &[("n", &p.number)]));
            }
            ctx.insert_value(
                "page",
                v.page_value(&def.term_kind, &title, &url, &v.description),
            );
            ctx.insert_value("taxonomy", taxonomy_value(def, &v.base_path, &v.language));
            ctx.insert_value("term", v.terms(kind)[t].clone());
            ctx.insert_value("paginator", v.paginator_value(&p, 0));
            "taxonomy_term.html".into()
        }
        Page::Archives => {
            ctx.insert_value(
                "page",
                v.page_value("archives", &tr.tr("archives", &[]), &url, &v.description),
            );
            let mut years: Vec<Value> = Vec::new();
            let mut current: Option<(i16, Vec<Value>)> = None;
            for (y, m, items) in site.archives() {
                let mut mm = Obj::new();
                mm.insert("year", y.into());
                mm.insert("month", m.into());
                mm.insert(
                    "label",
                    tr.tr(
                        "archive_month",
                        &[
                            ("year", &y),
                            ("month", &m),
                            ("mon", &MONTHS[(m as usize).clamp(1, 12) - 1]),
                        ],
                    )
                    .into(),
                );
                mm.insert(
                    "items",
                    Value::from(
                        items
                            .iter()
                            .map(|&i| v.items[i].clone())
                            .collect::<Vec<_>>(),
                    ),
                );
                match &mut current {
                    Some((cy, months)) if *cy == y => months.push(Value::from(mm)),
                    _ => {
                        if let Some((cy, months)) = current.take() {
                            years.push(year_value(cy, months));
                        }
                        current = Some((y, vec![Value::from(mm)]));
                    }
                }
            }
            if let Some((cy, months)) = current {
                years.push(year_value(cy, months));
            }
            ctx.insert_value("archives", Value::from(years));
            "archives.html".into()
        }
        Page::Search => {
            ctx.insert_value(
                "page",
                v.page_value("search", &tr.tr("search", &[]), &url, &v.description),
            );
            "search.html".into()
        }
        Page::NotFound => {
            ctx.insert_value(
                "page",
                v.page_value("404", &tr.tr("not_found_title", &[]), &url, &v.description),
            );
            "404.html".into()
        }
    };
    (template, ctx)
}

/// `article.series`: one value per series (专题) the article is in: the term, its label,
/// `position` (1-based) and `count`, `items` (up to five neighbours on each side, the current
/// one with `current: true`; each {title, url, position, current}), and `prev` / `next`
/// within the series ({title, url}). Items are small on purpose: every article of a
/// series lists its neighbours, so full list items would be copied ten times per page.
fn series_values(site: &Site, v: &SiteValues, i: usize) -> Value {
    let navs = site.series_of(i);
    if navs.is_empty() {
        return Value::from(Vec::<Value>::new());
    }
    let link = |j: usize| -> Obj {
        let a = &site.articles[j];
        let mut m = Obj::new();
        m.insert("title", a.doc.meta.title.as_str().into());
        m.insert("url", join_url(&v.base_path, &a.url).into());
        m
    };
    Value::from(
        navs.into_iter()
            .map(|nav| {
                let tax = site.taxonomy(nav.kind);
                let list = &tax.terms[nav.term].articles;
                let mut m = v.terms[nav.kind.0][nav.term]
                    .as_map()
                    .cloned()
                    .unwrap_or_default();
                m.insert("label".into(), label_of(&tax.def, &v.language).into());
                m.insert("taxonomy".into(), tax.def.name.as_str().into());
                m.insert("position".into(), (nav.position + 1).into());
                m.insert("count".into(), list.len().into());
                let items: Vec<Value> = nav
                    .window
                    .clone()
                    .map(|p| {
                        let mut item = link(list[p]);
                        item.insert("position", (p + 1).into());
                        item.insert("current", (p == nav.position).into());
                        Value::from(item)
                    })
                    .collect();
                m.insert("items".into(), Value::from(items));
                m.insert("more_before".into(), (nav.window.start > 0).into());
                m.insert("more_after".into(), (nav.window.end < list.len()).into());
                m.insert(
                    "prev".into(),
                    nav.position
                        .checked_sub(1)
                        .map(|p| Value::from(link(list[p])))
                        .into(),
                );
                m.insert(
                    "next".into(),
                    list.get(nav.position + 1)
                        .map(|&j| Value::from(link(j)))
                        .into(),
                );
                Value::from(m)
            })
            .collect::<Vec<_>>(),
    )
}

/// A document's table of contents as a value.
fn toc_value(a: &Article) -> Value {
    Value::from(
        a.rendered
            .toc
            .iter()
            .map(|h| {
                let mut hm = Obj::new();
                hm.insert("level", h.level.into());
                hm.insert("id", h.id.as_str().into());
                hm.insert("title", h.title.as_str().into());
                Value::from(hm)
            })
            .collect::<Vec<_>>(),
    )
}

fn year_value(year: i16, months: Vec<Value>) -> Value {
    let count: usize = months
        .iter()
        .filter_map(|m| m.as_map())
        .filter_map(|m| m.get(&"items".into()).and_then(|v| v.len()))
        .sum();
    let mut m = Obj::new();
    m.insert("year", year.into());
    m.insert("count", count.into());
    m.insert("months", Value::from(months));
    Value::from(m)
}

/// JSON-LD `NewsArticle` for an article page, safe to place inside `<script>`.
fn json_ld(
    a: &crate::site::Article,
    description: &str,
    image: Option<&str>,
    v: &SiteValues,
) -> String {
    let meta = &a.doc.meta;
    // The article's author, else the site's; a site without one is credited as the
    // organisation that publishes it.
    let listed: Vec<serde_json::Value> = v
        .authors
        .map(|k| {
            a.terms_of(TaxonomyKind(k))
                .iter()
                .filter_map(|&t| {
                    let m = v.terms[k][t].as_map()?;
                    let name = m.get(&"name".into())?.as_str()?;
                    let url = m.get(&"permalink".into())?.as_str()?;
                    Some(serde_json::json!({
                        "@type": "Person",
                        "name": name,
                        "url": url,
                    }))
                })
                .collect()
        })
        .unwrap_or_default();
    let authors = if !listed.is_empty() {
        listed
    } else {
        vec![match meta.author.as_deref().or(v.site_author.as_deref()) {
            Some(name) => serde_json::json!({"@type": "Person", "name": name}),
            None => serde_json::json!({"@type": "Organization", "name": v.site_title}),
        }]
    };
    let mut ld = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": meta.title,
        "description": description,
        "datePublished": rfc3339(&meta.date),
        "dateModified": rfc3339(meta.updated.as_ref().unwrap_or(&meta.date)),
        "author": authors,
        "publisher": {"@type": "Organization", "name": v.site_title, "url": v.base_url},
        "mainEntityOfPage": format!("{}{}", v.base_url, encode_path(&a.url)),
    });
    if let Some(img) = image {
        ld["image"] = serde_json::json!([img]);
    }
    if !meta.tags.is_empty() {
        ld["keywords"] = serde_json::json!(meta.tags);
    }
    structure::script_safe(&ld)
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
