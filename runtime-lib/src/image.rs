//! Placing a module's initial-memory images (`meta::MemoryImage`): the
//! compiler merged each memory's active data segments into one page-aligned
//! block inside the executable; here it is mapped copy-on-write over the
//! memory from the executable file, so a large program's data is neither
//! copied nor faulted in until used (clang's 9.4 MB of data segments were
//! most of its start-up). Where mapping is not possible (explicit bounds
//! checks, whose memories move with `mremap`; code loaded from a shared
//! library; an unusual layout) the image is copied instead.

use std::ffi::{c_int, c_void};

use wasm2native_abi::meta::BoundsChecks;

use crate::{Memory, OutOfBounds};

/// Puts `image` at byte `offset` of `memory`.
pub(crate) fn place(memory: &Memory, offset: u64, image: &'static [u8]) -> Result<(), OutOfBounds> {
    crate::checked_range(offset, image.len() as u64, memory.data_size()).ok_or(OutOfBounds)?;
    if memory.bounds_checks() == BoundsChecks::Guard && map(memory, offset, image) {
        return Ok(());
    }
    memory.write(offset, image)
}

/// Maps `image` (in range, checked by the caller) over the memory; false
/// when it cannot, with the memory as it was.
#[cfg(any(target_os = "linux", target_os = "android"))]
fn map(memory: &Memory, offset: u64, image: &'static [u8]) -> bool {
    // SAFETY: getauxval only reads the auxiliary vector.
    let page = unsafe { libc::getauxval(libc::AT_PAGESZ) } as usize;
    let dst = memory.data_ptr() as usize + offset as usize;
    let aligned = |v: usize| page.is_power_of_two() && v.is_multiple_of(page);
    if !(aligned(dst) && aligned(image.len()) && aligned(image.as_ptr() as usize)) || image.is_empty() {
        return false;
    }
    let Some(file_offset) = main_program_file_offset(image) else { return false };
    if !aligned(file_offset) {
        return false;
    }
    // The executable itself, whatever its path now (and the kernel refuses
    // writes to a running executable, so the bytes cannot change under us).
    // SAFETY: a valid C string; the descriptor is closed below.
    let fd = unsafe { libc::open(c"/proc/self/exe".as_ptr(), libc::O_RDONLY | libc::O_CLOEXEC) };
    if fd < 0 {
        return false;
    }
    // SAFETY: `dst .. dst + len` lies inside the memory's accessible pages
    // (checked by `place`), which this memory owns and nothing else uses
    // during instantiation; MAP_FIXED replaces exactly those pages.
    let mapped = unsafe { map_fixed(dst, image.len(), libc::MAP_PRIVATE, fd, file_offset) };
    // SAFETY: our descriptor.
    unsafe { libc::close(fd) };
    if mapped {
        return true;
    }
    // A failed MAP_FIXED may have unmapped the range: make it fresh zeroed
    // memory again, then the caller copies.
    // SAFETY: as above, anonymous this time.
    let restored = unsafe { map_fixed(dst, image.len(), libc::MAP_PRIVATE | libc::MAP_ANONYMOUS, -1, 0) };
    assert!(restored, "cannot restore linear memory after a failed image mapping");
    false
}

