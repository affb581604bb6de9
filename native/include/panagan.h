/*
 * panagan.h: the C contract between panagan's CUDA kernels and everything that calls them.
 *
 * One header, two builds of the same sources behind it:
 *   libpanagan_cuda.so  nvcc, real GPU kernels, links the shared CUDA runtime (libcudart.so.13);
 *   libpanagan_sim.so   g++ against panagan's host simulator, which also exports the subset of the
 *                       CUDA runtime API that callers use (cudaMalloc, cudaMemcpy, streams, ...).
 *
 * Conventions that hold for every function below:
 *   - Tensors are float32, dense, NCHW (batch N, channels C, height H, width W), row-major.
 *     Letters: N batch, C channels, H W spatial, K kernel, S stride, P padding, OP output padding.
 *   - Every pointer argument is device memory (cudaMalloc), unless it says otherwise.
 *   - Work is enqueued on `stream` and runs asynchronously; NULL is the legacy default stream.
 *     Nothing here synchronises, allocates, prints or exits.
 *   - Each function returns a status: PANAGAN_OK (0) on success. On failure the launcher has
 *     enqueued nothing and panagan_last_error() describes what was wrong (which argument, what was
 *     expected, what came). Shape checks happen before any launch.
 *   - "Overwrites" means every element of the output is written; "accumulates" (accumulate = 1)
 *     means the result is added to what the output held, which is how the discriminator sums
 *     the gradients of its real and fake batches. Any other value of accumulate is refused.
 *   - Results are deterministic: the same inputs on the same device give the same bits on every
 *     run (no floating-point atomics whose order varies).
 *   - Functions that need scratch memory take (workspace, workspace_bytes) and have a
 *     *_workspace_size companion that returns how many bytes that shape needs (0 means NULL is
 *     fine). The caller owns the workspace, so no allocation ever happens inside a training step.
 */
#ifndef PANAGAN_H
#define PANAGAN_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The same type as cudaStream_t, spelt without the CUDA headers. */
typedef struct CUstream_st *panagan_stream_t;

/* ---------------------------------------------------------------------------------------------
 * Status and errors
 * ------------------------------------------------------------------------------------------- */

enum panagan_status {
    PANAGAN_OK = 0,
    PANAGAN_INVALID_ARGUMENT = 1, /* a shape, pointer or scalar was out of range: nothing ran */
    PANAGAN_WORKSPACE_TOO_SMALL = 2, /* workspace_bytes < what *_workspace_size returns */
    PANAGAN_CUDA_ERROR = 3 /* the CUDA runtime refused or failed the launch */
};

/* Activation fused into batch-norm. LeakyReLU uses the `slope` argument (slope >= 0). */
enum panagan_activation {
    PANAGAN_ACTIVATION_NONE = 0,
    PANAGAN_ACTIVATION_RELU = 1,
    PANAGAN_ACTIVATION_LEAKY_RELU = 2
};

/* The calling thread's last error text; "" when the last call on this thread succeeded.
 * The pointer stays valid until the next panagan call on the same thread. */
const char *panagan_last_error(void);

/* The constant's name for a status ("PANAGAN_OK", ...), or "PANAGAN_UNKNOWN_STATUS". */
const char *panagan_status_name(int32_t status);

/* The version of this header the library was built from, as 10000*major + 100*minor + patch. */
int32_t panagan_version(void);

/* ---------------------------------------------------------------------------------------------
 * 2-D convolution (cross-correlation, as PyTorch's Conv2d; no dilation, no groups)
 *
 *   x  [N, C_in,  H_in,  W_in]       w  [C_out, C_in, K_h, K_w]       bias [C_out] or NULL
 *   y  [N, C_out, H_out, W_out]      H_out = (H_in + 2*P_h - K_h) / S_h + 1   (floor), same for W
 *   Limits (the kernels index inside one sample in 32 bits): N*H*W of each tensor, C*H*W of one
 *   sample and the weight's size each stay below 2^30 elements; a whole batch may pass 2^31.
 * ------------------------------------------------------------------------------------------- */

/* y = conv(x, w) + bias. Overwrites y. */
int32_t panagan_conv2d_forward(const float *x, const float *w, const float *bias, float *y,
                               int32_t n, int32_t c_in, int32_t h_in, int32_t w_in,
                               int32_t c_out, int32_t k_h, int32_t k_w,
                               int32_t stride_h, int32_t stride_w, int32_t pad_h, int32_t pad_w,
                               panagan_stream_t stream);

