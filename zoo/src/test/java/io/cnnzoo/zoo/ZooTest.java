package io.cnnzoo.zoo;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ZooTest {

    @Test
    void registryListsTheCifarResNetsAndTheirPlainTwins() {
        assertTrue(Zoo.names().containsAll(List.of("resnet20", "resnet32", "resnet44", "resnet56", "resnet110",
                "resnet1202", "plain20", "plain32", "plain44", "plain56", "plain110")), Zoo.names().toString());
        for (String name : Zoo.names()) {
            assertEquals(name.toLowerCase(), name);
            assertEquals(name, Zoo.spec(name).name());
        }
    }

    @Test
    void builderOverridesClassesAndInputShape() {
        ComputationGraph net = Zoo.builder("plain20").numClasses(7).inputShape(1, 28, 28).build();
        assertArrayEquals(new long[]{3, 7}, net.outputSingle(Nd4j.rand(DataType.FLOAT, 3, 1, 28, 28)).shape());
        // conv1 sees one channel: 1 x 16 x 3 x 3 weights instead of 3 x 16 x 3 x 3, and fc has 7 outputs.
        assertEquals(269_722 - 2 * 144 - 3 * 65, ModelStats.of(net).trainableParams());
    }

    @Test
    void unknownNamesAreRejectedWithTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Zoo.create("resnet21"));
        assertTrue(e.getMessage().contains("resnet21") && e.getMessage().contains("resnet20"), e.getMessage());
    }

    @Test
    void buildersRejectWhatCannotWork() {
        IllegalArgumentException classes = assertThrows(IllegalArgumentException.class,
                () -> Zoo.builder("resnet20").numClasses(0).build());
        assertTrue(classes.getMessage().contains("numClasses"), classes.getMessage());

        IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
                () -> Zoo.builder("resnet20").inputShape(3, 2, 2).build());
        assertTrue(small.getMessage().contains("2x2"), small.getMessage());

        assertThrows(IllegalArgumentException.class, () -> Zoo.builder("resnet20").inputShape(0, 32, 32));
    }
}
