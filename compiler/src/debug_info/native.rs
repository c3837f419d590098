//! Writing DWARF for the native code: one compile unit per source unit
//! that has compiled functions, with its line table rebuilt over native
//! addresses and one subprogram per function. Addresses are symbolic
//! (function `n`'s symbol plus an offset) and cross-section offsets are
//! recorded too: both become relocations in the object, since the linker
//! places the code and concatenates the sections of every object.

use std::collections::HashMap;
use std::ops::Range;

use gimli::write::{
    Address, AttributeValue, DirectoryId, EndianVec, FileId, LineProgram, LineString, RangeList, Sections, Unit,
    UnitEntryId, Writer,
};
use gimli::{Encoding, Format, LineEncoding, LittleEndian, SectionId};

use super::source::{Scope, SourceFile, SourceUnit, Subprogram};
use crate::codegen::SourceRange;
use crate::error::{CompileError, Result};

/// What the DWARF of one compiled function is made from.
pub struct FunctionCode<'a> {
    /// The function's body in wasm code addresses.
    pub body: Range<u64>,
    /// Its code's length in bytes.
    pub len: u64,
    /// Which wasm instruction each stretch of its code comes from.
    pub source_map: &'a [SourceRange],
}

/// DWARF 4, which every debugger and profiler reads, with 64-bit
/// addresses.
const ENCODING: Encoding = Encoding { format: Format::Dwarf32, version: 4, address_size: 8 };

/// What the module's DWARF becomes.
pub struct Translation {
    /// The native DWARF.
    pub dwarf: gimli::write::Dwarf,
    /// The source files trap reports name, as `rows` number them.
    pub files: Vec<String>,
    /// Per compiled function, its line rows `[native offset, file, line,
    /// column]` in code order (none for a function without source).
    pub rows: Vec<Vec<[u32; 4]>>,
}