/* dx = d(loss)/dx given dy [N, C_out, H_out, W_out]. Overwrites dx [N, C_in, H_in, W_in]. */
int32_t panagan_conv2d_backward_data(const float *dy, const float *w, float *dx,
                                     int32_t n, int32_t c_in, int32_t h_in, int32_t w_in,
                                     int32_t c_out, int32_t k_h, int32_t k_w,
                                     int32_t stride_h, int32_t stride_w,
                                     int32_t pad_h, int32_t pad_w,
                                     panagan_stream_t stream);

/* Bytes of workspace panagan_conv2d_backward_weight needs for this shape (>= 0), or -1 with
 * panagan_last_error() set when the shape is invalid. */
int64_t panagan_conv2d_backward_weight_workspace_size(int32_t n, int32_t c_in, int32_t h_in,
                                                      int32_t w_in, int32_t c_out,
                                                      int32_t k_h, int32_t k_w,
                                                      int32_t stride_h, int32_t stride_w,
                                                      int32_t pad_h, int32_t pad_w);

/* dw [C_out, C_in, K_h, K_w] and, when dbias is not NULL, dbias [C_out] = sum of dy over N, H, W.
 * Overwrites (accumulate = 0) or adds to (accumulate = 1) dw and dbias. */
int32_t panagan_conv2d_backward_weight(const float *x, const float *dy, float *dw, float *dbias,
                                       int32_t accumulate,
                                       int32_t n, int32_t c_in, int32_t h_in, int32_t w_in,
                                       int32_t c_out, int32_t k_h, int32_t k_w,
                                       int32_t stride_h, int32_t stride_w,
                                       int32_t pad_h, int32_t pad_w,
                                       void *workspace, int64_t workspace_bytes,
                                       panagan_stream_t stream);

/* ---------------------------------------------------------------------------------------------
 * 2-D transposed convolution (PyTorch's ConvTranspose2d; no dilation, no groups)
 *
 *   x  [N, C_in,  H_in,  W_in]       w  [C_in, C_out, K_h, K_w]  (PyTorch's layout)
 *   y  [N, C_out, H_out, W_out]      H_out = (H_in - 1)*S_h - 2*P_h + K_h + OP_h, same for W
 *   0 <= OP < S (PyTorch's rule for output_padding without dilation).   bias [C_out] or NULL
 *   The same size limits as conv2d.
 * ------------------------------------------------------------------------------------------- */

/* y = conv_transpose(x, w) + bias. Overwrites y. */
int32_t panagan_conv_transpose2d_forward(const float *x, const float *w, const float *bias,
                                         float *y,
                                         int32_t n, int32_t c_in, int32_t h_in, int32_t w_in,
                                         int32_t c_out, int32_t k_h, int32_t k_w,
                                         int32_t stride_h, int32_t stride_w,
                                         int32_t pad_h, int32_t pad_w,
                                         int32_t out_pad_h, int32_t out_pad_w,
                                         panagan_stream_t stream);

/* dx [N, C_in, H_in, W_in] from dy [N, C_out, H_out, W_out]. Overwrites dx. */
int32_t panagan_conv_transpose2d_backward_data(const float *dy, const float *w, float *dx,
                                               int32_t n, int32_t c_in, int32_t h_in,
                                               int32_t w_in, int32_t c_out,
                                               int32_t k_h, int32_t k_w,
                                               int32_t stride_h, int32_t stride_w,
                                               int32_t pad_h, int32_t pad_w,
                                               int32_t out_pad_h, int32_t out_pad_w,
                                               panagan_stream_t stream);

/* Bytes of workspace panagan_conv_transpose2d_backward_weight needs, or -1 (see conv2d). */
int64_t panagan_conv_transpose2d_backward_weight_workspace_size(
    int32_t n, int32_t c_in, int32_t h_in, int32_t w_in, int32_t c_out, int32_t k_h, int32_t k_w,
    int32_t stride_h, int32_t stride_w, int32_t pad_h, int32_t pad_w,
    int32_t out_pad_h, int32_t out_pad_w);

/* dw [C_in, C_out, K_h, K_w] and, when dbias is not NULL, dbias [C_out].
 * Overwrites (accumulate = 0) or adds to (accumulate = 1) dw and dbias. */
