//! The `extern "C"` entry points generated code calls:
//! `wasm2native_wasi_<name>(vmctx, params...) -> errno`, one per entry of
//! [`wasm2native_abi::wasi::FUNCTIONS`], with the wasm parameter types
//! (`i32`/`i64`, reinterpreted as unsigned inside).
//!
//! Each entry point finds the calling instance's memory 0 and WASI context
//! through `vmctx`, runs the implementation, and turns its result into an
//! errno. A panic never unwinds into generated code: it is caught and
//! reported as `EIO` (the implementations are written not to panic; this
//! is the backstop).

use crate::ctx::WasiCtx;
use crate::errno::WasiResult;
use crate::memory::GuestMemory;
use crate::types::Errno;
use crate::{args_env, clock, dir, fd, io, path, poll, proc, sock};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Mutex, OnceLock};
use wasm2native_abi::meta::ValType;
use wasm2native_abi::VMContext;

/// Reinterprets a wasm integer argument as the unsigned value WASI means.
trait Unsigned {
    type Out;
    fn unsigned(self) -> Self::Out;
}

impl Unsigned for i32 {
    type Out = u32;
    fn unsigned(self) -> u32 {
        self as u32
    }
}

impl Unsigned for i64 {
    type Out = u64;
    fn unsigned(self) -> u64 {
        self as u64
    }
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
unsafe fn with_ctx(vmctx: *mut VMContext, f: impl FnOnce(&mut WasiCtx) -> WasiResult<()>) -> WasiResult<()> {
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

/// Runs one WASI call and returns its errno.
///
/// # Safety
/// As [`with_ctx`] and [`GuestMemory::from_vmctx`].
unsafe fn enter(vmctx: *mut VMContext, f: impl FnOnce(&mut WasiCtx, &mut GuestMemory) -> WasiResult<()>) -> i32 {
    let result = catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: forwarded from this function's contract.
        unsafe {
            let mut mem = GuestMemory::from_vmctx(vmctx);
            with_ctx(vmctx, |cx| f(cx, &mut mem))
        }
    }));
    match result {
        Ok(Ok(())) => i32::from(Errno::SUCCESS.0),
        Ok(Err(errno)) => i32::from(errno.0),
        Err(_panic) => i32::from(Errno::IO.0),
    }
}

