//! Config stage: `config.yaml` at the site root → [`Config`], with defaults filled in and
//! every unknown key reported by name and line (typos must not pass silently).

use std::collections::BTreeMap;
use std::path::Path;

use jiff::tz::TimeZone;
use serde::Deserialize;

use crate::error::{Error, Result};
use crate::yaml;

pub mod editions;
pub mod taxonomies;
pub use editions::Edition;
pub use taxonomies::{AuthorDef, TaxonomyDef, TaxonomyEntry, TermSort};

pub const CONFIG_FILE: &str = "config.yaml";

/// Site-wide settings. Field names are the keys of `config.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub title: String,
    pub description: String,
    /// Full URL of the site root, possibly with a sub-path (`https://user.github.io/news/`).
    pub base_url: String,
    pub language: String,
    pub timezone: String,
    /// Articles per list page.
    pub paginate: usize,
    /// URL pattern for articles; tokens `:year :month :day :slug :category`.
    pub permalink: String,
    /// syntect theme used for the generated `css/syntax.css`.
    pub highlight_theme: String,
    /// Default author for articles that name none.
    pub author: Option<String>,
    /// Fixed slugs for tag/category names (`人工智能: ai`), consulted before pinyin.
    pub slugs: BTreeMap<String, String>,
    /// `pinyin` (default: ASCII URLs) or `unicode` (keep Chinese in URLs, percent-encoded in links).
    pub slug_style: SlugStyle,
    pub reading_speed: ReadingSpeed,
    /// The config text, for pointing later errors at a line.
    #[serde(skip)]
    pub source: String,
    /// Articles in each feed.
    pub feed_limit: usize,
    /// `full` (default) or `summary`: what feed entries carry.
    pub feed_content: FeedContent,
    /// Add Baidu's mobile namespace to the sitemap.
    pub sitemap_baidu_mobile: bool,
    /// Build the Chinese full-text search index and `/search/` page (default true).
    pub search: bool,
    /// Markdown rendering settings (`markdown: {raw_html: sanitize}`).
    pub markdown: MarkdownConfig,
    /// Folders outside the site that symlinks in `content/`, `static/` and `templates/` may
    /// point into (absolute, or relative to the site root). Empty by default: a symlink
    /// that resolves outside the site folder is an error.
    pub allow_symlinks_to: Vec<String>,
    /// Most terms (tags, categories) one article may list (default 50).
    pub max_terms_per_article: usize,
    /// `kuaixun deploy` targets by name (`deploy: {production: {endpoint: …, bucket: …}}`).
    pub deploy: BTreeMap<String, DeployTarget>,
    /// Search engines told about new and changed articles after a deploy (`kuaixun push`).
    pub push: PushConfig,
    /// Write `/news-sitemap.xml` (Google News: articles of the last two days).
    pub news_sitemap: bool,
    /// What `kuaixun check` reports (`check: {copywriting: warn, rules: {…}}`).
    pub check: CheckConfig,
    /// The header menu (`menu:`); empty means the theme's default (top-level sections).
    pub menu: Vec<MenuEntry>,
    /// The footer menu (`footer_menu:`).
    pub footer_menu: Vec<MenuEntry>,
    /// 备案 numbers shown in the footer (`beian: {icp: …, police: …}`).
    pub beian: BeianConfig,
    /// Analytics ids (`analytics: {baidu: …, google: …}`); nothing loads without them.
    pub analytics: AnalyticsConfig,
    /// The comment system under articles (`comments: {provider: giscus, …}`).
    pub comments: Option<CommentsConfig>,
    /// `taxonomies:` as written; [`Config::taxonomies`] is what they mean.
    #[serde(rename = "taxonomies")]
    pub taxonomy_entries: Vec<TaxonomyEntry>,
    /// Every taxonomy of the site, defaults filled in: `tags`, `categories`, then the others
    /// (`authors` when there is an author registry). Not a config key.
    #[serde(skip)]
    pub taxonomies: Vec<TaxonomyDef>,
    /// The author registry: id → name, bio, avatar, links (`authors:`, else
    /// `data/authors.yaml`). Empty: `author:` values are names, as written.
    pub authors: BTreeMap<String, AuthorDef>,
    /// Shortcode embeds and diagrams (`embeds: {load_scripts: false, mermaid_url: …}`).
    pub embeds: EmbedsConfig,
    /// Local images: responsive variants, dimensions, cover crops (`src/images/`).
    pub images: ImagesConfig,
    /// Script editions converted from the Simplified source (`variants: [zh-TW, zh-HK]`),
    /// each under its own path (`/zh-tw/`); see `src/variants/`.
    pub variants: Vec<String>,
    /// Front-matter fields kept as written in every variant (`variants_keep: [author]`).
    pub variants_keep: Vec<String>,
    /// Translated editions (`languages: [en]`): `foo.en.md` beside `foo.md` is its
    /// translation, under `/en/`.
    pub languages: Vec<editions::LanguageEntry>,
    /// The site's editions, main first (empty without `variants:`). Not a config key.
    #[serde(skip)]
    pub editions: Vec<Edition>,
    /// The edition this config renders (index into `editions`; see [`Config::for_edition`]).
    #[serde(skip)]
    pub edition: usize,
    /// Per edition, the site-relative URLs of its pages, when some edition lacks pages the
    /// others have (`languages:`: untranslated articles); empty: every edition has every
    /// page. Set by the build, not a config key.
    #[serde(skip)]
    pub edition_pages: Vec<std::sync::Arc<std::collections::HashSet<String>>>,
    /// The main edition's `base_url` in an edition's config (empty in the main config).
    #[serde(skip)]
    pub root_base_url: String,
    /// Set by `kuaixun serve` (not a config key): analytics stay off unless
    /// `analytics.in_serve: true`.
    #[serde(skip)]
    pub serving: bool,
}

/// `beian:` — the 备案 numbers a site hosted in mainland China shows in its footer.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, default)]
pub struct BeianConfig {
    /// ICP 备案号 (`京ICP备12345678号-1`), linked to https://beian.miit.gov.cn/.
    pub icp: Option<String>,
    /// 公安备案号 (`京公网安备11010502000001号`), linked to the MPS query page by its digits.
    pub police: Option<String>,
}

