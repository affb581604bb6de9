package org.panagan.engine.checkpoint;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.panagan.engine.backend.AdamParams;
import org.panagan.engine.backend.Backend;
import org.panagan.engine.checkpoint.Safetensors.Contents;
import org.panagan.engine.checkpoint.Safetensors.NamedTensor;
import org.panagan.engine.dcgan.Architecture;
import org.panagan.engine.nn.LayerSpec;
import org.panagan.engine.nn.Network;
import org.panagan.engine.nn.ParameterEntry;
import org.panagan.engine.tensor.DType;
import org.panagan.engine.tensor.Shape;
import org.panagan.engine.train.TrainConfig;
import org.panagan.engine.train.Trainer;
import org.panagan.engine.train.TrainingState;
import org.panagan.engine.train.TrainingState.NetworkState;

/**
 * A checkpoint read back: the trainer's whole state and the loop's progress. A checkpoint is a
 * folder of four files:
 * <pre>
 * generator.safetensors      netG's state_dict (PyTorch names), the model in __metadata__
 * discriminator.safetensors  netD's state_dict, the same metadata
 * training.safetensors       Adam's moments of both networks (optimizerG.main.0.weight.exp_avg,
 *                            ..._sq, optimizerG.step), fixed_noise [B, nz, 1, 1]; the settings,
 *                            iteration, random state and progress in __metadata__
 * manifest.json              length and SHA-256 of each file above, written last
 * </pre>
 *
 * @param folder   where it was read from
 * @param state    the trainer's state ({@link Trainer#resume})
 * @param progress where the loop was in its data
 */
public record Checkpoint(Path folder, TrainingState state, Progress progress) {

    static final String GENERATOR_FILE = "generator.safetensors";
    static final String DISCRIMINATOR_FILE = "discriminator.safetensors";
    static final String TRAINING_FILE = "training.safetensors";

    private static final String OPTIMIZER_G = "optimizerG.";
    private static final String OPTIMIZER_D = "optimizerD.";
    private static final String FIXED_NOISE = "fixed_noise";
    private static final String KEY_BATCH_SIZE = "batchSize";
    private static final String KEY_LR = "adamLr";
    private static final String KEY_BETA1 = "adamBeta1";
    private static final String KEY_BETA2 = "adamBeta2";
    private static final String KEY_EPS = "adamEps";
    private static final String KEY_SEED = "seed";
    private static final String KEY_CAPTURE_GRAPH = "captureGraph";
    private static final String KEY_ITERATION = "iteration";
    private static final String KEY_RNG_STATE = "rngState";
    private static final String KEY_EPOCH = "epoch";
    private static final String KEY_BATCH_IN_EPOCH = "batchInEpoch";
    private static final String KEY_DATA_ORDER_SEED = "dataOrderSeed";

    // ---------------------------------------------------------------------------------------
    // Loading
    // ---------------------------------------------------------------------------------------

    /**
     * Reads a checkpoint: {@code path} is a checkpoint folder, a file in one, or a store (a run
     * folder or its {@code checkpoints} folder), whose latest checkpoint is read. Every file's
     * length and SHA-256 are checked against the manifest first.
     *
     * @throws CheckpointException naming the file and what is wrong with it
     */
    public static Checkpoint load(Path path) {
        Path folder = resolve(path);
        Manifest manifest = Manifest.read(folder);
        for (String name : List.of(GENERATOR_FILE, DISCRIMINATOR_FILE, TRAINING_FILE)) {
            if (!manifest.files().containsKey(name)) {
                throw new CheckpointException(folder.resolve(Manifest.FILE), "damaged: it does"
                        + " not list " + name);
            }
        }
        manifest.verify();
        Path trainingFile = folder.resolve(TRAINING_FILE);
        Contents training = Safetensors.read(trainingFile);
        Map<String, String> meta = training.metadata();
        StateDicts.requireContent(trainingFile, meta, StateDicts.TRAINING);
        Architecture arch = StateDicts.architecture(trainingFile, meta);

        Path gFile = folder.resolve(GENERATOR_FILE);
        Path dFile = folder.resolve(DISCRIMINATOR_FILE);
        Contents g = readNetwork(gFile, StateDicts.GENERATOR, arch, arch.generator());
        Contents d = readNetwork(dFile, StateDicts.DISCRIMINATOR, arch, arch.discriminator());

        int batch = (int) StateDicts.number(trainingFile, meta, KEY_BATCH_SIZE, 2, 65536);
        ParameterEntry noiseEntry = new ParameterEntry(FIXED_NOISE,
                new Shape(batch, arch.nz(), 1, 1), 0);
        float[] noise = StateDicts.flat(trainingFile, training, List.of(noiseEntry), "", "",
                arch);
        TrainingState state;
        Progress progress;
        try {
            AdamParams adam = new AdamParams(real(trainingFile, meta, KEY_LR),
                    real(trainingFile, meta, KEY_BETA1), real(trainingFile, meta, KEY_BETA2),
                    real(trainingFile, meta, KEY_EPS));
            state = new TrainingState(arch, batch, adam, signed(trainingFile, meta, KEY_SEED),
                    Boolean.parseBoolean(meta.get(KEY_CAPTURE_GRAPH)),
                    StateDicts.number(trainingFile, meta, KEY_ITERATION, 0, Long.MAX_VALUE),
                    signed(trainingFile, meta, KEY_RNG_STATE), noise,
                    networkState(gFile, g, trainingFile, training, OPTIMIZER_G, arch,
                            arch.generator()),
                    networkState(dFile, d, trainingFile, training, OPTIMIZER_D, arch,
                            arch.discriminator()));
            progress = new Progress(
                    StateDicts.number(trainingFile, meta, KEY_EPOCH, 0, Long.MAX_VALUE),
                    StateDicts.number(trainingFile, meta, KEY_BATCH_IN_EPOCH, 0, Long.MAX_VALUE),
                    signed(trainingFile, meta, KEY_DATA_ORDER_SEED));
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(trainingFile, "damaged: " + e.getMessage());
        }
        if (state.iteration() != manifest.iteration()) {
            throw new CheckpointException(folder, "damaged: " + Manifest.FILE + " says iteration "
                    + manifest.iteration() + " but " + TRAINING_FILE + " says "
                    + state.iteration());
        }
        return new Checkpoint(folder, state, progress);
    }

