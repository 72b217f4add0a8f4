package io.cnnzoo.bench.infer;

import io.cnnzoo.zoo.resnet.ResNet;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.parallelism.ParallelInference;
import org.deeplearning4j.parallelism.inference.InferenceMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AcceleratedParallelInferenceTest {

    /**
     * Two workers answer eight concurrent single-image requests with what the graph itself computes for each
     * image, and the copy worker 1 serves with has cnnzoo's oneDNN convolution, like the original.
     */
    @ParameterizedTest
    @EnumSource(value = InferenceMode.class, names = {"BATCHED", "SEQUENTIAL"})
    void workersAnswerAsTheGraphDoesWithAcceleratedCopies(InferenceMode mode) throws Exception {
        ComputationGraph graph = ResNet.cifar(20).seed(7).build();
        Nd4j.getRandom().setSeed(5);
        List<INDArray> images = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            images.add(Nd4j.rand(DataType.FLOAT, 1, 3, 32, 32));
        }
        ParallelInference inference = AcceleratedParallelInference.start(graph, 2, mode, 4);
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try {
            List<Future<INDArray>> answers = new ArrayList<>();
            for (INDArray image : images) {
                answers.add(clients.submit(() -> inference.output(image)));
            }
            for (int i = 0; i < images.size(); i++) {
                INDArray expected = graph.outputSingle(false, images.get(i));
                INDArray actual = answers.get(i).get();
                assertTrue(expected.equalsWithEps(actual, 1e-5), "image " + i + ": " + actual + " vs " + expected);
            }
            Model[] models = ((AcceleratedParallelInference) inference).workerModels();
            assertEquals(2, models.length);
            assertNotSame(graph, models[1], "worker 1 serves with a copy");
            assertEquals(helperOfFirstConvolution(graph), helperOfFirstConvolution((ComputationGraph) models[1]));
            assertEquals("DnnlConvolutionHelper", helperOfFirstConvolution((ComputationGraph) models[1]));
        } finally {
            clients.shutdownNow();
            inference.shutdown();
        }
    }

    private static String helperOfFirstConvolution(ComputationGraph graph) {
        for (Layer layer : graph.getLayers()) {
            if (layer instanceof ConvolutionLayer conv) {
                return conv.getHelper() == null ? "none (DL4J's built-in code)"
                        : conv.getHelper().getClass().getSimpleName();
            }
        }
        throw new AssertionError("no convolution layer");
    }
}
