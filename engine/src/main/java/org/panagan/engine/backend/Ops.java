package org.panagan.engine.backend;

import org.panagan.engine.tensor.Buffer;
import org.panagan.engine.tensor.Shape;
import org.panagan.engine.tensor.Tensor;

/**
 * The operations the model calls, one for each function of {@code native/include/panagan.h}
 * and with its semantics (read the header: it is the contract). Every implementation holds to
 * the same rules:
 * <ul>
 *   <li>Tensors are contiguous float32 NCHW views made by this backend, unless a parameter says
 *       otherwise ({@code step} is one int64, {@code count_nonfinite}'s result one int32). Shapes
 *       come from the tensors: {@code x [N, C_in, H_in, W_in]}, conv weights
 *       {@code [C_out, C_in, K, K]}, transposed-conv weights {@code [C_in, C_out, K, K]}.</li>
 *   <li>Work is ordered: each call sees the results of every earlier call on the same backend
 *       (one stream on cuda and sim; program order on cpu). Calls may return before the work is
 *       done; {@link Backend#synchronize()} and the downloads wait for it.</li>
 *   <li>"Overwrites" writes every element of the output; {@code accumulate = true} adds to what
 *       the output held instead (the discriminator sums its real and fake gradients this
 *       way).</li>
 *   <li>Nullable arguments are marked; a null bias or dbias means none.</li>
 *   <li>Workspace: an operation that needs scratch has a {@code ...WorkspaceBytes(shapes)}
 *       companion; the caller plans one buffer at least as large as the largest answer, once,
 *       and passes it (null when every answer is 0). Operations never allocate.</li>
 *   <li>Bad arguments (shapes that do not fit, a tensor of another backend, a workspace too
 *       small) throw {@link org.panagan.engine.PanaganException} naming the operation and the
 *       argument, before anything runs.</li>
 *   <li>Results are deterministic: the same inputs give the same bits on every run.</li>
 * </ul>
 */
public interface Ops {

    // ---------------------------------------------------------------------------------------
    // 2-D convolution (cross-correlation, PyTorch's Conv2d)
    // ---------------------------------------------------------------------------------------

    /** y [N, C_out, H_out, W_out] = conv(x, w) + bias (bias [C_out], nullable). Overwrites y. */
    void conv2dForward(Tensor x, Tensor w, Tensor bias, Tensor y, ConvParams p);

    /** dx [N, C_in, H_in, W_in] from dy. Overwrites dx. */
    void conv2dBackwardData(Tensor dy, Tensor w, Tensor dx, ConvParams p);

    /** Bytes of workspace {@link #conv2dBackwardWeight} needs for input x and weight w. */
    long conv2dBackwardWeightWorkspaceBytes(Shape x, Shape w, ConvParams p);

    /** dw and (when not null) dbias from x and dy; overwrites or, with accumulate, adds. */
    void conv2dBackwardWeight(Tensor x, Tensor dy, Tensor dw, Tensor dbias, boolean accumulate,
                              ConvParams p, Buffer workspace);

    // ---------------------------------------------------------------------------------------
    // 2-D transposed convolution (PyTorch's ConvTranspose2d), w [C_in, C_out, K, K]
    // ---------------------------------------------------------------------------------------

    /** y = conv_transpose(x, w) + bias (nullable). Overwrites y. */
    void convTranspose2dForward(Tensor x, Tensor w, Tensor bias, Tensor y, ConvParams p);

    /** dx from dy. Overwrites dx. */
    void convTranspose2dBackwardData(Tensor dy, Tensor w, Tensor dx, ConvParams p);

    /** Bytes of workspace {@link #convTranspose2dBackwardWeight} needs. */
    long convTranspose2dBackwardWeightWorkspaceBytes(Shape x, Shape w, ConvParams p);

    /** dw and (when not null) dbias; overwrites or, with accumulate, adds. */
    void convTranspose2dBackwardWeight(Tensor x, Tensor dy, Tensor dw, Tensor dbias,
                                       boolean accumulate, ConvParams p, Buffer workspace);

    // ---------------------------------------------------------------------------------------
    // Batch-norm over N, H, W per channel, with the activation of p fused after it
    // ---------------------------------------------------------------------------------------

