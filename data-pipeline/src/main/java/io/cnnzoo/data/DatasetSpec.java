package io.cnnzoo.data;

import io.cnnzoo.data.cifar.CifarFormat;
import io.cnnzoo.data.mnist.MnistFormat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What identifies a dataset on disk, and where to get it.
 *
 * @param name             the registry name ({@code fashion-mnist})
 * @param files            the file names a reader needs, without a {@code .gz} suffix (either form is
 *                         accepted); {@link DataLocator#find} returns a folder holding all of them
 * @param systemCopies     folders where an operating-system package installs the files
 * @param classNames       the class names, by label (CIFAR-100: the 100 fine labels)
 * @param coarseClassNames CIFAR-100's 20 superclass names, by coarse label; empty for other datasets
 * @param shape            one image's shape, or {@code null} when not recorded
 * @param trainCount       images in the training split (0 when not recorded)
 * @param testCount        images in the test split (0 when not recorded)
 * @param downloads        what {@code cnnzoo data fetch} downloads; empty when the registry knows no source
 * @param contents         size and checksum of each of {@code files} as a reader sees it (decompressed)
 * @param format           how {@code files} are read, or {@code null} for a dataset known only by its files
 */
public record DatasetSpec(String name, List<String> files, List<Path> systemCopies, List<String> classNames,
                          List<String> coarseClassNames, Shape shape, int trainCount, int testCount,
                          List<RemoteFile> downloads, List<ContentChecksum> contents, Format format) {

    /** The file formats cnnzoo reads. */
    public enum Format {
        /** MNIST's four IDX files ({@link MnistFormat}). */
        IDX,
        /** CIFAR-10's binary batches ({@link CifarFormat#cifar10()}). */
        CIFAR_10,
        /** CIFAR-100's binary files, fine labels ({@link CifarFormat#cifar100}). */
        CIFAR_100
    }

    /** One image: channels, height, width (the NCHW order of {@link ImageDataset}). */
    public record Shape(int channels, int height, int width) {
    }

    public DatasetSpec {
        files = List.copyOf(files);
        systemCopies = List.copyOf(systemCopies);
        classNames = List.copyOf(classNames);
        coarseClassNames = List.copyOf(coarseClassNames);
        downloads = List.copyOf(downloads);
        contents = List.copyOf(contents);
    }

    /** A dataset known only by its files (no download, no checksums): for tests and user-defined folders. */
    public DatasetSpec(String name, List<String> files, List<Path> systemCopies, List<String> classNames) {
        this(name, files, systemCopies, classNames, List.of(), null, 0, 0, List.of(), List.of(), null);
    }

    /**
     * One split, read from the folder {@code dir} that holds {@link #files()} (raw or gzipped). The registry's
     * counts bound what is read: a subset of the published split loads (a user's own smaller files, a test's),
     * a file larger than the whole split does not, and nothing is allocated before that is checked.
     */
    public ImageDataset load(Path dir, Split split) throws IOException {
        if (format == null) {
            throw new IllegalStateException("dataset '" + name + "' registers no file format to read it with");
        }
        return switch (format) {
            case IDX -> MnistFormat.load(this, dir, split);
            case CIFAR_10 -> CifarFormat.cifar10().withoutRecordCountCheck().load(dir, split);
            case CIFAR_100 -> CifarFormat.cifar100(CifarFormat.Labels.FINE).withoutRecordCountCheck().load(dir, split);
        };
    }

    public int numClasses() {
        return classNames.size();
    }

    /** What the registry records about {@code file} (a name from {@link #files()} or an extra extracted file). */
    public Optional<ContentChecksum> content(String file) {
        return contents.stream().filter(c -> c.file().equals(file)).findFirst();
    }

    /** The download saved under {@code fileName}, if this dataset is published as such a file. */
    public Optional<RemoteFile> download(String fileName) {
        return downloads.stream().filter(d -> d.fileName().equals(fileName)).findFirst();
    }

    /** The total size of {@link #downloads()}, or -1 when a size is unpublished. */
    public long downloadBytes() {
        long total = 0;
        for (RemoteFile d : downloads) {
            if (d.size() == null) {
                return -1;
            }
            total += d.size();
        }
        return total;
    }
}
