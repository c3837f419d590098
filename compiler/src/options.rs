//! What a compilation is asked to do.

use target_lexicon::Triple;
use wasm2native_abi::meta::BoundsChecks;

/// Cranelift optimization level (`-O`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OptLevel {
    /// `-O0`: Cranelift `none`.
    None,
    /// `-O1`: Cranelift `speed`.
    Speed,
    /// `-O2`: Cranelift `speed_and_size`.
    SpeedAndSize,
}

/// Which CPU features generated code may use.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Cpu {
    /// A portable baseline (x86-64-v2 on x86-64; plain ARMv8.0 on AArch64).
    Baseline,
    /// Everything the build machine has.
    Native,
}

/// Which edition of WebAssembly a module is validated against.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum WasmVersion {
    /// WebAssembly 2.0: what the 2.0 spec suite asserts valid and invalid.
    V2,
    /// WebAssembly 3.0 with the proposals this compiler implements (see
    /// [`crate::module_info::features`]).
    #[default]
    V3,
    /// WebAssembly 1.0 with the threads proposal: the rules the proposal's
    /// own test suite (written before 2.0 allowed several tables and
    /// memories) asserts.
    V1Threads,
}

/// A directory grant baked into the executable.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct DirGrant {
    /// Host path.
    pub host: String,
    /// Path the guest sees.
    pub guest: String,
}

impl DirGrant {
    /// Parses `HOST[::GUEST]`.
    pub fn parse(s: &str) -> Result<Self, String> {
        let wasm2native_abi::meta::DirGrant { host, guest } = wasm2native_abi::meta::DirGrant::parse(s);
        if host.is_empty() || guest.is_empty() {
            return Err(format!("invalid --dir `{s}`: expected HOST or HOST::GUEST"));
        }
        Ok(DirGrant { host: host.to_string(), guest: guest.to_string() })
    }
}

/// Everything that determines the compiled code and the baked-in settings.
#[derive(Clone, Debug)]
pub struct CompileOptions {
    /// Target triple.
    pub target: Triple,
    /// Optimization level.
    pub opt_level: OptLevel,
    /// Bounds-check strategy.
    pub bounds_checks: BoundsChecks,
    /// Compile threads (`None`: all cores).
    pub jobs: Option<usize>,
    /// CPU features.
    pub cpu: Cpu,
    /// Directories granted at compile time.
    pub dirs: Vec<DirGrant>,
    /// Environment variables granted at compile time.
    pub env: Vec<(String, String)>,
    /// Pass the host environment through at run time.
    pub inherit_env: bool,
    /// Allow the person running the executable to add grants.
    pub runtime_grants: bool,
    /// Let the program use the host's network (`wasi:sockets`).
    pub inherit_network: bool,
    /// The most bytes the live GC objects may take; 0: the runtime's
    /// default (`--gc-heap-max`).
    pub gc_heap_max: u64,
    /// Prefix of every global symbol the object defines (the spec-test
    /// harness links many modules into one library). Empty for executables.
    pub symbol_prefix: String,
    /// Resolve `wasi_snapshot_preview1` imports to the runtime's host
    /// functions and emit a C `main` (executables). When false, every import
    /// is left for the embedder to supply at instantiation.
    pub executable: bool,
    /// Library mode (`--emit staticlib|sharedlib`): the C name prefix
    /// (`--name`). The object then defines the library's C functions
    /// (see [`crate::library`]) instead of `main`, keeps its descriptor
    /// local, and calls non-WASI function imports as C symbols the host
    /// program (or `--link` code) defines.
    pub library: Option<String>,
    /// Leave imports nothing resolves for instantiation instead of failing
    /// (objects for embedding, `--emit obj`): no `_start` is required either.
    pub allow_unresolved: bool,
    /// Symbols the user's `--link` inputs define: non-WASI imports whose
    /// [`crate::host_imports::symbol`] is among them are called there.
    pub host_symbols: std::collections::BTreeSet<String>,
    /// The WebAssembly edition modules are validated against.
    pub wasm: WasmVersion,
    /// Trap backtraces show the name section's names as they are, not
    /// demangled (`--no-demangle`).
    pub raw_names: bool,
    /// Draw a progress bar on a terminal stderr for long compiles (the
    /// command line; see [`crate::progress`]). Does not change the output.
    pub progress: bool,
    /// Translate the module's DWARF into native debug info for the
    /// generated code (`-g`; see [`crate::debug_info`]), and keep it at
    /// link time.
    pub debug_info: bool,
    /// Inline small leaf functions into their callers (`--inline`; see
    /// [`crate::inlining`]).
    pub inline: bool,
}

impl Default for CompileOptions {
    fn default() -> Self {
        CompileOptions {
            target: Triple::host(),
            opt_level: OptLevel::SpeedAndSize,
            bounds_checks: if Triple::host().pointer_width().map(|w| w.bits() >= 64).unwrap_or(false) {
                BoundsChecks::Guard
            } else {
                BoundsChecks::Explicit
            },
            jobs: None,
            cpu: Cpu::Baseline,
            dirs: Vec::new(),
            env: Vec::new(),
            inherit_env: false,
            runtime_grants: true,
            inherit_network: false,
            gc_heap_max: 0,
            symbol_prefix: String::new(),
            executable: true,
            library: None,
            allow_unresolved: false,
            host_symbols: Default::default(),
            wasm: WasmVersion::default(),
            raw_names: false,
            progress: false,
            debug_info: false,
            inline: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dir_grants_parse() {
        assert_eq!(DirGrant::parse("a").unwrap(), DirGrant { host: "a".into(), guest: "a".into() });
        assert_eq!(
            DirGrant::parse("/tmp/x::/data").unwrap(),
            DirGrant { host: "/tmp/x".into(), guest: "/data".into() }
        );
        assert!(DirGrant::parse("::x").is_err());
        assert!(DirGrant::parse("x::").is_err());
    }
}
