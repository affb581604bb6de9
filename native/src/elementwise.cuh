/*
 * elementwise.cuh: what the element-wise and reduction kernels share (activations, bce, adam,
 * utilities, batch_norm): a vectorised grid-stride loop and a deterministic block reduction.
 *
 * Vectorised loop: a buffer whose pointers are all 16-byte aligned is walked as float4 packs
 * (one 128-bit load per pack, a quarter of the load instructions), then a scalar tail of at most
 * three elements; an unaligned buffer (a slice at an odd offset) is walked element by element.
 * Indices are 64-bit: a flat parameter buffer or an activation tensor can pass 2^31 floats.
 *
 * Block reduction: a shfl_down tree inside each warp, then thread 0 folds the warp results in
 * warp order. The order depends only on blockDim, never on timing, so the same inputs give the
 * same bits on every run.
 */
#ifndef PANAGAN_ELEMENTWISE_CUH
#define PANAGAN_ELEMENTWISE_CUH

#include <cstdint>

#include "launch.cuh"

// PANAGAN_REQUIRE for a helper shared by several exported launchers: the message names
// `function`, the exported launcher, rather than the helper.
#define PANAGAN_REQUIRE_IN(function, cond, ...)                                    \
    do {                                                                            \
        if (!(cond)) return ::panagan::fail(PANAGAN_INVALID_ARGUMENT, function, __VA_ARGS__); \
    } while (0)

namespace panagan {

// Floats per float4 pack.
constexpr int kPack = 4;

// Warps in the largest block we launch.
constexpr int kMaxWarps = kReductionThreads / kWarpSize;

constexpr unsigned kFullWarp = 0xffffffffu;

// True when every pointer can be read or written as float4.
inline bool aligned16(const void *p) { return ((uintptr_t)p & 15u) == 0; }
template <class... Rest>
inline bool aligned16(const void *p, const Rest *...rest) {
    return aligned16(p) && aligned16(rest...);
}

// Blocks for a grid-stride loop that handles a float4 pack per thread and iteration.
inline unsigned pack_blocks(int64_t count, bool vectorized) {
    return elementwise_blocks(vectorized ? ceil_div(count, kPack) : count);
}

__device__ __forceinline__ float4 load4(const float *p, int64_t pack) {
    return reinterpret_cast<const float4 *>(p)[pack];
}

__device__ __forceinline__ void store4(float *p, int64_t pack, float4 v) {
    reinterpret_cast<float4 *>(p)[pack] = v;
}

// Grid-stride walk over `count` elements: pack_body(q) for each float4 pack q when `vectorized`
// (all the caller's pointers 16-byte aligned), then scalar_body(i) for the elements after the
// last whole pack (or for every element when not vectorised).
template <class PackBody, class ScalarBody>
__device__ __forceinline__ void grid_stride_packs(int64_t count, bool vectorized,
                                                  PackBody pack_body, ScalarBody scalar_body) {
    const int64_t first = (int64_t)blockIdx.x * blockDim.x + threadIdx.x;
    const int64_t stride = (int64_t)gridDim.x * blockDim.x;
    const int64_t packs = vectorized ? count / kPack : 0;
    for (int64_t q = first; q < packs; q += stride) pack_body(q);
    for (int64_t i = packs * kPack + first; i < count; i += stride) scalar_body(i);
}

__device__ __forceinline__ float shfl_down(float v, int offset) {
    return __shfl_down_sync(kFullWarp, v, offset);
}
__device__ __forceinline__ double shfl_down(double v, int offset) {
    return __shfl_down_sync(kFullWarp, v, offset);
}
__device__ __forceinline__ int shfl_down(int v, int offset) {
    return __shfl_down_sync(kFullWarp, v, offset);
}

// Folds `value` over the warp in a fixed tree with `combine`; lane 0 holds the result. Every
// lane of a full warp must call it.
template <class T, class Combine>
__device__ __forceinline__ T warp_reduce(T value, Combine combine) {
    for (int offset = kWarpSize / 2; offset > 0; offset /= 2)
        value = combine(value, shfl_down(value, offset));
    return value;
}

// Folds `value` over the block with `combine`; thread 0 holds the result. Every thread must call
// it (it has a barrier) and blockDim.x must be a multiple of 32. The warp results live in one
// static buffer per T, so a kernel calls it once per T.
template <class T, class Combine>
__device__ __forceinline__ T block_reduce(T value, Combine combine) {
    __shared__ T warp_results[kMaxWarps];
    value = warp_reduce(value, combine);
    const int warp = threadIdx.x / kWarpSize;
    if (threadIdx.x % kWarpSize == 0) warp_results[warp] = value;
    __syncthreads();
    if (threadIdx.x == 0) {
        const int warps = blockDim.x / kWarpSize;
        for (int other = 1; other < warps; ++other) value = combine(value, warp_results[other]);
    }
    return value;
}

}  // namespace panagan

#endif /* PANAGAN_ELEMENTWISE_CUH */
