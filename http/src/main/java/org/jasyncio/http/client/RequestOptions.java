package org.jasyncio.http.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jasyncio.http.Headers;

/**
 * The optional parts of one request (aiohttp's keyword arguments {@code headers=}, {@code params=},
 * {@code timeout=}, {@code allow_redirects=}, {@code max_redirects=}): immutable, each {@code with}
 * returns a copy.
 *
 * <pre>{@code
 * session.get("/search", RequestOptions.of().withQuery("q", "loop").withHeader("Accept", "text/html"));
 * }</pre>
 *
 * @param headers headers added to the session's defaults (a name set here replaces the default)
 * @param query query parameters appended to the URL's own, in order
 * @param timeout the limits for this request, or {@code null} for the session's
 * @param allowRedirects whether redirects are followed, or {@code null} for the session's (yes)
 * @param maxRedirects how many redirects are followed, or {@code null} for the session's (10)
 */
public record RequestOptions(
        Headers headers,
        List<Map.Entry<String, String>> query,
        ClientTimeout timeout,
        Boolean allowRedirects,
        Integer maxRedirects) {
    private static final RequestOptions EMPTY = new RequestOptions(null, null, null, null, null);

    /** Copies the arguments; {@code null} headers and query mean none. */
    public RequestOptions {
        headers = headers == null ? new Headers() : headers.copy();
        query = query == null ? List.of() : List.copyOf(query);
        if (maxRedirects != null && maxRedirects < 0) {
            throw new IllegalArgumentException("RequestOptions.maxRedirects must be >= 0, got " + maxRedirects);
        }
    }

    /** No options: the session's defaults. */
    public static RequestOptions of() {
        return EMPTY;
    }

    /** These options with a header added. */
    public RequestOptions withHeader(String name, String value) {
        Headers h = headers.copy();
        h.add(name, value);
        return new RequestOptions(h, query, timeout, allowRedirects, maxRedirects);
    }

    /** These options with headers added. */
    public RequestOptions withHeaders(Headers more) {
        Headers h = headers.copy();
        for (Headers.Field f : more) {
            h.add(f.name(), f.value());
        }
        return new RequestOptions(h, query, timeout, allowRedirects, maxRedirects);
    }

    /** These options with a query parameter appended. */
    public RequestOptions withQuery(String name, String value) {
        List<Map.Entry<String, String>> q = new ArrayList<>(query);
        q.add(Map.entry(name, value));
        return new RequestOptions(headers, q, timeout, allowRedirects, maxRedirects);
    }

    /** These options with query parameters appended, in the map's order. */
    public RequestOptions withQuery(Map<String, String> params) {
        List<Map.Entry<String, String>> q = new ArrayList<>(query);
        params.forEach((k, v) -> q.add(Map.entry(k, v)));
        return new RequestOptions(headers, q, timeout, allowRedirects, maxRedirects);
    }

    /** These options with their own time limits. */
    public RequestOptions withTimeout(ClientTimeout t) {
        return new RequestOptions(headers, query, t, allowRedirects, maxRedirects);
    }

    /** These options following redirects or not. */
    public RequestOptions withRedirects(boolean follow) {
        return new RequestOptions(headers, query, timeout, follow, maxRedirects);
    }

    /** These options following at most {@code n} redirects. */
    public RequestOptions withMaxRedirects(int n) {
        return new RequestOptions(headers, query, timeout, allowRedirects, n);
    }
}
