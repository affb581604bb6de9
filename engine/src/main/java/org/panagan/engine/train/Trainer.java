package org.panagan.engine.train;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.panagan.engine.PanaganException;
import org.panagan.engine.Rng;
import org.panagan.engine.backend.Activation;
import org.panagan.engine.backend.AdamParams;
import org.panagan.engine.backend.Backend;
import org.panagan.engine.backend.BackendKind;
import org.panagan.engine.backend.CapturedGraph;
import org.panagan.engine.data.ImageDataset;
import org.panagan.engine.dcgan.Architecture;
import org.panagan.engine.dcgan.Initialisation;
import org.panagan.engine.nn.Network;
import org.panagan.engine.nn.ParameterEntry;
import org.panagan.engine.nn.Profile;
import org.panagan.engine.tensor.Buffer;
import org.panagan.engine.tensor.DType;
import org.panagan.engine.tensor.Shape;
import org.panagan.engine.tensor.Tensor;

/**
 * Trains pytorch/examples' DCGAN on one backend: {@link #open} plans all memory for the batch
 * size, {@link #step} runs one iteration of main.py on a batch of real images and reports it,
 * {@link #generate} makes images, {@link #close} frees everything. Not thread-safe: one thread
 * drives a trainer.
 *
 * <p>One iteration, in main.py's order (images in [-1, 1], NCHW):
 * <ol>
 *   <li>D on the real batch, BCE against 1, backward into D's gradients (overwriting them);</li>
 *   <li>G on this step's noise z [n, nz, 1, 1] ~ N(0, 1);</li>
 *   <li>D on the fake batch (no gradient into G), BCE against 0, backward adding to D's
 *       gradients; the real and fake batches are separate batch-norm batches;</li>
 *   <li>Adam on D's flat buffers (one launch);</li>
 *   <li>the updated D on the same fake batch, BCE against 1, backward through D into the fake
 *       images and through G into G's gradients;</li>
 *   <li>Adam on G;</li>
 *   <li>the six reported scalars copied to pinned host memory, then read.</li>
 * </ol>
 * On cuda and sim, steps with the full batch replay one captured graph of steps 1-7 (including
 * the uploads of images and noise from pinned memory); shorter batches run the same operations
 * directly. Either way nothing is allocated and the host waits only for the read-back.
 */
