//! Signal handling: SIGSEGV, SIGBUS, SIGILL and SIGFPE on an alternate
//! signal stack turn into wasm traps when they come from wasm code.
//!
//! In the handler: a PC at a registered trap site gives that site's kind; a
//! SIGSEGV/SIGBUS anywhere else inside wasm code is an out-of-bounds memory
//! access; anything else is handed to the disposition that was there
//! before ours (the host program's handler is called; the default action
//! is restored and the faulting instruction re-executes). A trap
//! resumes at the thread's active catch point, or is reported and the
//! process exits with status 134.

use std::cell::Cell;
use std::ffi::{c_int, c_void};
use std::mem::MaybeUninit;
use std::sync::Once;

use wasm2native_abi::TrapKind;

use crate::{arch, registry, stack, trap};

const SIGNALS: [c_int; 4] = [libc::SIGSEGV, libc::SIGBUS, libc::SIGILL, libc::SIGFPE];

/// Size of the alternate signal stack we allocate per thread.
const ALT_STACK_SIZE: usize = 64 << 10;

struct Previous([MaybeUninit<libc::sigaction>; 4]);

static mut PREVIOUS: Previous = Previous([MaybeUninit::uninit(); 4]);
static INSTALL: Once = Once::new();

/// Installs the process-wide handlers (once).
pub(crate) fn install_handlers() {
    INSTALL.call_once(|| {
        // Not a signal, but set up as once: endings of the program inside
        // WASI calls go to the active catch point, if any.
        wasm2native_wasi::set_end_hook(trap::wasi_end_hook);
        for (i, &sig) in SIGNALS.iter().enumerate() {
            // SAFETY: a zeroed sigaction is valid; `PREVIOUS` is written
            // only here, inside `call_once`, before any handler of ours can
            // run (and read it).
            unsafe {
                let mut sa: libc::sigaction = std::mem::zeroed();
                sa.sa_sigaction = handler as *const () as usize;
                sa.sa_flags = libc::SA_SIGINFO | libc::SA_ONSTACK;
                libc::sigemptyset(&mut sa.sa_mask);
                let previous = (*std::ptr::addr_of_mut!(PREVIOUS)).0[i].as_mut_ptr();
                libc::sigaction(sig, &sa, previous);
            }
        }
    });
}

/// Gets this thread ready to run wasm code: handlers installed, an
/// alternate signal stack of at least 64 KiB, stack bounds known.
pub(crate) fn prepare_thread() {
    install_handlers();
    ensure_alt_stack();
    stack::thread_stack_bounds();
}

/// An alternate signal stack this runtime mapped for the thread.
struct AltStack {
    mapping: *mut c_void,
    len: usize,
    stack: *mut c_void,
}

impl Drop for AltStack {
    fn drop(&mut self) {
        // SAFETY: if the thread's alternate stack is still ours, disable it
        // before unmapping; the mapping is ours.
        unsafe {
            let mut current: libc::stack_t = std::mem::zeroed();
            if libc::sigaltstack(std::ptr::null(), &mut current) == 0 && current.ss_sp == self.stack {
                let disable = libc::stack_t { ss_sp: std::ptr::null_mut(), ss_flags: libc::SS_DISABLE, ss_size: 0 };
                libc::sigaltstack(&disable, std::ptr::null_mut());
            }
            libc::munmap(self.mapping, self.len);
        }
    }
}

thread_local! {
    static ALT_READY: Cell<bool> = const { Cell::new(false) };
    static ALT_STACK: Cell<Option<AltStack>> = const { Cell::new(None) };
}

fn ensure_alt_stack() {
    if ALT_READY.with(Cell::get) {
        return;
    }
    // SAFETY: querying and setting this thread's alternate stack with valid
    // structures; the new stack is a fresh mapping kept alive in a
    // thread-local until the thread exits.
    unsafe {
        let mut current: libc::stack_t = std::mem::zeroed();
        let ok = libc::sigaltstack(std::ptr::null(), &mut current) == 0;
        if ok && current.ss_flags & libc::SS_DISABLE == 0 && current.ss_size >= ALT_STACK_SIZE {
            ALT_READY.with(|r| r.set(true));
            return;
        }
        let page = libc::sysconf(libc::_SC_PAGESIZE).max(4096) as usize;
        let len = ALT_STACK_SIZE + page;
        let mapping = libc::mmap(
            std::ptr::null_mut(),
            len,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
            -1,
            0,
        );
        if mapping == libc::MAP_FAILED {
            return;
        }
        // The lowest page is a guard.
        libc::mprotect(mapping, page, libc::PROT_NONE);
        let stack = mapping.cast::<u8>().add(page).cast::<c_void>();
        let new = libc::stack_t { ss_sp: stack, ss_flags: 0, ss_size: ALT_STACK_SIZE };
        if libc::sigaltstack(&new, std::ptr::null_mut()) != 0 {
            libc::munmap(mapping, len);
            return;
        }
        ALT_STACK.with(|s| s.set(Some(AltStack { mapping, len, stack })));
        ALT_READY.with(|r| r.set(true));
    }
}

