//! The process entry of produced executables: the `main` the compiler emits
//! calls [`wasm2native_main`], which builds the WASI context, instantiates
//! the module with its host functions and runs `_start`.
//!
//! Exit statuses: 0 when `_start` returns; `proc_exit(n)` exits with `n`
//! (in the WASI shim); 134 on a trap (reported on stderr); 1 when the
//! module cannot be set up (unresolved import, directory that cannot be
//! opened, corrupt descriptor).

use std::ffi::{c_char, c_void, CStr};
use std::panic::{catch_unwind, AssertUnwindSafe};

use wasm2native_abi::meta::{ImportKind, ModuleMeta};
use wasm2native_abi::{ModuleDescriptor, TRAP_EXIT_STATUS};
use wasm2native_wasi::WasiCtx;

use crate::instance::decode_meta;
use crate::report::write_line;
use crate::{signals, wasi_config, Func, Instance, InstantiationError};

/// Runs the module of `descriptor` as a command with the process arguments
/// `argc`/`argv` (taken from C `main`, not from `std::env::args`, which is
/// empty in a musl staticlib). Returns the process exit status.
///
/// # Safety
/// `argv` must hold `argc` valid C strings; `descriptor` must be null or a
/// descriptor emitted by the compiler for the code linked into this
/// process.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm2native_main(
    argc: i32,
    argv: *const *const c_char,
    descriptor: *const ModuleDescriptor,
) -> i32 {
    // SAFETY: forwarded from the caller.
    guarded(|| unsafe { run(argc, argv, descriptor) })
}

/// Runs a process entry's body: a panic of the runtime is reported and
/// gives status 1, never unwinding into the C `main`.
pub(crate) fn guarded(body: impl FnOnce() -> i32) -> i32 {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(status) => status,
        Err(_) => {
            write_line("error: wasm2native runtime panicked");
            1
        }
    }
}

/// Reports why the program cannot be set up; its exit status (1).
pub(crate) fn fail(msg: &str) -> i32 {
    write_line(&format!("error: {msg}"));
    1
}

/// The process arguments as byte strings.
///
/// # Safety
/// As for [`wasm2native_main`].
pub(crate) unsafe fn args(argc: i32, argv: *const *const c_char) -> Vec<Vec<u8>> {
    if argv.is_null() {
        return Vec::new();
    }
    (0..argc.max(0) as usize)
        // SAFETY: `argv` holds `argc` pointers, each null or a C string.
        .map(|i| unsafe { *argv.add(i) })
        .take_while(|p| !p.is_null())
        // SAFETY: as above.
        .map(|p| unsafe { CStr::from_ptr(p) }.to_bytes().to_vec())
        .collect()
}

/// The first import the executable has no host function (or, for a
/// shared memory, no way to create it) for.
fn unresolved_import(descriptor: &ModuleDescriptor, meta: &ModuleMeta<'_>) -> Option<String> {
    let mut func = 0usize;
    for import in &meta.imports {
        let resolved = match import.kind {
            ImportKind::Func(_) => {
                let adapters = descriptor.host_adapters;
                // SAFETY: `host_adapters` has one entry per function import.
                let ok = !adapters.is_null() && !unsafe { *adapters.add(func) }.is_null();
                func += 1;
                ok
            }
            ImportKind::Memory(ty) => ty.shared,
            _ => false,
        };
        if !resolved {
            return Some(format!("{}::{}", import.module, import.name));
        }
    }
    None
}

/// Calls `f` with `args` (raw slot values) without a catch point: a trap
/// is reported by the signal handler, which exits with status 134. Returns
/// the results' raw values.
pub(crate) fn call_uncaught(f: &Func, args: &[u128]) -> Vec<u128> {
    let results = f.ty().map_or(0, |t| t.results.len());
    let mut slots = vec![0u128; args.len().max(results).max(1)];
    slots[..args.len()].copy_from_slice(args);
    // SAFETY: `slots` has room for the parameters and the results.
    unsafe { call_in_slots(f, &mut slots) };
    slots.truncate(results);
    slots
}

