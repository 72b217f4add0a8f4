package io.cnnzoo.onednn;

import io.cnnzoo.zoo.layers.GroupedConvolutionLayer;
import io.cnnzoo.zoo.spi.GraphAccelerator;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.layers.ActivationLayer;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;

import java.lang.reflect.Field;

/**
 * Gives the convolution (DL4J's and the zoo's grouped one), batch-normalisation and ReLU activation layers
 * of a graph cnnzoo's oneDNN code.
 *
 * <p>DL4J picks a layer's helper when it creates the layer, from a fixed class name, so the helpers
 * are set on the layer objects afterwards (their {@code helper} field). The configuration is untouched:
 * a saved graph is a plain DL4J graph; after {@code ModelSerializer} restores or {@code clone()} copies
 * it, call {@link #accelerate} (or {@code Accelerators.apply}) again. Subclasses of the convolution
 * layer (1D, depthwise, separable, deconvolution) keep DL4J's own code.
 */
public final class OneDnnAccelerator implements GraphAccelerator {

    private static final Field CONVOLUTION_HELPER = field(ConvolutionLayer.class);
    private static final Field BATCH_NORM_HELPER = field(BatchNormalization.class);

    @Override
    public int accelerate(ComputationGraph graph) {
        if (!OneDnnRuntime.enabled()) {
            return 0;
        }
        int changed = 0;
        for (Layer layer : graph.getLayers()) {
            if (layer.getClass() == ConvolutionLayer.class && floatWeights(layer)) {
                set(CONVOLUTION_HELPER, layer, new DnnlConvolutionHelper());
                changed++;
            } else if (layer instanceof GroupedConvolutionLayer grouped && floatWeights(layer)) {
                grouped.setHelper(new DnnlConvolutionHelper(grouped.layerConf().getGroups()));
                changed++;
            } else if (layer instanceof BatchNormalization && !lockedGammaBeta(layer)) {
                set(BATCH_NORM_HELPER, layer, new DnnlBatchNormHelper());
                changed++;
            } else if (layer instanceof ActivationLayer && plainRelu(layer)) {
                // The layer reads its activation from its configuration: give it a copy, so that the
                // graph's own configuration (what is saved) keeps DL4J's ActivationReLU.
                NeuralNetConfiguration conf = layer.conf().clone();
                ((org.deeplearning4j.nn.conf.layers.ActivationLayer) conf.getLayer()).setActivationFn(new OneDnnReLU());
                layer.setConf(conf);
                changed++;
            }
        }
        return changed;
    }

    private static boolean floatWeights(Layer layer) {
        return layer.getParam("W").dataType() == DataType.FLOAT;
    }

    /** ReLU without threshold, slope or cap: what the zoo uses and oneDNN's relu computes. */
    private static boolean plainRelu(Layer layer) {
        IActivation fn = ((org.deeplearning4j.nn.conf.layers.ActivationLayer) layer.conf().getLayer()).getActivationFn();
        return fn.getClass() == ActivationReLU.class && fn.equals(new ActivationReLU());
    }

    private static boolean lockedGammaBeta(Layer layer) {
        return ((org.deeplearning4j.nn.conf.layers.BatchNormalization) layer.conf().getLayer()).isLockGammaBeta();
    }

    private static Field field(Class<?> layerClass) {
        try {
            Field field = layerClass.getDeclaredField("helper");
            field.setAccessible(true);
            return field;
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("DL4J's " + layerClass.getName() + " has no 'helper' field: this "
                    + "cnnzoo-onednn was written for deeplearning4j-nn 1.0.0-M2.1", e);
        }
    }

    private static void set(Field field, Layer layer, Object helper) {
        try {
            field.set(layer, helper);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot set the helper of " + layer.getClass().getName(), e);
        }
    }
}
