package io.cnnzoo.zoo.weights;

import org.junit.jupiter.api.Assumptions;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * PyTorch and torchvision, run by the tests: {@code src/test/python/torchvision_reference.py --serve} in one
 * Python process for the whole test run (importing torch once). Tests that need it call {@link #shared()},
 * which skips them, saying why, when {@code /usr/bin/python3} cannot import torchvision (Debian's
 * {@code python3-torchvision}; {@code .ci/run} installs it).
 */
public final class TorchReference implements AutoCloseable {

    static final Path PYTHON = Path.of("/usr/bin/python3");
    static final Path SCRIPT = Path.of("src/test/python/torchvision_reference.py");

    private static TorchReference shared;
    private static String unavailable;

    private final Process process;
    private final Writer commands;
    private final BufferedReader replies;

    private TorchReference() throws IOException {
        process = new ProcessBuilder(PYTHON.toString(), SCRIPT.toString(), "--serve")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        replies = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String ready = replies.readLine();
        if (ready == null || !ready.startsWith("ready")) {
            throw new IOException("the reference script did not start: " + ready);
        }
    }

    /**
     * The running reference, started on first use. Skips the calling test if /usr/bin/python3 cannot import
     * torch and torchvision; fails it if they import but the script does not start (a bug to see, not to skip).
     */
    public static synchronized TorchReference shared() {
        if (shared == null && unavailable == null) {
            unavailable = probe();
            if (unavailable == null) {
                try {
                    shared = new TorchReference();
                    Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
                } catch (IOException e) {
                    throw new IllegalStateException("torch and torchvision import, but " + SCRIPT
                            + " did not start: " + e.getMessage(), e);
                }
            }
        }
        Assumptions.assumeTrue(unavailable == null, () -> "PyTorch reference not available: " + unavailable
                + " (install Debian's python3-torch and python3-torchvision)");
        return shared;
    }

    /** Null if /usr/bin/python3 imports torch and torchvision, else why not. */
    private static String probe() {
        if (!Files.isExecutable(PYTHON)) {
            return PYTHON + " does not exist";
        }
        try {
            Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import torch, torchvision")
                    .redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return PYTHON + " cannot import torch and torchvision: " + output;
            }
            return null;
        } catch (IOException e) {
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** Writes MODEL.pth, MODEL.safetensors, input.f32, logits.f32 (and the optional extras) into {@code dir}. */
    synchronized void generate(String model, Path dir, String... options) throws IOException {
        send("generate " + model + " " + dir.toAbsolutePath() + " " + String.join(" ", options));
    }

    /** Loads {@code file} into PyTorch's {@code model} strictly and writes its logits to dir/loaded_logits.f32. */
    synchronized void load(String model, Path dir, Path file) throws IOException {
        send("load " + model + " " + dir.toAbsolutePath() + " " + file.toAbsolutePath());
    }

    /** torchvision's ImageNet eval transform of {@code image}, as raw float32 [3, 224, 224] in {@code out}. */
    public synchronized void preprocess(Path image, Path out) throws IOException {
        send("preprocess " + image.toAbsolutePath() + " " + out.toAbsolutePath());
    }

    /**
     * Trains {@code model} with {@code torch.optim.SGD(model.parameters(), lr, momentum, weight_decay)}, one step
     * per learning rate, from seeded weights on seeded batches of 8: writes MODEL.safetensors (the start),
     * inputs.f32, labels.f32, MODEL.trained.safetensors and sgd.json into {@code dir}.
     */
    public synchronized void sgd(String model, Path dir, double[] learningRates, double momentum, double weightDecay)
            throws IOException {
        StringBuilder lrs = new StringBuilder();
        for (double lr : learningRates) {
            lrs.append(lrs.length() == 0 ? "" : ",").append(lr);
        }
        send("sgd " + model + " " + dir.toAbsolutePath() + " " + lrs + " " + momentum + " " + weightDecay);
    }

    private void send(String command) throws IOException {
        commands.write(command + "\n");
        commands.flush();
        String reply = replies.readLine();
        if (!"ok".equals(reply)) {
            throw new IOException("the reference script answered '" + reply + "' to: " + command);
        }
    }

    /** The reference input batch of {@code dir}, NCHW. */
    static INDArray input(Path dir) throws IOException {
        return raw(dir.resolve("input.f32"), shape(dir, "input"));
    }

    /** PyTorch's float32 logits in {@code dir} (logits.f32, or another float32 file of the same shape). */
    static INDArray logits(Path dir, String file) throws IOException {
        return raw(dir.resolve(file), shape(dir, "logits"));
    }

    /** PyTorch's logits computed in float64 from the same weights (logits.f64). */
    static INDArray logits64(Path dir) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(dir.resolve("logits.f64"))).order(ByteOrder.LITTLE_ENDIAN);
        double[] values = new double[bytes.remaining() / 8];
        bytes.asDoubleBuffer().get(values);
        return Nd4j.create(values, shape(dir, "logits"), 'c');
    }

    private static long[] shape(Path dir, String key) throws IOException {
        JsonNode node = new ObjectMapper().readTree(dir.resolve("reference.json").toFile()).get(key);
        long[] shape = new long[node.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = node.get(i).asLong();
        }
        return shape;
    }

    /** Raw little-endian float32, as numpy's tofile writes it. */
    public static INDArray raw(Path file, long... shape) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[bytes.remaining() / 4];
        bytes.asFloatBuffer().get(values);
        return Nd4j.create(values, shape, 'c').castTo(DataType.FLOAT);
    }

    @Override
    public synchronized void close() {
        try {
            commands.close();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException | InterruptedException e) {
            process.destroyForcibly();
        }
    }
}
