package io.cnnzoo.zoo.transfer;

import io.cnnzoo.zoo.Zoo;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** resnet18 at 3x64x64 (the smallest input that keeps every stage's spatial structure meaningful). */
class TransferTest {

    private static ComputationGraph resnet18;
    private static INDArray images;

    @BeforeAll
    static void build() {
        resnet18 = Zoo.builder("resnet18").inputShape(3, 64, 64).seed(7).build();
        Nd4j.getRandom().setSeed(7);
        images = Nd4j.rand(DataType.FLOAT, 4, 3, 64, 64);
    }

    @Test
    void afterANewHeadAndFreezingOnlyTheHeadAndTheUnfrozenVerticesChangeInOneFitStep() {
        ComputationGraph net = Transfer.freezeUpTo(Transfer.replaceHead(resnet18, 7), "layer3.1.relu");
        assertArrayEquals(new long[]{4, 7}, net.outputSingle(images).shape());

        Map<String, INDArray> before = parameters(net);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, 4, 7);
        for (int i = 0; i < 4; i++) {
            labels.putScalar(i, i % 7, 1f);
        }
        net.fit(new DataSet(images, labels));
        Map<String, INDArray> after = parameters(net);

        int frozen = 0;
        int trained = 0;
        for (String key : before.keySet()) {
            boolean changed = !before.get(key).equals(after.get(key));
            String vertex = key.substring(0, key.lastIndexOf('_'));
            if (vertex.startsWith("layer4") || vertex.equals("fc")) {
                // Running mean/variance change too: layer4's BN still trains.
                assertTrue(changed, key + " should train");
                trained++;
            } else {
                assertFalse(changed, key + " is frozen and must not change");
                frozen++;
            }
        }
        assertTrue(frozen > 0 && trained > 0, frozen + " frozen, " + trained + " trained");
        // The original graph is untouched: still 1000 classes.
        assertEquals(1000, resnet18.outputSingle(images).size(1));
    }

    @Test
    void backboneEndsAtTheNamedVertexWithOptionalGlobalPooling() {
        ComputationGraph maps = Transfer.backbone(resnet18, "layer3.1.relu", false);
        assertArrayEquals(new long[]{4, 256, 4, 4}, maps.outputSingle(images).shape()); // 64 / 16
        assertFalse(maps.getConfiguration().getVertices().containsKey("layer4.0.conv1"));

        ComputationGraph pooled = Transfer.backbone(resnet18, "layer4.1.relu", true);
        assertArrayEquals(new long[]{4, 512}, pooled.outputSingle(images).shape());
    }

    @Test
    void headlessDropsOnlyTheClassifier() {
        ComputationGraph features = Transfer.headless(resnet18);
        assertArrayEquals(new long[]{4, 512}, features.outputSingle(images).shape());
        assertFalse(features.getConfiguration().getVertices().containsKey("fc"));
    }

    @Test
    void eachResultSurvivesSaveAndLoad(@TempDir Path dir) throws IOException {
        Map<String, ComputationGraph> graphs = Map.of(
                "backbone", Transfer.backbone(resnet18, "layer2.1.relu", true),
                "head", Transfer.replaceHead(resnet18, 7),
                "frozen", Transfer.freezeUpTo(Transfer.replaceHead(resnet18, 7), "layer2.1.relu"));
        for (Map.Entry<String, ComputationGraph> entry : graphs.entrySet()) {
            File file = dir.resolve(entry.getKey() + ".zip").toFile();
            ModelSerializer.writeModel(entry.getValue(), file, true);
            ComputationGraph loaded = ModelSerializer.restoreComputationGraph(file, true);
            assertEquals(entry.getValue().getConfiguration(), loaded.getConfiguration(), entry.getKey());
            assertEquals(entry.getValue().outputSingle(images), loaded.outputSingle(images), entry.getKey());
        }
    }

    @Test
    void unknownVerticesAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Transfer.freezeUpTo(resnet18, "layer9"));
        assertTrue(e.getMessage().contains("layer9") && e.getMessage().contains("layer1.0.conv1"), e.getMessage());
    }

    private static Map<String, INDArray> parameters(ComputationGraph net) {
        Map<String, INDArray> copy = new HashMap<>();
        for (Layer layer : net.getLayers()) {
            String name = layer.conf().getLayer().getLayerName();
            layer.paramTable().forEach((key, value) -> copy.put(name + "_" + key, value.dup()));
        }
        return copy;
    }
}
