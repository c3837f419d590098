//! Exception tags: identities at stable addresses, shared on import.

use std::rc::Rc;

use wasm2native_abi::VMTag;

/// An exception tag, shared by handle: cloning gives another handle to the
/// same tag. Two tags are the same tag exactly when their addresses are
/// equal, which is what generated code compares.
#[derive(Clone)]
pub struct Tag(Rc<VMTag>);

impl Tag {
    /// A new tag whose payload has the signature with canonical id
    /// `type_id` and `arity` values.
    pub fn new(type_id: u32, arity: u32) -> Tag {
        Tag(Rc::new(VMTag { type_id, arity }))
    }

    /// Canonical id of its signature (import matching).
    pub fn type_id(&self) -> u32 {
        self.0.type_id
    }

    /// The address generated code compares.
    pub fn vm(&self) -> *const VMTag {
        Rc::as_ptr(&self.0)
    }

    /// Whether both handles refer to the same tag.
    pub fn same(&self, other: &Tag) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl std::fmt::Debug for Tag {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tag").field("type_id", &self.0.type_id).field("arity", &self.0.arity).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_is_the_address() {
        let a = Tag::new(3, 1);
        let b = Tag::new(3, 1);
        assert!(a.same(&a.clone()));
        assert!(!a.same(&b));
        assert_ne!(a.vm(), b.vm());
        assert_eq!(a.type_id(), 3);
    }
}
