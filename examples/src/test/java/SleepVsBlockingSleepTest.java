import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SleepVsBlockingSleepTest {
    @Test
    void coroutine2RunsWhileCoroutine1IsPaused() throws Exception {
        Console console = new Console();
        // The blocking part is Thread.sleep; the test blocks for zero time (no test sleeps real time).
        assertThat(console.lines(() -> SleepVsBlockingSleep.run(console.options(), Duration.ZERO)))
                .containsExactly(
                        "**** Synchronous sleep ****",
                        "This will be printed after 2 seconds, as entire thread was blocked",
                        "**** Asynchronous sleep ****",
                        "Pausing coroutine 1 ...",
                        "coroutine_2() is executed because coroutine_1() is on pause",
                        "After a pause, resuming coroutine 1 ...");
        assertThat(console.elapsed()).isEqualTo(1.0);
    }
}
