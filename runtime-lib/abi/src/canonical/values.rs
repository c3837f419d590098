//! Lifting and lowering component values (`CanonicalABI.md`: loading,
//! storing, flat lifting and lowering), for the host side of a call: a
//! host function lifts its arguments out of the guest's flat values and
//! memory, and lowers its result back into them. Strings are transcoded
//! between the guest's encoding and Rust's UTF-8; handles go through the
//! guest's handle table ([`Guest`]).
//!
//! Flat core values are `u64` bit patterns: an `i32` or `f32` in the low
//! 32 bits, zero-extended, an `i64` or `f64` in all 64. The canonical ABI's
//! coercions between joined variant payload types (wrap, reinterpret,
//! extend unsigned) are then the identity on the bits a payload uses.

use alloc::boxed::Box;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::{align_to, alignment, cases, discriminant, fields, flag_words, flatten_all, size, Context, FuncType, ResourceId, ValType};
use super::tasks::Pipe;
use super::{MAX_FLAT_ASYNC_PARAMS, MAX_FLAT_PARAMS, MAX_FLAT_RESULTS};

/// A component value, host side: handles are the resource's
/// representation (what the host put in the table), not a table index.
#[derive(Clone, Debug, PartialEq)]
pub enum Val {
    /// `bool`.
    Bool(bool),
    /// `s8`.
    S8(i8),
    /// `u8`.
    U8(u8),
    /// `s16`.
    S16(i16),
    /// `u16`.
    U16(u16),
    /// `s32`.
    S32(i32),
    /// `u32`.
    U32(u32),
    /// `s64`.
    S64(i64),
    /// `u64`.
    U64(u64),
    /// `f32`.
    F32(f32),
    /// `f64`.
    F64(f64),
    /// `char`.
    Char(char),
    /// `string`.
    String(String),
    /// `list<T>`.
    List(Vec<Val>),
    /// `record`, or `tuple`: the fields in order.
    Record(Vec<Val>),
    /// `variant`, `enum`, `option` or `result`: the case index and its
    /// payload (`option`: 0 is `none`; `result`: 0 is `ok`).
    Variant(u32, Option<Box<Val>>),
    /// `flags`: the bits, 32 per word.
    Flags(Vec<u32>),
    /// `own<R>`: the resource's representation.
    Own(u32),
    /// `borrow<R>`: the resource's representation.
    Borrow(u32),
    /// `stream` or `future`: the runtime's pipe (its readable end moves
    /// between the guest's table and the host).
    Pipe(u32),
    /// `error-context`: the guest's handle index.
    Handle(u32),
}

/// A trap of the canonical ABI, with its message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Trap(pub String);

/// The result of lifting or lowering.
pub type Result<T> = core::result::Result<T, Trap>;

fn trap<T>(message: impl Into<String>) -> Result<T> {
    Err(Trap(message.into()))
}

/// How strings are encoded in a core module's memory.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum StringEncoding {
    /// UTF-8 (the default).
    #[default]
    Utf8,
    /// UTF-16 (little-endian).
    Utf16,
    /// Latin-1, or UTF-16 with the length's top bit set, chosen per string.
    CompactUtf16,
}

