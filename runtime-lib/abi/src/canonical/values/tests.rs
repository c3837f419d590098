use alloc::string::ToString;
use alloc::vec;

use super::*;

/// A guest with 64 KiB of memory, a bump `realloc` from 1024, and a
/// handle table that maps index `i` to representation `i + 100`.
struct TestGuest {
    memory: Vec<u8>,
    next: u32,
    lent: Vec<(ResourceId, u32)>,
}

impl TestGuest {
    fn new() -> TestGuest {
        TestGuest { memory: vec![0; 65536], next: 1024, lent: Vec::new() }
    }
}

impl Guest for TestGuest {
    fn memory(&mut self) -> &mut [u8] {
        &mut self.memory
    }
    fn realloc(&mut self, _old: u32, _old_size: u32, align: u32, size: u32) -> Result<u32> {
        let ptr = align_to(self.next, align);
        self.next = ptr + size;
        Ok(ptr)
    }
    fn lift_own(&mut self, _: ResourceId, index: u32) -> Result<u32> {
        if index == 0 {
            return trap("unknown handle index 0");
        }
        Ok(index + 100)
    }
    fn lift_borrow(&mut self, r: ResourceId, index: u32) -> Result<u32> {
        self.lift_own(r, index)
    }
    fn lower_own(&mut self, r: ResourceId, rep: u32) -> Result<u32> {
        self.lent.push((r, rep));
        Ok(rep - 100)
    }
    fn lower_borrow(&mut self, r: ResourceId, rep: u32) -> Result<u32> {
        self.lower_own(r, rep)
    }
}

fn boxed(t: ValType) -> Box<ValType> {
    Box::new(t)
}

/// A record using every kind of type.
fn everything() -> (ValType, Val) {
    let t = ValType::Record(vec![
        ("flag".into(), ValType::Bool),
        ("small".into(), ValType::S8),
        ("text".into(), ValType::String),
        ("nums".into(), ValType::List(boxed(ValType::U16))),
        ("c".into(), ValType::Option(boxed(ValType::Char))),
        ("r".into(), ValType::Result { ok: Some(boxed(ValType::U64)), err: Some(boxed(ValType::String)) }),
        ("f".into(), ValType::Flags((0..40).map(|i| i.to_string()).collect())),
        ("e".into(), ValType::Enum(vec!["a".into(), "b".into(), "c".into()])),
        ("t".into(), ValType::Tuple(vec![ValType::F32, ValType::F64, ValType::S64])),
        ("h".into(), ValType::Own(ResourceId(3))),
        ("v".into(), ValType::Variant(vec![("x".into(), Some(ValType::F32)), ("y".into(), Some(ValType::U64)), ("z".into(), None)])),
    ]);
    let v = Val::Record(vec![
        Val::Bool(true),
        Val::S8(-5),
        Val::String("héllo, 日本".into()),
        Val::List(vec![Val::U16(1), Val::U16(65535)]),
        Val::Variant(1, Some(Box::new(Val::Char('🦀')))),
        Val::Variant(1, Some(Box::new(Val::String("bad".into())))),
        Val::Flags(vec![0x8000_0001, 0x80]),
        Val::Variant(2, None),
        Val::Record(vec![Val::F32(1.5), Val::F64(-2.25), Val::S64(i64::MIN)]),
        Val::Own(107),
        Val::Variant(0, Some(Box::new(Val::F32(3.5)))),
    ]);
    (t, v)
}

#[test]
fn values_round_trip_through_memory_in_every_encoding() {
    let (t, v) = everything();
    for enc in [StringEncoding::Utf8, StringEncoding::Utf16, StringEncoding::CompactUtf16] {
        let mut g = TestGuest::new();
        store(&mut g, enc, &t, &v, 64).unwrap();
        assert_eq!(load(&mut g, enc, &t, 64).unwrap(), v, "{enc:?}");
        // The own handle went into the guest's table and came back out.
        assert_eq!(g.lent, [(ResourceId(3), 107)]);
    }
}

