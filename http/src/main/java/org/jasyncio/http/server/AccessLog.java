package org.jasyncio.http.server;

import java.lang.System.Logger.Level;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.jasyncio.http.codec.HttpParseException;

/**
 * The access log: one line per request at INFO on the {@code System.Logger}
 * {@code org.jasyncio.http.server.access}, in the Combined Log Format (what Apache, nginx and
 * aiohttp's default write, so that log tools read it) plus the time taken and the request id:
 * <pre>
 * 127.0.0.1 - - [04/Dec/2026:15:30:00 +0000] "GET /items/7 HTTP/1.1" 200 27 "-" "curl/8.5.0" 0.000412 3f9a1c02-17
 * </pre>
 * Requests rejected before they had a head (malformed, too large) are logged at WARNING with the rule.
 */
final class AccessLog {
    private static final DateTimeFormatter CLF = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.US);

    private final System.Logger logger = System.getLogger("org.jasyncio.http.server.access");
    private final boolean enabled;

    AccessLog(boolean enabled) {
        this.enabled = enabled;
    }

    void log(Request request, int status, long bytes, double seconds) {
        if (!enabled || !logger.isLoggable(Level.INFO)) {
            return;
        }
        String remote = request.remote();
        int colon = remote.lastIndexOf(':');
        String host = colon > 0 ? remote.substring(0, colon) : remote;
        logger.log(Level.INFO, String.format(Locale.ROOT, "%s - - [%s] \"%s %s %s\" %d %d \"%s\" \"%s\" %.6f %s", host,
                CLF.format(ZonedDateTime.now(ZoneOffset.UTC)), request.method(), request.target(), request.version().text(),
                status, bytes, quoted(request.header("Referer")), quoted(request.header("User-Agent")), seconds,
                request.id()));
    }

    void rejected(String peer, HttpParseException e) {
        if (enabled && logger.isLoggable(Level.WARNING)) {
            logger.log(Level.WARNING, "rejected a request from " + peer + ": " + e.status() + " " + e.getMessage());
        }
    }

    private static String quoted(String s) {
        return s == null ? "-" : s.replace("\"", "\\\"");
    }
}