impl BeianConfig {
    /// The digits of the 公安备案号: the `code` of its query page.
    pub fn police_code(&self) -> Option<String> {
        let digits: String = self
            .police
            .as_deref()?
            .chars()
            .filter(char::is_ascii_digit)
            .collect();
        (!digits.is_empty()).then_some(digits)
    }
}

/// `analytics:` — ids of the analytics services, each checked against its pattern (the
/// theme writes them into scripts).
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, default)]
pub struct AnalyticsConfig {
    /// 百度统计: the 32 hex digits after `hm.js?`.
    pub baidu: Option<String>,
    /// 51.la: the site id of `LA.init({id: …})`.
    pub la51: Option<String>,
    /// Google Analytics 4 measurement id (`G-XXXXXXX`).
    pub google: Option<String>,
    pub plausible: Option<PlausibleConfig>,
    pub umami: Option<UmamiConfig>,
    /// Also load analytics in `kuaixun serve` (default false).
    pub in_serve: bool,
}

impl AnalyticsConfig {
    pub fn any(&self) -> bool {
        self.baidu.is_some()
            || self.la51.is_some()
            || self.google.is_some()
            || self.plausible.is_some()
            || self.umami.is_some()
    }
}

#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct PlausibleConfig {
    /// The site's domain as registered in Plausible (`example.com`, several comma-separated).
    pub domain: String,
    /// The script (default `https://plausible.io/js/script.js`; self-hosted: your URL).
    #[serde(default)]
    pub src: Option<String>,
}

#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct UmamiConfig {
    /// The website id (a UUID).
    pub website_id: String,
    /// The script of your Umami instance (`https://umami.example.com/script.js`).
    pub src: String,
}

/// The comment systems the default theme can load.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum CommentProvider {
    Waline,
    Twikoo,
    Giscus,
}

impl CommentProvider {
    pub fn name(self) -> &'static str {
        match self {
            CommentProvider::Waline => "waline",
            CommentProvider::Twikoo => "twikoo",
            CommentProvider::Giscus => "giscus",
        }
    }

    /// The provider's documented CDN script.
    pub fn default_script(self) -> &'static str {
        match self {
            CommentProvider::Waline => "https://unpkg.com/@waline/client@v3/dist/waline.js",
            CommentProvider::Twikoo => {
                "https://cdn.jsdelivr.net/npm/twikoo@1/dist/twikoo.all.min.js"
            }
            CommentProvider::Giscus => "https://giscus.app/client.js",
        }
    }
}

/// `comments:` — loaded lazily under each article (front matter `comments: false` turns it
/// off there; standalone pages need `comments: true`).
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct CommentsConfig {
    pub provider: CommentProvider,
    /// Waline: the server URL; Twikoo: the environment id or the URL of its server.
    #[serde(default)]
    pub server_url: Option<String>,
    /// The provider's script, instead of its CDN default.
    #[serde(default)]
    pub script: Option<String>,
    /// Waline's stylesheet, instead of its CDN default.
    #[serde(default)]
    pub css: Option<String>,
    /// Giscus settings (from https://giscus.app).
    #[serde(default)]
    pub giscus: Option<GiscusConfig>,
}

impl CommentsConfig {
    pub fn script_url(&self) -> &str {
        self.script
            .as_deref()
            .unwrap_or(self.provider.default_script())
    }

