//! Templates stage: sets up Tera 2 (site templates over the built-in theme, file by file),
//! registers kuaixun's filters and functions, and turns one [`Page`] of the site model into
//! HTML. Per-article template values are built once and shared by every list page that
//! shows the article (Tera values are reference-counted, so a list page costs O(page size)).

mod context;
pub mod i18n;
mod partials;
mod structure;
pub mod theme;

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use jiff::tz::TimeZone;
use tera::{Kwargs, State, Tera, TeraResult};

use crate::config::Config;
use crate::content::symlinks::{Hidden, Links};
use crate::error::{Error, Errors};
use crate::site::{Page, Site};
pub use context::{SiteValues, CONTEXT_KEYS};
pub use i18n::I18n;

pub const TEMPLATES_DIR: &str = "templates";

/// Appended to a template error that happened on an article page, before that article's path.
pub const PAGE_NOTE: &str = " (on the page of ";

/// Whether two errors are the same apart from the article page they happened on: a template
/// error on 10,000 pages is reported once.
pub fn same_error(a: &Error, b: &Error) -> bool {
    let strip = |m: &str| m.split(PAGE_NOTE).next().unwrap_or_default().to_string();
    a.file == b.file
        && a.line == b.line
        && a.column == b.column
        && strip(&a.message) == strip(&b.message)
}

