//! How references of the internal (`any`) and external (`extern`)
//! hierarchies are represented: one pointer-sized word, the same in both,
//! so that `any.convert_extern` and `extern.convert_any` cost nothing.
//!
//! | word | meaning |
//! |---|---|
//! | `0` | null |
//! | `v << 1 \| 1` | an `i31ref` of the 31-bit value `v` (bit 0 set) |
//! | `h << 2 \| 2` | a host value `h` passed in as an `externref` |
//! | anything else (8-byte aligned) | a GC object (struct or array) |
//!
//! Only i31s and GC objects are `eq` references; a host value brought into
//! the internal hierarchy is an `any` and nothing more.

use alloc::vec::Vec;

use crate::meta::{FieldType, HeapType, TypeKind, ValType};

/// The deepest declared subtype chain WebAssembly allows, plus one: the
/// length of a [`VMGcType::display`].
pub const DISPLAY_LEN: usize = 64;

/// [`VMGcType::kind`] of a struct type.
pub const KIND_STRUCT: u32 = 1;
/// [`VMGcType::kind`] of an array type.
pub const KIND_ARRAY: u32 = 2;

/// What a GC object's header points to: the run-time description of its
/// canonical type, one per type for the whole process.
#[repr(C)]
pub struct VMGcType {
    /// [`KIND_STRUCT`] or [`KIND_ARRAY`].
    pub kind: u32,
    /// The canonical id of the type.
    pub id: u32,
    /// A struct's object size in bytes (header included); an array's
    /// element size.
    pub size: u32,
    /// How many entries [`Self::refs`] has.
    pub num_refs: u32,
    /// The byte offsets of a struct's reference fields; for an array of
    /// references, one entry (0). What the collector traces.
    pub refs: *const u32,
    /// The canonical ids of the type's supertype chain by depth (root
    /// first, the type itself at its own depth), 0 below it: a cast to a
    /// type of depth `d` and id `t` tests `display[d] == t`.
    pub display: [u32; DISPLAY_LEN],
}

// SAFETY: a `VMGcType` is immutable once made; `refs` points to memory
// that lives as long as it.
unsafe impl Sync for VMGcType {}
unsafe impl Send for VMGcType {}

/// The inline allocation state of a thread's GC heap: generated code bumps
/// `top` by an object's size and calls the `gc_alloc` builtin when that
/// passes `limit`. Fresh memory is zeroed.
#[repr(C)]
pub struct VMGcHeap {
    /// The next free byte (8-byte aligned).
    pub top: *mut u8,
    /// The end of the current chunk.
    pub limit: *mut u8,
}

/// Where a GC object's header puts its type (`*const VMGcType`).
pub const HEADER_TYPE_OFFSET: i32 = 0;
/// Where an array's length (`u32`) lies.
pub const ARRAY_LEN_OFFSET: i32 = 8;
/// Where a struct's first field may lie.
pub const STRUCT_FIELDS_OFFSET: u32 = 8;
/// Where an array's element 0 lies.
pub const ARRAY_ELEMS_OFFSET: u32 = 16;

/// Whether a value of type `v` may point into the GC heap, so that the
/// collector must trace (find and update) it: the `any` references that
/// can be objects, and `externref`s, which can hold them. Function
/// references, exceptions, i31s and the bottom types cannot. `kind` tells
/// what a defined type is.
pub fn is_traced(v: ValType, kind: impl Fn(u32) -> TypeKind) -> bool {
    v.as_ref().is_some_and(|r| match r.heap {
        HeapType::Any | HeapType::Eq | HeapType::Struct | HeapType::Array | HeapType::Extern => true,
        HeapType::Concrete(t) => kind(t) != TypeKind::Func,
        _ => false,
    })
}

/// Where a struct's fields lie: each at a multiple of its size (at most 8)
/// after [`STRUCT_FIELDS_OFFSET`], in declaration order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StructLayout {
    /// Byte offset of each field from the object's start.
    pub offsets: Vec<u32>,
    /// The object's size in bytes, header included (a multiple of 8).
    pub size: u32,
}