/// What lifting and lowering need of the guest side of a call.
pub trait Guest {
    /// The memory of the canonical options (`(memory ...)`).
    fn memory(&mut self) -> &mut [u8];
    /// Calls the options' `realloc(old_ptr, old_size, align, new_size)`.
    fn realloc(&mut self, old_ptr: u32, old_size: u32, align: u32, new_size: u32) -> Result<u32>;
    /// Takes own handle `index` of `resource` out of the guest's table;
    /// returns its representation.
    fn lift_own(&mut self, resource: ResourceId, index: u32) -> Result<u32>;
    /// Reads borrow (or own) handle `index` of `resource`; returns its
    /// representation.
    fn lift_borrow(&mut self, resource: ResourceId, index: u32) -> Result<u32>;
    /// Puts a new own handle to `rep` into the guest's table; returns its
    /// index.
    fn lower_own(&mut self, resource: ResourceId, rep: u32) -> Result<u32>;
    /// Puts a borrow handle to `rep` into the guest's table, for the
    /// duration of the call; returns its index.
    fn lower_borrow(&mut self, resource: ResourceId, rep: u32) -> Result<u32>;
    /// Lifts the readable end of a stream or future (of element or value
    /// type `elem`) at guest `index` out of the table (it moves to the
    /// callee); returns the pipe.
    fn lift_pipe(&mut self, pipe: Pipe, elem: Option<&ValType>, index: u32) -> Result<u32> {
        let _ = (elem, index);
        trap(format!("{pipe:?}s cannot be passed here"))
    }
    /// Lowers the readable end of `pipe` (of element or value type
    /// `elem`) into the table; returns its index.
    fn lower_pipe(&mut self, pipe: Pipe, elem: Option<&ValType>, id: u32) -> Result<u32> {
        let _ = (elem, id);
        trap(format!("{pipe:?}s cannot be passed here"))
    }
}

/// The longest string, in bytes, the canonical ABI moves.
pub const MAX_STRING_BYTE_LENGTH: u32 = (1 << 31) - 1;
/// The tag bit of a latin1+UTF-16 string's length that says UTF-16.
const UTF16_TAG: u32 = 1 << 31;

/// The bytes `[ptr, ptr + len)` of the guest's memory, checked.
pub fn mem_range(g: &mut dyn Guest, ptr: u32, len: u64) -> Result<core::ops::Range<usize>> {
    let end = u64::from(ptr) + len;
    if end > g.memory().len() as u64 {
        return trap("out of bounds memory access");
    }
    Ok(ptr as usize..end as usize)
}

fn read<const N: usize>(g: &mut dyn Guest, ptr: u32) -> Result<[u8; N]> {
    let r = mem_range(g, ptr, N as u64)?;
    Ok(g.memory()[r].try_into().expect("N bytes"))
}

fn write(g: &mut dyn Guest, ptr: u32, bytes: &[u8]) -> Result<()> {
    let r = mem_range(g, ptr, bytes.len() as u64)?;
    g.memory()[r].copy_from_slice(bytes);
    Ok(())
}

fn char_of(i: u32) -> Result<char> {
    char::from_u32(i).map_or_else(|| trap("invalid `char` bit pattern"), Ok)
}

fn check_case(case: u32, n: usize) -> Result<()> {
    if case as usize >= n {
        return trap(format!("invalid variant discriminant {case}"));
    }
    Ok(())
}

