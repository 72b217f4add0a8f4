package io.cnnzoo.bench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cnnzoo.zoo.Zoo;
import io.cnnzoo.zoo.weights.Weights;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code cnnzoo classify} against torchvision: the reference script gives resnet18 seeded random weights
 * (torchvision ships none here), saves them as a .pth, and classifies the same images with torchvision's
 * own transform and model; the command must print the same classes, names and probabilities.
 */
class ClassifyCommandTest {

    private static final Path SCRIPT = Path.of("../zoo/src/test/python/torchvision_reference.py");

    @TempDir
    static Path dir;

    private static Path exact;
    private static Path wide;
    private static JsonNode torchvision;

    /** A test picture: gradients, a checkerboard and seeded noise. */
    private static Path picture(String name, int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(width);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int r = 255 * x / width;
                int g = ((x / 20 + y / 20) % 2) * 180 + random.nextInt(60);
                int b = 255 * y / height;
                image.setRGB(x, y, r << 16 | g << 8 | b);
            }
        }
        Path file = dir.resolve(name);
        ImageIO.write(image, "png", file.toFile());
        return file;
    }

    @BeforeAll
    static void pictures() throws IOException {
        exact = picture("exact.png", 256, 256); // resize is the identity, the crop exact: equal inputs
        wide = picture("wide.png", 320, 240);   // resized by PIL and by cnnzoo, up to a gray level apart
    }

    /**
     * torchvision's top-5 for both pictures (classify.json), computed once; skips the calling test when
     * /usr/bin/python3 cannot import torch and torchvision.
     */
    private static synchronized JsonNode torchvision() throws Exception {
        if (torchvision == null) {
            Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "no /usr/bin/python3");
            Process p = new ProcessBuilder("/usr/bin/python3", SCRIPT.toString(), "--model", "resnet18", "--out",
                    dir.toString(), "--classify", exact.toString(), wide.toString()).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("the reference script took over 300 s: " + output);
            }
            Assumptions.assumeFalse(output.contains("No module named 'torch"), "PyTorch reference not available: "
                    + output + " (install Debian's python3-torch and python3-torchvision)");
            assertEquals(0, p.exitValue(), output);
            torchvision = new ObjectMapper().readTree(dir.resolve("classify.json").toFile());
        }
        return torchvision;
    }

    private static JsonNode classify(Path weights, Path... images) {
        List<String> args = new ArrayList<>(List.of("classify", "--model", "resnet18", "--weights", weights.toString(),
                "--json"));
        for (Path image : images) {
            args.add(image.toString());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream previous = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, CnnzooCommand.commandLine().execute(args.toArray(String[]::new)));
        } finally {
            System.setOut(previous);
        }
        try {
            return new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("classify printed no JSON: " + out, e);
        }
    }

    /** Same classes in the same order, torchvision's names, probabilities within 1e-4 relative. */
    private static void assertSameTop5(JsonNode expected, JsonNode actual, double tolerance) {
        assertEquals(5, actual.get("top").size());
        for (int k = 0; k < 5; k++) {
            JsonNode e = expected.get("top").get(k);
            JsonNode a = actual.get("top").get(k);
            assertEquals(e.get("index").asInt(), a.get("index").asInt(), "class at rank " + (k + 1));
            assertEquals(e.get("name").asText(), a.get("name").asText());
            double p = e.get("probability").asDouble();
            assertEquals(p, a.get("probability").asDouble(), tolerance * p, "probability at rank " + (k + 1));
        }
    }

    @Test
    void printsTorchvisionsTopFive() throws Exception {
        JsonNode expected = torchvision();
        JsonNode cnnzoo = classify(dir.resolve("resnet18.pth"), exact, wide);
        assertSameTop5(expected.get(0), cnnzoo.get(0), 1e-4);
        // resized pictures: PIL's and cnnzoo's bilinear filters differ by rounding, so the probabilities too
        assertSameTop5(expected.get(1), cnnzoo.get(1), 1e-2);
    }

    /** Weights exported by cnnzoo classify as the .pth they came from. */
    @Test
    void exportedWeightsClassifyTheSame() throws Exception {
        JsonNode expected = torchvision();
        Path exported = dir.resolve("resnet18-exported.safetensors");
        Weights.save(Zoo.builder("resnet18").weights(dir.resolve("resnet18.pth")).build(), exported);
        assertSameTop5(expected.get(0), classify(exported, exact).get(0), 1e-4);
    }

    @Test
    void refusesAModelWithoutImageNetsClasses() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        var cli = CnnzooCommand.commandLine();
        cli.setErr(new java.io.PrintWriter(err, true, StandardCharsets.UTF_8));
        assertEquals(2, cli.execute("classify", "--model", "resnet20", "--weights", "w.pth", exact.toString()));
        String message = err.toString(StandardCharsets.UTF_8);
        assertTrue(message.contains("'resnet20' classifies 10 classes"), message);
    }
}
