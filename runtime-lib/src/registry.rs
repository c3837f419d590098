//! The process-wide registry of loaded wasm code: for every registered
//! module, the address range of each defined function, its index, name and
//! sorted trap sites.
//!
//! Registration happens outside signal context; [`lookup`] runs inside the
//! signal handler, so it neither allocates nor blocks on anything the
//! interrupted thread could hold: the registry is guarded by a tiny
//! reader/writer spin lock whose writer word is the writing thread's token,
//! so a reader interrupting its own thread's write gives up instead of
//! deadlocking.

use std::cell::UnsafeCell;
use std::sync::atomic::{AtomicUsize, Ordering};

use wasm2native_abi::code_table::CodeTable;
use wasm2native_abi::meta::{ModuleMeta, SourceLines};
use wasm2native_abi::{ModuleDescriptor, TrapKind};

/// One defined function's code.
pub(crate) struct FuncCode {
    /// Entry address.
    pub start: usize,
    /// One past the last code byte.
    pub end: usize,
    /// Function index (imports included).
    pub index: u32,
    /// Name from the `name` section.
    pub name: Option<&'static str>,
    /// Its index among the defined functions, in the module's code table.
    pub defined: u32,
}

struct ModuleCode {
    key: usize,
    refs: usize,
    start: usize,
    end: usize,
    /// Sorted by `start`, non-empty ranges only.
    funcs: Box<[FuncCode]>,
    /// The module's trap sites, read in place.
    table: CodeTable<'static>,
    /// Its source lines (`-g`), read in place.
    lines: SourceLines<'static>,
}

/// What a module registers: its functions, trap sites and source lines.
pub(crate) struct Code {
    /// The defined functions.
    pub funcs: Vec<FuncCode>,
    /// Their trap sites, handlers and stack maps.
    pub table: CodeTable<'static>,
    /// Their source lines (empty without `-g`).
    pub lines: SourceLines<'static>,
}