    /**
     * Reads a generator for sampling: from a checkpoint folder (checked against its manifest),
     * a store (its latest checkpoint), or one safetensors file: ours (the model from its
     * metadata, the checksum checked when a manifest lists the file) or PyTorch's netG saved
     * with {@code safetensors.torch.save_file} (the model read from its shapes).
     *
     * @throws CheckpointException naming the file and what is wrong with it
     */
    public static GeneratorWeights loadGenerator(Path path) {
        Path file = Files.isDirectory(path) ? resolve(path).resolve(GENERATOR_FILE) : path;
        Path folder = file.toAbsolutePath().getParent();
        if (Files.exists(folder.resolve(Manifest.FILE))) {
            Manifest.read(folder).verify(file.getFileName().toString());
        }
        Contents contents = Safetensors.read(file);
        Architecture arch;
        if (StateDicts.isOurs(contents.metadata())) {
            StateDicts.requireContent(file, contents.metadata(), StateDicts.GENERATOR);
            arch = StateDicts.architecture(file, contents.metadata());
        } else {
            arch = StateDicts.inferGenerator(file, contents);
        }
        List<LayerSpec> layers = arch.generator();
        StateDicts.requireNoOthers(file, contents, layers);
        return new GeneratorWeights(file, arch, contents.metadata(),
                StateDicts.flat(file, contents, Network.parameterLayout(layers), "", "", arch),
                StateDicts.flat(file, contents, Network.stateLayout(layers), "", "", arch));
    }

    /** Opens a trainer that continues this checkpoint on {@code backend}. */
    public Trainer resume(Backend backend) {
        return Trainer.resume(state, backend);
    }

    /**
     * Refuses to continue under settings that change the model or the batch (the networks'
     * shapes and the fixed noise depend on them), saying what differs and how.
     */
    public void requireMatches(TrainConfig run) {
        Architecture a = state.architecture();
        Architecture b = run.model().architecture();
        List<String> has = new ArrayList<>();
        List<String> wants = new ArrayList<>();
        differs("imageSize", a.imageSize(), b.imageSize(), has, wants);
        differs("nz", a.nz(), b.nz(), has, wants);
        differs("ngf", a.ngf(), b.ngf(), has, wants);
        differs("ndf", a.ndf(), b.ndf(), has, wants);
        differs("nc", a.nc(), b.nc(), has, wants);
        differs("batchSize", state.batchSize(), run.batchSize(), has, wants);
        if (!has.isEmpty()) {
            throw new CheckpointException(folder, "checkpoint has " + String.join(", ", has)
                    + "; this run has " + String.join(", ", wants)
                    + ". Resume with the checkpoint's settings, or start a new run folder");
        }
    }

    private static void differs(String name, int had, int want, List<String> has,
                                List<String> wants) {
        if (had != want) {
            has.add(name + " " + had);
            wants.add(name + " " + want);
        }
    }

    /** The checkpoint folder a path names (see {@link #load}). */
    static Path resolve(Path path) {
        if (Files.isRegularFile(path)) {
            return path.toAbsolutePath().getParent();
        }
        if (Files.exists(path.resolve(Manifest.FILE))) {
            return path;
        }
        Path store = Files.isDirectory(path.resolve(CheckpointStore.FOLDER))
                ? path.resolve(CheckpointStore.FOLDER) : path;
        Optional<Path> latest = CheckpointStore.latestIn(store);
        if (latest.isEmpty()) {
            throw new CheckpointException(path, Files.exists(path)
                    ? "holds no checkpoint (no " + Manifest.FILE + ", no complete step-N folder)"
                    : "missing: no such file or folder");
        }
        return latest.get();
    }

