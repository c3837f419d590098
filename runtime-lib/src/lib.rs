//! The wasm2native runtime: everything a compiled module needs at run time.
//!
//! * [`Memory`], [`Table`], [`Global`] and [`Func`]: the runtime objects
//!   behind the `VMContext` arrays, shareable between instances.
//! * [`Instance`]: instantiation from a compiler-emitted
//!   [`ModuleDescriptor`](wasm2native_abi::ModuleDescriptor), exports, calls.
//! * [`catch_traps`] and the signal handlers that turn faults in wasm code
//!   into [`Trap`]s (or a report and exit status 134).
//! * The `VMBuiltins` entry points generated code calls.
//! * `wasm2native_main`, the process entry of produced executables, and
//!   [`capi`], the C API of libraries.

#![deny(missing_docs)]

mod arch;
mod builtins;
pub mod capi;
pub mod component;
mod constexpr;
mod cpu;
pub mod entry;
mod exceptions;
mod func;
mod global;
mod image;
mod gc;
mod instance;
mod linking;
mod memory;
mod parking;
mod registry;
mod report;
mod signals;
mod stack;
mod table;
mod tag;
mod threads;
#[cfg(test)]
mod testutil;
mod trap;
mod types;
mod vmctx;
mod wasi_config;

pub use func::{CallError, Func};
pub use global::Global;
pub use instance::{release_failed_instances, Extern, Instance, InstantiationError};
pub use memory::{Memory, MemoryError, SharedMemory};
pub use stack::{stack_limit, thread_stack_bounds, STACK_MARGIN};
pub use table::{Table, TableError, MAX_TABLE_ELEMENTS};
pub use tag::Tag;
pub use trap::{catch_traps, raise_trap, Frame, Trap, Unwind, MAX_FRAMES};
pub use types::{func_type, gc_type, intern_func_type, kind as type_kind};
pub use wasm2native_abi as abi;

/// An access outside the bounds of a memory or table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutOfBounds;

impl std::fmt::Display for OutOfBounds {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("out of bounds")
    }
}

impl std::error::Error for OutOfBounds {}

/// The byte/element range `start .. start + len` as `usize`s, if it lies
/// within `0 .. size`. All arithmetic is checked.
pub(crate) fn checked_range(start: u64, len: u64, size: usize) -> Option<std::ops::Range<usize>> {
    let end = start.checked_add(len)?;
    if end > size as u64 {
        return None;
    }
    Some(start as usize..end as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_are_checked() {
        assert_eq!(checked_range(0, 0, 0), Some(0..0));
        assert_eq!(checked_range(1, 0, 0), None);
        assert_eq!(checked_range(2, 3, 5), Some(2..5));
        assert_eq!(checked_range(2, 4, 5), None);
        assert_eq!(checked_range(u64::MAX, 2, 5), None);
        assert_eq!(checked_range(5, 0, 5), Some(5..5));
    }
}
