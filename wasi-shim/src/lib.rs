//! WASI preview 1 (`wasi_snapshot_preview1`) for wasm2native executables.
//!
//! # How generated code reaches it
//!
//! For each of the 46 functions of [`wasm2native_abi::wasi::FUNCTIONS`] this
//! crate defines an unmangled C function
//!
//! ```text
//! wasm2native_wasi_<name>(vmctx: *mut VMContext, params as i32/i64...) -> i32 /* errno */
//! ```
//!
//! (`wasm2native_wasi_proc_exit` does not return). Generated code calls them
//! directly, passing the calling instance's `vmctx`. From it the shim takes
//!
//! * its linear memory: `(*vmctx).wasi_memory` → `VMMemory { base, length }`,
//!   with `length` read afresh on every call (memory grows);
//! * its context: `(*vmctx).host_state`, which the runtime sets to a
//!   `*mut WasiCtx` before running the guest (null means "stdio only").
//!
//! # What the runtime does
//!
//! ```text
//! let mut wasi = wasm2native_wasi::WasiCtx::new(args, env, preopens)?; // WasiError names a bad --dir
//! (*vmctx).host_state = &mut wasi as *mut WasiCtx as *mut c_void;
//! // ... run `_start`; keep `wasi` alive (and unmoved) until it returns.
//! ```
//!
//! Descriptors 0, 1, 2 are the host's stdin, stdout and stderr; the
//! preopened directories are 3, 4, ... in the order given. Embedders that
//! resolve imports at run time get entry points from [`function_address`].
//!
//! # Guarantees
//!
//! * Behaviour is wasmtime 49's (the reference), function by function: the
//!   same errno in the same order of checks, the same descriptor numbers,
//!   rights, `ino` values and offsets. Where wasmtime ends the program
//!   instead of returning (a guest pointer out of bounds or misaligned, an
//!   argument that is not a valid enum or flag value, a request over one of
//!   its limits, a module without memory), so does the shim: a message on
//!   stderr and exit status 1. The few remaining differences are listed
//!   below.
//! * Every guest pointer and length is checked against the memory's current
//!   size before use ([`memory::GuestMemory`]); nothing the guest passes can
//!   make the host touch memory outside the guest's.
//! * Files are reached only beneath preopened directories, through cap-std:
//!   `..`, absolute paths and symlinks cannot escape.
//! * Reads and writes go straight to the OS descriptors, unbuffered.
//! * No panic crosses into generated code, and no function answers `ENOSYS`.
//!
//! # Differences from wasmtime
//!
//! * A memory that exists but is not exported as `memory` is used (wasmtime
//!   requires the export); a module without any memory is refused like in
//!   wasmtime.
//! * When the program is ended, the message is ours
//!   (`error: wasi_snapshot_preview1::NAME: ...`), not wasmtime's report;
//!   the exit status (1) is the same, and so is whatever the call did first
//!   (a file created by `path_open` whose descriptor number could not be
//!   stored exists under both).
//! * `poll_oneoff` readiness follows wasmtime's model (see the `poll`
//!   module) without its background threads, so which of several ready
//!   subscriptions are reported together can differ where timing decides.
//! * stdin is read with one `read(2)` of up to the buffer's size, stdout and
//!   stderr written with `write(2)` until done, where wasmtime goes through
//!   its stream threads: how a pipe's data is split between calls can
//!   differ, never the data. `sched_yield` yields (wasmtime does nothing).

#![deny(missing_docs)]

// The implementation functions take the WASI parameters one by one, as
// the witx signatures list them.
#![allow(clippy::too_many_arguments)]

pub mod memory;
pub mod p2;
pub mod p3;
pub mod types;

mod abi;
mod args_env;
mod clock;
mod ctx;
mod dir;
mod errno;
mod exports;
mod fd;
mod filestat;
mod io;
mod net;
mod path;
mod poll;
mod proc;
mod sock;

pub use ctx::{WasiCtx, WasiError};
pub use errno::{Error, Trap, WasiResult};
pub use exports::*;

pub use types::Errno;

#[cfg(test)]
mod tests;
