//! Finding shortcodes in a Markdown source, and the placeholder source the Markdown parser
//! then reads.
//!
//! Syntax (Zola's): `{{ name(arg=value, …) }}` inline, `{% name(…) %}` … `{% end %}` with a
//! Markdown body (both tags on lines of their own), `{{/* name() */}}` and `{%/* … */%}`
//! written literally as `{{ name() }}` / `{% … %}`. `{{`/`{%` not followed by `name(` is
//! plain text. Nothing inside code spans, fenced or indented code, raw HTML or math is a
//! shortcode.
//!
//! Each shortcode's bytes are replaced in place by a placeholder of the same length, so
//! every byte offset (and so every line and column reported later) is unchanged:
//! `\x02` + the call's number in hex digits `\x10..=\x1f` + `\x03`, then `\x05` filler with
//! the newlines kept. A body's opening tag becomes `\n`, that placeholder, `\n`, spaces; its
//! `{% end %}` becomes `\n\x04\n` and spaces: blank lines, so the placeholders stand in
//! paragraphs of their own and the body between them is ordinary Markdown.

use std::ops::Range;

use super::args::{ident_end, parse_args, skip_ws, Named};

pub const OPEN: u8 = 0x02;
pub const CLOSE: u8 = 0x03;
pub const END_BODY: u8 = 0x04;
pub const FILL: u8 = 0x05;
const DIGIT0: u8 = 0x10;

/// What a call is.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// `{{ name(…) }}`.
    Inline,
    /// `{% name(…) %}`; the range of its `{% end %}` once found.
    Body(Option<Range<usize>>),
    /// An escape: the text to show.
    Literal(String),
}

/// One shortcode call in the source.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    pub name: String,
    pub args: Vec<Named>,
    /// The call (a body's opening tag) in the source.
    pub range: Range<usize>,
    pub kind: Kind,
}

/// Calls in source order, and failures as (message, byte offset).
pub fn scan(src: &str, skip: &[Range<usize>]) -> (Vec<Call>, Vec<(String, usize)>) {
    let b = src.as_bytes();
    let mut calls: Vec<Call> = Vec::new();
    let mut errors = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    let mut skip_ix = 0;
    let mut i = 0;
    while let Some(off) = src[i..].find('{') {
        let pos = i + off;
        i = pos + 1;
        let curly = match b.get(pos + 1) {
            Some(b'{') => true,
            Some(b'%') => false,
            _ => continue,
        };
        while skip_ix < skip.len() && skip[skip_ix].end <= pos {
            skip_ix += 1;
        }
        if skip_ix < skip.len() && skip[skip_ix].start <= pos {
            i = skip[skip_ix].end.max(i);
            continue;
        }
        let close_delim = if curly { "}}" } else { "%}" };
        if src[pos + 2..].starts_with("/*") {
            let end_pat = if curly { "*/}}" } else { "*/%}" };
            if let Some(e) = src[pos + 4..].find(end_pat) {
                let inner = &src[pos + 4..pos + 4 + e];
                let open_delim = if curly { "{{" } else { "{%" };
                let end = pos + 4 + e + 4;
                calls.push(Call {
                    name: String::new(),
                    args: Vec::new(),
                    range: pos..end,
                    kind: Kind::Literal(format!("{open_delim}{inner}{close_delim}")),
                });
                i = end;
            }
            continue;
        }
        let p = skip_ws(b, pos + 2);
        let name_end = ident_end(b, p);
        if name_end == p {
            continue;
        }
        let name = &src[p..name_end];
        let q = skip_ws(b, name_end);
        if !curly && name == "end" && src[q..].starts_with("%}") {
            let range = pos..q + 2;
            i = range.end;
            if !own_line(src, &range) {
                errors.push((
                    "`{% end %}` must stand on a line of its own".to_string(),
                    pos,
                ));
                continue;
            }
            match open.pop() {
                Some(k) => calls[k].kind = Kind::Body(Some(range)),
                None => errors.push((
                    "`{% end %}` closes no shortcode (no `{% name(…) %}` is open)".to_string(),
                    pos,
                )),
            }
            continue;
        }
        if b.get(q) != Some(&b'(') {
            continue;
        }
        let (args, after) = match parse_args(src, q + 1) {
            Ok(x) => x,
            Err((message, at)) => {
                errors.push((format!("shortcode `{name}`: {message}"), at));
                i = src[q..].find(close_delim).map_or(src.len(), |e| q + e + 2);
                continue;
            }
        };
        let r = skip_ws(b, after);
        if !src[r..].starts_with(close_delim) {
            errors.push((
                format!("shortcode `{name}`: expected `{close_delim}` after its arguments"),
                r,
            ));
            i = r;
            continue;
        }
        let range = pos..r + 2;
        i = range.end;
        let kind = if curly {
            Kind::Inline
        } else {
            if !own_line(src, &range) {
                errors.push((
                    format!(
                        "shortcode `{name}` with a body: `{{% {name}(…) %}}` must stand on a line of its own"
                    ),
                    pos,
                ));
                continue;
            }
            open.push(calls.len());
            Kind::Body(None)
        };
        calls.push(Call {
            name: name.to_string(),
            args,
            range,
            kind,
        });
    }
    for k in open {
        errors.push((
            format!(
                "shortcode `{}` is not closed: its body needs `{{% end %}}` on a line of its own",
                calls[k].name
            ),
            calls[k].range.start,
        ));
    }
    (calls, errors)
}

/// Only spaces or tabs around `range` on its line.
fn own_line(src: &str, range: &Range<usize>) -> bool {
    let start = src[..range.start].rfind('\n').map_or(0, |n| n + 1);
    let end = src[range.end..]
        .find('\n')
        .map_or(src.len(), |n| range.end + n);
    src[start..range.start]
        .bytes()
        .chain(src[range.end..end].bytes())
        .all(|c| matches!(c, b' ' | b'\t' | b'\r'))
}

