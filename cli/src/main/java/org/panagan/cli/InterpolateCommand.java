package org.panagan.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

/** A walk through latent space between seeded points: a grid and an animated GIF. */
@Command(name = "interpolate", mixinStandardHelpOptions = true, showDefaultValues = true,
        sortOptions = false,
        description = {"Walk the latent space between seeds: a PNG grid and an animated GIF.",
            "The walk visits the z of each seed in turn (the first z `panagan sample --seed S` "
                    + "draws); the grid has one row per segment, the GIF one frame per image."},
        footerHeading = "%nExamples:%n",
        footer = {"  panagan interpolate runs/faces                   # seeds 0 and 1, slerp",
                "  panagan interpolate runs/faces --seeds 3,8,21,3 --steps 12",
                "  panagan interpolate generator.safetensors --method linear --out walk.png",
                "  panagan interpolate runs/faces --gif-delay-ms 40 --bn-mode batch"})
final class InterpolateCommand implements Callable<Integer> {

    static final int MAX_SEEDS = 64;
    static final int MAX_STEPS = 64;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CHECKPOINT", description = "A run folder (its latest "
            + "checkpoint), its checkpoints/ folder, a step-N folder, or a .safetensors file.")
    Path source;

    @Option(names = "--seeds", paramLabel = "SEED", split = ",", description = "The seeds "
            + "whose z the walk visits, in order; 2 to " + MAX_SEEDS + ".")
    List<Long> seeds = new ArrayList<>(List.of(0L, 1L));

    @Option(names = "--steps", paramLabel = "N", description = "Images per segment, both ends "
            + "included; 2 to " + MAX_STEPS + ".")
    int steps = 8;

    @Option(names = "--method", paramLabel = "M", description = "slerp (along the great circle,"
            + " keeping z at the lengths a Gaussian z has; the usual choice) or linear (a "
            + "straight line, shorter z midway).")
    String method = "slerp";

    @Option(names = "--out", paramLabel = "FILE", description = "The .png grid (default: "
            + "<run>/interpolation.png); the GIF goes beside it, named .gif.")
    Path out;

    @Option(names = "--gif-delay-ms", paramLabel = "MS", description = "Time per GIF frame, 10 "
            + "to " + AnimatedGif.MAX_DELAY_MS + " ms, in steps of 10 (GIF counts hundredths "
            + "of a second).")
    int gifDelayMs = 120;

    @Mixin
    SamplingOptions sampling;

    @Override
    public Integer call() throws IOException {
        Main.configureLogging(spec);
        if (seeds.size() < 2 || seeds.size() > MAX_SEEDS) {
            throw Ranges.bad(spec, "--seeds = " + joined() + " gives " + seeds.size()
                    + " seed(s); allowed: 2 to " + MAX_SEEDS + ", separated by commas");
        }
        Ranges.check(spec, "--steps", steps, 2, MAX_STEPS);
        Ranges.check(spec, "--gif-delay-ms", gifDelayMs, 10, AnimatedGif.MAX_DELAY_MS);
        LatentWalk.Method how;
        try {
            how = LatentWalk.Method.parse(method);
        } catch (IllegalArgumentException e) {
            throw Ranges.bad(spec, "--method = " + e.getMessage());
        }
        SampleMode mode = sampling.mode();
        Backends.Request device = sampling.device();
        if (out != null && (Files.isDirectory(out)
                || !out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png"))) {
            throw Ranges.bad(spec, "--out = " + out + " is not a .png file name; the grid is a "
                    + "PNG and the GIF goes beside it");
        }

        GeneratorSource from = GeneratorSource.open(source);
        Path grid = out != null ? out : from.runFolder().resolve("interpolation.png");
        Path gif = gifBeside(grid);
        int segments = seeds.size() - 1;
        int n = segments * steps;
        try (Sampler sampler = Sampler.open(from.weights(), device, n)) {
            Architecture a = sampler.architecture();
            List<float[]> points = new ArrayList<>();
            for (long s : seeds) {
                points.add(Sampler.latents(s, 1, a.nz()));
            }
            float[] images = sampler.generate(LatentWalk.segments(points, steps, how), n, mode);
            BufferedImage picture = Tiles.grid(images, n, a.nc(), a.imageSize(), steps);
            Tiles.writePng(picture, grid);
            List<BufferedImage> frames = frames(images, a, segments);
            AnimatedGif.write(frames, gifDelayMs, gif);
            new Table()
                    .row("checkpoint", from.weights().source())
                    .row("step", from.stepText())
                    .row("model", from.modelText())
                    .row("backend", sampler.backendDescription())
                    .row("bn mode", Choices.describe(mode))
                    .row("walk", String.format(Locale.ROOT, "seeds %s, %d segment(s) of %d "
                            + "images, %s", joined(), segments, steps,
                            how.name().toLowerCase(Locale.ROOT)))
                    .row("wrote", String.format(Locale.ROOT, "%s (%d x %d px, one row per "
                            + "segment)\n%s (%d frames, %d ms each, looping)", grid,
                            picture.getWidth(), picture.getHeight(), gif, frames.size(),
                            AnimatedGif.centiseconds(gifDelayMs) * 10))
                    .print(spec.commandLine().getOut());
        }
        return 0;
    }

    /** The walk without the repeated first image of each segment after the first. */
    private List<BufferedImage> frames(float[] images, Architecture a, int segments) {
        List<BufferedImage> frames = new ArrayList<>();
        for (int s = 0; s < segments; s++) {
            for (int k = s == 0 ? 0 : 1; k < steps; k++) {
                frames.add(Tiles.image(images, s * steps + k, a.nc(), a.imageSize()));
            }
        }
        return frames;
    }

    /** "grid.png" to "grid.gif", in the same folder. */
    static Path gifBeside(Path png) {
        String name = png.getFileName().toString();
        return png.resolveSibling(name.substring(0, name.length() - ".png".length()) + ".gif");
    }

    private String joined() {
        return String.join(",", seeds.stream().map(String::valueOf).toList());
    }
}