    /// Waline's stylesheet; none for the others.
    pub fn css_url(&self) -> Option<&str> {
        match self.provider {
            CommentProvider::Waline => Some(
                self.css
                    .as_deref()
                    .unwrap_or("https://unpkg.com/@waline/client@v3/dist/waline.css"),
            ),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct GiscusConfig {
    /// `owner/name` of the GitHub repository holding the discussions.
    pub repo: String,
    pub repo_id: String,
    pub category: String,
    pub category_id: String,
    /// How pages map to discussions: `pathname` (default), `url`, `title`, `og:title`.
    #[serde(default = "default_giscus_mapping")]
    pub mapping: String,
}

fn default_giscus_mapping() -> String {
    "pathname".into()
}

/// One `menu:` / `footer_menu:` entry: a name and exactly one of `url`, `page`, `section`
/// (resolved and checked against the site by the site model).
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct MenuEntry {
    pub name: String,
    #[serde(default)]
    pub url: Option<String>,
    /// A page: its path under `content/pages/` (or `content/`) without `.md`, or its slug.
    #[serde(default)]
    pub page: Option<String>,
    /// A section: its folder under `content/`, or its URL path.
    #[serde(default)]
    pub section: Option<String>,
    /// `true`: opens in a new tab (`target="_blank"`); external links get it by default.
    #[serde(default)]
    pub new_tab: Option<bool>,
}

/// `check:` settings.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, default)]
pub struct CheckConfig {
    /// `off`, `warn` (default) or `error`: how copywriting findings count.
    pub copywriting: LintLevel,
    /// Which copywriting rules run.
    pub rules: CopyRules,
}

/// How a class of `check` findings counts.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum LintLevel {
    Off,
    #[default]
    Warn,
    Error,
}

/// The copywriting rules, each on or off. Spacing between Chinese and digits (`2018 年`) is
/// off by default: many publications write `2018年` on purpose.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, default)]
pub struct CopyRules {
    /// A space between Chinese and digits: `共 3 万` (off by default).
    pub digit_spacing: bool,
    /// A space between Chinese and Latin letters: `使用 Rust 开发`.
    pub latin_spacing: bool,
    /// No space around full-width punctuation: `发布，速度`.
    pub punctuation_spacing: bool,
    /// Full-width punctuation in Chinese text: `，` not `,`.
    pub punctuation_width: bool,
    /// Half-width letters and digits, not full-width `ＡＩ`.
    pub fullwidth_alnum: bool,
    /// A single `！`/`？`, not `！！`.
    pub repeated_punctuation: bool,
}

impl Default for CopyRules {
    fn default() -> Self {
        CopyRules {
            digit_spacing: false,
            latin_spacing: true,
            punctuation_spacing: true,
            punctuation_width: true,
            fullwidth_alnum: true,
            repeated_punctuation: true,
        }
    }
}

/// One `deploy:` target: an S3-compatible bucket (AWS S3, Cloudflare R2, MinIO, Aliyun OSS
/// and Tencent COS through their S3 endpoints). Credentials never live here: they come from
/// the environment or the AWS credential files.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct DeployTarget {
    /// `https://s3.us-east-1.amazonaws.com`, `https://<account>.r2.cloudflarestorage.com`,
    /// `https://oss-cn-hangzhou.aliyuncs.com`, `https://cos.ap-shanghai.myqcloud.com`, …
    pub endpoint: String,
    pub bucket: String,
    /// Signing region (`us-east-1`, `auto` for R2, `oss-cn-hangzhou`, `ap-shanghai`).
    #[serde(default = "default_region")]
    pub region: String,
    /// Key prefix inside the bucket (`news/`); empty for the bucket root.
    #[serde(default)]
    pub prefix: String,
    /// `https://endpoint/bucket/key` instead of `https://bucket.endpoint/key` (MinIO).
    #[serde(default)]
    pub path_style: bool,
    /// Profile of `~/.aws/credentials` to use when the environment has no keys.
    #[serde(default)]
    pub profile: Option<String>,
    /// Uploads in flight at once.
    #[serde(default = "default_concurrency")]
    pub concurrency: usize,
    /// `Cache-Control` overrides, first matching glob wins: `[{glob: "images/**", value: "…"}]`.
    #[serde(default)]
    pub cache_control: Vec<CacheRule>,
}

/// A `Cache-Control` value for the output paths matching a glob (`*` within a folder name,
/// `**` across folders, `?` one character).
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct CacheRule {
    pub glob: String,
    pub value: String,
}

fn default_region() -> String {
    "us-east-1".into()
}

fn default_concurrency() -> usize {
    8
}

/// `push:` settings: which search engines hear about new and changed articles.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, default)]
pub struct PushConfig {
    /// Baidu 普通收录 API push (token in `KUAIXUN_BAIDU_TOKEN`); `baidu: {}` turns it on.
    pub baidu: Option<BaiduPush>,
    /// IndexNow (Bing, Yandex, Seznam, Naver…); the key file is written into the site.
    pub indexnow: Option<IndexNowPush>,
}

#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, default)]
pub struct BaiduPush {
    /// The API address (documented: `http://data.zz.baidu.com/urls`).
    pub endpoint: String,
    /// The site as registered in Baidu's 搜索资源平台; default: the origin of `base_url`.
    pub site: Option<String>,
}

impl Default for BaiduPush {
    fn default() -> Self {
        BaiduPush {
            endpoint: "http://data.zz.baidu.com/urls".into(),
            site: None,
        }
    }
}

#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, default)]
pub struct IndexNowPush {
    /// 8–128 characters `a-z A-Z 0-9 -`; the build writes it to `/<key>.txt`.
    pub key: String,
    /// The API address (documented: `https://api.indexnow.org/indexnow`).
    pub endpoint: String,
}

impl Default for IndexNowPush {
    fn default() -> Self {
        IndexNowPush {
            key: String::new(),
            endpoint: "https://api.indexnow.org/indexnow".into(),
        }
    }
}

impl IndexNowPush {
    /// The key file's path in the output.
    pub fn key_file(&self) -> String {
        format!("{}.txt", self.key)
    }
}

/// Keys that hold credentials: refused in `deploy:` targets with a pointer to the environment.
const CREDENTIAL_KEYS: &[&str] = &[
    "access_key",
    "access_key_id",
    "secret_key",
    "secret_access_key",
    "aws_access_key_id",
    "aws_secret_access_key",
    "session_token",
    "token",
    "password",
    "secret",
];

/// `embeds:` — what shortcode embeds and diagrams may load.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, default)]
pub struct EmbedsConfig {
    /// Let social cards (`x`/`tweet`) load their platform's script to upgrade the static
    /// card. Default `false`: no third-party script ever loads by itself.
    pub load_scripts: bool,
    /// The Mermaid ES module pages with a ```` ```mermaid ```` block import (https only).
    pub mermaid_url: String,
}

impl Default for EmbedsConfig {
    fn default() -> Self {
        EmbedsConfig {
            load_scripts: false,
            mermaid_url: crate::markdown::MERMAID_URL.to_string(),
        }
    }
}

/// `images:` settings (see `src/images/`).
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, default)]
pub struct ImagesConfig {
    /// `false`: images are copied as they are, with no variants and no width/height.
    pub enabled: bool,
    /// Widths of the responsive variants (never wider than the original).
    pub widths: Vec<u32>,
    /// The variants' format.
    pub format: ImageFormat,
    /// Lossy quality of the variants, 1–100.
    pub quality: u8,
    /// Images with more pixels than this are not decoded (a decompression bomb guard).
    pub max_pixels: u64,
}

impl Default for ImagesConfig {
    fn default() -> Self {
        ImagesConfig {
            enabled: true,
            widths: vec![480, 960, 1600],
            format: ImageFormat::Webp,
            quality: 80,
            max_pixels: 100_000_000,
        }
    }
}

/// Variant formats: `webp` (lossy libwebp). `avif` is refused with a message.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum ImageFormat {
    #[default]
    Webp,
    Avif,
}

/// `markdown:` settings.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, default)]
pub struct MarkdownConfig {
    /// What happens to raw HTML written in Markdown.
    pub raw_html: RawHtml,
}

/// The raw-HTML policy: `allow` passes it through, `sanitize` (default) keeps safe tags and
/// attributes and drops scripts, event handlers and dangerous URLs, `escape` shows it as text.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum RawHtml {
    Allow,
    #[default]
    Sanitize,
    Escape,
}

/// What feed entries carry.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum FeedContent {
    #[default]
    Full,
    Summary,
}

/// How names and titles become URL slugs.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum SlugStyle {
    /// `人工智能` → `ren-gong-zhi-neng`.
    #[default]
    Pinyin,
    /// `人工智能` → `人工智能` (unsafe URL characters still removed).
    Unicode,
}

/// Reading speed used for `article.reading_time`.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, default)]
pub struct ReadingSpeed {
    /// CJK characters per minute.
    pub cjk: u32,
    /// Latin words per minute.
    pub latin: u32,
}

