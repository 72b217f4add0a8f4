package io.cnnzoo.zoo.weights;

import org.deeplearning4j.nn.graph.ComputationGraph;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads a state dict into a graph by name: first it matches every tensor of the file to a parameter of the
 * graph and checks the shapes, then, if nothing is wrong, it copies the values. A shape mismatch is always
 * an error, naming both shapes. Tensors the graph has no parameter for ("unused") and parameters the file
 * does not hold ("missing") are an error in strict mode (the default, as PyTorch's {@code load_state_dict})
 * and part of the report otherwise. Either way a mismatch leaves the graph as it was: nothing is copied
 * before everything is checked. (A file that fails to read midway through the copy, a corrupt archive say,
 * leaves the tensors before the failure loaded.)
 *
 * <p>Two differences are allowed and reported: the classifier of a graph built for another number of
 * classes stays freshly initialised (load the backbone, train the head), and timm's names for VGG's
 * classifier ({@code pre_logits.fc1/fc2} as convolutions, {@code head.fc}) are read as torchvision's.
 */
public final class WeightLoader {

    /** timm's VGG keeps torchvision's classifier under other names, fc1 and fc2 as 7x7 and 1x1 convolutions. */
    private static final Map<String, String> TIMM_NAMES = Map.of(
            "pre_logits.fc1.", "classifier.0.",
            "pre_logits.fc2.", "classifier.3.",
            "head.fc.", "classifier.6.");

    private boolean strict = true;

    WeightLoader() {
    }

    /** Whether unused tensors and missing parameters are errors (true, the default) or only reported. */
    public WeightLoader strict(boolean strict) {
        this.strict = strict;
        return this;
    }

    public WeightReport load(ComputationGraph graph, Path file) throws IOException {
        try (TensorFile tensors = TensorFile.open(file)) {
            return load(graph, tensors);
        }
    }

    /** Loads from an open file. */
    public WeightReport load(ComputationGraph graph, TensorFile file) throws IOException {
        Map<String, StateDictLayout.Binding> parameters = new LinkedHashMap<>();
        for (StateDictLayout.Binding b : StateDictLayout.of(graph)) {
            parameters.put(b.name(), b);
        }
        String head = StateDictLayout.outputVertex(graph);
        Map<String, String> sourceOf = new LinkedHashMap<>(); // parameter name -> tensor name in the file
        List<String> unused = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        List<String> renamed = new ArrayList<>();
        List<String> mismatches = new ArrayList<>();
        Set<String> headTensors = new LinkedHashSet<>();
        String freshHead = null;
        for (TensorInfo t : file.tensors().values()) {
            String name = t.name();
            if (name.endsWith("." + StateDictLayout.NUM_BATCHES_TRACKED)) {
                skipped.add(name);
                continue;
            }
            String target = parameters.containsKey(name) ? name : timmName(name, parameters);
            if (target == null) {
                unused.add(name);
                continue;
            }
            if (!target.equals(name)) {
                renamed.add(name);
            }
            StateDictLayout.Binding b = parameters.get(target);
            if (!t.dtype().isFloating()) {
                mismatches.add(name + " is " + t.dtype() + ", not a floating-point tensor");
            } else if (!fits(t.shape(), b.torchShape())) {
                if (b.vertex().equals(head) && t.shape().length == b.torchShape().length
                        && Arrays.equals(Arrays.copyOfRange(t.shape(), 1, t.shape().length),
                        Arrays.copyOfRange(b.torchShape(), 1, b.torchShape().length))) {
                    headTensors.add(target);
                    freshHead = head + ": the file has " + t.shape()[0] + " classes, the graph " + b.torchShape()[0];
                } else if (b.vertex().equals(head) && b.torchShape().length == 1 && t.shape().length == 1) {
                    headTensors.add(target); // the head's bias; its weight says whether this is a class-count change
                } else {
                    mismatches.add(name + ": the file has shape " + t.shapeString() + ", the graph's vertex '"
                            + b.vertex() + "' expects " + Arrays.toString(b.torchShape()));
                }
            } else {
                sourceOf.put(target, name);
            }
        }
        if (freshHead == null && !headTensors.isEmpty()) {
            for (String h : headTensors) {
                mismatches.add(h + ": the file has another shape than the graph's " + Arrays.toString(
                        parameters.get(h).torchShape()));
            }
            headTensors.clear();
        }
        if (!mismatches.isEmpty()) {
            throw new WeightMismatchException(file.path() + " does not fit the graph: " + String.join("; ", mismatches));
        }
        List<String> missing = new ArrayList<>();
        for (String p : parameters.keySet()) {
            if (!sourceOf.containsKey(p) && !headTensors.contains(p)) {
                missing.add(p);
            }
        }
        if (strict && !(unused.isEmpty() && missing.isEmpty())) {
            throw new WeightMismatchException(file.path() + " does not match the graph's parameters"
                    + (unused.isEmpty() ? "" : "; " + unused.size() + " tensors the graph has no place for: "
                    + Weights.firstFew(unused))
                    + (missing.isEmpty() ? "" : "; " + missing.size() + " parameters the file does not hold: "
                    + Weights.firstFew(missing))
                    + " (Weights.loader().strict(false) loads what matches and reports the rest)");
        }
        for (Map.Entry<String, String> e : sourceOf.entrySet()) {
            ArrayTransfer.load(file, e.getValue(), parameters.get(e.getKey()).view(graph));
        }
        return new WeightReport(file.path(), new ArrayList<>(sourceOf.keySet()), unused, missing, skipped, renamed,
                freshHead);
    }

    /** The torchvision name of a timm-named tensor, if the graph has that parameter. */
    private static String timmName(String name, Map<String, StateDictLayout.Binding> parameters) {
        for (Map.Entry<String, String> e : TIMM_NAMES.entrySet()) {
            if (name.startsWith(e.getKey())) {
                String torchvision = e.getValue() + name.substring(e.getKey().length());
                if (parameters.containsKey(torchvision) && !parameters.containsKey(name)) {
                    return torchvision;
                }
            }
        }
        return null;
    }

    /**
     * Equal shapes; or a linear layer's [out, in] stored as a convolution's [out, c, kH, kW] with
     * c x kH x kW = in (timm's VGG), whose row-major order is the same.
     */
    private static boolean fits(long[] file, long[] graph) {
        if (Arrays.equals(file, graph)) {
            return true;
        }
        if (graph.length != 2 || file.length != 4 || file[0] != graph[0]) {
            return false;
        }
        return file[1] * file[2] * file[3] == graph[1];
    }
}
