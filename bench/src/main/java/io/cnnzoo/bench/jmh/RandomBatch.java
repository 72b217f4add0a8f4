package io.cnnzoo.bench.jmh;

import io.cnnzoo.zoo.InputShape;
import io.cnnzoo.zoo.ModelBuilder;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** A fixed, seeded batch for a model's input: uniform pixels, labels cycling through the classes. */
public final class RandomBatch {

    private RandomBatch() {
    }

    public static DataSet of(ModelBuilder<?> builder, int n, CNN2DFormat layout) {
        InputShape shape = builder.inputShape();
        Nd4j.getRandom().setSeed(42);
        INDArray features = layout == CNN2DFormat.NHWC
                ? Nd4j.rand(DataType.FLOAT, n, shape.height(), shape.width(), shape.channels())
                : Nd4j.rand(DataType.FLOAT, n, shape.channels(), shape.height(), shape.width());
        INDArray labels = Nd4j.zeros(DataType.FLOAT, n, builder.numClasses());
        for (int i = 0; i < n; i++) {
            labels.putScalar(i, i % builder.numClasses(), 1f);
        }
        return new DataSet(features, labels);
    }
}
