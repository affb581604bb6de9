package org.panagan.bindings;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * A CUDA device's name, from cudaGetDeviceProperties. Written by hand, outside jextract's
 * layout: {@code struct cudaDeviceProp} changes size between CUDA releases, and binding it would
 * pull its whole layout into {@link cuda_runtime_h} for one field. Its first field is
 * {@code char name[256]} in every release, so the call gets a buffer larger than the struct
 * has ever been and only those 256 bytes are read.
 */
public final class CudaDeviceName {

    private static final int NAME_BYTES = 256;
    /** Larger than cudaDeviceProp in any CUDA release (about 1 KiB), so the call cannot overrun. */
    private static final long PROPERTIES_BYTES = 16 * 1024;

    private CudaDeviceName() {
    }

    /**
     * The name of device {@code device} of the bound CUDA runtime (the simulator's or the real
     * one), or empty where the runtime does not report one.
     */
    public static Optional<String> of(int device) {
        SymbolLookup runtime = NativeLibraries.cudaRuntimeLookup();
        Optional<MemorySegment> function = runtime.find("cudaGetDeviceProperties_v2")
                .or(() -> runtime.find("cudaGetDeviceProperties"));
        if (function.isEmpty()) {
            return Optional.empty();
        }
        MethodHandle call = Linker.nativeLinker().downcallHandle(function.get(),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment properties = arena.allocate(PROPERTIES_BYTES);
            int status;
            try {
                status = (int) call.invokeExact(properties, device);
            } catch (Throwable e) {
                throw new AssertionError("cudaGetDeviceProperties cannot throw", e);
            }
            if (status != cuda_runtime_h.cudaSuccess()) {
                return Optional.empty();
            }
            return Optional.of(properties.asSlice(0, NAME_BYTES).getString(0));
        }
    }
}
