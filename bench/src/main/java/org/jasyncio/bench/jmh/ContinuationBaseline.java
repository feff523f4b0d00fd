package org.jasyncio.bench.jmh;

import java.util.concurrent.TimeUnit;
import jdk.internal.vm.Continuation;
import jdk.internal.vm.ContinuationScope;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The floor under {@link LoopBenchmarks#yieldToLoop}: one bare {@code Continuation.run()} +
 * {@code Continuation.yield()} round trip, with no loop, queue or task around it. Issue 2's target is
 * a jasyncio switch within 1.5x of this.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED"})
public class ContinuationBaseline {
    static final int BATCH = 10_000;
    private static final ContinuationScope SCOPE = new ContinuationScope("baseline");

    private Continuation continuation;

    @Setup(Level.Trial)
    public void setUp() {
        continuation = new Continuation(SCOPE, () -> {
            while (true) {
                Continuation.yield(SCOPE);
            }
        });
    }

    /** One resume and one yield of a continuation parked one frame deep. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void yieldResume() {
        for (int i = 0; i < BATCH; i++) {
            continuation.run();
        }
    }
}
