package org.panagan.engine.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import org.panagan.engine.backend.BatchNormParams;
import org.panagan.engine.checkpoint.Safetensors.Contents;
import org.panagan.engine.checkpoint.Safetensors.NamedTensor;
import org.panagan.engine.dcgan.Architecture;
import org.panagan.engine.nn.LayerSpec;
import org.panagan.engine.nn.Network;
import org.panagan.engine.nn.ParameterEntry;
import org.panagan.engine.tensor.DType;
import org.panagan.engine.tensor.Shape;
import org.panagan.engine.train.Trainer;
import org.panagan.engine.train.TrainingState.NetworkState;

/**
 * Between our flat buffers and PyTorch's state_dicts: netG's and netD's tensors under main.py's
 * names ({@code main.0.weight}, {@code main.1.running_mean}, ...) in state_dict order, and the
 * metadata that says which model a file holds.
 *
 * <p>{@code main.N.num_batches_tracked} (int64, 0-dimensional) is not kept by the engine; it is
 * written as Adam's step times the training-mode batch-norm batches per iteration (1 for G,
 * 3 for D, {@link Trainer#GENERATOR_BATCH_NORM_BATCHES_PER_STEP}), which is what PyTorch's
 * counter holds after the same iterations of main.py less its every-100-iterations sampling.
 * Reading accepts it and ignores it (it matters only when momentum is None).
 */
final class StateDicts {

    static final String GENERATOR = "generator";
    static final String DISCRIMINATOR = "discriminator";
    static final String TRAINING = "training-state";

    /** The version of the layout of our files; a reader refuses files of a later one. */
    static final int FORMAT_VERSION = 1;

    static final String KEY_FORMAT = "panaganFormat";
    static final String KEY_VERSION = "panaganVersion";
    static final String KEY_CONTENT = "content";
    static final String KEY_IMAGE_SIZE = "imageSize";
    static final String KEY_NZ = "nz";
    static final String KEY_NGF = "ngf";
    static final String KEY_NDF = "ndf";
    static final String KEY_NC = "nc";
    static final String KEY_Z = "zDistribution";
    static final String KEY_BN_EPS = "batchNormEps";
    static final String KEY_BN_MOMENTUM = "batchNormMomentum";

    private static final String NUM_BATCHES_TRACKED = "num_batches_tracked";
    private static final String VERSION = readVersion();

    private StateDicts() {
    }

    // ---------------------------------------------------------------------------------------
    // Metadata
    // ---------------------------------------------------------------------------------------

