//! `w2n_caller_*`: what a host function (an import implemented in C and
//! `--link`ed, or left for the host program to define) can do with the
//! instance that called it. Its first argument, `void *vmctx`, names that
//! instance. The same functions work in executables and libraries.

use std::ffi::{c_char, c_void};

use wasm2native_abi::VMContext;

use super::c_bytes;
use crate::instance::InstanceInner;
use crate::trap;

/// The instance of `vmctx`, if any.
///
/// # Safety
/// `vmctx` is null or the context a host function was called with.
unsafe fn instance<'a>(vmctx: *mut c_void) -> Option<&'a InstanceInner> {
    let vmctx = vmctx.cast::<VMContext>();
    // SAFETY: as the caller guarantees, a live context whose `instance`
    // the runtime set.
    (!vmctx.is_null() && !unsafe { (*vmctx).instance }.is_null()).then(|| unsafe { InstanceInner::from_vmctx(vmctx) })
}

/// The bytes of the calling instance's memory exported as `memory` and, in
/// `*size` (when not null), their number; null and 0 when it exports none.
/// Valid until the guest runs again (a `memory.grow` may move it in
/// explicit bounds-check mode). Check every guest offset against `*size`.
///
/// # Safety
/// `vmctx` is the context the host function was called with; `size` is
/// null or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn w2n_caller_memory(vmctx: *mut c_void, size: *mut usize) -> *mut u8 {
    // SAFETY: forwarded.
    unsafe { w2n_caller_memory_named(vmctx, c"memory".as_ptr(), size) }
}

/// As [`w2n_caller_memory`], for the memory exported as `name`.
///
/// # Safety
/// As for [`w2n_caller_memory`]; `name` is a C string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn w2n_caller_memory_named(vmctx: *mut c_void, name: *const c_char, size: *mut usize) -> *mut u8 {
    // SAFETY: as the caller guarantees.
    let name = String::from_utf8_lossy(unsafe { c_bytes(name) });
    // SAFETY: as the caller guarantees.
    let memory = unsafe { instance(vmctx) }.and_then(|i| i.exported_memory(&name));
    let (ptr, len) = memory.map_or((std::ptr::null_mut(), 0), |m| (m.data_ptr(), m.data_size()));
    if !size.is_null() {
        // SAFETY: as the caller guarantees.
        unsafe { *size = len };
    }
    ptr
}

/// The `host_data` the calling instance was created with (null in
/// executables).
///
/// # Safety
/// `vmctx` is the context the host function was called with.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn w2n_caller_host_data(vmctx: *mut c_void) -> *mut c_void {
    // SAFETY: as the caller guarantees.
    unsafe { instance(vmctx) }.map_or(std::ptr::null_mut(), |i| i.host_data())
}

/// Ends the wasm call the host function runs in with a trap carrying
/// `message`: the embedder's call returns an error of kind `W2N_ERROR_HOST`
/// whose message is `wasm trap: MESSAGE`, and the instance stays usable; in
/// an executable the trap is reported like any other and the process exits
/// with status 134. Does not return: the host function's own frames are
/// abandoned without cleanup (like `longjmp`), so free what it holds
/// first.
///
/// # Safety
/// Called only from a host function that wasm code called on this thread;
/// `message` is null or a C string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn w2n_caller_trap(_vmctx: *mut c_void, message: *const c_char) -> ! {
    // SAFETY: as the caller guarantees.
    let message = String::from_utf8_lossy(unsafe { c_bytes(message) }).into_owned();
    // SAFETY: called from the host function, as the caller guarantees; the
    // frames up to the catch point are its and wasm code's.
    unsafe { trap::end_host_call(message, |m| format!("wasm trap: {m}"), wasm2native_abi::TRAP_EXIT_STATUS) }
}
