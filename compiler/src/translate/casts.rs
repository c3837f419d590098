//! The GC proposal's reference operators that read no object's fields:
//! `ref.i31`, `i31.get_s/u`, `ref.eq`, the conversions between `any` and
//! `extern`, and the type tests (`ref.test`, `ref.cast`, `br_on_cast`,
//! `br_on_cast_fail`).
//!
//! A reference is one word (the abi's `gc` module): 0 is null, bit 0 set an
//! i31, low bits `10` a host value, anything else a GC object whose header
//! points to its `VMGcType`. A test against a defined struct or array type
//! is one load of the header and one of the type's supertype display at
//! the target's depth (known here from the module's types), compared with
//! the target's canonical id: constant time whatever the hierarchy. A test
//! against a function type compares the function reference's signature id,
//! and asks the runtime only when the target type has subtypes (is not
//! final) and the ids differ.

use core::mem::offset_of;

use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{types, InstBuilder, MemFlagsData, Value};
use wasm2native_abi::gc::{self, VMGcType};
use wasm2native_abi::meta::{HeapType, RefType, TypeKind};
use wasm2native_abi::{TrapKind, VMBuiltins, VMContext, VMFuncRef};
use wasmparser::Operator;

use super::FuncTranslator;
use crate::error::Result;
use crate::module_info::{heap_type, ref_type};

impl FuncTranslator<'_, '_> {
    pub(super) fn translate_cast(&mut self, op: &Operator<'_>) -> Result<()> {
        use Operator as O;
        let ptr = self.env.pointer_type;
        match *op {
            O::RefI31 => {
                let x = self.pop();
                let shifted = self.ins().ishl_imm_u(x, 1);
                let word = self.ins().bor_imm_u(shifted, gc::I31_TAG as i64);
                let v = self.ins().uextend(ptr, word);
                self.push(v);
            }
            O::I31GetS | O::I31GetU => {
                let r = self.pop();
                self.trap_if_null(r, TrapKind::NullI31Reference);
                let low = self.ins().ireduce(types::I32, r);
                let v = match op {
                    O::I31GetS => self.ins().sshr_imm_u(low, 1),
                    _ => self.ins().ushr_imm_u(low, 1),
                };
                self.push(v);
            }
            O::RefEq => {
                let (a, b) = self.pop2();
                let eq = self.ins().icmp(IntCC::Equal, a, b);
                let v = self.bool_to_i32(eq);
                self.push(v);
            }
            // One representation for both hierarchies.
            O::AnyConvertExtern | O::ExternConvertAny => {}
            O::RefTestNonNull { hty } | O::RefTestNullable { hty } => {
                let target = RefType { nullable: matches!(op, O::RefTestNullable { .. }), heap: heap_type(hty)? };
                let r = self.pop();
                let ok = self.ref_test(r, target, None);
                let v = self.bool_to_i32(ok);
                self.push(v);
            }
            O::RefCastNonNull { hty } | O::RefCastNullable { hty } => {
                let target = RefType { nullable: matches!(op, O::RefCastNullable { .. }), heap: heap_type(hty)? };
                let r = *self.values.last().expect("validated: a reference");
                let ok = self.ref_test(r, target, None);
                self.ins().trapz(ok, Self::trap_code(TrapKind::CastFailure));
            }
            O::BrOnCast { relative_depth, from_ref_type, to_ref_type }
            | O::BrOnCastFail { relative_depth, from_ref_type, to_ref_type } => {
                let from = ref_type(from_ref_type)?;
                let to = ref_type(to_ref_type)?;
                let r = *self.values.last().expect("validated: a reference");
                let ok = self.ref_test(r, to, Some(from));
                let (dest, arity) = self.branch_target(relative_depth);
                let args: Vec<_> = self.peekn(arity).iter().map(|v| (*v).into()).collect();
                let cont = self.builder.create_block();
                if matches!(op, O::BrOnCast { .. }) {
                    self.ins().brif(ok, dest, &args, cont, &[]);
                } else {
                    self.ins().brif(ok, cont, &[], dest, &args);
                }
                self.builder.seal_block(cont);
                self.builder.switch_to_block(cont);
            }
            _ => unreachable!("not a cast operator: {op:?}"),
        }
        Ok(())
    }

