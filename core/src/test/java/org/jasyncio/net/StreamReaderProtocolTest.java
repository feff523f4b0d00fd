package org.jasyncio.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.jasyncio.Asyncio;
import org.jasyncio.Task;
import org.jasyncio.testing.AsyncTest;

/** The protocol's writing states, OPEN <-> PAUSED -> LOST, driven by hand: no transport, no socket. */
class StreamReaderProtocolTest {
    private static StreamReaderProtocol protocol() {
        return new StreamReaderProtocol(Asyncio.getRunningLoop(), new StreamReader());
    }

    private static Task<Void> drain(StreamReaderProtocol p) {
        return Asyncio.createTask(() -> {
            p.drainHelper();
            return null;
        });
    }

    @AsyncTest
    void pauseHoldsDrainersAndResumeWakesThemAll() throws Exception {
        StreamReaderProtocol p = protocol();
        assertThat(p.state()).isEqualTo(StreamReaderProtocol.State.OPEN);
        assertThat(p).hasToString("<StreamReaderProtocol open drainWaiters=0>");
        p.pauseWriting();
        assertThat(p).hasToString("<StreamReaderProtocol paused drainWaiters=0>");
        Task<Void> a = drain(p);
        Task<Void> b = drain(p);
        Asyncio.sleep(0);
        assertThat(p).hasToString("<StreamReaderProtocol paused drainWaiters=2>");
        p.resumeWriting();
        assertThat(p).hasToString("<StreamReaderProtocol open drainWaiters=0>");
        a.await();
        b.await();
        drain(p).await(); // OPEN: returns at once
    }

    @AsyncTest
    void lossWakesDrainersWithTheErrorAndIsFinal() throws Exception {
        StreamReaderProtocol p = protocol();
        p.pauseWriting();
        Task<Void> waiting = drain(p);
        Asyncio.sleep(0);
        IOException reset = new IOException("reset by peer");
        p.connectionLost(reset);
        assertThat(p.state()).isEqualTo(StreamReaderProtocol.State.LOST);
        assertThat(p).hasToString("<StreamReaderProtocol lost drainWaiters=0>");
        assertThatThrownBy(waiting::await).isSameAs(reset);
        p.resumeWriting();
        p.pauseWriting();
        assertThat(p).as("a late signal leaves LOST").hasToString("<StreamReaderProtocol lost drainWaiters=0>");
        assertThatThrownBy(p::drainHelper)
                .isInstanceOf(ConnectionResetError.class)
                .hasMessage(
                        "Connection lost: drain() on <StreamReaderProtocol lost drainWaiters=0> after connectionLost()");
    }

    @AsyncTest
    void aCleanLossWakesDrainersWithoutAnError() throws Exception {
        StreamReaderProtocol p = protocol();
        p.pauseWriting();
        Task<Void> waiting = drain(p);
        Asyncio.sleep(0);
        p.connectionLost(null);
        waiting.await();
        assertThat(p.state()).isEqualTo(StreamReaderProtocol.State.LOST);
    }
}
