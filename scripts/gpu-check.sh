#!/usr/bin/env bash
# The device check of panagan's kernels, in one call on a bare GPU machine (nvcc, python3 with
# numpy; torch optional; no JDK or Maven needed):
#   1. records the GPU (nvidia-smi) and the toolchain,
#   2. builds libpanagan_cuda.so for sm_90 only into native/build/gpu-check/ (make, with the
#      same flags as native/build.sh; the spill check included) and keeps ptxas's report,
#   3. derives the expected times from that report (native/gpu/roofline.py),
#   4. runs native/gpu/check_kernels.py on the GPU: every panagan.h function against float64
#      references (numpy; torch too where it imports), then timings of the DCGAN calls and of a
#      whole iteration, direct and as a CUDA graph, and the iteration as one graph at each batch
#      of GPU_CHECK_BATCHES (images/s and the fraction of its bound),
#   5. runs the quick correctness pass once more under compute-sanitizer memcheck, where that
#      tool exists and runs.
# Results go to $OUT (the device tool's folder; default target/gpu-check): gpu-check.md,
# gpu-check.json, gpu-check.log, nvidia-smi.txt, ptxas-report-sm90.txt, roofline.md (6 files).
# Exit status: 0 all passed; 1 a check failed or memcheck reported errors; 2 the build failed.
# Environment: GPU_ARCH (default 90) builds for another sm_XX; SKIP_SANITIZER=1 skips step 5;
# GPU_CHECK_NO_MAKE=1 builds with one nvcc call, as it does where make is missing;
# GPU_CHECK_BATCHES (default 64,128) lists the batches of the whole-iteration timing;
# GPU_CHECK_LOG (default $OUT/gpu-check.log) is where the log goes (bench/gpu-check.sh, which
# keeps its own log of the same lines, sets /dev/null); GPU_CHECK_DEADLINE (epoch seconds, unset
# by default) shortens steps 4 and 5 to end by then, skipping step 5 when under 45 s are left.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
OUT=${OUT:-$root/target/gpu-check}
mkdir -p "$OUT"
log=${GPU_CHECK_LOG:-$OUT/gpu-check.log}
arch=${GPU_ARCH:-90}
build=build/gpu-check

# Seconds a step may run: its own cap, or what is left before GPU_CHECK_DEADLINE if that is less.
cap() {
    local c=$1 left
    if [ -n "${GPU_CHECK_DEADLINE:-}" ]; then
        left=$((GPU_CHECK_DEADLINE - $(date +%s)))
        [ "$left" -lt "$c" ] && c=$left
    fi
    echo "$c"
}

