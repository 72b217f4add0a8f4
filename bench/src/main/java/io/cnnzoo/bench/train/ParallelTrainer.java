package io.cnnzoo.bench.train;

import io.cnnzoo.data.ImageBatchIterator;
import io.cnnzoo.zoo.BatchNormStatistics;
import org.deeplearning4j.datasets.iterator.ExistingDataSetIterator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.parallelism.ParallelWrapper;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.schedule.ISchedule;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.BooleanSupplier;

/**
 * Trains one graph with DL4J's {@link ParallelWrapper}: every step's mini-batch of B images is split into N
 * sub-batches of B/N, one per worker, and the workers combine their updates by {@link Parallelism.Mode}. One step
 * still advances the graph's iteration count by one and takes the batch a one-worker run takes, so curves,
 * learning-rate schedules, checkpoints and resuming mean what they mean for {@link Trainer}.
 *
 * <p>Worker 0 trains the graph itself; the others train copies that ParallelWrapper makes from its
 * configuration and parameters when {@code fit} starts and drops when it ends. {@link #run} therefore fits
 * {@code maxSteps} steps in one call, so that the copies are made once per chunk rather than once per step;
 * with averaging after every sub-batch the copies equal the graph at every chunk's end, and nothing is lost
 * between chunks. The copies get the graph's accelerators ({@link Workers}).
 */
public final class ParallelTrainer implements StepRunner {

    /**
     * With shared gradients, batch norm's running statistics are recomputed after every chunk from its last
     * mini-batches, this many at most: 10 x 128 images give every channel's mean over ~10^6 values on CIFAR.
     */
    static final int RECALIBRATION_BATCHES = 10;

    private final ComputationGraph graph;
    private final ImageBatchIterator batches;
    private final ISchedule schedule;
    private final Parallelism parallelism;
    private final BooleanSupplier stopRequested;

    public ParallelTrainer(ComputationGraph graph, ImageBatchIterator batches, ISchedule schedule,
                           Parallelism parallelism) {
        this(graph, batches, schedule, parallelism, () -> false);
    }

    /**
     * @param stopRequested asked before every step after the first of a {@link #run}: when it says yes, the run
     *                      returns the steps done so far (an interruption is answered after the current step)
     */
    public ParallelTrainer(ComputationGraph graph, ImageBatchIterator batches, ISchedule schedule,
                           Parallelism parallelism, BooleanSupplier stopRequested) {
        if (!parallelism.parallel()) {
            throw new IllegalArgumentException("ParallelWrapper needs at least 2 workers; one worker is Trainer");
        }
        if (batches.batch() % parallelism.workers() != 0) {
            throw new IllegalArgumentException("the mini-batch of " + batches.batch() + " images does not split "
                    + "into " + parallelism.workers() + " equal sub-batches: choose a batch size that is a "
                    + "multiple of --workers");
        }
        this.graph = graph;
        this.batches = batches;
        this.schedule = schedule;
        this.parallelism = parallelism;
        this.stopRequested = stopRequested;
        batches.seekIteration(graph.getIterationCount());
    }

    @Override
    public List<Trainer.Step> run(int maxSteps) {
        if (maxSteps < 1) {
            throw new IllegalArgumentException("at least one step, got " + maxSteps);
        }
        long start = System.nanoTime();
        int first = graph.getIterationCount();
        int workers = parallelism.workers();
        Workers.Results results = new Workers.Results(workers);
        List<TrainingListener> listeners = new ArrayList<>(graph.getListeners());
        SubBatches subBatches = new SubBatches(maxSteps, workers);
        ParallelWrapper wrapper = null;
        try {
            wrapper = new ParallelWrapper.Builder<>(graph)
                    .workers(workers)
                    .prefetchBuffer(0) // batches are assembled in order on this thread: the seed's data order
                    .averagingFrequency(1)
                    .trainingMode(parallelism.mode() == Parallelism.Mode.AVERAGING
                            ? ParallelWrapper.TrainingMode.AVERAGING : ParallelWrapper.TrainingMode.SHARED_GRADIENTS)
                    .build();
            // build() picks DL4J's trainers for the mode; ours are the same with the accelerators and step records.
            wrapper.setTrainerContext(new Workers.Context(parallelism.mode(), results));
            wrapper.fit(new ExistingDataSetIterator(subBatches));
            if (parallelism.mode() == Parallelism.Mode.SHARED_GRADIENTS) {
                // DL4J's gradient sharing drops batch norm's running-statistics updates (see BatchNormStatistics).
                BatchNormStatistics.recompute(graph, subBatches.recent.iterator(), RECALIBRATION_BATCHES);
            }
        } finally {
            if (wrapper != null) {
                wrapper.shutdown();
            }
            graph.setListeners(listeners); // build() moved them to the wrapper
            if (parallelism.mode() == Parallelism.Mode.SHARED_GRADIENTS) {
                graph.setGradientsAccumulator(null); // the wrapper's, closed now
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        List<Trainer.Step> steps = results.steps(first, schedule, seconds);
        if (graph.getIterationCount() != first + steps.size()) {
            throw new IllegalStateException("ParallelWrapper advanced the graph by " + (graph.getIterationCount()
                    - first) + " iterations for " + steps.size() + " steps");
        }
        return steps;
    }

    /**
     * The next {@code steps} mini-batches, each as {@code workers} consecutive sub-batches: ParallelWrapper hands
     * the k-th of every block of {@code workers} to worker k. A last batch of an epoch that does not divide
     * evenly gives some workers one image more.
     */
    private final class SubBatches implements Iterator<DataSet> {

        private final int workers;
        private int stepsLeft;
        private boolean started;
        private final List<DataSet> pending = new ArrayList<>();
        /** The last {@link #RECALIBRATION_BATCHES} whole mini-batches. */
        final java.util.ArrayDeque<DataSet> recent = new java.util.ArrayDeque<>();

        SubBatches(int steps, int workers) {
            this.stepsLeft = steps;
            this.workers = workers;
        }

        @Override
        public boolean hasNext() {
            // A stop request ends the chunk between two steps, never inside one (steps started: ParallelWrapper
            // takes a step's sub-batches together).
            return !pending.isEmpty() || (stepsLeft > 0 && !(started && stopRequested.getAsBoolean()));
        }

        @Override
        public DataSet next() {
            if (pending.isEmpty()) {
                if (stepsLeft == 0) {
                    throw new NoSuchElementException();
                }
                started = true;
                DataSet batch = nextBatch();
                split(batch);
                recent.addLast(batch);
                if (recent.size() > RECALIBRATION_BATCHES) {
                    recent.removeFirst();
                }
                stepsLeft--;
            }
            return pending.remove(0);
        }

        private DataSet nextBatch() {
            if (!batches.hasNext()) {
                batches.reset();
            }
            return batches.next();
        }

        private void split(DataSet batch) {
            int n = batch.numExamples();
            if (n < workers) {
                throw new IllegalStateException("a mini-batch of " + n + " images (the last of an epoch) cannot give "
                        + "each of " + workers + " workers an image: use fewer workers or another batch size");
            }
            int from = 0;
            for (int k = 0; k < workers; k++) {
                int to = from + n / workers + (k < n % workers ? 1 : 0);
                pending.add(new DataSet(batch.getFeatures().get(NDArrayIndex.interval(from, to)).dup(),
                        batch.getLabels().get(NDArrayIndex.interval(from, to)).dup()));
                from = to;
            }
        }
    }
}
