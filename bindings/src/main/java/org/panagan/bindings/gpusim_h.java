// jextract's layout for gpusim/gpusim_control.h; regenerate with bindings/jextract.sh

package org.panagan.bindings;

import java.lang.invoke.*;
import java.lang.foreign.*;
import java.nio.ByteOrder;
import java.util.*;
import java.util.function.*;
import java.util.stream.*;

import static java.lang.foreign.ValueLayout.*;
import static java.lang.foreign.MemoryLayout.PathElement.*;

public class gpusim_h {

    gpusim_h() {
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

    static final SymbolLookup SYMBOL_LOOKUP = NativeLibraries.gpusimLookup();

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

    private static class gpusim_live_allocations {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            gpusim_h.C_LONG
        );

        public static final MemorySegment ADDR = gpusim_h.findOrThrow("gpusim_live_allocations");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int64_t gpusim_live_allocations()
     * }
     */
    public static FunctionDescriptor gpusim_live_allocations$descriptor() {
        return gpusim_live_allocations.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int64_t gpusim_live_allocations()
     * }
     */
    public static MethodHandle gpusim_live_allocations$handle() {
        return gpusim_live_allocations.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int64_t gpusim_live_allocations()
     * }
     */
    public static MemorySegment gpusim_live_allocations$address() {
        return gpusim_live_allocations.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int64_t gpusim_live_allocations()
     * }
     */
    public static long gpusim_live_allocations() {
        var mh$ = gpusim_live_allocations.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("gpusim_live_allocations");
            }
            return (long)mh$.invokeExact();
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class gpusim_live_bytes {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            gpusim_h.C_LONG
        );

