package io.cnnzoo.spark;

import java.nio.file.Path;
import java.util.Locale;

/**
 * One Spark training job.
 *
 * @param model              a zoo name (resnet20, plain56, ...)
 * @param dataset            a dataset registry name (cifar-10, fashion-mnist, ...)
 * @param dataDir            the dataset's folder, at the same path on the driver and every executor
 * @param trainImages        a seeded random subset of the training split of this size; 0 for all of it
 * @param testImages         likewise for the test split
 * @param master             the training master
 * @param workers            training workers in the whole cluster (executors x cores)
 * @param workersPerNode     shared gradients: workers per executor (-1: DL4J decides)
 * @param batchPerWorker     images in every worker's mini-batch
 * @param averagingFrequency parameter averaging: mini-batches each worker fits between averagings
 * @param epochs             passes over the training images
 * @param lr                 the learning rate (SGD with Nesterov momentum 0.9)
 * @param weightDecay        L2 on every weight, bias and batch norm parameter
 * @param seed               weights, data order
 * @param controller         shared gradients: the address of the driver that workers reach over UDP (Aeron)
 * @param port               shared gradients: the UDP port
 */
public record SparkSettings(String model, String dataset, Path dataDir, int trainImages, int testImages,
                            Master master, int workers, int workersPerNode, int batchPerWorker,
                            int averagingFrequency, int epochs, double lr, double weightDecay, long seed,
                            String controller, int port) {

    /** DL4J's two Spark training masters, under the names the command line uses. */
    public enum Master {
        /** {@code ParameterAveragingTrainingMaster}: synchronous averaging of parameters and updater state. */
        PARAMETER_AVERAGING("parameter-averaging"),
        /** {@code SharedTrainingMaster}: asynchronous threshold-encoded update sharing over Aeron (Strom 2015). */
        SHARED_GRADIENTS("shared-gradients");

        private final String cliName;

        Master(String cliName) {
            this.cliName = cliName;
        }

        public String cliName() {
            return cliName;
        }

        public static Master byCliName(String name) {
            for (Master master : values()) {
                if (master.cliName.equals(name.toLowerCase(Locale.ROOT))) {
                    return master;
                }
            }
            throw new IllegalArgumentException("unknown training master '" + name
                    + "': use parameter-averaging or shared-gradients");
        }
    }

    public SparkSettings {
        require(trainImages >= 0 && testImages >= 0, "image counts must be 0 (all) or positive");
        require(workers >= 1, "--workers must be at least 1, got " + workers);
        require(workersPerNode == -1 || workersPerNode >= 1, "--workers-per-node must be -1 or positive");
        require(batchPerWorker >= 1 && averagingFrequency >= 1 && epochs >= 1,
                "--batch-per-worker, --averaging-frequency and --epochs must be positive");
        require(lr > 0 && Double.isFinite(lr), "--lr must be positive, got " + lr);
        require(weightDecay >= 0, "--weight-decay must not be negative");
        require(port > 0 && port < 65536, "--port must be a UDP port, got " + port);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
