package org.jasyncio.internal.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.jasyncio.Asyncio;
import org.jasyncio.EventLoop;
import org.jasyncio.ExceptionContext;
import org.jasyncio.testing.AsyncTest;

/** The building block of every transport's write side: marks, signals and the closing state. */
class WriteBufferTest {
    private final List<String> signals = new ArrayList<>();

    private WriteBuffer<String> buffer() {
        return new WriteBuffer<>(
                Asyncio.getRunningLoop(), "<owner>", () -> signals.add("pause"), () -> signals.add("resume"));
    }

    @AsyncTest
    void pausesAboveHighAndResumesAtLowOnce() {
        WriteBuffer<String> b = buffer();
        b.setLimits(10, 4);
        assertThat(b.limits()).containsExactly(4, 10);
        b.add("a", 10);
        assertThat(signals).isEmpty(); // at the mark is not above it
        b.add("b", 1);
        b.add("c", 5);
        assertThat(signals).containsExactly("pause");
        assertThat(b.size()).isEqualTo(16);
        assertThat(b.poll()).isEqualTo("a");
        b.sent(10);
        assertThat(signals).containsExactly("pause"); // 6 is still above 4
        b.consumed(2);
        assertThat(signals).containsExactly("pause"); // consumed() does not signal
        b.maybeResumeProtocol();
        assertThat(signals).containsExactly("pause", "resume");
        b.sent(4);
        assertThat(signals).containsExactly("pause", "resume");
        assertThat(b.size()).isZero();
    }

    @AsyncTest
    void newLimitsTakeEffectAtOnce() {
        WriteBuffer<String> b = buffer();
        b.add("x", 100);
        assertThat(signals).isEmpty();
        b.setLimits(50, -1);
        assertThat(b.limits()).containsExactly(12, 50);
        assertThat(signals).containsExactly("pause");
        b.setLimits(-1, -1);
        assertThat(b.limits()).containsExactly(16 * 1024, 64 * 1024);
        assertThat(signals).containsExactly("pause", "resume");
        assertThatThrownBy(() -> b.setLimits(10, 20))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "setWriteBufferLimits(10, 20) on <owner>: the marks must keep 0 <= low <= high, got low=20 high=10");
        assertThatThrownBy(() -> b.setLimits(-1, 70_000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("setWriteBufferLimits(-1, 70000) on <owner>: the marks must keep 0 <= low <= high,"
                        + " got low=70000 high=65536");
    }

    @AsyncTest
    void theSizeIsExactPast2GiBAndSaturatesAsAnInt() {
        WriteBuffer<String> b = buffer();
        b.add("a", Integer.MAX_VALUE);
        b.add("b", Integer.MAX_VALUE);
        b.add("c", 10);
        long exact = 2L * Integer.MAX_VALUE + 10;
        assertThat(b.longSize()).isEqualTo(exact);
        assertThat(b.size()).as("saturated, not wrapped").isEqualTo(Integer.MAX_VALUE);
        assertThat(b).hasToString("<WriteBuffer open size=" + exact + " chunks=3 limits=16384..65536 protocol=paused>");
        b.poll();
        b.sent(Integer.MAX_VALUE);
        assertThat(b.size()).isEqualTo(Integer.MAX_VALUE);
        b.poll();
        b.sent(Integer.MAX_VALUE);
        assertThat(b.size()).isEqualTo(10);
        assertThat(b.longSize()).isEqualTo(10);
        assertThat(signals).containsExactly("pause", "resume");
    }

    @AsyncTest
    void closingStateMachine() {
        WriteBuffer<String> b = buffer();
        assertThat(b.state()).isEqualTo(WriteBuffer.State.OPEN);
        assertThat(b.isClosing()).isFalse();
        b.add("x", 1);
        assertThat(b.startClosing()).isTrue();
        assertThat(b.state()).isEqualTo(WriteBuffer.State.CLOSING);
        assertThat(b.isClosing()).isTrue();
        assertThat(b.startClosing()).as("only from OPEN").isFalse();
        assertThat(b.markClosed()).isTrue();
        assertThat(b.state()).isEqualTo(WriteBuffer.State.CLOSED);
        assertThat(b.isEmpty()).as("what was buffered is dropped").isTrue();
        assertThat(b.size()).isZero();
        assertThat(b.markClosed()).as("CLOSED is final, connectionLost once").isFalse();
        assertThat(b.startClosing()).isFalse();
        assertThat(buffer().markClosed()).as("OPEN -> CLOSED directly").isTrue();
    }

    @AsyncTest
    void aFailingSignalIsReportedNotThrown() {
        EventLoop loop = Asyncio.getRunningLoop();
        List<ExceptionContext> reports = new ArrayList<>();
        var previous = loop.getExceptionHandler();
        loop.setExceptionHandler((l, ctx) -> reports.add(ctx));
        try {
            WriteBuffer<String> b = new WriteBuffer<>(
                    loop,
                    "<owner>",
                    () -> {
                        throw new IllegalStateException("boom");
                    },
                    () -> {});
            b.setLimits(1, 0);
            b.add("xy", 2);
            assertThat(reports).hasSize(1);
            assertThat(reports.get(0).message()).isEqualTo("protocol.pauseWriting() failed on <owner>");
            assertThat(reports.get(0).exception()).hasMessage("boom");
        } finally {
            loop.setExceptionHandler(previous);
        }
    }
}
