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

/// Every variant edition of the served site (none without `variants:`).
#[derive(Default)]
pub struct Editions {
    list: Vec<Edition>,
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
    /// Forget everything (a new config).
    pub fn reset(&mut self, config: &Config) {
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
            let pages: Vec<Result<(String, Vec<u8>), Error>> = todo
                .par_iter()
                .map(|(page, path)| {
                    let mut buf = Vec::with_capacity(16 * 1024);
                    renderer
                        .render_page(&site, &values, *page, &mut buf)
                        .map(|()| (format!("{}{path}", e.prefix), buf))
                })
                .collect();
            let mut errors = Vec::new();
            for p in pages {
                match p {
                    Ok(x) => out.push(x),
                    Err(err) => {
                        if !errors.iter().any(|o| crate::render::same_error(o, &err)) {
                            errors.push(err);
                        }
                    }
                }
            }
            e.values = Some(values);
            if !errors.is_empty() {
                return Err(Errors(errors));
            }
            live.extend(all_pages.iter().map(|p| format!("{}{p}", e.prefix)));
            e.site = Some(site);
            e.config = Some(config);
        }
        Ok((out, live))
    }

    /// Feeds and search index of every edition (paths prefixed).
    pub fn files(&self) -> Vec<(String, Vec<u8>)> {
        let mut out = Vec::new();
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
