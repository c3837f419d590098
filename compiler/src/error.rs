//! The errors a compilation can end with. Each message says what is wrong
//! and, where there is something to do about it, what to do; the OS error
//! behind an I/O failure is its `source()` (the CLI prints the chain).

use std::path::PathBuf;

/// Why a compilation failed.
#[derive(Debug, thiserror::Error)]
pub enum CompileError {
    /// The input could not be read.
    #[error("cannot read {path}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The OS error.
        #[source]
        err: std::io::Error,
    },
    /// The input is not WebAssembly text or binary.
    #[error("{0}")]
    Malformed(String),
    /// wasmparser rejected the module.
    #[error("invalid module at byte offset {offset:#x}: {message}")]
    Invalid {
        /// Offset in the binary.
        offset: usize,
        /// wasmparser's message.
        message: String,
    },
    /// The module uses something this compiler does not support yet.
    #[error("unsupported feature: {0}")]
    Unsupported(String),
    /// Invalid under the WebAssembly 2.0 rules this compiler implements, but
    /// valid with the later proposals of WebAssembly 3.0 (GC, tail calls,
    /// exceptions, memory64, multiple memories, threads, ...), one of which
    /// it uses.
    #[error(
        "unsupported feature at byte offset {offset:#x}: {message} (the module uses a WebAssembly 3.0 proposal \
         that wasm2native does not implement; it compiles WebAssembly 2.0: rebuild the module without that \
         feature)"
    )]
    UnsupportedProposal {
        /// Offset in the binary.
        offset: usize,
        /// wasmparser's message under 2.0 rules (it usually names the proposal).
        message: String,
    },
    /// A component: what it needs from its host that is not provided, and
    /// what it exports (see [`crate::component::refuse`]).
    #[error("{0}")]
    Component(String),
    /// Imports that nothing provides.
    #[error(
        "unresolved imports (`wasi_snapshot_preview1` functions are provided; implement others in C and pass them with --link, see `wasm2native header`):\n{}",
        .0.iter().map(|s| format!("  {s}")).collect::<Vec<_>>().join("\n")
    )]
    UnresolvedImports(Vec<String>),
    /// A WASI import declared with the wrong signature.
    #[error("import {module}::{name} has type {found} but WASI defines it as {expected}")]
    ImportSignature {
        /// Import module.
        module: String,
        /// Import field.
        name: String,
        /// The module's declaration.
        found: String,
        /// What WASI defines.
        expected: String,
    },
    /// An executable needs an entry point.
    #[error("the module exports no `_start` (or `_initialize`) function, so it is not a WASI command and cannot become an executable; compile it with `--emit obj` to embed it instead")]
    NoEntry,
    /// A bad command-line option.
    #[error("{0}")]
    Options(String),
    /// The target triple cannot be compiled for.
    #[error("{0}")]
    Target(String),
    /// Cranelift failed (a compiler bug or an implementation limit).
    #[error("code generation failed for function {func}: {message}")]
    Codegen {
        /// Wasm function index.
        func: u32,
        /// Cranelift's message.
        message: String,
    },
    /// The module's DWARF cannot be read or translated (`-g`).
    #[error("cannot translate the module's debug info (compile without -g to leave it out): {context}")]
    DebugInfo {
        /// What was being read or written.
        context: String,
        /// gimli's error (reading or writing DWARF).
        #[source]
        err: Box<dyn std::error::Error + Send + Sync>,
    },
    /// Writing the object file failed.
    #[error("cannot write the object file: {0}")]
    Object(String),
    /// Linking failed.
    #[error("{0}")]
    Link(String),
    /// An I/O failure other than reading the input.
    #[error("{context}")]
    Io {
        /// What was being done.
        context: String,
        /// The OS error.
        #[source]
        err: std::io::Error,
    },
}

impl CompileError {
    /// Wraps a wasmparser error with its byte offset.
    pub fn invalid(e: wasmparser::BinaryReaderError) -> Self {
        CompileError::Invalid { offset: e.offset() as usize, message: e.message().to_string() }
    }

    /// Wraps an I/O error with what was being done.
    pub fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        CompileError::Io { context: context.into(), err: source }
    }
}

/// Result alias for compilation.
pub type Result<T, E = CompileError> = std::result::Result<T, E>;
