package io.cnnzoo.zoo.imagenet;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The names of the 1,000 ImageNet-1k classes, indexed as the outputs of every ImageNet classifier in the zoo
 * and of torchvision's and timm's weights. Shipped as {@code classes.txt} next to this class; its header
 * names the source (torchvision's {@code _IMAGENET_CATEGORIES}).
 */
public final class ImageNetClasses {

    public static final int COUNT = 1000;

    private static final List<String> NAMES = load();

    private ImageNetClasses() {
    }

    /** The name of class {@code index} (0 to 999), e.g. 207 is "golden retriever". */
    public static String name(int index) {
        if (index < 0 || index >= COUNT) {
            throw new IllegalArgumentException("ImageNet class index must be 0.." + (COUNT - 1) + ", got " + index);
        }
        return NAMES.get(index);
    }

    /** All 1,000 names, in class order. */
    public static List<String> names() {
        return NAMES;
    }

    private static List<String> load() {
        List<String> names = new ArrayList<>();
        try (InputStream in = ImageNetClasses.class.getResourceAsStream("classes.txt")) {
            if (in == null) {
                throw new IllegalStateException("classes.txt is missing from cnnzoo-zoo's jar");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = reader.readLine()) != null; ) {
                if (!line.startsWith("#")) {
                    names.add(line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (names.size() != COUNT) {
            throw new IllegalStateException("classes.txt lists " + names.size() + " classes, expected " + COUNT);
        }
        return List.copyOf(names);
    }
}
