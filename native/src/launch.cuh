/*
 * launch.cuh: what every kernel file shares: launch geometry, named limits, and the error
 * reporting that launchers use to turn a bad argument or a failed launch into a status and the
 * calling thread's error text (see panagan_last_error in panagan.h).
 */
#ifndef PANAGAN_LAUNCH_CUH
#define PANAGAN_LAUNCH_CUH

#include <cstdint>

#include "gpusim/cuda_compat.h"
#include "panagan.h"

namespace panagan {

constexpr int kWarpSize = 32;

// Element-wise kernels: 256 threads keep 8 warps per block, enough to hide latency while
// letting 8 blocks share an SM on every architecture we build for.
constexpr int kElementwiseThreads = 256;

// Grid-stride kernels stop adding blocks here: 16 blocks per SM on a 132-SM H200 saturates
// memory bandwidth, and more blocks only add scheduling work.
constexpr int64_t kMaxElementwiseBlocks = 2048;

// One-block reductions (panagan_sum and friends) use a whole block of this many threads.
constexpr int kReductionThreads = 1024;

__host__ __device__ inline int64_t ceil_div(int64_t a, int64_t b) { return (a + b - 1) / b; }

// Blocks for a grid-stride loop over `count` elements.
inline unsigned elementwise_blocks(int64_t count) {
    int64_t blocks = ceil_div(count, kElementwiseThreads);
    if (blocks < 1) blocks = 1;
    return (unsigned)(blocks < kMaxElementwiseBlocks ? blocks : kMaxElementwiseBlocks);
}

// Clears the calling thread's error text; every exported function calls it first, so that
// panagan_last_error() describes the last call only.
void clear_error();

// Sets the thread's error text to "<function>: <formatted message>" and returns `status`.
int32_t fail(int32_t status, const char *function, const char *format, ...)
    __attribute__((format(printf, 3, 4)));

// After a launch: PANAGAN_OK, or PANAGAN_CUDA_ERROR naming the function and the runtime's error.
int32_t check_launch(const char *function);

}  // namespace panagan

// Inside an exported launcher: return PANAGAN_INVALID_ARGUMENT with a message unless `cond`.
// The message says what was expected and what came, e.g. "c_in must be > 0, got -3".
#define PANAGAN_REQUIRE(cond, ...)                                                  \
    do {                                                                            \
        if (!(cond)) return ::panagan::fail(PANAGAN_INVALID_ARGUMENT, __func__, __VA_ARGS__); \
    } while (0)

// The same for the *_workspace_size functions, which return -1 instead of a status.
#define PANAGAN_REQUIRE_SIZE(cond, ...)                                             \
    do {                                                                            \
        if (!(cond)) {                                                              \
            ::panagan::fail(PANAGAN_INVALID_ARGUMENT, __func__, __VA_ARGS__);       \
            return -1;                                                              \
        }                                                                           \
    } while (0)

#endif /* PANAGAN_LAUNCH_CUH */
