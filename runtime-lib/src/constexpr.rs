//! Evaluation of constant expressions (global initializers, segment offsets,
//! element items, table initializers) on a small value stack.

use std::fmt;

use wasm2native_abi::gc::{self, VMGcType};
use wasm2native_abi::meta::{CompositeType, ConstExpr, ConstOp, FieldType, SubType};

/// What a constant expression may read.
pub(crate) struct ConstEnv<'a> {
    /// Reads global `index` (raw 16-byte value), or `None` if out of range.
    pub global: &'a dyn Fn(u32) -> Option<u128>,
    /// The funcref pointer of function `index`, or `None` if out of range.
    pub func_ref: &'a dyn Fn(u32) -> Option<usize>,
    /// The module's types (for the objects constant expressions allocate).
    pub types: &'a [SubType],
    /// The run-time description of module type `index`, if it is a struct
    /// or array type.
    pub gc_type: &'a dyn Fn(u32) -> Option<&'static VMGcType>,
}

/// A malformed constant expression (the validator should have rejected it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ConstExprError(pub &'static str);

impl fmt::Display for ConstExprError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "malformed constant expression: {}", self.0)
    }
}

/// Evaluates `expr` to one raw value: i32/f32 in the low 32 bits, i64/f64
/// in the low 64, references as a word.
pub(crate) fn eval(expr: &ConstExpr, env: &ConstEnv<'_>) -> Result<u128, ConstExprError> {
    let mut stack: Vec<u128> = Vec::with_capacity(4);
    for op in &expr.0 {
        let value = match *op {
            ConstOp::I32(v) => v as u32 as u128,
            ConstOp::I64(v) => v as u64 as u128,
            ConstOp::F32(bits) => bits as u128,
            ConstOp::F64(bits) => bits as u128,
            ConstOp::V128(v) => v,
            ConstOp::RefNull => 0,
            ConstOp::GlobalGet(g) => (env.global)(g).ok_or(ConstExprError("unknown global"))?,
            ConstOp::RefFunc(f) => (env.func_ref)(f).ok_or(ConstExprError("unknown function"))? as u128,
            ConstOp::RefI31 => {
                let v = stack.pop().ok_or(ConstExprError("stack underflow"))?;
                wasm2native_abi::gc::i31_word(v as u32) as u128
            }
            ConstOp::StructNew(t) | ConstOp::StructNewDefault(t) => {
                let Some(CompositeType::Struct(fields)) = env.types.get(t as usize).map(|s| &s.composite) else {
                    return Err(ConstExprError("struct.new of a type that is not a struct"));
                };
                let layout = gc::struct_layout(fields);
                let values = match op {
                    ConstOp::StructNew(_) => popn(&mut stack, fields.len())?,
                    _ => Vec::new(),
                };
                let obj = new_object(env, t, layout.size as usize)?;
                for ((f, at), v) in fields.iter().zip(&layout.offsets).zip(values) {
                    // SAFETY: the field lies inside the fresh object.
                    unsafe { write_value(obj.add(*at as usize), f, v) };
                }
                obj as usize as u128
            }
            ConstOp::ArrayNew(t) | ConstOp::ArrayNewDefault(t) | ConstOp::ArrayNewFixed(t, _) => {
                let Some(CompositeType::Array(elem)) = env.types.get(t as usize).map(|s| &s.composite) else {
                    return Err(ConstExprError("array.new of a type that is not an array"));
                };
                let values = match op {
                    ConstOp::ArrayNewFixed(_, n) => popn(&mut stack, *n as usize)?,
                    ConstOp::ArrayNew(_) => {
                        let (init, len) = pop2(&mut stack)?;
                        vec![init; len as u32 as usize]
                    }
                    _ => vec![0; stack.pop().ok_or(ConstExprError("stack underflow"))? as u32 as usize],
                };
                let size = elem.storage.size();
                let len = values.len() as u32;
                let bytes = gc::array_size(size, len).ok_or(ConstExprError("array too large"))?;
                let obj = new_object(env, t, bytes as usize)?;
                // SAFETY: the length and the elements lie inside the fresh
                // array object.
                unsafe {
                    *(obj.add(gc::ARRAY_LEN_OFFSET as usize) as *mut u32) = len;
                    for (i, v) in values.into_iter().enumerate() {
                        write_value(obj.add(gc::ARRAY_ELEMS_OFFSET as usize + i * size as usize), elem, v);
                    }
                }
                obj as usize as u128
            }
            ConstOp::I32Add | ConstOp::I32Sub | ConstOp::I32Mul => {
                let (a, b) = pop2(&mut stack)?;
                let (a, b) = (a as u32, b as u32);
                (match op {
                    ConstOp::I32Add => a.wrapping_add(b),
                    ConstOp::I32Sub => a.wrapping_sub(b),
                    _ => a.wrapping_mul(b),
                }) as u128
            }
            ConstOp::I64Add | ConstOp::I64Sub | ConstOp::I64Mul => {
                let (a, b) = pop2(&mut stack)?;
                let (a, b) = (a as u64, b as u64);
                (match op {
                    ConstOp::I64Add => a.wrapping_add(b),
                    ConstOp::I64Sub => a.wrapping_sub(b),
                    _ => a.wrapping_mul(b),
                }) as u128
            }
        };
        stack.push(value);
    }
    match stack.as_slice() {
        [v] => Ok(*v),
        [] => Err(ConstExprError("no value")),
        _ => Err(ConstExprError("more than one value")),
    }
}

