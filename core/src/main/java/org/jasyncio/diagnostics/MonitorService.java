package org.jasyncio.diagnostics;

/**
 * The seam of the live monitor page ({@code RunOptions.monitor(port)}, {@code -Djasyncio.monitor=PORT}):
 * the core finds an implementation with {@link java.util.ServiceLoader} and the {@code org.jasyncio.http}
 * module provides one, so the core stays free of any HTTP code. Not for applications: they set the
 * option or the property.
 *
 * <p>An implementation serves on its own thread and event loop, and reads the monitored loops only
 * through {@code loops} (each running loop answers between two of its callbacks).
 */
public interface MonitorService {
    /** The system property that turns the monitor on for the whole JVM: its port. */
    String PROPERTY = "jasyncio.monitor";

    /**
     * Starts serving the monitor page.
     *
     * @param host the address to bind ({@code 127.0.0.1} unless the user chose another)
     * @param port the port; 0 for a free one
     * @param loops what to show: every live loop of the JVM and its tasks
     * @return what stops the server when closed
     * @throws Exception if it cannot bind or start
     */
    AutoCloseable start(String host, int port, LoopsMXBean loops) throws Exception;
}
