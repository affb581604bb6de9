package org.panagan.engine.data;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

import org.panagan.engine.data.DatasetReport.SkipReason;

/**
 * Decodes one image file through ImageIO (the JDK's PNG, JPEG, BMP, GIF readers and the
 * TwelveMonkeys JPEG and WebP plugins) into 3 planes of size x size, or says why it cannot.
 *
 * <p>Colour: grayscale files (a gray colour space, or a palette of grays) are read from their
 * samples, not through Java2D's colour conversion (which would treat gray as linear and brighten
 * it); everything else becomes sRGB. 16-bit samples are rounded to 8 bits. Alpha is composited
 * onto white ({@code c * a + 255 * (1 - a)}), as a transparent background usually means "paper".
 */
final class ImageDecoder {

    /** Images whose shorter side is under this many pixels are skipped. */
    static final int MIN_SIDE = 8;
    /** Images over this many pixels are refused before decoding (decompression bombs). */
    static final long MAX_PIXELS = 50_000_000L;
    /** Files over this many bytes are refused unread. */
    static final long MAX_FILE_BYTES = 256L << 20;

    private ImageDecoder() {
    }

    /** A decoded image (3 planes, NCHW) and whether its file was grayscale; or a skip. */
    record Result(byte[] rgb, boolean gray, SkipReason reason, String detail) {

        static Result skip(SkipReason reason, String detail) {
            return new Result(null, false, reason, detail);
        }
    }

