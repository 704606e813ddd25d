//! Stage timings for `KUAIXUN_TIMINGS=1`: `build` and `serve` mark the end of each stage and
//! the times (and, on Linux, the peak memory so far) go to stderr in one line.

use std::time::Instant;

pub struct Timings {
    on: bool,
    last: Instant,
    last_cpu: f64,
    parts: Vec<String>,
}

impl Timings {
    pub fn new() -> Timings {
        let on = enabled();
        Timings {
            on,
            last: Instant::now(),
            // Off (the usual case, and every serve rebuild): no /proc read.
            last_cpu: if on { cpu_ms().unwrap_or(0.0) } else { 0.0 },
            parts: Vec::new(),
        }
    }

    /// Ends the stage `what`.
    pub fn mark(&mut self, what: &str) {
        if self.on {
            let ms = self.last.elapsed().as_secs_f64() * 1000.0;
            let cpu = cpu_ms().unwrap_or(0.0);
            let peak = peak_rss_mb()
                .map(|mb| format!(", peak {mb} MB"))
                .unwrap_or_default();
            let used = cpu - self.last_cpu;
            self.parts
                .push(format!("{what} {ms:.1} ms (cpu {used:.0} ms{peak})"));
            self.last = Instant::now();
            self.last_cpu = cpu;
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

/// User + system CPU time of the process so far (Linux `/proc/self/stat`, 10 ms ticks).
fn cpu_ms() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which may hold spaces) start after the last ')'.
    let rest = &stat[stat.rfind(')')? + 2..];
    let mut fields = rest.split_whitespace().skip(11);
    let utime: f64 = fields.next()?.parse().ok()?;
    let stime: f64 = fields.next()?.parse().ok()?;
    Some((utime + stime) * 10.0)
}

/// The process's peak resident memory so far (Linux `VmHWM`), in MB.
fn peak_rss_mb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
}
