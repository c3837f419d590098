//! A fake instance for calling the shim's entry points in-process: a
//! linear memory owned here, the `VMContext` and `VMMemory` generated code
//! would pass, and the WASI context they point at.

use wasm2native_abi::{VMContext, VMMemory};
use wasm2native_wasi::WasiCtx;

/// Size of the guest's linear memory. Small on purpose: every pointer and
/// length the guest passes is bounded by it, and so is the work one call
/// can ask for.
pub const MEM_SIZE: usize = 16 * 1024;

/// A guest: its memory, the context structures pointing at it, and the
/// WASI context. The memory and the WASI context are owned through raw
/// pointers (the shim reaches them only through `vmctx`); the structures
/// are boxed so that the pointers between them stay valid when the `Guest`
/// moves.
pub struct Guest {
    mem: *mut [u8],
    cx: *mut WasiCtx,
    vmmem: Box<VMMemory>,
    mem_ptrs: Box<[*mut VMMemory; 1]>,
    vmctx: Box<VMContext>,
}

impl Guest {
    /// A guest of [`MEM_SIZE`] zero bytes with WASI context `cx`.
    pub fn new(cx: WasiCtx) -> Guest {
        let mem = Box::into_raw(vec![0u8; MEM_SIZE].into_boxed_slice());
        let cx = Box::into_raw(Box::new(cx));
        let mut vmmem = Box::new(VMMemory {
            base: mem.cast::<u8>(),
            length: MEM_SIZE,
        });
        let mem_ptrs = Box::new([&mut *vmmem as *mut VMMemory]);
        let vmctx = Box::new(VMContext {
            memories: mem_ptrs.as_ptr(),
            globals: std::ptr::null(),
            tables: std::ptr::null(),
            func_refs: std::ptr::null(),
            type_ids: std::ptr::null(),
            builtins: std::ptr::null(),
            stack_limit: 0,
            instance: std::ptr::null_mut(),
            host_state: cx.cast(),
            wasi_memory: &mut *vmmem,
            gc_heap: std::ptr::null_mut(),
            gc_types: std::ptr::null(),
        });
        Guest {
            mem,
            cx,
            vmmem,
            mem_ptrs,
            vmctx,
        }
    }

    /// The guest's memory, to prepare before a call or read after one.
    pub fn memory(&mut self) -> &mut [u8] {
        // SAFETY: `mem` came from `Box::into_raw` and is freed only in
        // `drop`; the shim writes it only during a call, and calls need
        // `vmctx(&mut self)`, so this borrow has ended by then.
        unsafe { &mut *self.mem }
    }

    /// The context pointer to pass to an entry point: valid while `self`
    /// lives (memory length [`MEM_SIZE`], host state a live `WasiCtx`).
    pub fn vmctx(&mut self) -> *mut VMContext {
        debug_assert_eq!(self.mem_ptrs[0], &mut *self.vmmem as *mut VMMemory);
        &mut *self.vmctx
    }
}

impl Drop for Guest {
    fn drop(&mut self) {
        // SAFETY: both came from `Box::into_raw` in `new` and are freed
        // once, here; no call is running (it would hold `&mut self`).
        unsafe {
            drop(Box::from_raw(self.cx));
            drop(Box::from_raw(self.mem));
        }
    }
}
