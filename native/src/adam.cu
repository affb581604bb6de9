/*
 * adam.cu: one Adam step (PyTorch's torch.optim.Adam without weight decay or amsgrad) over a
 * flat buffer of `count` parameters, so a whole network updates in one launch.
 *
 *   t = *step (device memory, >= 1)       c1 = lr / (1 - beta1^t)     c2 = sqrt(1 - beta2^t)
 *   m = beta1 * m + (1 - beta1) * g       v = beta2 * v + (1 - beta2) * g * g
 *   param -= c1 * m / (sqrt(v) / c2 + eps)
 *
 * The step is read on the device, not passed by value, so a CUDA graph captured once sees the
 * step that panagan_increment advanced before each replay. Thread 0 of every block turns it into
 * c1 and c2 in double (beta2^t for t in the thousands loses digits in float) and shares them
 * through shared memory; after that the update is float arithmetic per element, as PyTorch's.
 *
 * Launch shape: a grid-stride loop of kElementwiseThreads-thread blocks, a float4 pack of each
 * of the four arrays per thread and iteration when all are 16-byte aligned, then a scalar tail.
 * 16 bytes read and 12 written per parameter: the kernel is bandwidth-bound.
 */
#include <cmath>

#include "elementwise.cuh"
#include "launch.cuh"

namespace panagan {
namespace {

struct AdamScalars {
    float beta1, beta2, eps;
    float step_size;    // lr / (1 - beta1^t)
    float bias2_sqrt;   // sqrt(1 - beta2^t)
};

// base^exponent by repeated squaring: at most 2 * 63 double multiplies, no libm call (which
// would cost the kernel registers), and the same bits on the GPU and in the simulator.
__device__ __forceinline__ double integer_power(double base, int64_t exponent) {
    double result = 1.0;
    for (; exponent > 0; exponent >>= 1) {
        if (exponent & 1) result *= base;
        base *= base;
    }
    return result;
}

__device__ __forceinline__ void adam_update(float &p, float g, float &m, float &v,
                                            const AdamScalars &s) {
    m = s.beta1 * m + (1.0f - s.beta1) * g;
    v = s.beta2 * v + (1.0f - s.beta2) * g * g;
    const float denom = sqrtf(v) / s.bias2_sqrt + s.eps;
    p -= s.step_size * (m / denom);
}

// =============================================================================================
// Kernels
// =============================================================================================

__global__ void adam_step_kernel(float *param, const float *grad, float *exp_avg,
                                 float *exp_avg_sq, int64_t count, const int64_t *step,
                                 float lr, float beta1, float beta2, float eps, int vectorized) {
    __shared__ float step_size, bias2_sqrt;
    if (threadIdx.x == 0) {
        const int64_t t = step[0];
        step_size = (float)((double)lr / (1.0 - integer_power(beta1, t)));
        bias2_sqrt = (float)sqrt(1.0 - integer_power(beta2, t));
    }
    __syncthreads();
    const AdamScalars s{beta1, beta2, eps, step_size, bias2_sqrt};

    grid_stride_packs(
        count, vectorized != 0,
        [&](int64_t q) {
            float4 p = load4(param, q), m = load4(exp_avg, q), v = load4(exp_avg_sq, q);
            const float4 g = load4(grad, q);
            adam_update(p.x, g.x, m.x, v.x, s);
            adam_update(p.y, g.y, m.y, v.y, s);
            adam_update(p.z, g.z, m.z, v.z, s);
            adam_update(p.w, g.w, m.w, v.w, s);
            store4(param, q, p);
            store4(exp_avg, q, m);
            store4(exp_avg_sq, q, v);
        },
        [&](int64_t i) { adam_update(param[i], grad[i], exp_avg[i], exp_avg_sq[i], s); });
}

}  // namespace
}  // namespace panagan

// =============================================================================================
// Launchers
// =============================================================================================

using namespace panagan;

extern "C" int32_t panagan_adam_step(float *param, const float *grad, float *exp_avg,
                                     float *exp_avg_sq, int64_t count, const int64_t *step,
                                     float lr, float beta1, float beta2, float eps,
                                     panagan_stream_t stream) {
    clear_error();
    PANAGAN_REQUIRE(param != nullptr, "param must not be NULL");
    PANAGAN_REQUIRE(grad != nullptr, "grad must not be NULL");
    PANAGAN_REQUIRE(exp_avg != nullptr, "exp_avg must not be NULL");
    PANAGAN_REQUIRE(exp_avg_sq != nullptr, "exp_avg_sq must not be NULL");
    PANAGAN_REQUIRE(step != nullptr, "step must not be NULL");
    PANAGAN_REQUIRE(count >= 0, "count must be >= 0, got %lld", (long long)count);
    // PyTorch's ranges: lr >= 0, eps >= 0, betas in [0, 1). Negated so NaN fails too.
    PANAGAN_REQUIRE(lr >= 0.0f && std::isfinite(lr), "lr must be finite and >= 0, got %g",
                    (double)lr);
    PANAGAN_REQUIRE(beta1 >= 0.0f && beta1 < 1.0f, "beta1 must be in [0, 1), got %g",
                    (double)beta1);
    PANAGAN_REQUIRE(beta2 >= 0.0f && beta2 < 1.0f, "beta2 must be in [0, 1), got %g",
                    (double)beta2);
    PANAGAN_REQUIRE(eps >= 0.0f && std::isfinite(eps), "eps must be finite and >= 0, got %g",
                    (double)eps);
    if (count == 0) return PANAGAN_OK;
    const bool vectorized = aligned16(param, grad, exp_avg, exp_avg_sq);
    GPUSIM_LAUNCH(adam_step_kernel, pack_blocks(count, vectorized), kElementwiseThreads, 0,
                  stream, param, grad, exp_avg, exp_avg_sq, count, step, lr, beta1, beta2, eps,
                  (int)vectorized);
    return check_launch(__func__);
}
