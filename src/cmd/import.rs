//! `kuaixun import hexo <HEXO_SITE>`: convert another generator's site.

use std::path::PathBuf;

use crate::error::Errors;
use crate::import::hexo::{import, HexoOptions};

#[derive(Debug, clap::Args)]
pub struct HexoArgs {
    /// The Hexo site (holds _config.yml and source/_posts)
    pub source: PathBuf,
    /// Folder of the new kuaixun site (default: the current folder; created if missing)
    #[arg(long, default_value = ".")]
    pub into: PathBuf,
}

pub fn run_hexo(args: HexoArgs) -> Result<(), Errors> {
    let report = import(&HexoOptions {
        source: args.source.clone(),
        into: args.into.clone(),
    })?;
    for w in &report.warnings {
        eprintln!("warning: {w}");
    }
    for note in &report.notes {
        println!("note: {note}");
    }
    println!(
        "imported {} posts, {} drafts and {} pages ({} bundles with {} files, {} static files, {} post links, {} menu entries) from {} into {}{}",
        report.posts,
        report.drafts,
        report.pages,
        report.bundles,
        report.assets,
        report.static_files,
        report.post_links,
        report.menu_entries,
        args.source.display(),
        args.into.display(),
        match report.warnings.len() {
            0 => String::new(),
            n => format!("; {n} warnings"),
        }
    );
    println!(
        "next: kuaixun build --root {}  (or kuaixun serve --root {})",
        args.into.display(),
        args.into.display()
    );
    Ok(())
}