public final class Trainer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Trainer.class.getName());

    /** Slots of the scalar read-back. */
    private static final int ERR_D_REAL = 0;
    private static final int ERR_D_FAKE = 1;
    private static final int ERR_G = 2;
    private static final int D_X = 3;
    private static final int D_G_Z1 = 4;
    private static final int D_G_Z2 = 5;
    private static final int SCALARS = 6;

    /**
     * Training-mode batch-norm forwards per iteration: G runs once, D three times (real, fake,
     * and the fake again for G's loss). PyTorch's num_batches_tracked grows by these per step.
     */
    public static final int GENERATOR_BATCH_NORM_BATCHES_PER_STEP = 1;
    /** See {@link #GENERATOR_BATCH_NORM_BATCHES_PER_STEP}. */
    public static final int DISCRIMINATOR_BATCH_NORM_BATCHES_PER_STEP = 3;

    /** Device memory a resident dataset must leave free (other processes, the allocator). */
    private static final long RESIDENCY_RESERVE = 64L << 20;
    /** Pinned buffer the dataset upload goes through, a chunk at a time. */
    private static final long STAGING_BYTES = 16L << 20;

    /** Where a step's real images come from. */
    private enum Source { HOST_BATCH, RESIDENT }

    /** A dataset held on the device as uint8 [count, C, S, S], and the buffer holding it. */
    private record ResidentDataset(ImageDataset source, Tensor images, Buffer buffer) {
    }

    private static final float REAL_LABEL = 1f;
    private static final float FAKE_LABEL = 0f;

    private final Backend backend;
    private final Architecture arch;
    private final int batch;
    private final AdamParams adam;
    private final boolean captureGraph;
    private final boolean captureRequested;
    private final long seed;
    private Rng rng;
    private final float[] fixedNoise;
    /** This step's z, drawn on the host; sized for the planned batch. */
    private final float[] stepNoise;
    private final List<AutoCloseable> owned = new ArrayList<>();
    private final Network generator;
    private final Network discriminator;
    private final Buffer workspace;
    private final Tensor realDevice;
    private final Tensor noiseDevice;
    private final Tensor probabilities;
    private final Tensor scalarsDevice;
    private final Tensor realHost;
    private final Tensor noiseHost;
    private final Tensor scalarsHost;
    private final Tensor indicesDevice;
    private final Tensor indicesHost;
    private float[] hostBatch;
    private ResidentDataset resident;
    private ImageDataset keptOnHost;
    private Profile profile;
    private final Tensor nonfiniteCount;
    private CapturedGraph graph;
    private CapturedGraph residentGraph;
    private long iteration;
    private boolean closed;

    private Trainer(Backend backend, Architecture arch, int batch, AdamParams adam, long seed,
                    boolean captureGraph) {
        this.backend = backend;
        this.arch = arch;
        this.batch = batch;
        this.adam = adam;
        this.captureGraph = captureGraph && backend.supportsGraphCapture();
        this.captureRequested = captureGraph;
        this.seed = seed;
        this.rng = Rng.seeded(seed);
        try {
            generator = own(new Network("G", backend, arch.generator()));
            discriminator = own(new Network("D", backend, arch.discriminator()));
            // RNG order as main.py: G's weights, D's weights, the fixed noise, then steps.
            generator.initialise(Initialisation.draw(generator, rng));
            discriminator.initialise(Initialisation.draw(discriminator, rng));
            fixedNoise = new float[batch * arch.nz()];
            stepNoise = new float[batch * arch.nz()];
            rng.fillGaussian(fixedNoise, 0, fixedNoise.length, 0, 1);

            generator.plan(batch);
            discriminator.plan(batch);
            long ws = workspaceBytes(arch, batch, backend);
            workspace = ws == 0 ? null : own(backend.allocate(ws, "workspace"));

            Shape image = imageShape(batch);
            Shape noise = new Shape(batch, arch.nz(), 1, 1);
            realDevice = Tensor.of(own(backend.allocate(image.numel() * 4, "real images")), image);
            noiseDevice = Tensor.of(own(backend.allocate(noise.numel() * 4, "noise")), noise);
            probabilities = Tensor.of(own(backend.allocate(batch * 4L, "D probabilities")),
                    new Shape(batch));
            scalarsDevice = Tensor.of(own(backend.allocate(SCALARS * 4, "reported scalars")),
                    new Shape(SCALARS));
            realHost = Tensor.of(own(backend.allocateHost(image.numel() * 4, "real images (host)")),
                    image);
            noiseHost = Tensor.of(own(backend.allocateHost(noise.numel() * 4, "noise (host)")),
                    noise);
            scalarsHost = Tensor.of(own(backend.allocateHost(SCALARS * 4, "scalars (host)")),
                    new Shape(SCALARS));
            indicesDevice = Tensor.of(own(backend.allocate(batch * 4L, "batch indices")),
                    DType.I32, new Shape(batch));
            indicesHost = Tensor.of(own(backend.allocateHost(batch * 4L,
                    "batch indices (host)")), DType.I32, new Shape(batch));
            nonfiniteCount = Tensor.of(own(backend.allocate(4, "non-finite count")), DType.I32,
                    new Shape(1));
            backend.synchronize();
        } catch (RuntimeException e) {
            closeOwned();
            throw e;
        }
    }

    /**
     * Plans and initialises a run of {@code config} on {@code backend} (which the caller keeps
     * and closes after the trainer).
     *
     * @throws PanaganException OUT_OF_MEMORY, naming a batch size that fits, when the backend
     *                          has too little memory; or whatever the backend reports
     */
    public static Trainer open(TrainConfig config, Backend backend) {
        return open(config.model().architecture(), config.batchSize(), config.adam(),
                config.seed(), config.captureGraph(), backend);
    }

    /** As {@link #open(TrainConfig, Backend)} for any architecture the builder accepts. */
    static Trainer open(Architecture arch, int batch, AdamParams adam, long seed,
                        boolean captureGraph, Backend backend) {
        checkMemory(arch, batch, backend);
        long start = System.nanoTime();
        Trainer trainer = new Trainer(backend, arch, batch, adam, seed, captureGraph);
        LOG.log(System.Logger.Level.INFO, () -> String.format(Locale.ROOT,
                "trainer ready on %s: %s, batch %d, G %d and D %d parameters, %.1f MiB planned,"
                        + " graph %s, %.0f ms", backend.kind().id(), arch, batch,
                trainer.generator.parameterCount(), trainer.discriminator.parameterCount(),
                bytesNeeded(arch, batch, backend) / 1048576.0,
                trainer.captureGraph ? "on" : "off", (System.nanoTime() - start) / 1e6));
        return trainer;
    }

    /**
     * Opens a trainer that continues {@code state} exactly: the same settings, parameters,
     * running statistics, Adam moments and steps, random stream, fixed noise and iteration
     * count. On a deterministic backend (cpu, sim) the steps after a resume give the bits an
     * uninterrupted run gives. The caller keeps and closes {@code backend}.
     *
     * @throws PanaganException         as {@link #open(TrainConfig, Backend)}
     * @throws IllegalArgumentException when a network's tensors do not fit the architecture
     */
    public static Trainer resume(TrainingState state, Backend backend) {
        Trainer trainer = open(state.architecture(), state.batchSize(), state.adam(),
                state.seed(), state.captureGraph(), backend);
        try {
            restore(trainer.generator, state.generator());
            restore(trainer.discriminator, state.discriminator());
            trainer.rng = Rng.fromState(state.rngState());
            System.arraycopy(state.fixedNoise(), 0, trainer.fixedNoise, 0,
                    trainer.fixedNoise.length);
            trainer.iteration = state.iteration();
            backend.synchronize();
        } catch (RuntimeException e) {
            trainer.close();
            throw e;
        }
        LOG.log(System.Logger.Level.INFO, () -> "trainer resumed at iteration "
                + state.iteration());
        return trainer;
    }

    private static void restore(Network net, TrainingState.NetworkState s) {
        if (s.parameters().length != net.parameterCount()
                || s.runningStatistics().length != net.stateCount()) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "the state's %s has %d parameters and %d running statistics; the"
                            + " architecture's has %d and %d", net.name(), s.parameters().length,
                    s.runningStatistics().length, net.parameterCount(), net.stateCount()));
        }
        net.uploadParameters(s.parameters());
        net.uploadRunningStatistics(s.runningStatistics());
        net.uploadOptimizerState(s.expAvg(), s.expAvgSq(), s.adamStep());
    }

    /**
     * Bytes a run needs at {@code batch}: both networks (parameters, gradients, moments,
     * statistics, activations), the workspace, and the batch buffers.
     */
    public static long bytesNeeded(Architecture arch, int batch, Backend backend) {
        long networks = Network.bytesNeeded(arch.generator(), batch)
                + Network.bytesNeeded(arch.discriminator(), batch);
        long io = 4L * batch * (arch.nc() * (long) arch.imageSize() * arch.imageSize()
                + arch.nz() + 1) + 4 * SCALARS;
        return networks + io + workspaceBytes(arch, batch, backend);
    }

    private static long workspaceBytes(Architecture arch, int batch, Backend backend) {
        return Math.max(Network.workspaceBytes(backend, arch.generator(), batch),
                Network.workspaceBytes(backend, arch.discriminator(), batch));
    }

    private static void checkMemory(Architecture arch, int batch, Backend backend) {
        long need = bytesNeeded(arch, batch, backend);
        long free = backend.memoryInfo().freeBytes();
        if (need <= free) {
            return;
        }
        int fits = 0;
        for (int lo = 1, hi = batch - 1; lo <= hi; ) {
            int mid = (lo + hi) >>> 1;
            if (bytesNeeded(arch, mid, backend) <= free) {
                fits = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        String hint = fits >= 2 ? "batch size " + fits + " would fit"
                : "no batch size of 2 or more fits; use a smaller model or a larger device";
        throw new PanaganException("plan training memory", PanaganException.OUT_OF_MEMORY,
                String.format(Locale.ROOT,
                        "batch size %d needs %.1f MiB but the %s backend has %.1f MiB free; %s",
                        batch, need / 1048576.0, backend.kind().id(), free / 1048576.0, hint));
    }

    private <T extends AutoCloseable> T own(T resource) {
        owned.add(resource);
        return resource;
    }

    private Shape imageShape(int n) {
        return new Shape(n, arch.nc(), arch.imageSize(), arch.imageSize());
    }

    // ---------------------------------------------------------------------------------------
    // Training
    // ---------------------------------------------------------------------------------------

    /**
     * One iteration on {@code n} real images, {@code images} holding n x nc x S x S floats in
     * [-1, 1], NCHW; n is the planned batch size or less.
     */
    public StepReport step(float[] images, int n) {
        ensureOpen();
        checkBatch(n);
        long expected = imageShape(n).numel();
        if (images.length < expected) {
            throw new IllegalArgumentException("images has " + images.length
                    + " floats; a batch of " + n + " needs " + expected);
        }
        long start = System.nanoTime();
        MemorySegment.copy(images, 0, realHost.segment(), ValueLayout.JAVA_FLOAT, 0,
                Math.toIntExact(expected));
        return run(n, Source.HOST_BATCH, start);
    }

    /**
     * One iteration on images {@code order[from]} .. {@code order[from + n - 1]} of
     * {@code data}. On a device backend the whole dataset is uploaded once, as bytes, when it
     * fits in the memory the plan left free; each step then sends only its n indices and the
     * device converts the batch (panagan_gather_images_u8). Otherwise, and on the cpu backend,
     * the batch is converted on the host and goes the way of {@link #step(float[], int)}. Both
     * ways give the same bits.
     */
    public StepReport step(ImageDataset data, int[] order, int from, int n) {
        ensureOpen();
        checkBatch(n);
        if (data.channels() != arch.nc() || data.imageSize() != arch.imageSize()) {
            throw new IllegalArgumentException("the dataset holds " + data.channels() + " x "
                    + data.imageSize() + " x " + data.imageSize() + " images; this model takes "
                    + arch.nc() + " x " + arch.imageSize() + " x " + arch.imageSize());
        }
        if (!holdsOnDevice(data)) {
            if (hostBatch == null) {
                hostBatch = new float[Math.toIntExact(imageShape(batch).numel())];
            }
            data.copyBatch(order, from, n, hostBatch);
            return step(hostBatch, n);
        }
        if (from < 0 || from + n > order.length) {
            throw new IllegalArgumentException("order[" + from + " .. " + (from + n - 1)
                    + "] is outside the order's " + order.length + " entries");
        }
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            int index = order[from + i];
            if (index < 0 || index >= data.count()) {
                throw new IllegalArgumentException("order[" + (from + i) + "] = " + index
                        + " is outside the dataset's " + data.count() + " images");
            }
            indicesHost.segment().setAtIndex(ValueLayout.JAVA_INT, i, index);
        }
        return run(n, Source.RESIDENT, start);
    }

    /** True once {@code data} lives on this trainer's device (after its first step there). */
    public boolean holdsOnDevice(ImageDataset data) {
        if (resident != null && resident.source() == data) {
            return true;
        }
        if (data == keptOnHost) {
            return false;
        }
        String why = residencyRefusal(data);
        if (why != null) {
            keptOnHost = data;
            LOG.log(System.Logger.Level.INFO, "dataset kept on the host, batches uploaded each "
                    + "step: " + why);
            return false;
        }
        upload(data);
        return true;
    }

    /** Why {@code data} cannot live on the device, or null when it can. */
    private String residencyRefusal(ImageDataset data) {
        if (backend.kind() == BackendKind.CPU) {
            return "the cpu backend computes in host memory";
        }
        if (data.pixels().isEmpty()) {
            return "the dataset has no stored bytes to upload";
        }
        long bytes = data.pixels().get().byteSize();
        long free = backend.memoryInfo().freeBytes();
        if (bytes > free - RESIDENCY_RESERVE) {
            return String.format(Locale.ROOT, "its %.1f MiB do not fit beside the plan (%.1f MiB"
                    + " free, %d MiB kept in reserve)", bytes / 1048576.0, free / 1048576.0,
                    RESIDENCY_RESERVE >> 20);
        }
        return null;
    }

    /** Copies {@code data}'s bytes to the device through a pinned staging buffer. */
    private void upload(ImageDataset data) {
        dropResident();
        MemorySegment pixels = data.pixels().orElseThrow();
        int count = data.count();
        long imageBytes = pixels.byteSize() / count;
        Shape all = new Shape(count, arch.nc(), arch.imageSize(), arch.imageSize());
        Buffer device = backend.allocate(pixels.byteSize(), "dataset (uint8)");
        int perChunk = (int) Math.max(1, Math.min(count, STAGING_BYTES / imageBytes));
        try (Buffer staging = backend.allocateHost(perChunk * imageBytes, "dataset staging")) {
            Tensor images = Tensor.of(device, DType.U8, all);
            for (int first = 0; first < count; first += perChunk) {
                int k = Math.min(perChunk, count - first);
                MemorySegment.copy(pixels, first * imageBytes, staging.segment(), 0,
                        k * imageBytes);
                backend.copyAsync(Tensor.of(staging, DType.U8, all.withBatch(k)),
                        images.slice(first * imageBytes, all.withBatch(k)));
                backend.synchronize();
            }
            resident = new ResidentDataset(data, images, device);
        } catch (RuntimeException e) {
            device.close();
            throw e;
        }
        LOG.log(System.Logger.Level.INFO, () -> String.format(Locale.ROOT, "dataset on the "
                + "device: %d images, %.1f MiB", count, pixels.byteSize() / 1048576.0));
    }

    private void dropResident() {
        if (resident != null) {
            resident.buffer().close();
            resident = null;
            if (residentGraph != null) {
                residentGraph.close();
                owned.remove(residentGraph);
                residentGraph = null;
            }
        }
    }

    private void checkBatch(int n) {
        if (n < 1 || n > batch) {
            throw new IllegalArgumentException("n = " + n + " is out of range; allowed: 1 to "
                    + batch + " (the planned batch size)");
        }
    }

    /** This step's noise, then the iteration (replayed from a graph when it can be). */
    private StepReport run(int n, Source source, long start) {
        int values = n * arch.nz();
        rng.fillGaussian(stepNoise, 0, values, 0, 1);
        MemorySegment.copy(stepNoise, 0, noiseHost.segment(), ValueLayout.JAVA_FLOAT, 0, values);

        if (captureGraph && n == batch && profile == null) {
            if (source == Source.RESIDENT) {
                if (residentGraph == null) {
                    residentGraph = own(backend.capture(() -> enqueueIteration(n, source)));
                }
                residentGraph.launch();
            } else {
                if (graph == null) {
                    graph = own(backend.capture(() -> enqueueIteration(n, source)));
                }
                graph.launch();
            }
        } else {
            enqueueIteration(n, source);
        }
        backend.synchronize();
        float[] s = scalarsHost.segment().toArray(ValueLayout.JAVA_FLOAT);
        iteration++;
        if (profile != null) {
            profile.iterationDone();
        }
        return new StepReport(iteration, n, s[ERR_D_REAL] + s[ERR_D_FAKE], s[ERR_G], s[D_X],
                s[D_G_Z1], s[D_G_Z2], s[ERR_D_REAL], s[ERR_D_FAKE], System.nanoTime() - start);
    }

    /** Steps 1-7 of the class comment, enqueued; reads only device and pinned memory. */
    private void enqueueIteration(int n, Source source) {
        Tensor real = realDevice.firstBatch(n);
        Tensor z = noiseDevice.firstBatch(n);
        long t = tick();
        if (source == Source.RESIDENT) {
            Tensor indices = indicesDevice.firstBatch(n);
            backend.copyAsync(indicesHost.firstBatch(n), indices);
            backend.gatherImages(resident.images(), indices, real);
        } else {
            backend.copyAsync(realHost.firstBatch(n), real);
        }
        backend.copyAsync(noiseHost.firstBatch(n), z);
        t = tock("batch in (images, noise)", t);

        // D on the real batch, label 1: D's gradients overwritten.
        discriminator.forward(real, Network.Mode.TRAIN, workspace);
        lossAndGradient(n, REAL_LABEL, ERR_D_REAL, D_X);
        t = tock("D on real: forward, loss", t);
        discriminator.backward(real, true, false, null, workspace);
        t = tock("D on real: backward", t);

        // G makes the fake batch.
        generator.forward(z, Network.Mode.TRAIN, workspace);
        Tensor fake = generator.output(n);
        t = tock("G forward", t);

        // D on the detached fake batch, label 0: added to D's gradients.
        discriminator.forward(fake, Network.Mode.TRAIN, workspace);
        lossAndGradient(n, FAKE_LABEL, ERR_D_FAKE, D_G_Z1);
        t = tock("D on fake: forward, loss", t);
        discriminator.backward(fake, true, true, null, workspace);
        t = tock("D on fake: backward", t);

        // D's Adam step.
        discriminator.adamStep(adam);
        t = tock("Adam on D", t);

        // The updated D on the same fake batch, label 1, back through D into the images.
        discriminator.forward(fake, Network.Mode.TRAIN, workspace);
        lossAndGradient(n, REAL_LABEL, ERR_G, D_G_Z2);
        t = tock("D again: forward, loss", t);
        discriminator.backward(fake, false, false, generator.outputGradient(n), workspace);
        t = tock("D again: backward into the images", t);

        // Through G into G's gradients, then G's Adam step.
        generator.backward(z, true, false, null, workspace);
        t = tock("G backward", t);
        generator.adamStep(adam);
        tock("Adam on G", t);

        // The six scalars to pinned memory; the host reads them after one wait.
        backend.copyAsync(scalarsDevice, scalarsHost);
    }

    /** When profiling, waits for the work so far and returns the time; else 0 at no cost. */
    private long tick() {
        return profile == null ? 0 : profile.start();
    }

    /** When profiling, adds the time since {@code t0} to a phase; returns a new tick. */
    private long tock(String phase, long t0) {
        return profile == null ? 0 : profile.addPhase(phase, t0);
    }

    /**
     * Times every later step per phase and per layer (see {@link Profile}); those steps run
     * without the CUDA graph, since a graph cannot be timed inside. Returns the profile.
     */
    public Profile startProfiling() {
        ensureOpen();
        profile = new Profile(backend);
        generator.profileInto(profile);
        discriminator.profileInto(profile);
        return profile;
    }

    /** BCE of D's logits against label into one scalar slot, mean sigmoid into another. */
    private void lossAndGradient(int n, float label, int lossSlot, int probabilitySlot) {
        Tensor logits = discriminator.output(n).reshape(new Shape(n));
        Tensor p = probabilities.firstBatch(n);
        backend.bceWithLogitsForward(logits, scalarsDevice.slice(lossSlot, new Shape(1)), label);
        backend.activationForward(Activation.SIGMOID, logits, p, 0f);
        backend.mean(p, scalarsDevice.slice(probabilitySlot, new Shape(1)));
        backend.bceWithLogitsBackward(logits,
                discriminator.outputGradient(n).reshape(new Shape(n)), label, 1f);
    }

    // ---------------------------------------------------------------------------------------
    // Sampling
    // ---------------------------------------------------------------------------------------

    /**
     * Images from the generator for {@code n} latent vectors ({@code z}: n x nz floats), in
     * chunks of up to the planned batch size; returns n x nc x S x S floats in [-1, 1]. Running
     * statistics are never changed; {@code mode} says which statistics batch-norm uses.
     */
    public float[] generate(float[] z, int n, SampleMode mode) {
        ensureOpen();
        if (n < 1 || (long) n * arch.nz() > z.length) {
            throw new IllegalArgumentException("n = " + n + " needs " + (long) n * arch.nz()
                    + " floats of z; got " + z.length);
        }
        int per = arch.nc() * arch.imageSize() * arch.imageSize();
        float[] out = new float[Math.multiplyExact(n, per)];
        Network.Mode bn = mode == SampleMode.RUNNING_STATISTICS
                ? Network.Mode.RUNNING_STATISTICS : Network.Mode.BATCH_STATISTICS;
        for (int from = 0; from < n; from += batch) {
            int m = Math.min(batch, n - from);
            float[] chunk = Arrays.copyOfRange(z, from * arch.nz(),
                    (from + m) * arch.nz());
            Tensor zm = noiseDevice.firstBatch(m);
            backend.upload(chunk, zm);
            generator.forward(zm, bn, workspace);
            float[] images = new float[m * per];
            backend.download(generator.output(m), images);
            System.arraycopy(images, 0, out, from * per, images.length);
        }
        return out;
    }

    /** The fixed noise drawn at the start of the run (batch x nz floats), as main.py keeps. */
    public float[] fixedNoise() {
        return fixedNoise.clone();
    }

    // ---------------------------------------------------------------------------------------
    // State
    // ---------------------------------------------------------------------------------------

    public Network generator() {
        return generator;
    }

    public Network discriminator() {
        return discriminator;
    }

    public Architecture architecture() {
        return arch;
    }

    public int batchSize() {
        return batch;
    }

    /**
     * Everything needed to continue this run ({@link #resume}), downloaded after the work
     * enqueued so far.
     */
    public TrainingState exportState() {
        ensureOpen();
        return new TrainingState(arch, batch, adam, seed, captureRequested, iteration,
                rng.state(), fixedNoise.clone(), networkState(generator),
                networkState(discriminator));
    }

    private static TrainingState.NetworkState networkState(Network net) {
        return new TrainingState.NetworkState(net.downloadParameters(),
                net.downloadRunningStatistics(), net.downloadExpAvg(), net.downloadExpAvgSq(),
                net.downloadStep());
    }

    /**
     * The first parameter tensor, G's then D's in PyTorch state_dict order, that holds a NaN or
     * an infinity, e.g. {@code netD main.2.weight (3 of 2048 values not finite)}; empty when
     * every parameter is finite. Costs one count per network where the parameters live (and a
     * four-byte read-back); a network's parameters are downloaded only when its count is not
     * zero, to name the tensor.
     */
    public Optional<String> firstNonfiniteParameter() {
        ensureOpen();
        for (Network net : List.of(generator, discriminator)) {
            backend.countNonfinite(net.parametersTensor(), nonfiniteCount);
            int[] count = new int[1];
            backend.download(nonfiniteCount, count);
            if (count[0] != 0) {
                return Optional.of(locate(net, net.downloadParameters()));
            }
        }
        return Optional.empty();
    }

    /** Names the first tensor of {@code net} with a value that is not finite. */
    private static String locate(Network net, float[] values) {
        for (ParameterEntry e : net.parameters()) {
            int from = Math.toIntExact(e.offset());
            int to = from + Math.toIntExact(e.shape().numel());
            int bad = 0;
            for (int i = from; i < to; i++) {
                bad += Float.isFinite(values[i]) ? 0 : 1;
            }
            if (bad > 0) {
                return String.format(Locale.ROOT, "net%s %s (%d of %d values not finite)",
                        net.name(), e.name(), bad, to - from);
            }
        }
        // The count saw what the download no longer shows: only a racing writer could do that.
        return "net" + net.name() + " (a value not finite)";
    }

    /** Iterations run so far. */
    public long iteration() {
        return iteration;
    }

    /** The random stream's state now (the next step's noise comes from it). */
    public long rngState() {
        return rng.state();
    }

    public Backend backend() {
        return backend;
    }

    /** Frees every buffer and the graph; the backend stays open. A second call does nothing. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        dropResident();
        closeOwned();
    }

    private void closeOwned() {
        RuntimeException first = null;
        for (int i = owned.size() - 1; i >= 0; i--) {
            try {
                owned.get(i).close();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            } catch (Exception e) {
                first = first == null ? new IllegalStateException(e) : first;
            }
        }
        owned.clear();
        if (first != null) {
            throw first;
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("trainer used after close()");
        }
    }
}
