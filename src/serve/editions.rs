//! `kuaixun serve` with `variants:`: every edition is served under its path (`/zh-tw/…`),
//! converted from the main site after each rebuild. An article is converted again only when
//! its file changed ([`crate::variants::site::Cache`]), and an edition renders the same
//! pages the main edition had to render (their signatures do not depend on the script).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Config;
use crate::error::{Error, Errors};
use crate::render::{Renderer, SiteValues};
use crate::site::{Page, Site};
use crate::variants::html::Links;
use crate::variants::opencc::Converter;
use crate::variants::site::{convert_cached, Cache, Conversion};

/// Output paths with their bytes.
type Files = Vec<(String, Vec<u8>)>;

/// One variant edition's state between rebuilds.
struct Edition {
    index: usize,
    prefix: String,
    conv: Converter,
    cache: Cache,
    renderer: Option<Renderer>,
    values: Option<SiteValues>,
    /// The converted site of the last rebuild (for feeds and the search index).
    site: Option<Site>,
    config: Option<Config>,
}

/// Every variant edition of the served site (none without `variants:`), and the
/// `languages:` editions.
#[derive(Default)]
pub struct Editions {
    list: Vec<Edition>,
    /// The language editions of the last rebuild: (edition index, site, config).
    languages: Vec<(usize, Site, Config)>,
    /// Per edition, its pages' URLs (`Config::edition_pages`) at the last rebuild.
    pages: Vec<Arc<std::collections::HashSet<String>>>,
}

/// What [`Editions::languages`] needs from a rebuild.
pub struct LanguageRebuild<'a> {
    pub root: &'a Path,
    pub site: &'a Site,
    pub config: &'a Config,
    pub hidden: Vec<&'a Path>,
    pub visibility: crate::content::Visibility,
    pub images: Option<&'a Arc<crate::images::Images>>,
}

/// What [`Editions::render`] needs from a rebuild.
pub struct Rebuild<'a> {
    pub root: &'a Path,
    pub site: &'a Site,
    pub config: &'a Config,
    /// Static files (logical path → bytes) and the hashed names of the cacheable ones.
    pub statics: &'a HashMap<String, Arc<Vec<u8>>>,
    pub hashed: &'a HashMap<String, String>,
    pub images: Option<&'a Arc<crate::images::Images>>,
    pub data: &'a tera::Value,
    pub versions: &'a HashMap<PathBuf, u64>,
    /// Templates, static files or config changed: new renderers, every page.
    pub render_all: bool,
    /// Whether an article's file changed in this rebuild (its list item is made again).
    pub changed: &'a (dyn Fn(&Path) -> bool + Sync),
}

impl Editions {
    /// Make the `languages:` editions from their files again (a translation is small, and
    /// its original's URL may have moved), for the main `site` just built. Returns the
    /// config the main edition renders with (its `edition_pages` set) and whether the
    /// pages of some edition came or went (every page's alternates must be rendered again).
    pub fn languages(&mut self, r: &LanguageRebuild<'_>) -> Result<(Option<Config>, bool), Errors> {
        if !r.config.editions.iter().any(|e| e.translated) {
            return Ok((None, false));
        }
        let translations = crate::content::load_translations(r.root, r.config)?;
        let sites = crate::build::language_sites(&crate::build::LanguageInputs {
            root: r.root,
            config: r.config,
            translations,
            main: r.site,
            hidden: r.hidden.clone(),
            sections: r
                .site
                .structure
                .sections
                .list
                .iter()
                .map(|s| s.doc.clone())
                .collect(),
            assets: r.site.structure.found_assets().to_vec(),
            visibility: r.visibility,
            now: jiff::Timestamp::now(),
            images: r.images.map(|i| i.as_ref()),
        })?;
        let pages = crate::build::edition_pages(r.site, r.config, &sites);
        let moved = pages != self.pages;
        self.pages = pages.clone();
        let mut main = r.config.clone();
        main.edition_pages = pages;
        self.languages = sites
            .into_iter()
            .map(|(i, s)| {
                let c = main.for_edition(i);
                (i, s, c)
            })
            .collect();
        Ok((Some(main), moved))
    }

    /// Every page of every language edition (paths prefixed), and their output paths.
    pub fn render_languages(&mut self, r: &Rebuild<'_>) -> Result<(Files, Vec<String>), Errors> {
        let mut out = Vec::new();
        let mut live = Vec::new();
        let root_base = r.config.base_path();
        let identity = Converter::identity();
        for (i, site, config) in &mut self.languages {
            let e = &r.config.editions[*i];
            let exists = r.config.edition_pages.get(*i).cloned();
            let mut cfg = config.clone();
            let moved = crate::variants::site::convert(
                site,
                &mut cfg,
                &Conversion {
                    conv: &identity,
                    full: &identity,
                    links: Some(Links {
                        root: &root_base,
                        prefix: &e.prefix,
                        exists: exists.as_deref(),
                    }),
                    keep: &[],
                },
            );
            *site = moved;
            let mut renderer = Renderer::new(r.root, config, r.hashed)?;
            if let Some(images) = r.images {
                renderer.use_images(images.clone());
            }
            let values = SiteValues::new(site, config).with_data(r.data.clone());
            let pages = site.pages();
            let rendered = render_pages(&renderer, site, &values, &pages, &e.prefix)?;
            live.extend(rendered.iter().map(|(path, _)| path.clone()));
            out.extend(rendered);
        }
        Ok((out, live))
    }

