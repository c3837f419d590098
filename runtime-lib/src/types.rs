//! Canonical type ids: defined types are interned process-wide by
//! recursion group (iso-recursive canonicalization), so that equal types of
//! different modules get the same id, and `call_indirect`, casts and import
//! matching compare ids.
//!
//! A group's key is its types with every type index rewritten: an index of
//! an earlier group becomes that type's canonical id, an index inside the
//! group becomes [`REC`] plus its position in the group. Two groups are the
//! same group when their keys are equal; the types of a group get
//! consecutive ids.
//!
//! Every id also has its supertype display: the ids of its declared
//! supertype chain, root first, itself last, so that "is `a` a subtype of
//! `b`" is one comparison, `display(a)[depth(b)] == b`, whatever the
//! hierarchy's depth.

use std::collections::HashMap;
use std::sync::{PoisonError, RwLock};

use wasm2native_abi::gc::{self, VMGcType};
use wasm2native_abi::meta::{CompositeType, FieldType, FuncType, StorageType, SubType, TypeKind, ValType};

/// A type index inside the group being interned (a key only; never an id).
const REC: u32 = 1 << 31;

/// Ids start here, so that 0 never names a type.
const FIRST_ID: u32 = 1;

/// One canonical type.
struct Entry {
    /// The type, its indices canonical ids.
    ty: SubType,
    /// Its supertype chain, root first, ending with its own id.
    display: Box<[u32]>,
    /// What its objects' headers point to (struct and array types).
    gc: Option<&'static VMGcType>,
}

#[derive(Default)]
struct Registry {
    /// Group key → id of its first type.
    groups: HashMap<Vec<SubType>, u32>,
    /// Entry of id `FIRST_ID + i`.
    entries: Vec<Entry>,
}

static REGISTRY: RwLock<Option<Registry>> = RwLock::new(None);

/// Why a module's types cannot be interned (corrupt metadata: the compiler
/// validated them).
#[derive(Debug, PartialEq, Eq)]
pub struct TypeError(&'static str);

impl std::fmt::Display for TypeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "invalid type section in the module metadata: {}", self.0)
    }
}

impl std::error::Error for TypeError {}

impl Registry {
    fn entry(&self, id: u32) -> Option<&Entry> {
        self.entries.get(id.checked_sub(FIRST_ID)? as usize)
    }

    /// Interns one group whose key is `key`; its ids.
    fn intern_group(&mut self, key: Vec<SubType>) -> Result<std::ops::Range<u32>, TypeError> {
        let len = key.len() as u32;
        if let Some(&base) = self.groups.get(&key) {
            return Ok(base..base + len);
        }
        let base = FIRST_ID + self.entries.len() as u32;
        if base.checked_add(len).is_none_or(|end| end >= REC) {
            return Err(TypeError("too many types"));
        }
        let resolve = |t: u32| if t & REC != 0 { base + (t & !REC) } else { t };
        let group_kinds: Vec<TypeKind> = key.iter().map(SubType::kind).collect();
        for ty in &key {
            let ty = ty.map_concrete(resolve);
            let id = FIRST_ID + self.entries.len() as u32;
            let mut display = match ty.supertype {
                Some(s) if s < id => self.entry(s).ok_or(TypeError("unknown supertype"))?.display.to_vec(),
                Some(_) => return Err(TypeError("supertype declared after its subtype")),
                None => Vec::new(),
            };
            display.push(id);
            if display.len() > gc::DISPLAY_LEN {
                return Err(TypeError("subtype chain too deep"));
            }
            let kind = |t: u32| match t.checked_sub(base) {
                Some(i) if (i as usize) < group_kinds.len() => group_kinds[i as usize],
                _ => self.entry(t).map_or(TypeKind::Func, |e| e.ty.kind()),
            };
            let gc = make_gc_type(id, &ty, &display, kind);
            self.entries.push(Entry { ty, display: display.into_boxed_slice(), gc });
        }
        self.groups.insert(key, base);
        Ok(base..base + len)
    }
}