/// Loads a value of type `t` from guest memory at `ptr`.
pub fn load(g: &mut dyn Guest, enc: StringEncoding, t: &ValType, ptr: u32) -> Result<Val> {
    use ValType as V;
    if let Some(fields) = fields(t) {
        let mut at = ptr;
        let mut out = Vec::with_capacity(fields.len());
        for f in fields {
            at = align_to(at, alignment(f));
            out.push(load(g, enc, f, at)?);
            at += size(f);
        }
        return Ok(Val::Record(out));
    }
    if let Some(cases) = cases(t) {
        let disc = discriminant(cases.len());
        let case = match size(&disc) {
            1 => u32::from(read::<1>(g, ptr)?[0]),
            2 => u32::from(u16::from_le_bytes(read(g, ptr)?)),
            _ => u32::from_le_bytes(read(g, ptr)?),
        };
        check_case(case, cases.len())?;
        let max_align = cases.iter().flatten().map(|t| alignment(t)).max().unwrap_or(1);
        let at = align_to(ptr + size(&disc), max_align);
        let payload = match cases[case as usize] {
            Some(p) => Some(Box::new(load(g, enc, p, at)?)),
            None => None,
        };
        return Ok(Val::Variant(case, payload));
    }
    Ok(match t {
        V::Bool => Val::Bool(read::<1>(g, ptr)?[0] != 0),
        V::S8 => Val::S8(read::<1>(g, ptr)?[0] as i8),
        V::U8 => Val::U8(read::<1>(g, ptr)?[0]),
        V::S16 => Val::S16(i16::from_le_bytes(read(g, ptr)?)),
        V::U16 => Val::U16(u16::from_le_bytes(read(g, ptr)?)),
        V::S32 => Val::S32(i32::from_le_bytes(read(g, ptr)?)),
        V::U32 => Val::U32(u32::from_le_bytes(read(g, ptr)?)),
        V::S64 => Val::S64(i64::from_le_bytes(read(g, ptr)?)),
        V::U64 => Val::U64(u64::from_le_bytes(read(g, ptr)?)),
        V::F32 => Val::F32(f32::from_le_bytes(read(g, ptr)?)),
        V::F64 => Val::F64(f64::from_le_bytes(read(g, ptr)?)),
        V::Char => Val::Char(char_of(u32::from_le_bytes(read(g, ptr)?))?),
        V::String | V::List(_) => {
            let p = u32::from_le_bytes(read(g, ptr)?);
            let n = u32::from_le_bytes(read(g, ptr + 4)?);
            match t {
                V::String => Val::String(lift_string(g, enc, p, n)?),
                V::List(elem) => Val::List(lift_list(g, enc, elem, p, n)?),
                _ => unreachable!(),
            }
        }
        V::Flags(names) => Val::Flags(match size(t) {
            1 => alloc::vec![u32::from(read::<1>(g, ptr)?[0])],
            2 => alloc::vec![u32::from(u16::from_le_bytes(read(g, ptr)?))],
            _ => (0..flag_words(names.len()) as u32).map(|i| read(g, ptr + 4 * i).map(u32::from_le_bytes)).collect::<Result<_>>()?,
        }),
        V::Own(r) => {
            let index = u32::from_le_bytes(read(g, ptr)?);
            Val::Own(g.lift_own(*r, index)?)
        }
        V::Borrow(r) => {
            let index = u32::from_le_bytes(read(g, ptr)?);
            Val::Borrow(g.lift_borrow(*r, index)?)
        }
        V::Stream(elem) | V::Future(elem) => {
            let index = u32::from_le_bytes(read(g, ptr)?);
            Val::Pipe(g.lift_pipe(if matches!(t, V::Stream(_)) { Pipe::Stream } else { Pipe::Future }, elem.as_deref(), index)?)
        }
        V::ErrorContext => Val::Handle(u32::from_le_bytes(read(g, ptr)?)),
        V::Record(_) | V::Tuple(_) | V::Variant(_) | V::Enum(_) | V::Option(_) | V::Result { .. } => unreachable!(),
    })
}

fn lift_list(g: &mut dyn Guest, enc: StringEncoding, elem: &ValType, ptr: u32, n: u32) -> Result<Vec<Val>> {
    let (align, size) = (alignment(elem), size(elem));
    if ptr != align_to(ptr, align) {
        return trap("list pointer is not aligned");
    }
    if u64::from(ptr) + u64::from(n) * u64::from(size) > g.memory().len() as u64 {
        return trap("list pointer/length out of bounds of memory");
    }
    (0..n).map(|i| load(g, enc, elem, ptr + i * size)).collect()
}

