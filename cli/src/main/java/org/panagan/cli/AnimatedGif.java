package org.panagan.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/**
 * An animated GIF written with the JDK's GIF writer: each frame carries a graphic control
 * extension with its delay, and the first the NETSCAPE2.0 application extension that makes
 * viewers loop forever. Colour frames are reduced to a palette by the writer (256 colours per
 * frame); grey frames keep their 256 levels.
 */
final class AnimatedGif {

    /** The image metadata format the GIF writer reads its extensions from. */
    static final String FORMAT = "javax_imageio_gif_image_1.0";

    /** GIF delays count hundredths of a second, in an unsigned 16-bit field. */
    static final int MAX_DELAY_MS = 65535 * 10;

    private AnimatedGif() {
    }

    /** The delay the file stores for {@code delayMs}: hundredths of a second, rounded, >= 1. */
    static int centiseconds(int delayMs) {
        return Math.max(1, Math.min(65535, Math.round(delayMs / 10f)));
    }

    /** Writes {@code frames} (at least one, all of one type) to {@code file}, looping forever. */
    static void write(List<BufferedImage> frames, int delayMs, Path file) throws IOException {
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("frames is empty; a GIF needs at least one");
        }
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("gif");
        if (!writers.hasNext()) {
            throw new IOException("no GIF writer available for " + file);
        }
        ImageWriter writer = writers.next();
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.deleteIfExists(file);
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            ImageWriteParam param = writer.getDefaultWriteParam();
            for (int i = 0; i < frames.size(); i++) {
                BufferedImage frame = frames.get(i);
                IIOMetadata meta = writer.getDefaultImageMetadata(
                        ImageTypeSpecifier.createFromRenderedImage(frame), param);
                meta.mergeTree(FORMAT, extensions(centiseconds(delayMs), i == 0));
                writer.writeToSequence(new IIOImage(frame, null, meta), param);
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
    }

    private static IIOMetadataNode extensions(int delay, boolean loop) {
        IIOMetadataNode root = new IIOMetadataNode(FORMAT);
        IIOMetadataNode control = new IIOMetadataNode("GraphicControlExtension");
        control.setAttribute("disposalMethod", "none");
        control.setAttribute("userInputFlag", "FALSE");
        control.setAttribute("transparentColorFlag", "FALSE");
        control.setAttribute("delayTime", Integer.toString(delay));
        control.setAttribute("transparentColorIndex", "0");
        root.appendChild(control);
        if (loop) {
            IIOMetadataNode apps = new IIOMetadataNode("ApplicationExtensions");
            IIOMetadataNode netscape = new IIOMetadataNode("ApplicationExtension");
            netscape.setAttribute("applicationID", "NETSCAPE");
            netscape.setAttribute("authenticationCode", "2.0");
            // Sub-block 1, then the repeat count as a little-endian short; 0 is forever.
            netscape.setUserObject(new byte[] {1, 0, 0});
            apps.appendChild(netscape);
            root.appendChild(apps);
        }
        return root;
    }
}
