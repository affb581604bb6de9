package org.panagan.engine.backend.cpu;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import java.lang.foreign.MemorySegment;

/**
 * F(2x2, 2x2): 9 products per 2x2 output tile, 36/64 of the direct sum's multiplications,
 * with transforms of 0 and +-1 only (no rounding but that of the additions):
 * <pre>
 *   input  d (3 values)  ->  (d0 - d1, d1, d2 - d1)        B^T
 *   filter g (2 values)  ->  (g0, g0 + g1, g1)              G
 *   output m (3 values)  ->  (m0 + m1, m1 + m2)             A^T
 * </pre>
 * Hand-unrolled: a 2x2 output tile at (2ty, 2tx) reads the 3x3 input tile at phase rows
 * 2ty-1 .. 2ty+1, that is image rows 4ty-1+u+2a, and image columns 4tx-1 .. 4tx+4 for both
 * planes v at once.
 */
final class Winograd2Tiles implements WinogradTiles {


    @Override
    public int size() {
        return 2;
    }

    @Override
    public long tileScratch(ConvGeometry g) {
        return 0;
    }

    @Override
    public void transformWeight(float[] row, int cb, float[] u, int out, int point,
                                float[] tile) {
        for (int c = 0; c < cb; c++) {
            for (int uv = 0; uv < 4; uv++) {
                // Tap (2t+u, 2w+v) of channel c: (t, w) = (0, 0) here, +2 and +8 below.
                int at = WinogradTiles.firstTap(c, uv);
                float g00 = row[at];
                float g01 = row[at + 2];
                float g10 = row[at + 8];
                float g11 = row[at + 10];
                int base = out + c * 4 + uv;
                // Rows (g0, g0 + g1, g1), then the same along the columns.
                float s0 = g00 + g10;
                float s1 = g01 + g11;
                u[base] = g00;
                u[base + point] = g00 + g01;
                u[base + 2 * point] = g01;
                u[base + 3 * point] = s0;
                u[base + 4 * point] = s0 + s1;
                u[base + 5 * point] = s1;
                u[base + 6 * point] = g10;
                u[base + 7 * point] = g10 + g11;
                u[base + 8 * point] = g11;
            }
        }
    }

    @Override
    public void untransformWeight(float[] du, int in, int point, int cb, float[] row,
                                  float[] tile) {
        for (int c = 0; c < cb; c++) {
            for (int uv = 0; uv < 4; uv++) {
                int base = in + c * 4 + uv;
                float d00 = du[base];
                float d01 = du[base + point];
                float d02 = du[base + 2 * point];
                float d10 = du[base + 3 * point];
                float d11 = du[base + 4 * point];
                float d12 = du[base + 5 * point];
                float d20 = du[base + 6 * point];
                float d21 = du[base + 7 * point];
                float d22 = du[base + 8 * point];
                // G^T along the rows (h_t = d_t + d_t+1), then along the columns.
                float h00 = d00 + d10;
                float h01 = d01 + d11;
                float h02 = d02 + d12;
                float h10 = d10 + d20;
                float h11 = d11 + d21;
                float h12 = d12 + d22;
                int at = WinogradTiles.firstTap(c, uv);
                row[at] += h00 + h01;
                row[at + 2] += h01 + h02;
                row[at + 8] += h10 + h11;
                row[at + 10] += h11 + h12;
            }
        }
    }

