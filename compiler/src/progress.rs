//! The progress bar of long compiles.
//!
//! Code generation is where a large module's compile time goes (clang's
//! 133k functions take tens of seconds), so that is what the bar follows,
//! by wasm code bytes compiled: a fair measure of work, unlike a function
//! count where one huge body stalls the bar. It stays hidden for the first
//! [`DELAY`] so small modules compile without flicker, and it never draws
//! when stderr is not a terminal: logs, pipes and CI stay clean.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How long a compile runs before its bar appears.
pub const DELAY: Duration = Duration::from_millis(1500);

/// A bar over a known amount of work; drawing nothing unless enabled, on a
/// terminal, and slow. Shared by the compile threads.
pub struct Progress {
    bar: Option<ProgressBar>,
    start: Instant,
    shown: AtomicBool,
}

impl Progress {
    /// A bar for `total` units of `what` (e.g. "compiling"). `enabled`
    /// false (a library caller, `--quiet`) or a non-terminal stderr gives
    /// one that draws nothing.
    pub fn new(enabled: bool, what: &'static str, total: u64) -> Self {
        let bar = (enabled && std::io::stderr().is_terminal()).then(|| {
            let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::hidden());
            let style = ProgressStyle::with_template("{msg:>10} [{bar:40}] {percent:>3}% {elapsed} (about {eta} left)")
                .expect("the template is valid")
                .progress_chars("=> ");
            bar.set_style(style);
            bar.set_message(what);
            bar
        });
        Progress { bar, start: Instant::now(), shown: AtomicBool::new(false) }
    }

    /// Records `done` more units of work.
    pub fn advance(&self, done: u64) {
        let Some(bar) = &self.bar else { return };
        bar.inc(done);
        if !self.shown.load(Ordering::Relaxed) && self.start.elapsed() >= DELAY && !self.shown.swap(true, Ordering::Relaxed) {
            bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_only_when_enabled_on_a_terminal() {
        for enabled in [false, true] {
            let p = Progress::new(enabled, "compiling", 10);
            assert_eq!(p.bar.is_some(), enabled && std::io::stderr().is_terminal());
            p.advance(5);
            assert!(!p.shown.load(Ordering::Relaxed), "shown before the delay");
        }
    }
}
