package io.cnnzoo.data.cifar;

import io.cnnzoo.data.DataLocator;
import io.cnnzoo.data.DatasetFormatException;
import io.cnnzoo.data.ImageDataset;
import io.cnnzoo.data.Split;
import io.cnnzoo.data.io.BoundedReads;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * The binary version of CIFAR-10 and CIFAR-100 (Krizhevsky 2009, https://www.cs.toronto.edu/~kriz/cifar.html).
 *
 * <p>A file is a sequence of records with nothing between them. A CIFAR-10 record is 1 label byte (0-9)
 * and 3,072 pixel bytes; a CIFAR-100 record is a coarse label byte (0-19), a fine label byte (0-99) and
 * 3,072 pixel bytes. The pixels are the 1,024 red values, then the 1,024 green, then the 1,024 blue, each
 * plane row-major over 32x32: exactly the channel, row, column order of {@link ImageDataset}, so a
 * record's pixels are copied as they are.
 *
 * <p>CIFAR-10 training is {@code data_batch_1.bin} ... {@code data_batch_5.bin} (10,000 records each, in
 * that order), its test split {@code test_batch.bin} (10,000); CIFAR-100 has {@code train.bin} (50,000)
 * and {@code test.bin} (10,000). A split reads only its own files: unlike DataVec's {@code CifarLoader},
 * test records never enter the training set. Files ending in {@code .gz} are decompressed first.
 *
 * <p>Every file is checked before its records are used: its size must be a whole number of records, its
 * record count what the dataset's README says (unless {@link #withoutRecordCountCheck()}), every label
 * byte within its range. Errors name the file, the record and its byte offset, and what was expected.
 */
public final class CifarFormat {

    public static final int CHANNELS = 3;
    public static final int HEIGHT = 32;
    public static final int WIDTH = 32;
    /** Pixel bytes per record: 3 planes of 32x32. */
    public static final int PIXEL_BYTES = CHANNELS * HEIGHT * WIDTH;

    /** Which of CIFAR-100's two labels an image carries. */
    public enum Labels {
        /** The 100 classes. */
        FINE,
        /** The 20 superclasses. */
        COARSE
    }

    private final String name;
    /** Label bytes at the start of each record, and the number of classes of each (by position). */
    private final int[] labelRanges;
    private final String[] labelNames;
    /** Which label byte becomes the image's label. */
    private final int labelByte;
    private final List<String> trainFiles;
    private final List<String> testFiles;
    private final int recordsPerTrainFile;
    private final int recordsPerTestFile;
    private final boolean checkRecordCounts;

    private CifarFormat(String name, int[] labelRanges, String[] labelNames, int labelByte, List<String> trainFiles,
                        List<String> testFiles, int recordsPerTrainFile, int recordsPerTestFile,
                        boolean checkRecordCounts) {
        this.name = name;
        this.labelRanges = labelRanges;
        this.labelNames = labelNames;
        this.labelByte = labelByte;
        this.trainFiles = trainFiles;
        this.testFiles = testFiles;
        this.recordsPerTrainFile = recordsPerTrainFile;
        this.recordsPerTestFile = recordsPerTestFile;
        this.checkRecordCounts = checkRecordCounts;
    }

    /** CIFAR-10: ten classes, five training batches of 10,000 and one test batch of 10,000. */
    public static CifarFormat cifar10() {
        return new CifarFormat("cifar-10", new int[]{10}, new String[]{"label"}, 0,
                List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin",
                        "data_batch_5.bin"),
                List.of("test_batch.bin"), 10_000, 10_000, true);
    }

    /** CIFAR-100 with its fine (100 classes) or coarse (20 superclasses) labels: 50,000 training, 10,000 test. */
    public static CifarFormat cifar100(Labels labels) {
        return new CifarFormat(labels == Labels.FINE ? "cifar-100" : "cifar-100-coarse", new int[]{20, 100},
                new String[]{"coarse label", "fine label"}, labels == Labels.FINE ? 1 : 0,
                List.of("train.bin"), List.of("test.bin"), 50_000, 10_000, true);
    }

    /**
     * The same format, accepting any whole number of records per file: for small files made by hand
     * (tests, subsets). Sizes and labels are still checked.
     */
    public CifarFormat withoutRecordCountCheck() {
        return new CifarFormat(name, labelRanges, labelNames, labelByte, trainFiles, testFiles, recordsPerTrainFile,
                recordsPerTestFile, false);
    }

    /** {@code cifar-10}, {@code cifar-100} (fine labels) or {@code cifar-100-coarse}. */
    public String name() {
        return name;
    }

    /** Bytes per record: the label bytes (1 or 2) and 3,072 pixel bytes. */
    public int recordSize() {
        return labelRanges.length + PIXEL_BYTES;
    }

    /** Classes of the label this format reads: 10, 100 (fine) or 20 (coarse). */
    public int numClasses() {
        return labelRanges[labelByte];
    }

    /** The file names of {@code split}, in reading order. */
    public List<String> files(Split split) {
        return split == Split.TRAIN ? trainFiles : testFiles;
    }

    /** Records each file of {@code split} holds in the published dataset. */
    public int recordsPerFile(Split split) {
        return split == Split.TRAIN ? recordsPerTrainFile : recordsPerTestFile;
    }

    /**
     * The files of {@code split} in folder {@code dir} (each raw or {@code .gz}); other files there (the
     * other split, {@code batches.meta.txt}) are not read.
     *
     * @throws DatasetFormatException naming the first missing file and listing what the folder holds
     */
    public ImageDataset load(Path dir, Split split) throws IOException {
        List<Path> files = new ArrayList<>();
        for (String wanted : files(split)) {
            Optional<Path> file = DataLocator.file(dir, wanted);
            if (file.isEmpty()) {
                List<String> present;
                try (Stream<Path> listing = Files.list(dir)) {
                    present = listing.map(p -> p.getFileName().toString()).sorted().toList();
                }
                throw new DatasetFormatException(dir.resolve(wanted), "missing: the " + split.label()
                        + " split of " + name + " needs " + files(split) + " (raw or .gz); the folder holds "
                        + present);
            }
            files.add(file.get());
        }
        return load(files, split);
    }

    /**
     * Reads {@code files}, in this order, as one split: each must hold {@link #recordsPerFile} records of
     * {@code split} unless the check is off. Nothing is returned unless every file is valid.
     */
    public ImageDataset load(List<Path> files, Split split) throws IOException {
        int[] counts = new int[files.size()];
        byte[][] inflated = new byte[files.size()][];
        long total = 0;
        // First every file's size, so that a bad file fails before the big arrays are allocated.
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            long size;
            if (isGzip(file)) {
                inflated[i] = gunzip(file, split);
                size = inflated[i].length;
            } else {
                size = Files.size(file);
            }
            counts[i] = recordCount(file, size, split);
            total += counts[i];
        }
        if (total * PIXEL_BYTES > Integer.MAX_VALUE - 8) {
            throw new DatasetFormatException(files.get(0), "the files hold " + total + " records, more than one"
                    + " array can");
        }
        byte[] pixels = new byte[(int) total * PIXEL_BYTES];
        int[] labels = new int[(int) total];
        int first = 0;
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            try (InputStream in = inflated[i] != null ? new ByteArrayInputStream(inflated[i])
                    : new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
                readRecords(file, in, counts[i], pixels, labels, first);
            }
            first += counts[i];
        }
        return new ImageDataset(name + "-" + split.label(), pixels, labels, CHANNELS, HEIGHT, WIDTH,
                numClasses());
    }

    /** Whole records in a file of {@code size} bytes, after the size and count checks. */
    private int recordCount(Path file, long size, Split split) throws DatasetFormatException {
        int recordSize = recordSize();
        long records = size / recordSize;
        if (size % recordSize != 0) {
            throw new DatasetFormatException(file, "size " + size + " bytes is not a multiple of the " + recordSize
                    + "-byte " + name + " record (" + labelRanges.length + " label byte(s) + " + PIXEL_BYTES
                    + " pixel bytes): record " + records + " at offset " + records * recordSize + " has only "
                    + size % recordSize + " bytes");
        }
        int expected = recordsPerFile(split);
        if (checkRecordCounts && records != expected) {
            String where = records < expected
                    ? "the file ends at offset " + size + " after record " + (records - 1)
                    : "record " + expected + " at offset " + (long) expected * recordSize + " is one too many";
            throw new DatasetFormatException(file, "holds " + records + " records (" + size + " bytes); expected "
                    + expected + " records (" + (long) expected * recordSize + " bytes) in a " + name + " "
                    + split.label() + " file: " + where);
        }
        if (!checkRecordCounts && size > maxFileBytes(split)) {
            throw new DatasetFormatException(file, "holds " + records + " records (" + size + " bytes); expected at "
                    + "most " + describeLimit(split) + " (" + maxFileBytes(split) + " bytes)");
        }
        if (records > Integer.MAX_VALUE) {
            throw new DatasetFormatException(file, "holds " + records + " records, more than one array can");
        }
        return (int) records;
    }

    /** Reads {@code count} records into {@code pixels}/{@code labels} from image {@code first} on. */
    private void readRecords(Path file, InputStream in, int count, byte[] pixels, int[] labels, int first)
            throws IOException {
        int recordSize = recordSize();
        byte[] labelBytes = new byte[labelRanges.length];
        for (int r = 0; r < count; r++) {
            long offset = (long) r * recordSize;
            readFully(file, in, labelBytes, 0, labelBytes.length, r, offset);
            for (int b = 0; b < labelBytes.length; b++) {
                int value = labelBytes[b] & 0xFF;
                if (value >= labelRanges[b]) {
                    throw new DatasetFormatException(file, labelNames[b] + " " + value + " of record " + r
                            + " (offset " + (offset + b) + ") is outside 0.." + (labelRanges[b] - 1));
                }
            }
            labels[first + r] = labelBytes[labelByte] & 0xFF;
            // CIFAR's R, G, B planes are already NCHW: the pixels go in unchanged.
            readFully(file, in, pixels, (first + r) * PIXEL_BYTES, PIXEL_BYTES, r, offset + labelBytes.length);
        }
    }

    private static void readFully(Path file, InputStream in, byte[] into, int at, int length, int record, long offset)
            throws IOException {
        int read = in.readNBytes(into, at, length);
        if (read < length) {
            // Only when the file shrank after its size was checked.
            throw new DatasetFormatException(file, "truncated in record " + record + ": expected " + length
                    + " bytes at offset " + offset + ", found " + read);
        }
    }

    private static boolean isGzip(Path file) {
        return file.getFileName().toString().endsWith(".gz");
    }

    /**
     * The most bytes a file of {@code split} may inflate to: its published size, or without the record-count check
     * the whole split's (a subset fits; a gzip bomb does not).
     */
    private long maxFileBytes(Split split) {
        return maxRecords(split) * recordSize();
    }

    private long maxRecords(Split split) {
        return checkRecordCounts ? recordsPerFile(split) : (long) recordsPerFile(split) * files(split).size();
    }

    private String describeLimit(Split split) {
        return "the " + maxRecords(split) + " records of " + (checkRecordCounts ? "a " : "the whole ") + name + " "
                + split.label() + (checkRecordCounts ? " file" : " split");
    }

    private byte[] gunzip(Path file, Split split) throws IOException {
        long limit = maxFileBytes(split);
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
            // Inflated into a buffer that grows with the data and stops one byte past the limit.
            return BoundedReads.readAtMost(in, limit, file, describeLimit(split) + " (" + limit + " bytes)");
        } catch (EOFException e) {
            throw new DatasetFormatException(file, "truncated compressed stream: " + e.getMessage(), e);
        } catch (java.util.zip.ZipException e) {
            throw new DatasetFormatException(file, "not a gzip file: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return name + " (" + recordSize() + "-byte records, " + numClasses() + " classes"
                + (checkRecordCounts ? "" : ", any record count") + ")";
    }
}