    /// Whether reference `r` is a value of `target` (an `i8` 0 or 1).
    /// `source`, when known, is `r`'s static type: a target it already
    /// matches needs only the null test.
    pub(crate) fn ref_test(&mut self, r: Value, target: RefType, source: Option<RefType>) -> Value {
        use HeapType as H;
        let info = self.env.info;
        if source.is_some_and(|s| s.heap.matches_in(target.heap, |t| info.type_kind(t), |a, b| info.is_subtype(a, b))) {
            return self.non_null_or(r, target.nullable);
        }
        match target.heap {
            H::Any | H::Func | H::Extern | H::Exn => self.non_null_or(r, target.nullable),
            H::None | H::NoFunc | H::NoExtern | H::NoExn => match target.nullable {
                true => self.ins().icmp_imm_u(IntCC::Equal, r, 0),
                false => self.ins().iconst(types::I8, 0),
            },
            // i31s and objects, not host values (null passes the test: its
            // low bits are 00).
            H::Eq => {
                let low = self.ins().band_imm_u(r, gc::TAG_MASK as i64);
                let eq = self.ins().icmp_imm_u(IntCC::NotEqual, low, gc::HOST_TAG as i64);
                match target.nullable {
                    true => eq,
                    false => {
                        let non_null = self.ins().icmp_imm_u(IntCC::NotEqual, r, 0);
                        self.ins().band(eq, non_null)
                    }
                }
            }
            H::I31 => {
                let bit = self.ins().band_imm_u(r, gc::I31_TAG as i64);
                let i31 = self.ins().icmp_imm_u(IntCC::NotEqual, bit, 0);
                self.or_null(r, i31, target.nullable)
            }
            H::Struct => self.object_test(r, target.nullable, ObjectTest::Kind(gc::KIND_STRUCT)),
            H::Array => self.object_test(r, target.nullable, ObjectTest::Kind(gc::KIND_ARRAY)),
            H::Concrete(t) => match info.type_kind(t) {
                TypeKind::Struct | TypeKind::Array => self.object_test(r, target.nullable, ObjectTest::Type(t)),
                TypeKind::Func => self.funcref_test(r, target.nullable, t),
            },
        }
    }

    /// `r != 0`, or 1 when null passes too.
    fn non_null_or(&mut self, r: Value, nullable: bool) -> Value {
        match nullable {
            true => self.ins().iconst(types::I8, 1),
            false => self.ins().icmp_imm_u(IntCC::NotEqual, r, 0),
        }
    }

    /// `test`, or-ed with `r == 0` when null passes.
    fn or_null(&mut self, r: Value, test: Value, nullable: bool) -> Value {
        match nullable {
            true => {
                let null = self.ins().icmp_imm_u(IntCC::Equal, r, 0);
                self.ins().bor(test, null)
            }
            false => test,
        }
    }

