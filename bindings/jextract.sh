#!/usr/bin/env bash
# Regenerates the four header classes of org.panagan.bindings with jextract (22 or newer):
#   panagan_h       native/include/panagan.h                        every function and constant
#   gpusim_h        native/sim/include/gpusim/gpusim_control.h      every function
#   cuda_runtime_h  $CUDA_HOME/include/cuda_runtime_api.h           the subset panagan calls
#   cblas_h         OpenBLAS's cblas.h ($OPENBLAS_INCLUDE, else     sgemm and the thread count
#                   the include/ of the bundled OpenBLAS jar)
# then makes the one edit we keep on top of jextract's output: each class takes its
# SYMBOL_LOOKUP from NativeLibraries (which picks the simulator or the CUDA build at run time)
# or OpenBlasLibrary (which finds OpenBLAS) instead of a library named at generation time, and
# its first line says how it was made.
# Run from anywhere; HeaderBindingTest then checks the result against the headers.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v jextract >/dev/null 2>&1; then
    echo "bindings/jextract.sh: jextract is not on PATH, so nothing was regenerated." >&2
    echo "hint: get jextract 22+ from https://jdk.java.net/jextract/ and put its bin/ on PATH;" \
         "the committed classes were written by hand in its layout (see bindings/README.md)." >&2
    exit 1
fi

