package io.cnnzoo.bench.train;

import io.cnnzoo.data.ImageBatchIterator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.schedule.ISchedule;

import java.util.List;
import java.util.function.BooleanSupplier;

/** Trains a graph for some steps and says what each step measured. */
public interface StepRunner {

    /**
     * Runs at least one and at most {@code maxSteps} updates, in order; the graph's iteration count has
     * advanced by the number returned.
     */
    List<Trainer.Step> run(int maxSteps);

    /**
     * The plain loop for one worker (one step per run), DL4J's ParallelWrapper for more, which ends a run early,
     * between two steps, when {@code stopRequested} says so.
     */
    static StepRunner of(ComputationGraph graph, ImageBatchIterator batches, ISchedule schedule,
                         Parallelism parallelism, BooleanSupplier stopRequested) {
        return parallelism.parallel() ? new ParallelTrainer(graph, batches, schedule, parallelism, stopRequested)
                : new Trainer(graph, batches, schedule);
    }
}
