//! Shortcode arguments: `name="字符串"`, `n=3`, `x=-1.5`, `autoplay=true`,
//! `src=["a.jpg", "b.jpg"]`, separated by commas. Strings take `"…"` or `'…'` with the
//! escapes `\"`, `\'`, `\\`, `\n`; arrays hold any of the other types.

/// One typed argument value.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    Array(Vec<Arg>),
}

impl Arg {
    /// The type's name in error messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Arg::Str(_) => "string",
            Arg::Int(_) | Arg::Float(_) => "number",
            Arg::Bool(_) => "bool",
            Arg::Array(_) => "array",
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Arg::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn to_value(&self) -> tera::Value {
        match self {
            Arg::Str(s) => tera::Value::from(s.as_str()),
            Arg::Int(n) => tera::Value::from(*n),
            Arg::Float(x) => tera::Value::from(*x),
            Arg::Bool(b) => tera::Value::from(*b),
            Arg::Array(items) => {
                tera::Value::from(items.iter().map(Arg::to_value).collect::<Vec<_>>())
            }
        }
    }
}

/// A named argument and the byte offset of its name in the source.
#[derive(Debug, Clone, PartialEq)]
pub struct Named {
    pub name: String,
    pub value: Arg,
    pub at: usize,
}

/// A parse failure: message and byte offset.
pub type Failure = (String, usize);

/// Parses the argument list after `(` at `pos` up to and including its `)`. Returns the
/// arguments and the offset just past `)`.
pub fn parse_args(src: &str, mut pos: usize) -> Result<(Vec<Named>, usize), Failure> {
    let b = src.as_bytes();
    let mut out: Vec<Named> = Vec::new();
    loop {
        pos = skip_ws(b, pos);
        match b.get(pos) {
            None => return Err(("argument list has no closing `)`".into(), pos)),
            Some(b')') => return Ok((out, pos + 1)),
            _ => {}
        }
        let at = pos;
        let end = ident_end(b, pos);
        if end == pos {
            return Err((
                "expected an argument name (`name=value`); arguments are named".into(),
                pos,
            ));
        }
        let name = src[pos..end].to_string();
        pos = skip_ws(b, end);
        if b.get(pos) != Some(&b'=') {
            return Err((format!("argument `{name}` needs `=` and a value"), pos));
        }
        pos = skip_ws(b, pos + 1);
        let (value, next) = parse_value(src, pos, 0)?;
        if out.iter().any(|a| a.name == name) {
            return Err((format!("argument `{name}` is given twice"), at));
        }
        out.push(Named { name, value, at });
        pos = skip_ws(b, next);
        match b.get(pos) {
            Some(b',') => pos += 1,
            Some(b')') => return Ok((out, pos + 1)),
            _ => return Err(("expected `,` or `)` after an argument".into(), pos)),
        }
    }
}

pub(super) fn skip_ws(b: &[u8], mut pos: usize) -> usize {
    while pos < b.len() && matches!(b[pos], b' ' | b'\t' | b'\n' | b'\r') {
        pos += 1;
    }
    pos
}

/// End of an ASCII identifier (`[A-Za-z_][A-Za-z0-9_]*`) starting at `pos` (`pos` if none).
pub(super) fn ident_end(b: &[u8], pos: usize) -> usize {
    let mut i = pos;
    while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
        if i == pos && b[i].is_ascii_digit() {
            return pos;
        }
        i += 1;
    }
    i
}

