package org.panagan.engine.backend.cpu;

import java.lang.foreign.MemorySegment;

/**
 * The tile transforms of one Winograd algorithm F(m x m, 2 x 2) for {@link WinogradConv}: the
 * stride-1 2x2 convolution over phase planes computed in m x m output tiles, each read from an
 * (m+1) x (m+1) input tile and made of {@link #points()} products.
 *
 * <p>Layouts, shared by every implementation: a point's matrix holds one row per channel and
 * one column per tile of the group ({@code tiles} columns; image n's tiles start at
 * {@code col0}, in raster order); consecutive points' matrices are {@code point} floats apart.
 * Point xi = a (m+1) + b is row point a and column point b of the transformed tile. The
 * big side is read and written as the image itself (phase row r of plane u is image row
 * 2r-1+u, phase column q of plane v is image column 2q-1+v), with one zero row after the
 * image standing for the rows -1 and hb of the padding; columns -1 and wb are branches.
 */
interface WinogradTiles {

    /** Weights per (output, input) channel pair: the 4 x 4 taps. */
    int TAPS = 16;

    /**
     * Where tap (2t+u, 2w+v) of input channel c sits in an output channel's [cb, 4, 4] row
     * for (t, w) = (0, 0); +2, +8 and +10 are the other three taps of phase channel (u, v),
     * uv = 2u + v.
     */
    static int firstTap(int c, int uv) {
        return c * TAPS + (uv >> 1) * 4 + (uv & 1);
    }

    /**
     * Where image row y of the channel starting at {@code channel} begins, or {@code padding}
     * (a zero or spare row after the image) for the padding rows -1 and hb.
     */
    static int imageRow(ConvGeometry g, int channel, int y, int padding) {
        return y >= 0 && y < g.hb() ? channel + y * g.wb() : padding;
    }

    /** Output tile side m. */
    int size();

    /** Products per tile: (m+1)^2. */
    default int points() {
        return (size() + 1) * (size() + 1);
    }

    /**
     * U = G g G^T for output channel o: {@code row} holds its [cb, 4, 4] weights, written to
     * U at {@code base} + c' for the phase channels c' = 4c + 2u + v.
     */
    void transformWeight(float[] row, int cb, float[] u, int base, int point, float[] tile);

    /** The adjoint: G^T dU G of output channel o, added into its [cb, 4, 4] row. */
    void untransformWeight(float[] du, int base, int point, int cb, float[] row,
                           float[] tile);

    /**
     * V = B^T d B: the tiles of big-side channels c0 .. c1-1 of one image (only those need be
     * in {@code image}), for their phase channels.
     */
    void transformBig(ConvGeometry g, float[] image, int zeroRow, float[] v, int col0,
                      int tiles, int c0, int c1, float[] tile);

    /**
     * The adjoint of {@link #transformBig}: B dV B^T of every tile added into big-side channels
     * c0 .. c1-1 of the zeroed image; rows -1 and hb go to the spare row after the image,
     * columns -1 and wb nowhere.
     */
    void untransformBig(ConvGeometry g, float[] v, int col0, int tiles, float[] image,
                        int spareRow, int c0, int c1, float[] tile);

    /** dM = A ds A^T: the output tiles of small-side channels c0 .. c1-1 of one image. */
    void transformSmall(ConvGeometry g, float[] image, float[] m, int col0, int tiles, int c0,
                        int c1, float[] tile);

    /** Small-side channels c0 .. c1-1 of one image = A^T M A per tile, plus their bias. */
    void untransformSmall(ConvGeometry g, float[] m, int col0, int tiles, int c0, int c1,
                          MemorySegment bias, float[] image, float[] tile);

    /** Floats of the per-worker scratch ({@code tile}) the transforms use for g. */
    long tileScratch(ConvGeometry g);
}
