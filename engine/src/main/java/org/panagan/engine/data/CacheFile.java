package org.panagan.engine.data;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.panagan.engine.data.DatasetReport.SkipReason;

/**
 * The prepared dataset on disk: one file, a 64-byte little-endian header, the images as uint8
 * N x C x S x S (NCHW), then the skip summary as UTF-8 lines.
 *
 * <pre>
 * offset  bytes  field
 *      0      8  magic "PGNDATA\0"
 *      8      4  version (1)
 *     12      4  image size S
 *     16      4  channels C (1 or 3)
 *     20      4  count N
 *     24      4  limit asked for (0 = all)
 *     28      4  layout (0 = NCHW)
 *     32     32  SHA-256 fingerprint of the source
 *     64  N*C*S*S  images
 *      .      .  "skip REASON count" and "example path: reason" lines
 * </pre>
 *
 * Written to a temporary file beside the target, forced to disk, then renamed over it, so a
 * reader sees either the old file or the whole new one.
 */
final class CacheFile {

    static final int HEADER_BYTES = 64;
    static final int VERSION = 1;
    /** Temporary files left by a preparation that was killed are removed after this long. */
    static final long STALE_TEMP_MILLIS = 24L * 3600 * 1000;
    private static final String TEMP_SUFFIX = ".tmp";
    private static final byte[] MAGIC = "PGNDATA\0".getBytes(StandardCharsets.US_ASCII);

    /** What the header holds. */
    record Header(int size, int channels, int count, int limit, byte[] fingerprint) {

        long imageBytes() {
            return (long) channels * size * size;
        }

        long bodyEnd() {
            return HEADER_BYTES + imageBytes() * count;
        }
    }

    /** An open cache file mapped for reading: the header, the images and the skip summary. */
    record Mapped(Arena arena, Header header, MemorySegment images,
                  Map<SkipReason, Integer> skipped, List<String> examples) {
    }

    private CacheFile() {
    }

    /** The file for one (source, size, limit): its name is a hash of that identity. */
    static Path pathFor(Path cacheDir, String identity) {
        return cacheDir.resolve("panagan-data-" + HexFormat.of().formatHex(sha256(identity), 0, 12)
                + ".u8");
    }

    static byte[] sha256(String text) {
        MessageDigest digest = digest();
        return digest.digest(text.getBytes(StandardCharsets.UTF_8));
    }

