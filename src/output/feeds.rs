//! Feeds: `/atom.xml`, `/rss.xml`, each section's and each term's `atom.xml` (taxonomies with
//! `feed: true`), written as XML from the site
//! model (not through templates, so they are always valid). Absolute URLs, dates with offset.

use std::fmt::Write;

use crate::config::{Config, FeedContent};
use crate::content::date::rfc3339;
use crate::render::encode_path;
use crate::site::{Article, Site};

/// Escape text for XML element content and attribute values.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    let bytes = s.as_bytes();
    // Runs of bytes that need nothing are copied whole; only these stop the scan: the five
    // escaped characters, control characters, and 0xEF (the first byte of U+FFFE/U+FFFF).
    let mut run = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if !STOPS[b as usize] {
            i += 1;
            continue;
        }
        // Full-width punctuation (，：（）) starts with 0xEF too: skipped without a stop.
        if b == 0xEF && bytes.get(i + 1) != Some(&0xBF) {
            i += 3;
            continue;
        }
        out.push_str(&s[run..i]);
        let (with, len): (&str, usize) = match b {
            b'&' => ("&amp;", 1),
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b'"' => ("&quot;", 1),
            b'\'' => ("&apos;", 1),
            // Characters XML 1.0 forbids.
            0xEF if matches!(bytes.get(i + 1..i + 3), Some([0xBF, 0xBE | 0xBF])) => ("", 3),
            // Any other U+FFxx character: as it is.
            0xEF => (&s[i..i + 3], 3),
            _ => ("", 1),
        };
        out.push_str(with);
        i += len;
        run = i;
    }
    out.push_str(&s[run..]);
    out
}

/// The bytes [`xml_escape`] stops at.
static STOPS: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = !matches!(b, 0x09 | 0x0A | 0x0D);
        b += 1;
    }
    t[b'&' as usize] = true;
    t[b'<' as usize] = true;
    t[b'>' as usize] = true;
    t[b'"' as usize] = true;
    t[b'\'' as usize] = true;
    t[0xEF] = true;
    t
};

/// Absolute URL of a site-relative path.
pub fn absolute(config: &Config, rel: &str) -> String {
    format!("{}{}", config.base_url_slash(), encode_path(rel))
}

fn content_of(a: &Article, config: &Config) -> String {
    let html = match config.feed_content {
        FeedContent::Full => &a.rendered.html,
        FeedContent::Summary => &a.summary_html,
    };
    absolute_links(html, config)
}

/// An Atom feed of the given articles (newest first, already limited), each article's
/// `<entry>` from `entry` (shared by the feeds that list it, see [`each`]).
fn atom(
    site: &Site,
    config: &Config,
    articles: &[usize],
    title: &str,
    self_rel: &str,
    home_rel: &str,
    entry: &(dyn Fn(usize, &mut String) + Sync),
) -> String {
    let mut out = String::with_capacity(4096 + articles.len() * 4096);
    let updated = articles
        .iter()
        .map(|&i| last_modified(&site.articles[i]))
        .max()
        .unwrap_or_else(|| "1970-01-01T00:00:00+00:00".into());
    let _ = write!(
        out,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\" xml:base=\"{}\">\n  <title>{}</title>\n  <subtitle>{}</subtitle>\n  <link href=\"{}\" rel=\"self\" type=\"application/atom+xml\"/>\n  <link href=\"{}\" rel=\"alternate\" type=\"text/html\"/>\n  <id>{}</id>\n  <updated>{}</updated>\n  <generator uri=\"https://crates.io/crates/kuaixun\">kuaixun</generator>\n",
        xml_escape(&config.language),
        xml_escape(&config.base_url_slash()),
        xml_escape(title),
        xml_escape(&config.description),
        xml_escape(&absolute(config, self_rel)),
        xml_escape(&absolute(config, home_rel)),
        xml_escape(&absolute(config, home_rel)),
        updated
    );
    for &i in articles {
        entry(i, &mut out);
    }
    out.push_str("</feed>\n");
    out
}