/// [`call_uncaught`] with the parameters in `slots`, where the results are
/// left (raw: the bits above a 32-bit result's are undefined).
///
/// # Safety
/// `slots` has at least as many slots as `f` has parameters or results.
pub(crate) unsafe fn call_in_slots(f: &Func, slots: &mut [u128]) {
    // SAFETY: the handle keeps the funcref alive; the array call reads its
    // parameters from and writes its results to `slots`, which has room
    // (the caller's promise).
    unsafe {
        let raw = &*f.as_funcref();
        if let Some(array_call) = raw.array_call {
            let _ = crate::func::call_array(raw.vmctx, array_call, slots.as_mut_ptr(), false);
        }
    }
}

/// The body of [`wasm2native_main`].
///
/// # Safety
/// As for [`wasm2native_main`].
unsafe fn run(argc: i32, argv: *const *const c_char, descriptor: *const ModuleDescriptor) -> i32 {
    signals::prepare_thread();
    // SAFETY: the compiler passes its static descriptor.
    let Some(descriptor) = (unsafe { descriptor.as_ref() }) else { return fail("no module descriptor") };
    let meta = match decode_meta(descriptor) {
        Ok(meta) => meta,
        Err(e) => return fail(&e.to_string()),
    };
    if let Err(e) = crate::cpu::check(&meta.config.cpu_features, "program") {
        return fail(&e);
    }
    if let Some(name) = unresolved_import(descriptor, &meta) {
        return fail(&format!("unresolved import {name}"));
    }
    let guest = wasi_config::guest_config(&meta.config, &wasi_config::host_env());
    // SAFETY: forwarded from the caller.
    let args = unsafe { args(argc, argv) };
    let ctx = match WasiCtx::new(args, guest.env, guest.preopens) {
        Ok(ctx) => ctx,
        Err(e) => return fail(&e.to_string()),
    };
    // Lives until the process exits.
    let host_state = Box::into_raw(Box::new(ctx)).cast::<c_void>();
    // A threaded program imports its shared memory (wasi-threads'
    // `env.memory`): the process creates it, its threads share it.
    let mut memories = Vec::new();
    for import in &meta.imports {
        if let ImportKind::Memory(ty) = import.kind {
            match crate::Memory::new(ty, meta.config.bounds_checks) {
                Ok(m) => memories.push(m),
                Err(e) => return fail(&format!("cannot create the memory {}::{}: {e}", import.module, import.name)),
            }
        }
    }
    // SAFETY: the compiler's descriptor of the code linked with us; the
    // WASI context outlives the process's use of the instance.
    let instance = match unsafe { Instance::new_with_host_adapters_and_memories_no_start(descriptor, host_state, memories) } {
        Ok(instance) => instance,
        Err(InstantiationError::Trap(kind)) => {
            crate::Trap::new(kind).report();
            return TRAP_EXIT_STATUS;
        }
        Err(e) => return fail(&e.to_string()),
    };
    if let Some(start) = instance.start_func() {
        let _ = call_uncaught(&start, &[]);
    }
    if let Some(f) = instance.get_func("_start").or_else(|| instance.get_func("_initialize")) {
        let _ = call_uncaught(&f, &[]);
    }
    // Nothing to tear down: the process ends.
    std::mem::forget(instance);
    0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::ModuleBuilder;
    use crate::trap::tests::{code, register_test_code};
    use std::sync::atomic::{AtomicU32, Ordering};
    use wasm2native_abi::meta::{Export, ExportKind, FuncType};
    use wasm2native_abi::VMContext;

    static STARTS: AtomicU32 = AtomicU32::new(0);

    unsafe extern "C" fn count_start(vmctx: *mut VMContext, _values: *mut u128) {
        // SAFETY: the runtime passes the live context with the WASI context.
        assert!(!unsafe { (*vmctx).host_state }.is_null());
        STARTS.fetch_add(1, Ordering::SeqCst);
    }

    fn command(export: &'static str) -> &'static ModuleDescriptor {
        let mut b = ModuleBuilder::new();
        let ty = FuncType { params: vec![], results: vec![] };
        let f = b.func(ty, count_start as *const u8, 0, vec![], Some(count_start));
        b.meta.start = Some(f);
        b.meta.exports = vec![Export { name: export, kind: ExportKind::Func, index: f }];
        b.descriptor()
    }

    #[test]
    fn runs_start_function_and_entry() {
        let argv: Vec<std::ffi::CString> = ["prog", "a b"].iter().map(|s| std::ffi::CString::new(*s).unwrap()).collect();
        let ptrs: Vec<*const c_char> = argv.iter().map(|s| s.as_ptr()).collect();
        // SAFETY: valid argv and descriptor.
        unsafe {
            assert_eq!(args(2, ptrs.as_ptr()), vec![b"prog".to_vec(), b"a b".to_vec()]);
            let before = STARTS.load(Ordering::SeqCst);
            assert_eq!(wasm2native_main(2, ptrs.as_ptr(), command("_start")), 0);
            assert_eq!(STARTS.load(Ordering::SeqCst) - before, 2);
            let before = STARTS.load(Ordering::SeqCst);
            assert_eq!(wasm2native_main(2, ptrs.as_ptr(), command("_initialize")), 0);
            assert_eq!(STARTS.load(Ordering::SeqCst) - before, 2);
            assert_eq!(wasm2native_main(0, std::ptr::null(), std::ptr::null()), 1);
        }
    }

    unsafe extern "C" fn start_traps(_vmctx: *mut VMContext, _values: *mut u128) {
        code::call_through(code::trap_at_4 as *const () as usize, 0);
    }

    #[test]
    fn trapping_command_child() {
        if crate::testutil::is_child("entry::tests::trapping_command_child") {
            let _r = register_test_code();
            let mut b = ModuleBuilder::new();
            let ty = FuncType { params: vec![], results: vec![] };
            let f = b.func(ty, start_traps as *const u8, 0, vec![], Some(start_traps));
            b.meta.exports = vec![Export { name: "_start", kind: ExportKind::Func, index: f }];
            // SAFETY: valid (empty) argv and descriptor.
            let status = unsafe { wasm2native_main(0, std::ptr::null(), b.descriptor()) };
            panic!("returned {status} instead of exiting");
        }
    }

    #[test]
    fn trapping_command_exits_134() {
        let out = crate::testutil::run_child("entry::tests::trapping_command_child");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(TRAP_EXIT_STATUS), "{stderr}");
        assert!(stderr.contains("wasm trap: unreachable\n  0: func[0] <trapper>+"), "{stderr}");
    }

    #[test]
    fn unresolved_imports_fail() {
        let mut b = ModuleBuilder::new();
        let t = b.type_index(FuncType { params: vec![], results: vec![] });
        b.import("env", "missing", ImportKind::Func(t));
        let d = b.descriptor();
        let meta = decode_meta(d).unwrap();
        assert_eq!(unresolved_import(d, &meta), Some("env::missing".to_string()));
        // SAFETY: valid (empty) argv and descriptor.
        assert_eq!(unsafe { wasm2native_main(0, std::ptr::null(), d) }, 1);
    }

    unsafe extern "C" fn must_not_run(_vmctx: *mut VMContext, _values: *mut u128) {
        std::process::abort();
    }

    #[test]
    fn refuses_to_run_without_the_cpu_features_the_code_uses() {
        let mut b = ModuleBuilder::new();
        let ty = FuncType { params: vec![], results: vec![] };
        let f = b.func(ty, must_not_run as *const u8, 0, vec![], Some(must_not_run));
        b.meta.exports = vec![Export { name: "_start", kind: ExportKind::Func, index: f }];
        b.meta.config.cpu_features = vec!["no-such-feature"];
        // SAFETY: valid (empty) argv and descriptor.
        assert_eq!(unsafe { wasm2native_main(0, std::ptr::null(), b.descriptor()) }, 1);
    }
}
