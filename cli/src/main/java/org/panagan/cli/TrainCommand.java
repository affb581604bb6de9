package org.panagan.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.panagan.engine.backend.AdamParams;
import org.panagan.engine.backend.Backend;
import org.panagan.engine.backend.Backends;
import org.panagan.engine.data.DataSpec;
import org.panagan.engine.data.DatasetReport;
import org.panagan.engine.data.ImageDataset;
import org.panagan.engine.dcgan.ModelConfig;
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
                "",
                "Exit codes: 0 done, 1 failed, 2 bad options, 130 stopped with Ctrl-C."})
final class TrainCommand implements Callable<Integer> {

    /** What the production command opens data with, until the data layer is wired in. */
    static final Function<DataSpec, ImageDataset> PRODUCTION_OPENER;

    static {
        // integrator: wire Datasets::open here
        PRODUCTION_OPENER = spec -> {
            throw new IllegalStateException("the data layer is not merged yet");
        };
    }

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
        TrainSettings settings = settings();
        RunFolder.checkFree(settings.out());
        try (ImageDataset dataset = opener.apply(new DataSpec(settings.data(),
                settings.imageSize(), settings.limit(), settings.cacheDir()))) {
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
                Table table = configTable(settings, dataset, trainer, choice);
                table.print(spec.commandLine().getOut());
                Map<String, Object> json = settings.toMap();
                json.put("resolved", table.rows());
                folder.writeConfig(json);
                return train(settings, dataset, trainer, folder);
            }
        }
    }

    private int train(TrainSettings settings, ImageDataset dataset, Trainer trainer,
                      RunFolder folder) throws IOException {
        long planned = settings.dryRun() ? 1
                : (long) TrainingRun.batchesPerEpoch(dataset.count(), settings.batchSize())
                        * settings.epochs();
        try (Progress progress = Progress.forConsole(spec.commandLine().getOut(), planned,
                System.err)) {
            TrainingRun run = new TrainingRun(settings, dataset, trainer, folder, progress);
            // Ctrl-C: the loop stops after its iteration, writes what is pending, and the JVM
            // exits with 130 once the hook returns.
            Thread hook = new Thread(run::requestStop, "panagan-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                TrainingRun.Summary summary = run.run();
                return summary.outcome() == TrainingRun.Outcome.STOPPED ? Main.INTERRUPTED : 0;
            } finally {
                removeHook(hook);
            }
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The JVM is already exiting (Ctrl-C): the hook is running and must stay.
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
                logEvery, mode, cacheDir);
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
