package io.cnnzoo.bench.cli;

import io.cnnzoo.data.DatasetSpec;
import io.cnnzoo.data.Datasets;
import io.cnnzoo.zoo.Zoo;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Names a user types — models, datasets, presets — matched case-insensitively (and with torchvision's
 * underscores for models); an unknown one gets a "did you mean" from the closest known names.
 */
final class Names {

    private Names() {
    }

    static DatasetSpec dataset(String name) {
        return Datasets.byName(resolve("dataset", name, Datasets.all().stream().map(DatasetSpec::name).toList(),
                "./cnnzoo data info lists them"));
    }

    /** The registry name of a zoo model ({@code ResNet56} and {@code resnet56} are {@code resnet56}). */
    static String model(String name) {
        if (name.toLowerCase(Locale.ROOT).matches("wrn-\\d+-\\d+")) {
            return name.toLowerCase(Locale.ROOT); // any wide ResNet depth and width is a model
        }
        return resolve("model", name, Zoo.names(), "./cnnzoo models lists them");
    }

    /** {@code input} as one of {@code known}, ignoring case and {@code _}/{@code -}; else an error with suggestions. */
    static String resolve(String kind, String input, Collection<String> known, String listHint) {
        String key = normal(input);
        for (String name : known) {
            if (normal(name).equals(key)) {
                return name;
            }
        }
        List<String> close = known.stream()
                .filter(name -> distance(normal(name), key) <= Math.max(2, key.length() / 4))
                .sorted(Comparator.comparingInt(name -> distance(normal(name), key)))
                .limit(3).toList();
        throw new IllegalArgumentException("unknown " + kind + " '" + input + "'"
                + (close.isEmpty() ? "" : "; did you mean " + String.join(" or ", close) + "?")
                + (known.size() <= 8 ? " Known: " + String.join(", ", known) : " (" + listHint + ")"));
    }

    private static String normal(String name) {
        return name.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Levenshtein distance: insertions, deletions and substitutions. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
