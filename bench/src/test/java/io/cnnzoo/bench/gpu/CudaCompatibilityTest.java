package io.cnnzoo.bench.gpu;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which GPUs run ND4J 1.0.0-M2.1's CUDA kernels, by the compute capabilities NVIDIA publishes for them
 * (developer.nvidia.com/cuda-gpus) and CUDA's rule that a cubin for X.y runs on X.z, z >= y.
 */
class CudaCompatibilityTest {

    @Test
    void gpusFromK80ToAdaRunTheKernelsAndHopperOrNewerDoNot() {
        Map<String, double[]> gpus = Map.ofEntries(
                Map.entry("Tesla K80", new double[]{3, 7, 37}), Map.entry("GTX 980", new double[]{5, 2, 52}),
                Map.entry("Tesla M40", new double[]{5, 2, 52}), Map.entry("Tesla P100", new double[]{6, 0, 60}),
                Map.entry("GTX 1080", new double[]{6, 1, 61}), Map.entry("Tesla V100", new double[]{7, 0, 70}),
                Map.entry("Tesla T4", new double[]{7, 5, 75}), Map.entry("A100", new double[]{8, 0, 80}),
                Map.entry("A10", new double[]{8, 6, 86}), Map.entry("RTX 3090", new double[]{8, 6, 86}),
                Map.entry("A40", new double[]{8, 6, 86}), Map.entry("L4", new double[]{8, 9, 86}),
                Map.entry("RTX 4090", new double[]{8, 9, 86}));
        gpus.forEach((gpu, cc) -> assertEquals(Integer.valueOf((int) cc[2]),
                CudaCompatibility.kernelFor((int) cc[0], (int) cc[1]).orElse(null), gpu));
        for (int[] cc : new int[][]{{3, 5}, {9, 0}, {10, 0}, {12, 0}}) { // K40, H100/H200, B200, RTX 5090
            assertTrue(CudaCompatibility.kernelFor(cc[0], cc[1]).isEmpty(), cc[0] + "." + cc[1]);
        }
    }

    @Test
    void anUnsupportedDeviceIsExplainedBeforeNd4jFailsOnIt() {
        String why = CudaCompatibility.problem(0, "H100", 9, 0).orElseThrow();
        assertTrue(why.contains("compute capability 9.0") && why.contains("sm_86") && why.contains("no PTX")
                && why.contains("docs/gpu.md"), why);
        assertTrue(CudaCompatibility.problem(0, "A100", 8, 0).isEmpty());
    }

    /** Runs only on a CUDA build on a machine with a CUDA device; elsewhere it says why it skips. */
    @Test
    void theDevicesOfThisMachineAreSupported() throws Exception {
        Assumptions.assumeTrue(CudaDevices.cudaBackendPresent(), "built without -Pcuda: no CUDA backend to check");
        java.util.List<CudaDevices.Device> devices;
        try {
            devices = CudaDevices.list();
        } catch (ReflectiveOperationException | LinkageError e) {
            Assumptions.abort("no CUDA driver or runtime on this machine: " + e);
            return;
        }
        Assumptions.assumeFalse(devices.isEmpty(), "no CUDA device on this machine");
        CudaDevices.requireSupported();
    }
}
