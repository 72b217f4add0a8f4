package io.cnnzoo.zoo.resnet;

import io.cnnzoo.zoo.layers.Layers;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;

/**
 * The three-layer bottleneck block of He et al. 2016 (Fig. 5 right): conv1x1 (reduce to {@code planes})
 * - conv3x3 - conv1x1 (expand to {@code EXPANSION * planes}), each followed by BN, ReLU after the first two
 * and after the addition of the shortcut.
 *
 * <p>This is torchvision's "ResNet v1.5": a downsampling block puts its stride on the 3x3 convolution
 * ({@code conv2}), where the paper (v1) put it on the first 1x1 convolution. That costs more MACs
 * (4.09 instead of 3.86 GMACs for ResNet-50 at 224x224) and is what torchvision's weights were trained with.
 *
 * <p>Vertex names follow torchvision's {@code Bottleneck}: {@code <name>.conv1}, {@code .bn1}, {@code .relu1},
 * {@code .conv2}, {@code .bn2}, {@code .relu2}, {@code .conv3}, {@code .bn3},
 * {@code .downsample.0}/{@code .downsample.1} for the projection, then {@code .add} and {@code .relu}
 * (the block's output). The shortcut is always torchvision's (option B: projection where the shape changes).
 */
final class Bottleneck {

    /** Output channels per {@code planes}: the last 1x1 convolution widens the block four-fold. */
    static final int EXPANSION = 4;

    private Bottleneck() {
    }

    /** Adds the block reading {@code input}; returns the name of its output vertex. */
    static String add(GraphBuilder graph, String name, String input, int inChannels, int planes, int stride) {
        int outChannels = EXPANSION * planes;
        graph.addLayer(name + ".conv1", Layers.conv1x1(planes, 1), input);
        graph.addLayer(name + ".bn1", Layers.batchNorm(), name + ".conv1");
        graph.addLayer(name + ".relu1", Layers.relu(), name + ".bn1");
        graph.addLayer(name + ".conv2", Layers.conv3x3(planes, stride), name + ".relu1");
        graph.addLayer(name + ".bn2", Layers.batchNorm(), name + ".conv2");
        graph.addLayer(name + ".relu2", Layers.relu(), name + ".bn2");
        graph.addLayer(name + ".conv3", Layers.conv1x1(outChannels, 1), name + ".relu2");
        graph.addLayer(name + ".bn3", Layers.batchNorm(), name + ".conv3");
        String identity = BasicBlock.shortcut(graph, name, input, inChannels, outChannels, stride, Shortcut.B);
        graph.addVertex(name + ".add", new ElementWiseVertex(ElementWiseVertex.Op.Add), name + ".bn3", identity);
        graph.addLayer(name + ".relu", Layers.relu(), name + ".add");
        return name + ".relu";
    }
}
