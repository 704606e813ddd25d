//! The built-in shortcodes: their arguments and types, and the checks that make every URL
//! they print safe by construction. A site may replace a built-in's template
//! (`templates/shortcodes/<name>.html`), never its checks: the template only ever sees
//! validated IDs and the URLs derived from them (`embed_url`, `link`, a resolved `src`).

use super::args::{Arg, Named};
use super::validate::{all, alnum, image, local_file, web_or_local, weibo_url, x_url, IMAGES};
use super::Failure;

/// An argument's expected type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    Str,
    Int,
    Array,
}

impl Ty {
    fn name(self) -> &'static str {
        match self {
            Ty::Str => "string",
            Ty::Int => "number",
            Ty::Array => "array of strings",
        }
    }

    fn accepts(self, v: &Arg) -> bool {
        match (self, v) {
            (Ty::Str, Arg::Str(_)) | (Ty::Int, Arg::Int(_)) => true,
            (Ty::Array, Arg::Array(items)) => items.iter().all(|i| i.as_str().is_some()),
            _ => false,
        }
    }
}

/// Whether a shortcode takes a body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Body {
    No,
    Optional,
    Required,
}

pub struct Builtin {
    pub name: &'static str,
    /// The template under `shortcodes/` (`tweet` uses `x`).
    pub template: &'static str,
    /// (name, type, required)
    pub params: &'static [(&'static str, Ty, bool)],
    pub body: Body,
    /// Takes a number in the figure sequence (图 N).
    pub numbered: bool,
}

const SOCIAL: &[(&str, Ty, bool)] = &[
    ("url", Ty::Str, true),
    ("author", Ty::Str, false),
    ("date", Ty::Str, false),
];

pub const BUILTINS: &[Builtin] = &[
    Builtin {
        name: "bilibili",
        template: "bilibili",
        params: &[
            ("id", Ty::Str, true),
            ("page", Ty::Int, false),
            ("start", Ty::Int, false),
            ("title", Ty::Str, false),
        ],
        body: Body::No,
        numbered: false,
    },
    Builtin {
        name: "youtube",
        template: "youtube",
        params: &[
            ("id", Ty::Str, true),
            ("start", Ty::Int, false),
            ("title", Ty::Str, false),
        ],
        body: Body::No,
        numbered: false,
    },
    Builtin {
        name: "video",
        template: "video",
        params: &[
            ("src", Ty::Str, true),
            ("poster", Ty::Str, false),
            ("title", Ty::Str, false),
        ],
        body: Body::No,
        numbered: false,
    },
    Builtin {
        name: "audio",
        template: "audio",
        params: &[("src", Ty::Str, true), ("title", Ty::Str, false)],
        body: Body::No,
        numbered: false,
    },
    Builtin {
        name: "weibo",
        template: "weibo",
        params: SOCIAL,
        body: Body::Optional,
        numbered: false,
    },
    Builtin {
        name: "x",
        template: "x",
        params: SOCIAL,
        body: Body::Optional,
        numbered: false,
    },
    Builtin {
        name: "tweet",
        template: "x",
        params: SOCIAL,
        body: Body::Optional,
        numbered: false,
    },
    Builtin {
        name: "figure",
        template: "figure",
        params: &[
            ("src", Ty::Str, true),
            ("caption", Ty::Str, false),
            ("credit", Ty::Str, false),
            ("source", Ty::Str, false),
            ("link", Ty::Str, false),
            ("alt", Ty::Str, false),
        ],
        body: Body::No,
        numbered: true,
    },
    Builtin {
        name: "gallery",
        template: "gallery",
        params: &[
            ("src", Ty::Array, true),
            ("caption", Ty::Str, false),
            ("credit", Ty::Str, false),
        ],
        body: Body::No,
        numbered: true,
    },
    Builtin {
        name: "callout",
        template: "callout",
        params: &[("type", Ty::Str, false), ("title", Ty::Str, false)],
        body: Body::Required,
        numbered: false,
    },
    // No conversion in the 繁體 editions (`variants:`): `{{ keep(text="…") }}` in a
    // sentence, `{% keep() %}…{% end %}` around whole paragraphs.
    Builtin {
        name: "keep",
        template: "keep",
        params: &[("text", Ty::Str, false)],
        body: Body::Optional,
        numbered: false,
    },
];

