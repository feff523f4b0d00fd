package org.jasyncio;

import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Helpers the core behaviour tests share; use with {@code import static org.jasyncio.Fixtures.*}. */
final class Fixtures {
    private Fixtures() {}

    /** The running loop's time, in seconds. */
    static double now() {
        return Asyncio.getRunningLoop().time();
    }

    /** What {@code call} throws when run in a callback of the running loop, outside any task; null if nothing. */
    static Throwable thrownInALoopCallback(ThrowingCallable call) throws Exception {
        Future<Throwable> seen = Asyncio.getRunningLoop().createFuture();
        Asyncio.getRunningLoop().callSoon(() -> seen.setResult(catchThrowable(call)));
        return seen.await();
    }

    /** What {@code call} throws when run on a new thread that runs no event loop; null if nothing. */
    static Throwable thrownOnAThreadWithoutALoop(ThrowingCallable call) throws InterruptedException {
        Throwable[] seen = {null};
        Thread t = new Thread(() -> seen[0] = catchThrowable(call), "no-loop-thread");
        t.start();
        t.join();
        return seen[0];
    }

    /** A task that returns {@code value} after {@code seconds} of loop time. */
    static Task<String> after(double seconds, String value) {
        return Asyncio.createTask(() -> {
            Asyncio.sleep(seconds);
            return value;
        });
    }

    /** {@code action}, with {@code name} as its toString (the loop logs and shows a callback by it). */
    static Runnable named(String name, Runnable action) {
        return new Runnable() {
            @Override
            public void run() {
                action.run();
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    /** Captures what the loop logs (and keeps it out of the test output) until closed. */
    static final class LogCapture extends Handler implements AutoCloseable {
        final List<LogRecord> records = new CopyOnWriteArrayList<>();
        private final Logger logger = Logger.getLogger("org.jasyncio");
        private final boolean parents;

        LogCapture() {
            parents = logger.getUseParentHandlers();
            logger.setUseParentHandlers(false);
            logger.addHandler(this);
        }

        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {
            logger.removeHandler(this);
            logger.setUseParentHandlers(parents);
        }

        /** The messages logged at {@code level}. */
        List<String> messages(Level level) {
            List<String> m = new ArrayList<>();
            for (LogRecord r : records) {
                if (r.getLevel() == level) {
                    m.add(r.getMessage());
                }
            }
            return m;
        }
    }
}
