//! The AOT path for one script: every module compiled to an object (in
//! parallel across modules, each with its own symbol prefix), the ones to instantiate
//! linked together with the `spectest` module into one shared library, and
//! that library loaded.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock, PoisonError};

use wasm2native::{CompileError, CompileOptions, WasmVersion};
use wasm2native_abi::meta::BoundsChecks;
use wasm2native_abi::ModuleDescriptor;

use crate::loader::{link_shared, Library};
use crate::script::ModuleSource;

/// The `spectest` host module, as text.
pub const SPECTEST_WAT: &str = include_str!("spectest.wat");

/// Symbol prefix of the `spectest` module.
const SPECTEST_PREFIX: &str = "spectest_";

/// Symbol prefix of module `n` of a script.
fn prefix(n: usize) -> String {
    format!("m{n}_")
}

/// The edition this process validates modules against, set once at start.
static WASM_VERSION: OnceLock<WasmVersion> = OnceLock::new();

/// Sets the WebAssembly edition for every later compile of this process.
pub fn set_wasm_version(v: WasmVersion) {
    let _ = WASM_VERSION.set(v);
}

/// `2.0` or `3.0`, as `--wasm` spells it.
pub fn version_name(v: WasmVersion) -> &'static str {
    match v {
        WasmVersion::V2 => "2.0",
        WasmVersion::V3 => "3.0",
        WasmVersion::V1Threads => "1.0 with threads",
    }
}

/// Parses `--wasm`'s value.
pub fn parse_version(s: &str) -> Result<WasmVersion, String> {
    match s {
        "2" | "2.0" => Ok(WasmVersion::V2),
        "3" | "3.0" => Ok(WasmVersion::V3),
        other => Err(format!("--wasm: expected 2.0 or 3.0, got `{other}`")),
    }
}

/// The bounds-check strategy of this process's compiles, when not the
/// target's default; set once at start.
static BOUNDS_CHECKS: OnceLock<BoundsChecks> = OnceLock::new();

/// Sets the bounds-check strategy for every later compile of this process.
pub fn set_bounds_checks(b: BoundsChecks) {
    let _ = BOUNDS_CHECKS.set(b);
}

/// The edition a file of the suite is validated against: this process's,
/// except that the threads proposal's files (written against 1.0, they
/// assert that two tables or memories are invalid) get 1.0 with threads
/// inside the 3.0 suite, as wasmtime's runner validates them.
pub fn version_for(path: &std::path::Path) -> WasmVersion {
    let version = WASM_VERSION.get().copied().unwrap_or_default();
    let threads = path.components().collect::<Vec<_>>().windows(2).any(|w| {
        w[0].as_os_str() == "proposals" && w[1].as_os_str() == "threads"
    });
    if threads && version == WasmVersion::V3 {
        WasmVersion::V1Threads
    } else {
        version
    }
}

fn options(prefix: String, wasm: WasmVersion) -> CompileOptions {
    let defaults = CompileOptions::default();
    CompileOptions {
        bounds_checks: BOUNDS_CHECKS.get().copied().unwrap_or(defaults.bounds_checks),
        wasm,
        executable: false,
        symbol_prefix: prefix,
        jobs: Some(1),
        // `SPEC_TESTS_INLINE=1` runs the suites with inlining on (the
        // per-file children inherit it).
        inline: std::env::var_os("SPEC_TESTS_INLINE").is_some_and(|v| v == "1"),
        ..defaults
    }
}

/// Compiles a module to an object, validated as `version`.
pub fn compile(wasm: &[u8], prefix: String, version: WasmVersion) -> Result<Vec<u8>, CompileError> {
    wasm2native::compile_to_object(wasm, &options(prefix, version))
}

/// The `spectest` object, compiled once per process.
fn spectest_object() -> Result<&'static [u8], String> {
    static OBJECT: OnceLock<Result<Vec<u8>, String>> = OnceLock::new();
    OBJECT
        .get_or_init(|| {
            let wasm = wast::parser::ParseBuffer::new(SPECTEST_WAT)
                .and_then(|buf| wast::parser::parse::<wast::Wat>(&buf)?.encode())
                .map_err(|e| format!("spectest.wat: {e}"))?;
            // The host module is the same for every suite (it uses 3.0's
            // 64-bit tables).
            let opts = options(SPECTEST_PREFIX.to_string(), WasmVersion::V3);
            wasm2native::compile_to_object(&wasm, &opts).map_err(|e| format!("spectest module: {e}"))
        })
        .as_ref()
        .map(Vec::as_slice)
        .map_err(Clone::clone)
}

