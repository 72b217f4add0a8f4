package io.cnnzoo.zoo.preact;

import io.cnnzoo.zoo.layers.Layers;
import io.cnnzoo.zoo.resnet.ResidualBlock;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;

/**
 * The pre-activation basic unit: BN-ReLU-conv3x3-BN-ReLU-conv3x3 plus the shortcut, with no ReLU after
 * the addition (He et al. 2016, "Identity Mappings in Deep Residual Networks", Fig. 1(b) and 4(e)).
 * Zagoruyko and Komodakis's wide basic block (WRN, BMVC 2016, Fig. 1(d)) is the same unit, wider, with
 * optional dropout between the two convolutions; both families build it here.
 *
 * <p>Vertex names: {@code <name>.bn1}, {@code .relu1}, {@code .conv1}, {@code .bn2}, {@code .relu2},
 * {@code .dropout} (only with dropout), {@code .conv2}, {@code .shortcut} (a 1x1 projection, only where
 * the shape changes), and {@code <name>} itself, the addition and the unit's output. See
 * {@link PreActivation} for where the shortcut reads from.
 */
public final class PreActBasicBlock implements ResidualBlock {

    private final double dropProbability;

    /**
     * @param dropProbability the probability of dropping an activation between the convolutions; 0 adds
     *                        no dropout vertex
     */
    public PreActBasicBlock(double dropProbability) {
        this.dropProbability = dropProbability;
    }

    @Override
    public int outChannels(int planes) {
        return planes;
    }

    @Override
    public String outputVertex(String name) {
        return name;
    }

    /**
     * Adds the unit; in the network's first unit, which reads the stem convolution, the identity shortcut
     * starts after the BN-ReLU too (see {@link PreActivation}).
     */
    @Override
    public String add(GraphBuilder graph, Position at) {
        String name = at.name();
        String preActivated = PreActivation.bnRelu(graph, name + ".bn1", name + ".relu1", at.input());
        graph.addLayer(name + ".conv1", Layers.conv3x3(at.planes(), at.stride()), preActivated);
        String x = PreActivation.bnRelu(graph, name + ".bn2", name + ".relu2", name + ".conv1");
        if (dropProbability > 0) {
            // DL4J's Dropout takes the probability of RETAINING an activation.
            graph.addLayer(name + ".dropout", new DropoutLayer.Builder(new Dropout(1 - dropProbability)).build(), x);
            x = name + ".dropout";
        }
        graph.addLayer(name + ".conv2", Layers.conv3x3(at.planes(), 1), x);
        return PreActivation.residual(graph, at, name + ".conv2", preActivated, outChannels(at.planes()));
    }
}
