//! `/sitemap.xml` (sitemaps.org) with `lastmod` for every page, split into a sitemap index
//! past 50,000 URLs, optionally with Baidu's mobile namespace; and `/robots.txt`.

use std::fmt::Write;

use super::feeds::{absolute, last_modified, xml_escape};
use crate::config::Config;
use crate::render::encode_path;
use crate::site::{Page, Site};

/// The Google News sitemap's output path (`news_sitemap: true`).
pub const NEWS_SITEMAP: &str = "news-sitemap.xml";

/// Most URLs a news sitemap may hold (Google News).
pub const MAX_NEWS_URLS: usize = 1000;

/// `/news-sitemap.xml` in Google News format
/// (<https://developers.google.com/search/docs/crawling-indexing/sitemaps/news-sitemap>):
/// the articles published in the two days before `now`, newest first, at most 1,000, each
/// with `news:publication` (the site title and language), `news:publication_date` and
/// `news:title`. With no such article the `urlset` is empty, which Google accepts.
pub fn news(site: &Site, config: &Config, now: jiff::Timestamp) -> String {
    let since = now - jiff::SignedDuration::from_hours(48);
    let mut recent: Vec<usize> = (0..site.articles.len())
        .filter(|&i| {
            let t = site.articles[i].doc.meta.date.timestamp();
            t >= since && t <= now
        })
        .collect();
    recent.sort_by_key(|&i| std::cmp::Reverse(site.articles[i].doc.meta.date.timestamp()));
    recent.truncate(MAX_NEWS_URLS);
    let name = xml_escape(&config.title);
    let language = news_language(&config.language);
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">\n",
    );
    for i in recent {
        let a = &site.articles[i];
        let _ = writeln!(
            out,
            "  <url><loc>{}</loc><news:news><news:publication><news:name>{name}</news:name><news:language>{language}</news:language></news:publication><news:publication_date>{}</news:publication_date><news:title>{}</news:title></news:news></url>",
            xml_escape(&absolute(config, &a.url)),
            crate::content::date::rfc3339(&a.doc.meta.date),
            xml_escape(&a.doc.meta.title),
        );
    }
    out.push_str("</urlset>\n");
    out
}

/// Google News wants an ISO 639 code, with `zh-cn` / `zh-tw` for Chinese: `zh-CN` → `zh-cn`,
/// `zh-Hant` / `zh-HK` → `zh-tw`, `en-US` → `en`.
fn news_language(language: &str) -> String {
    let lower = language.to_ascii_lowercase().replace('_', "-");
    let mut parts = lower.split('-');
    let primary = parts.next().unwrap_or("zh").to_string();
    if primary != "zh" {
        return primary;
    }
    let rest: Vec<&str> = parts.collect();
    if rest
        .iter()
        .any(|p| matches!(*p, "tw" | "hk" | "mo" | "hant"))
    {
        "zh-tw".into()
    } else {
        "zh-cn".into()
    }
}

/// Most URLs one sitemap file may hold.
pub const MAX_URLS: usize = 50_000;

/// (absolute URL, lastmod) of every page worth indexing.
pub fn entries(site: &Site, config: &Config) -> Vec<(String, String)> {
    let newest = (0..site.articles.len())
        .map(|i| last_modified(&site.articles[i]))
        .max();
    let fallback = newest
        .clone()
        .unwrap_or_else(|| "1970-01-01T00:00:00+00:00".into());
    site.pages()
        .into_iter()
        .filter(|p| !matches!(p, Page::NotFound))
        .map(|page| {
            let lastmod = match page {
                Page::Article(i) => last_modified(&site.articles[i]),
                Page::Index(_) | Page::Term(..) => site
                    .paginator(page)
                    .and_then(|p| p.items().map(|i| last_modified(&site.articles[i])).max())
                    .unwrap_or_else(|| fallback.clone()),
                _ => fallback.clone(),
            };
            (absolute(config, &site.page_url(page)), lastmod)
        })
        .collect()
}

/// A sitemap entry: the page's absolute URL, its `lastmod`, and its `xhtml:link`
/// alternates (hreflang, URL: empty on a site with one edition).
type Entry = (String, String, Vec<(String, String)>);

