package io.cnnzoo.reports.chart;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ticks at "nice numbers" as Heckbert (Graphics Gems, 1990) defines them: a step of 1, 2 or 5 times a power of
 * ten, ticks at multiples of the step, the axis widened to ticks around the data.
 */
class TicksTest {

    @Test
    void iterationsOfTheMediumPresetTickAtRoundThousandsNotAtTheEvaluations() {
        // the medium run evaluates after 469, 938, 1,407 and 1,876 iterations; the old chart ticked there
        Ticks t = Ticks.linear(0, 1876, 6);
        assertEquals(List.of(0.0, 500.0, 1000.0, 1500.0, 2000.0), t.values());
        assertEquals("1,500", t.label(1500));
    }

    @Test
    void everyStepIsOneTwoOrFiveTimesAPowerOfTenAndTheTicksCoverTheData() {
        double[][] ranges = {{0, 1}, {0, 7.3}, {0.013, 0.087}, {105, 543}, {-3, 17}, {0, 64000}, {2.5, 2.5}, {0, 100}};
        for (double[] r : ranges) {
            Ticks t = Ticks.linear(r[0], r[1], 6);
            double step = t.values().get(1) - t.values().get(0);
            double mantissa = step / Math.pow(10, Math.floor(Math.log10(step)));
            assertTrue(List.of(1.0, 2.0, 5.0).stream().anyMatch(m -> Math.abs(m - mantissa) < 1e-9),
                    "step " + step + " for " + r[0] + ".." + r[1]);
            for (double v : t.values()) {
                assertEquals(0, Math.abs(Math.IEEEremainder(v, step)), step * 1e-9, v + " is not a multiple of " + step);
            }
            assertTrue(t.min() <= r[0] && t.max() >= r[1], r[0] + ".." + r[1] + " not inside " + t);
            assertTrue(t.values().size() >= 3 && t.values().size() <= 11, t.toString());
        }
    }

    @Test
    void heckbertsExampleRange105To543LabelsEveryHundred() {
        // Heckbert's loose labelling of [105, 543] with 5 ticks: 100 to 600 by 100
        Ticks t = Ticks.linear(105, 543, 5);
        assertEquals(List.of(100.0, 200.0, 300.0, 400.0, 500.0, 600.0), t.values());
    }

    @Test
    void binaryFractionsDoNotAddAStepAndImpossibleRangesAreRefused() {
        // 0.3 / 0.1 = 2.9999999999999996 and 1.1 / 0.1 = 11.000000000000002 in binary floating point
        Ticks t = Ticks.linear(0.3, 1.1, 9); // a step of 0.1
        assertEquals(0.3, t.min(), 1e-12);
        assertEquals(1.1, t.max(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Ticks.linear(0, -5, 6));
        assertThrows(IllegalArgumentException.class, () -> Ticks.linear(Double.NaN, 1, 6));
    }

    @Test
    void countsTickAtWholeNumbersOnly() {
        // four iterations: 0, 1, 2, 3, 4 rather than 0.0, 0.5, ...
        assertEquals(List.of(0.0, 1.0, 2.0, 3.0, 4.0), Ticks.linear(0, 4, 6, true).values());
        assertEquals(List.of(0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0), Ticks.linear(0, 3, 6).values());
    }

    @Test
    void decimalsFollowTheStepAndLogarithmicAxesTickAtDecades() {
        Ticks small = Ticks.linear(0, 0.25, 6);
        assertEquals("0.05", small.label(small.values().get(1)));
        Ticks log = Ticks.logarithmic(3, 4000);
        assertEquals(List.of(1.0, 10.0, 100.0, 1000.0, 10000.0), log.values());
        assertEquals(0.5, log.fraction(100), 1e-12);
        assertEquals(List.of(10.0, 20.0, 50.0, 100.0, 200.0, 500.0, 1000.0), Ticks.logarithmic(12, 800).values());
    }
}
