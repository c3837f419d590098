//! A case as a `.wast` script: the module as a binary, each call of the
//! plan as an assertion of what `expected` saw, each exported global's
//! final value as an assertion. The spec harness (ours) and `wasmtime wast`
//! both run it, which makes it a reproducer and a regression test.
//! Memory contents have no `.wast` assertion of their own: the module is
//! registered, and for each exported memory a second module imports it and
//! exports its size in bytes and an FNV-1a hash of its contents, which are
//! asserted.

use std::fmt::Write;

use super::generate::{MemoryExport, Plan, Ty, Val};
use super::observed::{nan_kind, NanKind, Observed, Outcome, Trap};

/// The script for `wasm`, run as `plan`, expecting what `expected` shows.
/// `note` (the divergence, if any) goes in a comment at the top.
pub fn script(wasm: &[u8], plan: &Plan, expected: &Observed, note: &str) -> String {
    let mut s = String::new();
    for line in note.lines() {
        let _ = writeln!(s, ";; {line}");
    }
    // The module as text, for the reader (the binary below is what runs).
    if let Ok(text) = wasmprinter::print_bytes(wasm) {
        for line in text.lines() {
            let _ = writeln!(s, ";;   {line}");
        }
    }
    let module = format!("(module binary \"{}\")", escape(wasm));
    match expected.instantiation {
        // No `.wast` command expects an exception from instantiation.
        Some(Trap::UncaughtException) => {
            let _ = writeln!(s, ";; its instantiation throws an exception\n{module}");
            return s;
        }
        Some(t) => {
            let _ = writeln!(s, "(assert_trap {module} \"{}\")", t.message());
            return s;
        }
        None => {}
    }
    let _ = writeln!(s, "{}", module.replacen("(module ", "(module $main ", 1));
    for (call, outcome) in plan.calls.iter().zip(&expected.calls) {
        let args: String = call.args.iter().map(|a| format!(" {}", arg(a))).collect();
        let invoke = format!("(invoke \"{}\"{args})", escape(call.export.as_bytes()));
        let _ = match outcome {
            Outcome::Returned(vals) if vals.iter().any(|v| v.ty == Ty::ExnRef && v.bits != 0) => {
                // No `.wast` form matches a non-null exnref: just call it.
                writeln!(s, "{invoke}")
            }
            Outcome::Returned(vals) => {
                let results: String = vals.iter().map(|v| format!(" {}", result(v))).collect();
                writeln!(s, "(assert_return {invoke}{results})")
            }
            Outcome::Trapped(Trap::UncaughtException) => writeln!(s, "(assert_exception {invoke})"),
            Outcome::Trapped(Trap::Exhaustion) => {
                writeln!(s, "(assert_exhaustion {invoke} \"{}\")", Trap::Exhaustion.message())
            }
            Outcome::Trapped(t) => writeln!(s, "(assert_trap {invoke} \"{}\")", t.message()),
        };
    }
    if expected.exhausted() {
        return s;
    }
    for ((name, _), v) in plan.globals.iter().zip(&expected.globals) {
        if v.ty.is_ref() && v.bits != 0 {
            continue;
        }
        let _ = writeln!(s, "(assert_return (get \"{}\") {})", escape(name.as_bytes()), result(v));
    }
    if !expected.memories.is_empty() {
        let _ = writeln!(s, "(register \"main\" $main)");
    }
    for (m, bytes) in plan.memories.iter().zip(&expected.memories) {
        let _ = writeln!(s, "{}", memory_checker(m));
        let _ = writeln!(s, "(assert_return (invoke \"size\") (i64.const {}))", bytes.len());
        let _ = writeln!(s, "(assert_return (invoke \"hash\") (i64.const {:#x}))", fnv1a(bytes));
    }
    s
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x100_0000_01b3;

/// FNV-1a over `bytes`, as [`memory_checker`]'s `hash` computes it.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(FNV_OFFSET, |h, b| (h ^ *b as u64).wrapping_mul(FNV_PRIME))
}

