package org.jasyncio.http.client;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.function.Supplier;
import org.jasyncio.Asyncio;
import org.jasyncio.EventLoop;
import org.jasyncio.Timeout;
import org.jasyncio.TimeoutError;

/**
 * The deadlines of one request, and the one place where a {@link ClientTimeout} limit becomes an
 * {@link Timeout} around a suspension and, when it fires, the {@link ClientTimeoutError} naming it.
 *
 * <p>Why deadlines rather than one timeout block around the whole request: the body is read after
 * {@code request()} returns, outside any block the session could open, and the error must say which
 * limit fired. So each suspension (pool wait, connect, each read) runs under the earliest of the
 * deadlines that apply to it, and when that fires, the error is the one of the deadline that was
 * earliest. Loop thread only.
 */
final class Deadlines {
    /** What may suspend under a deadline. */
    @FunctionalInterface
    interface IoCall<T> {
        T call() throws IOException;
    }

    private final EventLoop loop;
    private final ClientTimeout timeout;
    /** Loop time when the total limit fires; +Infinity for none. */
    private final double totalAt;
    /** The URL named in errors: the current hop of a redirect chain. */
    private URI url;
    /** Loop time when the connect limit fires for the current acquisition; +Infinity for none. */
    private double connectAt = Double.POSITIVE_INFINITY;

    Deadlines(EventLoop loop, ClientTimeout timeout, URI url) {
        this.loop = loop;
        this.timeout = timeout;
        this.url = url;
        this.totalAt = at(timeout.total());
    }

    private double at(Duration d) {
        return d == null ? Double.POSITIVE_INFINITY : loop.time() + d.toNanos() / 1e9;
    }

    void url(URI u) {
        this.url = u;
    }

    URI url() {
        return url;
    }

    ClientTimeout timeout() {
        return timeout;
    }

    /** Starts the connect limit: called once before the pool wait of each connection acquisition. */
    void startConnect() {
        connectAt = at(timeout.connect());
    }

    /** Waits for a pool slot under the connect and total limits. */
    <T> T poolWait(IoCall<T> call, Supplier<String> poolState) throws IOException {
        return within(
                call,
                connectAt,
                () -> new PoolTimeoutError(url, timeout.connect(), poolState.get()),
                "waiting for a pool slot");
    }

    /** Connects under the connect, sockConnect and total limits. */
    <T> T connect(IoCall<T> call, Origin origin) throws IOException {
        double sockAt = at(timeout.sockConnect());
        if (sockAt < connectAt) {
            return within(
                    call,
                    sockAt,
                    () -> new ConnectTimeoutError(url, "sockConnect", timeout.sockConnect(), origin.toString()),
                    "connecting to " + origin);
        }
        return within(
                call,
                connectAt,
                () -> new ConnectTimeoutError(url, "connect", timeout.connect(), origin.toString()),
                "connecting to " + origin);
    }

    /** Reads under the read and total limits; {@code during} says what was being read, for the error. */
    <T> T read(IoCall<T> call, String during) throws IOException {
        return read(call, during, "");
    }

    /**
     * Reads under the read and total limits; what was being read is {@code phase + subject}, joined
     * only for an error (a request's hot path builds no message it will not need).
     */
    <T> T read(IoCall<T> call, String phase, String subject) throws IOException {
        double readAt = at(timeout.read());
        if (totalAt <= readAt) {
            return within(call, totalAt, true, null, "reading ", phase, subject);
        }
        return within(
                call,
                readAt,
                false,
                () -> new ReadTimeoutError(url, timeout.read(), phase + subject),
                "reading ",
                phase,
                subject);
    }

    /** Any other suspension (sending the request) under the total limit only. */
    <T> T other(IoCall<T> call, String during) throws IOException {
        return within(call, totalAt, true, null, "", during, "");
    }

    /** Any other suspension, described as {@code phase + subject} (joined for an error only). */
    <T> T other(IoCall<T> call, String phase, String subject) throws IOException {
        return within(call, totalAt, true, null, "", phase, subject);
    }

    /** Throws the total timeout error if the total deadline has passed. */
    void checkTotal(String during) {
        checkTotal(during, "");
    }

    /** Throws the total timeout error if the total deadline has passed, during {@code phase + subject}. */
    void checkTotal(String phase, String subject) {
        if (loop.time() >= totalAt) {
            throw new TotalTimeoutError(url, timeout.total(), phase + subject);
        }
    }

    private <T> T within(IoCall<T> call, double at, Supplier<? extends ClientTimeoutError> ownError, String during)
            throws IOException {
        boolean total = totalAt <= at;
        return within(call, total ? totalAt : at, total, ownError, "", during, "");
    }

    /**
     * Runs {@code call} under the deadline {@code at} (the total one when {@code total}); when it fires,
     * the error is the total one or {@code ownError}'s, naming {@code lead + phase + subject}.
     */
    private <T> T within(
            IoCall<T> call,
            double at,
            boolean total,
            Supplier<? extends ClientTimeoutError> ownError,
            String lead,
            String phase,
            String subject)
            throws IOException {
        if (at == Double.POSITIVE_INFINITY) {
            return call.call();
        }
        Timeout t = Asyncio.timeoutAt(at);
        try (t) {
            return call.call();
        } catch (TimeoutError e) {
            if (!t.expired()) {
                throw e;
            }
            ClientTimeoutError err =
                    total ? new TotalTimeoutError(url, timeout.total(), lead + phase + subject) : ownError.get();
            err.initCause(e);
            throw err;
        }
    }
}
