package io.cnnzoo.onednn;

import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;

/**
 * What can run here and what was asked for: the one place that probes the ND4J backend and oneDNN.
 *
 * <p>The system property {@value #PROPERTY} picks the {@link Path}: unset or {@code true} for cnnzoo's
 * helpers (the default), {@code dl4j} for DL4J's own oneDNN helpers, {@code false} for DL4J's built-in
 * layer code (the reference the helpers are tested against). It is read each time a graph is accelerated.
 */
public final class OneDnnRuntime {

    public static final String PROPERTY = "cnnzoo.onednn";

    /** Which code computes the layers that have a oneDNN helper. */
    public enum Path {
        /** cnnzoo's helpers over oneDNN for convolution, batch norm and ReLU; DL4J's for max/avg pooling. */
        CNNZOO,
        /** DL4J 1.0.0-M2.1's own oneDNN helpers (libnd4j's conv2d, batchnorm and pooling ops). */
        DL4J,
        /** DL4J's built-in layer code: im2col + BLAS convolution, batch norm over ND4J ops. */
        NONE
    }

    private static final Logger log = LoggerFactory.getLogger(OneDnnRuntime.class);
    private static final String BINDINGS_ENVIRONMENT = "org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment";

    private static volatile Boolean dnnlLoads;
    private static volatile Boolean libnd4jUsesOneDnn;

    private OneDnnRuntime() {
    }

    /** The path {@value #PROPERTY} asks for. */
    public static Path requested() {
        String value = System.getProperty(PROPERTY);
        if (value == null) {
            return Path.CNNZOO;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true", "cnnzoo" -> Path.CNNZOO;
            case "dl4j" -> Path.DL4J;
            case "false", "none" -> Path.NONE;
            default -> throw new IllegalArgumentException("system property " + PROPERTY + "=" + value
                    + ": expected true (cnnzoo's oneDNN helpers, the default), dl4j (DL4J's own oneDNN helpers)"
                    + " or false (DL4J's built-in layer code)");
        };
    }

    /** Whether cnnzoo's helpers are asked for and can run: a CPU backend and oneDNN's library loads. */
    public static boolean enabled() {
        return requested() == Path.CNNZOO && dnnlLoads();
    }

    /**
     * Whether the loaded libnd4j is the CPU one, built with oneDNN and has it switched on (libnd4j's
     * {@code Environment.isUseONEDNN()}): the condition for DL4J's oneDNN helpers, whose ops run oneDNN
     * kernels inside libnd4j. nd4j-native's {@code linux-x86_64-onednn*} classifiers have it.
     */
    public static boolean libnd4jUsesOneDnn() {
        Boolean result = libnd4jUsesOneDnn;
        if (result == null) {
            result = cpuBackend() && probeLibnd4j();
            libnd4jUsesOneDnn = result;
        }
        return result;
    }

    /** Whether the backend is the CPU one and oneDNN's own library (JavaCPP's dnnl preset) loads. */
    static boolean dnnlLoads() {
        Boolean result = dnnlLoads;
        if (result == null) {
            result = cpuBackend() && probeDnnl();
            dnnlLoads = result;
        }
        return result;
    }

    private static boolean cpuBackend() {
        return "CPU".equalsIgnoreCase(Nd4j.getExecutioner().getEnvironmentInformation().getProperty("backend"));
    }

    private static boolean probeDnnl() {
        try {
            return Dnnl.ENGINE != null && !Dnnl.ENGINE.isNull();
        } catch (LinkageError | RuntimeException e) {
            log.warn("oneDNN helpers disabled: oneDNN did not load ({})", e.toString());
            return false;
        }
    }

    private static boolean probeLibnd4j() {
        if (!Nd4j.getBackend().buildInfo().contains("ONEDNN")) {
            return false;
        }
        try {
            Class<?> environment = Class.forName(BINDINGS_ENVIRONMENT);
            Object instance = environment.getMethod("getInstance").invoke(null);
            return (Boolean) environment.getMethod("isUseONEDNN").invoke(instance);
        } catch (ReflectiveOperationException | LinkageError e) {
            return false;
        }
    }
}
