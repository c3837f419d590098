#!/bin/sh
# Measures 64-bit bounds checks: the same kernel (gen.py) over a 32-bit
# memory with the guard region, over a 32-bit memory with explicit checks,
# and over a 64-bit memory (always explicit checks), ours and wasmtime's
# precompiled .cwasm, RUNS rounds interleaved; prints the median wall time
# of each. Run from a quiet machine:
#   benches/memory64/run.sh [RUNS]    (WASM2NATIVE=..., WASMTIME=... override)
set -eu
cd "$(dirname "$0")"
RUNS=${1:-7}
W2N=${WASM2NATIVE:-../../target/release/wasm2native}
WT=${WASMTIME:-wasmtime}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 gen.py
"$W2N" compile sum32.wat --cpu native -o "$tmp/ours32-guard"
"$W2N" compile sum32.wat --cpu native --bounds-checks explicit -o "$tmp/ours32-explicit"
"$W2N" compile sum64.wat --cpu native -o "$tmp/ours64"
"$WT" compile sum32.wat -o "$tmp/wt32.cwasm"
"$WT" compile sum64.wat -o "$tmp/wt64.cwasm"
names="ours32-guard ours32-explicit ours64 wasmtime32 wasmtime64"
run() {
    case $1 in
    wasmtime32) "$WT" run --allow-precompiled "$tmp/wt32.cwasm" ;;
    wasmtime64) "$WT" run --allow-precompiled "$tmp/wt64.cwasm" ;;
    *) "$tmp/$1" ;;
    esac
}
expected=$(run ours32-guard)
for i in $(seq "$RUNS"); do
    for n in $names; do
        start=$(date +%s%N)
        out=$(run "$n")
        end=$(date +%s%N)
        [ "$out" = "$expected" ] || { echo "$n printed $out, expected $expected" >&2; exit 1; }
        echo "$n $(( (end - start) / 1000000 ))" >> "$tmp/times"
    done
done
echo "checksum $expected; median of $RUNS runs (ms):"
for n in $names; do
    printf '%-16s %s\n' "$n" "$(grep "^$n " "$tmp/times" | cut -d' ' -f2 | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p")"
done
