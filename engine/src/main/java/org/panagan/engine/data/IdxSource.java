package org.panagan.engine.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.zip.GZIPInputStream;

/**
 * An MNIST-format IDX image file (plain or gzip, told apart by content): a big-endian header
 * {@code 00 00 08 03}, count, rows, cols, then count x rows x cols unsigned bytes. Grayscale,
 * resized like folder images (28 -> 32 or 64 is an enlargement: bilinear).
 */
final class IdxSource implements Source {

    private final Path file;

    IdxSource(Path file) {
        this.file = file.toAbsolutePath().normalize();
    }

    /** True when the file starts like an IDX file, plain or gzip. */
    static boolean looksLikeIdx(Path file) throws IOException {
        try (InputStream in = open(file)) {
            byte[] head = in.readNBytes(4);
            return head.length == 4 && head[0] == 0 && head[1] == 0 && head[2] == 0x08;
        } catch (IOException e) {
            return false;
        }
    }

    private static InputStream open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        return b0 == 0x1f && b1 == 0x8b ? new BufferedInputStream(new GZIPInputStream(in, 1 << 16))
                : in;
    }

    @Override
    public String identity() {
        return file.toString();
    }

    @Override
    public byte[] fingerprint(int size, int limit) throws IOException {
        MessageDigest digest = CacheFile.digest();
        String text = "idx v" + FolderSource.TRANSFORM_VERSION + " " + file + " bytes "
                + Files.size(file) + " modified " + Files.getLastModifiedTime(file).toMillis()
                + " size " + size + " limit " + limit;
        return digest.digest(text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public Prepared prepare(int size, int limit, CacheFile.Writer out) throws IOException {
        try (DataInputStream in = new DataInputStream(open(file))) {
            int magic = in.readInt();
            if (magic != 0x00000803) {
                throw new DatasetException(file + " is an IDX file of type 0x"
                        + Integer.toHexString(magic) + ", not images (0x00000803: unsigned bytes,"
                        + " 3 dimensions); a labels file has 1 dimension. hint: use the"
                        + " *-images-idx3-ubyte file");
            }
            int count = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            if (count < 0 || rows < 1 || cols < 1 || (long) rows * cols > ImageDecoder.MAX_PIXELS) {
                throw new DatasetException(file + " has an impossible IDX header: " + count
                        + " images of " + rows + "x" + cols + ". " + DatasetException.HINT);
            }
            int take = limit == 0 ? count : Math.min(limit, count);
            byte[] image = new byte[rows * cols];
            for (int i = 0; i < take; i++) {
                if (in.readNBytes(image, 0, image.length) < image.length) {
                    throw new DatasetException(file + " ends inside image " + i + " of the " + count
                            + " its header announces (truncated download?). "
                            + DatasetException.HINT);
                }
                out.append(Resampler.resizeCrop(image, cols, rows, size));
            }
            return new Prepared(1, take, new Skips());
        }
    }
}