/// Defines the entry points from `symbol => implementation [params]` and a
/// table of their names, parameter types and addresses.
macro_rules! wasi_exports {
    ($($sym:ident => $imp:path [$($arg:ident: $ty:ident),*];)*) => {
        $(
            #[doc = concat!("The WASI function `", stringify!($imp), "`; returns its errno.")]
            ///
            /// # Safety
            /// `vmctx` must be the calling instance's live context (or null),
            /// as the ABI requires of every host function.
            #[no_mangle]
            pub unsafe extern "C" fn $sym(vmctx: *mut VMContext, $($arg: $ty),*) -> i32 {
                // SAFETY: forwarded from this function's contract.
                unsafe { enter(vmctx, |cx, mem| $imp(cx, mem, $($arg.unsigned()),*)) }
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
    wasm2native_wasi_args_get => args_env::args_get [argv: i32, argv_buf: i32];
    wasm2native_wasi_args_sizes_get => args_env::args_sizes_get [argc: i32, argv_buf_size: i32];
    wasm2native_wasi_environ_get => args_env::environ_get [environ: i32, environ_buf: i32];
    wasm2native_wasi_environ_sizes_get => args_env::environ_sizes_get [count: i32, buf_size: i32];
    wasm2native_wasi_clock_res_get => clock::clock_res_get [id: i32, resolution: i32];
    wasm2native_wasi_clock_time_get => clock::clock_time_get [id: i32, precision: i64, time: i32];
    wasm2native_wasi_fd_advise => fd::fd_advise [fd: i32, offset: i64, len: i64, advice: i32];
    wasm2native_wasi_fd_allocate => fd::fd_allocate [fd: i32, offset: i64, len: i64];
    wasm2native_wasi_fd_close => fd::fd_close [fd: i32];
    wasm2native_wasi_fd_datasync => fd::fd_datasync [fd: i32];
    wasm2native_wasi_fd_fdstat_get => fd::fd_fdstat_get [fd: i32, stat: i32];
    wasm2native_wasi_fd_fdstat_set_flags => fd::fd_fdstat_set_flags [fd: i32, flags: i32];
    wasm2native_wasi_fd_fdstat_set_rights => fd::fd_fdstat_set_rights [fd: i32, base: i64, inheriting: i64];
    wasm2native_wasi_fd_filestat_get => fd::fd_filestat_get [fd: i32, stat: i32];
    wasm2native_wasi_fd_filestat_set_size => fd::fd_filestat_set_size [fd: i32, size: i64];
    wasm2native_wasi_fd_filestat_set_times => fd::fd_filestat_set_times [fd: i32, atim: i64, mtim: i64, fst_flags: i32];
    wasm2native_wasi_fd_pread => io::fd_pread [fd: i32, iovs: i32, iovs_len: i32, offset: i64, nread: i32];
    wasm2native_wasi_fd_prestat_get => fd::fd_prestat_get [fd: i32, prestat: i32];
    wasm2native_wasi_fd_prestat_dir_name => fd::fd_prestat_dir_name [fd: i32, path: i32, path_len: i32];
    wasm2native_wasi_fd_pwrite => io::fd_pwrite [fd: i32, iovs: i32, iovs_len: i32, offset: i64, nwritten: i32];
    wasm2native_wasi_fd_read => io::fd_read [fd: i32, iovs: i32, iovs_len: i32, nread: i32];
    wasm2native_wasi_fd_readdir => dir::fd_readdir [fd: i32, buf: i32, buf_len: i32, cookie: i64, bufused: i32];
    wasm2native_wasi_fd_renumber => fd::fd_renumber [fd: i32, to: i32];
    wasm2native_wasi_fd_seek => io::fd_seek [fd: i32, offset: i64, whence: i32, newoffset: i32];
    wasm2native_wasi_fd_sync => fd::fd_sync [fd: i32];
    wasm2native_wasi_fd_tell => io::fd_tell [fd: i32, offset: i32];
    wasm2native_wasi_fd_write => io::fd_write [fd: i32, iovs: i32, iovs_len: i32, nwritten: i32];
    wasm2native_wasi_path_create_directory => path::path_create_directory [fd: i32, path: i32, path_len: i32];
    wasm2native_wasi_path_filestat_get => path::path_filestat_get [fd: i32, flags: i32, path: i32, path_len: i32, stat: i32];
    wasm2native_wasi_path_filestat_set_times => path::path_filestat_set_times [fd: i32, flags: i32, path: i32, path_len: i32, atim: i64, mtim: i64, fst_flags: i32];
    wasm2native_wasi_path_link => path::path_link [old_fd: i32, old_flags: i32, old_path: i32, old_path_len: i32, new_fd: i32, new_path: i32, new_path_len: i32];
    wasm2native_wasi_path_open => path::path_open [fd: i32, dirflags: i32, path: i32, path_len: i32, oflags: i32, base: i64, inheriting: i64, fdflags: i32, opened_fd: i32];
    wasm2native_wasi_path_readlink => path::path_readlink [fd: i32, path: i32, path_len: i32, buf: i32, buf_len: i32, bufused: i32];
    wasm2native_wasi_path_remove_directory => path::path_remove_directory [fd: i32, path: i32, path_len: i32];
    wasm2native_wasi_path_rename => path::path_rename [fd: i32, old_path: i32, old_path_len: i32, new_fd: i32, new_path: i32, new_path_len: i32];
    wasm2native_wasi_path_symlink => path::path_symlink [old_path: i32, old_path_len: i32, fd: i32, new_path: i32, new_path_len: i32];
    wasm2native_wasi_path_unlink_file => path::path_unlink_file [fd: i32, path: i32, path_len: i32];
    wasm2native_wasi_poll_oneoff => poll::poll_oneoff [subs: i32, events: i32, nsubscriptions: i32, nevents: i32];
    wasm2native_wasi_proc_raise => proc::proc_raise [sig: i32];
    wasm2native_wasi_sched_yield => proc::sched_yield [];
    wasm2native_wasi_random_get => proc::random_get [buf: i32, buf_len: i32];
    wasm2native_wasi_sock_accept => sock::sock_accept [fd: i32, flags: i32, fd_out: i32];
    wasm2native_wasi_sock_recv => sock::sock_recv [fd: i32, ri_data: i32, ri_data_len: i32, ri_flags: i32, ro_datalen: i32, ro_flags: i32];
    wasm2native_wasi_sock_send => sock::sock_send [fd: i32, si_data: i32, si_data_len: i32, si_flags: i32, so_datalen: i32];
    wasm2native_wasi_sock_shutdown => sock::sock_shutdown [fd: i32, how: i32];
}

/// The WASI function `proc_exit`: ends the process with `code` (a code of
/// 126 or more is refused as wasmtime does: message, exit status 1).
///
/// # Safety
/// Always safe to call; `unsafe` only for uniformity with the others.
#[no_mangle]
pub unsafe extern "C" fn wasm2native_wasi_proc_exit(_vmctx: *mut VMContext, code: i32) -> ! {
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
