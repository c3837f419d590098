//! An instance's `VMContext` allocation (laid out by
//! [`wasm2native_abi::layout`]: header, inline defined globals and
//! memories, pointer arrays) and the storage slots that live inside it.

use std::alloc::{alloc_zeroed, dealloc, handle_alloc_error, Layout};
use std::cell::UnsafeCell;
use std::ptr::NonNull;
use std::rc::Rc;

use wasm2native_abi::layout::VMContextLayout;
use wasm2native_abi::{VMContext, VMFuncRef, VMGlobal, VMMemory, VMTable, VMTag};

/// One instance's context: a zeroed allocation of the module's layout.
/// Shared by the instance and by the handles of the memories and globals
/// stored inside it, so a handle that outlives the instance stays valid.
pub(crate) struct VmctxAlloc {
    ptr: NonNull<u8>,
    alloc: Layout,
    layout: VMContextLayout,
}

impl VmctxAlloc {
    /// Allocates the context for `layout` with `header`, pointing the
    /// header's array fields at the inline arrays (null when empty, so
    /// host code can tell "no memory" from a memory).
    pub fn new(layout: VMContextLayout, header: VMContext) -> Rc<VmctxAlloc> {
        let alloc = Layout::from_size_align(layout.size(), VMContextLayout::ALIGN).expect("vmctx layout");
        // SAFETY: the size is at least the header's, never zero.
        let ptr = NonNull::new(unsafe { alloc_zeroed(alloc) }).unwrap_or_else(|| handle_alloc_error(alloc));
        let this = VmctxAlloc { ptr, alloc, layout };
        let shape = layout.shape();
        let array = |len: u32, offset: usize| if len == 0 { std::ptr::null() } else { this.at::<u8>(offset) as *const u8 };
        let memories = array(shape.memories, layout.memory_ptr(0)).cast();
        let globals = array(shape.globals, layout.global_ptr(0)).cast();
        let tables = array(shape.tables, layout.table_ptr(0)).cast();
        let func_refs = array(shape.funcs, layout.func_ref_ptr(0)).cast();
        // SAFETY: the allocation starts with room for the header, aligned.
        unsafe { this.vmctx().write(VMContext { memories, globals, tables, func_refs, ..header }) };
        Rc::new(this)
    }

    /// The context generated code receives.
    pub fn vmctx(&self) -> *mut VMContext {
        self.ptr.as_ptr().cast()
    }

    /// A `T` at byte `offset` (an offset of the layout, hence aligned for
    /// what sits there).
    fn at<T>(&self, offset: usize) -> *mut T {
        debug_assert!(offset + size_of::<T>() <= self.alloc.size());
        // SAFETY: in bounds of our allocation (the layout's offsets are).
        unsafe { self.ptr.as_ptr().add(offset).cast() }
    }

    /// Fills the pointer arrays: one entry per index of each space.
    pub fn set_pointers(
        &self,
        memories: &[*mut VMMemory],
        globals: &[*mut VMGlobal],
        tables: &[*mut VMTable],
        func_refs: &[*const VMFuncRef],
        tags: &[*const VMTag],
    ) {
        let shape = self.layout.shape();
        assert!(
            memories.len() == shape.memories as usize
                && globals.len() == shape.globals as usize
                && tables.len() == shape.tables as usize
                && func_refs.len() == shape.funcs as usize
                && tags.len() == shape.tags as usize,
            "index spaces match the layout"
        );
        // SAFETY: each array lies inside the allocation with room for
        // exactly its index space (checked above); nothing reads them yet.
        unsafe {
            copy(memories, self.at(self.layout.memory_ptr(0)));
            copy(globals, self.at(self.layout.global_ptr(0)));
            copy(tables, self.at(self.layout.table_ptr(0)));
            copy(func_refs, self.at(self.layout.func_ref_ptr(0)));
            copy(tags, self.at(self.layout.tag_ptr(0)));
        }
    }

