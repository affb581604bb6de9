package org.panagan.engine.data;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Optional;

/**
 * Images kept as uint8 N x C x S x S in one segment: a read-only mapping of the cache file (owned
 * through its arena) or a heap array ({@link Datasets#fromPixels}).
 */
final class U8Dataset implements ImageDataset {

    /**
     * p / 127.5f - 1 for every byte value, in float arithmetic: the expression the device's
     * gather kernel (panagan_gather_images_u8) evaluates, so a batch has the same bits whether
     * it was converted here or on the device.
     */
    private static final float[] TO_UNIT = new float[256];

    static {
        for (int p = 0; p < 256; p++) {
            TO_UNIT[p] = p / 127.5f - 1f;
        }
    }

    private final Arena arena;
    private final MemorySegment images;
    private final int count;
    private final int channels;
    private final int size;
    private final DatasetReport report;
    private final String description;
    private volatile boolean closed;

    /** arena: the owner of images' mapping, closed by {@link #close()}; null for heap memory. */
    U8Dataset(Arena arena, MemorySegment images, int count, int channels, int size,
              DatasetReport report, String description) {
        this.arena = arena;
        this.images = images;
        this.count = count;
        this.channels = channels;
        this.size = size;
        this.report = report;
        this.description = description;
    }

    @Override
    public int count() {
        return count;
    }

    @Override
    public int channels() {
        return channels;
    }

    @Override
    public int imageSize() {
        return size;
    }

    @Override
    public Optional<MemorySegment> pixels() {
        return Optional.of(images.asReadOnly());
    }

    @Override
    public void copyBatch(int[] order, int from, int n, float[] dst) {
        int imageBytes = channels * size * size;
        checkBatch(order, from, n, dst, imageBytes);
        byte[] one = new byte[imageBytes];
        for (int i = 0; i < n; i++) {
            int index = order[from + i];
            if (index < 0 || index >= count) {
                throw new IllegalArgumentException("order[" + (from + i) + "] = " + index
                        + " is out of range; allowed: 0 to " + (count - 1));
            }
            MemorySegment.copy(images, ValueLayout.JAVA_BYTE, (long) index * imageBytes,
                    one, 0, imageBytes);
            int base = i * imageBytes;
            for (int k = 0; k < imageBytes; k++) {
                dst[base + k] = TO_UNIT[one[k] & 0xff];
            }
        }
    }

    private void checkBatch(int[] order, int from, int n, float[] dst, int imageBytes) {
        if (closed) {
            throw new IllegalStateException("dataset " + description + " is closed");
        }
        if (order == null || dst == null) {
            throw new IllegalArgumentException("order and dst must be given (got null)");
        }
        if (from < 0 || n < 0 || (long) from + n > order.length) {
            throw new IllegalArgumentException("from = " + from + ", n = " + n
                    + " is out of range; allowed: 0 <= from, 0 <= n, from + n <= " + order.length);
        }
        if ((long) n * imageBytes > dst.length) {
            throw new IllegalArgumentException("dst.length = " + dst.length + " is too short; "
                    + "allowed: at least n x C x S x S = " + (long) n * imageBytes);
        }
    }

    @Override
    public DatasetReport report() {
        return report;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (arena != null) {
            arena.close();
        }
    }

    @Override
    public String toString() {
        return description;
    }
}