main() {
    local status=0
    echo "== gpu-check: $(date -u +%FT%TZ) on $(hostname), sm_$arch"
    if [ -d .git ] && command -v git >/dev/null; then git log -1 --oneline || true; fi

    echo "== GPU"
    if command -v nvidia-smi >/dev/null; then
        local query=name,driver_version,clocks.sm,clocks.max.sm,clocks.mem,power.draw
        query+=,power.limit,temperature.gpu,memory.total
        { nvidia-smi; nvidia-smi --query-gpu="$query" --format=csv; } > "$OUT/nvidia-smi.txt" 2>&1
        head -20 "$OUT/nvidia-smi.txt"
    else
        echo "nvidia-smi not found" | tee "$OUT/nvidia-smi.txt"
    fi

    echo "== build (sm_$arch)"
    local c nvcc_dir=""
    if command -v nvcc >/dev/null; then
        nvcc_dir=$(dirname "$(dirname "$(readlink -f "$(command -v nvcc)")")")
    fi
    for c in "${CUDA_HOME:-}" /usr/local/cuda "$nvcc_dir"; do
        if [ -n "$c" ] && [ -x "$c/bin/nvcc" ] && [ -f "$c/include/cuda_runtime_api.h" ]; then
            CUDA_HOME=$c
            break
        fi
    done
    if [ ! -x "${CUDA_HOME:-/nonexistent}/bin/nvcc" ]; then
        echo "gpu-check: no CUDA toolkit found (tried \$CUDA_HOME, /usr/local/cuda, nvcc on PATH)"
        return 2
    fi
    export CUDA_HOME
    export LD_LIBRARY_PATH="$CUDA_HOME/lib64${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
    "$CUDA_HOME/bin/nvcc" --version | tail -2
    local start=$SECONDS
    local flags=(-std=c++17 -O3 -gencode "arch=compute_$arch,code=sm_$arch" -Iinclude -Isrc
                 -Isim/include -Xcompiler -fPIC -Xcompiler -Wall --resource-usage
                 -Werror all-warnings)
    if command -v make >/dev/null && [ "${GPU_CHECK_NO_MAKE:-0}" != 1 ]; then
        make -C native --no-print-directory -j"$(nproc)" cuda BUILD="$build" \
            CUDA_HOME="$CUDA_HOME" NVCC="$CUDA_HOME/bin/nvcc" \
            GENCODE="-gencode arch=compute_$arch,code=sm_$arch" || {
            echo "gpu-check: the CUDA build failed (output above)"
            return 2
        }
    else
        # the same flags as native/Makefile, in one nvcc call
        echo "make not found: building with one nvcc call"
        mkdir -p "native/$build"
        (cd native && "$CUDA_HOME/bin/nvcc" "${flags[@]}" --threads "$(nproc)" -shared \
            -cudart shared -o "$build/libpanagan_cuda.so" src/*.cu \
            > "$build/ptxas-report.txt" 2>&1) || {
            cat "native/$build/ptxas-report.txt"
            echo "gpu-check: the CUDA build failed (output above)"
            return 2
        }
        native/check-spills.sh "native/$build/ptxas-report.txt" || return 2
    fi
    echo "built in $((SECONDS - start)) s"
    local lib=native/$build/libpanagan_cuda.so report=native/$build/ptxas-report.txt
    cp "$report" "$OUT/ptxas-report-sm$arch.txt"

    echo "== roofline"
    python3 native/gpu/roofline.py --ptxas "$report" --assumptions > "$OUT/roofline.md" ||
        status=1
    sed -n '/^#### One iteration/,/^Assumptions:/p' "$OUT/roofline.md"

    local limit
    limit=$(cap 300)
    echo "== check_kernels (cuda, at most $limit s)"
    if [ "$limit" -lt 30 ]; then
        echo "gpu-check: only $limit s left before GPU_CHECK_DEADLINE; check_kernels not run"
        status=1
    else
        PYTHONUNBUFFERED=1 timeout "$limit" python3 native/gpu/check_kernels.py --library "$lib" \
            --ptxas "$report" --out "$OUT" --name gpu-check \
            --batches "${GPU_CHECK_BATCHES:-64,128}" || status=1
    fi

    limit=$(cap 150)
    local sanitizer=$CUDA_HOME/bin/compute-sanitizer
    [ -x "$sanitizer" ] || sanitizer=$(command -v compute-sanitizer)
    if [ "${SKIP_SANITIZER:-0}" = 1 ]; then
        :
    elif [ -z "$sanitizer" ]; then
        echo "== compute-sanitizer not found (in \$CUDA_HOME/bin or on PATH): memcheck not run"
    elif [ "$limit" -lt 45 ]; then
        echo "== compute-sanitizer memcheck skipped: $limit s left before GPU_CHECK_DEADLINE"
    else
        echo "== compute-sanitizer memcheck (quick correctness pass, at most $limit s)"
        local rc=0
        PYTHONUNBUFFERED=1 timeout "$limit" "$sanitizer" --tool memcheck --error-exitcode 3 \
            python3 native/gpu/check_kernels.py --library "$lib" --quick --no-timing \
            --no-torch || rc=$?
        case $rc in
            0) echo "memcheck: no errors" ;;
            3) echo "memcheck: errors reported (above)"; status=1 ;;
            124) echo "memcheck: stopped after $limit s (not counted as a failure)" ;;
            *) echo "memcheck: exit $rc (the tool may not run on this machine; see above)"
               [ "$rc" = 1 ] && status=1 ;;
        esac
    fi
    echo "== gpu-check: exit $status"
    return $status
}

main 2>&1 | tee "$log"
exit "${PIPESTATUS[0]}"
