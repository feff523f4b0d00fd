package org.jasyncio.http.client;

/**
 * A URL the client cannot request: not absolute (and no base URL to resolve it against), a scheme
 * other than {@code http} or {@code https}, no host, a bad port or bad syntax (aiohttp's
 * {@code InvalidURL}). Raised before any connection is made; {@link #url()} is the text given.
 */
public final class InvalidUrl extends ClientError {
    private static final long serialVersionUID = 1L;
    private final String url;

    /** An error for {@code url}, saying what is wrong with it. */
    public InvalidUrl(String url, String reason) {
        super("invalid URL '" + url + "': " + reason);
        this.url = url;
    }

    /** An error for {@code url}, saying what is wrong with it, with the parser's exception. */
    public InvalidUrl(String url, String reason, Throwable cause) {
        super("invalid URL '" + url + "': " + reason, cause);
        this.url = url;
    }

    /** The URL as given. */
    public String url() {
        return url;
    }
}
