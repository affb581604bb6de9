package org.panagan.engine.checkpoint;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.panagan.engine.tensor.DType;
import org.panagan.engine.train.Trainer;

/**
 * The safetensors format (huggingface/safetensors), read and written here:
 * <pre>
 * [8 bytes]  N, the header's length, unsigned little-endian
 * [N bytes]  JSON: {"__metadata__": {string: string}, "name": {"dtype": "F32",
 *            "shape": [d0, d1, ...], "data_offsets": [begin, end]}, ...}, padded with spaces so
 *            the data starts at a multiple of 8
 * [rest]     the tensors' bytes, row-major, little-endian; offsets count from the data's start,
 *            and the tensors tile the data exactly, without gaps or overlaps
 * </pre>
 * Files written here list the tensors in the order given, data in the same order. Reading
 * checks every size against the file before allocating anything, so a corrupt length cannot
 * make a huge allocation, and every failure is a {@link CheckpointException} naming the file.
 * One tensor is at most 2^31 - 1 bytes.
 */
public final class Safetensors {

    /** The largest header accepted, as the reference implementation (100 MB). */
    public static final long MAX_HEADER_BYTES = 100_000_000L;
    /** The data section starts at a multiple of this many bytes from the header's start. */
    public static final int ALIGNMENT = 8;
    /** The header key of the string-to-string metadata map. */
    public static final String METADATA_KEY = "__metadata__";

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final ObjectMapper MAPPER = new ObjectMapper(JSON);

    private Safetensors() {
    }

    /**
     * One named tensor: dtype, shape (empty for a scalar) and its bytes, little-endian.
     *
     * @param name  the state_dict key
     * @param dtype F32, I32 or I64
     * @param shape each extent >= 0; empty for a 0-dimensional tensor
     * @param data  numel x dtype size bytes, little-endian (held as given)
     */
    public record NamedTensor(String name, DType dtype, long[] shape, byte[] data) {

        public NamedTensor {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(dtype, "dtype");
            shape = shape.clone();
            long need = Safetensors.numel(shape) * dtype.byteSize();
            if (data.length != need) {
                throw new IllegalArgumentException("tensor " + name + ": " + data.length
                        + " bytes given; dtype " + dtype + " and shape " + Arrays.toString(shape)
                        + " need " + need);
            }
        }

        /** A float32 tensor of the given shape. */
        public static NamedTensor ofFloats(String name, long[] shape, float[] values) {
            ByteBuffer b = little(values.length * 4L);
            b.asFloatBuffer().put(values);
            return new NamedTensor(name, DType.F32, shape, b.array());
        }

        /** A 0-dimensional int64 tensor (as PyTorch keeps counters). */
        public static NamedTensor ofLong(String name, long value) {
            return new NamedTensor(name, DType.I64, new long[0],
                    little(8).putLong(0, value).array());
        }

        @Override
        public long[] shape() {
            return shape.clone();
        }

        public long numel() {
            return Safetensors.numel(shape);
        }

        /** The values, for an F32 tensor. */
        public float[] floats() {
            requireDtype(DType.F32);
            float[] out = new float[data.length / 4];
            ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
            return out;
        }

        /** The values, for an I64 tensor. */
        public long[] longs() {
            requireDtype(DType.I64);
            long[] out = new long[data.length / 8];
            ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(out);
            return out;
        }

        private void requireDtype(DType want) {
            if (dtype != want) {
                throw new IllegalStateException("tensor " + name + " is " + dtype + ", not "
                        + want);
            }
        }
    }

    /**
     * A file's content.
     *
     * @param metadata the {@code __metadata__} map (empty when the file has none)
     * @param tensors  by name, in the order of their data
     */
    public record Contents(Map<String, String> metadata, Map<String, NamedTensor> tensors) {

        public Contents {
            metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
            tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        }
    }

    // ---------------------------------------------------------------------------------------
    // Writing
    // ---------------------------------------------------------------------------------------

    /** Writes a safetensors file atomically ({@link AtomicFiles#write}). */
    public static AtomicFiles.Written write(Path file, Map<String, String> metadata,
                                            List<NamedTensor> tensors) {
        byte[] header = header(metadata, tensors);
        return AtomicFiles.write(file, out -> writeTo(out, header, tensors));
    }

    /**
     * Exports a trainer's generator as pytorch/examples' netG state_dict, with the model in the
     * metadata, so {@code netG.load_state_dict(safetensors.torch.load_file(file))} loads it and
     * {@link Checkpoint#loadGenerator} samples from it without flags.
     */
    public static AtomicFiles.Written writeGenerator(Path file, Trainer trainer) {
        return write(file, StateDicts.modelMetadata(trainer.architecture(),
                StateDicts.GENERATOR), StateDicts.generator(trainer));
    }

