//! Decoding the wasm arguments of a WASI call into the witx types they
//! stand for, with wasmtime's rules.
//!
//! Handles, sizes and pointers are plain unsigned reinterpretations, as are
//! 64-bit sizes, offsets and timestamps. Enums and flags are narrower than
//! the wasm value that carries them: a value that does not fit the witx
//! integer type, an unknown enum value, or an unknown flag bit ends the
//! program ([`Trap`](crate::errno::Trap)), as under wasmtime. All arguments
//! are decoded, in order, before the call does anything.

use crate::errno::{Error, WasiResult};
use crate::types::{advice, clockid, fdflags, fstflags, lookupflags, oflags, rights, sockflags, whence, SIGNAL_MAX};

/// A wasm `i32` argument as the `u32` it carries (handles, sizes, pointers).
pub fn u32_(v: i32) -> WasiResult<u32> {
    Ok(v as u32)
}

/// A wasm `i64` argument as the `u64` it carries (file sizes, offsets,
/// timestamps, directory cookies).
pub fn u64_(v: i64) -> WasiResult<u64> {
    Ok(v as u64)
}

/// A wasm `i64` argument that is signed in witx (`filedelta`).
pub fn i64_(v: i64) -> WasiResult<i64> {
    Ok(v)
}

/// A value that does not fit the witx integer type of `ty`.
fn int_conversion(ty: &str, v: impl std::fmt::Display) -> Error {
    Error::trap(format!("int conversion error: {v} does not fit the integer type of {ty}"))
}

fn to_u8(v: i32, ty: &str) -> WasiResult<u8> {
    u8::try_from(v).map_err(|_| int_conversion(ty, v))
}

fn to_u16(v: i32, ty: &str) -> WasiResult<u16> {
    u16::try_from(v).map_err(|_| int_conversion(ty, v))
}

fn to_u32(v: i32, ty: &str) -> WasiResult<u32> {
    u32::try_from(v).map_err(|_| int_conversion(ty, v))
}

/// An enum value: fits the integer type, and is at most `max`.
fn enum_value<T: Copy + PartialOrd + std::fmt::Display>(v: T, max: T, ty: &str) -> WasiResult<T> {
    if v > max {
        return Err(Error::trap(format!("invalid enum value {ty}: {v}")));
    }
    Ok(v)
}

/// A flags value: no bit outside `all`.
fn flags_value<T>(v: T, all: T, ty: &str) -> WasiResult<T>
where
    T: Copy + std::ops::BitAnd<Output = T> + std::ops::Not<Output = T> + PartialEq + Default + std::fmt::LowerHex,
{
    if v & !all != T::default() {
        return Err(Error::trap(format!("invalid flag value {ty}: {v:#x}")));
    }
    Ok(v)
}

/// `whence` (u8 enum).
pub fn whence(v: i32) -> WasiResult<u8> {
    enum_value(to_u8(v, "Whence")?, whence::END, "Whence")
}

/// `advice` (u8 enum).
pub fn advice(v: i32) -> WasiResult<u8> {
    enum_value(to_u8(v, "Advice")?, advice::NOREUSE, "Advice")
}

/// `signal` (u8 enum).
pub fn signal(v: i32) -> WasiResult<u8> {
    enum_value(to_u8(v, "Signal")?, SIGNAL_MAX, "Signal")
}

/// `clockid` (u32 enum).
pub fn clockid(v: i32) -> WasiResult<u32> {
    enum_value(to_u32(v, "Clockid")?, clockid::THREAD_CPUTIME_ID, "Clockid")
}

/// `fdflags` (u16 flags).
pub fn fdflags(v: i32) -> WasiResult<u16> {
    flags_value(to_u16(v, "Fdflags")?, fdflags::ALL, "Fdflags")
}

/// `oflags` (u16 flags).
pub fn oflags(v: i32) -> WasiResult<u16> {
    flags_value(to_u16(v, "Oflags")?, oflags::ALL, "Oflags")
}

/// `fstflags` (u16 flags).
pub fn fstflags(v: i32) -> WasiResult<u16> {
    flags_value(to_u16(v, "Fstflags")?, fstflags::ALL, "Fstflags")
}

/// `lookupflags` (u32 flags).
pub fn lookupflags(v: i32) -> WasiResult<u32> {
    flags_value(to_u32(v, "Lookupflags")?, lookupflags::SYMLINK_FOLLOW, "Lookupflags")
}

/// `riflags` (u16 flags).
pub fn riflags(v: i32) -> WasiResult<u16> {
    flags_value(to_u16(v, "Riflags")?, sockflags::RIFLAGS_ALL, "Riflags")
}

/// `siflags` (a plain u16 in witx: no bits to check).
pub fn siflags(v: i32) -> WasiResult<u16> {
    to_u16(v, "Siflags")
}

/// `sdflags` (u8 flags).
pub fn sdflags(v: i32) -> WasiResult<u8> {
    flags_value(to_u8(v, "Sdflags")?, sockflags::SDFLAGS_ALL, "Sdflags")
}

/// `rights` (u64 flags, carried by an `i64`).
pub fn rights(v: i64) -> WasiResult<u64> {
    let v = u64::try_from(v).map_err(|_| int_conversion("Rights", v))?;
    flags_value(v, rights::ALL, "Rights")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trap_text(r: WasiResult<impl std::fmt::Debug>) -> String {
        match r {
            Err(Error::Trap(t)) => t.0,
            other => panic!("expected a trap, got {other:?}"),
        }
    }

    #[test]
    fn enums_flags_and_widths() {
        assert_eq!(whence(2), Ok(2));
        assert!(trap_text(whence(3)).contains("invalid enum value Whence"));
        assert!(trap_text(whence(0x100)).contains("int conversion error"));
        assert!(trap_text(whence(-1)).contains("int conversion error"));
        assert!(trap_text(clockid(-1)).contains("int conversion error"));
        assert!(trap_text(clockid(4)).contains("invalid enum value Clockid"));
        assert_eq!(oflags(0xf), Ok(0xf));
        assert!(trap_text(oflags(0x10)).contains("invalid flag value Oflags"));
        assert!(trap_text(oflags(0x10000)).contains("int conversion error"));
        assert!(trap_text(rights(-1)).contains("int conversion error"));
        assert!(trap_text(rights(1 << 30)).contains("invalid flag value Rights"));
        assert_eq!(siflags(0xffff), Ok(0xffff));
        assert_eq!(u32_(-1), Ok(u32::MAX));
        assert_eq!(u64_(-1), Ok(u64::MAX));
    }
}
