//! Reading the module's own DWARF: the compile units, their source files,
//! line tables and functions, in wasm code addresses (offsets from the code
//! section's start, as clang and rustc count for wasm).

use std::collections::{BTreeMap, HashMap};

use gimli::{AttributeValue, DwLang, EndianSlice, LittleEndian};

use crate::error::{CompileError, Result};

type R<'a> = EndianSlice<'a, LittleEndian>;

/// A compile unit of the module.
#[derive(Debug, Default)]
pub struct SourceUnit {
    /// `DW_AT_name`: the primary source file.
    pub name: Option<Vec<u8>>,
    /// `DW_AT_comp_dir`.
    pub comp_dir: Option<Vec<u8>>,
    /// `DW_AT_producer`.
    pub producer: Option<Vec<u8>>,
    /// `DW_AT_language`.
    pub language: Option<DwLang>,
    /// Its line table's files, by the table's file index.
    pub files: BTreeMap<u64, SourceFile>,
    /// Its line table's sequences, by start address.
    pub sequences: Vec<Sequence>,
    /// Its functions with code.
    pub subprograms: Vec<Subprogram>,
}

/// A source file of a line table.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SourceFile {
    /// The directory (possibly relative to the unit's `comp_dir`; empty
    /// for the compilation directory itself).
    pub dir: Vec<u8>,
    /// The name (possibly a path).
    pub name: Vec<u8>,
}

/// Consecutive rows covering `start..end`.
#[derive(Debug, Default)]
pub struct Sequence {
    /// The first row's address.
    pub start: u64,
    /// The end-of-sequence address.
    pub end: u64,
    /// The rows by address; each covers the code up to the next.
    pub rows: Vec<Row>,
}

/// Where the code from `address` on comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Row {
    /// Wasm code address.
    pub address: u64,
    /// File index in the unit's line table.
    pub file: u64,
    /// Line (1-based; 0: no line, compiler-generated code).
    pub line: u64,
    /// Column (0: unknown).
    pub column: u64,
    /// A recommended breakpoint location.
    pub is_stmt: bool,
}

/// A function with code (`DW_TAG_subprogram` with `DW_AT_low_pc`).
#[derive(Debug, Default)]
pub struct Subprogram {
    /// Wasm code address of its start.
    pub low_pc: u64,
    /// `DW_AT_name` (its own or its declaration's).
    pub name: Option<Vec<u8>>,
    /// `DW_AT_linkage_name` (the mangled symbol).
    pub linkage_name: Option<Vec<u8>>,
    /// `DW_AT_decl_file`, a file index of the unit's line table.
    pub decl_file: Option<u64>,
    /// `DW_AT_decl_line`.
    pub decl_line: Option<u64>,
    /// `DW_AT_external`.
    pub external: bool,
    /// The namespaces and types it is declared in, outermost first, which
    /// make its qualified name (`panic::parse_record`, `geom::Shape::area`).
    pub scope: Vec<Scope>,
}

/// A named namespace, class, structure or union enclosing a function.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Scope {
    /// `DW_TAG_namespace`, `DW_TAG_class_type`, ...
    pub tag: gimli::DwTag,
    /// Its name.
    pub name: Vec<u8>,
}

/// Tags whose DIEs name a scope of the functions inside them.
fn is_scope(tag: gimli::DwTag) -> bool {
    matches!(
        tag,
        gimli::DW_TAG_namespace | gimli::DW_TAG_class_type | gimli::DW_TAG_structure_type | gimli::DW_TAG_union_type
    )
}

impl Sequence {
    /// The row covering `address`, if this sequence does. It is a
    /// statement if any row of its run of rows on the same line is: the
    /// run's statement row often marks an instruction that compiles to no
    /// native code of its own (a `local.get`), and a debugger stepping by
    /// lines must still stop on the line.
    pub fn row_at(&self, address: u64) -> Option<Row> {
        if address < self.start || address >= self.end {
            return None;
        }
        let i = self.rows.partition_point(|r| r.address <= address).checked_sub(1)?;
        let mut row = self.rows[i];
        let same_line = |r: &&Row| (r.file, r.line) == (row.file, row.line);
        row.is_stmt = self.rows[..=i].iter().rev().take_while(same_line).any(|r| r.is_stmt);
        Some(row)
    }
}

impl SourceUnit {
    /// The row covering `address` among the sequences that start at or
    /// after `from` (the function's start: sequences of code the linker
    /// dropped keep a tombstone address such as 0 and would overlap).
    pub fn row_at(&self, from: u64, address: u64) -> Option<Row> {
        let i = self.sequences.partition_point(|s| s.start <= address);
        self.sequences[..i].iter().rev().take_while(|s| s.start >= from).find_map(|s| s.row_at(address))
    }
}

