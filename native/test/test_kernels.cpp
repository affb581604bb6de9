/*
 * test_kernels.cpp: every exported function of panagan.h over a sweep of awkward shapes, on
 * device buffers of exactly the size each argument needs, so that under build/test_sim_asan a
 * kernel that touches one element past a tensor is a heap-buffer-overflow (the simulator's
 * cudaMalloc is an exact-size host allocation).
 *
 * What the sweep varies: batch 1 and 3; channels 1, 5, 17 and 65 (narrow and wide GEMM tiles,
 * and 65 = one row past a 64-row tile); spatial 1x1, 7x9, 13x5 and a few larger planes that make
 * the weight and bias gradients, and batch norm's channels, split into several chunks; kernels
 * 1, 3, 4, 5 (square and not), strides 1, 2, 3 (kernel below the stride included), padding 0, 1,
 * 2 and output padding; bias NULL and set; accumulate 0 and 1; every batch-norm activation,
 * running statistics NULL and set, and the documented in-place forms; workspaces allocated at
 * exactly the size the *_workspace_size functions report (NULL when that is 0); counts 1, 3,
 * 1023 and 4099 for the element-wise functions, with pointers 16-byte aligned, all at +1 float,
 * or only the inputs or only the outputs at +1 float (an offset view ends where its allocation
 * ends), so the float4 paths and the scalar fallbacks both run against the allocation's end.
 *
 * What a call must do: return PANAGAN_OK with panagan_last_error() empty, leave no device fault,
 * and leave every output finite. Inputs are finite; overwritten outputs start as NaN (fresh
 * simulator memory, or poisoned again before the next call), so an element a kernel forgot to
 * write fails too. Numerics are the Java conformance suite's job; this file checks memory
 * safety and completeness. A sanitizer report during the sweep ends with the case it came from.
 */
#include "test_kernels.h"

#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <iterator>
#include <random>
#include <vector>

#include <cuda_runtime_api.h>

#include "gpusim/gpusim_control.h"
#include "panagan.h"

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/common_interface_defs.h>
#endif

namespace kerneltest {
namespace {

// ---------------------------------------------------------------------------------------------
// Buffers and the case being run
// ---------------------------------------------------------------------------------------------

// The case and call in progress, for a sanitizer report (which ends the process) to name.
char g_current[512];

std::mt19937_64 g_rng;

std::string fmt(const char *format, ...) __attribute__((format(printf, 1, 2)));
std::string fmt(const char *format, ...) {
    char buffer[1024];
    va_list args;
    va_start(args, format);
    std::vsnprintf(buffer, sizeof buffer, format, args);
    va_end(args);
    return buffer;
}

std::vector<float> random_values(size_t count, float lo, float hi) {
    std::uniform_real_distribution<float> dist(lo, hi);
    std::vector<float> v(count);
    for (float &x : v) x = dist(g_rng);
    return v;
}

// `count` elements of T at `offset` elements into a device allocation of count + offset
// elements: the view's last element is the allocation's last. Starts as the simulator's fresh
// fill (every byte 0xFF: NaN as float).
template <class T>
class Buffer {
public:
    explicit Buffer(size_t count, int offset = 0) : count_(count) {
        if (cudaMalloc((void **)&base_, (count + (size_t)offset) * sizeof(T)) != cudaSuccess)
            base_ = nullptr;
        ptr_ = base_ == nullptr ? nullptr : base_ + offset;
    }
    Buffer(const Buffer &) = delete;
    Buffer &operator=(const Buffer &) = delete;
    ~Buffer() { cudaFree(base_); }

    T *ptr() const { return ptr_; }
    size_t count() const { return count_; }

    void upload(const std::vector<T> &host) {
        cudaMemcpy(ptr_, host.data(), count_ * sizeof(T), cudaMemcpyHostToDevice);
    }
    std::vector<T> download() const {
        std::vector<T> host(count_);
        cudaMemcpy(host.data(), ptr_, count_ * sizeof(T), cudaMemcpyDeviceToHost);
        return host;
    }
    // Back to all-ones bytes, so an overwrite that misses an element leaves a NaN.
    void poison() { cudaMemset(ptr_, 0xff, count_ * sizeof(T)); }

private:
    T *base_ = nullptr;
    T *ptr_ = nullptr;
    size_t count_;
};

using Tensor = Buffer<float>;

// A tensor of uniform values in [lo, hi); returns them too.
std::vector<float> randomize(Tensor &t, float lo = -1.0f, float hi = 1.0f) {
    std::vector<float> v = random_values(t.count(), lo, hi);
    t.upload(v);
    return v;
}

// Exactly `bytes` of device memory, or NULL for 0 (what a caller passes for "no workspace").
struct Workspace {
    void *ptr = nullptr;
    explicit Workspace(int64_t bytes) {
        if (bytes > 0 && cudaMalloc(&ptr, (size_t)bytes) != cudaSuccess) ptr = nullptr;
    }
    Workspace(const Workspace &) = delete;
    Workspace &operator=(const Workspace &) = delete;
    ~Workspace() { cudaFree(ptr); }
};

// ---------------------------------------------------------------------------------------------
// One function family's results
// ---------------------------------------------------------------------------------------------

constexpr int kShownFailures = 5;  // a broken kernel fails many cases; the first few say enough

class Family {
public:
    // The shape (or count and layout) that the following calls share.
    void begin(std::string shape) { shape_ = std::move(shape); }

