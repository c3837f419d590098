//! The current thread's stack bounds, and the stack limit wasm code checks
//! in its prologues.

use std::cell::Cell;

/// Room left below the limit for host code and signal handling.
pub const STACK_MARGIN: usize = 256 << 10;

thread_local! {
    /// `(lowest, highest)` address of this thread's stack; `(0, 0)` until
    /// computed, `(1, 1)` when unknown.
    static BOUNDS: Cell<(usize, usize)> = const { Cell::new((0, 0)) };
}

/// This thread's stack as `(lowest, one past highest)` address, computed
/// once per thread (not async-signal-safe the first time).
pub fn thread_stack_bounds() -> Option<(usize, usize)> {
    let mut b = BOUNDS.with(Cell::get);
    if b == (0, 0) {
        b = query().unwrap_or((1, 1));
        BOUNDS.with(|c| c.set(b));
    }
    (b != (1, 1)).then_some(b)
}

/// The bounds if already computed on this thread (async-signal-safe).
pub(crate) fn cached_stack_bounds() -> Option<(usize, usize)> {
    let b = BOUNDS.with(Cell::get);
    (b != (0, 0) && b != (1, 1)).then_some(b)
}

/// The value for `VMContext::stack_limit` on this thread: the lowest stack
/// address plus [`STACK_MARGIN`] (or half the stack when it is small); 0
/// (no limit) when the stack cannot be determined.
pub fn stack_limit() -> usize {
    match thread_stack_bounds() {
        Some((lo, hi)) => lo + STACK_MARGIN.min((hi - lo) / 2),
        None => 0,
    }
}

#[cfg(any(target_os = "linux", target_os = "android"))]
fn query() -> Option<(usize, usize)> {
    // SAFETY: plain system calls without arguments.
    let main_thread = unsafe { libc::getpid() == libc::gettid() };
    if main_thread {
        if let Some(bounds) = main_thread_bounds() {
            return Some(bounds);
        }
    }
    // SAFETY: `attr` is initialized by pthread_getattr_np before use and
    // destroyed afterwards; the out-pointers are valid locals.
    unsafe {
        let mut attr: libc::pthread_attr_t = std::mem::zeroed();
        if libc::pthread_getattr_np(libc::pthread_self(), &mut attr) != 0 {
            return None;
        }
        let mut addr: *mut libc::c_void = std::ptr::null_mut();
        let mut size: libc::size_t = 0;
        let r = libc::pthread_attr_getstack(&attr, &mut addr, &mut size);
        libc::pthread_attr_destroy(&mut attr);
        if r != 0 || addr.is_null() || size == 0 {
            return None;
        }
        let hi = addr as usize + size;
        // The main thread's stack grows on demand up to RLIMIT_STACK (the
        // kernel keeps that range free). musl reports only what is mapped
        // so far, which would make deep but legal recursion trap.
        let size = if main_thread { size.max(main_stack_reserve()) } else { size };
        Some((hi - size, hi))
    }
}

/// The main thread's stack without reading `/proc/self/maps` (which is
/// what `pthread_getattr_np` does for it, a fifth of a hello-world's
/// start-up). `None` when the result does not hold the current stack
/// pointer (an unusual loader).
#[cfg(any(target_os = "linux", target_os = "android"))]
fn main_thread_bounds() -> Option<(usize, usize)> {
    let hi = main_stack_top()?;
    let lo = hi.checked_sub(main_stack_reserve())?;
    let here = &lo as *const usize as usize;
    (lo < here && here < hi).then_some((lo, hi))
}

/// The end of the main thread's stack mapping: `execve` copies the
/// program's path to the very top of the new stack, just below one null
/// pointer, so the mapping ends at the first page boundary above that
/// string (`AT_EXECFN`).
#[cfg(any(target_os = "linux", target_os = "android"))]
fn main_stack_top() -> Option<usize> {
    // SAFETY: getauxval only reads the auxiliary vector.
    let (execfn, page) = unsafe { (libc::getauxval(libc::AT_EXECFN), libc::getauxval(libc::AT_PAGESZ)) };
    if execfn == 0 || !page.is_power_of_two() {
        return None;
    }
    // SAFETY: AT_EXECFN points at the NUL-terminated path execve copied.
    let len = unsafe { libc::strlen(execfn as *const libc::c_char) } as u64;
    let end = execfn.checked_add(len + 1 + std::mem::size_of::<usize>() as u64)?;
    usize::try_from(end.checked_add(page - 1)? & !(page - 1)).ok()
}

/// What the kernel reserves for the main thread's stack: RLIMIT_STACK, or
/// 8 MiB when it is unlimited or unknown.
#[cfg(any(target_os = "linux", target_os = "android"))]
fn main_stack_reserve() -> usize {
    const DEFAULT: usize = 8 << 20;
    let mut rl = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: getrlimit writes the plain struct we pass.
    let ok = unsafe { libc::getrlimit(libc::RLIMIT_STACK, &mut rl) } == 0;
    if !ok || rl.rlim_cur == libc::RLIM_INFINITY || rl.rlim_cur == 0 {
        return DEFAULT;
    }
    usize::try_from(rl.rlim_cur).unwrap_or(DEFAULT).min(1 << 30)
}

#[cfg(target_os = "macos")]
fn query() -> Option<(usize, usize)> {
    // SAFETY: plain queries about the calling thread.
    unsafe {
        let t = libc::pthread_self();
        let hi = libc::pthread_get_stackaddr_np(t) as usize;
        let size = libc::pthread_get_stacksize_np(t);
        Some((hi - size, hi))
    }
}

#[cfg(not(any(target_os = "linux", target_os = "android", target_os = "macos")))]
fn query() -> Option<(usize, usize)> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn current_stack_contains_a_local() {
        let local = 0u8;
        let here = &local as *const u8 as usize;
        let (lo, hi) = thread_stack_bounds().unwrap();
        assert!(lo < here && here < hi, "{lo:#x} < {here:#x} < {hi:#x}");
        assert_eq!(cached_stack_bounds(), Some((lo, hi)));
        let limit = stack_limit();
        assert!(limit > lo && limit < here);
    }

    #[cfg(any(target_os = "linux", target_os = "android"))]
    #[test]
    fn main_stack_top_is_the_end_of_the_stack_mapping() {
        let maps = std::fs::read_to_string("/proc/self/maps").unwrap();
        let line = maps.lines().find(|l| l.ends_with("[stack]")).expect("a [stack] mapping");
        let end = line.split(['-', ' ']).nth(1).unwrap();
        assert_eq!(main_stack_top(), Some(usize::from_str_radix(end, 16).unwrap()), "{line}");
    }

    #[test]
    fn small_thread_stacks() {
        std::thread::Builder::new()
            .stack_size(128 << 10)
            .spawn(|| {
                let (lo, hi) = thread_stack_bounds().unwrap();
                let limit = stack_limit();
                assert!(limit >= lo + (hi - lo) / 2 - 1 && limit < hi);
            })
            .unwrap()
            .join()
            .unwrap();
    }
}
