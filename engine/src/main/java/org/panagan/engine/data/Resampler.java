package org.panagan.engine.data;

/**
 * torchvision's {@code Resize(size)} followed by {@code CenterCrop(size)} on one uint8 plane: the
 * shorter side becomes {@code size}, the longer {@code floor(size * long / short)}, and the centred
 * {@code size x size} window is kept (offset {@code round((outer - size) / 2)}, ties to even as
 * Python rounds).
 *
 * <p>Shrinking averages areas: each output pixel is the mean of the input it covers, partly
 * covered pixels weighted by the covered fraction, so nothing aliases however large the factor.
 * Enlarging interpolates bilinearly between pixel centres (half-pixel offsets, edges clamped).
 * The two axes are separable; only the rows and columns the crop keeps are computed. Planes are
 * row-major, H x W.
 */
final class Resampler {

    private Resampler() {
    }

    /** The taps of one axis: output i reads in[start[i] .. start[i] + len[i]) with weights. */
    record Taps(int[] start, int[] len, float[][] weight) {
    }

    /** Resizes the w x h plane so its shorter side is size, then keeps the centred size x size. */
    static byte[] resizeCrop(byte[] plane, int w, int h, int size) {
        int outW = w <= h ? size : (int) ((long) size * w / h);
        int outH = w <= h ? (int) ((long) size * h / w) : size;
        Taps across = taps(w, outW, centredStart(outW, size), size);
        Taps down = taps(h, outH, centredStart(outH, size), size);
        return apply(plane, w, across, down, size);
    }

    /** Where a centred window of size starts in an axis of length outer. */
    static int centredStart(int outer, int size) {
        return (int) Math.rint((outer - size) / 2.0);
    }

    /** Taps for outputs first .. first+count-1 of an axis resized from inLen to outLen. */
    static Taps taps(int inLen, int outLen, int first, int count) {
        int[] start = new int[count];
        int[] len = new int[count];
        float[][] weight = new float[count][];
        double scale = (double) inLen / outLen;
        for (int i = 0; i < count; i++) {
            int o = first + i;
            if (outLen < inLen) {
                double a = o * scale;
                double b = a + scale;
                int j0 = (int) Math.floor(a);
                int j1 = Math.min(inLen, (int) Math.ceil(b));
                start[i] = j0;
                len[i] = j1 - j0;
                weight[i] = new float[j1 - j0];
                for (int j = j0; j < j1; j++) {
                    weight[i][j - j0] = (float) ((Math.min(b, j + 1) - Math.max(a, j)) / scale);
                }
            } else {
                double x = Math.min(inLen - 1, Math.max(0.0, (o + 0.5) * scale - 0.5));
                int j0 = (int) Math.floor(x);
                float f = (float) (x - j0);
                start[i] = j0;
                len[i] = j0 + 1 < inLen ? 2 : 1;
                weight[i] = len[i] == 2 ? new float[] {1 - f, f} : new float[] {1};
            }
        }
        return new Taps(start, len, weight);
    }

    private static byte[] apply(byte[] plane, int w, Taps across, Taps down, int size) {
        // Rows the vertical taps read: [rowLo, rowHi).
        int rowLo = down.start()[0];
        int rowHi = down.start()[size - 1] + down.len()[size - 1];
        float[] rows = new float[(rowHi - rowLo) * size];
        for (int y = rowLo; y < rowHi; y++) {
            int base = y * w;
            int dst = (y - rowLo) * size;
            for (int x = 0; x < size; x++) {
                int s = across.start()[x];
                float[] wt = across.weight()[x];
                float acc = 0;
                for (int k = 0; k < wt.length; k++) {
                    acc += wt[k] * (plane[base + s + k] & 0xff);
                }
                rows[dst + x] = acc;
            }
        }
        byte[] out = new byte[size * size];
        for (int y = 0; y < size; y++) {
            int s = down.start()[y] - rowLo;
            float[] wt = down.weight()[y];
            for (int x = 0; x < size; x++) {
                float acc = 0;
                for (int k = 0; k < wt.length; k++) {
                    acc += wt[k] * rows[(s + k) * size + x];
                }
                out[y * size + x] = toByte(acc);
            }
        }
        return out;
    }

    static byte toByte(float v) {
        int q = (int) Math.floor(v + 0.5f);
        return (byte) Math.max(0, Math.min(255, q));
    }
}
