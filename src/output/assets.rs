//! Static assets: `static/**` over the built-in theme assets, plus the generated
//! `css/syntax.css`. Stylesheets and scripts also get a content-hashed copy
//! (`css/style.1a2b3c4d.css`) that templates reach through `asset(path=…)`, so a CDN can cache
//! them forever; every file is still written under its own name too.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use super::Staging;
use crate::config::Config;
use crate::content::symlinks::{self, Hidden};
use crate::error::{Error, Errors};
use crate::render::theme;

pub const STATIC_DIR: &str = "static";

enum Origin {
    File(PathBuf),
    Bytes(Vec<u8>),
}

/// All static files of a build and the hashed names of the cacheable ones.
pub struct Assets {
    files: Vec<(String, Origin)>,
    /// Logical path (`css/style.css`) → hashed path (`css/style.1a2b3c4d.css`).
    pub hashed: HashMap<String, String>,
}

impl Assets {
    /// Gather `root/static` (symlinks followed as [`symlinks`] allows), the built-in theme
    /// assets it lacks, and `extra` generated files.
    pub fn collect(
        root: &Path,
        config: &Config,
        extra: Vec<(String, Vec<u8>)>,
    ) -> Result<Assets, Errors> {
        let (found, mut errors) =
            symlinks::Links::new(root, config).files(Path::new(STATIC_DIR), Hidden::Keep);
        let mut files: Vec<(String, Origin)> = found
            .into_iter()
            .map(|rel| {
                let name = rel.strip_prefix(STATIC_DIR).unwrap_or(&rel);
                let name = name.to_string_lossy().replace('\\', "/");
                (name, Origin::File(root.join(&rel)))
            })
            .collect();
        for (name, bytes) in theme::STATIC {
            if !files.iter().any(|(n, _)| n == name) {
                files.push((name.to_string(), Origin::Bytes(bytes.to_vec())));
            }
        }
        for (name, bytes) in extra {
            files.retain(|(n, _)| *n != name);
            files.push((name, Origin::Bytes(bytes)));
        }
        let mut hashed = HashMap::new();
        for (name, origin) in &files {
            if !(name.ends_with(".css") || name.ends_with(".js")) {
                continue;
            }
            let bytes = match origin {
                Origin::Bytes(b) => b.clone(),
                Origin::File(p) => match fs::read(p) {
                    Ok(b) => b,
                    Err(e) => {
                        errors.push(Error::io(Path::new(STATIC_DIR).join(name), e));
                        continue;
                    }
                },
            };
            hashed.insert(name.clone(), hashed_name(name, &bytes));
        }
        if errors.is_empty() {
            Ok(Assets { files, hashed })
        } else {
            Err(Errors(errors))
        }
    }

    /// Write every asset (and the hashed copies) into the staging folder; returns the count.
    pub fn write(&self, staging: &Staging) -> Result<usize, Error> {
        let mut count = 0;
        for (name, origin) in &self.files {
            let mut targets = vec![name.as_str()];
            targets.extend(self.hashed.get(name).map(String::as_str));
            for target in targets {
                match origin {
                    Origin::File(p) => staging.copy(target, p)?,
                    Origin::Bytes(b) => staging.write(target, b)?,
                }
                count += 1;
            }
        }
        Ok(count)
    }

    /// The scripts whose text has Chinese in it (search.js's messages), converted for a
    /// variant edition: (logical path, hashed path of the converted copy, bytes).
    pub fn scripts_with_words(
        &self,
        conv: &crate::variants::opencc::Converter,
    ) -> Result<Vec<(String, String, Vec<u8>)>, Errors> {
        let mut scripts = Vec::new();
        for (name, origin) in &self.files {
            if !name.ends_with(".js") {
                continue;
            }
            let bytes = match origin {
                Origin::Bytes(b) => b.clone(),
                Origin::File(p) => fs::read(p)
                    .map_err(|e| Errors(vec![Error::io(Path::new(STATIC_DIR).join(name), e)]))?,
            };
            scripts.push((name.clone(), bytes));
        }
        Ok(convert_scripts(
            scripts.iter().map(|(n, b)| (n.as_str(), b.as_slice())),
            conv,
        ))
    }

