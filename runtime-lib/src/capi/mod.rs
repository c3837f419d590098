//! The C API of libraries (`wasm2native compile --emit staticlib|sharedlib`):
//! what a host program written in C (or anything with a C FFI) calls.
//!
//! * [`wasi`]: `w2n_wasi_*`, the WASI configuration of new instances
//!   (arguments, environment, directory grants, standard streams);
//! * [`error`]: `w2n_error_*`, why a call or an instantiation failed;
//! * [`library`]: the generic entry points behind the per-module functions
//!   the compiler generates (`<name>_instantiate`, `<name>_<export>`, ...);
//! * [`caller`]: `w2n_caller_*`, what a host function (a `--link`ed
//!   import) may do with the instance that called it.
//!
//! Nothing here ends the host process: traps, `proc_exit` and WASI guest
//! errors come back as a `w2n_error`. The declarations are in the header
//! `wasm2native header` writes; `compiler/src/library/` generates it.

pub mod caller;
pub mod error;
pub mod library;
pub mod wasi;

use std::ffi::{c_char, CStr};

/// The bytes of C string `s` (empty for null).
///
/// # Safety
/// `s` is null or a NUL-terminated string.
unsafe fn c_bytes<'a>(s: *const c_char) -> &'a [u8] {
    if s.is_null() {
        return &[];
    }
    // SAFETY: as the caller guarantees.
    unsafe { CStr::from_ptr(s) }.to_bytes()
}
