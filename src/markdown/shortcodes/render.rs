//! The shortcode templates: the built-in ones embedded in the binary, overridden file by
//! file by the site's `templates/shortcodes/<name>.html`, compiled once into one Tera set
//! with HTML autoescaping (an argument prints escaped unless the template says `| safe`).

use std::path::Path;
use std::sync::{Arc, OnceLock};

use tera::{Context, Tera};

use crate::config::Config;
use crate::content::symlinks::{Hidden, Links};
use crate::error::{Error, Errors};

/// Where site shortcodes live.
pub const DIR: &str = "templates/shortcodes";

/// Built-in shortcode templates, by file name.
pub const TEMPLATES: &[(&str, &str)] = &[
    (
        "bilibili.html",
        include_str!("../../../templates/shortcodes/bilibili.html"),
    ),
    (
        "youtube.html",
        include_str!("../../../templates/shortcodes/youtube.html"),
    ),
    (
        "video.html",
        include_str!("../../../templates/shortcodes/video.html"),
    ),
    (
        "audio.html",
        include_str!("../../../templates/shortcodes/audio.html"),
    ),
    (
        "weibo.html",
        include_str!("../../../templates/shortcodes/weibo.html"),
    ),
    (
        "x.html",
        include_str!("../../../templates/shortcodes/x.html"),
    ),
    (
        "figure.html",
        include_str!("../../../templates/shortcodes/figure.html"),
    ),
    (
        "gallery.html",
        include_str!("../../../templates/shortcodes/gallery.html"),
    ),
    (
        "callout.html",
        include_str!("../../../templates/shortcodes/callout.html"),
    ),
    (
        "keep.html",
        include_str!("../../../templates/shortcodes/keep.html"),
    ),
];

/// The compiled shortcode templates of one site. Cheap to clone.
#[derive(Clone)]
pub struct Shortcodes(Arc<Inner>);

struct Inner {
    tera: Tera,
    /// Names (file stems) of every template, built-in or the site's.
    names: Vec<String>,
    /// Names the site itself provides.
    site: Vec<String>,
}

impl std::fmt::Debug for Shortcodes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Shortcodes")
            .field("names", &self.0.names)
            .field("site", &self.0.site)
            .finish()
    }
}

impl PartialEq for Shortcodes {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
            || (self.0.names == other.0.names && self.0.site.is_empty() && other.0.site.is_empty())
    }
}

impl Eq for Shortcodes {}

impl Default for Shortcodes {
    /// The built-in shortcodes only.
    fn default() -> Self {
        static BUILTIN: OnceLock<Shortcodes> = OnceLock::new();
        BUILTIN
            .get_or_init(|| {
                Shortcodes::compile(Vec::new())
                    .unwrap_or_else(|e| panic!("built-in shortcode templates: {}", e.0[0].message))
            })
            .clone()
    }
}

impl Shortcodes {
    /// The built-ins with `root/templates/shortcodes/*.html` over them.
    pub fn load(root: &Path, config: &Config) -> Result<Shortcodes, Errors> {
        if !root.join(DIR).is_dir() {
            return Ok(Shortcodes::default());
        }
        let (files, mut errors) = Links::new(root, config).files(Path::new(DIR), Hidden::Skip);
        let mut own = Vec::new();
        for rel in files {
            let Some(name) = rel.file_name().and_then(|n| n.to_str()) else {
                continue;
            };
            if !name.ends_with(".html") || rel.parent() != Some(Path::new(DIR)) {
                continue;
            }
            match std::fs::read(root.join(&rel)) {
                Ok(bytes) => match String::from_utf8(bytes) {
                    Ok(text) => own.push((name.to_string(), text)),
                    Err(_) => errors.push(Error::in_file(&rel, "template is not valid UTF-8")),
                },
                Err(e) => errors.push(Error::io(&rel, e)),
            }
        }
        if !errors.is_empty() {
            return Err(Errors(errors));
        }
        Shortcodes::compile(own)
    }

    fn compile(own: Vec<(String, String)>) -> Result<Shortcodes, Errors> {
        let site: Vec<String> = own
            .iter()
            .map(|(n, _)| n.trim_end_matches(".html").to_string())
            .collect();
        let mut all: Vec<(String, String)> = TEMPLATES
            .iter()
            .filter(|(n, _)| !own.iter().any(|(o, _)| o == n))
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect();
        all.extend(own);
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html"]);
        let mut errors = Vec::new();
        // One at a time, so a broken template is named.
        for (name, text) in &all {
            if let Err(e) = tera.add_raw_template(name, text) {
                let from_site = site.iter().any(|s| format!("{s}.html") == *name);
                let file = if from_site {
                    format!("{DIR}/{name}")
                } else {
                    format!("{DIR}/{name} (built-in)")
                };
                let (line, message) = describe(&e);
                errors.push(
                    Error::in_file(file, format!("shortcode template error: {message}"))
                        .at(line, None),
                );
            }
        }
        if !errors.is_empty() {
            return Err(Errors(errors));
        }
        let mut names: Vec<String> = all
            .iter()
            .map(|(n, _)| n.trim_end_matches(".html").to_string())
            .collect();
        names.sort();
        Ok(Shortcodes(Arc::new(Inner { tera, names, site })))
    }

    /// A template named `name` exists (`name.html`).
    pub fn has(&self, name: &str) -> bool {
        self.0.names.iter().any(|n| n == name)
    }

    /// Every shortcode name, sorted (for "unknown shortcode" messages).
    pub fn names(&self) -> &[String] {
        &self.0.names
    }

    /// Renders `name.html`; an error is the template's own message, with its line.
    pub fn render(&self, name: &str, ctx: &Context) -> Result<String, String> {
        self.0
            .tera
            .render(&format!("{name}.html"), ctx)
            .map_err(|e| {
                let (line, message) = describe(&e);
                let from_site = self.0.site.iter().any(|s| s == name);
                let place = match (from_site, line) {
                    (true, Some(l)) => format!("{DIR}/{name}.html:{l}"),
                    (true, None) => format!("{DIR}/{name}.html"),
                    (false, Some(l)) => format!("{DIR}/{name}.html:{l} (built-in)"),
                    (false, None) => format!("{DIR}/{name}.html (built-in)"),
                };
                format!("template error in {place}: {message}")
            })
    }
}

/// A Tera error's line (when it has one) and message, causes included.
fn describe(err: &tera::Error) -> (Option<usize>, String) {
    use tera::ErrorKind;
    if let ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) = err.kind() {
        let line = r.span().start_line;
        return ((line > 0).then_some(line), r.message().to_string());
    }
    let mut message = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(s) = source {
        if let Some(inner) = s.downcast_ref::<tera::Error>() {
            if matches!(
                inner.kind(),
                ErrorKind::SyntaxError(_) | ErrorKind::RenderingError(_)
            ) {
                return describe(inner);
            }
        }
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    (None, message)
}
