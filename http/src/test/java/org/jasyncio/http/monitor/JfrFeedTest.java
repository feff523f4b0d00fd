package org.jasyncio.http.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import jdk.jfr.FlightRecorder;
import jdk.jfr.RecordingState;
import org.junit.jupiter.api.Test;

class JfrFeedTest {
    /**
     * The monitor starts its feed before the program's first callback: a slow first step is only recorded
     * if the recording already runs then. On a cold JVM the recorder takes a second or more to start, and a
     * start that returned before it ran lost those steps (the browser test saw no slow step on a CI machine).
     */
    @Test
    void startReturnsOnlyOnceTheRecordingRuns() throws Exception {
        try (JfrFeed feed = new JfrFeed()) {
            feed.start(Duration.ofSeconds(15));
            assertThat(FlightRecorder.getFlightRecorder().getRecordings())
                    .as("the recordings right after JfrFeed.start returned")
                    .anySatisfy(r -> {
                        assertThat(r.getState()).isEqualTo(RecordingState.RUNNING);
                        assertThat(r.getSettings()).containsEntry("jasyncio.SlowStep#enabled", "true");
                    });
        }
    }
}
