/*
 * conv_transpose2d.cu: 2-D transposed convolution (PyTorch's ConvTranspose2d without dilation or
 * groups): forward, backward-data and backward-weight (with the bias gradient), as declared in
 * panagan.h.
 *
 * Legend: N batch, C channels, H W spatial, K kernel, S stride, P padding, OP output padding;
 * tensors are NCHW.
 *   x, dx [N, C_in, H_in, W_in]    w [C_in, C_out, K_h, K_w]    y, dy [N, C_out, H_out, W_out]
 *   H_out = (H_in - 1)*S_h - 2*P_h + K_h + OP_h, the same for W; 0 <= OP < S.
 *
 * A transposed convolution is a convolution read the other way round: y row i meets x row o
 * through kernel row k when i = o*S - P + k, and w [C_in, C_out, K, K] is laid out exactly as a
 * Conv2d weight from C_out to C_in channels. In conv_common.cuh's terms x is the coarse tensor
 * and y the fine one (output padding only makes the fine tensor taller), so
 *   forward          = conv2d's backward-data (conv_backward_data_kernel, one dense implicit GEMM
 *                      per output phase, bias added per output channel);
 *   backward-data    = conv2d's forward (conv_forward_kernel gathering dy patches);
 *   backward-weight  = conv2d's weight gradient with x as the gradient side and dy as the
 *                      gathered side (conv_backward_weight_kernel, split-K through the
 *                      workspace), and the bias gradient sums dy over N, H_out, W_out.
 */
#include "conv_common.cuh"

// ---------------------------------------------------------------------------------------------
// Kernels: none of its own; conv_common.cuh holds those it shares with conv2d.cu.
// ---------------------------------------------------------------------------------------------

