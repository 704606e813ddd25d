//! Stage timings for `KUAIXUN_TIMINGS=1`: `build` and `serve` mark the end of each stage and
//! the times (and, on Linux, the peak memory so far) go to stderr in one line.

use std::time::Instant;

pub struct Timings {
    on: bool,
    last: Instant,
    parts: Vec<String>,
}

impl Timings {
    pub fn new() -> Timings {
        Timings {
            on: enabled(),
            last: Instant::now(),
            parts: Vec::new(),
        }
    }

    /// Ends the stage `what`.
    pub fn mark(&mut self, what: &str) {
        if self.on {
            let ms = self.last.elapsed().as_secs_f64() * 1000.0;
            let peak = peak_rss_mb()
                .map(|mb| format!(" (peak {mb} MB)"))
                .unwrap_or_default();
            self.parts.push(format!("{what} {ms:.1} ms{peak}"));
            self.last = Instant::now();
        }
    }
}

impl Default for Timings {
    fn default() -> Self {
        Timings::new()
    }
}

impl Drop for Timings {
    fn drop(&mut self) {
        if self.on && !self.parts.is_empty() {
            eprintln!("timings: {}", self.parts.join(", "));
        }
    }
}

/// Whether `KUAIXUN_TIMINGS=1`.
pub fn enabled() -> bool {
    std::env::var_os("KUAIXUN_TIMINGS").is_some_and(|v| v == "1")
}

/// The process's peak resident memory so far (Linux `VmHWM`), in MB.
fn peak_rss_mb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
}
