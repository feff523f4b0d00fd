package org.jasyncio.net;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.jasyncio.Asyncio;
import org.jasyncio.Task;
import org.jasyncio.testing.AsyncTest;
import org.jasyncio.testing.MemoryStreams;
import org.jasyncio.testing.MemoryStreams.StreamPair;

/** The reader's buffer on its own, fed by hand (or, for flow control, over an in-memory pair): no socket. */
class StreamReaderTest {
    private static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, UTF_8);
    }

    @AsyncTest
    void aWholeOwnedChunkIsHandedOverWithoutACopy() throws Exception {
        StreamReader r = new StreamReader();
        byte[] chunk = bytes("ping");
        r.feedOwned(chunk);
        byte[] got = r.read(100);
        assertThat(got)
                .as("a read that takes the whole adopted chunk returns that very array")
                .isSameAs(chunk);
        r.feedOwned(bytes("pong"));
        assertThat(text(got))
                .as("later data must not show through the array handed out")
                .isEqualTo("ping");
        assertThat(text(r.read(100))).isEqualTo("pong");
        assertThat(r.buffered()).isZero();
    }

    @AsyncTest
    void anOwnedChunkReadInPartsIsCopiedOut() throws Exception {
        StreamReader r = new StreamReader();
        byte[] chunk = bytes("abcdef");
        r.feedOwned(chunk);
        byte[] first = r.read(2);
        assertThat(text(first)).isEqualTo("ab");
        r.feedOwned(bytes("gh")); // appended after the adopted chunk: copied into a new buffer
        assertThat(text(r.read(100))).isEqualTo("cdefgh");
        assertThat(text(chunk))
                .as("the adopted array itself is never written into")
                .isEqualTo("abcdef");
        assertThat(text(first)).isEqualTo("ab");
    }

    @AsyncTest
    void feedDataCopiesSoTheCallerMayReuseItsArray() throws Exception {
        StreamReader r = new StreamReader();
        byte[] scratch = bytes("one\n");
        r.feedData(scratch);
        scratch[0] = 'X';
        assertThat(text(r.readline())).isEqualTo("one\n");
    }

    @AsyncTest
    void anOwnedChunkAfterBufferedDataIsAppended() throws Exception {
        StreamReader r = new StreamReader();
        r.feedData(bytes("he"));
        r.feedOwned(bytes("llo\nrest"));
        assertThat(text(r.readline())).isEqualTo("hello\n");
        r.feedEof();
        assertThat(text(r.read())).isEqualTo("rest");
        assertThat(r.atEof()).isTrue();
    }

    @AsyncTest
    void aReaderWaitingForDataIsWokenByAnOwnedChunk() throws Exception {
        StreamReader r = new StreamReader();
        Task<byte[]> reading = Asyncio.createTask(() -> r.readexactly(6));
        Asyncio.sleep(0);
        r.feedOwned(bytes("abc"));
        Asyncio.sleep(0);
        assertThat(reading.done()).as("3 of 6 bytes: still waiting").isFalse();
        r.feedOwned(bytes("def"));
        assertThat(text(reading.await())).isEqualTo("abcdef");
    }

    @AsyncTest
    void readuntilTakesTheEarliestOfSeveralSeparators() throws Exception {
        StreamReader r = new StreamReader();
        r.feedOwned(bytes("key=value;next|x"));
        assertThat(text(r.readuntil(List.of(bytes("|"), bytes(";"))))).isEqualTo("key=value;");
        assertThat(text(r.readuntil(bytes("|")))).isEqualTo("next|");
        r.feedEof();
        assertThatThrownBy(() -> r.readuntil(bytes("\n")))
                .isInstanceOfSatisfying(
                        IncompleteReadError.class,
                        e -> assertThat(text(e.partial())).isEqualTo("x"));
    }

    /** Issue 17 A; the expected values are CPython 3.13's. */
    @AsyncTest
    void readuntilLetsTheShortestSeparatorDecideWhateverOrderTheyAreGivenIn() throws Exception {
        for (List<byte[]> seps : List.of(List.of(bytes("ab"), bytes("b")), List.of(bytes("b"), bytes("ab")))) {
            String order = seps.stream().map(StreamReaderTest::text).toList().toString();
            // "ab" and "b" both end at the same place: "b", the shorter, is the match, and starts past the limit.
            StreamReader r = new StreamReader(1);
            r.feedData(bytes("-ab"));
            assertThatThrownBy(() -> r.readuntil(seps))
                    .as(order)
                    .isInstanceOfSatisfying(
                            LimitOverrunError.class,
                            e -> assertThat(e.consumed()).isEqualTo(2));
            assertThat(r.buffered()).as("the data stays buffered").isEqualTo(3);
            StreamReader r2 = new StreamReader(1);
            r2.feedData(bytes("aaab"));
            assertThatThrownBy(() -> r2.readuntil(seps))
                    .as(order)
                    .isInstanceOfSatisfying(
                            LimitOverrunError.class,
                            e -> assertThat(e.consumed()).isEqualTo(3));
            StreamReader r3 = new StreamReader();
            r3.feedData(bytes("x-ab-b"));
            assertThat(text(r3.readuntil(seps))).as(order).isEqualTo("x-ab");
        }
    }

    /** Issue 17 B: asyncio checks the stored error when a read starts, not again once the read was woken. */
    @AsyncTest
    void aReadWokenByDataFinishesWithItThoughAnErrorIsSetInTheSameStep() throws Exception {
        List<java.util.function.Function<StreamReader, org.jasyncio.Coroutine<byte[]>>> reads = List.of(
                r -> () -> r.readexactly(3),
                r -> () -> r.readuntil(bytes("\n")),
                r -> r::readline,
                r -> () -> r.read(10));
        for (var read : reads) {
            StreamReader r = new StreamReader();
            Task<byte[]> reading = Asyncio.createTask(read.apply(r));
            Asyncio.sleep(0);
            r.feedData(bytes("ab\n"));
            ConnectionResetError reset = new ConnectionResetError("reset");
            r.setException(reset);
            assertThat(text(reading.await())).isEqualTo("ab\n");
            assertThatThrownBy(() -> read.apply(r).call())
                    .as("the next read starts: it throws")
                    .isSameAs(reset);
        }
    }

    /** Issue 17 B: EOF then an error, in one step: the woken read ends as at EOF (CPython 3.13's results). */
    @AsyncTest
    void aReadWokenByEofEndsAsAtEofThoughAnErrorFollows() throws Exception {
        ConnectionResetError reset = new ConnectionResetError("reset");
        StreamReader r = new StreamReader();
        Task<byte[]> exactly = Asyncio.createTask(() -> r.readexactly(1));
        Asyncio.sleep(0);
        r.feedEof();
        r.setException(reset);
        assertThatThrownBy(exactly::await).isInstanceOfSatisfying(IncompleteReadError.class, e -> {
            assertThat(e.partial()).isEmpty();
            assertThat(e.expected()).isEqualTo(1);
        });
        assertThatThrownBy(() -> r.readexactly(1))
                .as("a read that starts now throws")
                .isSameAs(reset);

        StreamReader all = new StreamReader();
        Task<byte[]> toEof = Asyncio.createTask(() -> all.read(-1));
        Asyncio.sleep(0);
        all.feedEof();
        all.setException(reset);
        assertThat(toEof.await()).isEmpty();

        StreamReader lines = new StreamReader();
        Task<byte[]> line = Asyncio.createTask(lines::readline);
        Asyncio.sleep(0);
        lines.feedEof();
        lines.setException(reset);
        assertThat(line.await()).isEmpty();
    }

    /**
     * Where jasyncio differs on purpose (docs/asyncio-differences.md): a woken read that still needs more
     * data throws the stored error instead of waiting again for data a failed connection will not send.
     */
    @AsyncTest
    void aWokenReadThatNeedsMoreThrowsTheErrorInsteadOfWaitingAgain() throws Exception {
        StreamReader r = new StreamReader();
        Task<byte[]> reading = Asyncio.createTask(() -> r.readexactly(3));
        Asyncio.sleep(0);
        r.feedData(bytes("a"));
        ConnectionResetError reset = new ConnectionResetError("reset");
        r.setException(reset);
        assertThatThrownBy(reading::await).isSameAs(reset);
        assertThat(r.buffered())
                .as("the byte stays buffered, as after any failed read")
                .isEqualTo(1);
    }

    /**
     * Where jasyncio differs on purpose (docs/asyncio-differences.md): a read woken by data, which finds
     * that a second read started waiting before it ran, is refused instead of taking the second's wait
     * over (asyncio's leaves the second waiting forever).
     */
    @AsyncTest
    void aWokenReadThatFindsAnotherWaitingIsRefusedAndTheOtherKeepsItsWait() throws Exception {
        StreamReader r = new StreamReader();
        Task<byte[]> first = Asyncio.createTask(() -> r.readexactly(3));
        Asyncio.sleep(0);
        Task<byte[]> second = Asyncio.createTask(r::readline); // runs before the first wakes
        r.feedData(bytes("a"));
        Asyncio.sleep(0);
        assertThatThrownBy(first::await)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("readexactly() called while another task is already waiting for incoming data on"
                        + " <StreamReader open 1 bytes waiters=1>");
        r.feedData(bytes("b\n"));
        assertThat(text(second.await())).isEqualTo("ab\n");
    }

    @AsyncTest
    void feedingAfterEofIsRefusedByName() {
        StreamReader r = new StreamReader();
        r.feedEof();
        assertThatThrownBy(() -> r.feedOwned(bytes("late")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("feedData() on <StreamReader eof waiters=0> after feedEof()");
    }

    @AsyncTest
    void theReaderShowsItsStateBufferAndWaiter() throws Exception {
        StreamReader r = new StreamReader(100);
        assertThat(r.state()).isEqualTo(StreamReader.State.OPEN);
        assertThat(r).hasToString("<StreamReader open waiters=0 limit=100>");
        Task<byte[]> reading = Asyncio.createTask(() -> r.readexactly(6));
        Asyncio.sleep(0);
        assertThat(r).hasToString("<StreamReader open waiters=1 limit=100>");
        r.feedData(bytes("abc"));
        Asyncio.sleep(0);
        assertThat(r)
                .as("woken, took nothing (3 of 6), waits again")
                .hasToString("<StreamReader open 3 bytes waiters=1 limit=100>");
        r.feedEof();
        assertThat(r.state()).isEqualTo(StreamReader.State.EOF);
        assertThat(r).as("EOF wakes the waiter").hasToString("<StreamReader eof 3 bytes waiters=0 limit=100>");
        assertThatThrownBy(reading::await).isInstanceOf(IncompleteReadError.class);
        assertThat(r).hasToString("<StreamReader eof waiters=0 limit=100>");
    }

    @AsyncTest
    void anErrorAfterEofKeepsAtEofAndFailsEveryRead() {
        StreamReader r = new StreamReader();
        r.feedEof();
        java.io.IOException reset = new java.io.IOException("reset");
        r.setException(reset);
        assertThat(r.state()).as("the error sits beside the state").isEqualTo(StreamReader.State.EOF);
        assertThat(r.atEof()).isTrue();
        assertThatThrownBy(r::readline).isSameAs(reset);
        assertThat(r).hasToString("<StreamReader eof waiters=0 exception=java.io.IOException: reset>");
    }

    @AsyncTest
    void badReadArgumentsNameTheReaderAndTheRule() {
        StreamReader r = new StreamReader();
        assertThatThrownBy(() -> r.readexactly(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("readexactly(-1) on <StreamReader open waiters=0>: the size must be >= 0");
        assertThatThrownBy(() -> r.readuntil(List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("readuntil() on <StreamReader open waiters=0> needs at least one separator");
        assertThatThrownBy(() -> r.readuntil(new byte[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("readuntil() on <StreamReader open waiters=0>: a separator must contain at least one byte");
    }

    @AsyncTest
    void aSecondTaskWaitingForDataIsRefusedByName() throws Exception {
        StreamReader r = new StreamReader();
        Task<byte[]> first = Asyncio.createTask(() -> r.read(10));
        Asyncio.sleep(0);
        assertThatThrownBy(() -> r.readline())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("readline() called while another task is already waiting for incoming data on"
                        + " <StreamReader open waiters=1>");
        r.feedData(bytes("x"));
        assertThat(text(first.await())).isEqualTo("x");
    }

    @AsyncTest
    void flowControlPausesPastTwiceTheLimitEvenForALimitPastOneGiB() throws Exception {
        // the writer's transport of a connection has the read side too (a subprocess pipe's would not)
        StreamPair small = MemoryStreams.pair(4);
        small.left().writer().write(bytes("123456789"));
        Asyncio.sleep(0);
        Asyncio.sleep(0);
        assertThat(((Transport) small.right().writer().transport()).isReading())
                .as("9 bytes buffered > 2 * limit 4: paused")
                .isFalse();
        assertThat(text(small.right().reader().read(100))).isEqualTo("123456789");
        assertThat(((Transport) small.right().writer().transport()).isReading())
                .as("read back under the limit: resumed")
                .isTrue();

        int limit = 1_610_612_736; // 1.5 GiB: 2 * limit overflowed an int to -1 GiB, below any buffer
        StreamPair huge = MemoryStreams.pair(limit);
        huge.left().writer().write(bytes("abc"));
        Asyncio.sleep(0);
        Asyncio.sleep(0);
        StreamReader r = huge.right().reader();
        assertThat(r.buffered()).isEqualTo(3);
        assertThat(((Transport) huge.right().writer().transport()).isReading())
                .as("3 bytes buffered in %s must not pause its transport", r)
                .isTrue();
        assertThat(r.toString()).doesNotContain("paused");
        assertThat(text(r.read(100))).isEqualTo("abc");
    }
}
