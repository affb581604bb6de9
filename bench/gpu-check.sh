#!/usr/bin/env bash
# Our kernels against PyTorch on one GPU, in one call (a lent GPU machine: nvcc, python3 with
# numpy and torch; no JDK, Maven or network needed):
#   1. stops at once, exit 3, unless nvidia-smi lists a GPU and the CUDA runtime (or driver),
#      asked over python ctypes, counts at least one device,
#   2. scripts/gpu-check.sh into OUTDIR: the sm_90 build of libpanagan_cuda.so, every kernel
#      against float64 references (check_kernels.py: this machine's conformance run, since the
#      Java conformance suite needs a JDK), each DCGAN call's time next to its roofline floor,
#      our whole iteration as one CUDA graph at batch 64 and 128, and the memcheck pass if time
#      is left,
#   3. bench/torch_dcgan.py: main.py's iteration in PyTorch at batch 64 and 128 (float32, TF32
#      off; plus a labelled TF32 + cudnn.benchmark line),
#   4. one markdown table: ours against PyTorch (ms/iter, images/s, ratio) and each kernel call's
#      achieved fraction of its bound, printed and written to summary.md.
# Usage: bench/gpu-check.sh OUTDIR
# OUTDIR receives 8 files: bench-gpu-check.log (everything printed), summary.md, torch-dcgan.json
# and scripts/gpu-check.sh's gpu-check.md, gpu-check.json, nvidia-smi.txt, ptxas-report-sm90.txt,
# roofline.md.
# Environment: BENCH_BUDGET_S as below; BENCH_GPU_PROBE=skip skips step 1 (a test of the
# plumbing on a machine without a GPU, whose CUDA steps then fail).
# Time: steps 2-4 are budgeted to end within BENCH_BUDGET_S (default 470) seconds of the start.
# Exit status: 0 everything ran and every check passed; 1 a correctness or memcheck failure
# (the tables are still printed); 2 the CUDA build failed; 3 no CUDA GPU here, nothing measured;
# 4 our side passed but the PyTorch run failed or torch is missing (the table has our side
# only); 64 bad usage.
set -uo pipefail

