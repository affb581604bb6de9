package org.panagan.engine.checkpoint;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.panagan.engine.train.Trainer;

/**
 * A run's checkpoints: {@code <run>/checkpoints/step-000500/} per save (the files of
 * {@link Checkpoint}), {@code <run>/checkpoints/latest} naming the newest, and a
 * {@link Retention} applied after each save.
 *
 * <p>A save never leaves a partial checkpoint under a final name: the files go into a hidden
 * temporary folder beside the others, each written and forced to the device, the manifest
 * last; the folder is renamed to its final name in one step and the parent folder forced; only
 * then is {@code latest} replaced (atomically) and are old checkpoints removed. A crash at any
 * point leaves the previous checkpoints and pointer usable; leftovers of an interrupted save
 * (hidden folders) are removed by the next save. One process writes to a store at a time.
 */
public final class CheckpointStore {

    /** The folder under the run folder. */
    public static final String FOLDER = "checkpoints";
    /** The file naming the newest checkpoint folder. */
    public static final String LATEST = "latest";

    private static final System.Logger LOG = System.getLogger(CheckpointStore.class.getName());
    private static final Pattern STEP = Pattern.compile("step-(\\d{6,19})");
    private static final String TEMP_PREFIX = ".step-";

    /** Writes one file whole or not at all; the store's only way to write. */
    @FunctionalInterface
    interface FileWriter {
        AtomicFiles.Written write(Path target, AtomicFiles.Content content);
    }

    private final Path dir;
    private final Retention retention;
    private final FileWriter writer;

    CheckpointStore(Path dir, Retention retention, FileWriter writer) {
        this.dir = dir;
        this.retention = retention;
        this.writer = writer;
    }

    /** The store of a run folder: {@code runDir/checkpoints}, created on the first save. */
    public static CheckpointStore in(Path runDir, Retention retention) {
        if (retention == null) {
            throw new IllegalArgumentException("retention is missing (null)");
        }
        return new CheckpointStore(runDir.resolve(FOLDER), retention, AtomicFiles::write);
    }

    /** The checkpoints folder. */
    public Path directory() {
        return dir;
    }

    /**
     * Saves the trainer's state and the loop's progress as {@code step-<iteration>}, points
     * {@code latest} at it, then applies the retention. Saving an iteration that is already
     * saved replaces that checkpoint.
     *
     * @return the checkpoint folder
     * @throws CheckpointException when a write fails; earlier checkpoints are untouched
     */
    public Path save(Trainer trainer, Progress progress) {
        long start = System.nanoTime();
        long iteration = trainer.iteration();
        Map<String, Checkpoint.FileContent> files = Checkpoint.files(trainer, progress);
        Path target = dir.resolve(name(iteration));
        Path temp = null;
        try {
            Files.createDirectories(dir);
            removeLeftovers();
            temp = Files.createTempDirectory(dir, TEMP_PREFIX + iteration + ".");
            AtomicFiles.shareable(temp, AtomicFiles.FOLDER_PERMISSIONS);
            Map<String, AtomicFiles.Written> written = new LinkedHashMap<>();
            for (Map.Entry<String, Checkpoint.FileContent> f : files.entrySet()) {
                AtomicFiles.Written w = writer.write(temp.resolve(f.getKey()),
                        f.getValue().content());
                written.put(f.getKey(), w);
            }
            byte[] manifest = new Manifest(iteration, written).toJson();
            writer.write(temp.resolve(Manifest.FILE), out -> out.write(manifest));
            AtomicFiles.syncDirectory(temp);
            install(temp, target);
            temp = null;
        } catch (IOException e) {
            throw new CheckpointException(target, "cannot save: " + e, e);
        } finally {
            if (temp != null) {
                deleteTree(temp);
            }
        }
        byte[] pointer = (target.getFileName() + "\n").getBytes(StandardCharsets.UTF_8);
        writer.write(dir.resolve(LATEST), out -> out.write(pointer));
        applyRetention(target);
        LOG.log(System.Logger.Level.INFO, () -> String.format(Locale.ROOT,
                "checkpoint %s saved in %.0f ms", target, (System.nanoTime() - start) / 1e6));
        return target;
    }

