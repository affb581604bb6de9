package org.panagan.engine.checkpoint;

import java.nio.file.Path;

/**
 * A checkpoint or safetensors file that cannot be written or used: damaged (truncated, checksum
 * mismatch), not a safetensors file, missing a tensor, made for another architecture, or a
 * write the file system refused. The message names the file and what is wrong with it.
 */
public final class CheckpointException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String problem;

    /**
     * @param file    the file (or checkpoint folder) concerned
     * @param problem what is wrong, in words, e.g. "truncated: 100 of 4096 bytes"
     */
    public CheckpointException(Path file, String problem) {
        this(file, problem, null);
    }

    public CheckpointException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
        this.problem = problem;
    }

    /** The file or folder concerned. */
    public Path file() {
        return file;
    }

    /** What is wrong, without the file name. */
    public String problem() {
        return problem;
    }
}
