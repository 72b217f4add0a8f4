package io.cnnzoo.data.datavec;

import io.cnnzoo.data.DatasetFormatException;
import io.cnnzoo.data.ImageDataset;
import org.datavec.api.conf.Configuration;
import org.datavec.api.records.Record;
import org.datavec.api.records.metadata.RecordMetaData;
import org.datavec.api.records.metadata.RecordMetaDataIndex;
import org.datavec.api.records.reader.BaseRecordReader;
import org.datavec.api.split.InputSplit;
import org.datavec.api.writable.IntWritable;
import org.datavec.api.writable.NDArrayWritable;
import org.datavec.api.writable.Writable;
import org.datavec.api.writable.batch.NDArrayRecordBatch;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A DataVec {@code RecordReader} over an image dataset whose split is a few whole files (IDX, CIFAR
 * binary): {@link #initialize(InputSplit)} picks the split's files out of the input split's locations by
 * name, checks and loads them into an {@link ImageDataset}, and the reader then returns one record per
 * image, in file order:
 * <pre>
 *   [NDArrayWritable image (float, shape [1, C, H, W]), IntWritable label]
 * </pre>
 * so that {@code new RecordReaderDataSetIterator(reader, batchSize, 1, reader.numClasses())} yields
 * NCHW feature batches and one-hot labels.
 *
 * <p>Pixels are floats in [0, 255] by default, as DataVec's {@code ImageRecordReader} returns them (so
 * that its {@code ImagePreProcessingScaler} applies unchanged); {@link PixelScale#UNIT} gives [0, 1], the
 * same values {@link io.cnnzoo.data.ImageBatchIterator} yields.
 *
 * <p>The input split is a {@code FileSplit} of the dataset folder (files of the other split and other
 * files are ignored), or any split naming the files, or their folder, as local {@code file:} URIs. A name
 * found twice (a recursive split over several datasets) is an error rather than a guess.
 *
 * <p>{@link #next(int)} is supported and returns the batch as two arrays ({@code NDArrayRecordBatch}),
 * which {@code RecordReaderDataSetIterator} uses unless it collects metadata. Each record's metadata is a
 * {@code RecordMetaDataIndex}: its index in the split (counted across the split's files) and the URI of
 * the split's first file.
 */
public abstract class ImageDatasetRecordReader extends BaseRecordReader {

    /** The range of the pixel values a record carries. */
    public enum PixelScale {
        /** Floats 0..255, the bytes as stored (DataVec's {@code ImageRecordReader} convention). */
        BYTES,
        /** Floats in [0, 1]: byte / 255, computed as {@code ImageDataset.copyScaled} does. */
        UNIT
    }

    private final int numClasses;
    private final List<String> classNames;
    private PixelScale pixelScale = PixelScale.BYTES;
    private Configuration conf;
    private transient ImageDataset data;
    private URI source;
    private int cursor;

    /**
     * @param numClasses the label range
     * @param classNames the class names by label, returned by {@link #getLabels()}; {@code null} if unknown
     */
    protected ImageDatasetRecordReader(int numClasses, List<String> classNames) {
        if (classNames != null && classNames.size() != numClasses) {
            throw new IllegalArgumentException(classNames.size() + " class names for " + numClasses + " classes");
        }
        this.numClasses = numClasses;
        this.classNames = classNames == null ? null : List.copyOf(classNames);
    }

    /** The files of this reader's split among {@code available}, in reading order. */
    protected abstract List<Path> selectFiles(List<Path> available) throws IOException;

    /** Reads and checks the selected files. */
    protected abstract ImageDataset read(List<Path> files) throws IOException;

    /** Sets the pixel range of the records (default {@link PixelScale#BYTES}). */
    public ImageDatasetRecordReader pixelScale(PixelScale scale) {
        this.pixelScale = Objects.requireNonNull(scale, "scale");
        return this;
    }

    public PixelScale pixelScale() {
        return pixelScale;
    }

    /** The label range: the {@code numPossibleLabels} of {@code RecordReaderDataSetIterator}. */
    public int numClasses() {
        return numClasses;
    }

    /**
     * The loaded split, for the fast batched {@link io.cnnzoo.data.ImageBatchIterator} over the same
     * source; available after {@link #initialize(InputSplit)}.
     */
    public ImageDataset dataset() {
        checkInitialized();
        return data;
    }

    @Override
    public void initialize(InputSplit split) throws IOException, InterruptedException {
        super.initialize(split);
        List<Path> files = selectFiles(localFiles(split));
        ImageDataset loaded = read(files);
        if (loaded.numClasses() != numClasses) {
            throw new IllegalStateException(loaded.name() + " has " + loaded.numClasses() + " classes, the reader "
                    + numClasses);
        }
        data = loaded;
        source = files.get(0).toUri();
        cursor = 0;
    }

    @Override
    public void initialize(Configuration conf, InputSplit split) throws IOException, InterruptedException {
        setConf(conf);
        initialize(split);
    }

    @Override
    public boolean hasNext() {
        return data != null && cursor < data.size();
    }

    @Override
    public List<Writable> next() {
        return nextRecord().getRecord();
    }

    @Override
    public Record nextRecord() {
        checkInitialized();
        if (!hasNext()) {
            throw new NoSuchElementException("all " + data.size() + " records of " + data.name()
                    + " have been read; call reset()");
        }
        int index = cursor++;
        Record record = recordAt(index);
        invokeListeners(record.getRecord());
        return record;
    }

    @Override
    public boolean batchesSupported() {
        return true;
    }

    /**
     * The next {@code num} records (fewer at the end) as one batch: features {@code [n, C, H, W]} and
     * labels {@code [n, 1]}.
     */
    @Override
    public List<List<Writable>> next(int num) {
        checkInitialized();
        if (num < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + num);
        }
        if (!hasNext()) {
            throw new NoSuchElementException("all " + data.size() + " records of " + data.name()
                    + " have been read; call reset()");
        }
        int n = Math.min(num, data.size() - cursor);
        int imageSize = data.imageSize();
        float[] features = new float[n * imageSize];
        float[] labels = new float[n];
        for (int i = 0; i < n; i++) {
            copyImage(cursor + i, features, i * imageSize);
            labels[i] = data.label(cursor + i);
        }
        cursor += n;
        NDArrayRecordBatch batch = new NDArrayRecordBatch(
                Nd4j.create(features, new long[]{n, data.channels(), data.height(), data.width()}, DataType.FLOAT),
                Nd4j.create(labels, new long[]{n, 1}, DataType.FLOAT));
        invokeListeners(batch);
        return batch;
    }

    /** The class names by label, or {@code null} when the reader was not given them. */
    @Override
    public List<String> getLabels() {
        return classNames;
    }

    /** Back to the first record. */
    @Override
    public void reset() {
        cursor = 0;
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    /** Not supported: a record is only meaningful within its split's files. */
    @Override
    public List<Writable> record(URI uri, DataInputStream dataInputStream) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " reads whole dataset files; "
                + "call initialize(InputSplit) with the dataset folder instead of reading single records from "
                + uri);
    }

    /** The record of {@code metaData} (from this reader's {@link #nextRecord()}); the position is unchanged. */
    @Override
    public Record loadFromMetaData(RecordMetaData metaData) {
        checkInitialized();
        if (!(metaData instanceof RecordMetaDataIndex index) || !source.equals(metaData.getURI())) {
            throw new IllegalArgumentException("metadata " + metaData + " does not come from this reader's split "
                    + source);
        }
        if (index.getIndex() < 0 || index.getIndex() >= data.size()) {
            throw new IllegalArgumentException("no record " + index.getIndex() + " in " + data.name() + " ("
                    + data.size() + " records)");
        }
        return recordAt((int) index.getIndex());
    }

    @Override
    public List<Record> loadFromMetaData(List<RecordMetaData> metaData) {
        List<Record> records = new ArrayList<>(metaData.size());
        for (RecordMetaData m : metaData) {
            records.add(loadFromMetaData(m));
        }
        return records;
    }

    /** Releases the loaded images; {@link #initialize(InputSplit)} loads them again. */
    @Override
    public void close() {
        data = null;
        cursor = 0;
    }

    @Override
    public void setConf(Configuration conf) {
        this.conf = conf;
    }

    @Override
    public Configuration getConf() {
        return conf;
    }

    /**
     * The file among {@code available} named {@code name}, else {@code name.gz}.
     *
     * @param needs what the split needs, for the error message ("the train split of fashion-mnist needs ...")
     * @throws DatasetFormatException when it is missing or found more than once
     */
    protected static Path pick(List<Path> available, String name, String needs) throws DatasetFormatException {
        for (String candidate : List.of(name, name + ".gz")) {
            List<Path> matches = available.stream().filter(p -> p.getFileName().toString().equals(candidate))
                    .toList();
            if (matches.size() > 1) {
                throw new DatasetFormatException(matches.get(0), "found " + matches.size() + " files named "
                        + candidate + " in the input split " + matches + "; give a split of one dataset folder");
            }
            if (matches.size() == 1) {
                return matches.get(0);
            }
        }
        Path dir = available.isEmpty() ? null : available.get(0).getParent();
        throw new DatasetFormatException(dir == null ? Path.of(name) : dir.resolve(name), "missing from the input "
                + "split: " + needs + " (raw or .gz); found "
                + available.stream().map(p -> p.getFileName().toString()).sorted().toList());
    }

    private Record recordAt(int index) {
        float[] pixels = new float[data.imageSize()];
        copyImage(index, pixels, 0);
        List<Writable> values = List.of(
                new NDArrayWritable(Nd4j.create(pixels, new long[]{1, data.channels(), data.height(), data.width()},
                        DataType.FLOAT)),
                new IntWritable(data.label(index)));
        return new org.datavec.api.records.impl.Record(values, new RecordMetaDataIndex(index, source, getClass()));
    }

    private void copyImage(int index, float[] dest, int destOffset) {
        if (pixelScale == PixelScale.UNIT) {
            data.copyScaled(index, dest, destOffset);
        } else {
            for (int i = 0, n = data.imageSize(); i < n; i++) {
                dest[destOffset + i] = data.pixel(index, i);
            }
        }
    }

    private void checkInitialized() {
        if (data == null) {
            throw new IllegalStateException(getClass().getSimpleName() + " has no data: call initialize(InputSplit)"
                    + " with the dataset folder first");
        }
    }

    /** The local files an input split names; a folder stands for the regular files directly in it. */
    private List<Path> localFiles(InputSplit split) throws IOException {
        URI[] locations = split.locations();
        if (locations == null || locations.length == 0) {
            throw new IOException("the input split " + split + " names no files");
        }
        List<Path> files = new ArrayList<>();
        for (URI uri : locations) {
            if (uri.getScheme() != null && !"file".equals(uri.getScheme())) {
                throw new UnsupportedOperationException(getClass().getSimpleName() + " reads local files only, not "
                        + uri);
            }
            Path path = uri.getScheme() == null ? Path.of(uri.getPath()) : Path.of(uri);
            if (Files.isDirectory(path)) {
                try (Stream<Path> listing = Files.list(path)) {
                    listing.filter(Files::isRegularFile).sorted().forEach(files::add);
                }
            } else {
                files.add(path);
            }
        }
        return files;
    }
}
