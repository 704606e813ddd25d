//! The orchestrator: runs the stages in order for one full build and reports what it did.
//! Stages never call each other; data flows config → load (content and data files) →
//! markdown → site → render → output.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use crate::cache::pages::PageKeys;
use crate::cache::BuildCache;
use crate::config::Config;
use crate::content;
use crate::error::{Error, Errors};
use crate::images::Images;
use crate::markdown;
use crate::output::{self, Staging};
use crate::render::{Renderer, SiteValues};
use crate::search;
use crate::site::{Page, Site};

mod editions;
use editions::{build_edition, EditionInputs};
pub use editions::{edition_files, edition_pages, language_sites, LanguageInputs};

/// What to build and how.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// Site root (holds config.yaml, content/, templates/, static/).
    pub root: PathBuf,
    /// Output folder; default `<root>/public`.
    pub output: Option<PathBuf>,
    /// Overrides `base_url` from the config.
    pub base_url: Option<String>,
    /// Include `draft: true` articles.
    pub drafts: bool,
    /// Include articles dated in the future.
    pub future: bool,
    /// Include articles whose `expires` has passed.
    pub expired: bool,
    /// Allow a progress bar on a terminal for long builds.
    pub progress: bool,
    /// Minify every HTML page (`--minify`).
    pub minify: bool,
    /// Building for `kuaixun serve`: analytics stay off unless `analytics.in_serve: true`.
    pub serve: bool,
    /// The build cache (`.kuaixun/cache/build/`, see `src/cache/`). `kuaixun build` reads and
    /// writes it (`--no-cache`: writes only); the library default is off.
    pub cache: CacheUse,
}

/// Whether a build reads and writes the build cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CacheUse {
    Off,
    /// A cold build that leaves a fresh cache (`--no-cache`).
    WriteOnly,
    ReadWrite,
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        BuildOptions {
            root: root.into(),
            output: None,
            base_url: None,
            drafts: false,
            future: false,
            expired: false,
            progress: false,
            minify: false,
            serve: false,
            cache: CacheUse::Off,
        }
    }
}

/// What a successful build did.
#[derive(Debug, Clone)]
pub struct BuildReport {
    pub articles: usize,
    pub pages: usize,
    pub static_files: usize,
    pub output: PathBuf,
    pub elapsed: Duration,
    /// Bytes of search index written (0 when search is off).
    pub search_bytes: usize,
    /// Image variants written and bad images (`None` with `images.enabled: false`).
    pub images: Option<crate::images::Report>,
    /// Nothing had changed since the last build into the output: it was left as it was
    /// (`cache::fresh`).
    pub up_to_date: bool,
}

impl std::fmt::Display for BuildReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "built {} articles, {} pages (+{} static files) into {} in {} ms",
            self.articles,
            self.pages,
            self.static_files,
            self.output.display(),
            self.elapsed.as_millis()
        )?;
        if self.search_bytes > 0 {
            write!(
                f,
                "; search index {:.1} KB",
                self.search_bytes as f64 / 1024.0
            )?;
        }
        if self.up_to_date {
            write!(
                f,
                "; nothing changed since the last build, so nothing was rewritten"
            )?;
        }
        if let Some(images) = self.images.as_ref().filter(|r| r.processed + r.cached > 0) {
            write!(f, "\n{images}")?;
        }
        Ok(())
    }
}

/// Load the config with command-line overrides applied.
pub fn load_config(opts: &BuildOptions) -> Result<Config, Errors> {
    let mut config = Config::load(&opts.root)?;
    config.serving = opts.serve;
    if let Some(url) = &opts.base_url {
        let mut text = String::new();
        text.push_str("base_url: ");
        text.push_str(&serde_json::to_string(url).unwrap_or_default());
        let check =
            Config::parse(&text).map_err(|e| Error::new(format!("--base-url: {}", e.message)))?;
        config.base_url = check.base_url;
    }
    Ok(config)
}

