//! The process entry of component executables: the `main` the compiler
//! emits calls [`wasm2native_component_main`] with the component's
//! descriptor, which instantiates its core modules in the plan's order,
//! each import bound to an earlier instance's export, and calls the core
//! function `wasi:cli/run` lifts.
//!
//! Exit statuses: 0 when `run` returns `ok`, 1 when it returns `err` (as
//! wasmtime), 134 on a trap (reported on stderr), 1 when the component
//! cannot be set up.

use std::ffi::c_char;
use std::panic::{catch_unwind, AssertUnwindSafe};

use wasm2native_abi::meta::ComponentMeta;
use wasm2native_abi::{ComponentDescriptor, ModuleDescriptor, ABI_VERSION, TRAP_EXIT_STATUS};

use crate::instance::decode_meta;
use crate::report::write_line;
use crate::{signals, Extern, Func, Instance, InstantiationError};

/// Runs the component of `descriptor` as a command. The arguments are not
/// used yet: no component host interface is provided, so nothing can read
/// them.
///
/// # Safety
/// `descriptor` must be null or the descriptor the compiler emitted for
/// the code linked into this process.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm2native_component_main(
    _argc: i32,
    _argv: *const *const c_char,
    descriptor: *const ComponentDescriptor,
) -> i32 {
    // SAFETY: forwarded from the caller.
    match catch_unwind(AssertUnwindSafe(|| unsafe { run(descriptor) })) {
        Ok(status) => status,
        Err(_) => {
            write_line("error: wasm2native runtime panicked");
            1
        }
    }
}

fn fail(msg: &str) -> i32 {
    write_line(&format!("error: {msg}"));
    1
}

/// The component's metadata and module descriptors.
///
/// # Safety
/// As for [`wasm2native_component_main`].
unsafe fn parts(d: &ComponentDescriptor) -> Result<(ComponentMeta, Vec<&'static ModuleDescriptor>), String> {
    if d.abi_version != ABI_VERSION {
        return Err(format!("component descriptor of ABI version {} (expected {ABI_VERSION})", d.abi_version));
    }
    if d.meta.is_null() || d.modules.is_null() {
        return Err("corrupt component descriptor".into());
    }
    // SAFETY: the compiler emits `meta_len` bytes at `meta` and
    // `num_modules` descriptor pointers at `modules`, all static.
    let (meta, modules) = unsafe {
        (
            std::slice::from_raw_parts(d.meta, d.meta_len as usize),
            std::slice::from_raw_parts(d.modules, d.num_modules as usize),
        )
    };
    let meta = ComponentMeta::decode(meta).map_err(|_| "corrupt component metadata".to_string())?;
    // SAFETY: each entry is the address of a static module descriptor.
    let modules = modules.iter().map(|&m| unsafe { m.as_ref() }.ok_or("null module descriptor")).collect::<Result<Vec<_>, _>>()?;
    Ok((meta, modules))
}

/// Calls `f` (no parameters) without a catch point, as a command's entry
/// is called: a trap is reported by the signal handler, which exits with
/// status 134. Returns the first result's raw value.
fn call_entry(f: &Func) -> u128 {
    let mut slots = [0u128; 1];
    // SAFETY: the handle keeps the funcref alive; `run` takes no
    // parameters and returns at most one result, which `slots` holds.
    unsafe {
        let raw = &*f.as_funcref();
        if let Some(array_call) = raw.array_call {
            let _ = crate::func::call_array(raw.vmctx, array_call, slots.as_mut_ptr(), false);
        }
    }
    slots[0]
}

/// The body of [`wasm2native_component_main`].
///
/// # Safety
/// As for [`wasm2native_component_main`].
unsafe fn run(descriptor: *const ComponentDescriptor) -> i32 {
    signals::prepare_thread();
    // SAFETY: the compiler passes its static descriptor.
    let Some(d) = (unsafe { descriptor.as_ref() }) else { return fail("no component descriptor") };
    // SAFETY: forwarded from the caller.
    let (meta, modules) = match unsafe { parts(d) } {
        Ok(p) => p,
        Err(e) => return fail(&e),
    };
    for m in &modules {
        match decode_meta(m) {
            Ok(module_meta) => {
                if let Err(e) = crate::cpu::check(&module_meta.config.cpu_features, "program") {
                    return fail(&e);
                }
            }
            Err(e) => return fail(&e.to_string()),
        }
    }
    let mut instances: Vec<Instance> = Vec::with_capacity(meta.instances.len());
    for (n, inst) in meta.instances.iter().enumerate() {
        let Some(&module) = modules.get(inst.module as usize) else { return fail("corrupt component metadata") };
        let mut imports: Vec<Extern> = Vec::with_capacity(inst.imports.len());
        for e in &inst.imports {
            match instances.get(e.instance as usize).and_then(|i| i.export(&e.name)) {
                Some(x) => imports.push(x),
                None => return fail(&format!("core instance {n}: no export `{}` in instance {}", e.name, e.instance)),
            }
        }
        // SAFETY: the compiler's descriptor of code linked with us; the
        // modules of a component import nothing from the host, so there
        // is no host state.
        match unsafe { Instance::new(module, imports, std::ptr::null_mut()) } {
            Ok(i) => instances.push(i),
            Err(InstantiationError::Trap(kind)) => {
                crate::Trap::new(kind).report();
                return TRAP_EXIT_STATUS;
            }
            Err(e) => return fail(&format!("core instance {n}: {e}")),
        }
    }
    let Some(run) = instances.get(meta.run.instance as usize).and_then(|i| i.get_func(&meta.run.name)) else {
        return fail("the component's `run` function is missing");
    };
    // `run: func() -> result`: its core function returns the case, 0 for
    // `ok`.
    let status = if call_entry(&run) as u32 == 0 { 0 } else { 1 };
    // Nothing to tear down: the process ends.
    std::mem::forget(instances);
    status
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_descriptors_fail_cleanly() {
        // SAFETY: a null descriptor is allowed.
        assert_eq!(unsafe { wasm2native_component_main(0, std::ptr::null(), std::ptr::null()) }, 1);
        let meta = ComponentMeta { instances: vec![], run: wasm2native_abi::meta::CoreExport { instance: 0, name: "run".into() } }.encode();
        let modules: [*const ModuleDescriptor; 0] = [];
        let mut d = ComponentDescriptor {
            abi_version: ABI_VERSION + 1,
            num_modules: 0,
            meta_len: meta.len() as u32,
            modules: modules.as_ptr(),
            meta: meta.as_ptr(),
        };
        // SAFETY: the descriptor's pointers are valid for their lengths.
        assert!(unsafe { parts(&d) }.err().unwrap().contains("ABI version"));
        d.abi_version = ABI_VERSION;
        d.meta_len = 1;
        // SAFETY: as above (a shorter meta).
        assert!(unsafe { parts(&d) }.err().unwrap().contains("corrupt component metadata"));
        d.meta_len = meta.len() as u32;
        // SAFETY: as above. No instance: `run` is missing.
        assert_eq!(unsafe { run(&d) }, 1);
    }
}
