package io.cnnzoo.zoo.resnet;

import io.cnnzoo.zoo.layers.Layers;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;

/**
 * The two-layer basic block of He et al. 2016 (Fig. 2 and Fig. 5 left): conv3x3-BN-ReLU-conv3x3-BN,
 * plus the shortcut, then ReLU. Its plain twin drops the shortcut and keeps every layer.
 *
 * <p>Vertex names follow torchvision's {@code BasicBlock}: {@code <name>.conv1}, {@code .bn1}, {@code .relu1},
 * {@code .conv2}, {@code .bn2}, {@code .downsample.0}/{@code .downsample.1} for a projection, then
 * {@code .add} and {@code .relu} (the block's output).
 */
final class BasicBlock implements ResidualBlock {

    private final boolean residual;
    private final Shortcut shortcut;

    /**
     * @param residual false for the plain twin (no shortcut at all)
     * @param shortcut how the shortcut matches shapes where the stage changes
     */
    BasicBlock(boolean residual, Shortcut shortcut) {
        this.residual = residual;
        this.shortcut = shortcut;
    }

    @Override
    public int outChannels(int planes) {
        return planes;
    }

    @Override
    public String outputVertex(String name) {
        return name + ".relu";
    }

    @Override
    public String add(GraphBuilder graph, Position at) {
        String name = at.name();
        String input = at.input();
        int channels = at.planes();
        int stride = at.stride();
        graph.addLayer(name + ".conv1", Layers.conv3x3(channels, stride), input);
        graph.addLayer(name + ".bn1", Layers.batchNorm(), name + ".conv1");
        graph.addLayer(name + ".relu1", Layers.relu(), name + ".bn1");
        graph.addLayer(name + ".conv2", Layers.conv3x3(channels, 1), name + ".relu1");
        graph.addLayer(name + ".bn2", Layers.batchNorm(), name + ".conv2");
        String beforeRelu = name + ".bn2";
        if (residual) {
            String identity = shortcut(graph, name, input, at.inChannels(), channels, stride, shortcut);
            graph.addVertex(name + ".add", new ElementWiseVertex(ElementWiseVertex.Op.Add), name + ".bn2", identity);
            beforeRelu = name + ".add";
        }
        graph.addLayer(outputVertex(name), Layers.relu(), beforeRelu);
        return outputVertex(name);
    }

    /**
     * The shortcut branch; the identity (no vertex at all) where the shape does not change, as in
     * torchvision's {@code _make_layer}. Shared with {@link Bottleneck}.
     */
    static String shortcut(GraphBuilder graph, String name, String input, int inChannels, int channels,
                           int stride, Shortcut shortcut) {
        if (stride == 1 && inChannels == channels) {
            return input;
        }
        String downsample = name + ".downsample";
        if (shortcut == Shortcut.B) {
            graph.addLayer(downsample + ".0", Layers.conv1x1(channels, stride), input);
            graph.addLayer(downsample + ".1", Layers.batchNorm(), downsample + ".0");
            return downsample + ".1";
        }
        return zeroPaddedIdentity(graph, downsample, input, inChannels, channels, stride);
    }

    /**
     * Option A: x[:, :, ::stride, ::stride] followed by as many zero channels (torch's
     * {@code F.pad(x, (0, 0, 0, 0, 0, C))}). The zeros are the subsampled map scaled by 0, so the
     * shortcut is made of DL4J's stock vertices only and has no parameters. (DL4J M2.1's SubsetVertex
     * infers a wrong channel count for CNN input, which rules out padding half on each side.)
     */
    private static String zeroPaddedIdentity(GraphBuilder graph, String downsample, String input, int inChannels,
                                             int channels, int stride) {
        if (channels != inChannels && channels != 2 * inChannels) {
            throw new IllegalArgumentException("option A shortcut pads " + inChannels + " channels to twice as many,"
                    + " but the block has " + channels + "; use Shortcut.B for other widths");
        }
        String subsampled = input;
        if (stride > 1) {
            subsampled = downsample + ".0";
            graph.addLayer(subsampled, Layers.subsample(stride), input);
        }
        if (channels == inChannels) {
            return subsampled;
        }
        graph.addVertex(downsample + ".zeros", new ScaleVertex(0.0), subsampled);
        graph.addVertex(downsample, new MergeVertex(), subsampled, downsample + ".zeros");
        return downsample;
    }
}
