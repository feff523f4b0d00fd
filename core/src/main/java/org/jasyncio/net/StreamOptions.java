package org.jasyncio.net;

/**
 * Options of a stream connection or server (asyncio's keyword arguments of {@code open_connection}
 * and {@code start_server}).
 *
 * @param limit the {@link StreamReader}'s buffer limit (default 64 KiB)
 * @param tls TLS to speak, or {@code null} for plain TCP
 * @param backlog the listen backlog of a server (default 100)
 */
public record StreamOptions(int limit, TlsOptions tls, int backlog) {
    /** Checks the arguments. */
    public StreamOptions {
        if (limit <= 0) {
            throw new IllegalArgumentException("StreamOptions: the reader's buffer limit must be > 0, got " + limit);
        }
        if (backlog <= 0) {
            throw new IllegalArgumentException(
                    "StreamOptions: the server's listen backlog must be > 0, got " + backlog);
        }
    }

    /** The defaults: 64 KiB limit, no TLS, backlog 100. */
    public static StreamOptions defaults() {
        return new StreamOptions(StreamReader.DEFAULT_LIMIT, null, Server.DEFAULT_BACKLOG);
    }

    /** These options with another reader limit. */
    public StreamOptions withLimit(int limit) {
        return new StreamOptions(limit, tls, backlog);
    }

    /** These options over TLS. */
    public StreamOptions withTls(TlsOptions tls) {
        return new StreamOptions(limit, tls, backlog);
    }

    /** These options with another listen backlog. */
    public StreamOptions withBacklog(int backlog) {
        return new StreamOptions(limit, tls, backlog);
    }
}
