//! What the `wasi_shim` target needs around the shim: a fake instance
//! ([`guest`]), a sandbox whose surroundings are checked afterwards
//! ([`sandbox`]), the table of entry points ([`calls`]) and the arguments
//! and memory contents made from the input ([`args`]).

pub mod args;
pub mod calls;
pub mod guest;
pub mod sandbox;