/// The run-time description of struct or array type `ty` (id `id`,
/// supertype chain `display`), made once per canonical type and kept for
/// the life of the process (objects of the type may live as long).
fn make_gc_type(id: u32, ty: &SubType, display: &[u32], kind: impl Fn(u32) -> TypeKind) -> Option<&'static VMGcType> {
    let traced = |f: &FieldType| matches!(f.storage, StorageType::Val(v) if gc::is_traced(v, &kind));
    let (kind_code, size, refs): (u32, u32, Vec<u32>) = match &ty.composite {
        CompositeType::Func(_) => return None,
        CompositeType::Struct(fields) => {
            let layout = gc::struct_layout(fields);
            let refs = fields.iter().zip(&layout.offsets).filter(|(f, _)| traced(f)).map(|(_, at)| *at).collect();
            (gc::KIND_STRUCT, layout.size, refs)
        }
        CompositeType::Array(elem) => {
            (gc::KIND_ARRAY, elem.storage.size(), if traced(elem) { vec![0] } else { Vec::new() })
        }
    };
    let refs: &'static [u32] = Box::leak(refs.into_boxed_slice());
    let mut by_depth = [0u32; gc::DISPLAY_LEN];
    by_depth[..display.len()].copy_from_slice(display);
    Some(Box::leak(Box::new(VMGcType {
        kind: kind_code,
        id,
        size,
        num_refs: refs.len() as u32,
        refs: refs.as_ptr(),
        display: by_depth,
    })))
}

fn write<R>(f: impl FnOnce(&mut Registry) -> R) -> R {
    let mut guard = REGISTRY.write().unwrap_or_else(PoisonError::into_inner);
    f(guard.get_or_insert_with(Registry::default))
}

fn read<R>(f: impl FnOnce(&Registry) -> Option<R>) -> Option<R> {
    let guard = REGISTRY.read().unwrap_or_else(PoisonError::into_inner);
    f(guard.as_ref()?)
}

/// The canonical id of a function type whose type indices are already
/// canonical ids (a host function's).
pub fn intern_func_type(ty: &FuncType) -> u32 {
    write(|r| r.intern_group(vec![SubType::func(ty.clone())]))
        .map(|ids| ids.start)
        .expect("a function type of canonical ids interns")
}

/// The canonical ids of a module's types, in order: `types` grouped into
/// recursion groups of `rec_groups` types each.
pub fn intern_module_types(types: &[SubType], rec_groups: &[u32]) -> Result<Box<[u32]>, TypeError> {
    if rec_groups.iter().map(|&n| n as usize).sum::<usize>() != types.len() {
        return Err(TypeError("recursion groups do not cover the types"));
    }
    let mut ids: Vec<u32> = Vec::with_capacity(types.len());
    write(|r| {
        for &len in rec_groups {
            let start = ids.len() as u32;
            let end = start + len;
            let bad = std::cell::Cell::new(false);
            let map = |t: u32| {
                if t < start {
                    ids[t as usize]
                } else if t < end {
                    REC | (t - start)
                } else {
                    bad.set(true);
                    0
                }
            };
            let key: Vec<SubType> = types[start as usize..end as usize].iter().map(|ty| ty.map_concrete(map)).collect();
            if bad.get() {
                return Err(TypeError("type index out of range"));
            }
            ids.extend(r.intern_group(key)?);
        }
        Ok(())
    })?;
    Ok(ids.into_boxed_slice())
}

/// `ty` with its concrete type index, an index of the module whose
/// canonical ids are `type_ids`, replaced by its canonical id.
pub(crate) fn canonical(ty: ValType, type_ids: &[u32]) -> ValType {
    ty.map_concrete(|t| type_ids.get(t as usize).copied().unwrap_or(0))
}

/// The function type with canonical id `id`.
pub fn func_type(id: u32) -> Option<FuncType> {
    read(|r| r.entry(id)?.ty.as_func().cloned())
}

/// What type `id` is (a function type when `id` is unknown).
pub fn kind(id: u32) -> TypeKind {
    read(|r| Some(r.entry(id)?.ty.kind())).unwrap_or(TypeKind::Func)
}

/// The run-time description of struct or array type `id` (what its
/// objects' headers point to).
pub fn gc_type(id: u32) -> Option<&'static VMGcType> {
    read(|r| r.entry(id)?.gc)
}

/// Whether type `a` is `b` or declares it as a (transitive) supertype.
pub fn is_subtype(a: u32, b: u32) -> bool {
    a == b
        || read(|r| {
            let (a, b) = (r.entry(a)?, r.entry(b)?);
            let depth = b.display.len() - 1;
            Some(a.display.get(depth) == b.display.last())
        })
        .unwrap_or(false)
}

