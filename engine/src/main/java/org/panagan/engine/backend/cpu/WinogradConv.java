package org.panagan.engine.backend.cpu;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * The three convolution kernels of {@link ConvKernels} for the DCGAN's strided layers (kernel
 * 4, stride 2, pad 1, big side exactly twice the small side, small side even), by Winograd's
 * minimal filtering F(m x m, 2 x 2): (m+1)^2 multiplications per m x m output tile where the
 * direct sum needs 4 m^2, so the products shrink to 36/64 (m = 2, {@link Winograd2Tiles}) or
 * 25/64 (m = 4, {@link Winograd4Tiles}), for the price of the tile transforms.
 *
 * <p>Two steps make a strided 4x4 convolution a 2x2 one. First, space to depth: split each
 * big-side channel c into its four phase planes (u, v), Z[c, u, v][i, j] = b[c, 2i+1+u,
 * 2j+1+v] for i, j = -1 .. hs-1 (zero in the padding). Then tap (kh, kw) = (2t+u, 2w+v) of the
 * 4x4 kernel reads plane (u, v) at (oh - 1 + t, ow - 1 + w): the layer is a stride-1 2x2
 * convolution over cb' = 4 cb channels with weight g[o, (c, u, v), t, w] = W[o, c, 2t+u, 2w+v].
 * Second, F(m, 2) in each direction: an m x m output tile reads an (m+1) x (m+1) tile of the
 * planes, and each point xi of the transformed tile makes one product over all tiles T of a
 * group of images:
 * <pre>
 *   forward (gatherSmall)   M_xi [cs, T]  = U_xi [cs, cb'] . V_xi [cb', T]
 *   backward (scatterBig)   dV_xi [cb', T] = U_xi^T . dM_xi [cs, T]
 *   weight                  dU_xi [cs, cb'] += dM_xi [cs, T] . V_xi^T
 * </pre>
 * with U = G g G^T, V = B^T d B, the small side's tile to M by A^T (forward) or from it by A
 * (the adjoint, backward and weight), and dg = G^T dU G. Each pass runs as three parallel
 * loops per group of images: the transform into the tiles (one task per block of channels,
 * over all the group's images), the products (each split in blocks, a fixed number of
 * tasks), the transform out of the tiles (one task per image). The group is sized
 * so that its transformed tiles stay in cache, but never narrower than 256 tiles, below which
 * sgemm slows down more than the cache saves. The phase planes are never stored: the
 * transforms read and write the image in place.
 *
 * <p>m = 4 where the small side divides into at least 16 tiles of 4x4 (the DCGAN's 16x16
 * small sides, D2 and G4), m = 2 elsewhere; {@link #MIN_F4_TILES_PER_IMAGE} says why.
 *
 * <p>Every sum has a fixed order that does not depend on the thread count: tile overlaps add
 * in tile order, the weight gradient adds groups in order.
 */
final class WinogradConv {

    /**
     * Whether F(4x4, 2x2) is used where it applies (the default); false
     * ({@code -Dpanagan.cpu.winograd4=false}) keeps every layer on F(2x2, 2x2), for comparing.
     */
    static final boolean F4_ENABLED =
            Boolean.parseBoolean(System.getProperty("panagan.cpu.winograd4", "true"));
    /**
     * 4x4 tiles an image needs for F(4x4, 2x2): the 16x16 small sides (D2, G4) gain a third
     * of their time; the 8x8 ones (D3, G3; 4 tiles an image) measured no faster (within 5%
     * either way per pass), their groups of 64 images (256 tiles) holding 20 MiB of
     * transformed tiles, more than the cache keeps, so they keep the simpler F(2x2, 2x2).
     */
    static final int MIN_F4_TILES_PER_IMAGE = 16;
    /**
     * Blocks each product is split into: with 9 or 25 points, 18 or 50 tasks share 2 cores
     * evenly. The forward and backward products split their columns (tiles), which keeps every
     * row of the small weight matrix in one call (measured on one core, 128 x 256 x 128 ran at
     * 86 GFLOP/s where 64 x 256 x 256 ran at 79); the weight gradient, whose columns are
     * channels, splits its rows.
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
     * of two at the DCGAN's shapes, and the values a tile writes (or reads) fall into the
     * same cache sets and evict each other; measured, the transforms ran 2 to 3 times slower.
     */
    static final int POINT_PAD = 32;
    /** Channels per task of the tile transforms (each task covers every image of a group). */
    static final int CHANNELS_PER_TASK = 8;
    /** Output channels per task of the weight transforms. */
    private static final int WEIGHT_ROWS_PER_TASK = 16;

    private static final WinogradTiles F2 = new Winograd2Tiles();
    private static final WinogradTiles F4 = new Winograd4Tiles();

    private final CpuWorkers workers;
    private final Scratch scratch;
    private final long groupFloats;
    private final int minColumns;
    private final int minFourTiles;

    WinogradConv(CpuWorkers workers, Scratch scratch) {
        this(workers, scratch, GROUP_FLOATS, ConvGeometry.MIN_GEMM_COLUMNS,
                F4_ENABLED ? MIN_F4_TILES_PER_IMAGE : Integer.MAX_VALUE);
    }

    /**
     * With other limits than the defaults (tests reach several groups and both tilings):
     * minColumns is also the fewest 4x4 tiles a batch needs for F(4x4, 2x2), minFourTiles the
     * fewest an image needs (Integer.MAX_VALUE keeps every geometry on F(2x2, 2x2)).
     */
    WinogradConv(CpuWorkers workers, Scratch scratch, long groupFloats, int minColumns,
                 int minFourTiles) {
        this.workers = workers;
        this.scratch = scratch;
        this.groupFloats = groupFloats;
        this.minColumns = minColumns;
        this.minFourTiles = minFourTiles;
    }

    /**
     * True for the geometries this class computes: the strided 4x4 layers with an even small
     * side and enough channels, whose transformed weights fit one Java array (and so int
     * indices); wider layers stay on im2col.
     */
    static boolean suits(ConvGeometry g) {
        return g.k() == 4 && g.stride() == 2 && g.pad() == 1 && g.exactTiling()
                && g.hs() % 2 == 0 && g.ws() % 2 == 0 && g.hs() > 0 && g.ws() > 0
                && g.cb() >= MIN_BIG_CHANNELS && fits(g, F2);
    }

    private static boolean fits(ConvGeometry g, WinogradTiles scheme) {
        return scheme.points() * pointStride(g.cs(), phaseChannels(g)) <= Scratch.MAX_ARRAY;
    }

    /** The tiling for g: F(4x4, 2x2) where it applies and gains, else F(2x2, 2x2). */
    WinogradTiles schemeFor(ConvGeometry g) {
        long perImage = (long) (g.hs() / 4) * (g.ws() / 4);
        boolean useFour = g.hs() % 4 == 0 && g.ws() % 4 == 0 && fits(g, F4)
                && perImage >= minFourTiles && g.n() * perImage >= minColumns;
        return useFour ? F4 : F2;
    }

    /** Floats of scratch this class needs for {@code g}. */
    Scratch.Needs needs(ConvGeometry g) {
        WinogradTiles scheme = schemeFor(g);
        int tiles = imagesPerGroup(g, scheme) * tilesPerImage(g, scheme);
        // The big-side image with one zero row after it (transformBig), or a small-side image.
        long image = Math.max(g.bigImage() + g.wb(), g.smallImage());
        int points = scheme.points();
        // The transforms' own per-worker scratch goes in the phase region, unused here.
        return new Scratch.Needs(image, scheme.tileScratch(g), 0, 0, 0, 0, 0,
                points * pointStride(phaseChannels(g), tiles),
                points * pointStride(g.cs(), tiles),
                points * pointStride(g.cs(), phaseChannels(g)));
    }

    // ---------------------------------------------------------------------------------------
    // The three kernels
    // ---------------------------------------------------------------------------------------

    /** s = conv(b) + bias (bias may be NULL); overwrites s. */
    void gatherSmall(ConvGeometry g, MemorySegment b, MemorySegment wm, MemorySegment bias,
                     MemorySegment s) {
        WinogradTiles scheme = schemeFor(g);
        throughTiles(g, scheme, wm, true,
                (n, col0, tiles, c0, c1, mine) -> transformBig(g, scheme, b, n,
                        scratch.winogradBig(), col0, tiles, c0, c1, mine),
                (n, col0, tiles, c0, c1, mine) -> untransformSmall(g, scheme,
                        scratch.winogradSmall(), col0, tiles, bias, s, n, c0, c1, mine));
    }

    /** b = conv^T(s) + bias (bias may be NULL); overwrites b. */
    void scatterBig(ConvGeometry g, MemorySegment s, MemorySegment wm, MemorySegment bias,
                    MemorySegment b) {
        WinogradTiles scheme = schemeFor(g);
        throughTiles(g, scheme, wm, false,
                (n, col0, tiles, c0, c1, mine) -> transformSmall(g, scheme, s, n,
                        scratch.winogradSmall(), col0, tiles, c0, c1, mine),
                (n, col0, tiles, c0, c1, mine) -> untransformBig(g, scheme,
                        scratch.winogradBig(), col0, tiles, bias, b, n, c0, c1, mine));
    }

    /**
     * One image's channels c0 .. c1-1 in or out of a group's tiles: image n, its tiles at
     * columns col0 .. of tiles.
     */
    @FunctionalInterface
    private interface ImageStep {
        void run(int n, int col0, int tiles, int c0, int c1, Scratch.Worker mine);
    }

    /**
     * Runs a transform into the tiles over every image of a group, one task per block of
     * channels. A point's matrix row holds one channel's tiles of every image of the group
     * side by side; tasks that owned images rather than channels would share the cache lines
     * where one image's tiles end and the next one's begin (at D4, 4 tiles an image), and
     * measured, they wrote the transforms up to 2.5 times slower.
     */
    private void intoTiles(int first, int images, int perImage, int tiles, int channels,
                           ImageStep step) {
        workers.run(ConvKernels.ceilDiv(channels, CHANNELS_PER_TASK), (t, w) -> {
            Scratch.Worker mine = scratch.worker(w);
            int c0 = t * CHANNELS_PER_TASK;
            int c1 = Math.min(channels, c0 + CHANNELS_PER_TASK);
            for (int k = 0; k < images; k++) {
                step.run(first + k, k * perImage, tiles, c0, c1, mine);
            }
        });
    }

    /**
     * Runs a transform out of the tiles, one task per image: each writes only its own image
     * (channel blocks measured no faster here).
     */
    private void outOfTiles(int first, int images, int perImage, int tiles, int channels,
                            ImageStep step) {
        workers.run(images, (t, w) -> step.run(first + t, t * perImage, tiles, 0, channels,
                scratch.worker(w)));
    }

    /**
     * The forward and backward passes: the weights transformed once, then per group of images
     * the input side's tiles, the products (M = U V toward the small side, dV = U^T dM toward
     * the big side), and the output side's tiles.
     */
    private void throughTiles(ConvGeometry g, WinogradTiles scheme, MemorySegment wm,
                              boolean toSmall, ImageStep in, ImageStep out) {
        scratch.reserve(needs(g));
        transformWeight(g, scheme, wm, scratch.winogradWeight());
        int cs = g.cs();
        int cp = phaseChannels(g);
        int perImage = tilesPerImage(g, scheme);
        int inChannels = toSmall ? g.cb() : cs;
        int outChannels = toSmall ? cs : g.cb();
        forEachGroup(g, scheme, (first, images, tiles) -> {
            intoTiles(first, images, perImage, tiles, inChannels, in);
            MemorySegment u = MemorySegment.ofArray(scratch.winogradWeight());
            MemorySegment v = MemorySegment.ofArray(scratch.winogradBig());
            MemorySegment m = MemorySegment.ofArray(scratch.winogradSmall());
            int points = scheme.points();
            workers.run(points * BLOCKS, (t, w) -> {
                // Consecutive tasks, which the threads take at the same time, are different
                // points: two column blocks of one point would share the cache line where
                // they meet in every row.
                int xi = t % points;
                int c0 = ConvKernels.blockStart(tiles, BLOCKS, t / points);
                int c1 = ConvKernels.blockStart(tiles, BLOCKS, t / points + 1);
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
            outOfTiles(first, images, perImage, tiles, outChannels, out);
        });
    }

    /** dWm = sum over images of s_n . im2col(b_n)^T; overwrites dWm, or adds with accumulate. */
    void weight(ConvGeometry g, MemorySegment s, MemorySegment b, MemorySegment dwm,
                boolean accumulate) {
        scratch.reserve(needs(g));
        WinogradTiles scheme = schemeFor(g);
        float[] du = scratch.winogradWeight();
        int cs = g.cs();
        int cp = phaseChannels(g);
        int perImage = tilesPerImage(g, scheme);
        forEachGroup(g, scheme, (first, images, tiles) -> {
            float[] v = scratch.winogradBig();
            float[] m = scratch.winogradSmall();
            // Both sides' tiles in one parallel loop: the big side's channel blocks first.
            int bigBlocks = ConvKernels.ceilDiv(g.cb(), CHANNELS_PER_TASK);
            int smallBlocks = ConvKernels.ceilDiv(cs, CHANNELS_PER_TASK);
            workers.run(bigBlocks + smallBlocks, (t, w) -> {
                Scratch.Worker mine = scratch.worker(w);
                boolean big = t < bigBlocks;
                int c0 = (big ? t : t - bigBlocks) * CHANNELS_PER_TASK;
                int c1 = Math.min(big ? g.cb() : cs, c0 + CHANNELS_PER_TASK);
                for (int k = 0; k < images; k++) {
                    if (big) {
                        transformBig(g, scheme, b, first + k, v, k * perImage, tiles, c0, c1,
                                mine);
                    } else {
                        transformSmall(g, scheme, s, first + k, m, k * perImage, tiles, c0, c1,
                                mine);
                    }
                }
            });
            float beta = first > 0 ? 1 : 0;
            workers.run(scheme.points() * BLOCKS, (t, w) -> {
                int xi = t / BLOCKS;
                int r0 = ConvKernels.blockStart(cs, BLOCKS, t % BLOCKS);
                int r1 = ConvKernels.blockStart(cs, BLOCKS, t % BLOCKS + 1);
                Sgemm.gemm(false, true, r1 - r0, cp, tiles, 1f,
                        MemorySegment.ofArray(m), xi * pointStride(cs, tiles) + (long) r0 * tiles,
                        tiles, MemorySegment.ofArray(v), xi * pointStride(cp, tiles), tiles, beta,
                        MemorySegment.ofArray(du), xi * pointStride(cs, cp) + (long) r0 * cp, cp);
            });
        });
        untransformWeight(g, scheme, du, dwm, accumulate);
    }

    // ---------------------------------------------------------------------------------------
    // Groups of images
    // ---------------------------------------------------------------------------------------

    @FunctionalInterface
    private interface GroupBody {
        void run(int first, int images, int tiles);
    }

    /** Splits the batch into equal groups that fit the group budget, in order. */
    private void forEachGroup(ConvGeometry g, WinogradTiles scheme, GroupBody body) {
        int perGroup = imagesPerGroup(g, scheme);
        int perImage = tilesPerImage(g, scheme);
        int groups = ConvKernels.ceilDiv(g.n(), perGroup);
        int first = 0;
        for (int k = 0; k < groups; k++) {
            int images = (int) ((long) g.n() * (k + 1) / groups) - first;
            body.run(first, images, images * perImage);
            first += images;
        }
    }

    /**
     * Images per group: as many as keep the group's transformed tiles within the budget, but
     * at least enough for {@link ConvGeometry#MIN_GEMM_COLUMNS} tiles, since narrower
     * products lose more than the cache gains (layers with 4x4 small sides).
     */
    int imagesPerGroup(ConvGeometry g) {
        return imagesPerGroup(g, schemeFor(g));
    }

    private int imagesPerGroup(ConvGeometry g, WinogradTiles scheme) {
        int perImageTiles = tilesPerImage(g, scheme);
        long perImage = (long) scheme.points() * perImageTiles * (phaseChannels(g) + g.cs());
        long forCache = groupFloats / perImage;
        long forWidth = ConvKernels.ceilDiv(minColumns, perImageTiles);
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

    static int tilesPerImage(ConvGeometry g, WinogradTiles scheme) {
        return g.hs() / scheme.size() * (g.ws() / scheme.size());
    }

    // ---------------------------------------------------------------------------------------
    // Weights
    // ---------------------------------------------------------------------------------------

    /** U [points, cs, cb'] = G g G^T for every (o, c') from Wm [cs, cb, 4, 4]. */
    private void transformWeight(ConvGeometry g, WinogradTiles scheme, MemorySegment wm,
                                 float[] u) {
        int cb = g.cb();
        int cp = phaseChannels(g);
        int point = (int) pointStride(g.cs(), cp);
        forEachWeightRow(g, (o, rowAt, row, mine) -> {
            MemorySegment.copy(wm, JAVA_FLOAT, rowAt, row, 0, cb * WinogradTiles.TAPS);
            scheme.transformWeight(row, cb, u, o * cp, point, mine.phase);
        });
    }

    /** dWm (+)= G^T dU G for every (o, c'), written back to the [cs, cb, 4, 4] layout. */
    private void untransformWeight(ConvGeometry g, WinogradTiles scheme, float[] du,
                                   MemorySegment dwm, boolean accumulate) {
        int cb = g.cb();
        int cp = phaseChannels(g);
        int point = (int) pointStride(g.cs(), cp);
        forEachWeightRow(g, (o, rowAt, row, mine) -> {
            if (accumulate) {
                MemorySegment.copy(dwm, JAVA_FLOAT, rowAt, row, 0, cb * WinogradTiles.TAPS);
            } else {
                Arrays.fill(row, 0, cb * WinogradTiles.TAPS, 0f);
            }
            scheme.untransformWeight(du, o * cp, point, cb, row, mine.phase);
            MemorySegment.copy(row, 0, dwm, JAVA_FLOAT, rowAt, cb * WinogradTiles.TAPS);
        });
    }

    /** One output channel's weights: channel o at byte rowAt of Wm, row a worker's array. */
    @FunctionalInterface
    private interface WeightRow {
        void run(int o, long rowAt, float[] row, Scratch.Worker mine);
    }

    /** Every output channel of the weights, in parallel blocks of rows. */
    private void forEachWeightRow(ConvGeometry g, WeightRow body) {
        int cs = g.cs();
        long rowBytes = (long) g.cb() * WinogradTiles.TAPS * Float.BYTES;
        workers.run(ConvKernels.ceilDiv(cs, WEIGHT_ROWS_PER_TASK), (task, worker) -> {
            Scratch.Worker mine = scratch.worker(worker);
            int first = task * WEIGHT_ROWS_PER_TASK;
            for (int o = first; o < Math.min(cs, first + WEIGHT_ROWS_PER_TASK); o++) {
                body.run(o, o * rowBytes, mine.image, mine);
            }
        });
    }

    // ---------------------------------------------------------------------------------------
    // Images in and out of the tiles
    // ---------------------------------------------------------------------------------------

    /** Channels c0 .. c1-1 of image n of the big side into the tiles at col0. */
    private static void transformBig(ConvGeometry g, WinogradTiles scheme, MemorySegment b,
                                     int n, float[] v, int col0, int tiles, int c0, int c1,
                                     Scratch.Worker mine) {
        float[] image = mine.image;
        int plane = g.hb() * g.wb();
        MemorySegment.copy(b, JAVA_FLOAT, (n * g.bigImage() + (long) c0 * plane) * Float.BYTES,
                image, c0 * plane, (c1 - c0) * plane);
        int zeroRow = (int) g.bigImage();
        Arrays.fill(image, zeroRow, zeroRow + g.wb(), 0f);
        scheme.transformBig(g, image, zeroRow, v, col0, tiles, c0, c1, mine.phase);
    }

    /** Channels c0 .. c1-1 of image n of the big side from the tiles at col0, plus bias. */
    private static void untransformBig(ConvGeometry g, WinogradTiles scheme, float[] v,
                                       int col0, int tiles, MemorySegment bias, MemorySegment b,
                                       int n, int c0, int c1, Scratch.Worker mine) {
        float[] image = mine.image;
        int plane = g.hb() * g.wb();
        int spareRow = (int) g.bigImage();
        Arrays.fill(image, c0 * plane, c1 * plane, 0f);
        Arrays.fill(image, spareRow, spareRow + g.wb(), 0f);
        scheme.untransformBig(g, v, col0, tiles, image, spareRow, c0, c1, mine.phase);
        if (bias.address() != 0) {
            for (int c = c0; c < c1; c++) {
                float channelBias = bias.getAtIndex(JAVA_FLOAT, c);
                for (int i = c * plane; i < (c + 1) * plane; i++) {
                    image[i] += channelBias;
                }
            }
        }
        MemorySegment.copy(image, c0 * plane, b, JAVA_FLOAT,
                (n * g.bigImage() + (long) c0 * plane) * Float.BYTES, (c1 - c0) * plane);
    }

    /** Channels c0 .. c1-1 of image n of the small side into the tiles at col0. */
    private static void transformSmall(ConvGeometry g, WinogradTiles scheme, MemorySegment s,
                                       int n, float[] m, int col0, int tiles, int c0, int c1,
                                       Scratch.Worker mine) {
        float[] image = mine.image;
        int plane = g.hs() * g.ws();
        MemorySegment.copy(s, JAVA_FLOAT,
                (n * g.smallImage() + (long) c0 * plane) * Float.BYTES, image, c0 * plane,
                (c1 - c0) * plane);
        scheme.transformSmall(g, image, m, col0, tiles, c0, c1, mine.phase);
    }

    /** Channels c0 .. c1-1 of image n of the small side from the tiles at col0, with bias. */
    private static void untransformSmall(ConvGeometry g, WinogradTiles scheme, float[] m,
                                         int col0, int tiles, MemorySegment bias,
                                         MemorySegment s, int n, int c0, int c1,
                                         Scratch.Worker mine) {
        float[] image = mine.image;
        int plane = g.hs() * g.ws();
        scheme.untransformSmall(g, m, col0, tiles, c0, c1, bias, image, mine.phase);
        MemorySegment.copy(image, c0 * plane, s, JAVA_FLOAT,
                (n * g.smallImage() + (long) c0 * plane) * Float.BYTES, (c1 - c0) * plane);
    }
}
