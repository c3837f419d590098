//! The `extern "C"` entry points generated code calls:
//! `wasm2native_wasi_<name>(vmctx, params...) -> errno`, one per entry of
//! [`wasm2native_abi::wasi::FUNCTIONS`], with the wasm parameter types.
//!
//! Each entry point, as wasmtime's glue does:
//!
//! 1. requires the instance to have a memory ("missing required memory
//!    export" otherwise);
//! 2. decodes every argument into its witx type ([`crate::abi`]);
//! 3. runs the implementation, which returns an errno or a
//!    [`Trap`](crate::errno::Trap), or what is left to do once the WASI
//!    context is no longer needed ([`Unlocked`]: the waiting of
//!    `poll_oneoff`, a read or write on a standard stream), which a
//!    threaded program runs without the WASI lock.
//!
//! A trap ends the program: `error: wasi_snapshot_preview1::NAME: MESSAGE`
//! on stderr and exit status 1, where wasmtime prints its error report and
//! exits with status 1 (in-process harnesses can have it returned instead:
//! [`returning_traps`]). A panic never unwinds into generated code: it is
//! caught and reported as `EIO` (the implementations are written not to
//! panic; this is the backstop).

use crate::ctx::WasiCtx;
use crate::errno::{Error, WasiResult};
use crate::memory::GuestMemory;
use crate::types::Errno;
use crate::{abi, args_env, clock, dir, fd, io, path, poll, proc, sock};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Mutex, OnceLock};
use wasm2native_abi::meta::ValType;
use wasm2native_abi::VMContext;

/// How a guest ends the program from inside a WASI call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum End {
    /// `proc_exit(status)` with a valid status (`0..126`).
    Exit(i32),
    /// A guest error wasmtime ends the program for (a bad pointer, flag or
    /// enum value, a limit passed, no memory):
    /// `wasi_snapshot_preview1::NAME: MESSAGE`. An executable prints it
    /// after `error: ` and exits with status 1.
    Error(String),
}

/// Who is told first when the guest ends the program: see [`set_end_hook`].
static END_HOOK: OnceLock<fn(End) -> End> = OnceLock::new();

/// Installs `hook` (once per process; later calls are ignored), which every
/// ending of the program ([`End`]) is handed to before the process ends. A
/// hook that does not return takes the ending over: the runtime's resumes
/// the embedder's call into the guest with it as an error, so that a
/// library never ends its host process. When the hook hands the ending
/// back (no call to resume, as in executables), the process ends as under
/// wasmtime.
///
/// When the hook is called, the shim's frames own nothing that needs
/// dropping, so a hook may leave them without returning.
pub fn set_end_hook(hook: fn(End) -> End) {
    let _ = END_HOOK.set(hook);
}

/// Hands `end` to the hook, then ends the process the way wasmtime does.
fn end(end: End) -> ! {
    let end = match END_HOOK.get() {
        Some(hook) => hook(end),
        None => end,
    };
    match end {
        End::Exit(status) => std::process::exit(status),
        End::Error(line) => {
            write_stderr(&format!("error: {line}\n"));
            std::process::exit(1)
        }
    }
}

/// Ends the program because WASI function `func` met a guest error, as
/// wasmtime does: a message on the host's stderr, exit status 1 (unless the
/// end hook takes the ending over).
pub(crate) fn end_program(func: &str, msg: &str) -> ! {
    end(End::Error(ending_line(func, msg)))
}

/// `wasi_snapshot_preview1::FUNC: MSG`.
fn ending_line(func: &str, msg: &str) -> String {
    format!("{}::{func}: {msg}", wasm2native_abi::wasi::MODULE)
}

/// `proc_exit(status)` for a valid status (unless the end hook takes it
/// over).
pub(crate) fn exit_program(status: u32) -> ! {
    end(End::Exit(status as i32))
}

/// Writes `line` to the host's stderr; failures only lose the message.
fn write_stderr(line: &str) {
    let mut bytes = line.as_bytes();
    while !bytes.is_empty() {
        // SAFETY: writing a valid buffer to the host's stderr; failures
        // only lose the message, the process ends either way.
        let n = unsafe { libc::write(2, bytes.as_ptr().cast(), bytes.len()) };
        if n <= 0 {
            break;
        }
        bytes = &bytes[n as usize..];
    }
}