impl Default for ReadingSpeed {
    fn default() -> Self {
        ReadingSpeed {
            cjk: 300,
            latin: 200,
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "快讯".into(),
            description: String::new(),
            base_url: "/".into(),
            language: "zh-CN".into(),
            timezone: "Asia/Shanghai".into(),
            paginate: 10,
            permalink: "/posts/:slug/".into(),
            highlight_theme: "InspiredGitHub".into(),
            author: None,
            slugs: BTreeMap::new(),
            slug_style: SlugStyle::Pinyin,
            reading_speed: ReadingSpeed::default(),
            source: String::new(),
            search: true,
            feed_limit: 20,
            feed_content: FeedContent::Full,
            sitemap_baidu_mobile: false,
            markdown: MarkdownConfig::default(),
            allow_symlinks_to: Vec::new(),
            max_terms_per_article: 50,
            deploy: BTreeMap::new(),
            push: PushConfig::default(),
            news_sitemap: false,
            check: CheckConfig::default(),
            menu: Vec::new(),
            footer_menu: Vec::new(),
            beian: BeianConfig::default(),
            analytics: AnalyticsConfig::default(),
            comments: None,
            taxonomy_entries: Vec::new(),
            taxonomies: taxonomies::resolve(&[], false, "").expect("default taxonomies"),
            authors: BTreeMap::new(),
            embeds: EmbedsConfig::default(),
            images: ImagesConfig::default(),
            variants: Vec::new(),
            variants_keep: Vec::new(),
            languages: Vec::new(),
            editions: Vec::new(),
            edition: 0,
            edition_pages: Vec::new(),
            root_base_url: String::new(),
            serving: false,
        }
    }
}

impl Config {
    /// Read `config.yaml` from the site root; a missing file means all defaults.
    pub fn load(root: &Path) -> Result<Config> {
        if !root.is_dir() {
            return Err(Error::in_file(
                root,
                "the site folder does not exist (check --root)",
            ));
        }
        let path = root.join(CONFIG_FILE);
        match std::fs::read(&path) {
            Ok(bytes) => {
                let text = String::from_utf8(bytes)
                    .map_err(|_| Error::in_file(CONFIG_FILE, "file is not valid UTF-8"))?;
                let config = Config::parse(&text).map_err(|e| Error {
                    file: Some(CONFIG_FILE.into()),
                    ..e
                })?;
                config.check_symlink_folders(root)?;
                config.with_authors_file(root)
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                Config::default().with_authors_file(root)
            }
            Err(e) => Err(Error::io(CONFIG_FILE, e)),
        }
    }

    /// Without `authors:` in config.yaml, the registry in `data/authors.yaml` (if any).
    fn with_authors_file(mut self, root: &Path) -> Result<Config> {
        if self.authors.is_empty() {
            if let Some(authors) = taxonomies::load_authors_file(root)? {
                if !authors.is_empty() {
                    self.authors = authors;
                    self.taxonomies =
                        taxonomies::resolve(&self.taxonomy_entries, true, &self.source).map_err(
                            |e| Error {
                                file: Some(CONFIG_FILE.into()),
                                ..e
                            },
                        )?;
                }
            }
        }
        Ok(self)
    }

    /// The taxonomy named `name`, with its index.
    pub fn taxonomy(&self, name: &str) -> Option<(usize, &TaxonomyDef)> {
        self.taxonomies
            .iter()
            .enumerate()
            .find(|(_, d)| d.name == name)
    }

