/*
 * planted_oob.cu: a deliberately wrong kernel, for the test that AddressSanitizer catches an
 * out-of-bounds device read inside a simulated thread and that the simulator then names the
 * block and thread. Never call it outside that test: it reads past the end of `in`.
 */
#include "gpusim/cuda_compat.h"
#include "sim_kernels.h"

namespace simtest {

// The bug: `i <= n` lets the last thread of the grid read in[n].
__global__ void planted_oob_kernel(const float *in, float *out, int n) {
    int i = (int)(blockIdx.x * blockDim.x + threadIdx.x);
    if (i <= n) out[i % n] = in[i] * 2.0f;
}

void planted_oob(const float *in, float *out, int n, cudaStream_t stream) {
    GPUSIM_LAUNCH(planted_oob_kernel, (n + 1 + 63) / 64, 64, 0, stream, in, out, n);
}

}  // namespace simtest
