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

    /**
     * Makes a {@link KeyboardInterrupt} that leaves {@code main} uncaught end the JVM with status 130
     * (128 + SIGINT, what a shell sees of a program killed by Ctrl-C, and of Python, which re-raises
     * SIGINT) instead of the 1 of any uncaught throwable. It is printed first, as the JVM's default
     * handler would; every other throwable still goes to the handler {@code main} had.
     */
    static void exitWith130IfUncaught(Thread main) {
        Thread.UncaughtExceptionHandler previous = main.getUncaughtExceptionHandler();
        if (previous instanceof ExitOnKeyboardInterrupt) {
            return;
        }
        main.setUncaughtExceptionHandler(new ExitOnKeyboardInterrupt(previous));
    }

    private record ExitOnKeyboardInterrupt(Thread.UncaughtExceptionHandler previous)
            implements Thread.UncaughtExceptionHandler {
        @Override
        public void uncaughtException(Thread t, Throwable e) {
            if (e instanceof KeyboardInterrupt) {
                System.err.print("Exception in thread \"" + t.getName() + "\" ");
                e.printStackTrace();
                Runtime.getRuntime().exit(130);
            } else if (previous != null) {
                previous.uncaughtException(t, e);
            }
        }
    }
}