    @Override
    public void transformBig(ConvGeometry g, float[] image, int zeroRow, float[] v, int col0,
                             int tiles, int c0, int c1, float[] tile) {
        int hb = g.hb();
        int wb = g.wb();
        int tileRows = g.hs() / 2;
        int tileCols = g.ws() / 2;
        int last = tileCols - 1;
        int point = (int) WinogradConv.pointStride(4 * g.cb(), tiles);
        for (int c = c0; c < c1; c++) {
            int channel = c * hb * wb;
            for (int u = 0; u < 2; u++) {
                int plane0 = (c * 4 + u * 2) * tiles + col0;
                for (int ty = 0; ty < tileRows; ty++) {
                    int y = 4 * ty - 1 + u;
                    int top = WinogradTiles.imageRow(g, channel, y, zeroRow);
                    int middle = channel + (y + 2) * wb;
                    int bottom = WinogradTiles.imageRow(g, channel, y + 4, zeroRow);
                    int out0 = plane0 + ty * tileCols;
                    int out1 = out0 + tiles;
                    for (int tx = 0; tx < tileCols; tx++) {
                        int x = 4 * tx - 1;
                        // B^T down the rows, for the six columns x .. x+5 ...
                        float m0 = tx == 0 ? 0f : image[middle + x];
                        float m1 = image[middle + x + 1];
                        float m2 = image[middle + x + 2];
                        float m3 = image[middle + x + 3];
                        float m4 = image[middle + x + 4];
                        float m5 = tx == last ? 0f : image[middle + x + 5];
                        float t0 = (tx == 0 ? 0f : image[top + x]) - m0;
                        float t1 = image[top + x + 1] - m1;
                        float t2 = image[top + x + 2] - m2;
                        float t3 = image[top + x + 3] - m3;
                        float t4 = image[top + x + 4] - m4;
                        float t5 = (tx == last ? 0f : image[top + x + 5]) - m5;
                        float b0 = (tx == 0 ? 0f : image[bottom + x]) - m0;
                        float b1 = image[bottom + x + 1] - m1;
                        float b2 = image[bottom + x + 2] - m2;
                        float b3 = image[bottom + x + 3] - m3;
                        float b4 = image[bottom + x + 4] - m4;
                        float b5 = (tx == last ? 0f : image[bottom + x + 5]) - m5;
                        // ... then along them: plane v = 0 reads columns x, x+2, x+4, v = 1
                        // reads x+1, x+3, x+5.
                        int at = out0 + tx;
                        v[at] = t0 - t2;
                        v[at + point] = t2;
                        v[at + 2 * point] = t4 - t2;
                        v[at + 3 * point] = m0 - m2;
                        v[at + 4 * point] = m2;
                        v[at + 5 * point] = m4 - m2;
                        v[at + 6 * point] = b0 - b2;
                        v[at + 7 * point] = b2;
                        v[at + 8 * point] = b4 - b2;
                        at = out1 + tx;
                        v[at] = t1 - t3;
                        v[at + point] = t3;
                        v[at + 2 * point] = t5 - t3;
                        v[at + 3 * point] = m1 - m3;
                        v[at + 4 * point] = m3;
                        v[at + 5 * point] = m5 - m3;
                        v[at + 6 * point] = b1 - b3;
                        v[at + 7 * point] = b3;
                        v[at + 8 * point] = b5 - b3;
                    }
                }
            }
        }
    }

    @Override
    public void untransformBig(ConvGeometry g, float[] v, int col0, int tiles, float[] image,
                               int spareRow, int c0, int c1, float[] tile) {
        int hb = g.hb();
        int wb = g.wb();
        int tileRows = g.hs() / 2;
        int tileCols = g.ws() / 2;
        int last = tileCols - 1;
        int point = (int) WinogradConv.pointStride(4 * g.cb(), tiles);
        for (int c = c0; c < c1; c++) {
            int channel = c * hb * wb;
            for (int u = 0; u < 2; u++) {
                int plane0 = (c * 4 + u * 2) * tiles + col0;
                for (int ty = 0; ty < tileRows; ty++) {
                    int y = 4 * ty - 1 + u;
                    int top = WinogradTiles.imageRow(g, channel, y, spareRow);
                    int middle = channel + (y + 2) * wb;
                    int bottom = WinogradTiles.imageRow(g, channel, y + 4, spareRow);
                    int in0 = plane0 + ty * tileCols;
                    int in1 = in0 + tiles;
                    for (int tx = 0; tx < tileCols; tx++) {
                        int x = 4 * tx - 1;
                        // B along the columns of both planes: (d0, d1 - d0 - d2, d2) ...
                        int at = in0 + tx;
                        float a0 = v[at];
                        float a2 = v[at + 2 * point];
                        float t0 = a0;
                        float t2 = v[at + point] - a0 - a2;
                        float t4 = a2;
                        a0 = v[at + 3 * point];
                        a2 = v[at + 5 * point];
                        float m0 = a0;
                        float m2 = v[at + 4 * point] - a0 - a2;
                        float m4 = a2;
                        a0 = v[at + 6 * point];
                        a2 = v[at + 8 * point];
                        float b0 = a0;
                        float b2 = v[at + 7 * point] - a0 - a2;
                        float b4 = a2;
                        at = in1 + tx;
                        a0 = v[at];
                        a2 = v[at + 2 * point];
                        float t1 = a0;
                        float t3 = v[at + point] - a0 - a2;
                        float t5 = a2;
                        a0 = v[at + 3 * point];
                        a2 = v[at + 5 * point];
                        float m1 = a0;
                        float m3 = v[at + 4 * point] - a0 - a2;
                        float m5 = a2;
                        a0 = v[at + 6 * point];
                        a2 = v[at + 8 * point];
                        float b1 = a0;
                        float b3 = v[at + 7 * point] - a0 - a2;
                        float b5 = a2;
                        // ... then down the rows (d0, d1 - d0 - d2, d2), added into the image.
                        if (tx > 0) {
                            image[top + x] += t0;
                            image[middle + x] += m0 - t0 - b0;
                            image[bottom + x] += b0;
                        }
                        image[top + x + 1] += t1;
                        image[top + x + 2] += t2;
                        image[top + x + 3] += t3;
                        image[top + x + 4] += t4;
                        image[middle + x + 1] += m1 - t1 - b1;
                        image[middle + x + 2] += m2 - t2 - b2;
                        image[middle + x + 3] += m3 - t3 - b3;
                        image[middle + x + 4] += m4 - t4 - b4;
                        image[bottom + x + 1] += b1;
                        image[bottom + x + 2] += b2;
                        image[bottom + x + 3] += b3;
                        image[bottom + x + 4] += b4;
                        if (tx < last) {
                            image[top + x + 5] += t5;
                            image[middle + x + 5] += m5 - t5 - b5;
                            image[bottom + x + 5] += b5;
                        }
                    }
                }
            }
        }
    }

