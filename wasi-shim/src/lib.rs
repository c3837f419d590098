//! WASI preview 1 (being written).