thread_local! {
    /// Whether the page being rendered on this thread read something besides its context:
    /// the images stage, or the build's time.
    static ASKED_OUTSIDE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether the last page rendered on this thread called `image()` or `image_attrs()` of the
/// images stage (which plans variants as it answers), or showed a date relative to the build
/// time (`cn_date(style="relative")`: "3 小时前" is not true for long). The build cache never
/// reuses such a page.
pub fn asked_outside() -> bool {
    ASKED_OUTSIDE.with(|a| a.get())
}

static RELATIVE_DATES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// How many dates this process has shown relative to the build time: output that is true
/// only for a while (`cache::fresh` never takes such a build as up to date later).
pub fn relative_dates() -> u64 {
    RELATIVE_DATES.load(std::sync::atomic::Ordering::Relaxed)
}

/// Compiled templates plus where each came from (for error messages).
pub struct Renderer {
    tera: Tera,
    /// Template names that came from the site's own `templates/` folder.
    site_templates: Vec<String>,
    /// The edition's theme words (`t()`, and the words of the values).
    i18n: Arc<I18n>,
    /// What `cached_partial()` renders with (filled at the first page: `partials`).
    partials: partials::Templates,
}

impl Renderer {
    /// Give `image()` the build's images stage, so it returns resized variants (without it,
    /// `image()` returns the image as it is: `kuaixun serve` and `check`).
    pub fn use_images(&mut self, images: std::sync::Arc<crate::images::Images>) {
        let images2 = images.clone();
        self.tera.register_function(
            "image",
            move |kwargs: Kwargs, _: &State| -> TeraResult<tera::Value> {
                ASKED_OUTSIDE.with(|a| a.set(true));
                let (path, width, height, op) = image_args(&kwargs)?;
                Ok(sized_value(images.resize(path, width, height, op)))
            },
        );
        self.tera.register_function(
            "image_attrs",
            move |kwargs: Kwargs, _: &State| -> TeraResult<String> {
                ASKED_OUTSIDE.with(|a| a.set(true));
                let path: &str = kwargs.must_get("path")?;
                Ok(images2.attrs_in_template(path).unwrap_or_default())
            },
        );
    }

    /// Load `root/templates/**` over the built-in theme and compile everything once.
    pub fn new(
        root: &Path,
        config: &Config,
        assets: &HashMap<String, String>,
    ) -> Result<Renderer, Errors> {
        let mut own: Vec<(String, String)> = Vec::new();
        // Site templates, through the links the symlink rule allows.
        let (files, mut errors) =
            Links::new(root, config).files(Path::new(TEMPLATES_DIR), Hidden::Skip);
        for rel in files {
            let name = rel.strip_prefix(TEMPLATES_DIR).unwrap_or(&rel);
            let name = name.to_string_lossy().replace('\\', "/");
            match std::fs::read(root.join(&rel)) {
                Ok(bytes) => match String::from_utf8(bytes) {
                    Ok(text) => own.push((name, text)),
                    Err(_) => errors.push(Error::in_file(&rel, "template is not valid UTF-8")),
                },
                Err(e) => errors.push(Error::io(&rel, e)),
            }
        }
        if !errors.is_empty() {
            return Err(Errors(errors));
        }
        let i18n = Arc::new(I18n::load(root, config)?);
        let site_templates: Vec<String> = own.iter().map(|(n, _)| n.clone()).collect();
        let mut all: Vec<(String, String)> = theme::TEMPLATES
            .iter()
            .filter(|(name, _)| !site_templates.iter().any(|n| n == name))
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect();
        all.extend(own);
        // A variant edition: the templates' own words in its script.
        if let Some(table) = config.current_edition().and_then(|e| e.table) {
            let conv = crate::variants::opencc::Converter::new(table);
            for (_, text) in &mut all {
                *text = crate::variants::convert_template(text, &conv);
            }
        }

        // The theme's words, written into the templates (see `I18n::inline`).
        for (_, text) in &mut all {
            if text.contains("t(key=") {
                *text = i18n.inline(text);
            }
        }

        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html", ".htm", ".xml"]);
        register(&mut tera, config, assets.clone(), i18n.clone());
        let partials = partials::register(&mut tera);
        let mut renderer = Renderer {
            tera: Tera::new(),
            site_templates,
            i18n,
            partials,
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
        let (template, ctx) = self.page_context(site, values, page);
        self.render_context(site, page, &template, &ctx, out)
    }

    /// The template and context of one page (what [`Renderer::render_context`] renders).
    pub fn page_context(
        &self,
        site: &Site,
        values: &SiteValues,
        page: Page,
    ) -> (std::borrow::Cow<'static, str>, tera::Context) {
        partials::use_values(values.id);
        context::page_context(site, values, &self.i18n, page)
    }

    /// Render a page's template with its context. The output depends on nothing else but
    /// the templates (and the config they were made with), except where `image()` planned a
    /// variant or a date was shown relative to now: [`asked_outside`] tells.
    pub fn render_context(
        &self,
        site: &Site,
        page: Page,
        template: &str,
        ctx: &tera::Context,
        out: &mut Vec<u8>,
    ) -> Result<(), Error> {
        ASKED_OUTSIDE.with(|a| a.set(false));
        partials::take_failed();
        // Every function is registered by now (`use_images` comes after `new`).
        self.partials.get_or_init(|| self.tera.clone());
        self.tera.render_to(template, ctx, out).map_err(|e| {
            // A failed `cached_partial`: the partial's own error, as an include's would be.
            let mut err = match partials::take_failed() {
                Some(inner) => self.error(&inner),
                None => self.error(&e),
            };
            // An article page fails on that article's values (a missing `extra` field, say):
            // name it.
            if let Page::Article(i) = page {
                err.message.push_str(PAGE_NOTE);
                err.message
                    .push_str(&site.articles[i].doc.path.display().to_string());
                err.message.push(')');
            }
            err
        })
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
            ErrorKind::MissingParent { current, parent } => Error::in_file(
                self.template_path(current),
                format!("template error: extends `{parent}`, which does not exist"),
            )
            .at(Some(1), None),
            ErrorKind::CircularExtend { tpl, .. } | ErrorKind::CircularInclude { tpl, .. } => {
                Error::in_file(self.template_path(tpl), format!("template error: {err}"))
            }
            _ => {
                // A located error may sit further down the chain (e.g. a failed include).
                let mut source = std::error::Error::source(err);
                while let Some(s) = source {
                    if let Some(inner) = s.downcast_ref::<tera::Error>() {
                        if matches!(
                            inner.kind(),
                            ErrorKind::SyntaxError(_) | ErrorKind::RenderingError(_)
                        ) {
                            return self.error(inner);
                        }
                    }
                    source = s.source();
                }
                let mut message = err.to_string();
                let mut source = std::error::Error::source(err);
                while let Some(s) = source {
                    message.push_str(": ");
                    message.push_str(&s.to_string());
                    source = s.source();
                }
                // Some checks (unknown includes, components) arrive as pre-rendered reports:
                // `error: <message>\n --> <template>:<line>:<col>`.
                if let Some(located) = self.parse_report(&message) {
                    return located;
                }
                Error::new(format!("template error: {message}"))
            }
        }
    }

    fn parse_report(&self, text: &str) -> Option<Error> {
        let arrow = text
            .lines()
            .find_map(|l| l.trim_start().strip_prefix("--> "))?;
        let mut parts = arrow.rsplitn(3, ':');
        let col: usize = parts.next()?.trim().parse().ok()?;
        let line: usize = parts.next()?.trim().parse().ok()?;
        let name = parts.next()?;
        let message = text
            .lines()
            .find_map(|l| l.trim_start().strip_prefix("error: "))
            .map(|m| m.trim_start_matches("error: "))
            .unwrap_or("template error");
        Some(
            Error::in_file(
                self.template_path(name),
                format!("template error: {message}"),
            )
            .at(Some(line), Some(col)),
        )
    }

    fn template_path(&self, name: &str) -> String {
        if self.site_templates.iter().any(|n| n == name) {
            format!("{TEMPLATES_DIR}/{name}")
        } else {
            format!("{TEMPLATES_DIR}/{name} (built-in theme)")
        }
    }
}

/// Tera makes a hash map for every call's arguments and every map value, and ahash seeds
/// each from one process-wide atomic counter: on many threads rendering at once that
/// counter's cache line moves between cores on every map. Seeds from a per-thread counter
/// instead (as unpredictable: ahash still mixes in its random per-process keys). Call before
/// the first map is made; later calls, and a first call after, do nothing.
pub fn quiet_map_seeds() {
    struct PerThread;
    impl ahash::random_state::RandomSource for PerThread {
        fn gen_hasher_seed(&self) -> usize {
            thread_local!(static NEXT: std::cell::Cell<usize> = const { std::cell::Cell::new(0) });
            NEXT.with(|n| {
                let next = n.get().wrapping_add(0x9e37_79b9);
                n.set(next);
                next ^ (n as *const _ as usize)
            })
        }
    }
    let _ = ahash::random_state::set_random_source(PerThread);
}

/// kuaixun's filters and functions.
fn register(tera: &mut Tera, config: &Config, assets: HashMap<String, String>, i18n: Arc<I18n>) {
    let words = i18n.clone();
    // Most calls are `t(key="…")` of a text without placeholders: its value is made once.
    let ready = i18n.ready_values();
    tera.register_function(
        "t",
        move |kwargs: Kwargs, _: &State| -> TeraResult<tera::Value> {
            let key: &str = kwargs.must_get("key")?;
            if let Some(v) = ready.get(key) {
                if kwargs.iter().nth(1).is_none() {
                    return Ok(v.clone());
                }
            }
            let text = words.raw(key).map_err(tera::Error::message)?;
            Ok(tera::Value::safe_string(&t_fill(text, &kwargs)))
        },
    );
    let base = config.base_path();
    let base2 = config.asset_base_path();
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
            let path = path.trim_start_matches('/');
            Ok(join_url(
                &base2,
                assets.get(path).map_or(path, String::as_str),
            ))
        },
    );
    tera.register_function(
        "image",
        move |kwargs: Kwargs, _: &State| -> TeraResult<tera::Value> {
            let (path, _, _, _) = image_args(&kwargs)?;
            Ok(sized_value(crate::images::Sized {
                url: path.to_string(),
                permalink: path.to_string(),
                width: None,
                height: None,
            }))
        },
    );
    tera.register_function(
        "image_attrs",
        |kwargs: Kwargs, _: &State| -> TeraResult<String> {
            let _: &str = kwargs.must_get("path")?;
            Ok(String::new())
        },
    );
    let tz = config.tz();
    let memo = DateMemo::default();
    tera.register_filter(
        "date",
        move |value: &str, kwargs: Kwargs, _: &State| -> TeraResult<String> {
            let format: &str = kwargs.get("format")?.unwrap_or("%Y-%m-%d");
            memo.get_or(value, format, || format_date(value, format, &tz))
        },
    );
    tera.register_filter("thousands", |value: i64, _: Kwargs, _: &State| {
        thousands(value)
    });
    let tz = config.tz();
    let now = jiff::Timestamp::now();
    tera.register_filter(
        "cn_date",
        move |value: &str, kwargs: Kwargs, _: &State| -> TeraResult<String> {
            let style: &str = kwargs.get("style")?.unwrap_or("full");
            cn_date(value, style, &tz, now, &i18n)
        },
    );
}

