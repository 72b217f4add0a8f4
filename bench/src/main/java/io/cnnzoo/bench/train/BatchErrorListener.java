package io.cnnzoo.bench.train;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

/**
 * The mini-batch training error, read from the forward pass that {@code fit} makes anyway.
 *
 * <p>DL4J hands listeners every activation of the training forward pass except the output layer's,
 * which it computes inside the loss. The output layer is a dense layer followed by softmax, and
 * softmax keeps the arg-max, so the predicted class is argmax(x W + b) with x the output layer's input
 * activation from that same pass: one small matrix product, no second forward pass.
 */
public final class BatchErrorListener extends BaseTrainingListener {

    private final String outputLayer;
    private final String outputInput;
    private INDArray expected;
    private double lastError = Double.NaN;

    public BatchErrorListener(ComputationGraph graph) {
        if (graph.getNumOutputArrays() != 1) {
            throw new IllegalArgumentException("the batch error needs a single-output graph");
        }
        this.outputLayer = graph.getConfiguration().getNetworkOutputs().get(0);
        GraphVertex output = graph.getVertex(outputLayer);
        if (output.getInputVertices().length != 1 || !output.hasLayer()) {
            throw new IllegalArgumentException("output vertex " + outputLayer + " should be a layer with one input");
        }
        this.outputInput = graph.getVertices()[output.getInputVertices()[0].getVertexIndex()].getVertexName();
    }

    /** The one-hot labels of the batch about to be fitted. */
    public void expect(INDArray labels) {
        this.expected = labels;
        this.lastError = Double.NaN;
    }

    /** The error of the last fitted batch, before its update; NaN if no forward pass was seen. */
    public double lastError() {
        return lastError;
    }

    @Override
    public void onForwardPass(Model model, Map<String, INDArray> activations) {
        INDArray features = activations.get(outputInput);
        if (features == null || expected == null) {
            return;
        }
        ComputationGraph graph = (ComputationGraph) model;
        Map<String, INDArray> params = graph.getLayer(outputLayer).paramTable();
        INDArray logits = features.mmul(params.get("W"));
        if (params.containsKey("b")) {
            logits.addiRowVector(params.get("b"));
        }
        INDArray predicted = logits.argMax(1);
        INDArray actual = expected.argMax(1);
        long wrong = predicted.neq(actual).castTo(org.nd4j.linalg.api.buffer.DataType.INT32).sumNumber().longValue();
        lastError = (double) wrong / expected.size(0);
    }
}
