package org.panagan.engine.backend.cpu;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * im2col and col2im of one image through its phase planes. With stride S, big-side element
 * (y, x) belongs to phase (y mod S, x mod S) at phase position (y div S, x div S); a tap
 * (kh, kw) reads, for every output (oh, ow), one phase plane shifted by
 * (q_h, q_w) = (floorDiv(kh - P, S), floorDiv(kw - P, S)) (see {@link ConvGeometry#qMin()}).
 * So after one strided pass that splits the image into its S*S planes (zero-padded by the
 * largest shifts), each im2col row is unit-stride copying out of one plane, which the JIT turns
 * into vector moves; col2im adds rows back into zeroed planes and joins them.
 *
 * <p>Layout: plane (c, rh, rw) holds {@link ConvGeometry#phaseRows()} x
 * {@link ConvGeometry#phaseColumns()} floats, after a margin of
 * {@link ConvGeometry#phaseMargin()}. With exact tiling (hb = S hs, wb = S ws: every strided
 * layer of the DCGAN) planes are stored ws wide, so a tap's whole im2col row, hs x ws, is one
 * contiguous run starting |q_w| columns off; the q_w columns of each row that wrapped around
 * are then cleared (im2col), or cleared in the column matrix before adding (col2im). Other
 * geometries store planes padded in both directions and copy one output row at a time.
 *
 * <p>Every sum has a fixed order: col2im adds its runs in (kh, kw, c) order, so an element's
 * terms add in (kh, kw) order, then the bias is added in the join.
 */
final class PhasePlanes {

    private PhasePlanes() {
    }

    /**
     * Writes one image's im2col into col: row (c, kh, kw) at colAt + row * ld, column
     * (oh, ow) = b[c, oh*S - P + kh, ow*S - P + kw], 0 in the padding. {@code image} is the
     * image, [cb, hb, wb]; {@code phase} is scratch of {@link ConvGeometry#phaseImage()}.
     */
    static void im2col(ConvGeometry g, float[] image, float[] phase, float[] col, int colAt,
                       int ld) {
        split(g, image, phase);
        int k = g.k();
        int ws = g.ws();
        int hs = g.hs();
        int pw = g.phaseColumns();
        int channelStride = channelStride(g);
        boolean exact = g.exactTiling();
        for (int kh = 0; kh < k; kh++) {
            for (int kw = 0; kw < k; kw++) {
                int tap = tapStart(g, kh, kw);
                int shift = columnShift(g, kw);
                for (int c = 0; c < g.cb(); c++) {
                    int src = tap + c * channelStride;
                    int dst = colAt + ((c * k + kh) * k + kw) * ld;
                    if (exact) {
                        System.arraycopy(phase, src, col, dst, hs * ws);
                        clearWrapped(col, dst, hs, ws, shift);
                    } else {
                        for (int oh = 0; oh < hs; oh++) {
                            System.arraycopy(phase, src + oh * pw, col, dst + oh * ws, ws);
                        }
                    }
                }
            }
        }
    }

    /**
     * The adjoint of {@link #im2col}: writes every element of one image into {@code image}
     * ([cb, hb, wb]), the bias of its channel (0 without one) plus the column entries its
     * position fed. With exact tiling the wrapped columns of the column matrix are cleared
     * first: they are products that fell in the padding.
     */
    static void col2im(ConvGeometry g, float[] col, int colAt, int ld, float[] phase,
                       float[] image, MemorySegment bias) {
        int k = g.k();
        int ws = g.ws();
        int hs = g.hs();
        int pw = g.phaseColumns();
        int channelStride = channelStride(g);
        boolean exact = g.exactTiling();
        Arrays.fill(phase, 0, (int) g.phaseImage(), 0f);
        for (int kh = 0; kh < k; kh++) {
            for (int kw = 0; kw < k; kw++) {
                int tap = tapStart(g, kh, kw);
                int shift = columnShift(g, kw);
                for (int c = 0; c < g.cb(); c++) {
                    int dst = tap + c * channelStride;
                    int src = colAt + ((c * k + kh) * k + kw) * ld;
                    if (exact) {
                        clearWrapped(col, src, hs, ws, shift);
                        addRun(col, src, phase, dst, hs * ws);
                    } else {
                        for (int oh = 0; oh < hs; oh++) {
                            addRun(col, src + oh * ws, phase, dst + oh * pw, ws);
                        }
                    }
                }
            }
        }
        join(g, phase, image, bias);
    }

    /** Where tap (kh, kw) starts reading channel 0's phase plane (output (0, 0)). */
    private static int tapStart(ConvGeometry g, int kh, int kw) {
        int s = g.stride();
        int rh = Math.floorMod(kh - g.pad(), s);
        int rw = Math.floorMod(kw - g.pad(), s);
        int row = Math.floorDiv(kh - g.pad(), s) - g.qMin();
        int column = columnShift(g, kw) - g.phaseFirstColumn();
        return g.phaseMargin() + planeStart(g, 0, rh, rw) + row * g.phaseColumns() + column;
    }

    /** Floats between the planes of consecutive channels: S * S planes. */
    private static int channelStride(ConvGeometry g) {
        return g.stride() * g.stride() * g.phaseRows() * g.phaseColumns();
    }

    private static int columnShift(ConvGeometry g, int kw) {
        return Math.floorDiv(kw - g.pad(), g.stride());
    }

    private static int planeStart(ConvGeometry g, int c, int rh, int rw) {
        int s = g.stride();
        return ((c * s + rh) * s + rw) * g.phaseRows() * g.phaseColumns();
    }

    /** Zeroes, in each of hs rows of ws, the columns a shift of q moved across a row edge. */
    private static void clearWrapped(float[] m, int at, int hs, int ws, int q) {
        if (q == 0) {
            return;
        }
        int width = Math.min(ws, Math.abs(q));
        int first = q < 0 ? 0 : ws - width;
        for (int oh = 0; oh < hs; oh++) {
            int row = at + oh * ws + first;
            for (int i = 0; i < width; i++) {
                m[row + i] = 0f;
            }
        }
    }

    /** dst[d + i] += src[s + i] for i in [0, count): a loop the JIT vectorises. */
    private static void addRun(float[] src, int s, float[] dst, int d, int count) {
        for (int i = 0; i < count; i++) {
            dst[d + i] += src[s + i];
        }
    }

    /**
     * phase plane (c, rh, rw), stored row pi and column pj, = b[c][S (pi + qMin) + rh]
     * [S (pj + firstColumn) + rw], or 0 where that is outside the image. The margins are
     * zeroed too (a wrapped run may read them).
     */
    static void split(ConvGeometry g, float[] image, float[] phase) {
        if (g.exactTiling()) {
            splitExact(g, image, phase);
            return;
        }
        int s = g.stride();
        int hb = g.hb();
        int wb = g.wb();
        int ph = g.phaseRows();
        int pw = g.phaseColumns();
        int qMin = g.qMin();
        int first = g.phaseFirstColumn();
        int margin = g.phaseMargin();
        Arrays.fill(phase, 0, margin, 0f);
        int end = (int) g.phaseImage();
        Arrays.fill(phase, end - margin, end, 0f);
        int at = margin;
        for (int c = 0; c < g.cb(); c++) {
            int plane = c * hb * wb;
            for (int rh = 0; rh < s; rh++) {
                for (int rw = 0; rw < s; rw++) {
                    // stored columns pj whose x = S (pj + first) + rw lies in [0, wb)
                    int lo = Math.max(0, -first);
                    int hi = Math.min(pw, Math.floorDiv(wb - 1 - rw, s) - first + 1);
                    for (int pi = 0; pi < ph; pi++, at += pw) {
                        int y = s * (pi + qMin) + rh;
                        if (y < 0 || y >= hb || lo >= hi) {
                            Arrays.fill(phase, at, at + pw, 0f);
                            continue;
                        }
                        int row = plane + y * wb + s * first + rw;
                        Arrays.fill(phase, at, at + lo, 0f);
                        for (int pj = lo; pj < hi; pj++) {
                            phase[at + pj] = image[row + s * pj];
                        }
                        Arrays.fill(phase, at + Math.max(lo, hi), at + pw, 0f);
                    }
                }
            }
        }
    }

    /**
     * image[c][y][x] = bias[c] + the phase plane value at (y, x), or just the bias where that
     * position is beyond the stored planes (rows or columns no tap reaches).
     */
    static void join(ConvGeometry g, float[] phase, float[] image, MemorySegment bias) {
        if (g.exactTiling()) {
            joinExact(g, phase, image, bias);
            return;
        }
        int s = g.stride();
        int hb = g.hb();
        int wb = g.wb();
        int ph = g.phaseRows();
        int pw = g.phaseColumns();
        int qMin = g.qMin();
        int first = g.phaseFirstColumn();
        int margin = g.phaseMargin();
        boolean withBias = bias.address() != 0;
        for (int c = 0; c < g.cb(); c++) {
            float start = withBias ? bias.getAtIndex(JAVA_FLOAT, c) : 0f;
            int plane = c * hb * wb;
            for (int y = 0; y < hb; y++) {
                int pi = y / s - qMin;
                int row = plane + y * wb;
                if (pi >= ph) {
                    Arrays.fill(image, row, row + wb, start);
                    continue;
                }
                for (int rw = 0; rw < s; rw++) {
                    int src = margin + planeStart(g, c, y % s, rw) + pi * pw - first;
                    int end = Math.min(wb, rw + s * (pw + first));
                    int x = rw;
                    for (int j = 0; x < end; j++, x += s) {
                        image[row + x] = start + phase[src + j];
                    }
                    for (; x < wb; x += s) {
                        image[row + x] = start;
                    }
                }
            }
        }
    }

    /**
     * {@link #split} with exact tiling: each image row y feeds row y div S of the S planes
     * (y mod S, rw), element x going to plane x mod S; the row is read once, in order. Stride 2
     * (every strided DCGAN layer) has its own loop.
     */
    private static void splitExact(ConvGeometry g, float[] image, float[] phase) {
        int s = g.stride();
        int hb = g.hb();
        int ws = g.ws();
        int ph = g.phaseRows();
        int qMin = g.qMin();
        int margin = g.phaseMargin();
        int planeSize = ph * ws;
        Arrays.fill(phase, 0, margin, 0f);
        int end = (int) g.phaseImage();
        Arrays.fill(phase, end - margin, end, 0f);
        for (int c = 0; c < g.cb(); c++) {
            for (int rh = 0; rh < s; rh++) {
                int planes = margin + planeStart(g, c, rh, 0);
                for (int pi = 0; pi < ph; pi++) {
                    int y = s * (pi + qMin) + rh;
                    int at = planes + pi * ws;
                    if (y < 0 || y >= hb) {
                        for (int rw = 0; rw < s; rw++) {
                            Arrays.fill(phase, at + rw * planeSize, at + rw * planeSize + ws, 0f);
                        }
                        continue;
                    }
                    int row = (c * hb + y) * g.wb();
                    if (s == 2) {
                        int odd = at + planeSize;
                        for (int j = 0; j < ws; j++) {
                            phase[at + j] = image[row + 2 * j];
                            phase[odd + j] = image[row + 2 * j + 1];
                        }
                    } else {
                        for (int j = 0; j < ws; j++) {
                            for (int rw = 0; rw < s; rw++) {
                                phase[at + rw * planeSize + j] = image[row + s * j + rw];
                            }
                        }
                    }
                }
            }
        }
    }

    /** {@link #join} with exact tiling: image rows written once, in order. */
    private static void joinExact(ConvGeometry g, float[] phase, float[] image,
                                  MemorySegment bias) {
        int s = g.stride();
        int hb = g.hb();
        int ws = g.ws();
        int planeSize = g.phaseRows() * ws;
        int qMin = g.qMin();
        int margin = g.phaseMargin();
        boolean withBias = bias.address() != 0;
        for (int c = 0; c < g.cb(); c++) {
            float start = withBias ? bias.getAtIndex(JAVA_FLOAT, c) : 0f;
            for (int y = 0; y < hb; y++) {
                int at = margin + planeStart(g, c, y % s, 0) + (y / s - qMin) * ws;
                int row = (c * hb + y) * g.wb();
                if (s == 2) {
                    int odd = at + planeSize;
                    for (int j = 0; j < ws; j++) {
                        image[row + 2 * j] = start + phase[at + j];
                        image[row + 2 * j + 1] = start + phase[odd + j];
                    }
                } else {
                    for (int j = 0; j < ws; j++) {
                        for (int rw = 0; rw < s; rw++) {
                            image[row + s * j + rw] = start + phase[at + rw * planeSize + j];
                        }
                    }
                }
            }
        }
    }
}
