//! wasm2native compiler (being written).
