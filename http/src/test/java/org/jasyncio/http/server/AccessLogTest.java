package org.jasyncio.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jasyncio.Asyncio;
import org.jasyncio.testing.AsyncTest;

/** The access log's writer thread: a log handler that blocks never stalls the loop. */
class AccessLogTest {
    @AsyncTest(virtualTime = false) // a real writer thread: real time, bounded by the timeout
    void aBlockedLogHandlerNeverStallsTheLoopAndTheDroppedLinesAreCountedAndReported() throws Exception {
        Logger jul = Logger.getLogger("org.jasyncio.http.server.access");
        CountDownLatch release = new CountDownLatch(1);
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        Handler blocking = new Handler() {
            @Override
            public void publish(LogRecord record) {
                try {
                    release.await(); // stderr that nobody reads, a stuck disk
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                lines.add(record.getMessage());
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        boolean parents = jul.getUseParentHandlers();
        jul.setUseParentHandlers(false);
        jul.addHandler(blocking);
        try (var t = Asyncio.timeout(Duration.ofSeconds(20))) {
            AccessLog log = new AccessLog(true, 4);
            for (int i = 0; i < 100; i++) {
                log.offer(Level.INFO, "line " + i); // returns at once, though the handler blocks
            }
            long dropped = log.dropped();
            assertThat(dropped).isBetween(95L, 96L); // 4 queued, and maybe 1 taken by the blocked writer
            release.countDown();
            Asyncio.wrapFuture(log.written()).await();
            List<String> kept = lines.subList(0, lines.size() - 1);
            assertThat(kept).hasSize((int) (100 - dropped)).allMatch(l -> l.startsWith("line "));
            assertThat(kept.getFirst()).isEqualTo("line 0");
            assertThat(lines.getLast()).startsWith(dropped + " access log lines dropped");
        } finally {
            jul.removeHandler(blocking);
            jul.setUseParentHandlers(parents);
        }
    }
}
