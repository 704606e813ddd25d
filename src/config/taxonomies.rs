//! `taxonomies:` and `authors:` in config.yaml: the site's ways of classifying articles.
//!
//! `tags` and `categories` always exist (their front-matter fields are built in); listing
//! them changes their label, URL segment and so on. Any other entry adds a taxonomy whose
//! values come from the front-matter key of its name (`series: 芯片战争`). `authors` is the
//! byline taxonomy: its values come from `author:` / `authors:`, and with an `authors:`
//! registry (here or in `data/authors.yaml`) those values are ids.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use super::{key_line, key_path_line, list_item_line};
use crate::error::{Error, Result};

/// Index of `tags` in [`super::Config::taxonomies`].
pub const TAGS: usize = 0;
/// Index of `categories`.
pub const CATEGORIES: usize = 1;
/// The name of the byline taxonomy.
pub const AUTHORS: &str = "authors";
/// Where a site may keep its author registry instead of config.yaml.
pub const AUTHORS_DATA_FILE: &str = "data/authors.yaml";

/// Term order on a term's pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TermSort {
    /// Newest first (tags, categories, authors).
    Date,
    /// Oldest first: a series read in order (专题).
    Oldest,
}

/// One `taxonomies:` entry as written.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct TaxonomyEntry {
    pub name: String,
    #[serde(default)]
    pub label: Option<String>,
    #[serde(default)]
    pub slug: Option<String>,
    #[serde(default)]
    pub paginate: Option<usize>,
    #[serde(default)]
    pub feed: Option<bool>,
    #[serde(default)]
    pub sort: Option<TermSort>,
    #[serde(default)]
    pub list: Option<bool>,
}

/// A taxonomy with every default filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaxonomyDef {
    /// The front-matter key (`tags`, `series`; `authors` reads `author`/`authors`).
    pub name: String,
    /// Shown in the theme (标签, 分类, 专题, 作者).
    pub label: String,
    /// URL segment of its pages (`tags` → `/tags/`, `/tags/<term>/`).
    pub slug: String,
    /// Articles per term page (the site's `paginate` when absent).
    pub paginate: Option<usize>,
    /// Whether each term has an Atom feed.
    pub feed: bool,
    pub sort: TermSort,
    /// Whether `/<slug>/` lists every term.
    pub list: bool,
    /// `page.kind` of one term's page (`tag`, `category`, `author`, `series`).
    pub term_kind: String,
}

impl TaxonomyDef {
    fn defaults(name: &str) -> TaxonomyDef {
        let (label, term_kind, feed, sort) = match name {
            "tags" => ("标签", "tag", true, TermSort::Date),
            "categories" => ("分类", "category", false, TermSort::Date),
            AUTHORS => ("作者", "author", true, TermSort::Date),
            "series" => ("专题", "series", true, TermSort::Oldest),
            other => (other, other, true, TermSort::Date),
        };
        TaxonomyDef {
            name: name.to_string(),
            label: label.to_string(),
            slug: name.to_string(),
            paginate: None,
            feed,
            sort,
            list: true,
            term_kind: term_kind.to_string(),
        }
    }

    fn with(mut self, e: &TaxonomyEntry) -> TaxonomyDef {
        if let Some(l) = &e.label {
            self.label = l.trim().to_string();
        }
        if let Some(s) = &e.slug {
            self.slug = s.trim().trim_matches('/').to_string();
        }
        self.paginate = e.paginate.or(self.paginate);
        self.feed = e.feed.unwrap_or(self.feed);
        self.sort = e.sort.unwrap_or(self.sort);
        self.list = e.list.unwrap_or(self.list);
        self
    }

    /// The byline taxonomy.
    pub fn is_authors(&self) -> bool {
        self.name == AUTHORS
    }
}

/// One author in the registry (`authors: {zhangwei: {name: 张伟, …}}`).
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct AuthorDef {
    pub name: String,
    #[serde(default)]
    pub bio: Option<String>,
    /// Image URL (site path or full URL).
    #[serde(default)]
    pub avatar: Option<String>,
    /// URL segment of the author's page; the id when absent.
    #[serde(default)]
    pub slug: Option<String>,
    /// `{微博: url, GitHub: url}` or `[{name, url}]`.
    #[serde(default)]
    pub links: AuthorLinks,
}

#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(untagged)]
pub enum AuthorLinks {
    List(Vec<AuthorLink>),
    Map(BTreeMap<String, String>),
}

impl Default for AuthorLinks {
    fn default() -> Self {
        AuthorLinks::List(Vec::new())
    }
}

#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct AuthorLink {
    pub name: String,
    pub url: String,
}

impl AuthorDef {
    /// Links as (name, url), in the order written (a mapping: by name).
    pub fn link_list(&self) -> Vec<(String, String)> {
        match &self.links {
            AuthorLinks::List(l) => l.iter().map(|l| (l.name.clone(), l.url.clone())).collect(),
            AuthorLinks::Map(m) => m.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
        }
    }
}

/// The search page's URL parameters: a taxonomy's filter is `?<kind>=<term>`, so none can
/// be named after them.
const SEARCH_PARAMS: &[&str] = &["q", "sort", "year", "section", "tag", "category"];

/// Whether `name` is a front-matter field kuaixun reads for something else (`title`,
/// `author`, `weight`…; `tags`, `categories` and `authors` are taxonomies themselves).
fn is_reserved_field(name: &str) -> bool {
    name == "extra"
        || (crate::content::front_matter::KNOWN.contains(&name)
            && !["tags", "categories", AUTHORS].contains(&name))
}

/// URL segments the site already uses for its own pages.
const TAKEN_SLUGS: &[&str] = &["search", "archives", "page", "css", "js", "404.html"];

