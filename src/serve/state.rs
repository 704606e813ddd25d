//! The in-memory, incremental build behind `kuaixun serve`. Stage outputs are kept between
//! builds: documents with their rendered Markdown live inside the last [`Site`] (moved, never
//! copied, into the next one), static files are held as bytes, and every page written to the
//! snapshot remembers a signature of what it shows. A rebuild re-reads only changed files and
//! re-renders only pages whose signature changed (or all pages after a template change).

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use rayon::prelude::*;

pub use super::changes::{Changes, Diff, RebuildReport, Snapshot};
use super::sigs::{hash_bytes, item_hashes, page_sig};
use super::statics::{load_statics, update_static};
use crate::build::{load_config, markdown_options, site_files, BuildOptions};
use crate::config::Config;
use crate::content::symlinks::Links;
use crate::content::{self, Document, Visibility};
use crate::error::{Error, Errors};
use crate::markdown::Rendered;
use crate::output::assets::hashed_name;
use crate::render::{Renderer, SiteValues};
use crate::site::{prepare, Article, Page, Site};
use crate::timings::Timings;

/// One article as loaded: front matter and body, and the rendered Markdown.
type Loaded = (Document, Rendered);
/// Re-reading one file: the article and its byte hash, `None` when unchanged or gone.
type ReadResult = Result<Option<(Document, u64)>, Error>;

