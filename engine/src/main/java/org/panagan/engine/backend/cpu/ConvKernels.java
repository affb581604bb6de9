package org.panagan.engine.backend.cpu;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import java.lang.foreign.MemorySegment;

/**
 * The six convolution passes as three GEMM-based kernels over a {@link ConvGeometry} (big side
 * b, small side s, weight matrix Wm [cs, cb*K*K]); letters as there, plus G for the images
 * stacked into one product and HWs = hs * ws.
 * <pre>
 *   gatherSmall   s = Wm . im2col(b)         conv forward, transposed backward-data
 *   scatterBig    b = col2im(Wm^T . s)       conv backward-data, transposed forward
 *   weight        Wm (+)= sum_n s_n . im2col(b_n)^T   both backward-weights
 * </pre>
 * im2col(b) is [cb*K*K, HWs]: row (c, kh, kw), column (oh, ow) holds
 * b[c, oh*S - P + kh, ow*S - P + kw], or 0 where that falls in the padding. col2im is its
 * adjoint: each big-side element sums the column entries that came from it. Neither ever
 * multiplies the zeros a stride-2 transposed convolution would have between its inputs if it
 * were written as a convolution of a dilated input: scatterBig multiplies only real inputs
 * (its product has exactly one term per weight and input pair) and col2im adds the results.
 *
 * <p>im2col goes through the image's S*S phase planes ({@link PhasePlanes}), which turns the
 * K*K strided gathers per element into one strided split and K*K unit-stride copies; col2im
 * is the same in reverse. The matrices live in Java arrays ({@link Scratch}).
 *
 * <p>The strided layers of the DCGAN (kernel 4, stride 2, pad 1, at least 16 big-side
 * channels) go to {@link WinogradConv} instead, which needs 9/16 of the multiplications; the
 * image layers (3 channels) and every other geometry stay here.
 *
 * <p>Work split. gatherSmall and scatterBig give each task G images (enough for a product of
 * {@link ConvGeometry#MIN_GEMM_COLUMNS} columns; G = 1 from 16x16 planes up), and the task
 * builds its im2col in its thread's scratch, multiplies and writes its images: everything a
 * task touches stays in that core's cache. The weight gradient sums over images, so it
 * proceeds in groups: the group's im2col is built in shared scratch in parallel (one task per
 * image), then the product is split by column blocks of Wm, each block one sgemm over the
 * whole group (beta = 1 after the first group); a Wm too narrow for that (the image layers,
 * 48 columns) is split along the sum instead, each task adding into its own partial matrix, the
 * partials added in task order at the end. No task depends on the thread count, so the
 * result does not either; every sum runs in a fixed order.
 */
public final class ConvKernels {

    /** Images per product when im2col is the identity (dense geometry). */
    static final int DENSE_IMAGES_PER_TASK = 16;
    /** Column blocks the weight gradient's product is split into (a multiple of the threads
     *  of the machines we target, so both cores get equal shares). */
    static final int WEIGHT_BLOCKS = 4;
    /** Column blocks start on multiples of this, the width of OpenBLAS's packed panels. */
    static final int WEIGHT_BLOCK_ALIGN = 16;

    /**
     * Whether the strided layers go through {@link WinogradConv} (the default); false
     * ({@code -Dpanagan.cpu.winograd=false}) keeps every layer on im2col, for comparing the two.
     */
    static final boolean WINOGRAD = Boolean.parseBoolean(
            System.getProperty("panagan.cpu.winograd", "true"));

    private final CpuWorkers workers;
    private final Scratch scratch;
    private final WinogradConv winograd;

    public ConvKernels(CpuWorkers workers, Scratch scratch) {
        this.workers = workers;
        this.scratch = scratch;
        this.winograd = new WinogradConv(workers, scratch);
    }

    /** Grows the scratch to what every pass of {@code g} needs. */
    public void reserve(ConvGeometry g) {
        scratch.reserve(byWinograd(g) ? winograd.needs(g) : g.scratchNeeds());
    }

    private static boolean byWinograd(ConvGeometry g) {
        return WINOGRAD && g.n() > 0 && WinogradConv.suits(g);
    }

    // ---------------------------------------------------------------------------------------
    // The three kernels
    // ---------------------------------------------------------------------------------------

