package io.cnnzoo.bench.jmh;

import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Defaults every cnnzoo benchmark shares: throughput per second, 3 warm-up and 5 measured iterations of
 * 5 s, one fork. The fork gets the heap and JavaCPP off-heap caps ND4J needs (docs/performance.md);
 * the native thread count comes from OMP_NUM_THREADS in the environment (the launcher sets one per
 * physical core), recorded as the {@code threads} parameter.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-Dorg.bytedeco.javacpp.maxbytes=8G",
        "-Dorg.bytedeco.javacpp.maxphysicalbytes=12G"})
@State(Scope.Benchmark) // subclasses declare their own scope; JMH needs one here for the threads parameter
public abstract class BenchmarkDefaults {

    /** The environment variable that sets libnd4j's and oneDNN's OpenMP thread count. */
    public static final String OMP_NUM_THREADS = "OMP_NUM_THREADS";

    /**
     * Native (OpenMP) threads: {@code all} runs with {@value #OMP_NUM_THREADS} as the environment sets it
     * (the launcher: one per core); a number asks for that many. JMH cannot set a fork's environment, so
     * {@code cnnzoo bench} starts such forks through a wrapper that exports the variable, and
     * {@link #checkThreads} refuses a fork whose environment says otherwise: a figure never claims a
     * thread count it did not run with.
     */
    @Param({"all"})
    public String threads;

    @Setup(Level.Trial)
    public void checkThreads() {
        if (!threads.equals("all") && !threads.equals(System.getenv(OMP_NUM_THREADS))) {
            throw new IllegalStateException("threads=" + threads + " needs " + OMP_NUM_THREADS + "=" + threads
                    + " in the fork's environment (it is " + System.getenv(OMP_NUM_THREADS) + "): run it through "
                    + "./cnnzoo bench, or export " + OMP_NUM_THREADS + " before java -jar benchmarks.jar");
        }
    }
}
