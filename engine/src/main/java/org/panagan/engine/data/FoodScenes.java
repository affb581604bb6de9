package org.panagan.engine.data;

import org.panagan.engine.Rng;

/**
 * The built-in dataset: procedural photos of plated food seen from above at a tilt. Each image
 * is a table (wood, cloth or stone) under a soft light, a plate or bowl (an ellipse squashed by
 * the viewing angle, with rim, well, body and a drop shadow), one to three noise-textured food
 * portions in food palettes (rice, greens, sauce, curry, meat, bread, noodles, egg) with toppings
 * (herbs, peas, tomato, sesame, pepper), and sometimes cutlery on a napkin and a glass.
 *
 * <p>Deterministic: image i draws its scene from a SplitMix64 stream seeded by (seed, i), the
 * noise is an integer hash, and per-pixel work is float arithmetic and square roots only (the
 * few trigonometric values come from StrictMath), so the bytes are the same on every JVM and do
 * not depend on which thread rendered which image. Rendered at twice the requested size (up
 * to 255) and averaged down, so edges are anti-aliased.
 */
final class FoodScenes {

    /** Bumped whenever the pictures change. */
    static final int VERSION = 1;

    private static final float[][] WOOD = {
        {0.55f, 0.36f, 0.20f}, {0.40f, 0.25f, 0.14f}, {0.72f, 0.55f, 0.36f},
        {0.30f, 0.19f, 0.12f}, {0.62f, 0.46f, 0.30f}};
    private static final float[][] CLOTH = {
        {0.92f, 0.91f, 0.88f}, {0.70f, 0.14f, 0.14f}, {0.18f, 0.28f, 0.55f},
        {0.80f, 0.74f, 0.62f}, {0.32f, 0.45f, 0.30f}, {0.55f, 0.55f, 0.57f}};
    private static final float[][] STONE = {
        {0.22f, 0.22f, 0.24f}, {0.50f, 0.50f, 0.50f}, {0.70f, 0.68f, 0.64f}};
    private static final float[][] CROCKERY = {
        {0.95f, 0.94f, 0.92f}, {0.93f, 0.90f, 0.82f}, {0.62f, 0.75f, 0.86f},
        {0.20f, 0.21f, 0.23f}, {0.72f, 0.40f, 0.25f}, {0.95f, 0.95f, 0.95f}};
    private static final float[][] ACCENT = {
        {0.15f, 0.25f, 0.60f}, {0.60f, 0.12f, 0.10f}, {0.75f, 0.60f, 0.20f}};

    /** The kinds of food portion, each with its palette: dark and light ends. */
    enum Food {
        RICE(0.80f, 0.78f, 0.70f, 0.98f, 0.97f, 0.92f),
        GREENS(0.12f, 0.30f, 0.08f, 0.50f, 0.72f, 0.22f),
        SAUCE(0.55f, 0.10f, 0.05f, 0.85f, 0.25f, 0.10f),
        CURRY(0.62f, 0.35f, 0.05f, 0.90f, 0.62f, 0.15f),
        MEAT(0.30f, 0.15f, 0.08f, 0.58f, 0.34f, 0.20f),
        BREAD(0.62f, 0.40f, 0.15f, 0.93f, 0.74f, 0.42f),
        NOODLES(0.75f, 0.60f, 0.30f, 0.97f, 0.86f, 0.52f),
        EGG(0.90f, 0.88f, 0.82f, 1.00f, 0.99f, 0.96f);

        final float[] dark;
        final float[] light;

        Food(float r0, float g0, float b0, float r1, float g1, float b1) {
            dark = new float[] {r0, g0, b0};
            light = new float[] {r1, g1, b1};
        }
    }

    /** Toppings: colour and radius range (in image widths). */
    private static final float[][] TOPPING = {
        {0.20f, 0.50f, 0.12f, 0.010f}, {0.35f, 0.62f, 0.20f, 0.016f},
        {0.85f, 0.12f, 0.08f, 0.030f}, {0.95f, 0.90f, 0.75f, 0.006f},
        {0.10f, 0.08f, 0.07f, 0.005f}};

    private static final float[] WHITE = {1, 1, 1};
    private static final float[] GLASS = {0.85f, 0.9f, 0.92f};
    private static final float[] GLASS_RIM = {0.97f, 0.98f, 1};