    @Override
    public void transformSmall(ConvGeometry g, float[] image, float[] m, int col0, int tiles,
                               int c0, int c1, float[] tile) {
        int cs = g.cs();
        int hs = g.hs();
        int ws = g.ws();
        int tileRows = hs / 2;
        int tileCols = ws / 2;
        int point = (int) WinogradConv.pointStride(cs, tiles);
        for (int o = c0; o < c1; o++) {
            int channel = o * hs * ws;
            int base = o * tiles + col0;
            for (int ty = 0; ty < tileRows; ty++) {
                int y0 = channel + 2 * ty * ws;
                int y1 = y0 + ws;
                int out = base + ty * tileCols;
                for (int tx = 0; tx < tileCols; tx++) {
                    float d00 = image[y0 + 2 * tx];
                    float d01 = image[y0 + 2 * tx + 1];
                    float d10 = image[y1 + 2 * tx];
                    float d11 = image[y1 + 2 * tx + 1];
                    float s0 = d00 + d10;
                    float s1 = d01 + d11;
                    int at = out + tx;
                    m[at] = d00;
                    m[at + point] = d00 + d01;
                    m[at + 2 * point] = d01;
                    m[at + 3 * point] = s0;
                    m[at + 4 * point] = s0 + s1;
                    m[at + 5 * point] = s1;
                    m[at + 6 * point] = d10;
                    m[at + 7 * point] = d10 + d11;
                    m[at + 8 * point] = d11;
                }
            }
        }
    }

    @Override
    public void untransformSmall(ConvGeometry g, float[] m, int col0, int tiles,
                                 int c0, int c1, MemorySegment bias, float[] image, float[] tile) {
        int cs = g.cs();
        int hs = g.hs();
        int ws = g.ws();
        int tileRows = hs / 2;
        int tileCols = ws / 2;
        int point = (int) WinogradConv.pointStride(cs, tiles);
        for (int o = c0; o < c1; o++) {
            float channelBias = bias.address() == 0 ? 0f : bias.getAtIndex(JAVA_FLOAT, o);
            int channel = o * hs * ws;
            int base = o * tiles + col0;
            for (int ty = 0; ty < tileRows; ty++) {
                int y0 = channel + 2 * ty * ws;
                int y1 = y0 + ws;
                int in = base + ty * tileCols;
                for (int tx = 0; tx < tileCols; tx++) {
                    int at = in + tx;
                    float m00 = m[at];
                    float m01 = m[at + point];
                    float m02 = m[at + 2 * point];
                    float m10 = m[at + 3 * point];
                    float m11 = m[at + 4 * point];
                    float m12 = m[at + 5 * point];
                    float m20 = m[at + 6 * point];
                    float m21 = m[at + 7 * point];
                    float m22 = m[at + 8 * point];
                    // A^T down the rows (m_a + m_a+1), then along the columns.
                    float p00 = m00 + m10;
                    float p01 = m01 + m11;
                    float p02 = m02 + m12;
                    float p10 = m10 + m20;
                    float p11 = m11 + m21;
                    float p12 = m12 + m22;
                    image[y0 + 2 * tx] = p00 + p01 + channelBias;
                    image[y0 + 2 * tx + 1] = p01 + p02 + channelBias;
                    image[y1 + 2 * tx] = p10 + p11 + channelBias;
                    image[y1 + 2 * tx + 1] = p11 + p12 + channelBias;
                }
            }
        }
    }
}