    /** What a file of {@code content} says about the model, so sampling needs no flags. */
    static Map<String, String> modelMetadata(Architecture arch, String content) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("format", "pt"); // what safetensors.torch writers put; some readers look for it
        m.put(KEY_FORMAT, Integer.toString(FORMAT_VERSION));
        m.put(KEY_VERSION, VERSION);
        m.put(KEY_CONTENT, content);
        m.put(KEY_IMAGE_SIZE, Integer.toString(arch.imageSize()));
        m.put(KEY_NZ, Integer.toString(arch.nz()));
        m.put(KEY_NGF, Integer.toString(arch.ngf()));
        m.put(KEY_NDF, Integer.toString(arch.ndf()));
        m.put(KEY_NC, Integer.toString(arch.nc()));
        m.put(KEY_Z, "normal");
        m.put(KEY_BN_EPS, Float.toString(BatchNormParams.DEFAULT_EPS));
        m.put(KEY_BN_MOMENTUM, Float.toString(BatchNormParams.DEFAULT_MOMENTUM));
        return m;
    }

    /** Whether the metadata is ours (then it must say everything {@link #architecture} reads). */
    static boolean isOurs(Map<String, String> metadata) {
        return metadata.containsKey(KEY_FORMAT);
    }

    /** Checks the format version and content of one of our files. */
    static void requireContent(Path file, Map<String, String> metadata, String content) {
        int version = integer(file, metadata, KEY_FORMAT);
        if (version > FORMAT_VERSION) {
            throw new CheckpointException(file, "written in panagan checkpoint format " + version
                    + " (by panagan " + metadata.get(KEY_VERSION) + "); this panagan ("
                    + VERSION + ") reads format " + FORMAT_VERSION + " and older");
        }
        String has = metadata.get(KEY_CONTENT);
        if (!content.equals(has)) {
            throw new CheckpointException(file, "holds " + (has == null ? "no content tag" : has)
                    + "; expected " + content);
        }
    }

    /** The architecture our metadata describes. */
    static Architecture architecture(Path file, Map<String, String> metadata) {
        int imageSize = integer(file, metadata, KEY_IMAGE_SIZE);
        int nz = integer(file, metadata, KEY_NZ);
        int ngf = integer(file, metadata, KEY_NGF);
        int ndf = integer(file, metadata, KEY_NDF);
        int nc = integer(file, metadata, KEY_NC);
        String z = metadata.get(KEY_Z);
        if (z != null && !z.equals("normal")) {
            throw new CheckpointException(file, "zDistribution is " + z
                    + "; panagan samples z from the normal distribution only");
        }
        try {
            return new Architecture(nz, ngf, ndf, nc, imageSize);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(file, "the metadata describes no model panagan builds: "
                    + e.getMessage());
        }
    }

    static int integer(Path file, Map<String, String> metadata, String key) {
        return Math.toIntExact(number(file, metadata, key, Integer.MIN_VALUE, Integer.MAX_VALUE));
    }

    static long number(Path file, Map<String, String> metadata, String key, long lo, long hi) {
        String v = metadata.get(key);
        if (v == null) {
            throw new CheckpointException(file, "the metadata lacks " + key);
        }
        try {
            long n = Long.parseLong(v.trim());
            if (n < lo || n > hi) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new CheckpointException(file, "metadata " + key + " = '" + v
                    + "' is not a whole number from " + lo + " to " + hi);
        }
    }

    /**
     * The generator a file without our metadata (PyTorch's netG saved with safetensors) holds,
     * read from its shapes: main.0.weight is [nz, C, 4, 4], the last ConvTranspose weight
     * [ngf, nc, 4, 4], and each of the L + 1 convolutions doubles the image from 4x4 after the
     * first. ndf is not in a generator; it is set to ngf.
     */
    static Architecture inferGenerator(Path file, Contents contents) {
        int convs = 0;
        while (contents.tensors().containsKey("main." + 3 * convs + ".weight")) {
            convs++;
        }
        if (convs < 3) {
            throw new CheckpointException(file, "holds no DCGAN generator: has no metadata and "
                    + (convs == 0 ? "no tensor main.0.weight" : "only " + convs
                    + " transposed convolutions (main.0.weight, main.3.weight, ...)"));
        }
        long[] first = contents.tensors().get("main.0.weight").shape();
        long[] last = contents.tensors().get("main." + 3 * (convs - 1) + ".weight").shape();
        if (first.length != 4 || last.length != 4) {
            throw new CheckpointException(file, "holds no DCGAN generator: main.0.weight has"
                    + " shape " + Arrays.toString(first) + "; expected [nz, channels, 4, 4]");
        }
        try {
            return new Architecture((int) first[0], (int) last[0], (int) last[0], (int) last[1],
                    4 << (convs - 1));
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(file, "holds no DCGAN generator panagan builds: "
                    + e.getMessage());
        }
    }

    // ---------------------------------------------------------------------------------------
    // Networks to tensors
    // ---------------------------------------------------------------------------------------

    /** netG's state_dict from a trainer (downloading only what it needs). */
    static List<NamedTensor> generator(Trainer trainer) {
        Network g = trainer.generator();
        return stateDict(g.layers(), g.downloadParameters(), g.downloadRunningStatistics(),
                g.downloadStep() * Trainer.GENERATOR_BATCH_NORM_BATCHES_PER_STEP);
    }

    /** netG's or netD's state_dict from a saved state. */
    static List<NamedTensor> stateDict(List<LayerSpec> layers, NetworkState s,
                                       int batchNormBatchesPerStep) {
        return stateDict(layers, s.parameters(), s.runningStatistics(),
                s.adamStep() * batchNormBatchesPerStep);
    }

    /** A network's state_dict in PyTorch's order, from its flat parameters and statistics. */
    static List<NamedTensor> stateDict(List<LayerSpec> layers, float[] parameters,
                                       float[] running, long batchesTracked) {
        Map<String, NamedTensor> byName = new LinkedHashMap<>();
        slice(Network.parameterLayout(layers), parameters, "", "", byName);
        slice(Network.stateLayout(layers), running, "", "", byName);
        List<NamedTensor> out = new ArrayList<>();
        for (LayerSpec l : layers) {
            String conv = "main." + l.convIndex() + ".";
            take(byName, conv + "weight", out);
            take(byName, conv + "bias", out);
            if (l.batchNorm()) {
                String bn = "main." + l.bnIndex() + ".";
                for (String part : List.of("weight", "bias", "running_mean", "running_var")) {
                    take(byName, bn + part, out);
                }
                out.add(NamedTensor.ofLong(bn + NUM_BATCHES_TRACKED, batchesTracked));
            }
        }
        return out;
    }

    /** Adam's moments per parameter and its step, under {@code prefix}. */
    static List<NamedTensor> optimizer(String prefix, List<LayerSpec> layers, NetworkState s) {
        Map<String, NamedTensor> byName = new LinkedHashMap<>();
        List<ParameterEntry> layout = Network.parameterLayout(layers);
        slice(layout, s.expAvg(), prefix, ".exp_avg", byName);
        slice(layout, s.expAvgSq(), prefix, ".exp_avg_sq", byName);
        List<NamedTensor> out = new ArrayList<>(byName.values());
        out.add(NamedTensor.ofLong(prefix + "step", s.adamStep()));
        return out;
    }

    private static void slice(List<ParameterEntry> layout, float[] flat, String prefix,
                              String suffix, Map<String, NamedTensor> out) {
        for (ParameterEntry e : layout) {
            int from = Math.toIntExact(e.offset());
            float[] v = Arrays.copyOfRange(flat, from, from + (int) e.shape().numel());
            String name = prefix + e.name() + suffix;
            out.put(name, NamedTensor.ofFloats(name, dims(e.shape()), v));
        }
    }

    private static void take(Map<String, NamedTensor> byName, String name,
                             List<NamedTensor> out) {
        NamedTensor t = byName.get(name);
        if (t != null) {
            out.add(t);
        }
    }

    static long[] dims(Shape shape) {
        return Arrays.stream(shape.dims()).asLongStream().toArray();
    }

    // ---------------------------------------------------------------------------------------
    // Tensors to networks
    // ---------------------------------------------------------------------------------------

    /**
     * The flat buffer {@code layout} describes, each tensor taken from {@code contents} under
     * {@code prefix + name + suffix} and checked for dtype and shape.
     */
    static float[] flat(Path file, Contents contents, List<ParameterEntry> layout,
                        String prefix, String suffix, Architecture arch) {
        float[] out = new float[Math.toIntExact(Network.end(layout))];
        for (ParameterEntry e : layout) {
            String name = prefix + e.name() + suffix;
            NamedTensor t = contents.tensors().get(name);
            if (t == null) {
                throw new CheckpointException(file, "missing tensor " + name + " (shape "
                        + e.shape() + " for " + describe(arch) + ")");
            }
            if (t.dtype() != DType.F32 || !Arrays.equals(t.shape(), dims(e.shape()))) {
                throw new CheckpointException(file, "tensor " + name + " is " + t.dtype() + " "
                        + Arrays.toString(t.shape()) + "; " + describe(arch) + " needs F32 "
                        + e.shape());
            }
            System.arraycopy(t.floats(), 0, out, Math.toIntExact(e.offset()),
                    (int) e.shape().numel());
        }
        return out;
    }

    /** Refuses tensors a network's state_dict does not have (PyTorch's strict loading). */
    static void requireNoOthers(Path file, Contents contents, List<LayerSpec> layers) {
        Set<String> known = new HashSet<>();
        Network.parameterLayout(layers).forEach(e -> known.add(e.name()));
        Network.stateLayout(layers).forEach(e -> known.add(e.name()));
        for (LayerSpec l : layers) {
            if (l.batchNorm()) {
                known.add("main." + l.bnIndex() + "." + NUM_BATCHES_TRACKED);
            }
        }
        Set<String> others = new TreeSet<>(contents.tensors().keySet());
        others.removeAll(known);
        if (!others.isEmpty()) {
            throw new CheckpointException(file, "has tensors this model does not: " + others);
        }
    }

    /** "imageSize 64, nz 100, ngf 64, ndf 64, nc 3". */
    static String describe(Architecture a) {
        return "imageSize " + a.imageSize() + ", nz " + a.nz() + ", ngf " + a.ngf() + ", ndf "
                + a.ndf() + ", nc " + a.nc();
    }

    /** The project version, from the properties Maven filters at build time. */
    static String version() {
        return VERSION;
    }

    private static String readVersion() {
        try (InputStream in = StateDicts.class.getResourceAsStream("panagan-version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
