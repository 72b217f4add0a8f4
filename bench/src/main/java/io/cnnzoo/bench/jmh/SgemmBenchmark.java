package io.cnnzoo.bench.jmh;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The roofline: single-precision matrix multiply through ND4J's BLAS, C = A B with square n x n
 * matrices (2 n^3 FLOP). Convolution and whole-model figures are read against its GFLOP/s.
 */
@State(Scope.Benchmark)
public class SgemmBenchmark extends BenchmarkDefaults {

    @Param({"2048", "4096"})
    public int n;

    private INDArray a;
    private INDArray b;
    private INDArray c;

    @Setup
    public void setUp() {
        Nd4j.getRandom().setSeed(42);
        a = Nd4j.rand(DataType.FLOAT, 'f', n, n);
        b = Nd4j.rand(DataType.FLOAT, 'f', n, n);
        c = Nd4j.create(DataType.FLOAT, new long[]{n, n}, 'f');
    }

    /** One n x n x n SGEMM into a preallocated result: what BLAS alone achieves on these cores. */
    @Benchmark
    public INDArray sgemm(Counters.Flops counters) {
        counters.flop += 2L * n * n * n;
        return Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
    }
}
