//! An edition's site model: the main [`Site`] with every text an edition shows converted
//! once (articles' and pages' HTML, summaries, headings and plain text, titles, bylines,
//! term, section and menu names, the config's title and labels), links between pages moved
//! under the edition's path. URLs, slugs, ids, dates and code are never converted, and
//! neither are the front-matter fields listed in `variants_keep`.

use rayon::prelude::*;
use serde_json::Value;

use super::html::{self, Links};
use super::opencc::Converter;
use crate::config::Config;
use crate::site::{Article, Site};

/// What an edition converts with: the converter, where page links go, what it keeps.
pub struct Conversion<'a> {
    /// For the site's texts: the edition's whole table, or only the steps after
    /// [`Converter::base`] when the site is already [`base`]-converted.
    pub conv: &'a Converter,
    /// For the config's texts (always the main edition's): the whole table.
    pub full: &'a Converter,
    /// `None`: links stay (the shared [`base`] conversion).
    pub links: Option<Links<'a>>,
    pub keep: &'a [String],
}

impl Conversion<'_> {
    fn kept(&self, field: &str) -> bool {
        self.keep.iter().any(|k| k == field)
    }

    fn text(&self, s: &mut String) {
        text(self.conv, s);
    }

    fn opt(&self, s: &mut Option<String>) {
        opt(self.conv, s);
    }

    fn html(&self, s: &mut String) {
        if !s.is_empty() {
            *s = html::convert(s, self.conv, self.links);
        }
    }

    /// A field's text unless `variants_keep` lists it.
    fn field(&self, name: &str, s: &mut String) {
        if !self.kept(name) {
            self.text(s);
        }
    }

    fn json(&self, v: &mut Value) {
        match v {
            Value::String(s) if !is_url(s) => self.text(s),
            Value::Array(items) => items.iter_mut().for_each(|i| self.json(i)),
            Value::Object(m) => m.values_mut().for_each(|i| self.json(i)),
            _ => {}
        }
    }

    fn url(&self, url: &mut String) {
        if let Some(moved) = self.links.and_then(|l| l.page_href(url)) {
            *url = moved;
        }
    }
}

/// The edition of `site` that `c` makes, and the config it renders with (`edition_config`:
/// from [`Config::for_edition`]; its title, description, author and labels are converted
/// here).
pub fn convert(site: &Site, edition_config: &mut Config, c: &Conversion<'_>) -> Site {
    let mut cache = Cache {
        off: true,
        ..Cache::default()
    };
    convert_cached(site, edition_config, c, &mut cache, |_| None)
}

/// The site's data files (`data.<name>`) with their string values converted (keys and
/// the fields of `keep` stay; URLs are ASCII and convert to themselves).
pub fn convert_data(data: &tera::Value, conv: &Converter, keep: &[String]) -> tera::Value {
    let Ok(mut json) = serde_json::to_value(data) else {
        return data.clone();
    };
    fn walk(v: &mut Value, conv: &Converter, keep: &[String]) {
        match v {
            Value::String(s) if !is_url(s) => text(conv, s),
            Value::Array(items) => items.iter_mut().for_each(|i| walk(i, conv, keep)),
            Value::Object(m) => {
                for (k, v) in m.iter_mut() {
                    if !keep.iter().any(|x| x == k) {
                        walk(v, conv, keep);
                    }
                }
            }
            _ => {}
        }
    }
    walk(&mut json, conv, keep);
    tera::Value::from_serializable(&json)
}

/// `site` with OpenCC's shared first step ([`Converter::base`]: Simplified → Traditional
/// characters and phrases) applied, links left alone: two or more editions start from it
/// and each applies only its own regional steps ([`Converter::after_base`]), so the
/// largest table runs over the site's text once, not once per edition.
pub fn base(site: &Site, keep: &[String]) -> Site {
    let st = Converter::base();
    let mut scratch = Config::default();
    convert(
        site,
        &mut scratch,
        &Conversion {
            conv: &st,
            full: &st,
            links: None,
            keep,
        },
    )
}

