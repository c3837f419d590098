//! libFuzzer entry for the `wasi_shim` target (see `wasm2native_fuzz::targets::wasi_shim`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = wasm2native_fuzz::wasi_shim(data);
});
