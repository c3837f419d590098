//! Guest memory contents and call arguments made from the input bytes.
//!
//! Raw random pointers would almost all be out of bounds (the shim ends
//! the program at once), so most arguments are chosen by what the
//! parameter is — a descriptor, a path and its length, an iovec array, an
//! out pointer, flags — and point into regions of memory laid out here;
//! a share of them stay raw or take edge values. Memory holds:
//!
//! | bytes          | contents                                   |
//! |----------------|--------------------------------------------|
//! | `0..2048`      | path strings ([`paths`])                   |
//! | `2048..2304`   | 32 iovecs into the buffers                 |
//! | `2304..3840`   | 32 subscriptions for `poll_oneoff`         |
//! | `4096..8192`   | out area                                   |
//! | `8192..16384`  | buffers, filled from the input             |
//!
//! plus a few arbitrary writes anywhere.

use arbitrary::Unstructured;
use wasm2native_wasi::types::layout::subscription as sub;

use super::calls::{Func, Ty};
use super::guest::MEM_SIZE;
use crate::mutate::Choices;

const STRINGS: usize = 0;
const STRINGS_END: usize = 2048;
const IOVECS: usize = 2048;
const NUM_IOVECS: usize = 32;
const SUBS: usize = 2304;
const NUM_SUBS: usize = 32;
const OUT: usize = 4096;
const OUT_LEN: usize = 4096;
const BUFFERS: usize = 8192;

/// The longest time a clock subscription may wait (1 ms): the target must
/// not sleep on the input's say-so.
pub const MAX_CLOCK_WAIT_NS: u64 = 1_000_000;

