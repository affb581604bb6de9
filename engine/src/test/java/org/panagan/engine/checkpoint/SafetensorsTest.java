package org.panagan.engine.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.panagan.engine.checkpoint.Safetensors.Contents;
import org.panagan.engine.checkpoint.Safetensors.NamedTensor;
import org.panagan.engine.tensor.DType;

/**
 * The safetensors reader and writer: values and metadata round-trip, the bytes are laid out as
 * the format says, damaged files fail with a {@link CheckpointException} naming the file, and
 * writes are atomic.
 */
class SafetensorsTest {

    private static final long SEED = 20261204L;

    @TempDir
    Path dir;

    /** Odd shapes, a scalar, an empty tensor; values from a seeded stream (seed printed). */
    private static List<NamedTensor> sample(long seed) {
        Random random = new Random(seed);
        return List.of(tensor("main.0.weight", new long[] {3, 5, 4, 4}, random),
                NamedTensor.ofLong("main.1.num_batches_tracked", 0x1234_5678_9ABC_DEF0L),
                tensor("odd", new long[] {7}, random),
                tensor("empty", new long[] {0, 3}, random),
                tensor("main.1.running_var", new long[] {5}, random));
    }

    private static NamedTensor tensor(String name, long[] shape, Random random) {
        float[] v = new float[(int) Safetensors.numel(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return NamedTensor.ofFloats(name, shape, v);
    }

    private Path writeSample(String name) {
        Path file = dir.resolve(name);
        Safetensors.write(file, Map.of("nz", "100", "note", "é ünïcode"), sample(SEED));
        return file;
    }

    @Test
    void tensorsAndMetadataRoundTrip() {
        Path file = writeSample("a.safetensors");
        Contents c = Safetensors.read(file);
        assertEquals(Map.of("nz", "100", "note", "é ünïcode"), c.metadata());
        List<NamedTensor> want = sample(SEED);
        assertEquals(want.stream().map(NamedTensor::name).toList(),
                List.copyOf(c.tensors().keySet()), "names in written order");
        for (NamedTensor t : want) {
            NamedTensor got = c.tensors().get(t.name());
            assertEquals(t.dtype(), got.dtype(), t.name());
            assertArrayEquals(t.shape(), got.shape(), t.name());
            assertArrayEquals(t.data(), got.data(), t.name() + " (seed " + SEED + ")");
        }
        assertEquals(0x1234_5678_9ABC_DEF0L,
                c.tensors().get("main.1.num_batches_tracked").longs()[0]);
        assertArrayEquals(want.get(2).floats(), c.tensors().get("odd").floats());
    }

    @Test
    void bytesFollowTheFormat() throws IOException {
        Path file = writeSample("layout.safetensors");
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long n = b.getLong(0);
        assertEquals(0, (8 + n) % Safetensors.ALIGNMENT, "data starts 8-aligned");
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        assertTrue(header.startsWith("{\"__metadata__\":{"), header);
        assertEquals(header.strip().length(), header.stripTrailing().length());
        assertTrue(header.length() - header.stripTrailing().length() < 8, "padding is spaces");

        JsonNode root = new ObjectMapper().readTree(header);
        long at = 0;
        int dataStart = 8 + (int) n;
        for (NamedTensor t : sample(SEED)) {
            JsonNode e = root.get(t.name());
            assertEquals(t.dtype().name(), e.get("dtype").asText());
            assertEquals(Arrays.toString(t.shape()), e.get("shape").toString()
                    .replace(",", ", "));
            assertEquals(at, e.get("data_offsets").get(0).asLong(), t.name() + " begins");
            long end = e.get("data_offsets").get(1).asLong();
            assertEquals(t.data().length, end - at, t.name() + " length");
            assertArrayEquals(t.data(), Arrays.copyOfRange(bytes, dataStart + (int) at,
                    dataStart + (int) end), t.name() + " bytes in place");
            at = end;
        }
        assertEquals(bytes.length, dataStart + at, "data ends with the file");
        // float32 little-endian: the first weight's bytes are its IEEE bits, low byte first.
        float first = sample(SEED).get(0).floats()[0];
        assertEquals(Float.floatToRawIntBits(first), b.getInt(dataStart));
    }

    /**
     * A file written by the reference implementation (safetensors 0.8.0, Python, numpy):
     * <pre>
     * w = (np.arange(96, dtype=np.float32) * 0.25 - 3.0).reshape(2, 3, 4, 4)
     * save_file({"main.0.weight": w,
     *            "main.1.num_batches_tracked": np.array(7, dtype=np.int64),
     *            "main.1.running_var": np.array([1.0, 2.5, -0.125], dtype=np.float32)},
     *           "reference-written.safetensors", metadata={"nz": "8", "format": "np"})
     * </pre>
     * It orders tensors its own way (by dtype alignment); we read it, and writing the same
     * tensors in its order gives its bytes exactly.
     */
    @Test
    void readsAndReproducesTheReferenceImplementationsFile() throws Exception {
        Path file = Path.of(getClass().getResource("reference-written.safetensors").toURI());
        Contents c = Safetensors.read(file);
        assertEquals(Map.of("nz", "8", "format", "np"), c.metadata());
        assertEquals(List.of("main.1.num_batches_tracked", "main.0.weight",
                "main.1.running_var"), List.copyOf(c.tensors().keySet()));
        float[] w = c.tensors().get("main.0.weight").floats();
        assertArrayEquals(new long[] {2, 3, 4, 4}, c.tensors().get("main.0.weight").shape());
        for (int i = 0; i < w.length; i++) {
            assertEquals(i * 0.25f - 3f, w[i], "main.0.weight[" + i + "]");
        }
        assertArrayEquals(new long[] {7}, c.tensors().get("main.1.num_batches_tracked").longs());
        assertArrayEquals(new long[0], c.tensors().get("main.1.num_batches_tracked").shape());
        assertArrayEquals(new float[] {1f, 2.5f, -0.125f},
                c.tensors().get("main.1.running_var").floats());

        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "np");
        metadata.put("nz", "8");
        Path ours = dir.resolve("ours.safetensors");
        Safetensors.write(ours, metadata, List.copyOf(c.tensors().values()));
        assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(ours));
    }

