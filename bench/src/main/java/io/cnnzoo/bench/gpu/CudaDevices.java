package io.cnnzoo.bench.gpu;

import org.bytedeco.javacpp.IntPointer;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/**
 * The CUDA devices of this machine and their compute capabilities, asked of the CUDA runtime through JavaCPP's
 * {@code org.bytedeco.cuda.global.cudart} before ND4J touches a kernel. That class comes with ND4J's CUDA backend
 * (the {@code cuda} build); it is reached by reflection so that the CPU build, which lacks it, compiles and runs.
 */
public final class CudaDevices {

    /** CUDA runtime API, enum cudaDeviceAttr. */
    private static final int COMPUTE_CAPABILITY_MAJOR = 75;
    private static final int COMPUTE_CAPABILITY_MINOR = 76;
    private static final String CUDART = "org.bytedeco.cuda.global.cudart";
    private static final String CUDA_BACKEND = "org.nd4j.linalg.jcublas.JCublasBackend";

    /** One device: its index and compute capability. */
    public record Device(int index, int major, int minor) {
    }

    private CudaDevices() {
    }

    /** Whether this build carries ND4J's CUDA backend (the {@code cuda} profile). */
    public static boolean cudaBackendPresent() {
        return present(CUDA_BACKEND);
    }

    /**
     * Fails, saying why, when this is the CUDA build and a device cannot run ND4J's kernels; does nothing on the
     * CPU build. Without a driver or a device ND4J's own error is clear enough and is left to it.
     */
    public static void requireSupported() {
        if (!cudaBackendPresent() || !present(CUDART)) {
            return;
        }
        List<Device> devices;
        try {
            devices = list();
        } catch (ReflectiveOperationException | LinkageError e) {
            return; // no driver (libcuda.so.1) or no runtime: ND4J's backend loader reports that
        }
        for (Device d : devices) {
            CudaCompatibility.problem(d.index(), "sm_" + d.major() + d.minor(), d.major(), d.minor()).ifPresent(p -> {
                throw new IllegalStateException(p);
            });
        }
    }

    /** Every device the CUDA runtime sees. */
    public static List<Device> list() throws ReflectiveOperationException {
        Class<?> cudart = Class.forName(CUDART);
        Method count = cudart.getMethod("cudaGetDeviceCount", IntPointer.class);
        Method attribute = cudart.getMethod("cudaDeviceGetAttribute", IntPointer.class, int.class, int.class);
        List<Device> devices = new ArrayList<>();
        try (IntPointer value = new IntPointer(1)) {
            if ((int) count.invoke(null, value) != 0) {
                return devices; // cudaErrorNoDevice and friends: no device to check
            }
            int n = value.get();
            for (int i = 0; i < n; i++) {
                // a failed call leaves the last value in place: such a device is not judged on a made-up number
                if ((int) attribute.invoke(null, value, COMPUTE_CAPABILITY_MAJOR, i) != 0) {
                    continue;
                }
                int major = value.get();
                if ((int) attribute.invoke(null, value, COMPUTE_CAPABILITY_MINOR, i) != 0) {
                    continue;
                }
                devices.add(new Device(i, major, value.get()));
            }
        }
        return devices;
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, CudaDevices.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
