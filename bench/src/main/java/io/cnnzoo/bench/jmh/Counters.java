package io.cnnzoo.bench.jmh;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What the benchmarks count besides calls. JMH reports each public field as a rate (per second) next to
 * the primary score, as a secondary metric named after the field.
 */
public final class Counters {

    private Counters() {
    }

    /** {@code flop}: floating-point operations, a multiply-add counting 2. Divide by 1e9 for GFLOP/s. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Flops {
        public long flop;

        @Setup(Level.Iteration)
        public void clear() {
            flop = 0;
        }
    }

    /**
     * A layer's work: {@code flop} (compute-bound layers), {@code bytes} (memory-bound ones: the least
     * traffic the operation needs, each input read and each output written once) and {@code images}. The
     * counter a layer does not use stays 0, which the report reads as absent.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Work {
        public long flop;
        public long bytes;
        public long images;

        @Setup(Level.Iteration)
        public void clear() {
            flop = 0;
            bytes = 0;
            images = 0;
        }
    }

    /** {@code images}: images processed, for images/s. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Images {
        public long images;

        @Setup(Level.Iteration)
        public void clear() {
            images = 0;
        }
    }
}
