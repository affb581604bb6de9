package org.panagan.engine.dcgan;

import org.panagan.engine.Checks;

/**
 * The DCGAN a user asks for, as pytorch/examples' main.py takes it.
 *
 * @param nz        length of the latent vector z, 1 to 4096 (main.py: 100)
 * @param ngf       generator feature maps at the last block, 1 to 1024 (main.py: 64)
 * @param ndf       discriminator feature maps at the first block, 1 to 1024 (main.py: 64)
 * @param nc        image channels, 1 to 4 (1 grayscale, 3 colour)
 * @param imageSize image height = width: 32, 64 or 128 (one block per doubling)
 */
public record ModelConfig(int nz, int ngf, int ndf, int nc, int imageSize) {

    public ModelConfig {
        Checks.inRange("nz", nz, 1, 4096);
        Checks.inRange("ngf", ngf, 1, 1024);
        Checks.inRange("ndf", ndf, 1, 1024);
        Checks.inRange("nc", nc, 1, 4);
        if (imageSize != 32 && imageSize != 64 && imageSize != 128) {
            throw new IllegalArgumentException("imageSize = " + imageSize
                    + " is not supported; allowed: 32, 64, 128");
        }
    }

    /** main.py's defaults for colour images of the given size. */
    public static ModelConfig reference(int imageSize) {
        return new ModelConfig(100, 64, 64, 3, imageSize);
    }

    /** The networks this configuration builds. */
    public Architecture architecture() {
        return new Architecture(nz, ngf, ndf, nc, imageSize);
    }
}
