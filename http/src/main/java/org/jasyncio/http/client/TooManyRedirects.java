package org.jasyncio.http.client;

import java.net.URI;
import java.util.List;
import org.jasyncio.http.Headers;

/**
 * A request was redirected more times than its limit allows (aiohttp's {@code TooManyRedirects});
 * {@link #history()} lists the URLs visited, in order, the first being the one requested. A redirect
 * loop shows as the same URLs over and over in it.
 */
public final class TooManyRedirects extends ClientResponseError {
    private static final long serialVersionUID = 1L;
    private final transient List<URI> history;

    /** An error for a chain of redirects that went past {@code limit}. */
    public TooManyRedirects(int limit, int status, String method, List<URI> history, Headers headers) {
        super(
                "too many redirects: more than " + limit + " for " + method + " " + history.get(0) + " (visited "
                        + history + ")",
                status,
                method,
                history.get(history.size() - 1),
                headers);
        this.history = List.copyOf(history);
    }

    /** The URLs visited, the first being the one requested. */
    public List<URI> history() {
        return history;
    }
}