/// Markdown options for a config (shared by `build`, `check` and `serve`), with the site's
/// shortcode templates (`templates/shortcodes/`) over the built-in ones.
pub fn markdown_options(root: &Path, config: &Config) -> Result<markdown::Options, Errors> {
    Ok(markdown::Options {
        // The site root's (an edition's links to its own pages are moved afterwards).
        base_path: config.asset_base_path(),
        raw_html: config.markdown.raw_html,
        shortcodes: markdown::Shortcodes::load(root, config)?,
        load_scripts: config.embeds.load_scripts,
        mermaid_url: config.embeds.mermaid_url.clone(),
        ..markdown::Options::default()
    })
}

/// Loaded content, placed and rendered: what the site model is built from.
pub struct Content {
    /// Published documents with their HTML (Markdown sources freed).
    pub items: Vec<(content::Document, markdown::Rendered)>,
    /// Documents this build leaves out (drafts, future, expired), bodies kept.
    pub hidden: Vec<content::Document>,
    pub inputs: crate::site::Inputs,
}

/// Sections arranged, documents placed (section and URL), then every published document and
/// section body rendered in parallel with links between sources resolved. Every problem
/// (bad section, unresolvable link) is reported at once.
pub fn render_content(
    root: &Path,
    loaded: content::Loaded,
    config: &Config,
    visibility: content::Visibility,
    now: jiff::Timestamp,
) -> Result<Content, Errors> {
    render_content_with(root, loaded, config, visibility, now, None)
}

/// [`render_content`], with `<img>` dimensions and variants planned by `images`.
pub fn render_content_with(
    root: &Path,
    loaded: content::Loaded,
    config: &Config,
    visibility: content::Visibility,
    now: jiff::Timestamp,
    images: Option<&Images>,
) -> Result<Content, Errors> {
    render_content_in(root, loaded, config, visibility, now, images, None)
}

/// [`render_content_with`]; links may also name the sources of `also` (a translation's
/// links to the main edition's articles).
pub fn render_content_in(
    root: &Path,
    loaded: content::Loaded,
    config: &Config,
    visibility: content::Visibility,
    now: jiff::Timestamp,
    images: Option<&Images>,
    also: Option<&content::SourceMap>,
) -> Result<Content, Errors> {
    render_content_cached(root, loaded, config, visibility, now, images, also, None)
}

/// [`render_content_in`], reusing the renderings `cache` holds and keeping every new one in it.
#[allow(clippy::too_many_arguments)]
pub fn render_content_cached(
    root: &Path,
    loaded: content::Loaded,
    config: &Config,
    visibility: content::Visibility,
    now: jiff::Timestamp,
    images: Option<&Images>,
    also: Option<&content::SourceMap>,
    cache: Option<&crate::cache::Markdown>,
) -> Result<Content, Errors> {
    let sections = content::Sections::new(loaded.sections, config)?;
    let (mut shown, mut hidden): (Vec<_>, Vec<_>) = loaded
        .docs
        .into_iter()
        .partition(|d| visibility.shows(d, now));
    let mut errors = content::place(&mut shown, &sections, config);
    errors.extend(content::place(&mut hidden, &sections, config));
    if !errors.is_empty() {
        return Err(Errors(errors));
    }
    let mut sources = content::SourceMap::new(shown.iter(), hidden.iter(), &sections);
    if let Some(also) = also {
        for (path, target) in also.iter() {
            if sources.get(path).is_none() {
                sources.insert(path.clone(), target.clone());
            }
        }
    }
    let md_opts = markdown_options(root, config)?;
    let memo = cache.map(|store| Memo {
        store,
        settings: crate::cache::markdown::settings_key(
            root,
            &format!("{md_opts:?}"),
            &config.source,
            Some(&config.base_url),
        ),
        sources: &sources,
    });
    let results: Vec<Result<(content::Document, markdown::Rendered), Errors>> = shown
        .into_par_iter()
        .map(|mut d| {
            let r = match &memo {
                Some(m) => m.render(&d, &md_opts, images)?,
                None => render_document_with(&d, &md_opts, &sources, images)?,
            };
            d.body = String::new();
            Ok((d, r))
        })
        .collect();
    let bodies: Vec<Result<markdown::Rendered, Errors>> = sections
        .list
        .par_iter()
        .map(|s| render_section_with(s, &md_opts, &sources, images))
        .collect();
    let mut errors = Vec::new();
    let mut items = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(x) => items.push(x),
            Err(e) => errors.extend(e.0),
        }
    }
    let mut section_bodies = Vec::with_capacity(bodies.len());
    for r in bodies {
        match r {
            Ok(x) => section_bodies.push(x),
            Err(e) => errors.extend(e.0),
        }
    }
    if !errors.is_empty() {
        errors.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
        return Err(Errors(errors));
    }
    Ok(Content {
        items,
        hidden,
        inputs: crate::site::Inputs {
            sections,
            section_bodies,
            assets: loaded.assets,
            now,
        },
    })
}

