//! Shared helpers for the integration tests: fixture sites in temp folders, running the
//! `kuaixun` binary, reading the output and picking values out of the generated HTML.
//!
//! Every test binary includes this module but uses only part of it.
#![allow(dead_code)]

pub mod cdp;
pub mod files;
pub mod server;

use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use kuaixun::build::{build, BuildOptions};
use tempfile::TempDir;

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_kuaixun");

/// A fixture site: each `(path, text)` is written under a fresh temp folder.
pub fn site(files: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::Builder::new()
        .prefix("kuaixun-test-")
        .tempdir()
        .expect("create temp dir");
    for (rel, text) in files {
        write(dir.path(), rel, text);
    }
    dir
}

/// Write `bytes` to `root/rel`, creating parent folders.
pub fn write(root: &Path, rel: &str, bytes: impl AsRef<[u8]>) {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, bytes).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
}

/// An article file: front matter lines between `---` lines, then the body.
pub fn md(front: &str, body: &str) -> String {
    format!("---\n{}\n---\n{body}", front.trim_end_matches('\n'))
}

/// An article `content/posts/<name>.md` with front matter `fm` and `body`.
pub fn article(root: &Path, name: &str, fm: &str, body: &str) {
    write(
        root,
        &format!("content/posts/{name}.md"),
        md(fm, &format!("{body}\n")),
    );
}

/// A Chromium (or Chrome) binary: on `PATH` as `chromium`, `chromium-browser` or
/// `google-chrome`, else `/usr/bin/chromium`.
pub fn find_chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    for dir in std::env::split_paths(&path) {
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            let p = dir.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    let fallback = PathBuf::from("/usr/bin/chromium");
    fallback.is_file().then_some(fallback)
}

/// The browser, or `None` after a loud `SKIPPED` notice; with `KUAIXUN_REQUIRE_BROWSER=1`
/// (set by `.ci/run`) a missing browser is a failure instead.
pub fn chromium_or_skip() -> Option<PathBuf> {
    let found = find_chromium();
    if found.is_none() {
        if std::env::var("KUAIXUN_REQUIRE_BROWSER").as_deref() == Ok("1") {
            panic!("KUAIXUN_REQUIRE_BROWSER=1 but no Chromium found (chromium, chromium-browser, google-chrome, /usr/bin/chromium)");
        }
        eprintln!("SKIPPED: browser test (no Chromium found)");
        println!("SKIPPED: browser test (no Chromium found)");
    }
    found
}

/// Run the binary with `args` (no stdin, default environment).
pub fn run<I, S>(args: I) -> Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    Command::new(BIN).args(args).output().expect("run kuaixun")
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Assert a CLI run succeeded, showing its output if not.
pub fn assert_success(out: &Output) {
    assert!(
        out.status.success(),
        "kuaixun failed ({:?})\nstdout:\n{}\nstderr:\n{}",
        out.status.code(),
        stdout(out),
        stderr(out)
    );
}

/// `kuaixun build --root <root> -o <root>/public <extra…>` must succeed; returns what it
/// printed.
pub fn build_ok(root: &Path, extra: &[&str]) -> Output {
    let out_dir = root.join("public");
    let mut args: Vec<&OsStr> = vec![
        OsStr::new("build"),
        OsStr::new("--root"),
        root.as_os_str(),
        OsStr::new("-o"),
        out_dir.as_os_str(),
    ];
    args.extend(extra.iter().map(OsStr::new));
    let out = run(&args);
    assert_success(&out);
    out
}

/// [`build_ok`], which must print its summary line; returns the output folder.
pub fn build_cli(root: &Path, extra: &[&str]) -> PathBuf {
    let out_dir = root.join("public");
    let out = build_ok(root, extra);
    assert!(
        stdout(&out).starts_with("built "),
        "summary line: {}",
        stdout(&out)
    );
    out_dir
}

