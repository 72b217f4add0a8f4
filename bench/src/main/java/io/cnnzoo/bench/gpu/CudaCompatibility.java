package io.cnnzoo.bench.gpu;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which NVIDIA GPUs ND4J 1.0.0-M2.1's CUDA 11.6 build can run. Its {@code libnd4jcuda.so} (classifier
 * {@code linux-x86_64-cudnn}) holds compiled kernels (cubins) for {@link #KERNELS} and no PTX: we listed the
 * fatbinary entries of the released file (docs/gpu.md, {@code tools/cuda_archs.py}). A cubin built for compute
 * capability X.y runs on devices X.z with z >= y and on no other major version (CUDA C++ Programming Guide,
 * "Binary Compatibility"); without PTX nothing is compiled for newer GPUs at load time. A device outside that set
 * fails deep inside ND4J with "no kernel image is available for execution on the device"; cnnzoo says why first.
 */
public final class CudaCompatibility {

    /** The architectures of the cubins in ND4J 1.0.0-M2.1's CUDA 11.6 natives, as 10 x major + minor. */
    public static final List<Integer> KERNELS = List.of(37, 50, 52, 60, 61, 70, 75, 80, 86);

    private CudaCompatibility() {
    }

    /** The kernel architecture a device of compute capability {@code major.minor} runs, if any. */
    public static Optional<Integer> kernelFor(int major, int minor) {
        return KERNELS.stream().filter(k -> k / 10 == major && k % 10 <= minor).max(Integer::compare);
    }

    /** Why device {@code index} cannot run ND4J's kernels, or empty when it can. */
    public static Optional<String> problem(int index, String name, int major, int minor) {
        if (kernelFor(major, minor).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "CUDA device %d (%s) has compute capability %d.%d, but ND4J "
                + "1.0.0-M2.1's CUDA build holds kernels only for %s and no PTX to compile for others: it would fail "
                + "with \"no kernel image is available\". GPUs of compute capability 3.7 to 8.9 run it (K80 to "
                + "RTX 40xx and L4; not H100/H200, 9.0, nor newer); no CUDA 12 build of ND4J 1.0.0-M2.1 exists. "
                + "Use the CPU build (without -Pcuda) on this machine; docs/gpu.md", index, name, major, minor,
                KERNELS.stream().map(k -> "sm_" + k).toList()));
    }
}