/// Reads a string of the guest's encoding out of its memory.
pub fn lift_string(g: &mut dyn Guest, enc: StringEncoding, ptr: u32, tagged_len: u32) -> Result<String> {
    let (utf16, units) = match enc {
        StringEncoding::Utf8 => (false, tagged_len),
        StringEncoding::Utf16 => (true, tagged_len),
        StringEncoding::CompactUtf16 if tagged_len & UTF16_TAG != 0 => (true, tagged_len ^ UTF16_TAG),
        StringEncoding::CompactUtf16 => (false, tagged_len),
    };
    let (align, bytes) = match (enc, utf16) {
        (StringEncoding::Utf8, _) => (1, u64::from(units)),
        (_, true) => (2, 2 * u64::from(units)),
        (_, false) => (2, u64::from(units)),
    };
    if ptr != align_to(ptr, align) {
        return trap("string pointer is not aligned");
    }
    if bytes > u64::from(MAX_STRING_BYTE_LENGTH) || u64::from(ptr) + bytes > g.memory().len() as u64 {
        return trap("string pointer/length out of bounds of memory");
    }
    let raw = &g.memory()[ptr as usize..(u64::from(ptr) + bytes) as usize];
    match (enc, utf16) {
        (StringEncoding::Utf8, _) => core::str::from_utf8(raw).map(String::from).or_else(|_| trap("invalid utf-8 string")),
        (_, true) => {
            let units = raw.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]]));
            char::decode_utf16(units).collect::<core::result::Result<String, _>>().or_else(|_| trap("invalid utf-16 string"))
        }
        (_, false) => Ok(raw.iter().map(|&b| char::from(b)).collect()),
    }
}

/// Writes `s` into memory the guest's `realloc` gives, in its encoding;
/// returns the pointer and the (tagged) length.
pub fn lower_string(g: &mut dyn Guest, enc: StringEncoding, s: &str) -> Result<(u32, u32)> {
    let alloc = |g: &mut dyn Guest, align: u32, bytes: usize| -> Result<u32> {
        let bytes = u32::try_from(bytes).ok().filter(|&b| b <= MAX_STRING_BYTE_LENGTH).map_or_else(
            || trap("string too large to lower"),
            Ok,
        )?;
        let ptr = g.realloc(0, 0, align, bytes)?;
        if ptr != align_to(ptr, align) {
            return trap("realloc return: result not aligned");
        }
        mem_range(g, ptr, u64::from(bytes)).or_else(|_| trap("realloc return: beyond end of memory"))?;
        Ok(ptr)
    };
    let latin1 = enc == StringEncoding::CompactUtf16 && s.chars().all(|c| (c as u32) < 0x100);
    match enc {
        StringEncoding::Utf8 => {
            let ptr = alloc(g, 1, s.len())?;
            write(g, ptr, s.as_bytes())?;
            Ok((ptr, s.len() as u32))
        }
        _ if latin1 => {
            let bytes: Vec<u8> = s.chars().map(|c| c as u32 as u8).collect();
            let ptr = alloc(g, 2, bytes.len())?;
            write(g, ptr, &bytes)?;
            Ok((ptr, bytes.len() as u32))
        }
        _ => {
            let units: Vec<u16> = s.encode_utf16().collect();
            let bytes: Vec<u8> = units.iter().flat_map(|u| u.to_le_bytes()).collect();
            let ptr = alloc(g, 2, bytes.len())?;
            write(g, ptr, &bytes)?;
            let len = units.len() as u32;
            Ok((ptr, if enc == StringEncoding::CompactUtf16 { len | UTF16_TAG } else { len }))
        }
    }
}

fn mismatch<T>(t: &ValType, v: &Val) -> Result<T> {
    trap(format!("host value {v:?} does not have type {t:?}"))
}

