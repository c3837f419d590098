//! A component instance's handle table (`CanonicalABI.md`: table and
//! resource state): the guest holds `own` and `borrow` handles, and the
//! async ABI's waitables (stream and future ends, subtasks) and waitable
//! sets, as small integers of one index space; the table maps them to what
//! they are and enforces the ownership rules. Index 0 is never a handle,
//! so that guests can use it as "none".

use alloc::format;
use alloc::vec::Vec;

use super::values::{Result, Trap};
use super::tasks::Pipe;
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

/// What a waitable is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WaitableKind {
    /// The readable end of stream or future `id` (of the runtime's pipes).
    Readable(Pipe, u32),
    /// The writable end of stream or future `id`.
    Writable(Pipe, u32),
    /// A subtask (an `async`-lowered call in progress), with what it waits
    /// for (a host descriptor, or the low bits of a deadline), for
    /// diagnostics.
    Subtask(u32),
}

/// A waitable: something a task can wait for, with the set it joined
/// and the event it has for the guest, if any.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Waitable {
    /// What it is.
    pub kind: WaitableKind,
    /// The waitable set it joined (a table index).
    pub set: Option<u32>,
    /// Its undelivered event, `(code, payload)`.
    pub pending: Option<(u32, u32)>,
    /// A copy (read or write) in progress on a stream or future end.
    pub busy: bool,
    /// A future end whose value was delivered, or a stream end whose other
    /// end was dropped: it can only be dropped.
    pub done: bool,
}

impl Waitable {
    /// A new waitable of `kind`, in no set, with no event.
    pub fn new(kind: WaitableKind) -> Waitable {
        Waitable { kind, set: None, pending: None, busy: false, done: false }
    }
}

/// One entry of the table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Entry {
    /// A resource handle.
    Resource(Handle),
    /// A waitable.
    Waitable(Waitable),
    /// A waitable set.
    WaitableSet,
}

/// The handles of one component instance.
#[derive(Debug, Default)]
pub struct HandleTable {
    /// Entry `i` is handle `i`; entry 0 stays empty.
    entries: Vec<Option<Entry>>,
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
        self.add_entry(Entry::Resource(handle))
    }

    /// Adds `entry`; returns its index.
    pub fn add_entry(&mut self, entry: Entry) -> Result<u32> {
        if let Some(i) = self.free.pop() {
            self.entries[i as usize] = Some(entry);
            return Ok(i);
        }
        if self.entries.len() >= MAX_HANDLES {
            return Err(Trap("too many handles".into()));
        }
        self.entries.push(Some(entry));
        Ok(self.entries.len() as u32 - 1)
    }

    /// The waitable at `index`.
    pub fn waitable(&mut self, index: u32) -> Result<&mut Waitable> {
        match self.entries.get_mut(index as usize) {
            Some(Some(Entry::Waitable(w))) => Ok(w),
            Some(Some(_)) => Err(Trap(format!("handle index {index} is not a waitable"))),
            _ => unknown(index),
        }
    }

    /// Checks that `index` is a waitable set.
    pub fn waitable_set(&self, index: u32) -> Result<()> {
        match self.entries.get(index as usize) {
            Some(Some(Entry::WaitableSet)) => Ok(()),
            Some(Some(_)) => Err(Trap(format!("handle index {index} is not a waitable set"))),
            _ => unknown(index),
        }
    }

    /// Removes the entry at `index` if `is` accepts it (else traps with
    /// `what` it should have been).
    pub fn remove_if(&mut self, index: u32, what: &str, is: impl Fn(&Entry) -> bool) -> Result<Entry> {
        match self.entries.get(index as usize) {
            Some(Some(e)) if is(e) => Ok(self.remove_entry(index)),
            Some(Some(_)) => Err(Trap(format!("handle index {index} is not {what}"))),
            _ => unknown(index),
        }
    }

    /// The waitables in set `set`, by index.
    pub fn members(&mut self, set: u32) -> impl Iterator<Item = (u32, &mut Waitable)> {
        self.entries.iter_mut().enumerate().filter_map(move |(i, e)| match e {
            Some(Entry::Waitable(w)) if w.set == Some(set) => Some((i as u32, w)),
            _ => None,
        })
    }

    /// The index of the waitable of `kind`, if the table holds it.
    pub fn find_waitable(&self, kind: WaitableKind) -> Option<u32> {
        self.entries.iter().position(|e| matches!(e, Some(Entry::Waitable(w)) if w.kind == kind)).map(|i| i as u32)
    }

    /// The handle at `index`, which must be of type `resource`.
    pub fn get(&self, index: u32, resource: ResourceId) -> Result<&Handle> {
        let h = match self.entries.get(index as usize) {
            Some(Some(Entry::Resource(h))) => h,
            Some(Some(_)) => return Err(Trap(format!("handle index {index} is not a resource handle"))),
            _ => return unknown(index),
        };
        if h.resource != resource {
            return Err(Trap(format!("handle index {index} used with the wrong type")));
        }
        Ok(h)
    }

    fn get_mut(&mut self, index: u32, resource: ResourceId) -> Result<&mut Handle> {
        self.get(index, resource)?;
        match self.entries[index as usize].as_mut() {
            Some(Entry::Resource(h)) => Ok(h),
            _ => unreachable!("checked by `get`"),
        }
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
        if let Some(Some(Entry::Resource(h))) = self.entries.get_mut(index as usize) {
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
        match self.remove_entry(index) {
            Entry::Resource(h) => h,
            _ => unreachable!("checked by `get`"),
        }
    }

    fn remove_entry(&mut self, index: u32) -> Entry {
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
