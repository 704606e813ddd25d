//! `kuaixun init [DIR]`: a new site from the embedded default theme.

use std::path::PathBuf;

use crate::error::{Error, Errors};

#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// Folder of the new site (default: the current folder)
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Also copy the default theme's templates/ and static/ for editing
    #[arg(long)]
    pub with_theme: bool,
    /// Write into a non-empty folder
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: InitArgs) -> Result<(), Errors> {
    Err(Errors(vec![Error::new(format!(
        "init is not implemented yet ({})",
        args.dir.display()
    ))]))
}
