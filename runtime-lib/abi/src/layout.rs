//! Where everything sits in one module's `VMContext` allocation.
//!
//! The allocation is the fixed [`VMContext`] header followed by areas whose
//! sizes depend on the module, so that generated code reaches each item
//! with one load from the `vmctx` register (a constant offset) instead of
//! following the header's array pointers:
//!
//! | area | contents |
//! |---|---|
//! | defined globals | one [`VMGlobal`] per global the module defines (16-byte aligned) |
//! | defined memories | one [`VMMemory`] per memory the module defines |
//! | memory pointers | one `*mut VMMemory` per memory index (imports first); `VMContext::memories` points here |
//! | global pointers | one `*mut VMGlobal` per global index; `VMContext::globals` points here |
//! | table pointers | one `*mut VMTable` per table index; `VMContext::tables` points here |
//! | funcref pointers | one `*const VMFuncRef` per function index; `VMContext::func_refs` points here |
//! | tag pointers | one `*const VMTag` per tag index (a tag's identity is its address) |
//!
//! The small, hot areas come first so that their offsets fit short
//! displacements. Pointer entries of defined items point into the
//! allocation itself; imported ones point into their exporter's.

use core::mem::{align_of, size_of};

use crate::{VMContext, VMGlobal, VMMemory};

/// Counts that determine a layout.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct VMContextShape {
    /// Memory index space size, imports included.
    pub memories: u32,
    /// Imported memories (the first indices).
    pub imported_memories: u32,
    /// Global index space size, imports included.
    pub globals: u32,
    /// Imported globals (the first indices).
    pub imported_globals: u32,
    /// Table index space size.
    pub tables: u32,
    /// Function index space size.
    pub funcs: u32,
    /// Tag index space size.
    pub tags: u32,
}

/// Byte offsets (from the start of the allocation) of each area.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VMContextLayout {
    shape: VMContextShape,
    defined_globals: usize,
    defined_memories: usize,
    memory_ptrs: usize,
    global_ptrs: usize,
    table_ptrs: usize,
    func_ref_ptrs: usize,
    tag_ptrs: usize,
    size: usize,
}

const fn align_up(n: usize, align: usize) -> usize {
    (n + align - 1) & !(align - 1)
}

impl VMContextLayout {
    /// The alignment of the whole allocation.
    pub const ALIGN: usize = align_of::<VMGlobal>();

    /// The layout for a module of this shape. Counts are `u32` index
    /// spaces, so no offset overflows a 64-bit `usize`.
    pub fn new(shape: VMContextShape) -> VMContextLayout {
        let ptr = size_of::<usize>();
        let n = |c: u32| c as usize;
        let defined_globals = align_up(size_of::<VMContext>(), align_of::<VMGlobal>());
        let defined_memories = defined_globals + n(shape.globals - shape.imported_globals) * size_of::<VMGlobal>();
        let memory_ptrs =
            align_up(defined_memories + n(shape.memories - shape.imported_memories) * size_of::<VMMemory>(), ptr);
        let global_ptrs = memory_ptrs + n(shape.memories) * ptr;
        let table_ptrs = global_ptrs + n(shape.globals) * ptr;
        let func_ref_ptrs = table_ptrs + n(shape.tables) * ptr;
        let tag_ptrs = func_ref_ptrs + n(shape.funcs) * ptr;
        let size = align_up(tag_ptrs + n(shape.tags) * ptr, Self::ALIGN);
        VMContextLayout {
            shape,
            defined_globals,
            defined_memories,
            memory_ptrs,
            global_ptrs,
            table_ptrs,
            func_ref_ptrs,
            tag_ptrs,
            size,
        }
    }

    /// The counts it was made from.
    pub fn shape(&self) -> VMContextShape {
        self.shape
    }

    /// Total bytes of the allocation (a multiple of [`Self::ALIGN`]).
    pub fn size(&self) -> usize {
        self.size
    }

    /// The inline [`VMMemory`] of memory `index`, if the module defines it.
    pub fn defined_memory(&self, index: u32) -> Option<usize> {
        let defined = index.checked_sub(self.shape.imported_memories)?;
        (index < self.shape.memories).then(|| self.defined_memories + defined as usize * size_of::<VMMemory>())
    }

    /// The inline [`VMGlobal`] of global `index`, if the module defines it.
    pub fn defined_global(&self, index: u32) -> Option<usize> {
        let defined = index.checked_sub(self.shape.imported_globals)?;
        (index < self.shape.globals).then(|| self.defined_globals + defined as usize * size_of::<VMGlobal>())
    }

    /// The pointer-array entry of memory `index`.
    pub fn memory_ptr(&self, index: u32) -> usize {
        self.memory_ptrs + index as usize * size_of::<usize>()
    }

    /// The pointer-array entry of global `index`.
    pub fn global_ptr(&self, index: u32) -> usize {
        self.global_ptrs + index as usize * size_of::<usize>()
    }

    /// The pointer-array entry of table `index`.
    pub fn table_ptr(&self, index: u32) -> usize {
        self.table_ptrs + index as usize * size_of::<usize>()
    }

    /// The pointer-array entry of function `index`.
    pub fn func_ref_ptr(&self, index: u32) -> usize {
        self.func_ref_ptrs + index as usize * size_of::<usize>()
    }

    /// The pointer-array entry of tag `index`.
    pub fn tag_ptr(&self, index: u32) -> usize {
        self.tag_ptrs + index as usize * size_of::<usize>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn areas_follow_each_other_without_overlap() {
        let shape =
            VMContextShape { memories: 1, imported_memories: 0, globals: 3, imported_globals: 1, tables: 2, funcs: 5, tags: 2 };
        let l = VMContextLayout::new(shape);
        let g0 = l.defined_global(1).unwrap();
        assert_eq!(g0 % 16, 0);
        assert!(g0 >= size_of::<VMContext>());
        assert_eq!(l.defined_global(2), Some(g0 + 16));
        assert_eq!(l.defined_global(0), None);
        assert_eq!(l.defined_global(3), None);
        let m0 = l.defined_memory(0).unwrap();
        assert_eq!(m0, g0 + 32);
        assert_eq!(l.memory_ptr(0), m0 + size_of::<VMMemory>());
        assert_eq!(l.global_ptr(0), l.memory_ptr(1));
        assert_eq!(l.table_ptr(0), l.global_ptr(3));
        assert_eq!(l.func_ref_ptr(0), l.table_ptr(2));
        assert_eq!(l.tag_ptr(0), l.func_ref_ptr(5));
        assert_eq!(l.size(), align_up(l.tag_ptr(2), 16));
    }

    #[test]
    fn imported_memories_have_no_inline_storage() {
        let l = VMContextLayout::new(VMContextShape { memories: 1, imported_memories: 1, ..Default::default() });
        assert_eq!(l.defined_memory(0), None);
        assert_eq!(l.memory_ptr(0), align_up(size_of::<VMContext>(), 16));
    }
}
