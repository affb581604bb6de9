package org.panagan.engine.backend;

import java.util.Locale;

/** The backends: cuda and sim share one Java code path ({@link NativeBackend}); cpu is Java. */
public enum BackendKind {
    CUDA, SIM, CPU;

    /** "cuda", "sim" or "cpu", as users spell it. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