    static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /**
     * Maps file when its header says it holds this size and limit of a source with this
     * fingerprint, whole; null when it is absent, stale, foreign or cut short.
     */
    static Mapped openIfCurrent(Path file, int size, int limit, byte[] fingerprint)
            throws IOException {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        Arena arena = Arena.ofShared();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long length = channel.size();
            if (length < HEADER_BYTES) {
                arena.close();
                return null;
            }
            MemorySegment all = channel.map(FileChannel.MapMode.READ_ONLY, 0, length, arena);
            Header header = readHeader(all);
            if (header == null || header.size() != size || header.limit() != limit
                    || !Arrays.equals(header.fingerprint(), fingerprint)
                    || header.bodyEnd() > length) {
                arena.close();
                return null;
            }
            MemorySegment images = all.asSlice(HEADER_BYTES, header.bodyEnd() - HEADER_BYTES);
            byte[] trailer = all.asSlice(header.bodyEnd()).toArray(ValueLayout.JAVA_BYTE);
            Map<SkipReason, Integer> skipped = new EnumMap<>(SkipReason.class);
            List<String> examples = new ArrayList<>();
            parseTrailer(new String(trailer, StandardCharsets.UTF_8), skipped, examples);
            return new Mapped(arena, header, images, skipped, examples);
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    private static Header readHeader(MemorySegment all) {
        ByteBuffer b = all.asSlice(0, HEADER_BYTES).asByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[MAGIC.length];
        b.get(magic);
        if (!Arrays.equals(magic, MAGIC) || b.getInt() != VERSION) {
            return null;
        }
        int size = b.getInt();
        int channels = b.getInt();
        int count = b.getInt();
        int limit = b.getInt();
        int layout = b.getInt();
        byte[] fingerprint = new byte[32];
        b.get(fingerprint);
        if (size <= 0 || (channels != 1 && channels != 3) || count < 0 || layout != 0) {
            return null;
        }
        return new Header(size, channels, count, limit, fingerprint);
    }

    private static void parseTrailer(String text, Map<SkipReason, Integer> skipped,
                                     List<String> examples) {
        for (String line : text.split("\n")) {
            if (line.startsWith("skip ")) {
                String[] parts = line.split(" ");
                try {
                    skipped.put(SkipReason.valueOf(parts[1]), Integer.parseInt(parts[2]));
                } catch (RuntimeException e) {
                    // A reason this version does not know: the summary is informative only.
                }
            } else if (line.startsWith("example ")) {
                examples.add(line.substring("example ".length()));
            }
        }
    }

    /** Deletes this cache's temporary files older than a day (a killed run's leftovers). */
    static void removeStaleTemporaries(Path cacheDir) {
        long now = System.currentTimeMillis();
        try (var files = Files.newDirectoryStream(cacheDir, "panagan-data-*" + TEMP_SUFFIX)) {
            for (Path f : files) {
                if (now - Files.getLastModifiedTime(f).toMillis() > STALE_TEMP_MILLIS) {
                    Files.deleteIfExists(f);
                }
            }
        } catch (IOException e) {
            System.getLogger(CacheFile.class.getName()).log(System.Logger.Level.DEBUG,
                    "could not tidy " + cacheDir + ": " + e);
        }
    }

    /** Writes a new cache file: images appended in order, then {@link #commit}. */
    static final class Writer implements AutoCloseable {

        private final Path target;
        private final Path temp;
        private final FileChannel channel;
        private long position = HEADER_BYTES;
        private boolean committed;

        Writer(Path target) throws IOException {
            this.target = target;
            this.temp = Files.createTempFile(target.getParent(), target.getFileName() + ".",
                    TEMP_SUFFIX);
            this.channel = FileChannel.open(temp, StandardOpenOption.WRITE,
                    StandardOpenOption.READ);
        }

        /** The temporary file, for a pass that rereads what was appended. */
        FileChannel channel() {
            return channel;
        }

        void append(byte[] image) throws IOException {
            ByteBuffer b = ByteBuffer.wrap(image);
            while (b.hasRemaining()) {
                position += channel.write(b, position);
            }
        }

        /**
         * Keeps only the first plane of each of count images appended as 3 planes (a folder that
         * turned out to be all grayscale). In place: image k's plane moves from 3k to k planes in,
         * never over bytes not yet moved.
         */
        void keepFirstPlane(int plane, int count) throws IOException {
            ByteBuffer one = ByteBuffer.allocate(plane);
            for (int k = 0; k < count; k++) {
                one.clear();
                long from = HEADER_BYTES + 3L * plane * k;
                while (one.hasRemaining()) {
                    if (channel.read(one, from + one.position()) < 0) {
                        throw new IOException("cache temp file ended early at image " + k);
                    }
                }
                one.flip();
                long to = HEADER_BYTES + (long) plane * k;
                while (one.hasRemaining()) {
                    channel.write(one, to + one.position());
                }
            }
            position = HEADER_BYTES + (long) plane * count;
            channel.truncate(position);
        }

        /** Writes the header and summary, forces the file to disk and renames it into place. */
        void commit(Header header, Map<SkipReason, Integer> skipped, List<String> examples)
                throws IOException {
            if (header.bodyEnd() != position) {
                throw new IllegalStateException("cache body is " + (position - HEADER_BYTES)
                        + " bytes; the header says " + (header.bodyEnd() - HEADER_BYTES));
            }
            StringBuilder trailer = new StringBuilder();
            skipped.forEach((reason, n) -> trailer.append("skip ").append(reason).append(' ')
                    .append(n).append('\n'));
            examples.forEach(e -> trailer.append("example ").append(e.replace('\n', '?'))
                    .append('\n'));
            append(trailer.toString().getBytes(StandardCharsets.UTF_8));
            channel.write(headerBytes(header), 0);
            channel.force(true);
            channel.close();
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            committed = true;
            forceDirectory(target.getParent());
        }

        private static ByteBuffer headerBytes(Header h) {
            ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            b.put(MAGIC).putInt(VERSION).putInt(h.size()).putInt(h.channels()).putInt(h.count())
                    .putInt(h.limit()).putInt(0).put(h.fingerprint());
            return b.flip();
        }

        private static void forceDirectory(Path dir) {
            // Makes the rename itself durable; some file systems refuse to open a folder.
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            } catch (IOException e) {
                System.getLogger(CacheFile.class.getName()).log(System.Logger.Level.DEBUG,
                        "could not fsync " + dir + ": " + e);
            }
        }

        /** Drops the temporary file unless it was committed. */
        @Override
        public void close() throws IOException {
            if (!committed) {
                channel.close();
                Files.deleteIfExists(temp);
            }
        }
    }
}
