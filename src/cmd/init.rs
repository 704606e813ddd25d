//! `kuaixun init [DIR]`: a new site from the embedded default theme.

use std::path::PathBuf;

use crate::error::Errors;
use crate::import::scaffold::{init_site, InitOptions};

#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// Folder of the new site (default: the current folder; created if missing)
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Also copy the default theme's templates/ and static/ for editing
    #[arg(long)]
    pub with_theme: bool,
    /// Write into a non-empty folder (existing files are never overwritten)
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: InitArgs) -> Result<(), Errors> {
    let report = init_site(&InitOptions {
        dir: args.dir.clone(),
        with_theme: args.with_theme,
        force: args.force,
    })?;
    let dir = args.dir.display();
    println!(
        "created a kuaixun site in {dir} ({} files)",
        report.created.len()
    );
    for path in &report.skipped {
        println!(
            "  skipped {} (already exists, left unchanged)",
            path.display()
        );
    }
    println!("\nnext steps:");
    if args.dir != std::path::Path::new(".") {
        println!("  cd {dir}");
    }
    println!("  kuaixun new \"第一篇文章的标题\"   # write an article under content/posts/");
    println!("  kuaixun serve                   # preview at http://127.0.0.1:1111/");
    println!("  kuaixun build                   # write the site into public/");
    Ok(())
}
