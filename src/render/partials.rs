//! `cached_partial(path="partials/item.html", item=item)`: a partial rendered once for each
//! set of arguments and reused wherever it is asked for again (Hugo's `partialCached`).
//!
//! The default theme's lists show each article's item on the home pages, its section's
//! pages, every term page it has and the archives: rendering it once instead of five times
//! takes about a third off the pages stage's template time (BENCHMARKS.md "Cached partials").
//!
//! What the partial sees: its arguments (all but `path`), `site` and `data` from the page,
//! and every function and filter. Not `page`, `paginator` or loop variables: a partial that
//! needs them is `{% include %}`d instead.
//!
//! The memo's key is the template's name and each argument: a map or array by its address
//! (list items are built once per [`super::SiteValues`], so an edited or pinned item is a new
//! value at a new address; the entry holds a clone, so the address is not reused while it
//! lives), anything else by the XXH3 key of its value. The memo holds for one
//! [`super::SiteValues`] (the values of one build, or one `serve` rebuild): rendering with
//! other values empties it first, so `site` and `data` always match.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, Weak};

use tera::{Context, Kwargs, State, Tera, TeraResult, Value};

use super::ASKED_OUTSIDE;

thread_local! {
    /// The [`super::SiteValues`] the page being rendered on this thread was made from.
    static VALUES: Cell<u64> = const { Cell::new(0) };
    /// The error a partial failed with on this thread (the innermost, when partials nest):
    /// the page's error is reported as this one, at the partial's own file and line.
    static FAILED: RefCell<Option<tera::Error>> = const { RefCell::new(None) };
}

/// The error the last failed `cached_partial` call on this thread failed with, if any (and
/// forget it: also called before each page, so an old one never names a later error).
pub(super) fn take_failed() -> Option<tera::Error> {
    FAILED.with(|f| f.borrow_mut().take())
}

/// Render the next pages on this thread with the values numbered `id`.
pub(super) fn use_values(id: u64) {
    VALUES.with(|v| v.set(id));
}

/// A rendered partial, and whether rendering it asked outside its context (`image()`, a
/// relative date): every page that shows it then asked too (see [`super::asked_outside`]).
struct Entry {
    html: Value,
    asked: bool,
    /// The arguments' maps and arrays, held so that their addresses (part of the key) stay
    /// theirs while the entry lives.
    _held: Vec<Value>,
}