/// The site's taxonomies: `tags`, `categories`, then the others in the order written, with
/// `authors` present when listed or when there is an author registry.
pub fn resolve(
    entries: &[TaxonomyEntry],
    has_registry: bool,
    text: &str,
) -> Result<Vec<TaxonomyDef>> {
    let line = |i: usize| list_item_line(text, "taxonomies", i).or(key_line(text, "taxonomies"));
    let mut defs = vec![
        TaxonomyDef::defaults("tags"),
        TaxonomyDef::defaults("categories"),
    ];
    let mut seen: Vec<&str> = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        let name = e.name.trim();
        let fail = |why: String| Err(Error::new(format!("taxonomies: {why}")).at(line(i), None));
        if name.is_empty() {
            return fail(format!("entry {} needs a `name`", i + 1));
        }
        if is_reserved_field(name) || SEARCH_PARAMS.contains(&name) {
            let hint = if name == "author" {
                " (bylines are the `authors` taxonomy: name it `authors`)"
            } else {
                ""
            };
            let what = if SEARCH_PARAMS.contains(&name) {
                "a search filter parameter"
            } else {
                "a front-matter field kuaixun already reads"
            };
            return fail(format!(
                "`{name}` is {what}; a taxonomy cannot have its name{hint}"
            ));
        }
        if !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            return fail(format!(
                "`{name}`: a taxonomy name is its front-matter key: use letters, digits, `_` and `-`"
            ));
        }
        if seen.contains(&name) {
            return fail(format!("`{name}` is listed twice"));
        }
        seen.push(name);
        if e.paginate == Some(0) {
            return fail(format!("`{name}`: `paginate` must be at least 1"));
        }
        let def = TaxonomyDef::defaults(name).with(e);
        match defs.iter_mut().find(|d| d.name == name) {
            Some(d) => *d = def,
            None => defs.push(def),
        }
    }
    if has_registry && !defs.iter().any(|d| d.is_authors()) {
        defs.push(TaxonomyDef::defaults(AUTHORS));
    }
    for (k, d) in defs.iter().enumerate() {
        let at = entries
            .iter()
            .position(|e| e.name.trim() == d.name)
            .map(line)
            .unwrap_or(None);
        let fail = |why: String| Err(Error::new(format!("taxonomies: {why}")).at(at, None));
        if let Err(why) = crate::content::slug::check_slug(&d.slug) {
            return fail(format!("`{}`: slug: {why}", d.name));
        }
        if d.slug.contains('/') || TAKEN_SLUGS.contains(&d.slug.as_str()) {
            return fail(format!(
                "`{}`: the URL segment `{}` is taken by the site's own pages; choose another `slug`",
                d.name, d.slug
            ));
        }
        if let Some(other) = defs[..k].iter().find(|o| o.slug == d.slug) {
            return fail(format!(
                "`{}` and `{}` both use the URL segment `/{}/`; give one another `slug`",
                other.name, d.name, d.slug
            ));
        }
        if d.label.is_empty() {
            return fail(format!("`{}`: `label` is empty", d.name));
        }
    }
    Ok(defs)
}

/// Check the author registry (ids and names): errors point at `file`'s text.
pub fn check_authors(
    authors: &BTreeMap<String, AuthorDef>,
    text: &str,
    top: &[&str],
) -> Result<()> {
    for (id, a) in authors {
        let mut path: Vec<&str> = top.to_vec();
        path.push(id);
        let line = key_path_line(text, &path);
        let fail = |why: String| Err(Error::new(format!("authors: `{id}`: {why}")).at(line, None));
        if id.trim().is_empty() {
            return fail("an author id cannot be empty".into());
        }
        if a.name.trim().is_empty() {
            return fail("needs a `name`".into());
        }
        if let Some(s) = &a.slug {
            if let Err(why) = crate::content::slug::check_slug(s) {
                return fail(format!("slug: {why}"));
            }
        }
        for (what, url, usage) in a
            .link_list()
            .iter()
            .map(|(n, u)| (n.clone(), u.clone(), crate::markdown::urls::UrlUse::Link))
            .chain(a.avatar.iter().map(|u| {
                (
                    "avatar".to_string(),
                    u.clone(),
                    crate::markdown::urls::UrlUse::Image,
                )
            }))
            .collect::<Vec<_>>()
        {
            if let Some(s) = crate::markdown::urls::blocked_scheme(&url, usage) {
                return fail(format!(
                    "{what}: {}",
                    crate::markdown::urls::blocked_message(&s)
                ));
            }
        }
    }
    Ok(())
}

/// The registry from `data/authors.yaml` (when config.yaml has none): `None` when the file
/// does not exist. Errors name the file and line.
pub fn load_authors_file(root: &Path) -> Result<Option<BTreeMap<String, AuthorDef>>> {
    let path = root.join(AUTHORS_DATA_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io(AUTHORS_DATA_FILE, e)),
    };
    let in_file = |e: Error| Error {
        file: Some(AUTHORS_DATA_FILE.into()),
        ..e
    };
    let value = crate::yaml::parse(&text).map_err(|e| {
        in_file(Error::new(format!("invalid YAML: {}", e.describe(0))).at(e.line, e.column))
    })?;
    if value.is_null() {
        return Ok(Some(BTreeMap::new()));
    }
    let authors: BTreeMap<String, AuthorDef> =
        serde_path_to_error::deserialize(value).map_err(|e| {
            let path = e.path().to_string();
            let segments: Vec<&str> = path
                .split('.')
                .filter(|s| *s != "." && !s.is_empty())
                .collect();
            in_file(
                Error::new(format!("authors: `{path}`: {}", e.inner()))
                    .at(key_path_line(&text, &segments), None),
            )
        })?;
    check_authors(&authors, &text, &[]).map_err(in_file)?;
    Ok(Some(authors))
}
