package org.panagan.engine.backend;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.panagan.bindings.NativeLibraries;
import org.panagan.engine.PanaganException;

/**
 * Chooses and opens a backend. {@code auto} (the default) takes cuda where a device can be used,
 * else cpu; {@code cuda}, {@code sim} and {@code cpu} take that one or fail with the reason; sim
 * is never chosen unless asked for. The choice, and why each other backend was not used, is
 * logged at INFO the first time and at DEBUG after.
 *
 * <p>cuda and sim need the bindings bound to the matching library, which {@link NativeLibraries}
 * does once per JVM from {@code -Dpanagan.native.library}. When that property is unset, opening
 * cuda or sim sets it to that backend before the bindings are first used; when it names the other
 * library, opening fails and says which flag to change.
 */
public final class Backends {

    private static final System.Logger LOG = System.getLogger(Backends.class.getName());
    private static boolean logged;

    private Backends() {
    }

    /** What was asked for: auto, cuda, sim or cpu. */
    public enum Request {
        AUTO, CUDA, SIM, CPU;

        /** Parses "auto", "cuda", "sim" or "cpu" (any case). */
        public static Request parse(String text) {
            try {
                return valueOf(text.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new IllegalArgumentException("backend = " + text
                        + " is not known; allowed: auto, cuda, sim, cpu");
            }
        }
    }

    /**
     * The decision: which backend, why, and why not each other one.
     *
     * @param kind     the backend to open
     * @param reason   why it was chosen
     * @param rejected one entry per backend not used: "name: why"
     */
    public record Choice(BackendKind kind, String reason, List<String> rejected) {
        public Choice {
            rejected = List.copyOf(rejected);
        }

        /** One line for the log: the choice, why, and why not the others. */
        public String describe() {
            String text = kind.id() + ": " + reason;
            return rejected.isEmpty() ? text : text + "; not used: " + String.join("; ", rejected);
        }
    }

    /** What the decision depends on; {@link #probe()} reads the real machine. */
    record Probe(Optional<String> cudaUnavailable, Optional<String> cpuUnavailable) {
    }

    /** Opens the backend {@code request} names (see the class comment for the rules). */
    public static Backend open(Request request) {
        Choice choice = choose(request);
        Backend backend = switch (choice.kind()) {
            case CUDA, SIM -> openNative(choice.kind());
            case CPU -> CpuBackend.open();
        };
        log(choice.describe() + " [" + backend.description() + "]");
        return backend;
    }

    /** The decision for {@code request} on this machine, without opening anything. */
    public static Choice choose(Request request) {
        return decide(request, probe(request));
    }

    /** The rules, separate from the machine so that tests can give any machine. */
    static Choice decide(Request request, Probe probe) {
        String simNote = "sim: used only when asked for (--device sim)";
        Optional<String> cuda = probe.cudaUnavailable();
        Optional<String> cpu = probe.cpuUnavailable();
        switch (request) {
            case CUDA -> {
                if (cuda.isPresent()) {
                    throw unavailable("cuda", cuda.get());
                }
                return new Choice(BackendKind.CUDA, "requested", List.of());
            }
            case SIM -> {
                if (cuda.isPresent() && cuda.get().startsWith(BOUND_TO_CUDA)) {
                    throw unavailable("sim", cuda.get());
                }
                return new Choice(BackendKind.SIM, "requested", List.of());
            }
            case CPU -> {
                if (cpu.isPresent()) {
                    throw unavailable("cpu", cpu.get());
                }
                return new Choice(BackendKind.CPU, "requested", List.of());
            }
            default -> {
                if (cuda.isEmpty()) {
                    return new Choice(BackendKind.CUDA, "auto: a CUDA device is usable",
                            List.of("cpu: a CUDA device is preferred", simNote));
                }
                if (cpu.isEmpty()) {
                    return new Choice(BackendKind.CPU, "auto: no usable CUDA device",
                            List.of("cuda: " + cuda.get(), simNote));
                }
                List<String> reasons = new ArrayList<>();
                reasons.add("cuda: " + cuda.get());
                reasons.add("cpu: " + cpu.get());
                reasons.add(simNote);
                throw new PanaganException("choose backend", PanaganException.BACKEND_UNAVAILABLE,
                        "no backend can be used automatically:\n  - "
                                + String.join("\n  - ", reasons));
            }
        }
    }

    /** Prefix of the reason cuda is unusable when the bindings are bound to the simulator. */
    static final String BOUND_TO_SIM = "this JVM's bindings are bound to the simulator";
    /** Prefix of the reason sim is unusable when the bindings are bound to CUDA. */
    static final String BOUND_TO_CUDA = "this JVM's bindings are bound to CUDA";

    private static PanaganException unavailable(String name, String why) {
        return new PanaganException("open " + name + " backend",
                PanaganException.BACKEND_UNAVAILABLE, name + " was requested but cannot be used: "
                + why);
    }

    private static Probe probe(Request request) {
        if (System.getProperty(NativeLibraries.LIBRARY_PROPERTY) == null) {
            if (request == Request.SIM) {
                System.setProperty(NativeLibraries.LIBRARY_PROPERTY, "sim");
            } else if (request == Request.CUDA) {
                System.setProperty(NativeLibraries.LIBRARY_PROPERTY, "cuda");
            }
        }
        Optional<String> cpu = request == Request.CUDA || request == Request.SIM
                ? Optional.empty() : CpuBackend.unavailableReason();
        if (request == Request.CPU) {
            return new Probe(Optional.of("not probed"), cpu);
        }
        String flag = "-D" + NativeLibraries.LIBRARY_PROPERTY;
        try {
            NativeLibraries.Choice bound = NativeLibraries.choice();
            if (bound.kind() == NativeLibraries.Kind.CUDA) {
                return new Probe(Optional.of(BOUND_TO_CUDA + " (" + bound.describe()
                        + "); run with " + flag + "=sim to use the simulator")
                        .filter(x -> request == Request.SIM), cpu);
            }
            String why = bound.rejected().stream().filter(r -> r.startsWith("cuda:"))
                    .map(r -> r.substring("cuda:".length()).trim())
                    .findFirst().orElse("not tried");
            String reason = "auto".equals(bound.requested()) ? why
                    : BOUND_TO_SIM + " (" + flag + "=" + bound.requested() + "): " + why;
            return new Probe(Optional.of(reason), cpu);
        } catch (NativeLibraries.LoadException e) {
            return new Probe(Optional.of(e.getMessage()), cpu);
        }
    }

    private static NativeBackend openNative(BackendKind kind) {
        NativeBackend backend = NativeBackend.open();
        if (backend.kind() != kind) {
            backend.close();
            throw unavailable(kind.id(), "the bindings are bound to " + backend.kind().id()
                    + "; set -D" + NativeLibraries.LIBRARY_PROPERTY + "=" + kind.id());
        }
        return backend;
    }

    private static synchronized void log(String line) {
        System.Logger.Level level = logged ? System.Logger.Level.DEBUG : System.Logger.Level.INFO;
        logged = true;
        LOG.log(level, "panagan backend " + line);
    }
}