/// A `t()` text with its `{name}` placeholders filled from the call's other arguments
/// (escaped unless they are safe values); the text itself is the theme's HTML.
fn t_fill(text: &str, kwargs: &Kwargs) -> String {
    use std::borrow::Cow;
    i18n::fill(text, |name| {
        let (_, v) = kwargs
            .iter()
            .find(|(k, _)| k.as_str() == Some(name) && name != "key")?;
        let plain: Cow<'_, str> = match v.as_str() {
            Some(s) => Cow::Owned(s.to_string()),
            None => Cow::Owned(v.to_string()),
        };
        if v.is_safe() {
            return Some(plain);
        }
        let mut out = Vec::with_capacity(plain.len());
        tera::escape_html(&plain, &mut out).ok()?;
        Some(Cow::Owned(String::from_utf8(out).ok()?))
    })
}

/// `image(path=…, width=…, height=…, op="fit|fill|crop")`: `op` defaults to `fit`; a missing
/// width or height is unbounded for `fit` (and required for `fill` and `crop`).
fn image_args(kwargs: &Kwargs) -> TeraResult<(&str, u32, u32, crate::images::Op)> {
    let path: &str = kwargs.must_get("path")?;
    let op: &str = kwargs.get("op")?.unwrap_or("fit");
    let size = |key: &str| -> TeraResult<Option<u32>> {
        match kwargs.get::<i64>(key)? {
            None => Ok(None),
            Some(n) if (1..=16_384).contains(&n) => Ok(Some(n as u32)),
            Some(n) => Err(tera::Error::message(format!(
                "image(): `{key}` must be from 1 to 16384 (got {n})"
            ))),
        }
    };
    let (w, h) = (size("width")?, size("height")?);
    let (w, h) = match (op, w, h) {
        ("fit", None, None) => {
            return Err(tera::Error::message(
                "image(): give `width`, `height` or both",
            ))
        }
        ("fit", w, h) => (w.unwrap_or(u32::MAX), h.unwrap_or(u32::MAX)),
        (_, Some(w), Some(h)) => (w, h),
        _ => {
            return Err(tera::Error::message(format!(
                "image(): op=\"{op}\" needs both `width` and `height`"
            )))
        }
    };
    let op = crate::images::Op::parse(op, w, h).ok_or_else(|| {
        tera::Error::message(format!(
            "image(): unknown op \"{op}\" (use \"fit\", \"fill\" or \"crop\")"
        ))
    })?;
    Ok((path, w, h, op))
}

