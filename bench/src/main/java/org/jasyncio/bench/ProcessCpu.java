package org.jasyncio.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time a Linux process has used so far, read from {@code /proc/PID/stat}: user plus system time
 * of all its threads ({@code utime} + {@code stime}, fields 14 and 15 of proc(5)), in clock ticks.
 * {@link EchoClient} reads it for the echo server and for itself at both ends of the measured window.
 *
 * <p>Why /proc and not {@code ProcessHandle.info().totalCpuDuration()}: the same number, but the JDK
 * only gives it for processes it can see through its own API, and a Python server is measured the
 * same way as a Java one. Resolution is one tick (10 ms at the usual 100 ticks/s), so a window of a
 * few seconds is accurate to well under 1% of a core.
 */
public final class ProcessCpu {
    private ProcessCpu() {}

    /** utime + stime of {@code pid} ({@code "self"} for this process), in clock ticks. */
    public static long ticks(String pid) throws IOException {
        long[] us = userSystem(pid);
        return us[0] + us[1];
    }

    /** {@code {utime, stime}} of {@code pid}: user-space and kernel time apart, in clock ticks. */
    public static long[] userSystem(String pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", pid, "stat"));
        // Field 2 is the command name in parentheses and may itself hold spaces or ')': the fields
        // after the last ')' are positional again, starting with field 3 (state).
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new long[] {Long.parseLong(f[14 - 3]), Long.parseLong(f[15 - 3])};
    }
}
