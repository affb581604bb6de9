/*
 * cuda_compat.h: the only CUDA header a panagan kernel source includes.
 *
 * Under nvcc it is the real CUDA runtime. Under g++ (the host simulator build, GPUSIM_HOST) it
 * brings in the simulator, which gives the same source the CUDA execution model on the CPU:
 * grid/block/thread indices, __shared__ memory, barriers, warp collectives, atomics.
 *
 * The two macros below are the only spelling differences a kernel author sees:
 *   GPUSIM_LAUNCH(kernel, grid, block, smem_bytes, stream, args...)
 *       kernel<<<grid, block, smem_bytes, stream>>>(args...) on the GPU; a simulated launch on
 *       the host. Wrap a template kernel name containing commas in parentheses.
 *   GPUSIM_EXTERN_SHARED(T, name)
 *       extern __shared__ T name[] on the GPU; this block's dynamic shared memory on the host.
 *   GPUSIM_NOINLINE
 *       __noinline__ (which g++ cannot take as a macro).
 */
#ifndef GPUSIM_CUDA_COMPAT_H
#define GPUSIM_CUDA_COMPAT_H

#if defined(__CUDACC__)

#include <cuda_runtime.h>

#define GPUSIM_LAUNCH(kernel, grid, block, smem, stream, ...) \
    kernel<<<(grid), (block), (smem), (stream)>>>(__VA_ARGS__)
#define GPUSIM_EXTERN_SHARED(T, name) extern __shared__ T name[]
#define GPUSIM_NOINLINE __noinline__

#else

#ifndef GPUSIM_HOST
#define GPUSIM_HOST 1
#endif
#include "gpusim/sim_device.h"
#include "gpusim/sim_launch.h"

#endif

#endif /* GPUSIM_CUDA_COMPAT_H */