CUDA_HOME=${CUDA_HOME:-/usr/local/cuda}
OUT=bindings/src/main/java
PACKAGE=org.panagan.bindings
DIR=$OUT/${PACKAGE//.//}

PANAGAN_TYPEDEFS=(panagan_stream_t)
PANAGAN_CONSTANTS=(
    PANAGAN_OK PANAGAN_INVALID_ARGUMENT PANAGAN_WORKSPACE_TOO_SMALL PANAGAN_CUDA_ERROR
    PANAGAN_ACTIVATION_NONE PANAGAN_ACTIVATION_RELU PANAGAN_ACTIVATION_LEAKY_RELU
)
PANAGAN_FUNCTIONS=(
    panagan_last_error panagan_status_name panagan_version
    panagan_conv2d_forward panagan_conv2d_backward_data
    panagan_conv2d_backward_weight_workspace_size panagan_conv2d_backward_weight
    panagan_conv_transpose2d_forward panagan_conv_transpose2d_backward_data
    panagan_conv_transpose2d_backward_weight_workspace_size
    panagan_conv_transpose2d_backward_weight
    panagan_batch_norm_workspace_size panagan_batch_norm_forward_training
    panagan_batch_norm_forward_inference panagan_batch_norm_backward
    panagan_relu_forward panagan_relu_backward panagan_leaky_relu_forward
    panagan_leaky_relu_backward panagan_tanh_forward panagan_tanh_backward
    panagan_sigmoid_forward panagan_sigmoid_backward
    panagan_bce_with_logits_forward panagan_bce_with_logits_backward
    panagan_adam_step
    panagan_fill panagan_scale panagan_axpy panagan_copy panagan_sum panagan_mean
    panagan_count_nonfinite panagan_increment panagan_gather_images_u8
)

GPUSIM_FUNCTIONS=(
    gpusim_live_allocations gpusim_live_bytes gpusim_fail_allocation_after
    gpusim_set_memory_budget gpusim_last_fault gpusim_clear_fault gpusim_set_option
    gpusim_last_error_detail gpusim_launch_count
)

CUDA_TYPEDEFS=(cudaError_t cudaStream_t cudaEvent_t cudaGraph_t cudaGraphExec_t)
CUDA_CONSTANTS=(
    cudaStreamDefault cudaStreamNonBlocking
    cudaEventDefault cudaEventBlockingSync cudaEventDisableTiming
    cudaSuccess cudaErrorInvalidValue cudaErrorMemoryAllocation cudaErrorInitializationError
    cudaErrorCudartUnloading cudaErrorInvalidConfiguration cudaErrorInvalidDevicePointer
    cudaErrorInvalidMemcpyDirection cudaErrorInsufficientDriver
    cudaErrorCallRequiresNewerDriver cudaErrorInvalidDeviceFunction cudaErrorNoDevice
    cudaErrorInvalidDevice cudaErrorInvalidKernelImage cudaErrorNoKernelImageForDevice
    cudaErrorInvalidPtx cudaErrorUnsupportedPtxVersion cudaErrorInvalidResourceHandle
    cudaErrorNotReady cudaErrorIllegalAddress cudaErrorLaunchOutOfResources
    cudaErrorLaunchTimeout cudaErrorAssert cudaErrorIllegalInstruction
    cudaErrorMisalignedAddress cudaErrorLaunchFailure cudaErrorNotSupported
    cudaErrorSystemDriverMismatch cudaErrorStreamCaptureUnsupported
    cudaErrorStreamCaptureInvalidated cudaErrorStreamCaptureImplicit cudaErrorUnknown
    cudaMemcpyHostToHost cudaMemcpyHostToDevice cudaMemcpyDeviceToHost
    cudaMemcpyDeviceToDevice cudaMemcpyDefault
    cudaStreamCaptureModeGlobal cudaStreamCaptureModeThreadLocal cudaStreamCaptureModeRelaxed
    cudaDevAttrMaxThreadsPerBlock cudaDevAttrMaxSharedMemoryPerBlock cudaDevAttrWarpSize
    cudaDevAttrMaxRegistersPerBlock cudaDevAttrClockRate cudaDevAttrMultiProcessorCount
    cudaDevAttrMemoryClockRate cudaDevAttrGlobalMemoryBusWidth cudaDevAttrL2CacheSize
    cudaDevAttrMaxThreadsPerMultiProcessor cudaDevAttrComputeCapabilityMajor
    cudaDevAttrComputeCapabilityMinor cudaDevAttrMaxSharedMemoryPerMultiprocessor
    cudaDevAttrMaxSharedMemoryPerBlockOptin
)
CUDA_FUNCTIONS=(
    cudaDeviceSynchronize cudaGetLastError cudaPeekAtLastError cudaGetErrorName
    cudaGetErrorString cudaGetDeviceCount cudaDeviceGetAttribute cudaSetDevice cudaGetDevice
    cudaStreamCreate cudaStreamCreateWithFlags cudaStreamDestroy cudaStreamWaitEvent
    cudaStreamSynchronize cudaStreamBeginCapture cudaStreamEndCapture
    cudaEventCreate cudaEventCreateWithFlags cudaEventRecord cudaEventSynchronize
    cudaEventDestroy cudaEventElapsedTime
    cudaMalloc cudaMallocHost cudaFree cudaFreeHost cudaMemGetInfo
    cudaMemcpy cudaMemcpyAsync cudaMemset cudaMemsetAsync
    cudaDriverGetVersion cudaRuntimeGetVersion
    cudaGraphInstantiate cudaGraphLaunch cudaGraphExecDestroy cudaGraphDestroy
)

# cblas.h includes openblas_config.h, which says what blasint is; both come with the jar.
OPENBLAS_JAR=${OPENBLAS_JAR:-$HOME/.m2/repository/org/bytedeco/openblas/0.3.31-1.5.13/openblas-0.3.31-1.5.13-linux-x86_64.jar}
CBLAS_TYPEDEFS=(blasint)
CBLAS_CONSTANTS=(CblasRowMajor CblasColMajor CblasNoTrans CblasTrans)
CBLAS_FUNCTIONS=(
    openblas_set_num_threads openblas_get_num_threads openblas_get_config
    openblas_get_corename cblas_sgemm
)

# --include-<kind> NAME for every NAME given.
filters() {
    local kind=$1; shift
    local name
    for name in "$@"; do printf -- '--include-%s\n%s\n' "$kind" "$name"; done
}

# The edit on top of jextract: first line, and SYMBOL_LOOKUP (a multi-line statement) replaced
# by the lookup NativeLibraries (or the class given fourth) chose.
delegate_lookup() {
    local file=$1 lookup=$2 what=$3 owner=${4:-NativeLibraries}
    sed -i \
        -e "1s|.*|// jextract's layout for $what; regenerate with bindings/jextract.sh|" \
        -e "/static final SymbolLookup SYMBOL_LOOKUP =/,/;\$/c\\
    static final SymbolLookup SYMBOL_LOOKUP = $owner.$lookup();" \
        "$file"
}

mapfile -t panagan_filters < <(filters typedef "${PANAGAN_TYPEDEFS[@]}";
                                filters constant "${PANAGAN_CONSTANTS[@]}";
                                filters function "${PANAGAN_FUNCTIONS[@]}")
jextract --output "$OUT" --target-package "$PACKAGE" --header-class-name panagan_h \
    -I native/include "${panagan_filters[@]}" native/include/panagan.h
delegate_lookup "$DIR/panagan_h.java" panaganLookup panagan.h

mapfile -t gpusim_filters < <(filters function "${GPUSIM_FUNCTIONS[@]}")
jextract --output "$OUT" --target-package "$PACKAGE" --header-class-name gpusim_h \
    -I native/sim/include "${gpusim_filters[@]}" native/sim/include/gpusim/gpusim_control.h
delegate_lookup "$DIR/gpusim_h.java" gpusimLookup gpusim/gpusim_control.h

mapfile -t cuda_filters < <(filters constant "${CUDA_CONSTANTS[@]}";
                             filters typedef "${CUDA_TYPEDEFS[@]}";
                             filters function "${CUDA_FUNCTIONS[@]}")
jextract --output "$OUT" --target-package "$PACKAGE" --header-class-name cuda_runtime_h \
    -I "$CUDA_HOME/include" "${cuda_filters[@]}" "$CUDA_HOME/include/cuda_runtime_api.h"
delegate_lookup "$DIR/cuda_runtime_h.java" cudaRuntimeLookup "cuda_runtime_api.h (a subset)"

if [ -z "${OPENBLAS_INCLUDE:-}" ]; then
    OPENBLAS_INCLUDE=$(mktemp -d)
    trap 'rm -rf "$OPENBLAS_INCLUDE"' EXIT
    unzip -q -j "$OPENBLAS_JAR" 'org/bytedeco/openblas/linux-x86_64/include/*' -d "$OPENBLAS_INCLUDE"
fi
mapfile -t cblas_filters < <(filters typedef "${CBLAS_TYPEDEFS[@]}";
                              filters function "${CBLAS_FUNCTIONS[@]}";
                              filters constant "${CBLAS_CONSTANTS[@]}")
jextract --output "$OUT" --target-package "$PACKAGE" --header-class-name cblas_h \
    -I "$OPENBLAS_INCLUDE" "${cblas_filters[@]}" "$OPENBLAS_INCLUDE/cblas.h"
delegate_lookup "$DIR/cblas_h.java" lookup "cblas.h (a subset, from OpenBLAS)" OpenBlasLibrary

echo "bindings/jextract.sh: regenerated panagan_h, gpusim_h, cuda_runtime_h and cblas_h in $DIR"