    /// Parse and validate config text. Errors carry a line but no file name.
    pub fn parse(text: &str) -> Result<Config> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let value = yaml::parse(text).map_err(|e| {
            Error::new(format!("invalid YAML: {}", e.describe(0))).at(e.line, e.column)
        })?;
        let value = if value.is_null() {
            serde_json::Value::Object(Default::default())
        } else {
            value
        };
        if !value.is_object() {
            return Err(
                Error::new("config must be a mapping of `key: value` lines").at(Some(1), None)
            );
        }
        refuse_credentials(&value, text)?;
        let mut config: Config = serde_path_to_error::deserialize(value).map_err(|e| {
            let path = e.path().to_string();
            let mut message = e.inner().to_string();
            // serde names Rust types; say what to write instead.
            if let Some(at) = message.find("expected struct ReadingSpeed") {
                message.replace_range(
                    at..,
                    "expected a mapping of characters and words per minute, e.g. `reading_speed: {cjk: 300, latin: 200}`",
                );
            }
            // An unknown key is named in the message; its parent is the path.
            let mut segments: Vec<&str> = path
                .split('.')
                .filter(|s| *s != "." && !s.is_empty())
                .collect();
            if message.starts_with("unknown field") {
                if let Some(key) = backtick_name(&message) {
                    if segments.last() != Some(&key) {
                        segments.push(key);
                    }
                }
            }
            let line = key_path_line(text, &segments);
            let prefix = if path == "." || message.starts_with("unknown field") {
                String::new()
            } else {
                format!("`{path}`: ")
            };
            Error::new(format!("config: {prefix}{message}")).at(line, None)
        })?;
        config.validate(text)?;
        taxonomies::check_authors(&config.authors, text, &["authors"])?;
        config.taxonomies =
            taxonomies::resolve(&config.taxonomy_entries, !config.authors.is_empty(), text)?;
        config.editions = editions::resolve(&config, text)?;
        config.source = text.to_string();
        Ok(config)
    }

    fn validate(&self, text: &str) -> Result<()> {
        let fail = |key: &str, msg: String| Err(Error::new(msg).at(key_line(text, key), None));
        if TimeZone::get(&self.timezone).is_err() {
            return fail(
                "timezone",
                format!(
                    "unknown time zone `{}` (use an IANA name such as Asia/Shanghai)",
                    self.timezone
                ),
            );
        }
        let mermaid = &self.embeds.mermaid_url;
        if !(mermaid.starts_with("https://") || mermaid.starts_with('/'))
            || mermaid.starts_with("//")
            || mermaid.contains(['"', '<', '>', ' '])
        {
            let line = key_path_line(text, &["embeds", "mermaid_url"]).or(key_line(text, "embeds"));
            return Err(Error::new(format!(
                "embeds: mermaid_url: must be an https:// URL or a path of this site starting with `/` (got `{mermaid}`)"
            ))
            .at(line, None));
        }
        if self.paginate == 0 {
            return fail("paginate", "`paginate` must be at least 1".into());
        }
        if let Err(msg) = check_permalink(&self.permalink) {
            return fail("permalink", msg);
        }
        if let Err(msg) = parse_base_url(&self.base_url) {
            return fail("base_url", msg);
        }
        if self.max_terms_per_article == 0 {
            return fail(
                "max_terms_per_article",
                "`max_terms_per_article` must be at least 1".into(),
            );
        }
        if self.reading_speed.cjk == 0 || self.reading_speed.latin == 0 {
            return fail(
                "reading_speed",
                "`reading_speed` values must be above 0".into(),
            );
        }
        for (name, target) in &self.deploy {
            if let Err(msg) = check_deploy_target(target) {
                let line = key_path_line(text, &["deploy", name]).or(key_line(text, "deploy"));
                return Err(Error::new(format!("deploy: `{name}`: {msg}")).at(line, None));
            }
        }
        if let Some(indexnow) = &self.push.indexnow {
            let k = &indexnow.key;
            if !(8..=128).contains(&k.len())
                || !k.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            {
                let line = key_path_line(text, &["push", "indexnow"]).or(key_line(text, "push"));
                return Err(Error::new(format!(
                    "push: indexnow: `key` must be 8 to 128 characters of a-z, A-Z, 0-9 and `-` (got `{k}`)"
                ))
                .at(line, None));
            }
        }
        for (key, entries) in [("menu", &self.menu), ("footer_menu", &self.footer_menu)] {
            for (i, e) in entries.iter().enumerate() {
                let targets = [&e.url, &e.page, &e.section]
                    .iter()
                    .filter(|t| t.is_some())
                    .count();
                let why = if e.name.trim().is_empty() {
                    Some("needs a `name`".to_string())
                } else if targets != 1 {
                    Some(format!(
                        "`{}` needs exactly one of `url`, `page` or `section`",
                        e.name
                    ))
                } else {
                    e.url.as_deref().and_then(|u| {
                        crate::markdown::urls::blocked_scheme(
                            u,
                            crate::markdown::urls::UrlUse::Link,
                        )
                        .map(|s| {
                            format!(
                                "`{}`: {}",
                                e.name,
                                crate::markdown::urls::blocked_message(&s)
                            )
                        })
                    })
                };
                if let Some(why) = why {
                    return Err(Error::new(format!("{key}: entry {}: {why}", i + 1))
                        .at(list_item_line(text, key, i), None));
                }
            }
        }
        self.check_furniture(text)?;
        self.check_images(text)?;
        for (name, slug) in &self.slugs {
            if let Err(why) = crate::content::slug::check_slug(slug) {
                let line = key_path_line(text, &["slugs", name]).or(key_line(text, "slugs"));
                return Err(Error::new(format!("slugs: `{name}`: {why}")).at(line, None));
            }
        }
        Ok(())
    }

    /// `images:` values in range.
    fn check_images(&self, text: &str) -> Result<()> {
        let fail = |key: &str, msg: &str| {
            let line = key_path_line(text, &["images", key]).or(key_line(text, "images"));
            Err(Error::new(format!("images: {key}: {msg}")).at(line, None))
        };
        let i = &self.images;
        if i.widths.is_empty() || i.widths.iter().any(|w| !(16..=8192).contains(w)) {
            return fail("widths", "needs one or more widths from 16 to 8192 pixels");
        }
        if !(1..=100).contains(&i.quality) {
            return fail("quality", "must be from 1 to 100");
        }
        if i.format == ImageFormat::Avif {
            return fail(
                "format",
                "`avif` is not supported (no AVIF encoder fast enough for a build); use `webp`",
            );
        }
        if i.max_pixels == 0 {
            return fail("max_pixels", "must be above 0");
        }
        Ok(())
    }

    /// `beian`, `analytics` and `comments`: values the theme writes into links and scripts,
    /// each checked against its pattern so that none can smuggle in markup or code.
    fn check_furniture(&self, text: &str) -> Result<()> {
        let fail = |path: &[&str], msg: String| {
            let line = key_path_line(text, path).or(key_line(text, path[0]));
            Err(Error::new(format!("{}: {msg}", path.join(": "))).at(line, None))
        };
        let b = &self.beian;
        if b.icp.as_deref().is_some_and(|s| s.trim().is_empty()) {
            return fail(&["beian", "icp"], "the ICP 备案号 is empty".into());
        }
        if let Some(police) = &b.police {
            if b.police_code().is_none() {
                return fail(
                    &["beian", "police"],
                    format!("`{police}` has no digits: write the whole 公安备案号, e.g. `京公网安备11010502000001号`"),
                );
            }
        }
        let a = &self.analytics;
        let ids: [IdCheck; 3] = [
            (
                "baidu",
                &a.baidu,
                is_baidu_id,
                "32 hex digits (the part after `hm.js?`)",
            ),
            (
                "la51",
                &a.la51,
                is_la51_id,
                "4 to 32 letters and digits (the `id` of `LA.init`)",
            ),
            (
                "google",
                &a.google,
                is_ga_id,
                "a measurement id like `G-ABC123XYZ`",
            ),
        ];
        for (key, value, ok, what) in ids {
            if let Some(v) = value {
                if !ok(v) {
                    return fail(
                        &["analytics", key],
                        format!("`{v}` is not an id: expected {what}"),
                    );
                }
            }
        }
        if let Some(p) = &a.plausible {
            if !is_domain_list(&p.domain) {
                return fail(
                    &["analytics", "plausible", "domain"],
                    format!(
                        "`{}` is not a domain (e.g. `example.com`; several separated by commas)",
                        p.domain
                    ),
                );
            }
            if let Some(src) = &p.src {
                if let Err(why) = check_script_url(src) {
                    return fail(&["analytics", "plausible", "src"], why);
                }
            }
        }
        if let Some(u) = &a.umami {
            if !is_uuid(&u.website_id) {
                return fail(
                    &["analytics", "umami", "website_id"],
                    format!(
                        "`{}` is not a UUID (like `94db1cb1-74f4-4a40-ad6c-962362670409`)",
                        u.website_id
                    ),
                );
            }
            if let Err(why) = check_script_url(&u.src) {
                return fail(&["analytics", "umami", "src"], why);
            }
        }
        let Some(c) = &self.comments else {
            return Ok(());
        };
        for (key, url) in [("script", &c.script), ("css", &c.css)] {
            if let Some(url) = url {
                if let Err(why) = check_script_url(url) {
                    return fail(&["comments", key], why);
                }
            }
        }
        match c.provider {
            CommentProvider::Waline => match &c.server_url {
                None => return fail(&["comments"], "waline needs `server_url` (the address of your Waline server)".into()),
                Some(u) => {
                    if let Err(why) = check_script_url(u) {
                        return fail(&["comments", "server_url"], why);
                    }
                }
            },
            CommentProvider::Twikoo => match &c.server_url {
                None => return fail(&["comments"], "twikoo needs `server_url` (the environment id, or the URL of your Twikoo server)".into()),
                Some(u) => {
                    let env_id = !u.is_empty()
                        && u.len() <= 64
                        && u.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
                    if !env_id {
                        if let Err(why) = check_script_url(u) {
                            return fail(&["comments", "server_url"], format!("{why} (or an environment id of letters, digits, `-` and `_`)"));
                        }
                    }
                }
            },
            CommentProvider::Giscus => {
                let Some(g) = &c.giscus else {
                    return fail(&["comments"], "giscus needs `giscus: {repo, repo_id, category, category_id}` (the values https://giscus.app shows)".into());
                };
                let token = |s: &str| {
                    !s.is_empty()
                        && s.len() <= 100
                        && s.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
                };
                let repo_ok = g.repo.split_once('/').is_some_and(|(o, n)| token(o) && token(n));
                let checks = [
                    ("repo", repo_ok, "`owner/name` of a GitHub repository"),
                    ("repo_id", token(&g.repo_id), "an id like `R_kgDOxxxxxx`"),
                    ("category", !g.category.trim().is_empty(), "a discussion category name"),
                    ("category_id", token(&g.category_id), "an id like `DIC_kwDOxxxxxx`"),
                    (
                        "mapping",
                        ["pathname", "url", "title", "og:title"].contains(&g.mapping.as_str()),
                        "one of pathname, url, title, og:title",
                    ),
                ];
                for (key, ok, what) in checks {
                    if !ok {
                        let value = match key {
                            "repo" => &g.repo,
                            "repo_id" => &g.repo_id,
                            "category" => &g.category,
                            "category_id" => &g.category_id,
                            _ => &g.mapping,
                        };
                        return fail(&["comments", "giscus", key], format!("`{value}`: expected {what}"));
                    }
                }
            }
        }
        Ok(())
    }

    /// Every `allow_symlinks_to` folder must exist: a typo would quietly allow nothing.
    fn check_symlink_folders(&self, root: &Path) -> Result<()> {
        for dir in &self.allow_symlinks_to {
            let path = root.join(dir);
            if path.is_dir() {
                continue;
            }
            let what = if path.exists() {
                "is not a folder"
            } else {
                "does not exist"
            };
            // The list item's line: the first line from the key on that names the folder.
            let line = key_line(&self.source, "allow_symlinks_to").map(|key| {
                self.source
                    .lines()
                    .enumerate()
                    .skip(key - 1)
                    .find(|(_, l)| l.contains(dir.as_str()))
                    .map_or(key, |(i, _)| i + 1)
            });
            return Err(Error::in_file(
                CONFIG_FILE,
                format!(
                    "allow_symlinks_to: `{dir}` {what} (list folders that exist, absolute or relative to the site folder)"
                ),
            )
            .at(line, None));
        }
        Ok(())
    }

    /// 1-based line of a top-level key in `config.yaml`, when it was written there.
    pub fn line_of(&self, key: &str) -> Option<usize> {
        key_line(&self.source, key)
    }

    /// The path part of `base_url`, always starting and ending with `/` (`/` or `/news/`).
    pub fn base_path(&self) -> String {
        parse_base_url(&self.base_url).unwrap_or_else(|_| "/".into())
    }

    /// `base_url` with exactly one trailing slash (non-ASCII percent-encoded).
    pub fn base_url_slash(&self) -> String {
        encode_non_ascii(&format!("{}/", self.base_url.trim_end_matches('/')))
    }

    pub fn tz(&self) -> TimeZone {
        TimeZone::get(&self.timezone).unwrap_or(TimeZone::UTC)
    }
}

