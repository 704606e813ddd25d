//! The `kuaixun` binary: clap definitions and dispatch only.

use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use kuaixun::build::{BuildOptions, CacheUse};

/// jemalloc: a build allocates and frees millions of small strings and Tera values on both
/// threads, and glibc's malloc spends ~10% of the CPU on that (BENCHMARKS.md "The allocator").
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

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
        /// Minify the HTML pages (whitespace and comments; <pre>, <code> and scripts are kept)
        #[arg(long)]
        minify: bool,
        /// Build cold: read nothing from the build cache (.kuaixun/cache/build/), write it afresh
        #[arg(long)]
        no_cache: bool,
    },
    /// Serve the site from memory with live reload while you edit
    Serve {
        /// Site root (holds config.yaml and content/)
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Port to listen on
        #[arg(short, long, default_value_t = 1111)]
        port: u16,
        /// Address to listen on (anything but loopback is reachable from other machines)
        #[arg(long, default_value = "127.0.0.1")]
        bind: IpAddr,
        /// Include draft articles (the default in serve)
        #[arg(long, overrides_with = "no_drafts")]
        drafts: bool,
        /// Hide draft articles
        #[arg(long, overrides_with = "drafts")]
        no_drafts: bool,
        /// Include articles dated in the future
        #[arg(long)]
        future: bool,
        /// Open the site in a browser
        #[arg(long)]
        open: bool,
    },
    /// Create a new site in DIR (default: the current folder)
    Init(kuaixun::cmd::init::InitArgs),
    /// Write a new article under content/posts/ with its front matter filled in
    New(kuaixun::cmd::new::NewArgs),
    /// Report every problem of the site without writing output
    Check(kuaixun::cmd::check::CheckArgs),
    /// Upload the built site to an S3-compatible bucket (only what changed), then tell search engines
    Deploy(kuaixun::cmd::deploy::DeployArgs),
    /// Tell the search engines configured under `push:` about new and changed articles
    Push(kuaixun::cmd::deploy::PushArgs),
    /// Convert a site from another generator
    #[command(subcommand)]
    Import(ImportFrom),
}

#[derive(Subcommand)]
enum ImportFrom {
    /// Convert a Hexo site's source/_posts (and _drafts) into a kuaixun site
    Hexo(kuaixun::cmd::import::HexoArgs),
}

fn main() -> ExitCode {
    kuaixun::render::quiet_map_seeds();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build {
            root,
            output,
            base_url,
            drafts,
            future,
            expired,
            minify,
            no_cache,
        } => kuaixun::cmd::build::run(BuildOptions {
            root,
            output,
            base_url,
            drafts,
            future,
            expired,
            progress: true,
            minify,
            serve: false,
            cache: if no_cache {
                CacheUse::WriteOnly
            } else {
                CacheUse::ReadWrite
            },
        }),
        Command::Serve {
            root,
            port,
            bind,
            drafts: _,
            no_drafts,
            future,
            open,
        } => kuaixun::cmd::serve::run(kuaixun::serve::ServeOptions {
            root,
            bind,
            port,
            drafts: !no_drafts,
            future,
            open,
        }),
        Command::Init(args) => kuaixun::cmd::init::run(args),
        Command::New(args) => kuaixun::cmd::new::run(args),
        Command::Check(args) => match kuaixun::cmd::check::run(args) {
            // The report is printed; errors (not warnings) fail the command.
            Ok(true) => return ExitCode::from(1),
            Ok(false) => Ok(()),
            Err(e) => Err(e),
        },
        Command::Deploy(args) => kuaixun::cmd::deploy::run(args),
        Command::Push(args) => kuaixun::cmd::deploy::run_push(args),
        Command::Import(ImportFrom::Hexo(args)) => kuaixun::cmd::import::run_hexo(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(errors) => {
            eprintln!("{errors}");
            ExitCode::from(1)
        }
    }
}
