/*
 * sim_kernels.h: host entry points of the simulator test kernels (sim_kernels.cu,
 * planted_oob.cu). Each launches on `stream` with GPUSIM_LAUNCH and returns nothing; the
 * launch status is read with cudaGetLastError, as after <<<>>>.
 */
#ifndef PANAGAN_TEST_SIM_KERNELS_H
#define PANAGAN_TEST_SIM_KERNELS_H

#include <cuda_runtime_api.h>

namespace simtest {

// C[M,N] = alpha * A[M,K] B[K,N] + beta * C (row-major); beta == 0 never reads C.
void sgemm_tiled(int m, int n, int k, float alpha, const float *a, const float *b, float beta,
                 float *c, cudaStream_t stream);
const void *sgemm_tiled_kernel_address();

// out[i] = in[block_start + (block_len - 1 - j)] within each block of `threads` elements,
// through dynamic shared memory of `smem_bytes` (>= threads * 4).
void reverse_blocks(const float *in, float *out, int n, int threads, size_t smem_bytes,
                    cudaStream_t stream);
const void *reverse_blocks_kernel_address();

// partial[b] = sum of in[] over block b's grid-stride share (warp shuffles + shared tree).
void block_sum(const float *in, float *partial, int n, int blocks, int threads,
               cudaStream_t stream);

// Warp semantics: per thread, kWarpCases results (see sim_kernels.cu for the layout).
constexpr int kWarpCases = 16;
void warp_semantics(const float *in, float *out, unsigned *bits, int threads,
                    cudaStream_t stream);

// out[0..2] = __syncthreads_count/and/or of (threadIdx.x < below), out[3] = and of (true).
void barrier_votes(int *out, int threads, int below, cudaStream_t stream);

// Atomics from many blocks into counters (layout in sim_kernels.cu).
void atomics(int *ints, unsigned *uints, unsigned long long *u64, float *floats,
             double *doubles, int blocks, int threads, cudaStream_t stream);

// y[i] = x[i] * s; `maybe_null` may be NULL (it is then ignored), as an optional bias is.
void scale(const float *x, float *y, int n, float s, const float *maybe_null,
           cudaStream_t stream);

// __constant__ coefficients (cudaMemcpyToSymbol), then y = c0 + c1 x + c2 x^2 + c3 x^3.
cudaError_t set_polynomial(const float coefficients[4]);
cudaError_t set_polynomial_overrun(const float coefficients[4]);  // one float too many
void polynomial_eval(const float *x, float *y, int n, cudaStream_t stream);

// A kernel with no barrier that lets thread t read what thread t+1 wrote to shared memory:
// correct only if every thread writes before any reads, which no schedule guarantees.
void missing_barrier(int *out, int threads, cudaStream_t stream);

// out[l] = shuffle from lane l+1 and out[32+l] = full-mask ballot, for the 20 lanes that stay
// (lanes 20..31 return first).
void exited_lanes(int *out, cudaStream_t stream);

// out[0] = the flag thread 0 waited for with __nanosleep (42).
void spin_wait(int *out, cudaStream_t stream);

// Misuse, each diagnosed by the scheduler.
void divergent_barrier(int *out, int threads, cudaStream_t stream);
void early_return_barrier(int *out, int threads, cudaStream_t stream);
void shuffle_without_caller(int *out, cudaStream_t stream);
void barrier_warp_deadlock(int *out, cudaStream_t stream);
void mismatched_collectives(int *out, cudaStream_t stream);
void trap_kernel(int *out, cudaStream_t stream);

// Barrier-heavy and barrier-free kernels for measurements.
void barrier_loop(int *out, int threads, int iterations, cudaStream_t stream);
void shuffle_loop(int *out, int threads, int iterations, cudaStream_t stream);
void empty_kernel(int *out, int blocks, int threads, cudaStream_t stream);

// planted_oob.cu: reads in[n], one element past the end.
void planted_oob(const float *in, float *out, int n, cudaStream_t stream);

}  // namespace simtest

#endif /* PANAGAN_TEST_SIM_KERNELS_H */
