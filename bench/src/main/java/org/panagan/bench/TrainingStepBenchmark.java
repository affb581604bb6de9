package org.panagan.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.panagan.engine.backend.Backend;
import org.panagan.engine.backend.Backends;
import org.panagan.engine.dcgan.ModelConfig;
import org.panagan.engine.train.StepReport;
import org.panagan.engine.train.TrainConfig;
import org.panagan.engine.train.Trainer;

/**
 * One full training iteration of the reference DCGAN (64x64 RGB, nz 100, ngf = ndf = 64,
 * main.py's order: D on real, G, D on fake, Adam on D, D again, G backward, Adam on G), on a
 * fixed batch of random images, per backend and batch size. Time per iteration; images/s and
 * GFLOP/s follow from it and {@link DcganFlops} (scripts/bench.sh prints them).
 *
 * <p>Run: {@code scripts/bench.sh TrainingStep} (cpu here; add {@code -p backend=cuda} on a
 * machine with a GPU). One iteration takes seconds on 2 cores, so each measurement is a few
 * iterations long and the forks are one.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 10)
@Measurement(iterations = 5, time = 10)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class TrainingStepBenchmark {

    @Param({"cpu"})
    public String backend;

    @Param({"64", "128"})
    public int batch;

    @Param({"64"})
    public int imageSize;

    private Backend opened;
    private Trainer trainer;
    private float[] images;

    @Setup(Level.Trial)
    public void open() {
        ModelConfig model = ModelConfig.reference(imageSize);
        opened = Backends.open(Backends.Request.parse(backend));
        trainer = Trainer.open(TrainConfig.of(model, batch, 1), opened);
        images = new float[batch * model.nc() * imageSize * imageSize];
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < images.length; i++) {
            images[i] = (float) random.nextDouble(-1, 1);
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        trainer.close();
        opened.close();
    }

    @Benchmark
    public StepReport step() {
        return trainer.step(images, batch);
    }
}
