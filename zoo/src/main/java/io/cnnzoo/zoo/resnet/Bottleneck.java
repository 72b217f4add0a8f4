package io.cnnzoo.zoo.resnet;

import io.cnnzoo.zoo.layers.Layers;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;

/**
 * The three-layer bottleneck block of He et al. 2016 (Fig. 5 right): conv1x1 (reduce to the block's inner
 * width) - conv3x3 - conv1x1 (expand to {@code EXPANSION * planes}), each followed by BN, ReLU after the
 * first two and after the addition of the shortcut.
 *
 * <p>This is torchvision's "ResNet v1.5": a downsampling block puts its stride on the 3x3 convolution
 * ({@code conv2}), where the paper (v1) put it on the first 1x1 convolution. That costs more MACs
 * (4.09 instead of 3.86 GMACs for ResNet-50 at 224x224) and is what torchvision's weights were trained with.
 *
 * <p>The inner width is torchvision's {@code int(planes * (width_per_group / 64)) * groups}, and the 3x3
 * convolution runs in {@code groups} groups: {@code groups = 1, widthPerGroup = 64} is ResNet's bottleneck,
 * {@code 32, 4} ResNeXt-50 32x4d's (Xie et al. 2017, Fig. 3(c)), {@code 1, 128} Wide ResNet-50-2's.
 *
 * <p>Vertex names follow torchvision's {@code Bottleneck}: {@code <name>.conv1}, {@code .bn1}, {@code .relu1},
 * {@code .conv2}, {@code .bn2}, {@code .relu2}, {@code .conv3}, {@code .bn3},
 * {@code .downsample.0}/{@code .downsample.1} for the projection, then {@code .add} and {@code .relu}
 * (the block's output). The shortcut is always torchvision's (option B: projection where the shape changes).
 */
final class Bottleneck implements ResidualBlock {

    /** Output channels per {@code planes}: the last 1x1 convolution widens the block four-fold. */
    static final int EXPANSION = 4;

    /** torchvision's default {@code width_per_group}: a ResNet's inner width equals its planes. */
    static final int BASE_WIDTH = 64;

    private final int groups;
    private final int widthPerGroup;

    Bottleneck(int groups, int widthPerGroup) {
        this.groups = groups;
        this.widthPerGroup = widthPerGroup;
    }

    /** The inner width of a block with {@code planes}: 64 planes give 128 in ResNeXt-50 32x4d, 128 in WRN-50-2. */
    int width(int planes) {
        return planes * widthPerGroup / BASE_WIDTH * groups;
    }

    @Override
    public int outChannels(int planes) {
        return EXPANSION * planes;
    }

    @Override
    public String outputVertex(String name) {
        return name + ".relu";
    }

    @Override
    public String add(GraphBuilder graph, Position at) {
        String name = at.name();
        int width = width(at.planes());
        int outChannels = outChannels(at.planes());
        graph.addLayer(name + ".conv1", Layers.conv1x1(width, 1), at.input());
        graph.addLayer(name + ".bn1", Layers.batchNorm(), name + ".conv1");
        graph.addLayer(name + ".relu1", Layers.relu(), name + ".bn1");
        graph.addLayer(name + ".conv2", Layers.groupedConv(3, width, at.stride(), 1, groups), name + ".relu1");
        graph.addLayer(name + ".bn2", Layers.batchNorm(), name + ".conv2");
        graph.addLayer(name + ".relu2", Layers.relu(), name + ".bn2");
        graph.addLayer(name + ".conv3", Layers.conv1x1(outChannels, 1), name + ".relu2");
        graph.addLayer(name + ".bn3", Layers.batchNorm(), name + ".conv3");
        String identity = BasicBlock.shortcut(graph, name, at.input(), at.inChannels(), outChannels, at.stride(),
                Shortcut.B);
        graph.addVertex(name + ".add", new ElementWiseVertex(ElementWiseVertex.Op.Add), name + ".bn3", identity);
        graph.addLayer(outputVertex(name), Layers.relu(), name + ".add");
        return outputVertex(name);
    }
}
