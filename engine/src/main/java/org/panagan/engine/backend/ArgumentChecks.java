package org.panagan.engine.backend;

import java.util.function.BooleanSupplier;

import org.panagan.engine.PanaganException;
import org.panagan.engine.tensor.Buffer;
import org.panagan.engine.tensor.DType;
import org.panagan.engine.tensor.Shape;
import org.panagan.engine.tensor.Tensor;

/**
 * What a backend checks before an operation, because no kernel can: that each tensor is a
 * contiguous view of this backend's own open memory, of the dtype and shape the operation
 * implies. Both backends hold one; a failed check is a {@link PanaganException}
 * INVALID_ARGUMENT naming the operation, the argument, what was expected and what came.
 */
final class ArgumentChecks {

    private final Backend owner;
    private final BooleanSupplier closed;

    /** Checks for {@code owner}, which is closed when {@code closed} says so. */
    ArgumentChecks(Backend owner, BooleanSupplier closed) {
        this.owner = owner;
        this.closed = closed;
    }

    /** Refuses any use once the backend is closed. */
    void open() {
        if (closed.getAsBoolean()) {
            throw new IllegalStateException("the " + owner.kind().id() + " backend is closed");
        }
    }

    /** A float32 contiguous view of this backend's memory, of the shape expected. */
    void floats(String op, String name, Tensor t, Shape expected) {
        open();
        if (t == null) {
            throw invalid(op, name, "a tensor " + expected, "null");
        }
        owned(op, name, t);
        if (t.dtype() != DType.F32) {
            throw invalid(op, name, "F32", t.dtype().toString());
        }
        if (!t.shape().equals(expected)) {
            throw invalid(op, name, "shape " + expected, "shape " + t.shape());
        }
    }

    /** As {@link #floats}, where null (none) is allowed. */
    void optionalFloats(String op, String name, Tensor t, Shape expected) {
        if (t != null) {
            floats(op, name, t, expected);
        }
    }

    /** A float32 view with as many elements as {@code like}. */
    void sameCount(String op, String name, Tensor like, Tensor t) {
        if (t == null) {
            throw invalid(op, name, like.numel() + " floats", "null");
        }
        owned(op, name, t);
        if (t.dtype() != DType.F32 || t.numel() != like.numel()) {
            throw invalid(op, name, "F32 x " + like.numel(), t.dtype() + " x " + t.numel());
        }
    }

    /** One element of {@code dtype}. */
    void scalar(String op, String name, Tensor t, DType dtype) {
        open();
        if (t == null) {
            throw invalid(op, name, "one " + dtype, "null");
        }
        owned(op, name, t);
        if (t.dtype() != dtype || t.numel() != 1) {
            throw invalid(op, name, "one " + dtype, t.dtype() + " x " + t.numel());
        }
    }

    /** Memory of this backend, contiguous and still open. */
    void owned(String op, String name, Tensor t) {
        if (t.buffer().owner() != owner) {
            throw invalid(op, name, "memory of this " + owner.kind().id() + " backend",
                    t.buffer().toString());
        }
        if (!t.isContiguous()) {
            throw invalid(op, name, "a contiguous view", t.toString());
        }
        if (t.buffer().isClosed()) {
            throw invalid(op, name, "an open buffer", t.buffer().toString());
        }
    }

    /** Exactly {@code count} elements of {@code dtype}, in this backend's open memory. */
    void elements(String op, String name, Tensor t, DType dtype, long count) {
        open();
        owned(op, name, t);
        if (t.dtype() != dtype || t.numel() != count) {
            throw invalid(op, name, dtype + " x " + count, t.dtype() + " x " + t.numel());
        }
    }

    /** A workspace of this backend's memory, or null. */
    void ownedWorkspace(String op, Buffer workspace) {
        if (workspace != null && workspace.owner() != owner) {
            throw invalid(op, "workspace", "memory of this " + owner.kind().id() + " backend",
                    workspace.toString());
        }
    }

    /** images [N, C, H, W] U8, indices [n] I32, out [n, C, H, W] F32, all of this backend. */
    void gather(Tensor images, Tensor indices, Tensor out) {
        String op = "gatherImages";
        open();
        if (images == null || indices == null || out == null) {
            throw invalid(op, images == null ? "images" : indices == null ? "indices" : "out",
                    "a tensor", "null");
        }
        owned(op, "images", images);
        owned(op, "indices", indices);
        owned(op, "out", out);
        if (images.dtype() != DType.U8 || images.shape().rank() != 4) {
            throw invalid(op, "images", "4-D U8", images.dtype() + " " + images.shape());
        }
        if (indices.dtype() != DType.I32 || indices.shape().rank() != 1) {
            throw invalid(op, "indices", "1-D I32", indices.dtype() + " " + indices.shape());
        }
        Shape expected = images.shape().withBatch(indices.dim(0));
        if (out.dtype() != DType.F32 || !out.shape().equals(expected)) {
            throw invalid(op, "out", "F32 " + expected, out.dtype() + " " + out.shape());
        }
    }

    static void rank(String op, String name, Shape s, int rank) {
        if (s.rank() != rank) {
            throw invalid(op, name, rank + "-D", s.rank() + "-D " + s);
        }
    }

    static PanaganException invalid(String op, String argument, String expected, String came) {
        return new PanaganException(op, PanaganException.INVALID_ARGUMENT,
                argument + ": expected " + expected + ", got " + came);
    }
}
