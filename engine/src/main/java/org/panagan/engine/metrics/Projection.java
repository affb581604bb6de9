package org.panagan.engine.metrics;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

import org.panagan.bindings.OpenBlasLibrary;
import org.panagan.engine.backend.cpu.Sgemm;

/**
 * Projection of descriptors onto directions: [rows, dim] x [dim, width] into a column-major
 * [width, rows] (each direction's projections contiguous, ready to sort). Two ways, same
 * arithmetic up to float rounding: OpenBLAS sgemm, one thread per call (about ten times faster
 * here), and a plain Java loop for machines where OpenBLAS cannot be opened. {@link #AUTO}
 * chooses once per JVM and says why in the log.
 */
enum Projection {
    BLAS {
        @Override
        float[] project(float[] desc, int rows, int dim, float[] dirs, int width) {
            // C[width, rows] = dirs^T [width, dim] x desc^T [dim, rows]: both stored transposed.
            float[] out = new float[Math.multiplyExact(rows, width)];
            Sgemm.gemm(true, true, width, rows, dim, 1f,
                    MemorySegment.ofArray(dirs), 0, width,
                    MemorySegment.ofArray(desc), 0, dim, 0f,
                    MemorySegment.ofArray(out), 0, rows);
            return out;
        }
    },
    JAVA {
        @Override
        float[] project(float[] desc, int rows, int dim, float[] dirs, int width) {
            // Row by row; the accumulator is one short vector over the directions, which the
            // JIT vectorises, and the direction block stays in cache.
            float[] out = new float[Math.multiplyExact(rows, width)];
            float[] acc = new float[width];
            for (int r = 0; r < rows; r++) {
                Arrays.fill(acc, 0f);
                int base = r * dim;
                for (int k = 0; k < dim; k++) {
                    float v = desc[base + k];
                    int d = k * width;
                    for (int j = 0; j < width; j++) {
                        acc[j] += v * dirs[d + j];
                    }
                }
                for (int j = 0; j < width; j++) {
                    out[j * rows + r] = acc[j];
                }
            }
            return out;
        }
    };

    /** BLAS when OpenBLAS opens, else JAVA; decided on first use. */
    static final Projection AUTO = choose();

    abstract float[] project(float[] desc, int rows, int dim, float[] dirs, int width);

    private static Projection choose() {
        System.Logger log = System.getLogger(Projection.class.getName());
        try {
            String blas = Sgemm.useOneThreadPerCall();
            log.log(System.Logger.Level.DEBUG, "metric projections through " + blas);
            return BLAS;
        } catch (OpenBlasLibrary.LoadException e) {
            log.log(System.Logger.Level.INFO, "metric projections in plain Java (about ten"
                    + " times slower): OpenBLAS unavailable: " + e.getMessage());
            return JAVA;
        }
    }
}
