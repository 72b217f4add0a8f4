package io.cnnzoo.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The datasets cnnzoo knows by name. */
public final class Datasets {

    private static final List<String> IDX_FILES = List.of(
            "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");

    public static final DatasetSpec MNIST = new DatasetSpec("mnist", IDX_FILES, List.of(),
            List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"));

    /** Xiao, Rasul and Vollgraf 2017; Debian's {@code dataset-fashion-mnist} package installs it. */
    public static final DatasetSpec FASHION_MNIST = new DatasetSpec("fashion-mnist", IDX_FILES,
            List.of(Path.of("/usr/share/datasets/fashion-mnist")),
            List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
                    "Ankle boot"));

    private static final Map<String, DatasetSpec> BY_NAME = Map.of(MNIST.name(), MNIST,
            FASHION_MNIST.name(), FASHION_MNIST);

    private Datasets() {
    }

    public static DatasetSpec byName(String name) {
        DatasetSpec spec = BY_NAME.get(name);
        if (spec == null) {
            throw new IllegalArgumentException("unknown dataset '" + name + "'; known: " + BY_NAME.keySet());
        }
        return spec;
    }
}
