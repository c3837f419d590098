//! The sightglass SIMD programs (blake3-simd, hex-simd, intgemm-simd) are
//! real SIMD code; they import the non-WASI `bench.start`/`bench.end`, so
//! until host imports can be linked they are compiled to objects (where
//! such imports are left for the embedder) for both architectures.

use std::process::Command;
use std::time::Duration;

use wasm2native_tests::corpora::corpus;
use wasm2native_tests::process::{run, Status};
use wasm2native_tests::wasm2native_bin;

#[test]
fn simd_programs_compile_for_x86_64_and_aarch64() {
    let Some(dir) = corpus("sightglass") else { return };
    let tmp = tempfile::tempdir().unwrap();
    for bench in ["blake3-simd", "hex-simd", "intgemm-simd"] {
        for target in ["x86_64-unknown-linux-gnu", "aarch64-unknown-linux-gnu"] {
            let obj = tmp.path().join(format!("{bench}-{target}.o"));
            let out = run(
                Command::new(wasm2native_bin())
                    .args(["compile", "--emit", "obj", "--target", target, "-o"])
                    .arg(&obj)
                    .arg(dir.join(bench).join("benchmark.wasm")),
                Duration::from_secs(600),
            )
            .unwrap();
            assert_eq!(out.status, Status::Exited(0), "{bench} for {target}: {}", out.stderr_text());
            let bytes = std::fs::read(&obj).unwrap();
            assert!(bytes.starts_with(b"\x7fELF") && bytes.len() > 4096, "{bench}: not an ELF object");
            // e_machine: 62 = x86-64, 183 = AArch64.
            let machine = u16::from_le_bytes([bytes[18], bytes[19]]);
            assert_eq!(machine, if target.starts_with("x86_64") { 62 } else { 183 }, "{bench} for {target}");
        }
    }
}