/// What [`lookup`] found for an address.
#[derive(Clone, Copy, Debug)]
pub(crate) struct CodeHit {
    /// Function index.
    pub index: u32,
    /// Entry address of the function.
    pub start: usize,
    /// Its name, if known.
    pub name: Option<&'static str>,
    /// The trap kind when the address is exactly a trap site.
    pub trap: Option<TrapKind>,
    /// The source file, line and column of the code there (`-g`).
    pub source: Option<(&'static str, u32, u32)>,
}

const WRITER: usize = 1;
const READER: usize = 2;

struct Registry {
    /// 0: free; `token | WRITER`: written by that thread; else 2 × readers.
    state: AtomicUsize,
    modules: UnsafeCell<Vec<ModuleCode>>,
}

// SAFETY: `modules` is only accessed under `state`'s lock protocol.
unsafe impl Sync for Registry {}

static REGISTRY: Registry = Registry { state: AtomicUsize::new(0), modules: UnsafeCell::new(Vec::new()) };

thread_local! {
    static TOKEN: u64 = const { 0 };
}

/// A per-thread, 8-aligned, non-zero word (the address of a thread-local).
fn thread_token() -> usize {
    TOKEN.with(|t| t as *const u64 as usize)
}

fn write<R>(f: impl FnOnce(&mut Vec<ModuleCode>) -> R) -> R {
    let locked = thread_token() | WRITER;
    while REGISTRY.state.compare_exchange_weak(0, locked, Ordering::Acquire, Ordering::Relaxed).is_err() {
        std::thread::yield_now();
    }
    struct Unlock;
    impl Drop for Unlock {
        fn drop(&mut self) {
            REGISTRY.state.store(0, Ordering::Release);
        }
    }
    let _unlock = Unlock;
    // SAFETY: we hold the write lock.
    f(unsafe { &mut *REGISTRY.modules.get() })
}

/// Runs `f` under the read lock; `None` when this very thread holds the
/// write lock (a fault inside registry code: not wasm).
fn read<R>(f: impl FnOnce(&[ModuleCode]) -> R) -> Option<R> {
    loop {
        let s = REGISTRY.state.load(Ordering::Acquire);
        if s & WRITER != 0 {
            if s & !WRITER == thread_token() {
                return None;
            }
            std::hint::spin_loop();
            continue;
        }
        if REGISTRY.state.compare_exchange_weak(s, s + READER, Ordering::Acquire, Ordering::Relaxed).is_ok() {
            break;
        }
    }
    // SAFETY: we hold a read lock; writers wait for it.
    let r = f(unsafe { &*REGISTRY.modules.get() });
    REGISTRY.state.fetch_sub(READER, Ordering::Release);
    Some(r)
}

/// Keeps a module's code registered; unregisters on drop (reference
/// counted per key, so instances of one module share one entry).
pub(crate) struct Registration {
    key: usize,
}

/// Registers the code under `key` (unless already registered, then adds a
/// reference). `code` builds the function list and runs without the lock.
pub(crate) fn register(key: usize, code: impl FnOnce() -> Code) -> Registration {
    let add_ref = |modules: &mut Vec<ModuleCode>| match modules.iter_mut().find(|m| m.key == key) {
        Some(m) => {
            m.refs += 1;
            true
        }
        None => false,
    };
    if write(add_ref) {
        return Registration { key };
    }
    let Code { mut funcs, table, lines } = code();
    funcs.retain(|f| f.end > f.start);
    funcs.sort_by_key(|f| f.start);
    let start = funcs.first().map_or(0, |f| f.start);
    let end = funcs.iter().map(|f| f.end).max().unwrap_or(0);
    let module = ModuleCode { key, refs: 1, start, end, funcs: funcs.into_boxed_slice(), table, lines };
    write(|modules| {
        if !add_ref(modules) {
            modules.push(module);
        }
    });
    Registration { key }
}

/// The function list of a compiled module, its code table and source
/// lines.
pub(crate) fn code_of(descriptor: &ModuleDescriptor, meta: &ModuleMeta<'static>, table: CodeTable<'static>) -> Code {
    let imported = descriptor.num_imported_funcs;
    let funcs = (0..table.len())
        .map(|i| {
            // SAFETY: the caller checked that `funcs` has one entry per
            // function of the code table.
            let start = unsafe { *descriptor.funcs.add(i) } as usize;
            let index = imported + i as u32;
            FuncCode {
                start,
                end: start.saturating_add(table.code_len(i) as usize),
                index,
                name: meta.func_name(index),
                defined: i as u32,
            }
        })
        .collect();
    Code { funcs, table, lines: meta.source_lines.clone() }
}

impl Drop for Registration {
    fn drop(&mut self) {
        let removed = write(|modules| {
            let pos = modules.iter().position(|m| m.key == self.key)?;
            modules[pos].refs -= 1;
            (modules[pos].refs == 0).then(|| modules.swap_remove(pos))
        });
        drop(removed);
    }
}

/// The module and function whose code contains `pc`.
fn find_func(modules: &[ModuleCode], pc: usize) -> Option<(&ModuleCode, &FuncCode)> {
    let module = modules.iter().find(|m| m.start <= pc && pc < m.end)?;
    let i = module.funcs.partition_point(|f| f.start <= pc).checked_sub(1)?;
    let f = &module.funcs[i];
    (pc < f.end).then_some((module, f))
}

/// Finds the wasm function containing `pc`. Async-signal-safe: no
/// allocation, no blocking on the current thread.
pub(crate) fn lookup(pc: usize) -> Option<CodeHit> {
    read(|modules| {
        let (module, f) = find_func(modules, pc)?;
        let offset = (pc - f.start) as u32;
        let trap = module.table.trap_at(f.defined as usize, offset);
        let source = module.lines.at(f.defined, offset);
        Some(CodeHit { index: f.index, start: f.start, name: f.name, trap, source })
    })
    .flatten()
}

/// The function entry and handler site of the call whose return address is
/// `ret`: `None` when `ret` is not in wasm code, `Some((start, None))` for
/// a call no handler covers. Allocation-free.
pub(crate) fn covered_call(ret: usize) -> Option<(usize, Option<wasm2native_abi::meta::HandlerSite>)> {
    read(|modules| {
        // A return address points after its call.
        let (module, f) = find_func(modules, ret.wrapping_sub(1))?;
        Some((f.start, module.table.handler_at(f.defined as usize, (ret - f.start) as u32)))
    })
    .flatten()
}

/// Calls `slot` with the frame size and each stack-map slot (offset from
/// the caller's stack pointer) of the call whose return address is `ret`;
/// `false` when `ret` is not in wasm code. Allocation-free.
pub(crate) fn stack_map(ret: usize, mut slot: impl FnMut(u32, u32)) -> bool {
    read(|modules| {
        let (module, f) = find_func(modules, ret.wrapping_sub(1))?;
        if let Some((frame_size, slots)) = module.table.stack_map_at(f.defined as usize, (ret - f.start) as u32) {
            slots.for_each(|s| slot(frame_size, s));
        }
        Some(())
    })
    .flatten()
    .is_some()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    use wasm2native_abi::meta::{FuncInfo, TrapSite};

    /// A code table for functions given as (length, trap sites); leaked,
    /// as registered code lives for the process.
    pub(crate) fn table(funcs: &[(u32, Vec<TrapSite>)]) -> CodeTable<'static> {
        let infos: Vec<FuncInfo> =
            funcs.iter().map(|(code_len, traps)| FuncInfo { code_len: *code_len, traps: traps.clone(), handlers: vec![], stack_maps: vec![] }).collect();
        CodeTable::parse(Box::leak(CodeTable::encode(&infos).into_boxed_slice())).unwrap()
    }

