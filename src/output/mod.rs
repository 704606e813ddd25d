//! Output stage: everything is written into a staging folder beside the output folder and
//! swapped in only when the whole build succeeded, so a failed build leaves the previous
//! output exactly as it was. Feeds, sitemap and static assets live in the sub-modules.

pub mod assets;
pub mod feeds;
pub mod sitemap;

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::Error;

/// A folder being filled; removed on drop unless committed.
pub struct Staging {
    dir: PathBuf,
    output: PathBuf,
    committed: bool,
}

impl Staging {
    /// Create the staging folder next to `output`. Refuses an output that is a file or that
    /// would contain the site's own sources.
    pub fn create(output: &Path, root: &Path) -> Result<Staging, Error> {
        if output.exists() && !output.is_dir() {
            return Err(Error::in_file(
                output,
                "the output path exists and is not a folder",
            ));
        }
        if let (Some(out), Ok(site)) = (resolve(output), root.canonicalize()) {
            let sources = ["content", "templates", "static"].map(|d| site.join(d));
            if site.starts_with(&out) || sources.iter().any(|s| out.starts_with(s)) {
                return Err(Error::in_file(
                    output,
                    "the output folder would replace the site's own sources (the site root, content/, templates/ or static/); choose another folder",
                ));
            }
        }
        let name = output
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let parent = match output.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        // `-o notes.txt/public`: say which part is in the way instead of "File exists".
        if let Some(file) = parent.ancestors().find(|a| a.exists()) {
            if !file.is_dir() {
                return Err(Error::in_file(
                    file,
                    format!(
                        "is a file, so the output folder `{}` cannot be created inside it",
                        output.display()
                    ),
                ));
            }
        }
        fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, e))?;
        let dir = parent.join(format!(".{name}.kuaixun-tmp-{}", std::process::id()));
        if dir.exists() {
            fs::remove_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        }
        fs::create_dir(&dir).map_err(|e| Error::io(&dir, e))?;
        Ok(Staging {
            dir,
            output: output.to_path_buf(),
            committed: false,
        })
    }

    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// Write one file (creating parent folders) at `rel` inside the staging folder.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Error> {
        let path = self.dir.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        fs::write(&path, bytes).map_err(|e| Error::io(&path, e))
    }

    /// Swap the staging folder in as the output folder.
    pub fn commit(mut self) -> Result<(), Error> {
        let old = self.dir.with_file_name(
            self.dir
                .file_name()
                .unwrap()
                .to_string_lossy()
                .replace("kuaixun-tmp", "kuaixun-old"),
        );
        let had_output = self.output.exists();
        if had_output {
            fs::rename(&self.output, &old).map_err(|e| Error::io(&self.output, e))?;
        }
        if let Err(e) = fs::rename(&self.dir, &self.output) {
            if had_output {
                let _ = fs::rename(&old, &self.output);
            }
            return Err(Error::io(&self.output, e));
        }
        self.committed = true;
        if had_output {
            let _ = fs::remove_dir_all(&old);
        }
        Ok(())
    }
}

/// Absolute form of a path that may not exist yet: its nearest existing ancestor resolved
/// (symlinks included), the rest appended.
fn resolve(path: &Path) -> Option<PathBuf> {
    let abs = std::path::absolute(path).ok()?;
    let mut existing = abs.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(c) = existing.canonicalize() {
            let mut out = c;
            for part in rest.iter().rev() {
                out.push(part);
            }
            return Some(out);
        }
        rest.push(existing.file_name()?.to_os_string());
        existing = existing.parent()?;
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_build_leaves_old_output() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        fs::create_dir(&out).unwrap();
        fs::write(out.join("index.html"), "旧的").unwrap();
        {
            let s = Staging::create(&out, tmp.path().join("site").as_path()).unwrap();
            s.write("index.html", "新的".as_bytes()).unwrap();
            // dropped without commit
        }
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "旧的");
        assert_eq!(
            fs::read_dir(tmp.path()).unwrap().count(),
            1,
            "staging folder removed"
        );
        let s = Staging::create(&out, tmp.path().join("site").as_path()).unwrap();
        s.write("a/b/index.html", "新的".as_bytes()).unwrap();
        s.commit().unwrap();
        assert_eq!(
            fs::read_to_string(out.join("a/b/index.html")).unwrap(),
            "新的"
        );
        assert!(!out.join("index.html").exists());
        assert_eq!(
            fs::read_dir(tmp.path()).unwrap().count(),
            1,
            "old output removed"
        );
    }

    #[test]
    fn output_that_is_a_file_is_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        fs::write(&out, "x").unwrap();
        let err = Staging::create(&out, tmp.path()).err().unwrap();
        assert!(err.message.contains("not a folder"));
        // A file further up the path is named too, and nothing is created.
        let nested = out.join("site/public");
        let err = Staging::create(&nested, tmp.path()).err().unwrap();
        assert_eq!(err.file.as_deref(), Some(out.as_path()));
        assert_eq!(
            err.message,
            format!(
                "is a file, so the output folder `{}` cannot be created inside it",
                nested.display()
            )
        );
        assert_eq!(fs::read_to_string(&out).unwrap(), "x");
        assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 1);
    }
}
