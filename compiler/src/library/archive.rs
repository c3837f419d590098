//! Static libraries: a GNU/System V `ar` archive of object files with the
//! symbol index linkers need, written here so that no `ar` has to be
//! installed. Deterministic: no timestamps, owners or modes.

use object::{Object, ObjectSymbol};

use crate::error::{CompileError, Result};

/// One member: its name (at most 15 bytes) and its bytes.
pub struct Member {
    /// The name in the archive.
    pub name: String,
    /// An object file.
    pub bytes: Vec<u8>,
}

/// The global symbols member `bytes` defines.
fn defined_symbols(name: &str, bytes: &[u8]) -> Result<Vec<String>> {
    let file = object::File::parse(bytes)
        .map_err(|e| CompileError::Link(format!("cannot read the symbols of {name} for the archive index: {e}")))?;
    let mut out = Vec::new();
    for sym in file.symbols() {
        if sym.is_definition() && sym.is_global() {
            if let Ok(n) = sym.name() {
                if !n.is_empty() {
                    out.push(n.to_string());
                }
            }
        }
    }
    Ok(out)
}

/// A member header: 60 bytes.
fn header(name: &str, size: usize) -> Vec<u8> {
    let h = format!("{name:<16}{:<12}{:<6}{:<6}{:<8}{size:<10}`\n", 0, 0, 0, 644);
    debug_assert_eq!(h.len(), 60);
    h.into_bytes()
}

/// The archive of `members`, with a symbol index of every global symbol
/// they define.
pub fn write(members: &[Member]) -> Result<Vec<u8>> {
    let mut symbols: Vec<(usize, String)> = Vec::new();
    for (i, m) in members.iter().enumerate() {
        if m.name.len() > 15 || m.name.contains('/') {
            return Err(CompileError::Link(format!("archive member name `{}` is too long", m.name)));
        }
        symbols.extend(defined_symbols(&m.name, &m.bytes)?.into_iter().map(|s| (i, s)));
    }
    // The index: count, one offset per symbol, the names; all big-endian.
    let names_len: usize = symbols.iter().map(|(_, s)| s.len() + 1).sum();
    let mut index_len = 4 + 4 * symbols.len() + names_len;
    index_len += index_len % 2;
    let mut offsets = Vec::with_capacity(members.len());
    let mut at = 8 + 60 + index_len;
    for m in members {
        offsets.push(at);
        at += 60 + m.bytes.len() + m.bytes.len() % 2;
    }
    if at > u32::MAX as usize {
        return Err(CompileError::Link("the static library would be larger than 4 GiB".into()));
    }
    let mut out = Vec::with_capacity(at);
    out.extend_from_slice(b"!<arch>\n");
    out.extend(header("/", index_len));
    out.extend((symbols.len() as u32).to_be_bytes());
    for (member, _) in &symbols {
        out.extend((offsets[*member] as u32).to_be_bytes());
    }
    for (_, s) in &symbols {
        out.extend_from_slice(s.as_bytes());
        out.push(0);
    }
    if out.len() % 2 == 1 {
        out.push(0);
    }
    for m in members {
        out.extend(header(&format!("{}/", m.name), m.bytes.len()));
        out.extend_from_slice(&m.bytes);
        if m.bytes.len() % 2 == 1 {
            out.push(b'\n');
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn archives_index_their_symbols() {
        let wasm = wat::parse_str(r#"(module (func (export "f")))"#).unwrap();
        let opts = crate::CompileOptions { library: Some("lib".into()), executable: false, ..Default::default() };
        let object = crate::compile_to_object(&wasm, &opts).unwrap();
        let bytes = write(&[Member { name: "module.o".into(), bytes: object.clone() }, Member { name: "odd.o".into(), bytes: object }])
            .unwrap();
        let archive = object::read::archive::ArchiveFile::parse(&*bytes).unwrap();
        let names: Vec<String> =
            archive.members().map(|m| String::from_utf8(m.unwrap().name().to_vec()).unwrap()).collect();
        assert_eq!(names, ["module.o", "odd.o"]);
        let symbols: Vec<String> =
            archive.symbols().unwrap().unwrap().map(|s| String::from_utf8(s.unwrap().name().to_vec()).unwrap()).collect();
        assert!(symbols.contains(&"lib_instantiate".to_string()), "{symbols:?}");
        assert!(symbols.contains(&"lib_f".to_string()), "{symbols:?}");
    }
}