    fn func(start: usize, len: usize, index: u32, defined: u32) -> FuncCode {
        FuncCode { start, end: start + len, index, name: (index == 1).then_some("one"), defined }
    }

    /// Function 1's lines: line 12, column 5 from offset 8 on.
    const ROWS: &[u8] = &[8, 0, 0, 0, 0, 0, 0, 0, 12, 0, 0, 0, 5, 0, 0, 0];

    #[test]
    fn register_lookup_unregister() {
        let base = 0x7000_0000_0000usize;
        let funcs = || {
            let sites = vec![
                TrapSite { offset: 4, kind: TrapKind::Unreachable },
                TrapSite { offset: 9, kind: TrapKind::IntegerDivisionByZero },
            ];
            Code {
                funcs: vec![func(base + 0x100, 0x20, 2, 0), func(base, 0x40, 1, 1), func(base + 0x200, 0, 3, 2)],
                table: table(&[(0x20, vec![]), (0x40, sites), (0, vec![])]),
                lines: SourceLines { files: vec!["one.c"], funcs: vec![&[], ROWS] },
            }
        };
        let r1 = register(base, funcs);
        let r2 = register(base, || unreachable!("already registered"));
        let hit = lookup(base + 4).unwrap();
        assert_eq!((hit.index, hit.start, hit.name, hit.trap), (1, base, Some("one"), Some(TrapKind::Unreachable)));
        assert_eq!(lookup(base + 9).unwrap().trap, Some(TrapKind::IntegerDivisionByZero));
        assert_eq!(lookup(base + 5).unwrap().trap, None);
        assert_eq!(lookup(base + 9).unwrap().source, Some(("one.c", 12, 5)));
        assert_eq!(lookup(base + 0x100).unwrap().source, None);
        assert!(lookup(base + 0x40).is_none());
        assert_eq!(lookup(base + 0x11f).unwrap().index, 2);
        assert!(lookup(base + 0x120).is_none());
        assert!(lookup(base + 0x200).is_none());
        drop(r1);
        assert!(lookup(base).is_some());
        drop(r2);
        assert!(lookup(base).is_none());
    }

    #[test]
    fn reading_inside_own_write_gives_up() {
        write(|_| assert!(read(|_| ()).is_none()));
        assert!(read(|_| ()).is_some());
    }
}
