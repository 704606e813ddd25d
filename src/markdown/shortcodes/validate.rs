//! URL and ID patterns of the built-in shortcodes: anything that does not match is an
//! error, so no shortcode can print an arbitrary iframe `src` or a `javascript:` URL.

pub(super) fn all(s: &str, f: impl Fn(u8) -> bool) -> bool {
    !s.is_empty() && s.bytes().all(f)
}

pub(super) fn alnum(c: u8) -> bool {
    c.is_ascii_alphanumeric()
}

/// A local file path (no scheme, not protocol-relative, no control characters or
/// backslashes) ending in one of `exts`.
pub(super) fn local_file(url: &str, exts: &[&str]) -> bool {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let lower = path.to_ascii_lowercase();
    !url.is_empty()
        && !crate::markdown::urls::has_scheme(url)
        && !url.starts_with("//")
        && !url.contains(['\\', '"', '<', '>'])
        && !url.chars().any(|c| c.is_control() || c.is_whitespace())
        && exts.iter().any(|e| lower.ends_with(e))
}

/// A web URL (`https://`/`http://`) or a local one; nothing else.
pub(super) fn web_or_local(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    let web = lower.starts_with("https://") || lower.starts_with("http://");
    let local = !crate::markdown::urls::has_scheme(url) && !url.starts_with("//");
    !url.is_empty()
        && (web || local)
        && !url.contains(['\\', '"', '<', '>'])
        && !url.chars().any(|c| c.is_control() || c.is_whitespace())
}

pub(super) const IMAGES: &[&str] = &[".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg"];

pub(super) fn image(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    web_or_local(url) && (lower.starts_with("http") || local_file(url, IMAGES))
}

pub(super) fn weibo_url(url: &str) -> bool {
    let path = url
        .strip_prefix("https://weibo.com/")
        .or_else(|| url.strip_prefix("https://www.weibo.com/"));
    if let Some(p) = path {
        let mut parts = p.split('/');
        return matches!(
            (parts.next(), parts.next(), parts.next()),
            (Some(user), Some(post), None)
                if all(user, |c| c.is_ascii_digit()) && all(post, alnum)
        );
    }
    url.strip_prefix("https://m.weibo.cn/status/")
        .or_else(|| url.strip_prefix("https://m.weibo.cn/detail/"))
        .is_some_and(|id| all(id, alnum))
}

pub(super) fn x_url(url: &str) -> bool {
    let Some(p) = url
        .strip_prefix("https://x.com/")
        .or_else(|| url.strip_prefix("https://twitter.com/"))
    else {
        return false;
    };
    let parts: Vec<&str> = p.split('/').collect();
    matches!(parts.as_slice(), [user, "status", id]
        if user.len() <= 15 && all(user, |c| alnum(c) || c == b'_')
            && id.len() <= 20 && all(id, |c| c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn platform_urls() {
        assert!(weibo_url("https://weibo.com/1642634100/Nq3xY7zAb"));
        assert!(weibo_url("https://m.weibo.cn/status/4998877665544332"));
        assert!(!weibo_url("https://weibo.com.evil.cn/1/2"));
        assert!(!weibo_url("javascript:alert(1)"));
        assert!(x_url("https://x.com/nvidia/status/1790000000000000000"));
        assert!(!x_url("https://x.com/nvidia/status/1\"onload=1"));
        assert!(!x_url("http://x.com/a/status/1"));
        assert!(local_file("clip.mp4", &[".mp4"]));
        assert!(local_file("/media/发布会.webm?v=2", &[".webm"]));
        assert!(!local_file("javascript:x.mp4", &[".mp4"]));
        assert!(!local_file("//cdn.example/x.mp4", &[".mp4"]));
        assert!(image("https://img.example.cn/a.jpg"));
        assert!(!image("data:image/png;base64,AAAA"));
    }
}
