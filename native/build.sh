#!/usr/bin/env bash
# Builds panagan's native libraries; Maven runs it, and it is safe to run by hand.
#   ./build.sh            both libraries (the CUDA one only where nvcc exists) and the simulator's
#                         native test driver, plain and under AddressSanitizer
#   ./build.sh test       the same, then runs the native tests (simulator semantics, planted faults)
# Outputs land in native/build/. Make decides what is out of date, so a second run is quick.
set -euo pipefail
cd "$(dirname "$0")"

CUDA_HOME=${CUDA_HOME:-/usr/local/cuda}
export CUDA_HOME
jobs=$(nproc 2>/dev/null || echo 2)

if [ ! -f "$CUDA_HOME/include/cuda_runtime_api.h" ]; then
    echo "native/build.sh: no CUDA headers at $CUDA_HOME/include (cuda_runtime_api.h)." >&2
    echo "hint: install the CUDA toolkit (nvcc 13) or set CUDA_HOME to where it is." >&2
    exit 1
fi

targets=(sim build/test_sim build/test_sim_asan)
if [ "${PANAGAN_SKIP_CUDA:-0}" = 1 ]; then nvcc_wanted=0; else nvcc_wanted=1; fi
if [ "$nvcc_wanted" = 0 ]; then
    echo "native/build.sh: PANAGAN_SKIP_CUDA=1: skipping libpanagan_cuda.so." >&2
elif command -v "$CUDA_HOME/bin/nvcc" >/dev/null 2>&1 || command -v nvcc >/dev/null 2>&1; then
    [ -x "$CUDA_HOME/bin/nvcc" ] || export NVCC=$(command -v nvcc)
    targets+=(cuda)
else
    echo "native/build.sh: nvcc not found (looked in $CUDA_HOME/bin and on PATH):" \
         "skipping libpanagan_cuda.so; the simulator build goes ahead." >&2
fi

make -j"$jobs" --no-print-directory "${targets[@]}"

if [ "${1:-}" = test ]; then
    make --no-print-directory test-sim test-asan
fi