fn err(context: &str) -> impl FnOnce(gimli::Error) -> CompileError + '_ {
    move |e| CompileError::DebugInfo { context: context.to_string(), err: Box::new(e) }
}

/// Reads every compile unit of the DWARF custom sections `sections`
/// (`(".debug_info", bytes)`, ...). No sections: no units.
pub fn read(sections: &[(&str, &[u8])]) -> Result<Vec<SourceUnit>> {
    let section = |id: gimli::SectionId| -> std::result::Result<R<'_>, gimli::Error> {
        let bytes = sections.iter().find(|(name, _)| *name == id.name()).map_or(&[][..], |(_, b)| *b);
        Ok(EndianSlice::new(bytes, LittleEndian))
    };
    let dwarf = gimli::Dwarf::load(section).map_err(err("loading the sections"))?;
    let mut units = Vec::new();
    let mut headers = dwarf.units();
    while let Some(header) = headers.next().map_err(err("reading a unit header"))? {
        let unit = dwarf.unit(header).map_err(err("reading a compile unit"))?;
        units.push(read_unit(&dwarf, &unit)?);
    }
    Ok(units)
}

fn bytes(r: R<'_>) -> Vec<u8> {
    r.slice().to_vec()
}

fn read_unit(dwarf: &gimli::Dwarf<R<'_>>, unit: &gimli::Unit<R<'_>>) -> Result<SourceUnit> {
    let mut out = SourceUnit {
        name: unit.name.map(bytes),
        comp_dir: unit.comp_dir.map(bytes),
        ..SourceUnit::default()
    };
    let string = |value: AttributeValue<R<'_>>| dwarf.attr_string(unit, value).ok().map(bytes);
    // The scopes enclosing the current entry, with their depths; and each
    // function entry's scope, for the definitions that refer to it.
    let mut stack: Vec<(isize, Scope)> = Vec::new();
    let mut scopes: HashMap<gimli::UnitOffset, Vec<Scope>> = HashMap::new();
    let mut declared_elsewhere = Vec::new();
    let mut entries = unit.entries();
    while let Some(entry) = entries.next_dfs().map_err(err("reading a debugging entry"))? {
        let depth = entry.depth();
        while stack.last().is_some_and(|(d, _)| *d >= depth) {
            stack.pop();
        }
        match entry.tag() {
            gimli::DW_TAG_compile_unit | gimli::DW_TAG_partial_unit if depth == 0 => {
                out.producer = entry.attr_value(gimli::DW_AT_producer).and_then(string);
                if let Some(AttributeValue::Language(lang)) = entry.attr_value(gimli::DW_AT_language) {
                    out.language = Some(lang);
                }
            }
            gimli::DW_TAG_subprogram => {
                let scope: Vec<Scope> = stack.iter().map(|(_, s)| s.clone()).collect();
                scopes.insert(entry.offset(), scope.clone());
                let Some(low_pc) = entry.attr_value(gimli::DW_AT_low_pc) else { continue };
                let Ok(Some(low_pc)) = dwarf.attr_address(unit, low_pc) else { continue };
                let mut sub = Subprogram { low_pc, scope, ..Subprogram::default() };
                describe(dwarf, unit, entry, &mut sub, 0);
                if sub.scope.is_empty() {
                    if let Some(declaration) = declaration_of(entry) {
                        declared_elsewhere.push((out.subprograms.len(), declaration));
                    }
                }
                out.subprograms.push(sub);
            }
            tag if is_scope(tag) => {
                if let Some(name) = entry.attr_value(gimli::DW_AT_name).and_then(string) {
                    stack.push((depth, Scope { tag, name }));
                }
            }
            _ => {}
        }
    }
    // A C++ member function defined outside its class sits at the unit's
    // top level and takes its scope from its declaration.
    for (sub, declaration) in declared_elsewhere {
        if let Some(scope) = scopes.get(&declaration) {
            out.subprograms[sub].scope = scope.clone();
        }
    }
    if let Some(program) = unit.line_program.clone() {
        let mut rows = program.rows();
        let mut sequence = Sequence::default();
        while let Some((header, row)) = rows.next_row().map_err(err("reading the line table"))? {
            if sequence.rows.is_empty() {
                sequence.start = row.address();
            }
            if row.end_sequence() {
                sequence.end = row.address();
                if sequence.end > sequence.start {
                    out.sequences.push(std::mem::take(&mut sequence));
                } else {
                    sequence = Sequence::default();
                }
                continue;
            }
            let file = row.file_index();
            if !out.files.contains_key(&file) {
                if let Some(entry) = header.file(file) {
                    let dir = entry.directory(header).and_then(string).unwrap_or_default();
                    let name = string(entry.path_name()).unwrap_or_default();
                    out.files.insert(file, SourceFile { dir, name });
                }
            }
            let column = match row.column() {
                gimli::ColumnType::LeftEdge => 0,
                gimli::ColumnType::Column(c) => c.get(),
            };
            let line = row.line().map_or(0, |l| l.get());
            let row = Row { address: row.address(), file, line, column, is_stmt: row.is_stmt() };
            // A later row at the same address replaces the earlier one.
            match sequence.rows.last_mut() {
                Some(last) if last.address == row.address => *last = row,
                _ => sequence.rows.push(row),
            }
        }
        out.sequences.sort_by_key(|s| s.start);
    }
    Ok(out)
}

