package org.panagan.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.panagan.engine.backend.AdamParams;
import org.panagan.engine.backend.Backend;
import org.panagan.engine.backend.Backends;
import org.panagan.engine.checkpoint.Checkpoint;
import org.panagan.engine.checkpoint.Retention;
import org.panagan.engine.data.DataSpec;
import org.panagan.engine.data.DatasetReport;
import org.panagan.engine.data.ImageDataset;
import org.panagan.engine.data.Datasets;
import org.panagan.engine.dcgan.ModelConfig;
import org.panagan.engine.nn.Profile;
import org.panagan.engine.train.SampleMode;
import org.panagan.engine.train.TrainConfig;
import org.panagan.engine.train.Trainer;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Trains main.py's DCGAN and writes a run folder (see {@link RunFolder}). */
@Command(name = "train", mixinStandardHelpOptions = true, showDefaultValues = true,
        sortOptions = false,
        description = "Train the DCGAN of pytorch/examples dcgan/main.py and write a run folder: "
                + "config.json, metrics.csv (every iteration), losses.png, real_samples.png "
                + "and samples/epoch_NNN.png.",
        footerHeading = "%nExamples:%n",
        footer = {"  panagan train                          # builtin data, 64x64, 25 epochs",
                "  panagan train --dry-run --device cpu   # one iteration, to check",
                "  panagan train --data ~/faces --epochs 5 --seed 7 --out runs/faces",
                "  panagan train --data train-images-idx3-ubyte --image-size 32 --limit 10000",
                "  panagan train --resume runs/faces --epochs 10   # continue, bit for bit",
                "",
                "Exit codes: 0 done, 1 failed, 2 bad options, 130 stopped with Ctrl-C."})
final class TrainCommand implements Callable<Integer> {

    /** What the production command opens data with. */
    static final Function<DataSpec, ImageDataset> PRODUCTION_OPENER = Datasets::open;