    /** Renames a finished folder to its final name, replacing one already there. */
    private void install(Path temp, Path target) throws IOException {
        Path old = null;
        if (Files.exists(target)) {
            old = dir.resolve(TEMP_PREFIX + target.getFileName() + ".replaced");
            deleteTree(old);
            AtomicFiles.moveAtomically(target, old);
        }
        AtomicFiles.moveAtomically(temp, target);
        AtomicFiles.syncDirectory(dir);
        if (old != null) {
            deleteTree(old);
        }
    }

    /** The newest complete checkpoint, if any (see {@link #latestIn}). */
    public Optional<Path> latest() {
        return latestIn(dir);
    }

    /**
     * The newest complete checkpoint in a checkpoints folder: the one {@code latest} names when
     * that folder is complete, else (a pointer lost or stale) the complete step folder with the
     * highest iteration.
     */
    static Optional<Path> latestIn(Path dir) {
        Path pointer = dir.resolve(LATEST);
        if (Files.isRegularFile(pointer)) {
            try {
                String name = Files.readString(pointer, StandardCharsets.UTF_8).trim();
                if (STEP.matcher(name).matches() && isComplete(dir.resolve(name))) {
                    return Optional.of(dir.resolve(name));
                }
                LOG.log(System.Logger.Level.WARNING, () -> pointer + " names '" + name
                        + "', which is no complete checkpoint; taking the newest complete one");
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, () -> "cannot read " + pointer + ": " + e);
            }
        }
        List<Path> all = listIn(dir);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.getLast());
    }

    /** Complete checkpoints, oldest first. */
    public List<Path> list() {
        return listIn(dir);
    }

    private static List<Path> listIn(Path dir) {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                if (STEP.matcher(p.getFileName().toString()).matches() && isComplete(p)) {
                    out.add(p);
                }
            }
        } catch (IOException e) {
            throw new CheckpointException(dir, "cannot list: " + e, e);
        }
        out.sort(Comparator.comparingLong(CheckpointStore::iterationOf));
        return out;
    }

    private static boolean isComplete(Path folder) {
        return Files.isRegularFile(folder.resolve(Manifest.FILE));
    }

    static long iterationOf(Path folder) {
        Matcher m = STEP.matcher(folder.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }

    static String name(long iteration) {
        return String.format(Locale.ROOT, "step-%06d", iteration);
    }

    /**
     * Removes checkpoints the retention does not keep, ranked by iteration; never the one just
     * saved, nor the one of the highest iteration (which a run restarted into the same folder
     * would otherwise lose to its own first, lower, save).
     */
    private void applyRetention(Path justSaved) {
        List<Path> all = list();
        for (int i = 0; i < all.size() - 1; i++) {
            Path p = all.get(i);
            if (!p.equals(justSaved) && !retention.keeps(iterationOf(p), all.size() - 1 - i)) {
                remove(p);
            }
        }
    }

    /**
     * Deletes a checkpoint: first renamed to a hidden name in one step, so a deletion cut short
     * never leaves a half-deleted folder that looks like a checkpoint.
     */
    private void remove(Path folder) {
        Path hidden = dir.resolve(TEMP_PREFIX + folder.getFileName() + ".removed");
        try {
            deleteTree(hidden);
            AtomicFiles.moveAtomically(folder, hidden);
            deleteTree(hidden);
            LOG.log(System.Logger.Level.DEBUG, () -> "removed " + folder + " (retention)");
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, () -> "cannot remove " + folder + ": " + e);
        }
    }

    /** Removes hidden folders an interrupted save or removal left. */
    private void removeLeftovers() throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            entries.filter(p -> p.getFileName().toString().startsWith(TEMP_PREFIX))
                    .forEach(CheckpointStore::deleteTree);
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(AtomicFiles::deleteQuietly);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, () -> "cannot remove " + root + ": " + e);
        }
    }
}
