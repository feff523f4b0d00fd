package org.jasyncio.http.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds the route for a method and path: the routes of an app and its sub-apps, flattened when the
 * app is frozen (at start), each with its full path (prefixes included) and its middleware chain
 * (the root app's middlewares first, then each enclosing sub-app's). Tried in the order added; the
 * first whose path and method match wins; {@code HEAD} falls back to {@code GET}. A path that matches
 * only for other methods answers 405 with {@code Allow}; no match at all, 404.
 *
 * <p>Immutable once built: shared by every connection (and every loop).
 */
final class Router {
    /** One flattened route. */
    record Entry(PathPattern path, Route route, List<Middleware> middlewares) {}

    /** A successful lookup. */
    record Match(Entry entry, Map<String, String> params) {}

    private final List<Entry> entries;

    Router(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    List<Entry> entries() {
        return entries;
    }

    /**
     * The route for {@code method} and {@code rawPath}.
     *
     * @throws HttpNotFound if no route has the path
     * @throws HttpMethodNotAllowed if routes have the path but not the method
     */
    Match resolve(String method, String rawPath) {
        Set<String> allowed = null;
        Match getFallback = null;
        for (Entry e : entries) {
            Map<String, String> params = e.path().match(rawPath);
            if (params == null) {
                continue;
            }
            String m = e.route().method();
            if (m.equals(method) || m.equals("*")) {
                return new Match(e, params);
            }
            if (method.equals("HEAD") && m.equals("GET") && getFallback == null) {
                getFallback = new Match(e, params);
            }
            if (allowed == null) {
                allowed = new TreeSet<>();
            }
            allowed.add(m);
        }
        if (getFallback != null) {
            return getFallback;
        }
        if (allowed != null) {
            if (allowed.contains("GET")) {
                allowed.add("HEAD");
            }
            throw new HttpMethodNotAllowed(method, allowed);
        }
        throw new HttpNotFound("no route for " + Conversions.abbreviate(rawPath));
    }

    /** Flattens {@code app}'s routes and sub-apps under {@code prefix}, after {@code outer} middlewares. */
    static void flatten(App app, String prefix, List<Middleware> outer, List<Entry> out) {
        List<Middleware> chain = new ArrayList<>(outer);
        chain.addAll(app.middlewares());
        for (Object item : app.items()) {
            if (item instanceof Route r) {
                out.add(new Entry(PathPattern.compile(prefix + r.pattern()), r, List.copyOf(chain)));
            } else if (item instanceof App.Mount mount) {
                flatten(mount.app(), prefix + mount.prefix(), chain, out);
            }
        }
    }
}