/// The trap a fault at `pc` stands for, if it comes from wasm code.
fn classify(sig: c_int, pc: usize) -> Option<TrapKind> {
    let hit = registry::lookup(pc)?;
    if let Some(kind) = hit.trap {
        return Some(kind);
    }
    (sig == libc::SIGSEGV || sig == libc::SIGBUS).then_some(TrapKind::MemoryOutOfBounds)
}

fn errno_location() -> *mut c_int {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    // SAFETY: returns this thread's errno slot.
    unsafe {
        libc::__errno_location()
    }
    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    // SAFETY: as above.
    unsafe {
        libc::__error()
    }
}

/// Hands a signal that is not a wasm trap to the disposition that was in
/// place before ours (the host program's handler, or the default), so that
/// embedding the runtime does not take faults away from its host: a
/// handler is called as the kernel would have called it; the default
/// action is restored and the fault re-executes (a sent signal is sent
/// again), which ends the process as it would have without us.
///
/// # Safety
/// The arguments are those of the running `SA_SIGINFO` handler.
unsafe fn chain(sig: c_int, info: *mut libc::siginfo_t, ctx: *mut c_void, from_kernel: bool) {
    let Some(i) = SIGNALS.iter().position(|&s| s == sig) else { return };
    // SAFETY: `PREVIOUS[i]` was initialized before our handler was
    // installed and is never written again.
    let previous = unsafe { &*(*std::ptr::addr_of!(PREVIOUS)).0[i].as_ptr() };
    let action = previous.sa_sigaction;
    if action == libc::SIG_DFL || (action == libc::SIG_IGN && from_kernel) {
        // An ignored fault would re-execute forever: it gets the default
        // action too, as the kernel gives it.
        // SAFETY: restoring the default disposition of `sig`.
        unsafe {
            libc::signal(sig, libc::SIG_DFL);
            if !from_kernel {
                libc::raise(sig);
            }
        }
    } else if action == libc::SIG_IGN {
        // A sent signal the host ignores.
    } else if previous.sa_flags & libc::SA_SIGINFO != 0 {
        // SAFETY: the host installed this address as an `SA_SIGINFO`
        // handler; it gets the kernel's arguments.
        unsafe {
            let f: unsafe extern "C" fn(c_int, *mut libc::siginfo_t, *mut c_void) = std::mem::transmute(action);
            f(sig, info, ctx)
        }
    } else {
        // SAFETY: the host installed this address as a plain handler.
        unsafe {
            let f: unsafe extern "C" fn(c_int) = std::mem::transmute(action);
            f(sig)
        }
    }
}

unsafe extern "C" fn handler(sig: c_int, info: *mut libc::siginfo_t, ctx: *mut c_void) {
    let errno = errno_location();
    // SAFETY: the errno slot of this thread.
    let saved_errno = unsafe { *errno };
    // SAFETY: the kernel passes a valid siginfo and context.
    let from_kernel = unsafe { (*info).si_code } > 0;
    // SAFETY: as above.
    let regs = unsafe { arch::context_regs(ctx) };
    match regs.filter(|_| from_kernel).and_then(|r| Some((r, classify(sig, r.pc)?))) {
        Some((regs, kind)) => {
            // SAFETY: `regs.fp` is the interrupted frame pointer of this
            // thread; `ctx` is our handler's context.
            unsafe {
                let t = trap::capture(kind, regs.pc, regs.fp);
                trap::deliver_from_signal(t, ctx);
            }
        }
        None => {
            // SAFETY: forwarded from the kernel.
            unsafe { chain(sig, info, ctx, from_kernel) }
        }
    }
    // SAFETY: as above.
    unsafe { *errno = saved_errno };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alt_stack_is_set_up() {
        std::thread::spawn(|| {
            prepare_thread();
            // SAFETY: querying with a valid out-structure.
            unsafe {
                let mut current: libc::stack_t = std::mem::zeroed();
                assert_eq!(libc::sigaltstack(std::ptr::null(), &mut current), 0);
                assert_eq!(current.ss_flags & libc::SS_DISABLE, 0);
                assert!(current.ss_size >= ALT_STACK_SIZE);
            }
        })
        .join()
        .unwrap();
    }

    #[test]
    fn classify_unknown_code_is_not_a_trap() {
        assert_eq!(classify(libc::SIGSEGV, classify as *const () as usize), None);
    }
}
