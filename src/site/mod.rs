//! Site model stage: rendered documents → [`Site`]: articles sorted newest first, URLs from the
//! permalink pattern, previous/next links, tags and categories, and the list of every page to
//! write (with pagination). Detects two things claiming one URL. Pure data, no I/O.

mod article;
pub mod menu;
mod pages;
pub mod paginate;
pub mod related;
pub mod series;
pub mod structure;
pub mod taxonomy;
mod urls;

use rayon::prelude::*;

use crate::config::Config;
pub use crate::content::place::permalink;
use crate::content::Document;
use crate::error::{Error, Errors};
use crate::markdown::Rendered;
pub use article::{escape_html, out_path_for, prepare};
pub use menu::MenuItem;
pub use pages::Page;
pub use paginate::Paginator;
pub use series::SeriesNav;
pub use structure::{Inputs, PlacedAsset, Structure};
pub use taxonomy::{Taxonomy, TaxonomyKind, Term};
pub use urls::generated_files;

/// An article ready for templates.
#[derive(Debug, Clone)]
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
    /// Per taxonomy (`Site::taxonomies` order): indices into its `terms`, in front-matter
    /// order.
    pub terms: Vec<Vec<usize>>,
    /// Older / newer neighbour (indices into `Site::articles`).
    pub prev: Option<usize>,
    pub next: Option<usize>,
    /// Up to five related articles (indices), best first.
    pub related: Vec<usize>,
}

impl Article {
    /// Its tags (indices into `Site::tags().terms`).
    pub fn tags(&self) -> &[usize] {
        self.terms_of(TaxonomyKind::TAGS)
    }

    pub fn categories(&self) -> &[usize] {
        self.terms_of(TaxonomyKind::CATEGORIES)
    }

    /// Its terms in one taxonomy (none before the site is assembled).
    pub fn terms_of(&self, kind: TaxonomyKind) -> &[usize] {
        self.terms.get(kind.0).map_or(&[], Vec::as_slice)
    }
}

#[derive(Debug, Clone)]
pub struct Site {
    pub articles: Vec<Article>,
    /// Every taxonomy, in `Config::taxonomies` order (`tags` and `categories` first).
    pub taxonomies: Vec<Taxonomy>,
    pub paginate: usize,
    /// Whether the `/search/` page is part of the site.
    pub search: bool,
    /// Whether `/news-sitemap.xml` is written (`news_sitemap: true`).
    pub news_sitemap: bool,
    /// The IndexNow key file (`<key>.txt`) when `push.indexnow` is set.
    pub indexnow_key_file: Option<String>,
    /// A fingerprint of everything taxonomies, related articles and URL checks depend on:
    /// each article's file, URL, tags and categories, in site order (and the pages',
    /// sections' and assets' places).
    pub shape: u64,
    /// Standalone pages (`layout: page`, `content/pages/`), by file path.
    pub standalone: Vec<Article>,
    /// Sections, home list, bundle assets and menus.
    pub structure: Structure,
}

/// [`Site::shape`] of sorted articles, pages and the inputs.
fn shape_of(articles: &[Article], pages: &[Article], inputs: &Inputs, config: &Config) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    let keys: Vec<String> = config
        .taxonomies
        .iter()
        .skip(2)
        .filter(|t| !t.is_authors())
        .map(|t| t.name.clone())
        .collect();
    articles_shape(articles, &keys).hash(&mut h);
    for p in pages {
        p.doc.path.hash(&mut h);
        p.url.hash(&mut h);
    }
    inputs.shape().hash(&mut h);
    h.finish()
}

