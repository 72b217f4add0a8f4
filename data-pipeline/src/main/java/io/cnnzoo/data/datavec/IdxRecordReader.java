package io.cnnzoo.data.datavec;

import io.cnnzoo.data.Split;
import io.cnnzoo.data.DatasetSpec;
import io.cnnzoo.data.ImageDataset;
import io.cnnzoo.data.mnist.MnistFormat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * One split of an MNIST-family dataset (MNIST, Fashion-MNIST, KMNIST) as DataVec records:
 * {@code [NDArrayWritable [1, 1, 28, 28], IntWritable label]}. The split reads
 * {@code train-images-idx3-ubyte} and {@code train-labels-idx1-ubyte} (or the {@code t10k-} pair), raw or
 * gzipped, through {@link MnistFormat}, which checks them against each other and the class count.
 *
 * <pre>{@code
 * RecordReader reader = new IdxRecordReader(Datasets.FASHION_MNIST, Split.TRAIN);
 * reader.initialize(new FileSplit(dataDir.toFile()));
 * DataSetIterator it = new RecordReaderDataSetIterator(reader, 64, 1, 10);
 * }</pre>
 */
public final class IdxRecordReader extends ImageDatasetRecordReader {

    private final DatasetSpec spec;
    private final Split split;

    public IdxRecordReader(DatasetSpec spec, Split split) {
        super(spec.numClasses(), spec.classNames());
        this.spec = spec;
        this.split = split;
    }

    @Override
    protected List<Path> selectFiles(List<Path> available) throws IOException {
        String images = MnistFormat.imagesFile(split);
        String labels = MnistFormat.labelsFile(split);
        String needs = "the " + split.label() + " split of " + spec.name() + " needs " + images + " and "
                + labels;
        return List.of(pick(available, images, needs), pick(available, labels, needs));
    }

    @Override
    protected ImageDataset read(List<Path> files) throws IOException {
        return MnistFormat.load(spec, split, files.get(0), files.get(1));
    }
}
