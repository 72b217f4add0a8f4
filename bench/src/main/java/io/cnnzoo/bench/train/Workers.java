package io.cnnzoo.bench.train;

import io.cnnzoo.zoo.spi.Accelerators;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.parallelism.ParallelWrapper;
import org.deeplearning4j.parallelism.factory.TrainerContext;
import org.deeplearning4j.parallelism.trainer.DefaultTrainer;
import org.deeplearning4j.parallelism.trainer.SymmetricTrainer;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.schedule.ISchedule;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * ParallelWrapper's worker threads, as DL4J makes them for each mode, with two additions:
 * <ul>
 *   <li>the copies of the graph that workers 1..N-1 train get {@link Accelerators#apply} (ParallelWrapper builds
 *       them from the configuration, and DL4J leaves their layers on its slow built-in code);</li>
 *   <li>worker 0, which trains the original graph in place, waits until the other workers have copied its
 *       parameters: DL4J's copies take them when their thread starts, and without the wait a copy could start
 *       from parameters worker 0 has already updated (or is updating);</li>
 *   <li>each worker records its sub-batches' loss and error, with a {@link BatchErrorListener} of its own: DL4J
 *       shares one listener object between all worker threads.</li>
 * </ul>
 */
final class Workers {

    private Workers() {
    }

    /** Makes the workers; {@code ParallelWrapper.Builder} would make DL4J's own. */
    static final class Context implements TrainerContext {

        private final Parallelism.Mode mode;
        private final Results results;

        Context(Parallelism.Mode mode, Results results) {
            this.mode = mode;
            this.results = results;
        }

        @Override
        public void init(Model model, Object... args) {
        }

        @Override
        public org.deeplearning4j.parallelism.trainer.Trainer create(String uuid, int threadId, Model model, int rootDevice, boolean useMDS,
                              ParallelWrapper wrapper, WorkspaceMode workspaceMode, int averagingFrequency) {
            Recorder recorder = new Recorder(threadId, results);
            Thread worker = mode == Parallelism.Mode.AVERAGING
                    ? new AveragingWorker(uuid, threadId, model, wrapper, workspaceMode, averagingFrequency, recorder)
                    : new SharingWorker(uuid, threadId, model, wrapper, workspaceMode, recorder);
            return (org.deeplearning4j.parallelism.trainer.Trainer) worker;
        }

        @Override
        public void finalizeRound(Model originalModel, Model... models) {
        }

        @Override
        public void finalizeTraining(Model originalModel, Model... models) {
        }
    }

    /** DL4J's averaging worker. */
    private static final class AveragingWorker extends DefaultTrainer {

        private final Recorder recorder;

        AveragingWorker(String uuid, int threadId, Model model, ParallelWrapper wrapper, WorkspaceMode workspaceMode,
                        int averagingFrequency, Recorder recorder) {
            this.uuid = uuid + "_thread_" + threadId;
            this.threadId = threadId;
            this.originalModel = model;
            this.replicatedModel = model;
            this.parallelWrapper = wrapper;
            this.workspaceMode = workspaceMode;
            this.averagingFrequency = averagingFrequency;
            this.recorder = recorder;
        }

        @Override
        protected void postInit() {
            super.postInit();
            recorder.attach((ComputationGraph) replicatedModel);
        }

        @Override
        protected void fit(DataSet dataSet) {
            recorder.before(dataSet);
            super.fit(dataSet);
            recorder.after();
        }
    }

    /** DL4J's gradient-sharing worker. */
    private static final class SharingWorker extends SymmetricTrainer {

        private final Recorder recorder;

        SharingWorker(String uuid, int threadId, Model model, ParallelWrapper wrapper, WorkspaceMode workspaceMode,
                      Recorder recorder) {
            super(model, uuid, threadId, workspaceMode, wrapper, false);
            this.recorder = recorder;
        }

        @Override
        protected void postInit() {
            super.postInit();
            recorder.attach((ComputationGraph) replicatedModel);
        }

        @Override
        protected void fit(DataSet dataSet) {
            recorder.before(dataSet);
            super.fit(dataSet);
            recorder.after();
        }
    }

    /** One worker's view: its graph, its error listener, its results. */
    private static final class Recorder {

        private final int worker;
        private final Results results;
        private ComputationGraph graph;
        private BatchErrorListener errors;
        private int images;

        Recorder(int worker, Results results) {
            this.worker = worker;
            this.results = results;
        }

        void attach(ComputationGraph graph) {
            this.graph = graph;
            if (worker == 0) {
                results.awaitCopies();
            } else {
                try {
                    Accelerators.apply(graph); // worker 0 trains the original graph, which has them already
                } finally {
                    results.copyMade();
                }
            }
            this.errors = new BatchErrorListener(graph);
            graph.addListeners(errors);
        }

        void before(DataSet subBatch) {
            images = subBatch.numExamples();
            errors.expect(subBatch.getLabels());
        }

        void after() {
            results.record(worker, graph.score(), errors.lastError(), images);
        }
    }

    /** What every worker measured, sub-batch by sub-batch; a step is the k-th sub-batch of every worker. */
    static final class Results {

        private record SubBatch(double loss, double error, int images) {
        }

        private final List<List<SubBatch>> byWorker = new ArrayList<>();
        private final CountDownLatch copies;
        /** A copy of resnet20 takes about half a second; minutes mean it failed. */
        private static final long COPY_TIMEOUT_MINUTES = 5;

        Results(int workers) {
            this.copies = new CountDownLatch(workers - 1);
            for (int k = 0; k < workers; k++) {
                byWorker.add(new ArrayList<>());
            }
        }

        void copyMade() {
            copies.countDown();
        }

        /**
         * Waits for the other workers' copies. A copy that fails to build never arrives: after the timeout worker 0
         * fails, and ParallelWrapper rethrows its exception instead of waiting for it forever.
         */
        void awaitCopies() {
            try {
                if (!copies.await(COPY_TIMEOUT_MINUTES, java.util.concurrent.TimeUnit.MINUTES)) {
                    throw new IllegalStateException("ParallelWrapper's workers did not copy the graph within "
                            + COPY_TIMEOUT_MINUTES + " minutes: " + copies.getCount() + " copies missing");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the workers copied the graph", e);
            }
        }

        void record(int worker, double loss, double error, int images) {
            List<SubBatch> mine = byWorker.get(worker);
            synchronized (mine) {
                mine.add(new SubBatch(loss, error, images));
            }
        }

        /**
         * The steps from iteration {@code first}: loss and error weighted by each sub-batch's images, which is
         * the whole mini-batch's mean; each step is given an equal share of {@code seconds}.
         */
        List<Trainer.Step> steps(int first, ISchedule schedule, double seconds) {
            int count = byWorker.get(0).size();
            for (List<SubBatch> worker : byWorker) {
                if (worker.size() != count) {
                    throw new IllegalStateException("workers fitted unequal numbers of sub-batches: "
                            + byWorker.stream().map(List::size).toList());
                }
            }
            List<Trainer.Step> steps = new ArrayList<>();
            for (int s = 0; s < count; s++) {
                double loss = 0;
                double error = 0;
                int images = 0;
                for (List<SubBatch> worker : byWorker) {
                    SubBatch b = worker.get(s);
                    loss += b.loss() * b.images();
                    error += b.error() * b.images();
                    images += b.images();
                }
                int iteration = first + s;
                steps.add(new Trainer.Step(iteration, schedule.valueAt(iteration, 0), loss / images, error / images,
                        images, seconds / count));
            }
            return steps;
        }
    }
}
