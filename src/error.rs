//! Errors as values: every user-facing failure names the file, the line (and column when
//! known) and what is wrong. Stages return `Error` or `Errors`; only `main` prints them.

use std::fmt;
use std::path::{Path, PathBuf};

/// One problem, located in a file when possible.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub file: Option<PathBuf>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl Error {
    pub fn new(message: impl Into<String>) -> Self {
        Error {
            file: None,
            line: None,
            column: None,
            message: message.into(),
        }
    }

    pub fn in_file(file: impl AsRef<Path>, message: impl Into<String>) -> Self {
        Error {
            file: Some(file.as_ref().to_path_buf()),
            ..Error::new(message)
        }
    }

    pub fn at(mut self, line: Option<usize>, column: Option<usize>) -> Self {
        self.line = line;
        self.column = column;
        self
    }

    pub fn io(file: impl AsRef<Path>, err: std::io::Error) -> Self {
        Error::in_file(file, err.to_string())
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{}", file.display())?;
            if let Some(line) = self.line {
                write!(f, ":{line}")?;
                if let Some(col) = self.column {
                    write!(f, ":{col}")?;
                }
            }
            write!(f, ": ")?;
        }
        write!(f, "{}", self.message)
    }
}

impl std::error::Error for Error {}

static WARNINGS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// Print `warning: <message>` on stderr (a problem that does not stop the build), counted:
/// a build that warned is never taken as up to date later, so its warnings show again.
pub fn warn(message: impl fmt::Display) {
    WARNINGS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    eprintln!("warning: {message}");
}

/// How many warnings this process has printed through [`warn`].
pub fn warnings() -> u64 {
    WARNINGS.load(std::sync::atomic::Ordering::Relaxed)
}

/// Several problems found in one pass (all of them are reported, not just the first).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Errors(pub Vec<Error>);

impl Errors {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for Errors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "error: {e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Errors {}

impl From<Error> for Errors {
    fn from(e: Error) -> Self {
        Errors(vec![e])
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
