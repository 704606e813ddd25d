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

mod furniture;
mod page;
mod terms;

use furniture::{analytics_value, beian_value, comments_value};
pub use page::page_context;
use terms::{label_of, taxonomy_value, term_value};

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
