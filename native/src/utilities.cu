/*
 * utilities.cu: small operations over `count` floats that the training step needs around the
 * layers: fill, scale, axpy, copy, sum, mean, count_nonfinite, and the Adam step counter.
 *
 * Launch shapes:
 *   fill, scale, axpy, copy   grid-stride loops of kElementwiseThreads-thread blocks, a float4
 *                             pack per thread and iteration when the pointers are 16-byte
 *                             aligned, then a scalar tail (see elementwise.cuh);
 *   sum, mean                 ONE block of kReductionThreads threads: each thread sums a strided
 *                             subset in a fixed order, then a fixed tree folds the block. They
 *                             report losses and statistics, so they favour one launch and
 *                             run-to-run identical bits over bandwidth;
 *   count_nonfinite           a one-thread clear, then a grid-stride count whose block totals
 *                             meet in one integer atomicAdd per block: integer addition is
 *                             associative, so the count is exact and the same on every run
 *                             while the pass still uses the whole GPU (it checks every gradient);
 *   increment                 one thread.
 */
#include <cmath>

#include "elementwise.cuh"
#include "launch.cuh"

namespace panagan {
namespace {

// True for NaN and +-Inf: the exponent bits are all ones. A bit test rather than x != x, which a
// fast-math build may fold to false.
__device__ __forceinline__ int nonfinite(float v) {
    return (__float_as_uint(v) & 0x7f800000u) == 0x7f800000u;
}

// The sum of x over one block in a fixed order (thread 0 holds it): four accumulators per thread,
// one per lane of its float4 packs, so a thread's additions do not wait on each other.
__device__ float block_sum(const float *x, int64_t count, bool vectorized) {
    float4 acc;
    acc.x = acc.y = acc.z = acc.w = 0.0f;
    float tail = 0.0f;
    grid_stride_packs(
        count, vectorized,
        [&](int64_t q) {
            const float4 v = load4(x, q);
            acc.x += v.x;
            acc.y += v.y;
            acc.z += v.z;
            acc.w += v.w;
        },
        [&](int64_t i) { tail += x[i]; });
    const float mine = ((acc.x + acc.y) + (acc.z + acc.w)) + tail;
    return block_reduce(mine, [](float a, float b) { return a + b; });
}

// =============================================================================================
// Kernels
// =============================================================================================

__global__ void fill_kernel(float *x, int64_t count, float value, int vectorized) {
    float4 v4;
    v4.x = v4.y = v4.z = v4.w = value;
    grid_stride_packs(
        count, vectorized != 0, [&](int64_t q) { store4(x, q, v4); },
        [&](int64_t i) { x[i] = value; });
}

__global__ void scale_kernel(float *x, int64_t count, float alpha, int vectorized) {
    grid_stride_packs(
        count, vectorized != 0,
        [&](int64_t q) {
            float4 v = load4(x, q);
            v.x *= alpha;
            v.y *= alpha;
            v.z *= alpha;
            v.w *= alpha;
            store4(x, q, v);
        },
        [&](int64_t i) { x[i] *= alpha; });
}

// fmaf spelt out so the GPU and the simulator round alike (nvcc would contract a*b+c anyway).
__global__ void axpy_kernel(const float *x, float *y, int64_t count, float alpha,
                                    int vectorized) {
    grid_stride_packs(
        count, vectorized != 0,
        [&](int64_t q) {
            const float4 a = load4(x, q);
            float4 b = load4(y, q);
            b.x = fmaf(alpha, a.x, b.x);
            b.y = fmaf(alpha, a.y, b.y);
            b.z = fmaf(alpha, a.z, b.z);
            b.w = fmaf(alpha, a.w, b.w);
            store4(y, q, b);
        },
        [&](int64_t i) { y[i] = fmaf(alpha, x[i], y[i]); });
}

__global__ void copy_kernel(const float *src, float *dst, int64_t count, int vectorized) {
    grid_stride_packs(
        count, vectorized != 0, [&](int64_t q) { store4(dst, q, load4(src, q)); },
        [&](int64_t i) { dst[i] = src[i]; });
}

// One block. divisor = 1 for the sum, count for the mean (the division is done in double).
__global__ void __launch_bounds__(kReductionThreads)
    sum_kernel(const float *x, int64_t count, float *result, double divisor, int vectorized) {
    const float total = block_sum(x, count, vectorized != 0);
    if (threadIdx.x == 0) result[0] = (float)((double)total / divisor);
}

__global__ void count_nonfinite_clear_kernel(int32_t *result) { result[0] = 0; }

__global__ void count_nonfinite_kernel(const float *x, int64_t count, int32_t *result,
                                               int vectorized) {
    int mine = 0;
    grid_stride_packs(
        count, vectorized != 0,
        [&](int64_t q) {
            const float4 v = load4(x, q);
            mine += nonfinite(v.x) + nonfinite(v.y) + nonfinite(v.z) + nonfinite(v.w);
        },
        [&](int64_t i) { mine += nonfinite(x[i]); });
    const int block_total = block_reduce(mine, [](int a, int b) { return a + b; });
    if (threadIdx.x == 0 && block_total != 0) atomicAdd(result, block_total);
}

__global__ void increment_kernel(int64_t *counter) { counter[0] += 1; }

// =============================================================================================
// Launchers
// =============================================================================================

// Arguments every utility shares: a non-NULL buffer and a count >= 0.
int32_t check_buffer(const char *function, const char *name, const void *p, int64_t count) {
    PANAGAN_REQUIRE_IN(function, p != nullptr, "%s must not be NULL", name);
    PANAGAN_REQUIRE_IN(function, count >= 0, "count must be >= 0, got %lld", (long long)count);
    return PANAGAN_OK;
}

int32_t reduce_to_scalar(const char *function, const float *x, int64_t count, float *result,
                         double divisor, panagan_stream_t stream) {
    GPUSIM_LAUNCH(sum_kernel, 1, kReductionThreads, 0, stream, x, count, result, divisor,
                  (int)aligned16(x));
    return check_launch(function);
}

}  // namespace
}  // namespace panagan

