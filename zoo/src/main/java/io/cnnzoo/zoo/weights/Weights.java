package io.cnnzoo.zoo.weights;

import org.deeplearning4j.nn.graph.ComputationGraph;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trained weights in and out of zoo graphs, under torchvision's state-dict names.
 *
 * <pre>{@code
 * ComputationGraph net = Zoo.builder("resnet50").weights(Path.of("resnet50-11ad3fa6.pth")).build();
 * WeightReport report  = Weights.load(net, Path.of("model.safetensors"));       // strict, like PyTorch
 * WeightReport partial = Weights.loader().strict(false).load(net, file);         // a report, not an error
 * Weights.save(net, Path.of("mine.safetensors"));                                // loads into torchvision
 * }</pre>
 *
 * Files are safetensors (timm, Hugging Face) or PyTorch {@code .pth} state dicts (torchvision), recognised by
 * their content. See docs/weights.md for where to get them and the names each model expects.
 */
public final class Weights {

    private Weights() {
    }

    /** Loads {@code file} into {@code graph} strictly: every tensor used, every parameter loaded. */
    public static WeightReport load(ComputationGraph graph, Path file) throws IOException {
        return loader().load(graph, file);
    }

    /** A loader to configure ({@code strict(false)}). */
    public static WeightLoader loader() {
        return new WeightLoader();
    }

    /**
     * Writes every parameter of {@code graph} to {@code file} as float32 safetensors, under the state-dict
     * names {@link #load} reads, in PyTorch's shapes and element order, so that
     * {@code model.load_state_dict(safetensors.torch.load_file(file))} takes it. BN's
     * {@code num_batches_tracked}, which DL4J does not keep, is left out; PyTorch fills it in.
     */
    public static void save(ComputationGraph graph, Path file) throws IOException {
        List<SafetensorsWriter.Tensor> tensors = new ArrayList<>();
        for (StateDictLayout.Binding b : StateDictLayout.of(graph)) {
            tensors.add(new SafetensorsWriter.Tensor(b.name(), b.torchShape(), ArrayTransfer.source(b.view(graph))));
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "pt");
        metadata.put("producer", "cnnzoo");
        SafetensorsWriter.write(file, tensors, metadata);
    }

    /**
     * How many outputs {@code file}'s tensor for {@code graph}'s classifier weight has (its class count: a
     * torchvision {@code Linear} weight is [out, in]), or empty when the file does not hold that tensor.
     */
    public static java.util.OptionalInt classifierOutputs(ComputationGraph graph, Path file) throws IOException {
        String output = graph.getConfiguration().getNetworkOutputs().get(0);
        try (TensorFile tensors = TensorFile.open(file)) {
            for (StateDictLayout.Binding b : StateDictLayout.of(graph)) {
                TensorInfo info = tensors.tensors().get(b.name());
                if (b.vertex().equals(output) && b.key().equals("W") && info != null && info.shape().length > 0) {
                    return java.util.OptionalInt.of(Math.toIntExact(info.shape()[0]));
                }
            }
        }
        return java.util.OptionalInt.empty();
    }

    /** Up to five names, then how many more. */
    static String firstFew(List<String> names) {
        int shown = Math.min(5, names.size());
        String head = String.join(", ", names.subList(0, shown));
        return names.size() > shown ? head + ", ... (" + (names.size() - shown) + " more)" : head;
    }
}
