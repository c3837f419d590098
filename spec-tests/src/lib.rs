//! The official WebAssembly spec tests (`.wast` scripts), run through
//! wasm2native's real AOT path: every module of a script is compiled to an
//! object with its own symbol prefix (in parallel), the objects are linked
//! into one shared library with the system C compiler, the library is
//! `dlopen`ed, and each module is instantiated by the runtime from its
//! descriptor; exports are called through their array-call trampolines.
//!
//! * [`script`]: a parsed `.wast` as commands plus module binaries;
//! * [`objects`] and [`loader`]: compile, link, load;
//! * [`wast_runner`] and [`values`]: run commands, check results;
//! * [`file`]: one file in this process; [`driver`]: many files, each in a
//!   child process; [`report`]: counts and output.

#![deny(missing_docs)]

pub mod difftest;
pub mod driver;
pub mod file;
pub mod legacy_syntax;
pub mod loader;
pub mod not_implemented;
pub mod objects;
pub mod report;
pub mod script;
pub mod values;
pub mod wast_runner;

/// Stack size of the thread commands run on: host recursion must never be
/// what runs out first.
pub const RUN_STACK_SIZE: usize = 64 << 20;
