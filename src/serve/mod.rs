//! `kuaixun serve`: build the site into memory, serve it over HTTP, watch the sources and
//! rebuild incrementally, telling browsers to reload (or to show the error) over
//! Server-Sent Events. Nothing is written to disk; `public/` is never touched.
//!
//! - [`state`]: the incremental in-memory build and the page snapshot
//! - [`hub`]: the current snapshot, last error and connected browsers
//! - `images`: the background encoder of image variants
//! - [`http`]: the HTTP server (hyper on a small tokio runtime), path and host checks, the
//!   injected reload script
//! - [`watch`]: notify with a debounce, and sorting changes by kind

mod changes;
mod editions;
pub mod http;
pub mod hub;
mod images;
mod sigs;
pub mod state;
mod statics;
pub mod watch;

use std::net::{IpAddr, TcpListener};
use std::path::PathBuf;
use std::sync::{mpsc, Arc, Mutex};

use crate::build::BuildOptions;
use crate::error::{Error, Errors};
use hub::Hub;
use state::{Changes, State};

/// Options of `kuaixun serve`.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    pub port: u16,
    pub drafts: bool,
    pub future: bool,
    pub open: bool,
}

/// Run until Ctrl-C. Fails only when the root or the port is unusable; build errors are
/// shown (terminal and browser) and the server keeps going.
pub fn run(opts: ServeOptions) -> Result<(), Errors> {
    let root = opts
        .root
        .canonicalize()
        .map_err(|e| Error::io(&opts.root, e))?;
    if !opts.bind.is_loopback() {
        eprintln!(
            "warning: serving on {} makes the site (drafts included) reachable from other machines",
            opts.bind
        );
    }
    let listener = TcpListener::bind((opts.bind, opts.port))
        .map_err(|e| Error::new(format!("cannot listen on {}:{}: {e}", opts.bind, opts.port)))?;
    let addr = listener
        .local_addr()
        .map_err(|e| Error::new(e.to_string()))?;
    // Bound to every interface (0.0.0.0 / ::): absolute links use this machine's LAN address,
    // so the other machines the flag is for can follow them.
    let ip = if addr.ip().is_unspecified() {
        lan_address(addr.ip()).unwrap_or(addr.ip())
    } else {
        addr.ip()
    };
    let host = match ip {
        IpAddr::V6(ip) => format!("[{ip}]"),
        IpAddr::V4(ip) => ip.to_string(),
    };
    let base_url = format!("http://{host}:{}/", addr.port());

    let mut build_opts = BuildOptions::new(&root);
    build_opts.base_url = Some(base_url.clone());
    build_opts.drafts = opts.drafts;
    build_opts.future = opts.future;
    build_opts.serve = true;
    let mut state = State::new(build_opts);
    // A broken site still starts: the error page waits for the fix and reloads.
    let hub = Arc::new(Hub::new());
    let encoder = images::Encoder::spawn();
    match state.rebuild(Changes::everything()) {
        Ok((report, diff)) => {
            println!("{report}");
            hub.update(diff);
            hub.set_images(state.images());
            encoder.kick(state.images());
            if let Some(files) = state.finish_files() {
                hub.update(files);
            }
        }
        Err(errors) => {
            let text = errors.to_string();
            eprintln!("{text}");
            eprintln!("(serving an error page until the site builds)");
            hub.fail(text);
        }
    }

    // Changes flow from the watcher thread to one builder thread.
    let (tx, rx) = mpsc::channel::<Vec<PathBuf>>();
    let tx = Mutex::new(tx);
    let mut watcher = watch::watch(&root, move |paths| {
        let _ = tx.lock().map(|tx| tx.send(paths));
    })
    .map_err(|m| Error::new(format!("cannot watch {}: {m}", root.display())))?;
    {
        let hub = hub.clone();
        let root = root.clone();
        std::thread::spawn(move || {
            while let Some((first, paths)) = watch::next_batch(&rx) {
                watch::watch_new_folders(&mut watcher, &root, &paths);
                let changes = watch::classify(&root, &paths);
                if changes.is_empty() {
                    continue;
                }
                match state.rebuild(changes) {
                    Ok((report, diff)) => {
                        hub.set_images(state.images());
                        hub.publish(diff);
                        encoder.kick(state.images());
                        println!(
                            "{report}; reload sent {} ms after the change",
                            first.elapsed().as_millis()
                        );
                        let t = std::time::Instant::now();
                        if let Some(files) = state.finish_files() {
                            hub.update(files);
                            if std::env::var_os("KUAIXUN_TIMINGS").is_some() {
                                eprintln!(
                                    "feeds, sitemap, search index in {} ms",
                                    t.elapsed().as_millis()
                                );
                            }
                        }
                    }
                    Err(errors) => {
                        let text = errors.to_string();
                        eprintln!("{text}");
                        eprintln!("(still serving the last good build)");
                        hub.fail(text);
                    }
                }
            }
        });
    }

    let (stop_tx, stop_rx) = mpsc::channel::<()>();
    let _ = ctrlc::set_handler(move || {
        let _ = stop_tx.send(());
    });
    let max_connections = connection_limit();
    let hosts = http::Hosts::new(addr.ip(), base_url.clone());
    let server = http::Server::new(listener, hub.clone(), hosts, max_connections)
        .map_err(|e| Error::new(format!("cannot start the HTTP server: {e}")))?;
    std::thread::spawn(move || server.run());
    println!("serving {} at {base_url} (Ctrl-C to stop)", root.display());
    if opts.open {
        open_browser(&base_url);
    }
    let _ = stop_rx.recv();
    println!("stopped");
    Ok(())
}

