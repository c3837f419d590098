//! Builds the runtime library (`runtime-lib`, a staticlib) for the host and
//! for every other supported Linux target whose Rust standard library is
//! installed (`rustup target add ...`), so the compiler carries them inside
//! its own binary: an installed `wasm2native` links executables for those
//! targets without the source tree.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Targets whose executables wasm2native links (keep in sync with
/// `src/targets.rs`).
const LINUX_TARGETS: &[&str] = &[
    "x86_64-unknown-linux-gnu",
    "x86_64-unknown-linux-musl",
    "aarch64-unknown-linux-gnu",
    "aarch64-unknown-linux-musl",
];

fn main() {
    let manifest_dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let workspace = manifest_dir.parent().unwrap().to_path_buf();
    for dir in ["runtime-lib/src", "runtime-lib/abi/src", "wasi-shim/src"] {
        println!("cargo:rerun-if-changed={}", workspace.join(dir).display());
    }
    for file in ["runtime-lib/Cargo.toml", "runtime-lib/abi/Cargo.toml", "wasi-shim/Cargo.toml", "Cargo.lock"] {
        println!("cargo:rerun-if-changed={}", workspace.join(file).display());
    }
    println!("cargo:rerun-if-env-changed=WASM2NATIVE_RUNTIME_LIB");
    println!("cargo:rerun-if-env-changed=WASM2NATIVE_RUNTIME_TARGETS");
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    let host = std::env::var("TARGET").unwrap();
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let sysroot = rustc_print(&rustc, &["--print", "sysroot"]).unwrap_or_default();

    // Packagers (and compiler work while the runtime does not build) may
    // supply a prebuilt host runtime library; then no other is built.
    let libs: Vec<(String, PathBuf)> = match std::env::var_os("WASM2NATIVE_RUNTIME_LIB") {
        Some(p) => vec![(host.clone(), PathBuf::from(p))],
        None => {
            let mut targets = vec![host.clone()];
            for t in wanted_targets() {
                if t != host && LINUX_TARGETS.contains(&t.as_str()) && std_installed(&rustc, &t) {
                    targets.push(t);
                } else if t != host {
                    println!("cargo:warning=no runtime for {t}: its Rust standard library is not installed (rustup target add {t})");
                }
            }
            build_runtimes(&workspace, &out_dir, &targets)
        }
    };
    let mut table = String::from("/// Runtime libraries embedded at build time: (target, bytes).\npub static RUNTIMES: &[(&str, &[u8])] = &[\n");
    for (target, lib) in &libs {
        let dest = out_dir.join(format!("libwasm2native_runtime-{target}.a"));
        std::fs::copy(lib, &dest).unwrap_or_else(|e| panic!("copy {} to {}: {e}", lib.display(), dest.display()));
        writeln!(table, "    ({target:?}, include_bytes!({:?})),", dest.display().to_string()).unwrap();
    }
    table += "];\n";
    std::fs::write(out_dir.join("runtimes.rs"), table).unwrap();
    println!("cargo:rustc-env=WASM2NATIVE_HOST_TRIPLE={host}");
    println!("cargo:rustc-env=WASM2NATIVE_BUILD_SYSROOT={sysroot}");
}

/// The targets to build runtimes for: `$WASM2NATIVE_RUNTIME_TARGETS`
/// (comma-separated, `none` for the host only) or every supported one.
fn wanted_targets() -> Vec<String> {
    match std::env::var("WASM2NATIVE_RUNTIME_TARGETS") {
        Ok(v) if v == "none" => Vec::new(),
        Ok(v) => v.split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect(),
        Err(_) => LINUX_TARGETS.iter().map(|s| s.to_string()).collect(),
    }
}

fn rustc_print(rustc: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(rustc).args(args).output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// Whether rustup installed the standard library for `target`.
fn std_installed(rustc: &str, target: &str) -> bool {
    let Some(dir) = rustc_print(rustc, &["--print", "target-libdir", "--target", target]) else { return false };
    std::fs::read_dir(dir)
        .map(|entries| entries.flatten().any(|e| e.file_name().to_string_lossy().starts_with("libstd-")))
        .unwrap_or(false)
}

/// Runs one nested `cargo build` of the runtime for all `targets` in its own
/// target directory (the outer build holds the lock on the main one).
fn build_runtimes(workspace: &Path, out_dir: &Path, targets: &[String]) -> Vec<(String, PathBuf)> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let target_dir = out_dir.join("runtime-target");
    let mut cmd = Command::new(cargo);
    cmd.current_dir(workspace).args(["build", "--release", "-p", "wasm2native-runtime", "--lib"]);
    for t in targets {
        cmd.args(["--target", t]);
    }
    cmd.arg("--target-dir").arg(&target_dir);
    if workspace.join("Cargo.lock").exists() {
        cmd.arg("--locked");
    }
    // Settings meant for the outer build must not leak into the nested one.
    for (key, _) in std::env::vars() {
        if key.starts_with("CARGO_FEATURE_")
            || key.starts_with("CARGO_CFG_")
            || key == "RUSTFLAGS"
            || key == "CARGO_ENCODED_RUSTFLAGS"
            || key == "CARGO_TARGET_DIR"
            || key == "CARGO_BUILD_TARGET"
            || key == "RUSTC_WRAPPER"
            || key == "RUSTC_WORKSPACE_WRAPPER"
            || key == "CARGO_MAKEFLAGS"
            || key == "MAKEFLAGS"
            || key == "MFLAGS"
        {
            cmd.env_remove(key);
        }
    }
    // The TLS code (ring) has C and assembly: a musl target, for which
    // Debian has no cross compiler, is built with its architecture's GNU
    // one (ring needs nothing of the C library's ABI), unless told.
    for t in targets.iter().filter(|t| t.ends_with("-musl")) {
        let var = t.replace('-', "_");
        let gnu = t.replace("-unknown-linux-musl", "-linux-gnu");
        let native = t.starts_with(std::env::consts::ARCH);
        for (tool, gnu_tool) in [("CC", if native { "gcc".to_string() } else { format!("{gnu}-gcc") }), ("AR", if native { "ar".to_string() } else { format!("{gnu}-ar") })] {
            if std::env::var_os(format!("{tool}_{var}")).is_none() {
                cmd.env(format!("{tool}_{var}"), gnu_tool);
            }
        }
    }
    let status = cmd.status().expect("run cargo to build the runtime library");
    assert!(status.success(), "building the runtime library (runtime-lib) for {targets:?} failed");
    targets
        .iter()
        .map(|t| (t.clone(), target_dir.join(t).join("release").join("libwasm2native_runtime.a")))
        .collect()
}
