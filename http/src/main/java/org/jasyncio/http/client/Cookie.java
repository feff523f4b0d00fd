package org.jasyncio.http.client;

/**
 * One cookie of a {@link CookieJar}, as RFC 6265 stores it.
 *
 * @param name the name
 * @param value the value, as the server sent it
 * @param domain the host or domain it is sent to, lower case, no leading dot
 * @param hostOnly whether it goes to {@code domain} exactly (no {@code Domain} attribute was given)
 * @param path the path prefix it is sent under
 * @param expiresAt when it expires, in epoch milliseconds; {@link Long#MAX_VALUE} for a session cookie
 * @param secure whether it is only sent over https
 * @param httpOnly the {@code HttpOnly} attribute (kept, no meaning to a client without scripts)
 */
public record Cookie(
        String name,
        String value,
        String domain,
        boolean hostOnly,
        String path,
        long expiresAt,
        boolean secure,
        boolean httpOnly) {
    /** Whether it has expired at {@code nowMillis}. */
    public boolean expired(long nowMillis) {
        return expiresAt <= nowMillis;
    }
}
