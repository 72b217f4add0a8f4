package io.cnnzoo.bench.infer;

import io.cnnzoo.zoo.spi.Accelerators;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.parallelism.ParallelInference;
import org.deeplearning4j.parallelism.inference.InferenceMode;

import java.time.Duration;

/**
 * DL4J's {@link ParallelInference} whose worker copies get the graph's accelerators. Its workers build their copies
 * from the configuration on their own threads when they start, which leaves DL4J's built-in layer code (~25x slower
 * on a CPU); {@link #start} waits until every worker holds its copy, then accelerates the copies. Worker 0 serves
 * with the original graph.
 */
public final class AcceleratedParallelInference extends ParallelInference {

    private static final Duration COPY_TIMEOUT = Duration.ofMinutes(2);

    private AcceleratedParallelInference() {
    }

    /**
     * @param graph      the model, already accelerated (as zoo builders and {@code Zoo.restore} leave it)
     * @param workers    threads serving requests, each with its own copy of the model
     * @param mode       BATCHED merges up to {@code batchLimit} queued requests into one forward pass; SEQUENTIAL
     *                   runs each request alone
     * @param batchLimit the most images one merged forward pass takes
     */
    public static ParallelInference start(ComputationGraph graph, int workers, InferenceMode mode, int batchLimit) {
        if (workers < 1 || batchLimit < 1) {
            throw new IllegalArgumentException("workers and batch limit must be positive, got " + workers + " and "
                    + batchLimit);
        }
        AcceleratedParallelInference inference = new AcceleratedParallelInference();
        inference.model = graph;
        inference.workers = workers;
        inference.inferenceMode = mode;
        inference.batchLimit = batchLimit;
        inference.queueLimit = DEFAULT_QUEUE_LIMIT;
        inference.init();
        inference.accelerateCopies();
        return inference;
    }

    /** The models the workers serve with, worker 0's first. */
    Model[] workerModels() {
        return getCurrentModelsFromWorkers();
    }

    private void accelerateCopies() {
        long deadline = System.nanoTime() + COPY_TIMEOUT.toNanos();
        Model[] models = getCurrentModelsFromWorkers();
        // A worker assigns its copy before it initialises it: wait for the layers too.
        while (java.util.Arrays.stream(models).anyMatch(m -> m == null || ((ComputationGraph) m).getLayers() == null)) {
            if (System.nanoTime() > deadline) {
                shutdown();
                throw new IllegalStateException("ParallelInference's workers did not copy the model within "
                        + COPY_TIMEOUT);
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                shutdown();
                throw new IllegalStateException("interrupted while ParallelInference's workers copied the model", e);
            }
            models = getCurrentModelsFromWorkers();
        }
        for (Model model : models) {
            if (model != this.model) {
                Accelerators.apply((ComputationGraph) model);
            }
        }
    }
}
