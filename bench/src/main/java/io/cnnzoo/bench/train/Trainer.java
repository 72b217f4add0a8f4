package io.cnnzoo.bench.train;

import io.cnnzoo.data.ImageBatchIterator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.schedule.ISchedule;

import java.util.List;

/**
 * Runs training steps of one graph over a batch iterator and reports what each step measured.
 * The iterator is positioned from the graph's own iteration count, so a graph restored from a
 * checkpoint continues on the batch an uninterrupted run would have seen next.
 */
public final class Trainer implements StepRunner {

    /**
     * One update.
     *
     * @param iteration  its 0-based index
     * @param lr         the learning rate it used
     * @param loss       the mini-batch loss before the update (DL4J's score: cross-entropy plus L2 term)
     * @param batchError the mini-batch error before the update
     * @param images     the batch size
     * @param seconds    wall time for assembling the batch and the forward, backward and update
     */
    public record Step(int iteration, double lr, double loss, double batchError, int images, double seconds) {
    }

    private final ComputationGraph graph;
    private final ImageBatchIterator batches;
    private final ISchedule schedule;
    private final BatchErrorListener errors;

    public Trainer(ComputationGraph graph, ImageBatchIterator batches, ISchedule schedule) {
        this.graph = graph;
        this.batches = batches;
        this.schedule = schedule;
        this.errors = new BatchErrorListener(graph);
        graph.addListeners(errors);
        batches.seekIteration(graph.getIterationCount());
    }

    /** One update, whatever {@code maxSteps} says. */
    @Override
    public List<Step> run(int maxSteps) {
        return List.of(step());
    }

    public Step step() {
        long start = System.nanoTime();
        if (!batches.hasNext()) {
            batches.reset();
        }
        DataSet batch = batches.next();
        int iteration = graph.getIterationCount();
        errors.expect(batch.getLabels());
        graph.fit(batch);
        double seconds = (System.nanoTime() - start) / 1e9;
        double loss = graph.score();
        if (!Double.isFinite(loss)) {
            throw new TrainingDivergedException(iteration, loss, schedule.valueAt(iteration, 0), "training diverged");
        }
        return new Step(iteration, schedule.valueAt(iteration, 0), loss, errors.lastError(), batch.numExamples(),
                seconds);
    }
}
