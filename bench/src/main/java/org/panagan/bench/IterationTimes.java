package org.panagan.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import org.panagan.engine.backend.Backend;
import org.panagan.engine.backend.Backends;
import org.panagan.engine.dcgan.ModelConfig;
import org.panagan.engine.train.TrainConfig;
import org.panagan.engine.train.Trainer;

/**
 * Times whole training iterations the way the PyTorch peer in ../shared/peers/torch-cpu does, so
 * that the two medians compare: warm-up iterations first, then iterations until {@code iters}
 * clean ones (other processes used at most 3% of the machine's CPU time during the iteration;
 * the machine is a shared VM), and the median, min and max of the clean ones. JMH's mean and
 * confidence interval ({@link TrainingStepBenchmark}) suit the per-kernel tables; a side-by-side
 * figure needs the same statistic on both sides.
 *
 * <p>Usage: {@code IterationTimes [batch ...] [--warmup N] [--iters N] [--backend cpu]}; prints
 * one {@code RESULT train batch=B median_ms=...} line per batch size.
 */
public final class IterationTimes {

    /** Foreign CPU time above this share of the machine makes an iteration contended. */
    static final double CLEAN_SHARE = 0.03;
    /** Linux's USER_HZ: /proc reports CPU time in these ticks. */
    static final double TICKS_PER_SECOND = 100.0;

    private IterationTimes() {
    }

    public static void main(String[] args) {
        List<Integer> batches = new ArrayList<>();
        int warmup = 3;
        int iters = 10;
        String backendName = "cpu";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--iters" -> iters = Integer.parseInt(args[++i]);
                case "--backend" -> backendName = args[++i];
                default -> batches.add(Integer.parseInt(args[i]));
            }
        }
        if (batches.isEmpty()) {
            batches = List.of(64, 128);
        }
        ModelConfig model = ModelConfig.reference(64);
        double flopsPerImage = DcganFlops.perImage(model.architecture());
        int cores = Runtime.getRuntime().availableProcessors();
        try (Backend backend = Backends.open(Backends.Request.parse(backendName))) {
            for (int batch : batches) {
                double[] clean = time(backend, model, batch, warmup, iters, cores);
                if (clean.length == 0) {
                    System.out.printf(Locale.ROOT, "RESULT train batch=%d no clean iteration%n",
                            batch);
                    continue;
                }
                double median = median(clean);
                System.out.printf(Locale.ROOT, "RESULT train batch=%d median_ms=%.1f min_ms=%.1f"
                                + " max_ms=%.1f img_per_s=%.2f GFLOPs=%.2f n=%d warmup=%d (clean"
                                + " iterations: other processes used <= %.0f%% of the CPUs)%n",
                        batch, median, Arrays.stream(clean).min().orElseThrow(),
                        Arrays.stream(clean).max().orElseThrow(), batch / (median / 1e3),
                        flopsPerImage * batch / (median / 1e3) / 1e9, clean.length, warmup,
                        CLEAN_SHARE * 100);
                System.out.printf(Locale.ROOT, "RESULT train batch=%d clean_times_ms=%s%n", batch,
                        Arrays.toString(Arrays.stream(clean)
                                .map(t -> Math.round(t * 10) / 10.0).toArray()));
            }
        }
    }

    /** Clean iteration times in ms; gives up after 4 x iters timed iterations. */
    static double[] time(Backend backend, ModelConfig model, int batch, int warmup, int iters,
                         int cores) {
        float[] images = new float[batch * model.nc() * model.imageSize() * model.imageSize()];
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < images.length; i++) {
            images[i] = (float) random.nextDouble(-1, 1);
        }
        List<Double> clean = new ArrayList<>();
        try (Trainer trainer = Trainer.open(TrainConfig.of(model, batch, 1), backend)) {
            int timed = 0;
            for (int i = 0; (i < warmup || clean.size() < iters) && timed < 4 * iters; i++) {
                CpuTicks before = CpuTicks.now();
                long start = System.nanoTime();
                trainer.step(images, batch);
                double ms = (System.nanoTime() - start) / 1e6;
                double foreign = CpuTicks.now().foreignSecondsSince(before);
                boolean quiet = foreign <= CLEAN_SHARE * cores * ms / 1e3;
                System.out.printf(Locale.ROOT, "  batch=%d iter=%d%s %.1f ms, other processes"
                                + " %.2f s of CPU%s%n", batch, i, i < warmup ? " (warm-up)" : "",
                        ms, foreign, i >= warmup && !quiet ? " CONTENDED" : "");
                if (i >= warmup) {
                    timed++;
                    if (quiet) {
                        clean.add(ms);
                    }
                }
            }
        }
        return clean.stream().mapToDouble(Double::doubleValue).toArray();
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** The machine's busy CPU ticks and this process's, from /proc (zero where unreadable). */
    private record CpuTicks(long machineBusy, long self) {

        static CpuTicks now() {
            try {
                String[] cpu = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim()
                        .split("\\s+");
                long busy = 0;
                // user, nice, system, (idle, iowait skipped), irq, softirq
                for (int field : new int[] {1, 2, 3, 6, 7}) {
                    busy += Long.parseLong(cpu[field]);
                }
                String stat = Files.readString(Path.of("/proc/self/stat"));
                String[] own = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
                // utime and stime, fields 14 and 15 of the line (11 and 12 after the name)
                return new CpuTicks(busy, Long.parseLong(own[11]) + Long.parseLong(own[12]));
            } catch (IOException | RuntimeException e) {
                return new CpuTicks(0, 0);
            }
        }

        double foreignSecondsSince(CpuTicks before) {
            long others = (machineBusy - before.machineBusy) - (self - before.self);
            return Math.max(0, others / TICKS_PER_SECOND);
        }
    }
}
