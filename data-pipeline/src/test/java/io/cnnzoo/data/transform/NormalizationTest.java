package io.cnnzoo.data.transform;

import io.cnnzoo.data.ImageBatchIterator;
import io.cnnzoo.data.ImageDataset;
import io.cnnzoo.data.synthetic.SyntheticDataset;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class NormalizationTest {

    /**
     * Two 2x1x2 images. Channel 0 holds 0, 255 | 255, 0: mean 0.5, std 0.5. Channel 1 holds 51, 51 |
     * 102, 102 (0.2 and 0.4 in [0, 1]): mean 0.3, std 0.1.
     */
    private static ImageDataset twoImages() {
        byte[] pixels = {0, (byte) 255, 51, 51, (byte) 255, 0, 102, 102};
        return new ImageDataset("two", pixels, new int[]{0, 1}, 2, 1, 2, 2);
    }

    @Test
    void channelStatisticsFollowTheDefinition() {
        ChannelStats stats = ChannelStats.of(twoImages());
        assertEquals(0.5, stats.mean(0), 1e-12);
        assertEquals(0.5, stats.std(0), 1e-12);
        assertEquals(0.3, stats.mean(1), 1e-12);
        assertEquals(0.1, stats.std(1), 1e-12);
    }

    @Test
    void normalisedChannelsHaveMeanZeroAndStdOne() {
        ImageDataset data = twoImages();
        INDArray x = ImageBatchIterator.inOrder(data, 2).normalize(ChannelStats.of(data)).next().getFeatures();
        // every value is mean +- std, so each becomes -1 or +1
        assertEquals(-1, x.getFloat(0, 0, 0, 0), 1e-6);
        assertEquals(1, x.getFloat(0, 0, 0, 1), 1e-6);
        assertEquals(-1, x.getFloat(0, 1, 0, 0), 1e-6);
        assertEquals(1, x.getFloat(1, 1, 0, 1), 1e-6);

        ImageDataset synthetic = SyntheticDataset.of("s", 40, 3, 6, 5, 10, 7);
        ImageBatchIterator it = ImageBatchIterator.shuffled(synthetic, 16, 1).normalize(ChannelStats.of(synthetic));
        double[] sum = new double[3];
        double[] sumOfSquares = new double[3];
        while (it.hasNext()) {
            INDArray f = it.next().getFeatures();
            for (int c = 0; c < 3; c++) {
                INDArray channel = f.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                        org.nd4j.linalg.indexing.NDArrayIndex.point(c));
                sum[c] += channel.sumNumber().doubleValue();
                sumOfSquares[c] += channel.mul(channel).sumNumber().doubleValue();
            }
        }
        double n = 40 * 6 * 5;
        for (int c = 0; c < 3; c++) {
            assertEquals(0, sum[c] / n, 1e-5, "mean of channel " + c);
            assertEquals(1, Math.sqrt(sumOfSquares[c] / n - Math.pow(sum[c] / n, 2)), 1e-5, "std of channel " + c);
        }
    }

    @Test
    void publishedStatisticsNormaliseByTheFormula() {
        // (x - mean) / std for x = 51/255 = 0.2 in channel 1 with mean 0.3, std 0.1: -1
        ImageDataset data = twoImages();
        ChannelStats stats = ChannelStats.of(new double[]{0.25, 0.3}, new double[]{0.5, 0.1});
        DataSet batch = ImageBatchIterator.inOrder(data, 2).normalize(stats).next();
        assertEquals((1 - 0.25) / 0.5, batch.getFeatures().getFloat(0, 0, 0, 1), 1e-6);
        assertEquals(-1, batch.getFeatures().getFloat(0, 1, 0, 0), 1e-6);
    }

    @Test
    void perPixelMeanSubtractionMakesTheMeanImageZero() {
        ImageDataset data = SyntheticDataset.of("s", 30, 3, 4, 4, 10, 11);
        MeanImage mean = MeanImage.of(data);
        // the mean of pixel 0 by its definition
        double first = 0;
        for (int i = 0; i < data.size(); i++) {
            first += data.pixel(i, 0) / 255.0;
        }
        assertEquals(first / data.size(), mean.mean(0), 1e-12);

        INDArray all = ImageBatchIterator.inOrder(data, 30).normalize(mean).next().getFeatures();
        INDArray meanImage = all.mean(0);
        assertEquals(0, meanImage.amaxNumber().doubleValue(), 1e-6);
    }

    @Test
    void statisticsOfAnotherShapeAreRejected() {
        ImageDataset data = twoImages();
        ImageDataset rgb = SyntheticDataset.of("rgb", 2, 3, 1, 2, 2, 1);
        assertThrows(IllegalArgumentException.class, () -> ImageBatchIterator.inOrder(rgb, 2).normalize(ChannelStats.of(data)));
        assertThrows(IllegalArgumentException.class, () -> ImageBatchIterator.inOrder(rgb, 2).normalize(MeanImage.of(data)));
    }
}
