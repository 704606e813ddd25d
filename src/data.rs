//! Data files: `data/<name>.yaml|yml|json|toml|csv` in the site root, read once per build
//! and given to every template as `data.<name>` (curated 首页推荐 blocks, 友情链接, sponsor
//! lists). A CSV file becomes a list of objects keyed by its header row (every value a
//! string). A site without `data/` has an empty `data`.
//!
//! Only files directly in `data/` with one of those extensions are read; anything else
//! there (sub-folders, `README.md`, hidden files, editor backups) is ignored. Two files
//! with the same name (`links.yaml` and `links.json`) are an error naming both. YAML goes
//! through [`crate::yaml`], like every other YAML in the site. Symlinks follow the one rule
//! of [`crate::content::symlinks`]: a link out of the site folder (and `allow_symlinks_to`)
//! is an error, so a data file cannot publish a file of the machine that builds the site.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value as Json;
use tera::Value;

use crate::content::symlinks::Links;
use crate::error::{Error, Errors};

/// The folder of data files, relative to the site root.
pub const DATA_DIR: &str = "data";

/// The extensions of data files (lower case).
pub const EXTENSIONS: [&str; 5] = ["yaml", "yml", "json", "toml", "csv"];

/// Whether a path relative to `data/` names a data file (`links.yaml`, not `a/b.json`,
/// `.links.yaml` or `notes.txt`).
pub fn is_data_file(rel: &Path) -> bool {
    rel.components().count() == 1 && format_of(rel).is_some() && stem_of(rel).is_some()
}

/// Read every data file under `root/data/`: one map, file stem → value. Every broken file
/// is reported, each with its line (and column where the parser knows it). `links` is the
/// site's symlink rule (`Links::new(root, config)`).
pub fn load(root: &Path, links: &Links) -> Result<Value, Errors> {
    if let Err(e) = links.check(Path::new(DATA_DIR)) {
        return Err(e.into());
    }
    let dir = root.join(DATA_DIR);
    let entries = match std::fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(empty()),
        Err(e) => return Err(Error::io(DATA_DIR, e).into()),
    };
    let mut files: BTreeMap<String, Vec<PathBuf>> = BTreeMap::new();
    let mut errors = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(DATA_DIR, e))?;
        let name = PathBuf::from(entry.file_name());
        // Symlinks are followed (`is_file` looks through them); folders are not data.
        if !is_data_file(&name) || !entry.path().is_file() {
            continue;
        }
        let rel = Path::new(DATA_DIR).join(&name);
        if let Err(e) = links.check(&rel) {
            errors.push(e);
            continue;
        }
        let stem = stem_of(&name).expect("checked by is_data_file").to_string();
        files.entry(stem).or_default().push(rel);
    }
    let mut map = BTreeMap::new();
    for (stem, mut paths) in files {
        paths.sort();
        if paths.len() > 1 {
            let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
            errors.push(Error::in_file(
                &paths[0],
                format!(
                    "two data files for `data.{stem}`: {}; keep one of them",
                    names.join(" and ")
                ),
            ));
            continue;
        }
        let rel = &paths[0];
        match read_file(&root.join(rel), rel) {
            Ok(v) => {
                map.insert(stem, Value::from_serializable(&v));
            }
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        return Err(Errors(errors));
    }
    Ok(Value::from(map))
}

/// The `data` of a site without data files.
pub fn empty() -> Value {
    Value::from(BTreeMap::<String, Value>::new())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Yaml,
    Json,
    Toml,
    Csv,
}

fn format_of(path: &Path) -> Option<Format> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    Some(match ext.as_str() {
        "yaml" | "yml" => Format::Yaml,
        "json" => Format::Json,
        "toml" => Format::Toml,
        "csv" => Format::Csv,
        _ => return None,
    })
}

/// The name a file is known by in templates; `None` for hidden files and names that are not
/// UTF-8.
fn stem_of(path: &Path) -> Option<&str> {
    let stem = path.file_stem()?.to_str()?;
    (!stem.is_empty() && !stem.starts_with('.')).then_some(stem)
}

/// Parse one data file (`abs`), reporting problems at `rel`.
fn read_file(abs: &Path, rel: &Path) -> Result<Json, Error> {
    let bytes = std::fs::read(abs).map_err(|e| Error::io(rel, e))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let (line, column) = line_col(
            &String::from_utf8_lossy(e.as_bytes()),
            e.utf8_error().valid_up_to(),
        );
        Error::in_file(rel, "not valid UTF-8 text (save the file as UTF-8)")
            .at(Some(line), Some(column))
    })?;
    // A byte-order mark some editors write is not part of the data.
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let format = format_of(rel).expect("only data files are read");
    parse(format, text).map_err(|(message, line, column)| {
        Error::in_file(rel, message).at(line, column.filter(|_| line.is_some()))
    })
}

