package org.panagan.bindings.conformance;

import static org.junit.jupiter.api.Assertions.fail;

import java.lang.foreign.MemorySegment;

import org.panagan.bindings.NativeLibraries;
import org.panagan.bindings.cuda_runtime_h;
import org.panagan.bindings.gpusim_h;
import org.panagan.bindings.panagan_h;

/**
 * Status checks for the conformance tests: a non-zero panagan status or CUDA error fails the
 * test with the call, the status or error name, and the native error text.
 */
final class Native {

    private Native() {
    }

    /** Fails unless {@code status} is PANAGAN_OK; the message names the call and the reason. */
    static void check(int status, String call) {
        if (status != panagan_h.PANAGAN_OK()) {
            fail(call + " returned " + statusName(status) + " (" + status + "): " + lastError()
                    + simulatorFault());
        }
    }

    /** cudaDeviceSynchronize, checked: surfaces any fault of the kernels enqueued so far. */
    static void sync() {
        checkCuda(cuda_runtime_h.cudaDeviceSynchronize(), "cudaDeviceSynchronize");
    }

    /** Fails unless {@code cudaError} is cudaSuccess, naming the call, the error and its text. */
    static void checkCuda(int cudaError, String call) {
        if (cudaError != cuda_runtime_h.cudaSuccess()) {
            fail(call + " failed: " + cudaErrorText(cudaError) + simulatorFault());
        }
    }

    /** The calling thread's panagan_last_error() text ("" after a success). */
    static String lastError() {
        return string(panagan_h.panagan_last_error());
    }

    /** panagan_status_name(status), e.g. "PANAGAN_INVALID_ARGUMENT". */
    static String statusName(int status) {
        return string(panagan_h.panagan_status_name(status));
    }

    /** "cudaErrorInvalidValue (1): invalid argument". */
    static String cudaErrorText(int cudaError) {
        return string(cuda_runtime_h.cudaGetErrorName(cudaError)) + " (" + cudaError + "): "
                + string(cuda_runtime_h.cudaGetErrorString(cudaError));
    }

    /** A C string returned by the library; "(null)" for NULL. */
    static String string(MemorySegment pointer) {
        return pointer.equals(MemorySegment.NULL) ? "(null)" : pointer.getString(0);
    }

    /** On the simulator, what it last caught a kernel doing wrong (out-of-bounds, race...). */
    private static String simulatorFault() {
        if (!NativeLibraries.isSimulator()) {
            return "";
        }
        try {
            String fault = string(gpusim_h.gpusim_last_fault());
            return fault.isEmpty() ? "" : "; simulator fault: " + fault;
        } catch (LinkageError e) {
            return "";
        }
    }
}
