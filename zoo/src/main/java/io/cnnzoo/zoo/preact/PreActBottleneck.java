package io.cnnzoo.zoo.preact;

import io.cnnzoo.zoo.layers.Layers;
import io.cnnzoo.zoo.resnet.ResidualBlock;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;

/**
 * The pre-activation bottleneck unit of He et al. 2016 ("Identity Mappings", Fig. 4(e), used for
 * ResNet-164 and -1001): BN-ReLU-conv1x1, BN-ReLU-conv3x3, BN-ReLU-conv1x1 to {@link #EXPANSION} times the
 * inner width, plus the shortcut, with no ReLU after the addition.
 *
 * <p>As in the authors' code ({@code resnet-pre-act.lua}), a downsampling unit strides its first 1x1
 * convolution, not the 3x3 (torchvision's post-activation Bottleneck strides the 3x3); the parameters are
 * the same either way.
 *
 * <p>Vertex names: {@code <name>.bn1}, {@code .relu1}, {@code .conv1}, {@code .bn2}, {@code .relu2},
 * {@code .conv2}, {@code .bn3}, {@code .relu3}, {@code .conv3}, {@code .shortcut} (where the shape
 * changes) and {@code <name>}, the addition.
 */
final class PreActBottleneck implements ResidualBlock {

    /** Output channels per inner channel. */
    static final int EXPANSION = 4;

    @Override
    public int outChannels(int planes) {
        return planes * EXPANSION;
    }

    @Override
    public String outputVertex(String name) {
        return name;
    }

    /** Adds the unit, {@code at.planes()} being its inner width; the first unit as in {@link PreActBasicBlock}. */
    @Override
    public String add(GraphBuilder graph, Position at) {
        String name = at.name();
        int width = at.planes();
        String preActivated = PreActivation.bnRelu(graph, name + ".bn1", name + ".relu1", at.input());
        graph.addLayer(name + ".conv1", Layers.conv1x1(width, at.stride()), preActivated);
        String x = PreActivation.bnRelu(graph, name + ".bn2", name + ".relu2", name + ".conv1");
        graph.addLayer(name + ".conv2", Layers.conv3x3(width, 1), x);
        x = PreActivation.bnRelu(graph, name + ".bn3", name + ".relu3", name + ".conv2");
        graph.addLayer(name + ".conv3", Layers.conv1x1(outChannels(width), 1), x);
        return PreActivation.residual(graph, at, name + ".conv3", preActivated, outChannels(width));
    }
}
