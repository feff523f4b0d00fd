package org.jasyncio.redis;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import org.jasyncio.net.TlsOptions;

/**
 * Where and how to connect: what a {@code redis://} URL says, plus the client's own settings.
 *
 * <pre>{@code
 * RedisOptions o = RedisOptions.parse("redis://alice:secret@127.0.0.1:6379/2")
 *         .withCommandTimeout(Duration.ofSeconds(2));
 * Redis redis = Redis.connect(o);
 * }</pre>
 *
 * <p>URL forms (those of redis-py and Lettuce): {@code redis://[[user]:password@]host[:port][/db]}
 * and {@code rediss://...} for TLS (certificates checked against the JVM's trusted roots; pass
 * other {@link TlsOptions} with {@link #withTls}). Query parameters: {@code protocol=2} (skip
 * {@code HELLO 3}), {@code timeout=} (per-command timeout in seconds), {@code name=} (client name).
 *
 * @param host the server's host
 * @param port the server's port (6379 by default)
 * @param user the ACL user, or {@code null} for the default user
 * @param password the password, or {@code null} for none
 * @param database the database {@code SELECT}ed on every connection (0 by default)
 * @param tls TLS options, or {@code null} for plain TCP
 * @param protocol 3 (try RESP3, fall back to RESP2 if the server refuses) or 2 (RESP2 only)
 * @param commandTimeout how long a command may wait for its reply, or {@code null} for no limit
 *     (blocking commands get their own block time on top)
 * @param clientName sent with {@code CLIENT SETNAME}/{@code HELLO ... SETNAME}, or {@code null}
 * @param reconnectAttempts how many times a lost connection is re-opened before a command fails
 * @param reconnectBackoff the first delay between attempts; doubled each time up to {@link #MAX_BACKOFF}
 */
public record RedisOptions(
        String host,
        int port,
        String user,
        String password,
        int database,
        TlsOptions tls,
        int protocol,
        Duration commandTimeout,
        String clientName,
        int reconnectAttempts,
        Duration reconnectBackoff) {
    /** Redis's default port. */
    public static final int DEFAULT_PORT = 6379;
    /** The longest delay between two reconnection attempts. */
    public static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

    /** Checks the values. */
    public RedisOptions {
        Objects.requireNonNull(host, "host");
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("Redis port must be 1..65535, got " + port);
        }
        if (database < 0) {
            throw new IllegalArgumentException("Redis database must be >= 0, got " + database);
        }
        if (protocol != 2 && protocol != 3) {
            throw new IllegalArgumentException("Redis protocol must be 2 or 3, got " + protocol);
        }
        if (reconnectAttempts < 0) {
            throw new IllegalArgumentException("reconnectAttempts must be >= 0, got " + reconnectAttempts);
        }
        Objects.requireNonNull(reconnectBackoff, "reconnectBackoff");
    }

    /** Options for {@code host:port} with every default. */
    public static RedisOptions of(String host, int port) {
        return new RedisOptions(host, port, null, null, 0, null, 3, null, null, 8, Duration.ofMillis(50));
    }

    /**
     * Parses a {@code redis://} or {@code rediss://} URL.
     *
     * @throws IllegalArgumentException naming the URL and what is wrong with it
     */
    public static RedisOptions parse(String url) {
        Objects.requireNonNull(url, "url");
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a Redis URL: " + url + " (" + e.getMessage() + ")", e);
        }
        String scheme = uri.getScheme();
        if (!"redis".equals(scheme) && !"rediss".equals(scheme)) {
            throw new IllegalArgumentException("a Redis URL starts with redis:// or rediss://, got " + url);
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("a Redis URL needs a host: " + url);
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        RedisOptions o = of(host, uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort());
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            String user = colon < 0 ? null : decode(userInfo.substring(0, colon));
            String pass = decode(colon < 0 ? userInfo : userInfo.substring(colon + 1));
            o = o.withAuth(user == null || user.isEmpty() ? null : user, pass.isEmpty() ? null : pass);
        }
        String path = uri.getPath();
        if (path != null && path.length() > 1) {
            try {
                o = o.withDatabase(Integer.parseInt(path.substring(1)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "a Redis URL's path is the database number, got '" + path + "' in " + url, e);
            }
        }
        if ("rediss".equals(scheme)) {
            o = o.withTls(TlsOptions.client());
        }
        if (uri.getRawQuery() != null) {
            for (String kv : uri.getRawQuery().split("&")) {
                int eq = kv.indexOf('=');
                String k = eq < 0 ? kv : kv.substring(0, eq);
                String v = eq < 0 ? "" : decode(kv.substring(eq + 1));
                o = switch (k) {
                    case "protocol" -> o.withProtocol(Integer.parseInt(v));
                    case "timeout" -> o.withCommandTimeout(Duration.ofNanos((long) (Double.parseDouble(v) * 1e9)));
                    case "name" -> o.withClientName(v);
                    default ->
                        throw new IllegalArgumentException("unknown Redis URL parameter '" + k + "' in " + url
                                + " (known: protocol, timeout, name)");
                };
            }
        }
        return o;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** These options with an ACL user (or {@code null}: the default user) and password. */
    public RedisOptions withAuth(String user, String password) {
        return new RedisOptions(
                host,
                port,
                user,
                password,
                database,
                tls,
                protocol,
                commandTimeout,
                clientName,
                reconnectAttempts,
                reconnectBackoff);
    }

    /** These options selecting {@code db}. */
    public RedisOptions withDatabase(int db) {
        return new RedisOptions(
                host,
                port,
                user,
                password,
                db,
                tls,
                protocol,
                commandTimeout,
                clientName,
                reconnectAttempts,
                reconnectBackoff);
    }

    /** These options over TLS ({@code null}: plain TCP). */
    public RedisOptions withTls(TlsOptions options) {
        return new RedisOptions(
                host,
                port,
                user,
                password,
                database,
                options,
                protocol,
                commandTimeout,
                clientName,
                reconnectAttempts,
                reconnectBackoff);
    }

    /** These options speaking protocol 2 or 3. */
    public RedisOptions withProtocol(int version) {
        return new RedisOptions(
                host,
                port,
                user,
                password,
                database,
                tls,
                version,
                commandTimeout,
                clientName,
                reconnectAttempts,
                reconnectBackoff);
    }

    /** These options with a per-command timeout ({@code null}: none). */
    public RedisOptions withCommandTimeout(Duration timeout) {
        return new RedisOptions(
                host,
                port,
                user,
                password,
                database,
                tls,
                protocol,
                timeout,
                clientName,
                reconnectAttempts,
                reconnectBackoff);
    }

    /** These options naming the client connection. */
    public RedisOptions withClientName(String name) {
        return new RedisOptions(
                host,
                port,
                user,
                password,
                database,
                tls,
                protocol,
                commandTimeout,
                name,
                reconnectAttempts,
                reconnectBackoff);
    }

    /** These options with {@code attempts} reconnections, the first after {@code backoff}. */
    public RedisOptions withReconnect(int attempts, Duration backoff) {
        return new RedisOptions(
                host, port, user, password, database, tls, protocol, commandTimeout, clientName, attempts, backoff);
    }

    /** {@code redis://host:port/db}, without the password. */
    @Override
    public String toString() {
        return (tls == null ? "redis://" : "rediss://") + (user == null ? "" : user + "@")
                + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port + "/" + database;
    }
}
