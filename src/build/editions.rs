//! The other editions of a site: script variants converted from the main site model
//! (`variants:`) and translated languages made from their own files (`languages:`).
//! [`super::build`] renders them after the main edition's pages; `serve` reuses
//! [`language_sites`], [`edition_pages`] and [`edition_files`].

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{dedupe, render_content_in, write_pages, Pages};
use crate::config::Config;
use crate::content;
use crate::error::{Error, Errors};
use crate::images::Images;
use crate::output::{self, Staging};
use crate::render::{Renderer, SiteValues};
use crate::search;
use crate::site::Site;

/// A variant edition's own generated files: its feeds and search index (the sitemap and
/// robots.txt are the site root's, for every edition).
pub fn edition_files(site: &Site, config: &Config) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = output::feeds::all(site, config)
        .into_iter()
        .map(|(p, xml)| (p, xml.into_bytes()))
        .collect();
    if config.search {
        files.extend(search::build_index(site, config).files);
    }
    files
}

/// What [`language_sites`] reads.
pub struct LanguageInputs<'a> {
    pub root: &'a Path,
    pub config: &'a Config,
    pub translations: Vec<(String, PathBuf, content::Translation)>,
    /// The main edition's site (its documents, placed; its menus).
    pub main: &'a Site,
    /// The main edition's hidden documents (drafts, future, expired).
    pub hidden: Vec<&'a Path>,
    /// The main edition's section files and assets, as loaded.
    pub sections: Vec<content::SectionDoc>,
    pub assets: Vec<content::inventory::Asset>,
    pub visibility: content::Visibility,
    pub now: jiff::Timestamp,
    pub images: Option<&'a Images>,
}

/// The site of each `languages:` edition (index into `config.editions`, site): its
/// translations, each at its original's URL with its original's slug (`foo.en.md` →
/// `/en/posts/foo/`), in the main edition's sections (titled by their `_index.<code>.md`).
/// A translation whose original does not exist is an error at its first line; one whose
/// original is not published (a draft) is left out with it.
pub fn language_sites(l: &LanguageInputs<'_>) -> Result<Vec<(usize, Site)>, Errors> {
    use std::collections::{HashMap, HashSet};
    let main_docs: Vec<&content::Document> = l
        .main
        .articles
        .iter()
        .chain(&l.main.standalone)
        .map(|a| &a.doc)
        .collect();
    let published: HashMap<&Path, &content::Document> =
        main_docs.iter().map(|d| (d.path.as_path(), *d)).collect();
    let hidden: HashSet<&Path> = l.hidden.iter().copied().collect();
    let mut also = content::SourceMap::default();
    for d in &main_docs {
        also.insert(d.path.clone(), content::place::Target::Url(d.url.clone()));
    }
    let mut docs: HashMap<&str, Vec<content::Document>> = HashMap::new();
    let mut sections: HashMap<&str, Vec<content::SectionDoc>> = HashMap::new();
    let mut errors = Vec::new();
    let missing = |path: &Path, original: &Path| {
        Error::in_file(
            path,
            format!(
                "a translation of `{}`, which does not exist (a translation is named after its original: `foo.en.md` beside `foo.md`)",
                original.display()
            ),
        )
        .at(Some(1), None)
    };
    for (code, original, t) in &l.translations {
        match t {
            content::Translation::Document(d) => {
                if let Some(o) = published.get(original.as_path()) {
                    let mut d = (**d).clone();
                    d.meta.url = Some(o.url.clone());
                    d.slug = o.slug.clone();
                    d.bundle = o.bundle;
                    docs.entry(code).or_default().push(d);
                } else if !hidden.contains(original.as_path()) {
                    errors.push(missing(&d.path, original));
                }
            }
            content::Translation::Section(t) => {
                if l.sections.iter().any(|s| &s.path == original) {
                    sections.entry(code).or_default().push((**t).clone());
                } else {
                    errors.push(missing(&t.path, original));
                }
            }
        }
    }
    if !errors.is_empty() {
        return Err(Errors(errors));
    }
    let mut out = Vec::new();
    for (i, e) in l.config.editions.iter().enumerate() {
        if !e.translated {
            continue;
        }
        let config = l.config.for_edition(i);
        // The menus are the main edition's (their links move to the pages this edition
        // has), so the language's own site model resolves none.
        let mut model_config = config.clone();
        model_config.menu.clear();
        model_config.footer_menu.clear();
        let own = sections.remove(e.code.as_str()).unwrap_or_default();
        let secs: Vec<content::SectionDoc> = l
            .sections
            .iter()
            .map(|s| {
                let original = s.path.with_file_name(format!("_index.{}.md", e.code));
                match own.iter().find(|t| {
                    t.path
                        .to_string_lossy()
                        .eq_ignore_ascii_case(&original.to_string_lossy())
                }) {
                    Some(t) => content::SectionDoc {
                        title: t.title.clone(),
                        description: t.description.clone(),
                        body: t.body.clone(),
                        body_line: t.body_line,
                        path: t.path.clone(),
                        ..s.clone()
                    },
                    None => content::SectionDoc {
                        body: String::new(),
                        ..s.clone()
                    },
                }
            })
            .collect();
        let loaded = content::Loaded {
            docs: docs.remove(e.code.as_str()).unwrap_or_default(),
            sections: secs,
            assets: l.assets.clone(),
            translations: Vec::new(),
            stamps: None,
        };
        let rendered = render_content_in(
            l.root,
            loaded,
            &config,
            l.visibility,
            l.now,
            l.images,
            Some(&also),
        )?;
        let mut site = Site::build_with(rendered.items, rendered.inputs, &model_config)?;
        site.structure.menu = l.main.structure.menu.clone();
        site.structure.footer_menu = l.main.structure.footer_menu.clone();
        out.push((i, site));
    }
    Ok(out)
}