/// The key of a call: the template and each argument, a map or array by its address (its
/// entries are shared by its clones and never change while the entry holds a clone), any
/// other value by its contents.
fn key_of(path: &str, args: &[(Cow<'_, str>, &Value)]) -> u128 {
    let mut k = crate::cache::hash::Key::new();
    k.str(path);
    for (name, v) in args {
        k.str(name);
        match shared_address(v) {
            Some(at) => k.u64(1).u64(at as u64),
            None => k
                .u64(2)
                .u128(crate::cache::hash::value_key(v, &Default::default())),
        };
    }
    k.finish()
}

fn shared_address(v: &Value) -> Option<usize> {
    if let Some(m) = v.as_map() {
        return Some(m as *const _ as usize);
    }
    v.as_array()
        .filter(|a| !a.is_empty())
        .map(|a| a.as_ptr() as usize)
}

#[derive(Default)]
struct Memo {
    values: u64,
    entries: HashMap<u128, Entry>,
}

/// The templates `cached_partial` renders with: the renderer's own, cloned once all of its
/// functions are registered (the first page asks for it).
pub(super) type Templates = Arc<OnceLock<Tera>>;

/// Register `cached_partial` on `tera`; the returned cell must be filled with the finished
/// templates before the first page renders.
pub(super) fn register(tera: &mut Tera) -> Templates {
    let templates: Templates = Arc::new(OnceLock::new());
    let weak: Weak<OnceLock<Tera>> = Arc::downgrade(&templates);
    let memo: Arc<Mutex<Memo>> = Arc::default();
    tera.register_function(
        "cached_partial",
        move |kwargs: Kwargs, state: &State| -> TeraResult<Value> {
            let path: &str = kwargs.must_get("path")?;
            // Names borrowed (a call on every list item allocates nothing until it misses).
            let mut args: Vec<(Cow<'_, str>, &Value)> = kwargs
                .iter()
                .filter(|(k, _)| k.as_str() != Some("path"))
                .map(|(k, v)| {
                    (
                        k.as_str()
                            .map_or_else(|| k.to_string().into(), Cow::Borrowed),
                        v,
                    )
                })
                .collect();
            args.sort_by(|a, b| a.0.cmp(&b.0));
            let key = key_of(path, &args);
            let values = VALUES.with(|v| v.get());
            {
                let mut m = memo.lock().unwrap_or_else(|e| e.into_inner());
                if m.values != values {
                    m.values = values;
                    m.entries.clear();
                }
                if let Some(e) = m.entries.get(&key) {
                    if e.asked {
                        ASKED_OUTSIDE.with(|a| a.set(true));
                    }
                    return Ok(e.html.clone());
                }
            }
            let templates = weak.upgrade();
            let Some(tera) = templates.as_ref().and_then(|t| t.get()) else {
                return Err(tera::Error::message(
                    "cached_partial() can only be used in a page's template",
                ));
            };
            let mut ctx = Context::new();
            for name in ["site", "data"] {
                if let Some(v) = state.get::<Value>(name)? {
                    ctx.insert_value(name, v);
                }
            }
            let held: Vec<Value> = args
                .iter()
                .filter(|(_, v)| shared_address(v).is_some())
                .map(|(_, v)| (*v).clone())
                .collect();
            for (name, v) in args {
                ctx.insert_value(name.into_owned(), v.clone());
            }
            // Whether this partial itself asks outside, apart from the page so far.
            let before = ASKED_OUTSIDE.with(|a| a.replace(false));
            let rendered = tera.render(path, &ctx);
            let asked = ASKED_OUTSIDE.with(|a| a.replace(before || a.get()));
            let html = Value::safe_string(&rendered.map_err(|e| {
                let message = inner_error(path, &e);
                FAILED.with(|f| {
                    f.borrow_mut().get_or_insert(e);
                });
                message
            })?);
            let mut m = memo.lock().unwrap_or_else(|e| e.into_inner());
            if m.values == values {
                m.entries.insert(
                    key,
                    Entry {
                        html: html.clone(),
                        asked,
                        _held: held,
                    },
                );
            }
            Ok(html)
        },
    );
    templates
}

/// The partial's own error, named by its file and line (what the call fails with; a page's
/// error is then reported at the partial itself, [`take_failed`]).
fn inner_error(path: &str, e: &tera::Error) -> tera::Error {
    use tera::ErrorKind;
    let at = match e.kind() {
        ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => {
            format!("{}:{}: {}", r.filename(), r.span().start_line, r.message())
        }
        _ => e.to_string(),
    };
    tera::Error::message(format!("in cached_partial(path=\"{path}\"): {at}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tera_with(templates: &[(&str, &str)]) -> (Tera, Templates) {
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html"]);
        tera.register_function("outside", |_: Kwargs, _: &State| -> TeraResult<String> {
            ASKED_OUTSIDE.with(|a| a.set(true));
            Ok("图".into())
        });
        let cell = register(&mut tera);
        tera.add_raw_templates(templates.iter().copied()).unwrap();
        cell.set(tera.clone()).ok().unwrap();
        (tera, cell)
    }

    fn item(title: &str) -> Value {
        let mut m = tera::Map::default();
        m.insert("title".into(), title.into());
        Value::from(m)
    }

    fn render(tera: &Tera, items: &[Value], site_title: &str) -> String {
        let mut ctx = Context::new();
        ctx.insert_value("items", Value::from(items.to_vec()));
        let mut site = tera::Map::default();
        site.insert("title".into(), site_title.into());
        ctx.insert_value("site", Value::from(site));
        tera.render("list.html", &ctx).unwrap()
    }

    #[test]
    fn renders_like_an_include_and_reuses_equal_arguments() {
        let (tera, _cell) = tera_with(&[
            (
                "list.html",
                "{% for item in items %}{{ cached_partial(path=\"item.html\", item=item) }}|{% include \"item.html\" %};{% endfor %}",
            ),
            ("item.html", "<b>{{ item.title }}</b>@{{ site.title }}"),
        ]);
        use_values(1);
        let (chip, news) = (item("芯片 & 大模型"), item("快讯"));
        let out = render(&tera, &[chip.clone(), news.clone(), chip], "快讯网");
        assert_eq!(
            out,
            "<b>芯片 &amp; 大模型</b>@快讯网|<b>芯片 &amp; 大模型</b>@快讯网;\
             <b>快讯</b>@快讯网|<b>快讯</b>@快讯网;\
             <b>芯片 &amp; 大模型</b>@快讯网|<b>芯片 &amp; 大模型</b>@快讯网;"
        );
        // Other values (the next serve rebuild): `site` may differ, so nothing is reused.
        use_values(2);
        let out = render(&tera, &[news], "快讯日报");
        assert_eq!(out, "<b>快讯</b>@快讯日报|<b>快讯</b>@快讯日报;");
    }

    #[test]
    fn a_partial_that_asked_outside_marks_every_page_that_shows_it() {
        let (tera, _cell) = tera_with(&[
            (
                "list.html",
                "{% for item in items %}{{ cached_partial(path=\"item.html\", item=item) }}{% endfor %}",
            ),
            ("item.html", "{{ item.title }}{% if item.title == \"封面\" %}{{ outside() }}{% endif %}"),
        ]);
        use_values(3);
        for round in 0..2 {
            ASKED_OUTSIDE.with(|a| a.set(false));
            assert_eq!(
                render(&tera, &[item("封面")], "站"),
                "封面图",
                "round {round}"
            );
            assert!(super::super::asked_outside(), "round {round}");
            ASKED_OUTSIDE.with(|a| a.set(false));
            assert_eq!(
                render(&tera, &[item("文字")], "站"),
                "文字",
                "round {round}"
            );
            assert!(!super::super::asked_outside(), "round {round}");
        }
    }

    #[test]
    fn errors_name_the_partial() {
        let (tera, _cell) = tera_with(&[
            (
                "list.html",
                "{{ cached_partial(path=\"item.html\", item=1) }}",
            ),
            ("item.html", "{{ item.title.missing }}"),
        ]);
        use_values(4);
        let err = tera.render("list.html", &Context::new()).unwrap_err();
        let text = format!("{err:?}");
        // The page's error is reported as the partial's own (`Renderer::render_context`).
        let inner = take_failed().expect("the partial's error");
        assert!(format!("{inner:?}").contains("item.html"), "{inner:?}");
        assert!(take_failed().is_none());
        assert!(
            text.contains("in cached_partial(path=\\\"item.html\\\"): item.html:1: "),
            "{text}"
        );
    }
}