#[test]
fn values_round_trip_through_flat_values() {
    let (t, v) = everything();
    let mut g = TestGuest::new();
    let mut flat = Vec::new();
    lower_flat(&mut g, StringEncoding::Utf8, &t, &v, &mut flat).unwrap();
    assert_eq!(flat.len(), flatten_all([&t]).len());
    assert_eq!(lift_flat(&mut g, StringEncoding::Utf8, &t, &mut flat.into_iter()).unwrap(), v);
}

#[test]
fn a_joined_payload_keeps_its_bits() {
    // variant { x(f32), y(u64) }: flat [i32, i64]; x's f32 travels in the
    // i64 slot as its bits, zero-extended.
    let t = ValType::Variant(vec![("x".into(), Some(ValType::F32)), ("y".into(), Some(ValType::U64))]);
    let mut g = TestGuest::new();
    let mut flat = Vec::new();
    lower_flat(&mut g, StringEncoding::Utf8, &t, &Val::Variant(0, Some(Box::new(Val::F32(-1.0)))), &mut flat).unwrap();
    assert_eq!(flat, [0, u64::from((-1.0f32).to_bits())]);
}

#[test]
fn strings_are_transcoded_to_the_guest_encoding() {
    let mut g = TestGuest::new();
    let (p, n) = lower_string(&mut g, StringEncoding::CompactUtf16, "héllo").unwrap();
    assert_eq!(n, 5, "latin-1 fits: no tag");
    assert_eq!(&g.memory[p as usize..p as usize + 5], "héllo".chars().map(|c| c as u8).collect::<Vec<_>>().as_slice());
    let (p, n) = lower_string(&mut g, StringEncoding::CompactUtf16, "日本").unwrap();
    assert_eq!(n, 2 | UTF16_TAG);
    assert_eq!(lift_string(&mut g, StringEncoding::CompactUtf16, p, n).unwrap(), "日本");
    let (p, n) = lower_string(&mut g, StringEncoding::Utf16, "a🦀").unwrap();
    assert_eq!(n, 3, "a surrogate pair is two code units");
    assert_eq!(lift_string(&mut g, StringEncoding::Utf16, p, n).unwrap(), "a🦀");
}

#[test]
fn bad_strings_lists_and_discriminants_trap() {
    let mut g = TestGuest::new();
    g.memory[10] = 0xff;
    fn err<T: core::fmt::Debug>(r: Result<T>) -> String {
        r.unwrap_err().0
    }
    assert_eq!(err(lift_string(&mut g, StringEncoding::Utf8, 10, 1)), "invalid utf-8 string");
    g.memory[20..22].copy_from_slice(&0xd800u16.to_le_bytes());
    assert_eq!(err(lift_string(&mut g, StringEncoding::Utf16, 20, 1)), "invalid utf-16 string");
    assert_eq!(err(lift_string(&mut g, StringEncoding::Utf16, 21, 1)), "string pointer is not aligned");
    assert_eq!(err(lift_string(&mut g, StringEncoding::Utf8, 65530, 7)), "string pointer/length out of bounds of memory");
    let list = ValType::List(boxed(ValType::U32));
    let mut flat = [65532u64, 2].into_iter();
    assert_eq!(err(lift_flat(&mut g, StringEncoding::Utf8, &list, &mut flat)), "list pointer/length out of bounds of memory");
    let mut flat = [2u64, 1].into_iter();
    assert_eq!(err(lift_flat(&mut g, StringEncoding::Utf8, &list, &mut flat)), "list pointer is not aligned");
    let option = ValType::Option(boxed(ValType::U8));
    assert_eq!(err(lift_flat(&mut g, StringEncoding::Utf8, &option, &mut [2u64, 0].into_iter())), "invalid variant discriminant 2");
    assert_eq!(err(lift_flat(&mut g, StringEncoding::Utf8, &ValType::Char, &mut [0xd800u64].into_iter())), "invalid `char` bit pattern");
    assert_eq!(
        err(lift_flat(&mut g, StringEncoding::Utf8, &ValType::Own(ResourceId(0)), &mut [0u64].into_iter())),
        "unknown handle index 0"
    );
}

