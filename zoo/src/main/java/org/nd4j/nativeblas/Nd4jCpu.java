package org.nd4j.nativeblas;

import io.cnnzoo.zoo.helpers.OneDnnHelpers;

/**
 * Answers DL4J 1.0.0-M2.1's oneDNN gate at the address it asks. {@code BaseMKLDNNHelper.mklDnnEnabled()}
 * loads {@code org.nd4j.nativeblas.Nd4jCpu$Environment} and calls {@code getInstance().isUseMKLDNN()};
 * in M2 the JavaCPP bindings moved to {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu} and the method
 * became {@code isUseONEDNN()}, so the check always fails and DL4J's oneDNN layer helpers never engage.
 *
 * <p>This class exists only for that check, and answers it truthfully through
 * {@link OneDnnHelpers#available()}: true only when the loaded libnd4j was built with oneDNN and has it
 * switched on. See docs/performance.md.
 */
public final class Nd4jCpu {

    private Nd4jCpu() {
    }

    /** The shape DL4J's reflection expects: {@code getInstance()} and {@code isUseMKLDNN()}. */
    public static final class Environment {

        private static final Environment INSTANCE = new Environment();

        private Environment() {
        }

        public static Environment getInstance() {
            return INSTANCE;
        }

        public boolean isUseMKLDNN() {
            return OneDnnHelpers.available();
        }
    }
}
