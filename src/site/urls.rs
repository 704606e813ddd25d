//! The site's URL table: every file the output will hold — pages, and the files other stages
//! generate (feeds, sitemap, robots.txt, the syntax CSS, the search index) — checked so that
//! no two claim one path and no file sits where another needs a folder (`url: /atom.xml`
//! would make the folder `atom.xml/` where the feed is a file). `check` and `build` run the
//! same table, so whatever one accepts the other writes.

use std::collections::HashMap;

use super::{Page, Site};
use crate::content::Document;
use crate::error::Error;

/// Who claims an output path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Owner<'a> {
    Page(Page),
    /// A generated file or folder (`atom.xml`, `search/docs/`), with what it is.
    Generated(&'a str),
    /// A file from `static/` (its path relative to the output).
    Static,
    /// A page bundle's or section's file (index into `structure.assets`).
    Asset(usize),
}

/// Files (and folders, ending in `/`) that stages other than page rendering write, with what
/// they are. Kept in step with `build::site_files`, `build::generated_assets` and
/// `search::` by a test in `tests.rs`.
pub fn generated_files(site: &Site) -> Vec<(String, &'static str)> {
    let mut files = vec![
        ("atom.xml".to_string(), "the Atom feed"),
        ("rss.xml".to_string(), "the RSS feed"),
        ("sitemap.xml".to_string(), "the sitemap"),
        ("robots.txt".to_string(), "robots.txt"),
        (
            "css/syntax.css".to_string(),
            "the code highlighting style sheet",
        ),
    ];
    if site.news_sitemap {
        files.push((
            crate::output::sitemap::NEWS_SITEMAP.to_string(),
            "the news sitemap",
        ));
    }
    if let Some(key_file) = &site.indexnow_key_file {
        files.push((key_file.clone(), "the IndexNow key file"));
    }
    for tax in site.taxonomies.iter().filter(|t| t.def.feed) {
        let what = match tax.def.name.as_str() {
            "tags" => "a tag's Atom feed",
            "categories" => "a category's Atom feed",
            crate::config::taxonomies::AUTHORS => "an author's Atom feed",
            _ => "a term's Atom feed",
        };
        for term in &tax.terms {
            files.push((format!("{}atom.xml", term.url), what));
        }
    }
    for s in &site.structure.sections.list {
        if s.doc.feed {
            files.push((format!("{}atom.xml", s.url), "a section's Atom feed"));
        }
    }
    if site.search {
        files.push((crate::search::MANIFEST.to_string(), "the search index"));
        files.push(("search/docs/".to_string(), "the search index"));
        files.push(("search/shards/".to_string(), "the search index"));
        files.push(("search/text/".to_string(), "the search index"));
        files.push((crate::search::facets::PATH.to_string(), "the search index"));
        // Written only on sites with `variants:`; reserved on every site.
        files.push((
            crate::search::tokenize::FOLD_PATH.to_string(),
            "the search index",
        ));
    }
    files
}