/// Stores `v` of type `t` into guest memory at `ptr`.
pub fn store(g: &mut dyn Guest, enc: StringEncoding, t: &ValType, v: &Val, ptr: u32) -> Result<()> {
    use ValType as V;
    if let Some(fields) = fields(t) {
        let Val::Record(vals) = v else { return mismatch(t, v) };
        if vals.len() != fields.len() {
            return mismatch(t, v);
        }
        let mut at = ptr;
        for (f, v) in fields.into_iter().zip(vals) {
            at = align_to(at, alignment(f));
            store(g, enc, f, v, at)?;
            at += size(f);
        }
        return Ok(());
    }
    if let Some(cases) = cases(t) {
        let Val::Variant(case, payload) = v else { return mismatch(t, v) };
        let (Some(&ty), true) = (cases.get(*case as usize), true) else { return mismatch(t, v) };
        let disc = discriminant(cases.len());
        match size(&disc) {
            1 => write(g, ptr, &[*case as u8])?,
            2 => write(g, ptr, &(*case as u16).to_le_bytes())?,
            _ => write(g, ptr, &case.to_le_bytes())?,
        }
        let max_align = cases.iter().flatten().map(|t| alignment(t)).max().unwrap_or(1);
        let at = align_to(ptr + size(&disc), max_align);
        return match (ty, payload) {
            (Some(ty), Some(p)) => store(g, enc, ty, p, at),
            (None, None) => Ok(()),
            _ => mismatch(t, v),
        };
    }
    match (t, v) {
        (V::Bool, Val::Bool(b)) => write(g, ptr, &[u8::from(*b)]),
        (V::S8, Val::S8(i)) => write(g, ptr, &i.to_le_bytes()),
        (V::U8, Val::U8(i)) => write(g, ptr, &i.to_le_bytes()),
        (V::S16, Val::S16(i)) => write(g, ptr, &i.to_le_bytes()),
        (V::U16, Val::U16(i)) => write(g, ptr, &i.to_le_bytes()),
        (V::S32, Val::S32(i)) => write(g, ptr, &i.to_le_bytes()),
        (V::U32, Val::U32(i)) => write(g, ptr, &i.to_le_bytes()),
        (V::S64, Val::S64(i)) => write(g, ptr, &i.to_le_bytes()),
        (V::U64, Val::U64(i)) => write(g, ptr, &i.to_le_bytes()),
        (V::F32, Val::F32(f)) => write(g, ptr, &f.to_le_bytes()),
        (V::F64, Val::F64(f)) => write(g, ptr, &f.to_le_bytes()),
        (V::Char, Val::Char(c)) => write(g, ptr, &(*c as u32).to_le_bytes()),
        (V::String, Val::String(s)) => {
            let (p, n) = lower_string(g, enc, s)?;
            write(g, ptr, &p.to_le_bytes())?;
            write(g, ptr + 4, &n.to_le_bytes())
        }
        (V::List(elem), Val::List(items)) => {
            let (p, n) = lower_list(g, enc, elem, items)?;
            write(g, ptr, &p.to_le_bytes())?;
            write(g, ptr + 4, &n.to_le_bytes())
        }
        (V::Flags(_), Val::Flags(words)) => match size(t) {
            1 => write(g, ptr, &[words.first().copied().unwrap_or(0) as u8]),
            2 => write(g, ptr, &(words.first().copied().unwrap_or(0) as u16).to_le_bytes()),
            n => (0..n / 4).try_for_each(|i| write(g, ptr + 4 * i, &words.get(i as usize).copied().unwrap_or(0).to_le_bytes())),
        },
        (V::Own(r), Val::Own(rep)) => {
            let index = g.lower_own(*r, *rep)?;
            write(g, ptr, &index.to_le_bytes())
        }
        (V::Borrow(r), Val::Borrow(rep)) => {
            let index = g.lower_borrow(*r, *rep)?;
            write(g, ptr, &index.to_le_bytes())
        }
        (V::Stream(elem), Val::Pipe(id)) => {
            let index = g.lower_pipe(Pipe::Stream, elem.as_deref(), *id)?;
            write(g, ptr, &index.to_le_bytes())
        }
        (V::Future(elem), Val::Pipe(id)) => {
            let index = g.lower_pipe(Pipe::Future, elem.as_deref(), *id)?;
            write(g, ptr, &index.to_le_bytes())
        }
        (V::ErrorContext, Val::Handle(h)) => write(g, ptr, &h.to_le_bytes()),
        _ => mismatch(t, v),
    }
}

