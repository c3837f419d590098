//! Linking objects into a shared library with the system C compiler, and
//! loading it with `dlopen`. The only module with `unsafe` code besides the
//! calls into the runtime.

use std::ffi::{c_void, CStr, CString};
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use wasm2native_abi::{ModuleDescriptor, ABI_VERSION};

/// The C compiler used as linker: `$CC`, else `cc`.
fn linker() -> String {
    std::env::var("CC")
        .ok()
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "cc".to_string())
}

/// Links `objects` into the shared library `output`.
pub fn link_shared(objects: &[PathBuf], output: &Path) -> Result<(), String> {
    let cc = linker();
    let out = Command::new(&cc)
        .arg("-shared")
        .arg("-nostdlib")
        // Symbols of this library resolve inside it, never to another
        // library loaded earlier.
        .arg("-Wl,-Bsymbolic")
        .arg("-o")
        .arg(output)
        .args(objects)
        .output()
        .map_err(|e| format!("cannot run `{cc}`: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "`{cc} -shared` failed ({}):\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim_end()
        ))
    }
}

/// A `dlopen`ed library, closed on drop.
pub struct Library {
    handle: *mut c_void,
}

fn dl_error() -> String {
    // SAFETY: dlerror returns null or a NUL-terminated string valid until
    // the next dl* call on this thread; we copy it at once.
    unsafe {
        let e = libc::dlerror();
        if e.is_null() {
            "unknown dlopen error".to_string()
        } else {
            CStr::from_ptr(e).to_string_lossy().into_owned()
        }
    }
}

impl Library {
    /// Loads the library at `path` (symbols stay local to it).
    pub fn open(path: &Path) -> Result<Library, String> {
        let c = CString::new(path.as_os_str().as_bytes())
            .map_err(|_| "path contains NUL".to_string())?;
        // SAFETY: `c` is a valid C string. The library has no initializers
        // (it is made only of wasm2native objects, linked -nostdlib).
        let handle = unsafe { libc::dlopen(c.as_ptr(), libc::RTLD_NOW | libc::RTLD_LOCAL) };
        if handle.is_null() {
            return Err(format!("dlopen {}: {}", path.display(), dl_error()));
        }
        Ok(Library { handle })
    }

    /// The module descriptor `symbol` of this library.
    ///
    /// # Safety
    /// The reference is only valid while the library is loaded: every
    /// instance made from it must be dropped before the library.
    pub unsafe fn descriptor(&self, symbol: &str) -> Result<&'static ModuleDescriptor, String> {
        let c = CString::new(symbol).map_err(|_| "symbol contains NUL".to_string())?;
        // SAFETY: `handle` is a live library handle; `c` a valid C string.
        let p = unsafe { libc::dlsym(self.handle, c.as_ptr()) };
        if p.is_null() {
            return Err(format!("symbol {symbol} not found: {}", dl_error()));
        }
        // SAFETY: the compiler emitted a `ModuleDescriptor` under this
        // symbol; the caller keeps the library loaded while it is used.
        let d = unsafe { &*(p as *const ModuleDescriptor) };
        if d.abi_version != ABI_VERSION {
            return Err(format!(
                "{symbol}: ABI version {} (expected {ABI_VERSION})",
                d.abi_version
            ));
        }
        Ok(d)
    }
}

// SAFETY: a `dlopen` handle may be used (`dlsym`) from any thread; the
// library is closed only on drop, when no thread borrows it any more.
unsafe impl Send for Library {}
// SAFETY: as above.
unsafe impl Sync for Library {}

impl Drop for Library {
    fn drop(&mut self) {
        // SAFETY: `handle` came from dlopen and is closed once; the owner
        // dropped every instance using the library's code first.
        unsafe { libc::dlclose(self.handle) };
    }
}

/// Instantiates a loaded module with `imports` (see
/// [`wasm2native_runtime::Instance::new`]).
pub fn instantiate(
    d: &'static ModuleDescriptor,
    imports: Vec<wasm2native_runtime::Extern>,
) -> Result<wasm2native_runtime::Instance, wasm2native_runtime::InstantiationError> {
    // SAFETY: the harness's descriptors all come from
    // `Library::descriptor`: compiler-emitted, for code loaded into this
    // process; the modules import no host functions, so no host state.
    unsafe { wasm2native_runtime::Instance::new(d, imports, std::ptr::null_mut()) }
}

/// The `(module, name)` of every import of a loaded module, in order.
pub fn imports(d: &'static ModuleDescriptor) -> Result<Vec<(&'static str, &'static str)>, String> {
    if d.meta_len == 0 || d.meta.is_null() {
        return Err("module descriptor without metadata".into());
    }
    // SAFETY: the compiler emits `meta_len` bytes of metadata at `meta`,
    // valid while the library is loaded (which `&'static` stands for here).
    let bytes = unsafe { std::slice::from_raw_parts(d.meta, d.meta_len as usize) };
    let meta = wasm2native_abi::meta::ModuleMeta::decode(bytes).map_err(|e| e.to_string())?;
    Ok(meta.imports.iter().map(|i| (i.module, i.name)).collect())
}