    /** s [N, cs, hs, ws] = Wm . im2col(b) + bias[cs] (bias may be NULL). Overwrites s. */
    public void gatherSmall(ConvGeometry g, MemorySegment b, MemorySegment wm,
                            MemorySegment bias, MemorySegment s) {
        if (byWinograd(g)) {
            winograd.gatherSmall(g, b, wm, bias, s);
            return;
        }
        if (g.dense()) {
            workers.run(ceilDiv(g.n(), DENSE_IMAGES_PER_TASK),
                    (t, w) -> gatherSmallDense(g, b, wm, bias, s, t));
            return;
        }
        reserve(g);
        int images = g.imagesPerGemm();
        workers.run(ceilDiv(g.n(), images), (t, w) -> gatherSmallTask(g, b, wm, bias, s,
                t * images, Math.min(images, g.n() - t * images), scratch.worker(w)));
    }

    /** b [N, cb, hb, wb] = col2im(Wm^T . s) + bias[cb] (bias may be NULL). Overwrites b. */
    public void scatterBig(ConvGeometry g, MemorySegment s, MemorySegment wm,
                           MemorySegment bias, MemorySegment b) {
        if (byWinograd(g)) {
            winograd.scatterBig(g, s, wm, bias, b);
            return;
        }
        if (g.dense()) {
            workers.run(ceilDiv(g.n(), DENSE_IMAGES_PER_TASK),
                    (t, w) -> scatterBigDense(g, s, wm, bias, b, t));
            return;
        }
        reserve(g);
        int images = g.imagesPerGemm();
        workers.run(ceilDiv(g.n(), images), (t, w) -> scatterBigTask(g, s, wm, bias, b,
                t * images, Math.min(images, g.n() - t * images), scratch.worker(w)));
    }

    /**
     * dWm [cs, cb*K*K] = sum over images of s_n . im2col(b_n)^T; overwrites dWm, or adds to it
     * with {@code accumulate}.
     */
    public void weight(ConvGeometry g, MemorySegment s, MemorySegment b, MemorySegment dwm,
                       boolean accumulate) {
        int rows = g.colRows();
        int blocks = Math.min(WEIGHT_BLOCKS, ceilDiv(rows, WEIGHT_BLOCK_ALIGN));
        if (g.n() == 0) {
            if (!accumulate) {
                dwm.asSlice(0, (long) g.cs() * rows * Float.BYTES).fill((byte) 0);
            }
            return;
        }
        if (byWinograd(g)) {
            winograd.weight(g, s, b, dwm, accumulate);
            return;
        }
        if (g.dense()) {
            float beta = accumulate ? 1 : 0;
            workers.run(blocks, (t, w) -> {
                int c0 = blockStart(rows, blocks, t);
                int c1 = blockStart(rows, blocks, t + 1);
                // dWm[:, c0:c1] = S^T [cs, N] . B [N, c0:c1], S = s as [N, cs], B = b as [N, rows]
                Sgemm.gemm(true, false, g.cs(), c1 - c0, g.n(), 1f, s, 0, g.cs(),
                        b, c0, rows, beta, dwm, c0, rows);
            });
            return;
        }
        reserve(g);
        int group = g.imagesPerWeightGroup();
        int plane = g.smallPlane();
        MemorySegment columnsSegment = MemorySegment.ofArray(scratch.sharedColumns());
        MemorySegment stackedSegment = MemorySegment.ofArray(scratch.sharedStacked());
        for (int first = 0; first < g.n(); first += group) {
            int img0 = first;
            int images = Math.min(group, g.n() - first);
            int columns = images * plane;
            float[] cols = scratch.sharedColumns();
            float[] stacked = scratch.sharedStacked();
            workers.run(images, (t, w) -> {
                Scratch.Worker mine = scratch.worker(w);
                readImage(g, b, img0 + t, mine.image);
                PhasePlanes.im2col(g, mine.image, mine.phase, cols, t * plane, columns);
                if (images > 1) {
                    for (int c = 0; c < g.cs(); c++) {
                        MemorySegment.copy(s, JAVA_FLOAT,
                                ((img0 + t) * g.smallImage() + (long) c * plane) * Float.BYTES,
                                stacked, c * columns + t * plane, plane);
                    }
                }
            });
            MemorySegment a = images > 1 ? stackedSegment : s;
            long aAt = images > 1 ? 0 : img0 * g.smallImage();
            if (g.narrowWeight()) {
                // Too few columns of Wm to split evenly: split the sum instead, into one
                // partial dWm per task (added up below).
                float partialBeta = first > 0 ? 1 : 0;
                MemorySegment partials = MemorySegment.ofArray(scratch.sharedPartials());
                workers.run(WEIGHT_BLOCKS, (t, w) -> {
                    int k0 = blockStart(columns, WEIGHT_BLOCKS, t);
                    int k1 = blockStart(columns, WEIGHT_BLOCKS, t + 1);
                    Sgemm.gemm(false, true, g.cs(), rows, k1 - k0, 1f, a, aAt + k0, columns,
                            columnsSegment, k0, columns, partialBeta, partials,
                            (long) t * g.cs() * rows, rows);
                });
                continue;
            }
            float beta = accumulate || first > 0 ? 1 : 0;
            workers.run(blocks, (t, w) -> {
                int c0 = blockStart(rows, blocks, t);
                int c1 = blockStart(rows, blocks, t + 1);
                Sgemm.gemm(false, true, g.cs(), c1 - c0, columns, 1f, a, aAt, columns,
                        columnsSegment, (long) c0 * columns, columns, beta, dwm, c0, rows);
            });
        }
        if (g.narrowWeight()) {
            addPartials(g.cs() * rows, dwm, accumulate);
        }
    }

