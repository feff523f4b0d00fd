package org.jasyncio.http.client;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import org.jasyncio.http.Headers;

/**
 * Following redirects (RFC 9110 section 15.4): which statuses, which method and body the next request
 * has, which headers must not cross to another origin, and the limit.
 */
final class Redirects {
    /** Redirect bodies up to this size are read and dropped so their connection is reused; larger ones close it. */
    private static final long DISCARD_LIMIT = 64 * 1024;

    private Redirects() {}

    static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /** Sends {@code req} and follows the redirects of its answers, up to {@code max} of them. */
    static ClientResponse follow(
            ClientSession session, Exchange.Request req, Deadlines deadlines, boolean follow, int max)
            throws IOException {
        List<ClientResponse> history = new ArrayList<>();
        List<URI> visited = new ArrayList<>();
        visited.add(req.url());
        while (true) {
            ClientResponse resp = Exchange.send(session, req, deadlines);
            String location = resp.headers().get("Location");
            if (!follow || !isRedirect(resp.status()) || location == null) {
                resp.history(history);
                if (session.raisesForStatus()) {
                    resp.raiseForStatus();
                }
                return resp;
            }
            URI next;
            try {
                next = Urls.check(location, req.url().resolve(new URI(location)));
            } catch (URISyntaxException | IllegalArgumentException e) {
                resp.close();
                throw new InvalidUrl(
                        location,
                        "the Location of the " + resp.status() + " redirect from " + req.url() + " is not a URL",
                        e);
            } catch (InvalidUrl e) {
                resp.close();
                throw e;
            }
            if (history.size() >= max) {
                resp.close();
                visited.add(next);
                throw new TooManyRedirects(max, resp.status(), req.method(), visited, resp.headers());
            }
            String method = req.method();
            RequestBody body = req.body();
            byte[] bodyBytes = req.bodyBytes();
            int status = resp.status();
            if ((status == 303 && !method.equals("HEAD"))
                    || ((status == 301 || status == 302) && method.equals("POST"))) {
                // RFC 9110 15.4.4 (303: GET), and 15.4.2/15.4.3: user agents may, and all do, turn POST into GET.
                method = "GET";
                body = null;
                bodyBytes = null;
            } else if (body != null && !body.replayable()) {
                // 307/308 keep the method and body, but a stream was consumed: give the redirect back as is.
                resp.history(history);
                return resp;
            }
            resp.discard(DISCARD_LIMIT);
            history.add(resp);
            Headers headers = req.headers().copy();
            if (body == null) {
                headers.remove("Content-Type");
            }
            if (!Origin.of(next).equals(Origin.of(req.url()))) { // origins compared without the proxy
                // Credentials meant for one origin must not leak to another (aiohttp, curl, browsers agree).
                headers.remove("Authorization");
                headers.remove("Proxy-Authorization");
                headers.remove("Cookie"); // cookies come from the jar, per origin
                headers.remove("Host");
            }
            visited.add(next);
            deadlines.url(next);
            req = new Exchange.Request(method, next, headers, body, bodyBytes);
        }
    }
}
