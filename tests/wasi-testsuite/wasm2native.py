"""wasm2native as a runtime of the official WASI test runner
(`wasi-testsuite/test-runner`), beside its `adapters/wasmtime.py`.

Each test component (or preview-1 module) is compiled once to a native
executable in a cache directory; the test then runs that executable. The
grants the wasmtime adapter gives with flags are the executable's run-time
grant variables: `--env K=V` is `WASM2NATIVE_ENV_K=V`, `--dir ROOT::/` is
`WASM2NATIVE_DIR=ROOT::/`, `-S inherit-network` (for the sockets and http
proposals) is `WASM2NATIVE_INHERIT_NETWORK=1`. A `wasi:http/service`
component's executable serves on `--addr=127.0.0.1:0`, as the wasmtime
adapter's `serve --addr=127.0.0.1:0`.

Environment: `WASM2NATIVE` (the compiler; default: the workspace's
release build), `WASM2NATIVE_CACHE` (where executables go; default: a
directory under the system's temporary directory).
"""

import hashlib
import os
import shlex
import subprocess
import tempfile
from pathlib import Path
from typing import Dict, List, Optional, Tuple

_ROOT = Path(__file__).resolve().parents[2]
WASM2NATIVE = shlex.split(os.getenv("WASM2NATIVE", str(_ROOT / "target" / "release" / "wasm2native")))
CACHE = Path(os.getenv("WASM2NATIVE_CACHE", Path(tempfile.gettempdir()) / "wasm2native-wasi-testsuite"))


def get_name() -> str:
    return "wasm2native"


def get_version() -> str:
    result = subprocess.run(WASM2NATIVE + ["--version"], encoding="UTF-8", capture_output=True, check=True)
    return result.stdout.split()[1]


def get_wasi_versions() -> List[str]:
    return ["wasm32-wasip1", "wasm32-wasip3"]


def get_wasi_worlds() -> List[str]:
    return ["wasi:cli/command", "wasi:http/service"]


def get_timeout_seconds() -> float:
    # Compiling happens in `compute_argv`, outside the timeout.
    return 30.0


def _compile(test_path: str) -> Path:
    data = Path(test_path).read_bytes()
    digest = hashlib.sha256(data).hexdigest()[:16]
    CACHE.mkdir(parents=True, exist_ok=True)
    exe = CACHE / f"{Path(test_path).stem}-{digest}"
    if not exe.exists():
        tmp = exe.with_suffix(".tmp")
        result = subprocess.run(WASM2NATIVE + ["compile", test_path, "-o", str(tmp)],
                                encoding="UTF-8", capture_output=True)
        if result.returncode != 0:
            # The test fails with the compiler's message as its output.
            return _failing(test_path, result.stderr)
        tmp.rename(exe)
    return exe


def _failing(test_path: str, message: str) -> Path:
    script = CACHE / f"{Path(test_path).stem}.compile-error.sh"
    script.write_text("#!/bin/sh\ncat >&2 <<'EOF_W2N'\nwasm2native compile failed:\n" + message + "\nEOF_W2N\nexit 125\n")
    script.chmod(0o755)
    return script


def _remove_leftover_symlinks(root: Path) -> None:
    """The runner removes the `*.cleanup` files and directories tests leave,
    but skips symbolic links (so as not to follow them); the filesystem tests
    that make `parent.cleanup -> ..` then leave it for the next test, and
    `filesystem-read-directory` lists it (under wasmtime too). Removing the
    links themselves follows nothing."""
    for f in root.glob("**/*.cleanup"):
        if f.is_symlink():
            f.unlink()


def compute_argv(test_path: str,
                 args_env_root: Tuple[List[str], Dict[str, str], Optional[str]],
                 proposals: List[str],
                 wasi_world: str,
                 wasi_version: str) -> List[str]:
    args, env, root = args_env_root
    exe = _compile(test_path)
    if root:
        _remove_leftover_symlinks(Path(root))
    grants = [f"WASM2NATIVE_ENV_{k}={v}" for k, v in env.items()]
    if root:
        grants.append(f"WASM2NATIVE_DIR={root}::/")
    # As the wasmtime adapter's `-S inherit-network` for these proposals.
    if "sockets" in proposals or "http" in proposals:
        grants.append("WASM2NATIVE_INHERIT_NETWORK=1")
    # A service listens where it is told, as `wasmtime serve --addr`.
    if wasi_world == "wasi:http/service":
        args = ["--addr=127.0.0.1:0"] + args
    # wasmtime gives the guest the module's file name as `argv[0]`.
    argv0 = Path(test_path).name
    return ["env"] + grants + ["bash", "-c", 'exec -a "$0" "$@"', argv0, str(exe)] + args