    /** One way to damage a file, and a word its message must hold. */
    record Damage(String name, UnaryOperator<byte[]> change, String expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> damages() {
        return Stream.of(
                new Damage("last byte cut", b -> Arrays.copyOf(b, b.length - 1), "truncated"),
                new Damage("cut inside the header", b -> Arrays.copyOf(b, 40), "truncated"),
                new Damage("cut to 5 bytes", b -> Arrays.copyOf(b, 5), "truncated"),
                new Damage("empty file", b -> new byte[0], "truncated"),
                new Damage("png magic", b -> pngLike(), "not a safetensors file"),
                new Damage("text file", b -> "hello, world\n".getBytes(StandardCharsets.UTF_8),
                        "not a safetensors file"),
                new Damage("huge header length", b -> withLength(b, Long.MAX_VALUE),
                        "header length"),
                new Damage("negative header length", b -> withLength(b, -8), "header length"),
                new Damage("header length past the end", b -> withLength(b, 50_000_000),
                        "truncated"),
                new Damage("brace flipped", b -> flip(b, 8), "not a safetensors file"),
                new Damage("quote flipped in JSON", b -> flip(b, 9), "not valid JSON"),
                new Damage("extra data after the tensors", b -> Arrays.copyOf(b, b.length + 4),
                        "damaged"),
                new Damage("dtype unsupported", b -> replace(b, "\"F32\"", "\"F16\""),
                        "dtype F16 is not supported"),
                new Damage("shape that does not fit the bytes", b -> replace(b, "[7]", "[9]"),
                        "need 36 bytes"))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("damages")
    void damagedFilesFailNamingTheFile(Damage damage) throws IOException {
        Path file = writeSample("damaged-" + damage.name().replace(' ', '-') + ".safetensors");
        Files.write(file, damage.change().apply(Files.readAllBytes(file)));
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> Safetensors.read(file));
        assertEquals(file, e.file());
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.problem().contains(damage.expected()), damage.name() + ": " + e.problem());
    }

    @Test
    void missingFileIsNamed() {
        Path file = dir.resolve("nothing.safetensors");
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> Safetensors.read(file));
        assertTrue(e.getMessage().contains("nothing.safetensors") && e.problem().contains(
                "missing"), e.getMessage());
    }

    private static byte[] pngLike() {
        return new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13,
                'I', 'H', 'D', 'R'};
    }

    private static byte[] withLength(byte[] b, long n) {
        byte[] out = b.clone();
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putLong(0, n);
        return out;
    }

    private static byte[] flip(byte[] b, int at) {
        byte[] out = b.clone();
        out[at] ^= 0x01;
        return out;
    }

    /** Replaces text inside the header with text of the same length. */
    private static byte[] replace(byte[] b, String from, String to) {
        String all = new String(b, StandardCharsets.ISO_8859_1);
        int at = all.indexOf(from);
        assertTrue(at > 0 && from.length() == to.length(), from);
        byte[] out = b.clone();
        System.arraycopy(to.getBytes(StandardCharsets.ISO_8859_1), 0, out, at, to.length());
        return out;
    }

    @Test
    void aWriteThatFailsLeavesNothingUnderTheFinalName() throws IOException {
        Path target = dir.resolve("model.safetensors");
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> AtomicFiles.write(target, out -> {
                    out.write(new byte[100_000]);
                    throw new IOException("disk full (injected)");
                }));
        assertTrue(e.getMessage().contains("model.safetensors")
                && e.getMessage().contains("disk full"), e.getMessage());
        assertFalse(Files.exists(target));
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(), left.toList(), "no temporary file left behind");
        }

        // A failure over an existing file leaves the old content whole.
        Files.writeString(target, "old");
        assertThrows(CheckpointException.class, () -> AtomicFiles.write(target, out -> {
            out.write("new, partial".getBytes(StandardCharsets.UTF_8));
            throw new IOException("power cut (injected)");
        }));
        assertEquals("old", Files.readString(target));
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(target), left.toList());
        }
    }

    @Test
    void writtenReportsLengthAndSha256() throws IOException {
        Path target = dir.resolve("x.bin");
        AtomicFiles.Written w = AtomicFiles.write(target, out -> out.write(new byte[] {1, 2, 3}));
        assertEquals(3, w.bytes());
        assertEquals(Manifest.sha256(target), w.sha256());
        assertEquals("039058c6f2c0cb492c533b0a4d14ef77cc0f78abccced5287d84a1a2011cfb81",
                w.sha256(), "SHA-256 of bytes 01 02 03");
    }

    @Test
    void tensorsOfTheWrongLengthAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new NamedTensor("w", DType.F32, new long[] {2, 2}, new byte[12]));
        assertTrue(e.getMessage().contains("need 16"), e.getMessage());
    }
}