    private FoodScenes() {
    }

    /** Image index of the set seeded by seed, as 3 planes of size x size (NCHW) bytes. */
    static byte[] render(long seed, int index, int size) {
        int ss = size >= 256 ? 1 : 2;
        int r = size * ss;
        Scene scene = new Scene(Rng.seeded(seed * 0x9E3779B97F4A7C15L + index * 0xD1B54A32D192ED03L
                + 0x632BE59BD9B4E019L));
        float[] acc = new float[3 * size * size];
        float[] c = new float[3];
        float px = 1f / r;
        for (int y = 0; y < r; y++) {
            for (int x = 0; x < r; x++) {
                scene.shade((x + 0.5f) * px, (y + 0.5f) * px, px, x, y, c);
                int o = (y / ss) * size + x / ss;
                acc[o] += c[0];
                acc[size * size + o] += c[1];
                acc[2 * size * size + o] += c[2];
            }
        }
        byte[] out = new byte[acc.length];
        float norm = 255f / (ss * ss);
        for (int i = 0; i < acc.length; i++) {
            out[i] = Resampler.toByte(acc[i] * norm);
        }
        return out;
    }

    // ---- noise ---------------------------------------------------------------------------

    static float hash(int x, int y, int s) {
        int h = x * 0x27D4EB2D ^ y * 0x165667B1 ^ s * 0x9E3779B9;
        h ^= h >>> 15;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        h *= 0xC2B2AE35;
        h ^= h >>> 16;
        return (h >>> 8) * (1f / 16777216f);
    }

    /** One random value per unit cell, in [0, 1): noise finer than the render's pixels. */
    static float cell(float x, float y, int s) {
        return hash((int) Math.floor(x), (int) Math.floor(y), s);
    }

    /** Smooth value noise in [0, 1). */
    static float noise(float x, float y, int s) {
        int ix = (int) Math.floor(x);
        int iy = (int) Math.floor(y);
        float fx = x - ix;
        float fy = y - iy;
        fx = fx * fx * (3 - 2 * fx);
        fy = fy * fy * (3 - 2 * fy);
        float a = hash(ix, iy, s);
        float b = hash(ix + 1, iy, s);
        float c = hash(ix, iy + 1, s);
        float d = hash(ix + 1, iy + 1, s);
        return a + (b - a) * fx + (c - a) * fy + (a - b - c + d) * fx * fy;
    }

    static float fbm(float x, float y, int s, int octaves) {
        float sum = 0;
        float amp = 1;
        float norm = 0;
        for (int o = 0; o < octaves; o++) {
            sum += amp * noise(x, y, s + 31 * o);
            norm += amp;
            amp *= 0.5f;
            x *= 2.03f;
            y *= 2.03f;
        }
        return sum / norm;
    }

    static float smooth(float e0, float e1, float x) {
        float t = Math.max(0, Math.min(1, (x - e0) / (e1 - e0)));
        return t * t * (3 - 2 * t);
    }

    static float clamp01(float x) {
        return Math.max(0, Math.min(1, x));
    }

    static float fract(float x) {
        return x - (float) Math.floor(x);
    }

    static void mix(float[] c, float[] to, float t) {
        for (int k = 0; k < 3; k++) {
            c[k] += (to[k] - c[k]) * t;
        }
    }

    static float[] copy(float[] from, float[] to) {
        System.arraycopy(from, 0, to, 0, 3);
        return to;
    }

    static void scale(float[] c, float f) {
        c[0] *= f;
        c[1] *= f;
        c[2] *= f;
    }

    // ---- one scene -----------------------------------------------------------------------

    /** A food portion: an ellipse with a noisy outline and a food texture. */
    private record Portion(float cx, float cy, float rx, float ry, Food food, int seed,
                           float dirX, float dirY) {
    }

    /** A round topping. */
    private record Dot(float cx, float cy, float r, float[] colour) {
    }

    /** A fork, knife or spoon from (x0, y0) along (dx, dy). */
    private record Cutlery(float x0, float y0, float dx, float dy, float length, int kind) {

