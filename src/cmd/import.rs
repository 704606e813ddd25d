//! `kuaixun import hexo <HEXO_SITE>`: convert another generator's site.

use std::path::PathBuf;

use crate::error::{Error, Errors};

#[derive(Debug, clap::Args)]
pub struct HexoArgs {
    /// The Hexo site (holds _config.yml and source/_posts)
    pub source: PathBuf,
    /// Folder of the new kuaixun site (default: the current folder)
    #[arg(long, default_value = ".")]
    pub into: PathBuf,
}

pub fn run_hexo(args: HexoArgs) -> Result<(), Errors> {
    Err(Errors(vec![Error::new(format!(
        "import hexo is not implemented yet ({})",
        args.source.display()
    ))]))
}
