package io.cnnzoo.bench.train;

import io.cnnzoo.zoo.resnet.ResNet;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Nesterovs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class WarmupStepScheduleTest {

    /** The quick preset of issue 2: 0.01 rising linearly to 0.1 over iterations 0-149, x0.1 at 234, x0.01 at 351. */
    private final WarmupStepSchedule quick = new WarmupStepSchedule(0.01, 0.1, 150, new int[]{234, 351}, 0.1);

    @Test
    void followsTheQuickPresetsRecipe() {
        assertEquals(0.01, quick.valueAt(0, 0), 1e-12);
        assertEquals(0.055, quick.valueAt(75, 0), 1e-12);
        assertEquals(0.1, quick.valueAt(150, 0), 1e-12);
        assertEquals(0.1, quick.valueAt(233, 0), 1e-12);
        assertEquals(0.01, quick.valueAt(234, 0), 1e-12);
        assertEquals(0.01, quick.valueAt(350, 0), 1e-12);
        assertEquals(0.001, quick.valueAt(351, 0), 1e-12);
        assertEquals(0.001, quick.valueAt(468, 0), 1e-12);
    }

    @Test
    void theStepsOfHeEtAlWithoutWarmUp() {
        // Sec. 4.2: lr 0.1, divided by 10 at 32k and 48k iterations.
        WarmupStepSchedule paper = WarmupStepSchedule.steps(0.1, 32_000, 48_000);
        assertEquals(0.1, paper.valueAt(0, 0), 1e-12);
        assertEquals(0.01, paper.valueAt(32_000, 0), 1e-12);
        assertEquals(0.001, paper.valueAt(63_999, 0), 1e-12);
    }

    /**
     * Sec. 4.2 for ResNet-110: 0.01 "until the training error is below 80% (about 400 iterations)", then back
     * to 0.1, divided by 10 at 32k and 48k, stopped at 64k.
     */
    @Test
    void theConstantWarmUpOfResNet110() {
        WarmupStepSchedule resnet110 = new WarmupStepSchedule(0.01, 0.1, 400, new int[]{32_000, 48_000}, 0.1, true);
        assertEquals(0.01, resnet110.valueAt(0, 0), 1e-12);
        assertEquals(0.01, resnet110.valueAt(399, 0), 1e-12);
        assertEquals(0.1, resnet110.valueAt(400, 0), 1e-12);
        assertEquals(0.1, resnet110.valueAt(31_999, 0), 1e-12);
        assertEquals(0.01, resnet110.valueAt(32_000, 0), 1e-12);
        assertEquals(0.001, resnet110.valueAt(48_000, 0), 1e-12);
        assertEquals(0.001, resnet110.valueAt(63_999, 0), 1e-12);
    }

    @Test
    void survivesDl4jsJsonConfigurationRoundTrip() {
        ComputationGraphConfiguration conf = ResNet.cifar(20).updater(new Nesterovs(quick, 0.9)).configuration();
        ComputationGraphConfiguration restored = ComputationGraphConfiguration.fromJson(conf.toJson());
        LayerVertex fc = (LayerVertex) restored.getVertices().get("fc");
        Nesterovs updater = (Nesterovs) ((BaseLayer) fc.getLayerConf().getLayer()).getIUpdater();
        assertEquals(quick, updater.getLearningRateSchedule());
    }

    @Test
    void rejectsDecreasingMilestones() {
        assertThrows(IllegalArgumentException.class, () -> new WarmupStepSchedule(0.01, 0.1, 0, new int[]{5, 3}, 0.1));
    }
}
