package org.panagan.engine.backend.cpu;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * F(4x4, 2x2): 25 products per 4x4 output tile, 25/64 of the direct sum's multiplications
 * (F(2x2, 2x2) needs 36/64), from Toom-Cook at the points 0, 1, -1, 2 and infinity:
 * <pre>
 *   B^T (input)   p0 = 2d0 - d1 - 2d2 + d3     p1 = -2d1 - d2 + d3     p2 = 2d1 - 3d2 + d3
 *                 p3 = d3 - d1                 p4 = 2d1 - d2 - 2d3 + d4
 *   G (filter)    (g0 / 2, -(g0 + g1) / 2, (g1 - g0) / 6, (g0 + 2 g1) / 6, g1)
 *   A^T (output)  y0 = m0 + m1 + m2 + m3       y1 = m1 - m2 + 2 m3
 *                 y2 = m1 + m2 + 4 m3          y3 = m1 - m2 + 8 m3 + m4
 * </pre>
 * The data transforms have small integer entries (exact but for the additions' rounding);
 * the fractions are all in G, applied once per weight. Measured on random data in float32
 * against double, the worst error over 512-channel sums was about 1e-6 of the sum of |terms|,
 * seven times that of F(2x2, 2x2) and ten times under the tests' tolerance.
 *
 * <p>Each transform runs in two passes through a small scratch. The big side reads the image in
 * place: tile row ty of planes (u, .) reads image rows 8ty-1+u+2a (a = 0 .. 4), transformed
 * down for every column at once (a loop over contiguous floats), and tile tx then reads
 * columns 8tx-1+v, +2, .., +8 of those rows for plane v. Measured at D2's shape on one core,
 * that ran about 7% faster than transforming each 5x10 block of a tile on its own (about 90 us
 * an image forward, 105 for the adjoint).
 */
final class Winograd4Tiles implements WinogradTiles {

    private static final float HALF = 0.5f;
    private static final float SIXTH = 1f / 6;

    @Override
    public int size() {
        return 4;
    }

    @Override
    public long tileScratch(ConvGeometry g) {
        // Five rows of the big side, columns -1 .. wb; at least what the small side and the
        // weights use (5 x 4 and 2 x 5).
        return Math.max(5L * (g.wb() + 2), 5 * 4);
    }

    // ---------------------------------------------------------------------------------------
    // The one-dimensional transforms, each writing five values step apart
    // ---------------------------------------------------------------------------------------

    private static void inputTransform(float d0, float d1, float d2, float d3, float d4,
                                       float[] out, int at, int step) {
        out[at] = 2 * d0 - d1 - 2 * d2 + d3;
        out[at + step] = d3 - 2 * d1 - d2;
        out[at + 2 * step] = 2 * d1 - 3 * d2 + d3;
        out[at + 3 * step] = d3 - d1;
        out[at + 4 * step] = 2 * d1 - d2 - 2 * d3 + d4;
    }

    /**
     * The transpose of {@link #inputTransform}: B applied to five transformed values, added
     * into every second float from {@code at} (one plane's columns of a tile).
     */
    private static void addInputAdjoint(float v0, float v1, float v2, float v3, float v4,
                                        float[] out, int at) {
        out[at] += 2 * v0;
        out[at + 2] += 2 * (v2 - v1 + v4) - v0 - v3;
        out[at + 4] += -2 * v0 - v1 - 3 * v2 - v4;
        out[at + 6] += v0 + v1 + v2 + v3 - 2 * v4;
        out[at + 8] += v4;
    }

    private static void filterTransform(float g0, float g1, float[] out, int at, int step) {
        out[at] = HALF * g0;
        out[at + step] = -HALF * (g0 + g1);
        out[at + 2 * step] = SIXTH * (g1 - g0);
        out[at + 3 * step] = SIXTH * (g0 + 2 * g1);
        out[at + 4 * step] = g1;
    }

    /** The adjoint of A^T: one output column's four values to the five points. */
    private static void outputAdjoint(float s0, float s1, float s2, float s3, float[] out,
                                      int at, int step) {
        out[at] = s0;
        out[at + step] = s0 + s1 + s2 + s3;
        out[at + 2 * step] = s0 - s1 + s2 - s3;
        out[at + 3 * step] = s0 + 2 * s1 + 4 * s2 + 8 * s3;
        out[at + 4 * step] = s3;
    }

    // ---------------------------------------------------------------------------------------
    // Weights
    // ---------------------------------------------------------------------------------------

    @Override
    public void transformWeight(float[] row, int cb, float[] u, int base, int point,
                                float[] tile) {
        for (int c = 0; c < cb; c++) {
            for (int uv = 0; uv < 4; uv++) {
                // Tap (2t+u, 2w+v) of channel c: (t, w) = (0, 0) here, +2 and +8 below.
                int at = WinogradTiles.firstTap(c, uv);
                // G along w for t = 0 (tile[0..4]) and t = 1 (tile[5..9]), then along t.
                filterTransform(row[at], row[at + 2], tile, 0, 1);
                filterTransform(row[at + 8], row[at + 10], tile, 5, 1);
                int out = base + c * 4 + uv;
                for (int b = 0; b < 5; b++) {
                    filterTransform(tile[b], tile[5 + b], u, out + b * point, 5 * point);
                }
            }
        }
    }

    @Override
    public void untransformWeight(float[] du, int base, int point, int cb, float[] row,
                                  float[] tile) {
        for (int c = 0; c < cb; c++) {
            for (int uv = 0; uv < 4; uv++) {
                int in = base + c * 4 + uv;
                // G^T along the column points b for each row point a (w = 0 into tile[a],
                // w = 1 into tile[5 + a]), then along a.
                for (int a = 0; a < 5; a++) {
                    int p = in + a * 5 * point;
                    float d0 = du[p];
                    float d1 = du[p + point];
                    float d2 = du[p + 2 * point];
                    float d3 = du[p + 3 * point];
                    float d4 = du[p + 4 * point];
                    tile[a] = filterAdjoint0(d0, d1, d2, d3);
                    tile[5 + a] = filterAdjoint1(d1, d2, d3, d4);
                }
                int at = WinogradTiles.firstTap(c, uv);
                row[at] += filterAdjoint0(tile[0], tile[1], tile[2], tile[3]);
                row[at + 2] += filterAdjoint0(tile[5], tile[6], tile[7], tile[8]);
                row[at + 8] += filterAdjoint1(tile[1], tile[2], tile[3], tile[4]);
                row[at + 10] += filterAdjoint1(tile[6], tile[7], tile[8], tile[9]);
            }
        }
    }

    /** Tap 0 of G^T (d0 .. d4): G's first column (1/2, -1/2, -1/6, 1/6, 0). */
    private static float filterAdjoint0(float d0, float d1, float d2, float d3) {
        return HALF * (d0 - d1) + SIXTH * (d3 - d2);
    }

    /** Tap 1 of G^T (d0 .. d4): G's second column (0, -1/2, 1/6, 1/3, 1). */
    private static float filterAdjoint1(float d1, float d2, float d3, float d4) {
        return SIXTH * (d2 + 2 * d3) - HALF * d1 + d4;
    }

    // ---------------------------------------------------------------------------------------
    // Big side
    // ---------------------------------------------------------------------------------------

    @Override
    public void transformBig(ConvGeometry g, float[] image, int zeroRow, float[] v, int col0,
                             int tiles, int c0, int c1, float[] rows) {
        int hb = g.hb();
        int wb = g.wb();
        int span = wb + 2;
        int tileRows = g.hs() / 4;
        int tileCols = g.ws() / 4;
        int point = (int) WinogradConv.pointStride(4 * g.cb(), tiles);
        clearEdges(rows, span);
        for (int c = c0; c < c1; c++) {
            int channel = c * hb * wb;
            for (int u = 0; u < 2; u++) {
                int plane0 = (c * 4 + u * 2) * tiles + col0;
                for (int ty = 0; ty < tileRows; ty++) {
                    int y = 8 * ty - 1 + u;
                    int row0 = WinogradTiles.imageRow(g, channel, y, zeroRow);
                    int row1 = channel + (y + 2) * wb;
                    int row2 = channel + (y + 4) * wb;
                    int row3 = channel + (y + 6) * wb;
                    int row4 = WinogradTiles.imageRow(g, channel, y + 8, zeroRow);
                    // B^T down the five rows, for every column of the image at once ...
                    for (int x = 0; x < wb; x++) {
                        float d0 = image[row0 + x];
                        float d1 = image[row1 + x];
                        float d2 = image[row2 + x];
                        float d3 = image[row3 + x];
                        float d4 = image[row4 + x];
                        rows[1 + x] = 2 * d0 - d1 - 2 * d2 + d3;
                        rows[span + 1 + x] = d3 - 2 * d1 - d2;
                        rows[2 * span + 1 + x] = 2 * d1 - 3 * d2 + d3;
                        rows[3 * span + 1 + x] = d3 - d1;
                        rows[4 * span + 1 + x] = 2 * d1 - d2 - 2 * d3 + d4;
                    }
                    // ... then along each tile's columns: plane v of tile tx reads image
                    // columns 8tx-1+v, +2, .., +8, at 8tx+v, .. in the rows.
                    int out0 = plane0 + ty * tileCols;
                    for (int tx = 0; tx < tileCols; tx++) {
                        for (int pv = 0; pv < 2; pv++) {
                            int out = out0 + pv * tiles + tx;
                            for (int a = 0; a < 5; a++) {
                                int r = a * span + 8 * tx + pv;
                                inputTransform(rows[r], rows[r + 2], rows[r + 4], rows[r + 6],
                                        rows[r + 8], v, out + a * 5 * point, point);
                            }
                        }
                    }
                }
            }
        }
    }

    @Override
    public void untransformBig(ConvGeometry g, float[] v, int col0, int tiles, float[] image,
                               int spareRow, int c0, int c1, float[] rows) {
        int hb = g.hb();
        int wb = g.wb();
        int span = wb + 2;
        int tileRows = g.hs() / 4;
        int tileCols = g.ws() / 4;
        int point = (int) WinogradConv.pointStride(4 * g.cb(), tiles);
        for (int c = c0; c < c1; c++) {
            int channel = c * hb * wb;
            for (int u = 0; u < 2; u++) {
                int plane0 = (c * 4 + u * 2) * tiles + col0;
                for (int ty = 0; ty < tileRows; ty++) {
                    int y = 8 * ty - 1 + u;
                    int row0 = WinogradTiles.imageRow(g, channel, y, spareRow);
                    int row1 = channel + (y + 2) * wb;
                    int row2 = channel + (y + 4) * wb;
                    int row3 = channel + (y + 6) * wb;
                    int row4 = WinogradTiles.imageRow(g, channel, y + 8, spareRow);
                    // B along each tile's columns, added into the rows (neighbouring tiles
                    // share two columns) ...
                    Arrays.fill(rows, 0, 5 * span, 0f);
                    int in0 = plane0 + ty * tileCols;
                    for (int tx = 0; tx < tileCols; tx++) {
                        for (int pv = 0; pv < 2; pv++) {
                            int in = in0 + pv * tiles + tx;
                            for (int a = 0; a < 5; a++) {
                                int p = in + a * 5 * point;
                                addInputAdjoint(v[p], v[p + point], v[p + 2 * point],
                                        v[p + 3 * point], v[p + 4 * point], rows,
                                        a * span + 8 * tx + pv);
                            }
                        }
                    }
                    // ... then down the rows, every column at once, added into the image
                    // (columns -1 and wb, at 0 and wb+1 in the rows, are dropped).
                    for (int x = 0; x < wb; x++) {
                        float v0 = rows[1 + x];
                        float v1 = rows[span + 1 + x];
                        float v2 = rows[2 * span + 1 + x];
                        float v3 = rows[3 * span + 1 + x];
                        float v4 = rows[4 * span + 1 + x];
                        image[row0 + x] += 2 * v0;
                        image[row1 + x] += 2 * (v2 - v1 + v4) - v0 - v3;
                        image[row2 + x] += -2 * v0 - v1 - 3 * v2 - v4;
                        image[row3 + x] += v0 + v1 + v2 + v3 - 2 * v4;
                        image[row4 + x] += v4;
                    }
                }
            }
        }
    }

    /** Zeroes the padding columns -1 and wb of the five scratch rows, which stay zero. */
    private static void clearEdges(float[] rows, int span) {
        for (int a = 0; a < 5; a++) {
            rows[a * span] = 0f;
            rows[a * span + span - 1] = 0f;
        }
    }

    // ---------------------------------------------------------------------------------------
    // Small side
    // ---------------------------------------------------------------------------------------

    @Override
    public void transformSmall(ConvGeometry g, float[] image, float[] m, int col0, int tiles,
                               int c0, int c1, float[] tile) {
        int hs = g.hs();
        int ws = g.ws();
        int tileRows = hs / 4;
        int tileCols = ws / 4;
        int point = (int) WinogradConv.pointStride(g.cs(), tiles);
        for (int o = c0; o < c1; o++) {
            int channel = o * hs * ws;
            int base = o * tiles + col0;
            for (int ty = 0; ty < tileRows; ty++) {
                int y0 = channel + 4 * ty * ws;
                int out0 = base + ty * tileCols;
                for (int tx = 0; tx < tileCols; tx++) {
                    int x = y0 + 4 * tx;
                    // A down each of the four columns, then along the five rows of points.
                    for (int j = 0; j < 4; j++) {
                        outputAdjoint(image[x + j], image[x + ws + j], image[x + 2 * ws + j],
                                image[x + 3 * ws + j], tile, j, 4);
                    }
                    int out = out0 + tx;
                    for (int a = 0; a < 5; a++) {
                        outputAdjoint(tile[4 * a], tile[4 * a + 1], tile[4 * a + 2],
                                tile[4 * a + 3], m, out + a * 5 * point, point);
                    }
                }
            }
        }
    }

    @Override
    public void untransformSmall(ConvGeometry g, float[] m, int col0, int tiles,
                                 int c0, int c1, MemorySegment bias, float[] image, float[] tile) {
        int hs = g.hs();
        int ws = g.ws();
        int tileRows = hs / 4;
        int tileCols = ws / 4;
        int point = (int) WinogradConv.pointStride(g.cs(), tiles);
        for (int o = c0; o < c1; o++) {
            float channelBias = bias.address() == 0 ? 0f : bias.getAtIndex(JAVA_FLOAT, o);
            int channel = o * hs * ws;
            int base = o * tiles + col0;
            for (int ty = 0; ty < tileRows; ty++) {
                int y0 = channel + 4 * ty * ws;
                int in0 = base + ty * tileCols;
                for (int tx = 0; tx < tileCols; tx++) {
                    int in = in0 + tx;
                    // A^T along each row of points (tile[a][j]), then down the columns.
                    for (int a = 0; a < 5; a++) {
                        int p = in + a * 5 * point;
                        float m0 = m[p];
                        float m1 = m[p + point];
                        float m2 = m[p + 2 * point];
                        float m3 = m[p + 3 * point];
                        float m4 = m[p + 4 * point];
                        tile[4 * a] = m0 + m1 + m2 + m3;
                        tile[4 * a + 1] = m1 - m2 + 2 * m3;
                        tile[4 * a + 2] = m1 + m2 + 4 * m3;
                        tile[4 * a + 3] = m1 - m2 + 8 * m3 + m4;
                    }
                    int x = y0 + 4 * tx;
                    for (int j = 0; j < 4; j++) {
                        float m0 = tile[j];
                        float m1 = tile[4 + j];
                        float m2 = tile[8 + j];
                        float m3 = tile[12 + j];
                        float m4 = tile[16 + j];
                        image[x + j] = m0 + m1 + m2 + m3 + channelBias;
                        image[x + ws + j] = m1 - m2 + 2 * m3 + channelBias;
                        image[x + 2 * ws + j] = m1 + m2 + 4 * m3 + channelBias;
                        image[x + 3 * ws + j] = m1 - m2 + 8 * m3 + m4 + channelBias;
                    }
                }
            }
        }
    }
}
