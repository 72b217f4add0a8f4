package io.cnnzoo.bench.experiment;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The verdict on He et al. 2016's findings (Fig. 6): plain nets degrade with depth, residual nets do not, and
 * shortcuts close the gap; with the quick preset's margins of issue 2 (5 points, tolerance 2 points).
 */
class DegradationVerdictTest {

    private static final DegradationConfig.VerdictMargins QUICK = new DegradationConfig.VerdictMargins(5.0, 2.0);

    @Test
    void passesWhenEachMarginIsMet() {
        List<DegradationVerdict.Check> checks = DegradationVerdict.checks(Map.of(
                "plain20", 0.10, "plain56", 0.16, "resnet20", 0.09, "resnet56", 0.105), QUICK);
        assertEquals(6.0, checks.get(0).measured(), 1e-9);   // plain56 - plain20
        assertEquals(1.5, checks.get(1).measured(), 1e-9);   // resnet56 - resnet20
        assertEquals(5.5, checks.get(2).measured(), 1e-9);   // plain56 - resnet56
        assertTrue(checks.stream().allMatch(DegradationVerdict.Check::passed));
    }

    @Test
    void failsEachCheckJustOutsideItsMargin() {
        List<DegradationVerdict.Check> checks = DegradationVerdict.checks(Map.of(
                "plain20", 0.10, "plain56", 0.149, "resnet20", 0.07, "resnet56", 0.0995), QUICK);
        assertFalse(checks.get(0).passed());   // +4.9
        assertFalse(checks.get(1).passed());   // +2.95
        assertFalse(checks.get(2).passed());   // +4.95
    }

    @Test
    void missingModelsMakeAChecknotApplicable() {
        List<DegradationVerdict.Check> checks = DegradationVerdict.checks(Map.of("plain20", 0.1, "resnet20", 0.1),
                QUICK);
        assertFalse(checks.get(0).applicable());
        assertFalse(checks.get(1).applicable());
        assertEquals(0.0, checks.get(2).measured(), 1e-9); // the one depth both families trained
    }

    /**
     * The paper's five depths, with the training errors read off Fig. 6 at 64k iterations, roughly: plain nets
     * rise with depth at every step, ResNets fall; the verdict states each step.
     */
    @Test
    void everyDepthOfTheFamilyIsOrderedByWhatTheModelIs() {
        List<DegradationVerdict.Check> checks = DegradationVerdict.checks(Map.of(
                "plain20", 0.03, "plain32", 0.05, "plain44", 0.07, "plain56", 0.10,
                "resnet20", 0.03, "resnet32", 0.02, "resnet44", 0.015, "resnet56", 0.01, "resnet110", 0.005),
                new DegradationConfig.VerdictMargins(1.0, 0.0));
        assertEquals(7.0, checks.get(0).measured(), 1e-9);
        assertTrue(checks.get(0).finding().startsWith("rises with depth: plain20 3.00%"), checks.get(0).finding());
        assertEquals(-2.5, checks.get(1).measured(), 1e-9);
        assertTrue(checks.get(1).finding().startsWith("falls with depth: resnet20"), checks.get(1).finding());
        assertTrue(checks.get(1).finding().endsWith("resnet110 0.50%"), checks.get(1).finding());
        assertEquals(9.0, checks.get(2).measured(), 1e-9); // at 56, the deepest both trained
        assertTrue(checks.stream().allMatch(DegradationVerdict.Check::passed));
    }

    /** One step up in the plain family that is not a rise fails degradation even if the ends differ enough. */
    @Test
    void aStepThatDoesNotRiseFailsDegradation() {
        List<DegradationVerdict.Check> checks = DegradationVerdict.checks(Map.of(
                "plain20", 0.03, "plain32", 0.02, "plain56", 0.10), new DegradationConfig.VerdictMargins(1.0, 0.0));
        assertFalse(checks.get(0).passed());
        assertTrue(checks.get(0).finding().startsWith("does not change monotonically"), checks.get(0).finding());
    }

    /** Wide ResNets are residual nets of the depth their name gives (wrn-28-10 is 28 layers deep, not 2810). */
    @Test
    void wideResNetsCountAsResidualNetsOfTheirDepth() {
        List<DegradationVerdict.Check> checks = DegradationVerdict.checks(Map.of(
                "wrn-16-4", 0.05, "wrn-28-10", 0.04), QUICK);
        assertEquals(-1.0, checks.get(1).measured(), 1e-9);
        assertTrue(checks.get(1).finding().startsWith("falls with depth: wrn-16-4"), checks.get(1).finding());
    }
}
