package io.cnnzoo.zoo;

import io.cnnzoo.zoo.lenet.LeNet;
import io.cnnzoo.zoo.resnet.ResNet;
import org.deeplearning4j.nn.graph.ComputationGraph;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The model registry: every zoo model by its lowercase name.
 *
 * <pre>{@code
 * ComputationGraph net = Zoo.create("resnet56");
 * ComputationGraph net = Zoo.builder("plain20").numClasses(10).inputShape(1, 28, 28).build();
 * List<String> names   = Zoo.names();
 * }</pre>
 */
public final class Zoo {

    private static final String HE_2016 = "He, Zhang, Ren, Sun: Deep Residual Learning for Image Recognition, "
            + "CVPR 2016";

    private record Entry(ModelSpec spec, Supplier<? extends ModelBuilder<?>> factory) {
    }

    private static final Map<String, Entry> REGISTRY = new LinkedHashMap<>();

    static {
        register("lenet5", "lenet", "LeNet-5, modern form: full C3, max-pooling, ReLU, 28x28 input",
                "LeCun, Bottou, Bengio, Haffner: Gradient-Based Learning Applied to Document Recognition, "
                        + "Proc. IEEE 1998, Fig. 2", LeNet::lenet5);
        for (int depth : new int[]{20, 32, 44, 56, 110, 1202}) {
            register("resnet" + depth, "resnet-cifar",
                    depth + "-layer CIFAR ResNet, option A (parameter-free) shortcuts",
                    HE_2016 + ", Sec. 4.2, Table 6", () -> ResNet.cifar(depth));
        }
        for (int depth : new int[]{20, 32, 44, 56, 110}) {
            register("plain" + depth, "plain-cifar",
                    depth + "-layer CIFAR plain net: resnet" + depth + " without shortcuts",
                    HE_2016 + ", Sec. 4.2, Fig. 6", () -> ResNet.cifar(depth).plain());
        }
    }

    private Zoo() {
    }

    private static void register(String name, String family, String description, String citation,
                                 Supplier<? extends ModelBuilder<?>> factory) {
        ModelBuilder<?> defaults = factory.get();
        ModelSpec spec = new ModelSpec(name, family, description, defaults.inputShape(), defaults.numClasses(),
                defaults.minInputSize(), citation);
        REGISTRY.put(name, new Entry(spec, factory));
    }

    /** Every registered model name, in registry order. */
    public static List<String> names() {
        return Collections.unmodifiableList(List.copyOf(REGISTRY.keySet()));
    }

    public static ModelSpec spec(String name) {
        return entry(name).spec();
    }

    /** A builder for {@code name} holding the registry defaults; set any option, then {@code build()}. */
    public static ModelBuilder<?> builder(String name) {
        return entry(name).factory().get();
    }

    /** {@code name} with its default input shape and class count, parameters initialised. */
    public static ComputationGraph create(String name) {
        return builder(name).build();
    }

    private static Entry entry(String name) {
        Entry entry = REGISTRY.get(name);
        if (entry == null) {
            throw new IllegalArgumentException("unknown model '" + name + "'; known models: "
                    + String.join(", ", REGISTRY.keySet()));
        }
        return entry;
    }
}
