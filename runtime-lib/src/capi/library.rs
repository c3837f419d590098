//! The generic entry points behind a library's per-module C functions.
//!
//! For a module compiled with `--emit staticlib|sharedlib --name app`, the
//! compiler generates `app_instantiate`, `app_instance_free` and one C function per
//! export (`app_<export>`, `app_<memory>`, `app_<global>_get/_set`); each is
//! a few instructions around one of these entry points (their symbols and
//! signatures are in [`wasm2native_abi::library`]):
//!
//! * [`wasm2native_lib_instantiate`]: a new instance of the module of a
//!   descriptor, with a WASI context built from a `w2n_wasi` configuration,
//!   its start function and `_initialize` run;
//! * [`wasm2native_lib_call`]: calls a function with its array-call
//!   trampoline, catching traps, `proc_exit` and WASI guest errors;
//! * [`wasm2native_lib_memory`], [`wasm2native_lib_global`]: where a memory's
//!   bytes and a global's value are.
//!
//! # Threads
//!
//! Each instance is independent (its own memories, tables, globals and
//! WASI context), so different instances may be used from different
//! threads at the same time. One instance must be used by one thread at a
//! time; it may move between threads between calls, except when its
//! globals or tables hold exception references (`exnref`): exception
//! objects live in the heap of the thread that threw them.

use std::ffi::c_void;

use wasm2native_abi::meta::ImportKind;
use wasm2native_abi::{wasi, ModuleDescriptor};
use wasm2native_wasi::WasiCtx;

use super::error::{Error, ErrorKind};
use super::wasi::WasiConfig;
use crate::instance::decode_meta;
use crate::func::call_array;
use crate::Instance;

/// A library instance (`<name>_instance` in C): the instance and the WASI
/// context its `vmctx.host_state` points to.
pub struct LibInstance {
    // Field order is drop order: the instance goes before the context its
    // code may point to.
    instance: Instance,
    _wasi: Option<Box<WasiCtx>>,
}

fn usage(message: &str) -> *mut Error {
    Error::new(ErrorKind::Usage, message).into_raw()
}

fn instantiation(message: impl Into<String>) -> *mut Error {
    Error::new(ErrorKind::Instantiation, message).into_raw()
}

/// Creates an instance of the module of `descriptor`: builds its WASI
/// context from `wasi` (null: the module must not import WASI), creates
/// memories, tables and globals, runs the start function, then
/// `_initialize` when the module exports it (a reactor). Stores the
/// instance in `*out` and returns null, or returns the error (and stores
/// null).
///
/// # Safety
/// `descriptor` is the compiler's descriptor for code linked into this
/// process; `wasi` is null or a live configuration; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm2native_lib_instantiate(
    descriptor: *const ModuleDescriptor,
    wasi: *const WasiConfig,
    host_data: *mut c_void,
    out: *mut *mut LibInstance,
) -> *mut Error {
    if out.is_null() {
        return usage("no place for the instance (null `out` pointer)");
    }
    // SAFETY: checked non-null above.
    unsafe { *out = std::ptr::null_mut() };
    // SAFETY: forwarded from the caller.
    let result = std::panic::catch_unwind(|| unsafe { instantiate(descriptor, wasi, host_data) });
    match result {
        Ok(Ok(instance)) => {
            // SAFETY: checked non-null above.
            unsafe { *out = Box::into_raw(Box::new(instance)) };
            std::ptr::null_mut()
        }
        Ok(Err(e)) => e.into_raw(),
        Err(_) => instantiation("the wasm2native runtime panicked while instantiating"),
    }
}

