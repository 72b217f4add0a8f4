package io.cnnzoo.data.mnist;

import io.cnnzoo.data.DataLocator;
import io.cnnzoo.data.DatasetFormatException;
import io.cnnzoo.data.DatasetSpec;
import io.cnnzoo.data.ImageDataset;
import io.cnnzoo.data.Split;
import io.cnnzoo.data.idx.IdxFile;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Loads the MNIST family (MNIST, Fashion-MNIST, KMNIST) from its four IDX files: 28x28 grey images in
 * {@code *-images-idx3-ubyte}, labels in {@code *-labels-idx1-ubyte}, for the {@code train} and
 * {@code t10k} (test) splits.
 */
public final class MnistFormat {

    /** The four files, training images and labels then test images and labels (LeCun's MNIST page). */
    public static final List<String> FILES = List.of(imagesFile(Split.TRAIN), labelsFile(Split.TRAIN),
            imagesFile(Split.TEST), labelsFile(Split.TEST));

    private MnistFormat() {
    }

    /** {@code train-images-idx3-ubyte} or {@code t10k-images-idx3-ubyte}. */
    public static String imagesFile(Split split) {
        return prefix(split) + "-images-idx3-ubyte";
    }

    /** {@code train-labels-idx1-ubyte} or {@code t10k-labels-idx1-ubyte}. */
    public static String labelsFile(Split split) {
        return prefix(split) + "-labels-idx1-ubyte";
    }

    /** MNIST calls its test split "t10k". */
    private static String prefix(Split split) {
        return split == Split.TRAIN ? "train" : "t10k";
    }

    /** One split of {@code spec} from {@code dir} (raw or gzipped files). */
    public static ImageDataset load(DatasetSpec spec, Path dir, Split split) throws IOException {
        return load(spec, split, find(dir, imagesFile(split)), find(dir, labelsFile(split)));
    }

    private static Path find(Path dir, String file) throws FileNotFoundException {
        return DataLocator.file(dir, file).orElseThrow(
                () -> new FileNotFoundException(dir.resolve(file) + "[.gz] not found"));
    }

    /** One split of {@code spec} from these two files, held to what the registry records of that split. */
    public static ImageDataset load(DatasetSpec spec, Split split, Path images, Path labels) throws IOException {
        int maxCount = split == Split.TRAIN ? spec.trainCount() : spec.testCount();
        int[] imageSize = spec.shape() == null ? new int[0] : new int[]{spec.shape().height(), spec.shape().width()};
        return load(spec.name() + "-" + split.label(), images, labels, spec.numClasses(), maxCount,
                imageSize);
    }

    /** The images and labels of two IDX files, checked against each other and the class count. */
    public static ImageDataset load(String name, Path imagesFile, Path labelsFile, int numClasses) throws IOException {
        return load(name, imagesFile, labelsFile, numClasses, 0, new int[0]);
    }

    /**
     * The images and labels of two IDX files, checked against each other, the class count and, before anything is
     * allocated, the registry's figures: at most {@code maxCount} images (when positive) of {@code imageSize}
     * (rows, columns; when given). A subset of a dataset is accepted; more images than it has are not.
     */
    public static ImageDataset load(String name, Path imagesFile, Path labelsFile, int numClasses, int maxCount,
                                    int... imageSize) throws IOException {
        IdxFile images = IdxFile.read(imagesFile, 3, maxCount, imageSize);
        IdxFile labels = IdxFile.read(labelsFile, 1, maxCount);
        int count = images.dims()[0];
        if (labels.dims()[0] != count) {
            throw new DatasetFormatException(labelsFile, "holds " + labels.dims()[0] + " labels, but "
                    + imagesFile.getFileName() + " holds " + count + " images; expected equal counts");
        }
        int[] values = new int[count];
        for (int i = 0; i < count; i++) {
            values[i] = labels.data()[i] & 0xFF;
            if (values[i] >= numClasses) {
                throw new DatasetFormatException(labelsFile, "label " + values[i] + " of record " + i + " (offset "
                        + (8 + i) + ") is outside 0.." + (numClasses - 1));
            }
        }
        return new ImageDataset(name, images.data(), values, 1, images.dims()[1], images.dims()[2], numClasses);
    }
}
