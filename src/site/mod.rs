//! Site model stage: rendered documents → [`Site`]: articles sorted newest first, URLs from the
//! permalink pattern, previous/next links, tags and categories, and the list of every page to
//! write (with pagination). Detects two things claiming one URL. Pure data, no I/O.

pub mod paginate;
pub mod related;
pub mod taxonomy;
mod urls;

use rayon::prelude::*;

use crate::config::Config;
use crate::content::Document;
use crate::error::{Error, Errors};
use crate::markdown::{self, Rendered};
pub use paginate::Paginator;
pub use taxonomy::{Taxonomy, TaxonomyKind, Term};
pub use urls::generated_files;

/// An article ready for templates.
#[derive(Debug)]
pub struct Article {
    pub doc: Document,
    pub rendered: Rendered,
    /// URL path relative to the site root, no leading slash (`posts/x/`).
    pub url: String,
    /// Output file relative to the output folder (`posts/x/index.html`).
    pub out_path: String,
    pub summary_html: String,
    pub word_count: usize,
    pub reading_time: u32,
    /// Indices into `Site::tags.terms` / `Site::categories.terms`.
    pub tags: Vec<usize>,
    pub categories: Vec<usize>,
    /// Older / newer neighbour (indices into `Site::articles`).
    pub prev: Option<usize>,
    pub next: Option<usize>,
    /// Up to five related articles (indices), best first.
    pub related: Vec<usize>,
}

/// Every page the output holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    /// Home list page, 1-based page number.
    Index(usize),
    Article(usize),
    /// `/tags/` or `/categories/`.
    TermList(TaxonomyKind),
    /// One page of a term's article list.
    Term(TaxonomyKind, usize, usize),
    NotFound,
    /// `/search/` (only when search is on).
    Search,
    /// `/archives/`: every article grouped by year and month.
    Archives,
}

#[derive(Debug)]
pub struct Site {
    pub articles: Vec<Article>,
    pub tags: Taxonomy,
    pub categories: Taxonomy,
    pub paginate: usize,
    /// Whether the `/search/` page is part of the site.
    pub search: bool,
    /// Whether `/news-sitemap.xml` is written (`news_sitemap: true`).
    pub news_sitemap: bool,
    /// The IndexNow key file (`<key>.txt`) when `push.indexnow` is set.
    pub indexnow_key_file: Option<String>,
    /// A fingerprint of everything taxonomies, related articles and URL checks depend on:
    /// each article's file, URL, tags and categories, in site order.
    pub shape: u64,
}

/// [`Site::shape`] of sorted articles.
fn shape_of(articles: &[Article]) -> u64 {
    use std::hash::{Hash, Hasher};
    let per: Vec<u64> = articles
        .par_iter()
        .map(|a| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            a.doc.path.as_os_str().hash(&mut h);
            a.url.hash(&mut h);
            a.doc.meta.tags.hash(&mut h);
            a.doc.meta.categories.hash(&mut h);
            h.finish()
        })
        .collect();
    let mut h = std::collections::hash_map::DefaultHasher::new();
    per.hash(&mut h);
    h.finish()
}

/// What [`Site::assemble`] derives from the whole list of articles, kept by `serve` so an
/// edit that leaves every article's place, URL and terms alone reuses it instead of
/// recomputing taxonomies and related articles.
#[derive(Debug)]
pub struct Model {
    /// [`Site::shape`] of the site this came from.
    pub shape: u64,
    pub tags: Taxonomy,
    pub categories: Taxonomy,
    /// Per article (site order): term indices and related articles.
    pub links: Vec<Links>,
}

/// An article's links to terms and other articles.
#[derive(Debug, Default)]
pub struct Links {
    pub tags: Vec<usize>,
    pub categories: Vec<usize>,
    pub related: Vec<usize>,
}

