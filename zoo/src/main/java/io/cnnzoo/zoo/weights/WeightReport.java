package io.cnnzoo.zoo.weights;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link Weights#load} did, by state-dict name.
 *
 * @param loaded    the graph's parameters that were loaded (each named as in the file's torchvision names)
 * @param unused    tensors of the file the graph has no parameter for
 * @param missing   parameters of the graph the file does not hold (they keep their values)
 * @param skipped   tensors that have no DL4J counterpart and are ignored by design (BN's {@code num_batches_tracked})
 * @param renamed   tensors found under timm's names ({@code pre_logits.fc1.weight} for {@code classifier.0.weight})
 * @param freshHead the classifier left freshly initialised because the file is for another number of classes
 *                  (e.g. "fc: the file has 1000 classes, the graph 10"), or null
 */
public record WeightReport(Path file, List<String> loaded, List<String> unused, List<String> missing,
                           List<String> skipped, List<String> renamed, String freshHead) {

    public WeightReport {
        loaded = List.copyOf(loaded);
        unused = List.copyOf(unused);
        missing = List.copyOf(missing);
        skipped = List.copyOf(skipped);
        renamed = List.copyOf(renamed);
    }

    /** Whether every parameter of the graph came from the file and every tensor of the file was used. */
    public boolean isComplete() {
        return unused.isEmpty() && missing.isEmpty();
    }

    /** One paragraph a person can read. */
    public String summary() {
        StringBuilder sb = new StringBuilder("loaded " + loaded.size() + " tensors from " + file);
        if (!renamed.isEmpty()) {
            sb.append("; ").append(renamed.size()).append(" under timm's names");
        }
        if (!skipped.isEmpty()) {
            sb.append("; skipped ").append(skipped.size()).append(" with no DL4J counterpart (num_batches_tracked)");
        }
        if (freshHead != null) {
            sb.append("; classifier left fresh (").append(freshHead).append(')');
        }
        if (!unused.isEmpty()) {
            sb.append("; ").append(unused.size()).append(" unused: ").append(Weights.firstFew(unused));
        }
        if (!missing.isEmpty()) {
            sb.append("; ").append(missing.size()).append(" missing: ").append(Weights.firstFew(missing));
        }
        return sb.toString();
    }
}
