package org.panagan.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;

import org.panagan.engine.data.DataSpec;
import org.panagan.engine.data.EpochOrder;
import org.panagan.engine.data.ImageDataset;
import org.panagan.engine.dcgan.Architecture;
import org.panagan.engine.metrics.NearestImages;
import org.panagan.engine.metrics.SlicedWasserstein;
import org.panagan.engine.train.SampleMode;

import com.google.gson.GsonBuilder;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The quality of a checkpoint's generator against a dataset: the sliced Wasserstein distance
 * on Laplacian-pyramid patches (Karras et al. 2018) beside the real-vs-real split-half
 * baseline, and the nearest-training-image panel that shows copying.
 */
@Command(name = "eval", mixinStandardHelpOptions = true, showDefaultValues = true,
        sortOptions = false,
        description = {"Measure a checkpoint's generator against real images.",
            "SWD: sliced Wasserstein distance on Laplacian-pyramid patches, x 1000 per level "
                    + "and averaged (lower is closer). It compares --count generated images "
                    + "with --count real ones; the baseline compares two disjoint halves of "
                    + "2 x --count real images, i.e. what real data scores against itself.",
            "Nearest: for --nearest generated images, their closest training images (L2 at "
                    + "32 x 32), drawn as a panel; a ratio near 0 means a copy."},
        footerHeading = "%nExamples:%n",
        footer = {"  panagan eval runs/food                          # against the run's data",
                "  panagan eval runs/food --data ~/food --count 1000",
                "  panagan eval generator.safetensors --data builtin --nearest 0"})
final class EvalCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CHECKPOINT", description = "A run folder (its latest "
            + "checkpoint), its checkpoints/ folder, a step-N folder, or a .safetensors file.")
    Path source;

    @Option(names = "--data", paramLabel = "SOURCE", description = "The real images: a folder, "
            + "an IDX file or builtin (default: the run's own data, from its config.json).")
    String data;

    @Option(names = "--count", paramLabel = "N", description = "Generated images, and real "
            + "images per half of the baseline, 16 to 8192.")
    int count = 512;

    @Option(names = "--nearest", paramLabel = "N", description = "Generated images in the "
            + "nearest-training-image panel, 0 to 64 (0: none).")
    int nearest = 8;

    @Option(names = "--seed", paramLabel = "N", description = "Seeds the generated images and "
            + "the metric's patches and directions; keep it fixed to compare checkpoints.")
    long seed = 1;

    @Option(names = "--out", paramLabel = "DIR", description = "Where eval.json and nearest.png "
            + "go (default: the run folder).")
    Path out;

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "Where prepared datasets are cached.")
    Path cacheDir = Path.of(System.getProperty("user.home"), ".cache", "panagan");

    @Mixin
    SamplingOptions sampling;

    private final Function<DataSpec, ImageDataset> opener;

    EvalCommand() {
        this(TrainCommand.PRODUCTION_OPENER);
    }

    EvalCommand(Function<DataSpec, ImageDataset> opener) {
        this.opener = opener;
    }

    @Override
    public Integer call() throws IOException {
        Main.configureLogging(spec);
        Ranges.check(spec, "--count", count, 16, 8192);
        Ranges.check(spec, "--nearest", nearest, 0, 64);
        SampleMode mode = sampling.mode();
        GeneratorSource from = GeneratorSource.open(source);
        Path folder = out != null ? out : from.runFolder();
        String realSource = data != null ? data : runData(from.runFolder());

        try (Sampler sampler = Sampler.open(from.weights(), sampling.device(), count)) {
            Architecture a = sampler.architecture();
            int c = a.nc();
            int s = a.imageSize();
            try (ImageDataset real = opener.apply(new DataSpec(realSource, s, 0, cacheDir))) {
                if (real.channels() != c) {
                    throw new CliFailure(real.description() + " has " + real.channels()
                            + " channel(s) but the generator makes " + c,
                            "evaluate against the data the generator was trained on");
                }
                int need = 2 * count;
                if (real.count() < need) {
                    throw Ranges.bad(spec, "--count = " + count + " needs " + need + " real "
                            + "images (two halves for the baseline) but " + real.description()
                            + " has " + real.count() + "; lower --count");
                }
                float[] realImages = new float[need * c * s * s];
                real.copyBatch(EpochOrder.permutation(real.count(), seed, 0), 0, need,
                        realImages);
                float[] fake = sampler.generate(Sampler.latents(seed, count, a.nz()), count,
                        mode);

                SlicedWasserstein.Settings metric = SlicedWasserstein.Settings.DEFAULT
                        .withSeed(seed);
                long t0 = System.nanoTime();
                SlicedWasserstein.Result generated = SlicedWasserstein.distance(fake, count,
                        realImages, count, c, s, metric);
                SlicedWasserstein.Result baseline = SlicedWasserstein.splitHalfBaseline(
                        realImages, need, c, s, metric);
                double seconds = (System.nanoTime() - t0) / 1e9;

                Table table = new Table()
                        .row("checkpoint", from.weights().source())
                        .row("step", from.stepText())
                        .row("model", from.modelText())
                        .row("real images", real.description())
                        .row("bn mode", Choices.describe(mode))
                        .row("SWD x 1000", generated.describe() + "  (generated vs real, "
                                + count + " each)")
                        .row("baseline", baseline.describe() + "  (real vs real)")
                        .row("ratio", String.format(Locale.ROOT, "%.2f x the baseline",
                                generated.average() / baseline.average()))
                        .row("time", String.format(Locale.ROOT, "%.1f s", seconds));
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("checkpoint", from.weights().source().toString());
                json.put("step", from.stepText());
                json.put("data", real.description());
                json.put("count", count);
                json.put("seed", seed);
                json.put("bn_mode", Choices.describe(mode));
                json.put("resolutions", generated.resolutions());
                json.put("swd", generated.perLevel());
                json.put("swd_average", generated.average());
                json.put("baseline", baseline.perLevel());
                json.put("baseline_average", baseline.average());
                if (nearest > 0) {
                    Path panel = folder.resolve("nearest.png");
                    NearestImages.Report report = NearestImages.find(realImages, need, fake,
                            nearest, c, s, 4, NearestImages.Settings.DEFAULT);
                    NearestImages.panel(report, realImages, need, fake, nearest, c, s, panel);
                    double closest = report.rows().stream()
                            .mapToDouble(NearestImages.Row::ratioToRealMedian).min().orElse(0);
                    table.row("nearest", String.format(Locale.ROOT, "%s (closest ratio %.2f:"
                            + " distance to the nearest training image over the median real "
                            + "one; near 0 is a copy)", panel, closest));
                    json.put("nearest_min_ratio", closest);
                }
                Path file = folder.resolve("eval.json");
                java.nio.file.Files.createDirectories(folder);
                java.nio.file.Files.writeString(file, new GsonBuilder().setPrettyPrinting()
                        .serializeSpecialFloatingPointValues().create().toJson(json) + "\n");
                table.row("wrote", file);
                table.print(spec.commandLine().getOut());
            }
        }
        return 0;
    }

    /** The data of the run a checkpoint belongs to, from its config.json. */
    private String runData(Path runFolder) throws IOException {
        try {
            Object value = RunFolder.readConfig(runFolder).get("data");
            return String.valueOf(value);
        } catch (CliFailure e) {
            throw new CliFailure("no --data given and " + e.getMessage(),
                    "give --data (a folder, an IDX file or builtin)");
        }
    }
}