/// One article's Atom `<entry>`.
fn atom_entry(site: &Site, config: &Config, i: usize) -> String {
    let a = &site.articles[i];
    let meta = &a.doc.meta;
    let link = absolute(config, &a.url);
    let mut out = String::with_capacity(a.rendered.html.len() + a.summary_html.len() + 512);
    let _ = write!(
        out,
        "  <entry>\n    <title>{}</title>\n    <link href=\"{}\" rel=\"alternate\" type=\"text/html\"/>\n    <id>{}</id>\n    <published>{}</published>\n    <updated>{}</updated>\n",
        xml_escape(&meta.title),
        xml_escape(&link),
        xml_escape(&link),
        rfc3339(&meta.date),
        last_modified(a)
    );
    for author in site.author_names(a, config) {
        let _ = writeln!(
            out,
            "    <author><name>{}</name></author>",
            xml_escape(author)
        );
    }
    for &t in a.tags() {
        let _ = writeln!(
            out,
            "    <category term=\"{}\"/>",
            xml_escape(&site.tags().terms[t].name)
        );
    }
    let _ = writeln!(
        out,
        "    <summary type=\"html\">{}</summary>",
        xml_escape(&absolute_links(&a.summary_html, config))
    );
    if config.feed_content == FeedContent::Full {
        let _ = writeln!(
            out,
            "    <content type=\"html\">{}</content>",
            xml_escape(&absolute_links(&a.rendered.html, config))
        );
    }
    out.push_str("  </entry>\n");
    out
}

/// The RSS 2.0 feed of the site.
pub fn rss(site: &Site, config: &Config, articles: &[usize]) -> String {
    let mut out = String::with_capacity(4096 + articles.len() * 4096);
    let build_date = articles
        .first()
        .map(|&i| rfc2822(&site.articles[i].doc.meta.date))
        .unwrap_or_default();
    let _ = write!(
        out,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\">\n<channel>\n  <title>{}</title>\n  <link>{}</link>\n  <description>{}</description>\n  <language>{}</language>\n  <generator>kuaixun</generator>\n  <lastBuildDate>{}</lastBuildDate>\n  <atom:link href=\"{}\" rel=\"self\" type=\"application/rss+xml\"/>\n",
        xml_escape(&config.title),
        xml_escape(&absolute(config, "")),
        xml_escape(&config.description),
        xml_escape(&config.language),
        build_date,
        xml_escape(&absolute(config, "rss.xml"))
    );
    for &i in articles {
        let a = &site.articles[i];
        let meta = &a.doc.meta;
        let link = absolute(config, &a.url);
        let _ = write!(
            out,
            "  <item>\n    <title>{}</title>\n    <link>{}</link>\n    <guid isPermaLink=\"true\">{}</guid>\n    <pubDate>{}</pubDate>\n",
            xml_escape(&meta.title),
            xml_escape(&link),
            xml_escape(&link),
            rfc2822(&meta.date)
        );
        for author in site.author_names(a, config) {
            let _ = writeln!(
                out,
                "    <dc:creator xmlns:dc=\"http://purl.org/dc/elements/1.1/\">{}</dc:creator>",
                xml_escape(author)
            );
        }
        for &t in a.tags() {
            let _ = writeln!(
                out,
                "    <category>{}</category>",
                xml_escape(&site.tags().terms[t].name)
            );
        }
        let _ = writeln!(
            out,
            "    <description>{}</description>",
            xml_escape(&content_of(a, config))
        );
        out.push_str("  </item>\n");
    }
    out.push_str("</channel>\n</rss>\n");
    out
}

/// Every Atom feed: (path, articles, title, home page), and the site feed's articles (for
/// RSS too).
type Plan = (Vec<(String, Vec<usize>, String, String)>, Vec<usize>);