/// A deploy target's values: an http(s) endpoint, a bucket, a prefix without `..`.
fn check_deploy_target(t: &DeployTarget) -> std::result::Result<(), String> {
    if !(t.endpoint.starts_with("https://") || t.endpoint.starts_with("http://")) {
        return Err(format!(
            "`endpoint` must be an http:// or https:// URL (got `{}`)",
            t.endpoint
        ));
    }
    if t.bucket.trim().is_empty() || t.bucket.contains('/') {
        return Err(format!(
            "`bucket` must be a bucket name without `/` (got `{}`)",
            t.bucket
        ));
    }
    if t.prefix.split('/').any(|s| s == ".." || s == ".") || t.prefix.contains('\\') {
        return Err(format!(
            "`prefix` `{}` must not contain `.` or `..` segments",
            t.prefix
        ));
    }
    if !(1..=64).contains(&t.concurrency) {
        return Err("`concurrency` must be between 1 and 64".into());
    }
    if let Some(rule) = t.cache_control.iter().find(|r| r.glob.trim().is_empty()) {
        return Err(format!(
            "cache_control: a rule for `{}` has an empty `glob`",
            rule.value
        ));
    }
    Ok(())
}

/// An analytics id to check: key, value, pattern, what the pattern wants.
type IdCheck<'a> = (&'a str, &'a Option<String>, fn(&str) -> bool, &'a str);

