package org.jasyncio;

import java.util.function.BooleanSupplier;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C for {@link Runner}: installed only on the JVM's main thread, for the duration of one run.
 * The first SIGINT goes to {@code onInterrupt}; if that declines (second Ctrl-C), the previous
 * handler (the JVM's: exit) gets it.
 *
 * <p>Why {@code sun.misc.Signal}: it is the only JDK API for it ({@code jdk.unsupported}, supported
 * in practice and used by the JDK's own tools); a JVM run with {@code -Xrs} refuses it, and then
 * Ctrl-C simply keeps its default meaning.
 */
final class SigintHandler {
    private final Signal signal;
    private final SignalHandler previous;

    private SigintHandler(Signal signal, SignalHandler previous) {
        this.signal = signal;
        this.previous = previous;
    }

    static SigintHandler installIfMainThread(BooleanSupplier onInterrupt) {
        if (!"main".equals(Thread.currentThread().getName())) {
            return null;
        }
        try {
            Signal sig = new Signal("INT");
            SignalHandler[] prev = new SignalHandler[1];
            prev[0] = Signal.handle(sig, s -> {
                if (!onInterrupt.getAsBoolean() && prev[0] != null && prev[0] != SignalHandler.SIG_IGN) {
                    if (prev[0] == SignalHandler.SIG_DFL) {
                        Runtime.getRuntime().exit(130);
                    } else {
                        prev[0].handle(s);
                    }
                }
            });
            return new SigintHandler(sig, prev[0]);
        } catch (IllegalArgumentException | UnsupportedOperationException refused) {
            return null;
        }
    }

    void restore() {
        try {
            Signal.handle(signal, previous);
        } catch (IllegalArgumentException ignored) {
            // the JVM refused it when installing too
        }
    }
}