fn plan(site: &Site, config: &Config) -> Plan {
    let limit = config.feed_limit;
    // The site feed follows the home list (sections with `in_home: false` stay out).
    // Feeds stay in date order: pinned articles are not moved up here.
    let latest: Vec<usize> = site.structure.unpinned_head(None, &site.articles, limit);
    // Every Atom feed: (path, articles, title, home page).
    let mut feeds: Vec<(String, Vec<usize>, String, String)> = vec![(
        "atom.xml".to_string(),
        latest.clone(),
        config.title.clone(),
        String::new(),
    )];
    for tax in site.taxonomies.iter().filter(|t| t.def.feed) {
        for term in &tax.terms {
            // Feeds are newest first, also for a series read oldest first.
            let newest: Vec<usize> = match tax.def.sort {
                crate::config::TermSort::Date => {
                    term.articles.iter().copied().take(limit).collect()
                }
                crate::config::TermSort::Oldest => {
                    term.articles.iter().rev().copied().take(limit).collect()
                }
            };
            feeds.push((
                format!("{}atom.xml", term.url),
                newest,
                format!("{} - {}：{}", config.title, tax.def.label, term.name),
                term.url.clone(),
            ));
        }
    }
    let st = &site.structure;
    for (s, sec) in st.sections.list.iter().enumerate() {
        if sec.doc.feed {
            feeds.push((
                format!("{}atom.xml", sec.url),
                st.unpinned_head(Some(s), &site.articles, limit),
                format!("{} - {}", config.title, sec.doc.title),
                sec.url.clone(),
            ));
        }
    }
    (feeds, latest)
}

/// Writes every feed file of the site through `write` (output path, XML), building them in
/// parallel and keeping none after it is written: a site with many term feeds (500 series,
/// every tag) never holds all of them at once.
pub fn each<E: Send>(
    site: &Site,
    config: &Config,
    write: impl Fn(&str, String) -> Result<(), E> + Sync,
) -> Result<(), E> {
    use rayon::prelude::*;
    let (feeds, latest) = plan(site, config);
    write("rss.xml", rss(site, config, &latest))?;
    // An entry in two or more feeds (the site's and its tags', say) is made once and
    // shared; one in a single feed is made for that feed and dropped with it, so many term
    // feeds (500 series) never hold the site's whole content at once.
    let mut uses: std::collections::HashMap<usize, u32> = std::collections::HashMap::new();
    for &i in feeds.iter().flat_map(|f| f.1.iter()) {
        *uses.entry(i).or_default() += 1;
    }
    let shared: Vec<usize> = uses
        .into_iter()
        .filter(|&(_, n)| n > 1)
        .map(|(i, _)| i)
        .collect();
    let entries: std::collections::HashMap<usize, String> = shared
        .par_iter()
        .map(|&i| (i, atom_entry(site, config, i)))
        .collect();
    let entry = |i: usize, out: &mut String| match entries.get(&i) {
        Some(e) => out.push_str(e),
        None => out.push_str(&atom_entry(site, config, i)),
    };
    feeds.par_iter().try_for_each(|(path, items, title, home)| {
        write(path, atom(site, config, items, title, path, home, &entry))
    })
}

/// Every feed file of the site: (output path, bytes), the site's Atom feed first, then RSS.
pub fn all(site: &Site, config: &Config) -> Vec<(String, String)> {
    let files = std::sync::Mutex::new(Vec::new());
    let _ = each::<()>(site, config, |path, xml| {
        files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((path.to_string(), xml));
        Ok(())
    });
    let mut files = files.into_inner().unwrap_or_else(|e| e.into_inner());
    let rank = |p: &str| match p {
        "atom.xml" => 0,
        "rss.xml" => 1,
        _ => 2,
    };
    files.sort_by(|a, b| rank(&a.0).cmp(&rank(&b.0)).then_with(|| a.0.cmp(&b.0)));
    files
}

