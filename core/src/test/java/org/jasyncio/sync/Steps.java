package org.jasyncio.sync;

import org.jasyncio.Asyncio;
import org.jasyncio.TimeoutError;

/**
 * Test helpers for cancellation injection: run a scenario once for every point at which a victim
 * task can be cancelled, on the virtual clock. Public so the queue tests use it too.
 */
public final class Steps {
    private Steps() {}

    /** A scenario that cancels its victim after {@code point} loop iterations. */
    @FunctionalInterface
    public interface Scenario {
        void run(int point) throws Exception;
    }

    /** Lets the loop run {@code n} iterations: each {@code sleep(0)} yields exactly once. */
    public static void yields(int n) {
        for (int i = 0; i < n; i++) {
            Asyncio.sleep(0);
        }
    }

    /**
     * Runs {@code scenario} for each cancellation point from 0 to {@code lastPoint}, each under a
     * 1000 s (virtual) timeout, so a lost wake-up fails with the point named instead of hanging.
     */
    public static void atEveryPoint(int lastPoint, Scenario scenario) throws Exception {
        for (int k = 0; k <= lastPoint; k++) {
            final int point = k;
            try {
                Asyncio.waitFor(
                        () -> {
                            scenario.run(point);
                            return null;
                        },
                        1000.0);
            } catch (TimeoutError hung) {
                throw new AssertionError(
                        "with the victim cancelled after " + point
                                + " loop iteration(s) the scenario never finished: a wake-up was lost",
                        hung);
            } catch (AssertionError e) {
                throw new AssertionError(
                        "with the victim cancelled after " + point + " loop iteration(s): " + e.getMessage(), e);
            }
        }
    }
}
