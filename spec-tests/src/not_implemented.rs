//! What of the WebAssembly 3.0 suite (`../shared/corpora/wasm-testsuite`)
//! wasm2native does not implement yet, file by file or command by command,
//! each with the reason. The suite's test (`tests/spec.rs`) requires every
//! other command to pass, and every entry here to still fail (so the list
//! shrinks as features land instead of hiding a fixed file).

/// Part of the suite that is expected to fail.
pub struct Excluded {
    /// The file as the report names it (relative to the suite), or a
    /// folder ending in `/`.
    pub path: &'static str,
    /// The failing commands' lines; `None`: the whole file (or folder).
    pub lines: Option<&'static [usize]>,
    /// Why.
    pub reason: &'static str,
}

/// The parts of the 3.0 suite that need a proposal not implemented yet.
pub const EXCLUDED: &[Excluded] = &[
    Excluded {
        path: "proposals/custom-descriptors/",
        lines: None,
        // wasmtime 49 does not run it either: `wasmtime wast` refuses its
        // first module ("custom descriptors required for exact reference
        // types"), and no `-W` option enables the proposal.
        reason: "custom descriptors: a post-3.0 proposal on top of GC, which wasmtime 49 does not implement",
    },
];

/// The exclusion covering command `line` of file `path`, if any.
pub fn excluded(path: &str, line: usize) -> Option<&'static Excluded> {
    EXCLUDED.iter().find(|e| {
        let file = if e.path.ends_with('/') { path.starts_with(e.path) } else { path == e.path };
        file && e.lines.is_none_or(|lines| lines.contains(&line))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups() {
        assert!(excluded("array.wast", 7).is_none());
        assert!(excluded("proposals/custom-descriptors/exact.wast", 7).is_some());
        assert!(excluded("proposals/threads/atomic.wast", 1).is_none());
        assert!(excluded("table_init.wast", 2272).is_none());
        assert!(excluded("table_init.wast", 10).is_none());
        assert!(excluded("i32.wast", 1).is_none());
    }
}
