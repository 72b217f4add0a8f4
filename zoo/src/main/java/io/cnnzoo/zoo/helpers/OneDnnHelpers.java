package io.cnnzoo.zoo.helpers;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.LayerHelper;
import org.nd4j.linalg.factory.Nd4j;

import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * DL4J's oneDNN layer helpers (convolution and batch normalisation through libnd4j's oneDNN ops), on by
 * default in cnnzoo.
 *
 * <p>DL4J 1.0.0-M2.1 keeps them off in two ways: the system property {@value #DISABLE_PROPERTY} defaults
 * to true, and its availability check looks for a class that moved in M2 (answered by cnnzoo's
 * {@code org.nd4j.nativeblas.Nd4jCpu}). Helpers are chosen when a layer is created (graph {@code init()},
 * clone, restore), so {@link #enableByDefault()} must run before that; the zoo's builders call it.
 * They only engage with a oneDNN build of libnd4j (nd4j-native's {@code linux-x86_64-onednn*}
 * classifiers), for float32 networks.
 */
public final class OneDnnHelpers {

    /** DL4J's switch for all layer helpers (CPU oneDNN and CUDA cuDNN alike); "true" disables them. */
    public static final String DISABLE_PROPERTY = "org.eclipse.deeplearning4j.helpers.disable";

    private static final String BINDINGS_ENVIRONMENT = "org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment";

    private static volatile Boolean available;

    private OneDnnHelpers() {
    }

    /** Turns DL4J's layer helpers on for layers created from now on, unless the property was set explicitly. */
    public static void enableByDefault() {
        if (System.getProperty(DISABLE_PROPERTY) == null) {
            System.setProperty(DISABLE_PROPERTY, "false");
        }
    }

    /**
     * Whether the loaded ND4J backend is the CPU one, its libnd4j was built with oneDNN, and oneDNN is
     * switched on in it (libnd4j's {@code Environment.isUseONEDNN()}).
     */
    public static boolean available() {
        Boolean result = available;
        if (result == null) {
            result = probe();
            available = result;
        }
        return result;
    }

    private static boolean probe() {
        String backend = Nd4j.getExecutioner().getEnvironmentInformation().getProperty("backend");
        if (!"CPU".equalsIgnoreCase(backend) || !Nd4j.getBackend().buildInfo().contains("ONEDNN")) {
            return false;
        }
        try {
            Class<?> environment = Class.forName(BINDINGS_ENVIRONMENT);
            Object instance = environment.getMethod("getInstance").invoke(null);
            Method useOneDnn = environment.getMethod("isUseONEDNN");
            return (Boolean) useOneDnn.invoke(instance);
        } catch (ReflectiveOperationException | LinkageError e) {
            return false;
        }
    }

    /** Each layer of {@code graph} that has a helper, with the helper's class name. */
    public static Map<String, String> helpers(ComputationGraph graph) {
        Map<String, String> helpers = new LinkedHashMap<>();
        for (Layer layer : graph.getLayers()) {
            LayerHelper helper = layer.getHelper();
            if (helper != null) {
                helpers.put(layer.getConfig().getLayerName(), helper.getClass().getSimpleName());
            }
        }
        return helpers;
    }
}