/// The converted texts of one article, with the version of its file they were made from.
#[derive(Debug, Clone)]
struct Converted {
    version: u64,
    meta: crate::content::front_matter::FrontMatter,
    summary_html: String,
    rendered: crate::markdown::Rendered,
}

/// Articles converted by earlier calls of [`convert_cached`] (`kuaixun serve`: an edit
/// converts only the file that changed).
#[derive(Debug, Default)]
pub struct Cache {
    articles: std::collections::HashMap<std::path::PathBuf, Converted>,
    /// Keep nothing (`kuaixun build`: one conversion per process).
    off: bool,
}

/// [`convert`], reusing the conversion of every article whose file `version` is the same
/// as when `cache` got it (`None`: unknown, converted again).
pub fn convert_cached(
    site: &Site,
    edition_config: &mut Config,
    c: &Conversion<'_>,
    cache: &mut Cache,
    version: impl Fn(&std::path::Path) -> Option<u64> + Sync,
) -> Site {
    convert_config(edition_config, c);
    let old = &cache.articles;
    let keep = !cache.off;
    let each = |a: &Article| -> (Article, Option<(std::path::PathBuf, Converted)>) {
        let v = version(&a.doc.path);
        if let (Some(v), Some(hit)) = (v, old.get(&a.doc.path)) {
            if hit.version == v {
                let mut doc = a.doc.clone();
                doc.meta = hit.meta.clone();
                let out = Article {
                    doc,
                    rendered: hit.rendered.clone(),
                    summary_html: hit.summary_html.clone(),
                    ..shell(a)
                };
                return (out, None);
            }
        }
        let out = article(a, c);
        let entry = v.filter(|_| keep).map(|version| {
            (
                a.doc.path.clone(),
                Converted {
                    version,
                    meta: out.doc.meta.clone(),
                    summary_html: out.summary_html.clone(),
                    rendered: out.rendered.clone(),
                },
            )
        });
        (out, entry)
    };
    let (articles, fresh): (Vec<Article>, Vec<_>) = site.articles.par_iter().map(each).unzip();
    let (standalone, fresh2): (Vec<Article>, Vec<_>) = site.standalone.par_iter().map(each).unzip();
    for (path, conv) in fresh.into_iter().chain(fresh2).flatten() {
        cache.articles.insert(path, conv);
    }
    let mut s = Site {
        articles,
        standalone,
        taxonomies: site.taxonomies.clone(),
        paginate: site.paginate,
        search: site.search,
        news_sitemap: site.news_sitemap,
        indexnow_key_file: site.indexnow_key_file.clone(),
        shape: site.shape,
        structure: site.structure.clone(),
    };
    let live: std::collections::HashSet<&std::path::Path> = s
        .articles
        .iter()
        .chain(&s.standalone)
        .map(|a| a.doc.path.as_path())
        .collect();
    cache.articles.retain(|p, _| live.contains(p.as_path()));
    let authors_kept = c.kept("author") || c.kept("authors");
    for tax in &mut s.taxonomies {
        if let Some(label) = edition_config
            .taxonomies
            .iter()
            .find(|d| d.name == tax.def.name)
            .map(|d| d.label.clone())
        {
            tax.def.label = label;
        }
        let kept = c.kept(&tax.def.name) || (tax.def.is_authors() && authors_kept);
        for t in &mut tax.terms {
            if !kept {
                c.text(&mut t.name);
            }
        }
    }
    let st = &mut s.structure;
    for sec in &mut st.sections.list {
        c.text(&mut sec.doc.title);
        c.opt(&mut sec.doc.description);
        for v in sec.doc.extra.values_mut() {
            c.json(v);
        }
    }
    st.section_bodies.par_iter_mut().for_each(|r| {
        c.html(&mut r.html);
        if let Some(s) = &mut r.summary_html {
            c.html(s);
        }
        for h in &mut r.toc {
            c.text(&mut h.title);
        }
        c.text(&mut r.plain_text);
    });
    for m in st.menu.iter_mut().chain(st.footer_menu.iter_mut()) {
        c.text(&mut m.name);
        if !m.external {
            c.url(&mut m.url);
        }
    }
    s
}