fn articles_shape(articles: &[Article], taxonomy_keys: &[String]) -> u64 {
    use std::hash::{Hash, Hasher};
    let per: Vec<u64> = articles
        .par_iter()
        .map(|a| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            a.doc.path.as_os_str().hash(&mut h);
            a.url.hash(&mut h);
            a.doc.meta.tags.hash(&mut h);
            a.doc.meta.categories.hash(&mut h);
            a.doc.meta.authors.hash(&mut h);
            for t in taxonomy_keys {
                a.doc
                    .meta
                    .extra
                    .get(t.as_str())
                    .map(|v| v.to_string())
                    .hash(&mut h);
            }
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
    pub taxonomies: Vec<Taxonomy>,
    /// Per article (site order): term indices and related articles.
    pub links: Vec<Links>,
}

/// An article's links to terms and other articles.
#[derive(Debug, Default)]
pub struct Links {
    pub terms: Vec<Vec<usize>>,
    pub related: Vec<usize>,
}

impl Site {
    /// Assemble the model. `items` come in any order; all problems (bad permalinks, URL
    /// clashes) are reported together.
    pub fn build(items: Vec<(Document, Rendered)>, config: &Config) -> Result<Site, Errors> {
        Site::build_with(items, Inputs::default(), config)
    }

    /// [`Site::build`] with sections, their rendered bodies and bundle assets. Documents not
    /// yet placed (`url` empty) get their URL as outside any section.
    pub fn build_with(
        mut items: Vec<(Document, Rendered)>,
        inputs: Inputs,
        config: &Config,
    ) -> Result<Site, Errors> {
        if items.iter().any(|(d, _)| d.url.is_empty()) {
            let mut docs: Vec<Document> = Vec::with_capacity(items.len());
            let mut rendered = Vec::with_capacity(items.len());
            for (d, r) in items {
                docs.push(d);
                rendered.push(r);
            }
            let errors = crate::content::place(&mut docs, &inputs.sections, config);
            if !errors.is_empty() {
                return Err(Errors(errors));
            }
            items = docs.into_iter().zip(rendered).collect();
        }
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
        Site::assemble(articles, inputs, config, None)
    }

    /// The site from prepared articles (any order): sorted newest first, prev/next, tags and
    /// categories, related articles, URL clash check. When `previous` has the same
    /// [`Site::shape`], its taxonomies and links are reused as they are.
    pub fn assemble(
        all: Vec<Article>,
        inputs: Inputs,
        config: &Config,
        previous: Option<Model>,
    ) -> Result<Site, Errors> {
        let (mut standalone, mut articles): (Vec<Article>, Vec<Article>) =
            if all.iter().any(|a| a.doc.is_page()) {
                all.into_iter().partition(|a| a.doc.is_page())
            } else {
                (Vec::new(), all)
            };
        articles.par_sort_by(|a, b| site_order(&a.doc, &b.doc));
        standalone.sort_by(|a, b| a.doc.path.cmp(&b.doc.path));
        let n = articles.len();
        for (i, a) in articles.iter_mut().enumerate() {
            a.next = i.checked_sub(1);
            a.prev = (i + 1 < n).then_some(i + 1);
        }
        let shape = shape_of(&articles, &standalone, &inputs, config);
        let (structure, structure_errors) = Structure::new(inputs, &articles, &standalone, config);
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
                a.terms = l.terms;
                a.related = l.related;
            }
            if !structure_errors.is_empty() {
                return Err(Errors(structure_errors));
            }
            return Ok(Site {
                articles,
                taxonomies: model.taxonomies,
                paginate: config.paginate,
                search: config.search,
                news_sitemap: config.news_sitemap,
                indexnow_key_file: config.push.indexnow.as_ref().map(|i| i.key_file()),
                shape,
                standalone,
                structure,
            });
        }
        let collected: Vec<(Taxonomy, Vec<Vec<usize>>, Vec<Error>)> = (0..config.taxonomies.len())
            .into_par_iter()
            .map(|k| Taxonomy::collect(TaxonomyKind(k), &articles, config))
            .collect();
        let mut errors = Vec::new();
        let mut taxonomies = Vec::with_capacity(collected.len());
        for a in &mut articles {
            a.terms = Vec::with_capacity(collected.len());
        }
        for (tax, ids, errs) in collected {
            errors.extend(errs);
            for (a, t) in articles.iter_mut().zip(ids) {
                a.terms.push(t);
            }
            taxonomies.push(tax);
        }
        let related = related::compute(
            &articles,
            &taxonomies[TaxonomyKind::TAGS.0],
            &taxonomies[TaxonomyKind::CATEGORIES.0],
        );
        for (a, r) in articles.iter_mut().zip(related) {
            a.related = r;
        }
        let site = Site {
            articles,
            taxonomies,
            paginate: config.paginate,
            search: config.search,
            news_sitemap: config.news_sitemap,
            indexnow_key_file: config.push.indexnow.as_ref().map(|i| i.key_file()),
            shape,
            standalone,
            structure,
        };
        errors.extend(structure_errors);
        errors.extend(site.url_clashes(&[]));
        if errors.is_empty() {
            Ok(site)
        } else {
            Err(Errors(errors))
        }
    }

    /// Takes the site apart: the articles and pages (links left empty), the [`Model`] and
    /// the [`Inputs`] to pass to the next [`Site::assemble`].
    pub fn into_parts(self) -> (Vec<Article>, Model, Inputs) {
        let mut articles = self.articles;
        let links = articles
            .iter_mut()
            .map(|a| Links {
                terms: std::mem::take(&mut a.terms),
                related: std::mem::take(&mut a.related),
            })
            .collect();
        let model = Model {
            shape: self.shape,
            taxonomies: self.taxonomies,
            links,
        };
        articles.extend(self.standalone);
        (articles, model, self.structure.into_inputs())
    }

    pub fn taxonomy(&self, kind: TaxonomyKind) -> &Taxonomy {
        &self.taxonomies[kind.0]
    }

    pub fn tags(&self) -> &Taxonomy {
        self.taxonomy(TaxonomyKind::TAGS)
    }

    pub fn categories(&self) -> &Taxonomy {
        self.taxonomy(TaxonomyKind::CATEGORIES)
    }

    /// The byline taxonomy (`authors`), when the site has one.
    pub fn authors(&self) -> Option<&Taxonomy> {
        self.taxonomies.iter().find(|t| t.def.is_authors())
    }

    /// The names an article's byline shows: its authors' names (registry names for ids),
    /// else its `author:`, else the site's `author`.
    pub fn author_names<'a>(&'a self, a: &'a Article, config: &'a Config) -> Vec<&'a str> {
        if let Some(tax) = self.authors() {
            let ids = &a.terms[tax.kind.0];
            if !ids.is_empty() {
                return ids.iter().map(|&t| tax.terms[t].name.as_str()).collect();
            }
        }
        a.doc
            .meta
            .author
            .as_ref()
            .or(config.author.as_ref())
            .map(String::as_str)
            .into_iter()
            .collect()
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

#[cfg(test)]
mod tests;
