package org.panagan.engine.data;

import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/** Images the data tests write: plain colours and gradients in every colour model. */
final class TestImages {

    private TestImages() {
    }

    /** An RGB gradient: red along x, green along y, blue constant. */
    static BufferedImage rgb(int w, int h, int type) {
        BufferedImage image = new BufferedImage(w, h, type);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.setRGB(x, y, 0xFF000000 | (x * 255 / Math.max(1, w - 1)) << 16
                        | (y * 255 / Math.max(1, h - 1)) << 8 | 0x40);
            }
        }
        return image;
    }

    /** One gray level everywhere, written through the raster (no colour conversion). */
    static BufferedImage gray(int w, int h, int level) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        int[] row = new int[w];
        Arrays.fill(row, level);
        for (int y = 0; y < h; y++) {
            image.getRaster().setSamples(0, y, w, 1, 0, row);
        }
        return image;
    }

    /** A 16-bit gray image of one level (0..65535). */
    static BufferedImage gray16(int w, int h, int level) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_USHORT_GRAY);
        int[] row = new int[w];
        Arrays.fill(row, level);
        for (int y = 0; y < h; y++) {
            image.getRaster().setSamples(0, y, w, 1, 0, row);
        }
        return image;
    }

    /** Four palette colours in quadrants. */
    static BufferedImage palette(int w, int h) {
        byte[] r = {(byte) 200, 10, 10, (byte) 250};
        byte[] g = {10, (byte) 180, 10, (byte) 250};
        byte[] b = {10, 10, (byte) 220, 0};
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_INDEXED,
                new IndexColorModel(2, 4, r, g, b));
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.getRaster().setSample(x, y, 0, (x < w / 2 ? 0 : 1) + (y < h / 2 ? 0 : 2));
            }
        }
        return image;
    }

    /** Opaque red on the left half, fully transparent (hidden black) on the right. */
    static BufferedImage halfTransparent(int w, int h) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.setRGB(x, y, x < w / 2 ? 0xFFFF0000 : 0x00000000);
            }
        }
        return image;
    }

    static byte[] encode(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(image, format, out)) {
            throw new IOException("no ImageIO writer for " + format);
        }
        return out.toByteArray();
    }

    static Path write(Path file, BufferedImage image, String format) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.write(file, encode(image, format));
    }

    /** A valid small PNG whose header claims width x height (CRC fixed), for the bomb guard. */
    static byte[] pngClaiming(int width, int height) throws IOException {
        byte[] png = encode(rgb(8, 8, BufferedImage.TYPE_INT_RGB), "png");
        ByteBuffer b = ByteBuffer.wrap(png);
        // Signature (8), IHDR length (4), "IHDR" (4), then width and height; CRC after 13 bytes.
        b.putInt(16, width).putInt(20, height);
        CRC32 crc = new CRC32();
        crc.update(png, 12, 17);
        b.putInt(29, (int) crc.getValue());
        return png;
    }

    /**
     * A JPEG with four CMYK components and an Adobe marker (transform 0), one colour everywhere;
     * written through the JDK's writer from a raster, values inverted as Adobe stores them.
     */
    static byte[] cmykJpeg(int w, int h, int c, int m, int y, int k) throws IOException {
        WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, w, h, 4,
                null);
        int[] ink = {255 - c, 255 - m, 255 - y, 255 - k};
        for (int row = 0; row < h; row++) {
            for (int x = 0; x < w; x++) {
                raster.setPixel(x, row, ink);
            }
        }
        ImageWriter writer = null;
        for (var it = ImageIO.getImageWritersByFormatName("jpeg"); it.hasNext(); ) {
            ImageWriter candidate = it.next();
            if (candidate.getClass().getName().startsWith("com.sun.")) {
                writer = candidate;
            }
        }
        if (writer == null) {
            throw new IOException("the JDK's JPEG writer is not registered");
        }
        String format = "javax_imageio_jpeg_image_1.0";
        IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier
                .createFromBufferedImageType(BufferedImage.TYPE_3BYTE_BGR), null);
        IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(format);
        IIOMetadataNode variety = (IIOMetadataNode) root.getElementsByTagName("JPEGvariety")
                .item(0);
        while (variety.hasChildNodes()) {
            variety.removeChild(variety.getFirstChild()); // no JFIF marker: JFIF means YCbCr
        }
        IIOMetadataNode markers = (IIOMetadataNode) root.getElementsByTagName("markerSequence")
                .item(0);
        IIOMetadataNode adobe = new IIOMetadataNode("app14Adobe");
        adobe.setAttribute("transform", "0");
        adobe.setAttribute("version", "100");
        adobe.setAttribute("flags0", "0");
        adobe.setAttribute("flags1", "0");
        markers.insertBefore(adobe, markers.getFirstChild());
        fourComponents((IIOMetadataNode) markers.getElementsByTagName("sof").item(0),
                "numFrameComponents", "componentSpec");
        fourComponents((IIOMetadataNode) markers.getElementsByTagName("sos").item(0),
                "numScanComponents", "scanComponentSpec");
        metadata.setFromTree(format, root);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(ios);
            writer.write(null, new IIOImage(raster, null, metadata), null);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    private static void fourComponents(IIOMetadataNode node, String countName, String specName) {
        node.setAttribute(countName, "4");
        while (node.getElementsByTagName(specName).getLength() > 0) {
            node.removeChild(node.getElementsByTagName(specName).item(0));
        }
        for (int i = 1; i <= 4; i++) {
            IIOMetadataNode spec = new IIOMetadataNode(specName);
            if (specName.equals("componentSpec")) {
                spec.setAttribute("componentId", String.valueOf(i));
                spec.setAttribute("HsamplingFactor", "1");
                spec.setAttribute("VsamplingFactor", "1");
                spec.setAttribute("QtableSelector", "0");
            } else {
                spec.setAttribute("componentSelector", String.valueOf(i));
                spec.setAttribute("dcHuffTable", "0");
                spec.setAttribute("acHuffTable", "0");
            }
            node.appendChild(spec);
        }
    }
}
