//! Shortcodes and GitHub-style alerts: the one door is [`prepare`] before parsing and
//! [`expand`] after the figures pass (see `markdown/mod.rs`).
//!
//! 1. [`prepare`] (only when the source has `{{` or `{%`): finds the calls outside code, raw
//!    HTML and math (`parse.rs`), checks names, argument types and every built-in's IDs and
//!    URLs (`builtins.rs`), and gives the parser a source where each call is a placeholder
//!    of the same length (so positions stay right).
//! 2. The Markdown passes run over that source. Stats see each call's text (its `title`,
//!    `caption`, `credit`, `alt` arguments) through [`visible`]; a body is ordinary Markdown.
//! 3. [`expand`] renders each call's template (`render.rs`) and puts its HTML where the
//!    placeholder was: a placeholder alone in a paragraph replaces the paragraph. A body's
//!    template is rendered once with a sentinel for `body` and split around it. Alerts
//!    (`> [!NOTE]`) become the `callout` template. This HTML never passes the raw-HTML
//!    policy: only templates make it, and they print arguments escaped.

mod args;
pub mod builtins;
mod expand;
pub mod parse;
mod render;
mod validate;

use std::borrow::Cow;
use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use tera::Value;

pub use expand::{expand, Expand};
pub use render::{Shortcodes, DIR};

use builtins::Body;
use parse::{Call, Kind};

/// A message and the byte offset it is about.
pub type Failure = (String, usize);

/// Argument names whose values are a shortcode's text for word counts and plain text.
const TEXT_ARGS: &[&str] = &["title", "caption", "credit", "alt", "text"];

/// What the body of a template is replaced with while rendering, to split it.
const SENTINEL: &str = "kx-shortcode-body-4f1e9a";

/// The result of [`prepare`].
#[derive(Default)]
pub struct Prepared {
    /// The source to parse, when it differs from the original.
    pub source: Option<String>,
    calls: Vec<Call>,
    /// Per call: the values its template sees (built-ins' derived values included).
    values: Vec<Vec<(String, Value)>>,
    /// Per call: its text (see [`visible`]).
    pub texts: Vec<String>,
    /// Per call: takes a figure number.
    pub numbered: Vec<bool>,
    /// The source has `[!`, so it may hold a GitHub alert (`> [!NOTE]`).
    pub alerts: bool,
    pub errors: Vec<Failure>,
}

/// Ranges where `{{` is never a shortcode: code, raw HTML, math.
fn skipped(src: &str, options: pulldown_cmark::Options) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut depth = 0usize;
    for (event, range) in Parser::new_ext(src, options).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_)) => {
                if depth == 0 {
                    out.push(range);
                }
                depth += 1;
            }
            Event::End(TagEnd::CodeBlock) => depth = depth.saturating_sub(1),
            Event::Code(_)
            | Event::Html(_)
            | Event::InlineHtml(_)
            | Event::InlineMath(_)
            | Event::DisplayMath(_)
                if depth == 0 =>
            {
                out.push(range)
            }
            _ => {}
        }
    }
    out.sort_by_key(|r| r.start);
    out
}

/// Step 1 (see the module docs). Free for a source without `{{` or `{%`.
pub fn prepare(
    src: &str,
    options: pulldown_cmark::Options,
    shortcodes: &Shortcodes,
    resolve: &dyn builtins::Resolve,
) -> Prepared {
    let alerts = src.contains("[!");
    if !(src.contains("{{") || src.contains("{%")) {
        return Prepared {
            alerts,
            ..Prepared::default()
        };
    }
    let (calls, mut errors) = parse::scan(src, &skipped(src, options));
    if calls.is_empty() && errors.is_empty() {
        return Prepared {
            alerts,
            ..Prepared::default()
        };
    }
    let mut p = Prepared {
        alerts,
        ..Prepared::default()
    };
    for call in &calls {
        let (values, text, numbered) = match check(call, shortcodes, resolve) {
            Ok(x) => x,
            Err(e) => {
                errors.push(e);
                (Vec::new(), String::new(), false)
            }
        };
        p.values.push(values);
        p.texts.push(text);
        p.numbered.push(numbered);
    }
    match parse::substitute(src, &calls) {
        Ok(s) => p.source = Some(s),
        Err(e) => errors.extend(e),
    }
    errors.sort_by_key(|e| e.1);
    p.errors = errors;
    p.calls = calls;
    p
}

type Checked = (Vec<(String, Value)>, String, bool);

fn check(
    call: &Call,
    shortcodes: &Shortcodes,
    resolve: &dyn builtins::Resolve,
) -> Result<Checked, Failure> {
    let at = call.range.start;
    if let Kind::Literal(text) = &call.kind {
        return Ok((Vec::new(), text.clone(), false));
    }
    let builtin = builtins::find(&call.name);
    if builtin.is_none() && !shortcodes.has(&call.name) {
        let mut known: Vec<&str> = shortcodes.names().iter().map(String::as_str).collect();
        known.extend(builtins::BUILTINS.iter().map(|b| b.name));
        known.sort_unstable();
        known.dedup();
        return Err((
            format!(
                "unknown shortcode `{}` (no {DIR}/{}.html; known: {})",
                call.name,
                call.name,
                known.join(", ")
            ),
            at,
        ));
    }
    let body = matches!(call.kind, Kind::Body(_));
    let mut values: Vec<(String, Value)> = Vec::new();
    let mut numbered = false;
    if let Some(b) = builtin {
        if body && b.body == Body::No {
            return Err((
                format!(
                    "shortcode `{}` takes no body: write `{{{{ {}(…) }}}}`",
                    b.name, b.name
                ),
                at,
            ));
        }
        if !body && b.body == Body::Required {
            return Err((
                format!(
                    "shortcode `{}` needs a body: `{{% {}(…) %}}` … `{{% end %}}`",
                    b.name, b.name
                ),
                at,
            ));
        }
        let derived = builtins::derive(b, &call.args, at, resolve)?;
        for (name, _, _) in b.params {
            values.push((name.to_string(), Value::from(())));
        }
        for a in &call.args {
            set(&mut values, &a.name, a.value.to_value());
        }
        for (name, v) in derived {
            set(&mut values, name, v);
        }
        numbered = b.numbered;
    } else {
        for a in &call.args {
            set(&mut values, &a.name, a.value.to_value());
        }
    }
    let mut text = String::new();
    for name in TEXT_ARGS {
        let v = values.iter().find(|(n, _)| n == name).map(|(_, v)| v);
        if let Some(s) = v.and_then(|v| v.as_str()) {
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(s);
        }
    }
    Ok((values, text, numbered))
}

fn set(values: &mut Vec<(String, Value)>, name: &str, v: Value) {
    match values.iter_mut().find(|(n, _)| n == name) {
        Some(slot) => slot.1 = v,
        None => values.push((name.to_string(), v)),
    }
}

/// `text` as the reader sees it: each placeholder replaced by its call's text, filler
/// dropped. Borrowed when `text` has no placeholder.
pub fn visible<'t>(text: &'t str, texts: &[String]) -> Cow<'t, str> {
    if !parse::has_reserved(text.as_bytes()) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (k, r) in parse::markers(text) {
        out.push_str(&text[last..r.start]);
        if let Some(t) = texts.get(k) {
            out.push_str(t);
        }
        last = r.end;
    }
    out.push_str(&text[last..]);
    out.retain(|c| !(c.is_ascii() && parse::reserved(c as u8)));
    Cow::Owned(out)
}
