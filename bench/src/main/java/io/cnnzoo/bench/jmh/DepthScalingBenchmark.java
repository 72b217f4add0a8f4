package io.cnnzoo.bench.jmh;

import io.cnnzoo.zoo.resnet.CifarResNetBuilder;
import io.cnnzoo.zoo.resnet.ResNet;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.DataSet;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How a training step's time grows with depth: the CIFAR plain nets and ResNets of He et al. 2016
 * (Sec. 4.2: 6n+2 layers) at each depth of the paper's Table 6, batch 128 of 3x32x32. Ideally time is
 * proportional to depth (a line through the origin); the report fits that line per net, and the ratio
 * of the residual slope to the plain one is what the shortcuts cost.
 */
@State(Scope.Benchmark)
@Warmup(iterations = 4, time = 10) // DL4J needs ~20 steps (oneDNN kernels, workspaces) to reach its steady speed
public class DepthScalingBenchmark extends BenchmarkDefaults {

    static final int BATCH = 128;

    /** plain (no shortcuts) or resnet (identity shortcuts, option A). */
    @Param({"plain", "resnet"})
    public String net;

    @Param({"20", "32", "44", "56", "110"})
    public int depth;

    /** dl4j, dl4j-onednn or cnnzoo (see {@link ComputePath}). */
    @Param({"cnnzoo"})
    public String path;

    private ComputationGraph graph;
    private DataSet batch;

    @Setup
    public void setUp() {
        ComputePath.of(path).select();
        CifarResNetBuilder builder = ResNet.cifar(depth).seed(42);
        if (net.equals("plain")) {
            builder.plain();
        } else if (!net.equals("resnet")) {
            throw new IllegalArgumentException("net=" + net + ": expected plain or resnet");
        }
        graph = builder.build();
        batch = RandomBatch.of(builder, BATCH, CNN2DFormat.NCHW);
    }

    /** One training step (forward, backward, SGD update) of the net at this depth. */
    @Benchmark
    public ComputationGraph fit(Counters.Images counters) {
        counters.images += BATCH;
        graph.fit(batch);
        return graph;
    }
}
