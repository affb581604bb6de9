package org.panagan.engine.checkpoint;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.panagan.engine.Fuzz;
import org.panagan.engine.checkpoint.Safetensors.Contents;
import org.panagan.engine.checkpoint.Safetensors.NamedTensor;

/**
 * {@link Safetensors#read} on thousands of damaged files: each either reads or fails with a
 * {@link CheckpointException}; never another exception, an OutOfMemoryError or a hang. The
 * length prefix is the field most mutants aim at; numbers in the JSON header (shapes and data
 * offsets) are made extreme too.
 */
class SafetensorsFuzzTest {

    private static final Fuzz.Budget BUDGET = new Fuzz.Budget(2000, 15, 10);

    @TempDir
    Path dir;

    @Test
    void damagedFilesReadOrFailWithACheckpointException() throws IOException {
        long seed = Fuzz.seed();
        SplittableRandom random = new SplittableRandom(seed);
        float[] odd = new float[3 * 5 * 7];
        float[] small = new float[4];
        for (int i = 0; i < odd.length; i++) {
            odd[i] = (float) random.nextGaussian();
        }
        Path valid = dir.resolve("valid.safetensors");
        Safetensors.write(valid, Map.of("nz", "16", "format", "pt"), List.of(
                NamedTensor.ofFloats("main.0.weight", new long[] {3, 5, 7}, odd),
                NamedTensor.ofFloats("main.1.bias", new long[] {4}, small),
                NamedTensor.ofLong("main.1.num_batches_tracked", 12)));
        byte[] bytes = Files.readAllBytes(valid);

        Path file = dir.resolve("mutant.safetensors");
        int read = Fuzz.run("safetensors", seed, bytes,
                new Fuzz.Field[] {new Fuzz.Field(0, 8, ByteOrder.LITTLE_ENDIAN)}, BUDGET,
                CheckpointException.class, (mutant, index) -> {
                    Files.write(file, mutant);
                    Contents c = Safetensors.read(file);
                    for (NamedTensor t : c.tensors().values()) {
                        long elements = 1;
                        for (long d : t.shape()) {
                            elements *= d;
                        }
                        assertTrue(elements >= 0 && t.data().length >= 0, t.name());
                    }
                });
        assertTrue(read >= 100, "only " + read + " mutants in the time budget");
    }
}
