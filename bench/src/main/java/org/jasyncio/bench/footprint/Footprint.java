package org.jasyncio.bench.footprint;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import javax.management.ObjectName;

/**
 * Heap per parked sleeper, measured, for docs/performance.md (issue 14): the live heap after a full
 * GC with {@code n} sleepers parked, less the live heap before they were made, divided by {@code n};
 * and the class histogram of the live heap at that moment (the JVM's {@code GC.class_histogram}
 * diagnostic command, run in-process), so each object a sleeper costs is named with its size.
 *
 * <p>Run by {@code bench/footprint}; each runtime's probe ({@link JasyncioSleepers},
 * {@link VthreadSleepers}, {@code org.jasyncio.bench.footprint.KotlinSleepers}) calls {@link #before}
 * before it makes its sleepers and {@link #report} once they are all parked.
 */
public final class Footprint {
    private Footprint() {}

    /** The live heap in bytes after a full GC. */
    public static long before() {
        return liveHeap();
    }

    /** Prints bytes per sleeper and the histogram's top rows, as one {@code RESULT} line and a table. */
    public static void report(String runtime, int n, long before) {
        long after = liveHeap();
        String histogram = histogram();
        System.out.println(histogram.lines().limit(14).reduce("", (a, b) -> a + b + "\n"));
        System.out.printf(
                Locale.ROOT,
                "RESULT {\"runtime\": \"%s\", \"sleepers\": %d, \"heap_bytes_per_sleeper\": %.1f}%n",
                runtime,
                n,
                (after - before) / (double) n);
    }

    private static long liveHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static String histogram() {
        try {
            return (String) ManagementFactory.getPlatformMBeanServer()
                    .invoke(
                            new ObjectName("com.sun.management:type=DiagnosticCommand"),
                            "gcClassHistogram",
                            new Object[] {new String[0]},
                            new String[] {String[].class.getName()});
        } catch (Exception e) {
            return "class histogram unavailable: " + e;
        }
    }

    /** The number of sleepers from the command line (default 100k). */
    public static int count(String[] args) {
        return args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    }
}
