//! The initial-memory image: memory 0's active data segments merged into
//! one block aligned to [`MEMORY_IMAGE_ALIGN`] in memory and in the object,
//! which the runtime maps copy-on-write from the executable instead of
//! copying the segments one by one at every start (see
//! `runtime-lib/src/image.rs`).

use wasm2native_abi::meta::{ConstOp, DataSegment, MemoryImage, SegmentMode};
use wasm2native_abi::MEMORY_IMAGE_ALIGN;

use crate::module_info::ModuleInfo;

/// Below this many bytes of active data, copying at instantiation costs less
/// than opening and mapping the executable.
pub const MIN_DATA_BYTES: u64 = 64 << 10;

/// An image and where it goes.
#[derive(Debug, PartialEq)]
pub struct Image {
    /// Where in memory 0, and how long.
    pub placement: MemoryImage,
    /// Its bytes (`placement.len` of them).
    pub bytes: Vec<u8>,
}

/// The image of the active segments in `data`, emptying their bytes (their
/// offsets stay, so the bounds checks and the order of instantiation are
/// unchanged); `None`, with `data` untouched, unless memory 0 is defined,
/// every active segment targets it at a constant offset inside its initial
/// size (so none can trap), there are at least [`MIN_DATA_BYTES`] of them,
/// and the image would not be mostly zeros.
pub fn build(info: &ModuleInfo<'_>, data: &mut [DataSegment<'_>]) -> Option<Image> {
    let memory = info.memories.first()?;
    if info.num_imported_memories != 0 || memory.memory64 || memory.shared {
        return None;
    }
    let size = memory.limits.min.checked_mul(memory.page_size())?;
    let mut spans = Vec::new();
    for (i, segment) in data.iter().enumerate() {
        let SegmentMode::Active { index, offset } = &segment.mode else { continue };
        let [ConstOp::I32(start)] = offset.0.as_slice() else { return None };
        let start = u64::from(*start as u32);
        let end = start + segment.bytes.len() as u64;
        if *index != 0 || end > size {
            return None;
        }
        spans.push((i, start, end));
    }
    let total: u64 = spans.iter().map(|(_, s, e)| e - s).sum();
    let lo = spans.iter().map(|s| s.1).min()? / MEMORY_IMAGE_ALIGN * MEMORY_IMAGE_ALIGN;
    let hi = spans.iter().map(|s| s.2).max()?.div_ceil(MEMORY_IMAGE_ALIGN) * MEMORY_IMAGE_ALIGN;
    if total < MIN_DATA_BYTES || hi - lo > 4 * total {
        return None;
    }
    // `hi` stays inside the memory: `size` is a multiple of the alignment.
    let mut bytes = vec![0u8; (hi - lo) as usize];
    for &(i, start, end) in &spans {
        // Later segments overwrite earlier ones, as applying them in order does.
        bytes[(start - lo) as usize..(end - lo) as usize].copy_from_slice(data[i].bytes);
        data[i].bytes = &[];
    }
    Some(Image { placement: MemoryImage { offset: lo, len: hi - lo }, bytes })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::module_info::parse;

    fn image_of(wat: &str) -> (Option<Image>, Vec<usize>) {
        let wasm = wat::parse_str(wat).unwrap();
        let info = parse(&wasm, Default::default()).unwrap();
        let mut data = info.data.clone();
        let image = build(&info, &mut data);
        (image, data.iter().map(|d| d.bytes.len()).collect())
    }

    fn big(n: usize, byte: char) -> String {
        std::iter::repeat_n(byte, n).collect()
    }

    #[test]
    fn merges_active_segments_in_order() {
        let wat = format!(
            r#"(module (memory 4)
                (data (i32.const 70000) "{a}")
                (data "passive")
                (data (i32.const 70002) "bb"))"#,
            a = big(70000, 'a')
        );
        let (image, lens) = image_of(&wat);
        let image = image.expect("an image");
        assert_eq!(image.placement, MemoryImage { offset: 65536, len: 2 * 65536 });
        assert_eq!(image.bytes.len(), 2 * 65536);
        let at = |addr: usize| image.bytes[addr - 65536];
        assert_eq!((at(69999), at(70000), at(70001), at(70002), at(70003), at(70004)), (0, b'a', b'a', b'b', b'b', b'a'));
        assert_eq!(at(140000), 0);
        assert_eq!(lens, vec![0, 7, 0], "active segments emptied, passive kept");
    }

    #[test]
    fn only_when_it_pays_and_cannot_change_behaviour() {
        let a = big(70000, 'a');
        for (why, wat) in [
            ("too little data", r#"(module (memory 1) (data (i32.const 0) "x"))"#.to_string()),
            ("imported memory", format!(r#"(module (import "m" "m" (memory 4)) (data (i32.const 0) "{a}"))"#)),
            ("offset from a global", format!(r#"(module (import "m" "g" (global i32)) (memory 4) (data (global.get 0) "{a}"))"#)),
            ("traps: past the initial size", format!(r#"(module (memory 1 4) (data (i32.const 0) "{a}"))"#)),
            ("mostly zeros", format!(r#"(module (memory 100) (data (i32.const 0) "{a}") (data (i32.const 6000000) "z"))"#)),
        ] {
            let (image, lens) = image_of(&wat);
            assert!(image.is_none(), "{why}");
            assert!(lens.iter().all(|&l| l > 0), "{why}: segments untouched");
        }
    }
}