    /// A test that reads the object's type: it branches around the loads
    /// for null, i31s and host values.
    fn object_test(&mut self, r: Value, nullable: bool, test: ObjectTest) -> Value {
        let ptr = self.env.pointer_type;
        let object = self.builder.create_block();
        let done = self.builder.create_block();
        let result = self.builder.append_block_param(done, types::I8);
        let low = self.ins().band_imm_u(r, gc::TAG_MASK as i64);
        let tagged = self.ins().icmp_imm_u(IntCC::NotEqual, low, 0);
        let null = self.ins().icmp_imm_u(IntCC::Equal, r, 0);
        let not_object = self.ins().bor(tagged, null);
        // Not an object: only a null may pass, when `nullable`.
        let other = match nullable {
            true => null,
            false => self.ins().iconst(types::I8, 0),
        };
        self.ins().brif(not_object, done, &[other.into()], object, &[]);
        self.builder.seal_block(object);
        self.builder.switch_to_block(object);
        let flags = MemFlagsData::trusted();
        let header = self.ins().load(ptr, flags, r, gc::HEADER_TYPE_OFFSET);
        let ok = match test {
            ObjectTest::Kind(kind) => {
                let k = self.ins().load(types::I32, flags, header, offset_of!(VMGcType, kind) as i32);
                self.ins().icmp_imm_u(IntCC::Equal, k, i64::from(kind))
            }
            ObjectTest::Type(t) => {
                let depth = self.env.info.type_depth(t) as usize;
                let at = offset_of!(VMGcType, display) + 4 * depth;
                let id = self.ins().load(types::I32, flags, header, at as i32);
                let expected = self.canonical_type_id(t);
                self.ins().icmp(IntCC::Equal, id, expected)
            }
        };
        self.ins().jump(done, &[ok.into()]);
        self.builder.seal_block(done);
        self.builder.switch_to_block(done);
        result
    }

    /// Whether function reference `r` is of defined function type `t`.
    fn funcref_test(&mut self, r: Value, nullable: bool, t: u32) -> Value {
        let func = self.builder.create_block();
        let done = self.builder.create_block();
        let result = self.builder.append_block_param(done, types::I8);
        let on_null = self.ins().iconst(types::I8, i64::from(nullable));
        self.ins().brif(r, func, &[], done, &[on_null.into()]);
        self.builder.seal_block(func);
        self.builder.switch_to_block(func);
        let actual = self.ins().load(types::I32, MemFlagsData::trusted(), r, offset_of!(VMFuncRef, type_id) as i32);
        let ok = self.func_type_matches(actual, t);
        self.ins().jump(done, &[ok.into()]);
        self.builder.seal_block(done);
        self.builder.switch_to_block(done);
        result
    }

    /// Whether canonical signature id `actual` is of module type `t` (an
    /// `i8`): one comparison when `t` is final, else the runtime decides
    /// when the ids differ.
    pub(crate) fn func_type_matches(&mut self, actual: Value, t: u32) -> Value {
        let expected = self.canonical_type_id(t);
        let eq = self.ins().icmp(IntCC::Equal, actual, expected);
        if self.env.info.types[t as usize].is_final {
            return eq;
        }
        let ask = self.builder.create_block();
        let done = self.builder.create_block();
        let result = self.builder.append_block_param(done, types::I8);
        self.ins().brif(eq, done, &[eq.into()], ask, &[]);
        self.builder.seal_block(ask);
        self.builder.switch_to_block(ask);
        let answer = self.call_builtin(
            "func_subtype",
            offset_of!(VMBuiltins, func_subtype),
            &[types::I32, types::I32],
            &[types::I32],
            &[actual, expected],
        )[0];
        let sub = self.ins().icmp_imm_u(IntCC::NotEqual, answer, 0);
        self.ins().jump(done, &[sub.into()]);
        self.builder.seal_block(done);
        self.builder.switch_to_block(done);
        result
    }

    /// The canonical id of module type `t` (from the instance's type ids).
    pub(crate) fn canonical_type_id(&mut self, t: u32) -> Value {
        let ptr = self.env.pointer_type;
        let type_ids = self.load_fixed(ptr, self.vmctx, offset_of!(VMContext, type_ids));
        self.load_fixed(types::I32, type_ids, t as usize * 4)
    }
}

/// What [`FuncTranslator::object_test`] compares.
#[derive(Clone, Copy)]
enum ObjectTest {
    /// The type's kind (`struct` or `array`).
    Kind(u32),
    /// A defined type (its display entry).
    Type(u32),
}

