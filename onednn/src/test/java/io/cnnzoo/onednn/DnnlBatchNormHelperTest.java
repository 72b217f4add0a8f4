package io.cnnzoo.onednn;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The oneDNN batch normalisation against DL4J's built-in one. */
class DnnlBatchNormHelperTest {

    private static ComputationGraphConfiguration convBatchNorm() {
        return convBatchNorm(false, CNN2DFormat.NCHW, 6);
    }

    private static ComputationGraphConfiguration convBatchNorm(boolean logStd) {
        return convBatchNorm(logStd, CNN2DFormat.NCHW, 6);
    }

    private static ComputationGraphConfiguration convBatchNorm(boolean logStd, CNN2DFormat format, int channels) {
        return new NeuralNetConfiguration.Builder()
                .dataType(DataType.FLOAT).seed(5).weightInit(WeightInit.RELU).updater(new Sgd(0.1)).graphBuilder()
                .addInputs("input").setInputTypes(InputType.convolutional(8, 8, 3, format))
                .addLayer("conv", new ConvolutionLayer.Builder(3, 3).padding(1, 1).nOut(channels).hasBias(false)
                        .activation(Activation.IDENTITY).build(), "input")
                .addLayer("bn", new BatchNormalization.Builder().eps(1e-5).decay(0.9).useLogStd(logStd).build(), "conv")
                .addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "bn")
                .addLayer("fc", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(4)
                        .activation(Activation.SOFTMAX).build(), "pool")
                .setOutputs("fc").build();
    }

    /** 6 channels: plain layouts; 16 in NCHW: the blocked nChw16c path with reorders. */
    @ParameterizedTest
    @CsvSource({"NCHW, 6", "NHWC, 6", "NCHW, 16", "NHWC, 16"})
    void trainingAndInferenceOutputsAndGradientsMatchDl4j(CNN2DFormat format, int channels) {
        ComputationGraph reference = Reference.builtIn(convBatchNorm(false, format, channels));
        // gamma and beta away from 1 and 0, so that a swapped or ignored one would show
        reference.getLayer("bn").getParam("gamma")
                .assign(Nd4j.linspace(DataType.FLOAT, 0.5, 0.3, channels).reshape(1, channels));
        reference.getLayer("bn").getParam("beta")
                .assign(Nd4j.linspace(DataType.FLOAT, -1.0, 0.4, channels).reshape(1, channels));
        ComputationGraph fast = Reference.accelerated(reference);
        assertTrue(fast.getLayer("bn").getHelper() instanceof DnnlBatchNormHelper);

        Nd4j.getRandom().setSeed(4);
        INDArray input = (format == CNN2DFormat.NHWC ? Nd4j.randn(DataType.FLOAT, 5, 8, 8, 3)
                : Nd4j.randn(DataType.FLOAT, 5, 3, 8, 8)).muli(3).addi(1);
        Reference.assertClose(reference.feedForward(input, true).get("bn"), fast.feedForward(input, true).get("bn"),
                "training output");
        Reference.assertSameGradients(reference, fast, input, Reference.oneHot(5, 4));
        Reference.assertClose(reference.feedForward(input, false).get("bn"), fast.feedForward(input, false).get("bn"),
                "inference output");
        PassCounter passes = ((DnnlBatchNormHelper) fast.getLayer("bn").getHelper()).passes();
        assertEquals(3, passes.forwardPasses(), passes.toString());
        assertEquals(1, passes.backwardPasses(), passes.toString());
    }

    /**
     * Fit steps update the running mean and variance as DL4J does (stored as a variance or as DL4J's
     * default log10 standard deviation); inference then uses them.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void runningStatisticsFollowDl4j(boolean logStd) {
        ComputationGraph reference = Reference.builtIn(convBatchNorm(logStd));
        ComputationGraph fast = Reference.accelerated(reference);
        Nd4j.getRandom().setSeed(8);
        for (int i = 0; i < 3; i++) {
            DataSet batch = new DataSet(Nd4j.randn(DataType.FLOAT, 6, 3, 8, 8).addi(i), Reference.oneHot(6, 4));
            reference.fit(batch);
            fast.fit(batch);
        }
        Reference.assertClose(reference.getLayer("bn").getParam("mean"), fast.getLayer("bn").getParam("mean"),
                "running mean");
        String variance = logStd ? BatchNormalizationParamInitializer.GLOBAL_LOG_STD
                : BatchNormalizationParamInitializer.GLOBAL_VAR;
        Reference.assertClose(reference.getLayer("bn").getParam(variance), fast.getLayer("bn").getParam(variance),
                "running variance");
        Reference.assertClose(reference.params(), fast.params(), "parameters after 3 steps");
        INDArray input = Nd4j.randn(DataType.FLOAT, 2, 3, 8, 8);
        Reference.assertClose(reference.outputSingle(false, input), fast.outputSingle(false, input), "inference output");
        PassCounter passes = ((DnnlBatchNormHelper) fast.getLayer("bn").getHelper()).passes();
        assertEquals(4, passes.forwardPasses(), passes.toString());
        assertEquals(3, passes.backwardPasses(), passes.toString());
    }
}