/// `kuaixun build --root <root> -o <root>/public` must exit 1; returns its stderr.
pub fn build_fails(root: &Path) -> String {
    let out_dir = root.join("public");
    let out = run([
        OsStr::new("build"),
        OsStr::new("--root"),
        root.as_os_str(),
        OsStr::new("-o"),
        out_dir.as_os_str(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    stderr(&out)
}

/// `kuaixun check --root <root>` must exit 1; returns what it printed (stdout, then stderr).
pub fn check_fails(root: &Path) -> String {
    let out = run([OsStr::new("check"), OsStr::new("--root"), root.as_os_str()]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    format!("{}{}", stdout(&out), stderr(&out))
}

/// Library build into `<root>/public` with options tweaked by `tweak`; returns the output.
pub fn build_lib(root: &Path, tweak: impl FnOnce(&mut BuildOptions)) -> PathBuf {
    let mut opts = BuildOptions::new(root);
    tweak(&mut opts);
    let out_dir = opts.output.clone().unwrap_or_else(|| root.join("public"));
    if let Err(e) = build(&opts) {
        panic!("build of {} failed:\n{e}", root.display());
    }
    out_dir
}

/// Read an output file as text (panics with the list of what exists if it is missing).
pub fn read(out: &Path, rel: &str) -> String {
    match fs::read_to_string(out.join(rel)) {
        Ok(s) => s,
        Err(e) => {
            let mut have: Vec<String> = files(out)
                .iter()
                .map(|p| p.strip_prefix(out).unwrap().display().to_string())
                .collect();
            have.sort();
            panic!("{rel}: {e}\noutput holds:\n{}", have.join("\n"));
        }
    }
}

pub fn exists(out: &Path, rel: &str) -> bool {
    out.join(rel).exists()
}

/// Every file under `dir`.
pub fn files(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect()
}

/// Every `.html` file under `dir`.
pub fn html_files(dir: &Path) -> Vec<PathBuf> {
    files(dir)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|x| x == "html"))
        .collect()
}

/// The `<main>` element of a page (for shorter assertion messages).
pub fn main_of(html: &str) -> &str {
    let start = html.find("<main").unwrap_or(0);
    let end = html.find("</main>").map_or(html.len(), |i| i + 7);
    &html[start..end.max(start)]
}

/// Assert `haystack` contains `needle`, showing the page's `<main>` otherwise.
#[track_caller]
pub fn assert_has(haystack: &str, needle: &str) {
    assert!(
        haystack.contains(needle),
        "expected to find {needle:?} in:\n{}",
        main_of(haystack)
    );
}

#[track_caller]
pub fn assert_lacks(haystack: &str, needle: &str) {
    assert!(
        !haystack.contains(needle),
        "did not expect {needle:?} in:\n{}",
        main_of(haystack)
    );
}

/// Undo the HTML escaping Tera and pulldown-cmark apply to text and attributes.
pub fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&#x2F;", "/")
        .replace("&amp;", "&")
}

/// Values of every `name="…"` attribute in `html` (unescaped), in document order. The name
/// must follow whitespace, so `href` does not match `data-href`.
pub fn attr_values(html: &str, name: &str) -> Vec<String> {
    let pat = format!("{name}=\"");
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = html[from..].find(&pat) {
        let at = from + i;
        let start = at + pat.len();
        let end = start + html[start..].find('"').expect("closing quote");
        let before = html[..at].chars().next_back();
        if before.is_some_and(char::is_whitespace) {
            out.push(unescape(&html[start..end]));
        }
        from = end + 1;
    }
    out
}

/// Every `href` and `src` value of a page.
pub fn links(html: &str) -> Vec<String> {
    let mut all = attr_values(html, "href");
    all.extend(attr_values(html, "src"));
    all
}

/// The `href` of the first tag whose text contains `marker` (e.g. `rel="next"`), looking
/// only inside that tag.
pub fn href_in_tag_with(html: &str, marker: &str) -> Option<String> {
    let at = html.find(marker)?;
    let tag_start = html[..at].rfind('<')?;
    let tag_end = at + html[at..].find('>')?;
    attr_values(&html[tag_start..=tag_end], "href")
        .into_iter()
        .next()
}

/// Map a site link to the output file it names: `base_path` is stripped, `#fragment` and
/// `?query` dropped, the rest percent-decoded, and `x/` (or a folder) becomes `x/index.html`.
/// `None` for links that do not start with `base_path`.
pub fn resolve(out: &Path, base_path: &str, link: &str) -> Option<PathBuf> {
    let rest = link.strip_prefix(base_path)?;
    let rest = rest.split(['#', '?']).next().unwrap_or("");
    let decoded = percent_encoding::percent_decode_str(rest)
        .decode_utf8()
        .unwrap_or_else(|e| panic!("link {link:?} is not UTF-8 once decoded: {e}"))
        .into_owned();
    let mut path = out.join(&decoded);
    if decoded.is_empty() || decoded.ends_with('/') || path.is_dir() {
        path = path.join("index.html");
    }
    Some(path)
}

/// The article list of an index or term page: `(href, title)` of each
/// `<h2 class="item-title">`, in order.
pub fn list_items(html: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find("<h2 class=\"item-title\">") {
        rest = &rest[i..];
        let end = rest.find("</h2>").expect("item title closes");
        let h2 = &rest[..end];
        let a = h2.rfind("<a ").expect("item title has a link");
        let href = attr_values(&h2[a..], "href")
            .into_iter()
            .next()
            .expect("href");
        let text_start = a + h2[a..].find('>').unwrap() + 1;
        let text_end = text_start + h2[text_start..].find("</a>").unwrap();
        out.push((href, unescape(&h2[text_start..text_end])));
        rest = &rest[end..];
    }
    out
}

/// Titles of [`list_items`].
pub fn list_titles(html: &str) -> Vec<String> {
    list_items(html).into_iter().map(|(_, t)| t).collect()
}

/// `datetime` values of the `<time>` elements in an article list, in order.
pub fn list_dates(html: &str) -> Vec<String> {
    let list = match (html.find("<ol class=\"item-list\">"), html.find("</ol>")) {
        (Some(s), Some(_)) => &html[s..],
        _ => return Vec::new(),
    };
    let end = list.find("\n  </ol>").unwrap_or(list.len());
    attr_values(&list[..end], "datetime")
}

/// One entry of `/tags/` or `/categories/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermEntry {
    pub href: String,
    pub name: String,
    pub count: usize,
}

