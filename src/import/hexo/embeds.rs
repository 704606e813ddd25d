//! Hexo embed and note tags → kuaixun shortcodes (see `src/markdown/shortcodes/`):
//!
//! - `{% youtube ID %}` (Hexo 7) → `{{ youtube(id="ID") }}`;
//! - `{% bilibili BV… [page] %}` / `{% bilibili 170001 %}` (hexo-tag-bilibili) →
//!   `{{ bilibili(id="BV…", page=N) }}` / `{{ bilibili(id="av170001") }}`;
//! - `{% iframe URL %}` of a Bilibili or YouTube player → the same shortcodes (any other
//!   iframe stays unsupported: shortcodes never embed an arbitrary URL);
//! - `{% note [class] %}` (NexT, Butterfly) and `{% noteblock [class], [title] %}` → a
//!   `callout` with the nearest type (info → note, success → tip, primary → important,
//!   warning → warning, danger → caution; Butterfly's colours alike).
//!
//! Only IDs that pass the shortcodes' own checks are converted.

use super::tags::split_args;

fn bv(id: &str) -> bool {
    id.len() == 12 && id.starts_with("BV") && id[2..].bytes().all(|c| c.is_ascii_alphanumeric())
}

fn digits(s: &str) -> bool {
    !s.is_empty() && s.len() <= 12 && s.bytes().all(|c| c.is_ascii_digit())
}

fn youtube_id(id: &str) -> bool {
    id.len() == 11
        && id
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
}

/// `BV…`, `av123` or `123` as the shortcode's id.
fn bilibili_id(id: &str) -> Option<String> {
    if bv(id) {
        return Some(id.to_string());
    }
    let n = id
        .strip_prefix("av")
        .or_else(|| id.strip_prefix("AV"))
        .unwrap_or(id);
    digits(n).then(|| format!("av{n}"))
}

fn bilibili(id: &str, page: Option<&str>) -> Option<String> {
    let id = bilibili_id(id)?;
    match page.filter(|p| *p != "1") {
        Some(p) if digits(p) && p != "0" => {
            Some(format!("{{{{ bilibili(id=\"{id}\", page={p}) }}}}"))
        }
        Some(_) => None,
        None => Some(format!("{{{{ bilibili(id=\"{id}\") }}}}")),
    }
}

/// The query value of `key` in `url`.
fn query<'u>(url: &'u str, key: &str) -> Option<&'u str> {
    let q = url.split_once('?')?.1;
    q.split('&')
        .filter_map(|kv| kv.split_once('='))
        .find(|(k, _)| *k == key)
        .map(|(_, v)| v)
}

/// An inline embed tag as a shortcode, or `None` when it is not one kuaixun can convert.
pub fn inline(name: &str, args: &str) -> Option<String> {
    let args = split_args(args);
    let first = args.first().map(String::as_str).unwrap_or("");
    match name {
        "youtube" => {
            // `{% youtube ID [type] [cookie] %}`: only videos (not playlists).
            let video = args
                .get(1)
                .is_none_or(|t| t == "video" || t == "false" || t == "true");
            (youtube_id(first) && video).then(|| format!("{{{{ youtube(id=\"{first}\") }}}}"))
        }
        "bilibili" => bilibili(first, args.get(1).map(String::as_str)),
        "iframe" => {
            let url = first.replace("&amp;", "&");
            let url = url
                .strip_prefix("https:")
                .or(url.strip_prefix("http:"))
                .unwrap_or(&url);
            if let Some(rest) = url.strip_prefix("//player.bilibili.com/player.html") {
                let page = query(rest, "page").or(query(rest, "p"));
                return match (query(rest, "bvid"), query(rest, "aid")) {
                    (Some(b), _) => bilibili(b, page),
                    (None, Some(a)) => bilibili(a, page),
                    _ => None,
                };
            }
            for prefix in [
                "//www.youtube.com/embed/",
                "//youtube.com/embed/",
                "//www.youtube-nocookie.com/embed/",
            ] {
                if let Some(rest) = url.strip_prefix(prefix) {
                    let id = rest.split(['?', '&', '/']).next().unwrap_or("");
                    return youtube_id(id).then(|| format!("{{{{ youtube(id=\"{id}\") }}}}"));
                }
            }
            None
        }
        _ => None,
    }
}

/// The callout type for a NexT/Butterfly/Volantis note class or colour.
fn callout_type(word: &str) -> Option<&'static str> {
    Some(match word {
        "default" | "info" | "blue" | "simple" | "modern" | "flat" | "disabled" | "note" => "note",
        "success" | "green" | "tip" => "tip",
        "primary" | "purple" | "important" => "important",
        "warning" | "orange" | "yellow" => "warning",
        "danger" | "red" | "pink" | "error" | "caution" => "caution",
        _ => return None,
    })
}

/// The opening line of a callout for `{% note … %}` / `{% noteblock … %}`.
pub fn note_open(name: &str, args: &str) -> String {
    let words: Vec<String> = split_args(&args.replace(',', " "));
    let kind = words.iter().find_map(|w| callout_type(w)).unwrap_or("note");
    // noteblock's title: the words after the class.
    let title = if name == "noteblock" {
        let rest: Vec<&str> = words
            .iter()
            .map(String::as_str)
            .filter(|w| callout_type(w).is_none())
            .collect();
        (!rest.is_empty()).then(|| rest.join(" "))
    } else {
        None
    };
    match title {
        Some(t) => {
            let t = t.replace('\\', "\\\\").replace('"', "\\\"");
            format!("{{% callout(type=\"{kind}\", title=\"{t}\") %}}")
        }
        None => format!("{{% callout(type=\"{kind}\") %}}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embeds() {
        assert_eq!(
            inline("youtube", "dQw4w9WgXcQ").as_deref(),
            Some("{{ youtube(id=\"dQw4w9WgXcQ\") }}")
        );
        assert_eq!(inline("youtube", "PL123 playlist"), None);
        assert_eq!(
            inline("bilibili", "BV1GJ411x7h7 2").as_deref(),
            Some("{{ bilibili(id=\"BV1GJ411x7h7\", page=2) }}")
        );
        assert_eq!(
            inline("bilibili", "170001").as_deref(),
            Some("{{ bilibili(id=\"av170001\") }}")
        );
        assert_eq!(inline("bilibili", "\"><script>"), None);
        assert_eq!(
            inline(
                "iframe",
                "//player.bilibili.com/player.html?aid=170001&bvid=BV1GJ411x7h7&page=1 100% 500"
            )
            .as_deref(),
            Some("{{ bilibili(id=\"BV1GJ411x7h7\") }}")
        );
        assert_eq!(
            inline(
                "iframe",
                "https://www.youtube.com/embed/dQw4w9WgXcQ?start=3"
            )
            .as_deref(),
            Some("{{ youtube(id=\"dQw4w9WgXcQ\") }}")
        );
        assert_eq!(inline("iframe", "https://evil.example/embed"), None);
    }

    #[test]
    fn notes() {
        assert_eq!(
            note_open("note", "warning"),
            "{% callout(type=\"warning\") %}"
        );
        assert_eq!(
            note_open("note", "red simple"),
            "{% callout(type=\"caution\") %}"
        );
        assert_eq!(note_open("note", ""), "{% callout(type=\"note\") %}");
        assert_eq!(
            note_open("noteblock", "success, 升级须知"),
            "{% callout(type=\"tip\", title=\"升级须知\") %}"
        );
    }
}