    /** The whole file to a stream: length, header, data. */
    static void writeTo(OutputStream out, byte[] header, List<NamedTensor> tensors)
            throws IOException {
        out.write(little(8).putLong(0, header.length).array());
        out.write(header);
        for (NamedTensor t : tensors) {
            out.write(t.data());
        }
    }

    /** The JSON header, padded with spaces to a multiple of {@link #ALIGNMENT} bytes. */
    static byte[] header(Map<String, String> metadata, List<NamedTensor> tensors) {
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(json)) {
            g.writeStartObject();
            if (!metadata.isEmpty()) {
                g.writeObjectFieldStart(METADATA_KEY);
                for (Map.Entry<String, String> e : metadata.entrySet()) {
                    g.writeStringField(e.getKey(), e.getValue());
                }
                g.writeEndObject();
            }
            long at = 0;
            for (NamedTensor t : tensors) {
                if (t.name().equals(METADATA_KEY)) {
                    throw new IllegalArgumentException("a tensor cannot be named " + METADATA_KEY);
                }
                g.writeObjectFieldStart(t.name());
                g.writeStringField("dtype", t.dtype().name());
                g.writeArrayFieldStart("shape");
                for (long d : t.shape()) {
                    g.writeNumber(d);
                }
                g.writeEndArray();
                g.writeArrayFieldStart("data_offsets");
                g.writeNumber(at);
                g.writeNumber(at + t.data().length);
                g.writeEndArray();
                g.writeEndObject();
                at += t.data().length;
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("writing JSON to memory cannot fail", e);
        }
        int pad = (ALIGNMENT - json.size() % ALIGNMENT) % ALIGNMENT;
        for (int i = 0; i < pad; i++) {
            json.write(' ');
        }
        return json.toByteArray();
    }

    // ---------------------------------------------------------------------------------------
    // Reading
    // ---------------------------------------------------------------------------------------

