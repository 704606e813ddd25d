//! Slugs for URLs: Han characters become tone-less pinyin, other letters are transliterated,
//! everything lower-case and hyphen-separated (`AI 芯片：英伟达 H200 发布` →
//! `ai-xin-pian-ying-wei-da-h200-fa-bu`).

use crate::config::SlugStyle;

/// Longest slug made from a title or name, in bytes. A 68-character Chinese headline spells
/// out to over 255 bytes of pinyin, more than a file name may hold; 80 bytes keep a URL
/// readable and leave room for the rest of the path.
pub const MAX_GENERATED: usize = 80;

/// Longest URL segment (a slug, a folder of `url:`), in bytes: the file-name limit of
/// common file systems (ext4, APFS, NTFS), since each segment becomes a folder.
pub const MAX_SEGMENT: usize = 255;

/// A slug in the configured style, at most [`MAX_GENERATED`] bytes (cut at a word boundary).
pub fn make(input: &str, style: SlugStyle) -> String {
    let slug = match style {
        SlugStyle::Pinyin => slugify(input),
        SlugStyle::Unicode => unicode_slug(input),
    };
    cap(slug, MAX_GENERATED)
}

/// `slug` cut to at most `max` bytes: at the last hyphen that fits (so a pinyin syllable or
/// a word is never split), else at the last character that fits.
pub fn cap(mut slug: String, max: usize) -> String {
    if slug.len() <= max {
        return slug;
    }
    let mut end = max;
    while !slug.is_char_boundary(end) {
        end -= 1;
    }
    // A hyphen right after the cut means the cut already falls between two words.
    let at_boundary = slug[end..].starts_with('-');
    if !at_boundary {
        if let Some(h) = slug[..end].rfind('-').filter(|&h| h > 0) {
            end = h;
        }
    }
    slug.truncate(end);
    while slug.ends_with('-') {
        slug.pop();
    }
    slug
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

/// Turn any name or title into an ASCII slug. Han characters are read by word
/// ([`super::pinyin`]: 重庆银行 → `chong-qing-yin-hang`). May return an empty string (e.g. for
/// `？！`).
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
    let mut han_start: Option<usize> = None;
    let flush = |out: &mut String, run: &str, pending: &mut bool| {
        super::pinyin::syllables(run, |p| {
            *pending = true;
            push_word(out, p, pending);
            *pending = true;
        });
    };
    for (i, c) in input.char_indices() {
        if super::pinyin::is_han(c) {
            han_start.get_or_insert(i);
            continue;
        }
        if let Some(start) = han_start.take() {
            flush(&mut out, &input[start..i], &mut pending_sep);
        }
        if c.is_ascii() {
            push_word(&mut out, c.encode_utf8(&mut [0; 4]), &mut pending_sep);
        } else {
            let t = deunicode::deunicode_char(c).unwrap_or("");
            push_word(&mut out, t, &mut pending_sep);
        }
    }
    if let Some(start) = han_start {
        flush(&mut out, &input[start..], &mut pending_sep);
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
    if let Some(c) = slug.chars().find(|c| FORBIDDEN.contains(*c)) {
        return Err(format!(
            "`slug: {slug}` contains `{c}`; a slug cannot contain any of {FORBIDDEN_LIST} (they change what a URL means, or cannot be in a file name)"
        ));
    }
    if slug.len() > MAX_SEGMENT {
        return Err(too_long("slug", slug.len()));
    }
    Ok(())
}

/// Characters no slug or `url:` may hold: `%`, `?` and `#` change what a URL means (`%2e%2e`
/// would be `..` to a server), the rest cannot be in a file name on Windows.
pub const FORBIDDEN: &str = "%?#:*\"<>|";
const FORBIDDEN_LIST: &str = "`% ? # : * \" < > |`";

/// The message for a URL segment over [`MAX_SEGMENT`] bytes.
pub fn too_long(what: &str, bytes: usize) -> String {
    format!(
        "`{what}` is {bytes} bytes long; one URL segment can be at most {MAX_SEGMENT} bytes, the longest file name a file system allows (shorten it)"
    )
}

/// The URL slug of a tag or category name: the `slugs:` map first, else [`make`].
pub fn term_slug(name: &str, config: &crate::config::Config) -> String {
    config
        .slugs
        .get(name)
        .cloned()
        .unwrap_or_else(|| make(name, config.slug_style))
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
    fn generated_slugs_are_capped_at_a_syllable() {
        let title = "国产大模型厂商密集发布新一代推理芯片与训练框架，开源社区迎来新一轮技术竞赛与生态整合浪潮，业内人士认为这将深刻改变未来三年的市场格局";
        let s = make(title, SlugStyle::Pinyin);
        assert!(s.len() <= MAX_GENERATED, "{} bytes", s.len());
        assert!(slugify(title).starts_with(&s), "{s}");
        assert_eq!(
            slugify(title).as_bytes()[s.len()],
            b'-',
            "cut between syllables"
        );
        let u = make(title, SlugStyle::Unicode);
        assert!(
            u.len() <= MAX_GENERATED && title.starts_with(&u[..6]),
            "{u}"
        );
        assert_eq!(cap("ab-cd-ef".into(), 5), "ab-cd");
        assert_eq!(cap("ab-cd-ef".into(), 6), "ab-cd");
        assert_eq!(cap("abcdefgh".into(), 5), "abcde");
        assert_eq!(cap("人工智能".into(), 7), "人工");
        assert_eq!(make("人工智能", SlugStyle::Pinyin), "ren-gong-zhi-neng");
    }

    #[test]
    fn unsafe_slugs_rejected() {
        for bad in ["%2e%2e", "%00", "a?b", "a#b", "C:", "a|b", "a*b", "<x>"] {
            assert!(check_slug(bad).is_err(), "{bad}");
        }
        assert!(check_slug(&"a".repeat(256)).is_err());
        assert!(check_slug(&"a".repeat(255)).is_ok());
        assert!(check_slug("../../etc").is_err());
        assert!(check_slug("..").is_err());
        assert!(check_slug("a/b").is_err());
        assert!(check_slug("").is_err());
        assert!(check_slug("h200-发布").is_ok());
    }
}
