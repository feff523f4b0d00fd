package org.jasyncio.http.client;

import java.time.Duration;

/**
 * The time limits of a request (aiohttp's {@code ClientTimeout}); {@code null} means no limit. Each
 * limit that fires raises its own {@link ClientTimeoutError} subclass naming it and the URL:
 *
 * <table>
 * <caption>The four limits</caption>
 * <tr><th>limit</th><th>covers</th><th>raises</th></tr>
 * <tr><td>{@code total}</td><td>the whole request: pool wait, connect, sending, the head, every
 *     redirect and the body up to its last byte</td><td>{@link TotalTimeoutError}</td></tr>
 * <tr><td>{@code connect}</td><td>getting a connection: waiting for a pool slot plus TCP connect plus
 *     TLS handshake</td><td>{@link PoolTimeoutError} if it fired while waiting for the pool,
 *     {@link ConnectTimeoutError} if while connecting</td></tr>
 * <tr><td>{@code sockConnect}</td><td>one TCP connect plus TLS handshake, without the pool wait</td>
 *     <td>{@link ConnectTimeoutError}</td></tr>
 * <tr><td>{@code read}</td><td>each wait for bytes from the server: the gap before the head and
 *     between two reads of the body</td><td>{@link ReadTimeoutError}</td></tr>
 * </table>
 *
 * <pre>{@code
 * var session = ClientSession.builder()
 *         .timeout(ClientTimeout.ofTotal(Duration.ofSeconds(30)).withRead(Duration.ofSeconds(5)))
 *         .build();
 * }</pre>
 *
 * When two limits would fire at the same moment, the error names the one with the earlier deadline,
 * {@code total} on a tie.
 *
 * @param total the whole request, or null
 * @param connect pool wait plus connection set-up, or null
 * @param sockConnect connection set-up alone, or null
 * @param read the longest silence of the server while a response is awaited or read, or null
 */
public record ClientTimeout(Duration total, Duration connect, Duration sockConnect, Duration read) {
    /** aiohttp's default: 5 minutes total, 30 s to connect, nothing else. */
    public static final ClientTimeout DEFAULT =
            new ClientTimeout(Duration.ofMinutes(5), Duration.ofSeconds(30), null, null);
    /** No limits at all. */
    public static final ClientTimeout NONE = new ClientTimeout(null, null, null, null);

    /** Checks that each limit given is positive. */
    public ClientTimeout {
        check("total", total);
        check("connect", connect);
        check("sockConnect", sockConnect);
        check("read", read);
    }

    private static void check(String name, Duration d) {
        if (d != null && (d.isNegative() || d.isZero())) {
            throw new IllegalArgumentException(
                    "ClientTimeout." + name + " must be positive or null (no limit), got " + d);
        }
    }

    /** Only a total limit. */
    public static ClientTimeout ofTotal(Duration total) {
        return new ClientTimeout(total, null, null, null);
    }

    /** These limits with {@code total} replaced. */
    public ClientTimeout withTotal(Duration d) {
        return new ClientTimeout(d, connect, sockConnect, read);
    }

    /** These limits with {@code connect} replaced. */
    public ClientTimeout withConnect(Duration d) {
        return new ClientTimeout(total, d, sockConnect, read);
    }

    /** These limits with {@code sockConnect} replaced. */
    public ClientTimeout withSockConnect(Duration d) {
        return new ClientTimeout(total, connect, d, read);
    }

    /** These limits with {@code read} replaced. */
    public ClientTimeout withRead(Duration d) {
        return new ClientTimeout(total, connect, sockConnect, d);
    }
}
