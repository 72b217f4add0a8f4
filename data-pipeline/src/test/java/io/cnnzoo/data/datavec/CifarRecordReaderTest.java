package io.cnnzoo.data.datavec;

import io.cnnzoo.data.Split;
import io.cnnzoo.data.DatasetFormatException;
import io.cnnzoo.data.Datasets;
import io.cnnzoo.data.ImageBatchIterator;
import io.cnnzoo.data.ImageDataset;
import io.cnnzoo.data.cifar.CifarFiles;
import io.cnnzoo.data.cifar.CifarFormat;
import org.datavec.api.records.Record;
import org.datavec.api.records.listener.RecordListener;
import org.datavec.api.records.reader.RecordReader;
import org.datavec.api.records.writer.RecordWriter;
import org.datavec.api.split.CollectionInputSplit;
import org.datavec.api.split.FileSplit;
import org.datavec.api.writable.IntWritable;
import org.datavec.api.writable.NDArrayWritable;
import org.datavec.api.writable.Writable;
import org.datavec.api.writable.batch.NDArrayRecordBatch;
import org.deeplearning4j.datasets.datavec.RecordReaderDataSetIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.preprocessor.ImagePreProcessingScaler;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

import static io.cnnzoo.data.cifar.CifarFiles.PATTERN;
import static io.cnnzoo.data.cifar.CifarFiles.cifar10;
import static io.cnnzoo.data.cifar.CifarFiles.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CifarRecordReaderTest {

    private static final CifarFormat TINY_CIFAR10 = CifarFormat.cifar10().withoutRecordCountCheck();

    @TempDir
    Path dir;

    /** A CIFAR-10 folder: five training batches (labels 1..5, two records each), a test batch of three. */
    private Path cifarFolder() throws IOException {
        for (int b = 1; b <= 5; b++) {
            write(dir.resolve("data_batch_" + b + ".bin"), cifar10(b, b));
        }
        write(dir.resolve("test_batch.bin"), cifar10(3, 0, 9));
        write(dir.resolve("batches.meta.txt"), "airplane\nautomobile\n".getBytes());
        return dir;
    }

    private static RecordReader initialized(ImageDatasetRecordReader reader, Path folder) throws Exception {
        reader.initialize(new FileSplit(folder.toFile()));
        return reader;
    }

    private static List<Integer> allLabels(RecordReader reader) {
        List<Integer> labels = new ArrayList<>();
        while (reader.hasNext()) {
            labels.add(reader.next().get(1).toInt());
        }
        return labels;
    }

    @Test
    void eachRecordIsAnNchwImageAndItsLabel() throws Exception {
        RecordReader reader = initialized(new CifarRecordReader(TINY_CIFAR10, Split.TEST), cifarFolder());

        List<Writable> first = reader.next();
        assertEquals(2, first.size());
        INDArray image = assertInstanceOf(NDArrayWritable.class, first.get(0)).get();
        assertArrayEquals(new long[]{1, 3, 32, 32}, image.shape());
        assertEquals(new IntWritable(3), first.get(1));
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    assertEquals(PATTERN.value(0, c, y, x), image.getFloat(0, c, y, x)); // bytes as stored: 0..255
                }
            }
        }
        assertEquals(List.of(0, 9), allLabels(reader));
        assertThrows(NoSuchElementException.class, reader::next);

        assertTrue(reader.resetSupported());
        reader.reset();
        assertEquals(List.of(3, 0, 9), allLabels(reader));
    }

    @Test
    void pixelCOneYZeroXTwoIsTheGreenPlanesThirdByte() throws Exception {
        byte[] file = new byte[CifarFiles.CIFAR10_RECORD];
        file[1 + 1024 + 2] = (byte) 200; // label byte, 1,024 red values, then green row 0, column 2
        write(dir.resolve("test_batch.bin"), file);
        RecordReader reader = initialized(new CifarRecordReader(TINY_CIFAR10, Split.TEST), dir);

        INDArray image = ((NDArrayWritable) reader.next().get(0)).get();
        assertEquals(200f, image.getFloat(0, 1, 0, 2));
        assertEquals(200.0, image.sumNumber().doubleValue());
    }

    @Test
    void theTestReaderReadsOnlyTheTestBatchAndTrainingTheFiveInOrder() throws Exception {
        Path folder = cifarFolder();
        assertEquals(List.of(3, 0, 9),
                allLabels(initialized(new CifarRecordReader(TINY_CIFAR10, Split.TEST), folder)));
        assertEquals(List.of(1, 1, 2, 2, 3, 3, 4, 4, 5, 5),
                allLabels(initialized(new CifarRecordReader(TINY_CIFAR10, Split.TRAIN), folder)));
    }

    @Test
    void aSplitNamingTheFilesWorksAsWellAsTheFolder() throws Exception {
        Path folder = cifarFolder();
        ImageDatasetRecordReader reader = new CifarRecordReader(TINY_CIFAR10, Split.TEST);
        reader.initialize(new CollectionInputSplit(List.of(folder.resolve("test_batch.bin").toUri())));
        assertEquals(List.of(3, 0, 9), allLabels(reader));

        reader.initialize(new CollectionInputSplit(List.of(folder.toUri())));
        assertEquals(List.of(3, 0, 9), allLabels(reader));
    }

    /** RecordReaderDataSetIterator(reader, batch, 1, 10) must equal the fast iterator's batches. */
    @Test
    void recordReaderDataSetIteratorGivesTheSameBatchesAsImageBatchIterator() throws Exception {
        Path folder = cifarFolder();
        ImageDataset train = TINY_CIFAR10.load(folder, Split.TRAIN);

        for (boolean collectMetaData : new boolean[]{false, true}) { // batched next(int) / one record at a time
            ImageDatasetRecordReader reader = new CifarRecordReader(TINY_CIFAR10, Split.TRAIN)
                    .pixelScale(ImageDatasetRecordReader.PixelScale.UNIT);
            reader.initialize(new FileSplit(folder.toFile()));
            List<Object> reads = new ArrayList<>();
            reader.setListeners(new ReadRecorder(reads));
            RecordReaderDataSetIterator viaDataVec = new RecordReaderDataSetIterator(reader, 4, 1,
                    reader.numClasses());
            viaDataVec.setCollectMetaData(collectMetaData);
            ImageBatchIterator fast = ImageBatchIterator.inOrder(train, 4);
            int batches = 0;
            while (fast.hasNext()) {
                DataSet expected = fast.next();
                DataSet actual = viaDataVec.next();
                assertEquals(expected.getFeatures(), actual.getFeatures());
                assertEquals(expected.getLabels(), actual.getLabels());
                batches++;
            }
            assertFalse(viaDataVec.hasNext());
            assertEquals(3, batches); // 10 images in batches of 4, 4, 2
            assertEquals(!collectMetaData, reads.stream().anyMatch(r -> r instanceof NDArrayRecordBatch));
        }

        // The default [0, 255] records, scaled as DataVec users scale ImageRecordReader output.
        ImageDatasetRecordReader bytes = new CifarRecordReader(TINY_CIFAR10, Split.TRAIN);
        bytes.initialize(new FileSplit(folder.toFile()));
        RecordReaderDataSetIterator scaled = new RecordReaderDataSetIterator(bytes, 10, 1, 10);
        scaled.setPreProcessor(new ImagePreProcessingScaler(0, 1));
        DataSet expected = ImageBatchIterator.inOrder(train, 10).next();
        DataSet actual = scaled.next();
        assertTrue(expected.getFeatures().equalsWithEps(actual.getFeatures(), 1e-6));
        assertEquals(expected.getLabels(), actual.getLabels());
    }

    /** Records what the reader hands out: a batch object (next(int)) or single records. */
    private record ReadRecorder(List<Object> reads) implements RecordListener {
        @Override
        public boolean invoked() {
            return !reads.isEmpty();
        }

        @Override
        public void invoke() {
        }

        @Override
        public void recordRead(RecordReader reader, Object record) {
            reads.add(record);
        }

        @Override
        public void recordWrite(RecordWriter writer, Object record) {
        }
    }

    @Test
    void metadataReloadsARecordOfTheSameSplitOnly() throws Exception {
        Path folder = cifarFolder();
        RecordReader test = initialized(new CifarRecordReader(TINY_CIFAR10, Split.TEST), folder);
        test.next();
        Record second = test.nextRecord();
        Record reloaded = test.loadFromMetaData(second.getMetaData());
        assertEquals(second.getRecord(), reloaded.getRecord());
        assertEquals(9, test.next().get(1).toInt()); // reloading does not move the reader

        RecordReader train = initialized(new CifarRecordReader(TINY_CIFAR10, Split.TRAIN), folder);
        assertThrows(IllegalArgumentException.class, () -> train.loadFromMetaData(second.getMetaData()));
    }

    @Test
    void formatErrorsSurfaceFromInitialize() throws Exception {
        for (int b = 1; b <= 4; b++) {
            write(dir.resolve("data_batch_" + b + ".bin"), cifar10(b));
        }
        DatasetFormatException missing = assertThrows(DatasetFormatException.class,
                () -> initialized(new CifarRecordReader(TINY_CIFAR10, Split.TRAIN), dir));
        assertTrue(missing.getMessage().contains("data_batch_5.bin") && missing.getMessage().contains(
                "[data_batch_1.bin, data_batch_2.bin, data_batch_3.bin, data_batch_4.bin]"), missing.getMessage());

        write(dir.resolve("test_batch.bin"), new byte[CifarFiles.CIFAR10_RECORD + 5]);
        DatasetFormatException size = assertThrows(DatasetFormatException.class,
                () -> initialized(new CifarRecordReader(TINY_CIFAR10, Split.TEST), dir));
        assertTrue(size.getMessage().contains("test_batch.bin") && size.getMessage().contains("record 1 at offset 3073"),
                size.getMessage());
    }

    @Test
    void twoFilesOfTheSameNameAreAnErrorNotAGuess() throws Exception {
        Files.createDirectories(dir.resolve("a"));
        Files.createDirectories(dir.resolve("b"));
        write(dir.resolve("a/test_batch.bin"), cifar10(1));
        write(dir.resolve("b/test_batch.bin"), cifar10(2));
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> initialized(new CifarRecordReader(TINY_CIFAR10, Split.TEST), dir));
        assertTrue(e.getMessage().contains("2 files named test_batch.bin"), e.getMessage());
    }

    @Test
    void readingBeforeInitializeSaysWhatToDo() {
        CifarRecordReader reader = new CifarRecordReader(CifarFormat.cifar10(), Split.TEST);
        assertFalse(reader.hasNext());
        IllegalStateException e = assertThrows(IllegalStateException.class, reader::next);
        assertTrue(e.getMessage().contains("initialize"), e.getMessage());
        assertThrows(UnsupportedOperationException.class, () -> reader.record(dir.toUri(), null));
    }

    @Test
    void classNamesAreTheReadersLabels() {
        List<String> names = List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship",
                "truck");
        assertEquals(names, new CifarRecordReader(CifarFormat.cifar10(), Split.TRAIN, names).getLabels());
        assertThrows(IllegalArgumentException.class, () -> new CifarRecordReader(
                CifarFormat.cifar100(CifarFormat.Labels.COARSE), Split.TRAIN, names));
        // The registry's names fit the formats' label ranges.
        assertEquals(10, new CifarRecordReader(CifarFormat.cifar10(), Split.TRAIN,
                Datasets.CIFAR_10.classNames()).getLabels().size());
        assertEquals(100, new CifarRecordReader(CifarFormat.cifar100(CifarFormat.Labels.FINE),
                Split.TRAIN, Datasets.CIFAR_100.classNames()).getLabels().size());
        assertEquals(20, new CifarRecordReader(CifarFormat.cifar100(CifarFormat.Labels.COARSE),
                Split.TRAIN, Datasets.CIFAR_100.coarseClassNames()).getLabels().size());
    }
}