/// The body of [`wasm2native_lib_instantiate`].
///
/// # Safety
/// As for [`wasm2native_lib_instantiate`].
unsafe fn instantiate(
    descriptor: *const ModuleDescriptor,
    wasi: *const WasiConfig,
    host_data: *mut c_void,
) -> Result<LibInstance, Error> {
    // SAFETY: the generated caller passes its static descriptor.
    let Some(descriptor) = (unsafe { descriptor.as_ref() }) else {
        return Err(Error::new(ErrorKind::Usage, "no module descriptor"));
    };
    let fail = |m: String| Error::new(ErrorKind::Instantiation, m);
    let meta = decode_meta(descriptor).map_err(|e| fail(e.to_string()))?;
    crate::cpu::check(&meta.config.cpu_features, "library").map_err(fail)?;
    let imports_wasi = meta.imports.iter().any(|i| matches!(i.kind, ImportKind::Func(_)) && i.module == wasi::MODULE);
    // SAFETY: as the caller guarantees.
    let wasi = match unsafe { wasi.as_ref() } {
        Some(config) => Some(Box::new(config.build().map_err(|e| fail(e.to_string()))?)),
        None if imports_wasi => {
            return Err(fail(format!(
                "the module imports WASI ({}) but no WASI configuration was given: pass one from w2n_wasi_new()",
                wasi::MODULE
            )))
        }
        None => None,
    };
    let host_state = wasi.as_ref().map_or(std::ptr::null_mut(), |w| &**w as *const WasiCtx as *mut c_void);
    // SAFETY: the generated caller's descriptor; the WASI context lives in
    // the `LibInstance` beside the instance and is dropped after it.
    let instance = unsafe { Instance::new_with_host_adapters_no_start(descriptor, host_state) }
        .map_err(|e| fail(e.to_string()))?;
    instance.set_host_data(host_data);
    let lib = LibInstance { instance, _wasi: wasi };
    for f in [lib.instance.start_func(), lib.instance.get_func("_initialize")].into_iter().flatten() {
        f.call(&[]).map_err(Error::call)?;
    }
    Ok(lib)
}

/// Frees an instance (its memories, tables, globals and WASI context;
/// descriptors the guest opened are closed).
///
/// # Safety
/// `instance` is null or from [`wasm2native_lib_instantiate`], not used
/// afterwards, and no call into it is running.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm2native_lib_free(instance: *mut LibInstance) {
    if !instance.is_null() {
        // SAFETY: as the caller guarantees, we own it.
        drop(unsafe { Box::from_raw(instance) });
    }
}

/// Calls function `func` (an index of the module's function space) of
/// `instance` with the parameters in `values` (one 16-byte slot each),
/// leaving its results there. Returns null, or the error (a trap,
/// `proc_exit`, a WASI guest error, a host function's trap); the instance
/// stays usable after any of them.
///
/// # Safety
/// `instance` is null or live; `values` holds `max(params, results)` slots
/// with the parameters the function's type has.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm2native_lib_call(instance: *mut LibInstance, func: u32, values: *mut u128) -> *mut Error {
    // SAFETY: as the caller guarantees.
    let Some(lib) = (unsafe { instance.as_ref() }) else { return usage("null instance") };
    let Some(raw) = lib.instance.func_ref(func) else { return usage("no such function") };
    // SAFETY: the funcref belongs to (or is imported by) the live instance.
    let (callee_vmctx, array_call) = unsafe { ((*raw).vmctx, (*raw).array_call) };
    let Some(array_call) = array_call else { return usage("the function has no array-call entry") };
    // SAFETY: the callee's context is live; the trampoline reads and writes
    // the slots the caller provides.
    let result = unsafe { call_array(callee_vmctx, array_call, values, true) };
    match result {
        Ok(()) => std::ptr::null_mut(),
        Err(unwind) => Error::unwind(unwind).into_raw(),
    }
}

/// The bytes of memory `memory` of `instance` and, in `*size` (when not
/// null), their number. Null (and size 0) for a null instance. The pointer
/// stays valid until the memory grows (in explicit bounds-check mode growth
/// may move it; with guard pages it never moves).
///
/// # Safety
/// `instance` is null or live; `size` is null or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm2native_lib_memory(instance: *mut LibInstance, memory: u32, size: *mut usize) -> *mut u8 {
    // SAFETY: as the caller guarantees.
    let found = unsafe { instance.as_ref() }.and_then(|lib| lib.instance.memory(memory));
    let (ptr, len) = found.map_or((std::ptr::null_mut(), 0), |m| (m.data_ptr(), m.data_size()));
    if !size.is_null() {
        // SAFETY: as the caller guarantees.
        unsafe { *size = len };
    }
    ptr
}

/// The 16-byte storage of global `global` of `instance` (value
/// little-endian at offset 0); null for a null instance.
///
/// # Safety
/// `instance` is null or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm2native_lib_global(instance: *mut LibInstance, global: u32) -> *mut u8 {
    // SAFETY: as the caller guarantees.
    let found = unsafe { instance.as_ref() }.and_then(|lib| lib.instance.global(global));
    found.map_or(std::ptr::null_mut(), |g| g.vm().cast())
}
