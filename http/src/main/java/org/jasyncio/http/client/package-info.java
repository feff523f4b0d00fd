/**
 * The HTTP client (aiohttp's client API): {@link org.jasyncio.http.client.ClientSession} makes
 * requests over a pool of keep-alive connections and returns
 * {@link org.jasyncio.http.client.ClientResponse}s; {@link org.jasyncio.http.client.ClientTimeout}
 * sets the time limits; errors are {@link org.jasyncio.http.client.ClientError} subtypes, timeouts
 * {@link org.jasyncio.http.client.ClientTimeoutError} subtypes. See docs/http-client.md.
 */
package org.jasyncio.http.client;
