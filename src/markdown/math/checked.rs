//! pulldown-latex writes operators (`<`, `>`) and `\operatorname{…}` text unescaped: its
//! MathML is checked tag by tag before it goes in a page.

/// MathML elements and attributes pulldown-latex writes.
const ELEMENTS: &[&str] = &[
    "math",
    "mi",
    "mn",
    "mo",
    "ms",
    "mtext",
    "mrow",
    "msup",
    "msub",
    "msubsup",
    "mfrac",
    "msqrt",
    "mroot",
    "munder",
    "mover",
    "munderover",
    "mtable",
    "mtr",
    "mtd",
    "mspace",
    "mpadded",
    "mphantom",
    "menclose",
    "mstyle",
    "merror",
    "mmultiscripts",
    "mprescripts",
    "none",
    "semantics",
    "annotation",
];
const ATTRIBUTES: &[&str] = &[
    "class",
    "stretchy",
    "width",
    "mathvariant",
    "xmlns",
    "symmetric",
    "scriptlevel",
    "movablelimits",
    "maxsize",
    "minsize",
    "linethickness",
    "largeop",
    "height",
    "encoding",
    "displaystyle",
    "display",
    "depth",
    "lspace",
    "rspace",
    "form",
    "fence",
    "separator",
    "accent",
    "accentunder",
    "columnalign",
    "rowalign",
    "columnspacing",
    "rowspacing",
    "columnlines",
    "rowlines",
    "frame",
    "notation",
    "style",
];

/// One tag `<…>` as pulldown-latex writes it: a known element, known attributes with quoted
/// values, `style` only with lengths and colours.
fn known_tag(tag: &str) -> bool {
    let inner = tag.trim_start_matches('<').trim_end_matches('>');
    let inner = inner.strip_prefix('/').unwrap_or(inner);
    let inner = inner.strip_suffix('/').unwrap_or(inner).trim_end();
    let name_end = inner.find(' ').unwrap_or(inner.len());
    if !ELEMENTS.contains(&&inner[..name_end]) {
        return false;
    }
    let mut rest = inner[name_end..].trim_start();
    while !rest.is_empty() {
        let Some((name, after)) = rest.split_once("=\"") else {
            return false;
        };
        let Some((value, after)) = after.split_once('"') else {
            return false;
        };
        if !ATTRIBUTES.contains(&name) {
            return false;
        }
        if name == "style"
            && !value
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || b" :;.,#()-%".contains(&c))
        {
            return false;
        }
        rest = after.trim_start();
    }
    true
}

/// `mathml` with every `<` and `>` that is not one of pulldown-latex's own tags escaped
/// (the crate writes operators such as `<` as they are), or `None` when the input made
/// something that looks like another tag (`\operatorname{<b>}`).
pub(super) fn checked(mathml: &str) -> Option<String> {
    let mut out = String::with_capacity(mathml.len() + 16);
    let mut rest = mathml;
    while let Some(i) = rest.find(['<', '>']) {
        out.push_str(&rest[..i]);
        let at = &rest[i..];
        if let Some(after) = at.strip_prefix('>') {
            out.push_str("&gt;");
            rest = after;
            continue;
        }
        let starts_tag = at[1..]
            .trim_start_matches('/')
            .starts_with(|c: char| c.is_ascii_alphabetic());
        if !starts_tag {
            out.push_str("&lt;");
            rest = &at[1..];
            continue;
        }
        let end = at.find('>')?;
        let tag = &at[..=end];
        if tag[1..].contains('<') || !known_tag(tag) {
            return None;
        }
        out.push_str(tag);
        rest = &at[end + 1..];
    }
    out.push_str(rest);
    Some(out)
}