/// One document's own part of the model: URL, output file, summary, word count and reading
/// time. Depends on nothing but the document and the config, so it runs in parallel and
/// `serve` redoes it only for changed files.
pub fn prepare(doc: Document, rendered: Rendered, config: &Config) -> Result<Article, Error> {
    let url = match &doc.meta.url {
        Some(url) => url.clone(),
        None => {
            permalink(&config.permalink, &doc, config).map_err(|m| Error::in_file(&doc.path, m))?
        }
    };
    let out_path = out_path_for(&url);
    check_limits(&doc, &url, config)?;
    let summary_html = match (&doc.meta.summary, &rendered.summary_html) {
        (Some(s), _) => format!("<p>{}</p>", escape_html(s)),
        (None, Some(html)) => html.clone(),
        (None, None) => {
            let text = markdown::auto_summary(&rendered.plain_text, 120);
            if text.is_empty() {
                String::new()
            } else {
                format!("<p>{}</p>", escape_html(&text))
            }
        }
    };
    let word_count = rendered.cjk_chars + rendered.latin_words;
    let reading_time = markdown::reading_time(
        rendered.cjk_chars,
        rendered.latin_words,
        config.reading_speed.cjk,
        config.reading_speed.latin,
    );
    Ok(Article {
        doc,
        rendered,
        url,
        out_path,
        summary_html,
        word_count,
        reading_time,
        tags: Vec::new(),
        categories: Vec::new(),
        prev: None,
        next: None,
        related: Vec::new(),
    })
}

/// What no article may exceed: the terms it lists (each term page repeats an article's whole
/// list, so output grows with its square), and the length of each URL segment (a folder).
fn check_limits(doc: &Document, url: &str, config: &Config) -> Result<(), Error> {
    let max = config.max_terms_per_article;
    for (key, n, line) in [
        ("tags", doc.meta.tags.len(), doc.tags_line),
        ("categories", doc.meta.categories.len(), doc.categories_line),
    ] {
        if n > max {
            return Err(Error::in_file(
                &doc.path,
                format!(
                    "`{key}` lists {n} terms; an article can have at most {max} (set max_terms_per_article in config.yaml to allow more)"
                ),
            )
            .at(Some(line), None));
        }
    }
    if let Some(seg) = url
        .split('/')
        .find(|s| s.len() > crate::content::slug::MAX_SEGMENT)
    {
        let shown: String = seg.chars().take(16).collect();
        return Err(Error::in_file(
            &doc.path,
            format!(
                "the URL segment `{shown}…` is {} bytes long; one URL segment can be at most {} bytes, the longest file name a file system allows (set a shorter `slug:`)",
                seg.len(),
                crate::content::slug::MAX_SEGMENT
            ),
        )
        .at(Some(doc.slug_line), None));
    }
    Ok(())
}

impl Site {
    /// Assemble the model. `items` come in any order; all problems (bad permalinks, URL
    /// clashes) are reported together.
    pub fn build(items: Vec<(Document, Rendered)>, config: &Config) -> Result<Site, Errors> {
        let prepared: Vec<Result<Article, Error>> = items
            .into_par_iter()
            .map(|(doc, rendered)| prepare(doc, rendered, config))
            .collect();
        let mut errors = Vec::new();
        let mut articles = Vec::with_capacity(prepared.len());
        for r in prepared {
            match r {
                Ok(a) => articles.push(a),
                Err(e) => errors.push(e),
            }
        }
        if !errors.is_empty() {
            errors.sort_by(|a, b| a.file.cmp(&b.file));
            return Err(Errors(errors));
        }
        Site::assemble(articles, config, None)
    }

