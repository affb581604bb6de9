package org.panagan.engine.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A checkpoint folder's {@code manifest.json}: the iteration and, per file, its length and
 * SHA-256. Written last into the folder, so a folder with a manifest was written whole; read
 * first, so a damaged file is named before anything parses it.
 *
 * @param iteration the trainer's iteration at the save
 * @param files     file name to what was written
 */
record Manifest(long iteration, Map<String, AtomicFiles.Written> files) {

    static final String FILE = "manifest.json";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT);

    /** The manifest as JSON bytes. */
    byte[] toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put(StateDicts.KEY_FORMAT, StateDicts.FORMAT_VERSION);
        root.put(StateDicts.KEY_VERSION, StateDicts.version());
        root.put("iteration", iteration);
        ArrayNode list = root.putArray("files");
        for (Map.Entry<String, AtomicFiles.Written> e : files.entrySet()) {
            list.addObject().put("name", e.getKey()).put("bytes", e.getValue().bytes())
                    .put("sha256", e.getValue().sha256());
        }
        try {
            return JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers always serialises", e);
        }
    }

    /** Reads a folder's manifest (not yet checking the files). */
    static Manifest read(Path folder) {
        Path file = folder.resolve(FILE);
        JsonNode root;
        try {
            if (Files.size(file) > 1 << 20) {
                throw new CheckpointException(file, "is " + Files.size(file)
                        + " bytes; a manifest is a few hundred");
            }
            root = JSON.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new CheckpointException(folder, "not a checkpoint folder: it has no " + FILE
                    + " (a save that did not finish leaves none)");
        } catch (JsonProcessingException e) {
            throw new CheckpointException(file, "damaged: not valid JSON ("
                    + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new CheckpointException(file, "cannot read: " + e, e);
        }
        JsonNode list = root == null ? null : root.get("files");
        JsonNode iteration = root == null ? null : root.get("iteration");
        if (list == null || !list.isArray() || iteration == null || !iteration.canConvertToLong()) {
            throw new CheckpointException(file, "damaged: needs iteration and a files list");
        }
        Map<String, AtomicFiles.Written> files = new LinkedHashMap<>();
        for (JsonNode f : list) {
            String name = f.path("name").asText("");
            String sha = f.path("sha256").asText("");
            long bytes = f.path("bytes").asLong(-1);
            if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.startsWith(".")
                    || sha.length() != 64 || bytes < 0) {
                throw new CheckpointException(file, "damaged: file entry " + f
                        + " needs a plain name, bytes and a 64-digit sha256");
            }
            files.put(name, new AtomicFiles.Written(folder.resolve(name), bytes, sha));
        }
        return new Manifest(iteration.longValue(), files);
    }

    /** Checks every listed file's presence, length and SHA-256. */
    void verify() {
        for (AtomicFiles.Written w : files.values()) {
            verify(w);
        }
    }

    /** Checks one listed file, when the manifest lists it. */
    void verify(String name) {
        AtomicFiles.Written w = files.get(name);
        if (w != null) {
            verify(w);
        }
    }

    private static void verify(AtomicFiles.Written expected) {
        Path file = expected.file();
        try {
            long size = Files.size(file);
            if (size < expected.bytes()) {
                throw new CheckpointException(file, "truncated: " + size + " of "
                        + expected.bytes() + " bytes (as " + FILE + " records)");
            }
            if (size > expected.bytes()) {
                throw new CheckpointException(file, "damaged: " + size + " bytes but " + FILE
                        + " records " + expected.bytes());
            }
            String sha = sha256(file);
            if (!sha.equals(expected.sha256())) {
                throw new CheckpointException(file, "checksum mismatch: SHA-256 " + sha + " but "
                        + FILE + " records " + expected.sha256() + "; the file is damaged");
            }
        } catch (NoSuchFileException e) {
            throw new CheckpointException(file, "missing: " + FILE + " lists it but it is not"
                    + " there");
        } catch (IOException e) {
            throw new CheckpointException(file, "cannot read: " + e, e);
        }
    }

    static String sha256(Path file) throws IOException {
        MessageDigest sha = AtomicFiles.sha256();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
