package io.cnnzoo.zoo;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Recomputes every batch normalisation layer's running mean and variance from training batches, as PyTorch's
 * {@code torch.optim.swa_utils.update_bn} does: a training-mode forward pass per batch (each layer normalising
 * with the batch's own statistics), and each layer's running statistics set to the average over the batches of
 * its input's per-channel batch mean and unbiased batch variance.
 *
 * <p>Needed where training never updated them: DL4J 1.0.0-M2.1 updates the running statistics through the same
 * path as the gradients, and gradient sharing (ParallelWrapper's {@code SHARED_GRADIENTS}, Spark's
 * {@code SharedTrainingMaster}) threshold-encodes them away, leaving the initial mean 0 and variance 1 (a resnet20
 * trained so for 300 steps had training-mode error 31% and inference-mode error 90%).
 */
public final class BatchNormStatistics {

    private BatchNormStatistics() {
    }

    /** Recomputes from at most {@code maxBatches} of {@code batches}; returns how many batch norm layers it set. */
    public static int recompute(ComputationGraph graph, Iterator<? extends DataSet> batches, int maxBatches) {
        Map<String, INDArray[]> sums = new LinkedHashMap<>(); // layer -> {sum of means, sum of variances}
        Map<String, String> inputs = batchNormInputs(graph);
        int seen = 0;
        while (batches.hasNext() && seen < maxBatches) {
            Map<String, INDArray> activations = graph.feedForward(batches.next().getFeatures(), true);
            for (Map.Entry<String, String> layer : inputs.entrySet()) {
                INDArray input = activations.get(layer.getValue());
                int[] dims = reducedDimensions(graph, layer.getKey(), input.rank());
                INDArray mean = input.mean(dims);
                INDArray variance = input.var(true, dims);
                sums.merge(layer.getKey(), new INDArray[]{mean, variance},
                        (a, b) -> new INDArray[]{a[0].addi(b[0]), a[1].addi(b[1])});
            }
            seen++;
        }
        if (seen == 0) {
            throw new IllegalArgumentException("no batches to recompute batch norm statistics from");
        }
        for (Map.Entry<String, INDArray[]> layer : sums.entrySet()) {
            org.deeplearning4j.nn.api.Layer bn = graph.getLayer(layer.getKey());
            bn.setParam("mean", layer.getValue()[0].divi(seen).reshape(bn.getParam("mean").shape())
                    .castTo(bn.getParam("mean").dataType()));
            bn.setParam("var", layer.getValue()[1].divi(seen).reshape(bn.getParam("var").shape())
                    .castTo(bn.getParam("var").dataType()));
        }
        return sums.size();
    }

    /** Every batch norm layer with a running variance (not log10 of the deviation), and its input vertex. */
    private static Map<String, String> batchNormInputs(ComputationGraph graph) {
        Map<String, String> inputs = new LinkedHashMap<>();
        for (GraphVertex vertex : graph.getVertices()) {
            if (vertex.hasLayer() && vertex.getLayer() instanceof BatchNormalization bn) {
                if (!bn.paramTable().containsKey("var")) {
                    throw new IllegalArgumentException("batch normalisation '" + vertex.getVertexName() + "' stores "
                            + "log10 of its deviation (useLogStd): only running variances are recomputed");
                }
                inputs.put(vertex.getVertexName(),
                        graph.getVertices()[vertex.getInputVertices()[0].getVertexIndex()].getVertexName());
            }
        }
        return inputs;
    }

    /** All but the channel dimension: (N, H, W) of NCHW or NHWC activations, N of a dense layer's. */
    private static int[] reducedDimensions(ComputationGraph graph, String layer, int rank) {
        if (rank == 2) {
            return new int[]{0};
        }
        CNN2DFormat format = ((org.deeplearning4j.nn.conf.layers.BatchNormalization) graph.getLayer(layer).conf()
                .getLayer()).getCnn2DFormat();
        return format == CNN2DFormat.NHWC ? new int[]{0, 1, 2} : new int[]{0, 2, 3};
    }
}