/// The top `n` values, bottom first.
fn popn(stack: &mut Vec<u128>, n: usize) -> Result<Vec<u128>, ConstExprError> {
    let at = stack.len().checked_sub(n).ok_or(ConstExprError("stack underflow"))?;
    Ok(stack.split_off(at))
}

/// A zeroed object of module type `t` and `size` bytes, its header written.
fn new_object(env: &ConstEnv<'_>, t: u32, size: usize) -> Result<*mut u8, ConstExprError> {
    let ty = (env.gc_type)(t).ok_or(ConstExprError("unknown struct or array type"))?;
    crate::gc::allocate_object(ty, size).map_err(|_| ConstExprError("the GC heap is exhausted"))
}

/// Writes `v` as a value of field `f` at `at` (its low bytes: packed
/// fields are truncated).
///
/// # Safety
/// `at` must be writable for the field's size.
unsafe fn write_value(at: *mut u8, f: &FieldType, v: u128) {
    let bytes = v.to_le_bytes();
    // SAFETY: as the caller guarantees.
    unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr(), at, f.storage.size() as usize) };
}

fn pop2(stack: &mut Vec<u128>) -> Result<(u128, u128), ConstExprError> {
    let b = stack.pop().ok_or(ConstExprError("stack underflow"))?;
    let a = stack.pop().ok_or(ConstExprError("stack underflow"))?;
    Ok((a, b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(ops: Vec<ConstOp>) -> Result<u128, ConstExprError> {
        let globals = [7u128, 0xffff_ffff];
        let env = ConstEnv {
            global: &|i| globals.get(i as usize).copied(),
            func_ref: &|i| (i < 3).then_some(0x1000 + i as usize * 32),
            types: &[],
            gc_type: &|_| None,
        };
        eval(&ConstExpr(ops), &env)
    }

    #[test]
    fn constants() {
        assert_eq!(run(vec![ConstOp::I32(-1)]), Ok(0xffff_ffff));
        assert_eq!(run(vec![ConstOp::I64(-1)]), Ok(u64::MAX as u128));
        assert_eq!(run(vec![ConstOp::F32(0x3f80_0000)]), Ok(0x3f80_0000));
        assert_eq!(run(vec![ConstOp::F64(1)]), Ok(1));
        assert_eq!(run(vec![ConstOp::V128(u128::MAX)]), Ok(u128::MAX));
        assert_eq!(run(vec![ConstOp::RefNull]), Ok(0));
        assert_eq!(run(vec![ConstOp::RefFunc(2)]), Ok(0x1040));
        assert_eq!(run(vec![ConstOp::I32(-1), ConstOp::RefI31]), Ok(0xffff_ffff));
        assert_eq!(run(vec![ConstOp::I32(2), ConstOp::RefI31]), Ok(5));
        assert_eq!(run(vec![ConstOp::GlobalGet(0)]), Ok(7));
    }

    #[test]
    fn extended_ops_wrap() {
        assert_eq!(run(vec![ConstOp::GlobalGet(1), ConstOp::I32(1), ConstOp::I32Add]), Ok(0));
        assert_eq!(run(vec![ConstOp::I32(1), ConstOp::I32(2), ConstOp::I32Sub]), Ok(0xffff_ffff));
        assert_eq!(run(vec![ConstOp::I32(0x10000), ConstOp::I32(0x10000), ConstOp::I32Mul]), Ok(0));
        assert_eq!(run(vec![ConstOp::I64(5), ConstOp::I64(7), ConstOp::I64Sub]), Ok(u64::MAX as u128 - 1));
        assert_eq!(run(vec![ConstOp::I64(i64::MAX), ConstOp::I64(1), ConstOp::I64Add]), Ok(1 << 63));
        assert_eq!(run(vec![ConstOp::I64(3), ConstOp::I64(-2), ConstOp::I64Mul]), Ok((-6i64) as u64 as u128));
    }

    #[test]
    fn malformed() {
        assert!(run(vec![]).is_err());
        assert!(run(vec![ConstOp::I32Add]).is_err());
        assert!(run(vec![ConstOp::I32(1), ConstOp::I32(1)]).is_err());
        assert!(run(vec![ConstOp::GlobalGet(9)]).is_err());
        assert!(run(vec![ConstOp::RefFunc(3)]).is_err());
    }
}