/// Callout types and their Chinese labels (the GitHub alert kinds).
pub const CALLOUTS: &[(&str, &str)] = &[
    ("note", "注意"),
    ("tip", "提示"),
    ("important", "重要"),
    ("warning", "警告"),
    ("caution", "小心"),
];

pub fn find(name: &str) -> Option<&'static Builtin> {
    BUILTINS.iter().find(|b| b.name == name)
}

/// How local and page URLs are resolved (bundle folder, base path).
pub trait Resolve {
    fn resolve(&self, url: &str) -> String;
}

fn get<'a>(args: &'a [Named], name: &str) -> Option<&'a Named> {
    args.iter().find(|a| a.name == name)
}

fn str_arg<'a>(args: &'a [Named], name: &str) -> Option<(&'a str, usize)> {
    get(args, name).and_then(|a| a.value.as_str().map(|s| (s, a.at)))
}

fn int_arg(args: &[Named], name: &str) -> Option<(i64, usize)> {
    get(args, name).and_then(|a| match a.value {
        Arg::Int(n) => Some((n, a.at)),
        _ => None,
    })
}

/// Types, required and unknown arguments of a built-in.
pub fn check_args(b: &Builtin, args: &[Named], at: usize) -> Result<(), Failure> {
    for a in args {
        match b.params.iter().find(|p| p.0 == a.name) {
            None => {
                let known: Vec<&str> = b.params.iter().map(|p| p.0).collect();
                return Err((
                    format!(
                        "shortcode `{}` has no argument `{}` (it takes {})",
                        b.name,
                        a.name,
                        known.join(", ")
                    ),
                    a.at,
                ));
            }
            Some((name, ty, _)) if !ty.accepts(&a.value) => {
                return Err((
                    format!(
                        "shortcode `{}`: argument `{name}` must be a {}, not a {}",
                        b.name,
                        ty.name(),
                        a.value.type_name()
                    ),
                    a.at,
                ));
            }
            _ => {}
        }
    }
    for (name, _, required) in b.params {
        if *required && get(args, name).is_none() {
            return Err((
                format!("shortcode `{}` needs the argument `{name}`", b.name),
                at,
            ));
        }
    }
    Ok(())
}

