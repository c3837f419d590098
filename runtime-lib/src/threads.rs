//! wasi-threads: `wasi.thread-spawn(start_arg) -> tid` starts an OS thread
//! running a new instance of the calling module, which imports the same
//! shared memories and shares the WASI context, and calls its export
//! `wasi_thread_start(tid, start_arg)`.
//!
//! As in a native process, nothing a thread does is caught: a trap is
//! reported (with that thread's wasm backtrace) and ends the whole process
//! with status 134, `proc_exit` ends it with its status, and the main
//! thread returning from `_start` ends it like `exit`. Thread ids are
//! positive and unique; when the OS refuses a thread, or the caller
//! imports no shared memory (or one that is not shared), the result is
//! negative.

use std::ffi::c_void;
use std::sync::atomic::{AtomicI32, Ordering};

use wasm2native_abi::wasi::THREAD_START_EXPORT;
use wasm2native_abi::{ModuleDescriptor, VMContext, TRAP_EXIT_STATUS};

use crate::report::write_line;
use crate::{entry, Instance, InstantiationError, SharedMemory};

/// The next thread id (the main thread has none; wasi-libc keeps ids below
/// 2^29).
static NEXT_TID: AtomicI32 = AtomicI32::new(1);
const MAX_TID: i32 = 0x1FFF_FFFF;

/// Native stack of each new thread (as much as the main thread's usual
/// 8 MiB: wasm frames live on it).
const THREAD_STACK: usize = 8 << 20;

/// The WASI context pointer, moved to the new thread: every thread's
/// instance uses the one context, whose calls the shim serializes once a
/// program is threaded.
struct HostState(*mut c_void);
// SAFETY: see above; the context lives until the process ends.
unsafe impl Send for HostState {}

/// `wasi.thread-spawn`.
///
/// # Safety
/// Called by generated code with its own live context.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm2native_wasi_thread_spawn(vmctx: *mut VMContext, start_arg: i32) -> i32 {
    // SAFETY: generated code passes its own context.
    let Some(caller) = (unsafe { Instance::from_vmctx_clone(vmctx) }) else { return -1 };
    // The new instance shares only what the module imports: without an
    // imported shared memory it would share nothing, so no thread.
    let Some(memories) = caller.imported_memories().iter().map(SharedMemory::new).collect::<Option<Vec<_>>>() else {
        return -1;
    };
    if memories.is_empty() {
        return -1;
    }
    let descriptor = caller.descriptor();
    // SAFETY: reading the caller's own context.
    let host_state = HostState(unsafe { (*vmctx).host_state });
    let tid = NEXT_TID.fetch_add(1, Ordering::Relaxed);
    if tid > MAX_TID {
        return -1;
    }
    wasm2native_wasi::enter_threaded_mode();
    let spawned = std::thread::Builder::new()
        .name(format!("wasm thread {tid}"))
        .stack_size(THREAD_STACK)
        .spawn(move || run(descriptor, host_state, memories, tid, start_arg));
    match spawned {
        Ok(_) => tid,
        Err(_) => -1,
    }
}

/// The body of a new thread.
fn run(descriptor: &'static ModuleDescriptor, host_state: HostState, memories: Vec<SharedMemory>, tid: i32, start_arg: i32) {
    let memories = memories.iter().map(SharedMemory::memory).collect();
    // SAFETY: the descriptor of the code that spawned us; the host state is
    // the process's WASI context.
    let instance = unsafe { Instance::new_with_host_adapters_and_memories_no_start(descriptor, host_state.0, memories) };
    let instance = match instance {
        Ok(i) => i,
        Err(InstantiationError::Trap(kind)) => {
            crate::Trap::new(kind).report();
            // SAFETY: `_exit` never returns.
            unsafe { libc::_exit(TRAP_EXIT_STATUS) }
        }
        Err(e) => {
            write_line(&format!("error: cannot start wasm thread {tid}: {e}"));
            std::process::exit(1)
        }
    };
    if let Some(start) = instance.start_func() {
        let _ = entry::call_uncaught(&start, &[]);
    }
    match instance.get_func(THREAD_START_EXPORT) {
        Some(f) => {
            let _ = entry::call_uncaught(&f, &[tid as u32 as u128, start_arg as u32 as u128]);
        }
        None => {
            write_line(&format!("error: the module exports no `{THREAD_START_EXPORT}` for thread {tid}"));
            std::process::exit(1)
        }
    }
}