/// The sitemap files: (output path, XML). A site with editions (`variants:`,
/// `languages:`) lists every page of every edition, each with `xhtml:link` alternates for
/// the editions that have it, plus `x-default` (the main edition's, when it has it): one
/// sitemap for the whole site, at its root.
pub fn files(site: &Site, config: &Config) -> Vec<(String, String)> {
    let main: Vec<Entry> = entries(site, config)
        .into_iter()
        .map(|(loc, lastmod)| (loc, lastmod, Vec::new()))
        .collect();
    if config.editions.len() < 2 {
        return split(&main, config);
    }
    let root = config.base_url_slash();
    // Site-relative URL → lastmod, from the main edition (a language's own pages, such
    // as a tag only its translations use, get the newest date).
    let lastmods: std::collections::HashMap<String, String> = main
        .iter()
        .map(|(loc, lastmod, _)| {
            (
                loc.strip_prefix(&root).unwrap_or(loc).to_string(),
                lastmod.clone(),
            )
        })
        .collect();
    let newest = lastmods.values().max().cloned().unwrap_or_default();
    let bases: Vec<String> = (0..config.editions.len())
        .map(|i| config.for_edition(i).base_url_slash())
        .collect();
    // Every edition's pages (encoded as in `loc`): the main site's, or its own.
    let pages: Vec<Vec<String>> = (0..config.editions.len())
        .map(|i| match config.edition_pages.get(i) {
            Some(set) => {
                let mut v: Vec<String> = set.iter().map(|u| encode_path(u)).collect();
                v.sort();
                v
            }
            None => main
                .iter()
                .map(|(loc, _, _)| loc.strip_prefix(&root).unwrap_or(loc).to_string())
                .collect(),
        })
        .collect();
    let sets: Vec<std::collections::HashSet<&str>> = pages
        .iter()
        .map(|v| v.iter().map(String::as_str).collect())
        .collect();
    let mut all: Vec<Entry> = Vec::new();
    for (i, rels) in pages.iter().enumerate() {
        for rel in rels {
            if rel.ends_with("404.html") {
                continue;
            }
            let mut alts: Vec<(String, String)> = config
                .editions
                .iter()
                .enumerate()
                .filter(|(j, _)| sets[*j].contains(rel.as_str()))
                .map(|(j, e)| (e.code.clone(), format!("{}{rel}", bases[j])))
                .collect();
            if alts.len() < 2 {
                alts.clear();
            } else if sets[0].contains(rel.as_str()) {
                alts.push(("x-default".into(), format!("{}{rel}", bases[0])));
            }
            let lastmod = lastmods.get(rel).cloned().unwrap_or_else(|| newest.clone());
            all.push((format!("{}{rel}", bases[i]), lastmod, alts));
        }
    }
    split(&all, config)
}

/// One `sitemap.xml`, or a sitemap index over `sitemap-N.xml` files of at most
/// [`MAX_URLS`] URLs each.
fn split(entries: &[Entry], config: &Config) -> Vec<(String, String)> {
    if entries.len() <= MAX_URLS {
        return vec![(
            "sitemap.xml".into(),
            urlset(entries, config.sitemap_baidu_mobile),
        )];
    }
    let mut files = Vec::new();
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (n, chunk) in entries.chunks(MAX_URLS).enumerate() {
        let name = format!("sitemap-{}.xml", n + 1);
        let lastmod = chunk
            .iter()
            .map(|(_, l, _)| l.as_str())
            .max()
            .unwrap_or_default();
        let _ = writeln!(
            index,
            "  <sitemap><loc>{}</loc><lastmod>{}</lastmod></sitemap>",
            xml_escape(&absolute(config, &name)),
            lastmod
        );
        files.push((name, urlset(chunk, config.sitemap_baidu_mobile)));
    }
    index.push_str("</sitemapindex>\n");
    files.push(("sitemap.xml".into(), index));
    files
}