fn lower_list(g: &mut dyn Guest, enc: StringEncoding, elem: &ValType, items: &[Val]) -> Result<(u32, u32)> {
    let (align, size) = (alignment(elem), size(elem));
    let bytes = u32::try_from(items.len() as u64 * u64::from(size)).or_else(|_| trap("list too large to lower"))?;
    let ptr = g.realloc(0, 0, align, bytes)?;
    if ptr != align_to(ptr, align) {
        return trap("realloc return: result not aligned");
    }
    mem_range(g, ptr, u64::from(bytes)).or_else(|_| trap("realloc return: beyond end of memory"))?;
    for (i, item) in items.iter().enumerate() {
        store(g, enc, elem, item, ptr + i as u32 * size)?;
    }
    Ok((ptr, items.len() as u32))
}

/// The next flat value.
fn take(flat: &mut dyn Iterator<Item = u64>) -> Result<u64> {
    flat.next().map_or_else(|| trap("too few flat values"), Ok)
}

/// Lifts a value of type `t` from flat values `flat` (consumed in order).
pub fn lift_flat(g: &mut dyn Guest, enc: StringEncoding, t: &ValType, flat: &mut dyn Iterator<Item = u64>) -> Result<Val> {
    use ValType as V;
    if let Some(fields) = fields(t) {
        return fields.into_iter().map(|f| lift_flat(g, enc, f, flat)).collect::<Result<_>>().map(Val::Record);
    }
    if let Some(cases) = cases(t) {
        let case = take(flat)? as u32;
        check_case(case, cases.len())?;
        // The payload's flat values, then the rest of the joined width.
        let width = flatten_all([t]).len() - 1;
        let slots: Vec<u64> = (0..width).map(|_| take(flat)).collect::<Result<_>>()?;
        let payload = match cases[case as usize] {
            Some(p) => Some(Box::new(lift_flat(g, enc, p, &mut slots.into_iter())?)),
            None => None,
        };
        return Ok(Val::Variant(case, payload));
    }
    let word = |v: u64| v as u32;
    Ok(match t {
        V::Bool => Val::Bool(word(take(flat)?) != 0),
        V::S8 => Val::S8(word(take(flat)?) as i8),
        V::U8 => Val::U8(word(take(flat)?) as u8),
        V::S16 => Val::S16(word(take(flat)?) as i16),
        V::U16 => Val::U16(word(take(flat)?) as u16),
        V::S32 => Val::S32(word(take(flat)?) as i32),
        V::U32 => Val::U32(word(take(flat)?)),
        V::S64 => Val::S64(take(flat)? as i64),
        V::U64 => Val::U64(take(flat)?),
        V::F32 => Val::F32(f32::from_bits(word(take(flat)?))),
        V::F64 => Val::F64(f64::from_bits(take(flat)?)),
        V::Char => Val::Char(char_of(word(take(flat)?))?),
        V::String => {
            let (p, n) = (word(take(flat)?), word(take(flat)?));
            Val::String(lift_string(g, enc, p, n)?)
        }
        V::List(elem) => {
            let (p, n) = (word(take(flat)?), word(take(flat)?));
            Val::List(lift_list(g, enc, elem, p, n)?)
        }
        V::Flags(names) => Val::Flags((0..flag_words(names.len())).map(|_| take(flat).map(word)).collect::<Result<_>>()?),
        V::Own(r) => {
            let index = word(take(flat)?);
            Val::Own(g.lift_own(*r, index)?)
        }
        V::Borrow(r) => {
            let index = word(take(flat)?);
            Val::Borrow(g.lift_borrow(*r, index)?)
        }
        V::Stream(elem) => Val::Pipe(g.lift_pipe(Pipe::Stream, elem.as_deref(), word(take(flat)?))?),
        V::Future(elem) => Val::Pipe(g.lift_pipe(Pipe::Future, elem.as_deref(), word(take(flat)?))?),
        V::ErrorContext => Val::Handle(word(take(flat)?)),
        V::Record(_) | V::Tuple(_) | V::Variant(_) | V::Enum(_) | V::Option(_) | V::Result { .. } => unreachable!(),
    })
}

