//! Components (WASI 0.2 and 0.3) are recognized and resolved: until the
//! canonical ABI and the component host interfaces exist, `compile`
//! refuses them at compile time, cleanly, listing what each needs from its
//! host by WIT name and what it exports. Real components: our own
//! `wasm32-wasip2` command (`tests/components/`, rebuilt by its
//! `build.sh`), the 55 components of the official WASI 0.3 test suite and
//! sightglass's two components.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use wasm2native_tests::corpora::corpus;
use wasm2native_tests::process::{run, Status};
use wasm2native_tests::{package_dir, wasm2native_bin};

const TIMEOUT: Duration = Duration::from_secs(120);

/// `wasm2native compile` on a component: its stderr, after checking that
/// it failed as a compile error (status 1), not a panic or a crash.
fn refused(wasm: &Path) -> String {
    let tmp = tempfile::tempdir().unwrap();
    let out = run(
        Command::new(wasm2native_bin()).arg("compile").arg(wasm).arg("-o").arg(tmp.path().join("exe")),
        TIMEOUT,
    )
    .unwrap();
    let stderr = out.stderr_text();
    assert_eq!(out.status, Status::Exited(1), "{}: {stderr}", wasm.display());
    assert!(stderr.contains("is a WebAssembly component"), "{}: {stderr}", wasm.display());
    assert!(!stderr.contains("internal compiler error") && !stderr.contains("panicked"), "{stderr}");
    stderr
}

#[test]
fn a_wasip2_command_is_refused_with_what_it_needs_and_exports() {
    let stderr = refused(&package_dir().join("components/wasm/hello.wasm"));
    for needed in [
        "wasi:cli/environment@0.2",
        "get-arguments",
        "get-environment",
        "wasi:io/streams@0.2",
        "[method]output-stream.write",
        "wasi:cli/exit@0.2",
        "[resource-drop]output-stream",
    ] {
        assert!(stderr.contains(needed), "`{needed}` missing from:\n{stderr}");
    }
    assert!(stderr.contains("It exports:\n  wasi:cli/run@0.2.0: run"), "{stderr}");
}

#[test]
fn the_wasi_0_3_suite_components_resolve() {
    let Some(dir) = corpus("wasi-testsuite-0.3") else { return };
    let dir = dir.join("tests/rust/testsuite/wasm32-wasip3");
    let mut components: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "wasm"))
        .collect();
    components.sort();
    assert!(components.len() >= 50, "only {} components in {}", components.len(), dir.display());
    for c in &components {
        let stderr = refused(c);
        // Every one is a 0.3 command or service using the async ABI.
        assert!(stderr.contains("@0.3.0"), "{}: {stderr}", c.display());
        assert!(stderr.contains("It exports:"), "{}: {stderr}", c.display());
    }
}

#[test]
fn the_sightglass_components_resolve() {
    let Some(dir) = corpus("sightglass") else { return };
    for name in ["cm-online-stats", "kotlin-richards"] {
        let stderr = refused(&dir.join(name).join(format!("{name}.wasm")));
        assert!(stderr.contains("It exports:"), "{name}: {stderr}");
    }
}

#[test]
fn text_components_are_components_too() {
    let tmp = tempfile::tempdir().unwrap();
    let wat = tmp.path().join("c.wat");
    std::fs::write(
        &wat,
        r#"(component
             (import "wasi:random/random@0.2.6" (instance $r (export "get-random-u64" (func (result u64)))))
             (alias export $r "get-random-u64" (func $f))
             (core func $g (canon lower (func $f)))
             (core module $m (import "r" "u64" (func (result i64))))
             (core instance $args (export "u64" (func $g)))
             (core instance (instantiate $m (with "r" (instance $args)))))"#,
    )
    .unwrap();
    let stderr = refused(&wat);
    assert!(stderr.contains("wasi:random/random@0.2.6: get-random-u64"), "{stderr}");
    assert!(!stderr.contains("It exports"), "{stderr}");
}
