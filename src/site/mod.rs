//! Site model stage: rendered documents → [`Site`]: articles sorted newest first, URLs from the
//! permalink pattern, previous/next links, tags and categories, and the list of every page to
//! write (with pagination). Detects two things claiming one URL. Pure data, no I/O.

pub mod paginate;
pub mod related;
pub mod taxonomy;

use std::collections::HashMap;

use crate::config::Config;
use crate::content::Document;
use crate::error::{Error, Errors};
use crate::markdown::{self, Rendered};
pub use paginate::Paginator;
pub use taxonomy::{Taxonomy, TaxonomyKind, Term};

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
}

impl Site {
    /// Assemble the model. `items` come in any order; all URL clashes are reported together.
    pub fn build(items: Vec<(Document, Rendered)>, config: &Config) -> Result<Site, Errors> {
        let mut items = items;
        items.sort_by(|a, b| {
            b.0.meta
                .date
                .timestamp()
                .cmp(&a.0.meta.date.timestamp())
                .then_with(|| a.0.path.cmp(&b.0.path))
        });
        let mut errors = Vec::new();
        let mut articles = Vec::with_capacity(items.len());
        for (doc, rendered) in items {
            let url = match permalink(&config.permalink, &doc, config) {
                Ok(u) => u,
                Err(m) => {
                    errors.push(Error::in_file(&doc.path, m));
                    continue;
                }
            };
            let out_path = out_path_for(&url);
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
            articles.push(Article {
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
            });
        }
        let n = articles.len();
        for (i, a) in articles.iter_mut().enumerate() {
            a.next = i.checked_sub(1);
            a.prev = (i + 1 < n).then_some(i + 1);
        }
        let tags = Taxonomy::collect(TaxonomyKind::Tags, &mut articles, config, &mut errors);
        let categories =
            Taxonomy::collect(TaxonomyKind::Categories, &mut articles, config, &mut errors);
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
        };
        site.check_unique_paths(&mut errors);
        if errors.is_empty() {
            Ok(site)
        } else {
            Err(Errors(errors))
        }
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

    fn check_unique_paths(&self, errors: &mut Vec<Error>) {
        let mut seen: HashMap<String, Page> = HashMap::with_capacity(self.articles.len() * 2);
        for page in self.pages() {
            let path = self.page_out_path(page);
            if let Some(prev) = seen.insert(path.clone(), page) {
                errors.push(self.clash_error(prev, page, &path));
            }
        }
    }

    fn describe(&self, page: Page) -> String {
        match page {
            Page::Article(i) => self.articles[i].doc.path.display().to_string(),
            other => format!("the generated page /{}", self.page_url(other)),
        }
    }

    fn clash_error(&self, a: Page, b: Page, path: &str) -> Error {
        let msg = format!(
            "two pages would be written to the same URL /{}: {} and {}",
            path.trim_end_matches("index.html"),
            self.describe(a),
            self.describe(b)
        );
        match (a, b) {
            (_, Page::Article(i)) | (Page::Article(i), _) => {
                Error::in_file(&self.articles[i].doc.path, msg)
            }
            _ => Error::new(msg),
        }
    }
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
    } else if url.ends_with(".html") || url.ends_with(".htm") {
        url.to_string()
    } else {
        format!("{url}/index.html")
    }
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