/// The native DWARF and line rows of `funcs` (function `n`'s code starts
/// at symbol `n`) described by `units`; `None` when no function has source
/// information.
pub fn build(units: &[SourceUnit], funcs: &[FunctionCode<'_>]) -> Option<Translation> {
    let mut order: Vec<usize> = (0..funcs.len()).collect();
    order.sort_by_key(|&f| funcs[f].body.start);
    let containing = |address: u64| {
        let i = order.partition_point(|&f| funcs[f].body.start <= address).checked_sub(1)?;
        let f = order[i];
        funcs[f].body.contains(&address).then_some(f)
    };
    let mut claimed = vec![false; funcs.len()];
    let mut out = Translation { dwarf: gimli::write::Dwarf::default(), files: Vec::new(), rows: vec![Vec::new(); funcs.len()] };
    let mut report_files = HashMap::new();
    for unit in units {
        let mut mine: Vec<(usize, &Subprogram)> = Vec::new();
        for sub in &unit.subprograms {
            if let Some(f) = containing(sub.low_pc) {
                if !std::mem::replace(&mut claimed[f], true) {
                    mine.push((f, sub));
                }
            }
        }
        if mine.is_empty() {
            continue;
        }
        mine.sort_by_key(|&(f, _)| f);
        let rows: Vec<Vec<NativeRow>> = mine.iter().map(|&(f, sub)| native_rows(unit, sub, &funcs[f])).collect();
        add_unit(&mut out.dwarf, unit, &mine, &rows, funcs);
        // The same rows for trap reports, with the files of all units in
        // one table.
        for (&(f, _), rows) in mine.iter().zip(&rows) {
            out.rows[f] = rows
                .iter()
                .map(|r| {
                    let path = report_path(unit.files.get(&r.file));
                    let next = out.files.len();
                    let file = *report_files.entry(path.clone()).or_insert_with(|| {
                        out.files.push(path);
                        next
                    });
                    let narrow = |v: u64| u32::try_from(v).unwrap_or(u32::MAX);
                    [narrow(r.offset), file as u32, narrow(r.line), narrow(r.column)]
                })
                .collect();
        }
    }
    (out.dwarf.units.count() > 0).then_some(out)
}

/// How a trap report names a source file: its directory (when it is not
/// the compilation directory) joined with its name.
fn report_path(file: Option<&SourceFile>) -> String {
    let Some(file) = file else { return "<unknown>".into() };
    let name = String::from_utf8_lossy(&file.name);
    if file.dir.is_empty() || file.dir == b"." || name.starts_with('/') {
        name.into_owned()
    } else {
        format!("{}/{name}", String::from_utf8_lossy(&file.dir))
    }
}

/// A non-empty string for a line table entry (gimli refuses empty ones).
fn line_string(bytes: Option<&[u8]>, default: &str) -> LineString {
    match bytes {
        Some(b) if !b.is_empty() => LineString::String(b.to_vec()),
        _ => LineString::String(default.as_bytes().to_vec()),
    }
}

/// Adds `unit`'s compile unit for its functions `mine`, whose line rows
/// are `rows` (in the same order).
fn add_unit(
    dwarf: &mut gimli::write::Dwarf,
    unit: &SourceUnit,
    mine: &[(usize, &Subprogram)],
    rows: &[Vec<NativeRow>],
    funcs: &[FunctionCode<'_>],
) {
    let program = LineProgram::new(
        ENCODING,
        LineEncoding::default(),
        line_string(unit.comp_dir.as_deref(), "."),
        None,
        line_string(unit.name.as_deref(), "<unknown>"),
        None,
    );
    let id = dwarf.units.add(Unit::new(ENCODING, program));
    let out = dwarf.units.get_mut(id);
    let mut files = FileTable::default();
    let mut scopes = ScopeTable::default();

    let mut ranges = Vec::new();
    for (&(f, sub), rows) in mine.iter().zip(rows) {
        let code = &funcs[f];
        let start = Address::Symbol { symbol: f, addend: 0 };
        ranges.push(gimli::write::Range::StartLength { begin: start, length: code.len });
        out.line_program.begin_sequence(Some(start));
        for row in rows {
            let file = files.get(&mut out.line_program, unit, row.file);
            let r = out.line_program.row();
            r.address_offset = row.offset;
            r.file = file;
            r.line = row.line;
            r.column = row.column;
            r.is_statement = row.is_stmt;
            out.line_program.generate_row();
        }
        out.line_program.end_sequence(code.len);

        let parent = scopes.die(out, &sub.scope);
        let die = out.add(parent, gimli::DW_TAG_subprogram);
        let decl_file = sub.decl_file.map(|file| files.get(&mut out.line_program, unit, file));
        let entry = out.get_mut(die);
        if let Some(name) = &sub.name {
            entry.set(gimli::DW_AT_name, AttributeValue::String(name.clone()));
        }
        if let Some(name) = &sub.linkage_name {
            entry.set(gimli::DW_AT_linkage_name, AttributeValue::String(name.clone()));
        }
        if let Some(file) = decl_file {
            entry.set(gimli::DW_AT_decl_file, AttributeValue::FileIndex(Some(file)));
        }
        if let Some(line) = sub.decl_line {
            entry.set(gimli::DW_AT_decl_line, AttributeValue::Udata(line));
        }
        if sub.external {
            entry.set(gimli::DW_AT_external, AttributeValue::Flag(true));
        }
        entry.set(gimli::DW_AT_low_pc, AttributeValue::Address(start));
        entry.set(gimli::DW_AT_high_pc, AttributeValue::Udata(code.len));
    }

    let ranges = out.ranges.add(RangeList(ranges));
    let root = out.root();
    let entry = out.get_mut(root);
    entry.set(gimli::DW_AT_name, AttributeValue::String(unit.name.clone().unwrap_or_default()));
    if let Some(dir) = &unit.comp_dir {
        entry.set(gimli::DW_AT_comp_dir, AttributeValue::String(dir.clone()));
    }
    if let Some(producer) = &unit.producer {
        entry.set(gimli::DW_AT_producer, AttributeValue::String(producer.clone()));
    }
    if let Some(lang) = unit.language {
        entry.set(gimli::DW_AT_language, AttributeValue::Language(lang));
    }
    entry.set(gimli::DW_AT_low_pc, AttributeValue::Address(Address::Constant(0)));
    entry.set(gimli::DW_AT_ranges, AttributeValue::RangeListRef(ranges));
}

/// The source unit's files as the native line table numbers them, added
/// as they are first used.
#[derive(Default)]
struct FileTable {
    ids: HashMap<u64, FileId>,
    dirs: HashMap<Vec<u8>, DirectoryId>,
}

impl FileTable {
    fn get(&mut self, program: &mut LineProgram, unit: &SourceUnit, index: u64) -> FileId {
        if let Some(id) = self.ids.get(&index) {
            return *id;
        }
        let unknown = SourceFile { dir: Vec::new(), name: b"<unknown>".to_vec() };
        let file = unit.files.get(&index).unwrap_or(&unknown);
        let dir = if file.dir.is_empty() {
            program.default_directory()
        } else {
            *self.dirs.entry(file.dir.clone()).or_insert_with(|| program.add_directory(LineString::String(file.dir.clone())))
        };
        let id = program.add_file(line_string(Some(&file.name), "<unknown>"), dir, None);
        self.ids.insert(index, id);
        id
    }
}

/// The unit's scope entries (namespaces, classes), made as functions need
/// them: each function sits in its scope, so debuggers know it by its
/// qualified name.
#[derive(Default)]
struct ScopeTable {
    ids: HashMap<Vec<Scope>, UnitEntryId>,
}

impl ScopeTable {
    fn die(&mut self, unit: &mut Unit, scope: &[Scope]) -> UnitEntryId {
        let Some((last, outer)) = scope.split_last() else { return unit.root() };
        if let Some(id) = self.ids.get(scope) {
            return *id;
        }
        let parent = self.die(unit, outer);
        let id = unit.add(parent, last.tag);
        let entry = unit.get_mut(id);
        entry.set(gimli::DW_AT_name, AttributeValue::String(last.name.clone()));
        if last.tag != gimli::DW_TAG_namespace {
            entry.set(gimli::DW_AT_declaration, AttributeValue::Flag(true));
        }
        self.ids.insert(scope.to_vec(), id);
        id
    }
}

/// A row of a native line table: where in the function, and its source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct NativeRow {
    offset: u64,
    file: u64,
    line: u64,
    column: u64,
    is_stmt: bool,
}

/// The line rows of one function's native code, in code order: its
/// prologue at the declaration line (so debuggers stop after it, as in
/// native code), then each stretch at the line of the wasm instruction it
/// came from. Consecutive stretches of one line are one row.
fn native_rows(unit: &SourceUnit, sub: &Subprogram, code: &FunctionCode<'_>) -> Vec<NativeRow> {
    let stretches: Vec<NativeRow> = code
        .source_map
        .iter()
        .filter_map(|range| {
            let row = unit.row_at(code.body.start, u64::from(range.wasm))?;
            let offset = u64::from(range.start);
            Some(NativeRow { offset, file: row.file, line: row.line, column: row.column, is_stmt: row.is_stmt })
        })
        .collect();
    let mut rows: Vec<NativeRow> = Vec::with_capacity(stretches.len() + 1);
    if stretches.first().is_none_or(|r| r.offset > 0) {
        let first = stretches.first();
        let file = sub.decl_file.or(first.map(|r| r.file));
        let line = sub.decl_line.or(first.map(|r| r.line));
        if let (Some(file), Some(line)) = (file, line) {
            rows.push(NativeRow { offset: 0, file, line, column: 0, is_stmt: true });
        }
    }
    for next in stretches {
        match rows.last() {
            Some(last) if (last.file, last.line, last.column) == (next.file, next.line, next.column) => {}
            _ => rows.push(next),
        }
    }
    rows
}

/// A relocation a debug section needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reloc {
    /// Where in the section.
    pub offset: u64,
    /// Bytes.
    pub size: u8,
    /// Against what.
    pub target: RelocTarget,
    /// Added to the target's address.
    pub addend: i64,
}

