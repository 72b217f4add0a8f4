package io.cnnzoo.onednn;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OneDnnReLUTest {

    private static ComputationGraphConfiguration convRelu() {
        return new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).seed(2).graphBuilder()
                .addInputs("input").setInputTypes(InputType.convolutional(6, 6, 2))
                .addLayer("conv", new ConvolutionLayer.Builder(3, 3).padding(1, 1).nOut(4)
                        .activation(Activation.IDENTITY).build(), "input")
                .addLayer("relu", new ActivationLayer.Builder().activation(Activation.RELU).build(), "conv")
                .addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "relu")
                .addLayer("fc", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build(), "pool")
                .setOutputs("fc").build();
    }

    @Test
    void activationLayersComputeDl4jsReluThroughOneDnn() {
        ComputationGraph reference = Reference.builtIn(convRelu());
        ComputationGraph fast = Reference.accelerated(reference);
        INDArray input = Nd4j.randn(DataType.FLOAT, 3, 2, 6, 6);

        INDArray expected = reference.feedForward(input, true).get("relu");
        INDArray actual = fast.feedForward(input, true).get("relu");
        Reference.assertClose(expected, actual, "ReLU output");
        assertTrue(actual.minNumber().doubleValue() >= 0);
        Reference.assertSameGradients(reference, fast, input, Reference.oneHot(3, 3));

        OneDnnReLU relu = (OneDnnReLU) ((ActivationLayer) fast.getLayer("relu").conf().getLayer()).getActivationFn();
        assertEquals(2, relu.passes().forwardPasses(), relu.passes().toString());
        assertEquals(1, relu.passes().backwardPasses(), relu.passes().toString());
    }

    @Test
    void theGraphsConfigurationStillSaysDl4jsRelu() {
        ComputationGraph fast = Reference.accelerated(Reference.builtIn(convRelu()));
        assertSame(ActivationReLU.class, ((ActivationLayer) ((org.deeplearning4j.nn.conf.graph.LayerVertex) fast
                .getConfiguration().getVertices().get("relu")).getLayerConf().getLayer()).getActivationFn().getClass());
        assertTrue(fast.getConfiguration().toJson().contains("ActivationReLU"));
        assertTrue(!fast.getConfiguration().toJson().contains("OneDnnReLU"));
    }
}
