package org.jasyncio.internal;

import java.lang.System.Logger.Level;

/**
 * Chooses the strand engine once per JVM: the continuation engine when {@code jdk.internal.vm} is
 * exported to jasyncio, the virtual-thread engine otherwise, with one log line saying which and why
 * (docs/design.md, rule 3). {@code -Djasyncio.strand=continuation|virtual} forces one. This and the
 * loop factory are the only places that read jasyncio's system properties.
 *
 * <p>The flag the fallback line advises fits how jasyncio was loaded: on the class path jasyncio is in
 * the unnamed module and needs {@code --add-exports java.base/jdk.internal.vm=ALL-UNNAMED}; on the
 * module path it is the named module {@code org.jasyncio} and needs {@code =org.jasyncio} (there,
 * {@code =ALL-UNNAMED} exports to the wrong module, and the line says so). When the export is there
 * and the fast engine still cannot run (a JVM without continuations), the line says that instead of
 * advising the flag the user already passed.
 */
public final class StrandEngine {
    /** The system property that forces an engine. */
    public static final String PROPERTY = "jasyncio.strand";

    private static final String PACKAGE = "jdk.internal.vm";
    private static final System.Logger LOG = System.getLogger("org.jasyncio");
    private static volatile StrandFactory chosen;

    private StrandEngine() {}

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
        return Probe.current().problem() == null;
    }

    /**
     * What this JVM offers the continuation engine, and why it cannot run when it cannot.
     *
     * @param module jasyncio's module name, or null when jasyncio is in the unnamed module (class path)
     * @param exportedToJasyncio whether {@code jdk.internal.vm} is exported to jasyncio's module
     * @param exportedToAllUnnamed whether it is exported to every unnamed module ({@code =ALL-UNNAMED})
     * @param startFailure null when the JVM has working continuations, else why not; only looked at
     *     when the package is exported to jasyncio
     */
    record Probe(String module, boolean exportedToJasyncio, boolean exportedToAllUnnamed, String startFailure) {
        /** This JVM and this jasyncio. */
        static Probe current() {
            Module jasyncio = StrandEngine.class.getModule();
            Module base = Object.class.getModule();
            boolean toJasyncio = base.isExported(PACKAGE, jasyncio);
            boolean toUnnamed =
                    base.isExported(PACKAGE, ClassLoader.getSystemClassLoader().getUnnamedModule());
            String failure = null;
            if (toJasyncio) {
                try {
                    if (!ContinuationProbe.supported()) {
                        failure = "this JVM runs without continuations (as with -XX:-VMContinuations),"
                                + " which no --add-exports flag can change";
                    }
                } catch (LinkageError e) {
                    failure = "the continuation engine failed to load: " + oneLine(e.toString());
                }
            }
            return new Probe(jasyncio.isNamed() ? jasyncio.getName() : null, toJasyncio, toUnnamed, failure);
        }

        /** The flag that exports the package to jasyncio as it is loaded. */
        String flag() {
            return "--add-exports java.base/" + PACKAGE + "=" + (module == null ? "ALL-UNNAMED" : module);
        }

        /** Why the continuation engine cannot run, with the remedy, as one line; null when it can. */
        String problem() {
            if (exportedToJasyncio) {
                return startFailure;
            }
            if (module == null) {
                return PACKAGE + " is not exported; add " + flag() + " (jasyncio is on the class path)";
            }
            if (exportedToAllUnnamed) {
                return PACKAGE + " is exported to ALL-UNNAMED, but jasyncio is the named module " + module
                        + " (it is on the module path): use " + flag() + " instead";
            }
            return PACKAGE + " is not exported to " + module + "; add " + flag() + " (jasyncio is on the module path)";
        }
    }

    static StrandFactory choose(String forced) {
        return choose(forced, Probe.current());
    }

    static StrandFactory choose(String forced, Probe probe) {
        String problem = probe.problem();
        switch (forced) {
            case "continuation" -> {
                if (problem != null) {
                    throw new IllegalStateException("-D" + PROPERTY + "=continuation cannot run: " + problem);
                }
                LOG.log(Level.DEBUG, "jasyncio: continuation strands (forced by -D" + PROPERTY + ")");
                return ContinuationStrand.FACTORY;
            }
            case "virtual" -> {
                LOG.log(Level.DEBUG, "jasyncio: virtual-thread strands (forced by -D" + PROPERTY + ")");
                return VirtualThreadStrand.FACTORY;
            }
            case "" -> {
                if (problem == null) {
                    LOG.log(Level.DEBUG, "jasyncio: continuation strands (" + PACKAGE + " is exported)");
                    return ContinuationStrand.FACTORY;
                }
                LOG.log(Level.INFO, fallbackLine(problem));
                return VirtualThreadStrand.FACTORY;
            }
            default ->
                throw new IllegalArgumentException(
                        "-D" + PROPERTY + "=" + forced + " is not an engine: use continuation or virtual");
        }
    }

    /** The one line logged when the fast engine cannot run. */
    static String fallbackLine(String problem) {
        return "jasyncio: virtual-thread strands, slower per switch and heavier per task than the continuation engine,"
                + " because " + problem;
    }

    private static String oneLine(String s) {
        return s.replaceAll("\\s*\\R\\s*", " ");
    }
}