/// Path strings worth trying: inside, escapes by `..`, by absolute paths,
/// by symlinks (`link`, `abs`, `up`), a symlink loop, odd forms.
/// `sentinel` (the host path of the file outside) is added at the end.
pub fn paths(sentinel: &str) -> Vec<String> {
    let mut p: Vec<String> = [
        "",
        ".",
        "..",
        "/",
        "file",
        "dir",
        "dir/inner",
        "dir/",
        "new",
        "new/",
        "dir/new",
        "link",
        "abs",
        "up",
        "up/outside/sentinel",
        "loop",
        "loop/x",
        "../outside",
        "../outside/sentinel",
        "../outside/new",
        "dir/../../outside/sentinel",
        "dir/../file",
        "./file",
        "file/",
        "file/..",
        "//file",
        "a\0b",
        "/sandbox",
        "/sandbox/file",
        "link/..",
        "abs/x",
        "dir/./inner/.",
        "..\\outside",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    p.push("a".repeat(255));
    p.push("a".repeat(256));
    p.push(sentinel.to_string());
    p
}

/// Where each path string lies in memory: `(offset, length)`.
pub type PathTable = Vec<(u32, u32)>;

/// Fills `mem` (of [`MEM_SIZE`] bytes) from `u`; returns where the paths
/// went.
pub fn fill_memory(mem: &mut [u8], sentinel: &str, u: &mut Unstructured<'_>) -> PathTable {
    let mut table = Vec::new();
    let mut at = STRINGS;
    for p in paths(sentinel) {
        let bytes = p.as_bytes();
        if at + bytes.len() > STRINGS_END {
            break;
        }
        mem[at..at + bytes.len()].copy_from_slice(bytes);
        table.push((at as u32, bytes.len() as u32));
        at += bytes.len();
    }
    for i in 0..NUM_IOVECS {
        let buf = BUFFERS + u.below(MEM_SIZE - BUFFERS);
        let len = u.below(1024.min(MEM_SIZE - buf) + 1);
        put_u32(mem, IOVECS + 8 * i, buf as u32);
        put_u32(mem, IOVECS + 8 * i + 4, len as u32);
    }
    for i in 0..NUM_SUBS {
        write_subscription(mem, SUBS + i * sub::SIZE as usize, u);
    }
    let n = u.below(MEM_SIZE - BUFFERS + 1);
    let fill = u.bytes(n).unwrap_or(&[]);
    mem[BUFFERS..BUFFERS + fill.len()].copy_from_slice(fill);
    for _ in 0..u.below(4) {
        let at = u.below(MEM_SIZE);
        let n = u.below(16).min(MEM_SIZE - at);
        let bytes = u.bytes(n).unwrap_or(&[]);
        mem[at..at + bytes.len()].copy_from_slice(bytes);
    }
    table
}

/// One subscription: a clock (relative or absolute, short), a read or a
/// write of a small descriptor, or an unknown tag.
fn write_subscription(mem: &mut [u8], at: usize, u: &mut Unstructured<'_>) {
    let userdata: u64 = u.arbitrary().unwrap_or(0);
    mem[at..at + 8].copy_from_slice(&userdata.to_le_bytes());
    let tag = match u.below(8) {
        7 => u.byte(),
        t => (t % 3) as u8,
    };
    mem[at + sub::TAG as usize] = tag;
    if tag == 0 {
        put_u32(mem, at + sub::CLOCK_ID as usize, u.below(5) as u32);
        let timeout = u.below(MAX_CLOCK_WAIT_NS as usize) as u64;
        mem[at + sub::CLOCK_TIMEOUT as usize..][..8].copy_from_slice(&timeout.to_le_bytes());
        mem[at + sub::CLOCK_FLAGS as usize..][..2]
            .copy_from_slice(&(u.below(3) as u16).to_le_bytes());
    } else {
        put_u32(mem, at + sub::FD as usize, u.below(10) as u32);
    }
}

/// Caps the wait of every clock subscription `poll_oneoff(subs, _, n, _)`
/// would read (after the arbitrary writes, or with a raw `subs`) at
/// [`MAX_CLOCK_WAIT_NS`]: relative waits become short, absolute deadlines
/// lie in the past.
pub fn clamp_clocks(mem: &mut [u8], subs: u32, n: u32) {
    let size = sub::SIZE as usize;
    for i in 0..(n as usize).min(MEM_SIZE / size) {
        let at = subs as usize + i * size;
        if at + size > mem.len() {
            break;
        }
        if mem[at + sub::TAG as usize] == 0 {
            let t = &mut mem[at + sub::CLOCK_TIMEOUT as usize..][..8];
            let timeout = u64::from_le_bytes(t.try_into().expect("8 bytes")) % MAX_CLOCK_WAIT_NS;
            t.copy_from_slice(&timeout.to_le_bytes());
        }
    }
}

fn put_u32(mem: &mut [u8], at: usize, v: u32) {
    mem[at..at + 4].copy_from_slice(&v.to_le_bytes());
}

/// The arguments of one call of `f`, from `u`.
pub fn arguments(f: &Func, paths: &PathTable, u: &mut Unstructured<'_>) -> Vec<i64> {
    let mut args = Vec::with_capacity(f.params.len());
    while args.len() < f.params.len() {
        let (name, ty) = f.params[args.len()];
        let pair = f
            .params
            .get(args.len() + 1)
            .is_some_and(|(next, _)| next.ends_with("len"));
        match u.below(12) {
            0 => args.push(raw(ty, u)),
            1 => args.push(edge(u)),
            _ => match name {
                "fd" | "old_fd" | "new_fd" | "to" => args.push(u.below(10) as i64),
                "path" | "old_path" | "new_path" if pair => {
                    let (at, len) = paths[u.below(paths.len())];
                    args.push(i64::from(at));
                    args.push(i64::from(len));
                }
                "iovs" | "ri_data" | "si_data" if pair => {
                    args.push((IOVECS + 8 * u.below(NUM_IOVECS)) as i64);
                    args.push(u.below(9) as i64);
                }
                "subs" => args.push((SUBS + sub::SIZE as usize * u.below(4)) as i64),
                "nsubscriptions" => args.push(1 + u.below(8) as i64),
                n if n.ends_with("len") => args.push(u.below(2049) as i64),
                "flags" | "dirflags" | "old_flags" | "oflags" | "fdflags" | "fst_flags"
                | "ri_flags" | "si_flags" | "how" | "whence" | "advice" | "id" | "sig" => {
                    args.push(small_flags(u))
                }
                "base" | "inheriting" => {
                    args.push(if u.below(2) == 0 { -1 } else { raw(Ty::I64, u) })
                }
                _ if ty == Ty::I64 => args.push(number(u)),
                _ => args.push(out_pointer(u)),
            },
        }
    }
    args.truncate(f.params.len());
    args
}

fn raw(ty: Ty, u: &mut Unstructured<'_>) -> i64 {
    match ty {
        Ty::I32 => i64::from(u.arbitrary::<i32>().unwrap_or(0)),
        Ty::I64 => u.arbitrary::<i64>().unwrap_or(0),
    }
}

fn edge(u: &mut Unstructured<'_>) -> i64 {
    const EDGES: [i64; 9] = [
        0,
        -1,
        i32::MIN as i64,
        i32::MAX as i64,
        MEM_SIZE as i64,
        MEM_SIZE as i64 - 1,
        MEM_SIZE as i64 - 4,
        1,
        i64::MAX,
    ];
    EDGES[u.below(EDGES.len())]
}

fn small_flags(u: &mut Unstructured<'_>) -> i64 {
    match u.below(3) {
        0 => 1 << u.below(16),
        _ => u.below(64) as i64,
    }
}

fn number(u: &mut Unstructured<'_>) -> i64 {
    match u.below(3) {
        0 => 1 << u.below(64),
        _ => u.below(4096) as i64,
    }
}

/// An out pointer into the out area: usually 8-aligned, sometimes not.
fn out_pointer(u: &mut Unstructured<'_>) -> i64 {
    let at = OUT + 8 * u.below(OUT_LEN / 8 - 16);
    (at + if u.below(8) == 0 { u.below(8) } else { 0 }) as i64
}
