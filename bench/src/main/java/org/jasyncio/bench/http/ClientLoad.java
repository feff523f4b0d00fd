package org.jasyncio.bench.http;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import org.jasyncio.bench.Bench;

/**
 * What the HTTP client workloads share: their arguments ({@code --url}, {@code --concurrency} 64,
 * {@code --warmup-s}, {@code --duration-s}), the measured window (requests counted and this process's
 * CPU time read at both of its ends) and the {@code RESULT {json}} line that bench/compare-http reads,
 * the same fields {@code bench/python/http_clients.py} prints.
 */
public final class ClientLoad {
    /** The body every GET of the workload must receive (the servers' {@code /plaintext}). */
    public static final int BODY_LENGTH = 13;

    public final String url;
    public final int concurrency;
    public final double warmupS;
    public final double durationS;
    private long count0;
    private long t0;
    private long cpu0;

    public ClientLoad(String[] args) {
        url = stringArg(args, "--url", "http://127.0.0.1:8080/plaintext");
        concurrency = Bench.intArg(args, "--concurrency", 64);
        warmupS = Double.parseDouble(stringArg(args, "--warmup-s", "2"));
        durationS = Double.parseDouble(stringArg(args, "--duration-s", "5"));
    }

    /** Starts the measured window at request count {@code count}. */
    public void begin(long count) {
        count0 = count;
        t0 = System.nanoTime();
        cpu0 = cpuNanos();
    }

    /** Ends the window at request count {@code count} and prints the RESULT line. */
    public void end(String runtime, long count) {
        double elapsed = (System.nanoTime() - t0) / 1e9;
        double cpu = (cpuNanos() - cpu0) / 1e9;
        long n = count - count0;
        System.out.println(String.format(
                Locale.ROOT,
                "RESULT {\"runtime\": \"%s\", \"workload\": \"http-client\", \"requests\": %d, \"seconds\": %.6f, "
                        + "\"rps\": %.1f, \"client_cpu_us_per_req\": %.3f, \"client_cpu_util\": %.3f, \"java\": \"%s\"}",
                runtime,
                n,
                elapsed,
                n / elapsed,
                cpu / Math.max(n, 1) * 1e6,
                cpu / elapsed,
                Runtime.version()));
        System.out.flush();
    }

    /** Fails the run on a wrong answer: a fast wrong answer is no result. */
    public static void checkBody(int status, int length) {
        Bench.check(status == 200 && length == BODY_LENGTH, "status " + status + ", body of " + length + " bytes");
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    public static String stringArg(String[] args, String name, String dflt) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return dflt;
    }
}
