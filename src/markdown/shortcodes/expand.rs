//! Step 3: each call's template rendered where its placeholder stands, and alerts as the
//! `callout` template (see `mod.rs`).

use pulldown_cmark::{BlockQuoteKind, CowStr, Event, Tag, TagEnd};
use tera::{Context, Value};

use super::builtins::{self, CALLOUTS};
use super::parse::{self, Kind, END_BODY, FILL, OPEN};
use super::{Failure, Prepared, Shortcodes, DIR, SENTINEL};
use crate::markdown::Spanned;

/// What [`expand`] needs besides the events.
pub struct Expand<'p> {
    pub prepared: &'p Prepared,
    pub shortcodes: &'p Shortcodes,
    /// Figure numbers by call (0: none), from the figures pass.
    pub numbers: &'p [usize],
    /// `embeds.load_scripts`.
    pub load_scripts: bool,
}

/// A rendered call: inline HTML, or the parts around a body.
enum Html {
    Whole(String),
    Around(String, String),
}

impl Expand<'_> {
    fn render(&self, k: usize, errors: &mut Vec<Failure>) -> Html {
        let call = &self.prepared.calls[k];
        let at = call.range.start;
        // A document with a bad call is an error already: render nothing.
        if !self.prepared.errors.is_empty() {
            return match call.kind {
                Kind::Body(_) => Html::Around(String::new(), String::new()),
                _ => Html::Whole(String::new()),
            };
        }
        if let Kind::Literal(text) = &call.kind {
            return Html::Whole(escape_html(text));
        }
        let template = builtins::find(&call.name).map_or(call.name.as_str(), |b| b.template);
        let mut ctx = Context::new();
        for (name, v) in &self.prepared.values[k] {
            ctx.insert_value(name.clone(), v.clone());
        }
        ctx.insert("number", &self.numbers.get(k).copied().unwrap_or(0));
        ctx.insert("load_scripts", &self.load_scripts);
        let body = matches!(call.kind, Kind::Body(_));
        if body {
            ctx.insert("body", SENTINEL);
        } else if !ctx.contains_key("body") {
            ctx.insert_value("body", Value::from(()));
        }
        let fail = |errors: &mut Vec<Failure>, m: String| {
            errors.push((format!("shortcode `{}`: {m}", call.name), at));
            if body {
                Html::Around(String::new(), String::new())
            } else {
                Html::Whole(String::new())
            }
        };
        let html = match self.shortcodes.render(template, &ctx) {
            // A template file's last newline is not content.
            Ok(h) => h.trim_end_matches('\n').to_string(),
            Err(m) => return fail(errors, m),
        };
        if !body {
            return Html::Whole(html);
        }
        let mut parts = html.split(SENTINEL);
        match (parts.next(), parts.next(), parts.next()) {
            (Some(a), Some(b), None) => Html::Around(a.to_string(), b.to_string()),
            _ => fail(
                errors,
                format!("the template {DIR}/{template}.html must print `{{{{ body | safe }}}}` exactly once"),
            ),
        }
    }

    fn alert(
        &self,
        kind: BlockQuoteKind,
        errors: &mut Vec<Failure>,
        at: usize,
    ) -> (String, String) {
        let name = match kind {
            BlockQuoteKind::Note => "note",
            BlockQuoteKind::Tip => "tip",
            BlockQuoteKind::Important => "important",
            BlockQuoteKind::Warning => "warning",
            BlockQuoteKind::Caution => "caution",
        };
        let label = CALLOUTS.iter().find(|c| c.0 == name).map_or("", |c| c.1);
        let mut ctx = Context::new();
        ctx.insert("type", name);
        ctx.insert("label", label);
        ctx.insert("title", label);
        ctx.insert("body", SENTINEL);
        ctx.insert("number", &0);
        ctx.insert("load_scripts", &self.load_scripts);
        match self.shortcodes.render("callout", &ctx) {
            Ok(html) => match html.trim_end_matches('\n').split_once(SENTINEL) {
                Some((a, b)) => (a.to_string(), b.to_string()),
                None => {
                    errors.push((format!("alert `[!{}]`: the template {DIR}/callout.html must print `{{{{ body | safe }}}}` once", name.to_uppercase()), at));
                    Default::default()
                }
            },
            Err(m) => {
                errors.push((format!("alert `[!{}]`: {m}", name.to_uppercase()), at));
                Default::default()
            }
        }
    }
}