/// Whether `c` is a byte placeholders are made of (never left in the text parsed).
pub fn reserved(c: u8) -> bool {
    matches!(c, OPEN | CLOSE | END_BODY | FILL) || (DIGIT0..DIGIT0 + 16).contains(&c)
}

/// Whether `text` holds a [`reserved`] byte (32 bytes at a time, without early exits, so
/// the compiler can use vector instructions).
pub fn has_reserved(text: &[u8]) -> bool {
    text.chunks(32)
        .any(|c| c.iter().fold(false, |any, &b| any | reserved(b)))
}

fn marker(k: usize) -> Vec<u8> {
    let mut digits = Vec::new();
    let mut n = k;
    loop {
        digits.push(DIGIT0 + (n % 16) as u8);
        n /= 16;
        if n == 0 {
            break;
        }
    }
    digits.push(OPEN);
    digits.reverse();
    digits.push(CLOSE);
    digits
}

/// The call numbers of the placeholders in `text`, with their byte ranges.
pub fn markers(text: &str) -> Vec<(usize, Range<usize>)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == OPEN {
            let mut n = 0usize;
            let mut j = i + 1;
            while j < b.len() && (DIGIT0..DIGIT0 + 16).contains(&b[j]) {
                n = n * 16 + (b[j] - DIGIT0) as usize;
                j += 1;
            }
            if b.get(j) == Some(&CLOSE) {
                out.push((n, i..j + 1));
                i = j + 1;
                continue;
            }
        }
        i += 1;
    }
    out
}

/// The source with every call replaced by its placeholder (same length, same newlines), and
/// reserved bytes of the source itself turned into spaces. A call too short for its
/// placeholder is an error at its offset.
pub fn substitute(src: &str, calls: &[Call]) -> Result<String, Vec<(String, usize)>> {
    let mut out: Vec<u8> = src
        .bytes()
        .map(|c| if reserved(c) { b' ' } else { c })
        .collect();
    let mut errors = Vec::new();
    for (k, call) in calls.iter().enumerate() {
        let m = marker(k);
        let r = call.range.clone();
        let body = matches!(call.kind, Kind::Body(_));
        let need = m.len() + if body { 2 } else { 0 };
        if r.len() < need {
            errors.push((
                "too many shortcodes in one document for this short a call".to_string(),
                r.start,
            ));
            continue;
        }
        if body {
            fill(&mut out[r.clone()], b' ');
            out[r.start] = b'\n';
            out[r.start + 1..r.start + 1 + m.len()].copy_from_slice(&m);
            out[r.start + 1 + m.len()] = b'\n';
            if let Kind::Body(Some(end)) = &call.kind {
                fill(&mut out[end.clone()], b' ');
                out[end.start] = b'\n';
                out[end.start + 1] = END_BODY;
                out[end.start + 2] = b'\n';
            }
        } else {
            fill(&mut out[r.clone()], FILL);
            out[r.start..r.start + m.len()].copy_from_slice(&m);
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    // Only ASCII bytes replaced whole characters' bytes... except the multi-byte characters
    // inside calls, replaced byte by byte with ASCII: still valid UTF-8.
    Ok(String::from_utf8(out).unwrap_or_default())
}

/// Every byte but newlines set to `with`.
fn fill(bytes: &mut [u8], with: u8) {
    for c in bytes.iter_mut() {
        if *c != b'\n' {
            *c = with;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_inline_body_and_escapes() {
        let src = "看 {{ bilibili(id=\"BV1GJ411x7h7\") }} 吧\n\n{% callout(type=\"tip\") %}\n正文\n{% end %}\n\n{{/* x() */}}\n";
        let (calls, errors) = scan(src, &[]);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(calls.len(), 3);
        assert_eq!(calls[0].name, "bilibili");
        assert_eq!(calls[0].kind, Kind::Inline);
        assert!(matches!(calls[1].kind, Kind::Body(Some(_))));
        assert_eq!(calls[2].kind, Kind::Literal("{{ x() }}".into()));
        let out = substitute(src, &calls).unwrap();
        assert_eq!(out.len(), src.len());
        assert_eq!(out.matches('\n').count(), src.matches('\n').count() + 4);
        let found = markers(&out);
        assert_eq!(found.iter().map(|m| m.0).collect::<Vec<_>>(), [0, 1, 2]);
    }

    #[test]
    fn plain_braces_and_skipped_ranges() {
        let src = "模板写法 {{ 变量 }} 与 {% if x %}，代码 `{{ a() }}`";
        let code = src.find('`').unwrap()..src.len();
        let (calls, errors) = scan(src, &[code]);
        assert!(
            calls.is_empty() && errors.is_empty(),
            "{calls:?} {errors:?}"
        );
    }

    #[test]
    fn unclosed_and_misplaced() {
        let (_, errors) = scan("{% callout(type=\"note\") %}\n正文\n", &[]);
        assert!(errors[0].0.contains("not closed"), "{errors:?}");
        assert_eq!(errors[0].1, 0);
        let (_, errors) = scan("文字 {% callout() %}\n{% end %}\n", &[]);
        assert!(errors[0].0.contains("line of its own"), "{errors:?}");
        let (_, errors) = scan("{% end %}\n", &[]);
        assert!(errors[0].0.contains("closes no shortcode"), "{errors:?}");
    }

    #[test]
    fn many_markers_round_trip() {
        for k in [0, 15, 16, 255, 4095] {
            let m = String::from_utf8(marker(k)).unwrap();
            assert_eq!(markers(&format!("前{m}后"))[0].0, k);
        }
    }
}