        /** Whether (u, v) is within margin of the piece's bounding box. */
        boolean near(float u, float v, float margin) {
            float x1 = x0 + dx * length;
            float y1 = y0 + dy * length;
            return u > Math.min(x0, x1) - margin && u < Math.max(x0, x1) + margin
                    && v > Math.min(y0, y1) - margin && v < Math.max(y0, y1) + margin;
        }
    }

    private static final class Scene {
        final int seed;
        final int table;
        final float[] tableColour;
        final float[] tableAccent;
        final float grainCos;
        final float grainSin;
        final float planks;
        final boolean gingham;
        final float tilt;
        final float cx;
        final float cy;
        final float radius;
        final boolean bowl;
        final float well;
        final float[] crockery;
        final float[] band;
        final float bandAt;
        final Portion[] portions;
        final Dot[] dots;
        final Cutlery[] cutlery;
        final float napkinX;
        final float[] napkin;
        final float glassX;
        final float glassY;
        final float glassR;
        final float lightX;
        final float lightY;
        final float warmth;
        final float exposure;
        /** Scratch colours, reused per pixel (a scene is rendered by one thread). */
        private final float[] a = new float[3];
        private final float[] b = new float[3];

        Scene(Rng rng) {
            seed = (int) rng.nextLong();
            double kind = rng.nextDouble();
            table = kind < 0.45 ? 0 : kind < 0.8 ? 1 : 2;
            float[][] palette = table == 0 ? WOOD : table == 1 ? CLOTH : STONE;
            tableColour = jitter(pick(rng, palette), rng, 0.06f);
            tableAccent = jitter(pick(rng, CLOTH), rng, 0.05f);
            double angle = (rng.nextDouble() - 0.5) * 0.8 + (rng.nextDouble() < 0.5 ? 0 : 1.5708);
            grainCos = (float) StrictMath.cos(angle);
            grainSin = (float) StrictMath.sin(angle);
            planks = 2 + (float) rng.nextDouble() * 4;
            gingham = rng.nextDouble() < 0.4;
            tilt = 0.58f + 0.42f * (float) rng.nextDouble();
            cx = 0.5f + 0.07f * (float) rng.nextGaussian();
            cy = 0.52f + 0.05f * (float) rng.nextGaussian();
            bowl = rng.nextDouble() < 0.38;
            radius = (bowl ? 0.26f : 0.33f) + (float) rng.nextDouble() * 0.13f;
            well = bowl ? 0.9f : 0.70f + 0.1f * (float) rng.nextDouble();
            crockery = jitter(pick(rng, CROCKERY), rng, 0.02f);
            band = rng.nextDouble() < 0.3 ? pick(rng, ACCENT) : null;
            bandAt = well + (1 - well) * (0.45f + 0.3f * (float) rng.nextDouble());
            portions = portions(rng);
            dots = dots(rng);
            cutlery = cutlery(rng);
            napkinX = cutlery.length > 0 && rng.nextDouble() < 0.5 ? cutlery[0].x0() : -9;
            napkin = jitter(pick(rng, CLOTH), rng, 0.04f);
            boolean glass = rng.nextDouble() < 0.3;
            glassX = glass ? (rng.nextDouble() < 0.5 ? 0.12f : 0.88f) : -9;
            glassY = 0.08f + 0.1f * (float) rng.nextDouble();
            glassR = 0.1f + 0.06f * (float) rng.nextDouble();
            lightX = 0.2f + 0.6f * (float) rng.nextDouble();
            lightY = 0.1f + 0.3f * (float) rng.nextDouble();
            warmth = 0.07f * (float) rng.nextGaussian();
            exposure = 0.92f + 0.16f * (float) rng.nextDouble();
        }

        private static float[] pick(Rng rng, float[][] palette) {
            return palette[EpochOrder.below(rng, palette.length)];
        }

        private static float[] jitter(float[] colour, Rng rng, float amount) {
            float[] c = new float[3];
            float all = (float) rng.nextGaussian() * amount;
            for (int k = 0; k < 3; k++) {
                c[k] = clamp01(colour[k] + all + (float) rng.nextGaussian() * amount * 0.5f);
            }
            return c;
        }

