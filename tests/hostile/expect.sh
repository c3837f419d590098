#!/bin/sh
# Regenerates tests/hostile/expected.txt by running every hostile case under
# wasmtime 49, the reference (WASMTIME=/path/to/wasmtime overrides it):
#
#   tests/hostile/expect.sh              all cases (rewrites the file)
#   tests/hostile/expect.sh ptr_ fd_     only cases whose name contains a filter
#
# Rebuild hostile.wasm first (build.sh) if hostile.c changed.
set -eu
cd "$(dirname "$0")/../.."
filters=$(echo "$@" | tr ' ' ',')
HOSTILE_REGEN=1 HOSTILE_CASES="$filters" exec cargo test --release -p wasm2native-tests \
    --test hostile_guest -- --nocapture hostile_guest_matches_wasmtime
