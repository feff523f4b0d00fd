import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class BlockingTheLoopTest {
    /** Held strongly: java.util.logging keeps loggers only weakly. */
    private static final Logger JASYNCIO_LOG = Logger.getLogger("org.jasyncio");

    @Test
    void debugModeReportsTheBlockingStep() throws Exception {
        List<String> logged = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                logged.add(r.getMessage());
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        JASYNCIO_LOG.addHandler(handler);
        Console console = new Console();
        List<String> lines;
        try {
            // No real blocking in a test: bad_function blocks for zero time, and a zero slow-callback
            // duration makes debug mode report every step, so the report's wiring and form are checked.
            lines = console.lines(() -> BlockingTheLoop.run(console.options(), Duration.ZERO, Duration.ZERO));
        } finally {
            JASYNCIO_LOG.removeHandler(handler);
        }
        assertThat(lines)
                .containsExactly(
                        "WRONG: bad_function blocks the loop, the ticker stalls",
                        "  tick 0 at 0.00s",
                        "  tick 1 at 0.25s",
                        "  tick 2 at 0.50s",
                        "  tick 3 at 0.75s",
                        "CORRECT: good_function sleeps without blocking, the ticker ticks on",
                        "  tick 0 at 1.00s",
                        "  tick 1 at 1.25s",
                        "  tick 2 at 1.50s",
                        "  tick 3 at 1.75s");
        assertThat(logged)
                .anySatisfy(m -> assertThat(m)
                        .startsWith("Executing <Task ")
                        .contains("name=bad_function")
                        .containsPattern("took \\d+\\.\\d{3} seconds"));
    }
}
