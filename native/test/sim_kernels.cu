/*
 * sim_kernels.cu: test-only kernels for the simulator's own suite (test_sim.cpp).
 *
 * Written as GPU kernels (they compile with nvcc too); the misuse kernels break the rules of
 * native/README.md on purpose, each in one way, so the tests can check the diagnostics.
 */
#include "gpusim/cuda_compat.h"
#include "sim_kernels.h"

namespace simtest {

namespace {

constexpr int kTile = 32;  // SGEMM tile edge: one thread per output of a 32x32 tile
constexpr unsigned kFullMask = 0xffffffffu;

}  // namespace

__constant__ float polynomial[4];  // c0 + c1 x + c2 x^2 + c3 x^3, set with cudaMemcpyToSymbol

// ---------------------------------------------------------------------------------------------
// Kernels
// ---------------------------------------------------------------------------------------------

// Block (32,32) computes a 32x32 tile of C, stepping over K through two shared tiles.
__global__ void sgemm_tiled_kernel(int m, int n, int k, float alpha, const float *a,
                                   const float *b, float beta, float *c) {
    __shared__ float a_tile[kTile][kTile + 1];
    __shared__ float b_tile[kTile][kTile + 1];
    int tx = (int)threadIdx.x, ty = (int)threadIdx.y;
    int row = (int)blockIdx.y * kTile + ty, col = (int)blockIdx.x * kTile + tx;
    float acc = 0.0f;
    for (int k0 = 0; k0 < k; k0 += kTile) {
        a_tile[ty][tx] = (row < m && k0 + tx < k) ? a[(size_t)row * k + k0 + tx] : 0.0f;
        b_tile[ty][tx] = (k0 + ty < k && col < n) ? b[(size_t)(k0 + ty) * n + col] : 0.0f;
        __syncthreads();
        for (int kk = 0; kk < kTile; kk++) acc += a_tile[ty][kk] * b_tile[kk][tx];
        __syncthreads();
    }
    if (row < m && col < n) {
        float prior = beta == 0.0f ? 0.0f : beta * c[(size_t)row * n + col];
        c[(size_t)row * n + col] = alpha * acc + prior;
    }
}

__global__ void reverse_blocks_kernel(const float *in, float *out, int n) {
    GPUSIM_EXTERN_SHARED(float, buffer);
    int start = (int)(blockIdx.x * blockDim.x);
    int len = min(n - start, (int)blockDim.x);
    int t = (int)threadIdx.x;
    bool active = t < len;
    if (active) buffer[t] = in[start + t];
    __syncthreads();
    if (active) out[start + t] = buffer[len - 1 - t];
}

__global__ void block_sum_kernel(const float *in, float *partial, int n) {
    __shared__ float warp_sums[32];
    float sum = 0.0f;
    for (int i = (int)(blockIdx.x * blockDim.x + threadIdx.x); i < n;
         i += (int)(gridDim.x * blockDim.x))
        sum += in[i];
    int lane = (int)threadIdx.x % 32, warp = (int)threadIdx.x / 32;
    // A partial last warp has fewer lanes; reading a lane that does not exist is undefined.
    int live = min(32, (int)blockDim.x - warp * 32);
    unsigned mask = live == 32 ? kFullMask : (1u << live) - 1;
    for (int offset = 16; offset > 0; offset /= 2) {
        float other = __shfl_down_sync(mask, sum, offset);
        if (lane + offset < live) sum += other;
    }
    if (lane == 0) warp_sums[warp] = sum;
    __syncthreads();
    int warps = (int)(blockDim.x + 31) / 32;
    // Shared-memory tree over the warp sums, by the first warp.
    for (int stride = 16; stride > 0; stride /= 2) {
        if (warp == 0 && lane < stride && lane + stride < warps)
            warp_sums[lane] += warp_sums[lane + stride];
        __syncthreads();
    }
    if (threadIdx.x == 0) partial[blockIdx.x] = warp_sums[0];
}

__global__ void warp_semantics_kernel(const float *in, float *out, unsigned *bits) {
    int t = (int)threadIdx.x;
    int lane = t % 32;
    float v = in[t];
    float *o = out + (size_t)t * kWarpCases;
    o[0] = __shfl_sync(kFullMask, v, 5);
    o[1] = __shfl_up_sync(kFullMask, v, 3, 8);
    o[2] = __shfl_down_sync(kFullMask, v, 5, 8);
    o[3] = __shfl_xor_sync(kFullMask, v, 9, 8);
    o[4] = __shfl_xor_sync(kFullMask, v, 16);
    o[5] = __shfl_sync(kFullMask, v, lane + 1, 16);
    unsigned half = lane < 16 ? 0x0000ffffu : 0xffff0000u;
    float s = v;
    for (int offset = 8; offset > 0; offset /= 2) s += __shfl_xor_sync(half, s, offset, 16);
    o[6] = s;
    o[7] = __shfl_down_sync(kFullMask, v, 1);
    o[8] = __shfl_up_sync(kFullMask, v, 1);
    o[9] = __shfl_sync(kFullMask, v, 31);
    o[10] = (float)__any_sync(kFullMask, lane == 7);
    o[11] = (float)__all_sync(kFullMask, v > 0.0f);
    o[12] = (float)__all_sync(kFullMask, lane != 3);
    o[13] = (float)__reduce_add_sync(kFullMask, (unsigned)lane);
    o[14] = (float)__shfl_xor_sync(kFullMask, 2.0 * (double)v, 1);
    o[15] = (float)__shfl_sync(half, (int)v, 3, 8);
    unsigned *b = bits + (size_t)t * 4;
    b[0] = __ballot_sync(kFullMask, lane % 3 == 0);
    b[1] = __ballot_sync(half, lane & 1);
    b[2] = __activemask();
    __syncwarp();
    b[3] = __reduce_or_sync(kFullMask, 1u << (lane % 8));
}

__global__ void barrier_votes_kernel(int *out, int below) {
    int predicate = (int)threadIdx.x < below;
    int count = __syncthreads_count(predicate);
    int all = __syncthreads_and(predicate);
    int any = __syncthreads_or(predicate);
    int always = __syncthreads_and(1);
    if (threadIdx.x == 0) {
        out[0] = count;
        out[1] = all;
        out[2] = any;
        out[3] = always;
    }
}

// ints: [0] add 1, [1] sub 1, [2] max of ids, [3] min of ids, [4] CAS-increment, [5] or bits,
// [6] and (clears bits), [7] xor bits, [8] exch; uints: [0] add; u64: [0] add big values;
// floats: [0] add 0.5 (exact in float for these counts); doubles: [0] add 0.25.
__global__ void atomics_kernel(int *ints, unsigned *uints, unsigned long long *u64,
                               float *floats, double *doubles) {
    int id = (int)(blockIdx.x * blockDim.x + threadIdx.x);
    atomicAdd(&ints[0], 1);
    atomicSub(&ints[1], 1);
    atomicMax(&ints[2], id);
    atomicMin(&ints[3], id);
    int seen = ints[4];
    for (;;) {
        int prior = atomicCAS(&ints[4], seen, seen + 1);
        if (prior == seen) break;
        seen = prior;
    }
    atomicOr(&ints[5], 1 << (id % 31));
    atomicAnd(&ints[6], ~(1 << (id % 31)));
    atomicXor(&ints[7], 1 << (id % 2));
    atomicExch(&ints[8], 7);
    atomicAdd(&uints[0], 3u);
    atomicAdd(&u64[0], 1ull << 33);
    atomicAdd(&floats[0], 0.5f);
    atomicAdd(&doubles[0], 0.25);
}

__global__ void scale_kernel(const float *x, float *y, int n, float s, const float *maybe_null) {
    int i = (int)(blockIdx.x * blockDim.x + threadIdx.x);
    if (i < n) y[i] = x[i] * s + (maybe_null != nullptr ? maybe_null[i] : 0.0f);
}

__global__ void polynomial_kernel(const float *x, float *y, int n) {
    int i = (int)(blockIdx.x * blockDim.x + threadIdx.x);
    if (i < n) {
        float v = x[i];
        y[i] = polynomial[0] + v * (polynomial[1] + v * (polynomial[2] + v * polynomial[3]));
    }
}

__global__ void missing_barrier_kernel(int *out) {
    __shared__ int values[1024];
    int t = (int)threadIdx.x, n = (int)blockDim.x;
    values[t] = 1000 + t;
    out[t] = values[(t + 1) % n];  // needs a __syncthreads() before this read
}

__global__ void divergent_barrier_kernel(int *out) {
    if (threadIdx.x < 16) {
        __syncthreads();
    } else {
        __syncthreads();
    }
    out[threadIdx.x] = 1;
}

__global__ void early_return_barrier_kernel(int *out) {
    if (threadIdx.x == 5) return;
    __syncthreads();
    out[threadIdx.x] = 1;
}

__global__ void shuffle_without_caller_kernel(int *out) {
    int lane = (int)threadIdx.x;
    // Lane 0 names only lanes 1..31: a mask without the caller is undefined.
    unsigned mask = lane == 0 ? 0xfffffffeu : kFullMask;
    out[lane] = __shfl_sync(mask, lane, 0);
}

__global__ void barrier_warp_deadlock_kernel(int *out) {
    if (threadIdx.x < 16) __syncthreads();
    else __syncwarp();
    out[threadIdx.x] = 1;
}

__global__ void mismatched_collectives_kernel(int *out) {
    int lane = (int)threadIdx.x;
    if (lane < 16) out[lane] = __shfl_sync(kFullMask, lane, 0);
    else out[lane] = (int)__ballot_sync(kFullMask, 1);
}

__global__ void trap_kernel_body(int *out) {
    if (threadIdx.x == 3) __trap();
    out[threadIdx.x] = 1;
}

// Lanes 20..31 return first; the collectives of the others still complete without them, and a
// shuffle that reads an exited lane gets the undefined value (all-ones bits).
__global__ void exited_lanes_kernel(int *out) {
    int lane = (int)threadIdx.x;
    if (lane >= 20) return;
    out[lane] = __shfl_sync(kFullMask, lane * 2, lane + 1);
    out[32 + lane] = (int)__ballot_sync(kFullMask, 1);
}

// Thread 0 waits for a flag that thread 31 sets later: legal only because __nanosleep lets the
// other threads run (without it the block would spin forever).
__global__ void spin_wait_kernel(int *out) {
    __shared__ volatile int flag;
    if (threadIdx.x == 0) flag = 0;
    __syncthreads();
    if (threadIdx.x == 0) {
        while (flag == 0) __nanosleep(100);
        out[0] = flag;
    }
    if (threadIdx.x == 31) flag = 42;
}

__global__ void barrier_loop_kernel(int *out, int iterations) {
    int acc = 0;
    for (int i = 0; i < iterations; i++) {
        acc += (int)threadIdx.x ^ i;
        __syncthreads();
    }
    out[blockIdx.x * blockDim.x + threadIdx.x] = acc;
}

__global__ void shuffle_loop_kernel(int *out, int iterations) {
    unsigned acc = threadIdx.x;
    for (int i = 0; i < iterations; i++) acc += __shfl_xor_sync(kFullMask, acc, 1 + i % 31);
    out[blockIdx.x * blockDim.x + threadIdx.x] = (int)acc;
}

__global__ void empty_kernel_body(int *out) {
    if (out != nullptr && threadIdx.x == 0 && blockIdx.x == 0) out[0] = 1;
}

// ---------------------------------------------------------------------------------------------
// Launchers
// ---------------------------------------------------------------------------------------------

void sgemm_tiled(int m, int n, int k, float alpha, const float *a, const float *b, float beta,
                 float *c, cudaStream_t stream) {
    dim3 grid((unsigned)((n + kTile - 1) / kTile), (unsigned)((m + kTile - 1) / kTile));
    GPUSIM_LAUNCH(sgemm_tiled_kernel, grid, dim3(kTile, kTile), 0, stream, m, n, k, alpha, a, b,
                  beta, c);
}

const void *sgemm_tiled_kernel_address() { return (const void *)&sgemm_tiled_kernel; }

void reverse_blocks(const float *in, float *out, int n, int threads, size_t smem_bytes,
                    cudaStream_t stream) {
    unsigned blocks = (unsigned)((n + threads - 1) / threads);
    GPUSIM_LAUNCH(reverse_blocks_kernel, blocks, threads, smem_bytes, stream, in, out, n);
}

const void *reverse_blocks_kernel_address() { return (const void *)&reverse_blocks_kernel; }

void block_sum(const float *in, float *partial, int n, int blocks, int threads,
               cudaStream_t stream) {
    GPUSIM_LAUNCH(block_sum_kernel, blocks, threads, 0, stream, in, partial, n);
}

void warp_semantics(const float *in, float *out, unsigned *bits, int threads,
                    cudaStream_t stream) {
    GPUSIM_LAUNCH(warp_semantics_kernel, 1, threads, 0, stream, in, out, bits);
}

void barrier_votes(int *out, int threads, int below, cudaStream_t stream) {
    GPUSIM_LAUNCH(barrier_votes_kernel, 1, threads, 0, stream, out, below);
}

void atomics(int *ints, unsigned *uints, unsigned long long *u64, float *floats,
             double *doubles, int blocks, int threads, cudaStream_t stream) {
    GPUSIM_LAUNCH(atomics_kernel, blocks, threads, 0, stream, ints, uints, u64, floats, doubles);
}

void scale(const float *x, float *y, int n, float s, const float *maybe_null,
           cudaStream_t stream) {
    GPUSIM_LAUNCH(scale_kernel, (n + 127) / 128, 128, 0, stream, x, y, n, s, maybe_null);
}

cudaError_t set_polynomial(const float coefficients[4]) {
    return cudaMemcpyToSymbol(polynomial, coefficients, 4 * sizeof(float));
}

cudaError_t set_polynomial_overrun(const float coefficients[4]) {
    return cudaMemcpyToSymbol(polynomial, coefficients, 4 * sizeof(float), sizeof(float));
}

void polynomial_eval(const float *x, float *y, int n, cudaStream_t stream) {
    GPUSIM_LAUNCH(polynomial_kernel, (n + 63) / 64, 64, 0, stream, x, y, n);
}

void missing_barrier(int *out, int threads, cudaStream_t stream) {
    GPUSIM_LAUNCH(missing_barrier_kernel, 1, threads, 0, stream, out);
}

void divergent_barrier(int *out, int threads, cudaStream_t stream) {
    GPUSIM_LAUNCH(divergent_barrier_kernel, 1, threads, 0, stream, out);
}

void early_return_barrier(int *out, int threads, cudaStream_t stream) {
    GPUSIM_LAUNCH(early_return_barrier_kernel, 1, threads, 0, stream, out);
}

void shuffle_without_caller(int *out, cudaStream_t stream) {
    GPUSIM_LAUNCH(shuffle_without_caller_kernel, 1, 32, 0, stream, out);
}

void barrier_warp_deadlock(int *out, cudaStream_t stream) {
    GPUSIM_LAUNCH(barrier_warp_deadlock_kernel, 1, 32, 0, stream, out);
}

void mismatched_collectives(int *out, cudaStream_t stream) {
    GPUSIM_LAUNCH(mismatched_collectives_kernel, 1, 32, 0, stream, out);
}

void trap_kernel(int *out, cudaStream_t stream) {
    GPUSIM_LAUNCH(trap_kernel_body, 1, 32, 0, stream, out);
}

void exited_lanes(int *out, cudaStream_t stream) {
    GPUSIM_LAUNCH(exited_lanes_kernel, 1, 32, 0, stream, out);
}

void spin_wait(int *out, cudaStream_t stream) {
    GPUSIM_LAUNCH(spin_wait_kernel, 1, 32, 0, stream, out);
}

void barrier_loop(int *out, int threads, int iterations, cudaStream_t stream) {
    GPUSIM_LAUNCH(barrier_loop_kernel, 1, threads, 0, stream, out, iterations);
}

void shuffle_loop(int *out, int threads, int iterations, cudaStream_t stream) {
    GPUSIM_LAUNCH(shuffle_loop_kernel, 1, threads, 0, stream, out, iterations);
}

void empty_kernel(int *out, int blocks, int threads, cudaStream_t stream) {
    GPUSIM_LAUNCH(empty_kernel_body, blocks, threads, 0, stream, out);
}

}  // namespace simtest
