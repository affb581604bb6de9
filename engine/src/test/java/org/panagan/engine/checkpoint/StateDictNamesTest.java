package org.panagan.engine.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.panagan.engine.checkpoint.Safetensors.NamedTensor;
import org.panagan.engine.dcgan.Architecture;
import org.panagan.engine.dcgan.ModelConfig;
import org.panagan.engine.nn.LayerSpec;
import org.panagan.engine.nn.Network;

/**
 * The tensors we write are pytorch/examples' netG and netD state_dicts: the keys, in order, and
 * shapes written out by hand from main.py's Sequential (nz 100, ngf 64, ndf 64, nc 3), so
 * {@code load_state_dict} takes our files and we take PyTorch's.
 */
class StateDictNamesTest {

    /** main.py's netG at 64x64: ConvT 0, BN 1, ReLU 2, ConvT 3, ..., ConvT 12, Tanh 13. */
    private static final List<String> NET_G_64 = List.of(
            "main.0.weight [100, 512, 4, 4]",
            "main.1.weight [512]", "main.1.bias [512]", "main.1.running_mean [512]",
            "main.1.running_var [512]", "main.1.num_batches_tracked []",
            "main.3.weight [512, 256, 4, 4]",
            "main.4.weight [256]", "main.4.bias [256]", "main.4.running_mean [256]",
            "main.4.running_var [256]", "main.4.num_batches_tracked []",
            "main.6.weight [256, 128, 4, 4]",
            "main.7.weight [128]", "main.7.bias [128]", "main.7.running_mean [128]",
            "main.7.running_var [128]", "main.7.num_batches_tracked []",
            "main.9.weight [128, 64, 4, 4]",
            "main.10.weight [64]", "main.10.bias [64]", "main.10.running_mean [64]",
            "main.10.running_var [64]", "main.10.num_batches_tracked []",
            "main.12.weight [64, 3, 4, 4]");

    /** main.py's netD at 64x64: Conv 0, LReLU 1, Conv 2, BN 3, LReLU 4, ..., Conv 11, Sigmoid. */
    private static final List<String> NET_D_64 = List.of(
            "main.0.weight [64, 3, 4, 4]",
            "main.2.weight [128, 64, 4, 4]",
            "main.3.weight [128]", "main.3.bias [128]", "main.3.running_mean [128]",
            "main.3.running_var [128]", "main.3.num_batches_tracked []",
            "main.5.weight [256, 128, 4, 4]",
            "main.6.weight [256]", "main.6.bias [256]", "main.6.running_mean [256]",
            "main.6.running_var [256]", "main.6.num_batches_tracked []",
            "main.8.weight [512, 256, 4, 4]",
            "main.9.weight [512]", "main.9.bias [512]", "main.9.running_mean [512]",
            "main.9.running_var [512]", "main.9.num_batches_tracked []",
            "main.11.weight [1, 512, 4, 4]");

    /** The same layout at 32x32 (one block fewer). */
    private static final List<String> NET_G_32 = List.of(
            "main.0.weight [100, 256, 4, 4]",
            "main.1.weight [256]", "main.1.bias [256]", "main.1.running_mean [256]",
            "main.1.running_var [256]", "main.1.num_batches_tracked []",
            "main.3.weight [256, 128, 4, 4]",
            "main.4.weight [128]", "main.4.bias [128]", "main.4.running_mean [128]",
            "main.4.running_var [128]", "main.4.num_batches_tracked []",
            "main.6.weight [128, 64, 4, 4]",
            "main.7.weight [64]", "main.7.bias [64]", "main.7.running_mean [64]",
            "main.7.running_var [64]", "main.7.num_batches_tracked []",
            "main.9.weight [64, 3, 4, 4]");

