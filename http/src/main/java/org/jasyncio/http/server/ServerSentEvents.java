package org.jasyncio.http.server;

import java.io.IOException;
import java.util.Objects;

/**
 * The sending side of a Server-Sent Events stream ({@link Response#sse}), the WHATWG
 * {@code text/event-stream} format: each event is {@code event:}, {@code id:} and one {@code data:}
 * line per line of its data, then a blank line.
 *
 * <pre>{@code
 * return Response.sse(events -> {
 *     for (int i = 0; !events.isClosing(); i++) {
 *         events.send("tick", String.valueOf(i), null);
 *         Asyncio.sleep(1);
 *     }
 * });
 * }</pre>
 */
public final class ServerSentEvents {
    private final ResponseStream out;

    ServerSentEvents(ResponseStream out) {
        this.out = out;
    }

    /** Sends a message event with {@code data} (may span lines). */
    public void send(String data) throws IOException {
        send(null, data, null);
    }

    /**
     * Sends an event.
     *
     * @param event the event type, or {@code null} for "message"
     * @param data the data (may span lines)
     * @param id the event id, or {@code null}
     */
    public void send(String event, String data, String id) throws IOException {
        Objects.requireNonNull(data, "data");
        StringBuilder sb = new StringBuilder();
        if (event != null) {
            sb.append("event: ").append(singleLine("event", event)).append('\n');
        }
        if (id != null) {
            sb.append("id: ").append(singleLine("id", id)).append('\n');
        }
        for (String line : data.split("\r\n|\r|\n", -1)) {
            sb.append("data: ").append(line).append('\n');
        }
        out.write(sb.append('\n').toString());
    }

    /** Sends a comment line (ignored by clients; keeps idle proxies from closing the stream). */
    public void comment(String text) throws IOException {
        out.write(": " + singleLine("comment", text) + "\n\n");
    }

    /** Whether the client is gone. */
    public boolean isClosing() {
        return out.isClosing();
    }

    private static String singleLine(String what, String s) {
        if (s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("Server-Sent Event " + what + " " + s.strip() + " must be one line");
        }
        return s;
    }
}