    /** Bytes of workspace the training forward and the backward need for x. */
    long batchNormWorkspaceBytes(Shape x);

    /**
     * Batch statistics: overwrites y (may be x), saveMean and saveInvstd [C]; updates
     * runningMean and runningVar as PyTorch does when they are not null (both or neither).
     */
    void batchNormForwardTraining(Tensor x, Tensor gamma, Tensor beta, Tensor y,
                                  Tensor runningMean, Tensor runningVar,
                                  Tensor saveMean, Tensor saveInvstd,
                                  BatchNormParams p, Buffer workspace);

    /** Running statistics, only read. Overwrites y (may be x). */
    void batchNormForwardInference(Tensor x, Tensor gamma, Tensor beta, Tensor y,
                                   Tensor runningMean, Tensor runningVar, BatchNormParams p);

    /**
     * Backward of the training forward, activation included, from its input x and saved
     * statistics. Overwrites dx (may be dy); overwrites or, with accumulate, adds to dgamma
     * and dbeta.
     */
    void batchNormBackward(Tensor dy, Tensor x, Tensor gamma, Tensor beta,
                           Tensor saveMean, Tensor saveInvstd,
                           Tensor dx, Tensor dgamma, Tensor dbeta, boolean accumulate,
                           BatchNormParams p, Buffer workspace);

    // ---------------------------------------------------------------------------------------
    // Element-wise activations (NONE is a copy forward and backward)
    // ---------------------------------------------------------------------------------------

    /** y = act(x); overwrites y (may be x). slope is LeakyReLU's; ignored otherwise. */
    void activationForward(Activation activation, Tensor x, Tensor y, float slope);

    /** dx = dy * act'(from the forward's OUTPUT y); overwrites dx (may be dy). */
    void activationBackward(Activation activation, Tensor dy, Tensor y, Tensor dx, float slope);

    // ---------------------------------------------------------------------------------------
    // Binary cross-entropy on logits, mean over all elements, one target for all
    // ---------------------------------------------------------------------------------------

    /** loss (one float) = mean(max(x,0) - x t + log(1 + exp(-|x|))). Overwrites loss. */
    void bceWithLogitsForward(Tensor logits, Tensor loss, float target);

    /** dlogits = gradScale (sigmoid(x) - t) / count. Overwrites dlogits (may be logits). */
    void bceWithLogitsBackward(Tensor logits, Tensor dlogits, float target, float gradScale);

    // ---------------------------------------------------------------------------------------
    // Adam over one flat buffer; step is one int64 read where the update runs (t >= 1)
    // ---------------------------------------------------------------------------------------

    /** Updates param, expAvg and expAvgSq in place from grad, as torch.optim.Adam. */
    void adamStep(Tensor param, Tensor grad, Tensor expAvg, Tensor expAvgSq, Tensor step,
                  AdamParams p);

    /** counter (one int64) += 1, in order with the other operations. */
    void increment(Tensor counter);

    // ---------------------------------------------------------------------------------------
    // Utilities
    // ---------------------------------------------------------------------------------------

    /** x[i] = value. */
    void fill(Tensor x, float value);

    /** x[i] *= alpha. */
    void scale(Tensor x, float alpha);

    /** y[i] += alpha x[i]. */
    void axpy(Tensor x, Tensor y, float alpha);

    /** dst = src (same element count, no overlap). */
    void copy(Tensor src, Tensor dst);

    /** result (one float) = sum of x, in a fixed order. */
    void sum(Tensor x, Tensor result);

    /** result (one float) = mean of x. */
    void mean(Tensor x, Tensor result);

    /** result (one int32) = how many elements of x are NaN or infinite. */
    void countNonfinite(Tensor x, Tensor result);

    // ---------------------------------------------------------------------------------------
    // Training batches from a dataset held as uint8
    // ---------------------------------------------------------------------------------------

    /**
     * out [n, C, H, W] (F32) = images[indices[i]] / 127.5f - 1 from images [N, C, H, W] (U8)
     * and indices [n] (I32, read where the operation runs, so a captured graph sees each
     * replay's). An index outside [0, N) gives a NaN image. Overwrites out.
     */
    void gatherImages(Tensor images, Tensor indices, Tensor out);
}
