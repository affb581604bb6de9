package org.panagan.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.panagan.engine.backend.Backends;
import org.panagan.engine.dcgan.Architecture;
import org.panagan.engine.train.SampleMode;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Images from a trained generator, as one grid or one PNG each. */
@Command(name = "sample", mixinStandardHelpOptions = true, showDefaultValues = true,
        sortOptions = false,
        description = {"Generate images from a checkpoint's generator.",
            "--count latent vectors z ~ N(0, 1) drawn from --seed, written as one PNG grid or "
                    + "one PNG each."},
        footerHeading = "%nExamples:%n",
        footer = {"  panagan sample runs/faces                       # latest checkpoint, seed 0",
                "  panagan sample runs/faces/checkpoints/step-002000 --seed 7 --count 16",
                "  panagan sample generator.safetensors --out grid.png --columns 4",
                "  panagan sample runs/faces --separate --out faces/ --count 100",
                "  panagan sample runs/faces --bn-mode batch     # as main.py's own samples",
                "",
                "The same checkpoint, seed, count and --bn-mode give the same images; image i "
                        + "of seed S uses the (i+1)-th z of the stream S, so image 0 is the z "
                        + "`panagan interpolate --seeds S,...` starts from."})
final class SampleCommand implements Callable<Integer> {

    static final int MAX_COUNT = 4096;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CHECKPOINT", description = "A run folder (its latest "
            + "checkpoint), its checkpoints/ folder, a step-N folder, or a .safetensors file.")
    Path source;

    @Option(names = "--count", paramLabel = "N", description = "Images to generate, 1 to "
            + MAX_COUNT + ".")
    int count = 64;

    @Option(names = "--seed", paramLabel = "N", description = "Seeds the latent vectors.")
    long seed = 0;

    @Mixin
    SamplingOptions sampling;

    @Option(names = "--out", paramLabel = "PATH", description = "A .png file for the grid "
            + "(default: <run>/samples/sample_seed<seed>.png), or with --separate a folder "
            + "(default: <run>/samples/sample_seed<seed>/).")
    Path out;

    @Option(names = "--separate", description = "Write one PNG per image into the --out folder "
            + "instead of a grid.")
    boolean separate;

    @Option(names = "--columns", paramLabel = "N", description = "Images per grid row, 1 to "
            + "1024.")
    int columns = SampleGrid.COLUMNS;

    @Override
    public Integer call() throws IOException {
        Main.configureLogging(spec);
        Ranges.check(spec, "--count", count, 1, MAX_COUNT);
        Ranges.check(spec, "--columns", columns, 1, 1024);
        SampleMode mode = sampling.mode();
        Backends.Request device = sampling.device();
        checkOut();

        GeneratorSource from = GeneratorSource.open(source);
        Path target = out != null ? out : from.runFolder().resolve("samples")
                .resolve("sample_seed" + seed + (separate ? "" : ".png"));
        try (Sampler sampler = Sampler.open(from.weights(), device, count)) {
            Architecture a = sampler.architecture();
            float[] images = sampler.generate(Sampler.latents(seed, count, a.nz()), count, mode);
            String wrote = separate ? writeSeparate(images, a, target)
                    : writeGrid(images, a, target);
            new Table()
                    .row("checkpoint", from.weights().source())
                    .row("step", from.stepText())
                    .row("model", from.modelText())
                    .row("backend", sampler.backendDescription())
                    .row("bn mode", Choices.describe(mode))
                    .row("seed", seed)
                    .row("wrote", wrote)
                    .print(spec.commandLine().getOut());
        }
        return 0;
    }

    /** --out must fit --separate: a folder for separate images, a .png file for a grid. */
    private void checkOut() {
        if (out == null) {
            return;
        }
        if (separate && Files.isRegularFile(out)) {
            throw Ranges.bad(spec, "--out = " + out + " is a file; with --separate it names "
                    + "the folder the images go in");
        }
        if (!separate && Files.isDirectory(out)) {
            throw Ranges.bad(spec, "--out = " + out + " is a folder; give a .png file for the "
                    + "grid, or add --separate for one PNG per image");
        }
        if (!separate && !out.getFileName().toString().toLowerCase(Locale.ROOT)
                .endsWith(".png")) {
            throw Ranges.bad(spec, "--out = " + out + " does not end in .png; the grid is a "
                    + "PNG file");
        }
    }

    private String writeGrid(float[] images, Architecture a, Path file) throws IOException {
        BufferedImage grid = Tiles.grid(images, count, a.nc(), a.imageSize(), columns);
        Tiles.writePng(grid, file);
        return String.format(Locale.ROOT, "%s (%d images, %d x %d px, %d per row)",
                file, count, grid.getWidth(), grid.getHeight(), Math.min(count, columns));
    }

    private String writeSeparate(float[] images, Architecture a, Path folder)
            throws IOException {
        Files.createDirectories(folder);
        int digits = Math.max(4, Integer.toString(count - 1).length());
        for (int i = 0; i < count; i++) {
            Tiles.writePng(Tiles.image(images, i, a.nc(), a.imageSize()),
                    folder.resolve(fileName(i, digits)));
        }
        return String.format(Locale.ROOT, "%s/%s .. %s (%d images, %d x %d px)", folder,
                fileName(0, digits), fileName(count - 1, digits), count, a.imageSize(),
                a.imageSize());
    }

    private static String fileName(int index, int digits) {
        return String.format(Locale.ROOT, "%0" + digits + "d.png", index);
    }
}