fn parse_value(src: &str, pos: usize, depth: usize) -> Result<(Arg, usize), Failure> {
    let b = src.as_bytes();
    match b.get(pos) {
        Some(&q @ (b'"' | b'\'')) => parse_string(src, pos, q),
        Some(b'[') if depth < 4 => {
            let mut items = Vec::new();
            let mut p = skip_ws(b, pos + 1);
            if b.get(p) == Some(&b']') {
                return Ok((Arg::Array(items), p + 1));
            }
            loop {
                let (v, next) = parse_value(src, p, depth + 1)?;
                items.push(v);
                p = skip_ws(b, next);
                match b.get(p) {
                    Some(b',') => {
                        p = skip_ws(b, p + 1);
                        if b.get(p) == Some(&b']') {
                            return Ok((Arg::Array(items), p + 1));
                        }
                    }
                    Some(b']') => return Ok((Arg::Array(items), p + 1)),
                    _ => return Err(("expected `,` or `]` in an array".into(), p)),
                }
            }
        }
        Some(b'[') => Err(("arrays nest at most 4 deep".into(), pos)),
        Some(c) if c.is_ascii_digit() || *c == b'-' || *c == b'+' => {
            let mut end = pos + 1;
            while end < b.len() && (b[end].is_ascii_digit() || matches!(b[end], b'.' | b'_')) {
                end += 1;
            }
            let text = src[pos..end].replace('_', "");
            if let Ok(n) = text.parse::<i64>() {
                Ok((Arg::Int(n), end))
            } else if let Ok(x) = text.parse::<f64>() {
                Ok((Arg::Float(x), end))
            } else {
                Err((format!("`{}` is not a number", &src[pos..end]), pos))
            }
        }
        _ => {
            let end = ident_end(b, pos);
            match &src[pos..end] {
                "true" => Ok((Arg::Bool(true), end)),
                "false" => Ok((Arg::Bool(false), end)),
                "" => Err((
                    "expected a value: a quoted string, a number, true/false or an array".into(),
                    pos,
                )),
                word => Err((
                    format!("`{word}` is not a value; quote strings (\"{word}\")"),
                    pos,
                )),
            }
        }
    }
}

fn parse_string(src: &str, pos: usize, quote: u8) -> Result<(Arg, usize), Failure> {
    let mut out = String::new();
    let mut chars = src[pos + 1..].char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some((_, 'n')) => out.push('\n'),
                Some((_, e @ ('"' | '\'' | '\\'))) => out.push(e),
                Some((j, e)) => {
                    return Err((
                        format!("unknown escape `\\{e}` in a string"),
                        pos + 1 + j - 1,
                    ))
                }
                None => break,
            },
            c if c as u32 == quote as u32 => return Ok((Arg::Str(out), pos + 1 + i + 1)),
            c => out.push(c),
        }
    }
    Err(("string has no closing quote".into(), pos))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Vec<(String, Arg)> {
        let src = format!("{s})");
        let (a, end) = parse_args(&src, 0).unwrap();
        assert_eq!(end, src.len());
        a.into_iter().map(|n| (n.name, n.value)).collect()
    }

    #[test]
    fn typed_values() {
        let a = args(r#"id="BV1GJ411x7h7", page=2, ratio=1.5, auto=false, tags=["芯片", 'AI']"#);
        assert_eq!(a[0], ("id".into(), Arg::Str("BV1GJ411x7h7".into())));
        assert_eq!(a[1].1, Arg::Int(2));
        assert_eq!(a[2].1, Arg::Float(1.5));
        assert_eq!(a[3].1, Arg::Bool(false));
        assert_eq!(
            a[4].1,
            Arg::Array(vec![Arg::Str("芯片".into()), Arg::Str("AI".into())])
        );
        assert_eq!(
            args(r#"t="他说\"好\"\n""#)[0].1,
            Arg::Str("他说\"好\"\n".into())
        );
        assert!(args("").is_empty());
        assert_eq!(
            args("a=[1,2,],")[0].1,
            Arg::Array(vec![Arg::Int(1), Arg::Int(2)])
        );
    }

    #[test]
    fn failures_have_offsets() {
        let e = parse_args("id=BV1)", 0).unwrap_err();
        assert!(e.0.contains("quote strings"), "{e:?}");
        assert_eq!(e.1, 3);
        let e = parse_args(r#""x")"#, 0).unwrap_err();
        assert!(e.0.contains("named"), "{e:?}");
        let e = parse_args(r#"a="没有结尾)"#, 0).unwrap_err();
        assert!(e.0.contains("closing quote"), "{e:?}");
        let e = parse_args("a=1, a=2)", 0).unwrap_err();
        assert_eq!(e, ("argument `a` is given twice".into(), 5));
    }
}