/// The entries of a taxonomy list page (`<ul class="term-list">`), in order.
pub fn term_entries(html: &str) -> Vec<TermEntry> {
    let Some(start) = html.find("<ul class=\"term-list\">") else {
        return Vec::new();
    };
    let list = &html[start..];
    let list = &list[..list.find("</ul>").unwrap()];
    list.split("<li>")
        .skip(1)
        .map(|li| {
            let href = attr_values(li, "href").into_iter().next().expect("href");
            let name_start = li.find("<span class=\"term-name\">").expect("term-name");
            let name_html = &li[name_start..];
            let name_html =
                &name_html[..name_html.find("</span><span class=\"term-count\"").unwrap()];
            // Drop the inner `#` span of tags and the outer span tag itself.
            let name = strip_tags(name_html).trim_start_matches('#').to_string();
            let count_at = li.find("<span class=\"term-count\"").unwrap();
            let count_html = &li[count_at..];
            let count_text = strip_tags(&count_html[..count_html.find("</span>").unwrap() + 7]);
            TermEntry {
                href,
                name: unescape(&name),
                count: count_text.trim().parse().expect("term count is a number"),
            }
        })
        .collect()
}

/// Text of an HTML fragment with every tag removed.
pub fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// Names in `dir` that look like a leftover staging or swap folder of a build.
pub fn leftover_build_folders(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| {
            n.contains(".kuaixun-tmp-")
                || n.contains(".kuaixun-old-")
                || n.contains(".kuaixun-apply-")
        })
        .collect()
}

/// `kuaixun check --root <root> <extra…>` (any exit status); returns the run.
pub fn check_cli(root: &Path, extra: &[&str]) -> Output {
    let mut args: Vec<&OsStr> = vec![OsStr::new("check"), OsStr::new("--root"), root.as_os_str()];
    args.extend(extra.iter().map(OsStr::new));
    run(&args)
}