        private Portion[] portions(Rng rng) {
            Food[] foods = Food.values();
            if (bowl) {
                Food[] inBowl = {Food.RICE, Food.SAUCE, Food.CURRY, Food.NOODLES, Food.GREENS};
                Food f = inBowl[EpochOrder.below(rng, inBowl.length)];
                return new Portion[] {new Portion(cx, cy + 0.02f * radius * (1 - tilt),
                        radius * 0.84f, radius * 0.84f * tilt, f, (int) rng.nextLong(), 1, 0)};
            }
            int n = 1 + EpochOrder.below(rng, 3);
            Portion[] out = new Portion[n];
            for (int i = 0; i < n; i++) {
                double a = 2 * Math.PI * (i + rng.nextDouble() * 0.5) / n;
                float off = n == 1 ? 0.1f * (float) rng.nextDouble() : 0.3f + 0.1f
                        * (float) rng.nextDouble();
                float rx = radius * well * (n == 1 ? 0.55f + 0.25f * (float) rng.nextDouble()
                        : 0.38f + 0.15f * (float) rng.nextDouble());
                float stretch = 0.75f + 0.5f * (float) rng.nextDouble();
                double d = rng.nextDouble() * Math.PI;
                out[i] = new Portion(
                        cx + radius * well * off * (float) StrictMath.cos(a),
                        cy + radius * well * off * tilt * (float) StrictMath.sin(a),
                        rx * stretch, rx / stretch * tilt,
                        foods[EpochOrder.below(rng, foods.length)],
                        (int) rng.nextLong(), (float) StrictMath.cos(d), (float) StrictMath.sin(d));
            }
            return out;
        }

        private Dot[] dots(Rng rng) {
            if (rng.nextDouble() < 0.3) {
                return new Dot[0];
            }
            float[] t = TOPPING[EpochOrder.below(rng, TOPPING.length)];
            int n = t[3] > 0.02f ? 3 + EpochOrder.below(rng, 5) : 8 + EpochOrder.below(rng, 30);
            Dot[] out = new Dot[n];
            for (int i = 0; i < n; i++) {
                Portion p = portions[EpochOrder.below(rng, portions.length)];
                double a = rng.nextDouble() * 2 * Math.PI;
                float d = 0.8f * (float) StrictMath.sqrt(rng.nextDouble());
                float[] colour = jitter(t, rng, 0.05f);
                out[i] = new Dot(p.cx() + p.rx() * d * (float) StrictMath.cos(a),
                        p.cy() + p.ry() * d * (float) StrictMath.sin(a),
                        t[3] * (0.7f + 0.6f * (float) rng.nextDouble()), colour);
            }
            return out;
        }

        private Cutlery[] cutlery(Rng rng) {
            int n = rng.nextDouble() < 0.45 ? 0 : 1 + EpochOrder.below(rng, 2);
            Cutlery[] out = new Cutlery[n];
            float side = rng.nextDouble() < 0.5 ? -1 : 1;
            for (int i = 0; i < n; i++) {
                double a = (rng.nextDouble() - 0.5) * 0.5;
                float x = cx + side * (radius + 0.06f + 0.06f * i);
                float length = 0.55f + 0.2f * (float) rng.nextDouble();
                float y = cy + length * 0.5f * tilt;
                out[i] = new Cutlery(x, y, (float) StrictMath.sin(a),
                        -(float) StrictMath.cos(a) * (0.6f + 0.4f * tilt), length,
                        EpochOrder.below(rng, 3));
            }
            return out;
        }

        void shade(float u, float v, float px, int x, int y, float[] c) {
            table(u, v, c);
            napkin(u, v, px, c);
            shadow(u, v, c);
            if (bowl) {
                bowl(u, v, px, c);
            } else {
                plate(u, v, px, c);
            }
            for (Portion p : portions) {
                portion(p, u, v, px, c);
            }
            for (Dot d : dots) {
                dot(d, u, v, px, c);
            }
            for (Cutlery k : cutlery) {
                cutlery(k, u, v, px, c);
            }
            glass(u, v, px, c);
            finish(u, v, x, y, c);
        }

