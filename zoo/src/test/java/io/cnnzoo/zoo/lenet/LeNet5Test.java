package io.cnnzoo.zoo.lenet;

import io.cnnzoo.zoo.ModelStats;
import io.cnnzoo.zoo.Zoo;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LeNet5Test {

    /**
     * Layer arithmetic: conv1 6x(1x5x5)+6 = 156; conv2 16x(6x5x5)+16 = 2,416; fc1 400x120+120 = 48,120;
     * fc2 120x84+84 = 10,164; fc3 84x10+10 = 850. Total 61,706 (DESIGN.md's reference table).
     */
    @Test
    void hasTheModernLeNet5sParameters() {
        ModelStats stats = ModelStats.of(Zoo.create("lenet5"), Zoo.spec("lenet5").defaultInput());
        assertEquals(61_706, stats.trainableParams());
        assertEquals(156, stats.vertex("conv1").trainableParams());
        assertEquals(2_416, stats.vertex("conv2").trainableParams());
        assertEquals(48_120, stats.vertex("fc1").trainableParams());
        assertEquals("[6, 28, 28]", stats.vertex("conv1").outputShape());
        assertEquals("[16, 5, 5]", stats.vertex("pool2").outputShape());
    }

    @Test
    void classifiesABatch() {
        ComputationGraph net = LeNet.lenet5().numClasses(3).build();
        assertArrayEquals(new long[]{2, 3}, net.outputSingle(Nd4j.rand(DataType.FLOAT, 2, 1, 28, 28)).shape());
    }

    @Test
    void rejectsInputsTooSmallForItsConvolutions() {
        assertThrows(IllegalArgumentException.class, () -> LeNet.lenet5().inputShape(1, 8, 8).build());
    }
}
