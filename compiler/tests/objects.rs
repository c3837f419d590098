//! Objects for every target (`--emit obj`), read back with the `object`
//! crate: format, machine, symbol naming (a leading underscore on Mach-O),
//! relocations, and the same module metadata whatever the format.

use std::process::Command;

use object::{Architecture, BinaryFormat, Object, ObjectSection, ObjectSymbol, SymbolKind};

const MODULE: &str = r#"(module
  (import "wasi_snapshot_preview1" "fd_write" (func $w (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 8) "hi\n")
  (global $g (mut i32) (i32.const 7))
  (table 2 funcref) (elem (i32.const 0) $helper)
  (func $helper (result i32) (global.get $g))
  (func (export "_start")
    (i32.store (i32.const 0) (i32.const 8))
    (i32.store (i32.const 4) (i32.const 3))
    (drop (call $w (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 12)))
    (drop (call_indirect (result i32) (i32.const 0)))))"#;

struct Expect {
    triple: &'static str,
    format: BinaryFormat,
    arch: Architecture,
}

const TARGETS: &[Expect] = &[
    Expect { triple: "x86_64-unknown-linux-gnu", format: BinaryFormat::Elf, arch: Architecture::X86_64 },
    Expect { triple: "aarch64-unknown-linux-musl", format: BinaryFormat::Elf, arch: Architecture::Aarch64 },
    Expect { triple: "x86_64-apple-darwin", format: BinaryFormat::MachO, arch: Architecture::X86_64 },
    Expect { triple: "aarch64-apple-darwin", format: BinaryFormat::MachO, arch: Architecture::Aarch64 },
    Expect { triple: "x86_64-pc-windows-msvc", format: BinaryFormat::Coff, arch: Architecture::X86_64 },
    Expect { triple: "aarch64-pc-windows-msvc", format: BinaryFormat::Coff, arch: Architecture::Aarch64 },
];

/// The bytes of the data symbol `name`.
fn symbol_bytes<'a>(file: &'a object::File<'a>, name: &str) -> Vec<u8> {
    let sym = file.symbols().find(|s| s.name() == Ok(name)).unwrap_or_else(|| panic!("no symbol {name}"));
    let section = file.section_by_index(sym.section_index().unwrap()).unwrap();
    let data = section.data().unwrap();
    let start = (sym.address() - section.address()) as usize;
    // Mach-O and COFF symbols carry no size: the metadata runs to the end
    // of its section or the next symbol; compare a prefix long enough to
    // hold the encoded metadata of this module.
    let len = if sym.size() > 0 { sym.size() as usize } else { 64 };
    data[start..start + len].to_vec()
}

#[test]
fn objects_for_every_format_read_back() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("m.wat");
    std::fs::write(&input, MODULE).unwrap();
    let mut metas = Vec::new();
    for t in TARGETS {
        let out = tmp.path().join(format!("{}.o", t.triple));
        let status = Command::new(env!("CARGO_BIN_EXE_wasm2native"))
            .args(["compile", "--emit", "obj", "--target", t.triple, "-o"])
            .arg(&out)
            .arg(&input)
            .status()
            .unwrap();
        assert!(status.success(), "{}", t.triple);
        let bytes = std::fs::read(&out).unwrap();
        let file = object::File::parse(&*bytes).unwrap();
        assert_eq!(file.format(), t.format, "{}", t.triple);
        assert_eq!(file.architecture(), t.arch, "{}", t.triple);
        let us = if t.format == BinaryFormat::MachO { "_" } else { "" };
        let global = |name: &str| {
            file.symbols().any(|s| s.name() == Ok(&format!("{us}{name}")) && s.is_global() && s.is_definition())
        };
        assert!(global("wasm2native_module"), "{}: descriptor symbol", t.triple);
        assert!(global("main"), "{}: main", t.triple);
        let undefined = |name: &str| file.symbols().any(|s| s.name() == Ok(&format!("{us}{name}")) && s.is_undefined());
        assert!(undefined("wasm2native_wasi_fd_write"), "{}: WASI import", t.triple);
        assert!(undefined("wasm2native_main"), "{}: runtime entry", t.triple);
        let text = file.sections().find(|s| s.kind() == object::SectionKind::Text).unwrap();
        assert!(text.relocations().count() >= 3, "{}: code relocations", t.triple);
        let funcs = file.symbols().filter(|s| s.kind() == SymbolKind::Text).count();
        assert!(funcs >= 5, "{}: functions, trampolines, adapter and main", t.triple);
        // The descriptor is relocated data pointing at the metadata and
        // function tables.
        let desc = file.symbols().find(|s| s.name() == Ok(&format!("{us}wasm2native_module"))).unwrap();
        let section = file.section_by_index(desc.section_index().unwrap()).unwrap();
        assert!(section.relocations().count() >= 4, "{}: descriptor relocations", t.triple);
        metas.push(symbol_bytes(&file, &format!("{us}meta")));
    }
    for (m, t) in metas.iter().zip(TARGETS) {
        assert_eq!(m[..64], metas[0][..64], "{}: metadata differs from {}", t.triple, TARGETS[0].triple);
    }
}