/// Checks a built-in's values and returns the values derived from them for its template.
pub fn derive(
    b: &Builtin,
    args: &[Named],
    at: usize,
    env: &dyn Resolve,
) -> Result<Vec<(&'static str, tera::Value)>, Failure> {
    check_args(b, args, at)?;
    let bad = |name: &str, why: &str| -> Failure {
        let pos = get(args, name).map_or(at, |a| a.at);
        (format!("shortcode `{}`: `{name}` {why}", b.name), pos)
    };
    let mut out: Vec<(&'static str, tera::Value)> = Vec::new();
    let start = match int_arg(args, "start") {
        Some((n, _)) if n < 0 => return Err(bad("start", "must be 0 or more seconds")),
        Some((n, _)) => Some(n),
        None => None,
    };
    match b.template {
        "bilibili" => {
            let (id, _) = str_arg(args, "id").unwrap_or_default();
            let bv = id.len() == 12 && id.starts_with("BV") && all(&id[2..], alnum);
            let av = id.len() > 2
                && id.len() <= 14
                && id[..2].eq_ignore_ascii_case("av")
                && all(&id[2..], |c| c.is_ascii_digit());
            if !bv && !av {
                return Err(bad(
                    "id",
                    "must be a Bilibili video ID: `BV` and 10 letters or digits, or `av` and digits",
                ));
            }
            let page = match int_arg(args, "page") {
                Some((n, _)) if !(1..=9999).contains(&n) => {
                    return Err(bad("page", "must be a page number from 1"))
                }
                Some((n, _)) => n,
                None => 1,
            };
            let key = if bv {
                format!("bvid={id}")
            } else {
                format!("aid={}", &id[2..])
            };
            let mut embed =
                format!("https://player.bilibili.com/player.html?{key}&page={page}&autoplay=1");
            let mut link = format!("https://www.bilibili.com/video/{id}/");
            if page > 1 {
                link.push_str(&format!("?p={page}"));
            }
            if let Some(s) = start {
                embed.push_str(&format!("&t={s}"));
                link.push_str(if page > 1 { "&" } else { "?" });
                link.push_str(&format!("t={s}"));
            }
            out.push(("embed_url", embed.into()));
            out.push(("link", link.into()));
            out.push(("page", page.into()));
        }
        "youtube" => {
            let (id, _) = str_arg(args, "id").unwrap_or_default();
            if id.len() != 11 || !all(id, |c| alnum(c) || c == b'-' || c == b'_') {
                return Err(bad(
                    "id",
                    "must be a YouTube video ID (11 letters, digits, `-` or `_`)",
                ));
            }
            let mut embed = format!("https://www.youtube-nocookie.com/embed/{id}?autoplay=1");
            let mut link = format!("https://www.youtube.com/watch?v={id}");
            if let Some(s) = start {
                embed.push_str(&format!("&start={s}"));
                link.push_str(&format!("&t={s}s"));
            }
            out.push(("embed_url", embed.into()));
            out.push(("link", link.into()));
        }
        "video" | "audio" => {
            let exts: &[&str] = if b.template == "video" {
                &[".mp4", ".webm"]
            } else {
                &[".mp3", ".m4a", ".ogg", ".oga", ".opus", ".wav", ".flac"]
            };
            let (src, _) = str_arg(args, "src").unwrap_or_default();
            if !local_file(src, exts) {
                return Err(bad(
                    "src",
                    &format!("must be a file of this site ending in {}", exts.join(", ")),
                ));
            }
            out.push(("src", env.resolve(src).into()));
            let mime = match src
                .rsplit('.')
                .next()
                .map(str::to_ascii_lowercase)
                .as_deref()
            {
                Some("webm") => "video/webm",
                Some("mp4") => "video/mp4",
                Some("mp3") => "audio/mpeg",
                Some("m4a") => "audio/mp4",
                Some("wav") => "audio/wav",
                Some("flac") => "audio/flac",
                _ => "audio/ogg",
            };
            out.push(("mime", mime.into()));
            if let Some((poster, _)) = str_arg(args, "poster") {
                if !local_file(poster, IMAGES) {
                    return Err(bad("poster", "must be an image file of this site"));
                }
                out.push(("poster", env.resolve(poster).into()));
            }
        }
        "weibo" | "x" => {
            let (url, _) = str_arg(args, "url").unwrap_or_default();
            let (ok, what) = if b.template == "weibo" {
                (weibo_url(url), "must be a Weibo post URL (https://weibo.com/<用户 ID>/<微博 ID> or https://m.weibo.cn/status/<ID>)")
            } else {
                (
                    x_url(url),
                    "must be a post URL on x.com or twitter.com (https://x.com/<name>/status/<ID>)",
                )
            };
            if !ok {
                return Err(bad("url", what));
            }
            out.push(("link", url.into()));
        }
        "figure" | "gallery" => {
            let list: Vec<&str> = match get(args, "src").map(|a| &a.value) {
                Some(Arg::Str(s)) => vec![s.as_str()],
                Some(Arg::Array(items)) => items.iter().filter_map(Arg::as_str).collect(),
                _ => Vec::new(),
            };
            if list.is_empty() {
                return Err(bad("src", "needs at least one image"));
            }
            let mut resolved = Vec::new();
            for src in list {
                if !image(src) {
                    return Err(bad("src", &format!("`{src}` is not an image URL (https:// or a file of this site ending in .jpg, .png, .webp, .gif, .avif or .svg)")));
                }
                resolved.push(tera::Value::from(env.resolve(src)));
            }
            if b.template == "figure" {
                out.push(("src", resolved.remove(0)));
            } else {
                out.push(("images", resolved.into()));
            }
            for key in ["link", "source"] {
                if let Some((url, _)) = str_arg(args, key) {
                    if !web_or_local(url) {
                        return Err(bad(key, "must be an https:// URL or a path of this site"));
                    }
                    let value = env.resolve(url);
                    out.push((if key == "link" { "link" } else { "source" }, value.into()));
                }
            }
        }
        "callout" => {
            let kind = str_arg(args, "type").map_or("note", |t| t.0);
            let Some((_, label)) = CALLOUTS.iter().find(|c| c.0 == kind) else {
                return Err(bad(
                    "type",
                    "must be one of note, tip, important, warning, caution",
                ));
            };
            out.push(("type", kind.into()));
            out.push(("label", (*label).into()));
            if str_arg(args, "title").is_none() {
                out.push(("title", (*label).into()));
            }
        }
        _ => {}
    }
    Ok(out)
}
