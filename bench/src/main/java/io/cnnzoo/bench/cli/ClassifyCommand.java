package io.cnnzoo.bench.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.cnnzoo.bench.gpu.CudaDevices;
import io.cnnzoo.bench.train.MemoryBudget;
import io.cnnzoo.zoo.ModelBuilder;
import io.cnnzoo.zoo.Zoo;
import io.cnnzoo.zoo.imagenet.ImageNetClasses;
import io.cnnzoo.zoo.imagenet.ImageNetPreprocessing;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;

@Command(name = "classify", mixinStandardHelpOptions = true,
        description = {"Classify images with an ImageNet model and trained weights: the most likely of the 1,000 "
                + "ImageNet classes for each image, with their probabilities.",
                "Weights: a torchvision .pth or a safetensors file under torchvision's or timm's names (docs/weights.md "
                        + "lists where to get them). Images: JPEG, PNG, BMP or GIF, resized so the shorter side is "
                        + "--resize pixels, centre-cropped to --crop, normalised with ImageNet's mean and std, as "
                        + "torchvision evaluates its weights."})
final class ClassifyCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "NAME",
            description = "An ImageNet model of the zoo: alexnet, vgg16, resnet50, resnext50-32x4d, ... "
                    + "(torchvision's spellings work too).")
    private String model;

    @Option(names = "--weights", required = true, paramLabel = "FILE",
            description = "Trained weights for the model (.pth or .safetensors), loaded strictly.")
    private Path weights;

    @Option(names = "--top", paramLabel = "K", defaultValue = "5",
            description = "How many classes to print per image (default: ${DEFAULT-VALUE}).")
    private int top;

    @Option(names = "--resize", paramLabel = "PIXELS", defaultValue = "256",
            description = "The shorter side after resizing (default: ${DEFAULT-VALUE}).")
    private int resize;

    @Option(names = "--crop", paramLabel = "PIXELS", defaultValue = "224",
            description = "The side of the centre crop the model sees (default: ${DEFAULT-VALUE}).")
    private int crop;

    @Option(names = "--json", description = "Print JSON: per image, the top classes with index, name and probability.")
    private boolean json;

    @Parameters(paramLabel = "IMAGE", arity = "1..*", description = "Image files.")
    private List<Path> images;

    record Prediction(int index, String name, double probability) {
    }

    record Result(String image, List<Prediction> top) {
    }

    @Override
    public Integer call() throws IOException {
        CudaDevices.requireSupported(); // on a CUDA build, before ND4J meets a GPU it has no kernels for
        if (top < 1 || top > ImageNetClasses.COUNT) {
            throw new IllegalArgumentException("--top must be 1.." + ImageNetClasses.COUNT + ", got " + top);
        }
        String name = Names.model(model);
        ModelBuilder<?> builder = Zoo.builder(name);
        if (builder.numClasses() != ImageNetClasses.COUNT) {
            throw new IllegalArgumentException("'" + model + "' classifies " + builder.numClasses() + " classes; "
                    + "classify needs an ImageNet model (1,000 classes), e.g. resnet50");
        }
        ImageNetPreprocessing preprocessing = new ImageNetPreprocessing(resize, crop);
        builder.inputShape(3, crop, crop);
        MemoryBudget.require(name + " on " + crop + "x" + crop + " images",
                builder.stats().inferenceMemoryBytes(1));
        ComputationGraph net = builder.weights(weights).build();
        List<Result> results = new ArrayList<>();
        for (Path image : images) {
            INDArray probabilities = net.outputSingle(false, preprocessing.load(image));
            List<Prediction> best = IntStream.range(0, ImageNetClasses.COUNT).boxed()
                    .sorted(Comparator.comparingDouble(i -> -probabilities.getDouble(0, i))).limit(top)
                    .map(i -> new Prediction(i, ImageNetClasses.name(i), probabilities.getDouble(0, i))).toList();
            results.add(new Result(image.toString(), best));
        }
        if (json) {
            System.out.println(JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build()
                    .writeValueAsString(results));
        } else {
            for (Result r : results) {
                System.out.println(r.image());
                for (int k = 0; k < r.top().size(); k++) {
                    Prediction p = r.top().get(k);
                    System.out.printf(Locale.ROOT, "  %d. %6.2f%%  %s (%d)%n", k + 1, 100 * p.probability(), p.name(),
                            p.index());
                }
            }
        }
        return 0;
    }
}