/// What a [`Reloc`] points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RelocTarget {
    /// Compiled function `n`'s code.
    Function(usize),
    /// The start of another debug section of this object.
    Section(SectionId),
}

/// A debug section's bytes with the relocations they need.
#[derive(Clone, Debug)]
pub struct RelocWriter {
    data: EndianVec<LittleEndian>,
    /// Relocations, in no particular order.
    pub relocs: Vec<Reloc>,
}

impl RelocWriter {
    fn new() -> Self {
        RelocWriter { data: EndianVec::new(LittleEndian), relocs: Vec::new() }
    }

    /// The section's bytes.
    pub fn bytes(&self) -> &[u8] {
        self.data.slice()
    }
}

impl Writer for RelocWriter {
    type Endian = LittleEndian;

    fn endian(&self) -> LittleEndian {
        LittleEndian
    }

    fn len(&self) -> usize {
        self.data.len()
    }

    fn write(&mut self, bytes: &[u8]) -> gimli::write::Result<()> {
        self.data.write(bytes)
    }

    fn write_at(&mut self, offset: usize, bytes: &[u8]) -> gimli::write::Result<()> {
        self.data.write_at(offset, bytes)
    }

    fn write_address(&mut self, address: Address, size: u8) -> gimli::write::Result<()> {
        match address {
            Address::Constant(value) => self.write_udata(value, size),
            Address::Symbol { symbol, addend } => {
                let offset = self.len() as u64;
                self.relocs.push(Reloc { offset, size, target: RelocTarget::Function(symbol), addend });
                self.write_udata(0, size)
            }
        }
    }