        public static final MemorySegment ADDR = gpusim_h.findOrThrow("gpusim_live_bytes");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int64_t gpusim_live_bytes()
     * }
     */
    public static FunctionDescriptor gpusim_live_bytes$descriptor() {
        return gpusim_live_bytes.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int64_t gpusim_live_bytes()
     * }
     */
    public static MethodHandle gpusim_live_bytes$handle() {
        return gpusim_live_bytes.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int64_t gpusim_live_bytes()
     * }
     */
    public static MemorySegment gpusim_live_bytes$address() {
        return gpusim_live_bytes.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int64_t gpusim_live_bytes()
     * }
     */
    public static long gpusim_live_bytes() {
        var mh$ = gpusim_live_bytes.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("gpusim_live_bytes");
            }
            return (long)mh$.invokeExact();
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class gpusim_fail_allocation_after {
        public static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(
            gpusim_h.C_LONG
        );

        public static final MemorySegment ADDR = gpusim_h.findOrThrow("gpusim_fail_allocation_after");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * void gpusim_fail_allocation_after(int64_t k)
     * }
     */
    public static FunctionDescriptor gpusim_fail_allocation_after$descriptor() {
        return gpusim_fail_allocation_after.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * void gpusim_fail_allocation_after(int64_t k)
     * }
     */
    public static MethodHandle gpusim_fail_allocation_after$handle() {
        return gpusim_fail_allocation_after.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * void gpusim_fail_allocation_after(int64_t k)
     * }
     */
    public static MemorySegment gpusim_fail_allocation_after$address() {
        return gpusim_fail_allocation_after.ADDR;
    }

    /**
     * {@snippet lang=c :
     * void gpusim_fail_allocation_after(int64_t k)
     * }
     */
    public static void gpusim_fail_allocation_after(long k) {
        var mh$ = gpusim_fail_allocation_after.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("gpusim_fail_allocation_after", k);
            }
            mh$.invokeExact(k);
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class gpusim_set_memory_budget {
        public static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(
            gpusim_h.C_LONG
        );

        public static final MemorySegment ADDR = gpusim_h.findOrThrow("gpusim_set_memory_budget");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * void gpusim_set_memory_budget(int64_t bytes)
     * }
     */
    public static FunctionDescriptor gpusim_set_memory_budget$descriptor() {
        return gpusim_set_memory_budget.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * void gpusim_set_memory_budget(int64_t bytes)
     * }
     */
    public static MethodHandle gpusim_set_memory_budget$handle() {
        return gpusim_set_memory_budget.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * void gpusim_set_memory_budget(int64_t bytes)
     * }
     */
    public static MemorySegment gpusim_set_memory_budget$address() {
        return gpusim_set_memory_budget.ADDR;
    }

    /**
     * {@snippet lang=c :
     * void gpusim_set_memory_budget(int64_t bytes)
     * }
     */
    public static void gpusim_set_memory_budget(long bytes) {
        var mh$ = gpusim_set_memory_budget.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("gpusim_set_memory_budget", bytes);
            }
            mh$.invokeExact(bytes);
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class gpusim_last_fault {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            gpusim_h.C_POINTER
        );

        public static final MemorySegment ADDR = gpusim_h.findOrThrow("gpusim_last_fault");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * const char *gpusim_last_fault()
     * }
     */
    public static FunctionDescriptor gpusim_last_fault$descriptor() {
        return gpusim_last_fault.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * const char *gpusim_last_fault()
     * }
     */
    public static MethodHandle gpusim_last_fault$handle() {
        return gpusim_last_fault.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * const char *gpusim_last_fault()
     * }
     */
    public static MemorySegment gpusim_last_fault$address() {
        return gpusim_last_fault.ADDR;
    }

    /**
     * {@snippet lang=c :
     * const char *gpusim_last_fault()
     * }
     */
    public static MemorySegment gpusim_last_fault() {
        var mh$ = gpusim_last_fault.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("gpusim_last_fault");
            }
            return (MemorySegment)mh$.invokeExact();
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class gpusim_clear_fault {
        public static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(
        );

        public static final MemorySegment ADDR = gpusim_h.findOrThrow("gpusim_clear_fault");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * void gpusim_clear_fault()
     * }
     */
    public static FunctionDescriptor gpusim_clear_fault$descriptor() {
        return gpusim_clear_fault.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * void gpusim_clear_fault()
     * }
     */
    public static MethodHandle gpusim_clear_fault$handle() {
        return gpusim_clear_fault.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * void gpusim_clear_fault()
     * }
     */
    public static MemorySegment gpusim_clear_fault$address() {
        return gpusim_clear_fault.ADDR;
    }

    /**
     * {@snippet lang=c :
     * void gpusim_clear_fault()
     * }
     */
    public static void gpusim_clear_fault() {
        var mh$ = gpusim_clear_fault.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("gpusim_clear_fault");
            }
            mh$.invokeExact();
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class gpusim_set_option {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            gpusim_h.C_INT,
            gpusim_h.C_POINTER,
            gpusim_h.C_POINTER
        );

        public static final MemorySegment ADDR = gpusim_h.findOrThrow("gpusim_set_option");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int gpusim_set_option(const char *name, const char *value)
     * }
     */
    public static FunctionDescriptor gpusim_set_option$descriptor() {
        return gpusim_set_option.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int gpusim_set_option(const char *name, const char *value)
     * }
     */
    public static MethodHandle gpusim_set_option$handle() {
        return gpusim_set_option.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int gpusim_set_option(const char *name, const char *value)
     * }
     */
    public static MemorySegment gpusim_set_option$address() {
        return gpusim_set_option.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int gpusim_set_option(const char *name, const char *value)
     * }
     */
    public static int gpusim_set_option(MemorySegment name, MemorySegment value) {
        var mh$ = gpusim_set_option.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("gpusim_set_option", name, value);
            }
            return (int)mh$.invokeExact(name, value);
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class gpusim_last_error_detail {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            gpusim_h.C_POINTER
        );

        public static final MemorySegment ADDR = gpusim_h.findOrThrow("gpusim_last_error_detail");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * const char *gpusim_last_error_detail()
     * }
     */
    public static FunctionDescriptor gpusim_last_error_detail$descriptor() {
        return gpusim_last_error_detail.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * const char *gpusim_last_error_detail()
     * }
     */
    public static MethodHandle gpusim_last_error_detail$handle() {
        return gpusim_last_error_detail.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * const char *gpusim_last_error_detail()
     * }
     */
    public static MemorySegment gpusim_last_error_detail$address() {
        return gpusim_last_error_detail.ADDR;
    }

    /**
     * {@snippet lang=c :
     * const char *gpusim_last_error_detail()
     * }
     */
    public static MemorySegment gpusim_last_error_detail() {
        var mh$ = gpusim_last_error_detail.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("gpusim_last_error_detail");
            }
            return (MemorySegment)mh$.invokeExact();
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class gpusim_launch_count {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            gpusim_h.C_LONG
        );

        public static final MemorySegment ADDR = gpusim_h.findOrThrow("gpusim_launch_count");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int64_t gpusim_launch_count()
     * }
     */
    public static FunctionDescriptor gpusim_launch_count$descriptor() {
        return gpusim_launch_count.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int64_t gpusim_launch_count()
     * }
     */
    public static MethodHandle gpusim_launch_count$handle() {
        return gpusim_launch_count.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int64_t gpusim_launch_count()
     * }
     */
    public static MemorySegment gpusim_launch_count$address() {
        return gpusim_launch_count.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int64_t gpusim_launch_count()
     * }
     */
    public static long gpusim_launch_count() {
        var mh$ = gpusim_launch_count.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("gpusim_launch_count");
            }
            return (long)mh$.invokeExact();
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }
}
