//! Slugs for URLs: Han characters become tone-less pinyin, other letters are transliterated,
//! everything lower-case and hyphen-separated (`AI 芯片：英伟达 H200 发布` →
//! `ai-xin-pian-ying-wei-da-h200-fa-bu`).

use pinyin::ToPinyin;

use crate::config::SlugStyle;

/// A slug in the configured style.
pub fn make(input: &str, style: SlugStyle) -> String {
    match style {
        SlugStyle::Pinyin => slugify(input),
        SlugStyle::Unicode => unicode_slug(input),
    }
}

/// Keep letters and digits of every script (lower-cased); whitespace, punctuation (ASCII and
/// Chinese) and URL-unsafe characters become single hyphens.
pub fn unicode_slug(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    let mut pending = false;
    for c in input.chars() {
        if c.is_alphanumeric() {
            if pending && !out.is_empty() {
                out.push('-');
            }
            pending = false;
            out.extend(c.to_lowercase());
        } else {
            pending = true;
        }
    }
    out
}

/// Turn any name or title into an ASCII slug. May return an empty string (e.g. for emoji).
pub fn slugify(input: &str) -> String {
    let mut out = String::with_capacity(input.len() * 2);
    let mut pending_sep = false;
    let push_word = |out: &mut String, word: &str, pending: &mut bool| {
        for c in word.chars() {
            if c.is_ascii_alphanumeric() {
                if *pending && !out.is_empty() {
                    out.push('-');
                }
                *pending = false;
                out.push(c.to_ascii_lowercase());
            } else {
                *pending = true;
            }
        }
    };
    for c in input.chars() {
        if c.is_ascii() {
            push_word(&mut out, c.encode_utf8(&mut [0; 4]), &mut pending_sep);
        } else if let Some(p) = c.to_pinyin() {
            pending_sep = true;
            push_word(&mut out, p.plain(), &mut pending_sep);
            pending_sep = true;
        } else {
            let t = deunicode::deunicode_char(c).unwrap_or("");
            push_word(&mut out, t, &mut pending_sep);
        }
    }
    out
}

/// Reject a slug given in front matter that could not be a single safe URL segment.
pub fn check_slug(slug: &str) -> Result<(), String> {
    if slug.trim().is_empty() {
        return Err("`slug` is empty".into());
    }
    if slug == "."
        || slug == ".."
        || slug.contains(['/', '\\'])
        || slug.chars().any(char::is_control)
    {
        return Err(format!(
            "`slug: {slug}` would escape the output folder (a slug is one URL segment: no `/`, `\\` or `..`)"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_title_to_pinyin() {
        assert_eq!(
            slugify("AI 芯片：英伟达 H200 发布"),
            "ai-xin-pian-ying-wei-da-h200-fa-bu"
        );
        assert_eq!(slugify("人工智能"), "ren-gong-zhi-neng");
        assert_eq!(slugify("Rust 1.80 发布！"), "rust-1-80-fa-bu");
    }

    #[test]
    fn latin_and_symbols() {
        assert_eq!(slugify("Hello, World"), "hello-world");
        assert_eq!(slugify("  --GPU--  "), "gpu");
        assert_eq!(slugify("Café"), "cafe");
        assert_eq!(slugify("🚀"), "rocket");
        assert_eq!(slugify("？！——"), "");
    }

    #[test]
    fn unicode_style_keeps_chinese() {
        assert_eq!(
            make("AI 芯片：英伟达 H200 发布", SlugStyle::Unicode),
            "ai-芯片-英伟达-h200-发布"
        );
        assert_eq!(make("人工智能", SlugStyle::Unicode), "人工智能");
        assert_eq!(make("开源/闭源？", SlugStyle::Unicode), "开源-闭源");
        assert_eq!(make("人工智能", SlugStyle::Pinyin), "ren-gong-zhi-neng");
    }

    #[test]
    fn unsafe_slugs_rejected() {
        assert!(check_slug("../../etc").is_err());
        assert!(check_slug("..").is_err());
        assert!(check_slug("a/b").is_err());
        assert!(check_slug("").is_err());
        assert!(check_slug("h200-发布").is_ok());
    }
}
