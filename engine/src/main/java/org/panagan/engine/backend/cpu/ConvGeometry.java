package org.panagan.engine.backend.cpu;

/**
 * A convolution or transposed convolution seen from its two sides, which is how all six
 * passes share three kernels. The big side b [N, cb, hb, wb] is the one the kernel window
 * slides over; the small side s [N, cs, hs, ws] has one value per window position:
 * hs = (hb + 2P - K) / S + 1. The weight, as stored, is the matrix Wm [cs, cb*K*K]:
 * <pre>
 *                 big side b        small side s     Wm = the weight tensor as stored
 *   Conv2d        x [N, C_in, ..]   y [N, C_out, ..]  [C_out, C_in, K, K]
 *   ConvTranspose y [N, C_out, ..]  x [N, C_in, ..]   [C_in, C_out, K, K]
 * </pre>
 * so conv forward and transposed backward-data compute s from b, conv backward-data and
 * transposed forward compute b from s, and both backward-weights compute Wm from s and b.
 * For a transposed convolution hb = (hs - 1) S - 2P + K + OP with 0 <= OP < S, which gives
 * back hs through the formula above.
 *
 * @param n batch, >= 0
 * @param k square kernel size; stride and pad apply to both spatial dimensions
 */
public record ConvGeometry(int n, int cs, int hs, int ws, int cb, int hb, int wb, int k,
                           int stride, int pad) {

    /**
     * Columns below which one image's product is too narrow for sgemm to run near its peak
     * (measured on the DCGAN layer shapes: 256 columns reach 90% of the large-matrix rate),
     * so images are stacked side by side until a product has at least this many.
     */
    static final int MIN_GEMM_COLUMNS = 256;
    /**
     * Floats of the stacked im2col matrix the weight gradient builds per group of images:
     * 8 MiB, a quarter of the measured machine's L3, so the matrix is still in cache when the
     * product reads it.
     */
    static final long WEIGHT_GROUP_FLOATS = 2L << 20;

    /** Conv2d of x [n, cIn, hIn, wIn] with a [cOut, cIn, k, k] weight. */
    public static ConvGeometry conv(int n, int cIn, int hIn, int wIn, int cOut, int k, int stride,
                                    int pad) {
        int hOut = Math.floorDiv(hIn + 2 * pad - k, stride) + 1;
        int wOut = Math.floorDiv(wIn + 2 * pad - k, stride) + 1;
        return new ConvGeometry(n, cOut, hOut, wOut, cIn, hIn, wIn, k, stride, pad);
    }

    /** ConvTranspose2d of x [n, cIn, hIn, wIn] with a [cIn, cOut, k, k] weight. */
    public static ConvGeometry transposed(int n, int cIn, int hIn, int wIn, int cOut, int k,
                                          int stride, int pad, int outPad) {
        int hOut = (hIn - 1) * stride - 2 * pad + k + outPad;
        int wOut = (wIn - 1) * stride - 2 * pad + k + outPad;
        return new ConvGeometry(n, cIn, hIn, wIn, cOut, hOut, wOut, k, stride, pad);
    }

    /** Elements of one image's small side plane, hs * ws. */
    public int smallPlane() {
        return hs * ws;
    }

    /** Elements of one image's big side plane, hb * wb. */
    public int bigPlane() {
        return hb * wb;
    }

    /** Elements of one image on the small side. */
    public long smallImage() {
        return (long) cs * smallPlane();
    }

    /** Elements of one image on the big side. */
    public long bigImage() {
        return (long) cb * bigPlane();
    }

    /** Rows of the im2col matrix, cb * K * K: the inner dimension of the forward product. */
    public int colRows() {
        return cb * k * k;
    }

    /**
     * True when the window covers the whole unpadded big side in one position (hs = ws = 1):
     * then im2col of an image is the image itself and every pass is one product over the
     * batch (the DCGAN's first generator layer and last discriminator layer).
     */
    public boolean dense() {
        return hs == 1 && ws == 1 && pad == 0 && k == hb && k == wb;
    }

    /** Images stacked into one product in the forward and backward-data passes. */
    public int imagesPerGemm() {
        int plane = Math.max(1, smallPlane());
        int images = (MIN_GEMM_COLUMNS + plane - 1) / plane;
        return Math.max(1, Math.min(images, n));
    }

    /**
     * True when Wm has fewer columns than the weight gradient has tasks (4 blocks of 16; the
     * image layers, 3 x 4 x 4 = 48): that product is then split along its sum, into partial
     * matrices added at the end, instead of along the columns.
     */
    public boolean narrowWeight() {
        return colRows() < ConvKernels.WEIGHT_BLOCKS * ConvKernels.WEIGHT_BLOCK_ALIGN;
    }

    /** Images whose im2col the weight gradient stacks into one product. */
    public int imagesPerWeightGroup() {
        long perImage = Math.max(1L, (long) colRows() * smallPlane());
        long images = WEIGHT_GROUP_FLOATS / perImage;
        return (int) Math.max(1, Math.min(images, n));
    }

    // ---------------------------------------------------------------------------------------
    // Phase planes: how im2col becomes contiguous copies (see PhasePlanes)
    // ---------------------------------------------------------------------------------------

    /**
     * Big-side row y = S i + r lies in phase r, at phase row i. Tap kh reads row oh*S - P + kh
     * = S (oh + q) + r with q = floorDiv(kh - P, S): phase row oh + q. Over all taps q runs
     * from qMin = floorDiv(-P, S) to {@link #qMax()}; the same holds for columns.
     */
    public int qMin() {
        return Math.floorDiv(-pad, stride);
    }

    /** The largest phase offset q of a tap, floorDiv(K - 1 - P, S). */
    public int qMax() {
        return Math.floorDiv(k - 1 - pad, stride);
    }

    /**
     * True when the big side is exactly S times the small side (hb = S hs, wb = S ws), as in
     * every stride-2 layer of the DCGAN: then each phase plane is hs x ws, and a phase plane
     * stored without column padding serves every tap, a tap's whole im2col row being one
     * contiguous run of it (with |q| columns per row to clear).
     */
    public boolean exactTiling() {
        return hb == stride * hs && wb == stride * ws;
    }

    /** Rows of a stored phase plane: phase rows qMin .. hs - 1 + qMax, zero outside. */
    public int phaseRows() {
        return hs + qMax() - qMin();
    }

    /**
     * Columns of a stored phase plane: ws with exact tiling (phase columns 0 .. ws - 1),
     * else ws + qMax - qMin (phase columns qMin .. ws - 1 + qMax).
     */
    public int phaseColumns() {
        return exactTiling() ? ws : ws + qMax() - qMin();
    }

    /** The first phase column stored: 0 with exact tiling, else qMin. */
    public int phaseFirstColumn() {
        return exactTiling() ? 0 : qMin();
    }

    /**
     * Floats kept free before the first and after the last phase plane, so that a contiguous
     * run that starts |q| columns before its plane (exact tiling) stays inside the array.
     */
    public int phaseMargin() {
        return exactTiling() ? Math.max(Math.max(-qMin(), qMax()), 0) : 0;
    }

    /** Floats of one image's phase planes: cb * S * S planes and the two margins. */
    public long phaseImage() {
        return (long) cb * stride * stride * phaseRows() * phaseColumns() + 2L * phaseMargin();
    }

    // ---------------------------------------------------------------------------------------
    // Scratch
    // ---------------------------------------------------------------------------------------

    /** Floats of per-thread scratch: one big-side image, its phase planes, im2col, stacking. */
    Scratch.Needs scratchNeeds() {
        if (dense()) {
            return new Scratch.Needs(0, 0, 0, 0, 0, 0);
        }
        long columns = (long) imagesPerGemm() * smallPlane();
        long groupColumns = (long) imagesPerWeightGroup() * smallPlane();
        return new Scratch.Needs(bigImage(), phaseImage(), (long) colRows() * columns,
                imagesPerGemm() > 1 ? (long) cs * columns : 0,
                (long) colRows() * groupColumns,
                imagesPerWeightGroup() > 1 ? (long) cs * groupColumns : 0,
                narrowWeight() ? (long) ConvKernels.WEIGHT_BLOCKS * cs * colRows() : 0, 0, 0, 0);
    }
}