/// `sitemap-<n>.xml`: the parts of a split sitemap (how many depends on the page count).
fn is_sitemap_part(path: &str) -> bool {
    path.strip_prefix("sitemap-")
        .and_then(|r| r.strip_suffix(".xml"))
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

impl Site {
    /// Every clash among pages and generated files, as errors. `statics` are the output
    /// paths of `static/` files (empty where the caller checks those itself).
    pub fn url_clashes(&self, statics: &[String]) -> Vec<Error> {
        let generated = generated_files(self);
        let pages = self.pages();
        let mut seen: HashMap<String, Owner> =
            HashMap::with_capacity(pages.len() + generated.len() + statics.len());
        let mut errors = Vec::new();
        // Generated files first: a page that lands on one is the page's fault.
        let claims = generated
            .iter()
            .map(|(p, what)| (p.clone(), Owner::Generated(what)))
            .chain(statics.iter().map(|p| (p.clone(), Owner::Static)))
            .chain(
                self.structure
                    .assets
                    .iter()
                    .enumerate()
                    .map(|(i, a)| (a.out.clone(), Owner::Asset(i))),
            )
            .chain(
                pages
                    .iter()
                    .map(|&p| (self.page_out_path(p), Owner::Page(p))),
            );
        let mut folders: Vec<(String, Owner)> = Vec::new();
        for (path, owner) in claims {
            if path.ends_with('/') {
                folders.push((path, owner));
                continue;
            }
            if let Some(prev) = seen.get(&path).copied() {
                // Two generated pages only meet when two terms share a slug, which the
                // taxonomy has already reported (naming both terms and files).
                let generated = |o: Owner| {
                    !matches!(
                        o,
                        Owner::Page(Page::Article(_) | Page::Standalone(_) | Page::Section(..))
                            | Owner::Asset(_)
                    )
                };
                if !(generated(prev) && generated(owner)) {
                    errors.push(self.clash_error(prev, owner, &path));
                }
                continue;
            }
            if is_sitemap_part(&path) && matches!(owner, Owner::Page(_) | Owner::Static) {
                errors.push(self.clash_error(Owner::Generated("the sitemap"), owner, &path));
            }
            seen.insert(path, owner);
        }
        // A file where another needs a folder: `atom.xml` and `atom.xml/index.html`.
        for (path, owner) in &seen {
            let mut end = 0;
            while let Some(slash) = path[end..].find('/') {
                end += slash + 1;
                let folder = &path[..end - 1];
                if let Some(file_owner) = seen.get(folder) {
                    errors.push(self.folder_error(*file_owner, folder, *owner, path));
                    break;
                }
            }
        }
        for (folder, owner) in &folders {
            let inside = seen
                .iter()
                .filter(|(p, o)| p.starts_with(folder.as_str()) && matches!(o, Owner::Page(_)))
                .map(|(p, o)| (p.clone(), *o))
                .min_by(|a, b| a.0.cmp(&b.0));
            if let Some((path, page)) = inside {
                errors.push(self.clash_error(*owner, page, &path));
            }
        }
        errors.sort_by(|a, b| (&a.file, a.line, &a.message).cmp(&(&b.file, b.line, &b.message)));
        errors.dedup_by(|a, b| a.message == b.message);
        errors
    }

    fn describe(&self, owner: Owner) -> String {
        match owner {
            Owner::Page(Page::Article(i)) => self.articles[i].doc.path.display().to_string(),
            Owner::Page(Page::Standalone(i)) => {
                format!("the page {}", self.standalone[i].doc.path.display())
            }
            Owner::Page(Page::Section(s, n)) => format!(
                "the section list /{} ({})",
                self.page_url(Page::Section(s, n)),
                self.structure.sections.list[s].doc.path.display()
            ),
            Owner::Asset(i) => format!(
                "the bundle file {}",
                self.structure.assets[i].file.display()
            ),
            Owner::Page(other) => format!("the generated page /{}", self.page_url(other)),
            Owner::Generated(what) => format!("{what} (written by kuaixun)"),
            Owner::Static => "a file from static/".to_string(),
        }
    }

    fn article_of(&self, owner: Owner) -> Option<&Document> {
        match owner {
            Owner::Page(Page::Article(i)) => Some(&self.articles[i].doc),
            Owner::Page(Page::Standalone(i)) => Some(&self.standalone[i].doc),
            _ => None,
        }
    }

    fn clash_error(&self, a: Owner, b: Owner, path: &str) -> Error {
        let what = |o: Owner| match o {
            Owner::Static => format!("static/{path}"),
            o => self.describe(o),
        };
        let msg = format!(
            "two pages would be written to the same URL /{}: {} and {}",
            path.trim_end_matches("index.html"),
            what(a),
            what(b)
        );
        self.blame(a, b, msg)
    }

    fn folder_error(&self, file: Owner, folder: &str, inner: Owner, path: &str) -> Error {
        let what = |o: Owner, p: &str| match o {
            Owner::Static => format!("static/{p}"),
            o => self.describe(o),
        };
        let msg = format!(
            "{} would be written at /{}, inside /{folder}, but /{folder} is {}; choose another URL",
            what(inner, path),
            path.trim_end_matches("index.html"),
            what(file, folder),
        );
        self.blame(file, inner, msg)
    }

    /// Blame the article that asked for the URL in its front matter (`slug:`, `url:`), else
    /// the newer one (the first in site order), which is usually the one just added.
    fn blame(&self, a: Owner, b: Owner, msg: String) -> Error {
        let (da, db) = (self.article_of(a), self.article_of(b));
        let explicit = |d: &Option<&Document>| {
            d.is_some_and(|d| d.meta.slug.is_some() || d.meta.url.is_some())
        };
        let blamed = if !explicit(&da) && explicit(&db) {
            db
        } else {
            da.or(db)
        };
        let file_of = |o: Owner| match o {
            Owner::Asset(i) => Some(self.structure.assets[i].file.clone()),
            Owner::Page(Page::Section(s, _)) => {
                Some(self.structure.sections.list[s].doc.path.clone())
            }
            _ => None,
        };
        match blamed {
            Some(doc) => Error::in_file(&doc.path, msg).at(Some(doc.slug_line), None),
            None => match file_of(a).or_else(|| file_of(b)) {
                Some(f) => Error::in_file(f, msg),
                None => Error::new(msg),
            },
        }
    }
}
