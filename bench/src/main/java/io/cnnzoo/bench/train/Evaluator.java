package io.cnnzoo.bench.train;

import io.cnnzoo.data.ImageBatchIterator;
import io.cnnzoo.data.ImageDataset;
import io.cnnzoo.data.transform.Normalization;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;

/** Classification error of a graph on a dataset, in inference mode (BN uses its running statistics). */
public final class Evaluator {

    private final int batchSize;
    private final boolean channelsLast;
    private final Normalization normalization;

    /** @param channelsLast whether the graph takes NHWC batches */
    public Evaluator(int batchSize, boolean channelsLast) {
        this(batchSize, channelsLast, null);
    }

    /** @param normalization what training normalised its batches with ({@code null}: [0, 1] scaling only) */
    public Evaluator(int batchSize, boolean channelsLast, Normalization normalization) {
        this.batchSize = batchSize;
        this.channelsLast = channelsLast;
        this.normalization = normalization;
    }

    /** The fraction of {@code data} whose arg-max prediction differs from the label. */
    public double error(ComputationGraph graph, ImageDataset data) {
        ImageBatchIterator batches = ImageBatchIterator.inOrder(data, batchSize).channelsLast(channelsLast)
                .normalize(normalization);
        long wrong = 0;
        while (batches.hasNext()) {
            DataSet batch = batches.next();
            var predicted = graph.outputSingle(false, batch.getFeatures()).argMax(1);
            wrong += predicted.neq(batch.getLabels().argMax(1)).castTo(DataType.INT32).sumNumber().longValue();
        }
        return (double) wrong / data.size();
    }
}
