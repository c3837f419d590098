//! A component instance's handle table (`CanonicalABI.md`: table and
//! resource state): the guest holds `own` and `borrow` handles as small
//! integers; the table maps them to a resource type and representation,
//! and enforces the ownership rules. Index 0 is never a handle, so that
//! guests can use it as "none".

use alloc::format;
use alloc::vec::Vec;

use super::values::{Result, Trap};
use super::ResourceId;

/// The most handles a table holds (the spec's limit, 2^28).
pub const MAX_HANDLES: usize = 1 << 28;

/// One handle.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Handle {
    /// Its resource type.
    pub resource: ResourceId,
    /// The representation (what the resource's implementation gave).
    pub rep: u32,
    /// An `own` handle (else a `borrow`).
    pub own: bool,
    /// Borrows lent out of an `own` handle for calls in progress: while
    /// any are, the handle cannot be dropped or moved.
    pub lends: u32,
}

/// The handles of one component instance.
#[derive(Debug, Default)]
pub struct HandleTable {
    /// Entry `i` is handle `i`; entry 0 stays empty.
    entries: Vec<Option<Handle>>,
    /// Freed indices, reused last-freed first.
    free: Vec<u32>,
}

fn unknown<T>(index: u32) -> Result<T> {
    Err(Trap(format!("unknown handle index {index}")))
}

impl HandleTable {
    /// An empty table.
    pub fn new() -> HandleTable {
        HandleTable { entries: alloc::vec![None], free: Vec::new() }
    }

    /// Adds `handle`; returns its index.
    pub fn add(&mut self, handle: Handle) -> Result<u32> {
        if let Some(i) = self.free.pop() {
            self.entries[i as usize] = Some(handle);
            return Ok(i);
        }
        if self.entries.len() >= MAX_HANDLES {
            return Err(Trap("too many handles".into()));
        }
        self.entries.push(Some(handle));
        Ok(self.entries.len() as u32 - 1)
    }

    /// The handle at `index`, which must be of type `resource`.
    pub fn get(&self, index: u32, resource: ResourceId) -> Result<&Handle> {
        let Some(Some(h)) = self.entries.get(index as usize) else { return unknown(index) };
        if h.resource != resource {
            return Err(Trap(format!("handle index {index} used with the wrong type")));
        }
        Ok(h)
    }

    fn get_mut(&mut self, index: u32, resource: ResourceId) -> Result<&mut Handle> {
        self.get(index, resource)?;
        Ok(self.entries[index as usize].as_mut().expect("checked"))
    }

    /// Lends a borrow of the handle at `index` (own or borrow) for a call;
    /// returns its representation. [`HandleTable::end_lend`] ends it.
    pub fn lend(&mut self, index: u32, resource: ResourceId) -> Result<u32> {
        let h = self.get_mut(index, resource)?;
        if h.own {
            h.lends += 1;
        }
        Ok(h.rep)
    }

    /// Ends a lend of [`HandleTable::lend`] when the call returns.
    pub fn end_lend(&mut self, index: u32) {
        if let Some(Some(h)) = self.entries.get_mut(index as usize) {
            if h.own {
                h.lends = h.lends.saturating_sub(1);
            }
        }
    }

    /// Removes an `own` handle to move it elsewhere (lifting an `own`);
    /// returns its representation.
    pub fn take_own(&mut self, index: u32, resource: ResourceId) -> Result<u32> {
        let h = self.get(index, resource)?;
        if !h.own {
            return Err(Trap(format!("handle index {index} is a borrow, not an own handle")));
        }
        if h.lends != 0 {
            return Err(Trap("cannot remove owned resource while borrowed".into()));
        }
        Ok(self.remove(index).rep)
    }

    /// `resource.drop`: removes the handle at `index`; returns it (for an
    /// `own` handle, its destructor is the caller's to run).
    pub fn drop_handle(&mut self, index: u32, resource: ResourceId) -> Result<Handle> {
        if self.get(index, resource)?.lends != 0 {
            return Err(Trap("cannot remove owned resource while borrowed".into()));
        }
        Ok(self.remove(index))
    }

    fn remove(&mut self, index: u32) -> Handle {
        self.free.push(index);
        self.entries[index as usize].take().expect("checked")
    }

    /// The number of live handles.
    pub fn len(&self) -> usize {
        self.entries.iter().filter(|e| e.is_some()).count()
    }

    /// Whether no handle is live.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const R: ResourceId = ResourceId(1);
    const OTHER: ResourceId = ResourceId(2);

    fn own(rep: u32) -> Handle {
        Handle { resource: R, rep, own: true, lends: 0 }
    }

    #[test]
    fn handles_start_at_one_and_indices_are_reused() {
        let mut t = HandleTable::new();
        assert_eq!(t.add(own(10)).unwrap(), 1);
        assert_eq!(t.add(own(11)).unwrap(), 2);
        assert_eq!(t.take_own(1, R).unwrap(), 10);
        assert_eq!(t.add(own(12)).unwrap(), 1);
        assert_eq!(t.len(), 2);
        assert_eq!(t.get(0, R).unwrap_err().0, "unknown handle index 0");
    }

    #[test]
    fn ownership_rules_are_enforced() {
        let mut t = HandleTable::new();
        let i = t.add(own(7)).unwrap();
        assert_eq!(t.get(i, OTHER).unwrap_err().0, "handle index 1 used with the wrong type");
        assert_eq!(t.lend(i, R).unwrap(), 7);
        assert_eq!(t.take_own(i, R).unwrap_err().0, "cannot remove owned resource while borrowed");
        assert_eq!(t.drop_handle(i, R).unwrap_err().0, "cannot remove owned resource while borrowed");
        t.end_lend(i);
        assert_eq!(t.drop_handle(i, R).unwrap(), own(7));
        assert_eq!(t.drop_handle(i, R).unwrap_err().0, "unknown handle index 1");
        let b = t.add(Handle { own: false, ..own(8) }).unwrap();
        assert!(t.take_own(b, R).unwrap_err().0.contains("is a borrow"));
        assert!(!t.is_empty());
    }
}
