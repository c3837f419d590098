//! Builds the runtime library (`runtime-lib`, a staticlib) for the host so
//! the compiler can carry it inside its own binary: an installed
//! `wasm2native` links executables without the source tree.

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    let manifest_dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let workspace = manifest_dir.parent().unwrap().to_path_buf();
    for dir in ["runtime-lib/src", "runtime-lib/abi/src", "wasi-shim/src"] {
        println!("cargo:rerun-if-changed={}", workspace.join(dir).display());
    }
    for file in ["runtime-lib/Cargo.toml", "runtime-lib/abi/Cargo.toml", "wasi-shim/Cargo.toml", "Cargo.lock"] {
        println!("cargo:rerun-if-changed={}", workspace.join(file).display());
    }
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    let target = std::env::var("TARGET").unwrap();
    // Packagers (and compiler work while the runtime does not build) may
    // supply a prebuilt runtime library.
    println!("cargo:rerun-if-env-changed=WASM2NATIVE_RUNTIME_LIB");
    let lib = match std::env::var_os("WASM2NATIVE_RUNTIME_LIB") {
        Some(p) => PathBuf::from(p),
        None => build_runtime(&workspace, &out_dir, &target),
    };
    let dest = out_dir.join("libwasm2native_runtime.a");
    std::fs::copy(&lib, &dest).unwrap_or_else(|e| panic!("copy {} to {}: {e}", lib.display(), dest.display()));
    println!("cargo:rustc-env=WASM2NATIVE_HOST_RUNTIME={}", dest.display());
    println!("cargo:rustc-env=WASM2NATIVE_HOST_TRIPLE={target}");
}

/// Runs a nested `cargo build` of the runtime in its own target directory
/// (the outer build holds the lock on the main one).
fn build_runtime(workspace: &Path, out_dir: &Path, target: &str) -> PathBuf {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let target_dir = out_dir.join("runtime-target");
    let mut cmd = Command::new(cargo);
    cmd.current_dir(workspace)
        .args(["build", "--release", "-p", "wasm2native-runtime", "--lib", "--target", target])
        .arg("--target-dir")
        .arg(&target_dir);
    if Path::new(&workspace.join("Cargo.lock")).exists() {
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
    let status = cmd.status().expect("run cargo to build the runtime library");
    assert!(status.success(), "building the runtime library (runtime-lib) failed");
    target_dir.join(target).join("release").join("libwasm2native_runtime.a")
}
