//! `kuaixun deploy` and `kuaixun push`: print what the library did.

use std::path::PathBuf;

use crate::deploy::{self, DeployOptions};
use crate::error::Errors;

#[derive(Debug, clap::Args)]
pub struct DeployArgs {
    /// Target name from `deploy:` in config.yaml (may be left out when there is one)
    pub target: Option<String>,
    /// Site root (holds config.yaml)
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Folder to deploy (default: <root>/public)
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Print what would be uploaded and deleted, change nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Remove objects of the bucket that the build no longer has
    #[arg(long)]
    pub delete: bool,
    /// Upload every file, even unchanged ones
    #[arg(long)]
    pub force: bool,
    /// Run `kuaixun build` into the output folder first
    #[arg(long)]
    pub build: bool,
    /// Do not tell the search engines configured under `push:`
    #[arg(long)]
    pub no_push: bool,
}

#[derive(Debug, clap::Args)]
pub struct PushArgs {
    /// URLs to push (default: articles in public/sitemap.xml changed in the last two days)
    pub urls: Vec<String>,
    /// Site root (holds config.yaml)
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Built site (default: <root>/public)
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Print the URLs, send nothing
    #[arg(long)]
    pub dry_run: bool,
}

pub fn run(args: DeployArgs) -> Result<(), Errors> {
    let report = deploy::deploy(&DeployOptions {
        root: args.root,
        output: args.output,
        target: args.target,
        dry_run: args.dry_run,
        delete: args.delete,
        force: args.force,
        build: args.build,
        push: !args.no_push,
        progress: true,
    })?;
    print(&report);
    println!("{report}");
    Ok(())
}

pub fn run_push(args: PushArgs) -> Result<(), Errors> {
    let report = deploy::push_urls(&args.root, args.output, args.urls, args.dry_run)?;
    print(&report);
    if args.dry_run {
        println!("dry run: would push {} URLs", report.pushed_urls.len());
    }
    Ok(())
}

fn print(report: &deploy::DeployReport) {
    for line in &report.lines {
        println!("{line}");
    }
    for w in &report.warnings {
        eprintln!("warning: {w}");
    }
}