/// Raise the soft open-file limit to the hard one (each connection takes one descriptor)
/// and return how many connections fit, at most [`http::MAX_CONNECTIONS`]. Says so only if
/// the limit could not be raised.
fn connection_limit() -> usize {
    // Descriptors kept for the watcher, the site's files and the runtime.
    const RESERVED: u64 = 128;
    let fit =
        |limit: u64| (limit.saturating_sub(RESERVED) as usize).clamp(16, http::MAX_CONNECTIONS);
    #[cfg(unix)]
    {
        let mut lim = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        // SAFETY: getrlimit and setrlimit only read and write the struct passed.
        if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) } != 0 {
            return http::MAX_CONNECTIONS;
        }
        let want = lim.rlim_max.min(1 << 20);
        if lim.rlim_cur >= want {
            return fit(lim.rlim_cur);
        }
        let raised = libc::rlimit {
            rlim_cur: want,
            rlim_max: lim.rlim_max,
        };
        if unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &raised) } == 0 {
            return fit(want);
        }
        let e = std::io::Error::last_os_error();
        let n = fit(lim.rlim_cur);
        eprintln!(
            "warning: cannot raise the open-file limit from {} to {want} ({e}); serving at most {n} connections at once",
            lim.rlim_cur
        );
        n
    }
    #[cfg(not(unix))]
    {
        http::MAX_CONNECTIONS
    }
}

fn open_browser(url: &str) {
    let cmd = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(e) = std::process::Command::new(cmd).arg(url).spawn() {
        eprintln!("warning: could not open a browser ({cmd}): {e}");
    }
}

/// The address other machines reach this one at: the source address the OS picks for an
/// outside destination (a UDP "connect" sends nothing). `None` without a route.
fn lan_address(unspecified: IpAddr) -> Option<IpAddr> {
    let (bind, probe) = match unspecified {
        IpAddr::V4(_) => ("0.0.0.0:0", "192.0.2.1:9"),
        IpAddr::V6(_) => ("[::]:0", "[2001:db8::1]:9"),
    };
    let socket = std::net::UdpSocket::bind(bind).ok()?;
    socket.connect(probe).ok()?;
    let ip = socket.local_addr().ok()?.ip();
    (!ip.is_unspecified()).then_some(ip)
}
