package io.cnnzoo.bench.experiment;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 2's thresholds: +5 points plain56 over plain20, -5 points resnet56 under plain56, at most +2 over resnet20. */
class DegradationVerdictTest {

    @Test
    void passesWhenEachMarginIsMet() {
        List<DegradationVerdict.Check> checks = DegradationVerdict.checks(Map.of(
                "plain20", 0.10, "plain56", 0.16, "resnet20", 0.09, "resnet56", 0.105));
        assertEquals(6.0, checks.get(0).measured(), 1e-9);
        assertEquals(5.5, checks.get(1).measured(), 1e-9);
        assertEquals(1.5, checks.get(2).measured(), 1e-9);
        assertTrue(checks.stream().allMatch(DegradationVerdict.Check::passed));
    }

    @Test
    void failsEachCheckJustOutsideItsMargin() {
        List<DegradationVerdict.Check> checks = DegradationVerdict.checks(Map.of(
                "plain20", 0.10, "plain56", 0.149, "resnet20", 0.07, "resnet56", 0.0995));
        assertFalse(checks.get(0).passed());   // +4.9
        assertFalse(checks.get(1).passed());   // +4.95
        assertFalse(checks.get(2).passed());   // +2.95
    }

    @Test
    void missingModelsMakeAChecknotApplicable() {
        List<DegradationVerdict.Check> checks = DegradationVerdict.checks(Map.of("plain20", 0.1, "resnet20", 0.1));
        assertTrue(checks.stream().noneMatch(DegradationVerdict.Check::applicable));
    }
}