/// What an entry point returns where the program would have ended, in
/// unit tests and inside [`returning_traps`] (never an errno: those are
/// `0..=76`). The message is kept for [`take_ended`].
pub const ENDED: i32 = -1;

thread_local! {
    static ENDED_WITH: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
    static RETURN_TRAPS: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// The message of the last call on this thread that would have ended the
/// program (see [`ENDED`]).
pub fn take_ended() -> Option<String> {
    ENDED_WITH.with(|e| e.borrow_mut().take())
}

/// Runs `f` with the guest errors that end the program (a
/// [`Trap`](crate::Trap): a bad guest pointer, flag or enum value, a limit
/// passed, no memory) returned by the entry points called on this thread
/// as [`ENDED`] instead, the message kept for [`take_ended`].
///
/// For harnesses that drive the entry points in-process (the fuzz targets
/// in `tests/fuzz`): nothing in the runtime calls it, so programs still end
/// as under wasmtime. `proc_exit` ends the process regardless.
pub fn returning_traps<R>(f: impl FnOnce() -> R) -> R {
    /// Restores the previous setting, also when `f` panics.
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            RETURN_TRAPS.with(|r| r.set(self.0));
        }
    }
    let _restore = Restore(RETURN_TRAPS.with(|r| r.replace(true)));
    f()
}

/// Calls `f` with the WASI context of `vmctx`.
///
/// A null `host_state` (an embedder that set up no WASI context) gets a
/// process-wide context with stdio only, so that such a guest can still
/// print rather than crash.
///
/// # Safety
/// `vmctx` is null or live, and its `host_state` is null or a `*mut
/// WasiCtx` not otherwise borrowed during the call.
unsafe fn with_ctx<T>(vmctx: *mut VMContext, f: impl FnOnce(&mut WasiCtx) -> WasiResult<T>) -> WasiResult<T> {
    // SAFETY: see the function's contract.
    let state = if vmctx.is_null() { core::ptr::null_mut() } else { unsafe { (*vmctx).host_state } };
    if state.is_null() {
        static DEFAULT: OnceLock<Mutex<WasiCtx>> = OnceLock::new();
        let cx = DEFAULT.get_or_init(|| Mutex::new(WasiCtx::stdio_only()));
        let mut cx = cx.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        return f(&mut cx);
    }
    // SAFETY: the runtime stores a `*mut WasiCtx` in `host_state` and does
    // not touch it while the guest runs; WASI calls do not nest.
    f(unsafe { &mut *state.cast::<WasiCtx>() })
}

/// Set once a program has started a second thread (wasi-threads): from
/// then on WASI calls take [`WASI_LOCK`], one at a time. Never reset.
static THREADED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Serializes the WASI calls of a threaded program (they share one context).
static WASI_LOCK: Mutex<()> = Mutex::new(());

/// Called by the runtime before it starts a program's second thread: WASI
/// calls are serialized from then on. A single-threaded program never
/// takes the lock (its calls read one flag, a plain load).
pub fn enter_threaded_mode() {
    THREADED.store(true, std::sync::atomic::Ordering::SeqCst);
}

/// The part of a WASI call that needs the guest memory but not the WASI
/// context, run after the WASI lock is released: whatever may block for
/// long, so that one thread's wait does not hold up the others' calls.
pub(crate) trait Unlocked {
    /// Finishes the call.
    fn finish(self, mem: &mut GuestMemory) -> WasiResult<()>;
}

/// A call done entirely with the context.
impl Unlocked for () {
    fn finish(self, _: &mut GuestMemory) -> WasiResult<()> {
        Ok(())
    }
}