        private void table(float u, float v, float[] c) {
            System.arraycopy(tableColour, 0, c, 0, 3);
            float along = u * grainCos + v * grainSin;
            float across = -u * grainSin + v * grainCos;
            if (table == 0) {
                float plank = (float) Math.floor(across * planks);
                float warp = fbm(along * 3, across * 14, seed, 2);
                float ring = fract(across * 40 + warp * 3 + hash((int) plank, 0, seed) * 9);
                float line = Math.abs(2 * ring - 1);
                scale(c, 0.78f + 0.3f * line * line + 0.1f * (hash((int) plank, 1, seed) - 0.5f)
                        + 0.08f * cell(along * 200, across * 20, seed + 5));
                if (fract(across * planks) < 0.02f) {
                    scale(c, 0.55f);
                }
            } else if (table == 1) {
                if (gingham) {
                    float bx = fract(u * 9 + 0.25f) < 0.5f ? 0.5f : 0;
                    float by = fract(v * 9 / Math.max(0.6f, tilt)) < 0.5f ? 0.5f : 0;
                    mix(c, tableAccent, bx + by);
                }
                scale(c, 0.9f + 0.08f * cell(along * 220, across * 12, seed)
                        + 0.06f * cell(along * 12, across * 220, seed + 1));
            } else {
                float n = fbm(u * 5, v * 5, seed, 4);
                scale(c, 0.75f + 0.45f * n);
                if (hash((int) (u * 300), (int) (v * 300), seed) > 0.985f) {
                    scale(c, 1.35f);
                }
            }
        }

        private void napkin(float u, float v, float px, float[] c) {
            if (napkinX < -1) {
                return;
            }
            float dx = Math.abs(u - napkinX) - 0.1f;
            float dy = Math.abs(v - cy) - 0.3f;
            float cover = clamp01(-Math.max(dx, dy) / px + 0.5f);
            if (cover > 0) {
                float[] n = copy(napkin, a);
                scale(n, 0.92f + 0.08f * cell(u * 150, v * 150, seed + 9)
                        - (Math.abs(u - napkinX) < 0.004f ? 0.12f : 0));
                mix(c, n, cover);
            }
        }

        private float plateDistance(float u, float v) {
            float dx = (u - cx) / radius;
            float dy = (v - cy) / (radius * tilt);
            return (float) Math.sqrt(dx * dx + dy * dy);
        }

        private void shadow(float u, float v, float[] c) {
            float lift = bowl ? 0.04f + 0.5f * radius * (1 - tilt) : 0.02f;
            float d = plateDistance(u - 0.025f, v - lift);
            scale(c, 1 - 0.4f * (1 - smooth(0.92f, 1.18f, d)));
            for (Cutlery k : cutlery) {
                if (!k.near(u, v, 0.06f)) {
                    continue;
                }
                float e = cutleryDistance(k, u - 0.008f, v - 0.01f);
                scale(c, 1 - 0.3f * (1 - smooth(0, 0.015f, e)));
            }
        }

        private void plate(float u, float v, float px, float[] c) {
            float d = plateDistance(u, v);
            float cover = clamp01((1 - d) * radius / px + 0.5f);
            if (cover <= 0) {
                return;
            }
            float[] p = copy(crockery, a);
            float nx = (u - cx) / radius;
            float ny = (v - cy) / (radius * tilt);
            if (d > well) {
                float slope = (nx * (cx - lightX) + ny * (cy - lightY)) / Math.max(d, 1e-3f);
                scale(p, 1.0f - 0.12f * slope + 0.05f * (d - well) / (1 - well));
                if (band != null && Math.abs(d - bandAt) < 0.018f) {
                    mix(p, band, 0.85f);
                }
                if (d > 0.975f) {
                    scale(p, 0.82f);
                }
            } else {
                scale(p, 0.95f - 0.05f * ny);
                float lit = (nx + 0.35f) * (nx + 0.35f) + (ny + 0.4f) * (ny + 0.4f);
                scale(p, 1 + 0.06f * (1 - smooth(0, 0.3f, lit)));
            }
            float edge = Math.abs(d - well) * radius / px;
            if (edge < 1.5f) {
                scale(p, 0.8f + 0.2f * edge / 1.5f);
            }
            mix(c, p, cover);
        }