int32_t panagan_conv_transpose2d_backward_weight(const float *x, const float *dy, float *dw,
                                                 float *dbias, int32_t accumulate,
                                                 int32_t n, int32_t c_in, int32_t h_in,
                                                 int32_t w_in, int32_t c_out,
                                                 int32_t k_h, int32_t k_w,
                                                 int32_t stride_h, int32_t stride_w,
                                                 int32_t pad_h, int32_t pad_w,
                                                 int32_t out_pad_h, int32_t out_pad_w,
                                                 void *workspace, int64_t workspace_bytes,
                                                 panagan_stream_t stream);

/* ---------------------------------------------------------------------------------------------
 * Batch normalisation over N, H, W per channel (PyTorch's BatchNorm2d, affine), with an optional
 * fused activation after it: y = act(gamma * (x - mean) * invstd + beta).
 *
 *   x, y, dy, dx [N, C, H, W]     gamma, beta, running_*, save_*, dgamma, dbeta [C]
 *   invstd = 1 / sqrt(var + eps), var the biased variance over the M = N*H*W values of a channel.
 *   activation is a panagan_activation; slope is LeakyReLU's negative slope (ignored otherwise).
 * ------------------------------------------------------------------------------------------- */

/* Bytes of workspace the training forward and the backward need for this shape, or -1. */
int64_t panagan_batch_norm_workspace_size(int32_t n, int32_t c, int32_t h, int32_t w);

/* Training mode: normalise with the batch statistics. Overwrites y, save_mean and save_invstd
 * (what backward needs). When running_mean and running_var are not NULL they are updated as
 * PyTorch does: running = (1 - momentum) * running + momentum * batch, with the unbiased
 * variance M / (M - 1) * var (M must then be > 1). y may alias x. */
int32_t panagan_batch_norm_forward_training(const float *x, const float *gamma, const float *beta,
                                            float *y, float *running_mean, float *running_var,
                                            float *save_mean, float *save_invstd,
                                            int32_t n, int32_t c, int32_t h, int32_t w,
                                            float momentum, float eps,
                                            int32_t activation, float slope,
                                            void *workspace, int64_t workspace_bytes,
                                            panagan_stream_t stream);

/* Inference mode: normalise with running_mean and running_var, which are only read.
 * Overwrites y; y may alias x. */
int32_t panagan_batch_norm_forward_inference(const float *x, const float *gamma,
                                             const float *beta, float *y,
                                             const float *running_mean, const float *running_var,
                                             int32_t n, int32_t c, int32_t h, int32_t w,
                                             float eps, int32_t activation, float slope,
                                             panagan_stream_t stream);

/* Backward of the training forward (activation included): dx from dy, the forward's input x and
 * its save_mean / save_invstd. The activation's derivative is taken from the pre-activation
 * value recomputed from x, so y is not needed. Overwrites dx (which may alias dy); overwrites
 * (accumulate = 0) or adds to (accumulate = 1) dgamma and dbeta. */
int32_t panagan_batch_norm_backward(const float *dy, const float *x, const float *gamma,
                                    const float *beta, const float *save_mean,
                                    const float *save_invstd,
                                    float *dx, float *dgamma, float *dbeta, int32_t accumulate,
                                    int32_t n, int32_t c, int32_t h, int32_t w,
                                    int32_t activation, float slope,
                                    void *workspace, int64_t workspace_bytes,
                                    panagan_stream_t stream);

/* ---------------------------------------------------------------------------------------------
 * Element-wise activations over `count` floats. Forwards overwrite y (y may alias x).
 * Backwards take the forward's OUTPUT y, overwrite dx (dx may alias dy):
 *   ReLU       dx = dy * (y > 0)
 *   LeakyReLU  dx = dy * (y > 0 ? 1 : slope)      (slope >= 0, so y's sign is x's sign)
 *   Tanh       dx = dy * (1 - y*y)
 *   Sigmoid    dx = dy * y * (1 - y)
 * ------------------------------------------------------------------------------------------- */

int32_t panagan_relu_forward(const float *x, float *y, int64_t count, panagan_stream_t stream);
int32_t panagan_relu_backward(const float *dy, const float *y, float *dx, int64_t count,
                              panagan_stream_t stream);
int32_t panagan_leaky_relu_forward(const float *x, float *y, int64_t count, float slope,
                                   panagan_stream_t stream);
int32_t panagan_leaky_relu_backward(const float *dy, const float *y, float *dx, int64_t count,
                                    float slope, panagan_stream_t stream);
int32_t panagan_tanh_forward(const float *x, float *y, int64_t count, panagan_stream_t stream);
int32_t panagan_tanh_backward(const float *dy, const float *y, float *dx, int64_t count,
                              panagan_stream_t stream);
int32_t panagan_sigmoid_forward(const float *x, float *y, int64_t count,
                                panagan_stream_t stream);