    /// The site from prepared articles (any order): sorted newest first, prev/next, tags and
    /// categories, related articles, URL clash check. When `previous` has the same
    /// [`Site::shape`], its taxonomies and links are reused as they are.
    pub fn assemble(
        mut articles: Vec<Article>,
        config: &Config,
        previous: Option<Model>,
    ) -> Result<Site, Errors> {
        articles.par_sort_by(|a, b| site_order(&a.doc, &b.doc));
        let n = articles.len();
        for (i, a) in articles.iter_mut().enumerate() {
            a.next = i.checked_sub(1);
            a.prev = (i + 1 < n).then_some(i + 1);
        }
        let shape = shape_of(&articles);
        let previous = match previous {
            Some(m) if m.shape == shape && m.links.len() == n => Some(m),
            Some(stale) => {
                std::thread::spawn(move || drop(stale));
                None
            }
            None => None,
        };
        if let Some(model) = previous {
            for (a, l) in articles.iter_mut().zip(model.links) {
                a.tags = l.tags;
                a.categories = l.categories;
                a.related = l.related;
            }
            return Ok(Site {
                articles,
                tags: model.tags,
                categories: model.categories,
                paginate: config.paginate,
                search: config.search,
                news_sitemap: config.news_sitemap,
                indexnow_key_file: config.push.indexnow.as_ref().map(|i| i.key_file()),
                shape,
            });
        }
        let ((tags, tag_ids, mut errors), (categories, category_ids, category_errors)) =
            rayon::join(
                || Taxonomy::collect(TaxonomyKind::Tags, &articles, config),
                || Taxonomy::collect(TaxonomyKind::Categories, &articles, config),
            );
        errors.extend(category_errors);
        for ((a, t), c) in articles.iter_mut().zip(tag_ids).zip(category_ids) {
            a.tags = t;
            a.categories = c;
        }
        let related = related::compute(&articles, &tags, &categories);
        for (a, r) in articles.iter_mut().zip(related) {
            a.related = r;
        }
        let site = Site {
            articles,
            tags,
            categories,
            paginate: config.paginate,
            search: config.search,
            news_sitemap: config.news_sitemap,
            indexnow_key_file: config.push.indexnow.as_ref().map(|i| i.key_file()),
            shape,
        };
        errors.extend(site.url_clashes(&[]));
        if errors.is_empty() {
            Ok(site)
        } else {
            Err(Errors(errors))
        }
    }

    /// Takes the site apart: the articles (links left empty) and the [`Model`] to pass to
    /// the next [`Site::assemble`].
    pub fn into_parts(self) -> (Vec<Article>, Model) {
        let mut articles = self.articles;
        let links = articles
            .iter_mut()
            .map(|a| Links {
                tags: std::mem::take(&mut a.tags),
                categories: std::mem::take(&mut a.categories),
                related: std::mem::take(&mut a.related),
            })
            .collect();
        let model = Model {
            shape: self.shape,
            tags: self.tags,
            categories: self.categories,
            links,
        };
        (articles, model)
    }

    pub fn taxonomy(&self, kind: TaxonomyKind) -> &Taxonomy {
        match kind {
            TaxonomyKind::Tags => &self.tags,
            TaxonomyKind::Categories => &self.categories,
        }
    }

    /// Every page of the site, in a stable order.
    pub fn pages(&self) -> Vec<Page> {
        let mut pages = Vec::new();
        let index_pages = paginate::page_count(self.articles.len(), self.paginate);
        pages.extend((1..=index_pages).map(Page::Index));
        pages.extend((0..self.articles.len()).map(Page::Article));
        for kind in [TaxonomyKind::Tags, TaxonomyKind::Categories] {
            let tax = self.taxonomy(kind);
            pages.push(Page::TermList(kind));
            for (t, term) in tax.terms.iter().enumerate() {
                let count = paginate::page_count(term.articles.len(), self.paginate);
                pages.extend((1..=count).map(|p| Page::Term(kind, t, p)));
            }
        }
        pages.push(Page::Archives);
        pages.push(Page::NotFound);
        if self.search {
            pages.push(Page::Search);
        }
        pages
    }