/// Renderings from the build cache, and the new ones kept in it.
struct Memo<'a> {
    store: &'a crate::cache::Markdown,
    settings: u128,
    sources: &'a content::SourceMap,
}

impl Memo<'_> {
    fn links_key(&self, links: &[PathBuf]) -> u128 {
        crate::cache::markdown::links_key(links, |p| {
            self.sources.get(p).map(|t| match t {
                content::place::Target::Url(u) => (false, u.clone()),
                content::place::Target::Hidden(u) => (true, u.clone()),
            })
        })
    }

    /// [`render_document_with`] through the cache. A rendering that asked for the attributes
    /// of an image is not kept: the images stage plans its variants while it renders.
    fn render(
        &self,
        d: &content::Document,
        md_opts: &markdown::Options,
        images: Option<&Images>,
    ) -> Result<markdown::Rendered, Errors> {
        let bundle = d.bundle_url();
        let key = crate::cache::markdown::doc_key(
            self.settings,
            &d.path,
            bundle.as_deref(),
            d.body_line,
            &d.body,
        );
        if let Some(mut r) = self.store.get(key, |links| self.links_key(links)) {
            r.link_errors.clear();
            return link_errors(&d.path, d.body_line, r);
        }
        let doc_images =
            images.map(|i| i.document(&d.path, &d.body, d.body_line, bundle.as_deref()));
        let watched = doc_images.as_ref().map(|i| Watched {
            inner: i,
            asked: std::sync::atomic::AtomicBool::new(false),
        });
        let env = markdown::LinkEnv {
            from: Some(&d.path),
            bundle: bundle.as_deref(),
            sources: Some(self.sources),
            images: watched.as_ref().map(|i| i as &dyn markdown::ImageAttrs),
        };
        let r = markdown::render_in(&d.body, md_opts, &env);
        let asked = watched.is_some_and(|w| w.asked.load(Ordering::Relaxed));
        if r.link_errors.is_empty() && !asked {
            self.store.put(key, self.links_key(&r.source_links), &r);
        }
        link_errors(&d.path, d.body_line, r)
    }
}

/// Image attributes that remember being asked about a local image (whose file, present or
/// not, the rendering then depends on). Remote images are left as they are.
#[derive(Debug)]
struct Watched<'a> {
    inner: &'a dyn markdown::ImageAttrs,
    asked: AtomicBool,
}

impl markdown::ImageAttrs for Watched<'_> {
    fn attrs(&self, url: &str, offset: usize) -> Option<String> {
        if !(markdown::urls::has_scheme(url) || url.starts_with("//")) {
            self.asked.store(true, Ordering::Relaxed);
        }
        self.inner.attrs(url, offset)
    }
}

/// Render one placed document's Markdown; links that point at nothing published are errors
/// at their file, line and column.
pub fn render_document(
    d: &content::Document,
    md_opts: &markdown::Options,
    sources: &content::SourceMap,
) -> Result<markdown::Rendered, Errors> {
    render_document_with(d, md_opts, sources, None)
}

/// [`render_document`], with `<img>` dimensions and variants planned by `images`.
pub fn render_document_with(
    d: &content::Document,
    md_opts: &markdown::Options,
    sources: &content::SourceMap,
    images: Option<&Images>,
) -> Result<markdown::Rendered, Errors> {
    let bundle = d.bundle_url();
    let doc_images = images.map(|i| i.document(&d.path, &d.body, d.body_line, bundle.as_deref()));
    let env = markdown::LinkEnv {
        from: Some(&d.path),
        bundle: bundle.as_deref(),
        sources: Some(sources),
        images: doc_images.as_ref().map(|i| i as &dyn markdown::ImageAttrs),
    };
    let r = markdown::render_in(&d.body, md_opts, &env);
    link_errors(&d.path, d.body_line, r)
}

