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
    /// List every warning (the text report otherwise shows a few of each kind and a count)
    #[arg(long)]
    pub verbose: bool,
    /// Apply the enabled copywriting fixes to the Markdown sources first (prose only)
    #[arg(long)]
    pub fix: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// Prints the report; `Ok(true)` when it holds errors (not just warnings).
pub fn run(args: CheckArgs) -> Result<bool, Errors> {
    if args.fix {
        let fixed = crate::check::fix::fix(&args.root)?;
        // The JSON report stays the only thing on stdout.
        match args.format {
            Format::Text => print!("{}", fixed.to_text()),
            Format::Json => eprint!("{}", fixed.to_text()),
        }
    }
    let report = crate::check::check(&args.root)?;
    match args.format {
        Format::Text if args.verbose => print!("{}", report.to_text_verbose()),
        Format::Text => print!("{}", report.to_text()),
        Format::Json => println!("{}", report.to_json()),
    }
    Ok(report.has_errors())
}
