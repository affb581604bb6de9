// jextract's layout for panagan.h; regenerate with bindings/jextract.sh

package org.panagan.bindings;

import java.lang.invoke.*;
import java.lang.foreign.*;
import java.nio.ByteOrder;
import java.util.*;
import java.util.function.*;
import java.util.stream.*;

import static java.lang.foreign.ValueLayout.*;
import static java.lang.foreign.MemoryLayout.PathElement.*;

public class panagan_h {

    panagan_h() {
        // Should not be called directly
    }

    static final Arena LIBRARY_ARENA = Arena.ofAuto();
    static final boolean TRACE_DOWNCALLS = Boolean.getBoolean("jextract.trace.downcalls");

    static void traceDowncall(String name, Object... args) {
         String traceArgs = Arrays.stream(args)
                       .map(Object::toString)
                       .collect(Collectors.joining(", "));
         System.out.printf("%s(%s)\n", name, traceArgs);
    }

    static MemorySegment findOrThrow(String symbol) {
        return SYMBOL_LOOKUP.find(symbol)
            .orElseThrow(() -> new UnsatisfiedLinkError("unresolved symbol: " + symbol));
    }

    static MethodHandle upcallHandle(Class<?> fi, String name, FunctionDescriptor fdesc) {
        try {
            return MethodHandles.lookup().findVirtual(fi, name, fdesc.toMethodType());
        } catch (ReflectiveOperationException ex) {
            throw new AssertionError(ex);
        }
    }

    static MemoryLayout align(MemoryLayout layout, long align) {
        return switch (layout) {
            case PaddingLayout p -> p;
            case ValueLayout v -> v.withByteAlignment(align);
            case GroupLayout g -> {
                MemoryLayout[] alignedMembers = g.memberLayouts().stream()
                        .map(m -> align(m, align)).toArray(MemoryLayout[]::new);
                yield g instanceof StructLayout ?
                        MemoryLayout.structLayout(alignedMembers) : MemoryLayout.unionLayout(alignedMembers);
            }
            case SequenceLayout s -> MemoryLayout.sequenceLayout(s.elementCount(), align(s.elementLayout(), align));
        };
    }

    static final SymbolLookup SYMBOL_LOOKUP = NativeLibraries.panaganLookup();

    public static final ValueLayout.OfBoolean C_BOOL = ValueLayout.JAVA_BOOLEAN;
    public static final ValueLayout.OfByte C_CHAR = ValueLayout.JAVA_BYTE;
    public static final ValueLayout.OfShort C_SHORT = ValueLayout.JAVA_SHORT;
    public static final ValueLayout.OfInt C_INT = ValueLayout.JAVA_INT;
    public static final ValueLayout.OfLong C_LONG_LONG = ValueLayout.JAVA_LONG;
    public static final ValueLayout.OfFloat C_FLOAT = ValueLayout.JAVA_FLOAT;
    public static final ValueLayout.OfDouble C_DOUBLE = ValueLayout.JAVA_DOUBLE;
    public static final AddressLayout C_POINTER = ValueLayout.ADDRESS
            .withTargetLayout(MemoryLayout.sequenceLayout(java.lang.Long.MAX_VALUE, JAVA_BYTE));
    public static final ValueLayout.OfLong C_LONG = ValueLayout.JAVA_LONG;
    /**
     * {@snippet lang=c :
     * typedef struct CUstream_st *panagan_stream_t
     * }
     */
    public static final AddressLayout panagan_stream_t = panagan_h.C_POINTER;
    private static final int PANAGAN_OK = (int)0L;
    /**
     * {@snippet lang=c :
     * enum panagan_status.PANAGAN_OK = 0
     * }
     */
    public static int PANAGAN_OK() {
        return PANAGAN_OK;
    }
    private static final int PANAGAN_INVALID_ARGUMENT = (int)1L;
    /**
     * {@snippet lang=c :
     * enum panagan_status.PANAGAN_INVALID_ARGUMENT = 1
     * }
     */
    public static int PANAGAN_INVALID_ARGUMENT() {
        return PANAGAN_INVALID_ARGUMENT;
    }
    private static final int PANAGAN_WORKSPACE_TOO_SMALL = (int)2L;
    /**
     * {@snippet lang=c :
     * enum panagan_status.PANAGAN_WORKSPACE_TOO_SMALL = 2
     * }
     */
    public static int PANAGAN_WORKSPACE_TOO_SMALL() {
        return PANAGAN_WORKSPACE_TOO_SMALL;
    }
    private static final int PANAGAN_CUDA_ERROR = (int)3L;
    /**
     * {@snippet lang=c :
     * enum panagan_status.PANAGAN_CUDA_ERROR = 3
     * }
     */
    public static int PANAGAN_CUDA_ERROR() {
        return PANAGAN_CUDA_ERROR;
    }
    private static final int PANAGAN_ACTIVATION_NONE = (int)0L;
    /**
     * {@snippet lang=c :
     * enum panagan_activation.PANAGAN_ACTIVATION_NONE = 0
     * }
     */
    public static int PANAGAN_ACTIVATION_NONE() {
        return PANAGAN_ACTIVATION_NONE;
    }
    private static final int PANAGAN_ACTIVATION_RELU = (int)1L;
    /**
     * {@snippet lang=c :
     * enum panagan_activation.PANAGAN_ACTIVATION_RELU = 1
     * }
     */
    public static int PANAGAN_ACTIVATION_RELU() {
        return PANAGAN_ACTIVATION_RELU;
    }
    private static final int PANAGAN_ACTIVATION_LEAKY_RELU = (int)2L;
    /**
     * {@snippet lang=c :
     * enum panagan_activation.PANAGAN_ACTIVATION_LEAKY_RELU = 2
     * }
     */
    public static int PANAGAN_ACTIVATION_LEAKY_RELU() {
        return PANAGAN_ACTIVATION_LEAKY_RELU;
    }

    private static class panagan_last_error {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            panagan_h.C_POINTER
        );

