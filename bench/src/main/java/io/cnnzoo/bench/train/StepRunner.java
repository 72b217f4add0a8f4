package io.cnnzoo.bench.train;

import io.cnnzoo.data.ImageBatchIterator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.schedule.ISchedule;

import java.util.List;

/** Trains a graph for some steps and says what each step measured. */
public interface StepRunner {

    /**
     * Runs at least one and at most {@code maxSteps} updates, in order; the graph's iteration count has
     * advanced by the number returned.
     */
    List<Trainer.Step> run(int maxSteps);

    /** The plain loop for one worker, DL4J's ParallelWrapper for more. */
    static StepRunner of(ComputationGraph graph, ImageBatchIterator batches, ISchedule schedule,
                         Parallelism parallelism) {
        return parallelism.parallel() ? new ParallelTrainer(graph, batches, schedule, parallelism)
                : new Trainer(graph, batches, schedule);
    }
}
