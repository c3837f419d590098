#!/usr/bin/env python3
"""A/B of two wasm2native compilers on the sightglass programs.

    benches/tools/ab.py OLD_WASM2NATIVE NEW_WASM2NATIVE [RUNS]

Builds every sightglass program (as the benchmark harness does: --cpu
native, host/bench.c linked, --dir .) with both compilers, runs the two
executables alternately RUNS times (default 7) and compares the medians of
their in-benchmark time (the `bench.end` line). Programs under 2 ms and the
libsodium tests whose workload varies between runs are left out. Prints
new/old per program and the geometric mean: a ratio between two builds of
our own in the same run, where the harness compares with wasmtime.
"""
import math
import os
import re
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
BENCH_C = os.path.join(HERE, '..', 'host', 'bench.c')
CORPORA = os.environ.get('WASM2NATIVE_CORPORA', os.path.join(HERE, '..', '..', '..', 'shared', 'corpora'))
SIGHTGLASS = os.path.join(CORPORA, 'sightglass')
# Not core modules, not WASI preview 1, or a workload drawn at random.
SKIP = ('image-classification', 'cm-online', 'kotlin', 'box_easy2', 'secretbox_easy2', 'sodium_utils', 'auth5', 'aegis256')


def programs():
    for root, _, files in sorted(os.walk(SIGHTGLASS)):
        for f in sorted(files):
            if f.endswith('.wasm'):
                path = os.path.join(root, f)
                name = os.path.relpath(path, SIGHTGLASS).replace('/benchmark.wasm', '').replace('.wasm', '')
                if not any(s in name for s in SKIP):
                    yield name.replace('/', '-'), path


def bench_ns(exe, cwd):
    r = subprocess.run([exe], cwd=cwd, capture_output=True, timeout=600, stdin=subprocess.DEVNULL)
    m = re.search(rb'@@w2n-bench-ns (\d+)', r.stderr)
    return int(m.group(1)) if m else None


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    old, new = sys.argv[1], sys.argv[2]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 7
    if not os.path.isdir(SIGHTGLASS):
        sys.exit(f'sightglass not found at {SIGHTGLASS} (set WASM2NATIVE_CORPORA)')
    ratios = []
    with tempfile.TemporaryDirectory() as out:
        for name, wasm in programs():
            exes = {}
            for tag, compiler in (('old', old), ('new', new)):
                exe = os.path.join(out, f'{name}.{tag}')
                r = subprocess.run([compiler, 'compile', wasm, '-o', exe, '--cpu', 'native', '--link', BENCH_C, '--dir', '.'],
                                   capture_output=True)
                if r.returncode == 0:
                    exes[tag] = exe
            if len(exes) < 2:
                continue
            cwd = os.path.dirname(wasm)
            first = bench_ns(exes['old'], cwd)
            if first is None or first < 2e6:
                continue
            times = {'old': [], 'new': []}
            for i in range(runs):
                for tag in (('old', 'new') if i % 2 == 0 else ('new', 'old')):
                    times[tag].append(bench_ns(exes[tag], cwd))
            mo, mn = statistics.median(times['old']), statistics.median(times['new'])
            ratios.append(mn / mo)
            print(f'{name:45s} old {mo / 1e6:9.2f} ms  new {mn / 1e6:9.2f} ms  new/old {mn / mo:.3f}', flush=True)
    if ratios:
        print(f'geomean new/old over {len(ratios)}: {math.exp(sum(map(math.log, ratios)) / len(ratios)):.4f}')


if __name__ == '__main__':
    main()
