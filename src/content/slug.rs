//! Slugs for URLs: Han characters become tone-less pinyin, other letters are transliterated,
//! everything lower-case and hyphen-separated (`AI 芯片：英伟达 H200 发布` →
//! `ai-xin-pian-ying-wei-da-h200-fa-bu`).

use pinyin::ToPinyin;

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
    fn unsafe_slugs_rejected() {
        assert!(check_slug("../../etc").is_err());
        assert!(check_slug("..").is_err());
        assert!(check_slug("a/b").is_err());
        assert!(check_slug("").is_err());
        assert!(check_slug("h200-发布").is_ok());
    }
}
