//! libFuzzer entry for the `wat` target (see `wasm2native_fuzz::targets::wat`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = wasm2native_fuzz::wat(data);
});