    /** dWm (+)= the WEIGHT_BLOCKS partial sums, added in task order, in chunks of elements. */
    private void addPartials(int size, MemorySegment dwm, boolean accumulate) {
        float[] partials = scratch.sharedPartials();
        int chunk = 4096;
        workers.run(ceilDiv(size, chunk), (t, w) -> {
            for (int i = t * chunk; i < Math.min(size, (t + 1) * chunk); i++) {
                float sum = accumulate ? dwm.getAtIndex(JAVA_FLOAT, i) : 0f;
                for (int p = 0; p < WEIGHT_BLOCKS; p++) {
                    sum += partials[p * size + i];
                }
                dwm.setAtIndex(JAVA_FLOAT, i, sum);
            }
        });
    }

    /**
     * dbias [c] = sum of dy [n, c, plane] over n and plane; overwrites or, with
     * {@code accumulate}, adds. One task per channel, summed in double in index order.
     */
    public void biasGradient(MemorySegment dy, int n, int channels, int plane, MemorySegment dbias,
                             boolean accumulate) {
        workers.run(channels, (c, w) -> {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                long at = ((long) i * channels + c) * plane;
                for (int j = 0; j < plane; j++) {
                    sum += dy.getAtIndex(JAVA_FLOAT, at + j);
                }
            }
            float old = accumulate ? dbias.getAtIndex(JAVA_FLOAT, c) : 0f;
            dbias.setAtIndex(JAVA_FLOAT, c, accumulate ? old + (float) sum : (float) sum);
        });
    }

    // ---------------------------------------------------------------------------------------
    // One task of each kernel
    // ---------------------------------------------------------------------------------------

    /**
     * Images img0 .. img0+images-1: im2col side by side in the worker's columns
     * [rows, images*HWs], one product, and (for several images) the result copied from the
     * worker's stacked scratch into each image of s.
     */
    private static void gatherSmallTask(ConvGeometry g, MemorySegment b, MemorySegment wm,
                                        MemorySegment bias, MemorySegment s, int img0,
                                        int images, Scratch.Worker mine) {
        int rows = g.colRows();
        int plane = g.smallPlane();
        int columns = images * plane;
        for (int i = 0; i < images; i++) {
            readImage(g, b, img0 + i, mine.image);
            PhasePlanes.im2col(g, mine.image, mine.phase, mine.columns, i * plane, columns);
        }
        MemorySegment c = images == 1 ? s : MemorySegment.ofArray(mine.stacked);
        long cAt = images == 1 ? img0 * g.smallImage() : 0;
        float beta = 0;
        if (bias.address() != 0) {
            fillRows(c, cAt, columns, g.cs(), columns, bias, g.cs());
            beta = 1;
        }
        Sgemm.gemm(false, false, g.cs(), columns, rows, 1f, wm, 0, rows,
                MemorySegment.ofArray(mine.columns), 0, columns, beta, c, cAt, columns);
        if (images > 1) {
            for (int i = 0; i < images; i++) {
                for (int ch = 0; ch < g.cs(); ch++) {
                    MemorySegment.copy(mine.stacked, ch * columns + i * plane, s, JAVA_FLOAT,
                            ((img0 + i) * g.smallImage() + (long) ch * plane) * Float.BYTES,
                            plane);
                }
            }
        }
    }

    /**
     * Images img0 .. img0+images-1: their small sides side by side ([cs, images*HWs], in the
     * worker's stacked scratch unless there is one image), the product Wm^T . s into the
     * worker's columns, then col2im of each image into b.
     */
    private static void scatterBigTask(ConvGeometry g, MemorySegment s, MemorySegment wm,
                                       MemorySegment bias, MemorySegment b, int img0,
                                       int images, Scratch.Worker mine) {
        int rows = g.colRows();
        int plane = g.smallPlane();
        int columns = images * plane;
        MemorySegment a = s;
        long aAt = img0 * g.smallImage();
        if (images > 1) {
            for (int i = 0; i < images; i++) {
                for (int ch = 0; ch < g.cs(); ch++) {
                    MemorySegment.copy(s, JAVA_FLOAT,
                            ((img0 + i) * g.smallImage() + (long) ch * plane) * Float.BYTES,
                            mine.stacked, ch * columns + i * plane, plane);
                }
            }
            a = MemorySegment.ofArray(mine.stacked);
            aAt = 0;
        }
        Sgemm.gemm(true, false, rows, columns, g.cs(), 1f, wm, 0, rows, a, aAt, columns, 0f,
                MemorySegment.ofArray(mine.columns), 0, columns);
        for (int i = 0; i < images; i++) {
            PhasePlanes.col2im(g, mine.columns, i * plane, columns, mine.phase, mine.image, bias);
            writeImage(g, mine.image, b, img0 + i);
        }
    }

    /** Dense geometry: s [N, cs] = b [N, rows] . Wm^T + bias, for images of task t. */
    private static void gatherSmallDense(ConvGeometry g, MemorySegment b, MemorySegment wm,
                                         MemorySegment bias, MemorySegment s, int t) {
        int img0 = t * DENSE_IMAGES_PER_TASK;
        int images = Math.min(DENSE_IMAGES_PER_TASK, g.n() - img0);
        int rows = g.colRows();
        float beta = 0;
        if (bias.address() != 0) {
            fillRows(s, (long) img0 * g.cs(), g.cs(), images, g.cs(), bias, -1);
            beta = 1;
        }
        Sgemm.gemm(false, true, images, g.cs(), rows, 1f, b, (long) img0 * rows, rows,
                wm, 0, rows, beta, s, (long) img0 * g.cs(), g.cs());
    }

    /** Dense geometry: b [N, rows] = s [N, cs] . Wm + bias (per big-side channel). */
    private static void scatterBigDense(ConvGeometry g, MemorySegment s, MemorySegment wm,
                                        MemorySegment bias, MemorySegment b, int t) {
        int img0 = t * DENSE_IMAGES_PER_TASK;
        int images = Math.min(DENSE_IMAGES_PER_TASK, g.n() - img0);
        int rows = g.colRows();
        float beta = 0;
        if (bias.address() != 0) {
            fillRows(b, (long) img0 * rows, g.bigPlane(), images * g.cb(), g.bigPlane(), bias,
                    g.cb());
            beta = 1;
        }
        Sgemm.gemm(false, false, images, rows, g.cs(), 1f, s, (long) img0 * g.cs(), g.cs(),
                wm, 0, rows, beta, b, (long) img0 * rows, rows);
    }

    // ---------------------------------------------------------------------------------------
    // Moving one big-side image between the tensor and the worker's array
    // ---------------------------------------------------------------------------------------

    /** Copies image n of the big side into {@code image} (one bulk copy). */
    static void readImage(ConvGeometry g, MemorySegment b, int n, float[] image) {
        MemorySegment.copy(b, JAVA_FLOAT, n * g.bigImage() * Float.BYTES, image, 0,
                (int) g.bigImage());
    }

    /** Copies {@code image} into image n of the big side (one bulk copy). */
    static void writeImage(ConvGeometry g, float[] image, MemorySegment b, int n) {
        MemorySegment.copy(image, 0, b, JAVA_FLOAT, n * g.bigImage() * Float.BYTES,
                (int) g.bigImage());
    }

    // ---------------------------------------------------------------------------------------
    // Small copies
    // ---------------------------------------------------------------------------------------

    /**
     * rows runs of {@code length} floats at at + r*ld, run r filled with bias[r % channels]
     * (rows that cycle through the channels of images), or bias[i] for element i of each run
     * when channels is -1 (the dense small side, one row per image).
     */
    private static void fillRows(MemorySegment m, long at, int ld, int rows, int length,
                                 MemorySegment bias, int channels) {
        for (int r = 0; r < rows; r++) {
            long row = at + (long) r * ld;
            for (int i = 0; i < length; i++) {
                float v = bias.getAtIndex(JAVA_FLOAT, channels < 0 ? i : r % channels);
                m.setAtIndex(JAVA_FLOAT, row + i, v);
            }
        }
    }

    static int ceilDiv(int a, int b) {
        return Math.floorDiv(a + b - 1, b);
    }

    /** Start of column block t of {@code blocks} over [0, n), on multiples of the alignment. */
    static int blockStart(int n, int blocks, int t) {
        if (t >= blocks) {
            return n;
        }
        int raw = (int) ((long) n * t / blocks);
        return Math.min(n, raw / WEIGHT_BLOCK_ALIGN * WEIGHT_BLOCK_ALIGN);
    }
}
