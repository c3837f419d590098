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
//! * linear memory 0: `*(*vmctx).memories` → `VMMemory { base, length }`,
//!   with `length` read afresh on every call (memory grows);
//! * its context: `(*vmctx).host_state`, which the runtime sets to a
//!   `*mut WasiCtx` before running the guest (null means "stdio only").
//!
//! # What the runtime does
//!
//! ```ignore
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
//! * Every guest pointer and length is checked against the memory's current
//!   size ([`memory::GuestMemory`]); a bad one is `EFAULT`.
//! * Files are reached only beneath preopened directories, through cap-std:
//!   `..`, absolute paths and symlinks cannot escape.
//! * Rights are tracked per descriptor and checked; they can only shrink.
//! * Reads and writes go straight to the OS descriptors, unbuffered.
//! * No panic crosses into generated code, and no function answers `ENOSYS`.
//! * Errno choices follow wasmtime 49 (the reference), where it returns a
//!   specific errno; where wasmtime would trap on a bad argument (invalid
//!   enum or flag values, out-of-bounds pointers) this shim returns `EINVAL`
//!   or `EFAULT` instead, since a host function cannot trap here.

// The implementation functions take the WASI parameters one by one, as
// the witx signatures list them.
#![allow(clippy::too_many_arguments)]

pub mod memory;
pub mod types;

mod args_env;
mod clock;
mod ctx;
mod dir;
mod errno;
mod exports;
mod fd;
mod filestat;
mod io;
mod path;
mod poll;
mod proc;
mod sock;

pub use ctx::{WasiCtx, WasiError};
pub use errno::WasiResult;
pub use exports::*;
pub use types::Errno;

#[cfg(test)]
mod tests;
