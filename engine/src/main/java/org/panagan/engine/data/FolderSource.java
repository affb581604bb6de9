package org.panagan.engine.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.panagan.engine.data.DatasetReport.SkipReason;

/**
 * A folder of images, flat or nested, walked once (links followed, each real folder entered
 * once, so a symlink loop is reported rather than walked forever), its files taken in the order
 * of their relative paths and decoded on every core.
 */
final class FolderSource implements Source {

    /** Bumped whenever decoding or the transform changes what a file becomes. */
    static final int TRANSFORM_VERSION = 1;

    /** One regular file found by the walk. */
    record Entry(String relative, Path path, long bytes, long modified) {
    }

    private final Path root;
    private final List<Entry> entries = new ArrayList<>();
    private final Skips walkSkips = new Skips();

    FolderSource(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        walk(this.root, "", new HashSet<>());
        entries.sort(Comparator.comparing(Entry::relative));
    }

    List<Entry> entries() {
        return entries;
    }

    @Override
    public String identity() {
        return root.toString();
    }

    private void walk(Path dir, String prefix, Set<Path> visited) throws IOException {
        visited.add(dir.toRealPath());
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            stream.forEach(children::add);
        } catch (IOException e) {
            walkSkips.add(prefix.isEmpty() ? "." : prefix, SkipReason.UNREADABLE,
                    "folder cannot be listed: " + e);
            return;
        }
        // Name order, so which of two paths to one folder counts as the loop does not depend
        // on the order the file system lists them in.
        children.sort(Comparator.comparing(p -> p.getFileName().toString()));
        for (Path child : children) {
            String relative = prefix + child.getFileName();
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(child, BasicFileAttributes.class);
            } catch (IOException e) {
                walkSkips.add(relative, SkipReason.UNREADABLE, Files.isSymbolicLink(child)
                        ? "broken link" : "cannot stat: " + e);
                continue;
            }
            if (attributes.isDirectory()) {
                Path real = child.toRealPath();
                if (visited.contains(real)) {
                    walkSkips.add(relative, SkipReason.LINK_LOOP, "links to " + real
                            + ", already walked");
                } else {
                    walk(child, relative + "/", visited);
                }
            } else if (attributes.isRegularFile()) {
                entries.add(new Entry(relative, child, attributes.size(),
                        attributes.lastModifiedTime().toMillis()));
            } else if (!Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                walkSkips.add(relative, SkipReason.UNREADABLE, "not a regular file");
            }
        }
    }

    @Override
    public byte[] fingerprint(int size, int limit) {
        MessageDigest digest = CacheFile.digest();
        digest.update(("folder v" + TRANSFORM_VERSION + " size " + size + " limit " + limit + "\n")
                .getBytes(StandardCharsets.UTF_8));
        ByteBuffer numbers = ByteBuffer.allocate(16);
        for (Entry e : entries) {
            digest.update(e.relative().getBytes(StandardCharsets.UTF_8));
            numbers.clear();
            digest.update(numbers.putLong(e.bytes()).putLong(e.modified()).flip());
        }
        return digest.digest();
    }

    @Override
    public Prepared prepare(int size, int limit, CacheFile.Writer out) throws IOException {
        Skips skips = walkSkips;
        int want = limit == 0 ? Integer.MAX_VALUE : limit;
        int[] kept = {0};
        boolean[] allGray = {true};
        IOException[] failure = {null};
        Parallel.forEachOrdered(entries.size(), i -> ImageDecoder.decode(entries.get(i).path(),
                size), (i, result) -> {
                    if (kept[0] >= want || failure[0] != null) {
                        return false;
                    }
                    if (result.rgb() == null) {
                        skips.add(entries.get(i).relative(), result.reason(), result.detail());
                        return true;
                    }
                    try {
                        out.append(result.rgb());
                    } catch (IOException e) {
                        failure[0] = e;
                        return false;
                    }
                    allGray[0] &= result.gray();
                    kept[0]++;
                    return kept[0] < want;
                }, i -> ImageDecoder.Result.skip(SkipReason.UNREADABLE,
                        "decoding took longer than " + Parallel.TIMEOUT_SECONDS + " s"));
        if (failure[0] != null) {
            throw failure[0];
        }
        int channels = 3;
        if (kept[0] > 0 && allGray[0]) {
            out.keepFirstPlane(size * size, kept[0]);
            channels = 1;
        }
        return new Prepared(channels, kept[0], skips);
    }
}