using namespace panagan;

extern "C" int32_t panagan_fill(float *x, int64_t count, float value, panagan_stream_t stream) {
    clear_error();
    if (int32_t status = check_buffer(__func__, "x", x, count)) return status;
    if (count == 0) return PANAGAN_OK;
    const bool vectorized = aligned16(x);
    GPUSIM_LAUNCH(fill_kernel, pack_blocks(count, vectorized), kElementwiseThreads, 0,
                  stream, x, count, value, (int)vectorized);
    return check_launch(__func__);
}

extern "C" int32_t panagan_scale(float *x, int64_t count, float alpha, panagan_stream_t stream) {
    clear_error();
    if (int32_t status = check_buffer(__func__, "x", x, count)) return status;
    if (count == 0) return PANAGAN_OK;
    const bool vectorized = aligned16(x);
    GPUSIM_LAUNCH(scale_kernel, pack_blocks(count, vectorized), kElementwiseThreads, 0,
                  stream, x, count, alpha, (int)vectorized);
    return check_launch(__func__);
}

extern "C" int32_t panagan_axpy(const float *x, float *y, int64_t count, float alpha,
                                panagan_stream_t stream) {
    clear_error();
    if (int32_t status = check_buffer(__func__, "x", x, count)) return status;
    if (int32_t status = check_buffer(__func__, "y", y, count)) return status;
    if (count == 0) return PANAGAN_OK;
    const bool vectorized = aligned16(x, y);
    GPUSIM_LAUNCH(axpy_kernel, pack_blocks(count, vectorized), kElementwiseThreads, 0,
                  stream, x, y, count, alpha, (int)vectorized);
    return check_launch(__func__);
}

extern "C" int32_t panagan_copy(const float *src, float *dst, int64_t count,
                                panagan_stream_t stream) {
    clear_error();
    if (int32_t status = check_buffer(__func__, "src", src, count)) return status;
    if (int32_t status = check_buffer(__func__, "dst", dst, count)) return status;
    const uintptr_t s = (uintptr_t)src, d = (uintptr_t)dst, bytes = (uintptr_t)count * 4u;
    PANAGAN_REQUIRE(count == 0 || s + bytes <= d || d + bytes <= s,
                    "src and dst must not overlap, got %lld floats at %p and %p",
                    (long long)count, (const void *)src, (void *)dst);
    if (count == 0) return PANAGAN_OK;
    const bool vectorized = aligned16(src, dst);
    GPUSIM_LAUNCH(copy_kernel, pack_blocks(count, vectorized), kElementwiseThreads, 0,
                  stream, src, dst, count, (int)vectorized);
    return check_launch(__func__);
}

extern "C" int32_t panagan_sum(const float *x, int64_t count, float *result,
                               panagan_stream_t stream) {
    clear_error();
    if (int32_t status = check_buffer(__func__, "x", x, count)) return status;
    PANAGAN_REQUIRE(result != nullptr, "result must not be NULL");
    return reduce_to_scalar(__func__, x, count, result, 1.0, stream);
}

extern "C" int32_t panagan_mean(const float *x, int64_t count, float *result,
                                panagan_stream_t stream) {
    clear_error();
    if (int32_t status = check_buffer(__func__, "x", x, count)) return status;
    PANAGAN_REQUIRE(result != nullptr, "result must not be NULL");
    PANAGAN_REQUIRE(count > 0, "count must be > 0 (the mean of nothing is undefined), got %lld",
                    (long long)count);
    return reduce_to_scalar(__func__, x, count, result, (double)count, stream);
}

extern "C" int32_t panagan_count_nonfinite(const float *x, int64_t count, int32_t *result,
                                           panagan_stream_t stream) {
    clear_error();
    if (int32_t status = check_buffer(__func__, "x", x, count)) return status;
    PANAGAN_REQUIRE(result != nullptr, "result must not be NULL");
    GPUSIM_LAUNCH(count_nonfinite_clear_kernel, 1, 1, 0, stream, result);
    if (int32_t status = check_launch(__func__)) return status;
    if (count == 0) return PANAGAN_OK;
    const bool vectorized = aligned16(x);
    GPUSIM_LAUNCH(count_nonfinite_kernel, pack_blocks(count, vectorized),
                  kElementwiseThreads, 0, stream, x, count, result, (int)vectorized);
    return check_launch(__func__);
}

extern "C" int32_t panagan_increment(int64_t *counter, panagan_stream_t stream) {
    clear_error();
    PANAGAN_REQUIRE(counter != nullptr, "counter must not be NULL");
    GPUSIM_LAUNCH(increment_kernel, 1, 1, 0, stream, counter);
    return check_launch(__func__);
}