/// The layout of a struct with `fields`.
pub fn struct_layout(fields: &[FieldType]) -> StructLayout {
    let mut at = STRUCT_FIELDS_OFFSET;
    let offsets = fields
        .iter()
        .map(|f| {
            let size = f.storage.size();
            let offset = at.next_multiple_of(size.min(8));
            at = offset + size;
            offset
        })
        .collect();
    StructLayout { offsets, size: at.next_multiple_of(8) }
}

/// The size in bytes of an array of `len` elements of `elem_size` bytes,
/// header included (a multiple of 8), or `None` past `u32`'s range.
pub fn array_size(elem_size: u32, len: u32) -> Option<u32> {
    let bytes = u64::from(ARRAY_ELEMS_OFFSET) + u64::from(elem_size) * u64::from(len);
    u32::try_from(bytes.next_multiple_of(8)).ok()
}

/// The low bits that tell the kinds of word apart.
pub const TAG_MASK: u64 = 3;
/// Bit 0 set: an i31.
pub const I31_TAG: u64 = 1;
/// Low bits `10`: a host value.
pub const HOST_TAG: u64 = 2;

/// The word of `ref.i31 v` (the low 31 bits of `v`).
pub const fn i31_word(v: u32) -> u64 {
    (((v & 0x7fff_ffff) as u64) << 1) | I31_TAG
}

/// The word of host value `h` as an `externref` (`h` must be below 2^62).
pub const fn host_word(h: u64) -> u64 {
    (h << 2) | HOST_TAG
}

/// The host value of a word [`is_host`] says is one.
pub const fn host_value(word: u64) -> u64 {
    word >> 2
}

/// Whether `word` is a host value.
pub const fn is_host(word: u64) -> bool {
    word & TAG_MASK == HOST_TAG
}

/// Whether `word` is an i31.
pub const fn is_i31(word: u64) -> bool {
    word & I31_TAG != 0
}

/// Whether `word` points to a GC object.
pub const fn is_object(word: u64) -> bool {
    word != 0 && word & TAG_MASK == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_of_word_are_disjoint() {
        for w in [i31_word(0), i31_word(u32::MAX), host_word(0), host_word(7), 0x1000] {
            let kinds = [is_i31(w), is_host(w), is_object(w)];
            assert_eq!(kinds.iter().filter(|k| **k).count(), 1, "{w:#x}");
        }
        assert_eq!(i31_word(0x8000_0001), i31_word(1));
        assert_eq!(host_value(host_word(41)), 41);
        assert!(!is_object(0) && !is_i31(0) && !is_host(0));
    }

    #[test]
    fn struct_fields_are_aligned_to_their_size() {
        use crate::meta::StorageType as S;
        let f = |storage| FieldType { storage, mutable: true };
        let layout = struct_layout(&[f(S::I8), f(S::Val(ValType::I64)), f(S::I16), f(S::Val(ValType::I32)), f(S::I8)]);
        assert_eq!(layout.offsets, [8, 16, 24, 28, 32]);
        assert_eq!(layout.size, 40);
        assert_eq!(struct_layout(&[]).size, 8);
        assert_eq!(struct_layout(&[f(S::Val(ValType::V128))]), StructLayout { offsets: alloc::vec![8], size: 24 });
        assert_eq!(array_size(1, 3), Some(24));
        assert_eq!(array_size(8, 0), Some(16));
        assert_eq!(array_size(16, u32::MAX), None);
    }

    #[test]
    fn traced_types() {
        use crate::meta::RefType;
        let r = |heap| ValType::Ref(RefType { nullable: true, heap });
        let kind = |t| if t == 0 { TypeKind::Func } else { TypeKind::Struct };
        assert!(is_traced(ValType::ExternRef, kind) && is_traced(r(HeapType::Eq), kind));
        assert!(is_traced(r(HeapType::Concrete(1)), kind));
        assert!(!is_traced(r(HeapType::Concrete(0)), kind) && !is_traced(ValType::FuncRef, kind));
        assert!(!is_traced(r(HeapType::I31), kind) && !is_traced(r(HeapType::None), kind) && !is_traced(ValType::I64, kind));
    }
}
