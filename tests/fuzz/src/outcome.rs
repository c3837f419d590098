//! What one input did, when it did not fail.

/// The result of running a target on one input that did not fail.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// A valid module compiled to an object.
    Compiled,
    /// An invalid input (module or text) was refused with a clean error.
    Rejected,
    /// A valid module uses something the compiler does not implement yet
    /// (GC, shared memories) and was refused as unsupported.
    Unsupported,
    /// The bytes could not be turned into a test case (e.g. wasm-smith
    /// found them unusable).
    Skipped,
    /// The WASI shim target made `calls` calls: `errno` of them returned
    /// an error number and `ended` would have ended the program (a guest
    /// error wasmtime also ends the program for), the others succeeded.
    Wasi {
        /// Calls made.
        calls: u32,
        /// Calls that returned a nonzero errno.
        errno: u32,
        /// Calls that would have ended the program.
        ended: u32,
    },
}