/// Render a section's `_index.md` body (relative links resolve against its folder URL).
pub fn render_section(
    s: &content::Section,
    md_opts: &markdown::Options,
    sources: &content::SourceMap,
) -> Result<markdown::Rendered, Errors> {
    render_section_with(s, md_opts, sources, None)
}

/// [`render_section`], with `<img>` dimensions and variants planned by `images`.
pub fn render_section_with(
    s: &content::Section,
    md_opts: &markdown::Options,
    sources: &content::SourceMap,
    images: Option<&Images>,
) -> Result<markdown::Rendered, Errors> {
    let doc_images =
        images.map(|i| i.document(&s.doc.path, &s.doc.body, s.doc.body_line, Some(&s.url)));
    let env = markdown::LinkEnv {
        from: Some(&s.doc.path),
        bundle: Some(&s.url),
        sources: Some(sources),
        images: doc_images.as_ref().map(|i| i as &dyn markdown::ImageAttrs),
    };
    let r = markdown::render_in(&s.doc.body, md_opts, &env);
    link_errors(&s.doc.path, s.doc.body_line, r)
}

fn link_errors(
    path: &std::path::Path,
    body_line: usize,
    mut r: markdown::Rendered,
) -> Result<markdown::Rendered, Errors> {
    // Warnings (a formula that does not parse) are printed and do not stop the build.
    for w in std::mem::take(&mut r.warnings) {
        let w = Error::in_file(path, w.message).at(Some(body_line + w.line - 1), Some(w.column));
        crate::error::warn(w);
    }
    if r.link_errors.is_empty() {
        return Ok(r);
    }
    Err(Errors(
        std::mem::take(&mut r.link_errors)
            .into_iter()
            .map(|e| {
                Error::in_file(path, e.message).at(Some(body_line + e.line - 1), Some(e.column))
            })
            .collect(),
    ))
}

/// Generated static files (`css/syntax.css`) that go in with `static/`.
pub fn generated_assets(config: &Config) -> Result<Vec<(String, Vec<u8>)>, Errors> {
    let syntax_css = markdown::highlight_css(&config.highlight_theme).map_err(|m| {
        Error::in_file(crate::config::CONFIG_FILE, format!("highlight_theme: {m}"))
            .at(config.line_of("highlight_theme"), None)
    })?;
    Ok(vec![("css/syntax.css".into(), syntax_css.into_bytes())])
}

/// Every non-page file derived from the site model: feeds, sitemap, robots.txt (the site's
/// own `static/robots.txt`, `user_robots`, merged in) and the search index. Returns the files
/// and the search index size in bytes.
pub fn site_files(
    site: &Site,
    config: &Config,
    user_robots: Option<&str>,
) -> (Vec<(String, Vec<u8>)>, usize) {
    let mut files = feed_files(site, config, user_robots);
    let mut search_bytes = 0;
    if config.search {
        let index = search::build_index(site, config);
        search_bytes = index.total_bytes();
        files.extend(index.files);
    }
    (files, search_bytes)
}

/// Feeds, sitemap and robots.txt.
fn feed_files(site: &Site, config: &Config, user_robots: Option<&str>) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = output::feeds::all(site, config)
        .into_iter()
        .map(|(p, xml)| (p, xml.into_bytes()))
        .collect();
    files.extend(other_site_files(site, config, user_robots));
    files
}

/// Sitemap, robots.txt, the news sitemap and the IndexNow key: the generated files besides
/// feeds.
fn other_site_files(
    site: &Site,
    config: &Config,
    user_robots: Option<&str>,
) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = output::sitemap::files(site, config)
        .into_iter()
        .map(|(p, xml)| (p, xml.into_bytes()))
        .collect();
    files.push((
        "robots.txt".into(),
        output::sitemap::robots(config, user_robots).into_bytes(),
    ));
    if config.news_sitemap {
        let xml = output::sitemap::news(site, config, jiff::Timestamp::now());
        files.push((output::sitemap::NEWS_SITEMAP.into(), xml.into_bytes()));
    }
    if let Some(indexnow) = &config.push.indexnow {
        // IndexNow checks that the site holds its key: https://www.indexnow.org/documentation
        files.push((indexnow.key_file(), indexnow.key.clone().into_bytes()));
    }
    files
}

