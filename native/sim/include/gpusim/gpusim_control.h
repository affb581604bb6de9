/*
 * gpusim_control.h: inspection and fault-injection hooks of the host simulator, for tests.
 *
 * Exported by libpanagan_sim.so next to the cudart stand-in; plain C so that Java (FFM) and the
 * native test driver bind it alike. Nothing here exists in the CUDA build: code that calls these
 * functions is test code that knows it runs on the simulator.
 *
 * All functions are thread-safe (they take the simulator's global lock).
 */
#ifndef GPUSIM_CONTROL_H
#define GPUSIM_CONTROL_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Device (cudaMalloc) plus pinned host (cudaMallocHost, cudaHostAlloc) allocations not yet
 * freed, and their bytes. A test that frees everything it allocated expects both back where they
 * were before it started. */
int64_t gpusim_live_allocations(void);
int64_t gpusim_live_bytes(void);

/* Arms a one-shot allocation failure: the k-th cudaMalloc / cudaMallocHost / cudaHostAlloc call
 * from now fails with cudaErrorMemoryAllocation (k = 1 or 0: the very next call). A negative k
 * disarms it. Calls of size 0 count too. */
void gpusim_fail_allocation_after(int64_t k);

/* The simulated device memory: cudaMalloc beyond it fails with cudaErrorMemoryAllocation,
 * cudaMemGetInfo and cudaGetDeviceProperties report it. Pinned host memory does not count.
 * Default 8 GiB, or GPUSIM_MEMORY (bytes, K/M/G suffixes allowed). */
void gpusim_set_memory_budget(int64_t bytes);

/* The message of the fault that made the sticky cudaErrorLaunchFailure: kernel, block, threads,
 * file:line and what went wrong. "" when no fault is pending. The pointer stays valid until the
 * next fault or gpusim_clear_fault(). */
const char *gpusim_last_fault(void);

/* Clears a sticky fault (and the message), so that a test can go on after provoking one.
 * cudaDeviceReset() clears it too, along with everything else. */
void gpusim_clear_fault(void);

/* Changes a setting at run time, as the environment variable would at start-up. Names and values:
 *   "schedule"  forward | reverse | shuffle     (GPUSIM_SCHEDULE)
 *   "streams"   sync | deferred                 (GPUSIM_STREAMS; pending work runs first)
 *   "on_fault"  error | abort                   (GPUSIM_ON_FAULT)
 *   "threads"   1..256 workers for blocks       (GPUSIM_THREADS)
 *   "strict"    1 | 0                           (GPUSIM_STRICT)
 *   "seed"      an unsigned integer for shuffle (GPUSIM_SEED)
 * Returns 0, or -1 for an unknown name or value. */
int gpusim_set_option(const char *name, const char *value);

/* Why the simulator refused the calling thread's most recent failing call (which pointer
 * argument of which launch, which copy range, ...); "" if it gave no reason. cudaGetErrorString
 * only names the error code. */
const char *gpusim_last_error_detail(void);

/* Launches run so far (kernels that reached execution), for tests of deferred streams. */
int64_t gpusim_launch_count(void);

#ifdef __cplusplus
}
#endif

#endif /* GPUSIM_CONTROL_H */
