//! Running a target with its panic caught and turned into a one-line
//! report, under a quiet panic hook.

use std::cell::{Cell, RefCell};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Once;

use crate::{Outcome, Target};

thread_local! {
    static LAST: RefCell<Option<String>> = const { RefCell::new(None) };
    static COUNT: Cell<u64> = const { Cell::new(0) };
}

/// Installs (once) a panic hook that prints nothing: it records the
/// message and location for [`run_caught`] and counts the panics of each
/// thread ([`panics_on_thread`]).
pub fn install_quiet_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            let msg = if let Some(s) = info.payload().downcast_ref::<&str>() {
                (*s).to_string()
            } else if let Some(s) = info.payload().downcast_ref::<String>() {
                s.clone()
            } else {
                "(non-string panic payload)".to_string()
            };
            let at = info
                .location()
                .map(|l| format!(" at {}:{}", l.file(), l.line()))
                .unwrap_or_default();
            let line = format!("{}{at}", msg.replace('\n', " | "));
            LAST.with(|l| *l.borrow_mut() = Some(line));
            COUNT.with(|c| c.set(c.get() + 1));
        }));
    });
}

/// How many panics the quiet hook saw on this thread, caught or not (0
/// without the hook, e.g. under libFuzzer, whose hook aborts instead).
pub fn panics_on_thread() -> u64 {
    COUNT.with(|c| c.get())
}

/// Runs `target` on `data`; a panic becomes `Err(message and location)`.
pub fn run_caught(target: Target, data: &[u8]) -> Result<Outcome, String> {
    LAST.with(|l| l.borrow_mut().take());
    catch_unwind(AssertUnwindSafe(|| target.run(data))).map_err(|_| {
        LAST.with(|l| l.borrow_mut().take())
            .unwrap_or_else(|| "panic (no message)".to_string())
    })
}
