//! Host imports: non-WASI function imports implemented by the user in C
//! (`--link host.c|host.o|libhost.a`).
//!
//! # The contract
//!
//! * Import `module.field` is the C symbol
//!   `wasm2native_import_<module>__<field>`, where alphanumerics stand for
//!   themselves and every other byte (`_` included) is written `_xx` in
//!   lowercase hex. So `bench.start` is `wasm2native_import_bench__start`
//!   and `env.my_func` is `wasm2native_import_env__my_5ffunc`. The mapping
//!   is injective: a `_` in an escaped name is always followed by two hex
//!   digits, so the `__` separator cannot be confused with it.
//! * The C function takes the calling instance's `vmctx` first, then the
//!   wasm parameters (`i32`→`int32_t`, `i64`→`int64_t`, `f32`→`float`,
//!   `f64`→`double`, references→`void *`).
//! * With no result it returns `void`; with one it returns it; with more it
//!   returns `void` and takes a last argument pointing to a struct whose
//!   fields `r0, r1, ...` receive the results.
//!
//! `wasm2native header app.wasm` prints these declarations.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use object::{Object, ObjectSymbol};
use wasm2native_abi::meta::{FuncType, ValType};

use crate::error::{CompileError, Result};

/// Prefix of every host-import symbol.
pub const SYMBOL_PREFIX: &str = "wasm2native_import_";

/// Appends `s` with every byte but ASCII letters and digits written `_xx`.
pub(crate) fn escape(out: &mut String, s: &str) {
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() {
            out.push(b as char);
        } else {
            out.push_str(&format!("_{b:02x}"));
        }
    }
}

/// The C symbol implementing import `module.field`.
pub fn symbol(module: &str, field: &str) -> String {
    let mut s = String::from(SYMBOL_PREFIX);
    escape(&mut s, module);
    s.push_str("__");
    escape(&mut s, field);
    s
}

/// The C spelling of a wasm value type, when a host function can take it.
pub fn c_type(t: ValType) -> Option<&'static str> {
    Some(match t {
        ValType::I32 => "int32_t",
        ValType::I64 => "int64_t",
        ValType::F32 => "float",
        ValType::F64 => "double",
        ValType::FuncRef | ValType::ExternRef | ValType::ExnRef | ValType::Ref(_) => "void *",
        ValType::V128 => return None,
    })
}

/// Whether a host function of this type returns its results through a
/// struct pointer.
pub fn uses_results_struct(ty: &FuncType) -> bool {
    ty.results.len() > 1
}

/// Byte offsets of the fields `r0, r1, ...` of the results struct (C layout:
/// each field at its natural alignment, in order).
pub fn results_layout(results: &[ValType]) -> Vec<u32> {
    let mut offset = 0u32;
    results
        .iter()
        .map(|t| {
            let size = match t {
                ValType::I32 | ValType::F32 => 4,
                ValType::V128 => 16,
                _ => 8,
            };
            offset = offset.next_multiple_of(size);
            let at = offset;
            offset += size;
            at
        })
        .collect()
}

/// The C declaration (and results struct, if any) of import `module.field`.
pub fn c_declaration(module: &str, field: &str, ty: &FuncType) -> Result<String> {
    let sym = symbol(module, field);
    let unsupported = || {
        CompileError::Unsupported(format!("import {module}::{field} passes a v128, which a C host function cannot take"))
    };
    let mut params = vec!["void *vmctx".to_string()];
    for (i, t) in ty.params.iter().enumerate() {
        params.push(format!("{} p{i}", c_type(*t).ok_or_else(unsupported)?));
    }
    let mut out = format!("/* {module}.{field}: {} */\n", crate::emit::show_type(ty));
    let ret = match ty.results.as_slice() {
        [] => "void".to_string(),
        [one] => c_type(*one).ok_or_else(unsupported)?.to_string(),
        many => {
            out += &format!("struct {sym}_results {{\n");
            for (i, t) in many.iter().enumerate() {
                out += &format!("    {} r{i};\n", c_type(*t).ok_or_else(unsupported)?);
            }
            out += "};\n";
            params.push(format!("struct {sym}_results *results"));
            "void".to_string()
        }
    };
    out += &format!("{ret} {sym}({});\n", params.join(", "));
    Ok(out)
}

