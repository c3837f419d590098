//! The wasm2native runtime (being written).