/// Runs one WASI call (`name`, for messages) and returns its errno, in
/// two parts: `f` with the WASI context (under the WASI lock, in a threaded
/// program), then what it leaves ([`Unlocked`]) without the lock.
///
/// # Safety
/// As [`with_ctx`] and [`GuestMemory::from_vmctx`].
unsafe fn enter<T: Unlocked>(
    vmctx: *mut VMContext,
    name: &str,
    f: impl FnOnce(&mut WasiCtx, &mut GuestMemory) -> WasiResult<T>,
) -> i32 {
    let result = catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: forwarded from this function's contract.
        let mut mem = unsafe { GuestMemory::from_vmctx(vmctx) };
        if !mem.is_present() {
            return Err(Error::trap("missing required memory export"));
        }
        let first = {
            // The thread that set the flag started the others, so they all
            // see it.
            let _serialized = THREADED
                .load(std::sync::atomic::Ordering::Relaxed)
                .then(|| WASI_LOCK.lock().unwrap_or_else(|poisoned| poisoned.into_inner()));
            // SAFETY: forwarded from this function's contract; the context
            // borrow ends with this block, before `then` runs unlocked.
            unsafe { with_ctx(vmctx, |cx| f(cx, &mut mem)) }?
        };
        first.finish(&mut mem)
    }));
    match result {
        Ok(Ok(())) => i32::from(Errno::SUCCESS.0),
        Ok(Err(Error::Errno(errno))) => i32::from(errno.0),
        Ok(Err(Error::Trap(trap))) => {
            let func = name.strip_prefix(wasm2native_abi::wasi::SYMBOL_PREFIX).unwrap_or(name);
            if !cfg!(test) && !RETURN_TRAPS.with(|r| r.get()) {
                let line = ending_line(func, &trap.0);
                // Nothing owned stays in this frame: the hook may leave it.
                drop(trap);
                end(End::Error(line));
            }
            ENDED_WITH.with(|e| *e.borrow_mut() = Some(format!("{func}: {}", trap.0)));
            ENDED
        }
        Err(_panic) => i32::from(Errno::IO.0),
    }
}

/// Defines the entry points from `symbol => implementation [param: wasm
/// type as decoder, ...]` and a table of their names, parameter types and
/// addresses. Arguments are decoded in order with the [`abi`] decoders.
macro_rules! wasi_exports {
    ($($sym:ident => $imp:path [$($arg:ident: $ty:ident as $dec:ident),*];)*) => {
        $(
            #[doc = concat!("The WASI function `", stringify!($imp), "`; returns its errno.")]
            ///
            /// # Safety
            /// `vmctx` must be the calling instance's live context (or null),
            /// as the ABI requires of every host function.
            #[no_mangle]
            pub unsafe extern "C" fn $sym(vmctx: *mut VMContext, $($arg: $ty),*) -> i32 {
                // SAFETY: forwarded from this function's contract.
                unsafe {
                    enter(vmctx, stringify!($sym), |cx, mem| {
                        $(let $arg = abi::$dec($arg)?;)*
                        $imp(cx, mem, $($arg),*)
                    })
                }
            }
        )*

        /// `(symbol, wasm parameter types, address)` of every entry point
        /// defined by the macro (all but `proc_exit`).
        fn table() -> Vec<(&'static str, Vec<ValType>, *const u8)> {
            vec![$(
                (stringify!($sym), vec![$(wasi_exports!(@ty $ty)),*], $sym as *const u8),
            )*]
        }
    };
    (@ty i32) => { ValType::I32 };
    (@ty i64) => { ValType::I64 };
}

