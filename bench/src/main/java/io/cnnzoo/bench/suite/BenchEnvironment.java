package io.cnnzoo.bench.suite;

import io.cnnzoo.bench.BuildInfo;
import io.cnnzoo.bench.gpu.CudaDevices;
import io.cnnzoo.onednn.OneDnnRuntime;

import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The facts a benchmark figure depends on, recorded in every run folder: cnnzoo's commit, CPU, cores, JVM, the native
 * thread count and malloc settings the forks inherit, and which ND4J backend really loaded (with both
 * backends on the classpath ND4J falls back to the CPU without saying so), its BLAS and oneDNN. The
 * forks run the same classpath with the same environment, so what loads here is what loads there.
 */
public final class BenchEnvironment {

    private BenchEnvironment() {
    }

    public static Map<String, String> capture() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("date", OffsetDateTime.now().toString());
        env.put("cnnzoo", BuildInfo.describe());
        env.put("cpu", cpuModel());
        env.put("logicalProcessors", String.valueOf(Runtime.getRuntime().availableProcessors()));
        env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        env.put("jvm", System.getProperty("java.vm.name") + " " + Runtime.version());
        env.put("OMP_NUM_THREADS", String.valueOf(System.getenv("OMP_NUM_THREADS")));
        env.put("GLIBC_TUNABLES", String.valueOf(System.getenv("GLIBC_TUNABLES")));
        env.put("nd4jBackend", backend());
        Properties info = Nd4j.getExecutioner().getEnvironmentInformation();
        for (String key : new String[]{"backend", "blas.vendor", "omp.threads", "cores", "cuda.devicesInformation"}) {
            if (info.containsKey(key)) {
                env.put("nd4j." + key, String.valueOf(info.get(key)));
            }
        }
        env.put("blasVendor", String.valueOf(Nd4j.factory().blas().getBlasVendor()));
        env.put("libnd4jOneDnn", String.valueOf(OneDnnRuntime.libnd4jUsesOneDnn()));
        env.put("cnnzooHelpers", String.valueOf(OneDnnRuntime.enabled()));
        return env;
    }

    /**
     * The ND4J backend class that loaded, or an error saying why none did (a jar built with the cuda
     * profile on a machine without a CUDA driver: ND4J's static initialiser throws an Error).
     */
    private static String backend() {
        CudaDevices.requireSupported();
        String loaded;
        try {
            loaded = Nd4j.getBackend().getClass().getName();
        } catch (ExceptionInInitializerError | NoClassDefFoundError | RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            throw new IllegalStateException("no ND4J backend loaded (" + root.getMessage() + "); a jar built with "
                    + "-Pcuda needs an NVIDIA driver and GPU (docs/gpu.md); on a CPU machine build without it", e);
        }
        if (CudaDevices.cudaBackendPresent() && !loaded.endsWith("JCublasBackend")) {
            // ND4J picks another backend silently when CUDA's fails to load: a "GPU" run would be a CPU run
            throw new IllegalStateException("the CUDA backend is on the classpath but ND4J loaded " + loaded
                    + "; see ND4J's log above for why CUDA was skipped (docs/gpu.md)");
        }
        return loaded;
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse("unknown");
        } catch (IOException e) {
            return System.getProperty("os.arch");
        }
    }
}