/// Run the whole pipeline once.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, Errors> {
    crate::render::quiet_map_seeds();
    let start = Instant::now();
    let started = std::time::SystemTime::now();
    // A build that warns, or shows a relative date, is never up to date later.
    let (warnings, relative_dates) = (crate::error::warnings(), crate::render::relative_dates());
    let mut timings = crate::timings::Timings::new();
    let mut config = load_config(opts)?;
    let output = opts
        .output
        .clone()
        .unwrap_or_else(|| opts.root.join("public"));
    // Before any work: the build lock, and a clear error for an output that cannot be written.
    let mut staging = Staging::create(&output, &opts.root)?;
    // The build cache is read while the sources load.
    let reading = (opts.cache != CacheUse::Off).then(|| {
        let (root, output, read) = (
            opts.root.clone(),
            output.clone(),
            opts.cache == CacheUse::ReadWrite,
        );
        std::thread::spawn(move || BuildCache::open(&root, &output, read))
    });
    timings.mark("config+lock");
    // The conversion tables of the editions take a moment to build: start now.
    let tables: Vec<_> = config.editions.iter().filter_map(|e| e.table).collect();
    if !tables.is_empty() {
        std::thread::spawn(move || crate::variants::opencc::warm(&tables));
    }

    let visibility = content::Visibility {
        drafts: opts.drafts,
        future: opts.future,
        expired: opts.expired,
    };
    let now = jiff::Timestamp::now();
    // Documents whose file is unchanged are not parsed again (`cache::documents`).
    let documents = (opts.cache != CacheUse::Off)
        .then(|| crate::cache::open_documents(&opts.root, opts.cache == CacheUse::ReadWrite));
    let remembered = documents
        .as_ref()
        .map(|(s, _)| crate::cache::documents::Documents::new(s, &config));
    let mut loaded = content::load_with(
        &opts.root,
        &config,
        remembered.as_ref().map(|r| r as &dyn content::Remembered),
    )?;
    drop(remembered);
    let until = crate::cache::fresh::until(
        loaded
            .docs
            .iter()
            .chain(loaded.translations.iter().filter_map(|(_, _, t)| match t {
                content::Translation::Document(d) => Some(&**d),
                content::Translation::Section(_) => None,
            })),
        now,
        config.news_sitemap,
    );
    let stamps = loaded.stamps.take();
    // The `languages:` editions' translations, and what they share with the main edition.
    let translations = std::mem::take(&mut loaded.translations);
    let shared = (!translations.is_empty() || config.editions.iter().any(|e| e.translated))
        .then(|| (loaded.sections.clone(), loaded.assets.clone()));
    let data = crate::data::load(
        &opts.root,
        &content::symlinks::Links::new(&opts.root, &config),
    )?;
    let mut cache = reading.map(|r| r.join().expect("reading the build cache"));
    if let Some(cache) = cache.as_mut() {
        staging.use_previous(cache.take_previous());
        if let Some(documents) = documents {
            cache.save_documents(documents);
        }
    }
    timings.mark("load");
    let inputs = stamps.and_then(|s| crate::cache::fresh::Inputs::collect(&opts.root, s, started));
    let fresh_key = crate::cache::fresh::key(
        &opts.root,
        &format!(
            "{:?}",
            (
                &opts.base_url,
                opts.drafts,
                opts.future,
                opts.expired,
                opts.minify,
                opts.serve
            )
        ),
    );
    if let (Some(cache), Some(inputs)) = (cache.as_ref(), inputs.as_ref()) {
        let summary = cache.fresh(fresh_key, inputs, now, &output);
        if let Some(summary) = summary.filter(|_| staging.previous_intact()) {
            timings.mark("up to date");
            // Freed on another thread (a CLI build exits without waiting for it).
            std::thread::spawn(move || drop((loaded, translations, data)));
            return Ok(BuildReport {
                articles: summary.articles,
                pages: summary.pages,
                static_files: summary.static_files,
                output,
                elapsed: start.elapsed(),
                search_bytes: summary.search_bytes,
                images: None,
                up_to_date: true,
            });
        }
    }
    // Images are planned while Markdown renders (and by `image()` in templates), and
    // written after the pages: see src/images/.
    let images = config
        .images
        .enabled
        .then(|| std::sync::Arc::new(Images::new(&opts.root, &config)));
    let content = render_content_cached(
        &opts.root,
        loaded,
        &config,
        visibility,
        now,
        images.as_deref(),
        None,
        cache.as_ref().map(|c| &c.markdown),
    )?;
    if let Some(cache) = cache.as_mut() {
        cache.finish_markdown();
    }
    timings.mark("markdown");
    let site = Site::build_with(content.items, content.inputs, &config)?;
    let languages = match shared {
        Some((sections, assets)) => language_sites(&LanguageInputs {
            root: &opts.root,
            config: &config,
            translations,
            main: &site,
            hidden: content.hidden.iter().map(|d| d.path.as_path()).collect(),
            sections,
            assets,
            visibility,
            now,
            images: images.as_deref(),
        })?,
        None => Vec::new(),
    };
    if !languages.is_empty() {
        config.edition_pages = edition_pages(&site, &config, &languages);
    }
    if let Some(images) = &images {
        images.covers(site.articles.iter().chain(&site.standalone).map(|a| &a.doc));
    }
    timings.mark("site model");
    let assets = output::assets::Assets::collect(&opts.root, &config, generated_assets(&config)?)?;
    let mut clashes = site.url_clashes(&assets.user_paths());
    clashes.extend(crate::variants::inside_editions(&site, &config));
    if !clashes.is_empty() {
        return Err(Errors(clashes));
    }
    let mut renderer = Renderer::new(&opts.root, &config, &assets.hashed)?;
    if let Some(images) = &images {
        renderer.use_images(images.clone());
    }
    let values = SiteValues::new(&site, &config).with_data(data.clone());
    let flags = format!("minify={} serve={}", opts.minify, opts.serve);
    let keys = cache.as_ref().map(|_| {
        let settings = crate::cache::pages::settings_key(
            &opts.root,
            &config.source,
            &config.base_url,
            &assets.hashed,
            &flags,
        );
        PageKeys::new(settings, &values)
    });

    timings.mark("templates+values");
    let mut pages = site.pages();
    // The archives page lists every article (17 MB of HTML for 100,000): start it first so
    // it does not run alone at the end while the other threads wait.
    if let Some(at) = pages.iter().position(|p| matches!(p, Page::Archives)) {
        let archives = pages.remove(at);
        pages.insert(0, archives);
    }
    let progress = Progress::new(pages.len() as u64, opts.progress, start);
    // Feeds, sitemap and static files are written on one thread while the pages are rendered
    // on the others: that work is serial, so it overlaps instead of adding to the wall time.
    let (results, others) = rayon::join(
        || {
            write_pages(
                &Pages {
                    site: &site,
                    values: &values,
                    renderer: &renderer,
                    staging: &staging,
                    prefix: "",
                    minify: opts.minify,
                    keys: keys.as_ref(),
                },
                &pages,
                Some(&progress),
            )
        },
        || -> Result<usize, Errors> {
            let static_files = assets.write(&staging)?
                + output::assets::write_content_assets(&site, &opts.root, &staging)?;
            let robots = assets
                .user_file("robots.txt")
                .map(|b| String::from_utf8_lossy(&b).into_owned());
            // Feeds go to disk as they are made (many term feeds would not fit at once).
            output::feeds::each(&site, &config, |path, xml| {
                staging.write(path, xml.as_bytes())
            })?;
            for (path, bytes) in other_site_files(&site, &config, robots.as_deref()) {
                staging.write(&path, &bytes)?;
            }
            Ok(static_files)
        },
    );
    progress.finish();
    if !results.is_empty() {
        return Err(staging.explain(dedupe(results)));
    }
    let static_files = others.map_err(|e| staging.explain(e))?;
    timings.mark("pages+static+feeds");
    // The script editions (`variants:`), each converted from the main site model.
    let mut edition_pages = 0;
    // Two or more editions share OpenCC's first (largest) step: it runs once.
    let base = (config.editions.len() > 2)
        .then(|| crate::variants::site::base(&site, &config.variants_keep));
    if base.is_some() {
        timings.mark("editions: shared conversion");
    }
    for i in 1..config.editions.len() {
        let own = languages.iter().find(|(j, _)| *j == i).map(|(_, s)| s);
        edition_pages += build_edition(&EditionInputs {
            site: own.or(base.as_ref()).unwrap_or(&site),
            from_base: own.is_none() && base.is_some(),
            config: &config,
            index: i,
            root: &opts.root,
            assets: &assets,
            images: images.as_ref(),
            data: &data,
            staging: &staging,
            minify: opts.minify,
            cache_flags: cache.as_ref().map(|_| flags.as_str()),
        })
        .map_err(|e| staging.explain(e))?;
        timings.mark("edition");
    }
    let images = match images {
        Some(i) => Some(
            i.write(&staging)
                .map_err(|e| staging.explain(Errors(vec![e])))?,
        ),
        None => None,
    };
    timings.mark("images");
    // Pages are written: free what only they needed before the search index is built.
    drop(keys);
    let mut site = site;
    let html: Vec<_> = site
        .articles
        .iter_mut()
        .map(|a| {
            let r = &mut a.rendered;
            let toc = std::mem::take(&mut r.toc);
            (std::mem::take(&mut r.html), r.summary_html.take(), toc)
        })
        .collect();
    // Freed on another thread while the index is made.
    std::thread::spawn(move || drop((values, renderer, html)));
    let mut search_bytes = 0;
    if config.search {
        // With the build cache, an index made from the same documents is the same files.
        let prepared = search::prepare(&site);
        let key = cache.as_ref().map(|_| prepared.key(&site, &config));
        let runs = cache.as_ref().map(|c| &c.search);
        timings.mark("search key");
        match key.and_then(|k| staging.reuse_group(k)) {
            Some(bytes) => {
                search_bytes = bytes as usize;
                runs.inspect(|r| r.keep_all());
            }
            None => {
                let index = search::build_index_cached(&mut site, &config, runs, Some(prepared));
                search_bytes = index.total_bytes();
                timings.mark("search index");
                match key {
                    Some(k) => staging.write_group(k, &index.files)?,
                    None => index
                        .files
                        .par_iter()
                        .try_for_each(|(path, bytes)| staging.write(path, bytes))?,
                }
            }
        }
    }
    if let Some(cache) = cache.as_mut() {
        cache.finish_search();
    }
    timings.mark("search");
    let (articles, pages_written) = (site.articles.len(), pages.len() + edition_pages);
    // Freeing tens of thousands of strings takes a while: let another thread do it while
    // the output is swapped in (a CLI build exits without waiting for it).
    std::thread::spawn(move || drop((site, pages)));
    // The previous output is removed on another thread; wait for it before returning.
    let mut swapped = staging.commit()?;
    timings.mark("commit");
    if let Some(cache) = cache.as_mut() {
        // Taken as up to date later only if it warned of nothing and showed no relative date.
        let clean = crate::error::warnings() == warnings
            && crate::render::relative_dates() == relative_dates
            && images.as_ref().is_none_or(|r| r.warnings.is_empty());
        let summary = crate::cache::fresh::Summary {
            articles,
            pages: pages_written,
            static_files,
            search_bytes,
        };
        let manifest = inputs.filter(|_| clean).and_then(|inputs| {
            crate::cache::fresh::Manifest::new(fresh_key, inputs, until, &output, summary)
        });
        cache.save_output(&swapped.take_records(), manifest);
    }
    timings.mark("cache saved");
    swapped.finish();
    Ok(BuildReport {
        articles,
        pages: pages_written,
        static_files,
        output,
        elapsed: start.elapsed(),
        search_bytes,
        images,
        up_to_date: false,
    })
}

