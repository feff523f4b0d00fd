package org.jasyncio.internal;

import java.lang.System.Logger.Level;

/**
 * Chooses the strand engine once per JVM (DESIGN.md rule 3): the continuation engine when
 * {@code jdk.internal.vm} is exported to jasyncio, the virtual-thread engine otherwise, with one log
 * line saying which and why. {@code -Djasyncio.strand=continuation|virtual} forces one. This and the
 * loop factory are the only places that read jasyncio's system properties.
 */
public final class StrandEngine {
    /** The system property that forces an engine. */
    public static final String PROPERTY = "jasyncio.strand";

    private static final System.Logger LOG = System.getLogger("org.jasyncio");
    private static volatile StrandFactory chosen;

    private StrandEngine() {
    }

    /** The engine for this JVM, chosen on first use. */
    public static StrandFactory get() {
        StrandFactory f = chosen;
        if (f == null) {
            synchronized (StrandEngine.class) {
                f = chosen;
                if (f == null) {
                    f = choose(System.getProperty(PROPERTY, "").trim());
                    chosen = f;
                }
            }
        }
        return f;
    }

    /** Whether the fast engine can run here: {@code jdk.internal.vm} is exported to this module. */
    public static boolean continuationsAvailable() {
        return Object.class.getModule().isExported("jdk.internal.vm", StrandEngine.class.getModule());
    }

    static StrandFactory choose(String forced) {
        boolean available = continuationsAvailable();
        switch (forced) {
            case "continuation" -> {
                if (!available) {
                    throw new IllegalStateException("-D" + PROPERTY + "=continuation needs the JVM flag"
                            + " --add-exports java.base/jdk.internal.vm=ALL-UNNAMED (or =org.jasyncio on the module path)");
                }
                LOG.log(Level.DEBUG, "jasyncio: continuation strands (forced by -D" + PROPERTY + ")");
                return ContinuationStrand.FACTORY;
            }
            case "virtual" -> {
                LOG.log(Level.DEBUG, "jasyncio: virtual-thread strands (forced by -D" + PROPERTY + ")");
                return VirtualThreadStrand.FACTORY;
            }
            case "" -> {
                if (available) {
                    LOG.log(Level.DEBUG, "jasyncio: continuation strands (jdk.internal.vm is exported)");
                    return ContinuationStrand.FACTORY;
                }
                LOG.log(Level.INFO, "jasyncio: virtual-thread strands, because jdk.internal.vm is not exported;"
                        + " add --add-exports java.base/jdk.internal.vm=ALL-UNNAMED for the ~10x faster continuation engine");
                return VirtualThreadStrand.FACTORY;
            }
            default -> throw new IllegalArgumentException("-D" + PROPERTY + "=" + forced
                    + " is not an engine: use continuation or virtual");
        }
    }
}