int32_t panagan_sigmoid_backward(const float *dy, const float *y, float *dx, int64_t count,
                                 panagan_stream_t stream);

/* ---------------------------------------------------------------------------------------------
 * Binary cross-entropy on logits, mean over the `count` logits, all with the same target
 * (1 real, 0 fake, or a smoothed label in [0, 1]):
 *   loss = mean( max(x, 0) - x * target + log(1 + exp(-|x|)) )
 * which equals PyTorch's BCELoss(Sigmoid(x), target) without its log clamp at -100.
 * ------------------------------------------------------------------------------------------- */

/* Writes the mean loss to loss[0] (one float of device memory). Overwrites it. count >= 1. */
int32_t panagan_bce_with_logits_forward(const float *logits, float *loss, int64_t count,
                                        float target, panagan_stream_t stream);

/* dlogits = grad_scale * (sigmoid(x) - target) / count. Overwrites dlogits (may alias logits). */
int32_t panagan_bce_with_logits_backward(const float *logits, float *dlogits, int64_t count,
                                         float target, float grad_scale,
                                         panagan_stream_t stream);

/* ---------------------------------------------------------------------------------------------
 * Adam (PyTorch's torch.optim.Adam, no weight decay, no amsgrad) over one flat buffer, so a
 * whole network's parameters update in one launch. With t = *step (read on the device, so a
 * captured CUDA graph sees each replay's step; t >= 1):
 *   m = beta1 * m + (1 - beta1) * g
 *   v = beta2 * v + (1 - beta2) * g * g
 *   param -= (lr / (1 - beta1^t)) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * Updates param, exp_avg (m) and exp_avg_sq (v) in place; grad is only read.
 * ------------------------------------------------------------------------------------------- */

int32_t panagan_adam_step(float *param, const float *grad, float *exp_avg, float *exp_avg_sq,
                          int64_t count, const int64_t *step,
                          float lr, float beta1, float beta2, float eps,
                          panagan_stream_t stream);

/* ---------------------------------------------------------------------------------------------
 * Utilities over `count` floats.
 * ------------------------------------------------------------------------------------------- */

/* x[i] = value. Overwrites x. */
int32_t panagan_fill(float *x, int64_t count, float value, panagan_stream_t stream);

/* x[i] *= alpha, in place. */
int32_t panagan_scale(float *x, int64_t count, float alpha, panagan_stream_t stream);

/* y[i] += alpha * x[i]. Accumulates into y. */
int32_t panagan_axpy(const float *x, float *y, int64_t count, float alpha,
                     panagan_stream_t stream);

/* dst[i] = src[i]. Overwrites dst; the ranges must not overlap. */
int32_t panagan_copy(const float *src, float *dst, int64_t count, panagan_stream_t stream);

/* result[0] = sum of x in a fixed order (one block; meant for reporting, not for big tensors).
 * Overwrites the one float at result. */
int32_t panagan_sum(const float *x, int64_t count, float *result, panagan_stream_t stream);

/* result[0] = mean of x, as panagan_sum divided by count (count >= 1). */
int32_t panagan_mean(const float *x, int64_t count, float *result, panagan_stream_t stream);

/* result[0] = how many elements of x are NaN or infinite (one int32 of device memory). */
int32_t panagan_count_nonfinite(const float *x, int64_t count, int32_t *result,
                                panagan_stream_t stream);

/* counter[0] += 1 on the stream: advances Adam's step inside a captured graph. */
int32_t panagan_increment(int64_t *counter, panagan_stream_t stream);

/* ---------------------------------------------------------------------------------------------
 * Training batches from a dataset kept on the device as uint8.
 * ------------------------------------------------------------------------------------------- */

/* out[i, e] = images[indices[i], e] / 127.5f - 1 for i < n and e < image_elements: image
 * indices[i] of the image_count images of image_elements bytes each (any layout; the engine's is
 * C x H x W), mapped from 0..255 to [-1, 1]. indices are n int32 of device memory, read on the
 * device (so a captured graph sees each replay's indices); an index outside [0, image_count)
 * writes NaN over its image instead of reading outside the dataset. Overwrites out
 * [n, image_elements]. 1 <= n <= 65535. */
int32_t panagan_gather_images_u8(const uint8_t *images, int64_t image_elements,
                                 int64_t image_count, const int32_t *indices, int32_t n,
                                 float *out, panagan_stream_t stream);

#ifdef __cplusplus
}
#endif

#endif /* PANAGAN_H */