    /// The bytes of a file from the site's own `static/` folder (`robots.txt`), if it has one.
    pub fn user_file(&self, name: &str) -> Option<Vec<u8>> {
        self.files.iter().find_map(|(n, o)| match o {
            Origin::File(p) if n == name => fs::read(p).ok(),
            _ => None,
        })
    }

    /// Output paths of the files from `static/` and the theme (with their hashed copies);
    /// generated files such as `css/syntax.css` are left out (the site's URL table has them).
    pub fn user_paths(&self) -> Vec<String> {
        let mut out = Vec::with_capacity(self.files.len() + self.hashed.len());
        for (name, origin) in &self.files {
            if matches!(origin, Origin::File(_)) || theme::STATIC.iter().any(|(n, _)| n == name) {
                out.push(name.clone());
                out.extend(self.hashed.get(name).cloned());
            }
        }
        out
    }
}

/// The `.js` files of `files` with Chinese in them, converted: (logical path, hashed path
/// of the converted copy, bytes).
pub fn convert_scripts<'a>(
    files: impl Iterator<Item = (&'a str, &'a [u8])>,
    conv: &crate::variants::opencc::Converter,
) -> Vec<(String, String, Vec<u8>)> {
    files
        .filter(|(name, bytes)| name.ends_with(".js") && !bytes.is_ascii())
        .filter_map(|(name, bytes)| {
            let text = std::str::from_utf8(bytes).ok()?;
            let converted = conv.convert(text).into_owned().into_bytes();
            Some((name.to_string(), hashed_name(name, &converted), converted))
        })
        .collect()
}

/// Copy the assets of page bundles and sections next to their pages; returns the count.
pub fn write_content_assets(
    site: &crate::site::Site,
    root: &Path,
    staging: &Staging,
) -> Result<usize, Error> {
    for a in &site.structure.assets {
        staging.copy(&a.out, &root.join(&a.file))?;
    }
    Ok(site.structure.assets.len())
}

/// `css/style.css` + bytes → `css/style.<8 hex of FNV-1a>.css`.
pub fn hashed_name(name: &str, bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    let hash = format!("{:08x}", (h >> 32) as u32 ^ h as u32);
    match name.rfind('.') {
        Some(dot) if !name[dot..].contains('/') => {
            format!("{}.{hash}{}", &name[..dot], &name[dot..])
        }
        _ => format!("{name}.{hash}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_names_change_with_content() {
        let a = hashed_name("css/style.css", b"body{}");
        let b = hashed_name("css/style.css", b"body{color:red}");
        assert!(
            a.starts_with("css/style.")
                && a.ends_with(".css")
                && a.len() == "css/style.css".len() + 9,
            "{a}"
        );
        assert_ne!(a, b);
        assert_eq!(a, hashed_name("css/style.css", b"body{}"));
    }

    #[test]
    fn site_static_overrides_theme_and_generated_wins() {
        let tmp = tempfile::tempdir().unwrap();
        fs::create_dir_all(tmp.path().join("static/css")).unwrap();
        fs::write(tmp.path().join("static/css/style.css"), "/* 自定义 */").unwrap();
        let assets = Assets::collect(
            tmp.path(),
            &Config::default(),
            vec![("css/syntax.css".into(), b".k{}".to_vec())],
        )
        .unwrap();
        assert!(assets.hashed["css/style.css"].starts_with("css/style."));
        let out = tmp.path().join("public");
        let staging = Staging::create(&out, tmp.path()).unwrap();
        let n = assets.write(&staging).unwrap();
        // Each css/js file is written twice (plain and hashed name).
        let expected: usize = assets
            .files
            .iter()
            .map(|(name, _)| 1 + usize::from(assets.hashed.contains_key(name)))
            .sum();
        assert_eq!(n, expected);
        assert!(n >= 4);
        assert_eq!(
            fs::read_to_string(staging.path().join("css/style.css")).unwrap(),
            "/* 自定义 */"
        );
        assert!(staging
            .path()
            .join(&assets.hashed["css/syntax.css"])
            .exists());
    }
}
