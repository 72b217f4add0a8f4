package io.cnnzoo.reports.bench;

import java.util.List;
import java.util.OptionalDouble;

/**
 * What the machine can do, measured in the same run: the best SGEMM through ND4J's BLAS (GFLOP/s over
 * the sizes measured) and the FP32 fused-multiply-add peak of the cores ({@code RooflineBenchmark}).
 * Either may be missing when a run left its benchmark out.
 */
public record Roofline(OptionalDouble sgemmGflops, OptionalDouble fmaPeakGflops) {

    public static final String SGEMM = "SgemmBenchmark.sgemm";
    public static final String FMA_PEAK = "RooflineBenchmark.fmaPeak";

    /** The best GFLOP/s of each roofline benchmark among the cnnzoo records. */
    public static Roofline of(List<BenchRecord> records) {
        return new Roofline(best(records, SGEMM), best(records, FMA_PEAK));
    }

    public static boolean isRoofline(BenchRecord r) {
        return r.benchmark().equals(SGEMM) || r.benchmark().equals(FMA_PEAK);
    }

    /** {@code gflops} as a fraction of the SGEMM roofline, or NaN without one. */
    public double ofSgemm(double gflops) {
        return sgemmGflops.isPresent() ? gflops / sgemmGflops.getAsDouble() : Double.NaN;
    }

    /** {@code gflops} as a fraction of the FMA peak, or NaN without one. */
    public double ofFmaPeak(double gflops) {
        return fmaPeakGflops.isPresent() ? gflops / fmaPeakGflops.getAsDouble() : Double.NaN;
    }

    private static OptionalDouble best(List<BenchRecord> records, String benchmark) {
        return records.stream().filter(r -> r.benchmark().equals(benchmark))
                .flatMap(r -> r.counter("flop").stream())
                .mapToDouble(m -> m.score() / 1e9).max();
    }
}