/// The one marker a paragraph `events[from..]` holds and nothing else, and the index of its
/// end.
fn lone_marker(events: &[Spanned<'_>], from: usize) -> Option<(Marker, usize)> {
    let mut found = None;
    let mut i = from;
    while let Some((e, _)) = events.get(i) {
        match e {
            Event::End(TagEnd::Paragraph) => return found.map(|m| (m, i)),
            Event::Text(t) => {
                for m in marks(t) {
                    match m {
                        Piece::Text(s) if s.trim().is_empty() => {}
                        Piece::Mark(m) if found.is_none() => found = Some(m),
                        _ => return None,
                    }
                }
            }
            Event::SoftBreak => {}
            _ => return None,
        }
        i += 1;
    }
    None
}

#[derive(Debug, Clone, Copy)]
enum Marker {
    Call(usize),
    EndBody,
}

enum Piece<'t> {
    Text(&'t str),
    Mark(Marker),
}

/// `t` cut into text and markers (filler dropped).
fn marks(t: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut found = parse::markers(t).into_iter().peekable();
    let mut i = 0;
    let b = t.as_bytes();
    let mut text_start = 0;
    while i < b.len() {
        if found.peek().is_some_and(|(_, r)| r.start == i) {
            let (k, r) = found.next().unwrap_or_default();
            if text_start < i {
                out.push(Piece::Text(&t[text_start..i]));
            }
            out.push(Piece::Mark(Marker::Call(k)));
            i = r.end;
            text_start = i;
            continue;
        }
        if b[i] == END_BODY || b[i] == FILL || b[i] == OPEN {
            if text_start < i {
                out.push(Piece::Text(&t[text_start..i]));
            }
            if b[i] == END_BODY {
                out.push(Piece::Mark(Marker::EndBody));
            }
            i += 1;
            text_start = i;
            continue;
        }
        i += 1;
    }
    if text_start < b.len() {
        out.push(Piece::Text(&t[text_start..]));
    }
    out
}

/// Step 3 (see the module docs). Returns the events and the render failures.
pub fn expand<'a>(
    mut events: Vec<Spanned<'a>>,
    x: &Expand<'_>,
) -> (Vec<Spanned<'a>>, Vec<Failure>) {
    let mut errors = Vec::new();
    let has_alert = x.prepared.alerts
        && events
            .iter()
            .any(|(e, _)| matches!(e, Event::Start(Tag::BlockQuote(Some(_)))));
    if x.prepared.calls.is_empty() && !has_alert {
        return (events, errors);
    }
    let mut out: Vec<Spanned<'a>> = Vec::with_capacity(events.len());
    // Suffixes of open bodies and alerts.
    let mut open: Vec<String> = Vec::new();
    let mut alerts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < events.len() {
        let range = events[i].1.clone();
        match &events[i].0 {
            Event::Start(Tag::Paragraph) => {
                if let Some((m, end)) = lone_marker(&events, i + 1) {
                    let html = match m {
                        Marker::EndBody => open.pop().unwrap_or_default(),
                        Marker::Call(k) => match x.render(k, &mut errors) {
                            // An escape is text: it keeps its paragraph.
                            Html::Whole(h)
                                if matches!(x.prepared.calls[k].kind, Kind::Literal(_)) =>
                            {
                                format!("<p>{h}</p>")
                            }
                            Html::Whole(h) => h,
                            Html::Around(a, b) => {
                                open.push(b);
                                a
                            }
                        },
                    };
                    let span = range.start..events[end].1.end;
                    out.push((Event::Html(CowStr::from(html + "\n")), span));
                    i = end + 1;
                    continue;
                }
            }
            Event::Text(t) if parse::has_reserved(t.as_bytes()) => {
                for piece in marks(t) {
                    let event = match piece {
                        Piece::Text(s) => Event::Text(CowStr::from(s.to_string())),
                        Piece::Mark(Marker::EndBody) => {
                            Event::InlineHtml(CowStr::from(open.pop().unwrap_or_default()))
                        }
                        Piece::Mark(Marker::Call(k)) => match x.render(k, &mut errors) {
                            Html::Whole(h) => Event::InlineHtml(CowStr::from(h)),
                            Html::Around(a, b) => {
                                open.push(b);
                                Event::InlineHtml(CowStr::from(a))
                            }
                        },
                    };
                    out.push((event, range.clone()));
                }
                i += 1;
                continue;
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                let (a, b) = x.alert(*kind, &mut errors, range.start);
                alerts.push(b);
                out.push((Event::Html(CowStr::from(a)), range));
                i += 1;
                continue;
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => {
                let b = alerts.pop().unwrap_or_default();
                out.push((Event::Html(CowStr::from(b + "\n")), range));
                i += 1;
                continue;
            }
            _ => {}
        }
        let event = std::mem::replace(&mut events[i].0, Event::SoftBreak);
        out.push((event, range));
        i += 1;
    }
    (out, errors)
}

/// `s` escaped for HTML text and attribute values (`& < > " '`).
fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    crate::markdown::highlight::escape_html(&mut out, s);
    out
}