/// `mmap(dst, len, PROT_READ | PROT_WRITE, flags | MAP_FIXED, fd, offset)`;
/// whether it succeeded.
///
/// # Safety
/// `dst .. dst + len` must be pages nothing else refers to.
#[cfg(any(target_os = "linux", target_os = "android"))]
unsafe fn map_fixed(dst: usize, len: usize, flags: c_int, fd: c_int, offset: usize) -> bool {
    let prot = libc::PROT_READ | libc::PROT_WRITE;
    // SAFETY: forwarded to the caller.
    let p = unsafe { libc::mmap(dst as *mut c_void, len, prot, flags | libc::MAP_FIXED, fd, offset as libc::off_t) };
    p as usize == dst
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn map(_memory: &Memory, _offset: u64, _image: &'static [u8]) -> bool {
    false
}

/// Where `bytes` sit in the main program's file, if they are part of a
/// loaded segment's file contents (not a shared library's, not `.bss`).
#[cfg(any(target_os = "linux", target_os = "android"))]
fn main_program_file_offset(bytes: &[u8]) -> Option<usize> {
    struct Search {
        start: usize,
        end: usize,
        found: Option<usize>,
    }
    unsafe extern "C" fn visit(info: *mut libc::dl_phdr_info, _size: usize, data: *mut c_void) -> c_int {
        // SAFETY: dl_iterate_phdr passes a valid info; `data` is our Search.
        let (info, search) = unsafe { (&*info, &mut *(data as *mut Search)) };
        // The main program is reported first (its name is "" for glibc,
        // "/" for static musl); returning non-zero ends the iteration there.
        if info.dlpi_phdr.is_null() {
            return 1;
        }
        // SAFETY: `dlpi_phdr` holds `dlpi_phnum` program headers.
        let phdrs = unsafe { std::slice::from_raw_parts(info.dlpi_phdr, info.dlpi_phnum as usize) };
        for ph in phdrs.iter().filter(|p| p.p_type == libc::PT_LOAD) {
            let seg_start = info.dlpi_addr as usize + ph.p_vaddr as usize;
            let file_end = seg_start + ph.p_filesz as usize;
            if search.start >= seg_start && search.end <= file_end {
                search.found = Some(search.start - seg_start + ph.p_offset as usize);
            }
        }
        1
    }
    let mut search = Search { start: bytes.as_ptr() as usize, end: bytes.as_ptr() as usize + bytes.len(), found: None };
    // SAFETY: `visit` matches the callback type and only touches `search`.
    unsafe { libc::dl_iterate_phdr(Some(visit), &mut search as *mut Search as *mut c_void) };
    search.found
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm2native_abi::meta::{Limits, MemoryType};

    /// An image inside this test executable's file, like the compiler's.
    #[repr(C, align(65536))]
    struct Image([u8; 2 * 65536]);

    static IMAGE: Image = {
        let mut b = [0u8; 2 * 65536];
        let mut i = 0;
        while i < b.len() {
            b[i] = (i % 251) as u8 + 1;
            i += 1;
        }
        Image(b)
    };

    fn memory(mode: BoundsChecks) -> Memory {
        let ty = MemoryType::new(Limits { min: 4, max: None }, false);
        Memory::new(ty, mode).unwrap()
    }

    fn check(m: &Memory) {
        let mut buf = vec![0u8; 4 * 65536];
        m.read(0, &mut buf).unwrap();
        assert!(buf[..65536].iter().all(|&b| b == 0));
        assert_eq!(&buf[65536..3 * 65536], &IMAGE.0[..]);
        assert!(buf[3 * 65536..].iter().all(|&b| b == 0));
    }

    #[test]
    fn the_image_is_found_in_the_executable_file() {
        let offset = main_program_file_offset(&IMAGE.0).expect("in the test executable's file");
        let file = std::fs::read("/proc/self/exe").unwrap();
        assert_eq!(&file[offset..offset + IMAGE.0.len()], &IMAGE.0[..]);
        let heap = vec![1u8; 16];
        assert_eq!(main_program_file_offset(&heap), None);
    }

    #[test]
    fn mapped_in_guard_mode_copied_in_explicit_mode_same_contents() {
        for mode in [BoundsChecks::Guard, BoundsChecks::Explicit] {
            let m = memory(mode);
            place(&m, 65536, &IMAGE.0).unwrap();
            check(&m);
            // Private: writes go to this memory only, and growing keeps them.
            m.write(65536 + 5, b"xyz").unwrap();
            assert_eq!(m.grow(2), Some(4));
            let mut buf = [0u8; 4];
            m.read(65536 + 4, &mut buf).unwrap();
            assert_eq!(buf, [IMAGE.0[4], b'x', b'y', b'z']);
            assert_eq!(IMAGE.0[5], 6);
            let fresh = memory(mode);
            place(&fresh, 65536, &IMAGE.0).unwrap();
            check(&fresh);
        }
        let m = memory(BoundsChecks::Guard);
        assert!(map(&m, 65536, &IMAGE.0), "guard-mode memories take the mapping");
        check(&m);
        assert_eq!(place(&m, 3 * 65536, &IMAGE.0), Err(OutOfBounds));
    }
}
