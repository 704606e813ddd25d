//! `kuaixun new "标题"`: a new article with its front matter filled in.

use std::path::PathBuf;

use crate::error::Errors;
use crate::import::scaffold::{new_article, split_names, NewOptions};

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
    /// File name and URL slug (default: the slug of the title, per `slug_style`)
    #[arg(long)]
    pub slug: Option<String>,
}

pub fn run(args: NewArgs) -> Result<(), Errors> {
    let path = new_article(&NewOptions {
        root: args.root,
        title: args.title,
        category: args.category,
        tags: args.tags.as_deref().map(split_names).unwrap_or_default(),
        draft: args.draft,
        slug: args.slug,
    })?;
    println!("{}", path.display());
    Ok(())
}
