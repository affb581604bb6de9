/*
 * activations.cu: ReLU, LeakyReLU, Tanh and Sigmoid over `count` floats, forward and backward.
 *
 *   forward   y  = f(x)               y may alias x
 *   backward  dx = dy * f'(x), with f' written in terms of the forward's OUTPUT y (panagan.h),
 *             so the forward's input need not be kept; dx may alias dy.
 *
 * Launch shape: a grid-stride loop of kElementwiseThreads-thread blocks, one float4 pack per
 * thread and iteration when every pointer is 16-byte aligned (cudaMalloc'd buffers are), then a
 * scalar tail; unaligned slices take the scalar path throughout. Each element is read and
 * written by the thread that owns it, which is what makes in-place calls safe. The kernels are
 * pure streaming (8 or 12 bytes per element, a few flops), so they run at memory bandwidth; one
 * template per pass keeps the four activations on the same loop.
 */
#include <cmath>

#include "elementwise.cuh"
#include "launch.cuh"

namespace panagan {
namespace {

// Each activation: forward(x) and backward(dy, y), y being forward(x). NaN inputs propagate.
struct Relu {
    __device__ float forward(float x) const { return x <= 0.0f ? 0.0f : x; }
    __device__ float backward(float dy, float y) const { return y > 0.0f ? dy : 0.0f; }
};

struct LeakyRelu {
    float slope;  // >= 0, so y > 0 exactly when x > 0
    __device__ float forward(float x) const { return x > 0.0f ? x : x * slope; }
    __device__ float backward(float dy, float y) const { return y > 0.0f ? dy : dy * slope; }
};

struct Tanh {
    __device__ float forward(float x) const { return tanhf(x); }
    __device__ float backward(float dy, float y) const { return dy * (1.0f - y * y); }
};

struct Sigmoid {
    // expf(-x) overflows to +inf for x < -88, which gives the correct limit 0.
    __device__ float forward(float x) const { return 1.0f / (1.0f + expf(-x)); }
    __device__ float backward(float dy, float y) const { return dy * y * (1.0f - y); }
};

// =============================================================================================
// Kernels
// =============================================================================================

template <class Act>
__global__ void activation_forward_kernel(const float *x, float *y, int64_t count, Act act,
                                          int vectorized) {
    grid_stride_packs(
        count, vectorized != 0,
        [&](int64_t q) {
            float4 v = load4(x, q);
            v.x = act.forward(v.x);
            v.y = act.forward(v.y);
            v.z = act.forward(v.z);
            v.w = act.forward(v.w);
            store4(y, q, v);
        },
        [&](int64_t i) { y[i] = act.forward(x[i]); });
}

template <class Act>
__global__ void activation_backward_kernel(const float *dy, const float *y, float *dx,
                                           int64_t count, Act act, int vectorized) {
    grid_stride_packs(
        count, vectorized != 0,
        [&](int64_t q) {
            const float4 g = load4(dy, q);
            const float4 out = load4(y, q);
            float4 d;
            d.x = act.backward(g.x, out.x);
            d.y = act.backward(g.y, out.y);
            d.z = act.backward(g.z, out.z);
            d.w = act.backward(g.w, out.w);
            store4(dx, q, d);
        },
        [&](int64_t i) { dx[i] = act.backward(dy[i], y[i]); });
}

// =============================================================================================
// Launchers
// =============================================================================================

template <class Act>
int32_t activation_forward(const char *function, const float *x, float *y, int64_t count,
                           Act act, panagan_stream_t stream) {
    PANAGAN_REQUIRE_IN(function, x != nullptr, "x must not be NULL");
    PANAGAN_REQUIRE_IN(function, y != nullptr, "y must not be NULL");
    PANAGAN_REQUIRE_IN(function, count >= 0, "count must be >= 0, got %lld", (long long)count);
    if (count == 0) return PANAGAN_OK;
    const bool vectorized = aligned16(x, y);
    GPUSIM_LAUNCH(activation_forward_kernel<Act>, pack_blocks(count, vectorized),
                  kElementwiseThreads, 0, stream, x, y, count, act, (int)vectorized);
    return check_launch(function);
}

template <class Act>
int32_t activation_backward(const char *function, const float *dy, const float *y, float *dx,
                            int64_t count, Act act, panagan_stream_t stream) {
    PANAGAN_REQUIRE_IN(function, dy != nullptr, "dy must not be NULL");
    PANAGAN_REQUIRE_IN(function, y != nullptr, "y must not be NULL");
    PANAGAN_REQUIRE_IN(function, dx != nullptr, "dx must not be NULL");
    PANAGAN_REQUIRE_IN(function, count >= 0, "count must be >= 0, got %lld", (long long)count);
    if (count == 0) return PANAGAN_OK;
    const bool vectorized = aligned16(dy, y, dx);
    GPUSIM_LAUNCH(activation_backward_kernel<Act>, pack_blocks(count, vectorized),
                  kElementwiseThreads, 0, stream, dy, y, dx, count, act, (int)vectorized);
    return check_launch(function);
}

// LeakyReLU's slope must be a number >= 0 (the backward reads the sign of x from y).
int32_t check_slope(const char *function, float slope) {
    PANAGAN_REQUIRE_IN(function, slope >= 0.0f && std::isfinite(slope),
                       "slope must be finite and >= 0, got %g", (double)slope);
    return PANAGAN_OK;
}

}  // namespace
}  // namespace panagan

using namespace panagan;

extern "C" int32_t panagan_relu_forward(const float *x, float *y, int64_t count,
                                        panagan_stream_t stream) {
    clear_error();
    return activation_forward(__func__, x, y, count, Relu{}, stream);
}

extern "C" int32_t panagan_relu_backward(const float *dy, const float *y, float *dx,
                                         int64_t count, panagan_stream_t stream) {
    clear_error();
    return activation_backward(__func__, dy, y, dx, count, Relu{}, stream);
}

extern "C" int32_t panagan_leaky_relu_forward(const float *x, float *y, int64_t count,
                                              float slope, panagan_stream_t stream) {
    clear_error();
    if (int32_t status = check_slope(__func__, slope)) return status;
    return activation_forward(__func__, x, y, count, LeakyRelu{slope}, stream);
}

extern "C" int32_t panagan_leaky_relu_backward(const float *dy, const float *y, float *dx,
                                               int64_t count, float slope,
                                               panagan_stream_t stream) {
    clear_error();
    if (int32_t status = check_slope(__func__, slope)) return status;
    return activation_backward(__func__, dy, y, dx, count, LeakyRelu{slope}, stream);
}

extern "C" int32_t panagan_tanh_forward(const float *x, float *y, int64_t count,
                                        panagan_stream_t stream) {
    clear_error();
    return activation_forward(__func__, x, y, count, Tanh{}, stream);
}

extern "C" int32_t panagan_tanh_backward(const float *dy, const float *y, float *dx,
                                         int64_t count, panagan_stream_t stream) {
    clear_error();
    return activation_backward(__func__, dy, y, dx, count, Tanh{}, stream);
}

extern "C" int32_t panagan_sigmoid_forward(const float *x, float *y, int64_t count,
                                           panagan_stream_t stream) {
    clear_error();
    return activation_forward(__func__, x, y, count, Sigmoid{}, stream);
}

extern "C" int32_t panagan_sigmoid_backward(const float *dy, const float *y, float *dx,
                                            int64_t count, panagan_stream_t stream) {
    clear_error();
    return activation_backward(__func__, dy, y, dx, count, Sigmoid{}, stream);
}
