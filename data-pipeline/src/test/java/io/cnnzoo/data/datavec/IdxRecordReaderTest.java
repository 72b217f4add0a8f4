package io.cnnzoo.data.datavec;

import io.cnnzoo.data.Split;
import io.cnnzoo.data.DataLocator;
import io.cnnzoo.data.Datasets;
import io.cnnzoo.data.IdxFiles;
import io.cnnzoo.data.ImageDataset;
import io.cnnzoo.data.mnist.MnistFormat;
import org.datavec.api.split.FileSplit;
import org.datavec.api.writable.NDArrayWritable;
import org.datavec.api.writable.Writable;
import org.deeplearning4j.datasets.datavec.RecordReaderDataSetIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class IdxRecordReaderTest {

    @TempDir
    Path dir;

    @Test
    void recordsAreOneChannelImagesWithTheirLabels() throws Exception {
        IdxFiles.writeSplit(dir, "train", 3, 28, 28, new int[]{7, 0, 2}, true);
        IdxFiles.writeSplit(dir, "t10k", 2, 28, 28, new int[]{1, 1}, false);

        IdxRecordReader reader = new IdxRecordReader(Datasets.MNIST, Split.TRAIN);
        reader.initialize(new FileSplit(dir.toFile()));

        for (int i = 0; i < 3; i++) {
            List<Writable> record = reader.next();
            INDArray image = ((NDArrayWritable) record.get(0)).get();
            assertArrayEquals(new long[]{1, 1, 28, 28}, image.shape());
            assertEquals(i, image.getFloat(0, 0, 27, 27)); // IdxFiles writes the image index into every pixel
            assertEquals(new int[]{7, 0, 2}[i], record.get(1).toInt());
        }
        assertFalse(reader.hasNext());
        assertEquals(Datasets.MNIST.classNames(), reader.getLabels());

        IdxRecordReader test = new IdxRecordReader(Datasets.MNIST, Split.TEST);
        test.initialize(new FileSplit(dir.toFile()));
        assertEquals(2, test.dataset().size());
    }

    /**
     * Fashion-MNIST (Xiao et al. 2017): 60,000 training images of 28x28 in ten classes. Debian's
     * dataset-fashion-mnist package provides the gzipped files.
     */
    @Test
    void realFashionMnistThroughRecordReaderDataSetIterator() throws Exception {
        Optional<Path> found = new DataLocator(null, Map.of(), dir).find(Datasets.FASHION_MNIST);
        assumeTrue(found.isPresent(), "Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist)");

        IdxRecordReader reader = new IdxRecordReader(Datasets.FASHION_MNIST, Split.TRAIN);
        reader.initialize(new FileSplit(found.get().toFile()));
        ImageDataset viaFormat = MnistFormat.load(Datasets.FASHION_MNIST, found.get(), Split.TRAIN);

        assertEquals(viaFormat.label(0), reader.next().get(1).toInt());
        reader.reset();

        RecordReaderDataSetIterator it = new RecordReaderDataSetIterator(reader, 1000, 1, reader.numClasses());
        long records = 0;
        boolean first = true;
        while (it.hasNext()) {
            DataSet batch = it.next();
            if (first) {
                assertArrayEquals(new long[]{1000, 1, 28, 28}, batch.getFeatures().shape());
                assertEquals(viaFormat.label(0), batch.getLabels().getRow(0).argMax().getInt(0));
                first = false;
            }
            records += batch.numExamples();
        }
        assertEquals(60_000, records);
    }
}
