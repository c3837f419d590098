//! The fuzz targets: one function per kind of untrusted input, each
//! `fn(&[u8]) -> Outcome`, failing only by panicking.

mod compile_bytes;
mod compile_mutated;
mod compile_smith;
mod wasi_shim;
mod wat;

pub use compile_bytes::compile_bytes;
pub use compile_mutated::compile_mutated;
pub use compile_smith::{compile_smith, smith_config, smith_module};
pub use wasi_shim::wasi_shim;
pub use wat::wat;

use crate::Outcome;

/// A target, by name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// [`compile_bytes`].
    CompileBytes,
    /// [`compile_smith`].
    CompileSmith,
    /// [`compile_mutated`].
    CompileMutated,
    /// [`wat`].
    Wat,
    /// [`wasi_shim`].
    WasiShim,
}

impl Target {
    /// Every target.
    pub const ALL: [Target; 5] = [
        Target::CompileBytes,
        Target::CompileSmith,
        Target::CompileMutated,
        Target::Wat,
        Target::WasiShim,
    ];

    /// The target's name (its function's, its corpus directory's).
    pub fn name(self) -> &'static str {
        match self {
            Target::CompileBytes => "compile_bytes",
            Target::CompileSmith => "compile_smith",
            Target::CompileMutated => "compile_mutated",
            Target::Wat => "wat",
            Target::WasiShim => "wasi_shim",
        }
    }

    /// The target called `name`.
    pub fn from_name(name: &str) -> Option<Target> {
        Target::ALL.into_iter().find(|t| t.name() == name)
    }

    /// Runs the target on `data`.
    pub fn run(self, data: &[u8]) -> Outcome {
        match self {
            Target::CompileBytes => compile_bytes(data),
            Target::CompileSmith => compile_smith(data),
            Target::CompileMutated => compile_mutated(data),
            Target::Wat => wat(data),
            Target::WasiShim => wasi_shim(data),
        }
    }
}

impl std::fmt::Display for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}