/// Whether a value of type `a` is one of type `b`, both with canonical ids.
pub(crate) fn val_matches(a: ValType, b: ValType) -> bool {
    a.matches_in(b, kind, is_subtype)
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm2native_abi::meta::{CompositeType, FieldType, HeapType, RefType, StorageType};

    fn r(t: u32) -> ValType {
        ValType::Ref(RefType { nullable: false, heap: HeapType::Concrete(t) })
    }

    fn func(params: Vec<ValType>) -> SubType {
        SubType::func(FuncType { params, results: vec![] })
    }

    fn ones(types: &[SubType]) -> Box<[u32]> {
        intern_module_types(types, &vec![1; types.len()]).unwrap()
    }

    #[test]
    fn typed_references_are_canonical_across_modules() {
        // Module A: 0 = () -> (), 1 = (ref 0) -> (). Module B declares them
        // the other way round: 0 = something else, 1 = () -> (), 2 = (ref 1) -> ().
        let a = ones(&[func(vec![]), func(vec![r(0)])]);
        let b = ones(&[func(vec![ValType::F32]), func(vec![]), func(vec![r(1)])]);
        assert_eq!(a[0], b[1]);
        assert_eq!(a[1], b[2]);
        // A reference to a different type is a different signature.
        assert_ne!(ones(&[func(vec![ValType::I64]), func(vec![r(0)])])[1], a[1]);
        // Self references are structural, and not references to another
        // type.
        let me = ones(&[func(vec![r(0)])]);
        assert_eq!(me[0], ones(&[func(vec![r(0)])])[0]);
        assert_ne!(me[0], a[1]);
    }

    #[test]
    fn recursion_groups_are_equal_only_as_wholes() {
        let node = |next: u32| SubType {
            is_final: true,
            supertype: None,
            composite: CompositeType::Struct(vec![FieldType { storage: StorageType::Val(r(next)), mutable: false }]),
        };
        // (rec (struct (ref 1)) (struct (ref 0))) twice, in two modules.
        let a = intern_module_types(&[node(1), node(0)], &[2]).unwrap();
        let b = intern_module_types(&[func(vec![]), node(2), node(1)], &[1, 2]).unwrap();
        assert_eq!(&a[..], &b[1..]);
        assert_ne!(a[0], a[1]);
        // The same two types as separate groups are other types.
        let single = intern_module_types(&[node(0)], &[1]).unwrap();
        assert!(!a.contains(&single[0]));
        assert_eq!(kind(a[0]), TypeKind::Struct);
        // Each node's one field refers to the other node: traced.
        let info = gc_type(a[0]).unwrap();
        assert_eq!((info.kind, info.id, info.size, info.num_refs), (gc::KIND_STRUCT, a[0], 16, 1));
        assert_eq!(info.display[0], a[0]);
        assert!(gc_type(b[0]).is_none());
        assert!(intern_module_types(&[node(5)], &[1]).is_err());
        assert!(intern_module_types(&[node(0)], &[2]).is_err());
    }

    #[test]
    fn subtyping_is_one_display_lookup() {
        let sub = |supertype, is_final| SubType { is_final, supertype, composite: CompositeType::Struct(vec![]) };
        let ids = ones(&[sub(None, false), sub(Some(0), false), sub(Some(1), true), sub(None, true)]);
        assert!(is_subtype(ids[2], ids[0]) && is_subtype(ids[2], ids[1]) && is_subtype(ids[1], ids[0]));
        assert!(!is_subtype(ids[0], ids[1]) && !is_subtype(ids[3], ids[0]) && !is_subtype(ids[2], ids[3]));
        let top = ValType::Ref(RefType { nullable: true, heap: HeapType::Eq });
        assert!(val_matches(r(ids[2]), top));
        assert!(val_matches(r(ids[2]), r(ids[0])));
        assert!(!val_matches(r(ids[0]), r(ids[2])));
        // The display lists the chain by depth.
        assert_eq!(&gc_type(ids[2]).unwrap().display[..4], &[ids[0], ids[1], ids[2], 0]);
    }

    #[test]
    fn equal_types_share_ids() {
        let a = FuncType { params: vec![ValType::I32, ValType::F64], results: vec![ValType::I64] };
        let b = FuncType { params: vec![ValType::I32], results: vec![ValType::I64, ValType::F64] };
        let ia = intern_func_type(&a);
        let ib = intern_func_type(&b);
        assert_ne!(ia, ib);
        assert_eq!(intern_func_type(&a.clone()), ia);
        assert_eq!(func_type(ia), Some(a));
        assert_eq!(func_type(ib), Some(b));
        assert_eq!(func_type(0), None);
        assert_ne!(ia, 0);
    }
}
