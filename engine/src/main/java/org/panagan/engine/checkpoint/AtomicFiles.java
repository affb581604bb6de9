package org.panagan.engine.checkpoint;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Files that appear whole or not at all: the content goes to a temporary file in the target's
 * folder, is forced to the device, and is renamed onto the target in one atomic step; the folder
 * is then forced too, so the rename survives a power cut. A failure at any point removes the
 * temporary file and leaves whatever was under the target name before.
 */
public final class AtomicFiles {

    private static final System.Logger LOG = System.getLogger(AtomicFiles.class.getName());
    static final String FILE_PERMISSIONS = "rw-r--r--";
    static final String FOLDER_PERMISSIONS = "rwxr-xr-x";

    /** Writes a file's content to the stream it is given (buffered; closed by the caller). */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * What was written.
     *
     * @param file   the final path
     * @param bytes  its length
     * @param sha256 the SHA-256 of its bytes, lower-case hex
     */
    public record Written(Path file, long bytes, String sha256) {
    }

    private AtomicFiles() {
    }

    /**
     * Writes {@code content} to {@code target} atomically and returns its length and SHA-256.
     *
     * @throws CheckpointException naming the target when the write, the sync or the rename fails
     *                             (the cause attached); the target is then as it was before
     */
    public static Written write(Path target, Content content) {
        Path dir = target.toAbsolutePath().getParent();
        Path temp = null;
        try {
            Files.createDirectories(dir);
            temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
            shareable(temp, FILE_PERMISSIONS);
            MessageDigest sha = sha256();
            long bytes;
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                OutputStream out = new DigestOutputStream(
                        new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16), sha);
                content.writeTo(out);
                out.flush();
                bytes = channel.size();
                channel.force(true);
            }
            moveAtomically(temp, target);
            temp = null;
            syncDirectory(dir);
            return new Written(target, bytes, HexFormat.of().formatHex(sha.digest()));
        } catch (IOException | RuntimeException e) {
            deleteQuietly(temp);
            if (e instanceof CheckpointException c) {
                throw c;
            }
            throw new CheckpointException(target, "cannot write: " + e, e);
        }
    }

    /** Renames {@code from} onto {@code to} in one step (files, or folders onto no folder). */
    static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system cannot rename " + from + " to " + to
                    + " atomically; keep checkpoints on a local file system", e);
        }
    }

    /**
     * Forces a folder's entries (new names, renames) to the device. Some platforms cannot open
     * a folder for that (Windows); there the rename's own durability is what we get.
     */
    static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "cannot sync folder " + dir + ": " + e);
        }
    }

    /**
     * Gives a temporary file or folder the permissions an ordinary one gets (temporary ones are
     * private to the owner), so others who may read the run folder can read checkpoints.
     */
    static void shareable(Path path, String posixPermissions) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(posixPermissions));
        } catch (UnsupportedOperationException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "no POSIX permissions for " + path);
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    static void deleteQuietly(Path path) {
        if (path == null) {
            return;
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, () -> "cannot remove " + path + ": " + e);
        }
    }
}