/// Lowers `v` of type `t` into flat values appended to `out`.
pub fn lower_flat(g: &mut dyn Guest, enc: StringEncoding, t: &ValType, v: &Val, out: &mut Vec<u64>) -> Result<()> {
    use ValType as V;
    if let Some(fields) = fields(t) {
        let Val::Record(vals) = v else { return mismatch(t, v) };
        if vals.len() != fields.len() {
            return mismatch(t, v);
        }
        return fields.into_iter().zip(vals).try_for_each(|(f, v)| lower_flat(g, enc, f, v, out));
    }
    if let Some(cases) = cases(t) {
        let Val::Variant(case, payload) = v else { return mismatch(t, v) };
        let Some(&ty) = cases.get(*case as usize) else { return mismatch(t, v) };
        out.push(u64::from(*case));
        let width = flatten_all([t]).len() - 1;
        let start = out.len();
        match (ty, payload) {
            (Some(ty), Some(p)) => lower_flat(g, enc, ty, p, out)?,
            (None, None) => {}
            _ => return mismatch(t, v),
        }
        // Unused positions of the joined payload are zero.
        out.resize(start + width, 0);
        return Ok(());
    }
    let w = |i: u32| u64::from(i);
    match (t, v) {
        (V::Bool, Val::Bool(b)) => out.push(u64::from(*b)),
        (V::S8, Val::S8(i)) => out.push(w(*i as i32 as u32)),
        (V::U8, Val::U8(i)) => out.push(u64::from(*i)),
        (V::S16, Val::S16(i)) => out.push(w(*i as i32 as u32)),
        (V::U16, Val::U16(i)) => out.push(u64::from(*i)),
        (V::S32, Val::S32(i)) => out.push(w(*i as u32)),
        (V::U32, Val::U32(i)) => out.push(w(*i)),
        (V::S64, Val::S64(i)) => out.push(*i as u64),
        (V::U64, Val::U64(i)) => out.push(*i),
        (V::F32, Val::F32(f)) => out.push(w(f.to_bits())),
        (V::F64, Val::F64(f)) => out.push(f.to_bits()),
        (V::Char, Val::Char(c)) => out.push(w(*c as u32)),
        (V::String, Val::String(s)) => {
            let (p, n) = lower_string(g, enc, s)?;
            out.extend([w(p), w(n)]);
        }
        (V::List(elem), Val::List(items)) => {
            let (p, n) = lower_list(g, enc, elem, items)?;
            out.extend([w(p), w(n)]);
        }
        (V::Flags(names), Val::Flags(words)) => {
            out.extend((0..flag_words(names.len())).map(|i| w(words.get(i).copied().unwrap_or(0))))
        }
        (V::Own(r), Val::Own(rep)) => out.push(w(g.lower_own(*r, *rep)?)),
        (V::Borrow(r), Val::Borrow(rep)) => out.push(w(g.lower_borrow(*r, *rep)?)),
        (V::Stream(elem), Val::Pipe(id)) => out.push(w(g.lower_pipe(Pipe::Stream, elem.as_deref(), *id)?)),
        (V::Future(elem), Val::Pipe(id)) => out.push(w(g.lower_pipe(Pipe::Future, elem.as_deref(), *id)?)),
        (V::ErrorContext, Val::Handle(h)) => out.push(w(*h)),
        _ => return mismatch(t, v),
    }
    Ok(())
}

/// The arguments of a call into the host (a lowered function, called by
/// the guest with `flat` core arguments), lifted: from the flat values, or
/// from the memory the single flat argument points to when they are more
/// than [`MAX_FLAT_PARAMS`].
pub fn lift_args(g: &mut dyn Guest, enc: StringEncoding, f: &FuncType, flat: &[u64], asynchronous: bool) -> Result<Vec<Val>> {
    let types: Vec<&ValType> = f.params.iter().map(|(_, t)| t).collect();
    let max = if asynchronous { MAX_FLAT_ASYNC_PARAMS } else { MAX_FLAT_PARAMS };
    if flatten_all(types.iter().copied()).len() > max {
        let tuple = ValType::Tuple(types.into_iter().cloned().collect());
        let ptr = flat.first().map_or_else(|| trap("too few flat values"), |p| Ok(*p as u32))?;
        if ptr != align_to(ptr, alignment(&tuple)) {
            return trap("parameter pointer is not aligned");
        }
        let Val::Record(vals) = load(g, enc, &tuple, ptr)? else { unreachable!("a tuple loads as a record") };
        return Ok(vals);
    }
    let mut it = flat.iter().copied();
    types.into_iter().map(|t| lift_flat(g, enc, t, &mut it)).collect()
}

