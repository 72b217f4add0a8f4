package io.cnnzoo.spark;

import io.cnnzoo.io.AtomicFiles;
import io.cnnzoo.zoo.weights.Weights;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.util.ModelSerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** The entry point for {@code spark-submit}: trains one zoo model on the cluster and saves it. */
@Command(name = "cnnzoo-spark", sortOptions = false,
        description = {"Train one zoo model on Apache Spark with DL4J's SparkComputationGraph, evaluate it on the "
                + "test split, and save it as DL4J zip and safetensors.",
                "Run it with spark-submit --class io.cnnzoo.spark.SparkTrainCommand spark/target/cnnzoo-spark.jar "
                        + "[options], or on one machine with --master local[2]. See docs/distributed.md."})
public final class SparkTrainCommand implements Callable<Integer> {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--model", required = true, paramLabel = "NAME", description = "A zoo model, e.g. resnet20.")
    String model;

    @Option(names = "--dataset", defaultValue = "cifar-10", paramLabel = "NAME",
            description = "cifar-10, cifar-100, fashion-mnist, mnist or kmnist. Default: ${DEFAULT-VALUE}.")
    String dataset;

    @Option(names = "--data-dir", required = true, paramLabel = "DIR", description = "The dataset's files, at "
            + "this same path on the driver and on every executor (shared storage: NFS, a synced local copy).")
    Path dataDir;

    @Option(names = "--train-images", defaultValue = "0", paramLabel = "N",
            description = "Train on a seeded random subset of N training images; 0 for all. Default: ${DEFAULT-VALUE}.")
    int trainImages;

    @Option(names = "--test-images", defaultValue = "0", paramLabel = "N",
            description = "Evaluate on a seeded random subset of N test images; 0 for all. Default: ${DEFAULT-VALUE}.")
    int testImages;

    @Option(names = "--training-master", defaultValue = "parameter-averaging", paramLabel = "NAME",
            description = "parameter-averaging or shared-gradients. Default: ${DEFAULT-VALUE}.")
    String trainingMaster;

    @Option(names = "--workers", paramLabel = "N", description = "Workers in the whole cluster. Default: Spark's "
            + "default parallelism.")
    Integer workers;

    @Option(names = "--workers-per-node", defaultValue = "-1", paramLabel = "N", description = "Shared gradients: "
            + "workers in each executor; -1 lets DL4J decide. Default: ${DEFAULT-VALUE}.")
    int workersPerNode;

    @Option(names = "--batch-per-worker", defaultValue = "32", paramLabel = "B",
            description = "Images in each worker's mini-batch. Default: ${DEFAULT-VALUE}.")
    int batchPerWorker;

    @Option(names = "--averaging-frequency", defaultValue = "5", paramLabel = "K", description = "Parameter "
            + "averaging: mini-batches each worker fits between averagings. Default: ${DEFAULT-VALUE}.")
    int averagingFrequency;

    @Option(names = "--epochs", defaultValue = "1", paramLabel = "N", description = "Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--lr", defaultValue = "0.05", paramLabel = "LR",
            description = "Learning rate of SGD with Nesterov momentum 0.9. Default: ${DEFAULT-VALUE}.")
    double lr;

    @Option(names = "--weight-decay", defaultValue = "1e-4", paramLabel = "L2", description = "Default: ${DEFAULT-VALUE}.")
    double weightDecay;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "S", description = "Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--controller", paramLabel = "HOST", description = "Shared gradients: the driver's address "
            + "the executors reach over UDP. Default: the driver's spark.driver.host, as Spark set it.")
    String controller;

    @Option(names = "--port", defaultValue = "40123", paramLabel = "PORT",
            description = "Shared gradients: the UDP port (Aeron). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--master", paramLabel = "URL", description = "Spark's master, e.g. local[2]. Default: the one "
            + "spark-submit gives.")
    String master;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Where <model>.zip (DL4J, with updater state) and <model>.safetensors go.")
    Path out;

    @Override
    public Integer call() throws Exception {
        // Names are checked before Spark starts.
        SparkSettings.Master chosen = SparkSettings.Master.byCliName(trainingMaster);
        io.cnnzoo.data.Datasets.byName(dataset);
        io.cnnzoo.zoo.Zoo.spec(model);
        SparkConf conf = new SparkConf().setAppName("cnnzoo " + model + " on " + dataset);
        if (master != null) {
            conf.setMaster(master);
        } else if (!conf.contains("spark.master")) {
            throw new IllegalArgumentException("no Spark master: run under spark-submit, or give --master local[2]");
        }
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            SparkSettings settings = new SparkSettings(model, dataset, dataDir, trainImages, testImages,
                    chosen, workers != null ? workers : sc.defaultParallelism(),
                    workersPerNode, batchPerWorker, averagingFrequency, epochs, lr, weightDecay, seed,
                    controller != null ? controller : sc.getConf().get("spark.driver.host"), port);
            SparkTraining.Result result = SparkTraining.run(sc, settings, System.out);
            Files.createDirectories(out);
            Path zip = out.resolve(model + ".zip");
            Path safetensors = out.resolve(model + ".safetensors");
            AtomicFiles.write(zip, stream -> ModelSerializer.writeModel(result.graph(), stream, true));
            Weights.save(result.graph(), safetensors);
            System.out.printf(Locale.ROOT, "Saved %s and %s%n", zip, safetensors);
        }
        return 0;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command with cnnzoo's error convention: a bad option or file is one line and exit 2, not a trace. */
    static CommandLine commandLine() {
        return new CommandLine(new SparkTrainCommand()).setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof IllegalArgumentException || e instanceof java.io.IOException
                    || e instanceof java.io.UncheckedIOException) {
                cmd.getErr().println("error: " + e.getMessage());
                return 2;
            }
            throw e;
        });
    }
}
