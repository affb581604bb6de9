/*
 * conv2d.cu: 2-D convolution (PyTorch's Conv2d without dilation or groups): forward, backward-data
 * and backward-weight (with the bias gradient), as declared in panagan.h.
 *
 * Legend: N batch, C channels, H W spatial, K kernel, S stride, P padding; tensors are NCHW.
 *   x [N, C_in, H_in, W_in]    w [C_out, C_in, K_h, K_w]    y, dy [N, C_out, H_out, W_out]
 *   H_out = (H_in + 2*P_h - K_h) / S_h + 1, the same for W.
 *
 * The kernels are in conv_common.cuh, in terms of a fine tensor (here x) and a coarse tensor
 * (here y): x row i meets y row o through kernel row k when i = o*S - P + k. So
 *   forward          conv_forward_kernel: implicit GEMM [C_out] x [N*H_out*W_out] over
 *                    C_in*K_h*K_w, weights and gathered x patches staged in shared memory;
 *   backward-data    conv_backward_data_kernel: one dense implicit GEMM per output phase
 *                    (i_h mod S_h, i_w mod S_w) over the kernel taps that reach it;
 *   backward-weight  conv_backward_weight_kernel: implicit GEMM [C_out] x [C_in*K_h*K_w] over
 *                    N*H_out*W_out, split into chunks summed through the workspace in a fixed
 *                    order, plus conv_channel_sum_kernel over dy for the bias.
 * Launch shapes and tile sizes are documented beside the kernels.
 */
#include "conv_common.cuh"

// ---------------------------------------------------------------------------------------------
// Kernels: none of its own; conv_common.cuh holds those it shares with conv_transpose2d.cu.
// ---------------------------------------------------------------------------------------------

namespace panagan {
namespace {

// Checks the shape arguments every conv2d entry point shares and describes them as a ConvShape
// (fine = x, coarse = y). `function` names the exported caller for the error text.
int32_t conv2d_shape(const char *function, int32_t n, int32_t c_in, int32_t h_in, int32_t w_in,
                     int32_t c_out, int32_t k_h, int32_t k_w, int32_t stride_h,
                     int32_t stride_w, int32_t pad_h, int32_t pad_w, ConvShape *shape) {
    const struct {
        const char *name;
        int32_t value;
    } positive[] = {{"n", n},     {"c_in", c_in}, {"h_in", h_in},         {"w_in", w_in},
                    {"c_out", c_out}, {"k_h", k_h}, {"k_w", k_w},        {"stride_h", stride_h},
                    {"stride_w", stride_w}};
    for (const auto &arg : positive) {
        if (arg.value <= 0)
            return fail(PANAGAN_INVALID_ARGUMENT, function, "%s must be > 0, got %d", arg.name,
                        arg.value);
    }
    if (pad_h < 0)
        return fail(PANAGAN_INVALID_ARGUMENT, function, "pad_h must be >= 0, got %d", pad_h);
    if (pad_w < 0)
        return fail(PANAGAN_INVALID_ARGUMENT, function, "pad_w must be >= 0, got %d", pad_w);
    // The output needs the kernel to fit the padded input at least once.
    if ((int64_t)h_in + 2 * (int64_t)pad_h < k_h)
        return fail(PANAGAN_INVALID_ARGUMENT, function,
                    "k_h = %d is larger than the padded input height h_in + 2*pad_h = %lld "
                    "(the output would have no rows)",
                    k_h, (long long)h_in + 2 * (long long)pad_h);
    if ((int64_t)w_in + 2 * (int64_t)pad_w < k_w)
        return fail(PANAGAN_INVALID_ARGUMENT, function,
                    "k_w = %d is larger than the padded input width w_in + 2*pad_w = %lld "
                    "(the output would have no columns)",
                    k_w, (long long)w_in + 2 * (long long)pad_w);

    ConvShape s;
    s.n = n;
    s.c_fine = c_in;
    s.h_fine = h_in;
    s.w_fine = w_in;
    s.c_coarse = c_out;
    s.h_coarse = (int32_t)(((int64_t)h_in + 2 * (int64_t)pad_h - k_h) / stride_h + 1);
    s.w_coarse = (int32_t)(((int64_t)w_in + 2 * (int64_t)pad_w - k_w) / stride_w + 1);
    s.k_h = k_h;
    s.k_w = k_w;
    s.s_h = stride_h;
    s.s_w = stride_w;
    s.p_h = pad_h;
    s.p_w = pad_w;
    *shape = s;
    return check_conv_limits(function, s);
}

}  // namespace
}  // namespace panagan

// ---------------------------------------------------------------------------------------------
// Exported launchers
// ---------------------------------------------------------------------------------------------

