package io.cnnzoo.onednn;

import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether cnnzoo's oneDNN helpers can run here: the ND4J backend is the CPU one, oneDNN's native
 * library loads, and the system property {@value #PROPERTY} is not "false" (the switch for comparing
 * with DL4J's own path).
 */
public final class OneDnnRuntime {

    public static final String PROPERTY = "cnnzoo.onednn";

    private static final Logger log = LoggerFactory.getLogger(OneDnnRuntime.class);
    private static volatile Boolean loaded;

    private OneDnnRuntime() {
    }

    public static boolean enabled() {
        return !"false".equalsIgnoreCase(System.getProperty(PROPERTY)) && loads();
    }

    private static boolean loads() {
        Boolean result = loaded;
        if (result == null) {
            result = probe();
            loaded = result;
        }
        return result;
    }

    private static boolean probe() {
        String backend = Nd4j.getExecutioner().getEnvironmentInformation().getProperty("backend");
        if (!"CPU".equalsIgnoreCase(backend)) {
            return false;
        }
        try {
            return Dnnl.ENGINE != null && !Dnnl.ENGINE.isNull();
        } catch (LinkageError | RuntimeException e) {
            log.warn("oneDNN helpers disabled: oneDNN did not load ({})", e.toString());
            return false;
        }
    }
}