        public static final MemorySegment ADDR = panagan_h.findOrThrow("panagan_last_error");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * const char *panagan_last_error()
     * }
     */
    public static FunctionDescriptor panagan_last_error$descriptor() {
        return panagan_last_error.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * const char *panagan_last_error()
     * }
     */
    public static MethodHandle panagan_last_error$handle() {
        return panagan_last_error.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * const char *panagan_last_error()
     * }
     */
    public static MemorySegment panagan_last_error$address() {
        return panagan_last_error.ADDR;
    }

    /**
     * {@snippet lang=c :
     * const char *panagan_last_error()
     * }
     */
    public static MemorySegment panagan_last_error() {
        var mh$ = panagan_last_error.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("panagan_last_error");
            }
            return (MemorySegment)mh$.invokeExact();
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class panagan_status_name {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            panagan_h.C_POINTER,
            panagan_h.C_INT
        );

        public static final MemorySegment ADDR = panagan_h.findOrThrow("panagan_status_name");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * const char *panagan_status_name(int32_t status)
     * }
     */
    public static FunctionDescriptor panagan_status_name$descriptor() {
        return panagan_status_name.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * const char *panagan_status_name(int32_t status)
     * }
     */
    public static MethodHandle panagan_status_name$handle() {
        return panagan_status_name.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * const char *panagan_status_name(int32_t status)
     * }
     */
    public static MemorySegment panagan_status_name$address() {
        return panagan_status_name.ADDR;
    }

    /**
     * {@snippet lang=c :
     * const char *panagan_status_name(int32_t status)
     * }
     */
    public static MemorySegment panagan_status_name(int status) {
        var mh$ = panagan_status_name.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("panagan_status_name", status);
            }
            return (MemorySegment)mh$.invokeExact(status);
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class panagan_version {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            panagan_h.C_INT
        );

        public static final MemorySegment ADDR = panagan_h.findOrThrow("panagan_version");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int32_t panagan_version()
     * }
     */
    public static FunctionDescriptor panagan_version$descriptor() {
        return panagan_version.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int32_t panagan_version()
     * }
     */
    public static MethodHandle panagan_version$handle() {
        return panagan_version.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int32_t panagan_version()
     * }
     */
    public static MemorySegment panagan_version$address() {
        return panagan_version.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int32_t panagan_version()
     * }
     */
    public static int panagan_version() {
        var mh$ = panagan_version.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("panagan_version");
            }
            return (int)mh$.invokeExact();
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class panagan_conv2d_forward {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            panagan_h.C_INT,
            panagan_h.C_POINTER,
            panagan_h.C_POINTER,
            panagan_h.C_POINTER,
            panagan_h.C_POINTER,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_POINTER
        );

        public static final MemorySegment ADDR = panagan_h.findOrThrow("panagan_conv2d_forward");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int32_t panagan_conv2d_forward(const float *x, const float *w, const float *bias, float *y, int32_t n, int32_t c_in, int32_t h_in, int32_t w_in, int32_t c_out, int32_t k_h, int32_t k_w, int32_t stride_h, int32_t stride_w, int32_t pad_h, int32_t pad_w, panagan_stream_t stream)
     * }
     */
    public static FunctionDescriptor panagan_conv2d_forward$descriptor() {
        return panagan_conv2d_forward.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int32_t panagan_conv2d_forward(const float *x, const float *w, const float *bias, float *y, int32_t n, int32_t c_in, int32_t h_in, int32_t w_in, int32_t c_out, int32_t k_h, int32_t k_w, int32_t stride_h, int32_t stride_w, int32_t pad_h, int32_t pad_w, panagan_stream_t stream)
     * }
     */
    public static MethodHandle panagan_conv2d_forward$handle() {
        return panagan_conv2d_forward.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int32_t panagan_conv2d_forward(const float *x, const float *w, const float *bias, float *y, int32_t n, int32_t c_in, int32_t h_in, int32_t w_in, int32_t c_out, int32_t k_h, int32_t k_w, int32_t stride_h, int32_t stride_w, int32_t pad_h, int32_t pad_w, panagan_stream_t stream)
     * }
     */
    public static MemorySegment panagan_conv2d_forward$address() {
        return panagan_conv2d_forward.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int32_t panagan_conv2d_forward(const float *x, const float *w, const float *bias, float *y, int32_t n, int32_t c_in, int32_t h_in, int32_t w_in, int32_t c_out, int32_t k_h, int32_t k_w, int32_t stride_h, int32_t stride_w, int32_t pad_h, int32_t pad_w, panagan_stream_t stream)
     * }
     */
    public static int panagan_conv2d_forward(MemorySegment x, MemorySegment w, MemorySegment bias, MemorySegment y, int n, int c_in, int h_in, int w_in, int c_out, int k_h, int k_w, int stride_h, int stride_w, int pad_h, int pad_w, MemorySegment stream) {
        var mh$ = panagan_conv2d_forward.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("panagan_conv2d_forward", x, w, bias, y, n, c_in, h_in, w_in, c_out, k_h, k_w, stride_h, stride_w, pad_h, pad_w, stream);
            }
            return (int)mh$.invokeExact(x, w, bias, y, n, c_in, h_in, w_in, c_out, k_h, k_w, stride_h, stride_w, pad_h, pad_w, stream);
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class panagan_conv2d_backward_data {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            panagan_h.C_INT,
            panagan_h.C_POINTER,
            panagan_h.C_POINTER,
            panagan_h.C_POINTER,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_POINTER
        );

        public static final MemorySegment ADDR = panagan_h.findOrThrow("panagan_conv2d_backward_data");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int32_t panagan_conv2d_backward_data(const float *dy, const float *w, float *dx, int32_t n, int32_t c_in, int32_t h_in, int32_t w_in, int32_t c_out, int32_t k_h, int32_t k_w, int32_t stride_h, int32_t stride_w, int32_t pad_h, int32_t pad_w, panagan_stream_t stream)
     * }
     */
    public static FunctionDescriptor panagan_conv2d_backward_data$descriptor() {
        return panagan_conv2d_backward_data.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int32_t panagan_conv2d_backward_data(const float *dy, const float *w, float *dx, int32_t n, int32_t c_in, int32_t h_in, int32_t w_in, int32_t c_out, int32_t k_h, int32_t k_w, int32_t stride_h, int32_t stride_w, int32_t pad_h, int32_t pad_w, panagan_stream_t stream)
     * }
     */
    public static MethodHandle panagan_conv2d_backward_data$handle() {
        return panagan_conv2d_backward_data.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int32_t panagan_conv2d_backward_data(const float *dy, const float *w, float *dx, int32_t n, int32_t c_in, int32_t h_in, int32_t w_in, int32_t c_out, int32_t k_h, int32_t k_w, int32_t stride_h, int32_t stride_w, int32_t pad_h, int32_t pad_w, panagan_stream_t stream)
     * }
     */
    public static MemorySegment panagan_conv2d_backward_data$address() {
        return panagan_conv2d_backward_data.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int32_t panagan_conv2d_backward_data(const float *dy, const float *w, float *dx, int32_t n, int32_t c_in, int32_t h_in, int32_t w_in, int32_t c_out, int32_t k_h, int32_t k_w, int32_t stride_h, int32_t stride_w, int32_t pad_h, int32_t pad_w, panagan_stream_t stream)
     * }
     */
    public static int panagan_conv2d_backward_data(MemorySegment dy, MemorySegment w, MemorySegment dx, int n, int c_in, int h_in, int w_in, int c_out, int k_h, int k_w, int stride_h, int stride_w, int pad_h, int pad_w, MemorySegment stream) {
        var mh$ = panagan_conv2d_backward_data.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("panagan_conv2d_backward_data", dy, w, dx, n, c_in, h_in, w_in, c_out, k_h, k_w, stride_h, stride_w, pad_h, pad_w, stream);
            }
            return (int)mh$.invokeExact(dy, w, dx, n, c_in, h_in, w_in, c_out, k_h, k_w, stride_h, stride_w, pad_h, pad_w, stream);
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class panagan_conv2d_backward_weight_workspace_size {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            panagan_h.C_LONG,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT
        );

        public static final MemorySegment ADDR = panagan_h.findOrThrow("panagan_conv2d_backward_weight_workspace_size");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int64_t panagan_conv2d_backward_weight_workspace_size(int32_t n, int32_t c_in, int32_t h_in, int32_t w_in, int32_t c_out, int32_t k_h, int32_t k_w, int32_t stride_h, int32_t stride_w, int32_t pad_h, int32_t pad_w)
     * }
     */
    public static FunctionDescriptor panagan_conv2d_backward_weight_workspace_size$descriptor() {
        return panagan_conv2d_backward_weight_workspace_size.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int64_t panagan_conv2d_backward_weight_workspace_size(int32_t n, int32_t c_in, int32_t h_in, int32_t w_in, int32_t c_out, int32_t k_h, int32_t k_w, int32_t stride_h, int32_t stride_w, int32_t pad_h, int32_t pad_w)
     * }
     */
    public static MethodHandle panagan_conv2d_backward_weight_workspace_size$handle() {
        return panagan_conv2d_backward_weight_workspace_size.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int64_t panagan_conv2d_backward_weight_workspace_size(int32_t n, int32_t c_in, int32_t h_in, int32_t w_in, int32_t c_out, int32_t k_h, int32_t k_w, int32_t stride_h, int32_t stride_w, int32_t pad_h, int32_t pad_w)
     * }
     */
    public static MemorySegment panagan_conv2d_backward_weight_workspace_size$address() {
        return panagan_conv2d_backward_weight_workspace_size.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int64_t panagan_conv2d_backward_weight_workspace_size(int32_t n, int32_t c_in, int32_t h_in, int32_t w_in, int32_t c_out, int32_t k_h, int32_t k_w, int32_t stride_h, int32_t stride_w, int32_t pad_h, int32_t pad_w)
     * }
     */
    public static long panagan_conv2d_backward_weight_workspace_size(int n, int c_in, int h_in, int w_in, int c_out, int k_h, int k_w, int stride_h, int stride_w, int pad_h, int pad_w) {
        var mh$ = panagan_conv2d_backward_weight_workspace_size.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("panagan_conv2d_backward_weight_workspace_size", n, c_in, h_in, w_in, c_out, k_h, k_w, stride_h, stride_w, pad_h, pad_w);
            }
            return (long)mh$.invokeExact(n, c_in, h_in, w_in, c_out, k_h, k_w, stride_h, stride_w, pad_h, pad_w);
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class panagan_conv2d_backward_weight {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            panagan_h.C_INT,
            panagan_h.C_POINTER,
            panagan_h.C_POINTER,
            panagan_h.C_POINTER,
            panagan_h.C_POINTER,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_POINTER,
            panagan_h.C_LONG,
            panagan_h.C_POINTER
        );

        public static final MemorySegment ADDR = panagan_h.findOrThrow("panagan_conv2d_backward_weight");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int32_t panagan_conv2d_backward_weight(const float *x, const float *dy, float *dw, float *dbias, int32_t accumulate, int32_t n, int32_t c_in, int32_t h_in, int32_t w_in, int32_t c_out, int32_t k_h, int32_t k_w, int32_t stride_h, int32_t stride_w, int32_t pad_h, int32_t pad_w, void *workspace, int64_t workspace_bytes, panagan_stream_t stream)
     * }
     */
    public static FunctionDescriptor panagan_conv2d_backward_weight$descriptor() {
        return panagan_conv2d_backward_weight.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int32_t panagan_conv2d_backward_weight(const float *x, const float *dy, float *dw, float *dbias, int32_t accumulate, int32_t n, int32_t c_in, int32_t h_in, int32_t w_in, int32_t c_out, int32_t k_h, int32_t k_w, int32_t stride_h, int32_t stride_w, int32_t pad_h, int32_t pad_w, void *workspace, int64_t workspace_bytes, panagan_stream_t stream)
     * }
     */
    public static MethodHandle panagan_conv2d_backward_weight$handle() {
        return panagan_conv2d_backward_weight.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int32_t panagan_conv2d_backward_weight(const float *x, const float *dy, float *dw, float *dbias, int32_t accumulate, int32_t n, int32_t c_in, int32_t h_in, int32_t w_in, int32_t c_out, int32_t k_h, int32_t k_w, int32_t stride_h, int32_t stride_w, int32_t pad_h, int32_t pad_w, void *workspace, int64_t workspace_bytes, panagan_stream_t stream)
     * }
     */
    public static MemorySegment panagan_conv2d_backward_weight$address() {
        return panagan_conv2d_backward_weight.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int32_t panagan_conv2d_backward_weight(const float *x, const float *dy, float *dw, float *dbias, int32_t accumulate, int32_t n, int32_t c_in, int32_t h_in, int32_t w_in, int32_t c_out, int32_t k_h, int32_t k_w, int32_t stride_h, int32_t stride_w, int32_t pad_h, int32_t pad_w, void *workspace, int64_t workspace_bytes, panagan_stream_t stream)
     * }
     */
    public static int panagan_conv2d_backward_weight(MemorySegment x, MemorySegment dy, MemorySegment dw, MemorySegment dbias, int accumulate, int n, int c_in, int h_in, int w_in, int c_out, int k_h, int k_w, int stride_h, int stride_w, int pad_h, int pad_w, MemorySegment workspace, long workspace_bytes, MemorySegment stream) {
        var mh$ = panagan_conv2d_backward_weight.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("panagan_conv2d_backward_weight", x, dy, dw, dbias, accumulate, n, c_in, h_in, w_in, c_out, k_h, k_w, stride_h, stride_w, pad_h, pad_w, workspace, workspace_bytes, stream);
            }
            return (int)mh$.invokeExact(x, dy, dw, dbias, accumulate, n, c_in, h_in, w_in, c_out, k_h, k_w, stride_h, stride_w, pad_h, pad_w, workspace, workspace_bytes, stream);
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class panagan_conv_transpose2d_forward {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            panagan_h.C_INT,
            panagan_h.C_POINTER,
            panagan_h.C_POINTER,
            panagan_h.C_POINTER,
            panagan_h.C_POINTER,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_POINTER
        );

        public static final MemorySegment ADDR = panagan_h.findOrThrow("panagan_conv_transpose2d_forward");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int32_t panagan_conv_transpose2d_forward(const float *x, const float *w, const float *bias, float *y, int32_t n, int32_t c_in, int32_t h_in, int32_t w_in, int32_t c_out, int32_t k_h, int32_t k_w, int32_t stride_h, int32_t stride_w, int32_t pad_h, int32_t pad_w, int32_t out_pad_h, int32_t out_pad_w, panagan_stream_t stream)
     * }
     */
    public static FunctionDescriptor panagan_conv_transpose2d_forward$descriptor() {
        return panagan_conv_transpose2d_forward.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int32_t panagan_conv_transpose2d_forward(const float *x, const float *w, const float *bias, float *y, int32_t n, int32_t c_in, int32_t h_in, int32_t w_in, int32_t c_out, int32_t k_h, int32_t k_w, int32_t stride_h, int32_t stride_w, int32_t pad_h, int32_t pad_w, int32_t out_pad_h, int32_t out_pad_w, panagan_stream_t stream)
     * }
     */
    public static MethodHandle panagan_conv_transpose2d_forward$handle() {
        return panagan_conv_transpose2d_forward.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int32_t panagan_conv_transpose2d_forward(const float *x, const float *w, const float *bias, float *y, int32_t n, int32_t c_in, int32_t h_in, int32_t w_in, int32_t c_out, int32_t k_h, int32_t k_w, int32_t stride_h, int32_t stride_w, int32_t pad_h, int32_t pad_w, int32_t out_pad_h, int32_t out_pad_w, panagan_stream_t stream)
     * }
     */
    public static MemorySegment panagan_conv_transpose2d_forward$address() {
        return panagan_conv_transpose2d_forward.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int32_t panagan_conv_transpose2d_forward(const float *x, const float *w, const float *bias, float *y, int32_t n, int32_t c_in, int32_t h_in, int32_t w_in, int32_t c_out, int32_t k_h, int32_t k_w, int32_t stride_h, int32_t stride_w, int32_t pad_h, int32_t pad_w, int32_t out_pad_h, int32_t out_pad_w, panagan_stream_t stream)
     * }
     */
    public static int panagan_conv_transpose2d_forward(MemorySegment x, MemorySegment w, MemorySegment bias, MemorySegment y, int n, int c_in, int h_in, int w_in, int c_out, int k_h, int k_w, int stride_h, int stride_w, int pad_h, int pad_w, int out_pad_h, int out_pad_w, MemorySegment stream) {
        var mh$ = panagan_conv_transpose2d_forward.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("panagan_conv_transpose2d_forward", x, w, bias, y, n, c_in, h_in, w_in, c_out, k_h, k_w, stride_h, stride_w, pad_h, pad_w, out_pad_h, out_pad_w, stream);
            }
            return (int)mh$.invokeExact(x, w, bias, y, n, c_in, h_in, w_in, c_out, k_h, k_w, stride_h, stride_w, pad_h, pad_w, out_pad_h, out_pad_w, stream);
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class panagan_conv_transpose2d_backward_data {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            panagan_h.C_INT,
            panagan_h.C_POINTER,
            panagan_h.C_POINTER,
            panagan_h.C_POINTER,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_POINTER
        );

        public static final MemorySegment ADDR = panagan_h.findOrThrow("panagan_conv_transpose2d_backward_data");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int32_t panagan_conv_transpose2d_backward_data(const float *dy, const float *w, float *dx, int32_t n, int32_t c_in, int32_t h_in, int32_t w_in, int32_t c_out, int32_t k_h, int32_t k_w, int32_t stride_h, int32_t stride_w, int32_t pad_h, int32_t pad_w, int32_t out_pad_h, int32_t out_pad_w, panagan_stream_t stream)
     * }
     */
    public static FunctionDescriptor panagan_conv_transpose2d_backward_data$descriptor() {
        return panagan_conv_transpose2d_backward_data.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int32_t panagan_conv_transpose2d_backward_data(const float *dy, const float *w, float *dx, int32_t n, int32_t c_in, int32_t h_in, int32_t w_in, int32_t c_out, int32_t k_h, int32_t k_w, int32_t stride_h, int32_t stride_w, int32_t pad_h, int32_t pad_w, int32_t out_pad_h, int32_t out_pad_w, panagan_stream_t stream)
     * }
     */
    public static MethodHandle panagan_conv_transpose2d_backward_data$handle() {
        return panagan_conv_transpose2d_backward_data.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int32_t panagan_conv_transpose2d_backward_data(const float *dy, const float *w, float *dx, int32_t n, int32_t c_in, int32_t h_in, int32_t w_in, int32_t c_out, int32_t k_h, int32_t k_w, int32_t stride_h, int32_t stride_w, int32_t pad_h, int32_t pad_w, int32_t out_pad_h, int32_t out_pad_w, panagan_stream_t stream)
     * }
     */
    public static MemorySegment panagan_conv_transpose2d_backward_data$address() {
        return panagan_conv_transpose2d_backward_data.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int32_t panagan_conv_transpose2d_backward_data(const float *dy, const float *w, float *dx, int32_t n, int32_t c_in, int32_t h_in, int32_t w_in, int32_t c_out, int32_t k_h, int32_t k_w, int32_t stride_h, int32_t stride_w, int32_t pad_h, int32_t pad_w, int32_t out_pad_h, int32_t out_pad_w, panagan_stream_t stream)
     * }
     */
    public static int panagan_conv_transpose2d_backward_data(MemorySegment dy, MemorySegment w, MemorySegment dx, int n, int c_in, int h_in, int w_in, int c_out, int k_h, int k_w, int stride_h, int stride_w, int pad_h, int pad_w, int out_pad_h, int out_pad_w, MemorySegment stream) {
        var mh$ = panagan_conv_transpose2d_backward_data.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("panagan_conv_transpose2d_backward_data", dy, w, dx, n, c_in, h_in, w_in, c_out, k_h, k_w, stride_h, stride_w, pad_h, pad_w, out_pad_h, out_pad_w, stream);
            }
            return (int)mh$.invokeExact(dy, w, dx, n, c_in, h_in, w_in, c_out, k_h, k_w, stride_h, stride_w, pad_h, pad_w, out_pad_h, out_pad_w, stream);
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class panagan_conv_transpose2d_backward_weight_workspace_size {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            panagan_h.C_LONG,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT
        );

        public static final MemorySegment ADDR = panagan_h.findOrThrow("panagan_conv_transpose2d_backward_weight_workspace_size");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int64_t panagan_conv_transpose2d_backward_weight_workspace_size(int32_t n, int32_t c_in, int32_t h_in, int32_t w_in, int32_t c_out, int32_t k_h, int32_t k_w, int32_t stride_h, int32_t stride_w, int32_t pad_h, int32_t pad_w, int32_t out_pad_h, int32_t out_pad_w)
     * }
     */
    public static FunctionDescriptor panagan_conv_transpose2d_backward_weight_workspace_size$descriptor() {
        return panagan_conv_transpose2d_backward_weight_workspace_size.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int64_t panagan_conv_transpose2d_backward_weight_workspace_size(int32_t n, int32_t c_in, int32_t h_in, int32_t w_in, int32_t c_out, int32_t k_h, int32_t k_w, int32_t stride_h, int32_t stride_w, int32_t pad_h, int32_t pad_w, int32_t out_pad_h, int32_t out_pad_w)
     * }
     */
    public static MethodHandle panagan_conv_transpose2d_backward_weight_workspace_size$handle() {
        return panagan_conv_transpose2d_backward_weight_workspace_size.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int64_t panagan_conv_transpose2d_backward_weight_workspace_size(int32_t n, int32_t c_in, int32_t h_in, int32_t w_in, int32_t c_out, int32_t k_h, int32_t k_w, int32_t stride_h, int32_t stride_w, int32_t pad_h, int32_t pad_w, int32_t out_pad_h, int32_t out_pad_w)
     * }
     */
    public static MemorySegment panagan_conv_transpose2d_backward_weight_workspace_size$address() {
        return panagan_conv_transpose2d_backward_weight_workspace_size.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int64_t panagan_conv_transpose2d_backward_weight_workspace_size(int32_t n, int32_t c_in, int32_t h_in, int32_t w_in, int32_t c_out, int32_t k_h, int32_t k_w, int32_t stride_h, int32_t stride_w, int32_t pad_h, int32_t pad_w, int32_t out_pad_h, int32_t out_pad_w)
     * }
     */
    public static long panagan_conv_transpose2d_backward_weight_workspace_size(int n, int c_in, int h_in, int w_in, int c_out, int k_h, int k_w, int stride_h, int stride_w, int pad_h, int pad_w, int out_pad_h, int out_pad_w) {
        var mh$ = panagan_conv_transpose2d_backward_weight_workspace_size.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("panagan_conv_transpose2d_backward_weight_workspace_size", n, c_in, h_in, w_in, c_out, k_h, k_w, stride_h, stride_w, pad_h, pad_w, out_pad_h, out_pad_w);
            }
            return (long)mh$.invokeExact(n, c_in, h_in, w_in, c_out, k_h, k_w, stride_h, stride_w, pad_h, pad_w, out_pad_h, out_pad_w);
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class panagan_conv_transpose2d_backward_weight {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            panagan_h.C_INT,
            panagan_h.C_POINTER,
            panagan_h.C_POINTER,
            panagan_h.C_POINTER,
            panagan_h.C_POINTER,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_POINTER,
            panagan_h.C_LONG,
            panagan_h.C_POINTER
        );

        public static final MemorySegment ADDR = panagan_h.findOrThrow("panagan_conv_transpose2d_backward_weight");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int32_t panagan_conv_transpose2d_backward_weight(const float *x, const float *dy, float *dw, float *dbias, int32_t accumulate, int32_t n, int32_t c_in, int32_t h_in, int32_t w_in, int32_t c_out, int32_t k_h, int32_t k_w, int32_t stride_h, int32_t stride_w, int32_t pad_h, int32_t pad_w, int32_t out_pad_h, int32_t out_pad_w, void *workspace, int64_t workspace_bytes, panagan_stream_t stream)
     * }
     */
    public static FunctionDescriptor panagan_conv_transpose2d_backward_weight$descriptor() {
        return panagan_conv_transpose2d_backward_weight.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int32_t panagan_conv_transpose2d_backward_weight(const float *x, const float *dy, float *dw, float *dbias, int32_t accumulate, int32_t n, int32_t c_in, int32_t h_in, int32_t w_in, int32_t c_out, int32_t k_h, int32_t k_w, int32_t stride_h, int32_t stride_w, int32_t pad_h, int32_t pad_w, int32_t out_pad_h, int32_t out_pad_w, void *workspace, int64_t workspace_bytes, panagan_stream_t stream)
     * }
     */
    public static MethodHandle panagan_conv_transpose2d_backward_weight$handle() {
        return panagan_conv_transpose2d_backward_weight.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int32_t panagan_conv_transpose2d_backward_weight(const float *x, const float *dy, float *dw, float *dbias, int32_t accumulate, int32_t n, int32_t c_in, int32_t h_in, int32_t w_in, int32_t c_out, int32_t k_h, int32_t k_w, int32_t stride_h, int32_t stride_w, int32_t pad_h, int32_t pad_w, int32_t out_pad_h, int32_t out_pad_w, void *workspace, int64_t workspace_bytes, panagan_stream_t stream)
     * }
     */
    public static MemorySegment panagan_conv_transpose2d_backward_weight$address() {
        return panagan_conv_transpose2d_backward_weight.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int32_t panagan_conv_transpose2d_backward_weight(const float *x, const float *dy, float *dw, float *dbias, int32_t accumulate, int32_t n, int32_t c_in, int32_t h_in, int32_t w_in, int32_t c_out, int32_t k_h, int32_t k_w, int32_t stride_h, int32_t stride_w, int32_t pad_h, int32_t pad_w, int32_t out_pad_h, int32_t out_pad_w, void *workspace, int64_t workspace_bytes, panagan_stream_t stream)
     * }
     */
    public static int panagan_conv_transpose2d_backward_weight(MemorySegment x, MemorySegment dy, MemorySegment dw, MemorySegment dbias, int accumulate, int n, int c_in, int h_in, int w_in, int c_out, int k_h, int k_w, int stride_h, int stride_w, int pad_h, int pad_w, int out_pad_h, int out_pad_w, MemorySegment workspace, long workspace_bytes, MemorySegment stream) {
        var mh$ = panagan_conv_transpose2d_backward_weight.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("panagan_conv_transpose2d_backward_weight", x, dy, dw, dbias, accumulate, n, c_in, h_in, w_in, c_out, k_h, k_w, stride_h, stride_w, pad_h, pad_w, out_pad_h, out_pad_w, workspace, workspace_bytes, stream);
            }
            return (int)mh$.invokeExact(x, dy, dw, dbias, accumulate, n, c_in, h_in, w_in, c_out, k_h, k_w, stride_h, stride_w, pad_h, pad_w, out_pad_h, out_pad_w, workspace, workspace_bytes, stream);
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class panagan_batch_norm_workspace_size {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            panagan_h.C_LONG,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT
        );

        public static final MemorySegment ADDR = panagan_h.findOrThrow("panagan_batch_norm_workspace_size");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int64_t panagan_batch_norm_workspace_size(int32_t n, int32_t c, int32_t h, int32_t w)
     * }
     */
    public static FunctionDescriptor panagan_batch_norm_workspace_size$descriptor() {
        return panagan_batch_norm_workspace_size.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int64_t panagan_batch_norm_workspace_size(int32_t n, int32_t c, int32_t h, int32_t w)
     * }
     */
    public static MethodHandle panagan_batch_norm_workspace_size$handle() {
        return panagan_batch_norm_workspace_size.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int64_t panagan_batch_norm_workspace_size(int32_t n, int32_t c, int32_t h, int32_t w)
     * }
     */
    public static MemorySegment panagan_batch_norm_workspace_size$address() {
        return panagan_batch_norm_workspace_size.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int64_t panagan_batch_norm_workspace_size(int32_t n, int32_t c, int32_t h, int32_t w)
     * }
     */
    public static long panagan_batch_norm_workspace_size(int n, int c, int h, int w) {
        var mh$ = panagan_batch_norm_workspace_size.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("panagan_batch_norm_workspace_size", n, c, h, w);
            }
            return (long)mh$.invokeExact(n, c, h, w);
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class panagan_batch_norm_forward_training {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            panagan_h.C_INT,
            panagan_h.C_POINTER,
            panagan_h.C_POINTER,
            panagan_h.C_POINTER,
            panagan_h.C_POINTER,
            panagan_h.C_POINTER,
            panagan_h.C_POINTER,
            panagan_h.C_POINTER,
            panagan_h.C_POINTER,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_FLOAT,
            panagan_h.C_FLOAT,
            panagan_h.C_INT,
            panagan_h.C_FLOAT,
            panagan_h.C_POINTER,
            panagan_h.C_LONG,
            panagan_h.C_POINTER
        );

        public static final MemorySegment ADDR = panagan_h.findOrThrow("panagan_batch_norm_forward_training");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int32_t panagan_batch_norm_forward_training(const float *x, const float *gamma, const float *beta, float *y, float *running_mean, float *running_var, float *save_mean, float *save_invstd, int32_t n, int32_t c, int32_t h, int32_t w, float momentum, float eps, int32_t activation, float slope, void *workspace, int64_t workspace_bytes, panagan_stream_t stream)
     * }
     */
    public static FunctionDescriptor panagan_batch_norm_forward_training$descriptor() {
        return panagan_batch_norm_forward_training.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int32_t panagan_batch_norm_forward_training(const float *x, const float *gamma, const float *beta, float *y, float *running_mean, float *running_var, float *save_mean, float *save_invstd, int32_t n, int32_t c, int32_t h, int32_t w, float momentum, float eps, int32_t activation, float slope, void *workspace, int64_t workspace_bytes, panagan_stream_t stream)
     * }
     */
    public static MethodHandle panagan_batch_norm_forward_training$handle() {
        return panagan_batch_norm_forward_training.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int32_t panagan_batch_norm_forward_training(const float *x, const float *gamma, const float *beta, float *y, float *running_mean, float *running_var, float *save_mean, float *save_invstd, int32_t n, int32_t c, int32_t h, int32_t w, float momentum, float eps, int32_t activation, float slope, void *workspace, int64_t workspace_bytes, panagan_stream_t stream)
     * }
     */
    public static MemorySegment panagan_batch_norm_forward_training$address() {
        return panagan_batch_norm_forward_training.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int32_t panagan_batch_norm_forward_training(const float *x, const float *gamma, const float *beta, float *y, float *running_mean, float *running_var, float *save_mean, float *save_invstd, int32_t n, int32_t c, int32_t h, int32_t w, float momentum, float eps, int32_t activation, float slope, void *workspace, int64_t workspace_bytes, panagan_stream_t stream)
     * }
     */
    public static int panagan_batch_norm_forward_training(MemorySegment x, MemorySegment gamma, MemorySegment beta, MemorySegment y, MemorySegment running_mean, MemorySegment running_var, MemorySegment save_mean, MemorySegment save_invstd, int n, int c, int h, int w, float momentum, float eps, int activation, float slope, MemorySegment workspace, long workspace_bytes, MemorySegment stream) {
        var mh$ = panagan_batch_norm_forward_training.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("panagan_batch_norm_forward_training", x, gamma, beta, y, running_mean, running_var, save_mean, save_invstd, n, c, h, w, momentum, eps, activation, slope, workspace, workspace_bytes, stream);
            }
            return (int)mh$.invokeExact(x, gamma, beta, y, running_mean, running_var, save_mean, save_invstd, n, c, h, w, momentum, eps, activation, slope, workspace, workspace_bytes, stream);
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class panagan_batch_norm_forward_inference {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            panagan_h.C_INT,
            panagan_h.C_POINTER,
            panagan_h.C_POINTER,
            panagan_h.C_POINTER,
            panagan_h.C_POINTER,
            panagan_h.C_POINTER,
            panagan_h.C_POINTER,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_FLOAT,
            panagan_h.C_INT,
            panagan_h.C_FLOAT,
            panagan_h.C_POINTER
        );

        public static final MemorySegment ADDR = panagan_h.findOrThrow("panagan_batch_norm_forward_inference");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int32_t panagan_batch_norm_forward_inference(const float *x, const float *gamma, const float *beta, float *y, const float *running_mean, const float *running_var, int32_t n, int32_t c, int32_t h, int32_t w, float eps, int32_t activation, float slope, panagan_stream_t stream)
     * }
     */
    public static FunctionDescriptor panagan_batch_norm_forward_inference$descriptor() {
        return panagan_batch_norm_forward_inference.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int32_t panagan_batch_norm_forward_inference(const float *x, const float *gamma, const float *beta, float *y, const float *running_mean, const float *running_var, int32_t n, int32_t c, int32_t h, int32_t w, float eps, int32_t activation, float slope, panagan_stream_t stream)
     * }
     */
    public static MethodHandle panagan_batch_norm_forward_inference$handle() {
        return panagan_batch_norm_forward_inference.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int32_t panagan_batch_norm_forward_inference(const float *x, const float *gamma, const float *beta, float *y, const float *running_mean, const float *running_var, int32_t n, int32_t c, int32_t h, int32_t w, float eps, int32_t activation, float slope, panagan_stream_t stream)
     * }
     */
    public static MemorySegment panagan_batch_norm_forward_inference$address() {
        return panagan_batch_norm_forward_inference.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int32_t panagan_batch_norm_forward_inference(const float *x, const float *gamma, const float *beta, float *y, const float *running_mean, const float *running_var, int32_t n, int32_t c, int32_t h, int32_t w, float eps, int32_t activation, float slope, panagan_stream_t stream)
     * }
     */
    public static int panagan_batch_norm_forward_inference(MemorySegment x, MemorySegment gamma, MemorySegment beta, MemorySegment y, MemorySegment running_mean, MemorySegment running_var, int n, int c, int h, int w, float eps, int activation, float slope, MemorySegment stream) {
        var mh$ = panagan_batch_norm_forward_inference.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("panagan_batch_norm_forward_inference", x, gamma, beta, y, running_mean, running_var, n, c, h, w, eps, activation, slope, stream);
            }
            return (int)mh$.invokeExact(x, gamma, beta, y, running_mean, running_var, n, c, h, w, eps, activation, slope, stream);
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class panagan_batch_norm_backward {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            panagan_h.C_INT,
            panagan_h.C_POINTER,
            panagan_h.C_POINTER,
            panagan_h.C_POINTER,
            panagan_h.C_POINTER,
            panagan_h.C_POINTER,
            panagan_h.C_POINTER,
            panagan_h.C_POINTER,
            panagan_h.C_POINTER,
            panagan_h.C_POINTER,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_INT,
            panagan_h.C_FLOAT,
            panagan_h.C_POINTER,
            panagan_h.C_LONG,
            panagan_h.C_POINTER
        );

        public static final MemorySegment ADDR = panagan_h.findOrThrow("panagan_batch_norm_backward");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int32_t panagan_batch_norm_backward(const float *dy, const float *x, const float *gamma, const float *beta, const float *save_mean, const float *save_invstd, float *dx, float *dgamma, float *dbeta, int32_t accumulate, int32_t n, int32_t c, int32_t h, int32_t w, int32_t activation, float slope, void *workspace, int64_t workspace_bytes, panagan_stream_t stream)
     * }
     */
    public static FunctionDescriptor panagan_batch_norm_backward$descriptor() {
        return panagan_batch_norm_backward.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int32_t panagan_batch_norm_backward(const float *dy, const float *x, const float *gamma, const float *beta, const float *save_mean, const float *save_invstd, float *dx, float *dgamma, float *dbeta, int32_t accumulate, int32_t n, int32_t c, int32_t h, int32_t w, int32_t activation, float slope, void *workspace, int64_t workspace_bytes, panagan_stream_t stream)
     * }
     */
    public static MethodHandle panagan_batch_norm_backward$handle() {
        return panagan_batch_norm_backward.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int32_t panagan_batch_norm_backward(const float *dy, const float *x, const float *gamma, const float *beta, const float *save_mean, const float *save_invstd, float *dx, float *dgamma, float *dbeta, int32_t accumulate, int32_t n, int32_t c, int32_t h, int32_t w, int32_t activation, float slope, void *workspace, int64_t workspace_bytes, panagan_stream_t stream)
     * }
     */
    public static MemorySegment panagan_batch_norm_backward$address() {
        return panagan_batch_norm_backward.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int32_t panagan_batch_norm_backward(const float *dy, const float *x, const float *gamma, const float *beta, const float *save_mean, const float *save_invstd, float *dx, float *dgamma, float *dbeta, int32_t accumulate, int32_t n, int32_t c, int32_t h, int32_t w, int32_t activation, float slope, void *workspace, int64_t workspace_bytes, panagan_stream_t stream)
     * }
     */
    public static int panagan_batch_norm_backward(MemorySegment dy, MemorySegment x, MemorySegment gamma, MemorySegment beta, MemorySegment save_mean, MemorySegment save_invstd, MemorySegment dx, MemorySegment dgamma, MemorySegment dbeta, int accumulate, int n, int c, int h, int w, int activation, float slope, MemorySegment workspace, long workspace_bytes, MemorySegment stream) {
        var mh$ = panagan_batch_norm_backward.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("panagan_batch_norm_backward", dy, x, gamma, beta, save_mean, save_invstd, dx, dgamma, dbeta, accumulate, n, c, h, w, activation, slope, workspace, workspace_bytes, stream);
            }
            return (int)mh$.invokeExact(dy, x, gamma, beta, save_mean, save_invstd, dx, dgamma, dbeta, accumulate, n, c, h, w, activation, slope, workspace, workspace_bytes, stream);
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class panagan_relu_forward {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            panagan_h.C_INT,
            panagan_h.C_POINTER,
            panagan_h.C_POINTER,
            panagan_h.C_LONG,
            panagan_h.C_POINTER
        );

        public static final MemorySegment ADDR = panagan_h.findOrThrow("panagan_relu_forward");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int32_t panagan_relu_forward(const float *x, float *y, int64_t count, panagan_stream_t stream)
     * }
     */
    public static FunctionDescriptor panagan_relu_forward$descriptor() {
        return panagan_relu_forward.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int32_t panagan_relu_forward(const float *x, float *y, int64_t count, panagan_stream_t stream)
     * }
     */
    public static MethodHandle panagan_relu_forward$handle() {
        return panagan_relu_forward.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int32_t panagan_relu_forward(const float *x, float *y, int64_t count, panagan_stream_t stream)
     * }
     */
    public static MemorySegment panagan_relu_forward$address() {
        return panagan_relu_forward.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int32_t panagan_relu_forward(const float *x, float *y, int64_t count, panagan_stream_t stream)
     * }
     */
    public static int panagan_relu_forward(MemorySegment x, MemorySegment y, long count, MemorySegment stream) {
        var mh$ = panagan_relu_forward.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("panagan_relu_forward", x, y, count, stream);
            }
            return (int)mh$.invokeExact(x, y, count, stream);
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class panagan_relu_backward {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            panagan_h.C_INT,
            panagan_h.C_POINTER,
            panagan_h.C_POINTER,
            panagan_h.C_POINTER,
            panagan_h.C_LONG,
            panagan_h.C_POINTER
        );

        public static final MemorySegment ADDR = panagan_h.findOrThrow("panagan_relu_backward");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int32_t panagan_relu_backward(const float *dy, const float *y, float *dx, int64_t count, panagan_stream_t stream)
     * }
     */
    public static FunctionDescriptor panagan_relu_backward$descriptor() {
        return panagan_relu_backward.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int32_t panagan_relu_backward(const float *dy, const float *y, float *dx, int64_t count, panagan_stream_t stream)
     * }
     */
    public static MethodHandle panagan_relu_backward$handle() {
        return panagan_relu_backward.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int32_t panagan_relu_backward(const float *dy, const float *y, float *dx, int64_t count, panagan_stream_t stream)
     * }
     */
    public static MemorySegment panagan_relu_backward$address() {
        return panagan_relu_backward.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int32_t panagan_relu_backward(const float *dy, const float *y, float *dx, int64_t count, panagan_stream_t stream)
     * }
     */
    public static int panagan_relu_backward(MemorySegment dy, MemorySegment y, MemorySegment dx, long count, MemorySegment stream) {
        var mh$ = panagan_relu_backward.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("panagan_relu_backward", dy, y, dx, count, stream);
            }
            return (int)mh$.invokeExact(dy, y, dx, count, stream);
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class panagan_leaky_relu_forward {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            panagan_h.C_INT,
            panagan_h.C_POINTER,
            panagan_h.C_POINTER,
            panagan_h.C_LONG,
            panagan_h.C_FLOAT,
            panagan_h.C_POINTER
        );

        public static final MemorySegment ADDR = panagan_h.findOrThrow("panagan_leaky_relu_forward");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int32_t panagan_leaky_relu_forward(const float *x, float *y, int64_t count, float slope, panagan_stream_t stream)
     * }
     */
    public static FunctionDescriptor panagan_leaky_relu_forward$descriptor() {
        return panagan_leaky_relu_forward.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int32_t panagan_leaky_relu_forward(const float *x, float *y, int64_t count, float slope, panagan_stream_t stream)
     * }
     */
    public static MethodHandle panagan_leaky_relu_forward$handle() {
        return panagan_leaky_relu_forward.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int32_t panagan_leaky_relu_forward(const float *x, float *y, int64_t count, float slope, panagan_stream_t stream)
     * }
     */
    public static MemorySegment panagan_leaky_relu_forward$address() {
        return panagan_leaky_relu_forward.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int32_t panagan_leaky_relu_forward(const float *x, float *y, int64_t count, float slope, panagan_stream_t stream)
     * }
     */
    public static int panagan_leaky_relu_forward(MemorySegment x, MemorySegment y, long count, float slope, MemorySegment stream) {
        var mh$ = panagan_leaky_relu_forward.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("panagan_leaky_relu_forward", x, y, count, slope, stream);
            }
            return (int)mh$.invokeExact(x, y, count, slope, stream);
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class panagan_leaky_relu_backward {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            panagan_h.C_INT,
            panagan_h.C_POINTER,
            panagan_h.C_POINTER,
            panagan_h.C_POINTER,
            panagan_h.C_LONG,
            panagan_h.C_FLOAT,
            panagan_h.C_POINTER
        );

        public static final MemorySegment ADDR = panagan_h.findOrThrow("panagan_leaky_relu_backward");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int32_t panagan_leaky_relu_backward(const float *dy, const float *y, float *dx, int64_t count, float slope, panagan_stream_t stream)
     * }
     */
    public static FunctionDescriptor panagan_leaky_relu_backward$descriptor() {
        return panagan_leaky_relu_backward.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int32_t panagan_leaky_relu_backward(const float *dy, const float *y, float *dx, int64_t count, float slope, panagan_stream_t stream)
     * }
     */
    public static MethodHandle panagan_leaky_relu_backward$handle() {
        return panagan_leaky_relu_backward.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int32_t panagan_leaky_relu_backward(const float *dy, const float *y, float *dx, int64_t count, float slope, panagan_stream_t stream)
     * }
     */
    public static MemorySegment panagan_leaky_relu_backward$address() {
        return panagan_leaky_relu_backward.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int32_t panagan_leaky_relu_backward(const float *dy, const float *y, float *dx, int64_t count, float slope, panagan_stream_t stream)
     * }
     */
    public static int panagan_leaky_relu_backward(MemorySegment dy, MemorySegment y, MemorySegment dx, long count, float slope, MemorySegment stream) {
        var mh$ = panagan_leaky_relu_backward.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("panagan_leaky_relu_backward", dy, y, dx, count, slope, stream);
            }
            return (int)mh$.invokeExact(dy, y, dx, count, slope, stream);
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class panagan_tanh_forward {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            panagan_h.C_INT,
            panagan_h.C_POINTER,
            panagan_h.C_POINTER,
            panagan_h.C_LONG,
            panagan_h.C_POINTER
        );

        public static final MemorySegment ADDR = panagan_h.findOrThrow("panagan_tanh_forward");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int32_t panagan_tanh_forward(const float *x, float *y, int64_t count, panagan_stream_t stream)
     * }
     */
    public static FunctionDescriptor panagan_tanh_forward$descriptor() {
        return panagan_tanh_forward.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int32_t panagan_tanh_forward(const float *x, float *y, int64_t count, panagan_stream_t stream)
     * }
     */
    public static MethodHandle panagan_tanh_forward$handle() {
        return panagan_tanh_forward.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int32_t panagan_tanh_forward(const float *x, float *y, int64_t count, panagan_stream_t stream)
     * }
     */
    public static MemorySegment panagan_tanh_forward$address() {
        return panagan_tanh_forward.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int32_t panagan_tanh_forward(const float *x, float *y, int64_t count, panagan_stream_t stream)
     * }
     */
    public static int panagan_tanh_forward(MemorySegment x, MemorySegment y, long count, MemorySegment stream) {
        var mh$ = panagan_tanh_forward.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("panagan_tanh_forward", x, y, count, stream);
            }
            return (int)mh$.invokeExact(x, y, count, stream);
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class panagan_tanh_backward {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            panagan_h.C_INT,
            panagan_h.C_POINTER,
            panagan_h.C_POINTER,
            panagan_h.C_POINTER,
            panagan_h.C_LONG,
            panagan_h.C_POINTER
        );

        public static final MemorySegment ADDR = panagan_h.findOrThrow("panagan_tanh_backward");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int32_t panagan_tanh_backward(const float *dy, const float *y, float *dx, int64_t count, panagan_stream_t stream)
     * }
     */
    public static FunctionDescriptor panagan_tanh_backward$descriptor() {
        return panagan_tanh_backward.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int32_t panagan_tanh_backward(const float *dy, const float *y, float *dx, int64_t count, panagan_stream_t stream)
     * }
     */
    public static MethodHandle panagan_tanh_backward$handle() {
        return panagan_tanh_backward.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int32_t panagan_tanh_backward(const float *dy, const float *y, float *dx, int64_t count, panagan_stream_t stream)
     * }
     */
    public static MemorySegment panagan_tanh_backward$address() {
        return panagan_tanh_backward.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int32_t panagan_tanh_backward(const float *dy, const float *y, float *dx, int64_t count, panagan_stream_t stream)
     * }
     */
    public static int panagan_tanh_backward(MemorySegment dy, MemorySegment y, MemorySegment dx, long count, MemorySegment stream) {
        var mh$ = panagan_tanh_backward.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("panagan_tanh_backward", dy, y, dx, count, stream);
            }
            return (int)mh$.invokeExact(dy, y, dx, count, stream);
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class panagan_sigmoid_forward {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            panagan_h.C_INT,
            panagan_h.C_POINTER,
            panagan_h.C_POINTER,
            panagan_h.C_LONG,
            panagan_h.C_POINTER
        );

        public static final MemorySegment ADDR = panagan_h.findOrThrow("panagan_sigmoid_forward");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int32_t panagan_sigmoid_forward(const float *x, float *y, int64_t count, panagan_stream_t stream)
     * }
     */
    public static FunctionDescriptor panagan_sigmoid_forward$descriptor() {
        return panagan_sigmoid_forward.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int32_t panagan_sigmoid_forward(const float *x, float *y, int64_t count, panagan_stream_t stream)
     * }
     */
    public static MethodHandle panagan_sigmoid_forward$handle() {
        return panagan_sigmoid_forward.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int32_t panagan_sigmoid_forward(const float *x, float *y, int64_t count, panagan_stream_t stream)
     * }
     */
    public static MemorySegment panagan_sigmoid_forward$address() {
        return panagan_sigmoid_forward.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int32_t panagan_sigmoid_forward(const float *x, float *y, int64_t count, panagan_stream_t stream)
     * }
     */
    public static int panagan_sigmoid_forward(MemorySegment x, MemorySegment y, long count, MemorySegment stream) {
        var mh$ = panagan_sigmoid_forward.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("panagan_sigmoid_forward", x, y, count, stream);
            }
            return (int)mh$.invokeExact(x, y, count, stream);
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class panagan_sigmoid_backward {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            panagan_h.C_INT,
            panagan_h.C_POINTER,
            panagan_h.C_POINTER,
            panagan_h.C_POINTER,
            panagan_h.C_LONG,
            panagan_h.C_POINTER
        );

        public static final MemorySegment ADDR = panagan_h.findOrThrow("panagan_sigmoid_backward");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int32_t panagan_sigmoid_backward(const float *dy, const float *y, float *dx, int64_t count, panagan_stream_t stream)
     * }
     */
    public static FunctionDescriptor panagan_sigmoid_backward$descriptor() {
        return panagan_sigmoid_backward.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int32_t panagan_sigmoid_backward(const float *dy, const float *y, float *dx, int64_t count, panagan_stream_t stream)
     * }
     */
    public static MethodHandle panagan_sigmoid_backward$handle() {
        return panagan_sigmoid_backward.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int32_t panagan_sigmoid_backward(const float *dy, const float *y, float *dx, int64_t count, panagan_stream_t stream)
     * }
     */
    public static MemorySegment panagan_sigmoid_backward$address() {
        return panagan_sigmoid_backward.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int32_t panagan_sigmoid_backward(const float *dy, const float *y, float *dx, int64_t count, panagan_stream_t stream)
     * }
     */
    public static int panagan_sigmoid_backward(MemorySegment dy, MemorySegment y, MemorySegment dx, long count, MemorySegment stream) {
        var mh$ = panagan_sigmoid_backward.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("panagan_sigmoid_backward", dy, y, dx, count, stream);
            }
            return (int)mh$.invokeExact(dy, y, dx, count, stream);
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class panagan_bce_with_logits_forward {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            panagan_h.C_INT,
            panagan_h.C_POINTER,
            panagan_h.C_POINTER,
            panagan_h.C_LONG,
            panagan_h.C_FLOAT,
            panagan_h.C_POINTER
        );

        public static final MemorySegment ADDR = panagan_h.findOrThrow("panagan_bce_with_logits_forward");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int32_t panagan_bce_with_logits_forward(const float *logits, float *loss, int64_t count, float target, panagan_stream_t stream)
     * }
     */
    public static FunctionDescriptor panagan_bce_with_logits_forward$descriptor() {
        return panagan_bce_with_logits_forward.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int32_t panagan_bce_with_logits_forward(const float *logits, float *loss, int64_t count, float target, panagan_stream_t stream)
     * }
     */
    public static MethodHandle panagan_bce_with_logits_forward$handle() {
        return panagan_bce_with_logits_forward.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int32_t panagan_bce_with_logits_forward(const float *logits, float *loss, int64_t count, float target, panagan_stream_t stream)
     * }
     */
    public static MemorySegment panagan_bce_with_logits_forward$address() {
        return panagan_bce_with_logits_forward.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int32_t panagan_bce_with_logits_forward(const float *logits, float *loss, int64_t count, float target, panagan_stream_t stream)
     * }
     */
    public static int panagan_bce_with_logits_forward(MemorySegment logits, MemorySegment loss, long count, float target, MemorySegment stream) {
        var mh$ = panagan_bce_with_logits_forward.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("panagan_bce_with_logits_forward", logits, loss, count, target, stream);
            }
            return (int)mh$.invokeExact(logits, loss, count, target, stream);
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class panagan_bce_with_logits_backward {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            panagan_h.C_INT,
            panagan_h.C_POINTER,
            panagan_h.C_POINTER,
            panagan_h.C_LONG,
            panagan_h.C_FLOAT,
            panagan_h.C_FLOAT,
            panagan_h.C_POINTER
        );

        public static final MemorySegment ADDR = panagan_h.findOrThrow("panagan_bce_with_logits_backward");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int32_t panagan_bce_with_logits_backward(const float *logits, float *dlogits, int64_t count, float target, float grad_scale, panagan_stream_t stream)
     * }
     */
    public static FunctionDescriptor panagan_bce_with_logits_backward$descriptor() {
        return panagan_bce_with_logits_backward.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int32_t panagan_bce_with_logits_backward(const float *logits, float *dlogits, int64_t count, float target, float grad_scale, panagan_stream_t stream)
     * }
     */
    public static MethodHandle panagan_bce_with_logits_backward$handle() {
        return panagan_bce_with_logits_backward.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int32_t panagan_bce_with_logits_backward(const float *logits, float *dlogits, int64_t count, float target, float grad_scale, panagan_stream_t stream)
     * }
     */
    public static MemorySegment panagan_bce_with_logits_backward$address() {
        return panagan_bce_with_logits_backward.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int32_t panagan_bce_with_logits_backward(const float *logits, float *dlogits, int64_t count, float target, float grad_scale, panagan_stream_t stream)
     * }
     */
    public static int panagan_bce_with_logits_backward(MemorySegment logits, MemorySegment dlogits, long count, float target, float grad_scale, MemorySegment stream) {
        var mh$ = panagan_bce_with_logits_backward.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("panagan_bce_with_logits_backward", logits, dlogits, count, target, grad_scale, stream);
            }
            return (int)mh$.invokeExact(logits, dlogits, count, target, grad_scale, stream);
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class panagan_adam_step {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            panagan_h.C_INT,
            panagan_h.C_POINTER,
            panagan_h.C_POINTER,
            panagan_h.C_POINTER,
            panagan_h.C_POINTER,
            panagan_h.C_LONG,
            panagan_h.C_POINTER,
            panagan_h.C_FLOAT,
            panagan_h.C_FLOAT,
            panagan_h.C_FLOAT,
            panagan_h.C_FLOAT,
            panagan_h.C_POINTER
        );

        public static final MemorySegment ADDR = panagan_h.findOrThrow("panagan_adam_step");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int32_t panagan_adam_step(float *param, const float *grad, float *exp_avg, float *exp_avg_sq, int64_t count, const int64_t *step, float lr, float beta1, float beta2, float eps, panagan_stream_t stream)
     * }
     */
    public static FunctionDescriptor panagan_adam_step$descriptor() {
        return panagan_adam_step.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int32_t panagan_adam_step(float *param, const float *grad, float *exp_avg, float *exp_avg_sq, int64_t count, const int64_t *step, float lr, float beta1, float beta2, float eps, panagan_stream_t stream)
     * }
     */
    public static MethodHandle panagan_adam_step$handle() {
        return panagan_adam_step.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int32_t panagan_adam_step(float *param, const float *grad, float *exp_avg, float *exp_avg_sq, int64_t count, const int64_t *step, float lr, float beta1, float beta2, float eps, panagan_stream_t stream)
     * }
     */
    public static MemorySegment panagan_adam_step$address() {
        return panagan_adam_step.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int32_t panagan_adam_step(float *param, const float *grad, float *exp_avg, float *exp_avg_sq, int64_t count, const int64_t *step, float lr, float beta1, float beta2, float eps, panagan_stream_t stream)
     * }
     */
    public static int panagan_adam_step(MemorySegment param, MemorySegment grad, MemorySegment exp_avg, MemorySegment exp_avg_sq, long count, MemorySegment step, float lr, float beta1, float beta2, float eps, MemorySegment stream) {
        var mh$ = panagan_adam_step.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("panagan_adam_step", param, grad, exp_avg, exp_avg_sq, count, step, lr, beta1, beta2, eps, stream);
            }
            return (int)mh$.invokeExact(param, grad, exp_avg, exp_avg_sq, count, step, lr, beta1, beta2, eps, stream);
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class panagan_fill {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            panagan_h.C_INT,
            panagan_h.C_POINTER,
            panagan_h.C_LONG,
            panagan_h.C_FLOAT,
            panagan_h.C_POINTER
        );

        public static final MemorySegment ADDR = panagan_h.findOrThrow("panagan_fill");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int32_t panagan_fill(float *x, int64_t count, float value, panagan_stream_t stream)
     * }
     */
    public static FunctionDescriptor panagan_fill$descriptor() {
        return panagan_fill.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int32_t panagan_fill(float *x, int64_t count, float value, panagan_stream_t stream)
     * }
     */
    public static MethodHandle panagan_fill$handle() {
        return panagan_fill.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int32_t panagan_fill(float *x, int64_t count, float value, panagan_stream_t stream)
     * }
     */
    public static MemorySegment panagan_fill$address() {
        return panagan_fill.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int32_t panagan_fill(float *x, int64_t count, float value, panagan_stream_t stream)
     * }
     */
    public static int panagan_fill(MemorySegment x, long count, float value, MemorySegment stream) {
        var mh$ = panagan_fill.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("panagan_fill", x, count, value, stream);
            }
            return (int)mh$.invokeExact(x, count, value, stream);
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class panagan_scale {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            panagan_h.C_INT,
            panagan_h.C_POINTER,
            panagan_h.C_LONG,
            panagan_h.C_FLOAT,
            panagan_h.C_POINTER
        );

        public static final MemorySegment ADDR = panagan_h.findOrThrow("panagan_scale");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int32_t panagan_scale(float *x, int64_t count, float alpha, panagan_stream_t stream)
     * }
     */
    public static FunctionDescriptor panagan_scale$descriptor() {
        return panagan_scale.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int32_t panagan_scale(float *x, int64_t count, float alpha, panagan_stream_t stream)
     * }
     */
    public static MethodHandle panagan_scale$handle() {
        return panagan_scale.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int32_t panagan_scale(float *x, int64_t count, float alpha, panagan_stream_t stream)
     * }
     */
    public static MemorySegment panagan_scale$address() {
        return panagan_scale.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int32_t panagan_scale(float *x, int64_t count, float alpha, panagan_stream_t stream)
     * }
     */
    public static int panagan_scale(MemorySegment x, long count, float alpha, MemorySegment stream) {
        var mh$ = panagan_scale.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("panagan_scale", x, count, alpha, stream);
            }
            return (int)mh$.invokeExact(x, count, alpha, stream);
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class panagan_axpy {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            panagan_h.C_INT,
            panagan_h.C_POINTER,
            panagan_h.C_POINTER,
            panagan_h.C_LONG,
            panagan_h.C_FLOAT,
            panagan_h.C_POINTER
        );

        public static final MemorySegment ADDR = panagan_h.findOrThrow("panagan_axpy");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int32_t panagan_axpy(const float *x, float *y, int64_t count, float alpha, panagan_stream_t stream)
     * }
     */
    public static FunctionDescriptor panagan_axpy$descriptor() {
        return panagan_axpy.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int32_t panagan_axpy(const float *x, float *y, int64_t count, float alpha, panagan_stream_t stream)
     * }
     */
    public static MethodHandle panagan_axpy$handle() {
        return panagan_axpy.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int32_t panagan_axpy(const float *x, float *y, int64_t count, float alpha, panagan_stream_t stream)
     * }
     */
    public static MemorySegment panagan_axpy$address() {
        return panagan_axpy.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int32_t panagan_axpy(const float *x, float *y, int64_t count, float alpha, panagan_stream_t stream)
     * }
     */
    public static int panagan_axpy(MemorySegment x, MemorySegment y, long count, float alpha, MemorySegment stream) {
        var mh$ = panagan_axpy.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("panagan_axpy", x, y, count, alpha, stream);
            }
            return (int)mh$.invokeExact(x, y, count, alpha, stream);
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class panagan_copy {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            panagan_h.C_INT,
            panagan_h.C_POINTER,
            panagan_h.C_POINTER,
            panagan_h.C_LONG,
            panagan_h.C_POINTER
        );

        public static final MemorySegment ADDR = panagan_h.findOrThrow("panagan_copy");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int32_t panagan_copy(const float *src, float *dst, int64_t count, panagan_stream_t stream)
     * }
     */
    public static FunctionDescriptor panagan_copy$descriptor() {
        return panagan_copy.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int32_t panagan_copy(const float *src, float *dst, int64_t count, panagan_stream_t stream)
     * }
     */
    public static MethodHandle panagan_copy$handle() {
        return panagan_copy.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int32_t panagan_copy(const float *src, float *dst, int64_t count, panagan_stream_t stream)
     * }
     */
    public static MemorySegment panagan_copy$address() {
        return panagan_copy.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int32_t panagan_copy(const float *src, float *dst, int64_t count, panagan_stream_t stream)
     * }
     */
    public static int panagan_copy(MemorySegment src, MemorySegment dst, long count, MemorySegment stream) {
        var mh$ = panagan_copy.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("panagan_copy", src, dst, count, stream);
            }
            return (int)mh$.invokeExact(src, dst, count, stream);
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class panagan_sum {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            panagan_h.C_INT,
            panagan_h.C_POINTER,
            panagan_h.C_LONG,
            panagan_h.C_POINTER,
            panagan_h.C_POINTER
        );

        public static final MemorySegment ADDR = panagan_h.findOrThrow("panagan_sum");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int32_t panagan_sum(const float *x, int64_t count, float *result, panagan_stream_t stream)
     * }
     */
    public static FunctionDescriptor panagan_sum$descriptor() {
        return panagan_sum.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int32_t panagan_sum(const float *x, int64_t count, float *result, panagan_stream_t stream)
     * }
     */
    public static MethodHandle panagan_sum$handle() {
        return panagan_sum.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int32_t panagan_sum(const float *x, int64_t count, float *result, panagan_stream_t stream)
     * }
     */
    public static MemorySegment panagan_sum$address() {
        return panagan_sum.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int32_t panagan_sum(const float *x, int64_t count, float *result, panagan_stream_t stream)
     * }
     */
    public static int panagan_sum(MemorySegment x, long count, MemorySegment result, MemorySegment stream) {
        var mh$ = panagan_sum.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("panagan_sum", x, count, result, stream);
            }
            return (int)mh$.invokeExact(x, count, result, stream);
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class panagan_mean {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            panagan_h.C_INT,
            panagan_h.C_POINTER,
            panagan_h.C_LONG,
            panagan_h.C_POINTER,
            panagan_h.C_POINTER
        );

        public static final MemorySegment ADDR = panagan_h.findOrThrow("panagan_mean");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int32_t panagan_mean(const float *x, int64_t count, float *result, panagan_stream_t stream)
     * }
     */
    public static FunctionDescriptor panagan_mean$descriptor() {
        return panagan_mean.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int32_t panagan_mean(const float *x, int64_t count, float *result, panagan_stream_t stream)
     * }
     */
    public static MethodHandle panagan_mean$handle() {
        return panagan_mean.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int32_t panagan_mean(const float *x, int64_t count, float *result, panagan_stream_t stream)
     * }
     */
    public static MemorySegment panagan_mean$address() {
        return panagan_mean.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int32_t panagan_mean(const float *x, int64_t count, float *result, panagan_stream_t stream)
     * }
     */
    public static int panagan_mean(MemorySegment x, long count, MemorySegment result, MemorySegment stream) {
        var mh$ = panagan_mean.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("panagan_mean", x, count, result, stream);
            }
            return (int)mh$.invokeExact(x, count, result, stream);
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class panagan_count_nonfinite {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            panagan_h.C_INT,
            panagan_h.C_POINTER,
            panagan_h.C_LONG,
            panagan_h.C_POINTER,
            panagan_h.C_POINTER
        );

        public static final MemorySegment ADDR = panagan_h.findOrThrow("panagan_count_nonfinite");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int32_t panagan_count_nonfinite(const float *x, int64_t count, int32_t *result, panagan_stream_t stream)
     * }
     */
    public static FunctionDescriptor panagan_count_nonfinite$descriptor() {
        return panagan_count_nonfinite.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int32_t panagan_count_nonfinite(const float *x, int64_t count, int32_t *result, panagan_stream_t stream)
     * }
     */
    public static MethodHandle panagan_count_nonfinite$handle() {
        return panagan_count_nonfinite.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int32_t panagan_count_nonfinite(const float *x, int64_t count, int32_t *result, panagan_stream_t stream)
     * }
     */
    public static MemorySegment panagan_count_nonfinite$address() {
        return panagan_count_nonfinite.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int32_t panagan_count_nonfinite(const float *x, int64_t count, int32_t *result, panagan_stream_t stream)
     * }
     */
    public static int panagan_count_nonfinite(MemorySegment x, long count, MemorySegment result, MemorySegment stream) {
        var mh$ = panagan_count_nonfinite.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("panagan_count_nonfinite", x, count, result, stream);
            }
            return (int)mh$.invokeExact(x, count, result, stream);
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class panagan_increment {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            panagan_h.C_INT,
            panagan_h.C_POINTER,
            panagan_h.C_POINTER
        );

        public static final MemorySegment ADDR = panagan_h.findOrThrow("panagan_increment");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int32_t panagan_increment(int64_t *counter, panagan_stream_t stream)
     * }
     */
    public static FunctionDescriptor panagan_increment$descriptor() {
        return panagan_increment.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int32_t panagan_increment(int64_t *counter, panagan_stream_t stream)
     * }
     */
    public static MethodHandle panagan_increment$handle() {
        return panagan_increment.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int32_t panagan_increment(int64_t *counter, panagan_stream_t stream)
     * }
     */
    public static MemorySegment panagan_increment$address() {
        return panagan_increment.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int32_t panagan_increment(int64_t *counter, panagan_stream_t stream)
     * }
     */
    public static int panagan_increment(MemorySegment counter, MemorySegment stream) {
        var mh$ = panagan_increment.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("panagan_increment", counter, stream);
            }
            return (int)mh$.invokeExact(counter, stream);
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class panagan_gather_images_u8 {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            panagan_h.C_INT,
            panagan_h.C_POINTER,
            panagan_h.C_LONG,
            panagan_h.C_LONG,
            panagan_h.C_POINTER,
            panagan_h.C_INT,
            panagan_h.C_POINTER,
            panagan_h.C_POINTER
        );

        public static final MemorySegment ADDR = panagan_h.findOrThrow("panagan_gather_images_u8");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int32_t panagan_gather_images_u8(const uint8_t *images, int64_t image_elements, int64_t image_count, const int32_t *indices, int32_t n, float *out, panagan_stream_t stream)
     * }
     */
    public static FunctionDescriptor panagan_gather_images_u8$descriptor() {
        return panagan_gather_images_u8.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int32_t panagan_gather_images_u8(const uint8_t *images, int64_t image_elements, int64_t image_count, const int32_t *indices, int32_t n, float *out, panagan_stream_t stream)
     * }
     */
    public static MethodHandle panagan_gather_images_u8$handle() {
        return panagan_gather_images_u8.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int32_t panagan_gather_images_u8(const uint8_t *images, int64_t image_elements, int64_t image_count, const int32_t *indices, int32_t n, float *out, panagan_stream_t stream)
     * }
     */
    public static MemorySegment panagan_gather_images_u8$address() {
        return panagan_gather_images_u8.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int32_t panagan_gather_images_u8(const uint8_t *images, int64_t image_elements, int64_t image_count, const int32_t *indices, int32_t n, float *out, panagan_stream_t stream)
     * }
     */
    public static int panagan_gather_images_u8(MemorySegment images, long image_elements, long image_count, MemorySegment indices, int n, MemorySegment out, MemorySegment stream) {
        var mh$ = panagan_gather_images_u8.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("panagan_gather_images_u8", images, image_elements, image_count, indices, n, out, stream);
            }
            return (int)mh$.invokeExact(images, image_elements, image_count, indices, n, out, stream);
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }
}