#[test]
fn many_arguments_and_wide_results_go_through_memory() {
    let mut g = TestGuest::new();
    // 17 u32 parameters: a pointer to them as a tuple.
    let f = FuncType { params: (0..17).map(|i| (i.to_string(), ValType::U32)).collect(), result: Some(ValType::String) };
    for i in 0..17u32 {
        g.memory[(256 + 4 * i) as usize..(260 + 4 * i) as usize].copy_from_slice(&(i * 3).to_le_bytes());
    }
    let args = lift_args(&mut g, StringEncoding::Utf8, &f, &[256, 512], false).unwrap();
    assert_eq!(args, (0..17).map(|i| Val::U32(i * 3)).collect::<Vec<_>>());
    // A string result is stored at the return pointer (the last argument).
    let flat = lower_result(&mut g, StringEncoding::Utf8, &f, Some(&Val::String("ok".into())), &[256, 512], false).unwrap();
    assert!(flat.is_empty());
    assert_eq!(load(&mut g, StringEncoding::Utf8, &ValType::String, 512).unwrap(), Val::String("ok".into()));
    // A u32 result is the flat result.
    let g32 = FuncType { params: vec![], result: Some(ValType::U32) };
    assert_eq!(lower_result(&mut g, StringEncoding::Utf8, &g32, Some(&Val::U32(7)), &[], false).unwrap(), [7]);
    assert!(lower_result(&mut g, StringEncoding::Utf8, &g32, None, &[], false).is_err());
}

#[test]
fn values_of_the_wrong_type_are_refused_not_stored() {
    let mut g = TestGuest::new();
    let err = store(&mut g, StringEncoding::Utf8, &ValType::U32, &Val::String("x".into()), 0).unwrap_err();
    assert!(err.0.contains("does not have type"), "{err:?}");
}

#[test]
fn calls_into_a_lifted_function_spill_many_arguments_and_wide_results() {
    let mut g = TestGuest::new();
    // Few arguments are flat; 17 go to memory the callee's realloc gives.
    let few = FuncType { params: vec![("a".into(), ValType::U8), ("b".into(), ValType::F64)], result: Some(ValType::U32) };
    let flat = lower_args(&mut g, StringEncoding::Utf8, &few, &[Val::U8(3), Val::F64(0.5)]).unwrap();
    assert_eq!(flat, [3, 0.5f64.to_bits()]);
    assert_eq!(lift_results(&mut g, StringEncoding::Utf8, &few, &[9]).unwrap(), Some(Val::U32(9)));
    assert!(lower_args(&mut g, StringEncoding::Utf8, &few, &[Val::U8(3)]).is_err());
    let many = FuncType { params: (0..17).map(|i| (i.to_string(), ValType::U32)).collect(), result: Some(ValType::String) };
    let args: Vec<Val> = (0..17).map(|i| Val::U32(i * 5)).collect();
    let flat = lower_args(&mut g, StringEncoding::Utf8, &many, &args).unwrap();
    assert_eq!(flat.len(), 1);
    assert_eq!(lift_args(&mut g, StringEncoding::Utf8, &many, &flat, false).unwrap(), args);
    // A string result comes back through the pointer the callee returns.
    let (p, n) = lower_string(&mut g, StringEncoding::Utf8, "wide").unwrap();
    g.memory[2048..2052].copy_from_slice(&p.to_le_bytes());
    g.memory[2052..2056].copy_from_slice(&n.to_le_bytes());
    assert_eq!(lift_results(&mut g, StringEncoding::Utf8, &many, &[2048]).unwrap(), Some(Val::String("wide".into())));
    assert!(lift_results(&mut g, StringEncoding::Utf8, &many, &[2049]).unwrap_err().0.contains("not aligned"));
}