    /// URL path (relative to the site root, no leading slash) of a page.
    pub fn page_url(&self, page: Page) -> String {
        match page {
            Page::Index(n) => paginate::page_url("", n),
            Page::Article(i) => self.articles[i].url.clone(),
            Page::TermList(kind) => format!("{}/", kind.dir()),
            Page::Term(kind, t, n) => paginate::page_url(&self.taxonomy(kind).terms[t].url, n),
            Page::NotFound => "404.html".into(),
            Page::Search => "search/".into(),
            Page::Archives => "archives/".into(),
        }
    }

    /// Output file of a page, relative to the output folder.
    pub fn page_out_path(&self, page: Page) -> String {
        match page {
            Page::Article(i) => self.articles[i].out_path.clone(),
            Page::NotFound => "404.html".into(),
            other => out_path_for(&self.page_url(other)),
        }
    }

    /// The paginator for a list page.
    pub fn paginator(&self, page: Page) -> Option<Paginator<'_>> {
        match page {
            Page::Index(n) => {
                let all: &[usize] = &[];
                Some(Paginator::new(
                    all,
                    self.articles.len(),
                    "",
                    n,
                    self.paginate,
                ))
            }
            Page::Term(kind, t, n) => {
                let term = &self.taxonomy(kind).terms[t];
                Some(Paginator::new(
                    &term.articles,
                    term.articles.len(),
                    &term.url,
                    n,
                    self.paginate,
                ))
            }
            _ => None,
        }
    }

    /// Articles grouped by (year, month), newest first: `[(year, month, [indices])]`.
    pub fn archives(&self) -> Vec<(i16, i8, Vec<usize>)> {
        let mut out: Vec<(i16, i8, Vec<usize>)> = Vec::new();
        for (i, a) in self.articles.iter().enumerate() {
            let (y, m) = (a.doc.meta.date.year(), a.doc.meta.date.month());
            match out.last_mut() {
                Some(last) if last.0 == y && last.1 == m => last.2.push(i),
                _ => out.push((y, m, vec![i])),
            }
        }
        out
    }
}

/// The order of articles on the site: newest first, then by file path.
pub fn site_order(a: &Document, b: &Document) -> std::cmp::Ordering {
    b.meta
        .date
        .timestamp()
        .cmp(&a.meta.date.timestamp())
        .then_with(|| a.path.cmp(&b.path))
}

/// Fill the permalink pattern for a document: `/posts/:slug/` → `posts/my-slug/`.
pub fn permalink(pattern: &str, doc: &Document, config: &Config) -> Result<String, String> {
    let date = &doc.meta.date;
    let category = doc
        .meta
        .categories
        .first()
        .map(|c| taxonomy::term_slug(c, config))
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "uncategorized".into());
    let mut url = pattern
        .replace(":year", &format!("{:04}", date.year()))
        .replace(":month", &format!("{:02}", date.month()))
        .replace(":day", &format!("{:02}", date.day()))
        .replace(":category", &category)
        .replace(":slug", &doc.slug);
    if url.split('/').any(|s| s == ".." || s == ".") || url.contains('\\') {
        return Err(format!("the URL `{url}` would escape the output folder"));
    }
    while url.contains("//") {
        url = url.replace("//", "/");
    }
    Ok(url.trim_start_matches('/').to_string())
}

/// `posts/x/` → `posts/x/index.html`; `a/b.html` stays.
pub fn out_path_for(url: &str) -> String {
    if url.is_empty() || url.ends_with('/') {
        format!("{url}index.html")
    } else if has_html_extension(url) {
        url.to_string()
    } else {
        format!("{url}/index.html")
    }
}

/// `.html` or `.htm` in any case (`/x.HTML` is a page file, as `check_url` reads it).
fn has_html_extension(url: &str) -> bool {
    let tail = url.rsplit('/').next().unwrap_or("");
    let ext = tail.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    ext.eq_ignore_ascii_case("html") || ext.eq_ignore_ascii_case("htm")
}

pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests;