    // Runs one call (a lambda returning its status) and checks its status, its error text and
    // the device's state afterwards. False when the call failed.
    template <class Call>
    bool call(const std::string &what, Call &&run) {
        what_ = what;
        std::snprintf(g_current, sizeof g_current, "%s: %s", shape_.c_str(), what_.c_str());
        checks_++;
        const int32_t status = run();
        const std::string error = panagan_last_error();
        const cudaError_t device = cudaDeviceSynchronize();
        bool ok = true;
        if (status != PANAGAN_OK) {
            fail(fmt("returned %s: %s", panagan_status_name(status), error.c_str()));
            ok = false;
        } else if (!error.empty()) {
            fail("returned PANAGAN_OK but panagan_last_error() says: " + error);
            ok = false;
        }
        if (device != cudaSuccess) {
            fail(fmt("device error %s after the call: %s", cudaGetErrorName(device),
                     gpusim_last_fault()));
            gpusim_clear_fault();
            cudaGetLastError();
            ok = false;
        }
        g_current[0] = '\0';
        return ok;
    }

    // Every element of an output of the last call is finite.
    void finite(const char *name, const Tensor &t) {
        checks_++;
        const std::vector<float> v = t.download();
        for (size_t i = 0; i < v.size(); i++) {
            if (!std::isfinite(v[i])) {
                fail(fmt("%s[%zu] of %zu is %g", name, i, v.size(), (double)v[i]));
                return;
            }
        }
    }

    // A condition on the last call's results; `what` describes it when it does not hold.
    bool expect(bool condition, const std::string &what) {
        checks_++;
        if (!condition) fail(what);
        return condition;
    }

    void report(const Report &r, const std::string &name) const {
        std::string detail = fmt("%d of %d checks failed", failures_, checks_);
        if (!shown_.empty()) detail += "; first failures:" + shown_;
        r(failures_ == 0 && checks_ > 0, fmt("%s (%d checks)", name.c_str(), checks_), detail);
    }

private:
    void fail(const std::string &why) {
        if (failures_++ < kShownFailures)
            shown_ += "\n    " + shape_ + ": " + what_ + ": " + why;
    }

