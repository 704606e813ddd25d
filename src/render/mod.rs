//! Templates stage: sets up Tera 2 (site templates over the built-in theme, file by file),
//! registers kuaixun's filters and functions, and turns one [`Page`] of the site model into
//! HTML. Per-article template values are built once and shared by every list page that
//! shows the article (Tera values are reference-counted, so a list page costs O(page size)).

mod context;
pub mod theme;

use std::path::Path;

use jiff::tz::TimeZone;
use tera::{Kwargs, State, Tera, TeraResult};
use walkdir::WalkDir;

use crate::config::Config;
use crate::error::{Error, Errors};
use crate::site::{Page, Site};
pub use context::SiteValues;

pub const TEMPLATES_DIR: &str = "templates";

/// Compiled templates plus where each came from (for error messages).
pub struct Renderer {
    tera: Tera,
    /// Template names that came from the site's own `templates/` folder.
    site_templates: Vec<String>,
}

impl Renderer {
    /// Load `root/templates/**` over the built-in theme and compile everything once.
    pub fn new(root: &Path, config: &Config) -> Result<Renderer, Errors> {
        let mut own: Vec<(String, String)> = Vec::new();
        let mut errors = Vec::new();
        let dir = root.join(TEMPLATES_DIR);
        if dir.is_dir() {
            for entry in WalkDir::new(&dir).sort_by_file_name() {
                let entry = match entry {
                    Ok(e) => e,
                    Err(e) => {
                        errors.push(Error::new(e.to_string()));
                        continue;
                    }
                };
                if !entry.file_type().is_file() {
                    continue;
                }
                let rel = entry.path().strip_prefix(&dir).unwrap_or(entry.path());
                let name = rel.to_string_lossy().replace('\\', "/");
                if name.split('/').any(|s| s.starts_with('.')) {
                    continue;
                }
                match std::fs::read(entry.path()) {
                    Ok(bytes) => match String::from_utf8(bytes) {
                        Ok(text) => own.push((name, text)),
                        Err(_) => errors.push(Error::in_file(
                            Path::new(TEMPLATES_DIR).join(rel),
                            "template is not valid UTF-8",
                        )),
                    },
                    Err(e) => errors.push(Error::io(Path::new(TEMPLATES_DIR).join(rel), e)),
                }
            }
        }
        if !errors.is_empty() {
            return Err(Errors(errors));
        }
        let site_templates: Vec<String> = own.iter().map(|(n, _)| n.clone()).collect();
        let mut all: Vec<(String, String)> = theme::TEMPLATES
            .iter()
            .filter(|(name, _)| !site_templates.iter().any(|n| n == name))
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect();
        all.extend(own);

        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html", ".htm", ".xml"]);
        register(&mut tera, config);
        let mut renderer = Renderer {
            tera: Tera::new(),
            site_templates,
        };
        tera.add_raw_templates(all.iter().map(|(n, t)| (n.as_str(), t.as_str())))
            .map_err(|e| renderer.error(&e))?;
        renderer.tera = tera;
        Ok(renderer)
    }

    /// Render one page of the site.
    pub fn render_page(
        &self,
        site: &Site,
        values: &SiteValues,
        page: Page,
        out: &mut Vec<u8>,
    ) -> Result<(), Error> {
        let (template, ctx) = context::page_context(site, values, page);
        self.tera
            .render_to(template, &ctx, out)
            .map_err(|e| self.error(&e))
    }

    /// Convert a Tera error into ours, naming the template file and line.
    fn error(&self, err: &tera::Error) -> Error {
        use tera::ErrorKind;
        match err.kind() {
            ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
                let span = report.span();
                let line = (span.start_line > 0).then_some(span.start_line);
                let kind = if matches!(err.kind(), ErrorKind::SyntaxError(_)) {
                    "template syntax error"
                } else {
                    "template error"
                };
                Error::in_file(
                    self.template_path(report.filename()),
                    format!("{kind}: {}", report.message()),
                )
                .at(line, line.map(|_| span.start_col + 1))
            }
            _ => {
                let mut message = err.to_string();
                let mut source = std::error::Error::source(err);
                while let Some(s) = source {
                    message.push_str(": ");
                    message.push_str(&s.to_string());
                    source = s.source();
                }
                Error::new(format!("template error: {message}"))
            }
        }
    }

    fn template_path(&self, name: &str) -> String {
        if self.site_templates.iter().any(|n| n == name) {
            format!("{TEMPLATES_DIR}/{name}")
        } else {
            format!("{TEMPLATES_DIR}/{name} (built-in theme)")
        }
    }
}

/// kuaixun's filters and functions.
fn register(tera: &mut Tera, config: &Config) {
    let base = config.base_path();
    let base2 = base.clone();
    tera.register_function(
        "url",
        move |kwargs: Kwargs, _: &State| -> TeraResult<String> {
            let path: &str = kwargs.must_get("path")?;
            Ok(join_url(&base, path))
        },
    );
    tera.register_function(
        "asset",
        move |kwargs: Kwargs, _: &State| -> TeraResult<String> {
            let path: &str = kwargs.must_get("path")?;
            Ok(join_url(&base2, path))
        },
    );
    let tz = config.tz();
    tera.register_filter(
        "date",
        move |value: &str, kwargs: Kwargs, _: &State| -> TeraResult<String> {
            let format: &str = kwargs.get("format")?.unwrap_or("%Y-%m-%d");
            format_date(value, format, &tz)
        },
    );
}

/// `base_path` + a site-relative path, percent-encoding what must be.
pub fn join_url(base: &str, path: &str) -> String {
    let path = path.trim_start_matches('/');
    let mut out = String::with_capacity(base.len() + path.len());
    out.push_str(base);
    out.push_str(&encode_path(path));
    out
}

/// Percent-encode a URL path (non-ASCII, spaces, `%`, `?`, `#`), keeping `/`.
pub fn encode_path(path: &str) -> String {
    use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
    const PATH: &AsciiSet = &CONTROLS
        .add(b' ')
        .add(b'"')
        .add(b'#')
        .add(b'%')
        .add(b'<')
        .add(b'>')
        .add(b'?')
        .add(b'`')
        .add(b'{')
        .add(b'}');
    utf8_percent_encode(path, PATH).to_string()
}

fn format_date(value: &str, format: &str, tz: &TimeZone) -> TeraResult<String> {
    let ts: jiff::Timestamp = value.parse().map_err(|e| {
        tera::Error::message(format!(
            "`date` filter: cannot read `{value}` as a date: {e}"
        ))
    })?;
    let zoned = ts.to_zoned_datetime(tz.clone());
    let mut out = String::new();
    jiff::fmt::strtime::format(format, &zoned)
        .map(|s| out.push_str(&s))
        .map_err(|e| tera::Error::message(format!("`date` filter: bad format `{format}`: {e}")))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_under_sub_path() {
        assert_eq!(join_url("/news/", "/tags/"), "/news/tags/");
        assert_eq!(
            join_url("/", "tags/人工智能/"),
            "/tags/%E4%BA%BA%E5%B7%A5%E6%99%BA%E8%83%BD/"
        );
    }

    #[test]
    fn chinese_date_format() {
        let tz = TimeZone::get("Asia/Shanghai").unwrap();
        let s = format_date("2025-11-20T02:30:00Z", "%Y年%-m月%-d日 %H:%M", &tz).unwrap();
        assert_eq!(s, "2025年11月20日 10:30");
        assert!(format_date("昨天", "%Y", &tz).is_err());
    }
}
