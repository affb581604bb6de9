package org.panagan.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.panagan.engine.train.SampleMode;

/** `interpolate` on the cpu backend: the grid, the GIF read back, the walk's endpoints. */
class InterpolateCommandTest {

    @TempDir
    Path tmp;

    static CliRunner.Result interpolate(Path source, String... options) {
        List<String> args = new ArrayList<>(List.of("interpolate", source.toString(),
                "--device", "cpu"));
        args.addAll(Arrays.asList(options));
        return CliRunner.run(args.toArray(String[]::new));
    }

    /** What a GIF holds, as the JDK's reader sees it. */
    record Gif(int frames, List<Integer> delays, boolean loopsForever, int width) {

        static Gif read(Path file) throws IOException {
            try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
                ImageReader reader = ImageIO.getImageReaders(in).next();
                try {
                    reader.setInput(in);
                    int n = reader.getNumImages(true);
                    List<Integer> delays = new ArrayList<>();
                    boolean loops = false;
                    for (int i = 0; i < n; i++) {
                        IIOMetadataNode root = (IIOMetadataNode) reader.getImageMetadata(i)
                                .getAsTree(AnimatedGif.FORMAT);
                        IIOMetadataNode control = (IIOMetadataNode) root
                                .getElementsByTagName("GraphicControlExtension").item(0);
                        delays.add(Integer.parseInt(control.getAttribute("delayTime")));
                        var apps = root.getElementsByTagName("ApplicationExtension");
                        for (int k = 0; k < apps.getLength(); k++) {
                            IIOMetadataNode app = (IIOMetadataNode) apps.item(k);
                            loops |= app.getAttribute("applicationID").equals("NETSCAPE")
                                    && Arrays.equals((byte[]) app.getUserObject(),
                                            new byte[] {1, 0, 0});
                        }
                    }
                    return new Gif(n, delays, loops, reader.getWidth(0));
                } finally {
                    reader.dispose();
                }
            }
        }
    }

    @ParameterizedTest(name = "seeds {0}, {1} steps, {2} ms")
    @CsvSource(delimiter = '|', value = {
        "0,1   | 8 | 120 | 1 | 12",
        "3,9,4 | 5 | 40  | 2 | 4",
        "5,6,5 | 2 | 15  | 2 | 2"})
    void gridAndGifHaveTheWalksShape(String seeds, int steps, int delayMs, int rows,
                                     int centis) throws IOException {
        Path run = Checkpoints.run(tmp.resolve("run"), 3, 1);

        CliRunner.Result r = interpolate(run, "--seeds", seeds, "--steps", "" + steps,
                "--gif-delay-ms", "" + delayMs);

        assertEquals(0, r.code(), r::toString);
        BufferedImage grid = Checkpoints.read(run.resolve("interpolation.png"));
        assertEquals(steps * 34 + 2, grid.getWidth(), r::toString);
        assertEquals(rows * 34 + 2, grid.getHeight(), r::toString);
        Gif gif = Gif.read(run.resolve("interpolation.gif"));
        int frames = rows * (steps - 1) + 1;
        assertEquals(frames, gif.frames(), "joins are not repeated: " + gif);
        assertEquals(Collections.nCopies(frames, centis), gif.delays());
        assertTrue(gif.loopsForever(), gif::toString);
        assertEquals(32, gif.width());
        assertTrue(r.out().contains(frames + " frames, " + centis * 10 + " ms each"),
                r::toString);
    }

    /** The walk starts and ends on the images `sample` draws for each seed's first z. */
    @ParameterizedTest(name = "{0}, nc {1}")
    @CsvSource({"slerp, 3", "linear, 3", "slerp, 1"})
    void endpointsAreTheSeedsImages(String method, int nc) throws IOException {
        Path run = Checkpoints.run(tmp.resolve("run"), nc, 2);
        Path out = tmp.resolve("walk/w.png");

        CliRunner.Result r = interpolate(run, "--seeds", "12,34", "--steps", "6", "--method",
                method, "--out", out.toString());

        assertEquals(0, r.code(), r::toString);
        BufferedImage grid = Checkpoints.read(out);
        assertEquals(nc == 1 ? 1 : 3, grid.getRaster().getNumBands());
        Checkpoints.read(tmp.resolve("walk/w.gif"));
        float[] first = SampleCommandTest.engineImages(run, 12, 1,
                SampleMode.RUNNING_STATISTICS);
        float[] last = SampleCommandTest.engineImages(run, 34, 1,
                SampleMode.RUNNING_STATISTICS);
        SampleCommandTest.assertPixels(first, 0, nc, tile(grid, 0));
        SampleCommandTest.assertPixels(last, 0, nc, tile(grid, 5));
    }

    @Test
    void slerpAndLinearDifferInTheMiddle() throws IOException {
        Path run = Checkpoints.run(tmp.resolve("run"), 3, 3);
        Path slerp = tmp.resolve("s.png");
        Path linear = tmp.resolve("l.png");

        assertEquals(0, interpolate(run, "--out", slerp.toString()).code());
        assertEquals(0, interpolate(run, "--method", "linear", "--out", linear.toString())
                .code());

        assertArrayEquals(pixels(tile(Checkpoints.read(slerp), 0)),
                pixels(tile(Checkpoints.read(linear), 0)));
        assertTrue(!Arrays.equals(pixels(tile(Checkpoints.read(slerp), 3)),
                pixels(tile(Checkpoints.read(linear), 3))), "midway images should differ");
    }

    /** Column {@code column} of the first grid row. */
    private static BufferedImage tile(BufferedImage grid, int column) {
        return grid.getSubimage(2 + column * 34, 2, 32, 32);
    }

    private static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0,
                image.getWidth());
    }
}
