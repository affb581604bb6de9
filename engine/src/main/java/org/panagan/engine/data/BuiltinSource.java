package org.panagan.engine.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** The procedural food photos of {@link FoodScenes}: a fixed count from a fixed seed. */
final class BuiltinSource implements Source {

    /** Images in the built-in set. */
    static final int COUNT = 3000;
    /** The seed the built-in set is drawn from. */
    static final long SEED = 7;

    @Override
    public String identity() {
        return DataSpec.BUILTIN;
    }

    @Override
    public byte[] fingerprint(int size, int limit) {
        return CacheFile.digest().digest(("builtin food v" + FoodScenes.VERSION + " seed " + SEED
                + " count " + COUNT + " size " + size + " limit " + limit)
                .getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public Prepared prepare(int size, int limit, CacheFile.Writer out) throws IOException {
        int count = limit == 0 ? COUNT : Math.min(limit, COUNT);
        IOException[] failure = {null};
        Parallel.forEachOrdered(count, i -> FoodScenes.render(SEED, i, size), (i, image) -> {
            try {
                out.append(image);
                return true;
            } catch (IOException e) {
                failure[0] = e;
                return false;
            }
        }, i -> {
            throw new IllegalStateException("rendering built-in image " + i + " took over "
                    + Parallel.TIMEOUT_SECONDS + " s");
        });
        if (failure[0] != null) {
            throw failure[0];
        }
        return new Prepared(3, count, new Skips());
    }
}