/// What [`write_pages`] renders with and writes to.
struct Pages<'a> {
    site: &'a Site,
    values: &'a SiteValues,
    renderer: &'a Renderer,
    staging: &'a Staging,
    /// The edition's path in the output (`zh-tw/`; `""` for the main edition).
    prefix: &'a str,
    minify: bool,
    /// With the build cache: each page's key, so pages made from the same template and
    /// context as last time are linked from the previous output instead of rendered.
    keys: Option<&'a PageKeys<'a>>,
}

/// Render `pages` in parallel into the staging folder; the errors of those that failed.
fn write_pages(p: &Pages<'_>, pages: &[Page], progress: Option<&Progress>) -> Vec<Error> {
    pages
        .par_iter()
        .map_init(
            || (Vec::with_capacity(32 * 1024), p.minify.then(Minifier::new)),
            |(buf, minifier), &page| {
                buf.clear();
                let out = format!("{}{}", p.prefix, p.site.page_out_path(page));
                let (template, ctx) = p.renderer.page_context(p.site, p.values, page);
                let key = p.keys.map(|k| k.key(&out, &template, &ctx));
                let r = match key {
                    Some(key) if p.staging.reuse(&out, key) => Ok(()),
                    _ => p
                        .renderer
                        .render_context(p.site, page, &template, &ctx, buf)
                        .and_then(|()| {
                            // A page that planned image variants or showed a relative date
                            // is rendered every time.
                            let key = key.filter(|_| !crate::render::asked_outside());
                            match minifier {
                                Some(m) => p.staging.write_keyed(&out, key, m.minify(buf, &out)?),
                                None => p.staging.write_keyed(&out, key, buf),
                            }
                        }),
                };
                if let Some(progress) = progress {
                    progress.tick();
                }
                r.err()
            },
        )
        .flatten()
        .collect()
}

