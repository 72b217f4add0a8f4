package io.cnnzoo.spark;

import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.optimize.solvers.accumulation.encoding.threshold.AdaptiveThresholdAlgorithm;
import org.deeplearning4j.spark.api.TrainingMaster;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.deeplearning4j.spark.parameterserver.training.SharedTrainingMaster;
import org.nd4j.parameterserver.distributed.conf.VoidConfiguration;
import org.nd4j.parameterserver.distributed.v2.enums.MeshBuildMode;

/** DL4J's training masters as a {@link SparkSettings} asks for them. */
final class TrainingMasters {

    /** DL4J's default initial threshold for the encoded updates (AdaptiveThresholdAlgorithm). */
    private static final double INITIAL_THRESHOLD = 1e-3;

    private TrainingMasters() {
    }

    /**
     * Batches go to the workers directly ({@link RDDTrainingApproach#Direct}): DL4J's default, Export, would write
     * them to a shared filesystem first, and ours are made on the executors from shared storage anyway.
     */
    static TrainingMaster<?, ?> of(SparkSettings s) {
        return switch (s.master()) {
            case PARAMETER_AVERAGING -> {
                ParameterAveragingTrainingMaster master = new ParameterAveragingTrainingMaster.Builder(s.workers(),
                        s.batchPerWorker())
                        .batchSizePerWorker(s.batchPerWorker())
                        .averagingFrequency(s.averagingFrequency())
                        .workerPrefetchNumBatches(0)
                        .rddTrainingApproach(RDDTrainingApproach.Direct)
                        .collectTrainingStats(false)
                        .rngSeed(s.seed())
                        .build();
                master.addHook(new WorkerAcceleration());
                yield master;
            }
            case SHARED_GRADIENTS -> {
                VoidConfiguration network = VoidConfiguration.builder()
                        .controllerAddress(s.controller())
                        .unicastPort(s.port())
                        .meshBuildMode(MeshBuildMode.PLAIN)
                        .build();
                yield new SharedTrainingMaster.Builder(network, s.workers(),
                        new AdaptiveThresholdAlgorithm(INITIAL_THRESHOLD), s.batchPerWorker())
                        .batchSizePerWorker(s.batchPerWorker())
                        .workersPerNode(s.workersPerNode())
                        .workerPrefetchNumBatches(0)
                        .rddTrainingApproach(RDDTrainingApproach.Direct)
                        .collectTrainingStats(false)
                        .rngSeed(s.seed())
                        .build();
            }
        };
    }
}