/// What became of one module.
pub enum Compiled {
    /// Compiled and loaded: its descriptor.
    Loaded(&'static ModuleDescriptor),
    /// Compiled but not linked (it was expected not to compile).
    Unlinked,
    /// Did not compile (or could not be encoded, linked or loaded).
    Failed(ModuleFailure),
}

/// Why a module is unavailable.
#[derive(Debug, Clone)]
pub enum ModuleFailure {
    /// The text could not be parsed or encoded.
    Encode(String),
    /// The compiler rejected it.
    Compile(CompileErrorKind, String),
    /// Linking or loading failed.
    Load(String),
}

/// Which kind of compile error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompileErrorKind {
    /// Not decodable (malformed).
    Malformed,
    /// Not valid.
    Invalid,
    /// Uses a proposal the compiler's validator does not enable.
    Disabled,
    /// Valid but not supported by the compiler.
    Unsupported,
    /// Anything else (a compiler defect).
    Other,
}

impl std::fmt::Display for ModuleFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ModuleFailure::Encode(e) => write!(f, "cannot encode: {e}"),
            ModuleFailure::Compile(_, e) => write!(f, "compile error: {e}"),
            ModuleFailure::Load(e) => write!(f, "cannot load: {e}"),
        }
    }
}

/// Phrases of wasmparser's messages for a module that uses a proposal the
/// compiler does not enable. The compiler reports these as invalid modules;
/// here they are told apart, so that an `assert_invalid` module is not
/// "rejected" merely for using a feature the compiler lacks.
const DISABLED_FEATURE: &[&str] = &[
    "proposal",
    "must be enabled",
    "not enabled",
    "not supported without",
    "required for",
    "require the",
    "requires `",
];

fn classify(e: &CompileError) -> CompileErrorKind {
    match e {
        CompileError::Malformed(_) => CompileErrorKind::Malformed,
        CompileError::Invalid { message, .. }
            if DISABLED_FEATURE.iter().any(|p| message.contains(p)) =>
        {
            CompileErrorKind::Disabled
        }
        CompileError::Invalid { .. } => CompileErrorKind::Invalid,
        CompileError::UnsupportedProposal { .. } => CompileErrorKind::Disabled,
        CompileError::Unsupported(_) => CompileErrorKind::Unsupported,
        _ => CompileErrorKind::Other,
    }
}

/// The loaded code of one script. Dropping it unloads the libraries: drop
/// every instance first.
pub struct Loaded {
    /// Per module of the script.
    pub modules: Vec<Compiled>,
    /// The `spectest` module.
    pub spectest: Result<&'static ModuleDescriptor, String>,
    /// Keeps the code mapped.
    _libraries: Vec<Library>,
}

/// Compiles every module of a script (validated as `version`), links and
/// loads the ones to run.
pub fn build(sources: &[ModuleSource], version: WasmVersion) -> Loaded {
    let objects = parallel_map(sources, |n, src| {
        let wasm = src
            .bytes
            .as_ref()
            .map_err(|e| ModuleFailure::Encode(e.clone()))?;
        compile(wasm, prefix(n), version).map_err(|e| ModuleFailure::Compile(classify(&e), e.to_string()))
    });
    let mut modules: Vec<Compiled> = Vec::with_capacity(sources.len());
    let mut to_link = Vec::new();
    for (n, (src, obj)) in sources.iter().zip(objects).enumerate() {
        modules.push(match obj {
            Err(e) => Compiled::Failed(e),
            Ok(obj) if src.link => {
                to_link.push((n, obj));
                Compiled::Unlinked
            }
            Ok(_) => Compiled::Unlinked,
        });
    }
    let mut libraries = Vec::new();
    let spectest = match spectest_object() {
        Ok(obj) => load_spectest(obj, &mut libraries),
        Err(e) => Err(e),
    };
    if !to_link.is_empty() {
        load_modules(&to_link, &mut modules, &mut libraries);
    }
    Loaded {
        modules,
        spectest,
        _libraries: libraries,
    }
}

