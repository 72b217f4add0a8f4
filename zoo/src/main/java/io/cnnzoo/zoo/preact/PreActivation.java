package io.cnnzoo.zoo.preact;

import io.cnnzoo.zoo.layers.Layers;
import io.cnnzoo.zoo.resnet.ResidualBlock;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;

/**
 * The pieces every pre-activation network shares (He, Zhang, Ren, Sun: "Identity Mappings in Deep
 * Residual Networks", ECCV 2016, Fig. 4(e)): the BN-ReLU that opens each weight layer, the shortcut and
 * addition that close a unit (no ReLU after it), and the head that follows the last unit.
 *
 * <p>Where a unit changes the shape, the authors' code (KaimingHe/resnet-1k-layers
 * {@code resnet-pre-act.lua}; Zagoruyko's {@code wide-resnet.lua} likewise) applies the unit's first
 * BN-ReLU to its input once and feeds both the residual branch and the 1x1 projection from it; where the
 * shape is kept, the shortcut is the raw input, the residual stream. The network's first unit is the
 * exception: its input is the stem convolution's output, not a residual stream, and the paper (Sec. 4.1)
 * adopts "the first activation right after conv1 and before splitting into two paths", so its identity
 * shortcut also reads the pre-activated input (fb.resnet.torch's {@code preresnet.lua} does the same by
 * activating the stem). This class does all of that.
 */
public final class PreActivation {

    private PreActivation() {
    }

    /** Adds {@code bnName} (batch normalisation) and {@code reluName} reading {@code input}; returns the ReLU. */
    public static String bnRelu(GraphBuilder graph, String bnName, String reluName, String input) {
        graph.addLayer(bnName, Layers.batchNorm(), input);
        graph.addLayer(reluName, Layers.relu(), bnName);
        return reluName;
    }

    /**
     * Closes the unit at {@code at}: adds the branch output {@code branch} to the shortcut and returns the
     * addition vertex, named as the unit itself (it is the unit's output). Where the shape changes the
     * shortcut is a 1x1 convolution {@code <name>.shortcut} (no BN, as in the authors' code) of the
     * pre-activated input {@code preActivated}; elsewhere it is the identity of the unit's input, or of
     * {@code preActivated} in the network's first unit.
     */
    static String residual(GraphBuilder graph, ResidualBlock.Position at, String branch, String preActivated,
                           int outChannels) {
        String name = at.name();
        String shortcut = at.firstInNetwork() ? preActivated : at.input();
        if (at.stride() != 1 || at.inChannels() != outChannels) {
            shortcut = name + ".shortcut";
            graph.addLayer(shortcut, Layers.conv1x1(outChannels, at.stride()), preActivated);
        }
        graph.addVertex(name, new ElementWiseVertex(ElementWiseVertex.Op.Add), branch, shortcut);
        return name;
    }

    /**
     * The head after the last unit: {@code bn}, {@code relu} (the last unit ends in an addition, so its
     * output is activated here), {@code avgpool}, and the softmax classifier {@code fc}, the graph's output.
     */
    public static void head(GraphBuilder graph, String input, int numClasses) {
        bnRelu(graph, "bn", "relu", input);
        graph.addLayer("avgpool", Layers.globalAveragePool(), "relu");
        graph.addLayer("fc", Layers.softmaxClassifier(numClasses), "avgpool");
        graph.setOutputs("fc");
    }
}
