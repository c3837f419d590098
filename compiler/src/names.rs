//! Function names from the module's name section, made fit for people and
//! tools: demangled for trap backtraces, and turned into object-file
//! symbols so that `perf`, `gdb` and `nm` show wasm function names.
//!
//! Demangling happens here, at compile time, so the runtime linked into
//! every executable carries no demangler: the report tables hold the
//! readable names already (or the raw ones with `--no-demangle`).

use std::borrow::Cow;

use crate::module_info::ModuleInfo;

/// `name` demangled when it is a Rust (legacy or v0) or C++ (Itanium)
/// symbol; any other name unchanged.
pub fn demangle(name: &str) -> Cow<'_, str> {
    if let Ok(rust) = rustc_demangle::try_demangle(name) {
        // The alternate form leaves out legacy symbols' `::h0123...` hash
        // and v0 symbols' crate disambiguators, as wasmtime's reports do.
        return Cow::Owned(format!("{rust:#}"));
    }
    if name.starts_with("_Z") {
        if let Ok(symbol) = cpp_demangle::Symbol::new(name) {
            if let Ok(cpp) = symbol.demangle() {
                return Cow::Owned(cpp);
            }
        }
    }
    Cow::Borrowed(name)
}

/// The names a module's trap reports show: one per named function, in the
/// name section's order (sorted by index), demangled unless `raw`.
pub fn report_names<'a>(info: &ModuleInfo<'a>, raw: bool) -> Vec<(u32, Cow<'a, str>)> {
    info.func_names.iter().map(|&(i, name)| (i, if raw { Cow::Borrowed(name) } else { demangle(name) })).collect()
}

/// The object-file symbol of defined function `index`: its name-section
/// name as it is (mangled names stay mangled: `perf` and `gdb` demangle
/// them themselves), or `None` when it has none that a symbol table can
/// hold. Symbols need not be unique: they are local, and only people read
/// them.
pub fn symbol_name<'a>(info: &ModuleInfo<'a>, index: u32) -> Option<&'a str> {
    info.func_name(index).filter(|name| !name.is_empty() && !name.contains('\0'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demangles_rust_legacy_and_v0_and_cpp() {
        assert_eq!(demangle("_ZN5panic4main17h4cdfaefe56da6b23E"), "panic::main");
        assert_eq!(
            demangle("_ZN3std2rt10lang_start28_$u7b$$u7b$closure$u7d$$u7d$17h6b28a3f0ac772e10E"),
            "std::rt::lang_start::{{closure}}"
        );
        assert_eq!(demangle("_RNvNtCs1234_3std9panicking11begin_panic"), "std::panicking::begin_panic");
        assert_eq!(demangle("_ZN4geom4areaERKNS_5ShapeE"), "geom::area(geom::Shape const&)");
        assert_eq!(demangle("_Z3fibi"), "fib(int)");
    }

    #[test]
    fn leaves_other_names_alone() {
        for name in ["main", "__main_void", "_start", "_Z", "_Z9tooshort", "$func12", "_R"] {
            assert_eq!(demangle(name), name);
        }
    }

    #[test]
    fn symbols_skip_unusable_names() {
        let wasm = wat::parse_str(
            r#"(module (func $fib) (func) (func (export "x")))"#,
        )
        .unwrap();
        let mut info = crate::module_info::parse(&wasm, Default::default()).unwrap();
        assert_eq!(symbol_name(&info, 0), Some("fib"));
        assert_eq!(symbol_name(&info, 1), None);
        info.func_names.push((2, "a\0b"));
        assert_eq!(symbol_name(&info, 2), None);
        assert_eq!(report_names(&info, false), report_names(&info, true));
    }
}
