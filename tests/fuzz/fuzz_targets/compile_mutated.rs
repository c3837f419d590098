//! libFuzzer entry for the `compile_mutated` target (see `wasm2native_fuzz::targets::compile_mutated`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = wasm2native_fuzz::compile_mutated(data);
});