        private void bowl(float u, float v, float px, float[] c) {
            float depth = radius * (0.2f + 0.55f * (float) Math.sqrt(1 - tilt * tilt));
            float bx = (u - cx) / (radius * 0.8f);
            float by = (v - cy - depth) / (radius * Math.max(tilt, 0.5f) * 0.7f);
            float body = (float) Math.sqrt(bx * bx + by * by);
            if (v > cy && body < 1 + px / radius) {
                float[] p = copy(crockery, a);
                scale(p, 0.62f + 0.33f * (1 - Math.abs(bx)) - 0.15f * Math.max(0, bx));
                mix(c, p, clamp01((1 - body) * radius * 0.7f / px + 0.5f));
            }
            float d = plateDistance(u, v);
            float cover = clamp01((1 - d) * radius / px + 0.5f);
            if (cover <= 0) {
                return;
            }
            float[] p = copy(crockery, a);
            float ny = (v - cy) / (radius * tilt);
            if (d > well) {
                scale(p, 1.02f);
            } else {
                scale(p, 0.55f + 0.35f * (ny + 1) * 0.5f);
            }
            if (band != null && d > well && Math.abs(d - bandAt) < 0.02f) {
                mix(p, band, 0.85f);
            }
            mix(c, p, cover);
        }

        private void portion(Portion p, float u, float v, float px, float[] c) {
            float reach = 1.7f * Math.max(p.rx(), p.ry());
            if (Math.abs(u - p.cx()) > reach || Math.abs(v - p.cy()) > reach) {
                return;
            }
            float lx = (u - p.cx()) * p.dirX() + (v - p.cy()) * p.dirY();
            float ly = -(u - p.cx()) * p.dirY() + (v - p.cy()) * p.dirX();
            float nx = lx / p.rx();
            float ny = ly / p.ry();
            float d = (float) Math.sqrt(nx * nx + ny * ny);
            if (d > 1.6f) {
                return;
            }
            float rough = p.food() == Food.SAUCE || p.food() == Food.CURRY || p.food() == Food.EGG
                    ? 0.08f : 0.3f;
            float dd = d + rough * (noise(u * 14, v * 14, p.seed()) - 0.5f);
            scale(c, 1 - 0.3f * (1 - smooth(1.0f, 1.25f, dd)));
            float cover = clamp01((1 - dd) * p.ry() / px + 0.5f);
            if (cover <= 0) {
                return;
            }
            float[] f = texture(p, u, v, nx, ny, d, b);
            float light = (nx * (p.cx() - lightX) + ny * (p.cy() - lightY)) * 0.6f;
            scale(f, 1.06f - 0.22f * d * d - 0.12f * light);
            mix(c, f, cover);
        }

        private float[] texture(Portion p, float u, float v, float nx, float ny, float d,
                                float[] f) {
            Food food = p.food();
            copy(food.dark, f);
            int s = p.seed();
            float t;
            switch (food) {
                case RICE -> t = 0.35f + 0.65f * smooth(0.35f, 0.75f, noise(u * 90, v * 90, s));
                case GREENS -> {
                    float n = fbm(u * 18, v * 18, s, 3);
                    t = smooth(0.25f, 0.75f, 1 - Math.abs(2 * n - 1));
                }
                case SAUCE, CURRY -> {
                    float n = fbm(u * 6, v * 6, s, 2);
                    float gloss = smooth(0.72f, 0.9f, noise(u * 16, v * 16, s + 3))
                            * smooth(0.6f, -0.4f, ny);
                    t = 0.55f + 0.45f * n + 0.6f * gloss;
                }
                case MEAT -> {
                    float stripe = fract((nx * 0.8f + ny * 0.6f) * 3.5f);
                    t = 0.5f + 0.5f * noise(u * 40, v * 40, s) - (stripe < 0.16f ? 0.6f : 0);
                }
                case BREAD -> t = 0.9f - 0.6f * smooth(0.7f, 1f, d)
                        + 0.25f * (noise(u * 70, v * 70, s) - 0.5f);
                case NOODLES -> {
                    float strand = fract(fbm(u * 5, v * 5, s, 2) * 14);
                    t = 0.35f + 0.65f * (1 - Math.abs(2 * strand - 1));
                }
                default -> {
                    t = 0.85f;
                    if (d < 0.42f) {
                        f[0] = 0.98f;
                        f[1] = 0.68f - 0.2f * d;
                        f[2] = 0.08f;
                        return f;
                    }
                }
            }
            mix(f, food.light, t);
            for (int k = 0; k < 3; k++) {
                f[k] = clamp01(f[k]);
            }
            return f;
        }

