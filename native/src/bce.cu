/*
 * bce.cu: binary cross-entropy on logits, the discriminator's loss. `count` logits x share one
 * target t (1 real, 0 fake, or a smoothed label in [0, 1]):
 *
 *   forward   loss[0] = mean( max(x, 0) - x * t + log1p(exp(-|x|)) )
 *   backward  dx = grad_scale * (sigmoid(x) - t) / count
 *
 * The forward form never exponentiates a positive number, so it is finite for every finite x
 * (the naive -t*log(sigmoid(x)) - (1-t)*log(1 - sigmoid(x)) gives inf once sigmoid rounds to
 * 0 or 1, near |x| = 17).
 *
 * Launch shapes: the forward is ONE block of kReductionThreads threads; each thread sums a
 * strided subset in a fixed order and a fixed tree folds the block, so the loss has the same
 * bits on every run (count is a batch of logits, a few hundred, so one block is plenty). The
 * backward is a grid-stride loop, a float4 pack per thread and iteration when aligned.
 */
#include <cmath>

#include "elementwise.cuh"
#include "launch.cuh"

namespace panagan {
namespace {

__device__ __forceinline__ float bce_term(float x, float target) {
    return fmaxf(x, 0.0f) - x * target + log1pf(expf(-fabsf(x)));
}

// d(term)/dx = sigmoid(x) - t, times the caller's scale / count.
__device__ __forceinline__ float bce_grad(float x, float target, float coefficient) {
    return (1.0f / (1.0f + expf(-x)) - target) * coefficient;
}

// =============================================================================================
// Kernels
// =============================================================================================

// One block: four accumulators per thread (one per float4 lane), then the block tree.
__global__ void __launch_bounds__(kReductionThreads)
    bce_with_logits_forward_kernel(const float *logits, float *loss, int64_t count,
                                   float target, int vectorized) {
    float4 acc;
    acc.x = acc.y = acc.z = acc.w = 0.0f;
    float tail = 0.0f;
    grid_stride_packs(
        count, vectorized != 0,
        [&](int64_t q) {
            const float4 v = load4(logits, q);
            acc.x += bce_term(v.x, target);
            acc.y += bce_term(v.y, target);
            acc.z += bce_term(v.z, target);
            acc.w += bce_term(v.w, target);
        },
        [&](int64_t i) { tail += bce_term(logits[i], target); });
    const float mine = ((acc.x + acc.y) + (acc.z + acc.w)) + tail;
    const float total = block_reduce(mine, [](float a, float b) { return a + b; });
    if (threadIdx.x == 0) loss[0] = (float)((double)total / (double)count);
}

__global__ void bce_with_logits_backward_kernel(const float *logits, float *dlogits,
                                                int64_t count, float target,
                                                float coefficient, int vectorized) {
    grid_stride_packs(
        count, vectorized != 0,
        [&](int64_t q) {
            float4 v = load4(logits, q);
            v.x = bce_grad(v.x, target, coefficient);
            v.y = bce_grad(v.y, target, coefficient);
            v.z = bce_grad(v.z, target, coefficient);
            v.w = bce_grad(v.w, target, coefficient);
            store4(dlogits, q, v);
        },
        [&](int64_t i) { dlogits[i] = bce_grad(logits[i], target, coefficient); });
}

}  // namespace
}  // namespace panagan

// =============================================================================================
// Launchers
// =============================================================================================

using namespace panagan;

extern "C" int32_t panagan_bce_with_logits_forward(const float *logits, float *loss,
                                                   int64_t count, float target,
                                                   panagan_stream_t stream) {
    clear_error();
    PANAGAN_REQUIRE(logits != nullptr, "logits must not be NULL");
    PANAGAN_REQUIRE(loss != nullptr, "loss must not be NULL");
    PANAGAN_REQUIRE(count > 0, "count must be > 0 (the loss is a mean), got %lld",
                    (long long)count);
    PANAGAN_REQUIRE(target >= 0.0f && target <= 1.0f, "target must be in [0, 1], got %g",
                    (double)target);
    GPUSIM_LAUNCH(bce_with_logits_forward_kernel, 1, kReductionThreads, 0, stream, logits, loss,
                  count, target, (int)aligned16(logits));
    return check_launch(__func__);
}

extern "C" int32_t panagan_bce_with_logits_backward(const float *logits, float *dlogits,
                                                    int64_t count, float target,
                                                    float grad_scale, panagan_stream_t stream) {
    clear_error();
    PANAGAN_REQUIRE(logits != nullptr, "logits must not be NULL");
    PANAGAN_REQUIRE(dlogits != nullptr, "dlogits must not be NULL");
    PANAGAN_REQUIRE(count >= 0, "count must be >= 0, got %lld", (long long)count);
    PANAGAN_REQUIRE(target >= 0.0f && target <= 1.0f, "target must be in [0, 1], got %g",
                    (double)target);
    PANAGAN_REQUIRE(std::isfinite(grad_scale), "grad_scale must be finite, got %g",
                    (double)grad_scale);
    if (count == 0) return PANAGAN_OK;
    const float coefficient = (float)((double)grad_scale / (double)count);
    const bool vectorized = aligned16(logits, dlogits);
    GPUSIM_LAUNCH(bce_with_logits_backward_kernel, pack_blocks(count, vectorized),
                  kElementwiseThreads, 0, stream, logits, dlogits, count, target, coefficient,
                  (int)vectorized);
    return check_launch(__func__);
}