    fn write_offset(&mut self, value: usize, section: SectionId, size: u8) -> gimli::write::Result<()> {
        let offset = self.len() as u64;
        self.relocs.push(Reloc { offset, size, target: RelocTarget::Section(section), addend: value as i64 });
        self.write_udata(0, size)
    }

    fn write_offset_at(&mut self, offset: usize, value: usize, section: SectionId, size: u8) -> gimli::write::Result<()> {
        self.relocs.push(Reloc { offset: offset as u64, size, target: RelocTarget::Section(section), addend: value as i64 });
        self.write_udata_at(offset, 0, size)
    }
}

/// Writes `dwarf` out: the non-empty sections with their relocations.
pub fn write(mut dwarf: gimli::write::Dwarf) -> Result<Vec<(SectionId, RelocWriter)>> {
    let mut sections = Sections::new(RelocWriter::new());
    dwarf
        .write(&mut sections)
        .map_err(|e| CompileError::DebugInfo { context: "writing the native DWARF".into(), err: Box::new(e) })?;
    let mut out = Vec::new();
    sections
        .for_each(|id, w| {
            if !w.bytes().is_empty() {
                out.push((id, w.clone()));
            }
            Ok::<(), std::convert::Infallible>(())
        })
        .unwrap_or_else(|never| match never {});
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::super::source::{Row, Sequence};
    use super::*;

    fn unit() -> SourceUnit {
        let row = |address, line| Row { address, file: 1, line, column: 3, is_stmt: true };
        SourceUnit {
            name: Some(b"fib.c".to_vec()),
            comp_dir: Some(b"/src".to_vec()),
            files: [(1, SourceFile { dir: Vec::new(), name: b"fib.c".to_vec() })].into(),
            sequences: vec![Sequence { start: 100, end: 140, rows: vec![row(100, 9), row(104, 10), row(120, 11)] }],
            subprograms: vec![Subprogram {
                low_pc: 100,
                name: Some(b"fib".to_vec()),
                decl_file: Some(1),
                decl_line: Some(9),
                external: true,
                ..Subprogram::default()
            }],
            ..SourceUnit::default()
        }
    }

    #[test]
    fn rows_follow_the_source_map_after_a_prologue_at_the_declaration() {
        let unit = unit();
        let map = [
            SourceRange { start: 8, end: 12, wasm: 104 },
            SourceRange { start: 12, end: 20, wasm: 106 },
            SourceRange { start: 20, end: 24, wasm: 121 },
            SourceRange { start: 24, end: 30, wasm: 105 },
        ];
        let code = FunctionCode { body: 100..140, len: 30, source_map: &map };
        let lines: Vec<(u64, u64)> = native_rows(&unit, &unit.subprograms[0], &code).iter().map(|r| (r.offset, r.line)).collect();
        assert_eq!(lines, [(0, 9), (8, 10), (20, 11), (24, 10)]);
    }

    /// The sections with their relocations applied, function `n` placed
    /// at `0x1000 * (n + 1)`, read back.
    fn read_back(sections: &[(SectionId, RelocWriter)]) -> HashMap<SectionId, Vec<u8>> {
        let mut out = HashMap::new();
        for (id, w) in sections {
            let mut bytes = w.bytes().to_vec();
            for r in &w.relocs {
                let value = match r.target {
                    RelocTarget::Function(f) => 0x1000 * (f as i64 + 1) + r.addend,
                    RelocTarget::Section(_) => r.addend,
                } as u64;
                let at = r.offset as usize;
                bytes[at..at + r.size as usize].copy_from_slice(&value.to_le_bytes()[..r.size as usize]);
            }
            out.insert(*id, bytes);
        }
        out
    }

    #[test]
    fn functions_sit_in_their_scopes_and_lines_read_back() {
        let mut unit = unit();
        let scope = |tag, name: &str| Scope { tag, name: name.as_bytes().to_vec() };
        unit.subprograms[0].scope = vec![scope(gimli::DW_TAG_namespace, "geom"), scope(gimli::DW_TAG_class_type, "Shape")];
        let map = [SourceRange { start: 4, end: 10, wasm: 104 }];
        let funcs = [FunctionCode { body: 100..140, len: 10, source_map: &map }];
        let sections = read_back(&write(build(std::slice::from_ref(&unit), &funcs).unwrap().dwarf).unwrap());
        let load = |id: SectionId| {
            Ok::<_, gimli::Error>(gimli::EndianSlice::new(sections.get(&id).map_or(&[][..], |b| &b[..]), LittleEndian))
        };
        let dwarf = gimli::Dwarf::load(load).unwrap();
        let header = dwarf.units().next().unwrap().unwrap();
        let read = dwarf.unit(header).unwrap();
        let mut entries = read.entries();
        let mut path = Vec::new();
        while let Some(entry) = entries.next_dfs().unwrap() {
            let name = entry.attr_value(gimli::DW_AT_name).and_then(|v| dwarf.attr_string(&read, v).ok());
            path.truncate(entry.depth() as usize);
            path.push((entry.tag(), name.map(|n| String::from_utf8_lossy(n.slice()).into_owned())));
            if entry.tag() == gimli::DW_TAG_subprogram {
                let low_pc = dwarf.attr_address(&read, entry.attr_value(gimli::DW_AT_low_pc).unwrap()).unwrap();
                assert_eq!(low_pc, Some(0x1000));
                break;
            }
        }
        let names: Vec<_> = path.iter().map(|(_, n)| n.clone().unwrap_or_default()).collect();
        assert_eq!(names, ["fib.c", "geom", "Shape", "fib"]);
        assert_eq!(path[1].0, gimli::DW_TAG_namespace);

        let program = read.line_program.clone().unwrap();
        let mut rows = program.rows();
        let mut lines = Vec::new();
        while let Some((_, row)) = rows.next_row().unwrap() {
            lines.push((row.address(), row.line().map_or(0, |l| l.get()), row.end_sequence()));
        }
        assert_eq!(lines, [(0x1000, 9, false), (0x1004, 10, false), (0x100a, 10, true)]);
    }

    #[test]
    fn writes_units_only_for_compiled_functions_with_relocations() {
        let unit = unit();
        let map = [SourceRange { start: 4, end: 10, wasm: 104 }];
        let funcs = [
            FunctionCode { body: 10..50, len: 16, source_map: &[] },
            FunctionCode { body: 100..140, len: 10, source_map: &map },
        ];
        assert!(build(&[], &funcs).is_none());
        let translation = build(std::slice::from_ref(&unit), &funcs).unwrap();
        assert_eq!(translation.files, ["fib.c"]);
        assert_eq!(translation.rows, [vec![], vec![[0, 0, 9, 0], [4, 0, 10, 3]]]);
        let sections = write(translation.dwarf).unwrap();
        let info = &sections.iter().find(|(id, _)| *id == SectionId::DebugInfo).unwrap().1;
        // The subprogram's low_pc and the line table's address point at
        // function 1; the unit header points into .debug_abbrev.
        assert!(info.relocs.iter().any(|r| r.target == RelocTarget::Function(1) && r.size == 8));
        assert!(info.relocs.iter().any(|r| r.target == RelocTarget::Section(SectionId::DebugAbbrev)));
        assert!(!info.relocs.iter().any(|r| r.target == RelocTarget::Function(0)));
        let line = &sections.iter().find(|(id, _)| *id == SectionId::DebugLine).unwrap().1;
        assert!(line.relocs.iter().any(|r| r.target == RelocTarget::Function(1)));
    }
}