        private void dot(Dot d, float u, float v, float px, float[] c) {
            if (Math.abs(u - d.cx()) > 1.5f * d.r() || Math.abs(v - d.cy()) > 1.5f * d.r()) {
                return;
            }
            float dx = (u - d.cx()) / d.r();
            float dy = (v - d.cy()) / (d.r() * Math.max(tilt, 0.7f));
            float e = (float) Math.sqrt(dx * dx + dy * dy);
            float cover = clamp01((1 - e) * d.r() / px + 0.5f);
            if (cover <= 0) {
                return;
            }
            float[] f = copy(d.colour(), a);
            float spot = (dx + 0.4f) * (dx + 0.4f) + (dy + 0.4f) * (dy + 0.4f);
            scale(f, 1.05f - 0.35f * e * e);
            mix(f, WHITE, 0.5f * (1 - smooth(0, 0.08f, spot)));
            mix(c, f, cover);
        }

        /** Signed distance (in image widths) to a piece's outline; negative inside. */
        private float cutleryDistance(Cutlery k, float u, float v) {
            float qx = u - k.x0();
            float qy = v - k.y0();
            float along = (qx * k.dx() + qy * k.dy()) / k.length();
            float across = -qx * k.dy() + qy * k.dx();
            float s = clamp01(along);
            float outside = (along - s) * k.length();
            float half;
            if (s < 0.55f) {
                half = 0.014f;
            } else if (s < 0.7f) {
                half = 0.006f;
            } else {
                half = k.kind() == 2 ? 0.03f * (float) Math.sqrt(clamp01(1 - ((s - 0.85f)
                        / 0.15f) * ((s - 0.85f) / 0.15f))) : 0.016f;
                if (k.kind() == 0 && s > 0.85f && fract((across / 0.032f + 0.5f) * 4) < 0.35f) {
                    return 1;
                }
            }
            return Math.max(Math.abs(across) - half, Math.abs(outside));
        }

        private void cutlery(Cutlery k, float u, float v, float px, float[] c) {
            if (!k.near(u, v, 0.04f)) {
                return;
            }
            float e = cutleryDistance(k, u, v);
            float cover = clamp01(-e / px + 0.5f);
            if (cover <= 0) {
                return;
            }
            float qx = u - k.x0();
            float qy = v - k.y0();
            float across = -qx * k.dy() + qy * k.dx();
            float g = 0.62f + 0.3f * (1 - smooth(0, 0.014f, Math.abs(across - 0.004f)));
            a[0] = g;
            a[1] = g * 1.01f;
            a[2] = g * 1.04f;
            mix(c, a, cover);
        }

        private void glass(float u, float v, float px, float[] c) {
            if (Math.abs(u - glassX) > glassR + px || Math.abs(v - glassY) > glassR + px) {
                return;
            }
            float dx = (u - glassX) / glassR;
            float dy = (v - glassY) / (glassR * tilt);
            float d = (float) Math.sqrt(dx * dx + dy * dy);
            float cover = clamp01((1 - d) * glassR / px + 0.5f);
            if (cover <= 0) {
                return;
            }
            float[] g = copy(c, a);
            scale(g, 0.86f);
            mix(g, GLASS, 0.15f);
            if (d > 0.9f) {
                mix(g, GLASS_RIM, 0.7f);
            }
            if (dx < -0.3f && dx > -0.55f && dy < 0.2f && dy > -0.6f) {
                mix(g, WHITE, 0.35f);
            }
            mix(c, g, cover);
        }

        private void finish(float u, float v, int x, int y, float[] c) {
            float lx = u - lightX;
            float ly = v - lightY;
            float light = exposure * (1.12f - 0.45f * (float) Math.sqrt(lx * lx + ly * ly));
            float grain = 0.03f * (hash(x, y, seed + 77) - 0.5f);
            c[0] = c[0] * light * (1 + warmth) + grain;
            c[1] = c[1] * light + grain;
            c[2] = c[2] * light * (1 - warmth) + grain;
        }
    }
}
