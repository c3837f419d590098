//! Native debug info (`-g`): the module's DWARF, which describes wasm code
//! (its addresses are wasm code offsets), rewritten to describe the native
//! code compiled from it, so that `gdb` breaks on a C function by name,
//! steps through source lines and shows backtraces with file:line, and
//! `perf` attributes samples to source functions.
//!
//! What is carried over: the compile units (name, directory, language,
//! producer), their source files and line tables, and one subprogram per
//! compiled function (name, linkage name, declaration, native range). Each
//! native instruction Cranelift emits is tagged with the wasm offset of the
//! instruction it came from ([`crate::codegen::SourceRange`]); each stretch
//! of native code gets the file and line of the wasm line row covering that
//! offset. What is not carried over: variables, types, scopes and inlined
//! calls. Their locations are wasm locals and operand-stack slots, which
//! have no fixed native home after register allocation, so `print x` says
//! there is no such symbol, as in code built without `-g`.
//!
//! Unwinding through the generated code needs no tables: every function
//! keeps a frame pointer (the runtime's own backtraces rely on it), which
//! debuggers follow.

mod native;
mod source;

pub use native::FunctionCode;

use object::write::{Object, Relocation, SymbolId};
use object::{RelocationEncoding, RelocationFlags, RelocationKind, SectionKind};

use crate::error::{CompileError, Result};
use crate::module_info::ModuleInfo;

/// The module's DWARF translated for its compiled functions (`funcs[n]`
/// is defined function `n`): the native DWARF [`emit`] adds to the object,
/// and the line rows of the trap reports.
pub struct Prepared {
    dwarf: Option<gimli::write::Dwarf>,
    /// The source files `rows` name.
    pub files: Vec<String>,
    /// Per defined function, its rows as [`wasm2native_abi::meta::SourceLines`]
    /// stores them (empty for all without DWARF).
    pub rows: Vec<Vec<u8>>,
}

/// Reads and translates the module's DWARF. A module without any gives
/// nothing to add.
pub fn prepare(info: &ModuleInfo<'_>, funcs: &[FunctionCode<'_>]) -> Result<Prepared> {
    let units = source::read(&info.debug_sections)?;
    Ok(match native::build(&units, funcs) {
        Some(t) => Prepared {
            dwarf: Some(t.dwarf),
            files: t.files,
            rows: t.rows.iter().map(|r| wasm2native_abi::meta::SourceLines::encode(r)).collect(),
        },
        None => Prepared { dwarf: None, files: Vec::new(), rows: Vec::new() },
    })
}

/// Adds the native DWARF to `object`, where defined function `n`'s code
/// is `symbols[n]`.
pub fn emit(object: &mut Object<'_>, prepared: Prepared, symbols: &[SymbolId]) -> Result<()> {
    let Some(dwarf) = prepared.dwarf else { return Ok(()) };
    let sections = native::write(dwarf)?;
    let obj_err = |e: object::write::Error| CompileError::Object(e.to_string());
    let ids: Vec<_> = sections
        .iter()
        .map(|(id, w)| {
            let section = object.add_section(Vec::new(), id.name().as_bytes().to_vec(), SectionKind::Debug);
            object.set_section_data(section, w.bytes().to_vec(), 1);
            (*id, section)
        })
        .collect();
    for ((_, w), (_, section)) in sections.iter().zip(&ids) {
        for r in &w.relocs {
            let symbol = match r.target {
                native::RelocTarget::Function(f) => symbols[f],
                native::RelocTarget::Section(target) => {
                    let (_, target) = ids.iter().find(|(id, _)| *id == target).ok_or_else(|| {
                        CompileError::Object(format!("debug info refers to the empty section {}", target.name()))
                    })?;
                    object.section_symbol(*target)
                }
            };
            let flags = RelocationFlags::Generic {
                kind: RelocationKind::Absolute,
                encoding: RelocationEncoding::Generic,
                size: r.size * 8,
            };
            object.add_relocation(*section, Relocation { offset: r.offset, symbol, addend: r.addend, flags }).map_err(obj_err)?;
        }
    }
    Ok(())
}

/// Function `index`'s body in wasm code addresses (offsets from the code
/// section's start, as the module's DWARF counts).
pub fn body_range(info: &ModuleInfo<'_>, defined: usize) -> std::ops::Range<u64> {
    let r = info.bodies[defined].body.range();
    (r.start as u64 - info.code_section_start)..(r.end as u64 - info.code_section_start)
}

#[cfg(test)]
mod tests {
    use crate::{CompileError, CompileOptions};

    /// A module with `sections` as custom sections after its code.
    fn module_with(sections: &[(&str, &[u8])]) -> Vec<u8> {
        let mut wasm = wat::parse_str(r#"(module (func (export "_start")))"#).unwrap();
        for (name, data) in sections {
            let mut payload = vec![name.len() as u8];
            payload.extend_from_slice(name.as_bytes());
            payload.extend_from_slice(data);
            wasm.push(0);
            let mut size = payload.len();
            loop {
                let byte = (size & 0x7f) as u8;
                size >>= 7;
                wasm.push(if size == 0 { byte } else { byte | 0x80 });
                if size == 0 {
                    break;
                }
            }
            wasm.extend_from_slice(&payload);
        }
        wasm
    }

    #[test]
    fn malformed_dwarf_is_an_error_not_a_crash() {
        let opts = CompileOptions { debug_info: true, ..CompileOptions::default() };
        assert!(crate::compile_to_object(&module_with(&[]), &opts).is_ok(), "no DWARF: symbols only");
        let garbage: &[u8] = &[0xff, 0xff, 0xff, 0xff, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08];
        for sections in [
            vec![(".debug_info", garbage)],
            vec![(".debug_info", &[0x20, 0, 0, 0, 4, 0, 0, 0, 0, 0, 4][..]), (".debug_abbrev", garbage)],
            vec![(".debug_line", garbage)],
        ] {
            match crate::compile_to_object(&module_with(&sections), &opts) {
                Ok(_) | Err(CompileError::DebugInfo { .. }) => {}
                Err(e) => panic!("unexpected error for {sections:?}: {e}"),
            }
        }
        let truncated = crate::compile_to_object(&module_with(&[(".debug_info", &[0x40, 0, 0, 0, 4, 0])]), &opts);
        assert!(matches!(truncated, Err(CompileError::DebugInfo { .. })), "{truncated:?}");
    }
}
