package io.cnnzoo.zoo.lenet;

import io.cnnzoo.zoo.InputShape;
import io.cnnzoo.zoo.ModelBuilder;
import io.cnnzoo.zoo.layers.ChannelSubsetVertex;
import io.cnnzoo.zoo.layers.Layers;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;

/**
 * LeNet-5 as published (LeCun, Bottou, Bengio, Haffner 1998, Sec. II-B, Fig. 2, Table I), with a softmax
 * classifier in place of the RBF output layer. For a 1x32x32 input:
 *
 * <pre>
 * vertex                what                                                     map        params
 * c1                    conv 6@5x5, squash                                       6x28x28       156
 * s2.avg, s2.sum, s2    sum of each 2x2 window (stride 2), x coefficient + bias,  6x14x14        12
 *                       squash
 * c3.inJ, c3.mapJ       C3 map J: conv 1@5x5 over the S2 maps of Table I's
 *                       column J, squash
 * c3                    the 16 maps, in order                                    16x10x10    1,516
 * s4.avg, s4.sum, s4    as S2                                                    16x5x5         32
 * c5                    conv 120@5x5 over all 16 maps, squash                    120x1x1    48,120
 * f6                    dense 84, squash                                         84         10,164
 * output                dense softmax, 10 classes (for the paper's RBF units)    10            850
 * </pre>
 *
 * C1..F6 hold the paper's 60,000 trainable parameters; 60,850 with the output layer.
 *
 * <p>Every unit from C1 to F6 passes its weighted sum through f(a) = 1.7159 tanh(2a/3)
 * ({@link ScaledTanh}). S2 and S4 are a 2x2 window sum (average pooling times 4) and a 1x1 depthwise
 * convolution, which is exactly one trainable coefficient and one bias per map. C3's partial
 * connectivity is 16 one-map convolutions, each over a {@link ChannelSubsetVertex} of S2, merged in
 * order. Weights start uniform in (-2.4/F, 2.4/F), F the unit's fan-in (Appendix A; {@link LeCunUniformInit});
 * biases start at 0; the classifier starts as {@link Layers#softmaxClassifier(int)}. The paper feeds
 * 32x32 images (MNIST's 28x28 digits padded) scaled so that the background is -0.1 and ink 1.175;
 * that normalisation belongs to the data pipeline.
 */
public final class LeNet5ClassicBuilder extends ModelBuilder<LeNet5ClassicBuilder> {

    /**
     * Table I: entry J lists the S2 maps that feed C3 map J. Maps 0-5 see three contiguous maps, 6-11 four
     * contiguous maps, 12-14 four discontinuous maps, 15 all six ("contiguous" wraps around from 5 to 0).
     */
    static final int[][] C3_CONNECTIONS = {
            {0, 1, 2}, {1, 2, 3}, {2, 3, 4}, {3, 4, 5}, {0, 4, 5}, {0, 1, 5},
            {0, 1, 2, 3}, {1, 2, 3, 4}, {2, 3, 4, 5}, {0, 3, 4, 5}, {0, 1, 4, 5}, {0, 1, 2, 5},
            {0, 1, 3, 4}, {1, 2, 4, 5}, {0, 2, 3, 5},
            {0, 1, 2, 3, 4, 5},
    };

    private static final int KERNEL = 5;

    LeNet5ClassicBuilder() {
        super(10, InputShape.of(1, 32, 32));
    }

    /** 5: C1, C3, C5, F6 and the output, as LeNet-5's name counts them; its trainable subsampling layers S2 and S4 are not counted. */
    @Override
    public int depth() {
        return 5;
    }

    @Override
    public int minInputSize() {
        return 32; // C5's 5x5 kernel needs S4 maps of at least 5x5: ((s - 4) / 2 - 4) / 2 >= 5
    }

    @Override
    protected ComputationGraphConfiguration buildConfiguration() {
        GraphBuilder graph = graphBuilder();
        int inChannels = inputShape().channels();
        graph.addLayer("c1", conv(6, inChannels), INPUT);
        addSubsampling(graph, "s2", "c1");
        addC3(graph, "s2");
        addSubsampling(graph, "s4", "c3");
        graph.addLayer("c5", conv(120, 16), "s4");
        graph.addLayer("f6", new DenseLayer.Builder().nOut(84).activation(new ScaledTanh())
                .weightInit(new LeCunUniformInit(120)).build(), "c5");
        graph.addLayer("output", Layers.softmaxClassifier(numClasses()), "f6");
        graph.setOutputs("output");
        return graph.build();
    }

    /** A 5x5 convolution over {@code inChannels} maps with the squashing function; F = 25 x inChannels. */
    private static ConvolutionLayer conv(int outChannels, int inChannels) {
        return new ConvolutionLayer.Builder(KERNEL, KERNEL)
                .convolutionMode(ConvolutionMode.Truncate)
                .nOut(outChannels)
                .activation(new ScaledTanh())
                .weightInit(new LeCunUniformInit(KERNEL * KERNEL * inChannels))
                .build();
    }

    /**
     * A subsampling layer: {@code name.sum} adds the four inputs of each 2x2 window, {@code name} multiplies
     * each map by its coefficient, adds its bias and squashes (F = 4 inputs per unit). DL4J M2.1's
     * subsampling layer rejects SUM pooling at run time, so the sum is the average ({@code name.avg})
     * times 4, exact in floating point.
     */
    private void addSubsampling(GraphBuilder graph, String name, String input) {
        graph.addLayer(name + ".avg", new SubsamplingLayer.Builder(PoolingType.AVG).kernelSize(2, 2).stride(2, 2)
                .convolutionMode(ConvolutionMode.Truncate).build(), input);
        graph.addVertex(name + ".sum", new ScaleVertex(4), name + ".avg");
        graph.addLayer(name, new DepthwiseConvolution2D.Builder(1, 1).depthMultiplier(1)
                .convolutionMode(ConvolutionMode.Truncate)
                .activation(new ScaledTanh())
                .weightInit(new LeCunUniformInit(4))
                .build(), name + ".sum");
    }

    /** C3 (Table I): map J is a convolution over the S2 maps of column J only. */
    private void addC3(GraphBuilder graph, String s2) {
        String[] maps = new String[C3_CONNECTIONS.length];
        for (int j = 0; j < C3_CONNECTIONS.length; j++) {
            graph.addVertex("c3.in" + j, new ChannelSubsetVertex(dataFormat(), C3_CONNECTIONS[j]), s2);
            maps[j] = "c3.map" + j;
            graph.addLayer(maps[j], conv(1, C3_CONNECTIONS[j].length), "c3.in" + j);
        }
        graph.addVertex("c3", new MergeVertex(), maps);
    }
}