    /// How many pages the language editions have.
    pub fn language_pages(&self) -> usize {
        self.languages.iter().map(|(_, s, _)| s.pages().len()).sum()
    }

    /// Forget everything (a new config).
    pub fn reset(&mut self, config: &Config) {
        self.languages.clear();
        self.pages.clear();
        self.list = (1..config.editions.len())
            .filter_map(|i| {
                let e = &config.editions[i];
                Some(Edition {
                    index: i,
                    prefix: e.prefix.clone(),
                    conv: Converter::new(e.table?),
                    cache: Cache::default(),
                    renderer: None,
                    values: None,
                    site: None,
                    config: None,
                })
            })
            .collect();
    }

    /// Render `todo` (the main edition's pages to render: page, output path) in every
    /// edition: the output paths (prefixed) with their bytes, plus the converted scripts;
    /// and every output path the editions now serve.
    pub fn render(
        &mut self,
        r: &Rebuild<'_>,
        todo: &[(Page, String)],
        all_pages: &[String],
    ) -> Result<(Files, Vec<String>), Errors> {
        let mut out = Vec::new();
        let mut live = Vec::new();
        let root_base = r.config.base_path();
        for e in &mut self.list {
            let mut config = r.config.for_edition(e.index);
            let site = convert_cached(
                r.site,
                &mut config,
                &Conversion {
                    conv: &e.conv,
                    full: &e.conv,
                    links: Some(Links {
                        root: &root_base,
                        prefix: &e.prefix,
                        exists: None,
                    }),
                    keep: &r.config.variants_keep,
                },
                &mut e.cache,
                |p| r.versions.get(p).copied(),
            );
            let scripts = crate::output::assets::convert_scripts(
                r.statics.iter().map(|(n, b)| (n.as_str(), b.as_slice())),
                &e.conv,
            );
            let mut hashed = r.hashed.clone();
            for (logical, path, bytes) in scripts {
                let key = format!("{}{path}", e.prefix);
                hashed.insert(logical, key.clone());
                live.push(key.clone());
                out.push((key, bytes));
            }
            if r.render_all || e.renderer.is_none() {
                let mut renderer = Renderer::new(r.root, &config, &hashed)?;
                if let Some(images) = r.images {
                    renderer.use_images(images.clone());
                }
                e.renderer = Some(renderer);
                e.values = None;
            }
            let values = match e.values.take() {
                Some(v) if !r.render_all => v.update(&site, &config, r.changed),
                _ => SiteValues::new(&site, &config),
            }
            .with_data(crate::variants::site::convert_data(
                r.data,
                &e.conv,
                &r.config.variants_keep,
            ));
            let renderer = e.renderer.as_ref().expect("renderer");
            let pages: Vec<Page> = todo.iter().map(|(p, _)| *p).collect();
            let rendered = render_pages(renderer, &site, &values, &pages, &e.prefix);
            e.values = Some(values);
            out.extend(rendered?);
            live.extend(all_pages.iter().map(|p| format!("{}{p}", e.prefix)));
            e.site = Some(site);
            e.config = Some(config);
        }
        Ok((out, live))
    }

    /// Feeds and search index of every edition (paths prefixed).
    pub fn files(&self) -> Vec<(String, Vec<u8>)> {
        let mut out = Vec::new();
        for (i, site, config) in &self.languages {
            let prefix = &config.editions[*i].prefix;
            for (path, bytes) in crate::build::edition_files(site, config) {
                out.push((format!("{prefix}{path}"), bytes));
            }
        }
        for e in &self.list {
            let (Some(site), Some(config)) = (&e.site, &e.config) else {
                continue;
            };
            for (path, bytes) in crate::build::edition_files(site, config) {
                out.push((format!("{}{path}", e.prefix), bytes));
            }
        }
        out
    }
}

/// `pages` of `site` rendered, at their output paths under `prefix`; a template error on
/// many pages is reported once.
fn render_pages(
    renderer: &Renderer,
    site: &Site,
    values: &SiteValues,
    pages: &[Page],
    prefix: &str,
) -> Result<Files, Errors> {
    let rendered: Vec<Result<(String, Vec<u8>), Error>> = pages
        .par_iter()
        .map(|&page| {
            let mut buf = Vec::with_capacity(16 * 1024);
            renderer
                .render_page(site, values, page, &mut buf)
                .map(|()| (format!("{prefix}{}", site.page_out_path(page)), buf))
        })
        .collect();
    let mut out = Vec::with_capacity(rendered.len());
    let mut errors: Vec<Error> = Vec::new();
    for r in rendered {
        match r {
            Ok(x) => out.push(x),
            Err(err) => {
                if !errors.iter().any(|o| crate::render::same_error(o, &err)) {
                    errors.push(err);
                }
            }
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(Errors(errors))
    }
}
