//! The `kuaixun` binary: clap definitions and dispatch only.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use kuaixun::build::BuildOptions;

#[derive(Parser)]
#[command(
    name = "kuaixun",
    version,
    about = "快讯: a fast static site generator for Chinese tech-news sites"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (default: public/)
    Build {
        /// Site root (holds config.yaml and content/)
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Output folder (default: <root>/public)
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Override base_url from config.yaml (e.g. https://user.github.io/news/)
        #[arg(long)]
        base_url: Option<String>,
        /// Include draft articles
        #[arg(long)]
        drafts: bool,
        /// Include articles dated in the future
        #[arg(long)]
        future: bool,
        /// Include articles whose `expires` date has passed
        #[arg(long)]
        expired: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build {
            root,
            output,
            base_url,
            drafts,
            future,
            expired,
        } => kuaixun::cmd::build::run(BuildOptions {
            root,
            output,
            base_url,
            drafts,
            future,
            expired,
            progress: true,
        }),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(errors) => {
            eprintln!("{errors}");
            ExitCode::from(1)
        }
    }
}