    /// Points `wasi_memory` at the entry of memory `index` (after
    /// [`Self::set_pointers`]); `None` leaves it null.
    pub fn set_wasi_memory(&self, index: Option<u32>) {
        let Some(index) = index.filter(|i| *i < self.layout.shape().memories) else { return };
        // SAFETY: the entry is inside the memory pointer array (checked
        // above) and was written by `set_pointers`; the header is ours.
        unsafe {
            let mem = *self.at::<*mut VMMemory>(self.layout.memory_ptr(index));
            (*self.vmctx()).wasi_memory = mem;
        }
    }

    /// The tag pointer of tag `index`.
    pub fn tag(&self, index: u32) -> Option<*const VMTag> {
        // SAFETY: in bounds of the tag index space; written once by
        // `set_pointers` before any read.
        (index < self.layout.shape().tags).then(|| unsafe { *self.at(self.layout.tag_ptr(index)) })
    }

    /// The funcref pointer of function `index`.
    pub fn func_ref(&self, index: u32) -> Option<*const VMFuncRef> {
        // SAFETY: in bounds of the function index space; written once by
        // `set_pointers` before any read.
        (index < self.layout.shape().funcs).then(|| unsafe { *self.at(self.layout.func_ref_ptr(index)) })
    }

    /// The inline storage of defined memory `index`, if defined here.
    pub fn memory_slot(self: &Rc<Self>, index: u32) -> Option<VmSlot<VMMemory>> {
        let offset = self.layout.defined_memory(index)?;
        Some(VmSlot { ptr: self.at(offset), _own: None, _vmctx: Some(self.clone()) })
    }

    /// The inline storage of defined global `index`, if defined here.
    pub fn global_slot(self: &Rc<Self>, index: u32) -> Option<VmSlot<VMGlobal>> {
        let offset = self.layout.defined_global(index)?;
        Some(VmSlot { ptr: self.at(offset), _own: None, _vmctx: Some(self.clone()) })
    }
}

/// # Safety
/// `dst` must have room for `src.len()` elements.
unsafe fn copy<T: Copy>(src: &[T], dst: *mut T) {
    // SAFETY: forwarded; `src` is a distinct Rust slice.
    unsafe { std::ptr::copy_nonoverlapping(src.as_ptr(), dst, src.len()) }
}

impl Drop for VmctxAlloc {
    fn drop(&mut self) {
        // SAFETY: allocated in `new` with this layout; the last `Rc` is gone.
        unsafe { dealloc(self.ptr.as_ptr(), self.alloc) }
    }
}

/// Where a structure generated code reads (a `VMMemory`, a `VMGlobal`)
/// lives, at a stable address: its own allocation (created by the
/// embedder), or its slot inside the defining instance's context, which
/// the slot keeps alive. Accessed only from the owning thread.
pub(crate) struct VmSlot<T> {
    ptr: *mut T,
    /// What keeps `ptr` alive: one of the two.
    _own: Option<Box<UnsafeCell<T>>>,
    _vmctx: Option<Rc<VmctxAlloc>>,
}

impl<T> VmSlot<T> {
    /// A slot of its own holding `value`.
    pub fn own(value: T) -> VmSlot<T> {
        let cell = Box::new(UnsafeCell::new(value));
        VmSlot { ptr: cell.get(), _own: Some(cell), _vmctx: None }
    }

    /// Writes `value` (the slot's initial contents).
    pub fn init(self, value: T) -> VmSlot<T> {
        // SAFETY: `ptr` is valid and aligned for `T`; zeroed memory of
        // these plain structures needs no drop.
        unsafe { self.ptr.write(value) };
        self
    }

    /// The address generated code uses.
    pub fn get(&self) -> *mut T {
        self.ptr
    }

    /// Whether the slot is its own allocation (not inside an instance's
    /// context).
    pub fn is_own(&self) -> bool {
        self._own.is_some()
    }
}
