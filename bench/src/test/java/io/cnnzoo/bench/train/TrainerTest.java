package io.cnnzoo.bench.train;

import io.cnnzoo.data.Split;
import io.cnnzoo.data.DataLocator;
import io.cnnzoo.data.Datasets;
import io.cnnzoo.data.ImageBatchIterator;
import io.cnnzoo.data.ImageDataset;
import io.cnnzoo.zoo.resnet.ResNet;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Nesterovs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class TrainerTest {

    private static ImageDataset fashionMnist(int n) throws IOException {
        Optional<Path> dir = new DataLocator(null, Map.of(), Path.of("/nonexistent")).find(Datasets.FASHION_MNIST);
        assumeTrue(dir.isPresent(), "Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist)");
        return Datasets.FASHION_MNIST.load(dir.get(), Split.TRAIN)
                .randomSubset("fashion-mnist-" + n, n, 1);
    }

    private static ComputationGraph resnet20(double lr) {
        return ResNet.cifar(20).inputShape(1, 28, 28).seed(42)
                .updater(new Nesterovs(WarmupStepSchedule.steps(lr), 0.9)).build();
    }

    /**
     * 30 iterations of resnet20 on 2,000 Fashion-MNIST images: the loss starts near ln(10) = 2.30, the
     * cross-entropy of a uniform guess over ten classes, and falls well below it.
     */
    @Test
    void aShortRunLowersTheLoss() throws IOException {
        ImageDataset data = fashionMnist(2_000);
        ComputationGraph graph = resnet20(0.05);
        Trainer trainer = new Trainer(graph, ImageBatchIterator.shuffled(data, 64, 3), WarmupStepSchedule.steps(0.05));
        List<Trainer.Step> steps = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            steps.add(trainer.step());
        }
        assertEquals(30, graph.getIterationCount());
        // The first loss is before any update: cross-entropy plus the L2 penalty of the initial weights
        // (the same seed gives the same weights), which since d57545f includes batch norm's gamma and beta.
        double penalty = resnet20(0.05).calcRegularizationScore(true);
        assertEquals(Math.log(10), steps.get(0).loss() - penalty, 0.5);
        double last = steps.subList(25, 30).stream().mapToDouble(Trainer.Step::loss).average().orElseThrow();
        assertTrue(last < Math.log(10) - 0.8, "loss went from " + steps.get(0).loss() + " to " + last);
        assertTrue(steps.get(29).batchError() < 0.6, "batch error " + steps.get(29).batchError());
    }

    /** The listener's batch error is the training-mode forward pass's error on that batch, before the update. */
    @Test
    void batchErrorMatchesAnIndependentTrainingModeForwardPass() throws IOException {
        ImageDataset data = fashionMnist(256);
        ComputationGraph graph = resnet20(0.05);
        for (int i = 0; i < 3; i++) { // move away from the initial weights first
            graph.fit(ImageBatchIterator.shuffled(data, 64, 9).next());
        }
        DataSet batch = ImageBatchIterator.inOrder(data, 128).next();
        double independent = graph.clone().outputSingle(true, batch.getFeatures()).argMax(1)
                .neq(batch.getLabels().argMax(1)).castTo(DataType.INT32).sumNumber().doubleValue() / 128;

        BatchErrorListener listener = new BatchErrorListener(graph);
        graph.addListeners(listener);
        listener.expect(batch.getLabels());
        graph.fit(batch);
        assertEquals(independent, listener.lastError(), 1e-9);
    }
}
