package org.panagan.engine;

import java.util.Optional;

/**
 * The one exception the engine throws for a failure below it: a kernel that refused its
 * arguments, a CUDA runtime call that failed, memory that could not be had, a backend that
 * cannot be used. It carries what failed ({@link #operation()}, e.g. the native function
 * {@code panagan_conv2d_forward} or {@code cudaMalloc}), a status name
 * ({@code PANAGAN_INVALID_ARGUMENT}, {@code cudaErrorMemoryAllocation}, or an engine-level name
 * such as {@code BACKEND_UNAVAILABLE}) and the text that explains it, with the CUDA error name and
 * text when the runtime gave one. Bad configuration values are rejected earlier, by the records'
 * constructors, with {@link IllegalArgumentException}.
 */
public final class PanaganException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Status of an engine-level failure: the backend asked for cannot be used here. */
    public static final String BACKEND_UNAVAILABLE = "BACKEND_UNAVAILABLE";
    /** Status of an engine-level failure: tensors whose shapes or locations do not fit. */
    public static final String INVALID_ARGUMENT = "INVALID_ARGUMENT";
    /** Status of an engine-level failure: the device has too little memory for the plan. */
    public static final String OUT_OF_MEMORY = "OUT_OF_MEMORY";

    private final String operation;
    private final String status;
    private final String detail;
    private final String cudaError;

    /**
     * @param operation what failed: a native function name or an engine operation
     * @param status    the status name (a panagan_status, a cudaError_t name, or one of the
     *                  engine-level constants above)
     * @param detail    the explanation (the native error text, or the engine's)
     * @param cudaError "cudaErrorX (n): text" when the CUDA runtime reported one, else null
     */
    public PanaganException(String operation, String status, String detail, String cudaError) {
        super(message(operation, status, detail, cudaError));
        this.operation = operation;
        this.status = status;
        this.detail = detail;
        this.cudaError = cudaError;
    }

    /** An engine-level failure with no CUDA error behind it. */
    public PanaganException(String operation, String status, String detail) {
        this(operation, status, detail, null);
    }

    private static String message(String operation, String status, String detail,
                                  String cudaError) {
        String text = operation + " failed: " + status + ": " + detail;
        return cudaError == null ? text : text + " [CUDA: " + cudaError + "]";
    }

    /** The native function or engine operation that failed. */
    public String operation() {
        return operation;
    }

    /** The status name, e.g. {@code PANAGAN_INVALID_ARGUMENT} or {@code cudaErrorNoDevice}. */
    public String status() {
        return status;
    }

    /** The explanation: the native error text or the engine's own. */
    public String detail() {
        return detail;
    }

    /** The CUDA error name and text, when the runtime reported one. */
    public Optional<String> cudaError() {
        return Optional.ofNullable(cudaError);
    }
}