if [ $# -ne 1 ] || [ -z "$1" ] || [ "${1#-}" != "$1" ]; then
    echo "usage: bench/gpu-check.sh OUTDIR   (the folder for the log and the results)" >&2
    exit 64
fi
mkdir -p "$1" || { echo "bench/gpu-check.sh: cannot create $1" >&2; exit 64; }
OUTDIR=$(cd "$1" && pwd)
cd "$(dirname "$0")/.."
log=$OUTDIR/bench-gpu-check.log
budget=${BENCH_BUDGET_S:-470}
if ! [[ $budget =~ ^[0-9]+$ ]] || [ "$budget" -lt 200 ]; then
    echo "bench/gpu-check.sh: BENCH_BUDGET_S must be whole seconds >= 200, got '$budget'" >&2
    exit 64
fi
torch_reserve=110 # the PyTorch run and the table, taken off the budget of step 2

# Why there is no usable GPU, or nothing when there is one.
no_gpu_reason() {
    if ! command -v nvidia-smi >/dev/null; then
        echo "nvidia-smi not found"
        return
    fi
    local listed
    listed=$(nvidia-smi -L 2>&1)
    if ! grep -q '^GPU [0-9]' <<<"$listed"; then
        echo "nvidia-smi lists no GPU: $(head -1 <<<"$listed")"
        return
    fi
    if ! command -v python3 >/dev/null; then
        echo "python3 not found"
        return
    fi
    python3 - <<'EOF'
import ctypes, ctypes.util, glob, os

def runtime_count():
    names = [os.path.join(os.environ.get("CUDA_HOME", "/usr/local/cuda"), "lib64",
                          "libcudart.so")]
    names += sorted(glob.glob("/usr/local/cuda*/lib64/libcudart.so*"))
    names += ["libcudart.so.13", "libcudart.so.12", ctypes.util.find_library("cudart")]
    for name in filter(None, names):
        try:
            rt = ctypes.CDLL(name)
        except OSError:
            continue
        n = ctypes.c_int(0)
        err = rt.cudaGetDeviceCount(ctypes.byref(n))
        rt.cudaGetErrorString.restype = ctypes.c_char_p
        return "cudaGetDeviceCount (%s)" % name, err, n.value, \
            rt.cudaGetErrorString(err).decode()
    return None

def driver_count():
    try:
        drv = ctypes.CDLL("libcuda.so.1")
    except OSError as e:
        return "libcuda.so.1", -1, 0, str(e)
    err = drv.cuInit(0)
    n = ctypes.c_int(0)
    if err == 0:
        err = drv.cuDeviceGetCount(ctypes.byref(n))
    return "cuDeviceGetCount (libcuda.so.1)", err, n.value, "CUresult %d" % err

how, err, count, text = runtime_count() or driver_count()
if err != 0 or count < 1:
    print("%s: %d device(s), status %d, %s" % (how, count, err, text))
EOF
    [ "$?" = 0 ] || echo "the ctypes CUDA probe failed (its error above)"
}

main() {
    local start=$SECONDS status=0 reason
    echo "== bench/gpu-check: $(date -u +%FT%TZ) on $(hostname), results in $OUTDIR"
    # BENCH_GPU_PROBE=skip runs the steps without a GPU, to test this script's plumbing: the
    # CUDA steps then fail, and the exit status says so
    [ "${BENCH_GPU_PROBE:-}" = skip ] && reason="" || reason=$(no_gpu_reason)
    if [ -n "$reason" ]; then
        echo "bench/gpu-check.sh: no CUDA GPU here ($reason); nothing to measure"
        return 3
    fi
    nvidia-smi -L 2>&1

    echo "== torch_dcgan.py --self-test (FLOP count, arguments; no torch needed)"
    python3 bench/torch_dcgan.py --self-test || status=1

    echo "== scripts/gpu-check.sh (build, correctness, per-call and per-iteration timings)"
    local deadline=$(( $(date +%s) + budget - torch_reserve - (SECONDS - start) ))
    OUT=$OUTDIR GPU_CHECK_LOG=/dev/null GPU_CHECK_BATCHES=64,128 \
        GPU_CHECK_DEADLINE=$deadline scripts/gpu-check.sh
    local ours=$?
    if [ "$ours" = 2 ]; then
        echo "bench/gpu-check.sh: the CUDA build failed; no timings to compare"
        return 2
    fi
    [ "$ours" != 0 ] && status=1

    local left=$(( budget - (SECONDS - start) - 10 ))
    [ "$left" -lt 60 ] && left=60
    echo "== bench/torch_dcgan.py (PyTorch, batch 64 and 128, at most $left s)"
    local theirs=0
    PYTHONUNBUFFERED=1 timeout "$left" python3 bench/torch_dcgan.py --batches 64,128 \
        --warmup 5 --iters 30 --fast --out "$OUTDIR/torch-dcgan.json" || theirs=$?
    if [ "$theirs" != 0 ]; then
        case $theirs in
            3) echo "bench/gpu-check.sh: no PyTorch side: torch is missing or sees no GPU" ;;
            124) echo "bench/gpu-check.sh: the PyTorch run ran out of its $left s" ;;
            *) echo "bench/gpu-check.sh: the PyTorch run ended with exit $theirs" ;;
        esac
        [ "$status" = 0 ] && status=4
    fi

    echo "== summary ($((SECONDS - start)) s so far)"
    if [ -f "$OUTDIR/gpu-check.json" ]; then
        python3 bench/torch_dcgan.py --table "$OUTDIR/gpu-check.json" \
            "$OUTDIR/torch-dcgan.json" >"$OUTDIR/summary.md" || status=1
        cat "$OUTDIR/summary.md"
    else
        echo "bench/gpu-check.sh: no gpu-check.json from scripts/gpu-check.sh; no table"
        status=1
    fi
    echo "== bench/gpu-check: exit $status after $((SECONDS - start)) s"
    return $status
}

main 2>&1 | tee "$log"
exit "${PIPESTATUS[0]}"
