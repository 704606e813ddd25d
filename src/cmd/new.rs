//! `kuaixun new "标题"`: a new article with its front matter filled in.

use std::path::PathBuf;

use crate::error::{Error, Errors};

#[derive(Debug, clap::Args)]
pub struct NewArgs {
    /// The article's title
    pub title: String,
    /// Site root (holds config.yaml and content/)
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Category of the article
    #[arg(long)]
    pub category: Option<String>,
    /// Comma-separated tags (a,b or a，b)
    #[arg(long)]
    pub tags: Option<String>,
    /// Mark the article as a draft
    #[arg(long)]
    pub draft: bool,
}

pub fn run(args: NewArgs) -> Result<(), Errors> {
    Err(Errors(vec![Error::new(format!(
        "new is not implemented yet ({})",
        args.title
    ))]))
}
