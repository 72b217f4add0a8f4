package io.cnnzoo.onednn;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.normalization.BatchNormalizationHelper;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A DL4J {@link BatchNormalizationHelper} over oneDNN, for one layer: the training pass computes the
 * batch statistics inside oneDNN (DL4J's own helper computes them with separate ND4J reductions first).
 * NCHW or NHWC, 4D input; DL4J uses its built-in path otherwise.
 */
public final class DnnlBatchNormHelper implements BatchNormalizationHelper {

    private final Map<List<Long>, BatchNorm> primitives = new HashMap<>();
    private INDArray meanCache;
    private INDArray varCache;
    private final PassCounter passes = new PassCounter();

    @Override
    public boolean checkSupported() {
        return OneDnnRuntime.enabled();
    }

    @Override
    public boolean checkSupported(double eps, boolean fixedGammaBeta) {
        return !fixedGammaBeta && checkSupported();
    }

    @Override
    public INDArray preOutput(INDArray x, boolean training, long[] shape, INDArray gamma, INDArray beta, INDArray mean,
                              INDArray var, double decay, double eps, CNN2DFormat format,
                              LayerWorkspaceMgr workspaceMgr) {
        if (!supported(x, format) || gamma == null || beta == null) {
            return null;
        }
        INDArray in = NativeArrays.densified(x);
        BatchNorm bn = batchNorm(in, eps, format);
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT, in.shape(), 'c');
        long gammaAddress = NativeArrays.address(NativeArrays.densified(gamma));
        long betaAddress = NativeArrays.address(NativeArrays.densified(beta));
        if (training) {
            allocateStatistics(channels(in, format));
            bn.forwardTraining(NativeArrays.address(in), gammaAddress, betaAddress, NativeArrays.address(out),
                    NativeArrays.address(meanCache), NativeArrays.address(varCache));
        } else {
            bn.forwardInference(NativeArrays.address(in), gammaAddress, betaAddress,
                    NativeArrays.address(NativeArrays.densified(mean)), NativeArrays.address(NativeArrays.densified(var)),
                    NativeArrays.address(out));
        }
        passes.forward();
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray input, INDArray epsilon, long[] shape, INDArray gamma,
                                                     INDArray beta, INDArray dGammaView, INDArray dBetaView, double eps,
                                                     CNN2DFormat format, LayerWorkspaceMgr workspaceMgr) {
        if (!supported(input, format) || gamma == null || beta == null || meanCache == null || !NativeArrays.dense(dGammaView)
                || !NativeArrays.dense(dBetaView)) {
            return null;
        }
        INDArray in = NativeArrays.densified(input);
        INDArray dy = NativeArrays.densified(epsilon);
        INDArray dx = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, in.shape(), 'c');
        batchNorm(in, eps, format).backward(NativeArrays.address(in), NativeArrays.address(dy), NativeArrays.address(meanCache),
                NativeArrays.address(varCache), NativeArrays.address(NativeArrays.densified(gamma)),
                NativeArrays.address(NativeArrays.densified(beta)), NativeArrays.address(dx), NativeArrays.address(dGammaView), NativeArrays.address(dBetaView));
        passes.backward();
        Gradient gradient = new DefaultGradient();
        gradient.setGradientFor(BatchNormalizationParamInitializer.GAMMA, dGammaView);
        gradient.setGradientFor(BatchNormalizationParamInitializer.BETA, dBetaView);
        return new Pair<>(gradient, dx);
    }

    /** The batch mean of the last training forward pass, which DL4J folds into the running mean. */
    @Override
    public INDArray getMeanCache(DataType dataType) {
        return meanCache;
    }

    /** The batch's biased variance, likewise. */
    @Override
    public INDArray getVarCache(DataType dataType) {
        return varCache;
    }

    /** How many forward and backward passes oneDNN ran for this layer (DL4J's own code ran the others). */
    public PassCounter passes() {
        return passes;
    }

    @Override
    public Map<String, Long> helperMemoryUse() {
        return Map.of();
    }

    private static boolean supported(INDArray x, CNN2DFormat format) {
        return x.dataType() == DataType.FLOAT && x.rank() == 4;
    }

    private static long channels(INDArray x, CNN2DFormat format) {
        return format == CNN2DFormat.NHWC ? x.size(3) : x.size(1);
    }

    private BatchNorm batchNorm(INDArray x, double eps, CNN2DFormat format) {
        boolean channelsLast = format == CNN2DFormat.NHWC;
        long c = channels(x, format);
        long h = channelsLast ? x.size(1) : x.size(2);
        long w = channelsLast ? x.size(2) : x.size(3);
        List<Long> key = List.of(x.size(0), c, h, w, Double.doubleToLongBits(eps), channelsLast ? 1L : 0L);
        return primitives.computeIfAbsent(key, k -> new BatchNorm(x.size(0), c, h, w, (float) eps, channelsLast));
    }

    private void allocateStatistics(long channels) {
        if (meanCache == null || meanCache.length() != channels) {
            // Outside any workspace: DL4J reads them after the forward pass's workspace has closed.
            try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                meanCache = Nd4j.createUninitialized(DataType.FLOAT, channels);
                varCache = Nd4j.createUninitialized(DataType.FLOAT, channels);
            }
        }
    }
}
