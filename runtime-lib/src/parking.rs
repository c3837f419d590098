//! `memory.atomic.wait` and `memory.atomic.notify`: a parking table keyed
//! by native address (a shared memory never moves, so its addresses name
//! its cells for as long as it lives).
//!
//! One process-wide lock guards the table. A waiter checks the value and
//! enqueues itself under the lock, and a notifier dequeues under it, so no
//! notify between the check and the sleep is lost. Each waiter sleeps on
//! its own condition variable until it is notified or its deadline passes;
//! spurious wake-ups go back to sleep. Waiters at one address are woken in
//! the order they arrived. Only programs that wait or notify take the
//! lock.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, OnceLock, PoisonError};
use std::time::{Duration, Instant};

/// The value `wait` returns when woken by a notify.
pub(crate) const WOKEN: u32 = 0;
/// The value `wait` returns when the memory did not hold the expected value.
pub(crate) const NOT_EQUAL: u32 = 1;
/// The value `wait` returns when the timeout passed.
pub(crate) const TIMED_OUT: u32 = 2;

/// One sleeping thread.
struct Waiter {
    /// Set by the notifier, under the table lock.
    notified: std::sync::atomic::AtomicBool,
    wake: Condvar,
}

type Table = HashMap<usize, Vec<Arc<Waiter>>>;

fn table() -> MutexGuard<'static, Table> {
    static TABLE: OnceLock<Mutex<Table>> = OnceLock::new();
    TABLE.get_or_init(Default::default).lock().unwrap_or_else(PoisonError::into_inner)
}

/// Waits at `addr` while `still_expected()` (evaluated under the lock)
/// holds, for at most `timeout` nanoseconds (negative: forever).
fn wait(addr: usize, still_expected: impl FnOnce() -> bool, timeout: i64) -> u32 {
    let mut guard = table();
    if !still_expected() {
        return NOT_EQUAL;
    }
    let deadline = u64::try_from(timeout).ok().map(|ns| Instant::now() + Duration::from_nanos(ns));
    let me = Arc::new(Waiter { notified: false.into(), wake: Condvar::new() });
    guard.entry(addr).or_default().push(me.clone());
    loop {
        if me.notified.load(Ordering::Relaxed) {
            return WOKEN;
        }
        let now = Instant::now();
        match deadline {
            None => guard = me.wake.wait(guard).unwrap_or_else(PoisonError::into_inner),
            Some(d) if now >= d => {
                // Timed out: leave the queue (a notifier took us out if it
                // had notified us, which the check above saw).
                if let Some(queue) = guard.get_mut(&addr) {
                    queue.retain(|w| !Arc::ptr_eq(w, &me));
                    if queue.is_empty() {
                        guard.remove(&addr);
                    }
                }
                return TIMED_OUT;
            }
            Some(d) => guard = me.wake.wait_timeout(guard, d - now).unwrap_or_else(PoisonError::into_inner).0,
        }
    }
}

/// `memory.atomic.wait32` at `addr`.
///
/// # Safety
/// `addr` is an aligned address inside a live shared memory.
pub(crate) unsafe fn wait32(addr: *const u32, expected: u32, timeout: i64) -> u32 {
    // SAFETY: as the caller guarantees; the cell is accessed atomically.
    let cell = unsafe { AtomicU32::from_ptr(addr.cast_mut()) };
    wait(addr as usize, || cell.load(Ordering::SeqCst) == expected, timeout)
}

/// `memory.atomic.wait64` at `addr`.
///
/// # Safety
/// As for [`wait32`].
pub(crate) unsafe fn wait64(addr: *const u64, expected: u64, timeout: i64) -> u32 {
    // SAFETY: as the caller guarantees; the cell is accessed atomically.
    let cell = unsafe { AtomicU64::from_ptr(addr.cast_mut()) };
    wait(addr as usize, || cell.load(Ordering::SeqCst) == expected, timeout)
}

/// `memory.atomic.notify` at `addr`: wakes up to `count` waiters, oldest
/// first; returns how many.
pub(crate) fn notify(addr: usize, count: u32) -> u32 {
    let mut guard = table();
    let Some(queue) = guard.get_mut(&addr) else { return 0 };
    let n = queue.len().min(count as usize);
    for w in queue.drain(..n) {
        w.notified.store(true, Ordering::Relaxed);
        w.wake.notify_one();
    }
    if queue.is_empty() {
        guard.remove(&addr);
    }
    n as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wait_and_notify() {
        let cell = Box::leak(Box::new(AtomicU32::new(7)));
        let addr = cell.as_ptr() as *const u32;
        // SAFETY: a live, aligned cell.
        unsafe {
            assert_eq!(wait32(addr, 8, -1), NOT_EQUAL);
            assert_eq!(wait32(addr, 7, 1_000_000), TIMED_OUT);
        }
        assert_eq!(notify(addr as usize, 10), 0);
        let a = addr as usize;
        let waiters: Vec<_> = (0..3)
            // SAFETY: as above; the cell is leaked, so it outlives the threads.
            .map(|_| std::thread::spawn(move || unsafe { wait32(a as *const u32, 7, -1) }))
            .collect();
        let mut woken = 0;
        while woken < 3 {
            woken += notify(a, 2);
            std::thread::yield_now();
        }
        for w in waiters {
            assert_eq!(w.join().unwrap(), WOKEN);
        }
        let big = Box::leak(Box::new(AtomicU64::new(u64::MAX)));
        // SAFETY: a live, aligned cell.
        assert_eq!(unsafe { wait64(big.as_ptr(), u64::MAX, 0) }, TIMED_OUT);
    }
}