    /** Options a resumed run takes from its checkpoint and config.json, never from the user. */
    private static final List<String> FIXED_ON_RESUME = List.of("--data", "--image-size",
            "--batch-size", "--nz", "--ngf", "--ndf", "--lr", "--beta1", "--seed", "--limit",
            "--out");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--data", paramLabel = "SOURCE",
            description = "An image folder, an IDX file, or `builtin` (procedural food images).")
    String data = DataSpec.BUILTIN;

    @Option(names = "--image-size", paramLabel = "PX", description = "32, 64 or 128.")
    int imageSize = 64;

    @Option(names = "--batch-size", paramLabel = "N", description = "2 to 65536.")
    int batchSize = 64;

    @Option(names = "--epochs", paramLabel = "N", description = "1 to 100000.")
    int epochs = 25;

    @Option(names = "--nz", paramLabel = "N", description = "Latent vector length, 1 to 4096.")
    int nz = 100;

    @Option(names = "--ngf", paramLabel = "N", description = "Generator width, 1 to 1024.")
    int ngf = 64;

    @Option(names = "--ndf", paramLabel = "N", description = "Discriminator width, 1 to 1024.")
    int ndf = 64;

    @Option(names = "--lr", paramLabel = "RATE", description = "Adam learning rate, (0, 1].")
    double lr = 2e-4;

    @Option(names = "--beta1", paramLabel = "B", description = "Adam beta1, [0, 1).")
    double beta1 = 0.5;

    @Option(names = "--seed", paramLabel = "N",
            description = "Random seed; drawn and printed when absent.")
    Long seed;

    @Option(names = "--device", paramLabel = "DEV", description = "auto, cuda, cpu or sim.")
    String device = "auto";

    @Option(names = "--out", paramLabel = "DIR", description = "Run folder (default: "
            + "runs/<date-time>).")
    Path out;

    @Option(names = "--limit", paramLabel = "N", description = "Use only the first N images; "
            + "0 for all.")
    int limit = 0;

    @Option(names = "--dry-run", description = "Run one iteration, write the outputs, stop.")
    boolean dryRun;

    @Option(names = "--sample-every", paramLabel = "EPOCHS",
            description = "Write a sample grid every this many epochs (and after the last).")
    int sampleEvery = 1;

    @Option(names = "--log-every", paramLabel = "ITERS",
            description = "Print a log line every this many iterations.")
    int logEvery = 50;

    @Option(names = "--bn-mode", paramLabel = "MODE", description = "Batch-norm statistics for "
            + "sample grids: batch (as main.py) or running (PyTorch's eval()).")
    String bnMode = "batch";

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "Where prepared datasets are cached.")
    Path cacheDir = Path.of(System.getProperty("user.home"), ".cache", "panagan");

    @Option(names = "--checkpoint-every", paramLabel = "ITERS", description = "Save a checkpoint "
            + "every this many iterations; 0 for only at epoch ends (always) and on Ctrl-C.")
    int checkpointEvery = TrainSettings.Checkpoints.DEFAULT.every();

    @Option(names = "--keep-last", paramLabel = "N",
            description = "Keep the newest N checkpoints (the newest is never removed).")
    int keepLast = TrainSettings.Checkpoints.DEFAULT.retention().keepLast();

    @Option(names = "--keep-every", paramLabel = "ITERS", description = "Also keep every "
            + "checkpoint whose iteration is a multiple of this; 0 for none.")
    long keepEvery = TrainSettings.Checkpoints.DEFAULT.retention().keepEvery();

    @Option(names = "--eval-every", paramLabel = "EPOCHS", description = "Measure the quality "
            + "metric (SWD against the data, beside its real-vs-real baseline) every this many "
            + "epochs and after the last, into quality.csv; 0 for never.")
    int evalEvery = 0;

    @Option(names = "--profile", description = "Time every phase of the iteration and every "
            + "layer's passes, and print the tables at the end (also to profile.txt). Slower: "
            + "each operation is waited for, and the CUDA graph is not used.")
    boolean profile;

    @Option(names = "--collapse-window", paramLabel = "ITERS", description = "Warn when D(x) "
            + "stays above 0.99 and D(G(z)) below 0.01 for this many iterations in a row; 0 "
            + "for never.")
    int collapseWindow = TrainSettings.DEFAULT_COLLAPSE_WINDOW;

    @Option(names = "--resume", paramLabel = "RUN", description = "Continue a run from its "
            + "latest checkpoint (a run folder, or one checkpoint folder in it). The model, "
            + "data and seed come from the run; --epochs may be raised.")
    Path resume;

    private final Function<DataSpec, ImageDataset> opener;

    /** The command as users run it. */
    TrainCommand() {
        this(PRODUCTION_OPENER);
    }

    /** With another way to open data (tests hand in datasets built in memory). */
    TrainCommand(Function<DataSpec, ImageDataset> opener) {
        this.opener = opener;
    }

    @Override
    public Integer call() throws IOException {
        Main.configureLogging(spec);
        if (resume != null) {
            return resumeRun();
        }
        TrainSettings settings = settings();
        RunFolder.checkFree(settings.out());
        try (ImageDataset dataset = opener.apply(dataSpec(settings))) {
            checkDataset(dataset, settings);
            ModelConfig model = new ModelConfig(settings.nz(), settings.ngf(), settings.ndf(),
                    dataset.channels(), settings.imageSize());
            TrainConfig config = new TrainConfig(model, settings.batchSize(),
                    new AdamParams((float) settings.lr(), (float) settings.beta1(),
                            (float) TrainSettings.BETA2, AdamParams.DCGAN.eps()),
                    settings.seed(), true);
            String choice = Backends.choose(settings.device()).describe();
            try (Backend backend = Backends.open(settings.device());
                 Trainer trainer = Trainer.open(config, backend);
                 RunFolder folder = RunFolder.create(settings.out())) {
                writeConfig(folder, settings, dataset, trainer, choice, null);
                return train(settings, dataset, trainer, folder, TrainingRun.Start.BEGINNING);
            }
        }
    }

    /** Continues the run that --resume names from its latest (or the named) checkpoint. */
    private int resumeRun() throws IOException {
        for (String option : FIXED_ON_RESUME) {
            if (given(option)) {
                throw Ranges.bad(spec, option + " cannot be given with --resume: a resumed run"
                        + " keeps its model, data, seed and folder");
            }
        }
        Checkpoint checkpoint = Checkpoint.load(resume);
        Path runDir = checkpoint.folder().getParent().getParent();
        TrainSettings settings = resumedSettings(runDir, checkpoint.state().config());
        try (ImageDataset dataset = opener.apply(dataSpec(settings))) {
            checkDataset(dataset, settings);
            checkpoint.requireMatches(new TrainConfig(new ModelConfig(settings.nz(),
                    settings.ngf(), settings.ndf(), dataset.channels(), settings.imageSize()),
                    settings.batchSize(), checkpoint.state().adam(), settings.seed(), true));
            String choice = Backends.choose(settings.device()).describe();
            try (Backend backend = Backends.open(settings.device());
                 Trainer trainer = checkpoint.resume(backend);
                 RunFolder folder = RunFolder.resume(runDir, trainer.iteration())) {
                TrainingRun.Start start = TrainingRun.Start.after(checkpoint.progress(),
                        TrainingRun.batchesPerEpoch(dataset.count(), settings.batchSize()));
                if (start.epoch() > settings.epochs()) {
                    throw Ranges.bad(spec, "the run in " + runDir + " has finished its "
                            + settings.epochs() + " epoch(s); give --epochs above "
                            + settings.epochs() + " to train on");
                }
                writeConfig(folder, settings, dataset, trainer, choice, checkpoint.folder());
                return train(settings, dataset, trainer, folder, start);
            }
        }
    }

    /** The profile's two tables, printed and written to profile.txt in the run folder. */
    private static void writeProfile(Profile timings, RunFolder folder, Progress progress)
            throws IOException {
        List<String> lines = new java.util.ArrayList<>();
        lines.add(String.format(Locale.ROOT, "profile: ms per iteration over %d iteration(s), "
                + "each operation waited for", timings.iterations()));
        lines.add("");
        lines.addAll(timings.phaseTable());
        lines.add("");
        lines.addAll(timings.layerTable());
        lines.forEach(progress::note);
        java.nio.file.Files.write(folder.dir().resolve("profile.txt"), lines);
    }

    private static DataSpec dataSpec(TrainSettings s) {
        return new DataSpec(s.data(), s.imageSize(), s.limit(), s.cacheDir());
    }

    private void writeConfig(RunFolder folder, TrainSettings settings, ImageDataset dataset,
                             Trainer trainer, String choice, Path resumedFrom) throws IOException {
        Table table = configTable(settings, dataset, trainer, choice);
        if (resumedFrom != null) {
            table.row("resumed from", resumedFrom.toAbsolutePath() + " (iteration "
                    + trainer.iteration() + ")");
        }
        table.print(spec.commandLine().getOut());
        Map<String, Object> json = settings.toMap();
        json.put("resolved", table.rows());
        folder.writeConfig(json);
    }

    /**
     * The settings of the run in {@code runDir}: model, batch, Adam and seed from its
     * checkpoint, the data from its config.json, and for the rest (epochs, device, intervals,
     * sampling, checkpoints) the options given now, else what the run had.
     */
    private TrainSettings resumedSettings(Path runDir, TrainConfig config) throws IOException {
        Map<String, Object> saved = RunFolder.readConfig(runDir);
        inherit(saved, "--epochs", "epochs", v -> epochs = v.intValue());
        inherit(saved, "--sample-every", "sample_every", v -> sampleEvery = v.intValue());
        inherit(saved, "--log-every", "log_every", v -> logEvery = v.intValue());
        inherit(saved, "--checkpoint-every", "checkpoint_every",
                v -> checkpointEvery = v.intValue());
        inherit(saved, "--keep-last", "keep_last", v -> keepLast = v.intValue());
        inherit(saved, "--keep-every", "keep_every", v -> keepEvery = v.longValue());
        inherit(saved, "--collapse-window", "collapse_window",
                v -> collapseWindow = v.intValue());
        if (!given("--device") && saved.get("device") instanceof String d) {
            device = d;
        }
        if (!given("--bn-mode") && saved.get("bn_mode") instanceof String m) {
            bnMode = m;
        }
        if (!given("--cache-dir") && saved.get("cache_dir") instanceof String c) {
            cacheDir = Path.of(c);
        }
        TrainSettings now = settings();
        ModelConfig m = config.model();
        return new TrainSettings(String.valueOf(saved.get("data")), m.imageSize(),
                config.batchSize(), now.epochs(), m.nz(), m.ngf(), m.ndf(),
                config.adam().lr(), config.adam().beta1(), config.seed(), false,
                now.device(), runDir, ((Number) saved.getOrDefault("limit", 0)).intValue(),
                now.dryRun(), now.sampleEvery(), now.logEvery(), now.sampleMode(),
                now.cacheDir(), now.checkpoints(), now.collapseWindow());
    }

    private boolean given(String option) {
        return spec.commandLine().getParseResult().hasMatchedOption(option);
    }

    /** The saved value of {@code key} for {@code option}, unless the option was given now. */
    private void inherit(Map<String, Object> saved, String option, String key,
                         java.util.function.Consumer<Number> set) {
        if (!given(option) && saved.get(key) instanceof Number value) {
            set.accept(value);
        }
    }

    private int train(TrainSettings settings, ImageDataset dataset, Trainer trainer,
                      RunFolder folder, TrainingRun.Start start) throws IOException {
        long planned = settings.dryRun() ? trainer.iteration() + 1
                : (long) TrainingRun.batchesPerEpoch(dataset.count(), settings.batchSize())
                        * settings.epochs();
        try (Progress progress = Progress.forConsole(spec.commandLine().getOut(), planned,
                System.err);
             StopSignals signals = StopSignals.install()) {
            progress.startAt(trainer.iteration());
            Profile timings = profile ? trainer.startProfiling() : null;
            TrainingRun run = new TrainingRun(settings, dataset, trainer, folder, progress,
                    start);
            if (evalEvery > 0) {
                if (!QualityTracker.possible(dataset)) {
                    throw Ranges.bad(spec, "--eval-every needs at least 32 images; "
                            + dataset.description() + " has " + dataset.count());
                }
                run.measureQuality(new QualityTracker(dataset, trainer,
                        folder.dir().resolve("quality.csv"), settings.sampleMode(),
                        settings.seed()), evalEvery);
            }
            signals.onFirst(() -> {
                run.requestStop();
                progress.note("stopping after this iteration and its checkpoint;"
                        + " Ctrl-C again to exit at once");
            });
            TrainingRun.Summary summary = run.run();
            if (timings != null) {
                writeProfile(timings, folder, progress);
            }
            return summary.outcome() == TrainingRun.Outcome.STOPPED ? Main.INTERRUPTED : 0;
        }
    }

    /** The options checked and resolved; a bad value is a usage error naming the option. */
    TrainSettings settings() {
        Ranges.oneOf(spec, "--image-size", imageSize, 32, 64, 128);
        Ranges.check(spec, "--batch-size", batchSize, 2, 65536);
        Ranges.check(spec, "--epochs", epochs, 1, 100_000);
        Ranges.check(spec, "--nz", nz, 1, 4096);
        Ranges.check(spec, "--ngf", ngf, 1, 1024);
        Ranges.check(spec, "--ndf", ndf, 1, 1024);
        Ranges.checkAbove(spec, "--lr", lr, 0, 1);
        Ranges.checkBelow(spec, "--beta1", beta1, 0, 1);
        Ranges.check(spec, "--limit", limit, 0, Integer.MAX_VALUE);
        Ranges.check(spec, "--sample-every", sampleEvery, 1, 100_000);
        Ranges.check(spec, "--log-every", logEvery, 1, Integer.MAX_VALUE);
        Ranges.check(spec, "--checkpoint-every", checkpointEvery, 0, Integer.MAX_VALUE);
        Ranges.check(spec, "--eval-every", evalEvery, 0, 100_000);
        Ranges.check(spec, "--keep-last", keepLast, 1, Integer.MAX_VALUE);
        Ranges.check(spec, "--collapse-window", collapseWindow, 0, Integer.MAX_VALUE);
        if (keepEvery < 0) {
            throw Ranges.bad(spec, "--keep-every = " + keepEvery
                    + " is out of range; allowed: 0 or more");
        }
        if (data == null || data.isBlank()) {
            throw Ranges.bad(spec, "--data is empty; give a folder, an IDX file or builtin");
        }
        Backends.Request request = switch (device.trim().toLowerCase(Locale.ROOT)) {
            case "auto" -> Backends.Request.AUTO;
            case "cuda" -> Backends.Request.CUDA;
            case "cpu" -> Backends.Request.CPU;
            case "sim" -> Backends.Request.SIM;
            default -> throw Ranges.bad(spec, "--device = " + device
                    + " is not known; allowed: auto, cuda, cpu, sim");
        };
        SampleMode mode = switch (bnMode.trim().toLowerCase(Locale.ROOT)) {
            case "batch" -> SampleMode.BATCH_STATISTICS;
            case "running" -> SampleMode.RUNNING_STATISTICS;
            default -> throw Ranges.bad(spec, "--bn-mode = " + bnMode
                    + " is not known; allowed: batch, running");
        };
        long resolvedSeed = seed != null ? seed : ThreadLocalRandom.current().nextLong(1, 1L << 31);
        Path folder = out != null ? out : Path.of("runs", LocalDateTime.now()
                .format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss", Locale.ROOT)));
        return new TrainSettings(data, imageSize, batchSize, epochs, nz, ngf, ndf, lr, beta1,
                resolvedSeed, seed == null, request, folder, limit, dryRun, sampleEvery,
                logEvery, mode, cacheDir, new TrainSettings.Checkpoints(checkpointEvery,
                new Retention(keepLast, keepEvery)), collapseWindow);
    }

    private static void checkDataset(ImageDataset dataset, TrainSettings settings) {
        if (dataset.imageSize() != settings.imageSize()) {
            throw new CliFailure("the data has images of " + dataset.imageSize() + " px but "
                    + "--image-size is " + settings.imageSize(),
                    "the data layer should resize; report this with the --data you used");
        }
        if (dataset.count() < 2) {
            throw new CliFailure(dataset.description() + " holds " + dataset.count()
                    + " usable image(s); training needs at least 2 (batch-norm)",
                    "point --data at more images, or raise --limit");
        }
        if (settings.batchSize() > dataset.count()) {
            throw new CliFailure("--batch-size " + settings.batchSize() + " is larger than the "
                    + dataset.count() + " usable image(s) of " + dataset.description(),
                    "give --batch-size " + dataset.count() + " or less, or point --data at more "
                            + "images" + (settings.limit() > 0 ? " (or raise --limit)" : ""));
        }
    }

    /** The resolved configuration as printed at start and stored in config.json. */
    static Table configTable(TrainSettings s, ImageDataset data, Trainer trainer,
                             String backendChoice) {
        int perEpoch = TrainingRun.batchesPerEpoch(data.count(), s.batchSize());
        return new Table()
                .row("data", data.description())
                .row("images", dataReport(data.report()))
                .row("image", String.format(Locale.ROOT, "%d x %d, %d channel(s)",
                        data.imageSize(), data.imageSize(), data.channels()))
                .row("model", String.format(Locale.ROOT, "nz %d, ngf %d, ndf %d", s.nz(),
                        s.ngf(), s.ndf()))
                .row("parameters", String.format(Locale.ROOT, "G %,d, D %,d",
                        trainer.generator().parameterCount(),
                        trainer.discriminator().parameterCount()))
                .row("batch size", s.batchSize())
                .row("epochs", String.format(Locale.ROOT, "%d x %d iterations%s", s.epochs(),
                        perEpoch, s.dryRun() ? " (dry run: 1 iteration)" : ""))
                .row("adam", String.format(Locale.ROOT, "lr %s, betas (%s, %s)", s.lr(),
                        s.beta1(), TrainSettings.BETA2))
                .row("device", s.device().name().toLowerCase(Locale.ROOT) + " -> "
                        + backendChoice)
                .row("backend", trainer.backend().description())
                .row("seed", s.seedDrawn() ? s.seed() + " (drawn; --seed " + s.seed()
                        + " repeats this run)" : s.seed())
                .row("samples", (s.sampleMode() == SampleMode.BATCH_STATISTICS ? "batch"
                        : "running") + " statistics, every " + s.sampleEvery() + " epoch(s)")
                .row("native library", Environment.nativeLibraryLine(trainer.backend().kind()))
                .row("jdk", Environment.jdk())
                .row("checkpoints", (s.checkpoints().every() == 0 ? "at epoch ends"
                        : "every " + s.checkpoints().every() + " iterations and at epoch ends")
                        + ", keep the last " + s.checkpoints().retention().keepLast()
                        + (s.checkpoints().retention().keepEvery() > 0 ? " and every "
                        + s.checkpoints().retention().keepEvery() + "th" : ""))
                .row("cache", s.cacheDir().toAbsolutePath())
                .row("output", s.out().toAbsolutePath());
    }

    static String dataReport(DatasetReport r) {
        String text = r.read() + " read" + (r.fromCache() ? " (from cache)" : "");
        if (r.skippedTotal() == 0) {
            return text + ", none skipped";
        }
        String reasons = r.skipped().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> e.getValue() + " " + e.getKey().name().toLowerCase(Locale.ROOT)
                        .replace('_', ' '))
                .collect(Collectors.joining(", "));
        String examples = r.examples().isEmpty() ? ""
                : "\ne.g. " + String.join("\n     ", r.examples());
        return text + ", " + r.skippedTotal() + " skipped (" + reasons + ")" + examples;
    }
}
