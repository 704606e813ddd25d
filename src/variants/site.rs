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
    pub conv: &'a Converter,
    pub links: Links<'a>,
    pub keep: &'a [String],
}

impl Conversion<'_> {
    fn kept(&self, field: &str) -> bool {
        self.keep.iter().any(|k| k == field)
    }

    fn text(&self, s: &mut String) {
        if let std::borrow::Cow::Owned(c) = self.conv.convert(s) {
            *s = c;
        }
    }

    fn opt(&self, s: &mut Option<String>) {
        if let Some(s) = s {
            self.text(s);
        }
    }

    fn html(&self, s: &mut String) {
        if !s.is_empty() {
            *s = html::convert(s, self.conv, Some(self.links));
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
            Value::String(s) => self.text(s),
            Value::Array(items) => items.iter_mut().for_each(|i| self.json(i)),
            Value::Object(m) => m.values_mut().for_each(|i| self.json(i)),
            _ => {}
        }
    }

    fn url(&self, url: &mut String) {
        if let Some(moved) = self.links.page_href(url) {
            *url = moved;
        }
    }
}

/// The edition of `site` that `c` makes, and the config it renders with (`edition_config`:
/// from [`Config::for_edition`]; its title, description, author and labels are converted
/// here).
pub fn convert(site: &Site, edition_config: &mut Config, c: &Conversion<'_>) -> Site {
    convert_cached(site, edition_config, c, &mut Cache::default(), |_| None)
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
    let mut s = site.clone();
    let old = &cache.articles;
    let fresh: Vec<Option<(std::path::PathBuf, Converted)>> = s
        .articles
        .par_iter_mut()
        .chain(s.standalone.par_iter_mut())
        .map(|a| {
            let v = version(&a.doc.path);
            if let (Some(v), Some(hit)) = (v, old.get(&a.doc.path)) {
                if hit.version == v {
                    a.doc.meta = hit.meta.clone();
                    a.summary_html = hit.summary_html.clone();
                    a.rendered = hit.rendered.clone();
                    return None;
                }
            }
            article(a, c);
            v.map(|version| {
                (
                    a.doc.path.clone(),
                    Converted {
                        version,
                        meta: a.doc.meta.clone(),
                        summary_html: a.summary_html.clone(),
                        rendered: a.rendered.clone(),
                    },
                )
            })
        })
        .collect();
    for (path, conv) in fresh.into_iter().flatten() {
        cache.articles.insert(path, conv);
    }
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

fn convert_config(config: &mut Config, c: &Conversion<'_>) {
    c.text(&mut config.title);
    c.text(&mut config.description);
    if !c.kept("author") {
        c.opt(&mut config.author);
    }
    for t in &mut config.taxonomies {
        c.text(&mut t.label);
    }
    if !(c.kept("author") || c.kept("authors")) {
        for a in config.authors.values_mut() {
            c.text(&mut a.name);
            c.opt(&mut a.bio);
        }
    }
}

fn article(a: &mut Article, c: &Conversion<'_>) {
    let meta = &mut a.doc.meta;
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
    c.html(&mut a.summary_html);
    let r = &mut a.rendered;
    c.html(&mut r.html);
    if let Some(s) = &mut r.summary_html {
        c.html(s);
    }
    for h in &mut r.toc {
        c.text(&mut h.title);
    }
    c.text(&mut r.plain_text);
}