/// `{url, permalink, width, height}` (sizes `none` when unknown).
fn sized_value(s: crate::images::Sized) -> tera::Value {
    let mut m: std::collections::BTreeMap<&'static str, tera::Value> = Default::default();
    m.insert("url", s.url.into());
    m.insert("permalink", s.permalink.into());
    let size = |n: Option<u32>| n.map_or_else(tera::Value::none, |n| i64::from(n).into());
    m.insert("width", size(s.width));
    m.insert("height", size(s.height));
    tera::Value::from(m)
}

/// `1234567` → `1,234,567` (word counts: "约 1,234 字").
fn thousands(value: i64) -> String {
    let digits = value.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if value < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Dates in the site time zone, in the edition's words (zh-CN shown). Styles: `full`
/// (2025年11月20日 10:30), `date` (2025年11月20日), `short` (11月20日), `relative` (刚刚 /
/// 5 分钟前 / 3 小时前 / 昨天 / 3 天前, then the `date` style; relative to build time).
fn cn_date(
    value: &str,
    style: &str,
    tz: &TimeZone,
    now: jiff::Timestamp,
    words: &I18n,
) -> TeraResult<String> {
    let ts: jiff::Timestamp = value.parse().map_err(|e| {
        tera::Error::message(format!(
            "`cn_date` filter: cannot read `{value}` as a date: {e}"
        ))
    })?;
    let z = ts.to_zoned_datetime(tz.clone());
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let (year, month, day) = (z.year(), z.month(), z.day());
    let mon = MONTHS[(month as usize).clamp(1, 12) - 1];
    let ymd: [(&str, &dyn std::fmt::Display); 4] = [
        ("year", &year),
        ("month", &month),
        ("day", &day),
        ("mon", &mon),
    ];
    let date = words.tr("date_long", &ymd);
    Ok(match style {
        // A date-only front matter (`date: 2025-11-20`) reads as midnight: show just the date.
        "full" if (z.hour(), z.minute(), z.second()) == (0, 0, 0) => date,
        "full" => format!("{date} {:02}:{:02}", z.hour(), z.minute()),
        "date" => date,
        "short" => words.tr("date_short", &ymd),
        "relative" => {
            ASKED_OUTSIDE.with(|a| a.set(true));
            RELATIVE_DATES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let secs = now.as_second() - ts.as_second();
            let today = now.to_zoned_datetime(tz.clone()).date();
            let days = (today - z.date()).get_days();
            match secs {
                s if s < 0 => date,
                s if s < 60 => words.tr("just_now", &[]),
                s if s < 3600 => words.tr("minutes_ago", &[("n", &(s / 60))]),
                s if s < 86_400 && days == 0 => words.tr("hours_ago", &[("n", &(s / 3600))]),
                _ if days == 1 => words.tr("yesterday", &[]),
                _ if days < 7 => words.tr("days_ago", &[("n", &days)]),
                _ => date,
            }
        }
        other => {
            return Err(tera::Error::message(format!(
                "`cn_date` filter: unknown style `{other}` (full, date, short, relative)"
            )))
        }
    })
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

/// The `date` filter's results by (date, format): an article's date is shown on every list
/// page it is on, and parsing and formatting it each time is most of the filter's cost.
/// Sharded so that threads rendering at once rarely wait for each other; a shard is emptied
/// when it grows past [`DateMemo::CAP`].
#[derive(Default)]
struct DateMemo {
    shards: [std::sync::Mutex<DateShard>; 16],
}

/// Hash of (date, format) → (date, format, result).
type DateShard = HashMap<u64, (String, String, String)>;

impl DateMemo {
    const CAP: usize = 1 << 16;

    fn get_or(
        &self,
        value: &str,
        format: &str,
        make: impl FnOnce() -> TeraResult<String>,
    ) -> TeraResult<String> {
        let key = ahash::RandomState::with_seeds(1, 2, 3, 4).hash_one((value, format));
        let shard = &self.shards[(key % 16) as usize];
        if let Ok(map) = shard.lock() {
            if let Some((v, f, out)) = map.get(&key) {
                if v == value && f == format {
                    return Ok(out.clone());
                }
            }
        }
        let out = make()?;
        if let Ok(mut map) = shard.lock() {
            if map.len() >= Self::CAP {
                map.clear();
            }
            map.insert(key, (value.to_string(), format.to_string(), out.clone()));
        }
        Ok(out)
    }
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
    fn remembered_dates_are_the_formatted_ones() {
        let tz = TimeZone::get("Asia/Shanghai").unwrap();
        let memo = DateMemo::default();
        let d = "2025-11-20T02:30:00Z";
        for _ in 0..2 {
            for f in ["%Y年%-m月%-d日", "%Y年%-m月%-d日 %H:%M", "%Y-%m-%d"] {
                let got = memo.get_or(d, f, || format_date(d, f, &tz)).unwrap();
                assert_eq!(got, format_date(d, f, &tz).unwrap());
            }
        }
        assert_eq!(
            memo.get_or(d, "%H:%M", || format_date(d, "%H:%M", &tz))
                .unwrap(),
            "10:30"
        );
        // An error is not remembered: it is made again.
        assert!(memo
            .get_or("昨天", "%Y", || format_date("昨天", "%Y", &tz))
            .is_err());
        assert!(memo
            .get_or("昨天", "%Y", || format_date("昨天", "%Y", &tz))
            .is_err());
    }

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

    #[test]
    fn thousands_separator() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1234), "1,234");
        assert_eq!(thousands(1234567), "1,234,567");
        assert_eq!(thousands(-1000), "-1,000");
    }

    #[test]
    fn cn_date_styles() {
        let tz = TimeZone::get("Asia/Shanghai").unwrap();
        let now: jiff::Timestamp = "2025-11-20T12:00:00+08:00".parse().unwrap();
        let cn = I18n::new("zh-CN", &[], None).unwrap();
        let f = |v: &str, style: &str| cn_date(v, style, &tz, now, &cn).unwrap();
        // Only a relative date makes the page depend on the build's time.
        ASKED_OUTSIDE.with(|a| a.set(false));
        f("2025-11-20T10:30:00+08:00", "full");
        assert!(!asked_outside());
        f("2025-11-20T10:30:00+08:00", "relative");
        assert!(asked_outside());
        assert_eq!(f("2025-11-20T02:30:00Z", "full"), "2025年11月20日 10:30");
        assert_eq!(f("2025-11-05T08:00:00+08:00", "date"), "2025年11月5日");
        assert_eq!(f("2025-11-05T00:00:00+08:00", "full"), "2025年11月5日");
        assert_eq!(f("2025-11-20T10:30:00+08:00", "short"), "11月20日");
        assert_eq!(f("2025-11-20T11:59:30+08:00", "relative"), "刚刚");
        assert_eq!(f("2025-11-20T11:55:00+08:00", "relative"), "5 分钟前");
        assert_eq!(f("2025-11-20T09:00:00+08:00", "relative"), "3 小时前");
        assert_eq!(f("2025-11-19T23:00:00+08:00", "relative"), "昨天");
        assert_eq!(f("2025-11-17T10:00:00+08:00", "relative"), "3 天前");
        assert_eq!(f("2025-10-01T10:00:00+08:00", "relative"), "2025年10月1日");
        assert!(cn_date("2025-11-20T10:30:00+08:00", "weird", &tz, now, &cn).is_err());
        let en = I18n::new("en", &[], None).unwrap();
        let e = |v: &str, style: &str| cn_date(v, style, &tz, now, &en).unwrap();
        assert_eq!(e("2025-11-20T02:30:00Z", "full"), "Nov 20, 2025 10:30");
        assert_eq!(e("2025-11-20T10:30:00+08:00", "short"), "Nov 20");
        assert_eq!(e("2025-11-20T09:00:00+08:00", "relative"), "3 h ago");
        assert_eq!(e("2025-11-19T23:00:00+08:00", "relative"), "yesterday");
        let tw = I18n::new(
            "zh-TW",
            &[],
            Some(&crate::variants::opencc::Converter::new(
                crate::variants::opencc::Table::S2twp,
            )),
        )
        .unwrap();
        let t = |v: &str, style: &str| cn_date(v, style, &tz, now, &tw).unwrap();
        assert_eq!(t("2025-11-20T11:55:00+08:00", "relative"), "5 分鐘前");
    }
}
