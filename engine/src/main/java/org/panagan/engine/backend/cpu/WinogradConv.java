package org.panagan.engine.backend.cpu;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * The three convolution kernels of {@link ConvKernels} for the DCGAN's strided layers (kernel
 * 4, stride 2, pad 1, big side exactly twice the small side, small side even), by Winograd's
 * minimal filtering F(2x2, 2x2): 9 multiplications per 2x2 output tile where the direct sum
 * needs 16, so the products shrink to 9/16, for the price of the tile transforms (measured at
 * batch 64: products about two thirds of a pass, transforms the rest).
 *
 * <p>Two steps make a strided 4x4 convolution a 2x2 one. First, space to depth: split each
 * big-side channel c into its four phase planes (u, v), Z[c, u, v][i, j] = b[c, 2i+1+u,
 * 2j+1+v] for i, j = -1 .. hs-1 (zero in the padding). Then tap (kh, kw) = (2t+u, 2w+v) of the
 * 4x4 kernel reads plane (u, v) at (oh - 1 + t, ow - 1 + w): the layer is a stride-1 2x2
 * convolution over cb' = 4 cb channels with weight g[o, (c, u, v), t, w] = W[o, c, 2t+u, 2w+v].
 * Second, F(2, 2) in each direction, with transforms of 0 and +-1 only (no rounding but that of
 * the additions):
 * <pre>
 *   input  d (3 values)  ->  (d0 - d1, d1, d2 - d1)        B^T
 *   filter g (2 values)  ->  (g0, g0 + g1, g1)              G
 *   output m (3 values)  ->  (m0 + m1, m1 + m2)             A^T
 * </pre>
 * A 2x2 output tile at (2ty, 2tx) reads the 3x3 input tile at rows 2ty-1 .. 2ty+1 of the
 * planes; the nine points xi = (a, b) of the transformed tile each make one product over all
 * tiles T of a group of images:
 * <pre>
 *   forward (gatherSmall)   M_xi [cs, T]  = U_xi [cs, cb'] . V_xi [cb', T]
 *   backward (scatterBig)   dV_xi [cb', T] = U_xi^T . dM_xi [cs, T]
 *   weight                  dU_xi [cs, cb'] += dM_xi [cs, T] . V_xi^T
 * </pre>
 * with U = G g G^T, V = B^T d B, the small side's tile to M by A^T (forward) or from it by A
 * (the adjoint, backward and weight), and dg = G^T dU G. Each pass runs as three parallel
 * loops per group of images: transform (one task per image), the nine products (split in
 * blocks, a fixed number of tasks), inverse transform (one task per image). The group is sized
 * so that its transformed tiles stay in cache, but never narrower than 256 tiles, below which
 * sgemm slows down more than the cache saves. The phase planes are never stored: the
 * transforms read and write the image in place (see {@link #transformBig}).
 *
 * <p>Every sum has a fixed order that does not depend on the thread count: tile overlaps add
 * in tile order, the weight gradient adds groups in order.
 */
final class WinogradConv {

    /** Points of a transformed 3x3 tile: nine products per pass. */
    static final int POINTS = 9;
    /**
     * Blocks each of the nine products is split into: 18 tasks share 2 cores evenly. The
     * forward and backward products split their columns (tiles), which keeps every row of the
     * small weight matrix in one call (measured on one core, 128 x 256 x 128 ran at 86 GFLOP/s
     * where 64 x 256 x 256 ran at 79); the weight gradient, whose columns are channels, splits
     * its rows.
     */
    static final int BLOCKS = 2;
    /**
     * Floats of transformed tiles (both sides) per group of images: 4 MiB. This machine's L3
     * (32 MiB, shared with other tenants) streams at memory speed from about 16 MiB of data;
     * groups of 4 MiB read back what the transform wrote from cache. 2 to 32 MiB measured
     * within noise of each other on the forward pass.
     */
    static final long GROUP_FLOATS = 1L << 20;
    /**
     * Big-side channels below which the products are too thin to gain (the image layers,
     * 3 channels) and im2col stays.
     */
    static final int MIN_BIG_CHANNELS = 16;
    /**
     * Floats added between consecutive points' matrices. Without it their distance is a power
     * of two at the DCGAN's shapes, and the nine values a tile writes (or reads) fall into the
     * same cache sets and evict each other; measured, the transforms ran 2 to 3 times slower.
     */
    static final int POINT_PAD = 32;
    /** Weights per (output, input) channel pair: the 4 x 4 taps. */
    private static final int TAPS = 16;
    /** Output channels per task of the weight transforms. */
    private static final int WEIGHT_ROWS_PER_TASK = 16;

    private final CpuWorkers workers;
    private final Scratch scratch;
    private final long groupFloats;
    private final int minColumns;

    WinogradConv(CpuWorkers workers, Scratch scratch) {
        this(workers, scratch, GROUP_FLOATS, ConvGeometry.MIN_GEMM_COLUMNS);
    }

    /** With other group limits than the defaults (tests reach several groups). */
    WinogradConv(CpuWorkers workers, Scratch scratch, long groupFloats, int minColumns) {
        this.workers = workers;
        this.scratch = scratch;
        this.groupFloats = groupFloats;
        this.minColumns = minColumns;
    }

    /**
     * True for the geometries this class computes: the strided 4x4 layers with an even small
     * side and enough channels, whose transformed weights fit one Java array (and so int
     * indices); wider layers stay on im2col.
     */
    static boolean suits(ConvGeometry g) {
        return g.k() == 4 && g.stride() == 2 && g.pad() == 1 && g.exactTiling()
                && g.hs() % 2 == 0 && g.ws() % 2 == 0 && g.hs() > 0 && g.ws() > 0
                && g.cb() >= MIN_BIG_CHANNELS
                && POINTS * pointStride(g.cs(), phaseChannels(g)) <= Scratch.MAX_ARRAY;
    }

    /** Floats of scratch this class needs for {@code g}. */
    Scratch.Needs needs(ConvGeometry g) {
        int tiles = imagesPerGroup(g) * tilesPerImage(g);
        // The big-side image with one zero row after it (transformBig), or a small-side image.
        long image = Math.max(g.bigImage() + g.wb(), g.smallImage());
        return new Scratch.Needs(image, 0, 0, 0, 0, 0, 0,
                POINTS * pointStride(phaseChannels(g), tiles),
                POINTS * pointStride(g.cs(), tiles),
                POINTS * pointStride(g.cs(), phaseChannels(g)));
    }

    // ---------------------------------------------------------------------------------------
    // The three kernels
    // ---------------------------------------------------------------------------------------

    /** s = conv(b) + bias (bias may be NULL); overwrites s. */
    void gatherSmall(ConvGeometry g, MemorySegment b, MemorySegment wm, MemorySegment bias,
                     MemorySegment s) {
        throughTiles(g, wm, true,
                (n, col0, tiles, mine) -> transformBig(g, b, n, scratch.winogradBig(), col0,
                        tiles, mine),
                (n, col0, tiles, mine) -> untransformSmall(g, scratch.winogradSmall(), col0,
                        tiles, bias, s, n, mine));
    }

    /** b = conv^T(s) + bias (bias may be NULL); overwrites b. */
    void scatterBig(ConvGeometry g, MemorySegment s, MemorySegment wm, MemorySegment bias,
                    MemorySegment b) {
        throughTiles(g, wm, false,
                (n, col0, tiles, mine) -> transformSmall(g, s, n, scratch.winogradSmall(), col0,
                        tiles, mine),
                (n, col0, tiles, mine) -> untransformBig(g, scratch.winogradBig(), col0, tiles,
                        bias, b, n, mine));
    }

    /** One image's share of a group: image n, its tiles at columns col0 .. of tiles. */
    @FunctionalInterface
    private interface ImageStep {
        void run(int n, int col0, int tiles, Scratch.Worker mine);
    }

    /**
     * The forward and backward passes: the weights transformed once, then per group of images
     * the input side's tiles, the nine products (M = U V toward the small side, dV = U^T dM
     * toward the big side), and the output side's tiles.
     */
    private void throughTiles(ConvGeometry g, MemorySegment wm, boolean toSmall, ImageStep in,
                              ImageStep out) {
        scratch.reserve(needs(g));
        transformWeight(g, wm, scratch.winogradWeight());
        int cs = g.cs();
        int cp = phaseChannels(g);
        forEachGroup(g, (first, images, tiles) -> {
            workers.run(images, (t, w) -> in.run(first + t, t * tilesPerImage(g), tiles,
                    scratch.worker(w)));
            MemorySegment u = MemorySegment.ofArray(scratch.winogradWeight());
            MemorySegment v = MemorySegment.ofArray(scratch.winogradBig());
            MemorySegment m = MemorySegment.ofArray(scratch.winogradSmall());
            workers.run(POINTS * BLOCKS, (t, w) -> {
                int xi = t / BLOCKS;
                int c0 = ConvKernels.blockStart(tiles, BLOCKS, t % BLOCKS);
                int c1 = ConvKernels.blockStart(tiles, BLOCKS, t % BLOCKS + 1);
                long uAt = xi * pointStride(cs, cp);
                long vAt = xi * pointStride(cp, tiles) + c0;
                long mAt = xi * pointStride(cs, tiles) + c0;
                if (toSmall) {
                    Sgemm.gemm(false, false, cs, c1 - c0, cp, 1f, u, uAt, cp, v, vAt, tiles, 0f,
                            m, mAt, tiles);
                } else {
                    Sgemm.gemm(true, false, cp, c1 - c0, cs, 1f, u, uAt, cp, m, mAt, tiles, 0f,
                            v, vAt, tiles);
                }
            });
            workers.run(images, (t, w) -> out.run(first + t, t * tilesPerImage(g), tiles,
                    scratch.worker(w)));
        });
    }

    /** dWm = sum over images of s_n . im2col(b_n)^T; overwrites dWm, or adds with accumulate. */
    void weight(ConvGeometry g, MemorySegment s, MemorySegment b, MemorySegment dwm,
                boolean accumulate) {
        scratch.reserve(needs(g));
        float[] du = scratch.winogradWeight();
        int cs = g.cs();
        int cp = phaseChannels(g);
        forEachGroup(g, (first, images, tiles) -> {
            float[] v = scratch.winogradBig();
            float[] m = scratch.winogradSmall();
            workers.run(images, (t, w) -> {
                Scratch.Worker mine = scratch.worker(w);
                transformBig(g, b, first + t, v, t * tilesPerImage(g), tiles, mine);
                transformSmall(g, s, first + t, m, t * tilesPerImage(g), tiles, mine);
            });
            float beta = first > 0 ? 1 : 0;
            workers.run(POINTS * BLOCKS, (t, w) -> {
                int xi = t / BLOCKS;
                int r0 = ConvKernels.blockStart(cs, BLOCKS, t % BLOCKS);
                int r1 = ConvKernels.blockStart(cs, BLOCKS, t % BLOCKS + 1);
                Sgemm.gemm(false, true, r1 - r0, cp, tiles, 1f,
                        MemorySegment.ofArray(m), xi * pointStride(cs, tiles) + (long) r0 * tiles,
                        tiles, MemorySegment.ofArray(v), xi * pointStride(cp, tiles), tiles, beta,
                        MemorySegment.ofArray(du), xi * pointStride(cs, cp) + (long) r0 * cp, cp);
            });
        });
        untransformWeight(g, du, dwm, accumulate);
    }

    // ---------------------------------------------------------------------------------------
    // Groups of images
    // ---------------------------------------------------------------------------------------

    @FunctionalInterface
    private interface GroupBody {
        void run(int first, int images, int tiles);
    }

    /** Splits the batch into equal groups that fit the group budget, in order. */
    private void forEachGroup(ConvGeometry g, GroupBody body) {
        int perGroup = imagesPerGroup(g);
        int groups = ConvKernels.ceilDiv(g.n(), perGroup);
        int first = 0;
        for (int k = 0; k < groups; k++) {
            int images = (int) ((long) g.n() * (k + 1) / groups) - first;
            body.run(first, images, images * tilesPerImage(g));
            first += images;
        }
    }

    /**
     * Images per group: as many as keep the group's transformed tiles within the budget, but
     * at least enough for {@link ConvGeometry#MIN_GEMM_COLUMNS} tiles, since narrower
     * products lose more than the cache gains (layers with 4x4 small sides).
     */
    int imagesPerGroup(ConvGeometry g) {
        long perImage = (long) POINTS * tilesPerImage(g) * (phaseChannels(g) + g.cs());
        long forCache = groupFloats / perImage;
        long forWidth = ConvKernels.ceilDiv(minColumns, tilesPerImage(g));
        return (int) Math.max(1, Math.min(g.n(), Math.max(forCache, forWidth)));
    }

    /** Floats from one point's [rows, columns] matrix to the next's. */
    static long pointStride(int rows, int columns) {
        return (long) rows * columns + POINT_PAD;
    }

    /** Channels of the stride-1 convolution: four phase planes per big-side channel. */
    static int phaseChannels(ConvGeometry g) {
        return 4 * g.cb();
    }

    static int tilesPerImage(ConvGeometry g) {
        return g.hs() / 2 * (g.ws() / 2);
    }

    // ---------------------------------------------------------------------------------------
    // Weights
    // ---------------------------------------------------------------------------------------

    /** U [9, cs, cb'] = G g G^T for every (o, c') from Wm [cs, cb, 4, 4]. */
    private void transformWeight(ConvGeometry g, MemorySegment wm, float[] u) {
        int cs = g.cs();
        int cb = g.cb();
        int cp = phaseChannels(g);
        int point = (int) pointStride(cs, cp);
        workers.run(ConvKernels.ceilDiv(cs, WEIGHT_ROWS_PER_TASK), (task, worker) -> {
            float[] row = scratch.worker(worker).image;
            int first = task * WEIGHT_ROWS_PER_TASK;
            for (int o = first; o < Math.min(cs, first + WEIGHT_ROWS_PER_TASK); o++) {
                MemorySegment.copy(wm, JAVA_FLOAT, (long) o * cb * TAPS * Float.BYTES, row, 0,
                        cb * TAPS);
                for (int c = 0; c < cb; c++) {
                    for (int uv = 0; uv < 4; uv++) {
                        // Tap (2t+u, 2w+v) of channel c: (t, w) = (0, 0) here, +2 and +8 below.
                        int at = c * TAPS + (uv >> 1) * 4 + (uv & 1);
                        float g00 = row[at];
                        float g01 = row[at + 2];
                        float g10 = row[at + 8];
                        float g11 = row[at + 10];
                        int base = o * cp + c * 4 + uv;
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
        });
    }

    /** dWm (+)= G^T dU G for every (o, c'), written back to the [cs, cb, 4, 4] layout. */
    private void untransformWeight(ConvGeometry g, float[] du, MemorySegment dwm,
                                   boolean accumulate) {
        int cs = g.cs();
        int cb = g.cb();
        int cp = phaseChannels(g);
        int point = (int) pointStride(cs, cp);
        workers.run(ConvKernels.ceilDiv(cs, WEIGHT_ROWS_PER_TASK), (task, worker) -> {
            float[] row = scratch.worker(worker).image;
            int first = task * WEIGHT_ROWS_PER_TASK;
            for (int o = first; o < Math.min(cs, first + WEIGHT_ROWS_PER_TASK); o++) {
                long rowAt = (long) o * cb * TAPS * Float.BYTES;
                if (accumulate) {
                    MemorySegment.copy(dwm, JAVA_FLOAT, rowAt, row, 0, cb * TAPS);
                } else {
                    Arrays.fill(row, 0, cb * TAPS, 0f);
                }
                for (int c = 0; c < cb; c++) {
                    for (int uv = 0; uv < 4; uv++) {
                        int base = o * cp + c * 4 + uv;
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
                        int at = c * TAPS + (uv >> 1) * 4 + (uv & 1);
                        row[at] += h00 + h01;
                        row[at + 2] += h01 + h02;
                        row[at + 8] += h10 + h11;
                        row[at + 10] += h11 + h12;
                    }
                }
                MemorySegment.copy(row, 0, dwm, JAVA_FLOAT, rowAt, cb * TAPS);
            }
        });
    }

    // ---------------------------------------------------------------------------------------
    // Big side: phase planes and their 3x3 tiles
    // ---------------------------------------------------------------------------------------

    /**
     * V: the transformed input tiles of image n, written at tile columns col0 .. of a group of
     * {@code tiles} columns ([9, cb', tiles]).
     *
     * <p>Worked on the image itself rather than on split planes: phase row r of plane u is
     * image row 2r-1+u, so tile row ty of the planes (u, .) reads image rows 4ty-1+u+2a
     * (a = 0, 1, 2); phase column q of plane v is image column 2q-1+v, so tile tx reads
     * columns 4tx-1+v+2b. One pass over a tile row reads those three rows and six columns per
     * tile and writes the tile of both planes v = 0, 1: B^T down the rows, then along the
     * columns. The padding is a zero row kept after the image (rows -1 and hb) and two
     * branches per tile (column -1 of the first tile, column wb of the last).
     */
    private static void transformBig(ConvGeometry g, MemorySegment b, int n, float[] v,
                                     int col0, int tiles, Scratch.Worker mine) {
        float[] image = mine.image;
        ConvKernels.readImage(g, b, n, image);
        int hb = g.hb();
        int wb = g.wb();
        int zeroRow = (int) g.bigImage();
        Arrays.fill(image, zeroRow, zeroRow + wb, 0f);
        int tileRows = g.hs() / 2;
        int tileCols = g.ws() / 2;
        int last = tileCols - 1;
        int point = (int) pointStride(phaseChannels(g), tiles);
        for (int c = 0; c < g.cb(); c++) {
            int channel = c * hb * wb;
            for (int u = 0; u < 2; u++) {
                int plane0 = (c * 4 + u * 2) * tiles + col0;
                for (int ty = 0; ty < tileRows; ty++) {
                    int y = 4 * ty - 1 + u;
                    int top = y >= 0 ? channel + y * wb : zeroRow;
                    int middle = channel + (y + 2) * wb;
                    int bottom = y + 4 < hb ? channel + (y + 4) * wb : zeroRow;
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

    /**
     * The adjoint of {@link #transformBig}: the tiles B dV B^T of image n added into the
     * zeroed image (tiles overlap by two image rows and columns), then each channel's bias,
     * then the image written into b. What falls in the padding is dropped: rows -1 and hb go
     * to a scratch row after the image, columns -1 and wb are not written.
     */
    private static void untransformBig(ConvGeometry g, float[] v, int col0, int tiles,
                                       MemorySegment bias, MemorySegment b, int n,
                                       Scratch.Worker mine) {
        float[] image = mine.image;
        int hb = g.hb();
        int wb = g.wb();
        int spareRow = (int) g.bigImage();
        Arrays.fill(image, 0, spareRow + wb, 0f);
        int tileRows = g.hs() / 2;
        int tileCols = g.ws() / 2;
        int last = tileCols - 1;
        int point = (int) pointStride(phaseChannels(g), tiles);
        for (int c = 0; c < g.cb(); c++) {
            int channel = c * hb * wb;
            for (int u = 0; u < 2; u++) {
                int plane0 = (c * 4 + u * 2) * tiles + col0;
                for (int ty = 0; ty < tileRows; ty++) {
                    int y = 4 * ty - 1 + u;
                    int top = y >= 0 ? channel + y * wb : spareRow;
                    int middle = channel + (y + 2) * wb;
                    int bottom = y + 4 < hb ? channel + (y + 4) * wb : spareRow;
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
            if (bias.address() != 0) {
                float channelBias = bias.getAtIndex(JAVA_FLOAT, c);
                for (int i = channel; i < channel + hb * wb; i++) {
                    image[i] += channelBias;
                }
            }
        }
        ConvKernels.writeImage(g, image, b, n);
    }

    // ---------------------------------------------------------------------------------------
    // Small side: 2x2 tiles
    // ---------------------------------------------------------------------------------------

    /** dM = A ds A^T for every 2x2 tile of image n of s ([9, cs, tiles]). */
    private static void transformSmall(ConvGeometry g, MemorySegment s, int n, float[] m,
                                       int col0, int tiles, Scratch.Worker mine) {
        float[] image = mine.image;
        int cs = g.cs();
        int hs = g.hs();
        int ws = g.ws();
        MemorySegment.copy(s, JAVA_FLOAT, n * g.smallImage() * Float.BYTES, image, 0,
                (int) g.smallImage());
        int tileRows = hs / 2;
        int tileCols = ws / 2;
        int point = (int) pointStride(cs, tiles);
        for (int o = 0; o < cs; o++) {
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

    /** Image n of s = A^T M A per tile, plus the bias of its channel. */
    private static void untransformSmall(ConvGeometry g, float[] m, int col0, int tiles,
                                         MemorySegment bias, MemorySegment s, int n,
                                         Scratch.Worker mine) {
        float[] image = mine.image;
        int cs = g.cs();
        int hs = g.hs();
        int ws = g.ws();
        int tileRows = hs / 2;
        int tileCols = ws / 2;
        int point = (int) pointStride(cs, tiles);
        for (int o = 0; o < cs; o++) {
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
        MemorySegment.copy(image, 0, s, JAVA_FLOAT, n * g.smallImage() * Float.BYTES,
                (int) g.smallImage());
    }
}
