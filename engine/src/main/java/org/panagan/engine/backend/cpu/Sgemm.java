package org.panagan.engine.backend.cpu;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import org.panagan.bindings.OpenBlasLibrary;
import org.panagan.bindings.cblas_h;

/**
 * Row-major single-precision matrix products through OpenBLAS's cblas_sgemm. Operands are
 * (segment, element offset, leading dimension); a segment may be native memory or a Java
 * float array ({@link MemorySegment#ofArray(float[])}), since the call is a critical downcall
 * that lets native code read the heap in place (the scratch matrices are Java arrays, see
 * {@link Scratch}). A critical call also skips the thread-state transition; the price is that
 * a garbage collection waits for the product to finish (milliseconds at most).
 *
 * <p>OpenBLAS runs single-threaded here ({@link #useOneThreadPerCall()}): the cpu backend
 * parallelises across its own threads, each calling sgemm on its own part of the work. One
 * thread per call keeps OpenBLAS's idle threads from spinning on the cores our threads need,
 * and keeps each product's arithmetic independent of the machine's core count.
 */
public final class Sgemm {

    private static final long FLOAT = Float.BYTES;

    private Sgemm() {
    }

    /** Created on first use, after OpenBLAS is known to be open (cblas_h would fail first). */
    private static final class Critical {
        static final MethodHandle SGEMM = Linker.nativeLinker().downcallHandle(
                cblas_h.cblas_sgemm$address(), cblas_h.cblas_sgemm$descriptor(),
                Linker.Option.critical(true));
        static final int ROW_MAJOR = cblas_h.CblasRowMajor();
        static final int NO_TRANS = cblas_h.CblasNoTrans();
        static final int TRANS = cblas_h.CblasTrans();
    }

    /**
     * Opens OpenBLAS if it is not open, sets it to one thread per call and returns its
     * description.
     *
     * @throws OpenBlasLibrary.LoadException when OpenBLAS cannot be opened (asked before
     *                                       cblas_h is touched, whose initialisation would
     *                                       otherwise fail with a less helpful error)
     */
    public static String useOneThreadPerCall() {
        String description = OpenBlasLibrary.choice().describe();
        cblas_h.openblas_set_num_threads(1);
        return description;
    }

    /**
     * C[m, n] = alpha op(A)[m, k] op(B)[k, n] + beta C, every matrix row-major. op(A) is A
     * ([m, k], leading dimension lda) or, with {@code transA}, the transpose of A stored as
     * [k, m]; the same for B. With beta = 0, C is overwritten and its old contents (even NaN)
     * do not matter.
     */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                            MemorySegment a, long aOffset, int lda,
                            MemorySegment b, long bOffset, int ldb, float beta,
                            MemorySegment c, long cOffset, int ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            // An empty sum: C = beta C. Handled here because BLAS rejects a leading dimension
            // of 0, which an empty A or B would have.
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    long at = cOffset + (long) i * ldc + j;
                    float old = beta == 0 ? 0 : beta * c.getAtIndex(JAVA_FLOAT, at);
                    c.setAtIndex(JAVA_FLOAT, at, old);
                }
            }
            return;
        }
        try {
            Critical.SGEMM.invokeExact(Critical.ROW_MAJOR,
                    transA ? Critical.TRANS : Critical.NO_TRANS,
                    transB ? Critical.TRANS : Critical.NO_TRANS,
                    m, n, k, alpha,
                    a.asSlice(aOffset * FLOAT), lda,
                    b.asSlice(bOffset * FLOAT), ldb, beta,
                    c.asSlice(cOffset * FLOAT), ldc);
        } catch (Throwable e) {
            throw new IllegalStateException("cblas_sgemm failed", e);
        }
    }
}