wasi_exports! {
    wasm2native_wasi_args_get => args_env::args_get [argv: i32 as u32_, argv_buf: i32 as u32_];
    wasm2native_wasi_args_sizes_get => args_env::args_sizes_get [argc: i32 as u32_, argv_buf_size: i32 as u32_];
    wasm2native_wasi_environ_get => args_env::environ_get [environ: i32 as u32_, environ_buf: i32 as u32_];
    wasm2native_wasi_environ_sizes_get => args_env::environ_sizes_get [count: i32 as u32_, buf_size: i32 as u32_];
    wasm2native_wasi_clock_res_get => clock::clock_res_get [id: i32 as clockid, resolution: i32 as u32_];
    wasm2native_wasi_clock_time_get => clock::clock_time_get [id: i32 as clockid, precision: i64 as u64_, time: i32 as u32_];
    wasm2native_wasi_fd_advise => fd::fd_advise [fd: i32 as u32_, offset: i64 as u64_, len: i64 as u64_, advice: i32 as advice];
    wasm2native_wasi_fd_allocate => fd::fd_allocate [fd: i32 as u32_, offset: i64 as u64_, len: i64 as u64_];
    wasm2native_wasi_fd_close => fd::fd_close [fd: i32 as u32_];
    wasm2native_wasi_fd_datasync => fd::fd_datasync [fd: i32 as u32_];
    wasm2native_wasi_fd_fdstat_get => fd::fd_fdstat_get [fd: i32 as u32_, stat: i32 as u32_];
    wasm2native_wasi_fd_fdstat_set_flags => fd::fd_fdstat_set_flags [fd: i32 as u32_, flags: i32 as fdflags];
    wasm2native_wasi_fd_fdstat_set_rights => fd::fd_fdstat_set_rights [fd: i32 as u32_, base: i64 as rights, inheriting: i64 as rights];
    wasm2native_wasi_fd_filestat_get => fd::fd_filestat_get [fd: i32 as u32_, stat: i32 as u32_];
    wasm2native_wasi_fd_filestat_set_size => fd::fd_filestat_set_size [fd: i32 as u32_, size: i64 as u64_];
    wasm2native_wasi_fd_filestat_set_times => fd::fd_filestat_set_times [fd: i32 as u32_, atim: i64 as u64_, mtim: i64 as u64_, fst_flags: i32 as fstflags];
    wasm2native_wasi_fd_pread => io::fd_pread [fd: i32 as u32_, iovs: i32 as u32_, iovs_len: i32 as u32_, offset: i64 as u64_, nread: i32 as u32_];
    wasm2native_wasi_fd_prestat_get => fd::fd_prestat_get [fd: i32 as u32_, prestat: i32 as u32_];
    wasm2native_wasi_fd_prestat_dir_name => fd::fd_prestat_dir_name [fd: i32 as u32_, path: i32 as u32_, path_len: i32 as u32_];
    wasm2native_wasi_fd_pwrite => io::fd_pwrite [fd: i32 as u32_, iovs: i32 as u32_, iovs_len: i32 as u32_, offset: i64 as u64_, nwritten: i32 as u32_];
    wasm2native_wasi_fd_read => io::fd_read [fd: i32 as u32_, iovs: i32 as u32_, iovs_len: i32 as u32_, nread: i32 as u32_];
    wasm2native_wasi_fd_readdir => dir::fd_readdir [fd: i32 as u32_, buf: i32 as u32_, buf_len: i32 as u32_, cookie: i64 as u64_, bufused: i32 as u32_];
    wasm2native_wasi_fd_renumber => fd::fd_renumber [fd: i32 as u32_, to: i32 as u32_];
    wasm2native_wasi_fd_seek => io::fd_seek [fd: i32 as u32_, offset: i64 as i64_, whence: i32 as whence, newoffset: i32 as u32_];
    wasm2native_wasi_fd_sync => fd::fd_sync [fd: i32 as u32_];
    wasm2native_wasi_fd_tell => io::fd_tell [fd: i32 as u32_, offset: i32 as u32_];
    wasm2native_wasi_fd_write => io::fd_write [fd: i32 as u32_, iovs: i32 as u32_, iovs_len: i32 as u32_, nwritten: i32 as u32_];
    wasm2native_wasi_path_create_directory => path::path_create_directory [fd: i32 as u32_, path: i32 as u32_, path_len: i32 as u32_];
    wasm2native_wasi_path_filestat_get => path::path_filestat_get [fd: i32 as u32_, flags: i32 as lookupflags, path: i32 as u32_, path_len: i32 as u32_, stat: i32 as u32_];
    wasm2native_wasi_path_filestat_set_times => path::path_filestat_set_times [fd: i32 as u32_, flags: i32 as lookupflags, path: i32 as u32_, path_len: i32 as u32_, atim: i64 as u64_, mtim: i64 as u64_, fst_flags: i32 as fstflags];
    wasm2native_wasi_path_link => path::path_link [old_fd: i32 as u32_, old_flags: i32 as lookupflags, old_path: i32 as u32_, old_path_len: i32 as u32_, new_fd: i32 as u32_, new_path: i32 as u32_, new_path_len: i32 as u32_];
    wasm2native_wasi_path_open => path::path_open [fd: i32 as u32_, dirflags: i32 as lookupflags, path: i32 as u32_, path_len: i32 as u32_, oflags: i32 as oflags, base: i64 as rights, inheriting: i64 as rights, fdflags: i32 as fdflags, opened_fd: i32 as u32_];
    wasm2native_wasi_path_readlink => path::path_readlink [fd: i32 as u32_, path: i32 as u32_, path_len: i32 as u32_, buf: i32 as u32_, buf_len: i32 as u32_, bufused: i32 as u32_];
    wasm2native_wasi_path_remove_directory => path::path_remove_directory [fd: i32 as u32_, path: i32 as u32_, path_len: i32 as u32_];
    wasm2native_wasi_path_rename => path::path_rename [fd: i32 as u32_, old_path: i32 as u32_, old_path_len: i32 as u32_, new_fd: i32 as u32_, new_path: i32 as u32_, new_path_len: i32 as u32_];
    wasm2native_wasi_path_symlink => path::path_symlink [old_path: i32 as u32_, old_path_len: i32 as u32_, fd: i32 as u32_, new_path: i32 as u32_, new_path_len: i32 as u32_];
    wasm2native_wasi_path_unlink_file => path::path_unlink_file [fd: i32 as u32_, path: i32 as u32_, path_len: i32 as u32_];
    wasm2native_wasi_poll_oneoff => poll::poll_oneoff [subs: i32 as u32_, events: i32 as u32_, nsubscriptions: i32 as u32_, nevents: i32 as u32_];
    wasm2native_wasi_proc_raise => proc::proc_raise [sig: i32 as signal];
    wasm2native_wasi_sched_yield => proc::sched_yield [];
    wasm2native_wasi_random_get => proc::random_get [buf: i32 as u32_, buf_len: i32 as u32_];
    wasm2native_wasi_sock_accept => sock::sock_accept [fd: i32 as u32_, flags: i32 as fdflags, fd_out: i32 as u32_];
    wasm2native_wasi_sock_recv => sock::sock_recv [fd: i32 as u32_, ri_data: i32 as u32_, ri_data_len: i32 as u32_, ri_flags: i32 as riflags, ro_datalen: i32 as u32_, ro_flags: i32 as u32_];
    wasm2native_wasi_sock_send => sock::sock_send [fd: i32 as u32_, si_data: i32 as u32_, si_data_len: i32 as u32_, si_flags: i32 as siflags, so_datalen: i32 as u32_];
    wasm2native_wasi_sock_shutdown => sock::sock_shutdown [fd: i32 as u32_, how: i32 as sdflags];
}

