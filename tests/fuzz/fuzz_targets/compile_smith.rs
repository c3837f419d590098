//! libFuzzer entry for the `compile_smith` target (see `wasm2native_fuzz::targets::compile_smith`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = wasm2native_fuzz::compile_smith(data);
});