type ParseError = (String, Option<usize>, Option<usize>);

fn parse(format: Format, text: &str) -> Result<Json, ParseError> {
    match format {
        Format::Yaml => crate::yaml::parse(text)
            .map_err(|e| (format!("invalid YAML: {}", e.describe(0)), e.line, e.column)),
        Format::Json => serde_json::from_str(text).map_err(|e| {
            // serde_json's message ends with its own " at line X column Y".
            let full = e.to_string();
            let message = match full.rfind(" at line ") {
                Some(i) => full[..i].to_string(),
                None => full,
            };
            let line = (e.line() > 0).then_some(e.line());
            (format!("invalid JSON: {message}"), line, Some(e.column()))
        }),
        Format::Toml => text.parse::<toml::Table>().map(toml_table).map_err(|e| {
            let (line, column) = match e.span() {
                Some(span) => {
                    let (l, c) = line_col(text, span.start);
                    (Some(l), Some(c))
                }
                None => (None, None),
            };
            (
                format!("invalid TOML: {}", e.message().trim_end()),
                line,
                column,
            )
        }),
        Format::Csv => csv_rows(text),
    }
}

/// 1-based line and column (in characters) of byte `offset` in `text`.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[start..].chars().count() + 1)
}

fn toml_table(t: toml::Table) -> Json {
    Json::Object(t.into_iter().map(|(k, v)| (k, toml_value(v))).collect())
}

/// TOML values as JSON ones; dates and times become their TOML text (`2025-11-20T10:30:00`).
fn toml_value(v: toml::Value) -> Json {
    match v {
        toml::Value::String(s) => Json::String(s),
        toml::Value::Integer(i) => Json::from(i),
        toml::Value::Float(f) => serde_json::Number::from_f64(f).map_or(Json::Null, Json::Number),
        toml::Value::Boolean(b) => Json::Bool(b),
        toml::Value::Datetime(d) => Json::String(d.to_string()),
        toml::Value::Array(a) => Json::Array(a.into_iter().map(toml_value).collect()),
        toml::Value::Table(t) => toml_table(t),
    }
}

