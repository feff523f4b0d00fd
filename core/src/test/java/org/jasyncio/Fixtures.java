package org.jasyncio;

/** Helpers the core behaviour tests share; use with {@code import static org.jasyncio.Fixtures.*}. */
final class Fixtures {
    private Fixtures() {
    }

    /** The running loop's time, in seconds. */
    static double now() {
        return Asyncio.getRunningLoop().time();
    }

    /** A task that returns {@code value} after {@code seconds} of loop time. */
    static Task<String> after(double seconds, String value) {
        return Asyncio.createTask(() -> {
            Asyncio.sleep(seconds);
            return value;
        });
    }
}