    private static final List<String> NET_D_32 = List.of(
            "main.0.weight [64, 3, 4, 4]",
            "main.2.weight [128, 64, 4, 4]",
            "main.3.weight [128]", "main.3.bias [128]", "main.3.running_mean [128]",
            "main.3.running_var [128]", "main.3.num_batches_tracked []",
            "main.5.weight [256, 128, 4, 4]",
            "main.6.weight [256]", "main.6.bias [256]", "main.6.running_mean [256]",
            "main.6.running_var [256]", "main.6.num_batches_tracked []",
            "main.8.weight [1, 256, 4, 4]");

    /** And at 128x128 (one block more): 1024 channels next to z, 16 x ndf before the logits. */
    private static final List<String> NET_G_128 = List.of(
            "main.0.weight [100, 1024, 4, 4]",
            "main.1.weight [1024]", "main.1.bias [1024]", "main.1.running_mean [1024]",
            "main.1.running_var [1024]", "main.1.num_batches_tracked []",
            "main.3.weight [1024, 512, 4, 4]",
            "main.4.weight [512]", "main.4.bias [512]", "main.4.running_mean [512]",
            "main.4.running_var [512]", "main.4.num_batches_tracked []",
            "main.6.weight [512, 256, 4, 4]",
            "main.7.weight [256]", "main.7.bias [256]", "main.7.running_mean [256]",
            "main.7.running_var [256]", "main.7.num_batches_tracked []",
            "main.9.weight [256, 128, 4, 4]",
            "main.10.weight [128]", "main.10.bias [128]", "main.10.running_mean [128]",
            "main.10.running_var [128]", "main.10.num_batches_tracked []",
            "main.12.weight [128, 64, 4, 4]",
            "main.13.weight [64]", "main.13.bias [64]", "main.13.running_mean [64]",
            "main.13.running_var [64]", "main.13.num_batches_tracked []",
            "main.15.weight [64, 3, 4, 4]");

    private static final List<String> NET_D_128 = List.of(
            "main.0.weight [64, 3, 4, 4]",
            "main.2.weight [128, 64, 4, 4]",
            "main.3.weight [128]", "main.3.bias [128]", "main.3.running_mean [128]",
            "main.3.running_var [128]", "main.3.num_batches_tracked []",
            "main.5.weight [256, 128, 4, 4]",
            "main.6.weight [256]", "main.6.bias [256]", "main.6.running_mean [256]",
            "main.6.running_var [256]", "main.6.num_batches_tracked []",
            "main.8.weight [512, 256, 4, 4]",
            "main.9.weight [512]", "main.9.bias [512]", "main.9.running_mean [512]",
            "main.9.running_var [512]", "main.9.num_batches_tracked []",
            "main.11.weight [1024, 512, 4, 4]",
            "main.12.weight [1024]", "main.12.bias [1024]", "main.12.running_mean [1024]",
            "main.12.running_var [1024]", "main.12.num_batches_tracked []",
            "main.14.weight [1, 1024, 4, 4]");

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("netG 64x64", true, 64, NET_G_64),
                Arguments.of("netD 64x64", false, 64, NET_D_64),
                Arguments.of("netG 32x32", true, 32, NET_G_32),
                Arguments.of("netD 32x32", false, 32, NET_D_32),
                Arguments.of("netG 128x128", true, 128, NET_G_128),
                Arguments.of("netD 128x128", false, 128, NET_D_128));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void keysAndShapesAreThoseOfMainPy(String name, boolean generator, int imageSize,
                                       List<String> expected) {
        Architecture arch = ModelConfig.reference(imageSize).architecture();
        List<LayerSpec> layers = generator ? arch.generator() : arch.discriminator();
        float[] params = new float[(int) Network.end(Network.parameterLayout(layers))];
        float[] running = new float[(int) Network.end(Network.stateLayout(layers))];
        List<String> got = new ArrayList<>();
        for (NamedTensor t : StateDicts.stateDict(layers, params, running, 0)) {
            got.add(t.name() + " " + Arrays.toString(t.shape()));
        }
        assertEquals(expected, got, name);
    }
}
