package org.jasyncio.internal;

import jdk.internal.vm.ContinuationSupport;

/**
 * Whether the JVM runs continuations at all, asked without loading {@link ContinuationStrand}: that
 * class extends {@code jdk.internal.vm.Continuation}, whose static initializer fails on a JVM without
 * them ({@code -XX:-VMContinuations}), and the engine's choice must see "no continuations", not an
 * {@link ExceptionInInitializerError}.
 */
final class ContinuationProbe {
    private ContinuationProbe() {}

    /** Whether this JVM has continuations (only called once {@code jdk.internal.vm} is exported to us). */
    static boolean supported() {
        return ContinuationSupport.isSupported();
    }
}