using panagan::ConvShape;

extern "C" int32_t panagan_conv2d_forward(const float *x, const float *w, const float *bias,
                                          float *y, int32_t n, int32_t c_in, int32_t h_in,
                                          int32_t w_in, int32_t c_out, int32_t k_h, int32_t k_w,
                                          int32_t stride_h, int32_t stride_w, int32_t pad_h,
                                          int32_t pad_w, panagan_stream_t stream) {
    panagan::clear_error();
    PANAGAN_REQUIRE(x != nullptr, "x must not be NULL");
    PANAGAN_REQUIRE(w != nullptr, "w must not be NULL");
    PANAGAN_REQUIRE(y != nullptr, "y must not be NULL");
    ConvShape s;
    int32_t status = panagan::conv2d_shape(__func__, n, c_in, h_in, w_in, c_out, k_h, k_w,
                                           stride_h, stride_w, pad_h, pad_w, &s);
    if (status != PANAGAN_OK) return status;
    return panagan::launch_forward(__func__, x, w, bias, y, s, stream);
}

extern "C" int32_t panagan_conv2d_backward_data(const float *dy, const float *w, float *dx,
                                                int32_t n, int32_t c_in, int32_t h_in,
                                                int32_t w_in, int32_t c_out, int32_t k_h,
                                                int32_t k_w, int32_t stride_h, int32_t stride_w,
                                                int32_t pad_h, int32_t pad_w,
                                                panagan_stream_t stream) {
    panagan::clear_error();
    PANAGAN_REQUIRE(dy != nullptr, "dy must not be NULL");
    PANAGAN_REQUIRE(w != nullptr, "w must not be NULL");
    PANAGAN_REQUIRE(dx != nullptr, "dx must not be NULL");
    ConvShape s;
    int32_t status = panagan::conv2d_shape(__func__, n, c_in, h_in, w_in, c_out, k_h, k_w,
                                           stride_h, stride_w, pad_h, pad_w, &s);
    if (status != PANAGAN_OK) return status;
    if ((status = panagan::check_phase_grid(__func__, s)) != PANAGAN_OK) return status;
    return panagan::launch_backward_data(__func__, dy, w, nullptr, dx, s, stream);
}

extern "C" int64_t panagan_conv2d_backward_weight_workspace_size(
    int32_t n, int32_t c_in, int32_t h_in, int32_t w_in, int32_t c_out, int32_t k_h, int32_t k_w,
    int32_t stride_h, int32_t stride_w, int32_t pad_h, int32_t pad_w) {
    panagan::clear_error();
    ConvShape s;
    if (panagan::conv2d_shape(__func__, n, c_in, h_in, w_in, c_out, k_h, k_w, stride_h, stride_w,
                              pad_h, pad_w, &s) != PANAGAN_OK)
        return -1;
    // The bias gradient sums dy, the coarse tensor.
    return panagan::plan_backward_weight(s, s.c_coarse, s.h_coarse * s.w_coarse)
        .workspace_bytes();
}

extern "C" int32_t panagan_conv2d_backward_weight(
    const float *x, const float *dy, float *dw, float *dbias, int32_t accumulate, int32_t n,
    int32_t c_in, int32_t h_in, int32_t w_in, int32_t c_out, int32_t k_h, int32_t k_w,
    int32_t stride_h, int32_t stride_w, int32_t pad_h, int32_t pad_w, void *workspace,
    int64_t workspace_bytes, panagan_stream_t stream) {
    panagan::clear_error();
    PANAGAN_REQUIRE(x != nullptr, "x must not be NULL");
    PANAGAN_REQUIRE(dy != nullptr, "dy must not be NULL");
    PANAGAN_REQUIRE(dw != nullptr, "dw must not be NULL");
    PANAGAN_REQUIRE(accumulate == 0 || accumulate == 1, "accumulate must be 0 or 1, got %d",
                    accumulate);
    ConvShape s;
    int32_t status = panagan::conv2d_shape(__func__, n, c_in, h_in, w_in, c_out, k_h, k_w,
                                           stride_h, stride_w, pad_h, pad_w, &s);
    if (status != PANAGAN_OK) return status;
    const panagan::WeightGradPlan plan =
        panagan::plan_backward_weight(s, s.c_coarse, s.h_coarse * s.w_coarse);
    status = panagan::check_workspace(__func__, plan, workspace, workspace_bytes);
    if (status != PANAGAN_OK) return status;
    // coarse = dy, fine = x: dw[c_out, c_in, k] = sum over n, o of dy * x patches.
    return panagan::launch_backward_weight(__func__, dy, x, dw, dy, dbias, accumulate, plan,
                                           workspace, stream);
}