/// Root-relative `href="/…"` and `src="/…"` in feed HTML made absolute (feed readers do not
/// all honour `xml:base`): the site's origin in front, since the path already holds the base
/// path.
fn absolute_links(html: &str, config: &Config) -> String {
    let base = config.base_url_slash();
    let origin_end = base
        .find("://")
        .and_then(|i| base[i + 3..].find('/').map(|j| i + 3 + j));
    let Some(origin_end) = origin_end else {
        return html.to_string();
    };
    let origin = &base[..origin_end];
    let mut out = String::with_capacity(html.len() + 64);
    let mut rest = html;
    while let Some(i) = rest.find("=\"/") {
        let attr_start = rest[..i]
            .rfind(|c: char| !c.is_ascii_alphabetic())
            .map_or(0, |j| j + 1);
        let attr = &rest[attr_start..i];
        let after = &rest[i + 2..];
        out.push_str(&rest[..i + 2]);
        if attr == "srcset" {
            // Every candidate of the list: `/a-480.webp 480w, /a-960.webp 960w`.
            let end = after.find('"').unwrap_or(after.len());
            let list = after[..end]
                .split(',')
                .map(|c| {
                    let c = c.trim_start();
                    if c.starts_with('/') && !c.starts_with("//") {
                        format!("{origin}{c}")
                    } else {
                        c.to_string()
                    }
                })
                .collect::<Vec<_>>()
                .join(", ");
            out.push_str(&list);
            rest = &after[end..];
            continue;
        }
        if (attr == "href" || attr == "src") && !after.starts_with("//") {
            out.push_str(origin);
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// `updated` when set, else `date`, as RFC 3339.
pub fn last_modified(a: &Article) -> String {
    rfc3339(a.doc.meta.updated.as_ref().unwrap_or(&a.doc.meta.date))
}

/// RFC 2822 date for RSS: `Thu, 20 Nov 2025 10:30:00 +0800`.
pub fn rfc2822(z: &jiff::ZonedDateTime) -> String {
    z.strftime("%a, %d %b %Y %H:%M:%S %z").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feed_links_are_absolute() {
        let config = Config::parse("title: t\nbase_url: https://example.com/news/\n").unwrap();
        assert_eq!(
            absolute_links(
                "<img src=\"/news/posts/x/a.png\"><a href=\"//cdn/x\">x</a><a href=\"#y\">",
                &config
            ),
            "<img src=\"https://example.com/news/posts/x/a.png\"><a href=\"//cdn/x\">x</a><a href=\"#y\">"
        );
        assert_eq!(
            absolute_links(
                "<img srcset=\"/news/_img/a-480.webp 480w, /news/_img/a-960.webp 960w\" src=\"/news/a.jpg\">",
                &config
            ),
            "<img srcset=\"https://example.com/news/_img/a-480.webp 480w, https://example.com/news/_img/a-960.webp 960w\" src=\"https://example.com/news/a.jpg\">"
        );
    }

    #[test]
    fn escapes_and_drops_forbidden() {
        assert_eq!(
            xml_escape("芯片 <H200> & \"GPU\"\u{1}"),
            "芯片 &lt;H200&gt; &amp; &quot;GPU&quot;"
        );
        // U+FFFE and U+FFFF go; other characters led by 0xEF (U+FEFF, full-width ｜ and
        // ＞) and tabs, newlines and returns stay.
        assert_eq!(
            xml_escape("\u{FEFF}甲\u{FFFE}｜乙\u{FFFF}＞'\t\n\r\u{1f}丙"),
            "\u{FEFF}甲｜乙＞&apos;\t\n\r丙"
        );
        let all: String = (0u32..0x1_0000).filter_map(char::from_u32).collect();
        let slow: String = all
            .chars()
            .filter_map(|c| match c {
                '&' => Some("&amp;".to_string()),
                '<' => Some("&lt;".to_string()),
                '>' => Some("&gt;".to_string()),
                '"' => Some("&quot;".to_string()),
                '\'' => Some("&apos;".to_string()),
                c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => None,
                '\u{FFFE}' | '\u{FFFF}' => None,
                c => Some(c.to_string()),
            })
            .collect();
        assert_eq!(xml_escape(&all), slow);
    }

    #[test]
    fn rfc2822_has_offset() {
        let z = crate::content::date::parse_date(
            "2025-11-20 10:30",
            &jiff::tz::TimeZone::get("Asia/Shanghai").unwrap(),
        )
        .unwrap();
        assert_eq!(rfc2822(&z), "Thu, 20 Nov 2025 10:30:00 +0800");
    }
}
