//! C names of a library: the `--name` prefix and the export names.

use std::path::Path;

/// Whether `s` is a C identifier: ASCII letters, digits and `_`, not
/// starting with a digit, not empty.
pub fn is_c_identifier(s: &str) -> bool {
    let mut bytes = s.bytes();
    matches!(bytes.next(), Some(b) if b.is_ascii_alphabetic() || b == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// The C spelling of an export name: the name itself when it is a C
/// identifier, else escaped as import names are (letters and digits stand
/// for themselves, every other byte is `_xx` in lowercase hex).
pub fn export_c_name(export: &str) -> String {
    if is_c_identifier(export) {
        return export.to_string();
    }
    let mut out = String::new();
    crate::host_imports::escape(&mut out, export);
    out
}

/// The default `--name`: the input file's stem made an identifier (every
/// byte that cannot be in one becomes `_`; a leading digit gets a `_`
/// before it).
pub fn default_name(input: &Path) -> String {
    let stem = input.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let mut name: String = stem.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
    if !name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
        name.insert(0, '_');
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers() {
        assert!(is_c_identifier("qjs_init_argv"));
        assert!(is_c_identifier("_start"));
        assert!(!is_c_identifier("1x"));
        assert!(!is_c_identifier(""));
        assert!(!is_c_identifier("ruby-init"));
        assert_eq!(export_c_name("qjs_init_argv"), "qjs_init_argv");
        assert_eq!(export_c_name("ruby-init: func()"), "ruby_2dinit_3a_20func_28_29");
        assert_eq!(default_name(Path::new("dir/qjs-wasi-reactor.wasm")), "qjs_wasi_reactor");
        assert_eq!(default_name(Path::new("9lives.wat")), "_9lives");
        assert_eq!(default_name(Path::new("")), "_");
    }
}