/// `--minify`: one reusable `html-minifier` state per thread. `<pre>`, `<code>`, `<textarea>`
/// and scripts are kept as they are (the minifier's own JavaScript pass is off: it only strips
/// whitespace and could join statements that rely on line breaks); whitespace between other
/// elements is collapsed, and comments are removed.
struct Minifier(html_minifier::HTMLMinifier);

impl Minifier {
    fn new() -> Minifier {
        let mut m = html_minifier::HTMLMinifier::new();
        m.set_minify_code(false);
        m.set_minify_js(false);
        Minifier(m)
    }

    /// The minified form of one page; `out` names the page in errors.
    fn minify(&mut self, html: &[u8], out: &str) -> Result<&[u8], Error> {
        self.0.reset();
        self.0
            .digest(html)
            .and_then(|()| self.0.finish())
            .map_err(|e| Error::in_file(out, format!("cannot minify the rendered page: {e}")))?;
        Ok(self.0.get_html())
    }
}

/// The same template error on 1,000 pages is reported once.
fn dedupe(errors: Vec<Error>) -> Errors {
    let mut out: Vec<Error> = Vec::new();
    for e in errors {
        if !out.iter().any(|o| crate::render::same_error(o, &e)) {
            out.push(e);
        }
        if out.len() >= 20 {
            break;
        }
    }
    Errors(out)
}

/// A progress bar that appears only on a terminal and only once a build passes one second.
struct Progress {
    bar: Option<ProgressBar>,
    shown: AtomicBool,
    start: Instant,
}

impl Progress {
    fn new(len: u64, enabled: bool, start: Instant) -> Progress {
        let bar = (enabled && std::io::stderr().is_terminal()).then(|| {
            let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::hidden());
            bar.set_style(
                ProgressStyle::with_template("{bar:40} {pos}/{len} pages {elapsed}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            bar
        });
        Progress {
            bar,
            shown: AtomicBool::new(false),
            start,
        }
    }

    fn tick(&self) {
        if let Some(bar) = &self.bar {
            bar.inc(1);
            if !self.shown.load(Ordering::Relaxed)
                && self.start.elapsed() > Duration::from_secs(1)
                && !self.shown.swap(true, Ordering::Relaxed)
            {
                bar.set_draw_target(ProgressDrawTarget::stderr());
            }
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
