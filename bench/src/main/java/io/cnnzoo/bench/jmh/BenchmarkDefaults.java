package io.cnnzoo.bench.jmh;

import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Defaults every cnnzoo benchmark shares: throughput per second, 3 warm-up and 5 measured iterations of
 * 5 s, one fork. The fork gets the heap and JavaCPP off-heap caps ND4J needs (docs/performance.md);
 * the native thread count comes from OMP_NUM_THREADS in the
 * environment (the launcher sets one per physical core).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-Dorg.bytedeco.javacpp.maxbytes=8G",
        "-Dorg.bytedeco.javacpp.maxphysicalbytes=12G"})
public abstract class BenchmarkDefaults {
}