/// The declaration or abstract instance a function definition refers to.
fn declaration_of(entry: &gimli::DebuggingInformationEntry<R<'_>>) -> Option<gimli::UnitOffset> {
    [gimli::DW_AT_specification, gimli::DW_AT_abstract_origin].into_iter().find_map(|attr| match entry.attr_value(attr) {
        Some(AttributeValue::UnitRef(offset)) => Some(offset),
        _ => None,
    })
}

/// Fills in `sub`'s names and declaration from `entry`, and from the
/// declaration or abstract instance it refers to (C++ member functions,
/// Rust generics) for what it leaves out.
fn describe(
    dwarf: &gimli::Dwarf<R<'_>>,
    unit: &gimli::Unit<R<'_>>,
    entry: &gimli::DebuggingInformationEntry<R<'_>>,
    sub: &mut Subprogram,
    depth: u32,
) {
    let string = |value: AttributeValue<R<'_>>| dwarf.attr_string(unit, value).ok().map(bytes);
    if sub.name.is_none() {
        sub.name = entry.attr_value(gimli::DW_AT_name).and_then(string);
    }
    if sub.linkage_name.is_none() {
        sub.linkage_name = entry
            .attr_value(gimli::DW_AT_linkage_name)
            .or_else(|| entry.attr_value(gimli::DW_AT_MIPS_linkage_name))
            .and_then(string);
    }
    if sub.decl_file.is_none() {
        sub.decl_file = entry.attr_value(gimli::DW_AT_decl_file).and_then(|v| v.udata_value());
        sub.decl_line = entry.attr_value(gimli::DW_AT_decl_line).and_then(|v| v.udata_value());
    }
    sub.external |= matches!(entry.attr_value(gimli::DW_AT_external), Some(AttributeValue::Flag(true)));
    // Declarations chain at most a couple of levels; the bound keeps a
    // malformed cycle from looping.
    if depth < 4 {
        for attr in [gimli::DW_AT_specification, gimli::DW_AT_abstract_origin] {
            if let Some(AttributeValue::UnitRef(offset)) = entry.attr_value(attr) {
                if let Ok(target) = unit.entry(offset) {
                    describe(dwarf, unit, &target, sub, depth + 1);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seq(start: u64, end: u64, lines: &[(u64, u64)]) -> Sequence {
        Sequence {
            start,
            end,
            rows: lines.iter().map(|&(address, line)| Row { address, file: 1, line, column: 0, is_stmt: true }).collect(),
        }
    }

    #[test]
    fn rows_cover_up_to_the_next_row_and_skip_tombstoned_sequences() {
        let unit = SourceUnit {
            // Code the linker dropped, tombstoned at 0, overlapping.
            sequences: vec![seq(0, 40, &[(0, 900)]), seq(10, 30, &[(10, 5), (14, 6), (20, 7)])],
            ..SourceUnit::default()
        };
        assert_eq!(unit.row_at(10, 10).map(|r| r.line), Some(5));
        assert_eq!(unit.row_at(10, 19).map(|r| r.line), Some(6));
        assert_eq!(unit.row_at(10, 29).map(|r| r.line), Some(7));
        assert_eq!(unit.row_at(10, 30), None);
        assert_eq!(unit.row_at(0, 35).map(|r| r.line), Some(900));
    }

    #[test]
    fn a_row_is_a_statement_when_its_run_on_the_line_has_one() {
        let mut s = seq(0, 20, &[(0, 4), (2, 5), (3, 5), (6, 6), (9, 5)]);
        s.rows[2].is_stmt = false;
        s.rows[4].is_stmt = false;
        assert!(s.row_at(4).unwrap().is_stmt, "the line's run starts with a statement");
        assert!(!s.row_at(9).unwrap().is_stmt, "a later run of the same line has none");
    }

    #[test]
    fn no_dwarf_no_units() {
        assert!(read(&[]).unwrap().is_empty());
    }
}