namespace panagan {
namespace {

// Checks the shape arguments every conv_transpose2d entry point shares and describes them as a
// ConvShape (fine = y, coarse = x). `function` names the exported caller for the error text.
int32_t conv_transpose2d_shape(const char *function, int32_t n, int32_t c_in, int32_t h_in,
                               int32_t w_in, int32_t c_out, int32_t k_h, int32_t k_w,
                               int32_t stride_h, int32_t stride_w, int32_t pad_h, int32_t pad_w,
                               int32_t out_pad_h, int32_t out_pad_w, ConvShape *shape) {
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
    // PyTorch's rule without dilation: output padding selects one of the S output sizes that
    // map back to the same input size, so it must be below the stride.
    if (out_pad_h < 0 || out_pad_h >= stride_h)
        return fail(PANAGAN_INVALID_ARGUMENT, function,
                    "out_pad_h must be >= 0 and < stride_h = %d, got %d", stride_h, out_pad_h);
    if (out_pad_w < 0 || out_pad_w >= stride_w)
        return fail(PANAGAN_INVALID_ARGUMENT, function,
                    "out_pad_w must be >= 0 and < stride_w = %d, got %d", stride_w, out_pad_w);
    const int64_t h_out = ((int64_t)h_in - 1) * stride_h - 2 * (int64_t)pad_h + k_h + out_pad_h;
    const int64_t w_out = ((int64_t)w_in - 1) * stride_w - 2 * (int64_t)pad_w + k_w + out_pad_w;
    if (h_out < 1)
        return fail(PANAGAN_INVALID_ARGUMENT, function,
                    "output height (h_in - 1)*stride_h - 2*pad_h + k_h + out_pad_h must be >= "
                    "1, got %lld (pad_h = %d is too large)",
                    (long long)h_out, pad_h);
    if (w_out < 1)
        return fail(PANAGAN_INVALID_ARGUMENT, function,
                    "output width (w_in - 1)*stride_w - 2*pad_w + k_w + out_pad_w must be >= "
                    "1, got %lld (pad_w = %d is too large)",
                    (long long)w_out, pad_w);
    if (h_out > INT32_MAX || w_out > INT32_MAX)
        return fail(PANAGAN_INVALID_ARGUMENT, function,
                    "output size %lld x %lld does not fit in 32 bits", (long long)h_out,
                    (long long)w_out);

    ConvShape s;
    s.n = n;
    s.c_fine = c_out;
    s.h_fine = (int32_t)h_out;
    s.w_fine = (int32_t)w_out;
    s.c_coarse = c_in;
    s.h_coarse = h_in;
    s.w_coarse = w_in;
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

extern "C" int32_t panagan_conv_transpose2d_forward(
    const float *x, const float *w, const float *bias, float *y, int32_t n, int32_t c_in,
    int32_t h_in, int32_t w_in, int32_t c_out, int32_t k_h, int32_t k_w, int32_t stride_h,
    int32_t stride_w, int32_t pad_h, int32_t pad_w, int32_t out_pad_h, int32_t out_pad_w,
    panagan_stream_t stream) {
    panagan::clear_error();
    PANAGAN_REQUIRE(x != nullptr, "x must not be NULL");
    PANAGAN_REQUIRE(w != nullptr, "w must not be NULL");
    PANAGAN_REQUIRE(y != nullptr, "y must not be NULL");
    ConvShape s;
    int32_t status = panagan::conv_transpose2d_shape(__func__, n, c_in, h_in, w_in, c_out, k_h,
                                                     k_w, stride_h, stride_w, pad_h, pad_w,
                                                     out_pad_h, out_pad_w, &s);
    if (status != PANAGAN_OK) return status;
    if ((status = panagan::check_phase_grid(__func__, s)) != PANAGAN_OK) return status;
    return panagan::launch_backward_data(__func__, x, w, bias, y, s, stream);
}

extern "C" int32_t panagan_conv_transpose2d_backward_data(
    const float *dy, const float *w, float *dx, int32_t n, int32_t c_in, int32_t h_in,
    int32_t w_in, int32_t c_out, int32_t k_h, int32_t k_w, int32_t stride_h, int32_t stride_w,
    int32_t pad_h, int32_t pad_w, int32_t out_pad_h, int32_t out_pad_w,
    panagan_stream_t stream) {
    panagan::clear_error();
    PANAGAN_REQUIRE(dy != nullptr, "dy must not be NULL");
    PANAGAN_REQUIRE(w != nullptr, "w must not be NULL");
    PANAGAN_REQUIRE(dx != nullptr, "dx must not be NULL");
    ConvShape s;
    int32_t status = panagan::conv_transpose2d_shape(__func__, n, c_in, h_in, w_in, c_out, k_h,
                                                     k_w, stride_h, stride_w, pad_h, pad_w,
                                                     out_pad_h, out_pad_w, &s);
    if (status != PANAGAN_OK) return status;
    return panagan::launch_forward(__func__, dy, w, nullptr, dx, s, stream);
}

extern "C" int64_t panagan_conv_transpose2d_backward_weight_workspace_size(
    int32_t n, int32_t c_in, int32_t h_in, int32_t w_in, int32_t c_out, int32_t k_h, int32_t k_w,
    int32_t stride_h, int32_t stride_w, int32_t pad_h, int32_t pad_w, int32_t out_pad_h,
    int32_t out_pad_w) {
    panagan::clear_error();
    ConvShape s;
    if (panagan::conv_transpose2d_shape(__func__, n, c_in, h_in, w_in, c_out, k_h, k_w,
                                        stride_h, stride_w, pad_h, pad_w, out_pad_h, out_pad_w,
                                        &s) != PANAGAN_OK)
        return -1;
    // The bias gradient sums dy, the fine tensor.
    return panagan::plan_backward_weight(s, s.c_fine, s.h_fine * s.w_fine).workspace_bytes();
}

extern "C" int32_t panagan_conv_transpose2d_backward_weight(
    const float *x, const float *dy, float *dw, float *dbias, int32_t accumulate, int32_t n,
    int32_t c_in, int32_t h_in, int32_t w_in, int32_t c_out, int32_t k_h, int32_t k_w,
    int32_t stride_h, int32_t stride_w, int32_t pad_h, int32_t pad_w, int32_t out_pad_h,
    int32_t out_pad_w, void *workspace, int64_t workspace_bytes, panagan_stream_t stream) {
    panagan::clear_error();
    PANAGAN_REQUIRE(x != nullptr, "x must not be NULL");
    PANAGAN_REQUIRE(dy != nullptr, "dy must not be NULL");
    PANAGAN_REQUIRE(dw != nullptr, "dw must not be NULL");
    PANAGAN_REQUIRE(accumulate == 0 || accumulate == 1, "accumulate must be 0 or 1, got %d",
                    accumulate);
    ConvShape s;
    int32_t status = panagan::conv_transpose2d_shape(__func__, n, c_in, h_in, w_in, c_out, k_h,
                                                     k_w, stride_h, stride_w, pad_h, pad_w,
                                                     out_pad_h, out_pad_w, &s);
    if (status != PANAGAN_OK) return status;
    const panagan::WeightGradPlan plan =
        panagan::plan_backward_weight(s, s.c_fine, s.h_fine * s.w_fine);
    status = panagan::check_workspace(__func__, plan, workspace, workspace_bytes);
    if (status != PANAGAN_OK) return status;
    // coarse = x, fine = dy: dw[c_in, c_out, k] = sum over n, o of x * dy patches.
    return panagan::launch_backward_weight(__func__, x, dy, dw, dy, dbias, accumulate, plan,
                                           workspace, stream);
}
