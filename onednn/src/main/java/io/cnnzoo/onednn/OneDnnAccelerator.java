package io.cnnzoo.onednn;

import io.cnnzoo.zoo.layers.GroupedConvolutionLayer;
import io.cnnzoo.zoo.spi.GraphAccelerator;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNBatchNormHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNSubsamplingHelper;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;

import java.lang.reflect.Field;

/**
 * Gives a graph's layers oneDNN code, by {@link OneDnnRuntime#requested() path}: on cnnzoo's path (the
 * default) the convolution (DL4J's and the zoo's grouped one), batch-normalisation and ReLU activation
 * layers get cnnzoo's helpers and max/average pooling DL4J's oneDNN helper; on DL4J's path convolution,
 * batch norm and pooling get DL4J's oneDNN helpers; on neither, nothing changes.
 *
 * <p>DL4J 1.0.0-M2.1 would pick its own helpers when it creates a layer, but never does: its switch
 * ({@code org.eclipse.deeplearning4j.helpers.disable}) is off by default and its oneDNN check looks for a
 * class that moved in M2. So every helper is set here, on the layer objects after {@code init()} (their
 * {@code helper} field), and no JVM-wide setting changes. The configuration is untouched: a saved graph
 * is a plain DL4J graph; after {@code ModelSerializer} restores or {@code clone()} copies it, call
 * {@link #accelerate} (or {@code Accelerators.apply}, or use {@code Zoo.restore}/{@code Zoo.copy}) again.
 * Subclasses of the convolution and subsampling layers (1D, depthwise, separable, deconvolution) keep
 * DL4J's own code. The first call also applies {@link MallocSettings} to the process.
 */
public final class OneDnnAccelerator implements GraphAccelerator {

    private static final Field CONVOLUTION_HELPER = field(ConvolutionLayer.class);
    private static final Field BATCH_NORM_HELPER = field(BatchNormalization.class);
    private static final Field SUBSAMPLING_HELPER = field(SubsamplingLayer.class);

    @Override
    public int accelerate(ComputationGraph graph) {
        MallocSettings.applyOnce();
        OneDnnRuntime.Path path = OneDnnRuntime.requested();
        boolean cnnzoo = path == OneDnnRuntime.Path.CNNZOO && OneDnnRuntime.dnnlLoads();
        // DL4J's helpers need only libnd4j's oneDNN: they also stand in when oneDNN's own library does not load.
        boolean dl4j = path != OneDnnRuntime.Path.NONE && OneDnnRuntime.libnd4jUsesOneDnn();
        int changed = 0;
        for (Layer layer : graph.getLayers()) {
            if (cnnzoo) {
                changed += giveCnnzooHelper(layer) ? 1 : 0;
            } else if (dl4j) {
                changed += giveDl4jConvolutionOrBatchNormHelper(layer) ? 1 : 0;
            }
            if (dl4j && layer.getClass() == SubsamplingLayer.class && maxOrAveragePooling(layer)) {
                set(SUBSAMPLING_HELPER, layer, new MKLDNNSubsamplingHelper(graph.getConfiguration().getDataType()));
                changed++;
            }
        }
        return changed;
    }

    private static boolean giveCnnzooHelper(Layer layer) {
        if (layer.getClass() == ConvolutionLayer.class && floatWeights(layer)) {
            set(CONVOLUTION_HELPER, layer, new DnnlConvolutionHelper());
        } else if (layer instanceof GroupedConvolutionLayer grouped && floatWeights(layer)) {
            grouped.setHelper(new DnnlConvolutionHelper(grouped.layerConf().getGroups()));
        } else if (layer instanceof BatchNormalization && !lockedGammaBeta(layer)) {
            set(BATCH_NORM_HELPER, layer, new DnnlBatchNormHelper());
        } else if (layer instanceof ActivationLayer && plainRelu(layer)) {
            // The layer reads its activation from its configuration: give it a copy, so that the
            // graph's own configuration (what is saved) keeps DL4J's ActivationReLU.
            NeuralNetConfiguration conf = layer.conf().clone();
            ((org.deeplearning4j.nn.conf.layers.ActivationLayer) conf.getLayer()).setActivationFn(new OneDnnReLU());
            layer.setConf(conf);
        } else {
            return false;
        }
        return true;
    }

    /** What DL4J itself would attach with its helpers switched on and its oneDNN check answered. */
    private static boolean giveDl4jConvolutionOrBatchNormHelper(Layer layer) {
        if (layer.getClass() == ConvolutionLayer.class) {
            set(CONVOLUTION_HELPER, layer, new MKLDNNConvHelper(layer.getParam("W").dataType()));
        } else if (layer.getClass() == BatchNormalization.class && !lockedGammaBeta(layer)) {
            set(BATCH_NORM_HELPER, layer, new MKLDNNBatchNormHelper(layer.getParam("gamma").dataType()));
        } else {
            return false;
        }
        return true;
    }

    private static boolean maxOrAveragePooling(Layer layer) {
        PoolingType type = ((org.deeplearning4j.nn.conf.layers.SubsamplingLayer) layer.conf().getLayer()).getPoolingType();
        return type == PoolingType.MAX || type == PoolingType.AVG;
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
