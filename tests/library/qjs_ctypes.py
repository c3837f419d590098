#!/usr/bin/env python3
"""Drives QuickJS-NG's reactor compiled as the shared library libqjs.so from
Python with ctypes, as run_qjs_reactor.py drives the .wasm with wasmtime-py.
Usage: qjs_ctypes.py libqjs.so [qjs args...]"""
import ctypes
import sys

lib = ctypes.CDLL(sys.argv[1])
args = ["qjs"] + sys.argv[2:]
P, I32 = ctypes.c_void_p, ctypes.c_int32
for name, res, argtypes in [
    ("w2n_wasi_new", P, []), ("w2n_wasi_inherit_stdio", None, [P]), ("w2n_wasi_free", None, [P]),
    ("w2n_error_message", ctypes.c_char_p, [P]), ("w2n_error_free", None, [P]),
    ("qjs_instantiate", P, [P, P, ctypes.POINTER(P)]), ("qjs_instance_free", None, [P]),
    ("qjs_memory", ctypes.POINTER(ctypes.c_uint8), [P, ctypes.POINTER(ctypes.c_size_t)]),
    ("qjs_malloc", P, [P, I32, ctypes.POINTER(I32)]),
    ("qjs_qjs_init_argv", P, [P, I32, I32, ctypes.POINTER(I32)]), ("qjs_qjs_destroy", P, [P]),
]:
    f = getattr(lib, name)
    f.restype, f.argtypes = res, argtypes


def check(err, what):
    if err:
        sys.exit(f"{what}: {lib.w2n_error_message(err).decode()}")


def write(inst, ptr, data):
    size = ctypes.c_size_t()
    mem = lib.qjs_memory(inst, ctypes.byref(size))
    assert ptr + len(data) <= size.value, "write out of bounds"
    ctypes.memmove(ctypes.addressof(mem.contents) + ptr, data, len(data))


wasi = lib.w2n_wasi_new()
lib.w2n_wasi_inherit_stdio(wasi)
inst = P()
check(lib.qjs_instantiate(wasi, None, ctypes.byref(inst)), "instantiate")
ptrs = []
for a in args:
    b = a.encode() + b"\0"
    p = I32()
    check(lib.qjs_malloc(inst, len(b), ctypes.byref(p)), "malloc")
    write(inst, p.value, b)
    ptrs.append(p.value)
argv = I32()
check(lib.qjs_malloc(inst, 4 * len(ptrs), ctypes.byref(argv)), "malloc")
write(inst, argv.value, b"".join(p.to_bytes(4, "little") for p in ptrs))
rc = I32()
check(lib.qjs_qjs_init_argv(inst, len(ptrs), argv.value, ctypes.byref(rc)), "qjs_init_argv")
check(lib.qjs_qjs_destroy(inst), "qjs_destroy")
lib.qjs_instance_free(inst)
lib.w2n_wasi_free(wasi)
print(f"[qjs_init_argv returned {rc.value}]", file=sys.stderr)
sys.exit(0 if rc.value == 0 else 1)
