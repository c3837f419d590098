//! External tools the tests need (cross compilers, qemu, python): found on
//! the `PATH`, or the calling test skips loudly, except under `CI=true`,
//! where a missing tool is a failure.

/// Whether `tool` is on the `PATH`; when it is not, prints why the calling
/// test skips (`install` says how to get it), or panics under `CI=true`.
pub fn require(tool: &str, install: &str) -> bool {
    let found = std::env::var_os("PATH").is_some_and(|p| std::env::split_paths(&p).any(|d| d.join(tool).is_file()));
    if !found {
        skip(&format!("`{tool}` is not installed ({install})"));
    }
    found
}

/// Prints why the calling test skips (`msg`: what is missing and how to
/// get it), or panics with it under `CI=true`.
pub fn skip(msg: &str) {
    assert!(std::env::var("CI").map_or(true, |v| v != "true"), "{msg}; under CI=true this is a failure");
    eprintln!("\n********** SKIPPED: {msg} **********\n");
}