/// A value that is an address (`https://…`, `/path/`, `mailto:…`): never converted.
fn is_url(s: &str) -> bool {
    let s = s.trim();
    !s.contains(char::is_whitespace)
        && (s.contains("://") || s.starts_with('/') || s.starts_with("mailto:"))
}

fn text(conv: &Converter, s: &mut String) {
    if let std::borrow::Cow::Owned(c) = conv.convert(s) {
        *s = c;
    }
}

fn opt(conv: &Converter, s: &mut Option<String>) {
    if let Some(s) = s {
        text(conv, s);
    }
}

fn convert_config(config: &mut Config, c: &Conversion<'_>) {
    text(c.full, &mut config.title);
    text(c.full, &mut config.description);
    if !c.kept("author") {
        opt(c.full, &mut config.author);
    }
    for t in &mut config.taxonomies {
        text(c.full, &mut t.label);
    }
    // `variants_keep: [author]` keeps the names; a bio and the links' labels are prose.
    let names_kept = c.kept("author") || c.kept("authors");
    for a in config.authors.values_mut() {
        if !names_kept {
            text(c.full, &mut a.name);
        }
        opt(c.full, &mut a.bio);
        match &mut a.links {
            crate::config::taxonomies::AuthorLinks::List(l) => {
                l.iter_mut().for_each(|l| text(c.full, &mut l.name));
            }
            crate::config::taxonomies::AuthorLinks::Map(m) => {
                *m = std::mem::take(m)
                    .into_iter()
                    .map(|(mut k, v)| {
                        text(c.full, &mut k);
                        (k, v)
                    })
                    .collect();
            }
        }
    }
}

/// `a` without its texts (they are converted, or come from the cache).
fn shell(a: &Article) -> Article {
    Article {
        doc: crate::content::Document {
            body: String::new(),
            ..a.doc.clone()
        },
        rendered: crate::markdown::Rendered::default(),
        url: a.url.clone(),
        out_path: a.out_path.clone(),
        summary_html: String::new(),
        word_count: a.word_count,
        reading_time: a.reading_time,
        terms: a.terms.clone(),
        prev: a.prev,
        next: a.next,
        related: a.related.clone(),
    }
}

/// `a` converted (texts made from the main edition's, never copied first).
fn article(a: &Article, c: &Conversion<'_>) -> Article {
    let mut out = shell(a);
    let meta = &mut out.doc.meta;
    c.field("title", &mut meta.title);
    if !c.kept("summary") {
        c.opt(&mut meta.summary);
    }
    if !c.kept("author") {
        c.opt(&mut meta.author);
    }
    if !c.kept("source") {
        c.opt(&mut meta.source);
        for s in &mut meta.sources {
            c.text(&mut s.name);
        }
    }
    if !c.kept("cover_credit") {
        c.opt(&mut meta.cover_credit);
    }
    for t in &mut meta.tags {
        c.field("tags", t);
    }
    for t in &mut meta.categories {
        c.field("categories", t);
    }
    for (k, v) in meta.extra.iter_mut() {
        if !c.kept(k) {
            c.json(v);
        }
    }
    let html = |s: &str| html::convert(s, c.conv, c.links);
    let r = &a.rendered;
    out.summary_html = html(&a.summary_html);
    // The article's summary is usually the rendered one (`<!-- more -->`): converted once.
    let summary = |s: &str| {
        if s == a.summary_html {
            out.summary_html.clone()
        } else {
            html(s)
        }
    };
    out.rendered = crate::markdown::Rendered {
        html: html(&r.html),
        summary_html: r.summary_html.as_deref().map(summary),
        toc: r
            .toc
            .iter()
            .map(|h| crate::markdown::Heading {
                title: c.conv.convert(&h.title).into_owned(),
                ..h.clone()
            })
            .collect(),
        plain_text: c.conv.convert(&r.plain_text).into_owned(),
        cjk_chars: r.cjk_chars,
        latin_words: r.latin_words,
        link_errors: Vec::new(),
        source_links: r.source_links.clone(),
        warnings: Vec::new(),
    };
    out
}