/// `f` over `items` on one plain thread per core, results in order.
///
/// Not rayon: the compiler runs each compilation in its own rayon pool, and
/// entering a pool from a worker of another lets the waiting worker steal
/// the next compilation, recursively, until its stack overflows.
fn parallel_map<T: Sync, R: Send>(items: &[T], f: impl Fn(usize, &T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(items.len())
        .max(1);
    let next = AtomicUsize::new(0);
    let results: Vec<Mutex<Option<R>>> = items.iter().map(|_| Mutex::new(None)).collect();
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(item) = items.get(i) else { break };
                let r = f(i, item);
                *results[i].lock().unwrap_or_else(PoisonError::into_inner) = Some(r);
            });
        }
    });
    results
        .into_iter()
        .map(|m| {
            m.into_inner()
                .unwrap_or_else(PoisonError::into_inner)
                .expect("every item was mapped")
        })
        .collect()
}

fn temp_dir() -> Result<tempfile::TempDir, String> {
    tempfile::Builder::new()
        .prefix("spec-tests-")
        .tempdir()
        .map_err(|e| format!("cannot create a temporary directory: {e}"))
}

fn write(dir: &std::path::Path, name: &str, bytes: &[u8]) -> Result<PathBuf, String> {
    let path = dir.join(name);
    std::fs::write(&path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(path)
}

/// Links `objects` into one library in a fresh directory and loads it.
fn link_and_open(objects: &[(String, &[u8])]) -> Result<Library, String> {
    let dir = temp_dir()?;
    let paths = objects
        .iter()
        .map(|(name, bytes)| write(dir.path(), name, bytes))
        .collect::<Result<Vec<_>, _>>()?;
    let so = dir.path().join("lib.so");
    link_shared(&paths, &so)?;
    Library::open(&so)
}

fn load_spectest(
    object: &[u8],
    libraries: &mut Vec<Library>,
) -> Result<&'static ModuleDescriptor, String> {
    let lib = link_and_open(&[("spectest.o".to_string(), object)])?;
    // SAFETY: `lib` is kept in `libraries`, which outlives every instance
    // (see `Loaded`).
    let d = unsafe { lib.descriptor(&format!("{SPECTEST_PREFIX}module")) }?;
    libraries.push(lib);
    Ok(d)
}

/// Links all objects into one library; when that fails, each into its own
/// so that one bad object does not take the others down.
fn load_modules(
    objects: &[(usize, Vec<u8>)],
    modules: &mut [Compiled],
    libraries: &mut Vec<Library>,
) {
    let named: Vec<(String, &[u8])> = objects
        .iter()
        .map(|(n, o)| (format!("m{n}.o"), o.as_slice()))
        .collect();
    let groups: Vec<Vec<usize>> = match link_and_open(&named) {
        Ok(lib) => {
            libraries.push(lib);
            vec![(0..objects.len()).collect()]
        }
        Err(_) if objects.len() > 1 => (0..objects.len()).map(|i| vec![i]).collect(),
        Err(e) => {
            modules[objects[0].0] = Compiled::Failed(ModuleFailure::Load(e));
            return;
        }
    };
    if groups.len() == 1 {
        let lib = libraries.last().expect("just pushed");
        for (n, _) in objects {
            modules[*n] = resolve(lib, *n);
        }
        return;
    }
    for group in groups {
        let i = group[0];
        let n = objects[i].0;
        match link_and_open(&named[i..=i]) {
            Ok(lib) => {
                modules[n] = resolve(&lib, n);
                libraries.push(lib);
            }
            Err(e) => modules[n] = Compiled::Failed(ModuleFailure::Load(e)),
        }
    }
}

fn resolve(lib: &Library, n: usize) -> Compiled {
    // SAFETY: the library is kept alive in `Loaded`, which is dropped after
    // every instance (see `Loaded`).
    match unsafe { lib.descriptor(&format!("{}module", prefix(n))) } {
        Ok(d) => Compiled::Loaded(d),
        Err(e) => Compiled::Failed(ModuleFailure::Load(e)),
    }
}