/// Turns the `--link` inputs into files for the linker: C sources are
/// compiled (into `scratch`) for `target`; objects and archives pass as
/// they are.
pub fn prepare_inputs(inputs: &[PathBuf], target: &target_lexicon::Triple, scratch: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for input in inputs {
        if !input.is_file() {
            return Err(CompileError::Options(format!("--link {}: no such file", input.display())));
        }
        let ext = input.extension().and_then(|e| e.to_str()).unwrap_or("");
        match ext {
            "c" => {
                let objects = cc::Build::new()
                    .file(input)
                    .target(&target.to_string())
                    .host(&target_lexicon::Triple::host().to_string())
                    .opt_level(2)
                    .cargo_metadata(false)
                    .warnings(false)
                    .out_dir(scratch)
                    .try_compile_intermediates()
                    .map_err(|e| {
                        CompileError::Link(format!(
                            "cannot compile {} for {target}: {e}; install a C compiler for that target, or compile \
                             the file yourself and pass the object (.o) with --link",
                            input.display()
                        ))
                    })?;
                files.extend(objects);
            }
            "o" | "obj" | "a" | "lib" => files.push(input.clone()),
            _ => {
                return Err(CompileError::Options(format!(
                    "--link {}: expected a C source (.c), an object (.o) or an archive (.a)",
                    input.display()
                )))
            }
        }
    }
    Ok(files)
}

/// The global symbols the given objects and archives define.
pub fn defined_symbols(files: &[PathBuf]) -> Result<BTreeSet<String>> {
    let mut symbols = BTreeSet::new();
    for f in files {
        let bytes = std::fs::read(f).map_err(|e| CompileError::io(format!("cannot read {}", f.display()), e))?;
        let bad = |e: object::Error| CompileError::Link(format!("cannot read symbols of {}: {e}", f.display()));
        if let Ok(archive) = object::read::archive::ArchiveFile::parse(&*bytes) {
            for member in archive.members() {
                let member = member.map_err(bad)?;
                let data = member.data(&*bytes).map_err(bad)?;
                collect(object::File::parse(data).map_err(bad)?, &mut symbols);
            }
        } else {
            collect(object::File::parse(&*bytes).map_err(bad)?, &mut symbols);
        }
    }
    Ok(symbols)
}

fn collect(file: object::File<'_>, out: &mut BTreeSet<String>) {
    for sym in file.symbols() {
        if sym.is_definition() && sym.is_global() {
            if let Ok(name) = sym.name() {
                // Mach-O prefixes C names with an underscore.
                out.insert(name.strip_prefix('_').filter(|n| n.starts_with(SYMBOL_PREFIX)).unwrap_or(name).to_string());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mangling_is_readable_and_injective() {
        assert_eq!(symbol("bench", "start"), "wasm2native_import_bench__start");
        assert_eq!(symbol("env", "my_func"), "wasm2native_import_env__my_5ffunc");
        assert_eq!(symbol("a", "b.c"), "wasm2native_import_a__b_2ec");
        assert_eq!(symbol("ü", ""), "wasm2native_import__c3_bc__");
        assert_ne!(symbol("a_", "b"), symbol("a", "_b"));
        assert_ne!(symbol("a__b", "c"), symbol("a", "b__c"));
    }

    #[test]
    fn results_struct_follows_c_layout() {
        use ValType::*;
        assert_eq!(results_layout(&[I32, I64, F32, F64]), vec![0, 8, 16, 24]);
        assert_eq!(results_layout(&[I32, F32]), vec![0, 4]);
    }

    #[test]
    fn declarations() {
        use ValType::*;
        let one = FuncType { params: vec![I32, F64], results: vec![I64] };
        assert!(c_declaration("env", "f", &one).unwrap().contains("int64_t wasm2native_import_env__f(void *vmctx, int32_t p0, double p1);"));
        let two = FuncType { params: vec![], results: vec![I32, F32] };
        let d = c_declaration("env", "g", &two).unwrap();
        assert!(d.contains("struct wasm2native_import_env__g_results {\n    int32_t r0;\n    float r1;\n};"), "{d}");
        assert!(d.contains("void wasm2native_import_env__g(void *vmctx, struct wasm2native_import_env__g_results *results);"));
        let v = FuncType { params: vec![V128], results: vec![] };
        assert!(c_declaration("env", "v", &v).is_err());
    }
}