    private static Contents readNetwork(Path file, String content, Architecture arch,
                                        List<LayerSpec> layers) {
        Contents c = Safetensors.read(file);
        StateDicts.requireContent(file, c.metadata(), content);
        Architecture own = StateDicts.architecture(file, c.metadata());
        if (!own.equals(arch)) {
            throw new CheckpointException(file, "describes " + StateDicts.describe(own) + " but "
                    + TRAINING_FILE + " describes " + StateDicts.describe(arch));
        }
        StateDicts.requireNoOthers(file, c, layers);
        return c;
    }

    private static NetworkState networkState(Path file, Contents net, Path trainingFile,
                                             Contents training, String prefix,
                                             Architecture arch,
                                             List<LayerSpec> layers) {
        var params = Network.parameterLayout(layers);
        NamedTensor step = training.tensors().get(prefix + "step");
        if (step == null || step.dtype() != DType.I64
                || step.numel() != 1) {
            throw new CheckpointException(trainingFile, "missing tensor " + prefix
                    + "step (I64, one element)");
        }
        return new NetworkState(
                StateDicts.flat(file, net, params, "", "", arch),
                StateDicts.flat(file, net, Network.stateLayout(layers), "", "", arch),
                StateDicts.flat(trainingFile, training, params, prefix, ".exp_avg", arch),
                StateDicts.flat(trainingFile, training, params, prefix, ".exp_avg_sq", arch),
                step.longs()[0]);
    }

    private static float real(Path file, Map<String, String> meta, String key) {
        String v = meta.get(key);
        try {
            return Float.parseFloat(v);
        } catch (NullPointerException | NumberFormatException e) {
            throw new CheckpointException(file, "metadata " + key + " = '" + v
                    + "' is not a number");
        }
    }

    private static long signed(Path file, Map<String, String> meta, String key) {
        return StateDicts.number(file, meta, key, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    // ---------------------------------------------------------------------------------------
    // Writing
    // ---------------------------------------------------------------------------------------

    /** The three safetensors files of a checkpoint, as name to (metadata, tensors). */
    static Map<String, FileContent> files(Trainer trainer, Progress progress) {
        TrainingState s = trainer.exportState();
        Architecture arch = s.architecture();
        Map<String, FileContent> out = new LinkedHashMap<>();
        out.put(GENERATOR_FILE, new FileContent(
                StateDicts.modelMetadata(arch, StateDicts.GENERATOR),
                StateDicts.stateDict(arch.generator(), s.generator(),
                        Trainer.GENERATOR_BATCH_NORM_BATCHES_PER_STEP)));
        out.put(DISCRIMINATOR_FILE, new FileContent(
                StateDicts.modelMetadata(arch, StateDicts.DISCRIMINATOR),
                StateDicts.stateDict(arch.discriminator(), s.discriminator(),
                        Trainer.DISCRIMINATOR_BATCH_NORM_BATCHES_PER_STEP)));
        List<NamedTensor> training = new ArrayList<>();
        training.addAll(StateDicts.optimizer(OPTIMIZER_G, arch.generator(), s.generator()));
        training.addAll(StateDicts.optimizer(OPTIMIZER_D, arch.discriminator(),
                s.discriminator()));
        training.add(NamedTensor.ofFloats(FIXED_NOISE,
                new long[] {s.batchSize(), arch.nz(), 1, 1}, s.fixedNoise()));
        out.put(TRAINING_FILE, new FileContent(trainingMetadata(s, progress), training));
        return out;
    }

    private static Map<String, String> trainingMetadata(TrainingState s, Progress p) {
        Map<String, String> m = StateDicts.modelMetadata(s.architecture(), StateDicts.TRAINING);
        m.put(KEY_BATCH_SIZE, Integer.toString(s.batchSize()));
        m.put(KEY_LR, Float.toString(s.adam().lr()));
        m.put(KEY_BETA1, Float.toString(s.adam().beta1()));
        m.put(KEY_BETA2, Float.toString(s.adam().beta2()));
        m.put(KEY_EPS, Float.toString(s.adam().eps()));
        m.put(KEY_SEED, Long.toString(s.seed()));
        m.put(KEY_CAPTURE_GRAPH, Boolean.toString(s.captureGraph()));
        m.put(KEY_ITERATION, Long.toString(s.iteration()));
        m.put(KEY_RNG_STATE, Long.toString(s.rngState()));
        m.put(KEY_EPOCH, Long.toString(p.epoch()));
        m.put(KEY_BATCH_IN_EPOCH, Long.toString(p.batchInEpoch()));
        m.put(KEY_DATA_ORDER_SEED, Long.toString(p.dataOrderSeed()));
        return m;
    }

    /** One safetensors file to write. */
    record FileContent(Map<String, String> metadata, List<NamedTensor> tensors) {

        AtomicFiles.Content content() {
            byte[] header = Safetensors.header(metadata, tensors);
            return out -> Safetensors.writeTo(out, header, tensors);
        }
    }
}