    /**
     * Reads and checks a whole file.
     *
     * @throws CheckpointException naming the file: missing, truncated, not a safetensors file
     *                             (wrong length prefix, header not JSON or not as the format
     *                             says), an unsupported dtype, or offsets that do not tile the
     *                             data
     */
    public static Contents read(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return read(file, channel);
        } catch (NoSuchFileException e) {
            throw new CheckpointException(file, "missing: no such file");
        } catch (IOException e) {
            throw new CheckpointException(file, "cannot read: " + e, e);
        }
    }

    private static Contents read(Path file, FileChannel channel) throws IOException {
        long size = channel.size();
        if (size < 8) {
            throw new CheckpointException(file, "truncated or not a safetensors file: " + size
                    + " bytes, fewer than the 8-byte header length that starts the format");
        }
        long headerBytes = readFully(channel, 0, 8).getLong(0);
        if (headerBytes < 2 || headerBytes > MAX_HEADER_BYTES) {
            throw new CheckpointException(file, "not a safetensors file: its first 8 bytes give"
                    + " a header length of " + Long.toUnsignedString(headerBytes)
                    + " bytes; allowed: 2 to " + MAX_HEADER_BYTES);
        }
        if (headerBytes > size - 8) {
            throw new CheckpointException(file, "truncated: the header needs " + headerBytes
                    + " bytes after the length prefix but the file has " + (size - 8));
        }
        byte[] header = readFully(channel, 8, (int) headerBytes).array();
        if (header[0] != '{') {
            throw new CheckpointException(file, "not a safetensors file: the header does not"
                    + " start with '{'");
        }
        long dataStart = 8 + headerBytes;
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = parseHeader(file, header, size - dataStart, metadata);
        Map<String, NamedTensor> tensors = new LinkedHashMap<>();
        for (Entry e : entries) {
            byte[] data = readFully(channel, dataStart + e.begin, (int) (e.end - e.begin)).array();
            tensors.put(e.name, new NamedTensor(e.name, e.dtype, e.shape, data));
        }
        return new Contents(metadata, tensors);
    }

    /** One header entry, checked against the data's size. */
    private record Entry(String name, DType dtype, long[] shape, long begin, long end) {
    }

    private static List<Entry> parseHeader(Path file, byte[] header, long dataBytes,
                                           Map<String, String> metadata) {
        JsonNode root;
        try (JsonParser p = JSON.createParser(header)) {
            root = MAPPER.readTree(p);
            if (p.nextToken() != null) {
                throw new CheckpointException(file, "not a safetensors file: the header has"
                        + " more after its JSON object");
            }
        } catch (JsonProcessingException e) {
            throw new CheckpointException(file, "not a safetensors file: the header is not"
                    + " valid JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new CheckpointException(file, "cannot parse the header: " + e, e);
        }
        if (root == null || !root.isObject()) {
            throw new CheckpointException(file, "not a safetensors file: the header is not a"
                    + " JSON object");
        }
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            if (field.getKey().equals(METADATA_KEY)) {
                readMetadata(file, field.getValue(), metadata);
            } else {
                entries.add(entry(file, field.getKey(), field.getValue(), dataBytes));
            }
        }
        checkTiling(file, entries, dataBytes);
        return entries;
    }

    private static void readMetadata(Path file, JsonNode node, Map<String, String> out) {
        if (!node.isObject()) {
            throw new CheckpointException(file, "not a safetensors file: " + METADATA_KEY
                    + " is not an object");
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!e.getValue().isTextual()) {
                throw new CheckpointException(file, "not a safetensors file: metadata value "
                        + e.getKey() + " is not a string");
            }
            out.put(e.getKey(), e.getValue().textValue());
        }
    }

    private static Entry entry(Path file, String name, JsonNode node, long dataBytes) {
        String where = "tensor " + name + ": ";
        JsonNode dtypeNode = node.get("dtype");
        JsonNode shapeNode = node.get("shape");
        JsonNode offsetsNode = node.get("data_offsets");
        if (!node.isObject() || dtypeNode == null || !dtypeNode.isTextual() || shapeNode == null
                || !shapeNode.isArray() || offsetsNode == null || !offsetsNode.isArray()
                || offsetsNode.size() != 2) {
            throw new CheckpointException(file, "not a safetensors file: " + where
                    + "needs dtype (a string), shape (an array) and data_offsets (two numbers)");
        }
        DType dtype = dtype(file, where, dtypeNode.textValue());
        long[] shape = new long[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = natural(file, where + "shape", shapeNode.get(i), Integer.MAX_VALUE);
        }
        long begin = natural(file, where + "data_offsets", offsetsNode.get(0), Long.MAX_VALUE);
        long end = natural(file, where + "data_offsets", offsetsNode.get(1), Long.MAX_VALUE);
        if (end < begin) {
            throw new CheckpointException(file, "not a safetensors file: " + where
                    + "data_offsets [" + begin + ", " + end + "] run backwards");
        }
        if (end > dataBytes) {
            throw new CheckpointException(file, "truncated: " + where + "its data ends at byte "
                    + end + " of the data section but the file holds " + dataBytes);
        }
        long numel = numel(shape);
        long need = numel > Long.MAX_VALUE / dtype.byteSize() ? -1 : numel * dtype.byteSize();
        if (need != end - begin) {
            throw new CheckpointException(file, "not a safetensors file: " + where + "dtype "
                    + dtype + " and shape " + Arrays.toString(shape) + " need " + need
                    + " bytes but data_offsets give " + (end - begin));
        }
        if (end - begin > Integer.MAX_VALUE) {
            throw new CheckpointException(file, where + (end - begin)
                    + " bytes; panagan reads tensors of up to " + Integer.MAX_VALUE + " bytes");
        }
        return new Entry(name, dtype, shape, begin, end);
    }

    private static DType dtype(Path file, String where, String name) {
        for (DType d : DType.values()) {
            if (d.name().equals(name)) {
                return d;
            }
        }
        throw new CheckpointException(file, where + "dtype " + name
                + " is not supported; panagan reads F32, I32 and I64");
    }

    private static long natural(Path file, String where, JsonNode n, long max) {
        if (n == null || !n.isIntegralNumber() || !n.canConvertToLong() || n.longValue() < 0
                || n.longValue() > max) {
            throw new CheckpointException(file, "not a safetensors file: " + where + " holds "
                    + n + "; allowed: whole numbers from 0 to " + max);
        }
        return n.longValue();
    }

    /** The tensors' data, in offset order, must cover [0, dataBytes) without gap or overlap. */
    private static void checkTiling(Path file, List<Entry> entries, long dataBytes) {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long at = 0;
        for (Entry e : sorted) {
            if (e.begin != at) {
                throw new CheckpointException(file, "not a safetensors file: tensor " + e.name
                        + " starts at byte " + e.begin + " of the data; the tensors before it end"
                        + " at " + at + " (offsets must tile the data)");
            }
            at = e.end;
        }
        if (at != dataBytes) {
            throw new CheckpointException(file, "damaged: the tensors' data ends at byte " + at
                    + " but the file's data section has " + dataBytes + " bytes");
        }
    }

    // ---------------------------------------------------------------------------------------
    // Helpers
    // ---------------------------------------------------------------------------------------

    /** Elements of a shape of non-negative extents; Long.MAX_VALUE when that overflows. */
    static long numel(long[] shape) {
        long n = 1;
        try {
            for (long d : shape) {
                n = Math.multiplyExact(n, d);
            }
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
        return n;
    }

    private static ByteBuffer little(long bytes) {
        return ByteBuffer.allocate(Math.toIntExact(bytes)).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static ByteBuffer readFully(FileChannel channel, long at, int bytes)
            throws IOException {
        ByteBuffer b = little(bytes);
        while (b.hasRemaining()) {
            int got = channel.read(b, at + b.position());
            if (got < 0) {
                throw new IOException("end of file at byte " + (at + b.position()));
            }
        }
        return b.flip();
    }
}
