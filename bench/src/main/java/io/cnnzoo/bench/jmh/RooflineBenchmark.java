package io.cnnzoo.bench.jmh;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * The cores' FP32 peak: every thread (one per logical processor) runs independent chains of fused
 * multiply-adds on the widest vectors the JDK's Vector API offers here (256-bit on AVX2: 8 floats, 16
 * FLOP per FMA). Enough chains are in flight to cover the FMA latency on two pipes, and nothing touches
 * memory, so this is the compute roof every convolution figure is read against. {@link SgemmBenchmark}
 * is the other roof: what a tuned BLAS reaches in practice. The report shows figures against both.
 */
@State(Scope.Thread)
@Threads(Threads.MAX)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx1g"})
public class RooflineBenchmark extends BenchmarkDefaults {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    /** FMAs per chain per call: long enough that the call's overhead is noise. */
    private static final int STEPS = 100_000;
    private static final long FLOP_PER_CALL = 2L * 12 * STEPS * SPECIES.length();

    private final float[] seed = new float[SPECIES.length()];

    /** 12 independent FMA chains (2 pipes x ~5 cycles latency, with room), {@link #STEPS} FMAs each. */
    @Benchmark
    public float fmaPeak(Counters.Flops flops) {
        FloatVector m = FloatVector.broadcast(SPECIES, 0.999999f);
        FloatVector c = FloatVector.broadcast(SPECIES, 1e-7f);
        FloatVector a0 = FloatVector.fromArray(SPECIES, seed, 0);
        FloatVector a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0;
        FloatVector a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0, a11 = a0;
        for (int i = 0; i < STEPS; i++) {
            a0 = a0.fma(m, c);
            a1 = a1.fma(m, c);
            a2 = a2.fma(m, c);
            a3 = a3.fma(m, c);
            a4 = a4.fma(m, c);
            a5 = a5.fma(m, c);
            a6 = a6.fma(m, c);
            a7 = a7.fma(m, c);
            a8 = a8.fma(m, c);
            a9 = a9.fma(m, c);
            a10 = a10.fma(m, c);
            a11 = a11.fma(m, c);
        }
        flops.flop += FLOP_PER_CALL;
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
                .reduceLanes(VectorOperators.ADD);
    }
}
