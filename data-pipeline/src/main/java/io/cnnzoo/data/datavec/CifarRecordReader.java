package io.cnnzoo.data.datavec;

import io.cnnzoo.data.Split;
import io.cnnzoo.data.ImageDataset;
import io.cnnzoo.data.cifar.CifarFormat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One split of CIFAR-10 or CIFAR-100 as DataVec records: {@code [NDArrayWritable [1, 3, 32, 32],
 * IntWritable label]}, read through {@link CifarFormat} (sizes, record counts and labels checked). The
 * training split reads exactly {@code data_batch_1.bin} ... {@code data_batch_5.bin} in that order (or
 * {@code train.bin}), the test split only {@code test_batch.bin} (or {@code test.bin}), whatever else the
 * input split holds.
 *
 * <pre>{@code
 * RecordReader reader = new CifarRecordReader(CifarFormat.cifar10(), Split.TEST);
 * reader.initialize(new FileSplit(cifarDir.toFile()));   // the folder holding the .bin files
 * DataSetIterator it = new RecordReaderDataSetIterator(reader, 128, 1, 10);
 * }</pre>
 */
public final class CifarRecordReader extends ImageDatasetRecordReader {

    private final CifarFormat format;
    private final Split split;

    /** A reader whose {@link #getLabels()} is {@code null}. */
    public CifarRecordReader(CifarFormat format, Split split) {
        this(format, split, null);
    }

    /** A reader with the class names by label (10, 100 fine or 20 coarse). */
    public CifarRecordReader(CifarFormat format, Split split, List<String> classNames) {
        super(format.numClasses(), classNames);
        this.format = format;
        this.split = split;
    }

    @Override
    protected List<Path> selectFiles(List<Path> available) throws IOException {
        String needs = "the " + split.label() + " split of " + format.name() + " needs "
                + format.files(split);
        List<Path> files = new ArrayList<>();
        for (String name : format.files(split)) {
            files.add(pick(available, name, needs));
        }
        return files;
    }

    @Override
    protected ImageDataset read(List<Path> files) throws IOException {
        return format.load(files, split);
    }
}
