package io.cnnzoo.zoo.layers;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.BaseGraphVertex;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The runtime side of {@link ChannelSubsetVertex}: forward copies the selected channels into a new
 * activation, backward scatters the gradient back to those channels and leaves zeros in the others.
 * The channel list is copied as runs of consecutive channels, so a contiguous range is one copy.
 */
final class ChannelSubsetVertexImpl extends BaseGraphVertex {

    /** {@code length} consecutive input channels from {@code from} go to output channels from {@code to}. */
    private record Run(int from, int to, int length) {
    }

    private final List<Run> runs;
    private final int outChannels;
    private final int channelDim;

    ChannelSubsetVertexImpl(ComputationGraph graph, String name, int vertexIndex, int[] channels,
                            CNN2DFormat dataFormat, DataType dataType) {
        super(graph, name, vertexIndex, null, null, dataType);
        this.runs = runs(channels);
        this.outChannels = channels.length;
        this.channelDim = dataFormat == CNN2DFormat.NCHW ? 1 : 3;
    }

    private static List<Run> runs(int[] channels) {
        List<Run> runs = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= channels.length; i++) {
            if (i == channels.length || channels[i] != channels[i - 1] + 1) {
                runs.add(new Run(channels[start], start, i - start));
                start = i;
            }
        }
        return List.copyOf(runs);
    }

    @Override
    public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (!canDoForward()) {
            throw new IllegalStateException("Cannot do forward pass in vertex " + vertexName + ": input not set");
        }
        INDArray in = inputs[0];
        if (in.rank() != 4) {
            throw new IllegalStateException("vertex " + vertexName + " expects a 4-d CNN activation, got shape "
                    + Arrays.toString(in.shape()));
        }
        long[] shape = in.shape().clone(); // shape() may be the array's own shape buffer
        shape[channelDim] = outChannels;
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, in.dataType(), shape, 'c');
        for (Run run : runs) {
            out.get(channels(run.to(), run.length())).assign(in.get(channels(run.from(), run.length())));
        }
        return out;
    }

    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
        if (!canDoBackward()) {
            throw new IllegalStateException("Cannot do backward pass in vertex " + vertexName + ": epsilon not set");
        }
        // create() zero-fills: channels that were not selected get no gradient.
        INDArray grad = workspaceMgr.create(ArrayType.ACTIVATION_GRAD, epsilon.dataType(), inputs[0].shape(), 'c');
        for (Run run : runs) {
            grad.get(channels(run.from(), run.length())).assign(epsilon.get(channels(run.to(), run.length())));
        }
        return new Pair<>(null, new INDArray[]{grad});
    }

    /** Index of channels [start, start + length) along the channel dimension, everything else whole. */
    private INDArrayIndex[] channels(int start, int length) {
        INDArrayIndex[] index = {NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all()};
        index[channelDim] = NDArrayIndex.interval(start, start + length);
        return index;
    }

    @Override
    public boolean hasLayer() {
        return false;
    }

    @Override
    public Layer getLayer() {
        return null;
    }

    @Override
    public void setBackpropGradientsViewArray(INDArray backpropGradientsViewArray) {
        if (backpropGradientsViewArray != null) {
            throw new IllegalStateException("vertex " + vertexName + " has no parameters");
        }
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArrays(INDArray[] maskArrays, MaskState currentMaskState,
                                                           int minibatchSize) {
        // Per-example (or per-pixel) masks do not depend on the channel: pass them through.
        if (maskArrays == null || maskArrays.length == 0) {
            return null;
        }
        return new Pair<>(maskArrays[0], currentMaskState);
    }

    @Override
    public String toString() {
        return "ChannelSubsetVertex(name=" + vertexName + ", runs=" + runs + ")";
    }
}