    std::string shape_, what_, shown_;
    int checks_ = 0, failures_ = 0;  // calls, output tensors and conditions checked
};

// ---------------------------------------------------------------------------------------------
// Convolutions
// ---------------------------------------------------------------------------------------------

// One convolution shape; out_pad_* only for the transposed convolution.
struct ConvCase {
    int n, c_in, h_in, w_in, c_out, k_h, k_w, s_h, s_w, p_h, p_w, op_h, op_w;
};

std::string describe(const char *op, const ConvCase &c) {
    return fmt("%s n=%d c_in=%d %dx%d c_out=%d k=%dx%d s=%dx%d p=%dx%d op=%dx%d", op, c.n,
               c.c_in, c.h_in, c.w_in, c.c_out, c.k_h, c.k_w, c.s_h, c.s_w, c.p_h, c.p_w, c.op_h,
               c.op_w);
}

// Kernel 1 with stride 2 or 3 leaves output phases (conv2d backward-data) or whole output rows
// and columns (transposed forward) that no tap reaches, which must still be written; 65 channels
// take two 64-row tiles; the larger planes split the weight gradient over several workspace
// slices and the bias gradient into more than one chunk.
const ConvCase kConv2dCases[] = {
    {1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0},
    {3, 5, 1, 1, 17, 1, 1, 1, 1, 0, 0, 0, 0},
    {1, 1, 1, 1, 5, 3, 3, 1, 1, 1, 1, 0, 0},
    {3, 1, 1, 1, 1, 5, 5, 3, 3, 2, 2, 0, 0},
    {1, 5, 7, 9, 17, 3, 3, 1, 1, 1, 1, 0, 0},
    {3, 17, 7, 9, 5, 4, 4, 2, 2, 1, 1, 0, 0},
    {1, 65, 7, 9, 1, 4, 4, 1, 1, 0, 0, 0, 0},
    {3, 5, 13, 5, 65, 3, 3, 2, 2, 0, 0, 0, 0},
    {1, 1, 13, 5, 17, 5, 5, 3, 3, 2, 2, 0, 0},
    {3, 5, 13, 5, 5, 1, 1, 3, 3, 0, 0, 0, 0},
    {1, 17, 7, 9, 5, 1, 1, 2, 2, 2, 2, 0, 0},
    {3, 5, 7, 9, 5, 5, 3, 1, 2, 2, 0, 0, 0},
    {1, 5, 13, 5, 1, 4, 1, 3, 1, 1, 0, 0, 0},
    {1, 5, 13, 5, 5, 4, 4, 3, 3, 2, 2, 0, 0},
    {3, 65, 13, 5, 17, 3, 3, 1, 1, 1, 1, 0, 0},
    {3, 1, 7, 9, 65, 5, 5, 2, 2, 2, 2, 0, 0},
    {3, 5, 13, 5, 17, 3, 3, 1, 1, 1, 1, 0, 0},
    {3, 5, 39, 37, 1, 4, 4, 2, 2, 1, 1, 0, 0},
    {3, 1, 39, 37, 5, 3, 3, 1, 1, 1, 1, 0, 0},
};

const ConvCase kConvTranspose2dCases[] = {
    {1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0},
    {3, 17, 1, 1, 5, 4, 4, 1, 1, 0, 0, 0, 0},
    {1, 5, 1, 1, 5, 5, 5, 1, 1, 2, 2, 0, 0},
    {1, 1, 1, 1, 5, 1, 1, 3, 3, 0, 0, 2, 2},
    {3, 65, 1, 1, 65, 4, 4, 2, 2, 0, 0, 1, 1},
    {1, 5, 7, 9, 17, 4, 4, 2, 2, 1, 1, 0, 0},
    {3, 5, 7, 9, 5, 4, 4, 2, 2, 1, 1, 1, 1},
    {3, 5, 13, 5, 1, 3, 3, 3, 3, 1, 1, 2, 2},
    {1, 65, 7, 9, 5, 5, 5, 2, 2, 2, 2, 1, 0},
    {3, 5, 13, 5, 65, 3, 3, 1, 1, 1, 1, 0, 0},
    {1, 17, 7, 9, 17, 1, 1, 2, 2, 0, 0, 1, 1},
    {3, 1, 13, 5, 5, 5, 3, 3, 2, 2, 1, 0, 1},
    {1, 5, 7, 9, 5, 4, 4, 3, 3, 2, 1, 2, 0},
    {3, 5, 13, 13, 1, 4, 4, 3, 3, 0, 0, 1, 1},
};

// The weight-gradient calls of either convolution: accumulate 0 then 1 (on the finite result of
// the first), with dbias set and then NULL. `run(dbias, accumulate)` makes the call.
template <class Run>
void weight_gradient_calls(Family &f, Tensor &dw, Tensor &dbias, Run run) {
    for (bool with_bias : {true, false}) {
        dw.poison();
        dbias.poison();
        for (int accumulate : {0, 1}) {
            const std::string what = fmt("backward_weight accumulate=%d dbias=%s", accumulate,
                                         with_bias ? "set" : "NULL");
            if (!f.call(what, [&] { return run(with_bias ? dbias.ptr() : nullptr, accumulate); }))
                continue;
            f.finite("dw", dw);
            if (with_bias) f.finite("dbias", dbias);
        }
    }
}

void conv2d_case(Family &f, const ConvCase &c) {
    f.begin(describe("conv2d", c));
    const int h_out = (c.h_in + 2 * c.p_h - c.k_h) / c.s_h + 1;
    const int w_out = (c.w_in + 2 * c.p_w - c.k_w) / c.s_w + 1;
    Tensor x((size_t)c.n * c.c_in * c.h_in * c.w_in), y((size_t)c.n * c.c_out * h_out * w_out);
    Tensor w((size_t)c.c_out * c.c_in * c.k_h * c.k_w), bias((size_t)c.c_out);
    randomize(x);
    randomize(w);
    randomize(bias);
    for (bool with_bias : {false, true}) {
        y.poison();
        if (f.call(with_bias ? "forward bias=set" : "forward bias=NULL", [&] {
                return panagan_conv2d_forward(x.ptr(), w.ptr(), with_bias ? bias.ptr() : nullptr,
                                              y.ptr(), c.n, c.c_in, c.h_in, c.w_in, c.c_out,
                                              c.k_h, c.k_w, c.s_h, c.s_w, c.p_h, c.p_w, nullptr);
            }))
            f.finite("y", y);
    }

    Tensor dy(y.count()), dx(x.count());
    randomize(dy);
    if (f.call("backward_data", [&] {
            return panagan_conv2d_backward_data(dy.ptr(), w.ptr(), dx.ptr(), c.n, c.c_in, c.h_in,
                                                c.w_in, c.c_out, c.k_h, c.k_w, c.s_h, c.s_w,
                                                c.p_h, c.p_w, nullptr);
        }))
        f.finite("dx", dx);

    const int64_t bytes = panagan_conv2d_backward_weight_workspace_size(
        c.n, c.c_in, c.h_in, c.w_in, c.c_out, c.k_h, c.k_w, c.s_h, c.s_w, c.p_h, c.p_w);
    if (!f.expect(bytes >= 0, fmt("backward_weight_workspace_size returned %lld: %s",
                                  (long long)bytes, panagan_last_error())))
        return;
    Workspace workspace(bytes);
    Tensor dw(w.count()), dbias((size_t)c.c_out);
    weight_gradient_calls(f, dw, dbias, [&](float *dbias_ptr, int accumulate) {
        return panagan_conv2d_backward_weight(x.ptr(), dy.ptr(), dw.ptr(), dbias_ptr, accumulate,
                                              c.n, c.c_in, c.h_in, c.w_in, c.c_out, c.k_h, c.k_w,
                                              c.s_h, c.s_w, c.p_h, c.p_w, workspace.ptr, bytes,
                                              nullptr);
    });
}

void conv_transpose2d_case(Family &f, const ConvCase &c) {
    f.begin(describe("conv_transpose2d", c));
    const int h_out = (c.h_in - 1) * c.s_h - 2 * c.p_h + c.k_h + c.op_h;
    const int w_out = (c.w_in - 1) * c.s_w - 2 * c.p_w + c.k_w + c.op_w;
    Tensor x((size_t)c.n * c.c_in * c.h_in * c.w_in), y((size_t)c.n * c.c_out * h_out * w_out);
    Tensor w((size_t)c.c_in * c.c_out * c.k_h * c.k_w), bias((size_t)c.c_out);
    randomize(x);
    randomize(w);
    randomize(bias);
    for (bool with_bias : {false, true}) {
        y.poison();
        if (f.call(with_bias ? "forward bias=set" : "forward bias=NULL", [&] {
                return panagan_conv_transpose2d_forward(
                    x.ptr(), w.ptr(), with_bias ? bias.ptr() : nullptr, y.ptr(), c.n, c.c_in,
                    c.h_in, c.w_in, c.c_out, c.k_h, c.k_w, c.s_h, c.s_w, c.p_h, c.p_w, c.op_h,
                    c.op_w, nullptr);
            }))
            f.finite("y", y);
    }

    Tensor dy(y.count()), dx(x.count());
    randomize(dy);
    if (f.call("backward_data", [&] {
            return panagan_conv_transpose2d_backward_data(
                dy.ptr(), w.ptr(), dx.ptr(), c.n, c.c_in, c.h_in, c.w_in, c.c_out, c.k_h, c.k_w,
                c.s_h, c.s_w, c.p_h, c.p_w, c.op_h, c.op_w, nullptr);
        }))
        f.finite("dx", dx);

    const int64_t bytes = panagan_conv_transpose2d_backward_weight_workspace_size(
        c.n, c.c_in, c.h_in, c.w_in, c.c_out, c.k_h, c.k_w, c.s_h, c.s_w, c.p_h, c.p_w, c.op_h,
        c.op_w);
    if (!f.expect(bytes >= 0, fmt("backward_weight_workspace_size returned %lld: %s",
                                  (long long)bytes, panagan_last_error())))
        return;
    Workspace workspace(bytes);
    Tensor dw(w.count()), dbias((size_t)c.c_out);
    weight_gradient_calls(f, dw, dbias, [&](float *dbias_ptr, int accumulate) {
        return panagan_conv_transpose2d_backward_weight(
            x.ptr(), dy.ptr(), dw.ptr(), dbias_ptr, accumulate, c.n, c.c_in, c.h_in, c.w_in,
            c.c_out, c.k_h, c.k_w, c.s_h, c.s_w, c.p_h, c.p_w, c.op_h, c.op_w, workspace.ptr,
            bytes, nullptr);
    });
}

// ---------------------------------------------------------------------------------------------
// Batch normalisation
// ---------------------------------------------------------------------------------------------

// Where the element-wise views start: inputs and outputs aligned, or at +1 float. An offset on
// one side only must turn the float4 path off as surely as on both.
struct Offsets {
    int in, out;
};
const Offsets kOffsets[] = {{0, 0}, {1, 1}, {1, 0}, {0, 1}};

struct BatchNormCase {
    int n, c, h, w;
};

// H*W a multiple of 4 takes the float4 path when aligned; N*H*W above 4096 splits a channel
// into chunks, above 32 * 4096 into more chunks than the finalize warp has lanes.
const BatchNormCase kBatchNormCases[] = {
    {1, 1, 1, 1}, {3, 5, 1, 1}, {1, 17, 7, 9}, {3, 65, 13, 5}, {3, 5, 4, 4},
    {1, 1, 8, 8}, {3, 2, 40, 36}, {1, 1, 67, 67}, {1, 1, 363, 364},
};

const char *const kActivationNames[] = {"NONE", "RELU", "LEAKY_RELU"};
constexpr float kSlope = 0.2f;

void batch_norm_case(Family &f, const BatchNormCase &b, Offsets off) {
    f.begin(fmt("batch_norm n=%d c=%d %dx%d inputs at +%d outputs at +%d", b.n, b.c, b.h, b.w,
                off.in, off.out));
    const size_t count = (size_t)b.n * b.c * b.h * b.w;
    const bool can_update_running = (int64_t)b.n * b.h * b.w > 1;
    const int64_t bytes = panagan_batch_norm_workspace_size(b.n, b.c, b.h, b.w);
    if (!f.expect(bytes > 0, fmt("batch_norm_workspace_size returned %lld: %s", (long long)bytes,
                                 panagan_last_error())))
        return;
    Workspace workspace(bytes);
    Tensor x(count, off.in), y(count, off.out), dy(count, off.in), dx(count, off.out);
    Tensor gamma((size_t)b.c), beta((size_t)b.c), running_mean((size_t)b.c),
        running_var((size_t)b.c), save_mean((size_t)b.c), save_invstd((size_t)b.c),
        dgamma((size_t)b.c), dbeta((size_t)b.c);
    randomize(x, -2.0f, 3.0f);
    randomize(dy);
    randomize(gamma, 0.5f, 1.5f);
    randomize(beta);
    randomize(running_mean);
    randomize(running_var, 0.5f, 2.0f);

    for (int act = PANAGAN_ACTIVATION_NONE; act <= PANAGAN_ACTIVATION_LEAKY_RELU; act++) {
        const char *name = kActivationNames[act];
        for (bool running : {true, false}) {
            if (running && !can_update_running) continue;
            y.poison();
            save_mean.poison();
            save_invstd.poison();
            if (!f.call(fmt("forward_training %s running=%s", name, running ? "set" : "NULL"),
                        [&] {
                            return panagan_batch_norm_forward_training(
                                x.ptr(), gamma.ptr(), beta.ptr(), y.ptr(),
                                running ? running_mean.ptr() : nullptr,
                                running ? running_var.ptr() : nullptr, save_mean.ptr(),
                                save_invstd.ptr(), b.n, b.c, b.h, b.w, 0.1f, 1e-5f, act, kSlope,
                                workspace.ptr, bytes, nullptr);
                        }))
                continue;
            f.finite("y", y);
            f.finite("save_mean", save_mean);
            f.finite("save_invstd", save_invstd);
            if (running) {
                f.finite("running_mean", running_mean);
                f.finite("running_var", running_var);
            }
        }

        y.poison();
        if (f.call(fmt("forward_inference %s", name), [&] {
                return panagan_batch_norm_forward_inference(
                    x.ptr(), gamma.ptr(), beta.ptr(), y.ptr(), running_mean.ptr(),
                    running_var.ptr(), b.n, b.c, b.h, b.w, 1e-5f, act, kSlope, nullptr);
            }))
            f.finite("y", y);

        // save_mean and save_invstd hold this activation's training statistics.
        dgamma.poison();
        dbeta.poison();
        for (int accumulate : {0, 1}) {
            dx.poison();
            if (!f.call(fmt("backward %s accumulate=%d", name, accumulate), [&] {
                    return panagan_batch_norm_backward(
                        dy.ptr(), x.ptr(), gamma.ptr(), beta.ptr(), save_mean.ptr(),
                        save_invstd.ptr(), dx.ptr(), dgamma.ptr(), dbeta.ptr(), accumulate, b.n,
                        b.c, b.h, b.w, act, kSlope, workspace.ptr, bytes, nullptr);
                }))
                continue;
            f.finite("dx", dx);
            f.finite("dgamma", dgamma);
            f.finite("dbeta", dbeta);
        }
    }

    // The documented in-place forms (y = x, dx = dy), on the output side's offset.
    Tensor inplace(count, off.out);
    randomize(inplace, -2.0f, 3.0f);
    if (f.call("forward_training LEAKY_RELU in place (y = x)", [&] {
            return panagan_batch_norm_forward_training(
                inplace.ptr(), gamma.ptr(), beta.ptr(), inplace.ptr(), nullptr, nullptr,
                save_mean.ptr(), save_invstd.ptr(), b.n, b.c, b.h, b.w, 0.1f, 1e-5f,
                PANAGAN_ACTIVATION_LEAKY_RELU, kSlope, workspace.ptr, bytes, nullptr);
        }))
        f.finite("y", inplace);
    if (f.call("forward_inference RELU in place (y = x)", [&] {
            return panagan_batch_norm_forward_inference(
                inplace.ptr(), gamma.ptr(), beta.ptr(), inplace.ptr(), running_mean.ptr(),
                running_var.ptr(), b.n, b.c, b.h, b.w, 1e-5f, PANAGAN_ACTIVATION_RELU, kSlope,
                nullptr);
        }))
        f.finite("y", inplace);
    randomize(inplace);
    if (f.call("backward NONE in place (dx = dy)", [&] {
            return panagan_batch_norm_backward(inplace.ptr(), x.ptr(), gamma.ptr(), beta.ptr(),
                                               save_mean.ptr(), save_invstd.ptr(), inplace.ptr(),
                                               dgamma.ptr(), dbeta.ptr(), 0, b.n, b.c, b.h, b.w,
                                               PANAGAN_ACTIVATION_NONE, kSlope, workspace.ptr,
                                               bytes, nullptr);
        }))
        f.finite("dx", inplace);
}

// ---------------------------------------------------------------------------------------------
// Element-wise functions
// ---------------------------------------------------------------------------------------------

// 1 and 3 are all tail, 1023 = 255 packs and a 3-element tail, 4099 = more than one block of
// float4 packs and a 3-element tail.
const int64_t kCounts[] = {1, 3, 1023, 4099};

std::string describe_count(const char *family, int64_t count, Offsets off) {
    return fmt("%s count=%lld inputs at +%d outputs at +%d", family, (long long)count, off.in,
               off.out);
}

void activation_case(Family &f, int64_t count, Offsets off) {
    f.begin(describe_count("activations", count, off));
    const size_t n = (size_t)count;
    Tensor x(n, off.in), y(n, off.out), dy(n, off.in), y_in(n, off.in), dx(n, off.out);
    randomize(x, -3.0f, 3.0f);
    randomize(dy);
    randomize(y_in, 0.01f, 0.99f);  // a plausible forward output of any of the four
    const struct {
        const char *name;
        int32_t (*forward)(const float *, float *, int64_t);
        int32_t (*backward)(const float *, const float *, float *, int64_t);
    } activations[] = {
        {"relu",
         [](const float *a, float *b, int64_t k) { return panagan_relu_forward(a, b, k, nullptr); },
         [](const float *g, const float *o, float *d, int64_t k) {
             return panagan_relu_backward(g, o, d, k, nullptr);
         }},
        {"leaky_relu",
         [](const float *a, float *b, int64_t k) {
             return panagan_leaky_relu_forward(a, b, k, kSlope, nullptr);
         },
         [](const float *g, const float *o, float *d, int64_t k) {
             return panagan_leaky_relu_backward(g, o, d, k, kSlope, nullptr);
         }},
        {"tanh",
         [](const float *a, float *b, int64_t k) { return panagan_tanh_forward(a, b, k, nullptr); },
         [](const float *g, const float *o, float *d, int64_t k) {
             return panagan_tanh_backward(g, o, d, k, nullptr);
         }},
        {"sigmoid",
         [](const float *a, float *b, int64_t k) {
             return panagan_sigmoid_forward(a, b, k, nullptr);
         },
         [](const float *g, const float *o, float *d, int64_t k) {
             return panagan_sigmoid_backward(g, o, d, k, nullptr);
         }},
    };
    for (const auto &a : activations) {
        y.poison();
        if (f.call(fmt("%s_forward", a.name), [&] { return a.forward(x.ptr(), y.ptr(), count); }))
            f.finite("y", y);
        dx.poison();
        if (f.call(fmt("%s_backward", a.name),
                   [&] { return a.backward(dy.ptr(), y_in.ptr(), dx.ptr(), count); }))
            f.finite("dx", dx);
        // In place: y = x, then dx = dy, on a copy at the output side's offset.
        Tensor inplace(n, off.out);
        randomize(inplace, -3.0f, 3.0f);
        if (f.call(fmt("%s_forward in place", a.name),
                   [&] { return a.forward(inplace.ptr(), inplace.ptr(), count); }))
            f.finite("y", inplace);
        if (f.call(fmt("%s_backward in place", a.name),
                   [&] { return a.backward(inplace.ptr(), y_in.ptr(), inplace.ptr(), count); }))
            f.finite("dx", inplace);
    }
}

void bce_case(Family &f, int64_t count, Offsets off) {
    f.begin(describe_count("bce_with_logits", count, off));
    const size_t n = (size_t)count;
    Tensor logits(n, off.in), dlogits(n, off.out), loss(1);
    randomize(logits, -4.0f, 4.0f);
    for (float target : {1.0f, 0.0f, 0.9f}) {
        loss.poison();
        if (f.call(fmt("forward target=%g", (double)target), [&] {
                return panagan_bce_with_logits_forward(logits.ptr(), loss.ptr(), count, target,
                                                       nullptr);
            }))
            f.finite("loss", loss);
        dlogits.poison();
        if (f.call(fmt("backward target=%g", (double)target), [&] {
                return panagan_bce_with_logits_backward(logits.ptr(), dlogits.ptr(), count,
                                                        target, 0.5f, nullptr);
            }))
            f.finite("dlogits", dlogits);
    }
    Tensor inplace(n, off.out);
    randomize(inplace, -4.0f, 4.0f);
    if (f.call("backward in place (dlogits = logits)", [&] {
            return panagan_bce_with_logits_backward(inplace.ptr(), inplace.ptr(), count, 1.0f,
                                                    1.0f, nullptr);
        }))
        f.finite("dlogits", inplace);
}

void adam_case(Family &f, int64_t count, Offsets off) {
    f.begin(describe_count("adam_step", count, off) + " (grad is the input)");
    const size_t n = (size_t)count;
    Tensor param(n, off.out), grad(n, off.in), exp_avg(n, off.out), exp_avg_sq(n, off.out);
    Buffer<int64_t> step(1);
    randomize(param);
    randomize(grad);
    randomize(exp_avg, -0.1f, 0.1f);
    randomize(exp_avg_sq, 0.0f, 0.01f);
    for (int64_t t : {int64_t(1), int64_t(2), int64_t(10000)}) {
        step.upload({t});
        if (!f.call(fmt("step t=%lld", (long long)t), [&] {
                return panagan_adam_step(param.ptr(), grad.ptr(), exp_avg.ptr(),
                                         exp_avg_sq.ptr(), count, step.ptr(), 2e-4f, 0.5f,
                                         0.999f, 1e-8f, nullptr);
            }))
            continue;
        f.finite("param", param);
        f.finite("exp_avg", exp_avg);
        f.finite("exp_avg_sq", exp_avg_sq);
    }
}

void utilities_case(Family &f, int64_t count, Offsets off) {
    f.begin(describe_count("utilities", count, off));
    const size_t n = (size_t)count;
    Tensor x(n, off.in), y(n, off.out), poisoned(n, off.in), result(1);
    Buffer<int32_t> nonfinite(1);
    randomize(x);

    y.poison();
    if (f.call("fill", [&] { return panagan_fill(y.ptr(), count, 0.5f, nullptr); }))
        f.finite("x", y);
    if (f.call("scale", [&] { return panagan_scale(y.ptr(), count, -1.5f, nullptr); }))
        f.finite("x", y);
    if (f.call("axpy", [&] { return panagan_axpy(x.ptr(), y.ptr(), count, 0.25f, nullptr); }))
        f.finite("y", y);
    y.poison();
    if (f.call("copy", [&] { return panagan_copy(x.ptr(), y.ptr(), count, nullptr); }))
        f.finite("dst", y);
    result.poison();
    if (f.call("sum", [&] { return panagan_sum(x.ptr(), count, result.ptr(), nullptr); }))
        f.finite("result", result);
    result.poison();
    if (f.call("mean", [&] { return panagan_mean(x.ptr(), count, result.ptr(), nullptr); }))
        f.finite("result", result);

    // Reading every element and nothing else: none of x is NaN, all of `poisoned` is.
    if (f.call("count_nonfinite of finite x", [&] {
            return panagan_count_nonfinite(x.ptr(), count, nonfinite.ptr(), nullptr);
        })) {
        const int32_t got = nonfinite.download()[0];
        f.expect(got == 0, fmt("result %d, want 0", got));
    }
    poisoned.poison();
    if (f.call("count_nonfinite of all-NaN x", [&] {
            return panagan_count_nonfinite(poisoned.ptr(), count, nonfinite.ptr(), nullptr);
        })) {
        const int32_t got = nonfinite.download()[0];
        f.expect(got == count, fmt("result %d, want %lld", got, (long long)count));
    }
}

void increment_calls(Family &f) {
    f.begin("increment");
    Buffer<int64_t> counter(1);
    counter.upload({41});
    if (f.call("increment", [&] { return panagan_increment(counter.ptr(), nullptr); })) {
        const int64_t got = counter.download()[0];
        f.expect(got == 42, fmt("counter %lld, want 42", (long long)got));
    }
}

// A batch of n of `count` images of `elements` bytes each, gathered in a scrambled order with
// one index repeated; the last call also passes an index past the end, whose image must be NaN.
void gather_images_case(Family &f, int64_t elements, int64_t count, int32_t n, int out_offset) {
    f.begin(fmt("gather_images_u8 %lld-byte images, %lld of them, batch %d, out +%d",
                (long long)elements, (long long)count, n, out_offset));
    Buffer<uint8_t> images((size_t)(elements * count));
    std::vector<uint8_t> pixels((size_t)(elements * count));
    std::uniform_int_distribution<int> byte(0, 255);
    for (uint8_t &p : pixels) p = (uint8_t)byte(g_rng);
    images.upload(pixels);
    std::vector<int32_t> order((size_t)n);
    for (int32_t i = 0; i < n; ++i) order[(size_t)i] = (int32_t)((i * 7 + 3) % count);
    Buffer<int32_t> indices((size_t)n);
    Tensor out((size_t)(n * elements), out_offset);
    for (bool past_end : {false, true}) {
        if (past_end) order[(size_t)n - 1] = (int32_t)count;
        indices.upload(order);
        out.poison();
        if (!f.call(past_end ? "gather with an index past the end" : "gather", [&] {
                return panagan_gather_images_u8(images.ptr(), elements, count, indices.ptr(), n,
                                                out.ptr(), nullptr);
            }))
            continue;
        const std::vector<float> got = out.download();
        int64_t wrong = 0;
        for (int64_t i = 0; i < n; ++i) {
            const bool bad = order[(size_t)i] >= count;
            for (int64_t e = 0; e < elements; ++e) {
                const float v = got[(size_t)(i * elements + e)];
                const size_t at = (size_t)(order[(size_t)i] * elements + e);
                const float want = bad ? 0.0f : (float)pixels[at] / 127.5f - 1.0f;
                wrong += bad ? !std::isnan(v) : !(v == want);
            }
        }
        f.expect(wrong == 0, fmt("%lld of %lld values wrong", (long long)wrong,
                                 (long long)(n * elements)));
    }
}

// ---------------------------------------------------------------------------------------------
// Status, error text and version
// ---------------------------------------------------------------------------------------------

void status_calls(Family &f) {
    f.begin("status names, error text, version");
    const struct {
        int32_t status;
        const char *name;
    } names[] = {{PANAGAN_OK, "PANAGAN_OK"},
                 {PANAGAN_INVALID_ARGUMENT, "PANAGAN_INVALID_ARGUMENT"},
                 {PANAGAN_WORKSPACE_TOO_SMALL, "PANAGAN_WORKSPACE_TOO_SMALL"},
                 {PANAGAN_CUDA_ERROR, "PANAGAN_CUDA_ERROR"},
                 {-1, "PANAGAN_UNKNOWN_STATUS"},
                 {4, "PANAGAN_UNKNOWN_STATUS"}};
    for (const auto &s : names) {
        const char *got = panagan_status_name(s.status);
        f.expect(got != nullptr && std::strcmp(got, s.name) == 0,
                 fmt("panagan_status_name(%d) = %s, want %s", s.status, got ? got : "NULL",
                     s.name));
    }
    f.expect(panagan_version() > 0, fmt("panagan_version() = %d", panagan_version()));

    // A rejected call sets the text and enqueues nothing; the next successful call clears it.
    Tensor x(1);
    const int32_t rejected = panagan_fill(x.ptr(), -1, 0.0f, nullptr);
    const std::string text = panagan_last_error();
    f.expect(rejected == PANAGAN_INVALID_ARGUMENT && text.find("count") != std::string::npos,
             fmt("panagan_fill(count = -1) returned %s with error text \"%s\"",
                 panagan_status_name(rejected), text.c_str()));
    f.call("fill after a rejected call", [&] { return panagan_fill(x.ptr(), 1, 0.0f, nullptr); });
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// The sweep
// ---------------------------------------------------------------------------------------------

void run_sweep(uint64_t seed, const std::string &tag, const Report &report) {
    g_rng.seed(seed);
    const std::string prefix = "kernel sweep on exact-size buffers: ";
    {
        Family f;
        for (const ConvCase &c : kConv2dCases) conv2d_case(f, c);
        f.report(report, prefix + fmt("conv2d forward (bias NULL/set), backward_data, "
                                      "backward_weight (workspace as reported, accumulate "
                                      "0/1, dbias set/NULL), %zu shapes",
                                      std::size(kConv2dCases)) +
                             tag);
    }
    {
        Family f;
        for (const ConvCase &c : kConvTranspose2dCases) conv_transpose2d_case(f, c);
        f.report(report, prefix + fmt("conv_transpose2d forward (bias NULL/set), "
                                      "backward_data, backward_weight (workspace as reported, "
                                      "accumulate 0/1, dbias set/NULL), %zu shapes",
                                      std::size(kConvTranspose2dCases)) +
                             tag);
    }
    {
        Family f;
        for (const BatchNormCase &b : kBatchNormCases)
            for (Offsets off : kOffsets) batch_norm_case(f, b, off);
        f.report(report, prefix + fmt("batch_norm training (running stats set/NULL), "
                                      "inference, backward (accumulate 0/1), every activation, "
                                      "in place, %zu shapes x %zu offsets",
                                      std::size(kBatchNormCases), std::size(kOffsets)) +
                             tag);
    }
    const std::string counts = fmt("counts 1/3/1023/4099 x %zu offsets", std::size(kOffsets));
    {
        Family f;
        for (int64_t count : kCounts)
            for (Offsets off : kOffsets) activation_case(f, count, off);
        f.report(report, prefix + "relu/leaky_relu/tanh/sigmoid forward and backward, in place, " +
                             counts + tag);
    }
    {
        Family f;
        for (int64_t count : kCounts)
            for (Offsets off : kOffsets) bce_case(f, count, off);
        f.report(report, prefix + "bce_with_logits forward and backward, in place, " + counts +
                             tag);
    }
    {
        Family f;
        for (int64_t count : kCounts)
            for (Offsets off : kOffsets) adam_case(f, count, off);
        f.report(report, prefix + "adam_step, " + counts + tag);
    }
    {
        Family f;
        for (int64_t count : kCounts)
            for (Offsets off : kOffsets) utilities_case(f, count, off);
        increment_calls(f);
        f.report(report, prefix + "fill/scale/axpy/copy/sum/mean/count_nonfinite/increment, " +
                             counts + tag);
    }
    {
        Family f;
        gather_images_case(f, 1, 3, 2, 0);
        gather_images_case(f, 189, 5, 4, 1);       // 3 x 7 x 9, an unaligned output
        gather_images_case(f, 3 * 64 * 64, 7, 5, 0);  // DCGAN's images
        f.report(report, prefix + "gather_images_u8, 3 shapes, an index past the end" + tag);
    }
    {
        Family f;
        status_calls(f);
        f.report(report, prefix + "status_name, last_error, version" + tag);
    }
}

}  // namespace kerneltest

#if defined(__SANITIZE_ADDRESS__)
// The sanitizers' summary line, which ends every ASan report and, with print_summary (off by
// default in UBSan), every UBSan report: printed as the runtime would, then the sweep's case,
// since the report itself can only name the kernel's source line. build/test_sim_asan is built
// with both sanitizers, so the ASan macro stands for both.
extern "C" void __sanitizer_report_error_summary(const char *error_summary) {
    std::fprintf(stderr, "%s\n", error_summary);
    if (kerneltest::g_current[0] != '\0')
        std::fprintf(stderr, "kernel sweep: the report above came from %s\n",
                     kerneltest::g_current);
}

extern "C" const char *__ubsan_default_options() { return "print_summary=1"; }
#endif