/// Lowers the host's `result` for the guest that called a lowered
/// function with `flat` core arguments: returns the flat results, or, when
/// the result needs more than [`MAX_FLAT_RESULTS`] flat values, stores it
/// where the last flat argument (the return pointer) points and returns
/// none.
pub fn lower_result(
    g: &mut dyn Guest,
    enc: StringEncoding,
    f: &FuncType,
    result: Option<&Val>,
    flat: &[u64],
    asynchronous: bool,
) -> Result<Vec<u64>> {
    let (Some(t), Some(v)) = (&f.result, result) else {
        return match (&f.result, result) {
            (None, None) => Ok(Vec::new()),
            _ => trap("host result does not match the function's type"),
        };
    };
    let sig = f.core_signature(Context::Lower, asynchronous, false);
    // An async lowering always returns its result through the pointer.
    if asynchronous || flatten_all([t]).len() > MAX_FLAT_RESULTS {
        let ptr = flat.get(sig.params.len() - 1).map_or_else(|| trap("no return pointer"), |p| Ok(*p as u32))?;
        if ptr != align_to(ptr, alignment(t)) {
            return trap("return pointer is not aligned");
        }
        store(g, enc, t, v, ptr)?;
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    lower_flat(g, enc, t, v, &mut out)?;
    Ok(out)
}

/// The core arguments of a call into a lifted guest function (an export
/// another component calls): `args` lowered flat, or, when they need more
/// than [`MAX_FLAT_PARAMS`] flat values, stored as a tuple where the
/// callee's `realloc` says and passed as that pointer.
pub fn lower_args(g: &mut dyn Guest, enc: StringEncoding, f: &FuncType, args: &[Val]) -> Result<Vec<u64>> {
    if args.len() != f.params.len() {
        return trap("arguments do not match the function's type");
    }
    if flatten_all(f.params.iter().map(|(_, t)| t)).len() > MAX_FLAT_PARAMS {
        let tuple = ValType::Tuple(f.params.iter().map(|(_, t)| t.clone()).collect());
        let ptr = g.realloc(0, 0, alignment(&tuple), size(&tuple))?;
        if ptr != align_to(ptr, alignment(&tuple)) {
            return trap("realloc returned a misaligned pointer for the parameters");
        }
        store(g, enc, &tuple, &Val::Record(args.to_vec()), ptr)?;
        return Ok(alloc::vec![u64::from(ptr)]);
    }
    let mut out = Vec::new();
    for ((_, t), v) in f.params.iter().zip(args) {
        lower_flat(g, enc, t, v, &mut out)?;
    }
    Ok(out)
}

/// The result of a lifted guest function that returned the core results
/// `flat`: lifted from them, or, when it needs more than
/// [`MAX_FLAT_RESULTS`] flat values, loaded from where the single one
/// points.
pub fn lift_results(g: &mut dyn Guest, enc: StringEncoding, f: &FuncType, flat: &[u64]) -> Result<Option<Val>> {
    let Some(t) = &f.result else { return Ok(None) };
    if flatten_all([t]).len() > MAX_FLAT_RESULTS {
        let ptr = flat.first().map_or_else(|| trap("no result pointer"), |p| Ok(*p as u32))?;
        if ptr != align_to(ptr, alignment(t)) {
            return trap("result pointer is not aligned");
        }
        return load(g, enc, t, ptr).map(Some);
    }
    lift_flat(g, enc, t, &mut flat.iter().copied()).map(Some)
}

#[cfg(test)]
mod tests;