/// The WASI function `proc_exit`: ends the process with `code` (a code of
/// 126 or more is refused as wasmtime does: message, exit status 1). Like
/// every WASI function it needs the instance to have a memory.
///
/// # Safety
/// `vmctx` must be the calling instance's live context (or null).
#[no_mangle]
pub unsafe extern "C" fn wasm2native_wasi_proc_exit(vmctx: *mut VMContext, code: i32) -> ! {
    // SAFETY: forwarded from this function's contract.
    if !unsafe { GuestMemory::from_vmctx(vmctx) }.is_present() {
        end_program("proc_exit", "missing required memory export");
    }
    proc::proc_exit(code as u32)
}

/// The address of the entry point of WASI function `name` (an import field
/// name of `wasi_snapshot_preview1`, e.g. `"fd_write"`), for embedders that
/// link imports at run time. Calling it also keeps every entry point linked.
pub fn function_address(name: &str) -> Option<*const u8> {
    if name == "proc_exit" {
        return Some(wasm2native_wasi_proc_exit as *const u8);
    }
    table()
        .into_iter()
        .find(|(sym, _, _)| sym.strip_prefix(wasm2native_abi::wasi::SYMBOL_PREFIX) == Some(name))
        .map(|(_, _, addr)| addr)
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm2native_abi::wasi::{FUNCTIONS, SYMBOL_PREFIX};

    #[test]
    fn every_wasi_function_is_exported_with_its_signature() {
        let table = table();
        for f in FUNCTIONS {
            assert!(function_address(f.name).is_some(), "{} missing", f.name);
            if f.name == "proc_exit" {
                continue;
            }
            let (_, params, _) = table
                .iter()
                .find(|(sym, _, _)| sym.strip_prefix(SYMBOL_PREFIX) == Some(f.name))
                .expect("in table");
            assert_eq!(params.as_slice(), f.params, "{}", f.name);
            assert_eq!(f.results, &[ValType::I32], "{}", f.name);
        }
        assert_eq!(table.len() + 1, FUNCTIONS.len());
        assert_eq!(function_address("nope"), None);
    }
}
