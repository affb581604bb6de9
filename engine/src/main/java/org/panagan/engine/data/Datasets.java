package org.panagan.engine.data;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.panagan.engine.Checks;

/**
 * Opens datasets: the built-in food photos, a folder of images or an IDX file, decoded once into
 * a uint8 cache file under {@link DataSpec#cacheDir()} and memory-mapped from there.
 *
 * <p>The cache file is named by a hash of (source path, size, limit) and holds a fingerprint of
 * the source's contents (for a folder: every relative path, size and modification time); a
 * fingerprint that no longer matches rebuilds the file. The source is only ever read.
 */
public final class Datasets {

    private static final System.Logger LOG = System.getLogger(Datasets.class.getName());

    /** Images whose shorter side is under this many pixels are skipped. */
    public static final int MIN_SIDE = ImageDecoder.MIN_SIDE;
    /** Images over this many pixels are refused before decoding. */
    public static final long MAX_PIXELS = ImageDecoder.MAX_PIXELS;
    /** Files over this many bytes are refused unread. */
    public static final long MAX_FILE_BYTES = ImageDecoder.MAX_FILE_BYTES;

    private Datasets() {
    }

    /**
     * Opens the dataset spec names, preparing its cache file first when there is none, or it is
     * stale.
     *
     * @throws DatasetException when the source is missing, not a dataset, has no usable image,
     *                          or the cache cannot be written
     */
    public static ImageDataset open(DataSpec spec) {
        long start = System.nanoTime();
        Source source = sourceFor(spec.source());
        Path cacheDir = spec.cacheDir().toAbsolutePath().normalize();
        if (!(source instanceof BuiltinSource) && cacheDir.startsWith(Path.of(source.identity()))) {
            throw new DatasetException("cache folder " + cacheDir + " is inside the source "
                    + source.identity() + ", which is never written to. hint: choose a cache "
                    + "folder outside the data (--cache-dir)");
        }
        String identity = source.identity() + "\nsize " + spec.imageSize() + "\nlimit "
                + spec.limit();
        Path file = CacheFile.pathFor(cacheDir, identity);
        try {
            byte[] fingerprint = source.fingerprint(spec.imageSize(), spec.limit());
            CacheFile.Mapped mapped = CacheFile.openIfCurrent(file, spec.imageSize(),
                    spec.limit(), fingerprint);
            boolean fromCache = mapped != null;
            if (mapped == null) {
                prepare(source, spec, file, fingerprint);
                mapped = CacheFile.openIfCurrent(file, spec.imageSize(), spec.limit(),
                        fingerprint);
                if (mapped == null) {
                    throw new DatasetException("cache file " + file + " was written but does not"
                            + " read back. hint: check the disk holding --cache-dir");
                }
            }
            ImageDataset dataset = wrap(spec, mapped, fromCache);
            LOG.log(Level.INFO, () -> String.format("%s %s images (%dx%dx%d) in %.2f s from %s",
                    fromCache ? "opened" : "prepared", dataset.count(), dataset.channels(),
                    spec.imageSize(), spec.imageSize(), (System.nanoTime() - start) * 1e-9,
                    file));
            return dataset;
        } catch (IOException e) {
            throw new DatasetException("preparing " + spec.source() + " into " + file
                    + " failed: " + e + ". hint: check that --cache-dir is writable", e);
        }
    }

    private static Source sourceFor(String name) {
        if (name.equals(DataSpec.BUILTIN)) {
            return new BuiltinSource();
        }
        Path path = Path.of(name);
        try {
            if (Files.isDirectory(path)) {
                return new FolderSource(path);
            }
            if (Files.isRegularFile(path)) {
                if (IdxSource.looksLikeIdx(path)) {
                    return new IdxSource(path);
                }
                throw new DatasetException(path + " is a file but not an IDX image file (it does"
                        + " not start with 00 00 08 03, plain or gzip). " + DatasetException.HINT);
            }
        } catch (IOException e) {
            throw new DatasetException(path + " cannot be read: " + e + ". "
                    + DatasetException.HINT, e);
        }
        throw new DatasetException(path.toAbsolutePath() + " does not exist. "
                + DatasetException.HINT);
    }

    private static void prepare(Source source, DataSpec spec, Path file, byte[] fingerprint)
            throws IOException {
        Files.createDirectories(file.getParent());
        CacheFile.removeStaleTemporaries(file.getParent());
        try (CacheFile.Writer out = new CacheFile.Writer(file)) {
            Source.Prepared p = source.prepare(spec.imageSize(), spec.limit(), out);
            if (p.count() == 0) {
                throw new DatasetException(source.identity() + " has no usable image ("
                        + p.skips().total() + " files skipped: " + p.skips().counts()
                        + (p.skips().examples().isEmpty() ? "" : "; e.g. "
                        + p.skips().examples().getFirst()) + "). " + DatasetException.HINT);
            }
            out.commit(new CacheFile.Header(spec.imageSize(), p.channels(), p.count(),
                    spec.limit(), fingerprint), p.skips().counts(), p.skips().examples());
            if (p.skips().total() > 0) {
                LOG.log(Level.INFO, () -> "skipped " + p.skips().total() + " files of "
                        + source.identity() + ": " + p.skips().counts() + "; first: "
                        + p.skips().examples());
            }
        }
    }

    private static ImageDataset wrap(DataSpec spec, CacheFile.Mapped m, boolean fromCache) {
        CacheFile.Header h = m.header();
        DatasetReport report = new DatasetReport(spec.source(), h.count(), m.skipped(),
                m.examples(), fromCache);
        String description = spec.source().equals(DataSpec.BUILTIN)
                ? "builtin food (" + h.count() + " images, seed " + BuiltinSource.SEED + ")"
                : spec.source() + " (" + h.count() + " images, " + h.channels() + " x "
                        + h.size() + " x " + h.size() + ")";
        return new U8Dataset(m.arena(), m.images(), h.count(), h.channels(), h.size(), report,
                description);
    }

    /**
     * An in-memory dataset over pixels, uint8 N x C x S x S (NCHW); the array is copied.
     *
     * @param channels    1 or 3
     * @param size        side of the square images
     * @param pixels      a whole number of images
     * @param description what {@link ImageDataset#description()} says
     */
    public static ImageDataset fromPixels(int channels, int size, byte[] pixels,
                                          String description) {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels = " + channels
                    + " is out of range; allowed: 1 or 3");
        }
        Checks.inRange("size", size, 1, 1 << 14);
        Checks.present("pixels", pixels);
        Checks.present("description", description);
        long image = (long) channels * size * size;
        if (pixels.length == 0 || pixels.length % image != 0) {
            throw new IllegalArgumentException("pixels.length = " + pixels.length
                    + " is not a positive whole number of " + channels + " x " + size + " x "
                    + size + " images");
        }
        int count = (int) (pixels.length / image);
        DatasetReport report = new DatasetReport(description, count, Map.of(), List.of(), false);
        return new U8Dataset(null, MemorySegment.ofArray(pixels.clone()), count, channels, size,
                report, description);
    }
}