/// A CSV file as a list of objects keyed by the header row; every value is a string.
fn csv_rows(text: &str) -> Result<Json, ParseError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(text.as_bytes());
    let csv_error = |e: csv::Error| -> ParseError {
        let line = e.position().map(|p| p.line() as usize);
        let message = match e.kind() {
            csv::ErrorKind::UnequalLengths {
                expected_len, len, ..
            } => format!(
                "invalid CSV: this row has {len} fields but the header row has {expected_len}"
            ),
            _ => format!("invalid CSV: {e}"),
        };
        (message, line, None)
    };
    let headers: Vec<String> = reader
        .headers()
        .map_err(csv_error)?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    for (i, h) in headers.iter().enumerate() {
        if h.is_empty() {
            return Err((
                format!(
                    "invalid CSV: column {} of the header row has no name",
                    i + 1
                ),
                Some(1),
                None,
            ));
        }
        if headers[..i].contains(h) {
            return Err((
                format!("invalid CSV: two columns are named `{h}` in the header row"),
                Some(1),
                None,
            ));
        }
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(csv_error)?;
        let row: serde_json::Map<String, Json> = headers
            .iter()
            .zip(record.iter())
            .map(|(h, v)| (h.clone(), Json::String(v.to_string())))
            .collect();
        rows.push(Json::Object(row));
    }
    Ok(Json::Array(rows))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(files: &[(&str, &str)]) -> tempfile::TempDir {
        let tmp = tempfile::tempdir().unwrap();
        for (rel, text) in files {
            let p = tmp.path().join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        tmp
    }

    fn load_at(root: &Path) -> Result<Value, Errors> {
        load(root, &Links::with_allowed(root, &[]))
    }

    fn get<'a>(v: &'a Value, path: &'a str) -> &'a Value {
        v.get_from_path(path)
            .unwrap_or_else(|| panic!("{path} in {v:?}"))
    }

    #[test]
    fn every_format_loads() {
        let tmp = site(&[
            (
                "data/links.yaml",
                "- name: 开源中国\n  url: https://a.example/\n",
            ),
            (
                "data/sponsors.json",
                "[{\"name\": \"赞助商甲\", \"level\": 1}]",
            ),
            (
                "data/home.toml",
                "title = \"首页推荐\"\nwhen = 2025-11-20T10:30:00\n[[items]]\nname = \"芯片\"\n",
            ),
            (
                "data/people.csv",
                "\u{feff}name,city\n张三,北京\n李四,\"上海, 浦东\"\n",
            ),
            ("data/README.md", "not data"),
            ("data/old/links.json", "{"),
            ("data/.hidden.yaml", "{"),
        ]);
        let v = load_at(tmp.path()).unwrap();
        assert_eq!(get(&v, "links.0.name").as_str(), Some("开源中国"));
        assert_eq!(get(&v, "sponsors.0.level").as_i64(), Some(1));
        assert_eq!(get(&v, "home.title").as_str(), Some("首页推荐"));
        assert_eq!(get(&v, "home.when").as_str(), Some("2025-11-20T10:30:00"));
        assert_eq!(get(&v, "home.items.0.name").as_str(), Some("芯片"));
        assert_eq!(get(&v, "people.1.city").as_str(), Some("上海, 浦东"));
        assert_eq!(get(&v, "people.0.name").as_str(), Some("张三"));
        assert_eq!(v.as_map().unwrap().len(), 4, "{v:?}");
    }

    #[test]
    fn no_folder_is_empty() {
        let tmp = site(&[]);
        let v = load_at(tmp.path()).unwrap();
        assert_eq!(v.as_map().map(|m| m.len()), Some(0));
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_out_of_the_site_are_refused() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.yaml"), "key: 机密\n").unwrap();
        let tmp = site(&[("data/links.yaml", "[]"), ("shared/ok.yaml", "a: 1\n")]);
        let data = tmp.path().join("data");
        std::os::unix::fs::symlink(outside.path().join("secret.yaml"), data.join("s.yaml"))
            .unwrap();
        std::os::unix::fs::symlink(tmp.path().join("shared/ok.yaml"), data.join("ok.yaml"))
            .unwrap();
        let e = load_at(tmp.path()).unwrap_err();
        assert_eq!(e.0.len(), 1, "{e}");
        assert_eq!(
            e.0[0].file.as_deref(),
            Some(Path::new("data/s.yaml")),
            "{e}"
        );
        assert!(crate::content::symlinks::is_link_error(&e.0[0]), "{e}");
        std::fs::remove_file(data.join("s.yaml")).unwrap();
        let v = load_at(tmp.path()).unwrap();
        assert_eq!(get(&v, "ok.a").as_i64(), Some(1));
    }

    fn one_error(files: &[(&str, &str)]) -> Error {
        let tmp = site(files);
        let mut e = load_at(tmp.path()).unwrap_err();
        assert_eq!(e.0.len(), 1, "{e}");
        e.0.remove(0)
    }

    #[test]
    fn errors_name_file_and_line() {
        let e = one_error(&[("data/links.yaml", "- name: 甲\n  url: [a, b\n- name: 乙\n")]);
        assert_eq!(e.file.as_deref(), Some(Path::new("data/links.yaml")));
        assert!(e.line.is_some(), "{e}");
        assert!(e.message.starts_with("invalid YAML"), "{e}");

        let e = one_error(&[("data/a.json", "{\n  \"x\": 1,\n  \"y\": \n}\n")]);
        assert_eq!((e.line, e.file.is_some()), (Some(4), true), "{e}");
        assert!(!e.message.contains(" at line "), "{e}");

        let e = one_error(&[("data/a.toml", "a = 1\nb = \"未结束\n")]);
        assert_eq!(e.line, Some(2), "{e}");
        assert!(e.message.starts_with("invalid TOML"), "{e}");

        let e = one_error(&[("data/a.csv", "name,url\n甲,https://a.example/\n乙\n")]);
        assert_eq!(e.line, Some(3), "{e}");
        assert!(e.message.contains("1 fields"), "{e}");

        let e = one_error(&[("data/a.csv", "name,name\n甲,乙\n")]);
        assert_eq!(e.line, Some(1), "{e}");
    }

    #[test]
    fn same_stem_twice_names_both() {
        let e = one_error(&[("data/links.yaml", "[]"), ("data/links.json", "[]")]);
        let text = e.to_string();
        assert!(
            text.contains("data/links.json") && text.contains("data/links.yaml"),
            "{text}"
        );
    }

    #[test]
    fn line_col_counts_characters() {
        assert_eq!(line_col("ab\n中文x", 9), (2, 3));
        assert_eq!(line_col("", 5), (1, 1));
    }
}
