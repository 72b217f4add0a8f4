package io.cnnzoo.zoo.resnet;

/**
 * How a residual block's shortcut matches shapes where the stage changes (He et al. 2016, Sec. 3.3).
 * Elsewhere the shortcut is the identity under both options.
 */
public enum Shortcut {
    /** Identity, with stride-2 subsampling and zero-padded extra channels: no parameters. */
    A,
    /** A 1x1 convolution with stride 2 and batch normalisation (torchvision's {@code downsample}). */
    B
}
