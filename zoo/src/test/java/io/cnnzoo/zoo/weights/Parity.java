package io.cnnzoo.zoo.weights;

import io.cnnzoo.zoo.ModelBuilder;
import org.nd4j.linalg.factory.Nd4j;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Logits of zoo graphs, and the comparison the parity tests make. */
final class Parity {

    /** The tolerance of the issue: 1e-4 relative to the logits' scale. */
    static final double TOLERANCE = 1e-4;

    private static final Path RECORD = Path.of("target", "weight-parity.tsv");

    static {
        try { // one run's figures, not every run's
            Files.deleteIfExists(RECORD);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Parity() {
    }

    /**
     * The builder's graph with its classifier's softmax replaced by the identity, so that {@code output}
     * gives the logits torchvision's models return (DL4J's own output layer computes them: x W + b).
     */
    static ComputationGraph logitsGraph(ModelBuilder<?> builder) {
        return logitsGraph(builder, DataType.FLOAT);
    }

    /** The same in {@code type} (DOUBLE for the float64 comparison). */
    static ComputationGraph logitsGraph(ModelBuilder<?> builder, DataType type) {
        ComputationGraphConfiguration conf = builder.configuration();
        conf.setDataType(type);
        String head = conf.getNetworkOutputs().get(0);
        ((BaseOutputLayer) ((LayerVertex) conf.getVertices().get(head)).getLayerConf().getLayer())
                .setActivationFn(new ActivationIdentity());
        ComputationGraph graph = new ComputationGraph(conf);
        long params = conf.getVertices().values().stream().mapToLong(v -> v.numParams(false)).sum();
        graph.init(Nd4j.zeros(type, 1, params), false); // zeros: every value a test sees comes from a file
        return graph;
    }

    static INDArray logits(ComputationGraph graph, INDArray nchwInput, boolean channelsLast) {
        INDArray input = channelsLast ? nchwInput.permute(0, 2, 3, 1).dup('c') : nchwInput;
        return graph.outputSingle(false, input.castTo(graph.getConfiguration().getDataType()));
    }

    /** max |actual - expected| / max |expected|. */
    static double relativeDifference(INDArray expected, INDArray actual) {
        assertArrayEquals(expected.shape(), actual.shape(), "logits shape");
        INDArray e = expected.castTo(DataType.DOUBLE);
        double diff = e.sub(actual.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
        return diff / Math.max(e.amaxNumber().doubleValue(), 1e-30);
    }

    /** Asserts the tolerance, and records the figure in target/weight-parity.tsv for the record. */
    static void assertClose(String what, INDArray expected, INDArray actual) throws IOException {
        assertClose(what, expected, actual, TOLERANCE);
    }

    static void assertClose(String what, INDArray expected, INDArray actual, double tolerance) throws IOException {
        double relative = relativeDifference(expected, actual);
        record(what + "\t" + relative + "\t" + tolerance);
        assertTrue(relative <= tolerance, what + ": largest difference " + relative + " of the logits' scale, over "
                + tolerance);
    }

    static void record(String line) throws IOException {
        Files.createDirectories(RECORD.getParent());
        Files.writeString(RECORD, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
