package org.jasyncio.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What every workload main class shares: argument parsing, the warm-up/measure loop and the
 * {@code RESULT {json}} line that {@code bench/compare} reads (the same line
 * {@code bench/python/workloads.py} prints).
 *
 * <p>Arguments: {@code --n N} (workload size), {@code --warmup W} (unmeasured iterations, default 1),
 * {@code --iterations I} (measured iterations, default 3). With {@code -Dbench.trace=true} each iteration
 * also prints a {@code TRACE} line to standard error: its time, and how much of it the JVM spent in
 * collections and JIT compilations (the compiler's threads share the one core a pinned run has, so a
 * compilation's time is the workload's). Each iteration is timed with
 * {@link System#nanoTime()} around the workload alone; JVM start-up is not in the figure, JIT
 * warm-up is in the warm-up iterations.
 */
public final class Bench {

    /** One iteration of a workload of size {@code n}; returns the elapsed seconds it measured. */
    @FunctionalInterface
    public interface Workload {
        double run(int n) throws Exception;
    }

    private Bench() {}

    /** Parses {@code args}, runs {@code workload} warm-up + measured times, prints the RESULT line. */
    public static void main(String runtime, String workloadName, String[] args, Workload workload) throws Exception {
        int n = intArg(args, "--n", 100_000);
        int warmup = intArg(args, "--warmup", 1);
        int iterations = intArg(args, "--iterations", 3);
        List<Double> samples = new ArrayList<>();
        boolean trace = Boolean.getBoolean("bench.trace");
        for (int i = 0; i < warmup + iterations; i++) {
            long gc = trace ? gcMillis() : 0;
            long jit = trace ? jitMillis() : 0;
            double s = workload.run(n);
            if (i >= warmup) {
                samples.add(s);
            }
            if (trace) {
                System.err.printf(
                        Locale.ROOT,
                        "TRACE %s iteration %d%s: %.1f ms, of which the JVM spent %d ms collecting and %d ms"
                                + " compiling (on any thread)%n",
                        workloadName,
                        i,
                        i < warmup ? " (warm-up)" : "",
                        s * 1e3,
                        gcMillis() - gc,
                        jitMillis() - jit);
            }
        }
        StringBuilder json = new StringBuilder();
        json.append("{\"runtime\": \"")
                .append(runtime)
                .append("\", \"workload\": \"")
                .append(workloadName)
                .append("\", \"n\": ")
                .append(n)
                .append(", \"warmup\": ")
                .append(warmup)
                .append(", \"samples_s\": [");
        for (int i = 0; i < samples.size(); i++) {
            json.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.9f", samples.get(i)));
        }
        json.append("], \"java\": \"").append(Runtime.version()).append("\"}");
        System.out.println("RESULT " + json);
        System.out.flush();
    }

    /** The JVM's collection time so far, all collectors. */
    private static long gcMillis() {
        long total = 0;
        for (var gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }

    /** The JIT compilers' time so far ({@code -1} summed as 0 where the JVM does not measure it). */
    private static long jitMillis() {
        var jit = java.lang.management.ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
    }

    /** Seconds since {@code t0}, a {@link System#nanoTime()} reading. */
    public static double since(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    public static int intArg(String[] args, String name, int dflt) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return dflt;
    }

    /**
     * The delays of the timers workload in nanoseconds, 0 to 10 ms: a 64-bit LCG (Knuth's MMIX
     * constants) seeded with 42, the very draws {@code workloads.py} makes, so every runtime sleeps
     * the same set of delays.
     */
    public static long[] timerDelaysNanos(int n) {
        long[] out = new long[n];
        long x = 42;
        for (int i = 0; i < n; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
            out[i] = ((x >>> 33) % 10001) * 1_000L; // micro-seconds 0..10000, as nanos
        }
        return out;
    }

    /** Fails loudly when a workload computed the wrong thing: a fast wrong answer is no result. */
    public static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError("workload check failed: " + what);
        }
    }
}
