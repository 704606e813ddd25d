//! `kuaixun check`: every problem of the site at once, nothing written.

use std::path::PathBuf;

use crate::error::Errors;

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Site root (holds config.yaml and content/)
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Report format
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// Prints the report; `Ok(true)` when it holds errors (not just warnings).
pub fn run(args: CheckArgs) -> Result<bool, Errors> {
    let report = crate::check::check(&args.root)?;
    match args.format {
        Format::Text => print!("{}", report.to_text()),
        Format::Json => println!("{}", report.to_json()),
    }
    Ok(report.has_errors())
}