    static Result decode(Path file, int size) {
        byte[] bytes;
        try {
            long length = Files.size(file);
            if (length == 0) {
                return Result.skip(SkipReason.EMPTY, "0 bytes");
            }
            if (length > MAX_FILE_BYTES) {
                return Result.skip(SkipReason.TOO_LARGE, length + " bytes; at most "
                        + MAX_FILE_BYTES);
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            return Result.skip(SkipReason.UNREADABLE, describe(e));
        }
        return decode(bytes, size);
    }

    static Result decode(byte[] bytes, int size) {
        try (ImageInputStream in = new MemoryCacheImageInputStream(
                new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return Result.skip(SkipReason.NOT_AN_IMAGE, "no image reader knows its content");
            }
            ImageReader reader = readers.next();
            try {
                return read(reader, in, size);
            } catch (IOException | RuntimeException e) {
                // A decoder that failed having read to the end of the data ran out of it, whatever
                // its message says (the GIF reader's is "Invalid block length").
                boolean atEnd = in.getStreamPosition() >= bytes.length;
                return Result.skip(atEnd || isTruncation(e) ? SkipReason.TRUNCATED
                        : SkipReason.UNREADABLE, describe(e));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return Result.skip(isTruncation(e) ? SkipReason.TRUNCATED : SkipReason.UNREADABLE,
                    describe(e));
        }
    }

    private static Result read(ImageReader reader, ImageInputStream in, int size)
            throws IOException {
        reader.setInput(in, true, true);
        int w = reader.getWidth(0);
        int h = reader.getHeight(0);
        if ((long) w * h > MAX_PIXELS) {
            return Result.skip(SkipReason.TOO_LARGE, w + "x" + h + " is over " + MAX_PIXELS
                    + " pixels");
        }
        if (Math.min(w, h) < MIN_SIDE) {
            return Result.skip(SkipReason.TOO_SMALL, w + "x" + h + "; the shorter side must be"
                    + " at least " + MIN_SIDE);
        }
        List<String> warnings = new ArrayList<>();
        reader.addIIOReadWarningListener(new Warnings(warnings));
        BufferedImage image = reader.read(0);
        for (String warning : warnings) {
            if (isTruncation(warning)) {
                return Result.skip(SkipReason.TRUNCATED, warning);
            }
        }
        return fromImage(image, size);
    }

    /** Resizes and crops a decoded image into 3 planes. */
    static Result fromImage(BufferedImage image, int size) {
        int w = image.getWidth();
        int h = image.getHeight();
        byte[][] planes = planes(image);
        byte[] rgb = new byte[3 * size * size];
        int plane = size * size;
        for (int c = 0; c < 3; c++) {
            byte[] src = planes[Math.min(c, planes.length - 1)];
            if (c == 0 || planes.length == 3) {
                System.arraycopy(Resampler.resizeCrop(src, w, h, size), 0, rgb, c * plane, plane);
            } else {
                System.arraycopy(rgb, 0, rgb, c * plane, plane);
            }
        }
        return new Result(rgb, planes.length == 1, null, null);
    }

    /** One gray plane, or R, G, B planes; alpha already composited onto white. */
    static byte[][] planes(BufferedImage image) {
        ColorModel cm = image.getColorModel();
        Raster raster = image.getRaster();
        boolean grayModel = cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY
                && !(cm instanceof IndexColorModel) && !cm.isAlphaPremultiplied();
        if (grayModel) {
            return new byte[][] {samples(raster, 0, cm.getComponentSize(0),
                    cm.hasAlpha() ? 1 : -1, cm.hasAlpha() ? cm.getComponentSize(1) : 8)};
        }
        boolean plainRgb = cm.getColorSpace().isCS_sRGB() && !(cm instanceof IndexColorModel)
                && !cm.isAlphaPremultiplied() && cm.getNumColorComponents() == 3
                && raster.getNumBands() == cm.getNumComponents();
        if (plainRgb) {
            int alphaBand = cm.hasAlpha() ? 3 : -1;
            int alphaBits = cm.hasAlpha() ? cm.getComponentSize(3) : 8;
            return new byte[][] {
                samples(raster, 0, cm.getComponentSize(0), alphaBand, alphaBits),
                samples(raster, 1, cm.getComponentSize(1), alphaBand, alphaBits),
                samples(raster, 2, cm.getComponentSize(2), alphaBand, alphaBits)};
        }
        return throughArgb(image, cm instanceof IndexColorModel icm && grayPalette(icm));
    }

    /** A band's samples scaled to 8 bits and composited onto white by the alpha band. */
    private static byte[] samples(Raster raster, int band, int bits, int alphaBand,
                                  int alphaBits) {
        int w = raster.getWidth();
        int h = raster.getHeight();
        byte[] out = new byte[w * h];
        int[] row = new int[w];
        int[] alpha = alphaBand < 0 ? null : new int[w];
        double max = (1L << bits) - 1;
        double alphaMax = (1L << alphaBits) - 1;
        for (int y = 0; y < h; y++) {
            raster.getSamples(raster.getMinX(), raster.getMinY() + y, w, 1, band, row);
            if (alpha != null) {
                raster.getSamples(raster.getMinX(), raster.getMinY() + y, w, 1, alphaBand, alpha);
            }
            for (int x = 0; x < w; x++) {
                double v = bits == 8 ? row[x] : row[x] * 255.0 / max;
                if (alpha != null) {
                    double a = alpha[x] / alphaMax;
                    v = v * a + 255.0 * (1 - a);
                }
                out[y * w + x] = (byte) Math.min(255, (int) (v + 0.5));
            }
        }
        return out;
    }

    /** Through the colour model to sRGB ARGB (palettes, CMYK, ICC profiles, premultiplied). */
    private static byte[][] throughArgb(BufferedImage image, boolean gray) {
        int w = image.getWidth();
        int h = image.getHeight();
        byte[][] planes = new byte[gray ? 1 : 3][w * h];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int argb = row[x];
                int a = argb >>> 24;
                for (int c = 0; c < planes.length; c++) {
                    int v = (argb >>> (16 - 8 * c)) & 0xff;
                    planes[c][y * w + x] = (byte) ((v * a + 255 * (255 - a) + 127) / 255);
                }
            }
        }
        return planes;
    }

    private static boolean grayPalette(IndexColorModel icm) {
        for (int i = 0; i < icm.getMapSize(); i++) {
            if (icm.getRed(i) != icm.getGreen(i) || icm.getGreen(i) != icm.getBlue(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isTruncation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof EOFException || isTruncation(String.valueOf(t.getMessage()))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isTruncation(String message) {
        String m = message.toLowerCase(Locale.ROOT);
        return m.contains("premature end") || m.contains("end of file") || m.contains("eof")
                || m.contains("truncat") || m.contains("unexpected end");
    }

    /** "Class: message", with the innermost cause's message when there is one. */
    private static String describe(Throwable e) {
        String message = e.getMessage();
        String text = e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e || root.getMessage() == null ? text : text + " (" + root.getMessage()
                + ")";
    }

    /** Collects a reader's warnings (the JDK's JPEG reader reports a cut file only this way). */
    private record Warnings(List<String> into) implements IIOReadWarningListener {
        @Override
        public void warningOccurred(ImageReader source, String warning) {
            into.add(warning);
        }
    }
}