/// Read and parse one document; `None` when it is gone, or (unless `always`) unchanged since
/// the version in `versions`.
fn read_document(
    root: &Path,
    rel: &Path,
    always: bool,
    versions: &HashMap<PathBuf, u64>,
    tz: &jiff::tz::TimeZone,
    config: &Config,
) -> ReadResult {
    match std::fs::read(root.join(rel)) {
        Ok(bytes) => {
            let hash = hash_bytes(&bytes);
            if !always && versions.get(rel) == Some(&hash) {
                // Touched but not changed.
                Ok(None)
            } else {
                content::parse_document(rel, bytes, tz, config.slug_style).map(|d| Some((d, hash)))
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io(rel, e)),
    }
}

pub struct State {
    opts: BuildOptions,
    config: Option<Config>,
    /// Hash of each known document's file bytes (visible or not).
    versions: HashMap<PathBuf, u64>,
    site: Option<Site>,
    /// Template values of `site` (dropped when the renderer or config changes).
    values: Option<SiteValues>,
    /// The data files as the last good build saw them (`data.<name>`).
    data: Option<tera::Value>,
    /// Documents that the visibility rules hide (drafts with `--no-drafts`, future…).
    hidden: Vec<Loaded>,
    renderer: Option<Renderer>,
    /// Static files by logical path, and the hashed names of css/js.
    statics: HashMap<String, Arc<Vec<u8>>>,
    hashed: HashMap<String, String>,
    /// The signature of each page in the last good output.
    sigs: HashMap<String, u64>,
    /// Keys of the snapshot by origin: pages, static files, feeds/sitemap/search.
    page_keys: HashSet<String>,
    static_keys: HashSet<String>,
    file_keys: HashSet<String>,
    /// Content changed but the derived files were not rebuilt yet (a render failed).
    files_stale: bool,
    /// Changes not yet built successfully.
    pending: Changes,
    /// Where every source is published (for links between sources).
    sources: content::SourceMap,
    /// How often each document has been rendered (pages show its HTML).
    generation: HashMap<PathBuf, u64>,
    /// Bundle and section assets, by output path.
    assets: HashMap<String, Arc<Vec<u8>>>,
    /// Local images: one per config, so variants planned by earlier renders stay servable.
    images: Option<Arc<crate::images::Images>>,
    /// The variant editions (`variants:`), rendered after the main one.
    editions: super::editions::Editions,
}

impl State {
    pub fn new(opts: BuildOptions) -> State {
        State {
            opts,
            config: None,
            versions: HashMap::new(),
            site: None,
            values: None,
            data: None,
            hidden: Vec::new(),
            renderer: None,
            statics: HashMap::new(),
            hashed: HashMap::new(),
            sigs: HashMap::new(),
            page_keys: HashSet::new(),
            static_keys: HashSet::new(),
            file_keys: HashSet::new(),
            files_stale: false,
            pending: Changes::everything(),
            sources: content::SourceMap::default(),
            generation: HashMap::new(),
            assets: HashMap::new(),
            images: None,
            editions: super::editions::Editions::default(),
        }
    }

    /// The session's images, for the server (`_img/…`) and the background encoder.
    pub fn images(&self) -> Option<Arc<crate::images::Images>> {
        self.images.clone()
    }

    /// Build the derived files (feeds, sitemap, robots.txt, search index) if the content
    /// changed since they were last built. Kept off the reload path: the search index of a
    /// large site takes longer than all the pages an edit touches.
    pub fn finish_files(&mut self) -> Option<Diff> {
        if !self.files_stale {
            return None;
        }
        let (site, config) = (self.site.as_ref()?, self.config.as_ref()?);
        // `static/robots.txt` is the site's own (the theme has none): merged into the generated one.
        let robots = self
            .statics
            .get("robots.txt")
            .map(|b| String::from_utf8_lossy(b).into_owned());
        let (mut files, _) = site_files(site, config, robots.as_deref());
        files.extend(self.editions.files());
        let mut diff = Diff::default();
        let new_keys: HashSet<String> = files.iter().map(|(p, _)| p.clone()).collect();
        for k in self.file_keys.drain() {
            if !new_keys.contains(&k)
                && !self.page_keys.contains(&k)
                && !self.static_keys.contains(&k)
            {
                diff.remove.push(k);
            }
        }
        for (path, bytes) in files {
            diff.insert.push((path, Arc::new(bytes)));
        }
        self.file_keys = new_keys;
        self.files_stale = false;
        Some(diff)
    }

    /// Apply `changes` (plus any earlier ones that failed to build). On error the last good
    /// snapshot stays in place and the changes are kept for the next attempt.
    /// Whether a changed path under `content/` that is not an article file can change the
    /// sections or the bundle and section files: a section file, a folder, a symlink, a file
    /// inside a bundle or directly in a section's folder, or something known that vanished.
    /// An editor's temporary file elsewhere (`sed -i` writes one beside the article) cannot.
    fn structure_relevant(&self, root: &Path, rel: &Path) -> bool {
        if content::inventory::is_document(rel) {
            return false;
        }
        if rel
            .file_name()
            .is_some_and(|n| n == content::section::SECTION_FILE)
        {
            return true;
        }
        let abs = root.join(rel);
        let Some(site) = &self.site else { return true };
        if abs.is_dir() || abs.is_symlink() {
            return true;
        }
        let sections = &site.structure.sections.list;
        let bundle_dirs = site
            .articles
            .iter()
            .chain(&site.standalone)
            .map(|a| &a.doc)
            .chain(self.hidden.iter().map(|(d, _)| d))
            .filter(|d| d.bundle)
            .filter_map(|d| d.path.parent());
        if abs.is_file() {
            let parent = rel.parent().unwrap_or(Path::new(""));
            return sections.iter().any(|s| s.doc.dir() == parent)
                || bundle_dirs.into_iter().any(|b| rel.starts_with(b));
        }
        // Gone: a known asset, or a folder that held documents or sections.
        site.structure.assets.iter().any(|a| a.file == rel)
            || sections.iter().any(|s| s.doc.dir().starts_with(rel))
            || self.versions.keys().any(|k| k.starts_with(rel) && k != rel)
    }

    pub fn rebuild(&mut self, changes: Changes) -> Result<(RebuildReport, Diff), Errors> {
        let start = Instant::now();
        self.pending.merge(changes);
        let mut ch = self.pending.clone();
        let mut files_read = 0;
        let mut fresh_snapshot = false;
        let mut timings = Timings::new();

        // Config: everything starts over.
        if ch.config || self.config.is_none() {
            let config = load_config(&self.opts)?;
            self.images = config
                .images
                .enabled
                .then(|| Arc::new(crate::images::Images::new(&self.opts.root, &config)));
            self.editions.reset(&config);
            self.config = Some(config);
            self.values = None;
            self.data = None;
            self.site = None;
            self.hidden.clear();
            self.versions.clear();
            self.statics.clear();
            self.renderer = None;
            self.sigs.clear();
            self.file_keys.clear();
            self.page_keys.clear();
            self.static_keys.clear();
            fresh_snapshot = true;
            ch.templates = true;
            ch.all_content = true;
        }
        let config = self.config.as_ref().expect("config loaded");

        // Static files.
        let links = Links::new(&self.opts.root, config);
        let mut statics = self.statics.clone();
        if statics.is_empty() || ch.all_static {
            statics = load_statics(&self.opts.root, config, &links)?;
            files_read += statics.len();
        } else {
            for name in &ch.statics {
                files_read += 1;
                update_static(&mut statics, &self.opts.root, &links, name)?;
            }
        }
        let hashed: HashMap<String, String> = statics
            .iter()
            .filter(|(n, _)| n.ends_with(".css") || n.ends_with(".js"))
            .map(|(n, b)| (n.clone(), hashed_name(n, b)))
            .collect();
        let render_all = ch.templates || hashed != self.hashed || self.renderer.is_none();

        // Templates (compiled before the site is touched, so a broken template changes nothing).
        let new_renderer = if render_all {
            let mut r = Renderer::new(&self.opts.root, config, &hashed)?;
            if let Some(images) = &self.images {
                r.use_images(images.clone());
            }
            Some(r)
        } else {
            None
        };
        if let Some(images) = &self.images {
            images.refresh();
        }

        // Data files: read again when one changed; a broken one changes nothing. New data
        // shows on any page, so every page is rendered again (no Markdown is read).
        let data = match &self.data {
            Some(old) if !ch.data => old.clone(),
            _ => {
                files_read += 1;
                crate::data::load(&self.opts.root, &links)?
            }
        };
        let data_changed = self.data.as_ref() != Some(&data);

        // Content: read and parse the changed files first; a broken file changes nothing.
        let tz = config.tz();
        let md_opts = markdown_options(&self.opts.root, config)?;
        let mut reload_all = ch.all_content || self.site.is_none();
        let root = self.opts.root.clone();
        // Sections and assets are re-read when a section file, any other non-article file
        // or a folder changed; sections whose files, URLs or permalinks moved mean every
        // article's place may have moved, so everything is reloaded.
        let structure_changed =
            reload_all || ch.content.iter().any(|p| self.structure_relevant(&root, p));
        let mut inventory: Option<content::Inventory> = None;
        let mut new_sections: Option<content::Sections> = None;
        if structure_changed {
            let inv = content::find_files(&root, config)?;
            let mut docs = Vec::new();
            let mut errors = Vec::new();
            for rel in &inv.sections {
                match content::read_section(&root, rel) {
                    Ok(s) => docs.push(s),
                    Err(e) => errors.push(e),
                }
            }
            if !errors.is_empty() {
                return Err(Errors(errors));
            }
            files_read += inv.sections.len();
            let sections = content::Sections::new(docs, config)?;
            let key = |s: &content::Sections| -> Vec<(PathBuf, String, String)> {
                s.list
                    .iter()
                    .map(|x| (x.doc.path.clone(), x.url.clone(), x.permalink.clone()))
                    .collect()
            };
            let old = self.site.as_ref().map(|s| key(&s.structure.sections));
            if old.as_ref() != Some(&key(&sections)) {
                reload_all = true;
            }
            // Only sections whose files say something else need every page again.
            let same_docs = self.site.as_ref().is_some_and(|s| {
                let old = &s.structure.sections.list;
                old.len() == sections.list.len()
                    && old.iter().zip(&sections.list).all(|(a, b)| a.doc == b.doc)
            });
            if !same_docs {
                new_sections = Some(sections);
            }
            inventory = Some(inv);
        }
        let paths: Vec<PathBuf> = if reload_all {
            match &inventory {
                Some(inv) => inv.docs.clone(),
                None => content::find_files(&root, config)?.docs,
            }
        } else {
            let mut v: HashSet<PathBuf> = HashSet::new();
            let mut errors = Vec::new();
            let codes = content::language_codes(config);
            for rel in &ch.content {
                let via_link = match links.check(rel) {
                    Ok(v) => v,
                    Err(e) => {
                        errors.push(e);
                        continue;
                    }
                };
                // A translation (`foo.en.md`) is read with its language edition.
                if content::inventory::translation_of(rel, &codes).is_some() {
                    continue;
                }
                if content::inventory::is_document(rel) && !via_link {
                    v.insert(rel.clone());
                    continue;
                }
                // A folder (or something that was one), or a path through a link: every
                // known article under it, and every article the walk finds under it now
                // (the walk lists an article reached by two paths once, as the full build
                // does).
                v.extend(self.versions.keys().filter(|k| k.starts_with(rel)).cloned());
                if let Some(inv) = &inventory {
                    v.extend(inv.docs.iter().filter(|p| p.starts_with(rel)).cloned());
                }
            }
            if !errors.is_empty() {
                return Err(Errors(errors));
            }
            let mut v: Vec<PathBuf> = v.into_iter().collect();
            v.sort();
            v
        };
        files_read += paths.len();
        let results: Vec<(PathBuf, ReadResult)> = paths
            .par_iter()
            .map(|rel| {
                (
                    rel.clone(),
                    read_document(&root, rel, reload_all, &self.versions, &tz, config),
                )
            })
            .collect();
        let mut errors = Vec::new();
        let mut fresh: Vec<(Document, u64)> = Vec::new();
        let mut gone: HashSet<PathBuf> = HashSet::new();
        for (rel, r) in results {
            match r {
                Ok(Some(x)) => fresh.push(x),
                Ok(None) => {
                    if !root.join(&rel).is_file() {
                        gone.insert(rel);
                    }
                }
                Err(e) => errors.push(e),
            }
        }
        if !errors.is_empty() {
            return Err(Errors(errors));
        }
        let content_changed =
            reload_all || structure_changed || !fresh.is_empty() || !gone.is_empty();
        if new_sections.is_some() && !reload_all {
            // Section titles and bodies show on many pages (menus, breadcrumbs, lists).
            self.sigs.clear();
            self.values = None;
        }

        // Site model: keep the prepared articles of the old site, prepare only the fresh
        // (and newly visible) documents; an unchanged shape reuses taxonomies and links.
        let mut changed_paths: HashSet<std::ffi::OsString> = HashSet::new();
        let site = if content_changed || self.site.is_none() {
            let (mut articles, model, mut hidden, old_inputs) = match self.site.take() {
                Some(old) if !reload_all => {
                    let (articles, model, inputs) = old.into_parts();
                    (
                        articles,
                        Some(model),
                        std::mem::take(&mut self.hidden),
                        inputs,
                    )
                }
                _ => {
                    self.versions.clear();
                    self.hidden.clear();
                    (Vec::new(), None, Vec::new(), Default::default())
                }
            };
            let mut inputs: crate::site::Inputs = old_inputs;
            let sections_fresh = new_sections.is_some();
            if let Some(s) = new_sections {
                inputs.sections = s;
            }
            if let Some(inv) = inventory {
                inputs.assets = inv.assets;
            }
            let replaced: HashSet<PathBuf> = fresh.iter().map(|(d, _)| d.path.clone()).collect();
            let keep = |p: &Path| !replaced.contains(p) && !gone.contains(p);
            articles.retain(|a| keep(&a.doc.path));
            hidden.retain(|(d, _)| keep(&d.path));
            for p in &gone {
                self.versions.remove(p);
            }
            let visibility = Visibility {
                drafts: self.opts.drafts,
                future: self.opts.future,
                expired: self.opts.expired,
            };
            let now = jiff::Timestamp::now();
            // Pins are worked out at this moment (`pinned_until`).
            inputs.now = now;
            let mut fresh_docs: Vec<Document> = Vec::with_capacity(fresh.len());
            for (d, hash) in fresh {
                self.versions.insert(d.path.clone(), hash);
                fresh_docs.push(d);
            }
            let fail = |state: &mut State, e: Errors| {
                // The documents are gone with the failed model: reload them next time.
                state.pending.all_content = true;
                state.site = None;
                state.values = None;
                Err(e)
            };
            let place_errors = content::place(&mut fresh_docs, &inputs.sections, config);
            if !place_errors.is_empty() {
                return fail(self, Errors(place_errors));
            }
            // Where every source is now; articles linking to one that moved (or appeared,
            // or went) are rendered again.
            let target = |d: &Document| {
                if visibility.shows(d, now) {
                    content::place::Target::Url(d.url.clone())
                } else {
                    content::place::Target::Hidden(d.url.clone())
                }
            };
            let (mut sources, moved) = if reload_all || sections_fresh {
                // Every place may have moved: the map from scratch.
                let (shown_now, hidden_now): (Vec<&Document>, Vec<&Document>) = articles
                    .iter()
                    .map(|a| &a.doc)
                    .chain(hidden.iter().map(|(d, _)| d))
                    .chain(fresh_docs.iter())
                    .partition(|d| visibility.shows(d, now));
                let sources = content::SourceMap::new(
                    shown_now.into_iter(),
                    hidden_now.into_iter(),
                    &inputs.sections,
                );
                let moved: HashSet<PathBuf> = if reload_all {
                    HashSet::new()
                } else {
                    fresh_docs
                        .iter()
                        .map(|d| d.path.clone())
                        .chain(gone.iter().cloned())
                        .filter(|p| self.sources.get(p) != sources.get(p))
                        .collect()
                };
                (sources, moved)
            } else {
                // Only the fresh and gone files change places.
                let mut sources = std::mem::take(&mut self.sources);
                let mut moved = HashSet::new();
                for p in &gone {
                    if sources.remove(p).is_some() {
                        moved.insert(p.clone());
                    }
                }
                for d in &fresh_docs {
                    let t = target(d);
                    if sources.get(&d.path) != Some(&t) {
                        moved.insert(d.path.clone());
                    }
                    sources.insert(d.path.clone(), t);
                }
                (sources, moved)
            };
            if !moved.is_empty() {
                let links_moved = |r: &Rendered| r.source_links.iter().any(|p| moved.contains(p));
                let mut again: Vec<PathBuf> = articles
                    .iter()
                    .filter(|a| links_moved(&a.rendered))
                    .map(|a| a.doc.path.clone())
                    .collect();
                again.extend(
                    hidden
                        .iter()
                        .filter(|(_, r)| links_moved(r))
                        .map(|(d, _)| d.path.clone()),
                );
                let again_set: HashSet<PathBuf> = again.iter().cloned().collect();
                articles.retain(|a| !again_set.contains(&a.doc.path));
                hidden.retain(|(d, _)| !again_set.contains(&d.path));
                let mut errors = Vec::new();
                let mut docs = Vec::new();
                for rel in &again {
                    files_read += 1;
                    match read_document(&root, rel, true, &self.versions, &tz, config) {
                        Ok(Some((d, _))) => docs.push(d),
                        Ok(None) => {}
                        Err(e) => errors.push(e),
                    }
                }
                errors.extend(content::place(&mut docs, &inputs.sections, config));
                if !errors.is_empty() {
                    return fail(self, Errors(errors));
                }
                fresh_docs.extend(docs);
            }
            // Sizes and variants of local images (encoded in the background: src/images/serve.rs).
            let images = self.images.clone();
            let rendered: Vec<Result<Loaded, Errors>> = fresh_docs
                .into_par_iter()
                .map(|mut d| {
                    let r = crate::build::render_document_with(
                        &d,
                        &md_opts,
                        &sources,
                        images.as_deref(),
                    )?;
                    d.body = String::new();
                    Ok((d, r))
                })
                .collect();
            if sections_fresh
                || !moved.is_empty()
                || inputs.section_bodies.len() != inputs.sections.list.len()
            {
                let bodies: Vec<Result<Rendered, Errors>> = inputs
                    .sections
                    .list
                    .iter()
                    .map(|s| {
                        crate::build::render_section_with(s, &md_opts, &sources, images.as_deref())
                    })
                    .collect();
                let mut errors = Vec::new();
                inputs.section_bodies.clear();
                for b in bodies {
                    match b {
                        Ok(r) => inputs.section_bodies.push(r),
                        Err(e) => errors.extend(e.0),
                    }
                }
                if !errors.is_empty() {
                    return fail(self, Errors(errors));
                }
            }
            let mut errors = Vec::new();
            let mut loaded: Vec<Loaded> = Vec::new();
            for r in rendered {
                match r {
                    Ok(x) => loaded.push(x),
                    Err(e) => errors.extend(e.0),
                }
            }
            if !errors.is_empty() {
                return fail(self, Errors(errors));
            }
            let mut to_prepare: Vec<Loaded> = Vec::new();
            let mut still_hidden: Vec<Loaded> = Vec::new();
            for item in hidden {
                if visibility.shows(&item.0, now) {
                    to_prepare.push(item);
                } else {
                    still_hidden.push(item);
                }
            }
            // Articles that became hidden (an `expires` that passed) leave the site.
            if articles.iter().any(|a| !visibility.shows(&a.doc, now)) {
                let (shown, gone_hidden): (Vec<_>, Vec<_>) = articles
                    .into_iter()
                    .partition(|a| visibility.shows(&a.doc, now));
                articles = shown;
                still_hidden.extend(gone_hidden.into_iter().map(|a| (a.doc, a.rendered)));
            }
            for (d, r) in loaded {
                *self.generation.entry(d.path.clone()).or_default() += 1;
                if visibility.shows(&d, now) {
                    to_prepare.push((d, r));
                } else {
                    still_hidden.push((d, r));
                }
            }
            // Documents that became visible or hidden with time keep their URLs; only what a
            // link to them means changes.
            for (d, _) in to_prepare.iter().chain(&still_hidden) {
                if !sources.get(&d.path).is_some_and(|t| *t == target(d)) {
                    sources.insert(d.path.clone(), target(d));
                }
            }
            self.hidden = still_hidden;
            self.sources = sources;
            changed_paths.extend(
                to_prepare
                    .iter()
                    .map(|(d, _)| d.path.as_os_str().to_owned()),
            );
            let prepared: Vec<Result<Article, Error>> = to_prepare
                .into_par_iter()
                .map(|(d, r)| prepare(d, r, config))
                .collect();
            let mut errors = Vec::new();
            for p in prepared {
                match p {
                    Ok(a) => articles.push(a),
                    Err(e) => errors.push(e),
                }
            }
            timings.mark("load+markdown");
            let built = if errors.is_empty() {
                Site::assemble(articles, inputs, config, model)
            } else {
                Err(Errors(errors))
            };
            match built {
                Ok(site) => Some(site),
                Err(e) => return fail(self, e),
            }
        } else {
            self.site.take()
        };
        if structure_changed {
            if let Some(site) = &site {
                let mut bytes = HashMap::new();
                for a in &site.structure.assets {
                    files_read += 1;
                    let b = std::fs::read(root.join(&a.file)).map_err(|e| Error::io(&a.file, e))?;
                    bytes.insert(a.out.clone(), Arc::new(b));
                }
                self.assets = bytes;
            }
        }
        timings.mark("site model");
        let site = site.expect("site built");
        if let Some(r) = new_renderer {
            self.renderer = Some(r);
            self.sigs.clear();
            self.values = None;
        }
        // `languages:` editions, made again; the main edition's config learns which pages
        // each edition has (for `page.alternates`).
        let languages = self.editions.languages(&super::editions::LanguageRebuild {
            root: &root,
            site: &site,
            config,
            hidden: self.hidden.iter().map(|(d, _)| d.path.as_path()).collect(),
            visibility: Visibility {
                drafts: self.opts.drafts,
                future: self.opts.future,
                expired: self.opts.expired,
            },
            images: self.images.as_ref(),
        });
        let (with_pages, pages_moved) = match languages {
            Ok(x) => x,
            Err(e) => {
                self.files_stale |= content_changed;
                self.site = Some(site);
                return Err(e);
            }
        };
        if pages_moved {
            self.sigs.clear();
        }
        let config = with_pages.as_ref().unwrap_or(config);
        let renderer = self.renderer.as_ref().expect("renderer");
        // Template values: with the same config, only the items of changed articles.
        let values = match self.values.take() {
            Some(v) => v.update(&site, config, |p| {
                !changed_paths.is_empty() && changed_paths.contains(p.as_os_str())
            }),
            None => SiteValues::new(&site, config),
        }
        .with_data(data.clone());
        if data_changed {
            self.sigs.clear();
        }

        // Pages whose signature changed.
        timings.mark("site values");
        let item_hashes = item_hashes(&site, &self.versions, &self.generation);
        let pages = site.pages();
        let planned: Vec<(Page, String, Option<u64>)> = pages
            .par_iter()
            .map(|&p| {
                let sig = page_sig(&site, &item_hashes, p, &self.versions, &self.generation);
                (p, site.page_out_path(p), sig)
            })
            .collect();
        // Only static files changed (and no css/js hash moved): no page can differ.
        let pages_unaffected =
            !render_all && !data_changed && !ch.all_content && ch.content.is_empty();
        let todo: Vec<&(Page, String, Option<u64>)> = planned
            .iter()
            .filter(|(_, out, sig)| match sig {
                _ if pages_unaffected => false,
                Some(s) => self.sigs.get(out) != Some(s),
                None => true,
            })
            .collect();
        timings.mark("signatures");
        let rendered: Vec<Result<(String, Vec<u8>), Error>> = todo
            .par_iter()
            .map(|(page, out, _)| {
                let mut buf = Vec::with_capacity(16 * 1024);
                renderer
                    .render_page(&site, &values, *page, &mut buf)
                    .map(|()| (out.clone(), buf))
            })
            .collect();
        let mut errors = Vec::new();
        let mut new_pages = Vec::with_capacity(rendered.len());
        for r in rendered {
            match r {
                Ok(x) => new_pages.push(x),
                Err(e) => {
                    if !errors.iter().any(|o| crate::render::same_error(o, &e)) && errors.len() < 20
                    {
                        errors.push(e);
                    }
                }
            }
        }
        if !errors.is_empty() {
            self.files_stale |= content_changed;
            self.site = Some(site);
            self.values = Some(values);
            return Err(Errors(errors));
        }

        // The other editions: the variants' same pages, converted; every page of the
        // languages'.
        let mut live: HashSet<String> = planned.iter().map(|(_, o, _)| o.clone()).collect();
        if config.editions.len() > 1 {
            let todo: Vec<(Page, String)> = todo.iter().map(|(p, o, _)| (*p, o.clone())).collect();
            let all: Vec<String> = planned.iter().map(|(_, o, _)| o.clone()).collect();
            let changed =
                |p: &Path| !changed_paths.is_empty() && changed_paths.contains(p.as_os_str());
            let rebuild = super::editions::Rebuild {
                root: &root,
                site: &site,
                config,
                statics: &statics,
                hashed: &hashed,
                images: self.images.as_ref(),
                data: &data,
                versions: &self.versions,
                render_all: render_all || data_changed,
                changed: &changed,
            };
            let editions = &mut self.editions;
            let result = editions
                .render_languages(&rebuild)
                .and_then(|(mut pages, mut keys)| {
                    let (more, more_keys) = editions.render(&rebuild, &todo, &all)?;
                    pages.extend(more);
                    keys.extend(more_keys);
                    Ok((pages, keys))
                });
            match result {
                Ok((pages, keys)) => {
                    new_pages.extend(pages);
                    live.extend(keys);
                }
                Err(e) => {
                    self.files_stale |= content_changed || with_pages.is_some();
                    self.site = Some(site);
                    self.values = Some(values);
                    return Err(e);
                }
            }
            if with_pages.is_some() {
                self.files_stale = true;
            }
        }
        timings.mark("render");
        // What the served snapshot must change.
        let mut diff = Diff {
            clear: fresh_snapshot,
            ..Diff::default()
        };
        let sigs: HashMap<String, u64> = planned
            .iter()
            .filter_map(|(_, out, sig)| sig.map(|s| (out.clone(), s)))
            .collect();
        let pages_rendered = new_pages
            .iter()
            .filter(|(k, _)| k.ends_with(".html"))
            .count();
        for (out, bytes) in new_pages {
            diff.insert.push((out, Arc::new(bytes)));
        }
        let mut static_keys = HashSet::new();
        for (name, bytes) in &self.assets {
            diff.insert.push((name.clone(), bytes.clone()));
            static_keys.insert(name.clone());
        }
        for (name, bytes) in &statics {
            diff.insert.push((name.clone(), bytes.clone()));
            static_keys.insert(name.clone());
            if let Some(h) = hashed.get(name) {
                diff.insert.push((h.clone(), bytes.clone()));
                static_keys.insert(h.clone());
            }
        }
        for old in self.page_keys.iter().chain(&self.static_keys) {
            if !live.contains(old) && !static_keys.contains(old) {
                diff.remove.push(old.clone());
            }
        }
        self.page_keys = live;
        self.static_keys = static_keys;
        self.files_stale |= content_changed;
        timings.mark("diff");
        self.sigs = sigs;
        self.statics = statics;
        self.hashed = hashed;
        self.site = Some(site);
        self.values = Some(values);
        self.data = Some(data);
        self.pending = Changes::default();
        if let Some(images) = &self.images {
            for w in images.warnings() {
                eprintln!("warning: {w}");
            }
        }
        let report = RebuildReport {
            pages_rendered,
            pages_total: pages.len()
                * (1 + config.editions.iter().filter(|e| e.table.is_some()).count())
                + self.editions.language_pages(),
            files_read,
            elapsed: start.elapsed(),
        };
        Ok((report, diff))
    }
}

#[cfg(test)]
mod tests;
