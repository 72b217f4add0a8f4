package io.cnnzoo.bench.cli;

import io.cnnzoo.zoo.Zoo;
import io.cnnzoo.zoo.weights.Weights;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static io.cnnzoo.bench.cli.CliErrorsTest.cnnzoo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code cnnzoo train}: trains, reports the accuracy, and saves the model as DL4J and safetensors files. */
class TrainCommandTest {

    @TempDir
    Path tmp;

    /**
     * Random images in the CIFAR binary layout (https://www.cs.toronto.edu/~kriz/cifar.html): CIFAR-10 records
     * are one label byte and 3,072 pixel bytes, CIFAR-100 records a coarse and a fine label byte, then the pixels.
     */
    private Path cifar(String name, int records, String... files) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        int labelBytes = name.equals("cifar-100") ? 2 : 1;
        int size = labelBytes + 3072;
        Random random = new Random(9);
        for (String file : files) {
            byte[] bytes = new byte[records * size];
            random.nextBytes(bytes);
            for (int r = 0; r < records; r++) {
                bytes[r * size] = (byte) (r % (labelBytes == 2 ? 20 : 10));
                if (labelBytes == 2) {
                    bytes[r * size + 1] = (byte) (r % 100);
                }
            }
            Files.write(dir.resolve(file), bytes);
        }
        return dir;
    }

    @Test
    void trainsAndSavesTheModelAsDl4jAndSafetensors() throws IOException {
        Path data = cifar("cifar-10", 16, "data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin",
                "data_batch_4.bin", "data_batch_5.bin", "test_batch.bin");
        Path out = tmp.resolve("run");
        CliErrorsTest.Run run = cnnzoo("train", "resnet20", "--dataset", "cifar-10", "--iterations", "3", "--batch",
                "8", "--data-dir", data.toString(), "--out", out.toString());
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().matches("(?s).*resnet20 on cifar-10 after 3 iterations: test accuracy \\d+\\.\\d\\d%.*"),
                run.out());
        ComputationGraph dl4j = Zoo.restore(out.resolve("resnet20.zip"));
        ComputationGraph fromSafetensors = Zoo.builder("resnet20").weights(out.resolve("resnet20.safetensors")).build();
        assertEquals(3, dl4j.getIterationCount());
        assertTrue(dl4j.params().equalsWithEps(fromSafetensors.params(), 0), "the two exports hold other weights");
        assertTrue(Files.exists(out.resolve("summary.md")) && Files.exists(out.resolve("curves.csv")));
    }

    /**
     * Fine-tuning: 10-class weights start a 100-class run; every weight but the classifier's comes from the file
     * (a learning rate of 1e-9 and no decay keep them), the classifier is a new 100-way one.
     */
    @Test
    void weightsOfAnotherClassCountStartTheModelWithANewClassifier() throws IOException {
        Path data = cifar("cifar-100", 16, "train.bin", "test.bin");
        ComputationGraph pretrained = Zoo.create("resnet20");
        Path file = tmp.resolve("resnet20-10-classes.safetensors");
        Weights.save(pretrained, file);
        Path out = tmp.resolve("fine-tuned");
        CliErrorsTest.Run run = cnnzoo("train", "resnet20", "--dataset", "cifar-100", "--weights", file.toString(),
                "--iterations", "1", "--batch", "8", "--lr", "1e-9", "--set", "weightDecay=0", "--data-dir",
                data.toString(), "--out", out.toString());
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("with its 10-class classifier replaced by a new 100-class one"), run.out());
        ComputationGraph tuned = Zoo.restore(out.resolve("resnet20.zip"));
        INDArray stem = tuned.getLayer("conv1").getParam("W");
        assertTrue(stem.equalsWithEps(pretrained.getLayer("conv1").getParam("W"), 1e-6));
        assertArrayEquals(new long[]{64, 100}, tuned.getLayer("fc").getParam("W").shape());
    }

    @Test
    void contradictoryOptionsAreUsageErrors() {
        CliErrorsTest.Run both = cnnzoo("train", "resnet20", "--epochs", "2", "--iterations", "10");
        assertEquals(2, both.exit(), both.err());
        assertTrue(both.err().contains("--epochs or --iterations, not both"), both.err());
        CliErrorsTest.Run models = cnnzoo("train", "resnet20", "--set", "models=resnet56", "--iterations", "1");
        assertEquals(2, models.exit(), models.err());
        assertTrue(models.err().contains("instead of --set models"), models.err());
    }

    /** Another recipe for the same model and dataset gets another default folder, so it never meets the first. */
    @Test
    void theDefaultFolderCarriesTheOptionsGiven() {
        TrainCommand tuned = new TrainCommand();
        new picocli.CommandLine(tuned).parseArgs("resnet20", "--epochs", "10", "--lr", "0.05", "--set",
                "weightDecay=5e-4");
        String today = java.time.LocalDate.now().toString();
        assertEquals(today + "-train-resnet20-cifar-10-e10-lr0.05-weightDecay5e_4",
                tuned.defaultFolderName("resnet20", "cifar-10"));
    }
}