/// 百度统计 id: 32 hex digits.
fn is_baidu_id(s: &str) -> bool {
    s.len() == 32 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// 51.la id: 4–32 letters and digits.
fn is_la51_id(s: &str) -> bool {
    (4..=32).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// Google Analytics 4 measurement id: `G-` and 4–20 capital letters or digits.
fn is_ga_id(s: &str) -> bool {
    s.strip_prefix("G-").is_some_and(|rest| {
        (4..=20).contains(&rest.len())
            && rest
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
    })
}

/// `example.com` or `a.example,b.example`: host names only.
fn is_domain_list(s: &str) -> bool {
    s.split(',').all(|d| {
        let d = d.trim();
        !d.is_empty()
            && d.len() <= 253
            && d.split('.').all(|label| {
                !label.is_empty()
                    && !label.starts_with('-')
                    && label
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-')
            })
    })
}

/// A UUID: 8-4-4-4-12 hex digits.
fn is_uuid(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() == 5
        && parts
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(p, n)| p.len() == n && p.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// A URL the theme loads a script, stylesheet or server from: http(s), a host, and no
/// spaces, quotes, angle brackets or backslashes.
pub fn check_script_url(url: &str) -> std::result::Result<(), String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    let clean = !url.chars().any(|c| {
        c.is_whitespace() || c.is_control() || matches!(c, '"' | '\'' | '<' | '>' | '\\' | '`')
    });
    match rest {
        Some(r) if clean && !r.is_empty() && !r.starts_with('/') => Ok(()),
        _ => Err(format!(
            "`{url}` must be an http:// or https:// URL without spaces, quotes or angle brackets"
        )),
    }
}

/// Credentials under `deploy:` are refused before anything else reads them: they belong in
/// the environment (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`) or `~/.aws/credentials`.
fn refuse_credentials(value: &serde_json::Value, text: &str) -> Result<()> {
    let Some(targets) = value.get("deploy").and_then(|d| d.as_object()) else {
        return Ok(());
    };
    for (name, target) in targets {
        let Some(fields) = target.as_object() else {
            continue;
        };
        for key in fields.keys() {
            if CREDENTIAL_KEYS.contains(&key.to_ascii_lowercase().as_str()) {
                let line = key_path_line(text, &["deploy", name, key]);
                return Err(Error::new(format!(
                    "config: deploy: `{name}`: `{key}` is a credential, and kuaixun never reads credentials from config.yaml (a file that is committed and published); remove it and set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment, or use a profile of ~/.aws/credentials"
                ))
                .at(line, None));
            }
        }
    }
    Ok(())
}

/// Validate a permalink pattern: starts with `/`, known tokens only, no `.`/`..` segments.
pub fn check_permalink(pattern: &str) -> std::result::Result<(), String> {
    if !pattern.starts_with('/') {
        return Err(format!("permalink `{pattern}` must start with `/`"));
    }
    for segment in pattern.split('/') {
        if segment == ".." || segment == "." || segment.contains('\\') {
            return Err(format!(
                "permalink `{pattern}` would escape the output folder"
            ));
        }
        let mut rest = segment;
        while let Some(idx) = rest.find(':') {
            let token: String = rest[idx + 1..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !["year", "month", "day", "slug", "category", "section"].contains(&token.as_str()) {
                return Err(format!(
                    "permalink `{pattern}` uses unknown token `:{token}` (known: :year :month :day :slug :category :section)"
                ));
            }
            rest = &rest[idx + 1 + token.len()..];
        }
    }
    Ok(())
}

/// Extract the path of a base URL: `https://a.b/news` → `/news/`, `/` → `/`.
fn parse_base_url(base_url: &str) -> std::result::Result<String, String> {
    let rest = if let Some(idx) = base_url.find("://") {
        let after = &base_url[idx + 3..];
        match after.find('/') {
            Some(slash) => &after[slash..],
            None => "/",
        }
    } else if base_url.starts_with('/') || base_url.is_empty() {
        if base_url.is_empty() {
            "/"
        } else {
            base_url
        }
    } else {
        return Err(format!(
            "base_url `{base_url}` must be a full URL (https://example.com/) or a path starting with `/`"
        ));
    };
    if rest.split('/').any(|s| s == "..") {
        return Err(format!("base_url `{base_url}` must not contain `..`"));
    }
    let trimmed = rest.trim_matches('/');
    Ok(if trimmed.is_empty() {
        "/".into()
    } else {
        encode_non_ascii(&format!("/{trimmed}/"))
    })
}

/// Percent-encode non-ASCII characters and spaces, leaving existing `%XX` escapes alone.
fn encode_non_ascii(s: &str) -> String {
    use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
    const SET: &AsciiSet = &CONTROLS.add(b' ').add(b'"').add(b'<').add(b'>');
    utf8_percent_encode(s, SET).to_string()
}

/// The first name in backticks in a serde message (`unknown field `titel``).
fn backtick_name(message: &str) -> Option<&str> {
    let start = message.find('`')? + 1;
    let len = message[start..].find('`')?;
    Some(&message[start..start + len])
}

/// 1-based line of a nested key (`reading_speed.latin` as `["reading_speed", "latin"]`): each
/// segment is searched (indented or not) after the line of the previous one.
pub fn key_path_line(text: &str, segments: &[&str]) -> Option<usize> {
    let lines: Vec<&str> = text.lines().collect();
    let mut from = 0;
    let mut found = None;
    for seg in segments {
        let idx = (from..lines.len()).find(|&i| {
            let l = lines[i]
                .trim_start_matches('\u{feff}')
                .trim_start()
                .trim_start_matches("- ");
            // `key:`, `"key":` or `'key':`
            let bare = l.strip_prefix(seg);
            let quoted = ['"', '\'']
                .iter()
                .find_map(|&q| l.strip_prefix(q)?.strip_prefix(seg)?.strip_prefix(q));
            bare.or(quoted)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })?;
        found = Some(idx + 1);
        from = idx + 1;
    }
    found
}

/// 1-based line of the `index`-th (0-based) item of the top-level list `key:` (the line of its
/// `- `), else the key's line.
pub fn list_item_line(text: &str, key: &str, index: usize) -> Option<usize> {
    let start = key_line(text, key)?;
    let lines: Vec<&str> = text.lines().collect();
    let mut indent = None;
    let mut n = 0;
    for (i, l) in lines.iter().enumerate().skip(start) {
        let trimmed = l.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let this = l.len() - trimmed.len();
        if this == 0 && !trimmed.starts_with('-') {
            break;
        }
        if trimmed.starts_with('-') && indent.is_none_or(|d| d == this) {
            indent = Some(this);
            if n == index {
                return Some(i + 1);
            }
            n += 1;
        }
    }
    Some(start)
}

/// 1-based line of the first `key:` at the start of a line, if any.
pub fn key_line(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|l| {
            let l = l.trim_start_matches('\u{feff}');
            l.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
        .map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reading_speed_as_a_number_says_what_to_write() {
        let e = Config::parse("title: t\nreading_speed: 250\n").unwrap_err();
        assert_eq!(e.line, Some(2), "{e:?}");
        assert!(e.message.contains("{cjk: 300, latin: 200}"), "{e:?}");
        assert!(!e.message.contains("struct"), "{e:?}");
    }

    #[test]
    fn unusable_term_slugs_are_config_errors_at_their_line() {
        let e = Config::parse("title: t\nslugs:\n  人工智能: ai\n  AI: ../../evil\n").unwrap_err();
        assert_eq!(e.line, Some(4), "{e:?}");
        assert!(
            e.message.contains("slugs: `AI`") && e.message.contains("escape"),
            "{e:?}"
        );
        let e = Config::parse("title: t\nslugs:\n  \"GPU\": \"%2e%2e\"\n").unwrap_err();
        assert_eq!(e.line, Some(3), "{e:?}");
        assert!(e.message.contains('%'), "{e:?}");
        assert!(Config::parse("title: t\nslugs:\n  人工智能: ai\n").is_ok());
    }

    #[test]
    fn defaults() {
        let c = Config::parse("title: 快讯测试\n").unwrap();
        assert_eq!(c.title, "快讯测试");
        assert_eq!(c.language, "zh-CN");
        assert_eq!(c.timezone, "Asia/Shanghai");
        assert_eq!(c.paginate, 10);
        assert_eq!(c.permalink, "/posts/:slug/");
        assert_eq!(c.base_path(), "/");
    }

    #[test]
    fn unknown_key_is_named_with_line() {
        let err = Config::parse("title: 快讯\npaginte: 5\n").unwrap_err();
        assert!(err.message.contains("paginte"), "{}", err.message);
        assert_eq!(err.line, Some(2));
    }

    #[test]
    fn base_path_from_sub_path_url() {
        let c = Config::parse("base_url: https://user.github.io/news\n").unwrap();
        assert_eq!(c.base_path(), "/news/");
        assert_eq!(c.base_url_slash(), "https://user.github.io/news/");
    }

    #[test]
    fn non_ascii_base_path_is_encoded() {
        let c = Config::parse("base_url: https://example.com/新闻/\n").unwrap();
        assert_eq!(c.base_path(), "/%E6%96%B0%E9%97%BB/");
        assert_eq!(
            c.base_url_slash(),
            "https://example.com/%E6%96%B0%E9%97%BB/"
        );
        let c = Config::parse("base_url: https://example.com/%E6%96%B0/\n").unwrap();
        assert_eq!(c.base_path(), "/%E6%96%B0/");
    }

    #[test]
    fn bad_permalink_and_timezone() {
        let err = Config::parse("permalink: /../:slug/\n").unwrap_err();
        assert!(err.message.contains("escape"), "{}", err.message);
        let err = Config::parse("permalink: /:yaer/:slug/\n").unwrap_err();
        assert!(err.message.contains(":yaer"), "{}", err.message);
        let err = Config::parse("title: x\ntimezone: Mars/Base\n").unwrap_err();
        assert_eq!(err.line, Some(2));
    }

    #[test]
    fn slug_style() {
        assert_eq!(
            Config::parse("slug_style: unicode\n").unwrap().slug_style,
            SlugStyle::Unicode
        );
        let err = Config::parse("slug_style: hanzi\n").unwrap_err();
        assert!(err.message.contains("hanzi"), "{}", err.message);
    }

    #[test]
    fn nested_and_value_errors_have_lines() {
        let err =
            Config::parse("title: 快讯\nreading_speed:\n  cjk: 300\n  latn: 200\n").unwrap_err();
        assert!(err.message.contains("latn"), "{}", err.message);
        assert_eq!(err.line, Some(4));
        let err = Config::parse("title: 快讯\nfeed_content: sumary\n").unwrap_err();
        assert!(err.message.contains("sumary"), "{}", err.message);
        assert_eq!(err.line, Some(2));
    }

    #[test]
    fn deploy_targets_and_push() {
        let c = Config::parse(
            "deploy:\n  prod:\n    endpoint: https://oss-cn-hangzhou.aliyuncs.com\n    bucket: news\n",
        )
        .unwrap();
        let t = &c.deploy["prod"];
        assert_eq!(
            (t.region.as_str(), t.concurrency, t.path_style),
            ("us-east-1", 8, false)
        );
        let e =
            Config::parse("title: t\ndeploy:\n  prod:\n    endpoint: oss.example\n    bucket: b\n")
                .unwrap_err();
        assert_eq!(e.line, Some(3), "{e:?}");
        assert!(e.message.contains("http:// or https://"), "{e:?}");
        let e = Config::parse(
            "deploy:\n  prod:\n    endpoint: https://a\n    bucket: b\n    access_key: AKIA\n",
        )
        .unwrap_err();
        assert_eq!(e.line, Some(5), "{e:?}");
        assert!(e.message.contains("never reads credentials"), "{e:?}");
        let e = Config::parse("push:\n  indexnow:\n    key: short\n").unwrap_err();
        assert!(e.message.contains("8 to 128"), "{e:?}");
        let c = Config::parse("push:\n  baidu: {}\n").unwrap();
        assert_eq!(
            c.push.baidu.unwrap().endpoint,
            "http://data.zz.baidu.com/urls"
        );
    }

    #[test]
    fn furniture_values_are_checked() {
        let c = Config::parse("beian:\n  police: 京公网安备 11010502000001 号\n").unwrap();
        assert_eq!(c.beian.police_code().as_deref(), Some("11010502000001"));
        assert!(is_baidu_id("0123456789ABCDEF0123456789abcdef"));
        assert!(!is_baidu_id("0123456789abcdef0123456789abcdeg"));
        assert!(is_ga_id("G-ABC123XYZ") && !is_ga_id("G-abc123") && !is_ga_id("UA-1234-1"));
        assert!(is_uuid("94db1cb1-74f4-4a40-ad6c-962362670409") && !is_uuid("94db1cb1"));
        assert!(is_domain_list("a.example, b.example") && !is_domain_list("a.example/x"));
        assert!(check_script_url("https://giscus.app/client.js").is_ok());
        for bad in [
            "javascript:alert(1)",
            "//cdn.example/x.js",
            "https://",
            "https://a.example/x\".js",
            "https://a.example/<x>",
        ] {
            assert!(check_script_url(bad).is_err(), "{bad}");
        }
        let e = Config::parse("title: t\ncomments:\n  provider: giscus\n  giscus:\n    repo: a/b\n    repo_id: R_1\n    category: c\n    category_id: D_1\n    mapping: number\n").unwrap_err();
        assert_eq!(e.line, Some(9), "{e:?}");
    }

    #[test]
    fn wrong_type_is_reported() {
        let err = Config::parse("title: 快讯\npaginate: 很多\n").unwrap_err();
        assert!(err.message.contains("invalid type"), "{}", err.message);
        assert!(err.message.contains("`paginate`"), "{}", err.message);
        assert_eq!(err.line, Some(2));
    }
}