/// Per edition, the URLs (site-relative) of its pages: the main site's for the main
/// edition and the variants, each language site's own.
pub fn edition_pages(
    site: &Site,
    config: &Config,
    languages: &[(usize, Site)],
) -> Vec<std::sync::Arc<std::collections::HashSet<String>>> {
    let urls = |s: &Site| -> std::sync::Arc<std::collections::HashSet<String>> {
        std::sync::Arc::new(s.pages().into_iter().map(|p| s.page_url(p)).collect())
    };
    let main = urls(site);
    (0..config.editions.len())
        .map(|i| match languages.iter().find(|(j, _)| *j == i) {
            Some((_, s)) => urls(s),
            None => main.clone(),
        })
        .collect()
}

/// What [`build_edition`] reads.
pub(super) struct EditionInputs<'a> {
    pub(super) site: &'a Site,
    pub(super) config: &'a Config,
    /// `site` is the main site after [`crate::variants::site::base`], not the main site.
    pub(super) from_base: bool,
    /// Index into `config.editions` (1 and up: the variants).
    pub(super) index: usize,
    pub(super) root: &'a Path,
    pub(super) assets: &'a output::assets::Assets,
    pub(super) images: Option<&'a std::sync::Arc<Images>>,
    pub(super) data: &'a tera::Value,
    pub(super) staging: &'a Staging,
    pub(super) minify: bool,
    /// With the build cache: the build's flags that reach the pages, so the edition's pages
    /// are keyed (and reused) like the main edition's.
    pub(super) cache_flags: Option<&'a str>,
}

/// One variant edition into `<prefix>/` of the staging folder: the site model converted
/// once (`variants::site`), its own templates' words, pages, feeds, scripts with words in
/// them, and search index. Returns how many pages it wrote.
pub(super) fn build_edition(e: &EditionInputs<'_>) -> Result<usize, Errors> {
    use crate::variants::{html::Links, opencc::Converter, site::Conversion};
    let edition = &e.config.editions[e.index];
    let mut timings = crate::timings::Timings::new();
    // A language edition is not converted: only its links move.
    let full = edition
        .table
        .map_or_else(Converter::identity, Converter::new);
    let conv = match edition.table {
        Some(t) if e.from_base => Converter::after_base(t),
        _ => full.clone(),
    };
    let exists = e.config.edition_pages.get(e.index).cloned();
    let root_base = e.config.base_path();
    let mut config = e.config.for_edition(e.index);
    let prefix = edition.prefix.as_str();
    let mut site = crate::variants::site::convert(
        e.site,
        &mut config,
        &Conversion {
            conv: &conv,
            full: &full,
            links: Some(Links {
                root: &root_base,
                prefix,
                exists: exists.as_deref(),
            }),
            keep: &e.config.variants_keep,
        },
    );
    timings.mark("edition: convert");
    // Scripts with words in them (search.js's messages) get a converted copy in the edition.
    let mut hashed = e.assets.hashed.clone();
    let scripts = match edition.table {
        Some(_) => e.assets.scripts_with_words(&full)?,
        None => Vec::new(),
    };
    for (logical, path, bytes) in scripts {
        e.staging
            .write(&format!("{prefix}{path}"), &bytes)
            .map_err(|err| Errors(vec![err]))?;
        hashed.insert(logical, format!("{prefix}{path}"));
    }
    let mut renderer = Renderer::new(e.root, &config, &hashed)?;
    if let Some(images) = e.images {
        renderer.use_images(images.clone());
    }
    timings.mark("edition: scripts+templates");
    let data = crate::variants::site::convert_data(e.data, &full, &e.config.variants_keep);
    let values = SiteValues::new(&site, &config).with_data(data);
    let pages = site.pages();
    let keys = e.cache_flags.map(|flags| {
        let settings = crate::cache::pages::settings_key(
            e.root,
            &config.source,
            &config.base_url,
            &hashed,
            &format!("{flags} edition={}", edition.code),
        );
        crate::cache::pages::PageKeys::new(settings, &values)
    });
    timings.mark("edition: values");
    // Feeds are written on one thread while the pages are rendered on the others, as in the
    // main edition (`build::build`).
    let (errors, feeds) = rayon::join(
        || {
            write_pages(
                &Pages {
                    site: &site,
                    values: &values,
                    renderer: &renderer,
                    staging: e.staging,
                    prefix,
                    minify: e.minify,
                    keys: keys.as_ref(),
                },
                &pages,
                None,
            )
        },
        || {
            output::feeds::each(&site, &config, |path, xml| {
                e.staging.write(&format!("{prefix}{path}"), xml.as_bytes())
            })
        },
    );
    drop(keys);
    if !errors.is_empty() {
        return Err(dedupe(errors));
    }
    feeds.map_err(|err| Errors(vec![err]))?;
    // Freed on another thread while the search index is made.
    std::thread::spawn(move || drop((values, renderer)));
    timings.mark("edition: pages+feeds");
    if config.search {
        let index = search::build_index_freeing(&mut site, &config);
        index
            .files
            .par_iter()
            .try_for_each(|(path, bytes)| e.staging.write(&format!("{prefix}{path}"), bytes))
            .map_err(|err| Errors(vec![err]))?;
    }
    timings.mark("edition: search");
    let n = pages.len();
    std::thread::spawn(move || drop((site, pages)));
    Ok(n)
}