/// A module importing memory `m` of `main` and exporting `size` (bytes)
/// and `hash` (FNV-1a of every byte).
fn memory_checker(m: &MemoryExport) -> String {
    let index = if m.memory64 { "i64 " } else { "" };
    let page = 1u64 << m.page_size_log2;
    let page_size = if m.page_size_log2 == 16 { String::new() } else { format!(" (pagesize {page})") };
    let (size, addr) = if m.memory64 {
        ("(memory.size)", "(local.get $i)")
    } else {
        ("(i64.extend_i32_u (memory.size))", "(i32.wrap_i64 (local.get $i))")
    };
    format!(
        "(module
  (import \"main\" \"{name}\" (memory {index}0{page_size}))
  (func (export \"size\") (result i64) (i64.mul {size} (i64.const {page})))
  (func (export \"hash\") (result i64) (local $i i64) (local $n i64) (local $h i64)
    (local.set $h (i64.const {FNV_OFFSET:#x}))
    (local.set $n (i64.mul {size} (i64.const {page})))
    (block $done (loop $next
      (br_if $done (i64.ge_u (local.get $i) (local.get $n)))
      (local.set $h (i64.mul (i64.xor (local.get $h) (i64.load8_u {addr})) (i64.const {FNV_PRIME:#x})))
      (local.set $i (i64.add (local.get $i) (i64.const 1)))
      (br $next)))
    (local.get $h)))",
        name = escape(m.name.as_bytes())
    )
}

/// Bytes as a `.wast` string body: printable ASCII as is, the rest `\hh`.
fn escape(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 3);
    for &b in bytes {
        if b.is_ascii_graphic() && b != b'"' && b != b'\\' || b == b' ' {
            s.push(b as char);
        } else {
            let _ = write!(s, "\\{b:02x}");
        }
    }
    s
}

/// An argument: exact bits, whatever they are.
fn arg(v: &Val) -> String {
    match v.ty {
        Ty::I32 => format!("(i32.const {:#x})", v.bits as u32),
        Ty::I64 => format!("(i64.const {:#x})", v.bits as u64),
        Ty::F32 => format!("(f32.const {})", float(v.bits as u64, 23, 8)),
        Ty::F64 => format!("(f64.const {})", float(v.bits as u64, 52, 11)),
        Ty::V128 => format!("(v128.const {})", v128(v.bits)),
        Ty::FuncRef => "(ref.null func)".into(),
        Ty::ExternRef => "(ref.null extern)".into(),
        Ty::ExnRef => "(ref.null exn)".into(),
    }
}

/// An expected result: NaNs as the pattern they must match (see
/// `observed`), references by nullness, the rest exactly.
fn result(v: &Val) -> String {
    let nan = |frac| match nan_kind(v.bits as u64, frac) {
        NanKind::Canonical => Some("nan:canonical"),
        NanKind::Arithmetic => Some("nan:arithmetic"),
        NanKind::NotNan | NanKind::Signalling => None,
    };
    match v.ty {
        Ty::F32 => match nan(23) {
            Some(p) => format!("(f32.const {p})"),
            None => arg(v),
        },
        Ty::F64 => match nan(52) {
            Some(p) => format!("(f64.const {p})"),
            None => arg(v),
        },
        Ty::FuncRef if v.bits != 0 => "(ref.func)".into(),
        Ty::ExternRef if v.bits != 0 => "(ref.extern)".into(),
        _ => arg(v),
    }
}

fn v128(bits: u128) -> String {
    let lanes: Vec<String> = (0..4).map(|i| format!("{:#x}", (bits >> (32 * i)) as u32)).collect();
    format!("i32x4 {}", lanes.join(" "))
}

/// A float's exact value in the text format: a hexadecimal literal, `inf`,
/// or `nan:0x…` with its payload.
fn float(bits: u64, frac_bits: u32, exp_bits: u32) -> String {
    let sign = if bits >> (frac_bits + exp_bits) & 1 == 1 { "-" } else { "" };
    let frac = bits & ((1 << frac_bits) - 1);
    let exp = (bits >> frac_bits) & ((1 << exp_bits) - 1);
    let max_exp = (1 << exp_bits) - 1;
    let bias = (1i64 << (exp_bits - 1)) - 1;
    // Fraction digits padded to whole hex digits.
    let pad = (4 - frac_bits % 4) % 4;
    let digits = frac_bits.div_ceil(4) as usize;
    if exp == max_exp {
        return if frac == 0 { format!("{sign}inf") } else { format!("{sign}nan:{frac:#x}") };
    }
    if exp == 0 {
        if frac == 0 {
            return format!("{sign}0x0p+0");
        }
        return format!("{sign}0x0.{:0digits$x}p{}", frac << pad, 1 - bias);
    }
    format!("{sign}0x1.{:0digits$x}p{}", frac << pad, exp as i64 - bias)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_f32(text: &str) -> u32 {
        let wat = format!("(module (global f32 (f32.const {text})))");
        let wasm = wat::parse_str(&wat).unwrap();
        // The constant is the last 4 bytes before `end` of the global.
        let at = wasm.windows(1).rposition(|w| w[0] == 0x43).unwrap();
        u32::from_le_bytes(wasm[at + 1..at + 5].try_into().unwrap())
    }

    #[test]
    fn floats_are_written_exactly() {
        for bits in [0u32, 0x8000_0000, 1, 0x007f_ffff, 0x3f80_0000, 0x7f7f_ffff, 0xc2f6_e979, 0x7f80_0000, 0xff80_0000, 0x7fa0_0001, 0xffc0_0000] {
            let text = float(bits as u64, 23, 8);
            assert_eq!(parse_f32(&text), bits, "{text}");
        }
        assert_eq!(float(0x3ff8_0000_0000_0000, 52, 11), "0x1.8000000000000p0");
        assert_eq!(float(1, 52, 11), "0x0.0000000000001p-1022");
    }

    #[test]
    fn memory_checkers_hash_like_the_host() {
        // The checker, run by wasmi on a memory of known contents.
        let main = wat::parse_str(r#"(module (memory (export "m") 1 1) (data (i32.const 3) "abc"))"#).unwrap();
        let m = MemoryExport { name: "m".into(), memory64: false, page_size_log2: 16 };
        let checker = wat::parse_str(memory_checker(&m)).unwrap();
        let engine = wasmi::Engine::default();
        let mut store = wasmi::Store::new(&engine, ());
        let mut linker = wasmi::Linker::<()>::new(&engine);
        let main = wasmi::Module::new(&engine, &main[..]).unwrap();
        let main = linker.instantiate_and_start(&mut store, &main).unwrap();
        let mem = main.get_memory(&store, "m").unwrap();
        let mut expected = vec![0u8; 65536];
        expected[3..6].copy_from_slice(b"abc");
        linker.define("main", "m", mem).unwrap();
        let checker = wasmi::Module::new(&engine, &checker[..]).unwrap();
        let checker = linker.instantiate_and_start(&mut store, &checker).unwrap();
        let hash = checker.get_typed_func::<(), i64>(&store, "hash").unwrap().call(&mut store, ()).unwrap();
        let size = checker.get_typed_func::<(), i64>(&store, "size").unwrap().call(&mut store, ()).unwrap();
        assert_eq!(size, 65536);
        assert_eq!(hash as u64, fnv1a(&expected));
    }

    #[test]
    fn strings_escape_what_is_not_printable() {
        assert_eq!(escape(b"a\"b\\\0 z"), "a\\22b\\5c\\00 z");
    }
}
