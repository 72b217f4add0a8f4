package io.cnnzoo.spark;

import io.cnnzoo.data.ImageDataset;
import io.cnnzoo.data.Split;
import io.cnnzoo.zoo.BatchNormStatistics;
import io.cnnzoo.zoo.Zoo;
import io.cnnzoo.zoo.spi.Accelerators;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Nesterovs;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Trains one zoo model on a Spark cluster with DL4J's {@link SparkComputationGraph} and one of its training
 * masters ({@link SparkSettings.Master}), then evaluates it on the test split with Spark too.
 *
 * <p>Only batch numbers travel from the driver: every executor reads the dataset from {@code dataDir}, which must
 * be the same files at the same path on every machine (shared storage), and assembles its batches itself, in the
 * seeded order a one-machine run uses ({@link ShuffledBatches}).
 */
public final class SparkTraining {

    /** What training did: the trained graph (with the accelerators) and its test error. */
    public record Result(ComputationGraph graph, double testError, int testImages) {
    }

    /** Training batches batch norm's running statistics are recomputed from after shared-gradients training. */
    static final int RECALIBRATION_BATCHES = 20;

    private SparkTraining() {
    }

    public static Result run(JavaSparkContext sc, SparkSettings settings, PrintStream out) throws IOException {
        ImageDataset train = ShuffledBatches.images(settings.dataDir().toString(), settings.dataset(), Split.TRAIN,
                settings.trainImages(), settings.seed());
        ImageDataset test = ShuffledBatches.images(settings.dataDir().toString(), settings.dataset(), Split.TEST,
                settings.testImages(), settings.seed() + 1);
        ComputationGraph graph = Zoo.builder(settings.model())
                .numClasses(train.numClasses())
                .inputShape(train.channels(), train.height(), train.width())
                .seed(settings.seed())
                .updater(new Nesterovs(settings.lr(), 0.9))
                .weightDecay(settings.weightDecay())
                .build();
        SparkComputationGraph spark = new SparkComputationGraph(sc, graph, TrainingMasters.of(settings));
        if (settings.master() == SparkSettings.Master.SHARED_GRADIENTS) {
            spark.setListeners(new WorkerAcceleration()); // see there: shared gradients call no hooks
        }
        int batch = settings.batchPerWorker();
        int batches = (train.size() + batch - 1) / batch;
        out.printf(Locale.ROOT, "Training %s on %d %s images with %s: %d batches of %d per epoch, %d workers%n",
                settings.model(), train.size(), settings.dataset(), settings.master().cliName(), batches, batch,
                settings.workers());
        for (int epoch = 0; epoch < settings.epochs(); epoch++) {
            long start = System.nanoTime();
            spark.fit(batches(sc, settings, Split.TRAIN, epoch, batches));
            double seconds = (System.nanoTime() - start) / 1e9;
            // Shared gradients keep no score on the driver.
            String score = settings.master() == SparkSettings.Master.PARAMETER_AVERAGING
                    ? String.format(Locale.ROOT, "score %.4f, ", spark.getScore()) : "";
            out.printf(Locale.ROOT, "epoch %d/%d: %s%.1f s, %.1f images/s%n", epoch + 1, settings.epochs(), score,
                    seconds, train.size() / seconds);
        }
        if (settings.master() == SparkSettings.Master.SHARED_GRADIENTS) {
            // DL4J's gradient sharing drops batch norm's running statistics (see BatchNormStatistics).
            int layers = BatchNormStatistics.recompute(spark.getNetwork(),
                    new ShuffledBatches(settings.dataDir().toString(), settings.dataset(), Split.TRAIN,
                            settings.trainImages(), settings.seed(), batch, 0)
                            .call(IntStream.range(0, Math.min(batches, RECALIBRATION_BATCHES)).iterator()),
                    RECALIBRATION_BATCHES);
            out.printf(Locale.ROOT, "recomputed the running statistics of %d batch norm layers from %d batches%n",
                    layers, Math.min(batches, RECALIBRATION_BATCHES));
        }
        int testBatches = (test.size() + batch - 1) / batch;
        Evaluation evaluation = spark.evaluate(batches(sc, settings, Split.TEST, -1, testBatches));
        double testError = 1 - evaluation.accuracy();
        out.printf(Locale.ROOT, "test error on %d images: %.2f%%%n", test.size(), 100 * testError);
        return new Result(Accelerators.apply(spark.getNetwork()), testError, test.size());
    }

    /** Batch numbers 0..count-1 across the workers, made into batches on the executors. */
    private static JavaRDD<DataSet> batches(JavaSparkContext sc, SparkSettings s, Split split, int epoch,
                                            int count) {
        List<Integer> numbers = IntStream.range(0, count).boxed().toList();
        return sc.parallelize(numbers, Math.min(count, s.workers()))
                .mapPartitions(new ShuffledBatches(s.dataDir().toString(), s.dataset(), split,
                        split == Split.TRAIN ? s.trainImages() : s.testImages(),
                        split == Split.TRAIN ? s.seed() : s.seed() + 1, s.batchPerWorker(), epoch));
    }
}