fn urlset(entries: &[Entry], baidu_mobile: bool) -> String {
    let mut out = String::with_capacity(64 + entries.len() * 120);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"");
    if baidu_mobile {
        out.push_str(" xmlns:mobile=\"http://www.baidu.com/schemas/sitemap-mobile/1/\"");
    }
    if entries.iter().any(|e| !e.2.is_empty()) {
        out.push_str(" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\"");
    }
    out.push_str(">\n");
    for (loc, lastmod, alternates) in entries {
        let _ = write!(
            out,
            "  <url><loc>{}</loc><lastmod>{}</lastmod>",
            xml_escape(loc),
            lastmod
        );
        if baidu_mobile {
            out.push_str("<mobile:mobile type=\"pc,mobile\"/>");
        }
        if !alternates.is_empty() {
            for (code, href) in alternates {
                let _ = write!(
                    out,
                    "<xhtml:link rel=\"alternate\" hreflang=\"{code}\" href=\"{}\"/>",
                    xml_escape(href)
                );
            }
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

/// `/robots.txt` allowing everything and pointing at the sitemap (and the news sitemap when
/// it is on). With the site's own `static/robots.txt` (`user`), that file as written, plus
/// the sitemap lines when it names no sitemap.
pub fn robots(config: &Config, user: Option<&str>) -> String {
    let mut out = match user {
        Some(text) => {
            let mut t = text.to_string();
            let names_sitemap = t
                .lines()
                .any(|l| l.trim_start().to_ascii_lowercase().starts_with("sitemap:"));
            if names_sitemap {
                return t;
            }
            if !t.is_empty() && !t.ends_with('\n') {
                t.push('\n');
            }
            t.push('\n');
            t
        }
        None => "User-agent: *\nAllow: /\n\n".to_string(),
    };
    let _ = writeln!(out, "Sitemap: {}", absolute(config, "sitemap.xml"));
    if config.news_sitemap {
        let _ = writeln!(out, "Sitemap: {}", absolute(config, NEWS_SITEMAP));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_past_fifty_thousand_urls() {
        let config = Config::parse("base_url: https://a.example/news/\n").unwrap();
        let entries: Vec<Entry> = (0..MAX_URLS + 10)
            .map(|i| {
                (
                    format!("https://a.example/news/posts/{i}/"),
                    "2025-11-20T10:30:00+08:00".into(),
                    Vec::new(),
                )
            })
            .collect();
        let files = split(&entries, &config);
        let names: Vec<_> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["sitemap-1.xml", "sitemap-2.xml", "sitemap.xml"]);
        assert!(files[2].1.contains("<sitemapindex"));
        assert!(files[2]
            .1
            .contains("<loc>https://a.example/news/sitemap-2.xml</loc>"));
        assert_eq!(files[1].1.matches("<url>").count(), 10);
    }

    #[test]
    fn news_languages() {
        assert_eq!(news_language("zh-CN"), "zh-cn");
        assert_eq!(news_language("zh"), "zh-cn");
        assert_eq!(news_language("zh-Hant-TW"), "zh-tw");
        assert_eq!(news_language("zh_HK"), "zh-tw");
        assert_eq!(news_language("en-US"), "en");
    }

    #[test]
    fn a_sites_own_robots_txt_is_kept_and_gets_the_sitemap() {
        let c = Config::parse("title: t\nbase_url: https://a.example/\n").unwrap();
        let mine = "User-agent: *\nDisallow: /admin/\n";
        assert_eq!(
            robots(&c, Some(mine)),
            "User-agent: *\nDisallow: /admin/\n\nSitemap: https://a.example/sitemap.xml\n"
        );
        let with = "User-agent: *\nSitemap: https://a.example/other.xml\n";
        assert_eq!(robots(&c, Some(with)), with);
    }

    #[test]
    fn robots_lists_the_news_sitemap_when_on() {
        let off = Config::parse("base_url: https://a.example/\n").unwrap();
        assert!(!robots(&off, None).contains("news-sitemap"));
        let on = Config::parse("base_url: https://a.example/\nnews_sitemap: true\n").unwrap();
        assert!(robots(&on, None).contains("Sitemap: https://a.example/news-sitemap.xml\n"));
    }

    #[test]
    fn urlset_with_baidu_namespace() {
        let xml = urlset(
            &[(
                "https://a.example/posts/%E4%B8%AD/".into(),
                "2025-11-20T10:30:00+08:00".into(),
                Vec::new(),
            )],
            true,
        );
        assert!(xml.contains("xmlns:mobile=\"http://www.baidu.com/schemas/sitemap-mobile/1/\""));
        assert!(xml.contains("<mobile:mobile type=\"pc,mobile\"/>"));
        assert!(xml.contains("<lastmod>2025-11-20T10:30:00+08:00</lastmod>"));
    }
}
