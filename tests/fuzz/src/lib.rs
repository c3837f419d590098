//! Fuzz targets for everything in wasm2native that reads untrusted bytes,
//! and the stable-Rust runners that drive them.
//!
//! Each target is a function `fn(&[u8]) -> Outcome` (see [`targets`]): it
//! turns the bytes into an input, runs the code under test and checks the
//! answer; a panic is its only way to report a failure, and it never
//! catches one itself. Three runners call the targets:
//!
//! * `fuzz-replay TARGET DIR...` ([`runner::replay`]): every file of the
//!   committed corpora (`corpus/<target>/`), one panic report per failing
//!   file;
//! * `fuzz-campaign` ([`runner::campaign`]): inputs generated from a seed
//!   ([`runner::generate`]), on several threads, with a hang watchdog;
//! * `cargo fuzz` (libFuzzer, `fuzz_targets/`, feature `libfuzzer`).

#![deny(missing_docs)]

pub mod compile;
pub mod mutate;
pub mod outcome;
pub mod runner;
pub mod seeds;
pub mod targets;
pub mod wasi;

pub use outcome::Outcome;
pub use targets::{compile_bytes, compile_mutated, compile_smith, wasi_shim, wat, Target};
